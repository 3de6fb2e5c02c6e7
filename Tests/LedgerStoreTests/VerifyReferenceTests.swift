import Foundation
import Testing
@testable import LedgerStore

/// Seeded random damage: after each, `verify` must report exactly what the single-pass reference
/// reports (first problem, position, message, root).
@Suite("Verification agrees with the single-pass reference on random damage")
struct VerifyReferenceTests {
    /// Changes made in one write transaction, recorded so that they can be undone.
    struct Changes {
        var entries: [(db: Database, key: [UInt8], old: [UInt8]?)] = []

        mutating func set(_ txn: Transaction, _ db: Database, _ key: [UInt8], _ value: [UInt8]?) throws {
            entries.append((db, key, try txn.get(db, key)))
            if let value { try txn.put(db, key, value) } else { _ = try txn.delete(db, key) }
        }

        func undo(_ txn: Transaction) throws {
            for (db, key, old) in entries.reversed() {
                if let old { try txn.put(db, key, old) } else { _ = try txn.delete(db, key) }
            }
        }
    }

    static let cases = ["FOI-2026-0001", "FOI-2026-0002", "SAR-2026-Zoë", "BREACH-\"7\"", "EIR-2026-0009", "NM-1", "NM-2"]

    @Test("random damage to events, indexes, tree and checkpoints is reported as the reference reports it", arguments: [1 as UInt64, 2, 3])
    func randomDamage(seed: UInt64) async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            var rng = SplitMix64(seed: seed)
            var drafts: [EventDraft] = []
            for i in 0..<60 {
                var payload: JSONObject = ["n": .int(Int64(rng.next() % 2000) - 1000), "note": .string("é \"\(i)\"\n\u{7}")]
                if i % 7 == 0 { payload["list"] = .array([.bool(true), .null, .object(["k": .string("✓")])]) }
                var d = draft(UUID(using: &rng), case: Self.cases[Int(rng.next() % UInt64(Self.cases.count))], payload: payload)
                if i % 3 == 0 { d.causationId = UUID(using: &rng) }
                drafts.append(d)
            }
            for chunk in stride(from: 0, to: 40, by: 5) { _ = try ledger.appendNow(AppendBatch(events: Array(drafts[chunk..<(chunk + 5)]))) }
            _ = try ledger.checkpoint()
            for chunk in stride(from: 40, to: 60, by: 5) { _ = try ledger.appendNow(AppendBatch(events: Array(drafts[chunk..<(chunk + 5)]))) }
            _ = try ledger.checkpoint()
            try #require(try ledger.verify().ok)

