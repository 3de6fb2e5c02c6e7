import Casework
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CasebookServer

/// The monitoring reports over HTTP and as pages. The seed (see `Fixture.seed`): FOI-2026-0001
/// (5 January, answered), FOI-2026-0002 (12 January, unanswered), SAR-2026-0001 (2 February),
/// BR-2026-0001 (aware 3 February, nothing recorded since), NM-2026-0001 (9 February, not
/// reviewed); today is 2 March 2026.
@Suite("Monitoring reports API and pages (the data protection policy §4.9.1, §7.3; the breach procedure §3.6)")
struct MonitoringReportAPITests {
    @Test("GET /reports/monitoring: the quarter's figures, open actions limited to the caller's registers (the data protection policy §4.9.1)")
    func monitoring() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let r = try await client.send(.get, "/api/v1/reports/monitoring?quarter=2026-Q1", as: .legal, fixture: f)
                #expect(r.status == 200, "\(r.body)")
                #expect(r.json?["kind"]?.stringValue == "quarterly")
                #expect(r.json?["from"]?.stringValue == "2026-01-01")
                #expect(r.json?["to"]?.stringValue == "2026-03-31")
                #expect(r.json?["today"]?.stringValue == "2026-03-02")
                #expect(r.json?["breaches"]?["total"]?.intValue == 1)
                #expect(r.json?["nearMisses"]?["total"]?.intValue == 1)
                #expect(r.json?["subjectAccess"]?["received"]?.intValue == 1)
                let actions = (r.json?["openActions"]?.arrayValue ?? []).compactMap { a in
                    a["reference"]?.stringValue.map { "\($0) \(a["action"]?.stringValue ?? "")" }
                }
                // The breach's 72 hours and reporting form are overdue on 2 March; the near miss awaits review.
                #expect(actions.contains("BR-2026-0001 icoNotification"), "\(actions)")
                #expect(actions.contains("BR-2026-0001 reportingForm"), "\(actions)")
                #expect(actions.contains("NM-2026-0001 nearMissReview"), "\(actions)")
                // An officer (FOI and SAR registers) gets the same counts but no breach or near-miss action.
                let officer = try await client.send(.get, "/api/v1/reports/monitoring?quarter=2026-Q1", as: .officer, fixture: f)
                #expect(officer.json?["breaches"]?["total"]?.intValue == 1)
                let seen = (officer.json?["openActions"]?.arrayValue ?? []).compactMap { $0["register"]?.stringValue }
                #expect(seen.allSatisfy { $0 == "foi" || $0 == "sar" }, "\(seen)")
                let csv = try await client.send(.get, "/api/v1/reports/monitoring?quarter=2026-Q1&format=csv", as: .legal, fixture: f)
                #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(csv.body.hasPrefix("table,key,measure,value\r\n"))
                #expect(csv.body.contains("breachesByService,"))
                for (query, fragment) in [("quarter=2026-Q5", "quarter=2026-Q5"), ("quarter=2026-03", "not a period of that kind"), ("", "is required"),
                                          ("quarter=2026-Q1&format=pdf", "format=pdf"),
                                          ("quarter=2026-Q2&today=2026-03-02", "today=2026-03-02 is before 2026-Q2 begins (2026-04-01)")] {
                    let bad = try await client.send(.get, "/api/v1/reports/monitoring?\(query)", as: .legal, fixture: f)
                    #expect(bad.status == 400, "\(query)")
                    #expect(bad.errorCode == "invalidParameter", "\(query)")
                    #expect(bad.body.contains(fragment), "\(query): \(bad.body)")
                }
                #expect(try await client.send(.get, "/api/v1/reports/monitoring?quarter=2026-Q1", fixture: f).status == 401)
            }
        }
    }

    @Test("GET /reports/management: the half-year October–March (the breach procedure §3.6)")
    func management() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let r = try await client.send(.get, "/api/v1/reports/management?half=2025-H2", as: .dpo, fixture: f)
                #expect(r.status == 200, "\(r.body)")
                #expect(r.json?["kind"]?.stringValue == "biannual")
                #expect(r.json?["from"]?.stringValue == "2025-10-01")
                #expect(r.json?["to"]?.stringValue == "2026-03-31")
                #expect(r.json?["breaches"]?["total"]?.intValue == 1)
                let bad = try await client.send(.get, "/api/v1/reports/management?half=2025-Q1", as: .dpo, fixture: f)
                #expect(bad.status == 400)
            }
        }
    }

    @Test("GET /reports/trends: JSON, CSV and the SVG chart (the data protection policy §7.3)")
    func trends() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let r = try await client.send(.get, "/api/v1/reports/trends?period=2026-Q1", as: .auditor, fixture: f)
                #expect(r.status == 200, "\(r.body)")
                #expect(r.json?["previous"]?["period"]?.stringValue == "2025-Q4")
                #expect(r.json?["sameLastYear"]?["period"]?.stringValue == "2025-Q1")
                #expect(r.json?["series"]?.arrayValue?.count == 4)
                // One breach and one near miss this quarter, none before: both totals rise.
                #expect(r.json?["series"]?.arrayValue?.first?["total"]?["rising"]?.boolValue == true)
                let svg = try await client.send(.get, "/api/v1/reports/trends?period=2026-Q1&format=svg", as: .officer, fixture: f)
                #expect(svg.headers[.contentType]?.hasPrefix("image/svg+xml") == true)
                #expect(svg.body.contains("<title id=\"trends-title\">"))
                let csv = try await client.send(.get, "/api/v1/reports/trends?period=2026-Q1&format=csv", as: .officer, fixture: f)
                #expect(csv.body.hasPrefix("register,by,key,period,count,"))
                #expect(try await client.send(.get, "/api/v1/reports/trends?period=soon", as: .officer, fixture: f).status == 400)
            }
        }
    }

    @Test("GET /reports/statistics: a year or a quarter, in the form of the section 45 Code of Practice")
    func statistics() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let r = try await client.send(.get, "/api/v1/reports/statistics?year=2026", as: .officer, fixture: f)
                #expect(r.status == 200, "\(r.body)")
                #expect(r.json?["received"]?.intValue == 2)
                #expect(r.json?["answered"]?.intValue == 1)
                // FOI-2026-0002 (12 January) was due on 9 February: overdue on 2 March.
                #expect(r.json?["overdue"]?.intValue == 1)
                #expect(r.json?["inTime"]?["percent"]?.stringValue == "50.0")
                let q = try await client.send(.get, "/api/v1/reports/statistics?quarter=2026-Q1", as: .officer, fixture: f)
                #expect(q.json?["period"]?.stringValue == "2026-Q1")
                let both = try await client.send(.get, "/api/v1/reports/statistics?quarter=2026-Q1&year=2026", as: .officer, fixture: f)
                #expect(both.status == 400)
                #expect(both.body.contains("exactly one of quarter"))
                #expect(try await client.send(.get, "/api/v1/reports/statistics?year=2026-Q1", as: .officer, fixture: f).status == 400)
                let early = try await client.send(.get, "/api/v1/reports/statistics?year=fy2026&today=2026-03-02", as: .officer, fixture: f)
                #expect(early.status == 400)
                #expect(early.body.contains("today=2026-03-02 is before fy2026 begins"), "\(early.body)")
            }
        }
    }

    @Test("The report pages: tables with captions, the trends chart, linked from the dashboard (the data protection policy §4.9.1)")
    func pages() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let dashboard = try await client.send(.get, "/dashboard", as: .legal, fixture: f)
                #expect(dashboard.body.contains("<a href=\"/reports\">Monitoring reports</a>"))
                let index = try await client.send(.get, "/reports", as: .legal, fixture: f)
                #expect(index.status == 200)
                #expect(index.body.contains("<a href=\"/reports/monitoring?quarter=2026-Q1\">"))
                #expect(index.body.contains("<a href=\"/reports/management?half=2025-H2\">"))
                #expect(index.body.contains("<a href=\"/reports/statistics?year=fy2025\">"))
                let m = try await client.send(.get, "/reports/monitoring?quarter=2026-Q1", as: .legal, fixture: f)
                #expect(m.status == 200)
                #expect(m.headers[.contentType] == "text/html; charset=utf-8")
                #expect(m.body.contains("<h1>Data protection monitoring report 2026-Q1</h1>"))
                #expect(m.body.contains("<caption>Breaches by category</caption>"))
                #expect(m.body.contains("<th scope=\"row\"><a href=\"/cases/BR-2026-0001\">BR-2026-0001</a></th>"))
                #expect(m.body.contains("href=\"/data/v1/reports/monitoring?quarter=2026-Q1&amp;today=2026-03-02&amp;format=csv\""))
                // An officer's page has the counts but no breach actions.
                let officer = try await client.send(.get, "/reports/monitoring?quarter=2026-Q1", as: .officer, fixture: f)
                #expect(!officer.body.contains("BR-2026-0001"))
                let t = try await client.send(.get, "/reports/trends?period=2026-Q1", as: .legal, fixture: f)
                #expect(t.body.contains("<figure>"))
                #expect(t.body.contains("<svg"))
                #expect(t.body.contains("Rising: more in the period than in the previous period"))
                let s = try await client.send(.get, "/reports/statistics", as: .officer, fixture: f)
                #expect(s.body.contains("<h1>FOI and EIR request statistics fy2025</h1>"))
                let h = try await client.send(.get, "/reports/management", as: .dpo, fixture: f)
                #expect(h.body.contains("<h1>Report to the management team 2025-H2</h1>"))
                let bad = try await client.send(.get, "/reports/monitoring?quarter=someday", as: .legal, fixture: f)
                #expect(bad.status == 400)
                #expect(bad.body.contains("There is a problem with the request"))
                let early = try await client.send(.get, "/reports/management?half=2026-H1&today=2026-03-02", as: .dpo, fixture: f)
                #expect(early.status == 400)
                #expect(early.body.contains("is before 2026-H1 begins"), "\(early.body)")
            }
        }
    }
}
