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
    /// Expected version per case; cases not named are `.any`.
    public var expectations: [String: ExpectedVersion]

    public init(events: [EventDraft], expectations: [String: ExpectedVersion] = [:]) {
        self.events = events
        self.expectations = expectations
    }
}

extension AppendBatch {
    /// Splits into consecutive batches of at most `maxEvents`; each case's expected version is
    /// carried to the part where that case first appears.
    public func split(maxEvents: Int) -> [AppendBatch] {
        guard maxEvents > 0, events.count > maxEvents else { return [self] }
        var parts: [AppendBatch] = []
        var seen: Set<String> = []
        var start = 0
        while start < events.count {
            let slice = Array(events[start..<min(events.count, start + maxEvents)])
            var exp: [String: ExpectedVersion] = [:]
            for e in slice where !seen.contains(e.stream) {
                seen.insert(e.stream)
                if let x = expectations[e.stream] { exp[e.stream] = x }
            }
            parts.append(AppendBatch(events: slice, expectations: exp))
            start += maxEvents
        }
        return parts
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
