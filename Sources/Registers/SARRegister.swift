import Casework
import Foundation
import LedgerStore

/// One subject access request on the SAR register. Never holds the requester (the data subject)
/// or a representative's identity; the summary is personal and kept sealed, shown through `reveal`.
public struct SARRow: CaseRow {
    public var reference: String
    public var channel: String
    public var receivedAt: String
    public var receivedOn: LocalDate
    public var service: String?
    /// Made through a representative (the representative's details are not kept here).
    public var viaRepresentative: Bool = false
    /// What is asked for: personal (case scope), stored as recorded (sealed).
    public var summary: PersonalValue?
    /// open, awaitingIdentity, awaitingFee, awaitingClarification, responded, internalReview,
    /// furtherResponseDue, regulatorComplaint, withdrawn.
    public var status: String = "open"
    public var identityRequestedOn: LocalDate?
    public var identityVerifiedOn: LocalDate?
    public var feeRequestedOn: LocalDate?
    public var feeAmountPence: Int?
    public var feePaidOn: LocalDate?
    public var clarificationRequestedOn: LocalDate?
    public var clarifiedOn: LocalDate?
    /// The latest of receipt, identity verified, fee paid and clarification received; nil while one is awaited.
    public var startOn: LocalDate?
    /// Further months added by `SARExtended` (at most 2).
    public var extensionMonths: Int = 0
    public var extensionReason: String?
    public var dueOn: LocalDate?
    public var respondedAt: String?
    public var respondedOn: LocalDate?
    public var calendarDaysTaken: Int?
    /// Working days (home division) after the start day up to and including the response day.
    public var workingDaysTaken: Int?
    public var onTime: Bool?
    public var outcome: String?
    public var exemptions: [String] = []
    /// Third-party information decisions (redacted, withheld, …), in order.
    public var thirdPartyDecisions: [String] = []
    public var furtherResponseRequired: Bool = false
    public var furtherResponseOn: LocalDate?
    public var internalReview: InternalReviewRecord?
    public var regulatorComplaint: RegulatorComplaintRecord?
    public var closedOn: LocalDate?
    public var lateEntries: [LateEntry] = []
    public var correctedFields: [String] = []
    /// The case officer: who opened the case (the opening event's actor), then the latest
    /// `Reassigned.to`. Nil in rows stored before the column existed (`casebook rebuild` fills it).
    public var officer: String?
    public var overdue: Bool?
    public var overdueSteps: [String]?

    // SAR completeness (nil in rows stored before them, and when not applicable).

    /// The FOI/EIR request this SAR was channelled from under s40(1) (the FOI policy Appendix 2).
    public var channelledFrom: String?
    /// The data subject's age when a child (the data protection policy §2.2.4).
    public var dataSubjectAge: Int?
    /// DPA 2018 Schedule 2–4 paragraphs applied with `SARExemptionApplied`, sorted.
    public var exemptionsApplied: [String]?
    /// The latest `RequesterUpdated` (the data protection policy §2.3.2), and the response date given.
    public var lastUpdateOn: LocalDate?
    public var estimatedResponseOn: LocalDate?
    /// SCRA's consent (the data protection policy §2.7.3.1): requested, given, refused or noResponse.
    public var scraConsent: String?
    /// The child's capacity and consent (§2.2.4): consented, refused or noCapacity.
    public var childConsent: String?
    /// Who signed off the latest response.
    public var signedOffBy: String?
    /// What the latest response told the requester of the §2.8.1 list, and whether a note of the
    /// information supplied was kept (§2.8.5).
    public var contentsSupplied: [String]?
    public var suppliedNoteKept: Bool?
    /// The steps the data protection policy requires that the case does not record, sorted: the
    /// §2.8.1 contents not supplied, suppliedNote, childConsent, scraConsent. Nil when none.
    public var missingSteps: [String]?

