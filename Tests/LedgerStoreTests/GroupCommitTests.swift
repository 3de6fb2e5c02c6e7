import Foundation
import Testing
@testable import LedgerStore

/// Refuses any event whose payload has `"refuse": true`; sleeps on `"slow": true` so that other
/// callers pile up behind the writer and are group-committed together.
struct RefusingHook: LedgerHook {
    var databaseNames: [String] { [] }
    func process(_ event: StoredEvent, in log: LogView) throws {
        if event.envelope.payload["slow"]?.boolValue == true { Thread.sleep(forTimeInterval: 0.2) }
        if event.envelope.payload["refuse"]?.boolValue == true {
            throw LedgerError(.refused, "event \(event.envelope.eventId.uuidString.lowercased()) refused by the test hook")
        }
    }
}

/// A readable, unique event id for task `task`, step `step`.
func eventID(task: Int, step: Int) -> UUID { UUID(UInt64(task) << 16 | UInt64(step)) }

@Suite("Group commit")
struct GroupCommitTests {
    enum Outcome: Sendable {
        case stored([AppendResult])
        case wrongVersion(String)
    }

    @Test("64 concurrent callers: results distinct and gapless, conflicts are .wrongVersion, nothing lost or doubled", .timeLimit(.minutes(2)))
    func concurrentAppends() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            let tasks = 64

