import Casework
import Foundation
import LedgerStore

/// The wrongful-release protocol's steps on a breach that is a wrongful FOI release: who was
/// informed and when (Steps 2 and 5), contact with the affected parties (Step 4), the review and
/// the outcome letters (Step 5). No party's name is kept: contacts are counted and described.
public struct WrongfulReleaseRecord: Codable, Sendable, Hashable {
    /// A party informed: `at` is nil for one named on the link without a time.
    public struct PartyInformed: Codable, Sendable, Hashable {
        public var party: String
        public var at: String?
    }

    /// One contact with an affected party (Step 4), without the party's name.
    public struct Contact: Codable, Sendable, Hashable {
        public var at: String
        public var seniority: String
        public var informationAttached: Bool
        public var apologyOffered: Bool
        public var formalLetterPromised: Bool
        public var damageLimitationPlanGiven: Bool
    }

    /// The day the breach was first linked to the release.
    public var linkedOn: LocalDate
    /// A media story is likely (medium or high): the Press Office is to be informed (Step 2).
    public var mediaStoryLikely: Bool
    /// A legal challenge is possible: Legal is to be informed (Step 2).
    public var legalChallengeLikely: Bool
    /// Personal data was released: the affected parties are to be contacted (Step 4).
    public var personalDataReleased: Bool
    public var partiesInformed: [PartyInformed] = []
    /// The parties Step 2 requires here (pressOffice, legal) not yet informed.
    public var partiesMissing: [String] = []
    public var contacts: [Contact] = []
    /// Contacts that lacked the information released, the apology or the promise of a formal letter (Step 4).
    public var contactsIncomplete: Int = 0
    public var reviewedOn: LocalDate?
    public var protocolsNeedStrengthening: Bool?
    public var outcomeLettersSent: Int = 0
    /// After the review: contacts still owed a letter with its outcome (Step 5).
    public var outcomeLettersOutstanding: Int?

    /// The parties Step 2 requires for this release.
    public var partiesRequired: [String] {
        (mediaStoryLikely ? ["pressOffice"] : []) + (legalChallengeLikely ? ["legal"] : [])
    }

    func informed(_ party: String) -> Bool { partiesInformed.contains { $0.party == party } }
}

extension WrongfulReleaseRecord {
    /// Works out again what is still missing: the parties Step 2 requires not yet informed, the
    /// incomplete contacts (Step 4) and, after the review, the outcome letters owed (Step 5).
    mutating func recount() {
        partiesMissing = partiesRequired.filter { !informed($0) }
        contactsIncomplete = contacts.filter { !($0.informationAttached && $0.apologyOffered && $0.formalLetterPromised) }.count
        outcomeLettersOutstanding = reviewedOn == nil ? nil : max(0, contacts.count - outcomeLettersSent)
    }
}

extension BreachRow {
    /// Folds the events of the escalation, update, notification-decision and wrongful-release steps, and works out
    /// again the clocks and flags of the breach procedure §3.1–3.4 and §5.5 and of the wrongful-release protocol
    /// whose inputs `e` changed: each only on the events it depends on, not on every event of the case.
    mutating func stepEscalation(_ type: EventType, _ e: CaseEvent, _ calc: DeadlineCalculator) {
        switch type {
        case .breachReported:
            recomputeReportingChain(calc)
            recomputeUpdatedForm(calc)
        case .breachEscalated:
            recomputeReportingChain(calc)
        case .investigationOpened:
            recomputeUpdatedForm(calc)
        case .breachReportUpdated:
            updatedFormSentAt = updatedFormSentAt ?? e.string("updatedAt")
            updatedFormSentTo = Array(Set((updatedFormSentTo ?? []) + e.strings("sentTo"))).sorted()
            recomputeUpdatedForm(calc)
        case .dataSubjectNotificationDecided:
            subjectsDecision = e.string("decision")
            subjectsDecisionReasons = e.string("reasons")
        case .wrongfulReleaseLinked:
            let media = ["medium", "high"].contains(e.string("mediaStoryLikelihood") ?? "")
            var w = wrongfulRelease ?? WrongfulReleaseRecord(linkedOn: e.occurredOn, mediaStoryLikely: false, legalChallengeLikely: false,
                                                             personalDataReleased: false)
            w.mediaStoryLikely = w.mediaStoryLikely || media
            w.legalChallengeLikely = w.legalChallengeLikely || e.bool("legalChallengePossible") == true
            w.personalDataReleased = w.personalDataReleased || e.bool("personalDataReleased") == true
            for party in e.strings("partiesInformed") where !w.informed(party) {
                w.partiesInformed.append(.init(party: party, at: nil))
            }
            w.recount()
            wrongfulRelease = w
        case .wrongfulReleasePartyInformed:
            if let party = e.string("party"), let at = e.string("informedAt") {
                wrongfulRelease?.partiesInformed.append(.init(party: party, at: at))
                wrongfulRelease?.recount()
            }
        case .affectedPartyContacted:
            if let at = e.string("contactedAt") {
                wrongfulRelease?.contacts.append(.init(
                    at: at, seniority: e.string("contactedBySeniority") ?? "", informationAttached: e.bool("informationAttached") == true,
                    apologyOffered: e.bool("apologyOffered") == true, formalLetterPromised: e.bool("formalLetterPromised") == true,
                    damageLimitationPlanGiven: e.string("damageLimitationPlan") != nil))
                wrongfulRelease?.recount()
            }
        case .wrongfulReleaseReviewed:
            wrongfulRelease?.reviewedOn = e.date("reviewedOn")
            wrongfulRelease?.protocolsNeedStrengthening = e.bool("protocolsNeedStrengthening")
            wrongfulRelease?.recount()
        case .wrongfulReleaseOutcomeLetterSent:
            wrongfulRelease?.outcomeLettersSent += 1
            wrongfulRelease?.recount()
        default: break
        }
    }

