import Casework
import Foundation
import LedgerStore

/// Short name for the canonical JSON value.
typealias JSON = JSONValue

/// One stored event as the registers read it: envelope facts plus the raw payload.
///
/// Projections never decode payloads with `EventCatalogue`: personal fields may be sealed
/// objects (`{"$sealed": {...}}`), so each register reads the non-personal fields it needs by name.
public struct CaseEvent: Sendable, Hashable {
    public var position: UInt64
    public var eventId: UUID
    /// The case reference (the stream), e.g. `FOI-2025-0001`.
    public var reference: String
    public var type: String
    public var occurredAt: Timestamp
    public var recordedAt: Timestamp
    public var payload: JSONValue
    /// Who recorded the event (the envelope's `actor.id`): the case officer is the one who opened
    /// the case, until a `Reassigned` names another. Nil for events built without an envelope.
    public var actorId: String?

    public init(position: UInt64, eventId: UUID, reference: String, type: String, occurredAt: Timestamp,
                recordedAt: Timestamp, payload: JSONValue, actorId: String? = nil) {
        self.position = position
        self.eventId = eventId
        self.reference = reference
        self.type = type
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.payload = payload
        self.actorId = actorId
    }

    public init(_ stored: StoredEvent) {
        let e = stored.envelope
        self.init(position: e.position, eventId: e.eventId, reference: e.stream, type: e.type,
                  occurredAt: e.occurredAt, recordedAt: e.recordedAt, payload: e.payload, actorId: e.actor.id)
    }

    /// The case kind fixed by the reference prefix; nil for a stream that is not a case reference.
    public var kind: CaseKind? { caseKind(of: reference) }

    // MARK: Payload fields (non-personal, read by name)

    func string(_ key: String) -> String? { payload[key]?.stringValue }
    func int(_ key: String) -> Int? { payload[key]?.intValue.map { Int($0) } }
    func bool(_ key: String) -> Bool? { payload[key]?.boolValue }
    func strings(_ key: String) -> [String] { payload[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// A `YYYY-MM-DD` field, or the Europe/London day of an RFC 3339 field.
    func date(_ key: String) -> LocalDate? { string(key).flatMap(parseDay) }

    /// An RFC 3339 field as an instant.
    func instant(_ key: String) -> Date? { string(key).flatMap(DeadlineMoment.parseRFC3339) }

    /// The late-entry note for a timeline line, or nil when the event was recorded in time.
    public func lateEntry(policy: Policy = .default) -> LateEntry? { LateEntry.of(self, policy: policy) }

    /// The Europe/London day the event occurred.
    var occurredOn: LocalDate { LocalDate(occurredAt.date) }
}

func caseKind(of reference: String) -> CaseKind? {
    switch reference.split(separator: "-", maxSplits: 1).first {
    case "FOI", "EIR": .request
    case "SAR": .subjectAccess
    case "BR": .breach
    case "NM": .nearMiss
    case "TPD": .thirdPartyDisclosure
    case "DSA": .agreement
    case "CMP": .complaint
    default: nil
    }
}

/// `YYYY-MM-DD`, or the Europe/London day of an RFC 3339 instant.
func parseDay(_ text: String) -> LocalDate? {
    LocalDate(iso: text) ?? DeadlineMoment.parseRFC3339(text).map { LocalDate($0) }
}

/// An instant as the ledger writes it: RFC 3339 UTC with `Z`.
func utc(_ date: Date) -> String { Timestamp(date).rfc3339 }

/// An event whose `recordedAt` is well after its `occurredAt` (policy `lateEntryThresholdHours`).
public struct LateEntry: Codable, Sendable, Hashable {
    public var eventType: String
    public var position: UInt64
    public var occurredAt: String
    public var recordedAt: String
    /// Whole hours between occurrence and recording.
    public var hoursLate: Int

    public init(eventType: String, position: UInt64, occurredAt: String, recordedAt: String, hoursLate: Int) {
        self.eventType = eventType
        self.position = position
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.hoursLate = hoursLate
    }

    /// The late entry `event` is under `policy`, or nil when it was recorded in time.
    public static func of(_ event: CaseEvent, policy: Policy) -> LateEntry? {
        // CaseImported records the import itself, not a step of the case: the registers ignore it.
        guard event.type != EventType.caseImported.rawValue else { return nil }
        guard policy.isLateEntry(occurredAt: event.occurredAt.date, recordedAt: event.recordedAt.date) else { return nil }
        let hours = Int((event.recordedAt.milliseconds - event.occurredAt.milliseconds) / 3_600_000)
        return LateEntry(eventType: event.type, position: event.position, occurredAt: event.occurredAt.rfc3339,
                         recordedAt: event.recordedAt.rfc3339, hoursLate: hours)
    }
}

// MARK: - Corrections

enum Corrections {
    /// The case's events with every `Corrected` event's replacements written into the payload of
    /// the event it corrects (top-level fields of `corrections` and `personalCorrections`; a dotted
    /// key replaces a nested field). `requesterCorrections` is never applied: no register holds the
    /// requester. Later corrections win. The `Corrected` events themselves stay in the list.
    ///
    /// Events a `Voided` event withdrew are left out, as if they had not happened (a correction of
    /// a voided event goes with it); the `Voided` events themselves stay in the list.
    static func applied(to events: [CaseEvent]) -> [CaseEvent] {
        let voided = Set(events.filter { $0.type == EventType.voided.rawValue }.compactMap { $0.string("voidsEventId").flatMap(UUID.init(uuidString:)) })
        var out = voided.isEmpty ? events : events.filter { !voided.contains($0.eventId) }
        // A voided correction goes too (it is not in `out`). Within one correction, keys apply in
        // code point order, so `a` and then `a.b` give one answer on every run.
        for correction in out where correction.type == EventType.corrected.rawValue {
            guard let target = correction.string("correctsEventId").flatMap(UUID.init(uuidString:)),
                  let index = out.firstIndex(where: { $0.eventId == target }) else { continue }
            var payload = out[index].payload
            for key in ["corrections", "personalCorrections"] {
                for (path, value) in (correction.payload[key]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                    payload = replacing(path.string.split(separator: ".").map(String.init), in: payload, with: value)
                }
            }
            out[index].payload = payload
        }
        return out
    }

    /// `EventType.field` names the correction changed, for the row's audit column.
    static func fieldsCorrected(by correction: CaseEvent, in events: [CaseEvent]) -> [String] {
        let target = correction.string("correctsEventId").flatMap(UUID.init(uuidString:))
        let type = events.first { $0.eventId == target }?.type ?? "unknown"
        var fields: [String] = []
        for key in ["corrections", "personalCorrections", "requesterCorrections"] {
            fields += (correction.payload[key]?.objectValue ?? [:]).keys.map { "\(type).\($0)" }
        }
        return fields
    }

    private static func replacing(_ path: [String], in value: JSON, with replacement: JSON) -> JSON {
        guard let head = path.first else { return replacement }
        var members = value.objectValue ?? [:]
        members[head] = replacing(Array(path.dropFirst()), in: members[head] ?? .object([:]), with: replacement)
        return .object(members)
    }
}
