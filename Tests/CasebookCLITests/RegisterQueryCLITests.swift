import Foundation
import Testing

/// `casebook register` at the size of a real register: one meaning of "overdue on a day"
/// (`--on`), filter values refused with the allowed list, pages, sorting, search and the officer.
@Suite("casebook CLI: register queries", .serialized)
struct RegisterQueryCLITests {
    func ok(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> CLI.Output {
        let r = try CLI.run(args)
        #expect(r.status == 0, "casebook \(args.joined(separator: " ")): \(r.stderr)", sourceLocation: sourceLocation)
        return r
    }

    func references(_ json: String) throws -> [String] {
        let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        return rows.compactMap { $0["reference"] as? String }
    }

    @Test("--on 30 June gives the cases overdue then: the register as it stood at the end of that day, judged on that day")
    func overdueOnADay() throws {
        try withTemporaryDirectory { (dir: String) in
            let l = ["--ledger", dir + "/l"]
            _ = try ok(["init", "--origin", "t.local/log"] + l)
            _ = try ok(["demo", "generate", "--cases", "150", "--seed", "3", "--end", "2026-11-30"] + l)
            let on = try references(try ok(["register", "foi", "--overdue", "--on", "2026-06-30", "--format", "json"] + l).stdout)
            let spelledOut = try references(try ok(["register", "foi", "--overdue", "--as-of", "2026-06-30", "--today", "2026-06-30", "--format", "json"] + l).stdout)
            let todayOnly = try references(try ok(["register", "foi", "--overdue", "--today", "2026-06-30", "--format", "json"] + l).stdout)
            #expect(!on.isEmpty, "the demo history has requests overdue on 30 June")
            #expect(on == spelledOut)
            // Judging today's state on 30 June misses the cases answered since then.
            #expect(Set(on) != Set(todayOnly), "on: \(on) today-only: \(todayOnly)")
            // Every case overdue then had been received by then.
            let rows = try JSONSerialization.jsonObject(with: Data(try ok(["register", "foi", "--overdue", "--on", "2026-06-30", "--format", "json"] + l).stdout.utf8)) as? [[String: Any]] ?? []
            for row in rows {
                #expect((row["receivedOn"] as? String ?? "9") <= "2026-06-30")
                #expect((row["overdueSteps"] as? [String] ?? []).isEmpty == false)
            }
            let both = try CLI.run(["register", "foi", "--on", "2026-06-30", "--today", "2026-07-01"] + l)
            #expect(both.status != 0 && both.stderr.contains("give --on alone"), "\(both.stderr)")
            let help = try CLI.run(["register", "--help"])
            #expect(help.stdout.contains("Alone, --today judges the register as it stands now"))
        }
    }

    @Test("bad filter values and --from after --to are refused with what is allowed; pages, sort, search and officer")
    func filtersPagesAndOfficer() throws {
        try withTemporaryDirectory { (dir: String) in
            let l = ["--ledger", dir + "/l"]
            _ = try ok(["init", "--origin", "t.local/log"] + l)
            _ = try ok(["demo", "generate", "--cases", "120", "--seed", "5", "--end", "2026-11-30"] + l)
            let bogus = try CLI.run(["register", "foi", "--status", "bogus"] + l)
            #expect(bogus.status != 0)
            #expect(bogus.stderr.contains("status must be one of: open, awaitingClarification, awaitingFee, responded"), "\(bogus.stderr)")
            let dates = try CLI.run(["register", "foi", "--from", "2026-03-01", "--to", "2026-01-01"] + l)
            #expect(dates.status != 0 && dates.stderr.contains("from 2026-03-01 is after to 2026-01-01: give a from day"), "\(dates.stderr)")
            let sort = try CLI.run(["register", "foi", "--sort", "nonsense"] + l)
            #expect(sort.status != 0 && sort.stderr.contains("sort must be one of: reference, received"), "\(sort.stderr)")

            let all = try references(try ok(["register", "foi", "--format", "json", "--sort", "received:desc"] + l).stdout)
            var paged: [String] = []
            for page in 1...((all.count + 24) / 25) {
                paged += try references(try ok(["register", "foi", "--format", "json", "--sort", "received:desc", "--page", String(page), "--page-size", "25"] + l).stdout)
            }
            #expect(paged == all && all.count > 50)
            let table = try ok(["register", "foi", "--page", "2", "--page-size", "25"] + l).stdout
            #expect(table.contains("rows 26–50 of "), "\(table.suffix(200))")
            #expect(table.hasPrefix("Reference"), "the terminal table has words for people")
            #expect(!table.contains("grantedInPart") && !table.contains("awaitingClarification"))

            let csv = try ok(["register", "foi", "--format", "csv"] + l).stdout
            let header = csv.split(separator: "\r\n").first ?? ""
            #expect(header.hasPrefix("Reference,Received,Regime") && header.hasSuffix(",Case officer"))
            let officers = Set(csv.split(separator: "\r\n").dropFirst().compactMap { $0.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init) })
            #expect(!officers.contains(""), "every demo case has an officer")
            let someone = try #require(officers.sorted().first)
            let mine = try references(try ok(["register", "foi", "--format", "json", "--officer", someone] + l).stdout)
            #expect(!mine.isEmpty && mine.count < all.count)
            let first = try #require(all.first)
            #expect(try references(try ok(["register", "foi", "--format", "json", "--search", first.lowercased()] + l).stdout) == [first])
        }
    }
}
