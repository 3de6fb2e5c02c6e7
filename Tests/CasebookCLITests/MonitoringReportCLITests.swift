import Foundation
import Testing

/// `casebook report monitoring | management | trends | statistics` against a ledger built with the
/// case commands.
@Suite("casebook report monitoring, management, trends, statistics (the data protection policy §4.9.1, §7.3; the breach procedure §3.6)")
struct MonitoringReportCLITests {
    static let breachForm = #"{"reportingOfficer":{"name":"Pat Officer","jobTitle":"Team Leader","service":"Revenues","contact":"pat@example.gov.uk"},"businessManager":{"name":"Kim Manager","jobTitle":"Business Manager","service":"Revenues","contact":"kim@example.gov.uk"},"howDiscovered":"Recipient phoned","informationInvolved":"Council tax letter","dataSubjectsDescription":"One council tax payer","dataSubjectCount":1,"sensitive":false,"howHeld":"paper","consequences":"Seen by a neighbour","immediateMeasures":"Letter retrieved","proposedMeasures":"Two-person check","service":"Revenues","categories":["loss"]}"#

    func run(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> CLI.Output {
        let r = try CLI.run(args)
        #expect(r.status == 0, "casebook \(args.joined(separator: " ")): \(r.stderr)", sourceLocation: sourceLocation)
        return r
    }

    func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    /// Near misses on 31 March (Q1) and 1 April and 30 June (Q2), and a breach aware on 2 April.
    func ledger(_ dir: String) throws -> String {
        let ledger = dir + "/l"
        _ = try run(["init", "--ledger", ledger, "--role", "admin", "--role", "officer", "--role", "legal"])
        for (on, service, category) in [("2026-03-31", "Housing", "loss"), ("2026-04-01", "Housing", "loss"), ("2026-06-30", "Finance", "humanError")] {
            _ = try run(["near-miss", "report", "--occurred-on", on, "--service", service, "--description", "Caught before sending",
                         "--category", category, "--at", "\(on)T15:00:00Z", "--ledger", ledger, "--today", on])
        }
        let form = dir + "/breach.json"
        try Data(Self.breachForm.utf8).write(to: URL(fileURLWithPath: form))
        _ = try run(["breach", "report", "--form", form, "--discovered-at", "2026-04-02T09:00:00Z", "--occurred-on", "2026-04-01",
                     "--at", "2026-04-02T11:00:00Z", "--ledger", ledger, "--today", "2026-04-02"])
        return ledger
    }

    @Test("report monitoring and management: figures, open actions, CSV, and a clear error for a bad quarter (the data protection policy §4.9.1; the breach procedure §3.6)")
    func monitoringAndManagement() throws {
        try withTemporaryDirectory { dir in
            let ledger = try ledger(dir)
            let r = try json(try run(["report", "monitoring", "--quarter", "2026-Q2", "--today", "2026-07-15", "--format", "json", "--ledger", ledger]).stdout)
            let nearMisses = r["nearMisses"] as? [String: Any]
            #expect(nearMisses?["total"] as? Int == 2)
            #expect(nearMisses?["byService"] as? [String: Int] == ["Housing": 1, "Finance": 1])
            let breaches = r["breaches"] as? [String: Any]
            #expect(breaches?["total"] as? Int == 1)
            #expect(breaches?["byCategory"] as? [String: Int] == ["loss": 1])
            let actions = (r["openActions"] as? [[String: Any]] ?? []).map { "\($0["reference"] as? String ?? "") \($0["action"] as? String ?? "")" }
            #expect(actions.contains("NM-2026-0002 nearMissReview"), "\(actions)")
            #expect(actions.contains("BR-2026-0001 icoNotification"), "\(actions)")
            #expect(actions.contains("BR-2026-0001 proposedMeasures"), "\(actions)")
            let table = try run(["report", "monitoring", "--quarter", "2026-Q2", "--today", "2026-07-15", "--ledger", ledger]).stdout
            #expect(table.hasPrefix("Data protection monitoring report 2026-Q2 (2026-04-01 to 2026-06-30), as of 2026-07-15"))
            #expect(table.contains("the data protection policy §4.9.1, §7.3"))
            let csv = try run(["report", "management", "--half", "2026-H1", "--today", "2026-07-15", "--format", "csv", "--ledger", ledger]).stdout
            #expect(csv.hasPrefix("table,key,measure,value\r\n"))
            #expect(csv.contains("nearMissesByService,Finance,count,1\r\n"))
            let bad = try CLI.run(["report", "monitoring", "--quarter", "2026-Q5", "--ledger", ledger])
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("--quarter 2026-Q5 is not a quarter; write 2026-Q2"), "\(bad.stderr)")
            let badHalf = try CLI.run(["report", "management", "--half", "2026-Q1", "--ledger", ledger])
            #expect(badHalf.status != 0)
            #expect(badHalf.stderr.contains("is not a half-year"), "\(badHalf.stderr)")
            // A day before the quarter begins cannot judge it: a clear error, nothing appended.
            let size = try run(["verify", "--ledger", ledger]).stdout
            let early = try CLI.run(["report", "monitoring", "--quarter", "2026-Q2", "--today", "2026-03-31", "--ledger", ledger])
            #expect(early.status != 0)
            #expect(early.stderr.contains("--today 2026-03-31 is before 2026-Q2 begins (2026-04-01)"), "\(early.stderr)")
            let earlyHalf = try CLI.run(["report", "management", "--half", "2026-H2", "--today", "2026-09-30", "--ledger", ledger])
            #expect(earlyHalf.stderr.contains("--today 2026-09-30 is before 2026-H2 begins (2026-10-01)"), "\(earlyHalf.stderr)")
            #expect(try run(["verify", "--ledger", ledger]).stdout == size)
        }
    }

