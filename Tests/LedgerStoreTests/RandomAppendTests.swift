import Foundation
import Testing
@testable import LedgerStore

/// A log built from a seeded random sequence of batches, with what the test expects of it.
struct RandomLog {
    var drafts: [EventDraft] = []          // in the order they were submitted (= position order)
    var results: [AppendResult] = []
}

/// Appends random batches (sizes 1–20) over a handful of cases until at least `target` events
/// are stored, mixing `appendNow` and `append` and random (correct) expectations, and checks
/// each result against a model as it goes.
func appendRandomBatches(to ledger: Ledger, seed: UInt64, target: Int) async throws -> RandomLog {
    var rng = SplitMix64(seed: seed)
    let cases = ["FOI-2026-0001", "SAR-2026-0002", "BR-2026-0003", "FOI-2026-0004", "NM-2026-0005", "FOI-2026-élan", "SAR-2026-😀"]
    let types = ["RequestReceived", "ClockPaused", "NoteAdded", "ResponseSent", "ICONotified"]
    var versions: [String: UInt64] = [:]
    var log = RandomLog()
    while log.drafts.count < target {
        let n = Int.random(in: 1...20, using: &rng)
        var drafts: [EventDraft] = []
        for i in 0..<n {
            let words = (0..<Int.random(in: 0...4, using: &rng)).map { _ in ["alpha", "β", "\"q\"", "line\nbreak", "tab\t", "€", "𝄞"].randomElement(using: &rng)! }
            drafts.append(draft(
                UUID(using: &rng), case: cases.randomElement(using: &rng)!, type: types.randomElement(using: &rng)!,
                payload: [
                    "seq": .int(Int64(log.drafts.count + i)),
                    "note": .string(words.joined(separator: " ")),
                    "amountPence": .int(Int64.random(in: -1_000_000...1_000_000, using: &rng)),
                    "flags": .array([.bool(rng.next() % 2 == 0), .null]),
                ]))
        }
        var expectations: [String: ExpectedVersion] = [:]
        for stream in Set(drafts.map(\.stream)) {
            switch rng.next() % 3 {
            case 0: break
            case 1: expectations[stream] = .exactly(versions[stream] ?? 0)
            default: expectations[stream] = versions[stream].map { .exactly($0) } ?? .noStream
            }
        }
        let b = AppendBatch(events: drafts, expectations: expectations)
        let results = rng.next() % 2 == 0 ? try ledger.appendNow(b) : try await ledger.append(b)

        try #require(results.count == n)
        for (i, (d, r)) in zip(drafts, results).enumerated() {
            let version = (versions[d.stream] ?? 0) + 1
            versions[d.stream] = version
            #expect(r.position == UInt64(log.drafts.count + i))
            #expect(r.version == version)
            #expect(r.stream == d.stream)
            #expect(r.eventId == d.eventId)
            #expect(!r.duplicate)
        }
        log.drafts += drafts
        log.results += results
    }
    return log
}

@Suite("Seeded random appends")
struct RandomAppendTests {
    @Test("positions are gapless, versions contiguous, stored events round-trip and every root matches a from-scratch MTH",
          arguments: [UInt64(0x5EED_0001), 0x5EED_0002, 0xC0FF_EE00_D00D])
    func rootsMatchReference(seed: UInt64) async throws {
        try await withTemporaryLedger { dir in
            var leaves: [[UInt8]] = []
            do {
                let ledger = try makeLedger(at: dir)
                let model = try await appendRandomBatches(to: ledger, seed: seed, target: 300)
                let events = try ledger.allEvents()
                let n = UInt64(events.count)

                #expect(events.count == model.drafts.count)
                #expect(try ledger.size() == n)
                expectGaplessAndContiguous(events)
                for (e, d) in zip(events, model.drafts) {
                    #expect(e.envelope.draft == d, "position \(e.position) does not hold the submitted draft")
                    #expect(e.envelope.recordedAt == fixedNow)
                    #expect(e.bytes == e.envelope.storedBytes(), "position \(e.position) is not stored canonically")
                }

                leaves = events.map { ReferenceMerkle.leaf($0.bytes) }
                let roots = ReferenceMerkle.allRoots(leaves)
                try ledger.read { log throws in
                    for (i, leaf) in leaves.enumerated() {
                        #expect(try log.leafHash(at: UInt64(i)).bytes == leaf, "stored leaf hash at \(i)")
                    }
                    var mismatched: [UInt64] = []
                    for size in 0...n where try log.root(size: size).bytes != roots[Int(size)] { mismatched.append(size) }
                    #expect(mismatched.isEmpty, "root(size:) differs from the reference MTH at sizes \(mismatched.prefix(10))")
                    #expect(throws: LedgerError.self) { try log.root(size: n + 1) }
                }

                ledger.close()
            }

            // Reopened, the ledger has the same tree and extends it (the frontier is reloaded).
            let reopened = try Ledger.open(at: dir, options: .testing())
            #expect(try reopened.read { try $0.root(size: $0.size()) }.bytes == ReferenceMerkle.root(leaves[...]))
            _ = try reopened.appendNow(batch(draft(UUID(0xFFFF_FFFF), case: "FOI-2026-0001")))
            let all = try reopened.allEvents()
            expectGaplessAndContiguous(all)
            leaves.append(ReferenceMerkle.leaf(all.last!.bytes))
            #expect(try reopened.read { try $0.root(size: $0.size()) }.bytes == ReferenceMerkle.root(leaves[...]))
            #expect(try reopened.verify().ok)
        }
    }

