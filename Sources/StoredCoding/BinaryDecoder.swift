import CanonicalJSON

/// Reads the binary format (see `BinaryStore`).
///
/// A value is addressed by the offset of its tag. A keyed container scans its members once, into
/// `entries` (shared by every container of one decoding, so a container costs no allocation of
/// its own); looking a key up tries the member after the last one found first, since a type
/// decodes its fields in the order it encoded them.
///
/// Coding paths cost nothing until an error: each decoder and container knows only its path
/// below the nearest value decoded through `decode(_:at:key:)` (usually nothing), and that frame
/// puts its key in front of the path of any `DecodingError` passing through it. So the path an
/// error arrives with at the top is the whole path; a `Decodable` reading `codingPath` while
/// decoding sees only its path within the value being decoded.
///
/// The mutable state lives behind a pointer the decoder owns, so lookups pay no exclusivity
/// checks; a decoder is used by one thread, for one value.
final class BinaryDecoderImpl {
    struct Entry {
        var keyStart: Int32
        var keyCount: Int32
        var value: Int32
    }

    struct State {
        var entries: [Entry] = []
        /// Per keyed container, the entry to try first.
        var cursors: [Int32] = []
    }

    let bytes: [UInt8]
    let state: UnsafeMutablePointer<State>

    /// - Precondition: `bytes` is shorter than 2 GiB (offsets are 32-bit).
    init(bytes: [UInt8]) {
        precondition(bytes.count < Int32.max, "BUG DETECTED: a stored value of 2 GiB or more")
        self.bytes = bytes
        state = .allocate(capacity: 1)
        state.initialize(to: State())
        state.pointee.entries.reserveCapacity(64)
        state.pointee.cursors.reserveCapacity(8)
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    // MARK: Errors

    func damaged(_ message: String, _ path: [any CodingKey]) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: path, debugDescription: "damaged: \(message)"))
    }

    func mismatch(_ type: Any.Type, _ tag: UInt8, _ path: [any CodingKey]) -> DecodingError {
        if tag == BinaryTag.null {
            return .valueNotFound(type, DecodingError.Context(codingPath: path, debugDescription: "expected \(type), found null"))
        }
        return .typeMismatch(type, DecodingError.Context(codingPath: path, debugDescription: "expected \(type), found \(Self.typeName(tag))"))
    }

    static func typeName(_ tag: UInt8) -> String {
        switch tag {
        case BinaryTag.null: "null"
        case BinaryTag.false, BinaryTag.true: "a boolean"
        case BinaryTag.int, BinaryTag.uint: "an integer"
        case BinaryTag.double: "a floating-point number"
        case BinaryTag.string: "a string"
        case BinaryTag.array: "an array"
        case BinaryTag.object: "an object"
        default: "an unknown tag"
        }
    }

    /// `error` with `key` put in front of its coding path.
    static func prefixing(_ error: DecodingError, with keys: [any CodingKey]) -> DecodingError {
        func context(_ c: DecodingError.Context) -> DecodingError.Context {
            DecodingError.Context(codingPath: keys + c.codingPath, debugDescription: c.debugDescription, underlyingError: c.underlyingError)
        }
        switch error {
        case .keyNotFound(let key, let c): return .keyNotFound(key, context(c))
        case .valueNotFound(let type, let c): return .valueNotFound(type, context(c))
        case .typeMismatch(let type, let c): return .typeMismatch(type, context(c))
        case .dataCorrupted(let c): return .dataCorrupted(context(c))
        @unknown default: return error
        }
    }

    // MARK: Reading the format

    @inline(__always)
    func tag(at position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> UInt8 {
        guard position < bytes.count else { throw damaged("the value at byte \(position) is cut off", path()) }
        return bytes[position]
    }

    /// The varint at `position`, and the offset after it.
    @inline(__always)
    func varint(at position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> (UInt64, Int) {
        var i = position
        guard i < bytes.count else { throw damaged("a number at byte \(position) is cut off", path()) }
        let first = bytes[i]
        i += 1
        if first < 0x80 { return (UInt64(first), i) }
        var result = UInt64(first & 0x7F)
        var shift: UInt64 = 7
        while true {
            guard i < bytes.count else { throw damaged("a number at byte \(position) is cut off", path()) }
            let byte = bytes[i]
            i += 1
            if shift == 63, byte > 1 { throw damaged("a number at byte \(position) is too long", path()) }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return (result, i) }
            shift += 7
            if shift > 63 { throw damaged("a number at byte \(position) is too long", path()) }
        }
    }

    /// A length or count at `position`, checked to fit in what remains.
    @inline(__always)
    func length(at position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> (Int, Int) {
        let (value, next) = try varint(at: position, path())
        guard value <= UInt64(bytes.count - next) else { throw damaged("a length at byte \(position) runs past the end", path()) }
        return (Int(value), next)
    }

    /// The offset just after the value at `position`.
    func end(of position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> Int {
        switch try tag(at: position, path()) {
        case BinaryTag.null, BinaryTag.false, BinaryTag.true: return position + 1
        case BinaryTag.int, BinaryTag.uint: return try varint(at: position + 1, path()).1
        case BinaryTag.double:
            guard position + 9 <= bytes.count else { throw damaged("a number at byte \(position) is cut off", path()) }
            return position + 9
        case BinaryTag.string, BinaryTag.array, BinaryTag.object:
            let (n, next) = try length(at: position + 1, path())
            return next + n
        case let other: throw damaged("unknown tag 0x\(String(other, radix: 16)) at byte \(position)", path())
        }
    }

    // MARK: Scalars

    func bool(at position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        switch try tag(at: position, path()) {
        case BinaryTag.true: return true
        case BinaryTag.false: return false
        case let t: throw mismatch(Bool.self, t, path())
        }
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type, at position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> T {
        let t = try tag(at: position, path())
        let result: T?
        switch t {
        case BinaryTag.int:
            let (raw, _) = try varint(at: position + 1, path())
            result = T(exactly: Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
        case BinaryTag.uint:
            result = T(exactly: try varint(at: position + 1, path()).0)
        default:
            throw mismatch(T.self, t, path())
        }
        guard let result else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: path(), debugDescription: "the stored integer does not fit in \(T.self)"))
        }
        return result
    }

    func double(at position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> Double {
        let t = try tag(at: position, path())
        guard t == BinaryTag.double else { throw mismatch(Double.self, t, path()) }
        guard position + 9 <= bytes.count else { throw damaged("a number at byte \(position) is cut off", path()) }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[position + 1 + i]) << UInt64(8 * i) }
        return Double(bitPattern: bits)
    }

    func float(at position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> Float {
        let d = try double(at: position, path())
        let f = Float(d)
        guard f.isFinite || !d.isFinite else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: path(), debugDescription: "the stored number \(d) does not fit in Float"))
        }
        return f
    }

    func string(at position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        let t = try tag(at: position, path())
        guard t == BinaryTag.string else { throw mismatch(String.self, t, path()) }
        let (n, start) = try length(at: position + 1, path())
        return try text(start, n, path())
    }

    /// The UTF-8 text `bytes[start..<start + count]`, refused when it is not valid UTF-8.
    func text(_ start: Int, _ count: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        let s: String? = bytes.withUnsafeBufferPointer { buffer in
            let slice = UnsafeBufferPointer(rebasing: buffer[start..<(start + count)])
            // Most text is ASCII, which needs no validation beyond this scan.
            var ascii = true
            for byte in slice where byte >= 0x80 {
                ascii = false
                break
            }
            return ascii ? String(decoding: slice, as: UTF8.self) : String(validating: slice, as: UTF8.self)
        }
        guard let s else { throw damaged("the text at byte \(start) is not valid UTF-8", path()) }
        return s
    }

    func isNull(at position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        try tag(at: position, path()) == BinaryTag.null
    }

    /// A JSON value read whole (what `JSONValue(from:)` would give, without probing each type).
    func json(at position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
        switch try tag(at: position, path()) {
        case BinaryTag.null: return .null
        case BinaryTag.false: return .bool(false)
        case BinaryTag.true: return .bool(true)
        case BinaryTag.int: return .int(try integer(Int64.self, at: position, path()))
        case BinaryTag.string: return .string(try string(at: position, path()))
        case BinaryTag.array:
            let (size, bodyStart) = try length(at: position + 1, path())
            let (count, first) = try length(at: bodyStart, path())
            var items: [JSONValue] = []
            items.reserveCapacity(count)
            var p = first
            for _ in 0..<count {
                items.append(try json(at: p, path()))
                p = try end(of: p, path())
            }
            guard p == bodyStart + size else { throw damaged("an array at byte \(position) does not end where its size says", path()) }
            return .array(items)
        case BinaryTag.object:
            let (size, bodyStart) = try length(at: position + 1, path())
            let (count, first) = try length(at: bodyStart, path())
            var members: JSONObject = [:]
            members.reserveCapacity(count)
            var p = first
            for _ in 0..<count {
                let (n, keyStart) = try length(at: p, path())
                let key = try text(keyStart, n, path())
                members[key] = try json(at: keyStart + n, path())
                p = try end(of: keyStart + n, path())
            }
            guard p == bodyStart + size else { throw damaged("an object at byte \(position) does not end where its size says", path()) }
            return .object(members)
        case let t:
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: path(), debugDescription: "expected a JSON value, found \(Self.typeName(t))"))
        }
    }

    // MARK: Containers

    /// Scans the object at `position` into `entries`: (first entry, count, cursor).
    func scanObject(at position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> (Int, Int, Int) {
        let t = try tag(at: position, path())
        guard t == BinaryTag.object else { throw mismatch([String: Any].self, t, path()) }
        let (size, bodyStart) = try length(at: position + 1, path())
        let (count, first) = try length(at: bodyStart, path())
        guard count <= size else { throw damaged("an object at byte \(position) counts more members than it has bytes", path()) }
        let base = state.pointee.entries.count
        var p = first
        for _ in 0..<count {
            let (n, keyStart) = try length(at: p, path())
            let value = keyStart + n
            state.pointee.entries.append(Entry(keyStart: Int32(truncatingIfNeeded: keyStart), keyCount: Int32(truncatingIfNeeded: n),
                                               value: Int32(truncatingIfNeeded: value)))
            p = try end(of: value, path())
        }
        guard p == bodyStart + size else { throw damaged("an object at byte \(position) does not end where its size says", path()) }
        state.pointee.cursors.append(0)
        return (base, count, state.pointee.cursors.count - 1)
    }

    /// The elements of the array at `position`: (first element's offset, count, end).
    func scanArray(at position: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> (Int, Int, Int) {
        let t = try tag(at: position, path())
        guard t == BinaryTag.array else { throw mismatch([Any].self, t, path()) }
        let (size, bodyStart) = try length(at: position + 1, path())
        let (count, first) = try length(at: bodyStart, path())
        guard count <= size else { throw damaged("an array at byte \(position) counts more elements than it has bytes", path()) }
        return (first, count, bodyStart + size)
    }

    /// The offset of the value stored under `key` among `count` entries from `base`, or nil.
    func lookup(_ key: String, base: Int, count: Int, cursor: Int) -> Int? {
        var key = key
        return key.withUTF8 { wanted -> Int? in
            bytes.withUnsafeBufferPointer { all -> Int? in
                state.pointee.entries.withUnsafeBufferPointer { entries -> Int? in
                    @inline(__always)
                    func matches(_ e: Entry) -> Bool {
                        guard Int(e.keyCount) == wanted.count else { return false }
                        let start = Int(e.keyStart)
                        var i = 0
                        while i < wanted.count {
                            if all[start + i] != wanted[i] { return false }
                            i += 1
                        }
                        return true
                    }
                    let hint = Int(state.pointee.cursors[cursor])
                    if hint < count, matches(entries[base + hint]) {
                        state.pointee.cursors[cursor] = Int32(truncatingIfNeeded: hint + 1)
                        return Int(entries[base + hint].value)
                    }
                    var i = 0
                    while i < count {
                        if i != hint, matches(entries[base + i]) {
                            state.pointee.cursors[cursor] = Int32(truncatingIfNeeded: i + 1)
                            return Int(entries[base + i].value)
                        }
                        i += 1
                    }
                    return nil
                }
            }
        }
    }

    func entry(_ index: Int) -> Entry { state.pointee.entries[index] }

    // MARK: Values

    /// Decodes a `T` from the value at `position`, stored under `key`: the key goes in front of
    /// the path of any error.
    func decode<T: Decodable>(_ type: T.Type, at position: Int, key: @autoclosure () -> any CodingKey) throws -> T {
        if T.self == String.self { return try string(at: position, [key()]) as! T }
        if T.self == Int.self { return try integer(Int.self, at: position, [key()]) as! T }
        if T.self == Bool.self { return try bool(at: position, [key()]) as! T }
        if T.self == JSONValue.self { return try json(at: position, [key()]) as! T }
        do {
            return try T(from: BinarySlotDecoder(impl: self, position: position, prefix: []))
        } catch let error as DecodingError {
            throw Self.prefixing(error, with: [key()])
        }
    }

    func decodeRoot<T: Decodable>(_ type: T.Type, at position: Int) throws -> T {
        let value: T
        if T.self == JSONValue.self {
            value = try json(at: position, []) as! T
        } else {
            value = try T(from: BinarySlotDecoder(impl: self, position: position, prefix: []))
        }
        guard try end(of: position, []) == bytes.count else { throw damaged("there are bytes after the stored value", []) }
        return value
    }
}

/// The `Decoder` for one value (a value type: passing it allocates nothing).
struct BinarySlotDecoder: Decoder, SingleValueDecodingContainer {
    let impl: BinaryDecoderImpl
    let position: Int
    /// This value's path below the nearest frame (usually none).
    let prefix: [any CodingKey]

    var codingPath: [any CodingKey] { prefix }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let (base, count, cursor) = try impl.scanObject(at: position, prefix)
        return KeyedDecodingContainer(BinaryKeyedDecodingContainer<Key>(impl: impl, base: base, count: count, cursor: cursor, prefix: prefix))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (first, count, end) = try impl.scanArray(at: position, prefix)
        return BinaryUnkeyedDecodingContainer(impl: impl, next: first, count: count, end: end, prefix: prefix)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { (try? impl.isNull(at: position, prefix)) ?? false }
    func decode(_ type: Bool.Type) throws -> Bool { try impl.bool(at: position, prefix) }
    func decode(_ type: String.Type) throws -> String { try impl.string(at: position, prefix) }
    func decode(_ type: Double.Type) throws -> Double { try impl.double(at: position, prefix) }
    func decode(_ type: Float.Type) throws -> Float { try impl.float(at: position, prefix) }
    func decode(_ type: Int.Type) throws -> Int { try impl.integer(type, at: position, prefix) }
    func decode(_ type: Int8.Type) throws -> Int8 { try impl.integer(type, at: position, prefix) }
    func decode(_ type: Int16.Type) throws -> Int16 { try impl.integer(type, at: position, prefix) }
    func decode(_ type: Int32.Type) throws -> Int32 { try impl.integer(type, at: position, prefix) }
    func decode(_ type: Int64.Type) throws -> Int64 { try impl.integer(type, at: position, prefix) }
    func decode(_ type: UInt.Type) throws -> UInt { try impl.integer(type, at: position, prefix) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try impl.integer(type, at: position, prefix) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try impl.integer(type, at: position, prefix) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try impl.integer(type, at: position, prefix) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try impl.integer(type, at: position, prefix) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // The same value at the same path, decoded as `T`.
        if T.self == String.self { return try impl.string(at: position, prefix) as! T }
        if T.self == JSONValue.self { return try impl.json(at: position, prefix) as! T }
        return try T(from: self)
    }
}

struct BinaryKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let impl: BinaryDecoderImpl
    let base: Int
    let count: Int
    let cursor: Int
    let prefix: [any CodingKey]

    var codingPath: [any CodingKey] { prefix }

    var allKeys: [Key] {
        (0..<count).compactMap { i in
            let e = impl.entry(base + i)
            return (try? impl.text(Int(e.keyStart), Int(e.keyCount), prefix)).flatMap(Key.init(stringValue:))
        }
    }

    func contains(_ key: Key) -> Bool { position(of: key) != nil }

    @inline(__always)
    private func position(of key: Key) -> Int? {
        impl.lookup(key.stringValue, base: base, count: count, cursor: cursor)
    }

    @inline(__always)
    private func path(_ key: Key) -> [any CodingKey] { prefix + [key] }

    @inline(__always)
    private func required(_ key: Key) throws -> Int {
        guard let p = position(of: key) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(
                codingPath: prefix, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return p
    }

    /// The value's offset, or nil when the key is absent or the value is null.
    @inline(__always)
    private func present(_ key: Key) throws -> Int? {
        guard let p = position(of: key), try !impl.isNull(at: p, path(key)) else { return nil }
        return p
    }

    /// Runs `body`, putting this container's prefix in front of the path of any error.
    @inline(__always)
    private func framed<T>(_ body: () throws -> T) throws -> T {
        if prefix.isEmpty { return try body() }
        do { return try body() } catch let error as DecodingError { throw BinaryDecoderImpl.prefixing(error, with: prefix) }
    }

    func decodeNil(forKey key: Key) throws -> Bool { try impl.isNull(at: required(key), path(key)) }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try impl.bool(at: required(key), path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try impl.string(at: required(key), path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try impl.double(at: required(key), path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try impl.float(at: required(key), path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try impl.integer(type, at: required(key), path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try impl.integer(type, at: required(key), path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try impl.integer(type, at: required(key), path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try impl.integer(type, at: required(key), path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try impl.integer(type, at: required(key), path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try impl.integer(type, at: required(key), path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try impl.integer(type, at: required(key), path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try impl.integer(type, at: required(key), path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try impl.integer(type, at: required(key), path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try impl.integer(type, at: required(key), path(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let p = try required(key)
        return try framed { try impl.decode(type, at: p, key: key) }
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let p = try present(key) else { return nil }
        return try impl.bool(at: p, path(key))
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let p = try present(key) else { return nil }
        return try impl.string(at: p, path(key))
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let p = try present(key) else { return nil }
        return try impl.integer(type, at: p, path(key))
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        guard let p = try present(key) else { return nil }
        return try impl.integer(type, at: p, path(key))
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let p = try present(key) else { return nil }
        return try impl.double(at: p, path(key))
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let p = try present(key) else { return nil }
        return try framed { try impl.decode(type, at: p, key: key) }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try BinarySlotDecoder(impl: impl, position: required(key), prefix: path(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try BinarySlotDecoder(impl: impl, position: required(key), prefix: path(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = BinaryPathKey(stringValue: "super")
        guard let p = impl.lookup("super", base: base, count: count, cursor: cursor) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: prefix, debugDescription: "No value associated with key \"super\"."))
        }
        return BinarySlotDecoder(impl: impl, position: p, prefix: prefix + [key])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        BinarySlotDecoder(impl: impl, position: try required(key), prefix: path(key))
    }
}

struct BinaryUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let impl: BinaryDecoderImpl
    /// The offset of the next element.
    private var next: Int
    private let elementCount: Int
    /// The offset just after the array.
    private let end: Int
    let prefix: [any CodingKey]
    private(set) var currentIndex = 0

    init(impl: BinaryDecoderImpl, next: Int, count: Int, end: Int, prefix: [any CodingKey]) {
        self.impl = impl
        self.next = next
        self.elementCount = count
        self.end = end
        self.prefix = prefix
    }

    var codingPath: [any CodingKey] { prefix }
    var count: Int? { elementCount }
    var isAtEnd: Bool { currentIndex >= elementCount }

    private var indexPath: [any CodingKey] { prefix + [BinaryPathKey(intValue: currentIndex)] }

    /// The next element's offset; moves past it.
    private mutating func advance<T>(_ type: T.Type) throws -> Int {
        guard currentIndex < elementCount else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: indexPath, debugDescription: "Unkeyed container is at end."))
        }
        let p = next
        next = try impl.end(of: p, indexPath)
        guard next <= end else { throw impl.damaged("an array element runs past the end of its array", indexPath) }
        currentIndex += 1
        return p
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex < elementCount else {
            throw DecodingError.valueNotFound(Never.self, DecodingError.Context(codingPath: indexPath, debugDescription: "Unkeyed container is at end."))
        }
        guard try impl.isNull(at: next, indexPath) else { return false }
        _ = try advance(Never.self)
        return true
    }

    /// Decodes the next element with `read`, at its path.
    @inline(__always)
    private mutating func element<T>(_ read: (BinaryDecoderImpl, Int, () -> [any CodingKey]) throws -> T) throws -> T {
        let index = currentIndex
        let p = try advance(T.self)
        let prefix = self.prefix
        return try read(impl, p, { prefix + [BinaryPathKey(intValue: index)] })
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try element { try $0.bool(at: $1, $2()) } }
    mutating func decode(_ type: String.Type) throws -> String { try element { try $0.string(at: $1, $2()) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try element { try $0.double(at: $1, $2()) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try element { try $0.float(at: $1, $2()) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try element { try $0.integer(type, at: $1, $2()) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try element { try $0.integer(type, at: $1, $2()) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try element { try $0.integer(type, at: $1, $2()) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try element { try $0.integer(type, at: $1, $2()) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try element { try $0.integer(type, at: $1, $2()) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try element { try $0.integer(type, at: $1, $2()) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try element { try $0.integer(type, at: $1, $2()) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try element { try $0.integer(type, at: $1, $2()) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try element { try $0.integer(type, at: $1, $2()) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try element { try $0.integer(type, at: $1, $2()) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let index = currentIndex
        let p = try advance(type)
        do {
            return try impl.decode(type, at: p, key: BinaryPathKey(intValue: index))
        } catch let error as DecodingError where !prefix.isEmpty {
            throw BinaryDecoderImpl.prefixing(error, with: prefix)
        }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let path = indexPath
        return try BinarySlotDecoder(impl: impl, position: advance(KeyedDecodingContainer<NestedKey>.self), prefix: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let path = indexPath
        return try BinarySlotDecoder(impl: impl, position: advance((any UnkeyedDecodingContainer).self), prefix: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let path = indexPath
        return BinarySlotDecoder(impl: impl, position: try advance((any Decoder).self), prefix: path)
    }
}
