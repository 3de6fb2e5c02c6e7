import Foundation
import Testing
@testable import LedgerStore

/// Writes `value` as valid but deliberately non-canonical JSON: keys in reverse order, white
/// space everywhere, and every non-alphanumeric character as a `\uXXXX` escape (surrogate
/// pairs above U+FFFF). Both parsers must see through all of it.
func scrambledJSON(_ value: JSONValue) -> String {
    func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                for unit in String(scalar).utf16 { out += "\\u" + String(format: "%04X", unit) }
            }
        }
        return out + "\""
    }
    switch value {
    case .null: return " null "
    case .bool(let b): return b ? "true" : " false"
    case .int(let i): return " \(i) "
    case .string(let s): return string(s)
    case .array(let items): return "[ " + items.map(scrambledJSON).joined(separator: " ,\n") + " ]"
    case .object(let members):
        let keys = members.keys.sorted { $0.string.unicodeScalars.lexicographicallyPrecedes($1.string.unicodeScalars) { $0.value > $1.value } }
        return "{\t" + keys.map { string($0.string) + " : " + scrambledJSON(members[$0]!) }.joined(separator: ",\r\n") + " }"
    }
}

/// Runs python3 on one JSON text per line and returns its canonical dump of each, as bytes.
func pythonCanonical(_ texts: [String]) throws -> [[UInt8]] {
    let script = """
        import json, sys
        for line in sys.stdin.buffer.read().decode("utf-8").split("\\n"):
            if line:
                out = json.dumps(json.loads(line), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
                sys.stdout.buffer.write(out.encode("utf-8") + b"\\n")
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let payload = Data(texts.map { $0.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ") }.joined(separator: "\n").utf8)
    input.fileHandleForWriting.write(payload)
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    return Array(data).split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
}

/// Scalars that stress escaping and ordering.
let trickyScalars: [Unicode.Scalar] = [
    "a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1F}",
    "\u{7F}", "\u{80}", "é", "ß", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FF61}", "\u{FFFD}", "€", "😀", "𝄞", "\u{10FFFF}",
]

func randomJSON<G: RandomNumberGenerator>(depth: Int, using rng: inout G) -> JSONValue {
    func randomString() -> String {
        var s = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...6, using: &rng) { s.append(trickyScalars.randomElement(using: &rng)!) }
        return String(s)
    }
    switch Int.random(in: 0..<(depth > 0 ? 7 : 5), using: &rng) {
    case 0: return .null
    case 1: return .bool(rng.next() % 2 == 0)
    case 2: return .int([Int64.min, Int64.max, 0, -1, Int64.random(in: -1_000_000...1_000_000, using: &rng)].randomElement(using: &rng)!)
    case 3, 4: return .string(randomString())
    case 5: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomJSON(depth: depth - 1, using: &rng) })
    default:
        var members: JSONObject = [:]
        for _ in 0..<Int.random(in: 0...5, using: &rng) { members[randomString()] = randomJSON(depth: depth - 1, using: &rng) }
        return .object(members)
    }
}

@Suite("JSON values")
struct JSONValueTests {
    static let tricky: [JSONValue] = [
        .object([
            "b": .int(1), "a": .int(2), "B": .int(3), "": .int(4), "é": .int(5), "e": .int(6), "😀": .int(7),
            "\u{FF61}": .int(8), "aa": .int(9), "a\u{0}": .int(10), "\u{7F}": .int(11), "Z": .int(12), "\u{10FFFF}": .int(13),
        ]),
        .string(String(String.UnicodeScalarView((0...0x20).map { Unicode.Scalar($0)! }))),
        .string("quote \" backslash \\ slash / del \u{7F} ls \u{2028} ps \u{2029} bom \u{FEFF} clef 𝄞 — “curly”"),
        .array([.null, .bool(true), .bool(false), .int(.min), .int(.max), .int(0), .int(-1), .object([:]), .array([]), .string("")]),
        .object(["outer": .object(["inner": .array([.object(["z": .null, "y": .array([.int(1), .object(["\n": .string("\t")])])])])])]),
        (0..<40).reduce(JSONValue.int(1)) { v, i in i % 2 == 0 ? .array([v]) : .object(["k\(i)": v]) },
    ]

    @Test("canonical bytes match Python's json.dumps(sort_keys=True, separators=(',',':'), ensure_ascii=False)")
    func canonicalMatchesPython() throws {
        var rng = SplitMix64(seed: 0x150_0000)
        let values = Self.tricky + (0..<200).map { _ in randomJSON(depth: 4, using: &rng) }
        let python = try pythonCanonical(values.map(scrambledJSON))
        try #require(python.count == values.count)
        for (i, (value, expected)) in zip(values, python).enumerated() {
            let canonical = value.canonicalBytes()
            #expect(canonical == expected, "value \(i): swift \(String(decoding: canonical, as: UTF8.self)) python \(String(decoding: expected, as: UTF8.self))")
            // The same value, read from its scrambled text and from its canonical text, encodes identically.
            let parsed = try JSONValue.parse(scrambledJSON(value))
            #expect(parsed.canonicalBytes() == canonical, "value \(i) via the scrambled text")
            #expect(try JSONValue.parse(canonical).canonicalBytes() == canonical, "value \(i) re-parsed")
        }
    }

    @Test("object keys sort by code point, not by UTF-16 unit or locale")
    func keyOrder() {
        let v = JSONValue.object(["😀": .int(1), "\u{FF61}": .int(2), "a": .int(3), "B": .int(4), "é": .int(5)])
        // U+FF61 < U+1F600 by code point, although 😀's UTF-16 (D83D …) sorts before FF61.
        #expect(v.canonicalString == "{\"B\":4,\"a\":3,\"é\":5,\"\u{FF61}\":2,\"😀\":1}")
        #expect(JSONValue.string("\u{1}\u{1F}\n\"").canonicalString == #""\u0001\u001f\n\"""#)
    }

    @Test("the parser refuses what the ledger cannot store, saying why", arguments: [
        ("1.5", "whole numbers"), ("-0.0", "whole numbers"), ("1e5", "whole numbers"), ("[2E3]", "whole numbers"),
        (#"{"a":1,"a":2}"#, "duplicate key \"a\""), (#"{"x":{"a":1,"b":2,"a":1}}"#, "duplicate key"),
        (#"{"a":[1,2"#, "truncated"), (#"{"a":"#, "truncated"), ("[", "truncated"), ("{", "truncated"), ("", "truncated"),
        (#"{"a":1"#, "truncated"), (#""abc"#, "unterminated string"), (#""\u12"#, "truncated \\u escape"), ("tru", "expected true"),
        ("01", "leading zeros"), ("9223372036854775808", "out of range"), ("-9223372036854775809", "out of range"),
        ("1 2", "after the JSON value"), (#""\ud800""#, "surrogate"), (#""\udc00x""#, "surrogate"), ("\"a\u{1}b\"", "control character"),
        (#""\x""#, "invalid escape"), ("nul", "expected null"), (String(repeating: "[", count: 65) + String(repeating: "]", count: 65), "nested too deeply"),
    ])
    func parserRefuses(text: String, messagePart: String) {
        #expect {
            try JSONValue.parse(text)
        } throws: { error in
            guard let e = error as? JSONParseError else { return false }
            return e.message.contains(messagePart) && e.offset >= 0 && e.offset <= text.utf8.count
        }
    }

    @Test("the parser refuses invalid UTF-8 inside strings", arguments: [
        [0x22, 0xFF, 0x22],                    // never valid
        [0x22, 0xC3, 0x22],                    // truncated two-byte sequence
        [0x22, 0x80, 0x22],                    // lone continuation byte
        [0x22, 0xC0, 0xAF, 0x22],              // overlong "/"
        [0x22, 0xED, 0xA0, 0x80, 0x22],        // UTF-8-encoded surrogate
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
    ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) {
        #expect {
            try JSONValue.parse(bytes)
        } throws: { error in
            (error as? JSONParseError)?.message.contains("UTF-8") == true
        }
        // Also inside an object key.
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x7B] + bytes + Array(":1}".utf8)) }
    }

    @Test("the parser accepts the edges of what is allowed")
    func parserAccepts() throws {
        #expect(try JSONValue.parse("-9223372036854775808") == .int(.min))
        #expect(try JSONValue.parse("-0") == .int(0))
        #expect(try JSONValue.parse(#" {"a" : [ ] , "b":{}} "#) == .object(["a": .array([]), "b": .object([:])]))
        #expect(try JSONValue.parse(#""\ud83d\ude00 \/ \u00e9""#) == .string("😀 / é"))
        let deep = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONValue.parse(deep) }
    }

    @Test("object keys that differ only in Unicode normalisation are distinct keys")
    func canonicallyEquivalentKeys() throws {
        // Python (and RFC 8259) treat "\u00e9" and "e\u0301" as two different keys, although
        // Swift's String == treats them as equal: objects are keyed by their names' bytes.
        let text = #"{"\u00e9":1,"e\u0301":2}"#
        let v = try JSONValue.parse(text)
        #expect(v.objectValue?.count == 2)
        #expect(v[JSONKey("\u{e9}")] == .int(1))
        #expect(v[JSONKey("e\u{301}")] == .int(2))
        // Each keeps its own bytes in the canonical encoding, in code point order ("e" < "é").
        #expect(Array(v.canonicalString.utf8) == Array("{\"e\u{301}\":2,\"\u{e9}\":1}".utf8))
        #expect(try JSONValue.parse(v.canonicalBytes()) == v)
        // A real duplicate is still refused.
        #expect(throws: JSONParseError.self) { try JSONValue.parse(#"{"\u00e9":1,"\u00e9":2}"#) }
        // Two values differing only in a key's normalisation are different values.
        #expect(JSONValue.object(["\u{e9}": .int(1)]) != JSONValue.object(["e\u{301}": .int(1)]))
    }
}

@Suite("Timestamps")
struct TimestampTests {
    @Test("RFC 3339 parse and format", arguments: [
        ("2026-01-05T09:30:00Z", 1_767_605_400_000, "2026-01-05T09:30:00Z"),
        ("2026-01-05T09:30:00.120Z", 1_767_605_400_120, "2026-01-05T09:30:00.120Z"),
        ("2026-01-05T09:30:00.1Z", 1_767_605_400_100, "2026-01-05T09:30:00.100Z"),
        ("2026-01-05T09:30:00.000Z", 1_767_605_400_000, "2026-01-05T09:30:00Z"),
        ("2026-01-05T09:30:00.123456789Z", 1_767_605_400_123, "2026-01-05T09:30:00.123Z"),
        ("2026-01-05T10:30:00+01:00", 1_767_605_400_000, "2026-01-05T09:30:00Z"),
        ("2026-01-05T07:00:00.5-02:30", 1_767_605_400_500, "2026-01-05T09:30:00.500Z"),
        ("2026-01-05T00:15:00+05:45", 1_767_551_400_000, "2026-01-04T18:30:00Z"),
        ("2026-01-05t09:30:00z", 1_767_605_400_000, "2026-01-05T09:30:00Z"),
        ("1970-01-01T00:00:00Z", 0, "1970-01-01T00:00:00Z"),
        ("1969-12-31T23:59:59.999Z", -1, "1969-12-31T23:59:59.999Z"),
        ("2000-02-29T23:59:59Z", 951_868_799_000, "2000-02-29T23:59:59Z"),
        ("2024-12-31T23:59:59.999Z", 1_735_689_599_999, "2024-12-31T23:59:59.999Z"),
        ("1900-03-01T00:00:00Z", -2_203_891_200_000, "1900-03-01T00:00:00Z"),
    ] as [(String, Int64, String)])
    func parseAndFormat(text: String, milliseconds: Int64, canonical: String) throws {
        let t = try #require(Timestamp(rfc3339: text))
        #expect(t.milliseconds == milliseconds)
        #expect(t.rfc3339 == canonical)
        #expect(Timestamp(rfc3339: canonical) == t)
    }

    @Test("malformed or impossible times are refused", arguments: [
        "2026-01-05T09:30:00", "2026-01-05 09:30", "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-01-05T24:00:00Z", "2026-01-05T09:60:00Z", "2026-01-05T09:30:60Z", "2026-01-05T09:30:00.Z",
        "2026-01-05T09:30:00.1234567890Z", "2026-01-05T09:30:00+0100", "2026-01-05T09:30:00+24:00", "2026-1-05T09:30:00Z",
        "2026-01-05T09:30:00Zjunk", "", "not a time",
    ])
    func refused(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test("seeded random instants round-trip through their canonical form")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 0x71DE)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        for _ in 0..<2000 {
            let ms = Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &rng)  // 1900 … 2200
            let t = Timestamp(milliseconds: ms)
            #expect(Timestamp(rfc3339: t.rfc3339) == t, "\(ms) → \(t.rfc3339)")
            // Whole seconds agree with Foundation's formatter.
            let whole = Timestamp(milliseconds: ms - ((ms % 1000) + 1000) % 1000)
            #expect(whole.rfc3339 == formatter.string(from: whole.date), "\(ms)")
        }
    }
}
