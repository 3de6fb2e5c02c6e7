import CanonicalJSON

/// A compact, versioned binary encoding of `Codable` values, for what Casebook derives from the
/// log and keeps in its own tables (register rows, each case's folded state).
///
/// The bytes are self-describing, so that decoding finds fields by name, not position: a reader
/// skips fields it does not know and treats an absent optional field as nil, exactly as a JSON
/// reader would. It is not an interchange format; the log itself stays canonical JSON.
///
/// ```
/// stored  := 0xCB version value          (version: the caller's schema version, 0...255)
/// value   := 0x00                        null
///          | 0x01 | 0x02                 false | true
///          | 0x03 zigzag-varint          integer (signed 64-bit)
///          | 0x04 varint                 integer above Int64.max (unsigned 64-bit)
///          | 0x05 8 bytes                floating point, IEEE 754 binary64, little-endian
///          | 0x06 varint(n) n bytes      string, UTF-8
///          | 0x07 varint(size) varint(count) value{count}                 array
///          | 0x08 varint(size) varint(count) (varint(n) n bytes value){count}  object
/// ```
/// Varints are unsigned LEB128 (at most ten bytes); `size` counts the bytes after itself, so a
/// reader skips a container in one step. Objects keep a struct's fields in the order it encodes
/// them; a dictionary's keys are sorted by their UTF-8 bytes, so equal values encode to equal
/// bytes. (Sets, and dictionaries whose keys are neither `String` nor `Int`, encode as arrays in
/// their iteration order.) Which value is read for a key encoded twice in one object is
/// unspecified (JSON coders keep the later); synthesized `Codable` never does it.
///
/// The first byte tells this encoding from the JSON Casebook stored before (which begins `{`),
/// and from a later format (0xCC...0xCF are reserved for one); the second lets a caller raise its
/// schema version when its types change meaning, so that old rows are refused rather than misread.
public enum BinaryStore {
    /// The first byte of every stored value in this format.
    public static let magic: UInt8 = 0xCB
    /// First bytes a later format will use: such a value is `newerEncoding`, not damage.
    static let laterFormats: ClosedRange<UInt8> = 0xCC...0xCF

    /// `value` encoded, preceded by the format byte and `version`.
    /// - Throws: `EncodingError.invalidValue` if `value` encodes nothing at all, or what its own
    ///   `encode(to:)` throws.
    public static func encode<T: Encodable>(_ value: T, version: UInt8) throws -> [UInt8] {
        let encoder = BinaryEncoderImpl()
        return try encoder.encodeRoot(value, header: [magic, version])
    }

    /// Decodes a value of type `T` stored by `encode(_:version:)` with this `version`.
    /// - Throws: `StoredEncodingError`: `.olderEncoding` for JSON or a lower version,
    ///   `.newerEncoding` for a higher version or a later format, `.damaged` for anything that
    ///   is not a whole, well-formed `T` (the message names the field).
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], version: UInt8) throws(StoredEncodingError) -> T {
        guard bytes.count >= 2 else {
            if bytes.first == UInt8(ascii: "{") { throw olderJSON() }
            throw StoredEncodingError(.damaged, "the stored value is \(bytes.count) byte\(bytes.count == 1 ? "" : "s") long, too short to hold a value")
        }
        let first = bytes[0]
        guard first == magic else {
            if first == UInt8(ascii: "{") { throw olderJSON() }
            if laterFormats.contains(first) {
                throw StoredEncodingError(.newerEncoding, "the stored value is in a later storage format (0x\(hex(first))) than this Casebook reads")
            }
            throw StoredEncodingError(.damaged, "the stored value does not begin with a known format byte (found 0x\(hex(first)))")
        }
        let stored = bytes[1]
        if stored < version {
            throw StoredEncodingError(.olderEncoding, "the stored value has schema version \(stored); this Casebook reads version \(version)", storedVersion: stored)
        }
        if stored > version {
            throw StoredEncodingError(.newerEncoding, "the stored value has schema version \(stored), newer than the version \(version) this Casebook reads", storedVersion: stored)
        }
        let decoder = BinaryDecoderImpl(bytes: bytes)
        do {
            return try decoder.decodeRoot(T.self, at: 2)
        } catch let error as DecodingError {
            throw StoredEncodingError(.damaged, "the stored value is not a readable \(T.self): \(describe(error))", storedVersion: stored, cause: error)
        } catch {
            throw StoredEncodingError(.damaged, "the stored value is not a readable \(T.self): \(error)", storedVersion: stored, cause: error)
        }
    }

    /// Decodes a value of type `T` from any collection of bytes (copied once).
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>, version: UInt8) throws(StoredEncodingError) -> T {
        try decode(type, from: Array(bytes), version: version)
    }

    private static func olderJSON() -> StoredEncodingError {
        StoredEncodingError(.olderEncoding, "the stored value is JSON, written by an earlier Casebook")
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// A decoding error as "field: what is wrong".
    static func describe(_ error: DecodingError) -> String {
        func dotted(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue, key.stringValue.hasPrefix("Index ") {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "(the value itself)" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(dotted(context.codingPath + [key])) is missing"
        case .valueNotFound(_, let context):
            return "\(dotted(context.codingPath)) is null"
        case .typeMismatch(_, let context):
            return "\(dotted(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(dotted(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
