import Casework
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerStore
import Testing

@testable import CasebookServer

/// Personal data planted in the seed (a requester's name and e-mail, a breach's description, a
/// near miss's description, a SAR requester, a case note) never reaches the public or an auditor
/// without `--personal-data`: every response body of every readable route is collected (export
/// zips unpacked) and searched.
@Suite("Personal data canaries")
struct CanaryTests {
    static let reads: [String] = [
        "/api/v1/cases/FOI-2026-0001/timeline", "/api/v1/cases/FOI-2026-0001/timeline?asOfPosition=2",
        "/api/v1/cases/FOI-2026-0002/timeline", "/api/v1/cases/SAR-2026-0001/timeline",
        "/api/v1/cases/BR-2026-0001/timeline", "/api/v1/cases/NM-2026-0001/timeline",
        "/api/v1/registers/foi", "/api/v1/registers/foi?format=csv", "/api/v1/registers/sar", "/api/v1/registers/sar?format=csv",
        "/api/v1/registers/breach", "/api/v1/registers/breach?format=csv", "/api/v1/registers/near-miss", "/api/v1/registers/near-miss?format=csv",
        "/api/v1/registers/disclosure", "/api/v1/registers/disclosure?format=csv", "/api/v1/registers/foi?asOfPosition=3",
        "/api/v1/due?within=30", "/api/v1/reports/compliance?period=2026", "/api/v1/reports/compliance?period=2026&format=svg",
        "/api/v1/reports/monitoring?quarter=2026-Q1", "/api/v1/reports/monitoring?quarter=2026-Q1&format=csv",
        "/api/v1/reports/management?half=2025-H2", "/api/v1/reports/trends?period=2026-Q1&format=svg", "/api/v1/reports/statistics?year=2026",
        "/reports/monitoring?quarter=2026-Q1", "/reports/trends?period=2026-Q1", "/reports/statistics?year=2026",
        "/api/v1/checkpoint", "/api/v1/public-key", "/api/v1/proofs/inclusion?position=0", "/api/v1/proofs/consistency?from=1&to=5",
        "/api/v1/export", "/api/v1/export?case=FOI-2026-0001&caseSummaries=true", "/api/v1/export?personalData=true",
        "/", "/sign-in", "/dashboard", "/registers/foi", "/registers/sar", "/registers/breach", "/registers/near-miss", "/registers/disclosure",
        "/cases/FOI-2026-0001", "/cases/SAR-2026-0001", "/cases/BR-2026-0001", "/cases/NM-2026-0001", "/disclosure-log",
        "/api/v1/nothing", "/no-such-page",
    ]

    @Test func canariesNeverReachThePublicOrAPlainAuditor() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                var leaks: [String] = []
                var searched = 0
                for who in [Who.none, .auditor] {
                    for path in Self.reads {
                        let r = try await client.send(.get, path, as: who, fixture: f)
                        var texts = [r.body]
                        if r.headers[.contentType] == "application/zip" { texts = try unzip(r.bytes).values.map { String(decoding: $0, as: UTF8.self) } }
                        for text in texts {
                            searched += text.utf8.count
                            for canary in Canary.all where text.localizedCaseInsensitiveContains(canary) {
                                leaks.append("\(who) GET \(path) → \(r.status) contains \(canary)")
                            }
                        }
                    }
                    // Errors that echo input must not echo personal data either.
                    let post = try await client.send(.post, "/api/v1/events", as: who, fixture: f, json: obj(["case": .string("FOI-2026-0001")]))
                    for canary in Canary.all where post.body.contains(canary) { leaks.append("\(who) POST /api/v1/events contains \(canary)") }
                }
                #expect(searched > 10_000)
                #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")

                // The canaries are really there for readers entitled to them (the search is not vacuous).
                let legal = try await client.send(.get, "/api/v1/cases/FOI-2026-0001/timeline", as: .legal, fixture: f)
                #expect(legal.body.contains(Canary.requesterName) && legal.body.contains(Canary.requesterEmail) && legal.body.contains("CANARYNOTE3E7D"))
                let breach = try await client.send(.get, "/api/v1/cases/BR-2026-0001/timeline", as: .auditorPD, fixture: f)
                #expect(breach.body.contains("CANARYBREACH91B2"))
                let officer = try await client.send(.get, "/cases/FOI-2026-0001", as: .officer, fixture: f)
                #expect(officer.body.contains(Canary.requesterEmail))
            }
        }
    }
}
