import Registers
import Casework
import Foundation
import LedgerStore

/// One event of a case's timeline as an auditor reads it.
public struct TimelineEntry: Sendable {
    public var position: UInt64
    public var version: UInt64
    public var eventId: UUID
    public var type: String
    public var occurredAt: Timestamp
    public var recordedAt: Timestamp
    public var actor: Actor
    /// Recorded well after it happened (policy's late-entry threshold).
    public var lateEntry: Bool
    /// The payload opened for the reader: decrypted, `[redacted]` or `[erased]`.
    public var payload: JSONValue
    public var leafHash: Hash
    public var causationId: UUID?
    public var correlationId: UUID?
    /// Set when a later `Voided` event withdrew this one (as the timeline stood): why, who
    /// authorised it, and the void's position. Registers and clocks leave a voided event out.
    public var voided: (reason: String, authorisedBy: String, position: UInt64)?

    public var json: JSONValue {
        var o: JSONObject = [
            "position": .int(Int64(position)), "version": .int(Int64(version)), "eventId": .string(eventId.uuidString.lowercased()),
            "type": .string(type), "occurredAt": .string(occurredAt.rfc3339), "recordedAt": .string(recordedAt.rfc3339),
            "actor": .object(["id": .string(actor.id), "role": .string(actor.role)]), "lateEntry": .bool(lateEntry),
            "payload": payload, "leafHash": .string(leafHash.hex),
        ]
        if let c = causationId { o["causationId"] = .string(c.uuidString.lowercased()) }
        if let c = correlationId { o["correlationId"] = .string(c.uuidString.lowercased()) }
        if let v = voided {
            o["voided"] = .object(["reason": .string(v.reason), "authorisedBy": .string(v.authorisedBy), "position": .int(Int64(v.position))])
        }
        return .object(o)
    }
}

extension Casebook {
    /// A case's events in order with both times, the actor and the payload opened for `access`.
    /// `throughPosition` / `recordedBy` show the timeline as it stood then.
    public func timeline(_ reference: String, throughPosition: UInt64? = nil, recordedBy: Timestamp? = nil, access: PersonalDataAccess) throws -> [TimelineEntry] {
        let events = try ledger.read { try $0.events(of: reference) }
        var out: [TimelineEntry] = []
        for e in events {
            let env = e.envelope
            if let p = throughPosition, env.position > p { break }
            if let r = recordedBy, env.recordedAt > r { continue }
            out.append(TimelineEntry(
                position: env.position, version: env.version, eventId: env.eventId, type: env.type,
                occurredAt: env.occurredAt, recordedAt: env.recordedAt, actor: env.actor,
                lateEntry: policy.isLateEntry(occurredAt: env.occurredAt.date, recordedAt: env.recordedAt.date),
                payload: try open(env.payload, eventId: env.eventId, access: access), leafHash: e.leafHash,
                causationId: env.draft.causationId, correlationId: env.draft.correlationId))
        }
        // Mark the events that a void shown in this timeline withdrew.
        for void in out where void.type == EventType.voided.rawValue {
            guard let target = void.payload["voidsEventId"]?.stringValue.flatMap(UUID.init(uuidString:)),
                  let i = out.firstIndex(where: { $0.eventId == target }) else { continue }
            out[i].voided = (void.payload["reason"]?.stringValue ?? "", void.payload["authorisedBy"]?.stringValue ?? "", void.position)
        }
        return out
    }
}