    /// A share of the all-pairs proof check; the shares run in parallel.
    enum ProofShare: Sendable, CustomTestStringConvertible {
        case inclusion(ClosedRange<UInt64>)
        case consistency(ClosedRange<UInt64>)
        var testDescription: String {
            switch self {
            case .inclusion(let r): "inclusion proofs, tree sizes \(r)"
            case .consistency(let r): "consistency proofs, second sizes \(r)"
            }
        }
    }

    /// Every proof in the share is checked against the reference roots and verified by the
    /// reference verifier and by `Merkle.verify*`. Then bits are flipped: in trees of up to
    /// 32 leaves one random bit of *every* proof element, the leaf and both roots; in larger
    /// trees one random path element and one of leaf/root per proof (the reference verifier),
    /// and one random element or root per proof (`Merkle.verify*`). Each flip must be rejected.
    @Test("every inclusion and consistency proof up to size 256 verifies independently, and one-bit changes do not",
          arguments: [ProofShare.inclusion(1...181), .inclusion(182...256), .consistency(0...181), .consistency(182...256)])
    func proofsVerifyAndBitFlipsFail(share: ProofShare) async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            _ = try await appendRandomBatches(to: ledger, seed: 0xB17_F11B, target: 256)
            let leaves = try ledger.allEvents().map { ReferenceMerkle.leaf($0.bytes) }
            let roots = ReferenceMerkle.allRoots(Array(leaves.prefix(256)))
            let (failures, checked, flips) = try await onOwnThread { () throws -> ([String], Int, Int) in
                var rng = SplitMix64(seed: 42)
                var failures: [String] = []
                var checked = 0
                var flips = 0
                func fail(_ what: String) { if failures.count < 20 { failures.append(what) } }
                func bit() -> Int { Int.random(in: 0..<256, using: &rng) }
                var exhaustive = false

                /// The one-bit variants of a proof to try: (what, which verifier(s), path, a, b) where
                /// a/b are leaf/root or first/second root.
                func variants(path: [[UInt8]], _ a: [UInt8], _ b: [UInt8], aName: String, bName: String, flipA: Bool)
                    -> [(what: String, library: Bool, path: [[UInt8]], a: [UInt8], b: [UInt8])] {
                    var out: [(String, Bool, [[UInt8]], [UInt8], [UInt8])] = []
                    func flipped(_ j: Int) -> [[UInt8]] { var p = path; p[j] = p[j].flippingBit(bit()); return p }
                    if exhaustive {
                        for j in path.indices { out.append(("path[\(j)]", true, flipped(j), a, b)) }
                        if flipA { out.append((aName, true, path, a.flippingBit(bit()), b)) }
                        out.append((bName, true, path, a, b.flippingBit(bit())))
                        return out
                    }
                    if !path.isEmpty {
                        let j = Int.random(in: path.indices, using: &rng)
                        out.append(("path[\(j)]", true, flipped(j), a, b))
                    }
                    if flipA && rng.next() % 2 == 0 {
                        out.append((aName, path.isEmpty, path, a.flippingBit(bit()), b))
                    } else {
                        out.append((bName, path.isEmpty, path, a, b.flippingBit(bit())))
                    }
                    return out
                }

                try ledger.read { log throws in
                    switch share {
                    case .inclusion(let sizes):
                        for size in sizes {
                            exhaustive = size <= 32
                            let root = roots[Int(size)]
                            for index in 0..<size {
                                let proof = try log.inclusionProof(index: index, size: size)
                                let leaf = leaves[Int(index)]
                                let path = proof.path.map(\.bytes)
                                checked += 1
                                if proof.leafHash.bytes != leaf || proof.root.bytes != root {
                                    fail("inclusion(\(index), \(size)): proof carries the wrong leaf or root")
                                }
                                if !ReferenceMerkle.verifyInclusion(index: index, size: size, leaf: leaf, path: path, root: root) {
                                    fail("inclusion(\(index), \(size)): the reference verifier rejects the proof")
                                }
                                if !proof.verify() { fail("inclusion(\(index), \(size)): Merkle.verifyInclusion rejects the proof") }
                                for v in variants(path: path, leaf, root, aName: "leaf", bName: "root", flipA: true) {
                                    flips += 1
                                    if ReferenceMerkle.verifyInclusion(index: index, size: size, leaf: v.a, path: v.path, root: v.b) {
                                        fail("inclusion(\(index), \(size)): the reference verifier accepts a flipped \(v.what)")
                                    }
                                    if v.library, Merkle.verifyInclusion(index: index, size: size, leaf: Hash(bytes: v.a), proof: v.path.map(Hash.init(bytes:)), root: Hash(bytes: v.b)) {
                                        fail("inclusion(\(index), \(size)): Merkle.verifyInclusion accepts a flipped \(v.what)")
                                    }
                                }
                            }
                        }
                    case .consistency(let sizes):
                        for second in sizes {
                            exhaustive = second <= 32
                            let secondRoot = roots[Int(second)]
                            for first in 0...second {
                                let firstRoot = roots[Int(first)]
                                let proof = try log.consistencyProof(from: first, to: second)
                                let path = proof.path.map(\.bytes)
                                checked += 1
                                if proof.fromRoot.bytes != firstRoot || proof.toRoot.bytes != secondRoot {
                                    fail("consistency(\(first), \(second)): proof carries the wrong roots")
                                }
                                if !ReferenceMerkle.verifyConsistency(first: first, second: second, firstRoot: firstRoot, secondRoot: secondRoot, path: path) {
                                    fail("consistency(\(first), \(second)): the reference verifier rejects the proof")
                                }
                                if !proof.verify() { fail("consistency(\(first), \(second)): Merkle.verifyConsistency rejects the proof") }
                                if first == 0 { continue }  // the empty tree is a prefix of every tree: nothing to flip
                                for v in variants(path: path, firstRoot, secondRoot, aName: "first root", bName: "second root", flipA: true) {
                                    flips += 1
                                    if ReferenceMerkle.verifyConsistency(first: first, second: second, firstRoot: v.a, secondRoot: v.b, path: v.path) {
                                        fail("consistency(\(first), \(second)): the reference verifier accepts a flipped \(v.what)")
                                    }
                                    if v.library, Merkle.verifyConsistency(from: first, to: second, firstRoot: Hash(bytes: v.a), secondRoot: Hash(bytes: v.b), proof: v.path.map(Hash.init(bytes:))) {
                                        fail("consistency(\(first), \(second)): Merkle.verifyConsistency accepts a flipped \(v.what)")
                                    }
                                }
                            }
                        }
                    }
                }
                return (failures, checked, flips)
            }
            switch share {
            case .inclusion(let r): #expect(checked == r.reduce(0) { $0 + Int($1) })
            case .consistency(let r): #expect(checked == r.reduce(0) { $0 + Int($1) + 1 })
            }
            #expect(flips >= checked - 256)
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    @Test("proofs for trees the log does not have yet are refused")
    func proofsBeyondTheLog() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            _ = try ledger.appendNow(batch(draft(UUID(1), case: "FOI-1"), draft(UUID(2), case: "FOI-1")))
            try ledger.read { log throws in
                #expect(throws: LedgerError.self) { try log.inclusionProof(index: 0, size: 3) }
                #expect(throws: LedgerError.self) { try log.inclusionProof(index: 2, size: 2) }
                #expect(throws: LedgerError.self) { try log.consistencyProof(from: 1, to: 3) }
                #expect(throws: LedgerError.self) { try log.consistencyProof(from: 2, to: 1) }
                #expect(try log.root(size: 0) == Merkle.emptyRoot)
                #expect(Merkle.emptyRoot.bytes == ReferenceMerkle.sha256([]))
            }
        }
    }
}
