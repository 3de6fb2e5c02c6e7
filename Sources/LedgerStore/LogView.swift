import Foundation

/// The log's databases, opened once.
struct LogDatabases: Sendable {
    static let names = ["events", "tree", "eventIds", "caseVersions", "caseHeads", "meta", "checkpoints"]
    let events: Database       // u64 position → stored bytes
    let tree: Database         // u64 last leaf ‖ u8 level → 32-byte hash (completion order, so appends)
    let eventIds: Database     // 16-byte UUID → u64 position
    let caseVersions: Database // case ‖ 0x00 ‖ u64 version → u64 position
    let caseHeads: Database    // case → u64 version ‖ u64 last position
    let meta: Database         // text key → value
    let checkpoints: Database  // u64 tree size → signed checkpoint note

    init(_ env: LMDBEnvironment) {
        events = env.database("events")
        tree = env.database("tree")
        eventIds = env.database("eventIds")
        caseVersions = env.database("caseVersions")
        caseHeads = env.database("caseHeads")
        meta = env.database("meta")
        checkpoints = env.database("checkpoints")
    }
}

func treeKey(level: Int, index: UInt64) -> [UInt8] {
    let last = ((index + 1) << UInt64(level)) - 1
    return last.bigEndianBytes + [UInt8(level)]
}

func caseVersionKey(_ stream: String, _ version: UInt64) -> [UInt8] {
    Array(stream.utf8) + [0] + version.bigEndianBytes
}

func uuidBytes(_ id: UUID) -> [UInt8] {
    withUnsafeBytes(of: id.uuid) { Array($0) }
}

/// A read view of the log inside one transaction: events, indexes, tree, proofs.
///
/// Valid only inside the `read` / `write` closure (or hook call) that received it.
public struct LogView: SubtreeSource {
    public let transaction: Transaction
    let dbs: LogDatabases

    /// Number of events in the log (the Merkle tree size).
    public func size() throws(LedgerError) -> UInt64 {
        guard let last = try transaction.lastKey(dbs.events) else { return 0 }
        return UInt64(bigEndianBytes: last) + 1
    }

    /// The exact stored bytes at `position`.
    public func storedBytes(at position: UInt64) throws(LedgerError) -> [UInt8] {
        guard let b = try transaction.get(dbs.events, position.bigEndianBytes) else {
            throw LedgerError(.notFound, "there is no event at position \(position)")
        }
        return b
    }

    public func event(at position: UInt64) throws(LedgerError) -> StoredEvent {
        let bytes = try storedBytes(at: position)
        return StoredEvent(envelope: try EventEnvelope(storedBytes: bytes), bytes: bytes)
    }

    /// Visits events with positions in `range` in order; `body` returns false to stop.
    public func forEachEvent(from start: UInt64 = 0, through end: UInt64 = .max, _ body: (StoredEvent) throws -> Bool) throws {
        try transaction.scan(dbs.events, from: start.bigEndianBytes) { k, v in
            let pos = UInt64(bigEndianBytes: k)
            if pos > end { return false }
            let bytes = Array(v)
            return try body(StoredEvent(envelope: try EventEnvelope(storedBytes: bytes), bytes: bytes))
        }
    }

    public func position(ofEvent id: UUID) throws(LedgerError) -> UInt64? {
        try transaction.get(dbs.eventIds, uuidBytes(id)).map { UInt64(bigEndianBytes: $0) }
    }

    /// The case's current version (number of events) and last position; nil for an unknown case.
    public func head(of stream: String) throws(LedgerError) -> (version: UInt64, position: UInt64)? {
        guard let v = try transaction.get(dbs.caseHeads, Array(stream.utf8)), v.count == 16 else { return nil }
        return (UInt64(bigEndianBytes: v.prefix(8)), UInt64(bigEndianBytes: v.dropFirst(8)))
    }

    public func position(of stream: String, version: UInt64) throws(LedgerError) -> UInt64? {
        try transaction.get(dbs.caseVersions, caseVersionKey(stream, version)).map { UInt64(bigEndianBytes: $0) }
    }

    /// The positions of a case's events, in version order.
    public func positions(of stream: String) throws -> [UInt64] {
        var out: [UInt64] = []
        let prefix = Array(stream.utf8) + [0]
        try transaction.scan(dbs.caseVersions, from: prefix) { k, v in
            guard k.count == prefix.count + 8, k.starts(with: prefix) else { return false }
            out.append(UInt64(bigEndianBytes: v))
            return true
        }
        return out
    }

    /// The events of one case in version order.
    public func events(of stream: String) throws -> [StoredEvent] {
        try positions(of: stream).map { try event(at: $0) }
    }

    /// The events of one case up to and including log position `last`, in version order (a case's
    /// positions grow with its versions, so later events are not read).
    public func events(of stream: String, through last: UInt64) throws -> [StoredEvent] {
        try positions(of: stream).prefix { $0 <= last }.map { try event(at: $0) }
    }