    /// The reporting chain (the breach procedure §3.1–3.4): the reporting form, then the Business Manager, the
    /// Director and the Head of Legal, each with when they were told, when it was due and whether it was on time.
    /// Its inputs are the form and the escalations, so it is worked out on those events only.
    mutating func recomputeReportingChain(_ calc: DeadlineCalculator) {
        func firstEscalation(to recipient: String) -> String? { escalations.first { $0.to == recipient }?.at }
        /// "Upon hearing" / "the same day" as the one before in the chain was told (§3.2); nil until then.
        func dueOnTheDay(_ told: String?) -> LocalDate? { told.flatMap(parseDay).map { calc.breachImmediateDueDate(from: $0) } }
        let immediate = sensitive || riskToPeople == true
        let formDue = calc.breachReportFormDueDate(discoveredOn: discoveredOn)
        reportingFormDueOn = formDue
        reportingFormSentAt = escalations.first { $0.reportingFormSent == true }?.at
        reportingFormOnTime = Self.onTime(reportingFormSentAt, formDue)
        // On the 2-working-day clock the report falls due with the form (§3.3).
        reportClock = immediate ? "immediate" : "twoWorkingDays"
        reportDueOn = immediate ? calc.breachImmediateDueDate(from: discoveredOn) : formDue
        businessManagerToldAt = reportedToBusinessManagerAt ?? firstEscalation(to: "businessManager")
        reportOnTime = Self.onTime(businessManagerToldAt, reportDueOn)
        directorToldAt = reportedToDirectorAt ?? firstEscalation(to: "director")
        headOfLegalToldAt = firstEscalation(to: "headOfLegal")
        // §3.2: "upon hearing" applies to a breach requiring immediate reporting; "the same day" to every Director told.
        directorDueOn = immediate ? dueOnTheDay(businessManagerToldAt) : nil
        directorOnTime = Self.onTime(directorToldAt, directorDueOn)
        headOfLegalDueOn = dueOnTheDay(directorToldAt)
        headOfLegalOnTime = Self.onTime(headOfLegalToldAt, headOfLegalDueOn)
        let formTo = Set(escalations.filter { $0.reportingFormSent == true }.map(\.to))
        formMissingRecipients = formTo.isEmpty ? nil : ["director", "headOfLegal"].filter { !formTo.contains($0) }
    }

    /// The updated reporting form (the breach procedure §5.5): required once an investigation is ordered or
    /// opened, or the form was updated anyway; worked out on the form, the investigation and the update.
    mutating func recomputeUpdatedForm(_ calc: DeadlineCalculator) {
        let required = investigationOrdered == true || investigationOpenedOn != nil || updatedFormSentAt != nil
        updatedFormDueOn = required ? calc.breachUpdatedFormDueDate(discoveredOn: discoveredOn) : nil
        updatedFormOnTime = Self.onTime(updatedFormSentAt, updatedFormDueOn)
        updatedFormMissingRecipients = updatedFormSentTo.map { to in ["director", "headOfLegal"].filter { !to.contains($0) } }
    }

