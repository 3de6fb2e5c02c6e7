import Casework
import Foundation
import LedgerStore

/// One complaint about data handling or sharing on the complaints register (the data-sharing
/// guidance §6 'Complaints Procedures'). The complainant and the summary are personal (case
/// scope): kept as recorded (sealed) and shown only through `reveal`.
public struct ComplaintRow: CaseRow {
    public var reference: String
    public var receivedOn: LocalDate
    /// publicMember or partner.
    public var source: String
    /// handling or sharing.
    public var about: String
    public var service: String
    public var partner: String?
    /// The agreement complained about (`DSA-…`).
    public var agreement: String?
    public var complainant: PersonalValue?
    public var summary: PersonalValue?
    public var acknowledgedOn: LocalDate?
    /// Policy `complaintResponseWorkingDays` (20) working days after receipt.
    public var responseDueOn: LocalDate?
    public var respondedOn: LocalDate?
    public var outcome: String?
    public var respondedOnTime: Bool?
    public var escalatedToICOOn: LocalDate?
    public var icoReference: String?
    /// received, acknowledged, resolved, escalated.
    public var status: String = "received"
    public var lateEntries: [LateEntry] = []
    public var correctedFields: [String] = []
    /// The case officer: who opened the case (the opening event's actor), then the latest
    /// `Reassigned.to`. Nil in rows stored before the column existed (`casebook rebuild` fills it).
    public var officer: String?
    public var overdue: Bool?
    public var overdueSteps: [String]?

    public init(reference: String, receivedOn: LocalDate, source: String, about: String, service: String) {
        self.reference = reference
        self.receivedOn = receivedOn
        self.source = source
        self.about = about
        self.service = service
    }

    mutating func recompute(_ context: ReducerContext) {
        let due = context.calculator.complaintResponseDueDate(receivedOn: receivedOn)
        responseDueOn = due
        respondedOnTime = respondedOn.map { $0 <= due }
        status = escalatedToICOOn != nil ? "escalated" : respondedOn != nil ? "resolved" : acknowledgedOn != nil ? "acknowledged" : "received"
    }

    public func evaluated(today: LocalDate, calculator: DeadlineCalculator) -> ComplaintRow {
        var row = self
        row.overdueSteps = overdueSteps(on: today)
        row.overdue = !(row.overdueSteps ?? []).isEmpty
        return row
    }

    public func revealing(_ reveal: (JSONValue) -> JSONValue) -> ComplaintRow {
        var row = self
        row.complainant = complainant.map { PersonalValue(reveal($0.value)) }
        row.summary = summary.map { PersonalValue(reveal($0.value)) }
        return row
    }

    public var filterFacts: FilterFacts {
        FilterFacts(status: status, regime: nil, outcome: outcome, exemptions: [], categories: [about, source], service: service,
                    date: receivedOn, nextDueOn: respondedOn == nil ? responseDueOn : nil, overdue: overdue ?? false)
    }

    public static let columns: [RegisterColumn<ComplaintRow>] = [
        .init("reference") { $0.reference },
        .init("received") { $0.receivedOn.iso },
        .init("source") { $0.source },
        .init("about") { $0.about },
        .init("service") { $0.service },
        .init("partner", inTable: false) { $0.partner ?? "" },
        .init("agreement", inTable: false) { $0.agreement ?? "" },
        .init("complainant", inTable: false) { Cell.json($0.complainant?.value) },
        .init("summary", inTable: false) { Cell.json($0.summary?.value) },
        .init("acknowledged", inTable: false) { Cell.date($0.acknowledgedOn) },
        .init("responseDue") { Cell.date($0.responseDueOn) },
        .init("responded") { Cell.date($0.respondedOn) },
        .init("outcome") { $0.outcome ?? "" },
        .init("respondedOnTime", inTable: false) { Cell.bool($0.respondedOnTime) },
        .init("escalatedToICO", inTable: false) { Cell.date($0.escalatedToICOOn) },
        .init("status") { $0.status },
        .init("overdue") { Cell.bool($0.overdue) },
        .init("lateEntries", inTable: false) { Cell.int($0.lateEntries.count) },
        .init("officer") { $0.officer ?? "" },
    ]
}

/// The register of complaints about data handling or sharing (the data-sharing guidance §6), with
/// the answer due `complaintResponseWorkingDays` working days after receipt.
public enum ComplaintRegister: RegisterReducer {
    public typealias Row = ComplaintRow
    public static let register = RegisterName.complaints

    public static func keys(for event: CaseEvent, context: ReducerContext) throws -> [String] {
        event.kind == .complaint ? [event.reference] : []
    }

    public static func apply(_ event: CaseEvent, to row: inout ComplaintRow?, key: String, context: ReducerContext) throws {
        try CaseFold.apply(event, to: &row, context: context, step: step)
    }

    static func step(_ e: CaseEvent, _ row: inout ComplaintRow?) {
        guard let type = EventType(rawValue: e.type) else { return }
        switch type {
        case .complaintReceived:
            var r = ComplaintRow(reference: e.reference, receivedOn: e.date("receivedOn") ?? e.occurredOn, source: e.string("source") ?? "",
                                 about: e.string("about") ?? "", service: e.string("service") ?? "")
            r.partner = e.string("partner")
            r.agreement = e.string("agreement")
            r.complainant = e.payload["complainant"].map(PersonalValue.init)
            r.summary = e.payload["summary"].map(PersonalValue.init)
            row = r
        case .complaintAcknowledged:
            row?.acknowledgedOn = e.date("acknowledgedOn")
        case .complaintResolved:
            row?.respondedOn = e.date("respondedOn")
            row?.outcome = e.string("outcome")
        case .complaintEscalatedToICO:
            row?.escalatedToICOOn = e.date("escalatedOn")
            row?.icoReference = e.string("icoReference")
        default: break
        }
    }
}
