import CanonicalJSON

/// Writes the binary format. Values are first gathered into a flat tree of nodes (so containers
/// may be written in any order, as `Encoder` allows), then written out in one pass, each
/// container's size computed beforehand.
///
/// A scalar's bytes (tag and payload), and each member's key, go to `scratch` as they come; nodes
/// refer to them by range. The state lives behind a pointer the encoder owns, so the many small
/// writes pay no exclusivity checks; an encoder is used by one thread, for one value.
final class BinaryEncoderImpl {
    enum Kind: UInt8 {
        /// Nothing encoded yet (written as an empty object, as JSON coders do).
        case unset
        /// `scratch[start..<end]` holds the whole encoded value.
        case scalar
        case array
        case object
    }

    struct Node {
        var kind: Kind = .unset
        /// Sort members by key when writing (a dictionary).
        var sortsKeys = false
        /// The member's key in `scratch` (empty for array elements and the root).
        var keyStart: Int32 = 0
        var keyEnd: Int32 = 0
        var start: Int32 = 0
        var end: Int32 = 0
        var parent: Int32 = -1
        /// The position among the parent's children (for coding paths).
        var index: Int32 = 0
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        var count: Int32 = 0
        /// The encoded size in bytes, and a container's body size, filled in before writing.
        var size: Int32 = 0
        var body: Int32 = 0
    }

    struct State {
        var scratch: [UInt8] = []
        var nodes: [Node] = []
    }

    let state: UnsafeMutablePointer<State>

    init() {
        state = .allocate(capacity: 1)
        state.initialize(to: State())
        state.pointee.scratch.reserveCapacity(1024)
        state.pointee.nodes.reserveCapacity(64)
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// The coding path of `node`, rebuilt from its ancestors (only errors and curious encoders ask).
    func codingPath(of node: Int32) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var n = node
        while n >= 0 {
            let current = state.pointee.nodes[Int(n)]
            guard current.parent >= 0 else { break }
            if state.pointee.nodes[Int(current.parent)].kind == .object {
                let name = String(decoding: state.pointee.scratch[Int(current.keyStart)..<Int(current.keyEnd)], as: UTF8.self)
                keys.append(BinaryPathKey(stringValue: name))
            } else {
                keys.append(BinaryPathKey(intValue: Int(current.index)))
            }
            n = current.parent
        }
        return keys.reversed()
    }

    // MARK: Building the tree

    @inline(__always)
    private func offset(_ count: Int) -> Int32 {
        precondition(count < Int32.max, "BUG DETECTED: a stored value of 2 GiB or more")
        return Int32(truncatingIfNeeded: count)
    }

    /// A new node, the last child of `parent`; `key` is its name in an object.
    func newChild(of parent: Int32, key: String?) -> Int32 {
        var node = Node()
        node.parent = parent
        if let key {
            node.keyStart = offset(state.pointee.scratch.count)
            state.pointee.scratch.append(contentsOf: key.utf8)
            node.keyEnd = offset(state.pointee.scratch.count)
        }
        let child = offset(state.pointee.nodes.count)
        if parent >= 0 {
            let p = Int(parent)
            node.index = state.pointee.nodes[p].count
            let last = state.pointee.nodes[p].lastChild
            if last < 0 { state.pointee.nodes[p].firstChild = child } else { state.pointee.nodes[Int(last)].nextSibling = child }
            state.pointee.nodes[p].lastChild = child
            state.pointee.nodes[p].count += 1
        }
        state.pointee.nodes.append(node)
        return child
    }

    func kind(of node: Int32) -> Kind { state.pointee.nodes[Int(node)].kind }

    func count(of node: Int32) -> Int { Int(state.pointee.nodes[Int(node)].count) }

    func makeContainer(_ node: Int32, _ kind: Kind) {
        switch state.pointee.nodes[Int(node)].kind {
        case .unset: state.pointee.nodes[Int(node)].kind = kind
        case kind: break
        default:
            preconditionFailure("Attempt to push a new \(kind == .object ? "keyed" : "unkeyed") encoding container when already previously encoded at this path.")
        }
    }

    func markSortsKeys(_ node: Int32) { state.pointee.nodes[Int(node)].sortsKeys = true }

    // MARK: Scalars

    /// Writes a scalar into `node`: `write` appends its bytes (tag and payload) to the scratch.
    @inline(__always)
    func scalar(_ node: Int32, _ write: (inout [UInt8]) -> Void) {
        let n = Int(node)
        precondition(state.pointee.nodes[n].kind == .unset, "Attempt to encode value through single value container when previously value already encoded.")
        let start = offset(state.pointee.scratch.count)
        write(&state.pointee.scratch)
        state.pointee.nodes[n].kind = .scalar
        state.pointee.nodes[n].start = start
        state.pointee.nodes[n].end = offset(state.pointee.scratch.count)
    }

