import Foundation

/// Who did something: a person (or system) id and the role they acted in.
public struct Actor: Hashable, Sendable, Codable {
    public var id: String
    public var role: String
    public init(id: String, role: String) {
        self.id = id
        self.role = role
    }
}

/// An event as a caller submits it; the ledger adds position, version and `recordedAt`.
public struct EventDraft: Hashable, Sendable {
    public var eventId: UUID
    /// The case (stream) the event belongs to, e.g. `FOI-2026-0042`.
    public var stream: String
    public var type: String
    public var schemaVersion: Int
    /// When it happened in the world.
    public var occurredAt: Timestamp
    public var actor: Actor
    public var causationId: UUID?
    public var correlationId: UUID?
    /// A JSON object.
    public var payload: JSONValue

    public init(
        eventId: UUID, stream: String, type: String, schemaVersion: Int = 1, occurredAt: Timestamp,
        actor: Actor, causationId: UUID? = nil, correlationId: UUID? = nil, payload: JSONValue
    ) {
        self.eventId = eventId
        self.stream = stream
        self.type = type
        self.schemaVersion = schemaVersion
        self.occurredAt = occurredAt
        self.actor = actor
        self.causationId = causationId
        self.correlationId = correlationId
        self.payload = payload
    }

    /// Store-level checks: the shape every event must have whatever its domain.
    public func validate() throws(LedgerError) {
        func bad(_ what: String) -> LedgerError { LedgerError(.invalidInput, "event \(eventId.uuidString.lowercased()): \(what)") }
        if stream.isEmpty { throw bad("the case id is empty") }
        if stream.utf8.count > 200 { throw bad("the case id is longer than 200 bytes") }
        if stream.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { throw bad("the case id contains a control character") }
        // Swift compares (and hashes) strings by canonical equivalence, so two case ids that differ
        // only in normalisation would share one entry in every String-keyed table; NFC makes them one.
        // ASCII is always NFC; only other ids pay for Foundation's normalisation.
        if !stream.utf8.allSatisfy({ $0 < 0x80 }), !stream.utf8.elementsEqual(stream.precomposedStringWithCanonicalMapping.utf8) {
            throw bad("the case id is not in Unicode NFC (composed) form; normalise it before submitting")
        }
        if type.isEmpty || type.utf8.count > 100 || !type.unicodeScalars.allSatisfy({ ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }) {
            throw bad("the event type \"\(type)\" must be 1–100 ASCII letters or digits")
        }
        if schemaVersion < 1 { throw bad("schemaVersion must be 1 or more") }
        if actor.id.isEmpty || actor.role.isEmpty { throw bad("the actor needs both an id and a role") }
        guard case .object = payload else { throw bad("the payload must be a JSON object, not \(payload.typeName)") }
    }
}

extension EventDraft {
    /// Whether `other` would be stored as exactly the same bytes: the test for an idempotent retry.
    ///
    /// `==` is not enough: Swift compares strings by canonical equivalence, so `"é"` (U+00E9) and
    /// `"e\u{301}"` are equal although they are different bytes in the log.
    public func hasSameContent(as other: EventDraft) -> Bool {
        func bytes(_ d: EventDraft) -> [UInt8] {
            EventEnvelope(position: 0, version: 0, recordedAt: Timestamp(milliseconds: 0), draft: d).storedBytes()
        }
        return self == other && bytes(self) == bytes(other)
    }
}

/// An event as stored: the draft plus what the ledger assigned.
public struct EventEnvelope: Hashable, Sendable {
    /// The stored-format version written as the first byte of the stored bytes.
    public static let formatVersion: UInt8 = 1

    /// Gapless, 0-based; equal to the Merkle leaf index.
    public var position: UInt64
    /// 1-based version within the case.
    public var version: UInt64
    /// When the ledger stored it.
    public var recordedAt: Timestamp
    public var draft: EventDraft

    public init(position: UInt64, version: UInt64, recordedAt: Timestamp, draft: EventDraft) {
        self.position = position
        self.version = version
        self.recordedAt = recordedAt
        self.draft = draft
    }

    public var eventId: UUID { draft.eventId }
    public var stream: String { draft.stream }
    public var type: String { draft.type }
    public var occurredAt: Timestamp { draft.occurredAt }
    public var actor: Actor { draft.actor }
    public var payload: JSONValue { draft.payload }

    /// The envelope as a JSON object (what the stored bytes hold after the version byte).
    public var json: JSONValue {
        var o: JSONObject = [
            "formatVersion": .int(Int64(Self.formatVersion)),
            "position": .int(Int64(position)),
            "eventId": .string(draft.eventId.uuidString.lowercased()),
            "case": .string(draft.stream),
            "version": .int(Int64(version)),
            "type": .string(draft.type),
            "schemaVersion": .int(Int64(draft.schemaVersion)),
            "occurredAt": .string(draft.occurredAt.rfc3339),
            "recordedAt": .string(recordedAt.rfc3339),
            "actor": .object(["id": .string(draft.actor.id), "role": .string(draft.actor.role)]),
            "payload": draft.payload,
        ]
        if let c = draft.causationId { o["causationId"] = .string(c.uuidString.lowercased()) }
        if let c = draft.correlationId { o["correlationId"] = .string(c.uuidString.lowercased()) }
        return .object(o)
    }

