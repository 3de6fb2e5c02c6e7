import Casework
import Foundation
import LedgerStore

/// One near miss on the near-miss register (the data protection policy App. 6 §3). The description is personal (case
/// scope): kept as recorded (sealed) and shown only through `reveal`.
public struct NearMissRow: CaseRow {
    public var reference: String
    public var service: String
    public var occurredOn: LocalDate
    public var reportedOn: LocalDate
    public var description: PersonalValue?
    public var potentialCategory: String
    /// Policy: reported within 5 working days of occurring.
    public var reportDueOn: LocalDate?
    public var reportedOnTime: Bool?
    /// Policy choice: the review is due the same number of working days after the report.
    public var reviewDueOn: LocalDate?
    public var weakness: String?
    public var action: String?
    public var reviewedOn: LocalDate?
    /// reported, reviewed.
    public var status: String = "reported"
    public var lateEntries: [LateEntry] = []
    public var correctedFields: [String] = []
    /// The case officer: who opened the case (the opening event's actor), then the latest
    /// `Reassigned.to`. Nil in rows stored before the column existed (`casebook rebuild` fills it).
    public var officer: String?
    public var overdue: Bool?
    public var overdueSteps: [String]?

    public init(reference: String, service: String, occurredOn: LocalDate, reportedOn: LocalDate, potentialCategory: String) {
        self.reference = reference
        self.service = service
        self.occurredOn = occurredOn
        self.reportedOn = reportedOn
        self.potentialCategory = potentialCategory
    }

    mutating func recompute(_ context: ReducerContext) {
        let calc = context.calculator
        reportDueOn = calc.nearMissReportDueDate(occurredOn: occurredOn)
        reportedOnTime = reportDueOn.map { reportedOn <= $0 }
        reviewDueOn = calc.calendar(for: nil as Division?).workingDay(context.policy.nearMissReportWorkingDays, after: reportedOn)
        status = reviewedOn == nil ? "reported" : "reviewed"
    }

    public func evaluated(today: LocalDate, calculator: DeadlineCalculator) -> NearMissRow {
        var row = self
        row.overdueSteps = overdueSteps(on: today)
        row.overdue = !(row.overdueSteps ?? []).isEmpty
        return row
    }

    public func revealing(_ reveal: (JSONValue) -> JSONValue) -> NearMissRow {
        var row = self
        row.description = description.map { PersonalValue(reveal($0.value)) }
        return row
    }

    public var filterFacts: FilterFacts {
        FilterFacts(status: status, regime: nil, outcome: weakness, exemptions: [], categories: [potentialCategory], service: service,
                    date: occurredOn, nextDueOn: reviewedOn == nil ? reviewDueOn : nil, overdue: overdue ?? false)
    }

    public static let columns: [RegisterColumn<NearMissRow>] = [
        .init("reference") { $0.reference },
        .init("occurred") { $0.occurredOn.iso },
        .init("reported") { $0.reportedOn.iso },
        .init("service") { $0.service },
        .init("description", inTable: false) { Cell.json($0.description?.value) },
        .init("potentialCategory") { $0.potentialCategory },
        .init("reportDue", inTable: false) { Cell.date($0.reportDueOn) },
        .init("reportedOnTime") { Cell.bool($0.reportedOnTime) },
        .init("weakness") { $0.weakness ?? "" },
        .init("action", inTable: false) { $0.action ?? "" },
        .init("reviewed") { Cell.date($0.reviewedOn) },
        .init("status") { $0.status },
        .init("overdue") { Cell.bool($0.overdue) },
        .init("lateEntries", inTable: false) { Cell.int($0.lateEntries.count) },
        .init("officer") { $0.officer ?? "" },
    ]
}

/// The near-miss register (the data protection policy App. 6 §3.2.2).
public enum NearMissRegister: RegisterReducer {
    public typealias Row = NearMissRow
    public static let register = RegisterName.nearMiss

    public static func keys(for event: CaseEvent, context: ReducerContext) throws -> [String] {
        event.kind == .nearMiss ? [event.reference] : []
    }

    public static func apply(_ event: CaseEvent, to row: inout NearMissRow?, key: String, context: ReducerContext) throws {
        try CaseFold.apply(event, to: &row, context: context, step: step)
    }

    static func step(_ e: CaseEvent, _ row: inout NearMissRow?) {
        guard let type = EventType(rawValue: e.type) else { return }
        switch type {
        case .nearMissReported:
            let occurred = e.date("occurredOn") ?? e.occurredOn
            var r = row ?? NearMissRow(reference: e.reference, service: "", occurredOn: occurred, reportedOn: occurred, potentialCategory: "")
            r.service = e.string("service") ?? r.service
            r.occurredOn = occurred
            r.reportedOn = e.date("reportedOn") ?? occurred
            r.potentialCategory = e.string("potentialCategory") ?? r.potentialCategory
            r.description = e.payload["description"].map(PersonalValue.init)
            row = r
        case .nearMissReviewed:
            row?.weakness = e.string("weakness")
            row?.action = e.string("action")
            row?.reviewedOn = e.date("reviewedOn")
        default: break
        }
    }
}