    /// Every case id with its version, in case id order.
    public func forEachCase(_ body: (String, UInt64) throws -> Bool) throws {
        try transaction.scan(dbs.caseHeads) { k, v in
            try body(String(decoding: k, as: UTF8.self), UInt64(bigEndianBytes: v.prefix(8)))
        }
    }

    /// Visits cases (id, version) in id order from the first id not below `start`, until `body` returns false.
    public func forEachCase(from start: String, _ body: (String, UInt64) throws -> Bool) throws {
        try transaction.scan(dbs.caseHeads, from: Array(start.utf8)) { k, v in
            try body(String(decoding: k, as: UTF8.self), UInt64(bigEndianBytes: v.prefix(8)))
        }
    }

    public func meta(_ key: String) throws(LedgerError) -> String? {
        try transaction.get(dbs.meta, Array(key.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: Tree

    func node(level: Int, index: UInt64) throws(LedgerError) -> Hash {
        try transaction.withValue(dbs.tree, treeKey(level: level, index: index)) { v throws(LedgerError) in
            guard let v, v.count == 32 else {
                throw LedgerError(.corrupted, "the Merkle tree lacks the node at level \(level), index \(index)")
            }
            return Hash(bytes: Array(v))
        }
    }

    /// The stored leaf hash at `position`.
    public func leafHash(at position: UInt64) throws(LedgerError) -> Hash {
        try node(level: 0, index: position)
    }

    /// The tree root at `size` (any size up to the current one).
    public func root(size: UInt64) throws(LedgerError) -> Hash {
        let current = try self.size()
        guard size <= current else { throw LedgerError(.notFound, "the log has \(current) events; there is no tree of size \(size)") }
        return try subtreeHash(start: 0, count: size)
    }

    /// An inclusion proof of the leaf at `index` in the tree of `size` (RFC 9162 §2.1.3).
    public func inclusionProof(index: UInt64, size: UInt64) throws(LedgerError) -> InclusionProof {
        let current = try self.size()
        guard size <= current else { throw LedgerError(.notFound, "the log has \(current) events; there is no tree of size \(size)") }
        guard index < size else { throw LedgerError(.notFound, "position \(index) is not in a tree of size \(size)") }
        return InclusionProof(
            index: index, size: size, leafHash: try leafHash(at: index),
            path: try inclusionPath(index: index, start: 0, count: size), root: try subtreeHash(start: 0, count: size))
    }

    /// A consistency proof from the tree of size `from` to the tree of size `to` (RFC 9162 §2.1.4).
    public func consistencyProof(from: UInt64, to: UInt64) throws(LedgerError) -> ConsistencyProof {
        let current = try self.size()
        guard to <= current else { throw LedgerError(.notFound, "the log has \(current) events; there is no tree of size \(to)") }
        guard from <= to else { throw LedgerError(.invalidInput, "a consistency proof goes from a smaller size to a larger one (\(from) > \(to))") }
        let path = from == 0 || from == to ? [] : try consistencySubproof(m: from, start: 0, count: to, complete: true)
        return ConsistencyProof(from: from, to: to, path: path, fromRoot: try subtreeHash(start: 0, count: from), toRoot: try subtreeHash(start: 0, count: to))
    }

    /// The most recent signed checkpoint stored in the ledger, if any.
    public func latestCheckpoint() throws(LedgerError) -> String? {
        guard let last = try transaction.lastKey(dbs.checkpoints) else { return nil }
        return try transaction.get(dbs.checkpoints, last).map { String(decoding: $0, as: UTF8.self) }
    }
}

public struct InclusionProof: Sendable, Hashable {
    public var index: UInt64
    public var size: UInt64
    public var leafHash: Hash
    public var path: [Hash]
    public var root: Hash

    public func verify() -> Bool {
        Merkle.verifyInclusion(index: index, size: size, leaf: leafHash, proof: path, root: root)
    }

    public var json: JSONValue {
        .object([
            "index": .int(Int64(index)), "size": .int(Int64(size)), "leafHash": .string(leafHash.hex),
            "proof": .array(path.map { .string($0.hex) }), "root": .string(root.hex),
        ])
    }
}

public struct ConsistencyProof: Sendable, Hashable {
    public var from: UInt64
    public var to: UInt64
    public var path: [Hash]
    public var fromRoot: Hash
    public var toRoot: Hash

    public func verify() -> Bool {
        Merkle.verifyConsistency(from: from, to: to, firstRoot: fromRoot, secondRoot: toRoot, proof: path)
    }

    public var json: JSONValue {
        .object([
            "from": .int(Int64(from)), "to": .int(Int64(to)), "proof": .array(path.map { .string($0.hex) }),
            "fromRoot": .string(fromRoot.hex), "toRoot": .string(toRoot.hex),
        ])
    }
}
