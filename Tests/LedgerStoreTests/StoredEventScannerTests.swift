import Foundation
import Testing
@testable import LedgerStore

/// `StoredEventScanner` vouches for stored bytes without decoding them, so whenever it answers,
/// the full decoder must agree: the bytes decode, re-encode to themselves, and say the same id,
/// case, position and version.
@Suite("Reading a stored event's fields without decoding it")
struct StoredEventScannerTests {
    func scan(_ bytes: [UInt8]) -> StoredEventFields? {
        bytes.withUnsafeBytes { StoredEventScanner.fields(of: $0) }
    }

    /// Whether the full decoder accepts `bytes` as a canonical stored event.
    func decodesCanonically(_ bytes: [UInt8]) -> Bool {
        guard let e = try? EventEnvelope(storedBytes: bytes) else { return false }
        return e.storedBytes() == bytes
    }

    /// If the scanner answers for `bytes`, requires the decoder to agree with everything it said.
    func expectSound(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        guard let fields = scan(bytes) else { return }
        guard let e = try? EventEnvelope(storedBytes: bytes), e.storedBytes() == bytes else {
            Issue.record("the scanner accepted bytes the decoder refuses or re-encodes differently: \(String(decoding: bytes.dropFirst(), as: UTF8.self))", sourceLocation: sourceLocation)
            return
        }
        let id = uuidBytes(e.eventId)
        #expect(fields.idHigh == UInt64(bigEndianBytes: id.prefix(8)), sourceLocation: sourceLocation)
        #expect(fields.idLow == UInt64(bigEndianBytes: id.suffix(8)), sourceLocation: sourceLocation)
        #expect(Array(bytes[fields.stream]) == Array(e.stream.utf8), sourceLocation: sourceLocation)
        #expect(fields.position == e.position, sourceLocation: sourceLocation)
        #expect(fields.version == e.version, sourceLocation: sourceLocation)
    }

    // MARK: Generated envelopes

    static let pieces = ["a", "Z", "0", " ", "é", "✓", "🙂", "\u{FFFF}", "\u{10FFFF}", "\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1F}", "\u{7F}"]

