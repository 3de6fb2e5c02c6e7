import CanonicalJSON
import Foundation
import Testing

// The JSONValue coders are checked against Foundation's JSON coders, the behaviour they stand in
// for: the same values, the same refusals, the same errors with the same coding paths.

/// SplitMix64: a tiny deterministic generator (seeded, so a failure replays).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What Foundation's encoder makes of `value`, read back as a JSON value.
func foundationJSON<T: Encodable>(_ value: T) throws -> JSONValue {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try JSONValue.parse(Array(try encoder.encode(value)))
}

/// What Foundation's decoder makes of `value`'s canonical text.
func foundationDecode<T: Decodable>(_ type: T.Type, _ value: JSONValue) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(value.canonicalBytes()))
}

/// An error as one line: its case, the type it names, its coding path (string and int values)
/// and its description: everything a message built from it could use.
func signature(_ error: any Error) -> String {
    func path(_ keys: [any CodingKey]) -> String {
        keys.map { "\($0.stringValue)#\($0.intValue.map(String.init) ?? "-")" }.joined(separator: "/")
    }
    switch error {
    case DecodingError.keyNotFound(let key, let c):
        return "keyNotFound \(key.stringValue) at \(path(c.codingPath)): \(c.debugDescription)"
    case DecodingError.valueNotFound(let type, let c):
        return "valueNotFound \(type) at \(path(c.codingPath)): \(c.debugDescription)"
    case DecodingError.typeMismatch(let type, let c):
        return "typeMismatch \(type) at \(path(c.codingPath)): \(c.debugDescription)"
    case DecodingError.dataCorrupted(let c):
        return "dataCorrupted at \(path(c.codingPath)): \(c.debugDescription)"
    case EncodingError.invalidValue(_, let c):
        return "invalidValue at \(path(c.codingPath))"
    default:
        return "other: \(error)"
    }
}

/// Decodes `json` as `T` with both decoders; both must succeed with equal values or fail with
/// the same error signature.
func expectSameDecoding<T: Decodable & Equatable>(_ type: T.Type, _ json: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) {
    let ours = Result { try JSONValueDecoder().decode(T.self, from: json) }
    let theirs = Result { try foundationDecode(T.self, json) }
    switch (ours, theirs) {
    case (.success(let a), .success(let b)):
        #expect(a == b, "decoding \(json.canonicalString) as \(T.self)", sourceLocation: sourceLocation)
    case (.failure(let a), .failure(let b)):
        #expect(signature(a) == signature(b), "decoding \(json.canonicalString) as \(T.self)", sourceLocation: sourceLocation)
    default:
        Issue.record("decoding \(json.canonicalString) as \(T.self): ours \(ours), Foundation's \(theirs)", sourceLocation: sourceLocation)
    }
}

/// Encodes `value` with both encoders; both must give the same JSON value or both refuse.
func expectSameEncoding<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) {
    let ours = Result { try JSONValueEncoder().encode(value) }
    let theirs = Result { try foundationJSON(value) }
    switch (ours, theirs) {
    case (.success(let a), .success(let b)):
        #expect(a == b, "encoding \(value)", sourceLocation: sourceLocation)
    case (.failure, .failure):
        break
    default:
        Issue.record("encoding \(value): ours \(ours), Foundation's \(theirs)", sourceLocation: sourceLocation)
    }
}

// MARK: - Sample types

enum Colour: String, Codable, Equatable, CaseIterable { case red, green, blueGreen }
enum Level: Int, Codable, Equatable { case low = 1, high = 3 }

struct Inner: Codable, Equatable {
    var name: String
    var count: Int
    var note: String?
}

struct Sample: Codable, Equatable {
    var text: String
    var flag: Bool
    var int: Int
    var int64: Int64
    var uint8: UInt8
    var double: Double
    var colour: Colour
    var level: Level?
    var optionalText: String?
    var optionalInt: Int?
    var optionalFlag: Bool?
    var inner: Inner
    var inners: [Inner]
    var tags: [String]
    var byName: [String: Int]
    var byNumber: [Int: String]
    var nested: [[Int]]
    var maybeInner: Inner?
}

/// A type using the less common container calls: nested containers, super encoders, nil.
struct Unusual: Codable, Equatable {
    var a: Int
    var b: [String]
    var c: String?

