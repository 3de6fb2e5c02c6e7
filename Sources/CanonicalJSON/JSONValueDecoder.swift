/// Decodes a `Decodable` value straight from a `JSONValue`, as Foundation's `JSONDecoder` (default
/// strategies) decodes it from the value's JSON text, without the text.
///
/// It matches `JSONDecoder` in what it accepts and in the errors it throws: an integer type
/// decodes from a JSON integer it can hold exactly (anything else is `dataCorrupted` "The given
/// data was not valid JSON.", at the top level, as `JSONDecoder` reports it); `decodeIfPresent`
/// of a missing key or of `null` is nil; a missing key is `keyNotFound`; `null` for a required
/// value is `valueNotFound`, except `Bool`, which like `JSONDecoder` reports `typeMismatch`; and
/// every error carries the coding path and description `JSONDecoder` gives it (array positions are
/// keys named `"Index n"` with `intValue` n). A `JSONValue` decodes as itself.
///
/// Unlike `JSONDecoder` it gives `Date`, `Data`, `URL` and `Decimal` no special treatment: they
/// decode through their own `Decodable` conformances (no stored type uses them).
///
/// A decoder is a value; decoding uses no shared state, so one may be used from any thread.
public struct JSONValueDecoder: Sendable {
    /// Context for the types being decoded, as `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    /// The value of type `T` that `value` represents.
    /// - Throws: `DecodingError`, as `JSONDecoder` would for `value`'s canonical JSON text.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        let impl = JSONValueDecoderImpl(value: value, codingPathNode: .root, userInfo: userInfo)
        return try impl.unwrap(value, as: T.self, for: .root, nil)
    }
}

final class JSONValueDecoderImpl: Decoder {
    /// The value being decoded: the top of the decoding stack.
    var value: JSONValue
    var codingPathNode: CodingPathNode
    let storedUserInfo: [CodingUserInfoKey: any Sendable]

    init(value: JSONValue, codingPathNode: CodingPathNode, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.value = value
        self.codingPathNode = codingPathNode
        self.storedUserInfo = userInfo
    }

