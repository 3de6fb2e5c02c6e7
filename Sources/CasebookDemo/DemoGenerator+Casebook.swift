import Casework
import Foundation
import CasebookCore
import LedgerStore

/// The simulated "now" of a demo run, for `LedgerOptions.clock`: the ledger stamps each event's
/// `recordedAt` from it, and the demo runner moves it to each batch's recording time before
/// appending, so a generated history carries realistic recording times and late entries.
///
/// Set `options.clock = clock.ledgerClock` when creating or opening the `Casebook` used for the
/// run. Thread-safe.
///
/// `@unchecked Sendable`: the only state, `current`, is read and written under `lock`.
public final class DemoClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Timestamp

    /// A clock reading `start` until it is moved.
    public init(start: Timestamp) {
        current = start
    }

    /// A clock reading the first morning of the generator's window.
    public convenience init(for generator: DemoGenerator) {
        self.init(start: Timestamp(generator.start.startOfDay()))
    }

    /// The current simulated time.
    public func now() -> Timestamp {
        lock.lock(); defer { lock.unlock() }
        return current
    }

    /// Moves the clock to `time` (forwards only: an earlier time is ignored, so `recordedAt`
    /// never goes backwards).
    public func advance(to time: Timestamp) {
        lock.lock(); defer { lock.unlock() }
        if time > current { current = time }
    }

    /// The closure to put in `LedgerOptions.clock`.
    public var ledgerClock: @Sendable () -> Timestamp {
        { [self] in self.now() }
    }
}

extension CaseEventInput {
    /// The input recording a generated event: opening events expect a new case.
    public init(_ event: DemoEvent) {
        self.init(
            caseReference: event.caseReference, payload: event.payload, occurredAt: Timestamp(event.occurredAt),
            actor: LedgerStore.Actor(id: event.actorId, role: event.actorRole), eventId: event.eventId,
            expectedVersion: event.opensCase ? .noStream : nil)
    }
}

extension DemoGenerator {
    /// Generates a history and records it through `casebook`, one atomic append per batch (at most
    /// `maxBatchEvents`, capped at 1000), with `clock` moved to each batch's recording time.
    ///
    /// `casebook` must have been opened with `clock.ledgerClock` as its ledger clock. Re-running
    /// with the same arguments on the same ledger is idempotent (same event ids); a different seed
    /// on a ledger that already has these case references fails on the first opening event
    /// ("expected a new case"), appending nothing of that batch.
    ///
    /// - Parameters:
    ///   - recordingTickSeconds: Recording-time granularity (default 1800). Larger ticks give
    ///     fewer, larger appends (for benchmarks) at the cost of coarser `recordedAt`.
    ///   - progress: Called with the running totals every 100 batches and at the end.
    /// - Returns: What was recorded.
    public static func run(
        casebook: Casebook, clock: DemoClock, cases: Int, seed: UInt64, end: LocalDate,
        years: Int? = nil, maxBatchEvents: Int = 1000, recordingTickSeconds: Int? = nil,
        progress: @Sendable (DemoSummary) -> Void = { _ in }
    ) async throws -> DemoSummary {
        var generator = DemoGenerator(cases: cases, seed: seed, end: end, policy: casebook.policy, years: years)
        if let recordingTickSeconds { generator.recordingTickSeconds = recordingTickSeconds }
        return try await generator.record(into: casebook, clock: clock, maxBatchEvents: maxBatchEvents, progress: progress)
    }

    /// Records this generator's history through `casebook` (see `run`).
    public func record(
        into casebook: Casebook, clock: DemoClock, maxBatchEvents: Int = 1000,
        progress: @Sendable (DemoSummary) -> Void = { _ in }
    ) async throws -> DemoSummary {
        var summary = DemoSummary()
        for batch in batches(maxEvents: min(1000, max(1, maxBatchEvents))) {
            clock.advance(to: Timestamp(batch.recordedAt))
            try await casebook.record(batch.events.map(CaseEventInput.init))
            summary.add(batch, policy: policy)
            if summary.batches % 100 == 0 { progress(summary) }
        }
        progress(summary)
        return summary
    }
}
