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
                try ledger.read { log in
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

    @Test("every inclusion and consistency proof up to size 256 verifies independently, and no one-bit change does")
    func proofsVerifyAndBitFlipsFail() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            _ = try await appendRandomBatches(to: ledger, seed: 0xB17_F11B, target: 256)
            let leaves = try ledger.allEvents().map { ReferenceMerkle.leaf($0.bytes) }
            let roots = ReferenceMerkle.allRoots(Array(leaves.prefix(256)))
            var rng = SplitMix64(seed: 42)
            var failures: [String] = []
            var checkedInclusion = 0
            var checkedConsistency = 0
            var flips = 0

            func fail(_ what: String) { if failures.count < 20 { failures.append(what) } }

            try ledger.read { log in
                for size in UInt64(1)...256 {
                    let root = roots[Int(size)]
                    for index in 0..<size {
                        let proof = try log.inclusionProof(index: index, size: size)
                        let leaf = leaves[Int(index)]
                        let path = proof.path.map(\.bytes)
                        checkedInclusion += 1
                        if proof.leafHash.bytes != leaf || proof.root.bytes != root {
                            fail("inclusion(\(index), \(size)): proof carries the wrong leaf or root")
                        }
                        if !ReferenceMerkle.verifyInclusion(index: index, size: size, leaf: leaf, path: path, root: root) {
                            fail("inclusion(\(index), \(size)): the reference verifier rejects the proof")
                        }
                        if !proof.verify() { fail("inclusion(\(index), \(size)): Merkle.verifyInclusion rejects the proof") }

                        // One random bit flipped in each path element, then in the leaf and the root.
                        var variants: [(String, [[UInt8]], [UInt8], [UInt8])] = []
                        for j in path.indices {
                            var p = path
                            p[j] = p[j].flippingBit(Int.random(in: 0..<256, using: &rng))
                            variants.append(("path[\(j)]", p, leaf, root))
                        }
                        variants.append(("leaf", path, leaf.flippingBit(Int.random(in: 0..<256, using: &rng)), root))
                        variants.append(("root", path, leaf, root.flippingBit(Int.random(in: 0..<256, using: &rng))))
                        for (what, p, l, r) in variants {
                            flips += 1
                            if ReferenceMerkle.verifyInclusion(index: index, size: size, leaf: l, path: p, root: r) {
                                fail("inclusion(\(index), \(size)): the reference verifier accepts a flipped \(what)")
                            }
                            if Merkle.verifyInclusion(index: index, size: size, leaf: Hash(bytes: l), proof: p.map(Hash.init(bytes:)), root: Hash(bytes: r)) {
                                fail("inclusion(\(index), \(size)): Merkle.verifyInclusion accepts a flipped \(what)")
                            }
                        }
                    }
                }

                for second in UInt64(0)...256 {
                    let secondRoot = roots[Int(second)]
                    for first in 0...second {
                        let firstRoot = roots[Int(first)]
                        let proof = try log.consistencyProof(from: first, to: second)
                        let path = proof.path.map(\.bytes)
                        checkedConsistency += 1
                        if proof.fromRoot.bytes != firstRoot || proof.toRoot.bytes != secondRoot {
                            fail("consistency(\(first), \(second)): proof carries the wrong roots")
                        }
                        if !ReferenceMerkle.verifyConsistency(first: first, second: second, firstRoot: firstRoot, secondRoot: secondRoot, path: path) {
                            fail("consistency(\(first), \(second)): the reference verifier rejects the proof")
                        }
                        if !proof.verify() { fail("consistency(\(first), \(second)): Merkle.verifyConsistency rejects the proof") }
                        if first == 0 { continue }  // the empty tree is consistent with anything; nothing to flip

                        var variants: [(String, [[UInt8]], [UInt8], [UInt8])] = []
                        for j in path.indices {
                            var p = path
                            p[j] = p[j].flippingBit(Int.random(in: 0..<256, using: &rng))
                            variants.append(("path[\(j)]", p, firstRoot, secondRoot))
                        }
                        variants.append(("first root", path, firstRoot.flippingBit(Int.random(in: 0..<256, using: &rng)), secondRoot))
                        variants.append(("second root", path, firstRoot, secondRoot.flippingBit(Int.random(in: 0..<256, using: &rng))))
                        for (what, p, f, s) in variants {
                            flips += 1
                            if ReferenceMerkle.verifyConsistency(first: first, second: second, firstRoot: f, secondRoot: s, path: p) {
                                fail("consistency(\(first), \(second)): the reference verifier accepts a flipped \(what)")
                            }
                            if Merkle.verifyConsistency(from: first, to: second, firstRoot: Hash(bytes: f), secondRoot: Hash(bytes: s), proof: p.map(Hash.init(bytes:))) {
                                fail("consistency(\(first), \(second)): Merkle.verifyConsistency accepts a flipped \(what)")
                            }
                        }
                    }
                }
            }
            #expect(checkedInclusion == 256 * 257 / 2)
            #expect(checkedConsistency == 257 * 258 / 2)
            #expect(flips > 100_000)
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    @Test("proofs for trees the log does not have yet are refused")
    func proofsBeyondTheLog() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            _ = try ledger.appendNow(batch(draft(UUID(1), case: "FOI-1"), draft(UUID(2), case: "FOI-1")))
            try ledger.read { log in
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