    var codingPath: [any CodingKey] { codingPathNode.path }
    var userInfo: [CodingUserInfoKey: Any] { storedUserInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch value {
        case .object(let members):
            return KeyedDecodingContainer(JSONValueKeyedDecodingContainer<Key>(impl: self, codingPathNode: codingPathNode, members: members))
        case .null:
            throw DecodingError.valueNotFound([String: Any].self, DecodingError.Context(
                codingPath: codingPath, debugDescription: "Cannot get keyed decoding container -- found null value instead"))
        default:
            throw DecodingError.typeMismatch([String: Any].self, DecodingError.Context(
                codingPath: codingPath,
                debugDescription: "Expected to decode \([String: Any].self) but found \(value.foundationTypeDescription) instead."))
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch value {
        case .array(let items):
            return JSONValueUnkeyedDecodingContainer(impl: self, codingPathNode: codingPathNode, items: items)
        case .null:
            throw DecodingError.valueNotFound([Any].self, DecodingError.Context(
                codingPath: codingPath, debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
        default:
            throw DecodingError.typeMismatch([Any].self, DecodingError.Context(
                codingPath: codingPath,
                debugDescription: "Expected to decode \([Any].self) but found \(value.foundationTypeDescription) instead."))
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    /// Runs `body` with `value` as the value being decoded, at `path`.
    @inline(__always)
    func with<T>(value: JSONValue, path: CodingPathNode, _ body: () throws -> T) rethrows -> T {
        let outerValue = self.value
        let outerPath = codingPathNode
        self.value = value
        codingPathNode = path
        defer {
            self.value = outerValue
            codingPathNode = outerPath
        }
        return try body()
    }

    func unwrap<T: Decodable>(_ value: JSONValue, as type: T.Type, for node: CodingPathNode, _ key: (any CodingKey)?) throws -> T {
        // The common leaves, decoded as their `init(from:)` would decode them (same errors, same
        // paths), without a decoder frame. `JSONValue` decodes as itself, which is what its own
        // `init(from:)` yields from any JSON value.
        if T.self == String.self { return try unwrapString(value, for: node, key) as! T }
        if T.self == Int.self { return try unwrapInteger(value, as: Int.self, for: node, key) as! T }
        if T.self == Bool.self { return try unwrapBool(value, for: node, key) as! T }
        if T.self == JSONValue.self { return value as! T }
        return try with(value: value, path: key.map(node.appending) ?? node) { try T(from: self) }
    }

    func unwrapString(_ value: JSONValue, for node: CodingPathNode, _ key: (any CodingKey)?) throws -> String {
        switch value {
        case .string(let s): return s
        case .null: throw valueNotFound(String.self, node.path(byAppending: key))
        default: throw typeMismatch(String.self, node.path(byAppending: key), value)
        }
    }

    func unwrapBool(_ value: JSONValue, for node: CodingPathNode, _ key: (any CodingKey)?) throws -> Bool {
        guard case .bool(let b) = value else { throw typeMismatch(Bool.self, node.path(byAppending: key), value) }
        return b
    }

    func unwrapInteger<T: FixedWidthInteger>(_ value: JSONValue, as type: T.Type, for node: CodingPathNode, _ key: (any CodingKey)?) throws -> T {
        switch value {
        case .int(let i):
            guard let exact = T(exactly: i) else { throw Self.notRepresentable }
            return exact
        case .null: throw valueNotFound(T.self, node.path(byAppending: key))
        default: throw typeMismatch(T.self, node.path(byAppending: key), value)
        }
    }

    func unwrapFloatingPoint<T: BinaryFloatingPoint>(_ value: JSONValue, as type: T.Type, for node: CodingPathNode, _ key: (any CodingKey)?) throws -> T {
        switch value {
        case .int(let i): return T(i)
        case .null: throw valueNotFound(T.self, node.path(byAppending: key))
        default: throw typeMismatch(T.self, node.path(byAppending: key), value)
        }
    }

    /// What `JSONDecoder` throws for a number the requested type cannot hold: its parser's error,
    /// reported at the top level.
    static var notRepresentable: DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "The given data was not valid JSON."))
    }

    func typeMismatch(_ type: Any.Type, _ path: [any CodingKey], _ value: JSONValue) -> DecodingError {
        .typeMismatch(type, DecodingError.Context(
            codingPath: path, debugDescription: "Expected to decode \(type) but found \(value.foundationTypeDescription) instead."))
    }

    func valueNotFound(_ type: Any.Type, _ path: [any CodingKey]) -> DecodingError {
        .valueNotFound(type, DecodingError.Context(codingPath: path, debugDescription: "Cannot get value of type \(type) -- found null value instead"))
    }
}

extension JSONValueDecoderImpl: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try unwrapBool(value, for: codingPathNode, nil) }
    func decode(_ type: String.Type) throws -> String { try unwrapString(value, for: codingPathNode, nil) }
    func decode(_ type: Double.Type) throws -> Double { try unwrapFloatingPoint(value, as: type, for: codingPathNode, nil) }
    func decode(_ type: Float.Type) throws -> Float { try unwrapFloatingPoint(value, as: type, for: codingPathNode, nil) }
    func decode(_ type: Int.Type) throws -> Int { try unwrapInteger(value, as: type, for: codingPathNode, nil) }
    func decode(_ type: Int8.Type) throws -> Int8 { try unwrapInteger(value, as: type, for: codingPathNode, nil) }
    func decode(_ type: Int16.Type) throws -> Int16 { try unwrapInteger(value, as: type, for: codingPathNode, nil) }
    func decode(_ type: Int32.Type) throws -> Int32 { try unwrapInteger(value, as: type, for: codingPathNode, nil) }
    func decode(_ type: Int64.Type) throws -> Int64 { try unwrapInteger(value, as: type, for: codingPathNode, nil) }
    func decode(_ type: UInt.Type) throws -> UInt { try unwrapInteger(value, as: type, for: codingPathNode, nil) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try unwrapInteger(value, as: type, for: codingPathNode, nil) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try unwrapInteger(value, as: type, for: codingPathNode, nil) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try unwrapInteger(value, as: type, for: codingPathNode, nil) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try unwrapInteger(value, as: type, for: codingPathNode, nil) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try unwrap(value, as: type, for: codingPathNode, nil) }
}

