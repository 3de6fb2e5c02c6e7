import Foundation
import Testing
@testable import LedgerStore

@Suite("Stored envelope bytes")
struct EnvelopeBytesTests {
    @Test("written field by field, they equal the version byte and the envelope's canonical JSON, for seeded random envelopes")
    func directWriterIsCanonical() throws {
        var rng = SplitMix64(seed: 0xE4E1_0BE5)
        for i in 0..<500 {
            let payload: JSONValue = .object(["v": randomJSON(depth: 3, using: &rng), "note\u{e9}\"\\\n": .string("x\u{1}y")])
            let uuid = { () -> UUID in UUID(uuid: withUnsafeBytes(of: (rng.next(), rng.next())) { b in
                (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]) }) }
            let draft = EventDraft(
                eventId: uuid(), stream: i % 3 == 0 ? "FOI-2026-\(i)" : "Caf\u{e9}-\(i)", type: "NoteAdded", schemaVersion: 1 + i % 3,
                occurredAt: Timestamp(milliseconds: Int64(rng.next() % 4_000_000_000_000)),
                actor: Actor(id: "o\"fficer \(i)", role: "officer"),
                causationId: i % 2 == 0 ? uuid() : nil, correlationId: i % 5 == 0 ? uuid() : nil, payload: payload)
            let envelope = EventEnvelope(position: rng.next() >> 1, version: rng.next() % 1000 + 1,
                                         recordedAt: Timestamp(milliseconds: Int64(rng.next() % 4_000_000_000_000)), draft: draft)
            #expect(envelope.storedBytes() == [EventEnvelope.formatVersion] + envelope.json.canonicalBytes(), "envelope \(i)")
            #expect(try EventEnvelope(storedBytes: envelope.storedBytes()).storedBytes() == envelope.storedBytes())
        }
    }
}
