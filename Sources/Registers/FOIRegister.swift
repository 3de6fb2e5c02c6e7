import Casework
import Foundation
import LedgerStore

/// One FOI/EIR/FOISA request on the FOI register. Never holds the requester's identity: only
/// `requesterType`.
///
/// Query-time columns (`overdue`, `overdueSteps`) are absent in storage and filled by
/// `evaluated(today:calculator:)`.
public struct FOIRow: CaseRow {
    public var reference: String
    /// `foia`, `foisa` or `eir`.
    public var regime: String
    public var requesterType: String
    public var channel: String
    /// The identity-free summary (the clarification's revised summary once given).
    public var summary: String
    public var service: String?
    public var receivedAt: String
    public var receivedOn: LocalDate
    /// open, awaitingClarification, awaitingFee, responded, internalReview, furtherResponseDue,
    /// regulatorComplaint, withdrawn, transferred.
    public var status: String = "open"
    /// Receipt plus the policy's acknowledgement hours (48).
    public var acknowledgementDueAt: String = ""
    public var acknowledgedAt: String?
    /// Acknowledged (or answered) within the policy hours; nil while neither has happened.
    public var acknowledgedOnTime: Bool?
    public var clarificationRequestedOn: LocalDate?
    public var clarifiedOn: LocalDate?
    public var feeNotices: [FeeNotice] = []
    /// Working days added by `DeadlineExtended` (PIT s10(3), EIR reg 7).
    public var extensionWorkingDays: Int = 0
    /// The response deadline after pauses and extensions; nil while the clock is stopped.
    public var dueOn: LocalDate?
    public var respondedAt: String?
    public var respondedOn: LocalDate?
    public var workingDaysTaken: Int?
    public var onTime: Bool?
    /// The latest response's outcome.
    public var outcome: String?
    /// The sections relied on by any response on the case (a further response after a review
    /// does not erase what the first one relied on), sorted.
    public var exemptions: [String] = []
    /// Every section applied with `ExemptionApplied`, sorted.
    public var exemptionsApplied: [String] = []
    /// `costLimit` (s12) or `vexatious` (s14), when the refusal is procedural.
    public var proceduralRefusal: String?
    /// A further response after an internal review or decision notice went against the authority.
    public var furtherResponseRequired: Bool = false
    public var furtherResponseOn: LocalDate?
    public var internalReview: InternalReviewRecord?
    public var regulatorComplaint: RegulatorComplaintRecord?
    /// Breach cases linked to this request by `WrongfulReleaseLinked`.
    public var linkedBreaches: [String] = []
    public var publishedOn: LocalDate?
    /// The day the disclosure-log entry was withdrawn (`PublicationWithdrawn`), until published again.
    public var publicationWithdrawnOn: LocalDate?
    /// Why it was withdrawn (never shown on the public log).
    public var publicationWithdrawalReason: String?
    /// The day the case closed without a response (withdrawn or transferred).
    public var closedOn: LocalDate?
    public var transferredTo: String?
    public var lateEntries: [LateEntry] = []
    public var correctedFields: [String] = []
    /// The case officer: who opened the case (the opening event's actor), then the latest
    /// `Reassigned.to`. Nil in rows stored before the column existed (`casebook rebuild` fills it).
    public var officer: String?
    public var overdue: Bool?
    public var overdueSteps: [String]?

    // Review and refusal integrity (nil in rows stored before them, and when not applicable).

    /// The SAR the request was channelled to under s40(1) (the FOI policy Appendix 2).
    public var channelledToSAR: String?
    /// Who signed off the latest response.
    public var signedOffBy: String?
    /// What the latest response recorded about telling the requester of the internal review and
    /// its timescale, and of the right of appeal to the regulator (the FOI policy "Complaints").
    public var reviewRightsGiven: Bool?
    public var appealRightsGiven: Bool?
    /// For a s12 refusal: whether advice and assistance to bring the request within the limit
    /// was recorded (the FOI policy "The Appropriate Limit").
    public var costLimitAdviceGiven: Bool?
    /// For a s21 (FOISA s25) exemption: where the information is available.
    public var availableAt: String?
    /// The steps the policies require that the case's events do not record, sorted: reviewRights,
    /// appealRights, costLimitAdvice, section21Location, reviewAppealRights. Nil when none.
    public var missingSteps: [String]?

