import Casework
import CasebookDemo
import Foundation
import LedgerStore
@testable import Registers
import StoredCoding
import Testing
@testable import CasebookCore

/// The derived tables are checked against the log: a stored register row, due step or case state
/// that the log does not produce is found and named (register, case, field); an untouched ledger
/// passes; a table of another version's encoding asks for a rebuild instead.
@Suite("Register check")
struct RegisterCheckTests {
    /// Seed 7: with the third-party requests in the demo mix (2 in 112), seed 5 no longer gives a breach.
    static let demo = DemoGenerator(cases: 120, seed: 7, end: LocalDate(year: 2026, month: 6, day: 30)!)

    /// Replaces one byte of the stored bytes of `reference`'s row in `table` inside `text`.
    static func alterText(_ text: String, ofRowOf reference: String, in table: String, _ casebook: Casebook) throws {
        try casebook.ledger.write { log in
            let db = log.transaction.database(table)
            var bytes = try #require(try log.transaction.get(db, Array(reference.utf8)))
            let needle = Array(text.utf8)
            // The value stored under the key "summary" (keys are stored by name).
            let key = Array("summary".utf8)
            let after = try #require(bytes.indices.first { bytes[$0...].starts(with: key) }, "no summary in the stored row") + key.count
            let at = try #require(bytes.indices.first { $0 >= after && bytes[$0...].starts(with: needle) }, "\(text) is not in the stored row")
            bytes[at] = bytes[at] == UInt8(ascii: "X") ? UInt8(ascii: "Y") : UInt8(ascii: "X")
            try log.transaction.put(db, Array(reference.utf8), bytes)
        }
    }

    /// A breach recorded as a wrongful release of an answered FOI request: an event of one case
    /// that changes another case's row.
    static func linkABreach(_ casebook: Casebook, _ clock: DemoClock) async throws -> String {
        let before = try casebook.ledger.read { try casebook.registerReader.snapshot(in: $0) }
        let report = try #require(demo.events().first { $0.payload is BreachReported })
        let breach = try CaseReference("BR-2026-0999")
        try await casebook.record([CaseEventInput(caseReference: breach, payload: report.payload, occurredAt: Timestamp(report.occurredAt),
                                                  actor: Actor(id: "l.legal", role: "legal"))])
        let request = try #require(before.foi.first { $0.respondedAt != nil })
        let link = try #require(CaseAction.named("link-release", in: .breach))
        _ = try await casebook.perform(CaseCommand(link, reference: breach, fields: RebuildTests.linkFields(to: request.reference), occurredAt: clock.now()),
                                       by: Actor(id: "l.legal", role: "legal"))
        return request.reference
    }