    enum Keys: String, CodingKey { case a, box, list, c, extra }
    enum BoxKeys: String, CodingKey { case inside }

    init(a: Int, b: [String], c: String?) {
        self.a = a
        self.b = b
        self.c = c
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        var box = container.nestedContainer(keyedBy: BoxKeys.self, forKey: .box)
        var list = container.nestedUnkeyedContainer(forKey: .list)
        try container.encode(c, forKey: .c)  // nil written as null
        for item in b { try list.encode(item) }
        try box.encode(a, forKey: .inside)
        var sup = container.superEncoder().singleValueContainer()
        try sup.encode("super")
        var extra = container.superEncoder(forKey: .extra).unkeyedContainer()
        try extra.encodeNil()
        var deeper = extra.nestedContainer(keyedBy: BoxKeys.self)
        try deeper.encode(true, forKey: .inside)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        a = try container.nestedContainer(keyedBy: BoxKeys.self, forKey: .box).decode(Int.self, forKey: .inside)
        var list = try container.nestedUnkeyedContainer(forKey: .list)
        var items: [String] = []
        while !list.isAtEnd { items.append(try list.decode(String.self)) }
        b = items
        c = try container.decodeNil(forKey: .c) ? nil : try container.decode(String.self, forKey: .c)
        _ = try container.superDecoder().singleValueContainer().decode(String.self)
        var extra = try container.superDecoder(forKey: .extra).unkeyedContainer()
        guard try extra.decodeNil() else { throw DecodingError.dataCorruptedError(in: extra, debugDescription: "expected null") }
        _ = try extra.nestedContainer(keyedBy: BoxKeys.self).decode(Bool.self, forKey: .inside)
    }
}

func randomString(_ rng: inout SplitMix64) -> String {
    let pools: [[Unicode.Scalar]] = [
        Array("abcdefghijklmnopqrstuvwxyz ABC-_/.".unicodeScalars),
        ["\u{0}", "\u{1}", "\u{1F}", "\"", "\\", "\n", "\t", "\u{7F}"],
        ["é", "ß", "€", "中", "\u{2028}", "😀", "🏴", "\u{E0067}"],
    ]
    let length = Int.random(in: 0...12, using: &rng)
    var s = String.UnicodeScalarView()
    for _ in 0..<length {
        let pool = pools[Int.random(in: 0..<pools.count, using: &rng)]
        s.append(pool[Int.random(in: 0..<pool.count, using: &rng)])
    }
    return String(s)
}

func randomInt(_ rng: inout SplitMix64) -> Int {
    switch Int.random(in: 0..<4, using: &rng) {
    case 0: return [Int.min, Int.max, 0, -1, 1][Int.random(in: 0..<5, using: &rng)]
    case 1: return Int.random(in: -300...300, using: &rng)
    default: return Int(truncatingIfNeeded: rng.next())
    }
}

func randomSample(_ rng: inout SplitMix64) -> Sample {
    func inner(_ rng: inout SplitMix64) -> Inner {
        Inner(name: randomString(&rng), count: randomInt(&rng), note: Bool.random(using: &rng) ? randomString(&rng) : nil)
    }
    return Sample(
        text: randomString(&rng), flag: Bool.random(using: &rng), int: randomInt(&rng), int64: Int64(randomInt(&rng)),
        uint8: UInt8.random(in: 0...255, using: &rng), double: Double(Int.random(in: -1_000_000...1_000_000, using: &rng)),
        colour: Colour.allCases.randomElement(using: &rng)!, level: [nil, .low, .high].randomElement(using: &rng)!,
        optionalText: Bool.random(using: &rng) ? randomString(&rng) : nil,
        optionalInt: Bool.random(using: &rng) ? randomInt(&rng) : nil,
        optionalFlag: Bool.random(using: &rng) ? Bool.random(using: &rng) : nil,
        inner: inner(&rng), inners: (0..<Int.random(in: 0...3, using: &rng)).map { _ in inner(&rng) },
        tags: (0..<Int.random(in: 0...4, using: &rng)).map { _ in randomString(&rng) },
        byName: Dictionary((0..<Int.random(in: 0...4, using: &rng)).map { _ in (randomString(&rng), randomInt(&rng)) }, uniquingKeysWith: { a, _ in a }),
        byNumber: Dictionary((0..<Int.random(in: 0...3, using: &rng)).map { _ in (randomInt(&rng), randomString(&rng)) }, uniquingKeysWith: { a, _ in a }),
        nested: (0..<Int.random(in: 0...2, using: &rng)).map { _ in (0..<Int.random(in: 0...3, using: &rng)).map { _ in randomInt(&rng) } },
        maybeInner: Bool.random(using: &rng) ? inner(&rng) : nil)
}

