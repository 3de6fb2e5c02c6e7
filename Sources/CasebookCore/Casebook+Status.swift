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
            let status: String
            let overdueSteps: [String]
            switch parsed.kind {
            case .request:
                guard let row = try RegisterHook<FOIRegister>.row(reference, in: log) else { return Self.unregistered(parsed, head.version) }
                snapshot.foi = [row]
                status = row.status
                overdueSteps = row.evaluated(today: today, calculator: calculator).overdueSteps ?? []
            case .subjectAccess:
                guard let row = try RegisterHook<SARRegister>.row(reference, in: log) else { return Self.unregistered(parsed, head.version) }
                snapshot.sar = [row]
                status = row.status
                overdueSteps = row.evaluated(today: today, calculator: calculator).overdueSteps ?? []
            case .breach:
                guard let row = try RegisterHook<BreachRegister>.row(reference, in: log) else { return Self.unregistered(parsed, head.version) }
                snapshot.breach = [row]
                status = row.status
                overdueSteps = row.evaluated(today: today, calculator: calculator).overdueSteps ?? []
            case .nearMiss:
                guard let row = try RegisterHook<NearMissRegister>.row(reference, in: log) else { return Self.unregistered(parsed, head.version) }
                snapshot.nearMiss = [row]
                status = row.status
                overdueSteps = row.evaluated(today: today, calculator: calculator).overdueSteps ?? []
            case .thirdPartyDisclosure:
                guard let row = try RegisterHook<ThirdPartyRegister>.row(reference, in: log) else { return Self.unregistered(parsed, head.version) }
                snapshot.thirdParty = [row]
                status = row.status
                overdueSteps = row.evaluated(today: today, calculator: calculator).overdueSteps ?? []
            case .agreement:
                guard let row = try RegisterHook<AgreementRegister>.row(reference, in: log) else { return Self.unregistered(parsed, head.version) }
                snapshot.agreements = [row]
                status = row.status
                overdueSteps = row.evaluated(today: today, calculator: calculator).overdueSteps ?? []
            case .complaint:
                guard let row = try RegisterHook<ComplaintRegister>.row(reference, in: log) else { return Self.unregistered(parsed, head.version) }
                snapshot.complaints = [row]
                status = row.status
                overdueSteps = row.evaluated(today: today, calculator: calculator).overdueSteps ?? []
            }
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