    public init(reference: String, channel: String, receivedAt: String, receivedOn: LocalDate, service: String? = nil) {
        self.reference = reference
        self.channel = channel
        self.receivedAt = receivedAt
        self.receivedOn = receivedOn
        self.service = service
    }

    var identityOutstanding: Bool {
        guard let asked = identityRequestedOn else { return false }
        return identityVerifiedOn.map { $0 < asked } ?? true
    }
    var feeOutstanding: Bool {
        guard let asked = feeRequestedOn else { return false }
        return feePaidOn.map { $0 < asked } ?? true
    }
    var clarificationOutstanding: Bool {
        guard let asked = clarificationRequestedOn else { return false }
        return clarifiedOn.map { $0 < asked } ?? true
    }

    mutating func recompute(_ context: ReducerContext) {
        let calc = context.calculator
        let waiting = identityOutstanding || feeOutstanding || clarificationOutstanding
        startOn = waiting ? nil : DeadlineCalculator.sarStart(receivedOn: receivedOn, identityVerifiedOn: identityVerifiedOn,
                                                              feePaidOn: feePaidOn, clarifiedOn: clarifiedOn)
        dueOn = startOn.flatMap { SARRegister.due(startOn: $0, extensionMonths: extensionMonths, calculator: calc) }
        if let respondedOn, let startOn {
            calendarDaysTaken = max(0, startOn.days(until: respondedOn))
            workingDaysTaken = calc.calendar(for: nil as Division?).workingDays(after: startOn, through: respondedOn)
            onTime = dueOn.map { respondedOn <= $0 }
        } else {
            calendarDaysTaken = nil
            workingDaysTaken = nil
            onTime = nil
        }
        if var review = internalReview {
            // SAR reviews follow the organisation's internal review policy on the home calendar.
            review.dueOn = calc.calendar(for: nil as Division?).workingDay(context.policy.internalReviewWorkingDays, after: review.requestedOn)
            review.onTime = review.decidedOn.flatMap { decided in review.dueOn.map { decided <= $0 } }
            internalReview = review
        }
        missingSteps = SARRegister.missingSteps(of: self, childCapacityAge: context.policy.sarChildCapacityAge)
        status = {
            if closedOn != nil && respondedOn == nil { return "withdrawn" }
            if respondedOn != nil {
                if let r = internalReview, r.decidedOn == nil { return "internalReview" }
                if furtherResponseRequired { return "furtherResponseDue" }
                if let c = regulatorComplaint, c.decisionReceivedOn == nil { return "regulatorComplaint" }
                return "responded"
            }
            if identityOutstanding { return "awaitingIdentity" }
            if feeOutstanding { return "awaitingFee" }
            if clarificationOutstanding { return "awaitingClarification" }
            return "open"
        }()
    }

    public func evaluated(today: LocalDate, calculator: DeadlineCalculator) -> SARRow {
        var row = self
        row.overdueSteps = overdueSteps(on: today)
        row.overdue = !(row.overdueSteps ?? []).isEmpty
        return row
    }

    public func revealing(_ reveal: (JSONValue) -> JSONValue) -> SARRow {
        var row = self
        row.summary = summary.map { PersonalValue(reveal($0.value)) }
        return row
    }

    public var filterFacts: FilterFacts {
        var next: LocalDate?
        if respondedOn == nil && closedOn == nil { next = dueOn }
        if let review = internalReview, review.decidedOn == nil, let due = review.dueOn { next = min(next ?? due, due) }
        return FilterFacts(status: status, regime: nil, outcome: outcome, exemptions: exemptions, categories: [], service: service,
                           date: receivedOn, nextDueOn: next, overdue: overdue ?? false)
    }