/// A random JSON value, `depth` levels deep at most.
func randomJSON(_ rng: inout SplitMix64, depth: Int = 3) -> JSONValue {
    switch Int.random(in: 0..<(depth > 0 ? 7 : 4), using: &rng) {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &rng))
    case 2: return .int(Int64(randomInt(&rng)))
    case 3: return .string(randomString(&rng))
    case 4, 5: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in randomJSON(&rng, depth: depth - 1) })
    default:
        var members: JSONObject = [:]
        for _ in 0..<Int.random(in: 0...4, using: &rng) { members[randomString(&rng)] = randomJSON(&rng, depth: depth - 1) }
        return .object(members)
    }
}

// MARK: - Tests

@Suite struct JSONValueEncoderTests {
    @Test func randomSamplesEncodeAsFoundationDoes() throws {
        var rng = SplitMix64(seed: 0xC0DE_0001)
        for _ in 0..<300 {
            expectSameEncoding(randomSample(&rng))
        }
    }

    @Test func leavesAndContainersEncodeAsFoundationDoes() throws {
        expectSameEncoding("plain")
        expectSameEncoding(42)
        expectSameEncoding(true)
        expectSameEncoding(Optional<Int>.none)
        expectSameEncoding([Int64.min, Int64.max])
        expectSameEncoding([UInt8.max])
        expectSameEncoding([UInt64(Int64.max)])
        expectSameEncoding(Colour.blueGreen)
        expectSameEncoding(Level.high)
        expectSameEncoding(["a": [1, 2], "b": []])
        expectSameEncoding([3: "three", -1: "minus one"])
        expectSameEncoding([Inner(name: "x", count: 1, note: nil)])
        expectSameEncoding(Unusual(a: 7, b: ["p", "q"], c: nil))
        expectSameEncoding(Unusual(a: -7, b: [], c: "set"))
    }

    @Test func wholeFloatingPointNumbersBecomeIntegersAsFoundationWritesThem() throws {
        for value in [0.0, -0.0, 2.0, -17.0, 1e15, 9_007_199_254_740_992.0] {
            expectSameEncoding([value])
            #expect(try JSONValueEncoder().encode(value) == JSONValue.parse(Array(JSONEncoder().encode(value))))
        }
        expectSameEncoding([Float(2), Float(-65536)])
    }

    @Test func whatAJSONValueCannotHoldIsRefused() {
        // Foundation writes these, but the text is not a ledger JSON value (a fraction, an
        // exponent, an integer beyond 64 bits), or refuses them itself (NaN, infinity).
        for value in [0.5, 1e16, -1e300, .nan, .infinity, -.infinity] {
            #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([value]) }
            #expect(throws: (any Error).self) { try foundationJSON([value]) }
        }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([UInt64.max]) }
        #expect(throws: (any Error).self) { try foundationJSON([UInt64.max]) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(["k": Float(0.25)]) }
    }

    @Test func nonFiniteNumbersAreRefusedAtTheirPath() throws {
        struct Holder: Encodable { var values: [Double] }
        let ours = Result { try JSONValueEncoder().encode(Holder(values: [1, .nan])) }
        let theirs = Result { try foundationJSON(Holder(values: [1, .nan])) }
        guard case .failure(let a) = ours, case .failure(let b) = theirs else {
            Issue.record("NaN was encoded")
            return
        }
        #expect(signature(a) == signature(b))
        #expect(signature(a) == "invalidValue at values#-/Index 1#1")
    }

    @Test func aTopLevelValueThatEncodesNothingIsRefused() throws {
        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Nothing()) }
        #expect(throws: EncodingError.self) { try foundationJSON(Nothing()) }
        // Nested, it is an empty object, as Foundation writes it.
        expectSameEncoding([Nothing()])
        #expect(try JSONValueEncoder().encode([Nothing()]) == .array([.object([:])]))
    }

    @Test func aJSONValueEncodesAsItself() throws {
        var rng = SplitMix64(seed: 0xC0DE_0002)
        for _ in 0..<200 {
            let value = randomJSON(&rng)
            #expect(try JSONValueEncoder().encode(value) == value)
            #expect(try JSONValueEncoder().encode(["wrapped": value]) == .object(["wrapped": value]))
            expectSameEncoding(["wrapped": value])
        }
    }

    @Test func aKeyEncodedTwiceKeepsTheLaterValue() throws {
        struct Twice: Encodable {
            enum K: CodingKey { case a }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: K.self)
                try c.encode(1, forKey: .a)
                try c.encode("two", forKey: .a)
            }
        }
        #expect(try JSONValueEncoder().encode(Twice()) == .object(["a": .string("two")]))
        expectSameEncoding(Twice())
    }
}

