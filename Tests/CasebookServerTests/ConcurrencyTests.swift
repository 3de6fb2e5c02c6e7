import Casework
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerStore
import Testing

@testable import CasebookServer

/// 64 clients at once, each opening its own case and adding notes to one shared case with
/// expected versions: every request gets its own answer, conflicts are 409, nothing is lost or
/// duplicated, and the ledger verifies afterwards.
@Suite("Concurrent clients")
struct ConcurrencyTests {
    static let clients = 64

    @Test func sixtyFourClientsDistinctAndSharedCases() async throws {
        try await withFixture(seed: false) { f in
            let opening = try Fixture.example(.requestReceived)
            try await f.app().test(.router) { client in
                // The shared case, at version 1.
                let open = obj(["case": .string("FOI-2026-9000"), "type": .string("RequestReceived"), "occurredAt": .string("2026-02-01T09:00:00Z"),
                                "expectedVersion": .int(-1), "payload": .object(opening)])
                let opened = try await client.send(.post, "/api/v1/events", as: .officer, fixture: f, json: open)
                #expect(opened.status == 201)

                // Round 1: every client opens its own case and, all at once, claims version 1 of the shared case.
                let first = try await withThrowingTaskGroup(of: (Int, Int, Int).self) { group in
                    for i in 0..<Self.clients {
                        group.addTask {
                            let own = obj(["case": .string(String(format: "FOI-2026-%04d", 1000 + i)), "type": .string("RequestReceived"),
                                           "occurredAt": .string("2026-02-01T09:00:00Z"), "expectedVersion": .int(-1), "payload": .object(opening)])
                            let a = try await client.send(.post, "/api/v1/events", as: .officer, fixture: f, json: own)
                            let b = try await client.send(.post, "/api/v1/cases/FOI-2026-9000/actions/note?expectedVersion=1", as: .officer, fixture: f,
                                                          json: obj(["text": .string("client \(i) round 1")]))
                            return (i, a.status, b.status)
                        }
                    }
                    var out: [(Int, Int, Int)] = []
                    for try await r in group { out.append(r) }
                    return out
                }
                #expect(first.allSatisfy { $0.1 == 201 }, "own cases: \(first.map(\.1))")
                #expect(first.filter { $0.2 == 201 }.count == 1, "exactly one client wins version 2")
                #expect(first.filter { $0.2 == 409 }.count == Self.clients - 1, "the rest are told of the conflict")

                // Round 2: every client that lost retries (reading the version each time) until it succeeds.
                let winners = Set(first.filter { $0.2 == 201 }.map(\.0))
                let conflicts = try await withThrowingTaskGroup(of: Int.self) { group in
                    for i in 0..<Self.clients where !winners.contains(i) {
                        group.addTask {
                            var conflicts = 0
                            for _ in 0..<500 {
                                let t = try await client.send(.get, "/api/v1/cases/FOI-2026-9000/timeline", as: .officer, fixture: f)
                                let version = t.json?["entries"]?.arrayValue?.last?["version"]?.intValue ?? 0
                                let r = try await client.send(.post, "/api/v1/cases/FOI-2026-9000/actions/note?expectedVersion=\(version)", as: .officer,
                                                              fixture: f, json: obj(["text": .string("client \(i)")]))
                                if r.status == 201 { return conflicts }
                                guard r.status == 409, r.errorCode == "wrongVersion" else { throw TestFailure("client \(i): \(r.status) \(r.body)") }
                                conflicts += 1
                                try await Task.sleep(nanoseconds: UInt64.random(in: 0...2_000_000))
                            }
                            throw TestFailure("client \(i) never got its note in")
                        }
                    }
                    var total = 0
                    for try await c in group { total += c }
                    return total
                }
                #expect(conflicts >= 0)
            }

            // Nothing lost, nothing duplicated.
            let shared = try f.casebook.timeline("FOI-2026-9000", access: .redact)
            #expect(shared.count == 1 + Self.clients)
            #expect(shared.map(\.version) == Array(1...UInt64(1 + Self.clients)))
            let texts = shared.dropFirst().compactMap { $0.payload["text"]?.stringValue }
            #expect(texts.count == Self.clients)  // redacted, but present
            let opened = try f.casebook.ledger.read { log in (0..<Self.clients).map { (try? log.head(of: String(format: "FOI-2026-%04d", 1000 + $0)))??.version } }
            #expect(opened.allSatisfy { $0 == 1 })
            #expect(try f.casebook.ledger.size() == UInt64(1 + Self.clients + Self.clients))
            let report = try f.casebook.ledger.verify()
            #expect(report.ok, "\(report.failure.map { $0.message } ?? "")")
            // Every note names a distinct client.
            let revealed = try f.casebook.timeline("FOI-2026-9000", access: .reveal).dropFirst().compactMap { $0.payload["text"]?.stringValue }
            #expect(Set(revealed.map { $0.replacingOccurrences(of: " round 1", with: "") }).count == Self.clients)
        }
    }
}
