import Foundation
import Testing
@testable import Casework

private func ld(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

/// The bundled feed's JSON, for building variants.
private func bundledFeedObject() throws -> [String: Any] {
    let url = try #require(Bundle.module.url(forResource: "bank-holidays", withExtension: "json"))
    return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
}

private func feed(_ events: [Division: [(String, String)]]) throws -> Data {
    var object: [String: Any] = [:]
    for division in Division.allCases {
        object[division.rawValue] = [
            "division": division.rawValue,
            "events": (events[division] ?? []).map { ["title": $0.1, "date": $0.0, "notes": "", "bunting": true] },
        ] as [String: Any]
    }
    return try JSONSerialization.data(withJSONObject: object)
}

@Suite("Bank holiday calendar")
struct CalendarBankHolidayTests {
    @Test("Easter Sunday by the anonymous Gregorian algorithm", arguments: [
        (2008, "2008-03-23"), (2011, "2011-04-24"), (2019, "2019-04-21"), (2020, "2020-04-12"),
        (2021, "2021-04-04"), (2022, "2022-04-17"), (2023, "2023-04-09"), (2024, "2024-03-31"),
        (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"), (2028, "2028-04-16"),
        (2038, "2038-04-25"), (2285, "2285-03-22"),
    ])
    func easter(year: Int, expected: String) {
        #expect(BankHolidayCalendar.easterSunday(year: year) == ld(expected))
    }

    @Test("bundled feed covers 2019–2027 for every division")
    func bundledCoverage() {
        for division in Division.allCases {
            #expect(BankHolidayCalendar.bundled.publishedYears(for: division) == Array(2019...2027))
        }
        #expect(!BankHolidayCalendar.bundled.isPublished(year: 2028, division: .scotland))
    }

    /// The rule generator must reproduce every published holiday 2019–2027 — date, title and
    /// substitute flag — except the one-off and moved days that no rule can know.
    @Test("rule generator agrees with the gov.uk feed 2019–2027 except known one-off days")
    func generatorMatchesFeed() {
        struct Key: Hashable, CustomStringConvertible {
            var division: Division, date: LocalDate, title: String, substitute: Bool
            var description: String { "\(division) \(date) \(title)\(substitute ? " (substitute)" : "")" }
        }
        var publishedOnly: Set<String> = []
        var generatedOnly: Set<String> = []
        for division in Division.allCases {
            for year in 2019...2027 {
                let published = Set(BankHolidayCalendar.bundled.holidays(in: year, division: division).map {
                    Key(division: division, date: $0.date, title: $0.title, substitute: $0.isSubstitute)
                })
                let generated = Set(BankHolidayCalendar.generatedHolidays(year: year, division: division).map {
                    Key(division: division, date: $0.date, title: $0.title, substitute: $0.isSubstitute)
                })
                publishedOnly.formUnion(published.subtracting(generated).map { "\($0.division) \($0.date)" })
                generatedOnly.formUnion(generated.subtracting(published).map { "\($0.division) \($0.date)" })
            }
        }
        var expectedPublishedOnly: Set<String> = []
        var expectedGeneratedOnly: Set<String> = []
        for division in Division.allCases {
            // VE day moved the 2020 Early May holiday from Monday 4 to Friday 8 May; the 2022
            // Spring holiday moved from Monday 30 May to Thursday 2 June, with the Platinum Jubilee
            // on Friday 3 June; the Queen's state funeral 2022-09-19; the coronation 2023-05-08.
            for date in ["2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"] {
                expectedPublishedOnly.insert("\(division) \(date)")
            }
            for date in ["2020-05-04", "2022-05-30"] {
                expectedGeneratedOnly.insert("\(division) \(date)")
            }
        }
        #expect(publishedOnly == expectedPublishedOnly)
        #expect(generatedOnly == expectedGeneratedOnly)
    }

    @Test("generated 2028 holidays, worked by hand")
    func generated2028() {
        // 2028: 1 Jan Saturday → Mon 3 (and Tue 4 for 2nd January in Scotland); Easter 16 April;
        // St Patrick's Friday 17 March; Boyne Wednesday 12 July; St Andrew's Thursday 30 Nov;
        // Christmas Monday.
        let england = BankHolidayCalendar.generatedHolidays(year: 2028, division: .englandAndWales).map(\.date.iso)
        #expect(england == ["2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29",
                            "2028-08-28", "2028-12-25", "2028-12-26"])
        let scotland = BankHolidayCalendar.generatedHolidays(year: 2028, division: .scotland).map(\.date.iso)
        #expect(scotland == ["2028-01-03", "2028-01-04", "2028-04-14", "2028-05-01", "2028-05-29",
                             "2028-08-07", "2028-11-30", "2028-12-25", "2028-12-26"])
        let ni = BankHolidayCalendar.generatedHolidays(year: 2028, division: .northernIreland).map(\.date.iso)
        #expect(ni == ["2028-01-03", "2028-03-17", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29",
                       "2028-07-12", "2028-08-28", "2028-12-25", "2028-12-26"])
        #expect(BankHolidayCalendar.bundled.holiday(on: ld("2028-01-04"), in: .scotland)?.source == .generated)
    }

    @Test("substitute-day patterns for Christmas and New Year", arguments: [
        // Christmas Sunday (2033): Boxing Day keeps Monday 26, Christmas substitute Tuesday 27.
        (2033, Division.englandAndWales, ["2033-12-26 Boxing Day", "2033-12-27 Christmas Day*"]),
        // Christmas Saturday (2032): Monday 27 and Tuesday 28 both substitutes.
        (2032, .englandAndWales, ["2032-12-27 Christmas Day*", "2032-12-28 Boxing Day*"]),
        // Christmas Friday (2037): Boxing Day substitute Monday 28.
        (2037, .northernIreland, ["2037-12-25 Christmas Day", "2037-12-28 Boxing Day*"]),
        // 1 January Sunday (2034) in Scotland: Monday 2 New Year's Day, Tuesday 3 2nd January.
        (2034, .scotland, ["2034-01-02 New Year’s Day*", "2034-01-03 2nd January*"]),
        // 1 January Friday (2038) in Scotland: 2nd January substitute Monday 4.
        (2038, .scotland, ["2038-01-01 New Year’s Day", "2038-01-04 2nd January*"]),
    ])
    func substitutePatterns(year: Int, division: Division, expected: [String]) {
        let days = BankHolidayCalendar.generatedHolidays(year: year, division: division)
            .filter { $0.date.month == (expected[0].hasPrefix("\(year)-12") ? 12 : 1) }
            .filter { $0.date.month == 1 || $0.date.day >= 24 }
            .map { "\($0.date) \($0.title)\($0.isSubstitute ? "*" : "")" }
        #expect(days == expected)
    }

    @Test("a newer feed overrides the bundled one without code change")
    func newerFeedOverrides() throws {
        var object = try bundledFeedObject()
        for division in Division.allCases {
            var entry = try #require(object[division.rawValue] as? [String: Any])
            var events = try #require(entry["events"] as? [[String: Any]])
            events.append(["title": "Extra bank holiday", "date": "2027-06-07", "notes": "", "bunting": true])
            events.append(["title": "New Year’s Day", "date": "2028-01-03", "notes": "Substitute day", "bunting": true])
            entry["events"] = events
            object[division.rawValue] = entry
        }
        let newer = try BankHolidayCalendar(feedJSON: JSONSerialization.data(withJSONObject: object))
        #expect(newer.isPublished(year: 2028, division: .englandAndWales))
        #expect(newer.holiday(on: ld("2027-06-07"), in: .scotland)?.title == "Extra bank holiday")
        // Data wins for a published year: 2028 now lists only 3 January, so Easter Monday 2028 is
        // not a bank holiday in this feed (Good Friday and Christmas Day stay non-working by law).
        #expect(newer.holiday(on: ld("2028-04-17"), in: .englandAndWales) == nil)
        #expect(BankHolidayCalendar.bundled.holiday(on: ld("2028-04-17"), in: .englandAndWales)?.title == "Easter Monday")

        // FOIA request received Tuesday 2027-06-01: day one Wed 2 June. Bundled: 2,3,4 | 7–11 |
        // 14–18 | 21–25 | 28, 29 → due Tue 29 June. With Monday 7 June a holiday: due Wed 30 June.
        let old = try DeadlineCalculator(policy: .default, holidays: .bundled)
            .foi(regime: .foia, receivedOn: ld("2027-06-01"))
        let new = try DeadlineCalculator(policy: .default, holidays: newer)
            .foi(regime: .foia, receivedOn: ld("2027-06-01"))
        #expect(old.dueDate == ld("2027-06-29"))
        #expect(new.dueDate == ld("2027-06-30"))
        #expect(new.skipped.contains(SkippedDay(date: ld("2027-06-07"),
            reason: "bank holiday: Extra bank holiday (england-and-wales, scotland, northern-ireland)")))

        // Overlaying keeps the bundled years the newer feed does not list.
        let partial = try BankHolidayCalendar(feedJSON: feed([
            .englandAndWales: [("2029-06-04", "Test day")], .scotland: [("2029-06-04", "Test day")],
            .northernIreland: [("2029-06-04", "Test day")],
        ]))
        let merged = BankHolidayCalendar.bundled.overlaid(with: partial)
        #expect(merged.holiday(on: ld("2029-06-04"), in: .northernIreland)?.title == "Test day")
        #expect(merged.holiday(on: ld("2022-09-19"), in: .northernIreland) != nil)
        #expect(partial.holiday(on: ld("2022-09-19"), in: .northernIreland) == nil)
    }

    @Test("feed errors name the place that is wrong")
    func feedErrors() throws {
        func failure(_ data: Data) -> BankHolidayFeedError? {
            do { _ = try BankHolidayCalendar(feedJSON: data); return nil } catch { return error as? BankHolidayFeedError }
        }
        #expect(failure(Data("not json".utf8))?.code == .notJSON)
        #expect(failure(Data("[]".utf8))?.code == .badStructure)

        var object = try bundledFeedObject()
        object.removeValue(forKey: "northern-ireland")
        let missing = failure(try JSONSerialization.data(withJSONObject: object))
        #expect(missing?.code == .missingDivision)
        #expect(missing?.message.contains("northern-ireland") == true)

        object = try bundledFeedObject()
        object["wales"] = ["division": "wales", "events": []] as [String: Any]
        #expect(failure(try JSONSerialization.data(withJSONObject: object))?.code == .unknownDivision)

        let badDate = failure(try feed([.scotland: [("2025-01-01", "New Year’s Day"), ("2025-02-30", "Bad")]]))
        #expect(badDate?.code == .badEvent)
        #expect(badDate?.message == #"scotland.events[1].date: "2025-02-30" is not a date YYYY-MM-DD"#)

        let noTitle = failure(try feed([.englandAndWales: [("2025-01-01", " ")]]))
        #expect(noTitle?.message.hasPrefix("england-and-wales.events[0].title") == true)

        let duplicate = failure(try feed([.northernIreland: [("2025-03-17", "St Patrick’s Day"), ("2025-03-17", "Again")]]))
        #expect(duplicate?.code == .duplicateDate)
    }
}
