/// Encodes an `Encodable` value straight to a `JSONValue`: the value that parsing the text
/// Foundation's `JSONEncoder` (default strategies) writes for it would give, without the text.
///
/// Integers become `.int`; a floating-point number becomes `.int` when `JSONEncoder` writes it as a
/// whole number (`2.0` as `2`). What the text could not be parsed back into (a fraction, an
/// exponent, an integer beyond the signed 64-bit range) is refused with `EncodingError.invalidValue`,
/// as are NaN and the infinities (as `JSONEncoder` refuses them). A key encoded twice keeps the
/// later value; a nested value that encodes nothing is `{}`; a top-level value that encodes
/// nothing is an error. A `JSONValue` encodes as itself.
///
/// Unlike `JSONEncoder` it gives `Date`, `Data`, `URL` and `Decimal` no special treatment: they
/// encode through their own `Encodable` conformances (no stored type uses them).
///
/// An encoder is a value; encoding uses no shared state, so one may be used from any thread.
public struct JSONValueEncoder: Sendable {
    /// Context for the types being encoded, as `Encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    /// `value` as a JSON value.
    /// - Throws: `EncodingError.invalidValue` for what a `JSONValue` cannot hold, or what `value`'s
    ///   own encoding throws.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let impl = JSONValueEncoderImpl(codingPathNode: .root, userInfo: userInfo)
        guard let encoded = try impl.wrap(value, for: .root, nil) else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        return encoded
    }
}

/// What one value has encoded so far.
enum JSONEncodingStorage {
    case value(JSONValue)
    case object(JSONObjectBuilder)
    case array(JSONArrayBuilder)

    func finished() -> JSONValue {
        switch self {
        case .value(let v): v
        case .object(let b): b.finished()
        case .array(let b): b.finished()
        }
    }
}

/// A container still open to writing (a nested container, or a `superEncoder`'s value), read
/// when the outermost value is finished.
enum JSONPendingValue {
    case object(JSONObjectBuilder)
    case array(JSONArrayBuilder)
    case encoder(JSONValueEncoderImpl)

    func finished() -> JSONValue {
        switch self {
        case .object(let b): b.finished()
        case .array(let b): b.finished()
        case .encoder(let e): e.storage?.finished() ?? .object([:])
        }
    }
}

final class JSONObjectBuilder {
    var members: JSONObject = [:]
    var pending: [(key: String, value: JSONPendingValue)] = []

    func set(_ value: JSONValue, for key: String) {
        if !pending.isEmpty { pending.removeAll { $0.key == key } }
        members[key] = value
    }

    func setPending(_ value: JSONPendingValue, for key: String) {
        members.removeValue(forKey: JSONKey(key))
        pending.removeAll { $0.key == key }
        pending.append((key, value))
    }

    func finished() -> JSONValue {
        guard !pending.isEmpty else { return .object(members) }
        var all = members
        for (key, value) in pending { all[key] = value.finished() }
        return .object(all)
    }
}

final class JSONArrayBuilder {
    var items: [JSONValue] = []
    var pending: [(index: Int, value: JSONPendingValue)] = []

    func appendPending(_ value: JSONPendingValue) {
        pending.append((items.count, value))
        items.append(.null)
    }

    func finished() -> JSONValue {
        guard !pending.isEmpty else { return .array(items) }
        var all = items
        for (index, value) in pending { all[index] = value.finished() }
        return .array(all)
    }
}

final class JSONValueEncoderImpl: Encoder {
    /// What the value being encoded has written; nil until it asks for a container.
    var storage: JSONEncodingStorage?
    var codingPathNode: CodingPathNode
    let storedUserInfo: [CodingUserInfoKey: any Sendable]

    init(codingPathNode: CodingPathNode, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.codingPathNode = codingPathNode
        self.storedUserInfo = userInfo
    }

