import Casework
import Foundation
import LedgerStore

/// A personal field's value copied into a register row exactly as stored: normally a sealed
/// object `{"$sealed": {"alg", "key", "ct"}}`. Rows never hold it opened; the read layer passes
/// it through a `reveal` function (see `Reveal`) before output.
public struct PersonalValue: Sendable, Hashable, Codable {
    public var value: JSONValue

    public init(_ value: JSONValue) { self.value = value }

    /// Whether the value is a sealed (encrypted) object.
    public var isSealed: Bool { Reveal.isSealed(value) }

    public init(from decoder: any Decoder) throws {
        value = try JSONValue(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}

/// Ready-made `reveal` functions for register output. The facade supplies its own, which opens
/// sealed values for roles allowed to see them.
public enum Reveal {
    /// Every personal value becomes `"[redacted]"`, sealed or not: the default for all output.
    /// (A personal field stored in plain, e.g. before sealing was switched on, is still personal.)
    public static func redacted(_ value: JSONValue) -> JSONValue {
        .string("[redacted]")
    }

    /// Sealed objects anywhere in the value become `"[redacted]"`; plain values are shown.
    public static func redactingSealed(_ value: JSONValue) -> JSONValue {
        if isSealed(value) { return .string("[redacted]") }
        switch value {
        case .array(let items): return .array(items.map(redactingSealed))
        case .object(let members): return .object(members.mapValues(redactingSealed))
        default: return value
        }
    }

    /// Whether `value` is a sealed personal value.
    public static func isSealed(_ value: JSONValue) -> Bool {
        if case .object(let members) = value, members["$sealed"] != nil { return true }
        return false
    }
}

/// Codable values as canonical JSON values.
enum JSONBridge {
    /// A Codable value as a ledger JSON value (through the canonical encoder).
    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValue.parse(Array(RowCoding.encode(value)))
    }
}

/// How rows are stored: JSON with sorted keys.
enum RowCoding {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(bytes))
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(bytes))
    }
}