    public init(reference: String, regime: String, requesterType: String, channel: String, summary: String,
                service: String? = nil, receivedAt: String, receivedOn: LocalDate) {
        self.reference = reference
        self.regime = regime
        self.requesterType = requesterType
        self.channel = channel
        self.summary = summary
        self.service = service
        self.receivedAt = receivedAt
        self.receivedOn = receivedOn
    }

    var regimeValue: Regime { Regime(rawValue: regime) ?? .foia }
    var isClosedWithoutResponse: Bool { status == "withdrawn" || status == "transferred" || status == "channelledToSAR" }
    var clarificationOutstanding: Bool {
        guard let asked = clarificationRequestedOn else { return false }
        return clarifiedOn.map { $0 < asked } ?? true
    }
    var feeOutstanding: Bool { feeNotices.contains { $0.paidOn == nil } }

    mutating func recompute(_ context: ReducerContext) {
        let calc = context.calculator
        if let received = DeadlineMoment.parseRFC3339(receivedAt) {
            // DeadlineCalculator.acknowledgement: policy hours (48) of clock time after receipt.
            var limit = received.addingTimeInterval(Double(context.policy.acknowledgementHours) * 3600)
            if case .instant(let due)? = calc.acknowledgement(receivedAt: received).due { limit = due }
            acknowledgementDueAt = utc(limit)
            if let at = acknowledgedAt.flatMap(DeadlineMoment.parseRFC3339) {
                acknowledgedOnTime = at <= limit
            } else if let at = respondedAt.flatMap(DeadlineMoment.parseRFC3339), at <= limit {
                acknowledgedOnTime = true
            } else if respondedAt != nil {
                acknowledgedOnTime = false
            } else {
                acknowledgedOnTime = nil
            }
        }
        let windows = feeNotices.map { FeeWindow(noticeOn: $0.issuedOn, paidOn: $0.paidOn) }
        let clarified = clarificationOutstanding ? nil : clarifiedOn
        dueOn = nil
        if !clarificationOutstanding {
            dueOn = FOIRegister.due(regime: regimeValue, receivedOn: receivedOn, clarifiedOn: clarified, feeWindows: windows,
                                    extensionWorkingDays: extensionWorkingDays, calculator: calc)
        }
        if let respondedOn {
            workingDaysTaken = try? calc.workingDaysTaken(receivedOn: receivedOn, respondedOn: respondedOn, regime: regimeValue,
                                                          clarifiedOn: clarified, feeWindows: windows)
            onTime = dueOn.map { respondedOn <= $0 }
        } else {
            workingDaysTaken = nil
            onTime = nil
        }
        if var review = internalReview {
            review.dueOn = try? calc.internalReviewDueDate(requestedOn: review.requestedOn, regime: regimeValue,
                                                           extensionWorkingDays: review.extensionWorkingDays ?? 0)
            review.onTime = review.decidedOn.flatMap { decided in review.dueOn.map { decided <= $0 } }
            internalReview = review
        }
        missingSteps = FOIRegister.missingSteps(of: self)
        status = {
            if closedOn != nil && respondedOn == nil {
                if channelledToSAR != nil { return "channelledToSAR" }
                return transferredTo != nil ? "transferred" : "withdrawn"
            }
            if respondedOn != nil {
                if let r = internalReview, r.decidedOn == nil { return "internalReview" }
                if furtherResponseRequired { return "furtherResponseDue" }
                if let c = regulatorComplaint, c.decisionReceivedOn == nil { return "regulatorComplaint" }
                return "responded"
            }
            if clarificationOutstanding { return "awaitingClarification" }
            if feeOutstanding { return "awaitingFee" }
            return "open"
        }()
    }