    var codingPath: [any CodingKey] { codingPathNode.path }
    var userInfo: [CodingUserInfoKey: Any] { storedUserInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let builder: JSONObjectBuilder
        switch storage {
        case nil:
            builder = JSONObjectBuilder()
            storage = .object(builder)
        case .object(let existing)?:
            builder = existing
        default:
            preconditionFailure("Attempt to push new keyed encoding container when already previously encoded at this path.")
        }
        return KeyedEncodingContainer(JSONValueKeyedEncodingContainer<Key>(impl: self, builder: builder, codingPathNode: codingPathNode))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let builder: JSONArrayBuilder
        switch storage {
        case nil:
            builder = JSONArrayBuilder()
            storage = .array(builder)
        case .array(let existing)?:
            builder = existing
        default:
            preconditionFailure("Attempt to push new unkeyed encoding container when already previously encoded at this path.")
        }
        return JSONValueUnkeyedEncodingContainer(impl: self, builder: builder, codingPathNode: codingPathNode)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    /// `value` encoded at `node` + `key`, or nil when it encoded nothing.
    func wrap<T: Encodable>(_ value: T, for node: CodingPathNode, _ key: (any CodingKey)?) throws -> JSONValue? {
        // The common leaves, as their `encode(to:)` would encode them, without a frame.
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .int(Int64(value as! Int)) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == JSONValue.self {
            let json = value as! JSONValue
            return json
        }
        let outerStorage = storage
        let outerPath = codingPathNode
        storage = nil
        codingPathNode = key.map(node.appending) ?? node
        defer {
            storage = outerStorage
            codingPathNode = outerPath
        }
        try value.encode(to: self)
        return storage?.finished()
    }

    static func integer<T: BinaryInteger>(_ value: T, at path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        guard let exact = Int64(exactly: value) else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: path(), debugDescription: "\(value) is outside the signed 64-bit range a JSON value holds."))
        }
        return .int(exact)
    }

    /// A floating-point number as the integer `JSONEncoder` writes for it, if it writes one.
    static func floatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(_ value: T, at path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            let name = value.isNaN ? "\(T.self).nan" : value < 0 ? "-\(T.self).infinity" : "\(T.self).infinity"
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: path(), debugDescription: "Unable to encode \(name) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        guard let integer = Int64(text) else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: path(),
                debugDescription: "\(value) is not a whole number in the signed 64-bit range; a JSON value holds only integers (write fractions and amounts as integers, e.g. pence, or as strings)."))
        }
        return .int(integer)
    }
}

extension JSONValueEncoderImpl: SingleValueEncodingContainer {
    private func set(_ value: JSONValue) {
        precondition(storage == nil, "Attempt to encode value through single value container when previously value already encoded.")
        storage = .value(value)
    }

    func encodeNil() throws { set(.null) }
    func encode(_ value: Bool) throws { set(.bool(value)) }
    func encode(_ value: String) throws { set(.string(value)) }
    func encode(_ value: Double) throws { set(try Self.floatingPoint(value, at: codingPath)) }
    func encode(_ value: Float) throws { set(try Self.floatingPoint(value, at: codingPath)) }
    func encode(_ value: Int) throws { set(.int(Int64(value))) }
    func encode(_ value: Int8) throws { set(.int(Int64(value))) }
    func encode(_ value: Int16) throws { set(.int(Int64(value))) }
    func encode(_ value: Int32) throws { set(.int(Int64(value))) }
    func encode(_ value: Int64) throws { set(.int(value)) }
    func encode(_ value: UInt) throws { set(try Self.integer(value, at: codingPath)) }
    func encode(_ value: UInt8) throws { set(.int(Int64(value))) }
    func encode(_ value: UInt16) throws { set(.int(Int64(value))) }
    func encode(_ value: UInt32) throws { set(.int(Int64(value))) }
    func encode(_ value: UInt64) throws { set(try Self.integer(value, at: codingPath)) }
    func encode<T: Encodable>(_ value: T) throws { set(try wrap(value, for: codingPathNode, nil) ?? .object([:])) }
}

