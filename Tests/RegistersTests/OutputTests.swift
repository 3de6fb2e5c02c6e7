import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore
@testable import Registers

@Suite("Register output")
struct OutputTests {
    @Test func csvQuotingFollowsRFC4180() {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.field("cr\r\nlf") == "\"cr\r\nlf\"")
        #expect(CSV.field("Zoë’s café") == "Zoë’s café")
        #expect(CSV.field("") == "")
        #expect(CSV.render([["h1", "h2"], ["x,y", "z"]]) == "h1,h2\r\n\"x,y\",z\r\n")
    }

    @Test func csvOfARegisterParsesBackToItsCells() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            let summary = "Costs of \"Project X\", phase 2\nand its café"
            try tl.append("FOI-2025-0001", RequestReceived(channel: .email, receivedAt: "2025-03-03T10:00:00Z", regime: .foia,
                                                           requester: Requester(name: "N"), requesterType: .media, summary: summary),
                          occurred: ts("2025-03-03T10:00:00Z"), recorded: ts("2025-03-03T10:05:00Z"))
            let out = try tl.snapshot().rows(.foi, today: day("2025-03-04"))
            let records = Self.parseCSV(out.csv)
            #expect(records.count == 2)
            // The header in words for people; the cells as stored.
            #expect(records[0] == out.header.map(Labels.field))
            #expect(records[0].prefix(3) == ["Reference", "Received", "Regime"])
            #expect(records[1] == out.cells[0])
            #expect(records[1][out.header.firstIndex(of: "summary")!] == summary)
            #expect(out.csv.hasSuffix("\r\n"))
            #expect(!out.csv.hasPrefix("\u{FEFF}"))
        }
    }

    /// A minimal RFC 4180 reader, for checking the writer.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars = chars.dropFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\r" && chars.first == "\n" {
                chars = chars.dropFirst()
                record.append(field); field = ""
                records.append(record); record = []
            } else {
                field.unicodeScalars.append(c)
            }
        }
        return records
    }

    @Test func jsonRowsValidateAgainstTheRegisterSchemas() throws {
        try withTemporaryDirectory { dir in
            let b = try Scenario.build(in: dir + "/ledger")
            let s = try b.ledger.snapshot()
            let probe = try runProcess(["python3", "-c", "import jsonschema"])
            try #require(probe.status == 0, "python3 with jsonschema is needed (run Tools/test)")
            var outputs: [(String, JSONValue)] = []
            for register in RegisterName.allCases {
                outputs.append((register.rawValue, .array(try s.rows(register, today: Scenario.today).json)))
                outputs.append((register.rawValue, .array(try s.rows(register, today: Scenario.today, reveal: Reveal.redactingSealed).json)))
            }
            // Rows as stored (no query-time columns) validate too.
            outputs.append(("foi", .array(try s.foi.map { try JSONBridge.encode($0) })))
            outputs.append(("due", try DueItem.json(s.dueList(within: 10, today: Scenario.today))))
            outputs.append(("compliance", try ComplianceReport(period: ReportPeriod("2025")!, snapshot: s, today: Scenario.today).json()))
            for (i, (register, value)) in outputs.enumerated() {
                let file = "\(dir)/\(i)-\(register).json"
                try Data(value.canonicalBytes()).write(to: URL(fileURLWithPath: file))
                let result = try runProcess(["python3", "Tools/validate-rows.py", register, file], in: repositoryRoot)
                #expect(result.status == 0, "\(register): \(result.output)")
            }
            // The validator does reject a bad row.
            let bad = "\(dir)/bad.json"
            try Data(#"[{"reference":"FOI-2025-0001","requester":"Someone"}]"#.utf8).write(to: URL(fileURLWithPath: bad))
            #expect(try runProcess(["python3", "Tools/validate-rows.py", "foi", bad], in: repositoryRoot).status == 1)
        }
    }

    /// Canaries are planted in every personal field of the scenario, as plaintext on some cases and
    /// as sealed-looking objects on others. No output of any register, the due list or the
    /// compliance report may contain one; nor may the stored FOI, breach or disclosure rows, and
    /// the stored SAR rows never hold the requester.
    @Test func canariesNeverAppearInOutput() throws {
        try withTemporaryDirectory { dir in
            let b = try Scenario.build(in: dir)
            var everything = ""
            for asOf in [AsOf.latest, .endOfDay(day("2025-06-30"))] {
                let s = try b.ledger.snapshot(asOf)
                for register in RegisterName.allCases {
                    let out = try s.rows(register, today: Scenario.today)
                    everything += out.csv + out.table + out.jsonText
                }
                let due = s.dueList(within: 30, today: Scenario.today)
                everything += DueItem.table(due) + DueItem.csv(due) + (try DueItem.json(due)).canonicalString
                let report = ComplianceReport(period: ReportPeriod("2025")!, snapshot: s, today: Scenario.today)
                everything += report.text + (try report.json()).canonicalString + report.svgChart
            }
            #expect(!everything.isEmpty)
            #expect(!everything.contains("CANARY"))
            #expect(!everything.contains("$sealed"))
            #expect(everything.contains("[redacted]"))  // the SAR summaries and near-miss descriptions

            // Stored rows: FOI, breach and disclosure hold no personal field at all.
            var stored = ""
            try b.ledger.ledger.read { log in
                for name in [RegisterName.foi, .breach, .disclosure, .sar] {
                    try log.transaction.scan(log.transaction.database(name.rowsTable)) { _, v in
                        let text = String(decoding: Array(v), as: UTF8.self)
                        if name == .sar {
                            #expect(!text.contains("Requester"), "a SAR row holds the requester")
                            #expect(!text.contains("subj-CANARY-SAR-2025-0002-KEY") || !text.contains("Solicitor"))
                        } else {
                            stored += text
                        }
                        return true
                    }
                }
            }
            #expect(!stored.contains("CANARY"))
            #expect(!stored.contains("example.org"))
        }
    }

    @Test func revealIsAppliedToPersonalValuesOnly() throws {
        try withTemporaryDirectory { dir in
            let s = try Scenario.build(in: dir).ledger.snapshot()
            let opened = try s.rows(.nearMiss, today: Scenario.today) { value in
                Reveal.isSealed(value) ? .string("opened:\(value["$sealed"]?["key"]?.stringValue ?? "")") : value
            }
            #expect(opened.json[0]["description"] == .string("opened:subj-CANARY-NM-2025-0001-KEY"))
            #expect(opened.json[1]["description"] == .string("CANARY-PLAIN laptop left at a named client's home"))
            let partial = try s.rows(.nearMiss, today: Scenario.today, reveal: Reveal.redactingSealed)
            #expect(partial.json[0]["description"] == .string("[redacted]"))
        }
    }

    @Test func dueListIsSoonestFirst() throws {
        try withTemporaryDirectory { dir in
            let s = try Scenario.build(in: dir).ledger.snapshot()
            // Within 5 working days of Wed 1 Oct: by Wed 8 Oct; overdue steps always.
            let items = s.dueList(within: 5, today: Scenario.today)
            let expected: [(String, String, String, String, Bool, Int)] = [
                // The wrongful-release protocol: the affected parties and the Press Office, due the day of the link (Thu 22 May):
                // 23, (26 May holiday), 27, 28 May = 3 working days to the next deadline, 92 in all.
                ("BR-2025-0003", "affectedPartyContact", "2025-05-22", "2025-05-22", true, -92),
                ("BR-2025-0003", "pressOffice", "2025-05-22", "2025-05-22", true, -92),
                // The breach procedure §3.2: the Head of Legal the day the Director heard (Wed 28 May): 29, 30 May, 2-5 Jun = 6 more.
                ("BR-2025-0003", "headOfLegalNotification", "2025-05-28", "2025-05-28", true, -89),
                // §5.5: the updated form two weeks after 22 May (Thu 5 Jun): 6, 9-13, 16-20, 23-27, 30 Jun = 17 more.
                ("BR-2025-0003", "updatedReportingForm", "2025-06-05", "2025-06-05", true, -83),
                // Investigation due 30 Jun: Jul 23 + Aug 20 (25 Aug holiday) + Sep 22 + Oct 1 = 66 working days late.
                ("BR-2025-0003", "investigation", "2025-06-30", "2025-06-30", true, -66),
                // FOISA due 29 Aug; home-calendar days after it through 1 Oct: Sep 22 + Oct 1 = 23.
                ("FOI-2025-0005", "response", "2025-08-29", "2025-08-29", true, -23),
                // Review due 8 Sep: 9-12 (4), 15-19 (9), 22-26 (14), 29-30, 1 Oct (17).
                ("NM-2025-0002", "review", "2025-09-08", "2025-09-08", true, -17),
                // Sensitive, so reported immediately (§3.1): the day it was discovered, Mon 29 Sep; 30 Sep, 1 Oct = 2 late.
                ("BR-2025-0004", "reportToBusinessManager", "2025-09-29", "2025-09-29", true, -2),
                ("SAR-2025-0004", "response", "2025-09-30", "2025-09-30", true, -1),
                ("BR-2025-0004", "reportingForm", "2025-10-01", "2025-10-01", false, 0),
                // Same day: the 09:00 instant deadline comes before the day deadline.
                ("BR-2025-0004", "icoNotification", "2025-10-02T09:00:00Z", "2025-10-02", false, 1),
                ("NM-2025-0003", "review", "2025-10-02", "2025-10-02", false, 1),
            ]
            #expect(items.count == expected.count)
            for (item, want) in zip(items, expected) {
                #expect(item.reference == want.0)
                #expect(item.step == want.1)
                #expect(item.due == want.2)
                #expect(item.dueOn == day(want.3))
                #expect(item.overdue == want.4)
                #expect(item.workingDaysLeft == want.5, "\(item.reference) \(item.step)")
            }
            // Ten working days reach 15 Oct: FOI-2025-0010's response joins at the end.
            let ten = s.dueList(within: 10, today: Scenario.today)
            #expect(ten.count == expected.count + 1)
            #expect(ten.last?.reference == "FOI-2025-0010")
            #expect(ten.last?.workingDaysLeft == 10)
        }
    }
}