    @Test("an untouched demo ledger with every case kind, voids, corrections and breach links passes")
    func untouchedPasses() async throws {
        try await withTemporaryCasebook("check-ok", demo: Self.demo) { casebook, clock in
            _ = try await Self.linkABreach(casebook, clock!)
            let types = try casebook.ledger.read { log in
                var seen: Set<String> = []
                try log.forEachEvent { e in seen.insert(e.envelope.type); return true }
                return seen
            }
            #expect(types.isSuperset(of: ["Voided", "Corrected", "WrongfulReleaseLinked", "RequestReceived", "SARReceived", "BreachReported", "NearMissReported"]),
                    "\(types.sorted())")
            let linked = try casebook.ledger.read { try RegisterHook<FOIRegister>.rows(in: $0) }.contains { !$0.linkedBreaches.isEmpty }
            #expect(linked)
            let (log, registers) = try casebook.verify()
            #expect(log.ok)
            let report = try #require(registers)
            #expect(report.ok, "\(report.firstDifference?.message ?? report.rebuildNeeded ?? "")")
            #expect(report.cases > 100 && report.rows > report.cases)
            // Small chunks cross every chunk border, and still agree.
            let chunked = try casebook.checkRegisters(casesPerChunk: 3)
            #expect(chunked.ok, "\(chunked.firstDifference?.message ?? "")")
            #expect(chunked.cases == report.cases && chunked.rows == report.rows)
        }
    }

    @Test("one byte of an FOI summary changed in the stored row is found, naming the register, case and field")
    func alteredSummary() async throws {
        try await withTemporaryCasebook("check-summary", demo: Self.demo) { casebook, clock in
            // The linked request's row, whose fold takes an event of another case.
            let linked = try await Self.linkABreach(casebook, clock!)
            let row = try #require(try casebook.ledger.read { try RegisterHook<FOIRegister>.row(linked, in: $0) })
            try Self.alterText(row.summary, ofRowOf: row.reference, in: RegisterName.foi.rowsTable, casebook)
            // The log itself is intact: that check passes, the register check does not.
            let (log, registers) = try casebook.verify()
            #expect(log.ok)
            let report = try #require(registers)
            let first = try #require(report.firstDifference)
            #expect(first.register == .foi)
            #expect(first.reference == row.reference)
            #expect(first.field == "summary")
            #expect(first.message.contains("the FOI register") && first.message.contains(row.reference) && first.message.contains("summary"))
            #expect(first.message.contains(row.summary))
            #expect(report.failedRegisters == [.foi])
            #expect(report.differenceCount == 1)
            // A rebuild refolds the row from the log, and the check passes again.
            try casebook.rebuild(registers: nil)
            #expect(try casebook.checkRegisters().ok)
        }
    }

    @Test("a removed row, a row no case produces, a removed due step and an altered case state are each found")
    func otherTables() async throws {
        try await withTemporaryCasebook("check-tables", demo: Self.demo) { casebook, _ in
            let rows = try casebook.ledger.read { try RegisterHook<SARRegister>.rows(in: $0) }
            let victim = try #require(rows.first)
            try casebook.ledger.write { log in
                _ = try log.transaction.delete(log.transaction.database(RegisterName.sar.rowsTable), Array(victim.reference.utf8))
            }
            var report = try casebook.checkRegisters()
            #expect(report.firstDifference?.register == .sar)
            #expect(report.firstDifference?.reference == victim.reference)
            #expect(report.firstDifference?.message.contains("no stored row") == true)
            try casebook.rebuild(registers: nil)

            // A row for a case the log does not have.
            let bytes = try casebook.ledger.read { try #require(try $0.transaction.get($0.transaction.database(RegisterName.sar.rowsTable), Array(victim.reference.utf8))) }
            try casebook.ledger.write { log in try log.transaction.put(log.transaction.database(RegisterName.sar.rowsTable), Array("SAR-2099-0001".utf8), bytes) }
            report = try casebook.checkRegisters()
            #expect(report.firstDifference?.reference == "SAR-2099-0001")
            #expect(report.firstDifference?.message.contains("no such case") == true)
            try casebook.rebuild(registers: nil)

            // A due step deleted from the index.
            let entry = try casebook.ledger.read { log in try #require(try DueIndex.entries(in: log, through: nil).first) }
            try casebook.ledger.write { log in
                _ = try log.transaction.delete(log.transaction.database(DueIndex.table), DueIndex.key(entry.register, entry.reference, entry.step))
            }
            report = try casebook.checkRegisters()
            let due = try #require(report.firstDifference)
            #expect(due.table == DueIndex.table && due.reference == entry.reference && due.register == entry.register)
            #expect(due.field == entry.step.step && due.message.contains("is missing"))
            #expect(report.failedRegisters == [entry.register])
            try casebook.rebuild(registers: nil)

            // A case state with another event count.
            let reference = victim.reference
            try casebook.ledger.write { log in
                var state = try #require(try CaseStateStore.state(of: reference, in: log))
                state.eventCount += 1
                try log.transaction.put(log.transaction.database(CaseRulesHook.stateTable), Array(reference.utf8), try CaseStateStore.encode(state))
            }
            report = try casebook.checkRegisters()
            let state = try #require(report.firstDifference)
            #expect(state.table == CaseRulesHook.stateTable && state.reference == reference && state.field == "eventCount")
            #expect(state.register == nil && report.failedRegisters.isEmpty)
            try casebook.rebuild(registers: nil)
            #expect(try casebook.checkRegisters().ok)
        }
    }

    @Test("a row stored by an earlier version (JSON) asks for a rebuild rather than reporting a difference")
    func olderEncoding() async throws {
        try await withTemporaryCasebook("check-old", demo: Self.demo) { casebook, _ in
            let row = try #require(try casebook.ledger.read { try RegisterHook<FOIRegister>.rows(in: $0) }.first)
            let json = try JSONEncoder().encode(row)
            try casebook.ledger.write { log in try log.transaction.put(log.transaction.database(RegisterName.foi.rowsTable), Array(row.reference.utf8), Array(json)) }
            let report = try casebook.checkRegisters()
            #expect(report.firstDifference == nil)
            #expect(report.rebuildNeeded?.contains("run `casebook rebuild`") == true)
            #expect(!report.ok)
        }
    }
}