struct JSONValueKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let impl: JSONValueEncoderImpl
    let builder: JSONObjectBuilder
    let codingPathNode: CodingPathNode

    var codingPath: [any CodingKey] { codingPathNode.path }

    func encodeNil(forKey key: Key) throws { builder.set(.null, for: key.stringValue) }
    func encode(_ value: Bool, forKey key: Key) throws { builder.set(.bool(value), for: key.stringValue) }
    func encode(_ value: String, forKey key: Key) throws { builder.set(.string(value), for: key.stringValue) }
    func encode(_ value: Double, forKey key: Key) throws {
        builder.set(try JSONValueEncoderImpl.floatingPoint(value, at: codingPathNode.path(byAppending: key)), for: key.stringValue)
    }
    func encode(_ value: Float, forKey key: Key) throws {
        builder.set(try JSONValueEncoderImpl.floatingPoint(value, at: codingPathNode.path(byAppending: key)), for: key.stringValue)
    }
    func encode(_ value: Int, forKey key: Key) throws { builder.set(.int(Int64(value)), for: key.stringValue) }
    func encode(_ value: Int8, forKey key: Key) throws { builder.set(.int(Int64(value)), for: key.stringValue) }
    func encode(_ value: Int16, forKey key: Key) throws { builder.set(.int(Int64(value)), for: key.stringValue) }
    func encode(_ value: Int32, forKey key: Key) throws { builder.set(.int(Int64(value)), for: key.stringValue) }
    func encode(_ value: Int64, forKey key: Key) throws { builder.set(.int(value), for: key.stringValue) }
    func encode(_ value: UInt, forKey key: Key) throws {
        builder.set(try JSONValueEncoderImpl.integer(value, at: codingPathNode.path(byAppending: key)), for: key.stringValue)
    }
    func encode(_ value: UInt8, forKey key: Key) throws { builder.set(.int(Int64(value)), for: key.stringValue) }
    func encode(_ value: UInt16, forKey key: Key) throws { builder.set(.int(Int64(value)), for: key.stringValue) }
    func encode(_ value: UInt32, forKey key: Key) throws { builder.set(.int(Int64(value)), for: key.stringValue) }
    func encode(_ value: UInt64, forKey key: Key) throws {
        builder.set(try JSONValueEncoderImpl.integer(value, at: codingPathNode.path(byAppending: key)), for: key.stringValue)
    }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        builder.set(try impl.wrap(value, for: codingPathNode, key) ?? .object([:]), for: key.stringValue)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested: JSONObjectBuilder
        if let existing = builder.pending.last(where: { $0.key == key.stringValue }), case .object(let b) = existing.value {
            nested = b
        } else {
            nested = JSONObjectBuilder()
            builder.setPending(.object(nested), for: key.stringValue)
        }
        return KeyedEncodingContainer(JSONValueKeyedEncodingContainer<NestedKey>(impl: impl, builder: nested, codingPathNode: codingPathNode.appending(key)))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested: JSONArrayBuilder
        if let existing = builder.pending.last(where: { $0.key == key.stringValue }), case .array(let b) = existing.value {
            nested = b
        } else {
            nested = JSONArrayBuilder()
            builder.setPending(.array(nested), for: key.stringValue)
        }
        return JSONValueUnkeyedEncodingContainer(impl: impl, builder: nested, codingPathNode: codingPathNode.appending(key))
    }

    func superEncoder() -> any Encoder { encoder(for: JSONValueCodingKey.super) }
    func superEncoder(forKey key: Key) -> any Encoder { encoder(for: key) }

    private func encoder(for key: some CodingKey) -> any Encoder {
        let encoder = JSONValueEncoderImpl(codingPathNode: codingPathNode.appending(key), userInfo: impl.storedUserInfo)
        builder.setPending(.encoder(encoder), for: key.stringValue)
        return encoder
    }
}

struct JSONValueUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let impl: JSONValueEncoderImpl
    let builder: JSONArrayBuilder
    let codingPathNode: CodingPathNode

    var codingPath: [any CodingKey] { codingPathNode.path }
    var count: Int { builder.items.count }

    private var nextPath: [any CodingKey] { codingPathNode.path(byAppending: JSONValueCodingKey(index: count)) }

    mutating func encodeNil() throws { builder.items.append(.null) }
    mutating func encode(_ value: Bool) throws { builder.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { builder.items.append(.string(value)) }
    mutating func encode(_ value: Double) throws { builder.items.append(try JSONValueEncoderImpl.floatingPoint(value, at: nextPath)) }
    mutating func encode(_ value: Float) throws { builder.items.append(try JSONValueEncoderImpl.floatingPoint(value, at: nextPath)) }
    mutating func encode(_ value: Int) throws { builder.items.append(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { builder.items.append(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { builder.items.append(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { builder.items.append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { builder.items.append(.int(value)) }
    mutating func encode(_ value: UInt) throws { builder.items.append(try JSONValueEncoderImpl.integer(value, at: nextPath)) }
    mutating func encode(_ value: UInt8) throws { builder.items.append(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { builder.items.append(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { builder.items.append(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { builder.items.append(try JSONValueEncoderImpl.integer(value, at: nextPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let encoded = try impl.wrap(value, for: codingPathNode, JSONValueCodingKey(index: count)) ?? .object([:])
        builder.items.append(encoded)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObjectBuilder()
        let path = codingPathNode.appending(index: count)
        builder.appendPending(.object(nested))
        return KeyedEncodingContainer(JSONValueKeyedEncodingContainer<NestedKey>(impl: impl, builder: nested, codingPathNode: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArrayBuilder()
        let path = codingPathNode.appending(index: count)
        builder.appendPending(.array(nested))
        return JSONValueUnkeyedEncodingContainer(impl: impl, builder: nested, codingPathNode: path)
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = JSONValueEncoderImpl(codingPathNode: codingPathNode.appending(index: count), userInfo: impl.storedUserInfo)
        builder.appendPending(.encoder(encoder))
        return encoder
    }
}
