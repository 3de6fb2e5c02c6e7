import Foundation
import Testing
@testable import Casework

/// The JSONValue coders stand in for Foundation's JSON coders on every event payload: the same
/// payloads from the same JSON, the same JSON from the same payloads, and the same errors, at
/// the same coding paths, for every field missing, null or of the wrong type.
@Suite struct JSONValueCoderCatalogueTests {
    /// An error as one line: case, type named, coding path (string and int values), description.
    static func signature(_ error: any Error) -> String {
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
        default:
            return "other: \(error)"
        }
    }

    /// Decodes `json` as `P` with both decoders: equal payloads, or errors with one signature.
    static func compare<P: EventPayload>(_ type: P.Type, _ json: JSONValue, _ what: String) -> Bool {
        let ours = Result { try JSONValueDecoder().decode(P.self, from: json) }
        let theirs = Result { try JSONDecoder().decode(P.self, from: Data(json.canonicalBytes())) }
        switch (ours, theirs) {
        case (.success(let a), .success(let b)):
            #expect(a == b, "\(P.self) \(what)")
            return true
        case (.failure(let a), .failure(let b)):
            #expect(signature(a) == signature(b), "\(P.self) \(what)")
            return false
        default:
            Issue.record("\(P.self) \(what): ours \(ours), Foundation's \(theirs)")
            return false
        }
    }

    /// Every path to a member or element of `value`, with the value there.
    static func paths(in value: JSONValue, prefix: [FieldStep] = []) -> [([FieldStep], JSONValue)] {
        var out: [([FieldStep], JSONValue)] = []
        switch value {
        case .object(let members):
            for key in members.names.sorted() {
                let path = prefix + [.key(key)]
                out.append((path, members[key]!))
                out += paths(in: members[key]!, prefix: path)
            }
        case .array(let items):
            for (i, item) in items.enumerated() {
                let path = prefix + [.index(i)]
                out.append((path, item))
                out += paths(in: item, prefix: path)
            }
        default:
            break
        }
        return out
    }

    enum FieldStep: CustomStringConvertible {
        case key(String)
        case index(Int)
        var description: String {
            switch self {
            case .key(let k): ".\(k)"
            case .index(let i): "[\(i)]"
            }
        }
    }

    /// `root` with the value at `path` replaced, or removed when `replacement` is nil.
    static func replacing(_ path: ArraySlice<FieldStep>, in root: JSONValue, with replacement: JSONValue?) -> JSONValue {
        guard let step = path.first else { return replacement ?? .null }
        let rest = path.dropFirst()
        switch (step, root) {
        case (.key(let k), .object(var o)):
            if rest.isEmpty { o[k] = replacement } else if let child = o[k] { o[k] = replacing(rest, in: child, with: replacement) }
            return .object(o)
        case (.index(let i), .array(var a)) where a.indices.contains(i):
            if rest.isEmpty {
                if let replacement { a[i] = replacement } else { a.remove(at: i) }
            } else {
                a[i] = replacing(rest, in: a[i], with: replacement)
            }
            return .array(a)
        default:
            return root
        }
    }

    /// Values of every JSON type but `value`'s own, to put in its place.
    static func wrongValues(for value: JSONValue) -> [JSONValue] {
        let all: [JSONValue] = [.null, .bool(true), .int(7), .int(-1), .int(Int64.max), .string("not-a-value"), .array([]),
                                .array([.string("x")]), .object([:]), .object(["x": .int(1)])]
        return all.filter { $0 != value }
    }

    @Test(arguments: EventType.allCases)
    func examplesDecodeAndEncodeAsWithFoundation(type: EventType) throws {
        let json = EventCatalogue.exampleJSON(for: type)
        func check<P: EventPayload>(_ payloadType: P.Type) throws {
            let ours = try JSONValueDecoder().decode(P.self, from: json)
            let theirs = try JSONDecoder().decode(P.self, from: Data(json.canonicalBytes()))
            #expect(ours == theirs)
            let example = try #require(EventsTestSupport.example(of: type) as? P)
            #expect(ours == example)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            #expect(try JSONValueEncoder().encode(example) == JSONValue.parse(Array(encoder.encode(example))))
            #expect(try JSONValueEncoder().encode(example) == json)
        }
        try check(EventCatalogue.payloadType(for: type))
    }

    @Test(arguments: EventType.allCases)
    func everyFieldMissingNullOrMistypedFailsAsWithFoundation(type: EventType) throws {
        let json = EventCatalogue.exampleJSON(for: type)
        func check<P: EventPayload>(_ payloadType: P.Type) {
            _ = Self.compare(P.self, json, "example")
            _ = Self.compare(P.self, .object([:]), "empty object")
            for value in [JSONValue.null, .array([]), .string("s"), .int(1)] {
                _ = Self.compare(P.self, value, "as \(value.typeName)")
            }
            for (path, value) in Self.paths(in: json) {
                let where_ = path.map(\.description).joined()
                _ = Self.compare(P.self, Self.replacing(path[...], in: json, with: nil), "without \(where_)")
                for wrong in Self.wrongValues(for: value) {
                    _ = Self.compare(P.self, Self.replacing(path[...], in: json, with: wrong), "with \(where_) = \(wrong.canonicalString)")
                }
            }
            // A field it does not know, at the top and nested.
            if case .object(var o) = json {
                o["unknownField"] = .string("x")
                _ = Self.compare(P.self, .object(o), "with an unknown field")
            }
        }
        check(EventCatalogue.payloadType(for: type))
    }

    @Test func theCatalogueAnswersTheSameFromTextAndFromAValue() throws {
        // Decoding through JSON text (the Data entry point) and from the value give one answer:
        // the same payload, or the same message naming the same field.
        for type in EventType.allCases {
            let json = EventCatalogue.exampleJSON(for: type)
            for (path, value) in Self.paths(in: json) {
                for candidate in [Self.replacing(path[...], in: json, with: nil)] + Self.wrongValues(for: value).prefix(4).map({ Self.replacing(path[...], in: json, with: $0) }) {
                    let fromValue = Result { () throws(CaseworkError) in try EventCatalogue.decode(type, from: candidate) }
                    let fromText = Result { () throws(CaseworkError) in try EventCatalogue.decode(type, from: Data(candidate.canonicalBytes())) }
                    switch (fromValue, fromText) {
                    case (.success(let a), .success(let b)): #expect(a.isEqual(to: b))
                    case (.failure(let a), .failure(let b)):
                        #expect(a.message == b.message)
                        #expect(a.field == b.field)
                    default: Issue.record("\(type) \(candidate.canonicalString): \(fromValue) vs \(fromText)")
                    }
                }
            }
        }
    }

    @Test(arguments: EventType.allCases)
    func encodingToAValueIsParsingTheEncodedText(type: EventType) throws {
        let example = EventsTestSupport.example(of: type)
        #expect(try EventCatalogue.encodeJSON(example) == JSONValue.parse(Array(EventCatalogue.encode(example))))
    }

    @Test func textThatIsNotStrictJSONIsJudgedAsBefore() throws {
        // Not what the ledger writes, so Foundation reads it, as it always did: a fraction is
        // refused, a whole number written with a fraction is read, a duplicate key keeps the first.
        func decode(_ json: String) -> Result<any EventPayload, CaseworkError> {
            Result { () throws(CaseworkError) in try EventCatalogue.decode(.feePaid, from: Data(json.utf8)) }
        }
        guard case .failure(let fraction) = decode(#"{"paidOn":"2026-01-15","amountPence":12.5}"#) else {
            Issue.record("a fraction was accepted")
            return
        }
        #expect(fraction.code == .invalidPayload)
        #expect(fraction.message.contains("floating-point numbers are not allowed"))
        let whole = try decode(#"{"paidOn":"2026-01-15","amountPence":1250.0}"#).get()
        #expect((whole as? FeePaid)?.amountPence == 1250)
        let duplicate = try decode(#"{"paidOn":"2026-01-15","amountPence":1,"amountPence":2}"#).get()
        #expect((duplicate as? FeePaid)?.amountPence == 1)
        guard case .failure(let broken) = decode(#"{"paidOn":"2026-01-15""#) else {
            Issue.record("broken JSON was accepted")
            return
        }
        #expect(broken.message.contains("not valid JSON"))
    }
}
