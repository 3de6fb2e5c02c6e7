import Foundation
import Testing
@testable import LedgerStore

@Suite("Map growth")
struct MapGrowthTests {
    @Test("a ledger opened with a tiny map takes 100 000 events by growing it", .timeLimit(.minutes(5)))
    func appendsGrowTheMap() async throws {
        try await withTemporaryLedger { dir in
            let tiny = 64 << 10  // 64 KiB: LMDB accepts it (16 pages) and fills it almost at once
            let ledger = try makeLedger(at: dir, mapSize: tiny)
            #expect(ledger.environment.mapSize == tiny)

            let total = 100_000
            let perBatch = 1000
            let misplaced = try await onOwnThread { () throws -> [Int] in
                var rng = SplitMix64(seed: 0x6A0F)
                var misplaced: [Int] = []  // batches whose results were not the next positions in order
                for start in stride(from: 0, to: total, by: perBatch) {
                    let drafts = (start..<start + perBatch).map { i in
                        draft(UUID(using: &rng), case: "CASE-\(i % 97)", payload: ["i": .int(Int64(i))])
                    }
                    let results = try ledger.appendNow(AppendBatch(events: drafts))
                    if results.map(\.position) != (UInt64(start)..<UInt64(start + perBatch)).map({ $0 }) { misplaced.append(start) }
                }
                return misplaced
            }
            #expect(misplaced.isEmpty, "batches starting at \(misplaced.prefix(5)) were not stored in order")
            #expect(try ledger.size() == UInt64(total))
            #expect(ledger.environment.mapSize > tiny)

            let report = try await onOwnThread { try ledger.verify() }
            #expect(report.ok, "\(report.failure?.message ?? "")")
            #expect(report.size == UInt64(total))
            #expect(try ledger.read { log in try log.head(of: "CASE-0")?.version } == UInt64((total + 96) / 97))
        }
    }
}
