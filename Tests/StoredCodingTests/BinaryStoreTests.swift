import CanonicalJSON
import Chronology
import Foundation
import Testing
@testable import StoredCoding

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

func roundTrip<T: Codable>(_ value: T, version: UInt8 = 1) throws -> T {
    try BinaryStore.decode(T.self, from: BinaryStore.encode(value, version: version), version: version)
}

func storedError(_ body: () throws -> Void) -> StoredEncodingError? {
    do {
        try body()
        return nil
    } catch let error as StoredEncodingError {
        return error
    } catch {
        Issue.record("expected a StoredEncodingError, got \(error)")
        return nil
    }
}

// MARK: - Sample types

enum Colour: String, Codable, Equatable, CaseIterable { case red, green, blueGreen }
enum Level: Int, Codable, Equatable { case low = 1, high = 3 }

struct Inner: Codable, Equatable, Hashable {
    var name: String
    var count: Int
    var note: String?
}

struct Everything: Codable, Equatable {
    var text: String
    var flag: Bool
    var int: Int
    var int8: Int8
    var int16: Int16
    var int32: Int32
    var int64: Int64
    var uint: UInt
    var uint8: UInt8
    var uint16: UInt16
    var uint32: UInt32
    var uint64: UInt64
    var double: Double
    var float: Float
    var colour: Colour
    var level: Level?
    var optionalText: String?
    var optionalInt: Int?
    var optionalFlag: Bool?
    var optionalDouble: Double?
    var optionalInt64: Int64?
    var inner: Inner
    var inners: [Inner]
    var tags: [String]
    var byName: [String: Int]
    var byNumber: [Int: String]
    var byInner: [String: Inner]
    var nested: [[Int]]
    var maybeInner: Inner?
    var optionals: [Int?]
    var set: Set<Int>
    var json: JSONValue
    var day: LocalDate
    var instant: Timestamp
    var days: [LocalDate]
    var maybeInstant: Timestamp?
}

func randomString(_ rng: inout SplitMix64) -> String {
    let pools: [[Unicode.Scalar]] = [
        Array("abcdefghijklmnopqrstuvwxyz ABC-_/.{}".unicodeScalars),
        ["\u{0}", "\u{1}", "\u{1F}", "\"", "\\", "\n", "\u{7F}", "\u{80}", "\u{FFFF}"],
        ["é", "ß", "€", "中", "\u{2028}", "😀", "🏴", "\u{E0067}"],
    ]
    let length = [0, 1, 5, 15, 16, 40, 200][Int.random(in: 0..<7, using: &rng)]
    var s = String.UnicodeScalarView()
    for _ in 0..<length {
        let pool = pools[Int.random(in: 0..<pools.count, using: &rng)]
        s.append(pool[Int.random(in: 0..<pool.count, using: &rng)])
    }
    return String(s)
}

/// A random integer of type `T`, extremes and small values included often.
func randomInteger<T: FixedWidthInteger>(_ type: T.Type, _ rng: inout SplitMix64) -> T {
    switch Int.random(in: 0..<5, using: &rng) {
    case 0: return [T.min, T.max, 0, T.isSigned ? -1 : 1, 1][Int.random(in: 0..<5, using: &rng)]
    case 1: return T(truncatingIfNeeded: Int.random(in: -200...200, using: &rng))
    case 2: return T(truncatingIfNeeded: Int64.random(in: -70_000...70_000, using: &rng))
    default: return T(truncatingIfNeeded: rng.next())
    }
}

/// A random double: any bit pattern but NaN (which is not equal to itself), or a plain number.
func randomDouble(_ rng: inout SplitMix64) -> Double {
    switch Int.random(in: 0..<4, using: &rng) {
    case 0: return [0.0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1, 1e16][Int.random(in: 0..<8, using: &rng)]
    case 1: return Double(Int.random(in: -1000...1000, using: &rng)) / 8
    default:
        let d = Double(bitPattern: rng.next())
        return d.isNaN ? 1.5 : d
    }
}