    @inline(__always)
    static func varint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(truncatingIfNeeded: v))
    }

    @inline(__always)
    static func int(_ value: Int64, into out: inout [UInt8]) {
        out.append(BinaryTag.int)
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)), into: &out)
    }

    @inline(__always)
    static func string(_ value: String, into out: inout [UInt8]) {
        out.append(BinaryTag.string)
        let utf8 = value.utf8
        varint(UInt64(utf8.count), into: &out)
        out.append(contentsOf: utf8)
    }

    func putNull(_ node: Int32) { scalar(node) { $0.append(BinaryTag.null) } }
    func put(_ node: Int32, _ value: Bool) { scalar(node) { $0.append(value ? BinaryTag.true : BinaryTag.false) } }
    func put(_ node: Int32, _ value: Int64) { scalar(node) { Self.int(value, into: &$0) } }
    func put(_ node: Int32, _ value: String) { scalar(node) { Self.string(value, into: &$0) } }

    func put(_ node: Int32, _ value: UInt64) {
        if value <= UInt64(Int64.max) { return put(node, Int64(value)) }
        scalar(node) { out in
            out.append(BinaryTag.uint)
            Self.varint(value, into: &out)
        }
    }

    func put(_ node: Int32, _ value: Double) {
        scalar(node) { out in
            out.append(BinaryTag.double)
            let bits = value.bitPattern
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        }
    }

    /// A JSON value written whole as one scalar (object keys sorted, so equal values give equal bytes).
    func put(_ node: Int32, _ value: JSONValue) { scalar(node) { Self.json(value, into: &$0) } }

    static func json(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(BinaryTag.null)
        case .bool(let b): out.append(b ? BinaryTag.true : BinaryTag.false)
        case .int(let i): int(i, into: &out)
        case .string(let s): string(s, into: &out)
        case .array(let items):
            out.append(BinaryTag.array)
            let bodyStart = out.count
            varint(UInt64(items.count), into: &out)
            for item in items { json(item, into: &out) }
            insertSize(at: bodyStart, in: &out)
        case .object(let members):
            out.append(BinaryTag.object)
            let bodyStart = out.count
            varint(UInt64(members.count), into: &out)
            for key in members.keys.sorted() {
                let utf8 = key.string.utf8
                varint(UInt64(utf8.count), into: &out)
                out.append(contentsOf: utf8)
                json(members[key]!, into: &out)
            }
            insertSize(at: bodyStart, in: &out)
        }
    }

    /// Inserts the varint size of `out[bodyStart...]` before it.
    private static func insertSize(at bodyStart: Int, in out: inout [UInt8]) {
        var size: [UInt8] = []
        varint(UInt64(out.count - bodyStart), into: &size)
        out.insert(contentsOf: size, at: bodyStart)
    }

    // MARK: Values

    /// Encodes `value` into `node`.
    func encode<T: Encodable>(_ value: T, into node: Int32) throws {
        if T.self == String.self { return put(node, value as! String) }
        if T.self == Int.self { return put(node, Int64(value as! Int)) }
        if T.self == Bool.self { return put(node, value as! Bool) }
        if T.self == JSONValue.self { return put(node, value as! JSONValue) }
        if value is any BinaryUnorderedKeys { markSortsKeys(node) }
        try value.encode(to: BinarySlotEncoder(impl: self, node: node))
    }

    func encodeRoot<T: Encodable>(_ value: T, header: [UInt8]) throws -> [UInt8] {
        let root = newChild(of: -1, key: nil)
        try encode(value, into: root)
        guard kind(of: root) != .unset else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        return finish(root, header: header)
    }

    // MARK: Writing out

    static func varintSize(_ value: Int32) -> Int32 {
        var v = UInt32(value)
        var n: Int32 = 1
        while v >= 0x80 {
            v >>= 7
            n += 1
        }
        return n
    }

    func finish(_ root: Int32, header: [UInt8]) -> [UInt8] {
        state.pointee.nodes.withUnsafeMutableBufferPointer { nodes in
            // Children always come after their parent, so one backward pass sizes every node.
            for index in nodes.indices.reversed() {
                switch nodes[index].kind {
                case .unset: nodes[index].size = 3  // {}: tag, size 1, count 0
                case .scalar: nodes[index].size = nodes[index].end - nodes[index].start
                case .array, .object:
                    let isObject = nodes[index].kind == .object
                    var body = Self.varintSize(nodes[index].count)
                    var child = nodes[index].firstChild
                    while child >= 0 {
                        let c = nodes[Int(child)]
                        if isObject { body += Self.varintSize(c.keyEnd - c.keyStart) + (c.keyEnd - c.keyStart) }
                        body += c.size
                        child = c.nextSibling
                    }
                    nodes[index].body = body
                    nodes[index].size = 1 + Self.varintSize(body) + body
                }
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(header.count + Int(state.pointee.nodes[Int(root)].size))
        out.append(contentsOf: header)
        state.pointee.nodes.withUnsafeBufferPointer { nodes in
            state.pointee.scratch.withUnsafeBufferPointer { scratch in
                Self.write(root, nodes, scratch, into: &out)
            }
        }
        return out
    }

    private static func write(_ index: Int32, _ nodes: UnsafeBufferPointer<Node>, _ scratch: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let node = nodes[Int(index)]
        switch node.kind {
        case .unset:
            out.append(contentsOf: [BinaryTag.object, 1, 0])
        case .scalar:
            out.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[Int(node.start)..<Int(node.end)]))
        case .array:
            out.append(BinaryTag.array)
            varint(UInt64(node.body), into: &out)
            varint(UInt64(node.count), into: &out)
            var child = node.firstChild
            while child >= 0 {
                write(child, nodes, scratch, into: &out)
                child = nodes[Int(child)].nextSibling
            }
        case .object:
            out.append(BinaryTag.object)
            varint(UInt64(node.body), into: &out)
            varint(UInt64(node.count), into: &out)
            if node.sortsKeys && node.count > 1 {
                for child in sortedChildren(of: node, nodes, scratch) { writeMember(child, nodes, scratch, into: &out) }
            } else {
                var child = node.firstChild
                while child >= 0 {
                    writeMember(child, nodes, scratch, into: &out)
                    child = nodes[Int(child)].nextSibling
                }
            }
        }
    }

    private static func writeMember(_ child: Int32, _ nodes: UnsafeBufferPointer<Node>, _ scratch: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let c = nodes[Int(child)]
        varint(UInt64(c.keyEnd - c.keyStart), into: &out)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[Int(c.keyStart)..<Int(c.keyEnd)]))
        write(child, nodes, scratch, into: &out)
    }

    private static func sortedChildren(of node: Node, _ nodes: UnsafeBufferPointer<Node>, _ scratch: UnsafeBufferPointer<UInt8>) -> [Int32] {
        var children: [Int32] = []
        children.reserveCapacity(Int(node.count))
        var child = node.firstChild
        while child >= 0 {
            children.append(child)
            child = nodes[Int(child)].nextSibling
        }
        return children.sorted { a, b in
            let ka = scratch[Int(nodes[Int(a)].keyStart)..<Int(nodes[Int(a)].keyEnd)]
            let kb = scratch[Int(nodes[Int(b)].keyStart)..<Int(nodes[Int(b)].keyEnd)]
            return ka.lexicographicallyPrecedes(kb)
        }
    }
}