@Suite struct JSONValueDecoderTests {
    @Test func randomSamplesDecodeAsFoundationDoes() throws {
        var rng = SplitMix64(seed: 0xC0DE_0003)
        for _ in 0..<300 {
            let sample = randomSample(&rng)
            let json = try foundationJSON(sample)
            #expect(try JSONValueDecoder().decode(Sample.self, from: json) == sample)
            expectSameDecoding(Sample.self, json)
        }
    }

    @Test func unusualContainersDecodeAsFoundationDoes() throws {
        for value in [Unusual(a: 7, b: ["p", "q"], c: nil), Unusual(a: 0, b: [], c: "c")] {
            let json = try foundationJSON(value)
            #expect(try JSONValueDecoder().decode(Unusual.self, from: json) == value)
            expectSameDecoding(Unusual.self, json)
        }
    }

    @Test func aJSONValueDecodesAsItself() throws {
        var rng = SplitMix64(seed: 0xC0DE_0004)
        for _ in 0..<200 {
            let value = randomJSON(&rng)
            #expect(try JSONValueDecoder().decode(JSONValue.self, from: value) == value)
            expectSameDecoding(JSONValue.self, value)
            expectSameDecoding(JSONObject.self, .object(["k": value]))
        }
    }

    @Test func integersDecodeOnlyWhereTheyFitAsFoundationDecidesIt() {
        for n: Int64 in [0, 1, -1, 127, 128, -128, -129, 255, 256, 65_535, 65_536, Int64(Int32.max) + 1, Int64(Int32.min) - 1, .max, .min] {
            let json = JSONValue.array([.int(n)])
            expectSameDecoding([Int].self, json)
            expectSameDecoding([Int8].self, json)
            expectSameDecoding([Int16].self, json)
            expectSameDecoding([Int32].self, json)
            expectSameDecoding([Int64].self, json)
            expectSameDecoding([UInt].self, json)
            expectSameDecoding([UInt8].self, json)
            expectSameDecoding([UInt16].self, json)
            expectSameDecoding([UInt32].self, json)
            expectSameDecoding([UInt64].self, json)
            expectSameDecoding([Double].self, json)
            expectSameDecoding([Float].self, json)
            expectSameDecoding(Int8.self, .int(n))
            expectSameDecoding(UInt.self, .int(n))
        }
        // A rounding case: the nearest Double, as Foundation's parser finds it.
        expectSameDecoding(Double.self, .int(9_007_199_254_740_993))
        expectSameDecoding(Float.self, .int(16_777_217))
    }

    @Test func wrongTypesFailWithFoundationsErrors() {
        let values: [JSONValue] = [.null, .bool(true), .int(3), .string("s"), .array([]), .array([.int(1)]), .object([:]), .object(["name": .int(1)])]
        for value in values {
            expectSameDecoding(String.self, value)
            expectSameDecoding(Int.self, value)
            expectSameDecoding(Bool.self, value)
            expectSameDecoding(Double.self, value)
            expectSameDecoding([Int].self, value)
            expectSameDecoding([String: Int].self, value)
            expectSameDecoding(Colour.self, value)
            expectSameDecoding(Level.self, value)
            expectSameDecoding(Inner.self, value)
            expectSameDecoding(Int?.self, value)
            expectSameDecoding([Inner?].self, .array([value]))
            // In every position: a field, an element, a dictionary value.
            expectSameDecoding(Inner.self, .object(["name": value, "count": .int(1)]))
            expectSameDecoding(Inner.self, .object(["name": .string("n"), "count": value]))
            expectSameDecoding(Inner.self, .object(["name": .string("n"), "count": .int(1), "note": value]))
            expectSameDecoding([Bool].self, .array([.bool(true), value]))
            expectSameDecoding([String: Colour].self, .object(["k": value]))
            expectSameDecoding([Int: String].self, .object(["1": value]))
            expectSameDecoding([Int: String].self, .object(["x": value]))
        }
    }