    /// Whether a step done at `at` (RFC 3339) was done by its due day; nil until both are known.
    private static func onTime(_ at: String?, _ due: LocalDate?) -> Bool? {
        guard let day = at.flatMap(parseDay), let due else { return nil }
        return day <= due
    }

    /// The steps of the breach procedure §3.1–3.2 and §5.5 and the wrongful-release protocol still outstanding.
    var escalationDueSteps: [DueStep] {
        var steps: [DueStep?] = []
        // On the 2-working-day clock the report and the form (§3.3) fall due together: the reportingForm step stands for both.
        if businessManagerToldAt == nil && reportClock == "immediate" { steps.append(DueStep("reportToBusinessManager", day: reportDueOn)) }
        if directorToldAt == nil { steps.append(DueStep("directorNotification", day: directorDueOn)) }
        if headOfLegalToldAt == nil { steps.append(DueStep("headOfLegalNotification", day: headOfLegalDueOn)) }
        if updatedFormSentAt == nil { steps.append(DueStep("updatedReportingForm", day: updatedFormDueOn)) }
        if let w = wrongfulRelease {
            // The protocol sets no period: "as soon as the breach is known" / "as soon as possible", so each is due the day of the link.
            if w.partiesMissing.contains("pressOffice") { steps.append(DueStep("pressOffice", dueOn: w.linkedOn)) }
            if w.partiesMissing.contains("legal") { steps.append(DueStep("legal", dueOn: w.linkedOn)) }
            if w.personalDataReleased && w.contacts.isEmpty { steps.append(DueStep("affectedPartyContact", dueOn: w.linkedOn)) }
            if let reviewed = w.reviewedOn, (w.outcomeLettersOutstanding ?? 0) > 0 { steps.append(DueStep("outcomeLetter", dueOn: reviewed)) }
        }
        return steps.compactMap { $0 }
    }

    static let escalationColumns: [RegisterColumn<BreachRow>] = [
        .init("reportClock") { $0.reportClock ?? "" },
        .init("reportDue") { Cell.date($0.reportDueOn) },
        .init("reportedToBusinessManager", inTable: false) { $0.businessManagerToldAt ?? "" },
        .init("reportOnTime") { Cell.bool($0.reportOnTime) },
        .init("directorDue", inTable: false) { Cell.date($0.directorDueOn) },
        .init("directorTold", inTable: false) { $0.directorToldAt ?? "" },
        .init("directorOnTime", inTable: false) { Cell.bool($0.directorOnTime) },
        .init("headOfLegalDue", inTable: false) { Cell.date($0.headOfLegalDueOn) },
        .init("headOfLegalTold", inTable: false) { $0.headOfLegalToldAt ?? "" },
        .init("headOfLegalOnTime", inTable: false) { Cell.bool($0.headOfLegalOnTime) },
        .init("formNotSentTo", inTable: false) { Cell.list($0.formMissingRecipients ?? []) },
        .init("updatedFormDue", inTable: false) { Cell.date($0.updatedFormDueOn) },
        .init("updatedFormSent", inTable: false) { $0.updatedFormSentAt ?? "" },
        .init("updatedFormOnTime", inTable: false) { Cell.bool($0.updatedFormOnTime) },
        .init("updatedFormNotSentTo", inTable: false) { Cell.list($0.updatedFormMissingRecipients ?? []) },
        .init("subjectsDecision", inTable: false) { $0.subjectsDecision ?? "" },
        .init("subjectsDecisionReasons", inTable: false) { $0.subjectsDecisionReasons ?? "" },
        .init("releasePartiesInformed", inTable: false) {
            Cell.list(($0.wrongfulRelease?.partiesInformed ?? []).map { p in p.at.map { "\(p.party) \($0)" } ?? p.party })
        },
        .init("releasePartiesMissing", inTable: false) { Cell.list($0.wrongfulRelease?.partiesMissing ?? []) },
        .init("affectedPartiesContacted", inTable: false) {
            Cell.list(($0.wrongfulRelease?.contacts ?? []).map { "\($0.at) (\($0.seniority))" })
        },
        .init("contactsIncomplete", inTable: false) { Cell.int($0.wrongfulRelease?.contactsIncomplete) },
        .init("releaseReviewed", inTable: false) { Cell.date($0.wrongfulRelease?.reviewedOn) },
        .init("protocolsNeedStrengthening", inTable: false) { Cell.bool($0.wrongfulRelease?.protocolsNeedStrengthening) },
        .init("outcomeLettersOutstanding", inTable: false) { Cell.int($0.wrongfulRelease?.outcomeLettersOutstanding) },
    ]
}