/// The `Encoder` for one node of the tree (a value type: passing it allocates nothing).
struct BinarySlotEncoder: Encoder {
    let impl: BinaryEncoderImpl
    let node: Int32

    var codingPath: [any CodingKey] { impl.codingPath(of: node) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        impl.makeContainer(node, .object)
        return KeyedEncodingContainer(BinaryKeyedEncodingContainer<Key>(impl: impl, node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        impl.makeContainer(node, .array)
        return BinaryUnkeyedEncodingContainer(impl: impl, node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        BinarySingleValueEncodingContainer(impl: impl, node: node)
    }
}

struct BinarySingleValueEncodingContainer: SingleValueEncodingContainer {
    let impl: BinaryEncoderImpl
    let node: Int32

    var codingPath: [any CodingKey] { impl.codingPath(of: node) }

    func encodeNil() throws { impl.putNull(node) }
    func encode(_ value: Bool) throws { impl.put(node, value) }
    func encode(_ value: String) throws { impl.put(node, value) }
    func encode(_ value: Double) throws { impl.put(node, value) }
    func encode(_ value: Float) throws { impl.put(node, Double(value)) }
    func encode(_ value: Int) throws { impl.put(node, Int64(value)) }
    func encode(_ value: Int8) throws { impl.put(node, Int64(value)) }
    func encode(_ value: Int16) throws { impl.put(node, Int64(value)) }
    func encode(_ value: Int32) throws { impl.put(node, Int64(value)) }
    func encode(_ value: Int64) throws { impl.put(node, value) }
    func encode(_ value: UInt) throws { impl.put(node, UInt64(value)) }
    func encode(_ value: UInt8) throws { impl.put(node, UInt64(value)) }
    func encode(_ value: UInt16) throws { impl.put(node, UInt64(value)) }
    func encode(_ value: UInt32) throws { impl.put(node, UInt64(value)) }
    func encode(_ value: UInt64) throws { impl.put(node, value) }
    func encode<T: Encodable>(_ value: T) throws {
        precondition(impl.kind(of: node) == .unset, "Attempt to encode value through single value container when previously value already encoded.")
        // The value is encoded in this node, at the same coding path.
        try impl.encode(value, into: node)
    }
}

struct BinaryKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let impl: BinaryEncoderImpl
    let node: Int32

    var codingPath: [any CodingKey] { impl.codingPath(of: node) }

    @inline(__always)
    private func member(_ key: Key) -> Int32 { impl.newChild(of: node, key: key.stringValue) }

    func encodeNil(forKey key: Key) throws { impl.putNull(member(key)) }
    func encode(_ value: Bool, forKey key: Key) throws { impl.put(member(key), value) }
    func encode(_ value: String, forKey key: Key) throws { impl.put(member(key), value) }
    func encode(_ value: Double, forKey key: Key) throws { impl.put(member(key), value) }
    func encode(_ value: Float, forKey key: Key) throws { impl.put(member(key), Double(value)) }
    func encode(_ value: Int, forKey key: Key) throws { impl.put(member(key), Int64(value)) }
    func encode(_ value: Int8, forKey key: Key) throws { impl.put(member(key), Int64(value)) }
    func encode(_ value: Int16, forKey key: Key) throws { impl.put(member(key), Int64(value)) }
    func encode(_ value: Int32, forKey key: Key) throws { impl.put(member(key), Int64(value)) }
    func encode(_ value: Int64, forKey key: Key) throws { impl.put(member(key), value) }
    func encode(_ value: UInt, forKey key: Key) throws { impl.put(member(key), UInt64(value)) }
    func encode(_ value: UInt8, forKey key: Key) throws { impl.put(member(key), UInt64(value)) }
    func encode(_ value: UInt16, forKey key: Key) throws { impl.put(member(key), UInt64(value)) }
    func encode(_ value: UInt32, forKey key: Key) throws { impl.put(member(key), UInt64(value)) }
    func encode(_ value: UInt64, forKey key: Key) throws { impl.put(member(key), value) }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try impl.encode(value, into: member(key)) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = member(key)
        impl.makeContainer(child, .object)
        return KeyedEncodingContainer(BinaryKeyedEncodingContainer<NestedKey>(impl: impl, node: child))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = member(key)
        impl.makeContainer(child, .array)
        return BinaryUnkeyedEncodingContainer(impl: impl, node: child)
    }

    func superEncoder() -> any Encoder { BinarySlotEncoder(impl: impl, node: impl.newChild(of: node, key: "super")) }
    func superEncoder(forKey key: Key) -> any Encoder { BinarySlotEncoder(impl: impl, node: member(key)) }
}

struct BinaryUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let impl: BinaryEncoderImpl
    let node: Int32

