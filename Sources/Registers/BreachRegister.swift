import Casework
import Foundation
import LedgerStore

/// An escalation up the reporting chain (the breach procedure §3).
public struct EscalationRecord: Codable, Sendable, Hashable {
    public var to: String
    public var at: String
    public var reportingFormSent: Bool?

    public init(to: String, at: String, reportingFormSent: Bool? = nil) {
        self.to = to
        self.at = at
        self.reportingFormSent = reportingFormSent
    }
}

/// One personal-data breach on the breach register. Data subjects appear only as
/// counts and categories; no personal field of the reporting form is kept.
public struct BreachRow: CaseRow {
    public var reference: String
    public var service: String
    public var occurredOn: LocalDate?
    /// When the organisation became aware; the ICO's 72 hours run from here.
    public var discoveredAt: String
    public var discoveredOn: LocalDate
    /// When the reporting form (`BreachReported`) was completed.
    public var reportedAt: String
    public var categories: [String] = []
    public var sensitive: Bool = false
    public var howHeld: String?
    public var dataSubjectCount: Int = 0
    public var dataSubjectCategories: [String] = []
    public var approximateRecordCount: Int?
    public var reportedToBusinessManagerAt: String?
    public var reportedToDirectorAt: String?
    public var escalations: [EscalationRecord] = []
    /// Policy: the reporting form within 2 working days of discovery (the breach procedure §3).
    public var reportingFormDueOn: LocalDate?
    /// The first escalation that carried the reporting form.
    public var reportingFormSentAt: String?
    public var reportingFormOnTime: Bool?
    public var riskLevel: String?
    public var numberOfIndividuals: Int?
    public var policeInvolvement: String?
    /// `notify` or `doNotNotify`.
    public var icoDecision: String?
    public var icoDecisionReasons: String?
    public var icoDecidedAt: String?
    /// 72 hours after awareness (UK GDPR Art 33(1)).
    public var icoDueAt: String = ""
    public var icoNotifiedAt: String?
    public var icoReference: String?
    public var notifiedWithin72h: Bool?
    public var reasonsForDelay: String?
    /// Notified late without recorded reasons (Art 33(1) requires them).
    public var lateWithoutReasons: Bool = false
    public var subjectsNotifiedOn: LocalDate?
    public var subjectsNotifiedCount: Int?
    public var policeInformedOn: LocalDate?
    public var investigationLead: String?
    public var investigationOpenedOn: LocalDate?
    public var investigationDueOn: LocalDate?
    public var investigationConcludedOn: LocalDate?
    public var preventiveMeasures: String?
    public var immediateMeasures: String?
    public var proposedMeasures: String?
    /// FOI/EIR cases this breach released information from in error (`WrongfulReleaseLinked`).
    public var linkedRequests: [String] = []
    public var closedOn: LocalDate?
    /// open, investigating, closed.
    public var status: String = "open"
    public var lateEntries: [LateEntry] = []
    public var correctedFields: [String] = []
    /// The case officer: who opened the case (the opening event's actor), then the latest
    /// `Reassigned.to`. Nil in rows stored before the column existed (`casebook rebuild` fills it).
    public var officer: String?
    public var overdue: Bool?
    public var overdueSteps: [String]?

    // The escalation clocks (the breach procedure §3.1–3.4), the updated form (§5.5), the decision whether to tell the
    // data subjects (§6.2) and the wrongful-release steps (the wrongful-release protocol Steps 2–5): added later, so
    // optional and left out when absent, and rows stored before them still decode.
    /// Whether the form says the breach is likely to cause a risk to people (§3.1).
    public var riskToPeople: Bool?
    /// Whether the form ordered an investigation (the updated form is then required, §5.4).
    public var investigationOrdered: Bool?
    /// `immediate` (sensitive information or a risk to people) or `twoWorkingDays` (§3.1).
    public var reportClock: String?
    /// When the breach is due to be reported to the Business Manager under that clock.
    public var reportDueOn: LocalDate?
    /// When the Business Manager was told: the form's time, else the first escalation to them.
    public var businessManagerToldAt: String?
    public var reportOnTime: Bool?
    /// For an immediate report: the Director is told "upon hearing" (§3.2).
    public var directorDueOn: LocalDate?
    /// When the Director was told: the form's time, else the first escalation to them.
    public var directorToldAt: String?
    public var directorOnTime: Bool?
    /// The Head of Legal and Democratic Services is told "the same day" as the Director (§3.2).
    public var headOfLegalDueOn: LocalDate?
    public var headOfLegalToldAt: String?
    public var headOfLegalOnTime: Bool?
    /// Of the Director and the Head of Legal, those the reporting form has not gone to although it has been sent (§3.4).
    public var formMissingRecipients: [String]?
    /// The updated reporting form within two weeks of the breach becoming known (§5.5), when an investigation is ordered or opened.
    public var updatedFormDueOn: LocalDate?
    public var updatedFormSentAt: String?
    public var updatedFormOnTime: Bool?
    /// Whom the updated form has gone to (all `BreachReportUpdated` events).
    public var updatedFormSentTo: [String]?
    /// Of the Director and the Head of Legal, those the updated form has not gone to (§5.5).
    public var updatedFormMissingRecipients: [String]?
    /// `notify` or `doNotNotify` (`DataSubjectNotificationDecided`, §6.2–6.3).
    public var subjectsDecision: String?
    public var subjectsDecisionReasons: String?
    /// The wrongful-release protocol's steps, when the breach is a wrongful FOI release.
    public var wrongfulRelease: WrongfulReleaseRecord?

