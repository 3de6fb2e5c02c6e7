import Casework
import Foundation
import LedgerStore
import StoredCoding
import Testing
@testable import CasebookCore
@testable import Registers

/// Every register row the scenario produces survives the binary store unchanged, and the JSONValue
/// encoder gives the JSON Foundation's encoder gives for it (what register output is built from).
@Suite("Register rows in the stored encodings")
struct StoredRowCodingTests {
    static func foundationJSON<T: Encodable>(_ value: T) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try JSONValue.parse(Array(try encoder.encode(value)))
    }

    /// Round-trips each row, returning how many there were.
    @discardableResult
    static func check<Row: Codable & Equatable>(_ rows: [Row]) throws -> Int {
        for row in rows {
            let stored = try BinaryStore.encode(row, version: 1)
            #expect(try BinaryStore.decode(Row.self, from: stored, version: 1) == row)
            #expect(try BinaryStore.encode(row, version: 1) == stored, "the encoding is deterministic")
            let json = try foundationJSON(row)
            #expect(try JSONValueEncoder().encode(row) == json)
            #expect(try JSONValueDecoder().decode(Row.self, from: json) == row)
        }
        return rows.count
    }

    @Test func everyRowOfTheScenarioRoundTrips() throws {
        try withTemporaryDirectory { dir in
            let built = try Scenario.build(in: dir)
            for asOf in [AsOf.latest, .endOfDay(day("2025-03-31")), .endOfDay(day("2025-06-30"))] {
                let s = try built.ledger.snapshot(asOf)
                try Self.check(s.foi)
                try Self.check(s.sar)
                try Self.check(s.breach)
                try Self.check(s.nearMiss)
                try Self.check(s.disclosure)
            }
            let s = try built.ledger.snapshot()
            #expect(!s.foi.isEmpty && !s.sar.isEmpty && !s.breach.isEmpty && !s.nearMiss.isEmpty && !s.disclosure.isEmpty)
            // Sealed personal values (JSON objects inside rows) come back whole.
            #expect(s.sar.contains { row in (try? JSONValueEncoder().encode(row))?.canonicalString.contains("$sealed") == true })
        }
    }

    @Test func randomHistoriesRowsRoundTrip() throws {
        // Rows in states the hand-built scenario does not reach: a seeded random history.
        try withTemporaryDirectory { dir in
            let ledger = try TestLedger(directory: dir)
            var rng = SplitMix64(seed: 0x0057_0AED)
            var recorded = ts("2025-01-06T09:00:00Z")
            var opened: [String] = []
            for n in 1...30 {
                let reference = "FOI-2025-\(String(format: "%04d", n))"
                let received = RequestReceived(channel: .email, receivedAt: recorded, regime: [.foia, .foisa].randomElement(using: &rng)!,
                                               requester: Requester(name: "R \(n)"), requesterType: .individual, summary: "Summary \(n)",
                                               service: Bool.random(using: &rng) ? "Transport" : nil)
                try ledger.append(reference, received, occurred: recorded, recorded: recorded)
                opened.append(reference)
                recorded = Timestamp(milliseconds: recorded.milliseconds + 3_600_000 * Int64.random(in: 1...30, using: &rng))
                let steps: [any EventPayload] = [
                    RequestAcknowledged(acknowledgedAt: recorded),
                    ExemptionApplied(section: "43(2)", exemptionClass: .qualified, reason: "Commercial"),
                    ResponseSent(outcome: .grantedInFull, signedOffBy: "p.dand", sentAt: recorded),
                    NoteAdded(text: "Note \(n)"),
                ]
                for step in steps.prefix(Int.random(in: 0...steps.count, using: &rng))
                    where ledger.accepts(reference, step, occurred: recorded, recorded: recorded) {
                    try ledger.append(reference, step, occurred: recorded, recorded: recorded)
                }
            }
            let s = try ledger.snapshot()
            #expect(try Self.check(s.foi) == opened.count)
        }
    }

    @Test func registerOutputJSONIsUnchanged() throws {
        try withTemporaryDirectory { dir in
            let s = try Scenario.build(in: dir).ledger.snapshot()
            let due = s.dueList(within: 60, today: Scenario.today)
            #expect(try JSONValueEncoder().encode(due) == Self.foundationJSON(due))
            let report = ComplianceReport(period: ReportPeriod("2025")!, snapshot: s, today: Scenario.today)
            #expect(try JSONValueEncoder().encode(report) == Self.foundationJSON(report))
        }
    }

    @Test func storedRowsAreInTheBinaryStore() throws {
        try withTemporaryDirectory { dir in
            let built = try Scenario.build(in: dir)
            try built.ledger.ledger.read { log in
                for name in RegisterName.allCases {
                    try log.transaction.scan(log.transaction.database(name.rowsTable)) { _, value in
                        #expect(value.first == BinaryStore.magic, "\(name)")
                        #expect(value.count > 1 && value[1] == RowCoding.version)
                        return true
                    }
                }
            }
        }
    }

    /// A row an earlier version stored as JSON is refused with a reason and the way out, and a
    /// rebuild rewrites it.
    @Test func anOldJSONRowSaysToRebuild() throws {
        try withTemporaryDirectory { dir in
            let built = try Scenario.build(in: dir)
            let before = try built.ledger.snapshot()
            let row = try #require(before.foi.first)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let json = Array(try encoder.encode(row))
            try built.ledger.ledger.write { log in
                try log.transaction.put(log.transaction.database(RegisterName.foi.rowsTable), Array(row.reference.utf8), json)
            }
            do {
                _ = try built.ledger.snapshot()
                Issue.record("an old JSON row was read")
            } catch let error as LedgerError {
                #expect(error.code == .versionMismatch)
                #expect(error.message.contains("casebook rebuild"))
                #expect(error.message.contains("JSON"))
                #expect((error.cause as? StoredEncodingError)?.code == .olderEncoding)
            }
            // Damage (not an older encoding) is reported as such.
            try built.ledger.ledger.write { log in
                try log.transaction.put(log.transaction.database(RegisterName.foi.rowsTable), Array(row.reference.utf8),
                                        [BinaryStore.magic, RowCoding.version, 0x08, 0x05])
            }
            #expect {
                _ = try built.ledger.snapshot()
            } throws: { error in
                (error as? LedgerError)?.code == .corrupted && (error as? LedgerError)?.message.contains("casebook rebuild") == true
            }
            try built.ledger.ledger.rebuild(hooks: RegisterSet.allHooks())
            #expect(try built.ledger.snapshot() == before)
        }
    }

    /// Encode + decode of one typical FOI row: Foundation's JSON coders against the binary store,
    /// in this process. A measurement, printed, not a timed test: nothing is asserted about time.
    /// (In a debug build the binary store is compiled without optimisation and Foundation with it,
    /// so the ratio here understates the gain.)
    @Test func measureFOIRowEncodeAndDecode() throws {
        try withTemporaryDirectory { dir in
            let s = try Scenario.build(in: dir).ledger.snapshot()
            // The fullest row: the one whose JSON is longest.
            let row = try #require(s.foi.max { a, b in
                ((try? Self.foundationJSON(a).canonicalBytes().count) ?? 0) < ((try? Self.foundationJSON(b).canonicalBytes().count) ?? 0)
            })
            let iterations = 2000
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let decoder = JSONDecoder()
            let json = try Self.measure(iterations) {
                let data = try encoder.encode(row)
                _ = try decoder.decode(FOIRow.self, from: data)
            }
            let binary = try Self.measure(iterations) {
                let bytes = try BinaryStore.encode(row, version: 1)
                _ = try BinaryStore.decode(FOIRow.self, from: bytes, version: 1)
            }
            let data = try encoder.encode(row)
            let stored = try BinaryStore.encode(row, version: 1)
            let jsonDecode = try Self.measure(iterations) { _ = try decoder.decode(FOIRow.self, from: data) }
            let binaryDecode = try Self.measure(iterations) { _ = try BinaryStore.decode(FOIRow.self, from: stored, version: 1) }
            let jsonBytes = data.count
            print("""
                FOIRow (\(jsonBytes) bytes as JSON, \(stored.count) stored): encode+decode \(Self.micro(json, iterations)) µs with JSONEncoder/JSONDecoder, \
                \(Self.micro(binary, iterations)) µs with BinaryStore (\(Self.ratio(json, binary))× faster); \
                decode alone \(Self.micro(jsonDecode, iterations)) µs vs \(Self.micro(binaryDecode, iterations)) µs (\(Self.ratio(jsonDecode, binaryDecode))×)
                """)
        }
    }

    static func measure(_ iterations: Int, _ body: () throws -> Void) rethrows -> Duration {
        for _ in 0..<(iterations / 10) { try body() }  // warm up
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<iterations { try body() }
        return clock.now - start
    }

    static func micro(_ d: Duration, _ iterations: Int) -> String {
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return String(format: "%.1f", seconds * 1e6 / Double(iterations))
    }

    static func ratio(_ a: Duration, _ b: Duration) -> String {
        String(format: "%.2f", (a / b))
    }
}
