import Registers
import Casework
import Foundation
import LedgerStore

/// Where one case stands: its register status, its version and the next step due.
public struct CaseStatus: Sendable, Hashable, Codable {
    public var reference: String
    public var kind: CaseKind
    /// The register row's status, e.g. `open`, `awaitingClarification`, `responded`, `closed`.
    public var status: String
    /// The number of events on the case (the version the next append must expect).
    public var version: UInt64
    /// The earliest outstanding step: `response`, `acknowledgement`, `internalReview`,
    /// `icoNotification`, `reportingForm`, `investigation` or `review`; nil when nothing is due.
    public var nextStep: String?
    /// When `nextStep` is due: a day (`2026-04-10`) or, for hour clocks, an instant (RFC 3339 UTC).
    public var nextDue: String?
    /// Whether any step is overdue on the day asked about.
    public var overdue: Bool
    /// The steps overdue on that day.
    public var overdueSteps: [String]

    public init(reference: String, kind: CaseKind, status: String, version: UInt64, nextStep: String? = nil,
                nextDue: String? = nil, overdue: Bool = false, overdueSteps: [String] = []) {
        self.reference = reference
        self.kind = kind
        self.status = status
        self.version = version
        self.nextStep = nextStep
        self.nextDue = nextDue
        self.overdue = overdue
        self.overdueSteps = overdueSteps
    }
}

extension Casebook {
    /// Where the case `reference` stands on `today`, read from its register row (kept up to date
    /// by the register hooks on every append).
    ///
    /// The next step is the first of the case's outstanding steps in the order of `casebook due`
    /// (the same `dueList` logic), however far ahead it falls.
    /// - Throws: `LedgerError` `.notFound` when the ledger has no such case, `.invalidInput` for a
    ///   malformed reference.
    public func status(of reference: String, today: LocalDate) throws -> CaseStatus {
        let parsed: CaseReference
        do { parsed = try CaseReference(reference) } catch { throw LedgerError(.invalidInput, error.message) }
        let calculator = deadlines
        return try ledger.read { log in
            guard let head = try log.head(of: reference) else {
                throw LedgerError(.notFound, "no case \(reference) in the ledger")
            }
            var snapshot = RegisterSnapshot()
            /// The case's row of `register`, put in the snapshot: its status and overdue steps.
            func row<R: RegisterReducer>(_ register: R.Type, _ rows: WritableKeyPath<RegisterSnapshot, [R.Row]>) throws -> (String, [String])? {
                guard let row = try RegisterHook<R>.row(reference, in: log) else { return nil }
                snapshot[keyPath: rows] = [row]
                return (row.filterFacts.status, row.evaluated(today: today, calculator: calculator).overdueSteps ?? [])
            }
            let found: (String, [String])? = switch parsed.kind {
            case .request: try row(FOIRegister.self, \.foi)
            case .subjectAccess: try row(SARRegister.self, \.sar)
            case .breach: try row(BreachRegister.self, \.breach)
            case .nearMiss: try row(NearMissRegister.self, \.nearMiss)
            case .thirdPartyDisclosure: try row(ThirdPartyRegister.self, \.thirdParty)
            case .agreement: try row(AgreementRegister.self, \.agreements)
            case .complaint: try row(ComplaintRegister.self, \.complaints)
            }
            guard let (status, overdueSteps) = found else { return Self.unregistered(parsed, head.version) }
            // The due list keeps steps up to a horizon; make it reach the case's furthest step.
            let next = snapshot.dueList(within: Self.dueHorizonWorkingDays, today: today, calculator: calculator).first
            return CaseStatus(reference: reference, kind: parsed.kind, status: status, version: head.version,
                              nextStep: next?.step, nextDue: next?.due, overdue: !overdueSteps.isEmpty, overdueSteps: overdueSteps)
        }
    }

    /// About ten years of working days: every statutory or policy step falls well inside it.
    static let dueHorizonWorkingDays = 2600

    /// A case with events but no register row (e.g. only housekeeping events recorded below the facade).
    private static func unregistered(_ reference: CaseReference, _ version: UInt64) -> CaseStatus {
        CaseStatus(reference: reference.rawValue, kind: reference.kind, status: "unregistered", version: version)
    }
}
