import Foundation

/// What the caller believes about a case before appending to it (optimistic concurrency).
public enum ExpectedVersion: Hashable, Sendable, CustomStringConvertible {
    /// Append whatever the case's version.
    case any
    /// The case must not exist yet.
    case noStream
    /// The case must have exactly this many events.
    case exactly(UInt64)

    public var description: String {
        switch self {
        case .any: "any version"
        case .noStream: "no events (a new case)"
        case .exactly(let n): "version \(n)"
        }
    }
}

/// Events for one or more cases, stored atomically: all or none.
public struct AppendBatch: Sendable {
    public var events: [EventDraft]
    /// Expected version per case, before the batch's first event of that case; cases not named
    /// are `.any`.
    public var expectations: [String: ExpectedVersion]
    /// Expected version per event (by index in `events`): the version its case must have just
    /// before it. Takes the place of `expectations` for that event.
    public var eventExpectations: [Int: ExpectedVersion]
    /// What the caller hands the hooks with an event (by index in `events`), for example the
    /// plaintext payload a rule judges. Carried in memory with this batch only; never stored.
    public var attachments: [Int: any Sendable]

    public init(
        events: [EventDraft], expectations: [String: ExpectedVersion] = [:],
        eventExpectations: [Int: ExpectedVersion] = [:], attachments: [Int: any Sendable] = [:]
    ) {
        self.events = events
        self.expectations = expectations
        self.eventExpectations = eventExpectations
        self.attachments = attachments
    }

    /// The expectation that applies to event `index`: its own, else its case's when it is the
    /// case's first event in the batch.
    func expectation(at index: Int, firstOfStream: Bool) -> ExpectedVersion? {
        eventExpectations[index] ?? (firstOfStream ? expectations[events[index].stream] : nil)
    }
}

/// Where one event of a batch ended up.
public struct AppendResult: Hashable, Sendable {
    public var position: UInt64
    public var stream: String
    public var version: UInt64
    public var eventId: UUID
    /// True when the event id already existed with identical content (an idempotent retry).
    public var duplicate: Bool
}

/// Code that runs inside the append transaction for every new event: domain rules that may
/// refuse it (throw) and projections that update their own tables. The store knows nothing of
/// what a hook does.
///
/// A hook must keep its state in its own databases (named in `databaseNames`), never in
/// memory, because a refused or retried transaction is rolled back.
public protocol LedgerHook: Sendable {
    /// The LMDB databases the hook uses; opened once at start-up.
    var databaseNames: [String] { get }
    /// Called for each new event in log order, after the event is stored in this transaction.
    /// Throwing refuses the whole batch.
    func process(_ event: StoredEvent, in log: LogView) throws
    /// Removes everything the hook derived, before a rebuild replays the log.
    func reset(in log: LogView) throws
}

extension LedgerHook {
    public func reset(in log: LogView) throws {
        for name in databaseNames { try log.transaction.clear(log.transaction.database(name)) }
    }
}