    public static let columns: [RegisterColumn<SARRow>] = [
        .init("reference") { $0.reference },
        .init("received") { $0.receivedOn.iso },
        .init("service", inTable: false) { $0.service ?? "" },
        .init("summary", inTable: false) { Cell.json($0.summary?.value) },
        .init("status") { $0.status },
        .init("identityVerified", inTable: false) { Cell.date($0.identityVerifiedOn) },
        .init("feePaid", inTable: false) { Cell.date($0.feePaidOn) },
        .init("clarified", inTable: false) { Cell.date($0.clarifiedOn) },
        .init("start") { Cell.date($0.startOn) },
        .init("extensionMonths", inTable: false) { String($0.extensionMonths) },
        .init("due") { Cell.date($0.dueOn) },
        .init("responded") { Cell.date($0.respondedOn) },
        .init("calendarDays", inTable: false) { Cell.int($0.calendarDaysTaken) },
        .init("workingDays") { Cell.int($0.workingDaysTaken) },
        .init("onTime") { Cell.bool($0.onTime) },
        .init("overdue") { Cell.bool($0.overdue) },
        .init("outcome") { $0.outcome ?? "" },
        .init("exemptions", inTable: false) { Cell.list($0.exemptions) },
        .init("reviewRequested", inTable: false) { Cell.date($0.internalReview?.requestedOn) },
        .init("reviewOutcome", inTable: false) { $0.internalReview?.outcome ?? "" },
        .init("regulatorComplaint", inTable: false) { Cell.date($0.regulatorComplaint?.receivedOn) },
        .init("lateEntries", inTable: false) { Cell.int($0.lateEntries.count) },
        .init("channelledFrom", inTable: false) { $0.channelledFrom ?? "" },
        .init("exemptionsApplied", inTable: false) { Cell.list($0.exemptionsApplied ?? []) },
        .init("lastUpdate", inTable: false) { Cell.date($0.lastUpdateOn) },
        .init("scraConsent", inTable: false) { $0.scraConsent ?? "" },
        .init("childConsent", inTable: false) { $0.childConsent ?? "" },
        .init("reviewerSignedOff", inTable: false) { Cell.bool($0.internalReview?.reviewerSignedOffResponse) },
        .init("missingSteps") { Cell.list($0.missingSteps ?? []) },
        .init("officer") { $0.officer ?? "" },
    ]
}

/// The SAR register the data protection policy App. 3).
public enum SARRegister: RegisterReducer {
    public typealias Row = SARRow
    public static let register = RegisterName.sar

    public static func keys(for event: CaseEvent, context: ReducerContext) throws -> [String] {
        event.kind == .subjectAccess ? [event.reference] : []
    }

    public static func apply(_ event: CaseEvent, to row: inout SARRow?, key: String, context: ReducerContext) throws {
        try CaseFold.apply(event, to: &row, context: context, step: step)
    }

