/// An object member name, compared and hashed by its UTF-8 bytes.
///
/// Swift's `String ==` is canonical equivalence, so `"\u{e9}"` and `"e\u{301}"` are one String
/// key; RFC 8259, Python and the canonical bytes treat them as two different names. Keying
/// objects by `JSONKey` keeps every name that was written as it was written: a parsed object
/// holds both, and each is encoded with its own bytes.
public struct JSONKey: Hashable, Comparable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let string: String

    public init(_ string: String) { self.string = string }
    public init(stringLiteral value: String) { self.string = value }

    public var description: String { string }

    public static func == (a: JSONKey, b: JSONKey) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }

    public func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Code point order (UTF-8 byte order is the same), as Python's `sorted` on `str`.
    public static func < (a: JSONKey, b: JSONKey) -> Bool { a.string.utf8.lexicographicallyPrecedes(b.string.utf8) }
}

/// A JSON object's members.
public typealias JSONObject = [JSONKey: JSONValue]

extension Dictionary where Key == JSONKey {
    /// The member named `name` (byte for byte).
    public subscript(_ name: String) -> Value? {
        get { self[JSONKey(name)] }
        set { self[JSONKey(name)] = newValue }
    }

    /// The member names as strings.
    public var names: [String] { keys.map(\.string) }
}

extension JSONKey: Codable, CodingKeyRepresentable {
    private struct Name: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public var codingKey: any CodingKey { Name(stringValue: string) }
    public init?<T: CodingKey>(codingKey: T) { self.init(codingKey.stringValue) }

    public init(from decoder: any Decoder) throws { self.init(try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(string)
    }
}

extension JSONKey: ExpressibleByStringInterpolation {
    public init(stringInterpolation: DefaultStringInterpolation) { self.init(String(stringInterpolation: stringInterpolation)) }
}
