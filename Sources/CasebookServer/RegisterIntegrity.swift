import CasebookCore
import Foundation
import LedgerStore
import Logging
import Registers

/// Whether the stored registers may be served: the register check (`Casebook.checkRegisters`,
/// every row, due step and case state recomputed from the log) run at start-up and whenever
/// asked, in the background, so a big ledger does not hold up the server's start.
///
/// A register whose check found a difference answers 503 naming the register, the case and the
/// field; while the check runs, a register request waits a moment for it and then answers 503
/// "integrity check in progress". Tables that need a rebuild (another version's encoding, or
/// behind the log) are not refused: reads replay the log or say so themselves.
///
/// Thread-safe: the state is behind a lock; the check runs on a global dispatch queue with its
/// own read transaction.
final class RegisterIntegrity: @unchecked Sendable {
    enum State {
        case checking
        case checked(RegisterCheckReport)
        case broken(String)
    }

    private let lock = NSLock()
    private var state: State = .checking
    private var generation = 0
    private let casebook: Casebook
    private let logger: Logger
    /// How long a request waits for a check in progress before answering 503.
    let patience: Duration

    init(casebook: Casebook, logger: Logger, patience: Duration = .seconds(2)) {
        self.casebook = casebook
        self.logger = logger
        self.patience = patience
    }

    /// Starts a check in the background (a check already running is superseded: its result is dropped).
    func start() {
        let mine: Int = lock.withLock {
            generation += 1
            state = .checking
            return generation
        }
        let casebook = self.casebook, logger = self.logger
        DispatchQueue.global(qos: .utility).async { [weak self] in
            let started = Date()
            let result: State
            do { result = .checked(try casebook.checkRegisters()) } catch { result = .broken("\(error)") }
            guard let self else { return }
            self.lock.withLock { if self.generation == mine { self.state = result } }
            switch result {
            case .checked(let r) where r.firstDifference != nil:
                logger.error("register check failed", metadata: ["difference": "\(r.firstDifference!.message)", "differences": "\(r.differenceCount)"])
            case .broken(let message):
                logger.error("register check could not run", metadata: ["error": "\(message)"])
            default:
                logger.info("register check done", metadata: ["seconds": "\(Int(Date().timeIntervalSince(started)))"])
            }
        }
    }

    var current: State { lock.withLock { state } }

    /// Throws 503 unless every register in `registers` passed the check (waiting up to `patience`
    /// for a check in progress).
    func require(_ registers: [RegisterName]) async throws {
        let deadline = ContinuousClock.now + patience
        while case .checking = current, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        switch current {
        case .checking:
            throw APIError(.serviceUnavailable, "integrityCheckInProgress",
                           "the register integrity check is in progress (every register row is being recomputed from the log); try again in a minute")
        case .broken(let message):
            throw APIError(.serviceUnavailable, "registerIntegrity",
                           "the registers could not be checked against the log (\(message)); run `casebook verify`, then restore from a backup or run `casebook rebuild`")
        case .checked(let report):
            let failed = registers.filter { report.failedRegisters.contains($0) }
            guard let register = failed.first else { return }
            let detail = report.firstDifferenceByRegister[register]?.message ?? "its stored rows differ from what the log gives"
            throw APIError(.serviceUnavailable, "registerIntegrity",
                           "\(register.title) is not served: its stored rows do not match the log. First difference: \(detail). Run `casebook verify`; restore from a backup or run `casebook rebuild`.",
                           details: ["register": .string(register.rawValue)])
        }
    }

    /// The check's state as JSON, for `GET /api/v1/integrity`.
    var json: JSONValue {
        switch current {
        case .checking: return .object(["status": .string("checking")])
        case .broken(let message): return .object(["status": .string("error"), "error": .string(message)])
        case .checked(let r):
            var o: JSONObject = [
                "status": .string(r.firstDifference == nil ? "ok" : "failed"), "cases": .int(Int64(r.cases)), "rows": .int(Int64(r.rows)),
                "failedRegisters": .array(r.failedRegisters.map(\.rawValue).sorted().map { .string($0) }),
            ]
            if let d = r.firstDifference { o["firstDifference"] = .string(d.message) }
            if let advice = r.rebuildNeeded { o["rebuildNeeded"] = .string(advice) }
            return .object(o)
        }
    }
}
