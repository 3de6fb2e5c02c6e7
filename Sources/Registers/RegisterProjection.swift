import Casework
import Foundation
import LedgerStore

/// The registers Casebook keeps.
public enum RegisterName: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case foi
    case sar
    case breach
    case nearMiss = "near-miss"
    case disclosure
    /// Third-party disclosure requests (the data protection policy Appendix 4). Last, so that the
    /// due index's register byte of the registers before it does not change.
    case thirdParty = "third-party"
    case agreements
    case complaints

    public var description: String { rawValue }

    /// The kind of case the register's rows are; nil for the disclosure log, which is public and
    /// lists published requests.
    public var caseKind: CaseKind? {
        switch self {
        case .foi: .request
        case .sar: .subjectAccess
        case .breach: .breach
        case .nearMiss: .nearMiss
        case .disclosure: nil
        case .thirdParty: .thirdPartyDisclosure
        case .agreements: .agreement
        case .complaints: .complaint
        }
    }

    /// The LMDB table holding the register's rows (case reference → row JSON).
    public var rowsTable: String { "reg.\(tableStem).rows" }

    private var tableStem: String {
        switch self {
        case .nearMiss: "nearMiss"
        case .thirdParty: "thirdParty"
        default: rawValue
        }
    }
}

/// What a reducer may consult besides the event and the row: the clocks, and the history of a case
/// up to and including the event being applied (never later events, also during a rebuild).
public struct ReducerContext {
    public let calculator: DeadlineCalculator
    /// The events of a case, in version order, with positions up to the event being applied.
    public let eventsOfCase: (String) throws -> [CaseEvent]

    public init(calculator: DeadlineCalculator, eventsOfCase: @escaping (String) throws -> [CaseEvent]) {
        self.calculator = calculator
        self.eventsOfCase = eventsOfCase
    }

    public var policy: Policy { calculator.policy }
}

/// A register's logic as a pure reducer: the rows an event touches, and how it changes each.
///
/// The inline hook (load row from LMDB → apply → store) and as-of replay (rows in a dictionary fed
/// events 0…N) run the same reducer, so a register as of now equals the stored one.
public protocol RegisterReducer: Sendable {
    associatedtype Row: RegisterRow
    static var register: RegisterName { get }
    /// The row keys (case references) `event` changes; usually its own case.
    static func keys(for event: CaseEvent, context: ReducerContext) throws -> [String]
    /// Applies `event` to the row stored under `key` (nil when there is none; set nil to delete).
    static func apply(_ event: CaseEvent, to row: inout Row?, key: String, context: ReducerContext) throws
}

/// A register row: a Codable value stored as JSON, shown as a table, CSV or JSON.
public protocol RegisterRow: Codable, Sendable, Equatable {
    var reference: String { get }
    /// The columns of CSV output, in order (table output shows those marked `inTable`).
    static var columns: [RegisterColumn<Self>] { get }
    /// The row with its query-time fields (overdue today and the like) filled in.
    func evaluated(today: LocalDate, calculator: DeadlineCalculator) -> Self
    /// The row with every personal value passed through `reveal`.
    func revealing(_ reveal: (JSONValue) -> JSONValue) -> Self
    /// The facts filters look at.
    var filterFacts: FilterFacts { get }
    /// Whether the row is shown at all (the disclosure log shows published rows only).
    var isListed: Bool { get }
    /// The steps still outstanding with their deadlines (the due list, overdue, the due index).
    var dueSteps: [DueStep] { get }
    /// The steps overdue, once `evaluated(today:)` (nil for registers without steps).
    var overdueSteps: [String]? { get }
}

extension RegisterRow {
    public var isListed: Bool { true }
    public var overdueSteps: [String]? { nil }
    public func revealing(_ reveal: (JSONValue) -> JSONValue) -> Self { self }
}

/// One output column: a header and how to render a row's cell as text.
public struct RegisterColumn<Row>: Sendable {
    public var name: String
    public var inTable: Bool
    public var value: @Sendable (Row) -> String

    public init(_ name: String, inTable: Bool = true, _ value: @escaping @Sendable (Row) -> String) {
        self.name = name
        self.inTable = inTable
        self.value = value
    }
}

/// What the generic filters see of a row.
public struct FilterFacts: Sendable {
    public var status: String
    public var regime: String?
    public var outcome: String?
    public var exemptions: [String] = []
    public var categories: [String] = []
    public var service: String?
    /// Received (requests) or occurred/discovered (breaches, near misses) day.
    public var date: LocalDate?
    /// The earliest step still outstanding, for "due within N working days".
    public var nextDueOn: LocalDate?
    /// Whether something is overdue (after `evaluated(today:)`).
    public var overdue: Bool
}

// MARK: - Shared row parts

/// A fees notice and its payment.
public struct FeeNotice: Codable, Sendable, Hashable {
    public var issuedOn: LocalDate
    public var paidOn: LocalDate?
    public var amountPence: Int?

    public init(issuedOn: LocalDate, paidOn: LocalDate? = nil, amountPence: Int? = nil) {
        self.issuedOn = issuedOn
        self.paidOn = paidOn
        self.amountPence = amountPence
    }
}

