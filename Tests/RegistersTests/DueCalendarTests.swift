import Foundation
import LedgerStore
import Testing
@testable import Registers

/// The due-step calendar feed as RFC 5545 text: folding, escaping, dates, UIDs, the officer filter.
@Suite("Due steps as iCalendar (RFC 5545)")
struct DueCalendarTests {
    static let day = LocalDate(year: 2026, month: 3, day: 2)!

    static func item(_ reference: String, _ step: String, register: String = "foi", due: String = "2026-03-04", left: Int = 2) -> DueItem {
        let dueOn = LocalDate(iso: String(due.prefix(10)))!
        return DueItem(reference: reference, register: register, step: step, due: due, dueOn: dueOn, overdue: left < 0, workingDaysLeft: left)
    }

    /// The content lines after unfolding (RFC 5545 §3.1: CRLF followed by one space is removed).
    static func unfolded(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test("lines fold at 75 octets with CRLF and a space, never inside a UTF-8 character, and unfold to the original")
    func folding() {
        let ascii = "DESCRIPTION:" + String(repeating: "a", count: 200)
        let folded = ICalendar.fold(ascii)
        let physical = folded.components(separatedBy: "\r\n").dropLast()
        #expect(physical.allSatisfy { $0.utf8.count <= 75 })
        #expect(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(physical.first?.utf8.count == 75)
        #expect(folded.hasSuffix("\r\n"))
        #expect(Self.unfolded(folded) == [ascii])

        // "é" is two octets and "€" three: a fold never splits them.
        let wide = "SUMMARY:" + String(repeating: "é€", count: 40)
        let wideFolded = ICalendar.fold(wide)
        for line in wideFolded.components(separatedBy: "\r\n").dropLast() {
            #expect(line.utf8.count <= 75)
            #expect(String(validating: Array(line.utf8), as: UTF8.self) != nil)
        }
        #expect(Self.unfolded(wideFolded) == [wide])
        // A short line is not folded.
        #expect(ICalendar.fold("VERSION:2.0") == "VERSION:2.0\r\n")
    }

    @Test("TEXT values escape backslash, semicolon, comma and line breaks, and drop other control characters")
    func escaping() {
        #expect(ICalendar.text("a\\b;c,d") == "a\\\\b\\;c\\,d")
        #expect(ICalendar.text("one\ntwo\r\nthree\rfour") == "one\\ntwo\\nthree\\nfour")
        #expect(ICalendar.text("bell\u{07}tab\there") == "belltabhere")
        #expect(ICalendar.text("café: ok") == "café: ok")
    }

    @Test("dates and UTC instants in iCalendar form")
    func values() {
        #expect(ICalendar.date(Self.day) == "20260302")
        #expect(ICalendar.utc(Timestamp(rfc3339: "2026-03-05T10:15:00.250Z")!) == "20260305T101500Z")
    }

    @Test("one VEVENT per step: all-day for day deadlines, UTC for hour clocks, stable UIDs, URL only with a base URL")
    func render() throws {
        let items = [
            Self.item("FOI-2026-0012", "response", due: "2026-03-04", left: 2),
            Self.item("BR-2026-0003", "icoNotification", register: "breach", due: "2026-03-05T10:15:00Z", left: 3),
            Self.item("SAR-2026-0001", "response", register: "sar", due: "2026-02-25", left: -3),
        ]
        let stamp = Timestamp(rfc3339: "2026-03-02T10:00:00Z")!
        let calendar = DueCalendar(origin: "council.example/log", baseURL: "https://casebook.council.example/")
        let text = calendar.render(items, stamp: stamp)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends with CRLF")
        let lines = Self.unfolded(text)
        #expect(lines.contains("PRODID:-//Casebook//Due steps//EN"))
        #expect(lines.contains("VERSION:2.0"))
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 3)
        #expect(lines.filter { $0 == "DTSTAMP:20260302T100000Z" }.count == 3)
        #expect(lines.contains("UID:FOI-2026-0012.response@council.example/log"))
        #expect(lines.contains("DTSTART;VALUE=DATE:20260304"))
        #expect(lines.contains("DTSTART:20260305T101500Z"))
        #expect(lines.contains("SUMMARY:FOI-2026-0012: response due"))
        #expect(lines.contains("SUMMARY:SAR-2026-0001: response overdue"))
        #expect(lines.contains("DESCRIPTION:FOI/EIR register\\nResponse due 2026-03-04 (2 working days left)"))
        #expect(lines.contains("DESCRIPTION:Subject access register\\nResponse due 2026-02-25 (overdue by 3 working days)"))
        #expect(lines.contains("URL:https://casebook.council.example/cases/FOI-2026-0012"))
        // The same items give the same UIDs; a second fetch changes only DTSTAMP.
        let later = calendar.render(items, stamp: Timestamp(rfc3339: "2026-03-02T11:00:00Z")!)
        #expect(Self.unfolded(later).filter { $0.hasPrefix("UID:") } == lines.filter { $0.hasPrefix("UID:") })
        #expect(Set(lines.filter { $0.hasPrefix("UID:") }).count == 3)
        // Without a base URL there is no URL line.
        #expect(!DueCalendar(origin: "council.example/log").render(items, stamp: stamp).contains("URL:"))
    }

    @Test("an empty feed is still a valid calendar")
    func empty() {
        let lines = Self.unfolded(DueCalendar(origin: "o").render([], stamp: Timestamp(rfc3339: "2026-03-02T10:00:00Z")!))
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        #expect(!lines.contains("BEGIN:VEVENT"))
    }

    @Test("only the steps of cases the officer holds (the due item's case officer)")
    func officerFilter() {
        let officers = ["FOI-2026-0001": "a.officer", "FOI-2026-0003": "a.officer", "FOI-2026-0002": "b.officer"]
        var items = [Self.item("FOI-2026-0001", "response"), Self.item("FOI-2026-0002", "response"),
                     Self.item("FOI-2026-0003", "acknowledgement"), Self.item("FOI-2026-0004", "response")]
        for i in items.indices { items[i].officer = officers[items[i].reference] }
        #expect(DueCalendar.items(items, heldBy: "a.officer").map(\.reference) == ["FOI-2026-0001", "FOI-2026-0003"])
        #expect(DueCalendar.items(items, heldBy: "b.officer").map(\.reference) == ["FOI-2026-0002"])
        #expect(DueCalendar.items(items, heldBy: "nobody").isEmpty)
    }
}