    public init(reference: String, service: String, discoveredAt: String, discoveredOn: LocalDate, reportedAt: String) {
        self.reference = reference
        self.service = service
        self.discoveredAt = discoveredAt
        self.discoveredOn = discoveredOn
        self.reportedAt = reportedAt
    }

    var icoNotificationPending: Bool { closedOn == nil && icoDecision != "doNotNotify" && icoNotifiedAt == nil }

    mutating func recompute(_ context: ReducerContext) {
        let calc = context.calculator
        if let aware = DeadlineMoment.parseRFC3339(discoveredAt) {
            let due = calc.breachICO(awareAt: aware)
            icoDueAt = utc(due)
            notifiedWithin72h = icoNotifiedAt.flatMap(DeadlineMoment.parseRFC3339).map { $0 <= due }
        }
        lateWithoutReasons = notifiedWithin72h == false && (reasonsForDelay ?? "").allSatisfy(\.isWhitespace)
        status = closedOn != nil ? "closed" : (investigationOpenedOn != nil && investigationConcludedOn == nil ? "investigating" : "open")
    }

    public func evaluated(today: LocalDate, calculator: DeadlineCalculator) -> BreachRow {
        var row = self
        row.overdueSteps = overdueSteps(on: today)
        row.overdue = !(row.overdueSteps ?? []).isEmpty
        return row
    }

    public var filterFacts: FilterFacts {
        let dues = dueSteps.map(\.dueOn)
        return FilterFacts(status: status, regime: nil, outcome: icoDecision, exemptions: [], categories: categories, service: service,
                           date: discoveredOn, nextDueOn: dues.min(), overdue: overdue ?? false)
    }

    public static let columns: [RegisterColumn<BreachRow>] = [
        .init("reference") { $0.reference },
        .init("occurred", inTable: false) { Cell.date($0.occurredOn) },
        .init("discovered") { $0.discoveredAt },
        .init("service") { $0.service },
        .init("categories") { Cell.list($0.categories) },
        .init("sensitive") { Cell.bool($0.sensitive) },
        .init("dataSubjects") { String($0.dataSubjectCount) },
        .init("dataSubjectCategories", inTable: false) { Cell.list($0.dataSubjectCategories) },
        .init("formDue", inTable: false) { Cell.date($0.reportingFormDueOn) },
        .init("formSent", inTable: false) { $0.reportingFormSentAt ?? "" },
        .init("formOnTime", inTable: false) { Cell.bool($0.reportingFormOnTime) },
        .init("risk") { $0.riskLevel ?? "" },
        .init("icoDecision") { $0.icoDecision ?? "" },
        .init("icoDecisionReasons", inTable: false) { $0.icoDecisionReasons ?? "" },
        .init("icoDue", inTable: false) { $0.icoDueAt },
        .init("icoNotified", inTable: false) { $0.icoNotifiedAt ?? "" },
        .init("within72h") { Cell.bool($0.notifiedWithin72h) },
        .init("reasonsForDelay", inTable: false) { $0.reasonsForDelay ?? "" },
        .init("subjectsNotified", inTable: false) { Cell.date($0.subjectsNotifiedOn) },
        .init("investigationLead", inTable: false) { $0.investigationLead ?? "" },
        .init("investigationConcluded", inTable: false) { Cell.date($0.investigationConcludedOn) },
        .init("immediateMeasures", inTable: false) { $0.immediateMeasures ?? "" },
        .init("proposedMeasures", inTable: false) { $0.proposedMeasures ?? "" },
        .init("preventiveMeasures", inTable: false) { $0.preventiveMeasures ?? "" },
        .init("linkedRequests") { Cell.list($0.linkedRequests) },
        .init("status") { $0.status },
        .init("overdue") { Cell.bool($0.overdue) },
        .init("lateEntries", inTable: false) { Cell.int($0.lateEntries.count) },
    ] + escalationColumns + [.init("officer") { $0.officer ?? "" }]
}