func randomDay(_ rng: inout SplitMix64) -> LocalDate {
    LocalDate(dayNumber: Int.random(in: -700_000...2_900_000, using: &rng))
}

func randomJSON(_ rng: inout SplitMix64, depth: Int = 3) -> JSONValue {
    switch Int.random(in: 0..<(depth > 0 ? 7 : 4), using: &rng) {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &rng))
    case 2: return .int(randomInteger(Int64.self, &rng))
    case 3: return .string(randomString(&rng))
    case 4, 5: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in randomJSON(&rng, depth: depth - 1) })
    default:
        var members: JSONObject = [:]
        for _ in 0..<Int.random(in: 0...4, using: &rng) { members[randomString(&rng)] = randomJSON(&rng, depth: depth - 1) }
        return .object(members)
    }
}

func randomInner(_ rng: inout SplitMix64) -> Inner {
    Inner(name: randomString(&rng), count: randomInteger(Int.self, &rng), note: Bool.random(using: &rng) ? randomString(&rng) : nil)
}

func randomEverything(_ rng: inout SplitMix64) -> Everything {
    func maybe<T>(_ rng: inout SplitMix64, _ make: (inout SplitMix64) -> T) -> T? { Bool.random(using: &rng) ? make(&rng) : nil }
    func some<T>(_ rng: inout SplitMix64, _ most: Int, _ make: (inout SplitMix64) -> T) -> [T] {
        (0..<Int.random(in: 0...most, using: &rng)).map { _ in make(&rng) }
    }
    return Everything(
        text: randomString(&rng), flag: Bool.random(using: &rng),
        int: randomInteger(Int.self, &rng), int8: randomInteger(Int8.self, &rng), int16: randomInteger(Int16.self, &rng),
        int32: randomInteger(Int32.self, &rng), int64: randomInteger(Int64.self, &rng),
        uint: randomInteger(UInt.self, &rng), uint8: randomInteger(UInt8.self, &rng), uint16: randomInteger(UInt16.self, &rng),
        uint32: randomInteger(UInt32.self, &rng), uint64: randomInteger(UInt64.self, &rng),
        double: randomDouble(&rng), float: Float(Double(Int.random(in: -1000...1000, using: &rng)) / 4),
        colour: Colour.allCases.randomElement(using: &rng)!, level: [nil, .low, .high].randomElement(using: &rng)!,
        optionalText: maybe(&rng, randomString), optionalInt: maybe(&rng) { randomInteger(Int.self, &$0) },
        optionalFlag: maybe(&rng) { Bool.random(using: &$0) }, optionalDouble: maybe(&rng, randomDouble),
        optionalInt64: maybe(&rng) { randomInteger(Int64.self, &$0) },
        inner: randomInner(&rng), inners: some(&rng, 3, randomInner), tags: some(&rng, 4, randomString),
        byName: Dictionary(some(&rng, 5) { (randomString(&$0), randomInteger(Int.self, &$0)) }, uniquingKeysWith: { a, _ in a }),
        byNumber: Dictionary(some(&rng, 4) { (randomInteger(Int.self, &$0), randomString(&$0)) }, uniquingKeysWith: { a, _ in a }),
        byInner: Dictionary(some(&rng, 3) { (randomString(&$0), randomInner(&$0)) }, uniquingKeysWith: { a, _ in a }),
        nested: some(&rng, 3) { r in some(&r, 3) { randomInteger(Int.self, &$0) } },
        maybeInner: maybe(&rng, randomInner), optionals: some(&rng, 4) { r in maybe(&r) { randomInteger(Int.self, &$0) } },
        set: Set(some(&rng, 5) { randomInteger(Int.self, &$0) }), json: randomJSON(&rng),
        day: randomDay(&rng), instant: Timestamp(milliseconds: Int64.random(in: -12_000_000_000_000...250_000_000_000_000, using: &rng)),
        days: some(&rng, 3, randomDay),
        maybeInstant: maybe(&rng) { Timestamp(milliseconds: Int64.random(in: 0...4_000_000_000_000, using: &$0)) })
}