    public func evaluated(today: LocalDate, calculator: DeadlineCalculator) -> FOIRow {
        var row = self
        row.overdueSteps = overdueSteps(on: today)
        row.overdue = !(row.overdueSteps ?? []).isEmpty
        return row
    }

    public var filterFacts: FilterFacts {
        var next: LocalDate?
        if respondedOn == nil && !isClosedWithoutResponse { next = dueOn }
        if let review = internalReview, review.decidedOn == nil, let due = review.dueOn { next = min(next ?? due, due) }
        return FilterFacts(status: status, regime: regime, outcome: outcome, exemptions: Array(Set(exemptions + exemptionsApplied)).sorted(),
                           categories: [], service: service, date: receivedOn, nextDueOn: next, overdue: overdue ?? false)
    }

    public static let columns: [RegisterColumn<FOIRow>] = [
        .init("reference") { $0.reference },
        .init("received") { $0.receivedOn.iso },
        .init("regime") { $0.regime },
        .init("requesterType", inTable: false) { $0.requesterType },
        .init("summary", inTable: false) { $0.summary },
        .init("service", inTable: false) { $0.service ?? "" },
        .init("status") { $0.status },
        .init("ackDue", inTable: false) { $0.acknowledgementDueAt },
        .init("acknowledged", inTable: false) { $0.acknowledgedAt ?? "" },
        .init("ackOnTime") { Cell.bool($0.acknowledgedOnTime) },
        .init("due") { Cell.date($0.dueOn) },
        .init("responded") { Cell.date($0.respondedOn) },
        .init("workingDays") { Cell.int($0.workingDaysTaken) },
        .init("onTime") { Cell.bool($0.onTime) },
        .init("overdue") { Cell.bool($0.overdue) },
        .init("outcome") { $0.outcome ?? "" },
        .init("exemptions") { Cell.list($0.exemptions) },
        .init("reviewRequested", inTable: false) { Cell.date($0.internalReview?.requestedOn) },
        .init("reviewDue", inTable: false) { Cell.date($0.internalReview?.dueOn) },
        .init("reviewDecided", inTable: false) { Cell.date($0.internalReview?.decidedOn) },
        .init("reviewOutcome", inTable: false) { $0.internalReview?.outcome ?? "" },
        .init("regulatorComplaint", inTable: false) { Cell.date($0.regulatorComplaint?.receivedOn) },
        .init("linkedBreaches") { Cell.list($0.linkedBreaches) },
        .init("lateEntries", inTable: false) { Cell.int($0.lateEntries.count) },
        .init("publicationWithdrawn") { Cell.date($0.publicationWithdrawnOn) },
        .init("withdrawalReason", inTable: false) { $0.publicationWithdrawalReason ?? "" },
        .init("reviewExtension", inTable: false) { Cell.int($0.internalReview?.extensionWorkingDays) },
        .init("reviewerSignedOff", inTable: false) { Cell.bool($0.internalReview?.reviewerSignedOffResponse) },
        .init("channelledToSAR", inTable: false) { $0.channelledToSAR ?? "" },
        .init("missingSteps") { Cell.list($0.missingSteps ?? []) },
        .init("officer") { $0.officer ?? "" },
    ]
}

/// The FOI register: FOI, EIR and FOISA requests.
public enum FOIRegister: RegisterReducer {
    public typealias Row = FOIRow
    public static let register = RegisterName.foi

    /// The request's own events; and a breach's `WrongfulReleaseLinked` (or a correction of one),
    /// which adds or removes the breach in the linked request's `linkedBreaches`. A link to a
    /// request with no row yet is not kept (the rules do not require the FOI case to exist).
    public static func keys(for event: CaseEvent, context: ReducerContext) throws -> [String] {
        switch event.kind {
        case .request?: return [event.reference]
        case .breach? where event.type == EventType.wrongfulReleaseLinked.rawValue || event.type == EventType.corrected.rawValue
                || event.type == EventType.voided.rawValue:
            // The FOI cases this breach links to, before and after the event (a correction may move the link).
            let history = try context.eventsOfCase(event.reference)
            let before = linkedRequests(Corrections.applied(to: history.filter { $0.position < event.position }))
            let after = linkedRequests(Corrections.applied(to: history))
            return Array(before.union(after)).sorted()
        default: return []
        }
    }