    /// The deterministic stored bytes: one format-version byte, then the canonical JSON.
    ///
    /// Written field by field in canonical key order (the keys are fixed, so no dictionary is
    /// built or sorted); equal to the version byte followed by `json.canonicalBytes()` (tested).
    public func storedBytes() -> [UInt8] {
        var out: [UInt8] = [Self.formatVersion]
        out.reserveCapacity(512)
        func key(_ k: StaticString, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            k.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        out.append(UInt8(ascii: "{"))
        key("actor", first: true)
        out.append(UInt8(ascii: "{"))
        key("id", first: true)
        JSONValue.writeString(draft.actor.id, into: &out)
        key("role")
        JSONValue.writeString(draft.actor.role, into: &out)
        out.append(UInt8(ascii: "}"))
        key("case")
        JSONValue.writeString(draft.stream, into: &out)
        if let c = draft.causationId {
            key("causationId")
            JSONValue.writeString(c.uuidString.lowercased(), into: &out)
        }
        if let c = draft.correlationId {
            key("correlationId")
            JSONValue.writeString(c.uuidString.lowercased(), into: &out)
        }
        key("eventId")
        JSONValue.writeString(draft.eventId.uuidString.lowercased(), into: &out)
        key("formatVersion")
        JSONValue.writeInt(Int64(Self.formatVersion), into: &out)
        key("occurredAt")
        JSONValue.writeString(draft.occurredAt.rfc3339, into: &out)
        key("payload")
        draft.payload.write(into: &out)
        key("position")
        JSONValue.writeInt(Int64(position), into: &out)
        key("recordedAt")
        JSONValue.writeString(recordedAt.rfc3339, into: &out)
        key("schemaVersion")
        JSONValue.writeInt(Int64(draft.schemaVersion), into: &out)
        key("type")
        JSONValue.writeString(draft.type, into: &out)
        key("version")
        JSONValue.writeInt(Int64(version), into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Decodes stored bytes; throws `.corrupted` when they are not a valid envelope.
    public init(storedBytes bytes: some Collection<UInt8>) throws(LedgerError) {
        guard let first = bytes.first else { throw LedgerError(.corrupted, "an empty stored event") }
        guard first == Self.formatVersion else {
            throw LedgerError(.versionMismatch, "stored event format \(first) is not one this version reads (expected \(Self.formatVersion))")
        }
        let value: JSONValue
        do { value = try JSONValue.parse(bytes.dropFirst()) } catch {
            throw LedgerError(.corrupted, "stored event is not valid JSON: \(error)")
        }
        func field(_ k: String) throws(LedgerError) -> JSONValue {
            guard let v = value[k] else { throw LedgerError(.corrupted, "stored event lacks \"\(k)\"") }
            return v
        }
        func string(_ k: String) throws(LedgerError) -> String {
            guard let s = try field(k).stringValue else { throw LedgerError(.corrupted, "stored event's \"\(k)\" is not a string") }
            return s
        }
        func int(_ k: String) throws(LedgerError) -> Int64 {
            guard let i = try field(k).intValue, i >= 0 else { throw LedgerError(.corrupted, "stored event's \"\(k)\" is not a whole number") }
            return i
        }
        func uuid(_ s: String) throws(LedgerError) -> UUID {
            guard let u = UUID(uuidString: s) else { throw LedgerError(.corrupted, "stored event has a bad UUID \(s)") }
            return u
        }
        func time(_ k: String) throws(LedgerError) -> Timestamp {
            guard let t = Timestamp(rfc3339: try string(k)) else { throw LedgerError(.corrupted, "stored event's \"\(k)\" is not a time") }
            return t
        }
        let actor = try field("actor")
        guard let actorId = actor["id"]?.stringValue, let role = actor["role"]?.stringValue else {
            throw LedgerError(.corrupted, "stored event's actor is malformed")
        }
        let draft = EventDraft(
            eventId: try uuid(try string("eventId")),
            stream: try string("case"),
            type: try string("type"),
            schemaVersion: Int(try int("schemaVersion")),
            occurredAt: try time("occurredAt"),
            actor: Actor(id: actorId, role: role),
            causationId: try value["causationId"].map { v throws(LedgerError) in try uuid(v.stringValue ?? "") },
            correlationId: try value["correlationId"].map { v throws(LedgerError) in try uuid(v.stringValue ?? "") },
            payload: try field("payload")
        )
        self.init(position: UInt64(try int("position")), version: UInt64(try int("version")), recordedAt: try time("recordedAt"), draft: draft)
    }
}

/// An event read back from the log with its exact stored bytes.
public struct StoredEvent: Sendable {
    public var envelope: EventEnvelope
    public var bytes: [UInt8]
    /// What the appender handed the hooks with this event (`AppendBatch.attachments`); nil when
    /// the event is read back from the log (a rebuild, a replay).
    public var attachment: (any Sendable)?
    public var position: UInt64 { envelope.position }

    public init(envelope: EventEnvelope, bytes: [UInt8], attachment: (any Sendable)? = nil) {
        self.envelope = envelope
        self.bytes = bytes
        self.attachment = attachment
    }

    /// RFC 6962 leaf hash of the stored bytes.
    public var leafHash: Hash { Merkle.leafHash(bytes) }
}