// MARK: - Round trips

@Suite struct BinaryStoreRoundTripTests {
    @Test func randomValuesOfEveryKindRoundTrip() throws {
        var rng = SplitMix64(seed: 0x5702_0001)
        for _ in 0..<500 {
            let value = randomEverything(&rng)
            let back = try roundTrip(value)
            #expect(back == value)
            #expect(back.double.bitPattern == value.double.bitPattern)  // -0.0 stays -0.0
        }
    }

    @Test func primitivesRoundTripAtTheTopLevelAndInArrays() throws {
        var rng = SplitMix64(seed: 0x5702_0002)
        for _ in 0..<300 {
            let i = randomInteger(Int.self, &rng)
            let i64 = randomInteger(Int64.self, &rng)
            let u64 = randomInteger(UInt64.self, &rng)
            let d = randomDouble(&rng)
            let s = randomString(&rng)
            let b = Bool.random(using: &rng)
            #expect(try roundTrip(i) == i)
            #expect(try roundTrip(i64) == i64)
            #expect(try roundTrip(u64) == u64)
            #expect(try roundTrip(d).bitPattern == d.bitPattern)
            #expect(try roundTrip(s) == s)
            #expect(try roundTrip(b) == b)
            #expect(try roundTrip([i, i, 0]) == [i, i, 0])
            #expect(try roundTrip([s, "", s]) == [s, "", s])
            #expect(try roundTrip([u64]) == [u64])
            #expect(try roundTrip(Optional(s)) == s)
        }
        #expect(try roundTrip(Optional<Int>.none) == nil)
        #expect(try roundTrip([Int?.none, 1, nil]) == [nil, 1, nil])
        #expect(try roundTrip(Double.nan).isNaN)
    }

    @Test func integersDecodeAsAnyTypeThatHoldsThemExactly() throws {
        let stored = try BinaryStore.encode([Int64(300), -1, Int64.max], version: 1)
        #expect(try BinaryStore.decode([Int].self, from: stored, version: 1) == [300, -1, .max])
        #expect(try BinaryStore.decode([Int64].self, from: stored, version: 1) == [300, -1, .max])
        let refused = storedError { _ = try BinaryStore.decode([Int8].self, from: stored, version: 1) }
        #expect(refused?.code == .damaged)
        #expect(refused?.message.contains("[0]") == true)
        let unsigned = storedError { _ = try BinaryStore.decode([UInt64].self, from: stored, version: 1) }
        #expect(unsigned?.message.contains("[1]") == true)
        let big = try BinaryStore.encode(UInt64.max, version: 1)
        #expect(try BinaryStore.decode(UInt64.self, from: big, version: 1) == .max)
        #expect(storedError { _ = try BinaryStore.decode(Int64.self, from: big, version: 1) }?.code == .damaged)
    }

    @Test func localDatesAndTimestampsRoundTrip() throws {
        var rng = SplitMix64(seed: 0x5702_0003)
        for _ in 0..<300 {
            let day = randomDay(&rng)
            let instant = Timestamp(milliseconds: Int64.random(in: -12_000_000_000_000...250_000_000_000_000, using: &rng))
            #expect(try roundTrip(day) == day)
            #expect(try roundTrip(instant) == instant)
            #expect(try roundTrip(["d": day]) == ["d": day])
        }
        // A date string that is not a day fails the way the type says, at its field.
        struct Text: Codable { var day: String }
        struct Day: Codable { var day: LocalDate }
        let stored = try BinaryStore.encode(Text(day: "2025-02-30"), version: 1)
        let error = storedError { _ = try BinaryStore.decode(Day.self, from: stored, version: 1) }
        #expect(error?.code == .damaged)
        #expect(error?.message.contains("day: expected a date") == true)
    }