    func randomString(_ rng: inout SplitMix64, escapes: Bool = true) -> String {
        let pieces = escapes ? Self.pieces : Array(Self.pieces.prefix(9))
        return (0..<Int(rng.next() % 8)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
    }

    func randomValue(_ rng: inout SplitMix64, depth: Int = 0) -> JSONValue {
        switch rng.next() % (depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2:
            let edges: [Int64] = [0, -1, 1, 9, 10, -10, Int64.max, Int64.min, 1_000_000_007]
            return .int(rng.next() % 2 == 0 ? edges[Int(rng.next() % UInt64(edges.count))] : Int64(bitPattern: rng.next()))
        case 3: return .string(randomString(&rng))
        case 4: return .array((0..<Int(rng.next() % 4)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var o: JSONObject = [:]
            for _ in 0..<Int(rng.next() % 5) {
                let key = ["a", "b", "ab", "B", "_", "a b", "0", "", "zz", "Aa"][Int(rng.next() % 10)]
                o[key] = randomValue(&rng, depth: depth + 1)
            }
            return .object(o)
        }
    }

    func randomEnvelope(_ rng: inout SplitMix64) -> EventEnvelope {
        // Years 1583 to 9998, any millisecond.
        let low: Int64 = -12_212_553_600_000, high: Int64 = 253_339_214_400_000
        func time() -> Timestamp {
            let ms = low + Int64(rng.next() % UInt64(high - low))
            return Timestamp(milliseconds: rng.next() % 3 == 0 ? ms - ms % 1000 : ms)
        }
        var payload: JSONObject = [:]
        for k in ["summary", "count", "items", "who"] where rng.next() % 3 != 0 { payload[k] = randomValue(&rng) }
        let draft = EventDraft(
            eventId: UUID(using: &rng), stream: "CASE-" + randomString(&rng, escapes: false), type: "T" + String(rng.next() % 100),
            schemaVersion: Int(rng.next() % 3), occurredAt: time(), actor: Actor(id: randomString(&rng), role: randomString(&rng)),
            causationId: rng.next() % 2 == 0 ? UUID(using: &rng) : nil, correlationId: rng.next() % 2 == 0 ? UUID(using: &rng) : nil,
            payload: .object(payload))
        let big = rng.next() % 4 == 0
        return EventEnvelope(position: big ? rng.next() >> 1 : rng.next() % 1000, version: big ? rng.next() >> 1 : rng.next() % 50 + 1, recordedAt: time(), draft: draft)
    }

    @Test("every envelope the encoder writes is read, and its fields are the decoder's")
    func readsWhatTheEncoderWrites() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2000 {
            let bytes = randomEnvelope(&rng).storedBytes()
            #expect(scan(bytes) != nil, "the scanner left an ordinary event to the decoder: \(String(decoding: bytes.dropFirst(), as: UTF8.self))")
            expectSound(bytes)
        }
    }

    @Test("after random changes to the bytes, whatever the scanner still reads the decoder agrees with")
    func soundUnderMutation() {
        var rng = SplitMix64(seed: 7)
        let interesting: [UInt8] = Array("{}[],:\"\\-0123456789.eEtrufalsn /Z".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xC3, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x01]
        var stillRead = 0
        for _ in 0..<300 {
            let original = randomEnvelope(&rng).storedBytes()
            for _ in 0..<60 {
                var b = original
                for _ in 0...(rng.next() % 3) {
                    let at = Int(rng.next() % UInt64(b.count))
                    let byte = rng.next() % 2 == 0 ? interesting[Int(rng.next() % UInt64(interesting.count))] : UInt8(truncatingIfNeeded: rng.next())
                    switch rng.next() % 4 {
                    case 0: b[at] = byte
                    case 1: b.insert(byte, at: at)
                    case 2: b.remove(at: at)
                    default: b[at] = b[(at + 1) % b.count]
                    }
                    if b.isEmpty { b = original }
                }
                if scan(b) != nil { stillRead += 1 }
                expectSound(b)
            }
        }
        #expect(stillRead > 100, "some mutations keep the bytes canonical (digits, letters), and those are read")
    }

    // MARK: Chosen cases

    /// A stored event whose JSON text is known, to change one piece of it.
    static let base: (bytes: [UInt8], text: String) = {
        let draft = EventDraft(
            eventId: UUID(uuidString: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")!, stream: "FOI-2026-0042", type: "NoteAdded",
            occurredAt: Timestamp(milliseconds: 1_767_605_400_000), actor: Actor(id: "officer-1", role: "caseworker"),
            causationId: UUID(uuidString: "11111111-2222-4333-8444-555555555555")!,
            payload: .object(["a": .int(1), "b": .string("x"), "c": .array([.bool(true), .null])]))
        let bytes = EventEnvelope(position: 7, version: 3, recordedAt: Timestamp(milliseconds: 1_767_605_400_120), draft: draft).storedBytes()
        return (bytes, String(decoding: bytes.dropFirst(), as: UTF8.self))
    }()

    func variant(_ old: String, _ new: String) throws -> [UInt8] {
        let text = Self.base.text
        try #require(text.components(separatedBy: old).count == 2, "\(old) must occur once in \(text)")
        return [EventEnvelope.formatVersion] + Array(text.replacingOccurrences(of: old, with: new).utf8)
    }

    @Test("the chosen event is read with its fields")
    func readsTheBase() throws {
        let fields = try #require(scan(Self.base.bytes))
        #expect(fields.position == 7)
        #expect(fields.version == 3)
        #expect(String(decoding: Self.base.bytes[fields.stream], as: UTF8.self) == "FOI-2026-0042")
        #expect(fields.idHigh == 0x0a1b_2c3d_4e5f_4a6b)
        #expect(fields.idLow == 0x8c7d_9e0f_1a2b_3c4d)
        expectSound(Self.base.bytes)
    }

    static let notCanonical: [(String, String)] = [
        ("\"a\":1", "\"a\":01"), ("\"a\":1", "\"a\":-0"), ("\"a\":1", "\"a\":1.0"), ("\"a\":1", "\"a\":1e2"), ("\"a\":1", "\"a\":+1"),
        ("\"a\":1", "\"a\":9223372036854775808"), ("\"a\":1", "\"a\":-9223372036854775809"), ("\"a\":1", "\"a\": 1"),
        ("\"a\":1,\"b\":\"x\"", "\"b\":\"x\",\"a\":1"), ("\"a\":1,\"b\":\"x\"", "\"a\":1,\"a\":\"x\""),
        ("\"x\"", "\"\\/\""), ("\"x\"", "\"\\u00e9\""), ("\"x\"", "\"\\u000a\""), ("\"x\"", "\"\\u001F\""), ("\"x\"", "\"\\u0078\""),
        ("\"x\"", "\"\\x\""), ("\"x\"", "\"\u{1}\""),
        ("[true,null]", "[true,null,]"), ("[true,null]", "[ture,null]"), ("[true,null]", "[true null]"),
        ("0a1b2c3d-4e5f", "0A1B2C3D-4E5F"), ("0a1b2c3d-4e5f", "0a1b2c3d4e5f-"), ("11111111-2222", "1111111-22222"),
        ("\"causationId\":\"11111111-2222-4333-8444-555555555555\"", "\"causationId\":null"),
        ("2026-01-05T09:30:00Z", "2026-01-05T09:30:00.000Z"), ("2026-01-05T09:30:00Z", "2026-01-05T09:30:00.1Z"),
        ("2026-01-05T09:30:00Z", "2026-02-29T09:30:00Z"), ("2026-01-05T09:30:00Z", "2026-01-05T09:30:00+00:00"),
        ("2026-01-05T09:30:00Z", "2026-01-05t09:30:00Z"), ("2026-01-05T09:30:00Z", "1582-12-31T09:30:00Z"),
        ("2026-01-05T09:30:00Z", "2026-01-05T24:00:00Z"), ("2026-01-05T09:30:00.120Z", "2026-01-05T09:30:00.12Z"),
        ("\"formatVersion\":1", "\"formatVersion\":2"), ("\"position\":7", "\"position\":-7"), ("\"position\":7", "\"position\":07"),
        ("\"version\":3}", "\"version\":3,\"zzz\":1}"), ("\"type\":\"NoteAdded\",", ""), ("\"schemaVersion\":1", "\"schemaVersion\":-1"),
        ("{\"id\":\"officer-1\",\"role\":\"caseworker\"}", "{\"id\":\"officer-1\",\"role\":\"caseworker\",\"x\":1}"),
        ("\"case\":\"FOI-2026-0042\"", "\"case\":42"), ("\"version\":3}", "\"version\":3} "),
    ]

    @Test("bytes that are not the canonical encoding of an envelope are left to the decoder, which refuses them")
    func notCanonicalIsNotRead() throws {
        for (old, new) in Self.notCanonical {
            let bytes = try variant(old, new)
            #expect(scan(bytes) == nil, "read: \(new)")
            #expect(!decodesCanonically(bytes), "the decoder accepts \(new)")
        }
        // Ill-formed UTF-8 in a string: a bad continuation, overlong, a surrogate, beyond U+10FFFF, a lone continuation.
        let x = try #require(Self.base.bytes.firstIndex(of: UInt8(ascii: "x")))
        for bad: [UInt8] in [[0xC3, 0x28], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xF0, 0x9F, 0x99]] {
            var bytes = Self.base.bytes
            bytes.replaceSubrange(x...x, with: bad)
            #expect(scan(bytes) == nil, "read \(bad)")
            #expect(!decodesCanonically(bytes))
        }
        #expect(scan([2] + Self.base.bytes.dropFirst()) == nil)
        #expect(scan(Array(Self.base.bytes.dropLast())) == nil)
        #expect(scan([]) == nil)
        #expect(scan([1]) == nil)
    }

    @Test("canonical events the scanner does not vouch for (escaped or non-ASCII keys, an escaped case id, deep nesting) are left to the decoder, which reads them")
    func unusualButCanonicalIsLeftToTheDecoder() {
        var deep = JSONValue.int(1)
        for _ in 0..<40 { deep = .array([deep]) }
        let payloads: [(String, JSONValue)] = [
            ("FOI-1", .object(["é": .int(1)])), ("FOI-1", .object(["a\"b": .int(1)])), ("FOI-\"1\"", .object([:])),
            ("FOI-1", .object(["deep": deep])),
        ]
        for (stream, payload) in payloads {
            let e = EventEnvelope(position: 0, version: 1, recordedAt: fixedNow, draft: draft(UUID(1), case: stream, payload: payload.objectValue!))
            let bytes = e.storedBytes()
            #expect(scan(bytes) == nil)
            #expect(decodesCanonically(bytes))
        }
    }
}
