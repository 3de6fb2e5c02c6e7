import Casework
import LedgerStore
import StoredCoding

/// A personal field's value copied into a register row exactly as stored: normally a sealed
/// object `{"$sealed": {"alg", "key", "ct"}}`. Rows never hold it opened; the read layer passes
/// it through a `reveal` function (see `Reveal`) before output.
public struct PersonalValue: Sendable, Hashable, Codable {
    public var value: JSONValue

    public init(_ value: JSONValue) { self.value = value }

    /// Whether the value is a sealed (encrypted) object.
    public var isSealed: Bool { Reveal.isSealed(value) }

    // Through a single-value container (the same JSON either way), so that a coder that knows
    // `JSONValue` reads and writes it whole instead of probing each JSON type in turn.
    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(JSONValue.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
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
    /// A Codable value as a ledger JSON value: what Foundation's `JSONEncoder` would write for it,
    /// parsed, without writing it.
    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONValueEncoder().encode(value)
    }
}

/// How rows are stored: the binary store (`BinaryStore`) at schema version `version`.
enum RowCoding {
    /// The schema version of stored rows. Raise it when a row type changes meaning, so that rows
    /// stored before are refused (and the registers rebuilt) rather than misread.
    ///
    /// 2: the rows gained the columns the policies require (escalation clocks, reviews, third-party
    /// disclosures…); a row of version 1 would read with those columns empty, so it is refused.
    static let version: UInt8 = 2

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try BinaryStore.encode(value, version: version)
    }

    /// - Throws: `LedgerError` (`.versionMismatch` for a row stored by another version, such as
    ///   the JSON rows of earlier versions; `.corrupted` for a damaged one), saying to run
    ///   `casebook rebuild`.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        do {
            return try BinaryStore.decode(T.self, from: bytes, version: version)
        } catch {
            throw LedgerError(error.code == .damaged ? .corrupted : .versionMismatch,
                              "a stored \(T.self) cannot be read (\(error.message)); run `casebook rebuild` to rebuild the registers from the log",
                              cause: error)
        }
    }

}