    var codingPath: [any CodingKey] { impl.codingPath(of: node) }
    var count: Int { impl.count(of: node) }

    @inline(__always)
    private func element() -> Int32 { impl.newChild(of: node, key: nil) }

    mutating func encodeNil() throws { impl.putNull(element()) }
    mutating func encode(_ value: Bool) throws { impl.put(element(), value) }
    mutating func encode(_ value: String) throws { impl.put(element(), value) }
    mutating func encode(_ value: Double) throws { impl.put(element(), value) }
    mutating func encode(_ value: Float) throws { impl.put(element(), Double(value)) }
    mutating func encode(_ value: Int) throws { impl.put(element(), Int64(value)) }
    mutating func encode(_ value: Int8) throws { impl.put(element(), Int64(value)) }
    mutating func encode(_ value: Int16) throws { impl.put(element(), Int64(value)) }
    mutating func encode(_ value: Int32) throws { impl.put(element(), Int64(value)) }
    mutating func encode(_ value: Int64) throws { impl.put(element(), value) }
    mutating func encode(_ value: UInt) throws { impl.put(element(), UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { impl.put(element(), UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { impl.put(element(), UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { impl.put(element(), UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { impl.put(element(), value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try impl.encode(value, into: element()) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = element()
        impl.makeContainer(child, .object)
        return KeyedEncodingContainer(BinaryKeyedEncodingContainer<NestedKey>(impl: impl, node: child))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = element()
        impl.makeContainer(child, .array)
        return BinaryUnkeyedEncodingContainer(impl: impl, node: child)
    }

    mutating func superEncoder() -> any Encoder { BinarySlotEncoder(impl: impl, node: element()) }
}
