import Foundation
import Testing
@testable import Casework

private func ld(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

private let all3 = "(england-and-wales, scotland, northern-ireland)"

@Suite("Working-day calendar")
struct CalendarWorkingDayTests {
    let foia = WorkingDayCalendar(regime: .foia, holidays: .bundled)
    let foisa = WorkingDayCalendar(regime: .foisa, holidays: .bundled)
    let england = WorkingDayCalendar(holidays: .bundled, divisions: [.englandAndWales])

    @Test("regimes choose their divisions")
    func regimeDivisions() {
        #expect(foia.divisions == [.englandAndWales, .scotland, .northernIreland])
        #expect(WorkingDayCalendar(regime: .eir, holidays: .bundled).divisions == foia.divisions)
        #expect(foisa.divisions == [.scotland])
    }

    @Test("FOIA non-working reasons", arguments: [
        ("2025-03-15", "Saturday"),
        ("2025-03-16", "Sunday"),
        ("2025-12-25", "Christmas Day"),
        ("2025-04-18", "Good Friday"),
        ("2025-03-17", "bank holiday: St Patrick’s Day (northern-ireland)"),
        ("2024-03-18", "bank holiday: St Patrick’s Day, substitute day (northern-ireland)"),
        ("2025-07-14", "bank holiday: Battle of the Boyne (Orangemen’s Day), substitute day (northern-ireland)"),
        ("2025-01-02", "bank holiday: 2nd January (scotland)"),
        ("2025-12-01", "bank holiday: St Andrew’s Day, substitute day (scotland)"),
        ("2025-08-04", "bank holiday: Summer bank holiday (scotland)"),
        ("2025-08-25", "bank holiday: Summer bank holiday (england-and-wales, northern-ireland)"),
        ("2025-04-21", "bank holiday: Easter Monday (england-and-wales, northern-ireland)"),
        ("2025-05-05", "bank holiday: Early May bank holiday \(all3)"),
        ("2023-01-02", "bank holiday: New Year’s Day, substitute day \(all3)"),
        ("2023-01-03", "bank holiday: 2nd January, substitute day (scotland)"),
        ("2022-12-27", "bank holiday: Christmas Day, substitute day \(all3)"),
        ("2020-05-08", "bank holiday: Early May bank holiday (VE day) \(all3)"),
        ("2022-09-19", "bank holiday: Bank Holiday for the State Funeral of Queen Elizabeth II \(all3)"),
        ("2023-05-08", "bank holiday: Bank holiday for the coronation of King Charles III \(all3)"),
        ("2028-03-17", "bank holiday: St Patrick’s Day (northern-ireland)"),
    ])
    func foiaReasons(date: String, reason: String) {
        #expect(foia.nonWorkingReason(ld(date)) == reason)
        #expect(!foia.isWorkingDay(ld(date)))
    }

    @Test("working days under FOIA that a single division would count differently", arguments: [
        "2020-05-04", "2022-05-30", "2025-03-18", "2025-12-24", "2025-12-31", "2026-01-05",
    ])
    func foiaWorkingDays(date: String) {
        #expect(foia.isWorkingDay(ld(date)))
        #expect(foia.nonWorkingReason(ld(date)) == nil)
    }

    @Test("FOISA counts Scottish holidays only: Easter Monday and St Patrick's Day are working days")
    func foisaDays() {
        #expect(foisa.isWorkingDay(ld("2025-04-21")))
        #expect(foisa.isWorkingDay(ld("2025-03-17")))
        #expect(foisa.isWorkingDay(ld("2025-08-25")))
        #expect(foisa.nonWorkingReason(ld("2025-08-04")) == "bank holiday: Summer bank holiday (scotland)")
        #expect(foisa.nonWorkingReason(ld("2025-04-18")) == "Good Friday")
        #expect(england.isWorkingDay(ld("2025-01-02")))
        #expect(england.isWorkingDay(ld("2025-03-17")))
    }

    @Test("Christmas Day and Good Friday are never working days, even if the list omits them")
    func commonLawHolidays() throws {
        var object: [String: Any] = [:]
        for division in Division.allCases {
            object[division.rawValue] = ["division": division.rawValue,
                                         "events": [["title": "Boxing Day", "date": "2025-12-26"]]] as [String: Any]
        }
        let sparse = try BankHolidayCalendar(feedJSON: JSONSerialization.data(withJSONObject: object))
        let calendar = WorkingDayCalendar(regime: .foia, holidays: sparse)
        #expect(calendar.nonWorkingReason(ld("2025-12-25")) == "Christmas Day")
        #expect(calendar.nonWorkingReason(ld("2025-04-18")) == "Good Friday")
        #expect(calendar.isWorkingDay(ld("2025-04-21")))  // the feed is the authority for 2025
    }

    @Test("addWorkingDays: day one is the first working day after the date, even from a non-working day")
    func dayOne() {
        // Friday 2025-03-14 → Mon 17 is St Patrick's (NI) → day one Tue 18 under FOIA.
        let fromFriday = foia.addWorkingDays(1, after: ld("2025-03-14"))
        #expect(fromFriday.date == ld("2025-03-18"))
        #expect(fromFriday.skipped == [
            SkippedDay(date: ld("2025-03-15"), reason: "Saturday"),
            SkippedDay(date: ld("2025-03-16"), reason: "Sunday"),
            SkippedDay(date: ld("2025-03-17"), reason: "bank holiday: St Patrick’s Day (northern-ireland)"),
        ])
        // From Saturday 2025-03-15 in England and Wales: Sun 16 skipped, Mon 17 is day one.
        let fromSaturday = england.addWorkingDays(1, after: ld("2025-03-15"))
        #expect(fromSaturday.date == ld("2025-03-17"))
        #expect(fromSaturday.skipped.map(\.date) == [ld("2025-03-16")])
        #expect(england.addWorkingDays(0, after: ld("2025-03-15")).date == ld("2025-03-15"))
    }

    @Test("workingDays(after:through:) counts the interval after start through end", arguments: [
        ("2025-03-10", "2025-04-08", 20), ("2025-03-10", "2025-03-10", 0), ("2025-03-10", "2025-03-01", 0),
        ("2025-03-14", "2025-03-17", 0), ("2025-03-14", "2025-03-18", 1), ("2024-12-20", "2025-01-23", 20),
    ])
    func countInterval(start: String, end: String, expected: Int) {
        #expect(foia.workingDays(after: ld(start), through: ld(end)) == expected)
    }

    @Test("nextWorkingDay(onOrAfter:) over Christmas 2025 in England and Wales")
    func nextWorkingDay() {
        let result = england.nextWorkingDay(onOrAfter: ld("2025-12-25"))
        #expect(result.date == ld("2025-12-29"))
        #expect(result.skipped.map(\.description) == [
            "2025-12-25 Christmas Day", "2025-12-26 bank holiday: Boxing Day (england-and-wales)",
            "2025-12-27 Saturday", "2025-12-28 Sunday",
        ])
        #expect(england.nextWorkingDay(onOrAfter: ld("2025-12-24")).date == ld("2025-12-24"))
    }
}