/// The breach register (the breach procedure; the data protection policy App. 6 §2).
public enum BreachRegister: RegisterReducer {
    public typealias Row = BreachRow
    public static let register = RegisterName.breach

    public static func keys(for event: CaseEvent, context: ReducerContext) throws -> [String] {
        event.kind == .breach ? [event.reference] : []
    }

    public static func apply(_ event: CaseEvent, to row: inout BreachRow?, key: String, context: ReducerContext) throws {
        try CaseFold.apply(event, to: &row, context: context, step: { e, r in Self.step(e, &r, context.calculator) })
    }

    /// Folds `e` into the row; the reporting-chain and updated-form clocks are worked out here, on the events
    /// they depend on (`BreachRow.stepEscalation`), the ICO clock and the status in `recompute`.
    static func step(_ e: CaseEvent, _ row: inout BreachRow?, _ calc: DeadlineCalculator) {
        guard let type = EventType(rawValue: e.type) else { return }
        if type == .breachReported {
            let discoveredAt = e.string("discoveredAt") ?? e.occurredAt.rfc3339
            var r = row ?? BreachRow(reference: e.reference, service: "", discoveredAt: discoveredAt, discoveredOn: e.occurredOn,
                                     reportedAt: e.occurredAt.rfc3339)
            r.service = e.string("service") ?? r.service
            r.discoveredAt = discoveredAt
            r.discoveredOn = parseDay(discoveredAt) ?? e.occurredOn
            r.occurredOn = e.date("occurredOn")
            r.categories = e.strings("categories")
            r.sensitive = e.bool("sensitive") ?? false
            r.howHeld = e.string("howHeld")
            r.dataSubjectCount = e.int("dataSubjectCount") ?? 0
            r.dataSubjectCategories = e.strings("dataSubjectCategories")
            r.approximateRecordCount = e.int("approximateRecordCount")
            r.reportedToBusinessManagerAt = e.string("reportedToBusinessManagerAt")
            r.reportedToDirectorAt = e.string("reportedToDirectorAt")
            r.immediateMeasures = e.string("immediateMeasures")
            r.proposedMeasures = e.string("proposedMeasures")
            r.investigationDueOn = r.investigationDueOn ?? e.date("investigationDueOn")
            r.riskToPeople = e.bool("riskToPeople")
            r.investigationOrdered = e.bool("investigationOrdered")
            r.stepEscalation(type, e, calc)
            row = r
            return
        }
        guard var r = row else { return }
        switch type {
        case .breachEscalated:
            if let to = e.string("to"), let at = e.string("escalatedAt") {
                r.escalations.append(EscalationRecord(to: to, at: at, reportingFormSent: e.bool("reportingFormSent")))
            }
        case .riskAssessed:
            r.riskLevel = e.string("riskLevel")
            r.numberOfIndividuals = e.int("numberOfIndividuals")
            r.policeInvolvement = e.string("policeInvolvement")
        case .iCONotificationDecided:
            r.icoDecision = e.string("decision")
            r.icoDecisionReasons = e.string("reasons")
            r.icoDecidedAt = e.string("decidedAt")
        case .iCONotified:
            r.icoNotifiedAt = e.string("notifiedAt")
            r.icoReference = e.string("icoReference")
            r.reasonsForDelay = e.string("reasonsForDelay")
        case .dataSubjectsNotified:
            r.subjectsNotifiedOn = e.date("notifiedOn")
            r.subjectsNotifiedCount = (r.subjectsNotifiedCount ?? 0) + (e.int("numberNotified") ?? 0)
        case .policeInformed:
            r.policeInformedOn = e.date("informedOn")
        case .investigationOpened:
            r.investigationLead = e.string("lead")
            r.investigationOpenedOn = e.date("openedOn")
            r.investigationDueOn = e.date("dueOn") ?? r.investigationDueOn
        case .investigationConcluded:
            r.investigationConcludedOn = e.date("concludedOn")
            r.preventiveMeasures = e.string("preventiveMeasures")
        case .wrongfulReleaseLinked:
            if let foi = e.string("foiCase") { r.linkedRequests = Array(Set(r.linkedRequests + [foi])).sorted() }
        case .breachClosed:
            r.closedOn = e.date("closedOn")
        default: break
        }
        r.stepEscalation(type, e, calc)
        row = r
    }
}