    public static func apply(_ event: CaseEvent, to row: inout FOIRow?, key: String, context: ReducerContext) throws {
        if event.reference != key {
            // A breach's wrongful-release link to this request.
            guard var r = row else { return }
            let linked = linkedRequests(Corrections.applied(to: try context.eventsOfCase(event.reference))).contains(key)
            r.linkedBreaches.removeAll { $0 == event.reference }
            if linked { r.linkedBreaches = (r.linkedBreaches + [event.reference]).sorted() }
            row = r
            return
        }
        try CaseFold.apply(event, to: &row, context: context, preserve: { old, new in new.linkedBreaches = old.linkedBreaches }, step: step)
    }

    static func linkedRequests(_ events: [CaseEvent]) -> Set<String> {
        Set(events.filter { $0.type == EventType.wrongfulReleaseLinked.rawValue }.compactMap { $0.string("foiCase") })
    }

    /// One event of the request's own case, applied to its inputs.
    static func step(_ e: CaseEvent, _ row: inout FOIRow?) {
        guard let type = EventType(rawValue: e.type) else { return }
        if type == .requestReceived {
            let receivedAt = e.string("receivedAt") ?? e.occurredAt.rfc3339
            let receivedOn = parseDay(receivedAt) ?? e.occurredOn
            if var r = row {
                // A corrected opening event updates the inputs and keeps the rest.
                r.regime = e.string("regime") ?? r.regime
                r.requesterType = e.string("requesterType") ?? r.requesterType
                r.channel = e.string("channel") ?? r.channel
                r.summary = e.string("summary") ?? r.summary
                r.service = e.string("service")
                r.receivedAt = receivedAt
                r.receivedOn = receivedOn
                row = r
            } else {
                row = FOIRow(reference: e.reference, regime: e.string("regime") ?? "foia", requesterType: e.string("requesterType") ?? "other",
                             channel: e.string("channel") ?? "other", summary: e.string("summary") ?? "", service: e.string("service"),
                             receivedAt: receivedAt, receivedOn: receivedOn)
            }
            return
        }
        guard var r = row else { return }
        switch type {
        case .requestAcknowledged:
            r.acknowledgedAt = r.acknowledgedAt ?? e.string("acknowledgedAt")
        case .clarificationRequested:
            r.clarificationRequestedOn = e.date("requestedOn")
        case .clarificationReceived:
            r.clarifiedOn = e.date("receivedOn")
            if let revised = e.string("revisedSummary") { r.summary = revised }
        case .feeNoticeIssued:
            if let on = e.date("issuedOn") { r.feeNotices.append(FeeNotice(issuedOn: on, amountPence: e.int("amountPence"))) }
        case .feePaid:
            if let i = r.feeNotices.firstIndex(where: { $0.paidOn == nil }) { r.feeNotices[i].paidOn = e.date("paidOn") }
        case .exemptionApplied:
            if let s = e.string("section") {
                r.exemptionsApplied = Array(Set(r.exemptionsApplied + [s])).sorted()
                if ExemptionCatalogue.isOtherwiseAccessible(s, regime: r.regimeValue), let at = e.string("availableAt") { r.availableAt = at }
            }
        case .deadlineExtended:
            r.extensionWorkingDays = min(20, r.extensionWorkingDays + (e.int("workingDays") ?? 0))
        case .costLimitApplied:
            r.proceduralRefusal = "costLimit"
            r.costLimitAdviceGiven = e.string("adviceAndAssistance") != nil
        case .vexatiousApplied:
            r.proceduralRefusal = "vexatious"
        case .transferred:
            r.closedOn = e.date("transferredOn")
            r.transferredTo = e.string("to")
        case .withdrawn:
            r.closedOn = e.date("withdrawnOn")
        case .channelledToSubjectAccess:
            r.closedOn = e.date("channelledOn")
            r.channelledToSAR = e.string("sarCase")
        case .internalReviewExtended:
            if r.internalReview != nil, r.internalReview?.decidedOn == nil {
                r.internalReview?.extensionWorkingDays = e.int("workingDays")
                r.internalReview?.extendedOn = e.date("extendedOn")
            }
        case .responseSent:
            if r.respondedAt == nil {
                r.respondedAt = e.string("sentAt")
                r.respondedOn = e.date("sentAt")
            } else {
                r.furtherResponseOn = e.date("sentAt")
            }
            r.furtherResponseRequired = false
            r.outcome = e.string("outcome")
            r.exemptions = Array(Set(r.exemptions + e.strings("exemptions"))).sorted()
            r.signedOffBy = e.string("signedOffBy")
            r.reviewRightsGiven = e.bool("reviewRightsGiven")
            r.appealRightsGiven = e.bool("appealRightsGiven")
        case .internalReviewRequested, .internalReviewDecided, .iCOComplaintReceived, .iCODecisionNoticeReceived:
            r.applyReviewOrComplaint(type, e)
        case .publishedToDisclosureLog:
            r.publishedOn = e.date("publishedOn")
            r.publicationWithdrawnOn = nil
            r.publicationWithdrawalReason = nil
        case .publicationWithdrawn:
            if r.publishedOn != nil {
                r.publicationWithdrawnOn = e.date("withdrawnOn")
                r.publicationWithdrawalReason = e.string("reason")
            }
        default:
            break
        }
        row = r
    }

