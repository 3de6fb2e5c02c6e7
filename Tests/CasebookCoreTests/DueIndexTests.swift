import Casework
import CasebookDemo
import Foundation
import LedgerStore
import Registers
import Testing
@testable import CasebookCore

/// Reads through the due index and by page must return exactly what reading every row returns.
@Suite("Reading through the due index and by page")
struct DueIndexTests {
    static let end = LocalDate(year: 2026, month: 6, day: 30)!

    @Test("overdue on a day, due within N working days, the due list and pages equal the full reads over two years of days")
    func indexedReadsEqualFullReads() async throws {
        try await withTemporaryCasebook("due", demo: DemoGenerator(cases: 250, seed: 21, end: Self.end)) { casebook, _ in
            let reader = casebook.registerReader

            try casebook.ledger.read { log in
                #expect(try reader.isCurrent(in: log))
                let snapshot = try reader.snapshot(in: log)
                var overdueSeen = 0
                // Every fifth day from before the history to after it, and the days around its end.
                var days = stride(from: LocalDate(year: 2024, month: 6, day: 1)!.dayNumber, through: Self.end.dayNumber + 40, by: 5)
                    .map { LocalDate(dayNumber: $0) }
                days += (-3...3).map { Self.end.adding(days: $0) }
                for day in days {
                    for name in RegisterName.allCases {
                        for filter in [RegisterFilter(overdue: true), RegisterFilter(dueWithinWorkingDays: 0), RegisterFilter(dueWithinWorkingDays: 10),
                                       RegisterFilter(status: "open", overdue: true)] {
                            let indexed = try reader.rows(name, in: log, filter: filter, today: day)
                            let full = try snapshot.rows(name, filter: filter, today: day, calculator: reader.calculator)
                            #expect(indexed.json == full.json, "\(name) on \(day) with \(filter)")
                            if filter.overdue == true { overdueSeen += full.json.count }
                        }
                    }
                    for within in [0, 5, 20] {
                        #expect(try reader.dueList(in: log, within: within, today: day)
                                == snapshot.dueList(within: within, today: day, calculator: reader.calculator), "due list on \(day) within \(within)")
                    }
                }
                #expect(overdueSeen > 20, "the history must have overdue rows for the comparison to mean anything")

                // Pages of 7 rows, joined, are the whole register.
                for name in RegisterName.allCases {
                    let full = try reader.rows(name, in: log, today: Self.end)
                    var joined: [JSONValue] = []
                    var after: String?
                    repeat {
                        let page = try reader.page(name, in: log, after: after, limit: 7, today: Self.end)
                        #expect(page.output.json.count <= 7)
                        joined += page.output.json
                        after = page.next
                    } while after != nil
                    #expect(joined == full.json, "pages of \(name)")
                }
            }
        }
    }
}

/// The registers and the due index are written in the append's own transaction: whatever a
/// reader asks after an append was acknowledged already reflects it, under concurrent appends.
@Suite("Reads after an acknowledged append")
struct ReadAfterAppendTests {
    @Test("16 concurrent appenders each read their own case's row and due steps right after each acknowledged append")
    func readYourWrites() async throws {
        try await withTemporaryCasebook("ryw") { casebook, _ in
            let officer = Actor(id: "o.officer", role: "officer")
            let received = Timestamp(rfc3339: "2026-01-05T09:00:00Z")!
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 1...16 {
                    group.addTask {
                        let reference = try CaseReference(String(format: "FOI-2026-%04d", n))
                        try await casebook.record([CaseEventInput(caseReference: reference, payload: RequestReceived(
                            channel: .email, receivedAt: received, regime: .foia, requester: Requester(name: "R \(n)"),
                            requesterType: .individual, summary: "Request \(n)"), occurredAt: received, actor: officer)])
                        let due = try casebook.ledger.read { log in
                            try casebook.registerReader.dueList(in: log, within: 30, today: "2026-01-05").filter { $0.reference == reference.rawValue }
                        }
                        #expect(Set(due.map(\.step)) == ["response", "acknowledgement"], "\(reference)")
                        let acknowledged = Timestamp(rfc3339: "2026-01-05T10:00:00Z")!
                        try await casebook.record([CaseEventInput(caseReference: reference, payload: RequestAcknowledged(acknowledgedAt: acknowledged),
                                                                  occurredAt: acknowledged, actor: officer)])
                        let after = try casebook.ledger.read { log in
                            (try RegisterHook<FOIRegister>.row(reference.rawValue, in: log),
                             try casebook.registerReader.dueList(in: log, within: 30, today: "2026-01-05").filter { $0.reference == reference.rawValue })
                        }
                        #expect(after.0?.acknowledgedAt != nil, "\(reference)")
                        #expect(after.1.map(\.step) == ["response"], "\(reference)")
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}