            // Round 1: every task creates its own case and races to create the shared one.
            let round1 = try await withThrowingTaskGroup(of: ([AppendResult], Outcome).self) { group in
                for t in 0..<tasks {
                    group.addTask {
                        let own = try await ledger.append(AppendBatch(
                            events: (0..<3).map { draft(eventID(task: t, step: $0), case: "OWN-\(t)", payload: ["task": .int(Int64(t))]) },
                            expectations: ["OWN-\(t)": .noStream]))
                        do {
                            let shared = try await ledger.append(batch(
                                draft(eventID(task: t, step: 100), case: "SHARED", payload: ["task": .int(Int64(t))]),
                                expecting: ["SHARED": .noStream]))
                            return (own, .stored(shared))
                        } catch let e as LedgerError where e.code == .wrongVersion {
                            return (own, .wrongVersion(e.message))
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            var stored = round1.flatMap(\.0)
            var winners = 0
            for (_, outcome) in round1 {
                switch outcome {
                case .stored(let r): winners += 1; stored += r
                case .wrongVersion(let message): #expect(message.contains("SHARED"), "\(message)")
                }
            }
            #expect(winners == 1, "exactly one caller may create the shared case")

            // Round 2: every task adds one event to its own case and one to the shared case in a
            // single batch expecting the shared case at version 1: one wins, and for the others
            // the whole batch (their own case's event too) fails with .wrongVersion; they then
            // store their own event alone.
            let round2 = try await withThrowingTaskGroup(of: ([AppendResult], Bool).self) { group in
                for t in 0..<tasks {
                    group.addTask {
                        let own = draft(eventID(task: t, step: 200), case: "OWN-\(t)", payload: ["task": .int(Int64(t))])
                        let shared = draft(eventID(task: t, step: 201), case: "SHARED", payload: ["task": .int(Int64(t))])
                        do {
                            let r = try await ledger.append(AppendBatch(events: [own, shared], expectations: ["OWN-\(t)": .exactly(3), "SHARED": .exactly(1)]))
                            return (r, true)
                        } catch let e as LedgerError where e.code == .wrongVersion {
                            #expect(e.message.contains("SHARED") && e.message.contains("expected version 1"), "\(e.message)")
                            return (try await ledger.append(AppendBatch(events: [own], expectations: ["OWN-\(t)": .exactly(3)])), false)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(round2.filter(\.1).count == 1, "exactly one caller may move the shared case from version 1")
            stored += round2.flatMap(\.0)

            // Round 3: eight tasks each add one shared event, reading the version and retrying on
            // .wrongVersion until it lands.
            let round3 = try await withThrowingTaskGroup(of: [AppendResult].self) { group in
                for t in 0..<8 {
                    group.addTask {
                        var conflicts = 0
                        while true {
                            let current = try ledger.read { try $0.head(of: "SHARED")?.version ?? 0 }
                            let b = batch(draft(eventID(task: t, step: 300), case: "SHARED", payload: ["task": .int(Int64(t))]),
                                          expecting: ["SHARED": .exactly(current)])
                            do {
                                return try await ledger.append(b)
                            } catch let e as LedgerError where e.code == .wrongVersion {
                                conflicts += 1
                                if conflicts > 100 { throw e }
                            }
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            stored += round3
            #expect(stored.allSatisfy { !$0.duplicate })

            // Nothing lost, nothing doubled, results match what is stored.
            let expectedCount = tasks * 3 + 1 + (tasks + 1) + 8
            let events = try ledger.allEvents()
            #expect(events.count == expectedCount)
            #expect(stored.count == expectedCount)
            #expect(stored.map(\.position).sorted() == (0..<UInt64(expectedCount)).map { $0 }, "positions are distinct and gapless")
            #expect(Set(events.map(\.envelope.eventId)).count == expectedCount, "no event id is stored twice")
            for r in stored {
                let e = events[Int(r.position)]
                #expect(e.envelope.eventId == r.eventId && e.envelope.version == r.version && e.envelope.stream == r.stream,
                        "result for \(r.eventId) does not match position \(r.position)")
            }
            expectGaplessAndContiguous(events)
            try ledger.read { log throws in
                #expect(try log.head(of: "SHARED")?.version == 1 + 1 + 8)
                for t in 0..<tasks { #expect(try log.head(of: "OWN-\(t)")?.version == 4) }
            }
            let report = try ledger.verify()
            #expect(report.ok, "\(report.failure?.message ?? "")")
        }
    }

    @Test("a hook refusing one batch of a group commit fails that caller alone")
    func refusedBatchInsideAGroup() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir, hooks: [RefusingHook()])

            // Deterministic: three batches committed in one transaction, the middle one refused.
            let results = try ledger.commit([
                batch(draft(UUID(1), case: "A"), draft(UUID(2), case: "B")),
                batch(draft(UUID(3), case: "A"), draft(UUID(4), case: "C", payload: ["refuse": .bool(true)])),
                batch(draft(UUID(5), case: "A")),
            ])
            try #require(results.count == 3)
            #expect(try results[0].get().map(\.position) == [0, 1])
            #expect(throws: LedgerError.self) { try results[1].get() }
            if case .failure(let e as LedgerError) = results[1] { #expect(e.code == .refused) }
            // The batch after the refused one follows on without a gap, at the next version of A.
            #expect(try results[2].get().map(\.position) == [2])
            #expect(try results[2].get().map(\.version) == [2])
            try ledger.read { log throws in
                #expect(try log.size() == 3)
                #expect(try log.position(ofEvent: UUID(3)) == nil)
                #expect(try log.head(of: "C") == nil)
            }

            // Concurrent: a slow first batch holds the writer while 32 callers queue behind it,
            // so they are committed as a group; one of them is refused.
            let slow = Task { try await ledger.append(batch(draft(UUID(10), case: "SLOW", payload: ["slow": .bool(true)]))) }
            try await Task.sleep(for: .milliseconds(50))
            let outcomes = try await withThrowingTaskGroup(of: (Int, Result<[AppendResult], LedgerError>).self) { group in
                for t in 0..<32 {
                    group.addTask {
                        let payload: JSONObject = t == 7 ? ["refuse": .bool(true)] : ["task": .int(Int64(t))]
                        do {
                            return (t, .success(try await ledger.append(batch(
                                draft(eventID(task: 1000 + t, step: 1), case: "G-\(t)"),
                                draft(eventID(task: 1000 + t, step: 2), case: "G-\(t)", payload: payload)))))
                        } catch let e as LedgerError {
                            return (t, .failure(e))
                        }
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            _ = try await slow.value
            for (t, outcome) in outcomes {
                switch (t, outcome) {
                case (7, .failure(let e)): #expect(e.code == .refused)
                case (7, .success): Issue.record("the refused caller's batch was stored")
                case (_, .failure(let e)): Issue.record("caller \(t) failed: \(e)")
                case (_, .success(let r)): #expect(r.count == 2)
                }
            }
            let events = try ledger.allEvents()
            let expectedCount = 3 + 1 + 31 * 2  // the direct commit, the slow caller, 31 accepted callers
            #expect(events.count == expectedCount)
            expectGaplessAndContiguous(events)
            #expect(!events.contains { $0.envelope.stream == "G-7" })
            #expect(try ledger.verify().ok)
        }
    }
}