/// The latest internal review of a response.
public struct InternalReviewRecord: Codable, Sendable, Hashable {
    public var requestedOn: LocalDate
    public var dueOn: LocalDate?
    public var decidedOn: LocalDate?
    public var outcome: String?
    public var onTime: Bool?
    /// Working days the review was extended by (`InternalReviewExtended`, the FOI policy
    /// "Complaints"), and when; nil when not extended.
    public var extensionWorkingDays: Int?
    public var extendedOn: LocalDate?
    /// The reviewing officer, and whether they also signed off the response reviewed: flagged, not
    /// refused (the FOI policy "Complaints" asks for a fair and impartial review).
    public var reviewer: String?
    public var reviewerSignedOffResponse: Bool?
    /// Whether the decision told the requester of the right of appeal to the regulator.
    public var appealRightsGiven: Bool?

    public init(requestedOn: LocalDate, dueOn: LocalDate? = nil, decidedOn: LocalDate? = nil, outcome: String? = nil, onTime: Bool? = nil) {
        self.requestedOn = requestedOn
        self.dueOn = dueOn
        self.decidedOn = decidedOn
        self.outcome = outcome
        self.onTime = onTime
    }
}

/// A complaint to the regulator (ICO or Scottish Information Commissioner) and its decision notice.
public struct RegulatorComplaintRecord: Codable, Sendable, Hashable {
    public var regulator: String
    public var receivedOn: LocalDate
    public var regulatorReference: String?
    public var decisionReceivedOn: LocalDate?
    public var decisionReference: String?
    public var decisionOutcome: String?

    public init(regulator: String, receivedOn: LocalDate, regulatorReference: String? = nil, decisionReceivedOn: LocalDate? = nil,
                decisionReference: String? = nil, decisionOutcome: String? = nil) {
        self.regulator = regulator
        self.receivedOn = receivedOn
        self.regulatorReference = regulatorReference
        self.decisionReceivedOn = decisionReceivedOn
        self.decisionReference = decisionReference
        self.decisionOutcome = decisionOutcome
    }
}

/// A released or published document, by content hash.
public struct DocumentRecord: Codable, Sendable, Hashable {
    public var title: String
    public var sha256: String

    public init(title: String, sha256: String) {
        self.title = title
        self.sha256 = sha256
    }

    static func list(_ value: JSON?) -> [DocumentRecord] {
        (value?.arrayValue ?? []).compactMap { d in
            guard let t = d["title"]?.stringValue, let h = d["sha256"]?.stringValue else { return nil }
            return DocumentRecord(title: t, sha256: h)
        }
    }
}

// MARK: - Folding a case's own events

/// The part every case row shares: audit columns kept while folding.
protocol CaseRow: RegisterRow {
    var lateEntries: [LateEntry] { get set }
    var correctedFields: [String] { get set }
    /// The case officer (`CaseOfficer.track`); the disclosure log keeps none.
    var officer: String? { get set }
    /// Recomputes every derived column (due dates, on time, status) from the row's inputs.
    mutating func recompute(_ context: ReducerContext)
}

enum CaseFold {
    /// Applies an event of the row's own case. A `Corrected` or `Voided` event refolds the case from
    /// its first event with the corrections written into the corrected payloads and the voided
    /// events left out, so a corrected receipt date moves every date derived from it and a voided
    /// response reopens the request; `preserve` carries over columns other cases set.
    static func apply<R: CaseRow>(
        _ event: CaseEvent, to row: inout R?, context: ReducerContext,
        preserve: (R, inout R) -> Void = { _, _ in },
        step: (CaseEvent, inout R?) -> Void
    ) throws {
        if event.type == EventType.corrected.rawValue || event.type == EventType.voided.rawValue {
            // Refold the case: the corrections written in, the voided events left out.
            let history = try context.eventsOfCase(event.reference)
            let corrected = Corrections.applied(to: history)
            var fresh: R?
            for e in corrected {
                if e.type == EventType.corrected.rawValue {
                    if var r = fresh {
                        r.correctedFields = Array(Set(r.correctedFields + Corrections.fieldsCorrected(by: e, in: history))).sorted()
                        fresh = r
                    }
                } else {
                    let opened = fresh == nil
                    step(e, &fresh)
                    CaseOfficer.track(e, in: &fresh, opening: opened)
                }
                if let late = LateEntry.of(e, policy: context.policy) { fresh?.lateEntries.append(late) }
            }
            if let old = row, var new = fresh {
                preserve(old, &new)
                fresh = new
            }
            row = fresh
        } else {
            let opened = row == nil
            step(event, &row)
            CaseOfficer.track(event, in: &row, opening: opened)
            if let late = LateEntry.of(event, policy: context.policy) { row?.lateEntries.append(late) }
        }
        row?.recompute(context)
    }
}

// MARK: - Formatting helpers

enum Cell {
    static func date(_ d: LocalDate?) -> String { d?.iso ?? "" }
    static func bool(_ b: Bool?) -> String { b.map { $0 ? "yes" : "no" } ?? "" }
    static func int(_ i: Int?) -> String { i.map(String.init) ?? "" }
    static func list(_ l: [String]) -> String { l.joined(separator: "; ") }
    static func json(_ v: JSON?) -> String {
        guard let v else { return "" }
        if case .string(let s) = v { return s }
        return v.canonicalString
    }
}
