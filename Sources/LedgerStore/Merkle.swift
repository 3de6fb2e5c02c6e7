import Crypto
import Foundation

/// A SHA-256 digest.
public struct Hash: Hashable, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "BUG DETECTED: a hash must be 32 bytes")
        self.bytes = bytes
    }

    public init?(hex: String) {
        let u = Array(hex.utf8)
        guard u.count == 64 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(32)
        var i = 0
        while i < 64 {
            guard let h = hexValue(u[i]), let l = hexValue(u[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        self.bytes = out
    }

    public var hex: String { hexString(bytes) }
    public var description: String { hex }
}

func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case 48...57: c - 48
    case 97...102: c - 87
    case 65...70: c - 55
    default: nil
    }
}

public func hexString(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 0xF)])
    }
    return String(decoding: out, as: UTF8.self)
}

/// RFC 9162 (RFC 6962) Merkle tree hashing, proofs and their verification.
public enum Merkle {
    /// SHA-256 of the empty string: the root of the empty tree.
    public static let emptyRoot = Hash(bytes: Array(SHA256.hash(data: [UInt8]())))

    /// leaf = SHA-256(0x00 ‖ data)
    public static func leafHash(_ data: some Sequence<UInt8>) -> Hash {
        var h = SHA256()
        h.update(data: [0x00])
        h.update(data: Array(data))
        return Hash(bytes: Array(h.finalize()))
    }

    /// leaf = SHA-256(0x00 ‖ data), without copying a contiguous buffer.
    public static func leafHash(_ data: UnsafeRawBufferPointer) -> Hash {
        var h = SHA256()
        h.update(data: [0x00])
        h.update(bufferPointer: data)
        return Hash(bytes: Array(h.finalize()))
    }

    /// node = SHA-256(0x01 ‖ left ‖ right)
    public static func nodeHash(_ left: Hash, _ right: Hash) -> Hash {
        var h = SHA256()
        h.update(data: [0x01])
        h.update(data: left.bytes)
        h.update(data: right.bytes)
        return Hash(bytes: Array(h.finalize()))
    }

    /// The largest power of two strictly less than `n` (n ≥ 2).
    static func split(_ n: UInt64) -> UInt64 {
        precondition(n >= 2)
        var k: UInt64 = 1
        while k << 1 < n { k <<= 1 }
        return k
    }

    /// Verifies an inclusion proof (RFC 9162 §2.1.3.2).
    public static func verifyInclusion(index: UInt64, size: UInt64, leaf: Hash, proof: [Hash], root: Hash) -> Bool {
        guard index < size else { return false }
        var fn = index
        var sn = size - 1
        var r = leaf
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Verifies a consistency proof between two tree sizes (RFC 9162 §2.1.4.2).
    public static func verifyConsistency(from first: UInt64, to second: UInt64, firstRoot: Hash, secondRoot: Hash, proof: [Hash]) -> Bool {
        if first > second { return false }
        if first == second { return proof.isEmpty && firstRoot == secondRoot }
        if first == 0 { return proof.isEmpty }
        var path = proof
        if first & (first - 1) == 0 { path.insert(firstRoot, at: 0) }  // first is a power of two
        guard !path.isEmpty else { return false }
        var fn = first - 1
        var sn = second - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && fr == firstRoot && sr == secondRoot
    }
}

/// Something that can answer the hash of a perfect subtree: `level` is its height, `index` its
/// position among subtrees of that height (it covers leaves `index·2^level ..< (index+1)·2^level`).
protocol SubtreeSource {
    func node(level: Int, index: UInt64) throws(LedgerError) -> Hash
}

extension SubtreeSource {
    /// MTH(D[start ..< start+count]) where `start` is aligned as the RFC's recursion guarantees.
    func subtreeHash(start: UInt64, count: UInt64) throws(LedgerError) -> Hash {
        if count == 0 { return Merkle.emptyRoot }
        if count & (count - 1) == 0 {
            let level = count.trailingZeroBitCount
            return try node(level: level, index: start >> UInt64(level))
        }
        let k = Merkle.split(count)
        return Merkle.nodeHash(try subtreeHash(start: start, count: k), try subtreeHash(start: start + k, count: count - k))
    }

    /// RFC 6962 §2.1.1 PATH(m, D[start ..< start+n]).
    func inclusionPath(index m: UInt64, start: UInt64, count n: UInt64) throws(LedgerError) -> [Hash] {
        if n <= 1 { return [] }
        let k = Merkle.split(n)
        if m < k {
            return try inclusionPath(index: m, start: start, count: k) + [try subtreeHash(start: start + k, count: n - k)]
        }
        return try inclusionPath(index: m - k, start: start + k, count: n - k) + [try subtreeHash(start: start, count: k)]
    }

    /// RFC 6962 §2.1.2 SUBPROOF(m, D[start ..< start+n], b).
    func consistencySubproof(m: UInt64, start: UInt64, count n: UInt64, complete: Bool) throws(LedgerError) -> [Hash] {
        if m == n { return complete ? [] : [try subtreeHash(start: start, count: n)] }
        let k = Merkle.split(n)
        if m <= k {
            return try consistencySubproof(m: m, start: start, count: k, complete: complete) + [try subtreeHash(start: start + k, count: n - k)]
        }
        return try consistencySubproof(m: m - k, start: start + k, count: n - k, complete: false) + [try subtreeHash(start: start, count: k)]
    }
}

/// The right edge of the tree: the roots of the perfect subtrees that make up the current size,
/// tallest first. Appending a leaf merges equal-height subtrees, which yields exactly the new
/// interior nodes to store.
struct Frontier: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var level: Int
        var hash: Hash
    }
    var entries: [Entry] = []
    var size: UInt64 = 0

    /// Adds a leaf; returns the nodes completed (level ≥ 0, with their index), leaf first.
    mutating func append(leaf: Hash) -> [(level: Int, index: UInt64, hash: Hash)] {
        let leafIndex = size
        var completed: [(level: Int, index: UInt64, hash: Hash)] = [(0, leafIndex, leaf)]
        var node = leaf
        var level = 0
        while let last = entries.last, last.level == level {
            entries.removeLast()
            node = Merkle.nodeHash(last.hash, node)
            level += 1
            completed.append((level, leafIndex >> UInt64(level), node))
        }
        entries.append(Entry(level: level, hash: node))
        size += 1
        return completed
    }

    var root: Hash {
        guard var r = entries.last?.hash else { return Merkle.emptyRoot }
        for e in entries.dropLast().reversed() { r = Merkle.nodeHash(e.hash, r) }
        return r
    }
}

extension Merkle {
    /// Plain SHA-256 of `data` in lower-case hex (file digests in manifests).
    public static func sha256Hex(_ data: some DataProtocol) -> String {
        hexString(SHA256.hash(data: data))
    }
}
