import Foundation
import Testing
@testable import Casework

private func ld(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

@Suite("LocalDate")
struct ClockLocalDateTests {
    @Test("parses only real YYYY-MM-DD dates", arguments: [
        ("2024-02-29", true), ("2025-02-29", false), ("2025-13-01", false), ("2025-04-31", false),
        ("2025-4-01", false), ("2025-04-01T00:00:00Z", false), ("20250401", false), ("", false),
        ("2025-12-31", true), ("1900-02-29", false), ("2000-02-29", true), ("+025-01-01", false),
    ])
    func parsing(text: String, valid: Bool) {
        #expect((LocalDate(iso: text) != nil) == valid)
        if valid { #expect(LocalDate(iso: text)!.iso == text) }
    }

    @Test("weekday of known dates", arguments: [
        ("1970-01-01", Weekday.thursday), ("2025-03-15", .saturday), ("2025-03-16", .sunday),
        ("2025-03-17", .monday), ("2024-02-29", .thursday), ("2000-01-01", .saturday), ("1969-12-31", .wednesday),
    ])
    func weekday(text: String, expected: Weekday) {
        #expect(ld(text).weekday == expected)
    }

    @Test("adding days crosses months, years and leap days")
    func addingDays() {
        #expect(ld("2024-02-28").adding(days: 1) == ld("2024-02-29"))
        #expect(ld("2025-02-28").adding(days: 1) == ld("2025-03-01"))
        #expect(ld("2025-12-31").adding(days: 1) == ld("2026-01-01"))
        #expect(ld("2025-01-01").adding(days: -1) == ld("2024-12-31"))
        #expect(ld("2025-01-01").adding(days: 39) == ld("2025-02-09"))
        #expect(ld("2025-01-01").days(until: ld("2026-01-01")) == 365)
    }

    @Test("adding months clamps to the month's last day", arguments: [
        ("2024-01-29", 1, "2024-02-29"), ("2024-01-30", 1, "2024-02-29"), ("2024-01-31", 1, "2024-02-29"),
        ("2025-01-29", 1, "2025-02-28"), ("2025-01-31", 1, "2025-02-28"), ("2025-03-31", 1, "2025-04-30"),
        ("2025-12-15", 1, "2026-01-15"), ("2024-11-30", 3, "2025-02-28"), ("2025-01-31", 3, "2025-04-30"),
    ])
    func addingMonths(start: String, months: Int, expected: String) {
        #expect(ld(start).adding(months: months) == ld(expected))
    }

    @Test("Codable as a bare YYYY-MM-DD string; bad strings refused")
    func codable() throws {
        let data = try JSONEncoder().encode([ld("2025-03-17")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2025-03-17"]"#)
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [ld("2025-03-17")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LocalDate].self, from: Data(#"["2025-02-30"]"#.utf8)) }
    }

    @Test("ordering")
    func ordering() {
        #expect(ld("2025-01-31") < ld("2025-02-01"))
        #expect(ld("2024-12-31") < ld("2025-01-01"))
        #expect([ld("2025-03-02"), ld("2025-01-09"), ld("2025-03-01")].max() == ld("2025-03-02"))
    }

    @Test("conversion to and from instants in Europe/London across BST")
    func londonConversion() throws {
        // 23:30 UTC on 30 March 2025 is 00:30 BST on 31 March.
        #expect(LocalDate(Date(timeIntervalSince1970: 1_743_377_400)) == ld("2025-03-31"))
        // 23:30 UTC on 15 January 2025 is still 15 January in London (GMT).
        #expect(LocalDate(Date(timeIntervalSince1970: 1_736_983_800)) == ld("2025-01-15"))
        // London midnight of 1 July 2025 is 23:00 UTC on 30 June; of 1 January, 00:00 UTC.
        #expect(ld("2025-07-01").startOfDay() == Date(timeIntervalSince1970: 1_751_324_400))
        #expect(ld("2025-01-01").startOfDay() == Date(timeIntervalSince1970: 1_735_689_600))
        #expect(LocalDate(ld("2025-10-26").startOfDay()) == ld("2025-10-26"))
    }
}