    @Test("report trends: the rule stated, rising rows marked, and the SVG chart written (the data protection policy §7.3)")
    func trends() throws {
        try withTemporaryDirectory { dir in
            let ledger = try ledger(dir)
            let chart = dir + "/trends.svg"
            let text = try run(["report", "trends", "--period", "2026-Q2", "--chart", chart, "--ledger", ledger]).stdout
            #expect(text.contains("Rising: more in the period than in the previous period and more than in the same period last year."))
            // Near misses by service: Finance 1 against 0 and 0 rises; Housing 1 against 1 (31 March) does not.
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("Finance") && $0.hasSuffix("RISING") }, "\(text)")
            #expect(lines.contains { $0.hasPrefix("Housing") && !$0.contains("RISING") }, "\(text)")
            let svg = try String(contentsOfFile: chart, encoding: .utf8)
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            let j = try json(try run(["report", "trends", "--period", "2026-Q2", "--format", "json", "--ledger", ledger]).stdout)
            #expect((j["previous"] as? [String: Any])?["period"] as? String == "2026-Q1")
            let bad = try CLI.run(["report", "trends", "--period", "next-quarter", "--ledger", ledger])
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("--period next-quarter is not a period"), "\(bad.stderr)")
        }
    }

    @Test("report statistics: exactly one of --quarter or --year (FOIA s45 Code of Practice)")
    func statistics() throws {
        try withTemporaryDirectory { dir in
            let ledger = try ledger(dir)
            let j = try json(try run(["report", "statistics", "--year", "fy2026", "--today", "2026-07-15", "--format", "json", "--ledger", ledger]).stdout)
            #expect(j["period"] as? String == "fy2026")
            #expect(j["from"] as? String == "2026-04-01")
            #expect(j["received"] as? Int == 0)
            let both = try CLI.run(["report", "statistics", "--year", "fy2026", "--quarter", "2026-Q2", "--ledger", ledger])
            #expect(both.status != 0)
            #expect(both.stderr.contains("give exactly one of --quarter 2026-Q2 or --year fy2026"), "\(both.stderr)")
            let month = try CLI.run(["report", "statistics", "--year", "2026-04", "--ledger", ledger])
            #expect(month.status != 0)
            #expect(month.stderr.contains("--year 2026-04 is not a year"), "\(month.stderr)")
            let early = try CLI.run(["report", "statistics", "--year", "fy2026", "--today", "2026-03-31", "--ledger", ledger])
            #expect(early.status != 0)
            #expect(early.stderr.contains("--today 2026-03-31 is before fy2026 begins (2026-04-01)"), "\(early.stderr)")
        }
    }
}