    @Test func jsonValuesRoundTripWhetherDecodedWholeOrByProbing() throws {
        /// Decodes its value the way `PersonalValue` once did: `JSONValue(from:)` on the decoder,
        /// which probes each type in turn.
        struct Probed: Codable, Equatable {
            var value: JSONValue
            init(_ value: JSONValue) { self.value = value }
            init(from decoder: any Decoder) throws { value = try JSONValue(from: decoder) }
            func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
        }
        var rng = SplitMix64(seed: 0x5702_0004)
        for _ in 0..<300 {
            let value = randomJSON(&rng)
            #expect(try roundTrip(value) == value)
            #expect(try roundTrip(Probed(value)) == Probed(value))
            #expect(try roundTrip(["p": Probed(value)]) == ["p": Probed(value)])
            #expect(try roundTrip([value, value]) == [value, value])
        }
    }

    @Test func customContainersRoundTripInAnyOrder() throws {
        struct Unusual: Codable, Equatable {
            var a: Int
            var b: [String]
            var c: String?
            var s: String

            enum Keys: String, CodingKey { case a, box, list, c, extra }
            enum BoxKeys: String, CodingKey { case inside }

            init(a: Int, b: [String], c: String?, s: String) {
                self.a = a
                self.b = b
                self.c = c
                self.s = s
            }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                // Two nested containers open at once, written to in turn.
                var box = container.nestedContainer(keyedBy: BoxKeys.self, forKey: .box)
                var list = container.nestedUnkeyedContainer(forKey: .list)
                if let c { try container.encode(c, forKey: .c) } else { try container.encodeNil(forKey: .c) }
                for item in b {
                    try list.encode(item)
                    try box.encode(a, forKey: .inside)
                }
                try box.encode(a, forKey: .inside)
                var sup = container.superEncoder().singleValueContainer()
                try sup.encode(s)
                var extra = container.superEncoder(forKey: .extra).unkeyedContainer()
                try extra.encodeNil()
                var deeper = extra.nestedContainer(keyedBy: BoxKeys.self)
                var more = extra.nestedUnkeyedContainer()
                try deeper.encode(true, forKey: .inside)
                try more.encode(Int64.min)
                var superElement = extra.superEncoder().singleValueContainer()
                try superElement.encode("element")
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                a = try container.nestedContainer(keyedBy: BoxKeys.self, forKey: .box).decode(Int.self, forKey: .inside)
                var list = try container.nestedUnkeyedContainer(forKey: .list)
                var items: [String] = []
                while !list.isAtEnd { items.append(try list.decode(String.self)) }
                b = items
                c = try container.decodeNil(forKey: .c) ? nil : try container.decode(String.self, forKey: .c)
                s = try container.superDecoder().singleValueContainer().decode(String.self)
                var extra = try container.superDecoder(forKey: .extra).unkeyedContainer()
                #expect(extra.count == 4)
                #expect(try extra.decodeNil())
                #expect(try extra.nestedContainer(keyedBy: BoxKeys.self).decode(Bool.self, forKey: .inside))
                var more = try extra.nestedUnkeyedContainer()
                #expect(try more.decode(Int64.self) == .min)
                #expect(try extra.superDecoder().singleValueContainer().decode(String.self) == "element")
                #expect(extra.isAtEnd)
            }
        }
        for value in [Unusual(a: 7, b: ["p", "q"], c: nil, s: "x"), Unusual(a: -1, b: [], c: "c", s: "")] {
            #expect(try roundTrip(value) == value)
        }
    }
}

// MARK: - Schema changes

@Suite struct BinaryStoreSchemaTests {
    struct Version1: Codable, Equatable {
        var reference: String
        var count: Int
        var note: String?
    }

    struct Version2: Codable, Equatable {
        var count: Int
        var reference: String
        var added: [String]?
        var note: String?
        var addedDay: LocalDate?
    }

    struct Version2Required: Codable, Equatable {
        var reference: String
        var count: Int
        var required: Bool
    }

    @Test func fieldsAreFoundByNameNotPosition() throws {
        let old = Version1(reference: "FOI-2025-0001", count: 3, note: "n")
        let read = try BinaryStore.decode(Version2.self, from: BinaryStore.encode(old, version: 1), version: 1)
        #expect(read == Version2(count: 3, reference: "FOI-2025-0001", added: nil, note: "n", addedDay: nil))
    }

