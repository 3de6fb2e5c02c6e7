import Crypto

/// An independent RFC 6962 / RFC 9162 implementation written for the tests, using swift-crypto's
/// SHA256 directly and plain byte arrays, so that a bug in `Merkle` cannot hide itself by
/// agreeing with its own checks.
enum ReferenceMerkle {
    typealias Digest = [UInt8]

    static func sha256(_ data: [UInt8]) -> Digest {
        SHA256.hash(data: data).withUnsafeBytes { Array($0) }
    }

    /// SHA-256(0x00 ‖ data)
    static func leaf(_ data: [UInt8]) -> Digest { sha256([0x00] + data) }

    /// SHA-256(0x01 ‖ left ‖ right)
    static func node(_ left: Digest, _ right: Digest) -> Digest {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(65)
        buffer.append(0x01)
        buffer.append(contentsOf: left)
        buffer.append(contentsOf: right)
        return sha256(buffer)
    }

    /// MTH(D[n]) over leaf hashes (RFC 6962 §2.1): SHA-256() for n = 0, the leaf for n = 1, else
    /// split at the largest power of two smaller than n.
    static func root(_ leaves: ArraySlice<Digest>) -> Digest {
        switch leaves.count {
        case 0: return sha256([])
        case 1: return leaves.first!
        default:
            var k = 1
            while k * 2 < leaves.count { k *= 2 }
            let mid = leaves.startIndex + k
            return node(root(leaves[..<mid]), root(leaves[mid...]))
        }
    }

    /// The roots of every prefix D[0..<n] for n in 0...leaves.count, computed from the
    /// definition (each one from scratch).
    static func allRoots(_ leaves: [Digest]) -> [Digest] {
        (0...leaves.count).map { root(leaves[0..<$0]) }
    }

    /// RFC 9162 §2.1.3.2: verifying an inclusion proof.
    static func verifyInclusion(index: UInt64, size: UInt64, leaf: Digest, path: [Digest], root: Digest) -> Bool {
        if index >= size { return false }
        var fn = index
        var sn = size - 1
        var r = leaf
        for p in path {
            if sn == 0 { return false }
            if fn % 2 == 1 || fn == sn {
                r = node(p, r)
                if fn % 2 == 0 {
                    repeat {
                        fn /= 2
                        sn /= 2
                    } while fn % 2 == 0 && fn != 0
                }
            } else {
                r = node(r, p)
            }
            fn /= 2
            sn /= 2
        }
        return sn == 0 && r == root
    }

    /// RFC 9162 §2.1.4.2: verifying a consistency proof between sizes `first` ≤ `second`.
    static func verifyConsistency(first: UInt64, second: UInt64, firstRoot: Digest, secondRoot: Digest, path proof: [Digest]) -> Bool {
        if first > second { return false }
        if first == second { return proof.isEmpty && firstRoot == secondRoot }
        if first == 0 { return proof.isEmpty }  // the empty tree is a prefix of every tree
        // Step 1: a non-trivial proof is never empty.
        if proof.isEmpty { return false }
        // Step 2: when `first` is a power of two its root is the proof's implicit first node.
        var path = proof
        if first & (first - 1) == 0 { path = [firstRoot] + path }
        // Steps 3–4.
        var fn = first - 1
        var sn = second - 1
        while fn % 2 == 1 {
            fn /= 2
            sn /= 2
        }
        // Steps 5–6.
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn % 2 == 1 || fn == sn {
                fr = node(c, fr)
                sr = node(c, sr)
                if fn % 2 == 0 {
                    repeat {
                        fn /= 2
                        sn /= 2
                    } while fn % 2 == 0 && fn != 0
                }
            } else {
                sr = node(sr, c)
            }
            fn /= 2
            sn /= 2
        }
        // Step 7.
        return fr == firstRoot && sr == secondRoot && sn == 0
    }
}

extension Array where Element == UInt8 {
    /// A copy with bit `bit` (0 = least significant bit of the first byte) inverted.
    func flippingBit(_ bit: Int) -> [UInt8] {
        var copy = self
        copy[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
        return copy
    }
}