struct JSONValueKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let impl: JSONValueDecoderImpl
    let codingPathNode: CodingPathNode
    let members: JSONObject

    var codingPath: [any CodingKey] { codingPathNode.path }
    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0.string) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    @inline(__always)
    private func value(for key: some CodingKey) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(
                codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return value
    }

    /// The value at `key`, or nil when it is missing or `null` (what `decodeIfPresent` skips).
    @inline(__always)
    private func presentValue(for key: Key) -> JSONValue? {
        guard let value = members[key.stringValue], value != .null else { return nil }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(for: key) == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try impl.unwrapBool(value(for: key), for: codingPathNode, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try impl.unwrapString(value(for: key), for: codingPathNode, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try float(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try float(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try impl.unwrap(value(for: key), as: type, for: codingPathNode, key)
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try presentValue(for: key).map { try impl.unwrapBool($0, for: codingPathNode, key) }
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try presentValue(for: key).map { try impl.unwrapString($0, for: codingPathNode, key) }
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try presentValue(for: key).map { try impl.unwrapInteger($0, as: type, for: codingPathNode, key) }
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try presentValue(for: key).map { try impl.unwrapInteger($0, as: type, for: codingPathNode, key) }
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try presentValue(for: key).map { try impl.unwrap($0, as: type, for: codingPathNode, key) }
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
        try impl.unwrapInteger(value(for: key), as: type, for: codingPathNode, key)
    }

    private func float<T: BinaryFloatingPoint>(_ type: T.Type, _ key: Key) throws -> T {
        try impl.unwrapFloatingPoint(value(for: key), as: type, for: codingPathNode, key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = try value(for: key)
        return try impl.with(value: nested, path: codingPathNode.appending(key)) { try impl.container(keyedBy: type) }
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let nested = try value(for: key)
        return try impl.with(value: nested, path: codingPathNode.appending(key)) { try impl.unkeyedContainer() }
    }

    func superDecoder() throws -> any Decoder { decoder(for: JSONValueCodingKey.super) }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder(for: key) }

    /// A decoder for the value at `key`; `null` when there is none (as `JSONDecoder` does).
    private func decoder(for key: some CodingKey) -> any Decoder {
        let nested = (try? value(for: key)) ?? .null
        return JSONValueDecoderImpl(value: nested, codingPathNode: codingPathNode.appending(key), userInfo: impl.storedUserInfo)
    }
}

struct JSONValueUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let impl: JSONValueDecoderImpl
    let codingPathNode: CodingPathNode
    let items: [JSONValue]
    private(set) var currentIndex = 0

    init(impl: JSONValueDecoderImpl, codingPathNode: CodingPathNode, items: [JSONValue]) {
        self.impl = impl
        self.codingPathNode = codingPathNode
        self.items = items
    }

    var codingPath: [any CodingKey] { codingPathNode.path }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private var indexKey: JSONValueCodingKey { JSONValueCodingKey(index: currentIndex) }

    /// The next value; at the end, `valueNotFound` for `type` with `JSONDecoder`'s wording.
    private func next<T>(_ type: T.Type, _ message: String = "Unkeyed container is at end.") throws -> JSONValue {
        guard currentIndex < items.count else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: codingPath + [indexKey], debugDescription: message))
        }
        return items[currentIndex]
    }

    /// The next value or nil at the end; `decodeIfPresent` moves past the end as `JSONDecoder`'s does.
    private var nextIfPresent: JSONValue? { currentIndex < items.count ? items[currentIndex] : nil }

    mutating func decodeNil() throws -> Bool {
        guard try next(Never.self) == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let result = try impl.unwrapBool(next(type), for: codingPathNode, indexKey)
        currentIndex += 1
        return result
    }

    mutating func decode(_ type: String.Type) throws -> String {
        let result = try impl.unwrapString(next(type), for: codingPathNode, indexKey)
        currentIndex += 1
        return result
    }

    mutating func decode(_ type: Double.Type) throws -> Double { try float(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try float(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let result = try impl.unwrap(next(type), as: type, for: codingPathNode, indexKey)
        currentIndex += 1
        return result
    }

    mutating func decodeIfPresent<T: Decodable>(_ type: T.Type) throws -> T? {
        try ifPresent { impl, value, node, key in try impl.unwrap(value, as: type, for: node, key) }
    }

    // `JSONDecoder` implements each of these itself, and (unlike the protocol's defaults) moves
    // on even at the end; so do these.
    mutating func decodeIfPresent(_ type: Bool.Type) throws -> Bool? { try ifPresent { i, v, n, k in try i.unwrapBool(v, for: n, k) } }
    mutating func decodeIfPresent(_ type: String.Type) throws -> String? { try ifPresent { i, v, n, k in try i.unwrapString(v, for: n, k) } }
    mutating func decodeIfPresent(_ type: Double.Type) throws -> Double? { try ifPresent { i, v, n, k in try i.unwrapFloatingPoint(v, as: type, for: n, k) } }
    mutating func decodeIfPresent(_ type: Float.Type) throws -> Float? { try ifPresent { i, v, n, k in try i.unwrapFloatingPoint(v, as: type, for: n, k) } }
    mutating func decodeIfPresent(_ type: Int.Type) throws -> Int? { try ifPresent { i, v, n, k in try i.unwrapInteger(v, as: type, for: n, k) } }
    mutating func decodeIfPresent(_ type: Int8.Type) throws -> Int8? { try ifPresent { i, v, n, k in try i.unwrapInteger(v, as: type, for: n, k) } }
    mutating func decodeIfPresent(_ type: Int16.Type) throws -> Int16? { try ifPresent { i, v, n, k in try i.unwrapInteger(v, as: type, for: n, k) } }
    mutating func decodeIfPresent(_ type: Int32.Type) throws -> Int32? { try ifPresent { i, v, n, k in try i.unwrapInteger(v, as: type, for: n, k) } }
    mutating func decodeIfPresent(_ type: Int64.Type) throws -> Int64? { try ifPresent { i, v, n, k in try i.unwrapInteger(v, as: type, for: n, k) } }
    mutating func decodeIfPresent(_ type: UInt.Type) throws -> UInt? { try ifPresent { i, v, n, k in try i.unwrapInteger(v, as: type, for: n, k) } }
    mutating func decodeIfPresent(_ type: UInt8.Type) throws -> UInt8? { try ifPresent { i, v, n, k in try i.unwrapInteger(v, as: type, for: n, k) } }
    mutating func decodeIfPresent(_ type: UInt16.Type) throws -> UInt16? { try ifPresent { i, v, n, k in try i.unwrapInteger(v, as: type, for: n, k) } }
    mutating func decodeIfPresent(_ type: UInt32.Type) throws -> UInt32? { try ifPresent { i, v, n, k in try i.unwrapInteger(v, as: type, for: n, k) } }
    mutating func decodeIfPresent(_ type: UInt64.Type) throws -> UInt64? { try ifPresent { i, v, n, k in try i.unwrapInteger(v, as: type, for: n, k) } }

    /// The next value unwrapped, nil when it is null or the container is at its end.
    private mutating func ifPresent<T>(_ unwrap: (JSONValueDecoderImpl, JSONValue, CodingPathNode, JSONValueCodingKey) throws -> T) throws -> T? {
        let result: T?
        switch nextIfPresent {
        case nil, .null?: result = nil
        case let value?: result = try unwrap(impl, value, codingPathNode, indexKey)
        }
        currentIndex += 1
        return result
    }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let result = try impl.unwrapInteger(next(type), as: type, for: codingPathNode, indexKey)
        currentIndex += 1
        return result
    }

    private mutating func float<T: BinaryFloatingPoint>(_ type: T.Type) throws -> T {
        let result = try impl.unwrapFloatingPoint(next(type), as: type, for: codingPathNode, indexKey)
        currentIndex += 1
        return result
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = try next(KeyedDecodingContainer<NestedKey>.self)
        let container = try impl.with(value: nested, path: codingPathNode.appending(index: currentIndex)) { try impl.container(keyedBy: type) }
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        // `JSONDecoder` means to say "Cannot get nested unkeyed container" here but, comparing with
        // its own container type, never does.
        let nested = try next((any UnkeyedDecodingContainer).self)
        let container = try impl.with(value: nested, path: codingPathNode.appending(index: currentIndex)) { try impl.unkeyedContainer() }
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let nested = try next((any Decoder).self, "Cannot get superDecoder() -- unkeyed container is at end.")
        let decoder = JSONValueDecoderImpl(value: nested, codingPathNode: codingPathNode.appending(index: currentIndex), userInfo: impl.storedUserInfo)
        currentIndex += 1
        return decoder
    }
}

extension JSONValue {
    /// How `JSONDecoder` names a JSON value's type in its error messages.
    var foundationTypeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "number"
        case .string: "a string"
        case .array: "an array"
        case .object: "a dictionary"
        }
    }
}
