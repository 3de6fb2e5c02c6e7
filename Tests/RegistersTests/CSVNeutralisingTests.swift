import Foundation
import LedgerStore
import Testing
@testable import Registers

/// OWASP "CSV Injection": a cell a spreadsheet would run as a formula is written as text.
@Suite("CSV cells are neutralised against formulas")
struct CSVNeutralisingTests {
    @Test("a cell starting with a trigger character gets a leading apostrophe", arguments: [
        ("=HYPERLINK(\"http://evil.example\",\"Click\")", "'=HYPERLINK(\"http://evil.example\",\"Click\")"),
        ("+44 20 7946 0000 call me", "'+44 20 7946 0000 call me"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("=", "'="),
        ("-", "'-"),
    ])
    func triggers(cell: String, expected: String) {
        #expect(CSV.neutralised(cell) == expected)
    }

    @Test("a plain number stays a number", arguments: ["-3", "+2", "0", "42", "-0.5", "+12.25", "-10"])
    func numbers(cell: String) {
        #expect(CSV.neutralised(cell) == cell)
        #expect(CSV.field(cell) == cell)
    }

    @Test("what only looks like a number is neutralised", arguments: ["-3-3", "-.5", "-5.", "+1e5", "-1,000", "- 3", "-٣"])
    func notNumbers(cell: String) {
        #expect(CSV.neutralised(cell) == "'" + cell)
    }

    @Test("cells that do not start with a trigger are untouched, including ones already neutralised")
    func untouched() {
        for cell in ["'=1+1", "plain", "FOI-2026-0001", "2026-03-02", "a=b", "café", "", " =1", "\"=1\""] {
            #expect(CSV.neutralised(cell) == cell, "\(cell)")
        }
        // Written twice, an already neutralised cell does not gain a second apostrophe.
        #expect(CSV.neutralised(CSV.neutralised("=1")) == "'=1")
    }

    @Test("the apostrophe comes before quoting: a multi-line formula cell stays one quoted cell")
    func multiLine() {
        #expect(CSV.field("=A1\n=B2") == "\"'=A1\n=B2\"")
        #expect(CSV.field("=HYPERLINK(\"x\",\"y\")") == "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"")
        #expect(CSV.field("first line\n=SUM(A1)") == "\"first line\n=SUM(A1)\"")
        #expect(CSV.render([["summary", "days"], ["=cmd", "-3"]]) == "summary,days\r\n'=cmd,-3\r\n")
    }

    @Test("every table through the one writer: reports and the due list are neutralised too")
    func oneWriter() {
        let report = ReportTable.csv([ReportTable(id: "t", caption: "T", header: ["key", "count"], rows: [["=evil()", "-1"]])])
        #expect(report == "table,key,measure,value\r\nt,'=evil(),count,-1\r\n")
        let item = DueItem(reference: "FOI-2026-0001", register: "foi", step: "response", due: "2026-03-02",
                           dueOn: LocalDate(year: 2026, month: 3, day: 2)!, overdue: true, workingDaysLeft: -3)
        #expect(DueItem.csv([item]).hasSuffix("2026-03-02,FOI-2026-0001,foi,response,yes,-3\r\n"))
    }

    @Test("for Excel: a UTF-8 byte order mark first, CRLF record ends, line breaks inside cells kept")
    func excel() {
        let csv = CSV.render([["summary"], ["café"], ["two\nlines"]])
        let excel = CSV.excel(csv)
        #expect(Array(excel.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(excel.dropFirst()) == csv)
        #expect(excel.utf8.count == csv.utf8.count + 3)
        #expect(excel.contains("café\r\n"))
        #expect(excel.contains("\"two\nlines\"\r\n"))
        // Lone LF record ends (text not written by `render`) become CRLF; quoted ones stay.
        #expect(CSV.excel("a\nb\n\"c\nd\"\n") == "\u{FEFF}a\r\nb\r\n\"c\nd\"\r\n")
    }
}