            var kinds: [Int: Int] = [:]
            for trial in 0..<120 {
                var changes = Changes()
                try ledger.write { log in
                    let kind = Int(rng.next() % 21)
                    kinds[kind, default: 0] += 1
                    if kind == 20 {  // two at once
                        try damage(Int(rng.next() % 20), log.transaction, ledger.dbs, &changes, &rng)
                        try damage(Int(rng.next() % 20), log.transaction, ledger.dbs, &changes, &rng)
                    } else {
                        try damage(kind, log.transaction, ledger.dbs, &changes, &rng)
                    }
                }
                let report = try ledger.verify()
                let reference = try ledger.referenceVerify()
                expectSame(report, reference)
                if report.failure?.message != reference.failure?.message { Issue.record("trial \(trial) with seed \(seed)") }
                try ledger.write { log in try changes.undo(log.transaction) }
            }
            #expect(kinds.count == 21, "every kind of damage was tried: \(kinds.keys.sorted())")
            #expect(try ledger.verify().ok)
            ledger.close()
        }
    }

    /// Applies one kind of damage (0..<20) at a random place; none when the place is already
    /// gone or undecodable (the second of two damages at once).
    func damage(_ kind: Int, _ txn: Transaction, _ dbs: LogDatabases, _ changes: inout Changes, _ rng: inout SplitMix64) throws {
        let size = UInt64(bigEndianBytes: try #require(try txn.lastKey(dbs.events))) + 1
        let p = rng.next() % size
        let key = p.bigEndianBytes
        guard let bytes = try txn.get(dbs.events, key), let envelope = try? EventEnvelope(storedBytes: bytes) else { return }
        let offset = Int(rng.next() % UInt64(bytes.count))
        func randomEntry(_ db: Database) throws -> [UInt8] {
            var keys: [[UInt8]] = []
            try txn.scan(db) { k, _ in keys.append(Array(k)); return true }
            return keys[Int(rng.next() % UInt64(keys.count))]
        }
        switch kind {
        case 0:  // a flipped bit, seen by the leaf hash
            var b = bytes
            b[offset] ^= UInt8(1 << (rng.next() % 8))
            try changes.set(txn, dbs.events, key, b)
        case 1, 2, 3, 4:  // a byte changed, inserted or removed behind a recomputed tree
            var b = bytes
            let byte = UInt8(truncatingIfNeeded: rng.next())
            switch kind {
            case 1: b[offset] ^= UInt8(1 << (rng.next() % 8))
            case 2: b[offset] = [UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "0"), 0x80, 0xC3, byte][Int(rng.next() % 7)]
            case 3: b.insert(byte, at: offset)
            default: b.remove(at: offset)
            }
            try changes.set(txn, dbs.events, key, b)
            try rewriteTree(txn, dbs, &changes)
        case 5: try changes.set(txn, dbs.eventIds, uuidBytes(envelope.eventId), nil)
        case 6: try changes.set(txn, dbs.eventIds, uuidBytes(envelope.eventId), (rng.next() % (size + 2)).bigEndianBytes)
        case 7: try changes.set(txn, dbs.eventIds, uuidBytes(UUID(using: &rng)), (rng.next() % size).bigEndianBytes)
        case 8: try changes.set(txn, dbs.caseVersions, caseVersionKey(envelope.stream, envelope.version), nil)
        case 9: try changes.set(txn, dbs.caseVersions, caseVersionKey(envelope.stream, envelope.version), (rng.next() % (size + 2)).bigEndianBytes)
        case 10:
            let stream = Self.cases[Int(rng.next() % UInt64(Self.cases.count))]
            try changes.set(txn, dbs.caseVersions, caseVersionKey(stream, rng.next() % 30), (rng.next() % size).bigEndianBytes)
        case 11:
            let k = try randomEntry(dbs.caseHeads)
            var head = try #require(try txn.get(dbs.caseHeads, k))
            head[7] ^= 1
            try changes.set(txn, dbs.caseHeads, k, head)
        case 12: try changes.set(txn, dbs.caseHeads, try randomEntry(dbs.caseHeads), nil)
        case 13: try changes.set(txn, dbs.caseHeads, Array("NEW-\(rng.next() % 100)".utf8), (UInt64(1).bigEndianBytes + key))
        case 14:
            let k = try randomEntry(dbs.tree)
            var node = try #require(try txn.get(dbs.tree, k))
            node[Int(rng.next() % 32)] ^= 0x10
            try changes.set(txn, dbs.tree, k, node)
        case 15: try changes.set(txn, dbs.tree, try randomEntry(dbs.tree), nil)
        case 16: try changes.set(txn, dbs.tree, treeKey(level: 0, index: size + rng.next() % 3), [UInt8](repeating: 0, count: 32))
        case 17: try changes.set(txn, dbs.events, key, nil)
        case 18:  // a re-encoded event saying something else, behind a recomputed tree
            var e = envelope
            switch rng.next() % 4 {
            case 0: e.position = rng.next() % (size + 1)
            case 1: e.version = rng.next() % 10
            case 2: e.draft.stream = Self.cases[Int(rng.next() % UInt64(Self.cases.count))]
            default: e.draft.eventId = UUID(using: &rng)
            }
            try changes.set(txn, dbs.events, key, e.storedBytes())
            try rewriteTree(txn, dbs, &changes)
        default:  // 19: the latest checkpoint altered
            let k = try #require(try txn.lastKey(dbs.checkpoints))
            var note = try #require(try txn.get(dbs.checkpoints, k))
            note[Int(rng.next() % UInt64(note.count))] ^= 0x02
            try changes.set(txn, dbs.checkpoints, k, note)
        }
    }

    /// Recomputes the stored tree from the stored events, recording each node it changes.
    func rewriteTree(_ txn: Transaction, _ dbs: LogDatabases, _ changes: inout Changes) throws {
        var wanted: [[UInt8]: [UInt8]] = [:]
        var frontier = Frontier()
        var leaves: [Hash] = []
        try txn.scan(dbs.events) { _, v in leaves.append(Merkle.leafHash(v)); return true }
        for leaf in leaves {
            for node in frontier.append(leaf: leaf) { wanted[treeKey(level: node.level, index: node.index)] = node.hash.bytes }
        }
        var existing: [[UInt8]: [UInt8]] = [:]
        try txn.scan(dbs.tree) { k, v in existing[Array(k)] = Array(v); return true }
        for (k, v) in wanted where existing[k] != v { try changes.set(txn, dbs.tree, k, v) }
        for k in existing.keys where wanted[k] == nil { try changes.set(txn, dbs.tree, k, nil) }
    }
}