    @Test func unknownFieldsAreSkipped() throws {
        let new = Version2(count: 9, reference: "SAR-2025-0002", added: ["a", "b"], note: nil, addedDay: LocalDate(iso: "2025-03-17"))
        let read = try BinaryStore.decode(Version1.self, from: BinaryStore.encode(new, version: 1), version: 1)
        #expect(read == Version1(reference: "SAR-2025-0002", count: 9, note: nil))
    }

    @Test func absentOptionalsAreNotWritten() throws {
        let bytes = try BinaryStore.encode(Version1(reference: "r", count: 1, note: nil), version: 1)
        #expect(!String(decoding: bytes, as: UTF8.self).contains("note"))
        let withNote = try BinaryStore.encode(Version1(reference: "r", count: 1, note: "x"), version: 1)
        #expect(String(decoding: withNote, as: UTF8.self).contains("note"))
    }

    @Test func aMissingRequiredFieldIsNamed() throws {
        let old = Version1(reference: "FOI-2025-0001", count: 3, note: nil)
        let error = storedError { _ = try BinaryStore.decode(Version2Required.self, from: BinaryStore.encode(old, version: 1), version: 1) }
        #expect(error?.code == .damaged)
        #expect(error?.message.contains("required is missing") == true)
        #expect(error?.cause is DecodingError)
    }

    @Test func aFieldOfTheWrongTypeIsNamed() throws {
        struct Holder<T: Codable>: Codable { var items: [String: T] }
        let stored = try BinaryStore.encode(Holder(items: ["k": [Inner(name: "a", count: 1, note: nil)]]), version: 1)
        struct Wrong: Codable { var name: String; var count: String }
        let error = storedError { _ = try BinaryStore.decode(Holder<[Wrong]>.self, from: stored, version: 1) }
        #expect(error?.message.contains("items.k[0].count") == true)
        let nulled = try BinaryStore.encode(Holder(items: ["k": Optional<Int>.none]), version: 1)
        let null = storedError { _ = try BinaryStore.decode(Holder<Int>.self, from: nulled, version: 1) }
        #expect(null?.message.contains("items.k is null") == true)
    }
}

// MARK: - The header and damage

@Suite struct BinaryStoreFormatTests {
    @Test func theHeaderIsTheFormatByteThenTheVersion() throws {
        let bytes = try BinaryStore.encode(Inner(name: "n", count: 1, note: nil), version: 7)
        #expect(bytes[0] == 0xCB)
        #expect(bytes[0] == BinaryStore.magic)
        #expect(bytes[1] == 7)
        #expect(bytes[0] != UInt8(ascii: "{"))
    }