    static func step(_ e: CaseEvent, _ row: inout SARRow?) {
        guard let type = EventType(rawValue: e.type) else { return }
        if type == .sARReceived {
            let receivedAt = e.string("receivedAt") ?? e.occurredAt.rfc3339
            var r = row ?? SARRow(reference: e.reference, channel: "other", receivedAt: receivedAt, receivedOn: e.occurredOn)
            r.channel = e.string("channel") ?? r.channel
            r.receivedAt = receivedAt
            r.receivedOn = parseDay(receivedAt) ?? e.occurredOn
            r.service = e.string("service")
            r.viaRepresentative = e.payload["representative"] != nil
            r.summary = e.payload["summary"].map(PersonalValue.init)
            r.channelledFrom = e.string("channelledFrom")
            r.dataSubjectAge = e.int("dataSubjectAge")
            row = r
            return
        }
        guard var r = row else { return }
        switch type {
        case .identityRequested: r.identityRequestedOn = e.date("requestedOn")
        case .identityVerified: r.identityVerifiedOn = e.date("verifiedOn")
        case .feeRequested:
            r.feeRequestedOn = e.date("requestedOn")
            r.feeAmountPence = e.int("amountPence")
        case .feePaid: r.feePaidOn = e.date("paidOn")
        case .clarificationRequested: r.clarificationRequestedOn = e.date("requestedOn")
        case .clarificationReceived: r.clarifiedOn = e.date("receivedOn")
        case .thirdPartyInformationDecided:
            if let d = e.string("decision") { r.thirdPartyDecisions.append(d) }
        case .sARExtended:
            r.extensionMonths = min(2, r.extensionMonths + (e.int("months") ?? 0))
            r.extensionReason = e.string("reason")
        case .sARResponded:
            if r.respondedAt == nil {
                r.respondedAt = e.string("respondedAt")
                r.respondedOn = e.date("respondedAt")
            } else {
                r.furtherResponseOn = e.date("respondedAt")
            }
            r.furtherResponseRequired = false
            r.outcome = e.string("outcome")
            r.exemptions = e.strings("exemptions")
            r.signedOffBy = e.string("signedOffBy")
            r.contentsSupplied = e.payload["contentsSupplied"] == nil ? nil : e.strings("contentsSupplied")
            r.suppliedNoteKept = e.payload["suppliedNote"] != nil
        case .withdrawn: r.closedOn = e.date("withdrawnOn")
        case .sARExemptionApplied:
            if let p = e.string("paragraph") { r.exemptionsApplied = Array(Set((r.exemptionsApplied ?? []) + [p])).sorted() }
        case .requesterUpdated:
            r.lastUpdateOn = e.date("updatedOn")
            r.estimatedResponseOn = e.date("estimatedResponseOn")
        case .sCRAConsentRequested:
            r.scraConsent = "requested"
        case .sCRAConsentRecorded:
            r.scraConsent = e.string("outcome") ?? r.scraConsent
        case .childConsentRecorded:
            r.childConsent = e.bool("childHasCapacity") == false ? "noCapacity" : (e.bool("childConsents") == true ? "consented" : "refused")
        case .internalReviewRequested, .internalReviewDecided, .iCOComplaintReceived, .iCODecisionNoticeReceived:
            r.applyReviewOrComplaint(type, e)
        default: break
        }
        row = r
    }

    /// The steps the data protection policy asks for that the case does not record: once
    /// information is supplied, each item of the §2.8.1 list not told and the note of what was
    /// supplied (§2.8.5); before then, the child's consent when a representative asks for a child
    /// of the capacity age or over (§2.2.4), and SCRA's answer once its consent was sought (§2.7.3.1).
    static func missingSteps(of r: SARRow, childCapacityAge: Int) -> [String]? {
        var steps: [String] = []
        if r.respondedOn != nil {
            if r.outcome == "providedInFull" || r.outcome == "providedInPart" {
                let supplied = Set(r.contentsSupplied ?? [])
                steps += SARResponseContent.allCases.map(\.rawValue).filter { !supplied.contains($0) }
                if r.suppliedNoteKept != true { steps.append("suppliedNote") }
            }
        } else if r.closedOn == nil {
            if r.viaRepresentative, let age = r.dataSubjectAge, age >= childCapacityAge, r.childConsent == nil {
                steps.append("childConsent")
            }
            if r.scraConsent == "requested" { steps.append("scraConsent") }
        }
        return steps.isEmpty ? nil : steps.sorted()
    }

    /// One calendar month from the start (three with the full two-month extension) under current
    /// law, moved to the next working day; a one-month extension gives two months by the same rule.
    static func due(startOn: LocalDate, extensionMonths: Int, calculator: DeadlineCalculator) -> LocalDate? {
        switch extensionMonths {
        case 0: return try? calculator.sarDueDate(startOn: startOn)
        case 2...: return (try? calculator.sarDueDate(startOn: startOn, extended: true)) ?? (try? calculator.sarDueDate(startOn: startOn))
        default:
            guard calculator.policy.sarRule == .currentLaw else { return try? calculator.sarDueDate(startOn: startOn) }
            return calculator.calendar(for: nil as Division?).firstWorkingDay(onOrAfter: startOn.adding(months: 1 + extensionMonths))
        }
    }
}
