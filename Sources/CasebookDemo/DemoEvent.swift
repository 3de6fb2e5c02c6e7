import Casework
import Foundation

/// One generated event, ready to record: the case, the typed payload, when it happened, when the
/// ledger should record it, who did it and its event id.
///
/// Casework-level on purpose (no ledger types): the Registers adapter turns it into a
/// `CaseEventInput` and sets the ledger's clock to `recordedAt`.
public struct DemoEvent: Sendable {
    public var caseReference: CaseReference
    public var payload: any EventPayload
    /// When it happened in the world (whole seconds).
    public var occurredAt: Date
    /// When it is to be recorded; equal to its batch's `recordedAt`, never before `occurredAt`.
    public var recordedAt: Date
    public var actorId: String
    public var actorRole: String
    /// Derived from the generator's seed, so a re-run produces the same ids (and appends are idempotent).
    public var eventId: UUID
    /// True for the event that opens the case (record it with expected version "no stream").
    public var opensCase: Bool

    public var eventType: EventType { payload.eventType }

    public init(caseReference: CaseReference, payload: any EventPayload, occurredAt: Date, recordedAt: Date,
                actorId: String, actorRole: String, eventId: UUID, opensCase: Bool) {
        self.caseReference = caseReference
        self.payload = payload
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.actorId = actorId
        self.actorRole = actorRole
        self.eventId = eventId
        self.opensCase = opensCase
    }
}

/// Events that share one `recordedAt`, in the order they must be appended: one atomic append.
public struct DemoBatch: Sendable {
    /// The instant the ledger should stamp on every event of the batch.
    public var recordedAt: Date
    public var events: [DemoEvent]

    public init(recordedAt: Date, events: [DemoEvent]) {
        self.recordedAt = recordedAt
        self.events = events
    }
}

/// Counts of what a demo run generated or recorded.
public struct DemoSummary: Sendable, Hashable {
    /// Cases opened, by kind.
    public var cases: [CaseKind: Int] = [:]
    /// Events, by type.
    public var events: [EventType: Int] = [:]
    public var totalEvents = 0
    public var batches = 0
    /// Events recorded at least `lateEntryThresholdHours` (policy) after they occurred.
    public var lateEntries = 0
    /// The first and last `recordedAt` seen.
    public var firstRecordedAt: Date?
    public var lastRecordedAt: Date?

    public init() {}

    public var totalCases: Int { cases.values.reduce(0, +) }

    /// Event counts keyed by the stored type name, for printing or JSON.
    public var eventsByTypeName: [String: Int] {
        Dictionary(uniqueKeysWithValues: events.map { ($0.key.rawValue, $0.value) })
    }

    /// Case counts keyed by kind name, for printing or JSON.
    public var casesByKindName: [String: Int] {
        Dictionary(uniqueKeysWithValues: cases.map { ($0.key.rawValue, $0.value) })
    }

    /// Adds one event; `policy` decides what counts as a late entry.
    public mutating func add(_ event: DemoEvent, policy: Policy) {
        totalEvents += 1
        events[event.eventType, default: 0] += 1
        if event.opensCase { cases[event.caseReference.kind, default: 0] += 1 }
        if policy.isLateEntry(occurredAt: event.occurredAt, recordedAt: event.recordedAt) { lateEntries += 1 }
        if firstRecordedAt == nil { firstRecordedAt = event.recordedAt }
        lastRecordedAt = event.recordedAt
    }

    /// Adds a whole batch.
    public mutating func add(_ batch: DemoBatch, policy: Policy) {
        batches += 1
        for event in batch.events { add(event, policy: policy) }
    }
}