    @Test func missingKeysAndNullsFailAtTheSamePath() throws {
        var rng = SplitMix64(seed: 0xC0DE_0005)
        let sample = randomSample(&rng)
        guard case .object(let members) = try foundationJSON(sample) else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not an object")) }
        for key in members.keys.sorted() {
            var removed = members
            removed[key] = nil
            expectSameDecoding(Sample.self, .object(removed))
            var nulled = members
            nulled[key] = .null
            expectSameDecoding(Sample.self, .object(nulled))
            var wrong = members
            wrong[key] = .string("wrong")
            expectSameDecoding(Sample.self, .object(wrong))
            var wrongNumber = members
            wrongNumber[key] = .int(-1)
            expectSameDecoding(Sample.self, .object(wrongNumber))
        }
        // Inside an array of objects, and an unknown raw value.
        let inners = JSONValue.array([.object(["name": .string("a"), "count": .int(1)]), .object(["name": .string("b")])])
        expectSameDecoding([Inner].self, inners)
        expectSameDecoding([Colour].self, .array([.string("red"), .string("purple")]))
        expectSameDecoding([Level].self, .array([.int(1), .int(2)]))
    }

    @Test func theErrorsNameThePathAsFoundationDoes() throws {
        let json = JSONValue.object(["name": .string("a"), "count": .string("one")])
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Inner.self, from: json) }
        do {
            _ = try JSONValueDecoder().decode([Inner].self, from: .array([json]))
        } catch {
            #expect(signature(error) == "typeMismatch Int at Index 0#0/count#-: Expected to decode Int but found a string instead.")
        }
    }

    @Test func unkeyedContainersAtTheirEndFailAsFoundationsDo() {
        struct Pair: Decodable, Equatable {
            var a: Int
            var b: Int
            init(from decoder: any Decoder) throws {
                var c = try decoder.unkeyedContainer()
                a = try c.decode(Int.self)
                b = try c.decode(Int.self)
            }
        }
        struct Reads: Decodable, Equatable {
            init(from decoder: any Decoder) throws {
                var c = try decoder.unkeyedContainer()
                _ = try c.decodeIfPresent(Int.self)
                _ = try c.decodeIfPresent(Int.self)
                #expect(c.currentIndex == 2)
                _ = try c.decodeNil()
            }
        }
        struct Nested: Decodable, Equatable {
            init(from decoder: any Decoder) throws {
                var c = try decoder.unkeyedContainer()
                _ = try c.nestedUnkeyedContainer()
            }
        }
        struct Super: Decodable, Equatable {
            init(from decoder: any Decoder) throws {
                var c = try decoder.unkeyedContainer()
                _ = try c.superDecoder()
            }
        }
        expectSameDecoding(Pair.self, .array([.int(1)]))
        expectSameDecoding(Pair.self, .array([.int(1), .int(2)]))
        expectSameDecoding(Reads.self, .array([.int(1)]))
        expectSameDecoding(Nested.self, .array([]))
        expectSameDecoding(Super.self, .array([]))
    }

    @Test func customDecodingErrorsKeepTheirPath() {
        struct Day: Decodable, Equatable {
            var text: String
            init(from decoder: any Decoder) throws {
                let c = try decoder.singleValueContainer()
                text = try c.decode(String.self)
                guard text.count == 10 else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a day: \(text)") }
            }
        }
        struct Holder: Decodable, Equatable { var days: [String: [Day]] }
        expectSameDecoding(Holder.self, .object(["days": .object(["k": .array([.string("2025-01-01"), .string("soon")])])]))
    }
}