    /// The steps the policies ask for that the case's events do not record: on a response, telling
    /// the requester of the internal review and its timescale and of the right of appeal to the
    /// regulator (the FOI policy "Complaints"); on a s12 refusal, advice and assistance (the FOI
    /// policy "The Appropriate Limit"); on a s21 exemption, where the information is (the FOI
    /// policy Appendix 1); on a review that did not overturn the decision, the right of appeal.
    static func missingSteps(of r: FOIRow) -> [String]? {
        var steps: [String] = []
        if r.respondedOn != nil {
            if r.reviewRightsGiven != true { steps.append("reviewRights") }
            if r.appealRightsGiven != true { steps.append("appealRights") }
        }
        if r.costLimitAdviceGiven == false { steps.append("costLimitAdvice") }
        if r.availableAt == nil && r.exemptionsApplied.contains(where: { ExemptionCatalogue.isOtherwiseAccessible($0, regime: r.regimeValue) }) {
            steps.append("section21Location")
        }
        if let review = r.internalReview, review.decidedOn != nil, review.outcome != "overturned", review.appealRightsGiven != true {
            steps.append("reviewAppealRights")
        }
        return steps.isEmpty ? nil : steps.sorted()
    }

    /// The response deadline: 20 working days after receipt (or clarification), not counting fee
    /// windows, plus the extension's working days; nil while a fee notice is unpaid.
    ///
    /// A full 20-day extension uses `DeadlineCalculator.foi(extended: true)`; a shorter one adds its
    /// days on the regime's calendar after the 20-day date. FOISA has no extension (the rules
    /// refuse one), so any recorded for FOISA is ignored.
    static func due(regime: Regime, receivedOn: LocalDate, clarifiedOn: LocalDate?, feeWindows: [FeeWindow],
                    extensionWorkingDays: Int, calculator: DeadlineCalculator) -> LocalDate? {
        let extra = regime == .foisa ? 0 : extensionWorkingDays
        if extra == 20 {
            return (try? calculator.foiDueDate(regime: regime, receivedOn: receivedOn, clarifiedOn: clarifiedOn, feeWindows: feeWindows, extended: true)) ?? nil
        }
        guard let base = (try? calculator.foiDueDate(regime: regime, receivedOn: receivedOn, clarifiedOn: clarifiedOn, feeWindows: feeWindows)) ?? nil else {
            return nil
        }
        return extra == 0 ? base : calculator.calendar(for: regime).workingDay(extra, after: base)
    }
}