    @Test func oldJSONRowsAreRefusedAsAnOlderEncoding() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for json in [try encoder.encode(Inner(name: "n", count: 1, note: nil)), Data("{}".utf8), Data("{".utf8)] {
            let error = storedError { _ = try BinaryStore.decode(Inner.self, from: Array(json), version: 1) }
            #expect(error?.code == .olderEncoding)
            #expect(error?.message.contains("JSON") == true)
            #expect(error?.storedVersion == nil)
        }
    }

    @Test func otherVersionsAreRefusedSayingWhich() throws {
        let stored = try BinaryStore.encode(Inner(name: "n", count: 1, note: nil), version: 3)
        let older = storedError { _ = try BinaryStore.decode(Inner.self, from: stored, version: 4) }
        #expect(older?.code == .olderEncoding)
        #expect(older?.storedVersion == 3)
        let newer = storedError { _ = try BinaryStore.decode(Inner.self, from: stored, version: 2) }
        #expect(newer?.code == .newerEncoding)
        #expect(newer?.storedVersion == 3)
        #expect(newer?.message.contains("3") == true)
        var laterFormat = stored
        laterFormat[0] = 0xCC
        #expect(storedError { _ = try BinaryStore.decode(Inner.self, from: laterFormat, version: 3) }?.code == .newerEncoding)
    }

    @Test func bytesThatAreNotAStoredValueAreDamaged() throws {
        for bytes: [UInt8] in [[], [0xCB], [0x00, 0x01, 0x00], [0xCB, 0x01], [0xCB, 0x01, 0x09], [0xCB, 0x01, 0x00, 0x00]] {
            let error = storedError { _ = try BinaryStore.decode(Int?.self, from: bytes, version: 1) }
            #expect(error?.code == .damaged, "\(bytes)")
        }
        // A string that is not UTF-8.
        let invalid: [UInt8] = [0xCB, 0x01, 0x06, 0x02, 0xC3, 0x28]
        #expect(storedError { _ = try BinaryStore.decode(String.self, from: invalid, version: 1) }?.code == .damaged)
    }

    @Test func everyTruncationIsDamageNotACrash() throws {
        var rng = SplitMix64(seed: 0x5702_0005)
        for _ in 0..<20 {
            let stored = try BinaryStore.encode(randomEverything(&rng), version: 1)
            for length in 0..<stored.count {
                let error = storedError { _ = try BinaryStore.decode(Everything.self, from: Array(stored.prefix(length)), version: 1) }
                #expect(error?.code == .damaged)
            }
        }
    }

    @Test func flippedBitsAreDamageOrAnotherValueNeverACrash() throws {
        var rng = SplitMix64(seed: 0x5702_0006)
        var refused = 0
        for _ in 0..<40 {
            let stored = try BinaryStore.encode(randomEverything(&rng), version: 1)
            for _ in 0..<60 {
                var bytes = stored
                let i = Int.random(in: 2..<bytes.count, using: &rng)
                bytes[i] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
                do {
                    _ = try BinaryStore.decode(Everything.self, from: bytes, version: 1)
                } catch {
                    #expect(error.code == .damaged)
                    refused += 1
                }
            }
        }
        #expect(refused > 0)
    }

    @Test func equalValuesEncodeToEqualBytes() throws {
        var rng = SplitMix64(seed: 0x5702_0007)
        for _ in 0..<100 {
            let pairs = (0..<Int.random(in: 0...20, using: &rng)).map { _ in (randomString(&rng), randomInteger(Int.self, &rng)) }
            let forward = Dictionary(pairs, uniquingKeysWith: { a, _ in a })
            var backward: [String: Int] = [:]
            backward.reserveCapacity(200)
            for key in forward.keys.sorted().reversed() { backward[key] = forward[key] }
            #expect(try BinaryStore.encode(forward, version: 1) == BinaryStore.encode(backward, version: 1))
            let json = JSONValue.object(JSONObject(uniqueKeysWithValues: forward.map { (JSONKey($0.key), JSONValue.int(Int64($0.value))) }))
            var other: JSONObject = [:]
            for key in forward.keys.shuffled(using: &rng) { other[key] = .int(Int64(forward[key]!)) }
            #expect(try BinaryStore.encode(json, version: 1) == BinaryStore.encode(JSONValue.object(other), version: 1))
        }
    }

    @Test func aValueThatEncodesNothingIsRefused() throws {
        struct Nothing: Codable {
            init() {}
            init(from decoder: any Decoder) throws {}
            func encode(to encoder: any Encoder) throws {}
        }
        #expect(throws: EncodingError.self) { try BinaryStore.encode(Nothing(), version: 1) }
        // Nested, it is an empty object.
        #expect(try BinaryStore.encode([Nothing()], version: 1) == BinaryStore.encode([[String: Int]()], version: 1))
    }

    @Test func theEncodingIsCompact() throws {
        struct Row: Codable {
            var reference = "FOI-2025-0001"
            var receivedOn = LocalDate(iso: "2025-03-17")!
            var status = "open"
            var extensionWorkingDays = 0
            var onTime: Bool? = true
            var exemptions: [String] = ["s40(2)", "s43(2)"]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(Row())
        let binary = try BinaryStore.encode(Row(), version: 1)
        #expect(binary.count < json.count)
    }
}
