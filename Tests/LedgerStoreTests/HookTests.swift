import Foundation
import Testing
@testable import LedgerStore

/// Counts events per type and per case in its own database, and checks it sees positions in order.
struct CountingHook: LedgerHook {
    static let databaseName = "test.counts"
    var databaseNames: [String] { [Self.databaseName] }

    func process(_ event: StoredEvent, in log: LogView) throws {
        let txn = log.transaction
        let db = txn.database(Self.databaseName)
        let next = try txn.get(db, Array("~next".utf8)).map { UInt64(bigEndianBytes: $0) } ?? 0
        guard next == event.position else {
            throw LedgerError(.refused, "the counting hook saw position \(event.position) when it expected \(next)")
        }
        try txn.put(db, Array("~next".utf8), (event.position + 1).bigEndianBytes)
        for key in ["type:" + event.envelope.type, "case:" + event.envelope.stream] {
            let k = Array(key.utf8)
            let count = try txn.get(db, k).map { UInt64(bigEndianBytes: $0) } ?? 0
            try txn.put(db, k, (count + 1).bigEndianBytes)
        }
    }

    /// The whole table, decoded.
    static func contents(of ledger: Ledger) throws -> [String: UInt64] {
        try ledger.read { log throws in
            var out: [String: UInt64] = [:]
            try log.transaction.scan(log.transaction.database(databaseName)) { k, v in
                out[String(decoding: k, as: UTF8.self)] = UInt64(bigEndianBytes: v)
                return true
            }
            return out
        }
    }

    /// What the table should hold for `events`, computed directly.
    static func expected(for events: [StoredEvent]) -> [String: UInt64] {
        var out: [String: UInt64] = events.isEmpty ? [:] : ["~next": UInt64(events.count)]
        for e in events {
            out["type:" + e.envelope.type, default: 0] += 1
            out["case:" + e.envelope.stream, default: 0] += 1
        }
        return out
    }
}

@Suite("Hooks and rebuild")
struct HookTests {
    @Test("a hook's table is maintained inline, rolled back with a refused batch, and rebuilt identically")
    func rebuildMatchesInline() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir, hooks: [CountingHook(), RefusingHook()])
            _ = try await appendRandomBatches(to: ledger, seed: 0x400C, target: 150)
            let inline = try CountingHook.contents(of: ledger)
            #expect(inline == CountingHook.expected(for: try ledger.allEvents()))
            #expect(inline["~next"] == (try ledger.size()))

            // A refused batch leaves the hook's table as it was (its updates are rolled back).
            await expectLedgerError(.refused) {
                try ledger.appendNow(batch(draft(UUID(1), case: "X"), draft(UUID(2), case: "X", payload: ["refuse": .bool(true)])))
            }
            #expect(try CountingHook.contents(of: ledger) == inline)

            // Damage the table, then rebuild it from the log in small batches.
            try ledger.write { log throws in
                let db = log.transaction.database(CountingHook.databaseName)
                try log.transaction.put(db, Array("type:Bogus".utf8), UInt64(99).bigEndianBytes)
                try log.transaction.delete(db, Array("~next".utf8))
            }
            #expect(try CountingHook.contents(of: ledger) != inline)
            var progress: [(UInt64, UInt64)] = []
            try ledger.rebuild(hooks: [CountingHook()], batchSize: 7) { progress.append(($0, $1)) }
            #expect(try CountingHook.contents(of: ledger) == inline)
            let size = try ledger.size()
            #expect(progress.first.map { $0 == (0, size) } == true)
            #expect(progress.last.map { $0 == (size, size) } == true)
            #expect(zip(progress, progress.dropFirst()).allSatisfy { $0.0 < $1.0 })

            // The ledger keeps appending through the hook after a rebuild.
            _ = try ledger.appendNow(batch(draft(UUID(3), case: "X")))
            #expect(try CountingHook.contents(of: ledger) == CountingHook.expected(for: try ledger.allEvents()))
        }
    }

    @Test("a projection added later and rebuilt equals one maintained inline on the same events")
    func projectionAddedLater() async throws {
        try await withTemporaryLedger { inlineDir in
            try await withTemporaryLedger { laterDir in
                let inline = try makeLedger(at: inlineDir, hooks: [CountingHook()])
                _ = try await appendRandomBatches(to: inline, seed: 0x1A7E, target: 120)

                do {
                    let plain = try makeLedger(at: laterDir)
                    _ = try await appendRandomBatches(to: plain, seed: 0x1A7E, target: 120)
                }
                let later = try Ledger.open(at: laterDir, options: .testing(hooks: [CountingHook()]))
                #expect(try CountingHook.contents(of: later).isEmpty)
                try later.rebuild(hooks: [CountingHook()])
                #expect(try CountingHook.contents(of: later) == CountingHook.expected(for: try later.allEvents()))
                #expect(try CountingHook.contents(of: later) == CountingHook.contents(of: inline))

                // Same drafts and the same clock give byte-identical logs.
                #expect(try later.read { try $0.root(size: $0.size()) } == inline.read { try $0.root(size: $0.size()) })
            }
        }
    }
}
