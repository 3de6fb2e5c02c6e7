import Foundation
import Testing
@testable import Casework

private func ld(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

/// Working-day arithmetic done the plain way, one day at a time, straight from the holiday list:
/// the reference the table-based `WorkingDayCalendar` must agree with.
private struct ReferenceCalendar {
    let holidays: BankHolidayCalendar
    /// In the order reasons name them: England and Wales, Scotland, Northern Ireland.
    let divisions: [Division]

    /// Reasons worked out in advance for a run of days (see `memoized`), so long sweeps stay fast.
    private var memo: (first: Int, reasons: [String?])?

    init(holidays: BankHolidayCalendar, divisions: Set<Division>) {
        self.holidays = holidays
        self.divisions = Division.allCases.filter(divisions.contains)
    }

    /// This reference with the reasons of `start...end` worked out once.
    func memoized(from start: LocalDate, through end: LocalDate) -> ReferenceCalendar {
        var copy = self
        copy.memo = (start.dayNumber, (start.dayNumber...end.dayNumber).map { computedReason(LocalDate(dayNumber: $0)) })
        return copy
    }

    func reason(_ date: LocalDate) -> String? {
        if let memo {
            let index = date.dayNumber - memo.first
            if memo.reasons.indices.contains(index) { return memo.reasons[index] }
        }
        return computedReason(date)
    }

    private func computedReason(_ date: LocalDate) -> String? {
        switch date.weekday {
        case .saturday: return "Saturday"
        case .sunday: return "Sunday"
        default: break
        }
        if date.month == 12 && date.day == 25 { return "Christmas Day" }
        if date == BankHolidayCalendar.goodFriday(year: date.year) { return "Good Friday" }
        var titles: [String] = []
        var divisionsByTitle: [String: [String]] = [:]
        for division in divisions {
            guard let holiday = holidays.holiday(on: date, in: division) else { continue }
            let title = holiday.isSubstitute ? holiday.title + ", substitute day" : holiday.title
            if divisionsByTitle[title] == nil { titles.append(title) }
            divisionsByTitle[title, default: []].append(division.rawValue)
        }
        if titles.isEmpty { return nil }
        return "bank holiday: " + titles.map { "\($0) (\(divisionsByTitle[$0]!.joined(separator: ", ")))" }
            .joined(separator: "; ")
    }

    func addWorkingDays(_ n: Int, after date: LocalDate) -> (date: LocalDate, skipped: [SkippedDay]) {
        var skipped: [SkippedDay] = []
        var counted = 0
        var day = date
        while counted < n {
            day = day.adding(days: 1)
            if let reason = reason(day) { skipped.append(SkippedDay(date: day, reason: reason)) } else { counted += 1 }
        }
        return (day, skipped)
    }

    func workingDays(after start: LocalDate, through end: LocalDate) -> Int {
        var total = 0
        var day = start.adding(days: 1)
        while day <= end {
            if reason(day) == nil { total += 1 }
            day = day.adding(days: 1)
        }
        return total
    }

    func nextWorkingDay(onOrAfter date: LocalDate) -> (date: LocalDate, skipped: [SkippedDay]) {
        var skipped: [SkippedDay] = []
        var day = date
        while let reason = reason(day) {
            skipped.append(SkippedDay(date: day, reason: reason))
            day = day.adding(days: 1)
        }
        return (day, skipped)
    }
}

/// Every set of divisions a calendar can count, from none to all three.
private let divisionSets: [Set<Division>] = (0..<8).map { mask in
    Set(Division.allCases.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
}

/// The three divisions on their own and all of the UK: the calendars statutory clocks use.
private let statutorySets: [Set<Division>] = [[.englandAndWales], [.scotland], [.northernIreland],
                                              Set(Division.allCases)]

@Suite("Working-day tables agree with day-by-day counting")
struct CalendarDayTableTests {
    static let sweepStart = ld("2019-01-01")
    static let sweepEnd = ld("2027-12-31")
    static let aheads: Set = [20, 28, 30, 41, 45, 60, 61, 89, 100]

    @Test("the bundled calendar's tables cover 2000 to 2060 and the published years")
    func tableYears() {
        #expect(WorkingDayTableCache.years(of: .bundled) == 2000...2060)
        #expect(WorkingDayTableCache.years(of: .rulesOnly) == 2000...2060)
        let table = BankHolidayCalendar.bundled.workingDayTable(for: [.scotland])
        #expect(table.firstDay == ld("2000-01-01").dayNumber)
        #expect(table.dayCount == ld("2000-01-01").days(until: ld("2061-01-01")))
    }

    /// Every (start, N) is checked for the day; the skipped days, dearer to build in a debug
    /// build, for N = 0, 20, 40, 60 and two more N per start that rotate through 0...60.
    @Test("every start day 2019–2027 and N in 0...60: the same day, and the same skipped days",
          arguments: statutorySets)
    func exhaustiveAddWorkingDays(divisions: Set<Division>) {
        let calendar = WorkingDayCalendar(holidays: .bundled, divisions: divisions)
        let reference = ReferenceCalendar(holidays: .bundled, divisions: divisions)
        let reasons = reference.memoized(from: Self.sweepStart, through: Self.sweepEnd.adding(days: 120))
        var mismatches: [String] = []
        var start = Self.sweepStart
        var index = 0
        while start <= Self.sweepEnd {
            // One walk gives the reference answer for every N: the Nth working day, and the days
            // skipped before it.
            var skipped: [SkippedDay] = []
            var dues = [start]
            var skippedBefore = [0]
            var day = start
            while dues.count <= 60 {
                day = day.adding(days: 1)
                if let reason = reasons.reason(day) {
                    skipped.append(SkippedDay(date: day, reason: reason))
                } else {
                    dues.append(day)
                    skippedBefore.append(skipped.count)
                }
            }
            for n in 0...60 where calendar.workingDay(n, after: start) != dues[n] {
                mismatches.append("workingDay(\(n), after: \(start)): \(calendar.workingDay(n, after: start)), expected \(dues[n])")
            }
            for n in Set([0, 20, 40, 60, index * 7 % 61, (index * 13 + 5) % 61]) {
                let actual = calendar.addWorkingDays(n, after: start)
                if actual.date != dues[n] || actual.skipped[...] != skipped[..<skippedBefore[n]] {
                    mismatches.append("\(start) + \(n): \(actual.date), expected \(dues[n])")
                }
            }
            start = start.adding(days: 1)
            index += 1
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    /// Working days between: to each of the next 14 days, then to days up to 100 ahead.
    @Test("every day 2019–2027: working or not, the reason, the next working day, and the working days to days ahead",
          arguments: divisionSets)
    func exhaustiveDays(divisions: Set<Division>) {
        let calendar = WorkingDayCalendar(holidays: .bundled, divisions: divisions)
        let reference = ReferenceCalendar(holidays: .bundled, divisions: divisions)
        let reasons = reference.memoized(from: Self.sweepStart, through: Self.sweepEnd.adding(days: 120))
        var mismatches: [String] = []
        var day = Self.sweepStart
        while day <= Self.sweepEnd {
            let reason = reasons.reason(day)
            if calendar.nonWorkingReason(day) != reason || calendar.isWorkingDay(day) != (reason == nil) {
                mismatches.append("\(day): \(calendar.nonWorkingReason(day) ?? "working"), expected \(reason ?? "working")")
            }
            var next = day
            var skipped: [SkippedDay] = []
            while let reason = reasons.reason(next) {
                skipped.append(SkippedDay(date: next, reason: reason))
                next = next.adding(days: 1)
            }
            let moved = calendar.nextWorkingDay(onOrAfter: day)
            if moved.date != next || moved.skipped != skipped || calendar.firstWorkingDay(onOrAfter: day) != next {
                mismatches.append("next working day on or after \(day): \(moved.date), expected \(next)")
            }
            var total = 0
            for ahead in 1...100 {
                if reasons.reason(day.adding(days: ahead)) == nil { total += 1 }
                if (ahead <= 14 || Self.aheads.contains(ahead))
                    && calendar.workingDays(after: day, through: day.adding(days: ahead)) != total {
                    mismatches.append("working days after \(day) through +\(ahead)")
                }
            }
            if calendar.workingDays(after: day, through: day.adding(days: -3)) != 0
                || calendar.workingDays(after: day, through: day) != 0 {
                mismatches.append("working days after \(day) through an earlier day")
            }
            day = day.adding(days: 1)
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5))")
    }

    @Test("the sets of divisions no statutory clock uses agree for every 7th start day and N of 0, 1, 2, 5, 20, 40, 60",
          arguments: divisionSets.filter { !statutorySets.contains($0) })
    func sampledAddWorkingDays(divisions: Set<Division>) {
        let calendar = WorkingDayCalendar(holidays: .bundled, divisions: divisions)
        let reference = ReferenceCalendar(holidays: .bundled, divisions: divisions)
            .memoized(from: Self.sweepStart, through: Self.sweepEnd.adding(days: 120))
        var start = Self.sweepStart
        while start <= Self.sweepEnd {
            for n in [0, 1, 2, 5, 20, 40, 60] {
                let actual = calendar.addWorkingDays(n, after: start)
                let expected = reference.addWorkingDays(n, after: start)
                #expect(actual.date == expected.date && actual.skipped == expected.skipped, "\(start) + \(n)")
            }
            start = start.adding(days: 7)
        }
    }

    @Test("across and outside the table's years the day-by-day count answers the same",
          arguments: [("1999-10-01", "2000-03-31"), ("2060-10-01", "2061-03-31"),
                      ("1995-12-01", "1996-01-31"), ("2075-03-01", "2075-05-01")])
    func outsideTheTable(from: String, through: String) {
        for divisions in statutorySets {
            let calendar = WorkingDayCalendar(holidays: .bundled, divisions: divisions)
            let reference = ReferenceCalendar(holidays: .bundled, divisions: divisions)
                .memoized(from: ld(from), through: ld(through).adding(days: 300))
            var start = ld(from)
            while start <= ld(through) {
                #expect(calendar.nonWorkingReason(start) == reference.reason(start), "\(start)")
                #expect(calendar.isWorkingDay(start) == (reference.reason(start) == nil), "\(start)")
                for n in [0, 1, 3, 20, 60] {
                    let actual = calendar.addWorkingDays(n, after: start)
                    let expected = reference.addWorkingDays(n, after: start)
                    #expect(actual.date == expected.date && actual.skipped == expected.skipped, "\(start) + \(n)")
                    #expect(calendar.workingDay(n, after: start) == expected.date, "\(start) + \(n)")
                }
                for ahead in [1, 45, 200] {
                    let end = start.adding(days: ahead)
                    #expect(calendar.workingDays(after: start, through: end) == reference.workingDays(after: start, through: end),
                            "\(start) through \(end)")
                }
                let moved = calendar.nextWorkingDay(onOrAfter: start)
                let expected = reference.nextWorkingDay(onOrAfter: start)
                #expect(moved.date == expected.date && moved.skipped == expected.skipped, "\(start)")
                #expect(calendar.firstWorkingDay(onOrAfter: start) == expected.date, "\(start)")
                start = start.adding(days: 5)
            }
        }
    }

    @Test("a feed publishing years beyond 2060 stretches the table; one publishing year 1 does not")
    func publishedYearsStretchTheTable() throws {
        func feed(_ events: [Division: [(String, String)]]) throws -> BankHolidayCalendar {
            var object: [String: Any] = [:]
            for division in Division.allCases {
                object[division.rawValue] = [
                    "division": division.rawValue,
                    "events": (events[division] ?? []).map { ["title": $0.1, "date": $0.0] },
                ] as [String: Any]
            }
            return try BankHolidayCalendar(feedJSON: JSONSerialization.data(withJSONObject: object))
        }
        let far = try feed([.englandAndWales: [("2070-06-02", "Tercentenary bank holiday")],
                            .scotland: [("0001-01-01", "New Year’s Day")]])
        #expect(WorkingDayTableCache.years(of: far) == 2000...2070)
        for divisions in statutorySets {
            let calendar = WorkingDayCalendar(holidays: far, divisions: divisions)
            let reference = ReferenceCalendar(holidays: far, divisions: divisions)
            var start = ld("2070-05-01")
            while start <= ld("2070-07-01") {
                let actual = calendar.addWorkingDays(20, after: start)
                let expected = reference.addWorkingDays(20, after: start)
                #expect(actual.date == expected.date && actual.skipped == expected.skipped, "\(start)")
                start = start.adding(days: 1)
            }
            // 2070 is published for England and Wales only: its other holidays are gone, 2 June is one.
            #expect(calendar.isWorkingDay(ld("2070-06-02")) == !divisions.contains(.englandAndWales))
            #expect(calendar.nonWorkingReason(ld("0001-01-01")) == reference.reason(ld("0001-01-01")))
        }
    }

    @Test("calendars made on many threads at once share one table and agree")
    func concurrentFirstUse() async {
        let fresh = BankHolidayCalendar.bundled.overlaid(with: .rulesOnly)
        let reference = ReferenceCalendar(holidays: fresh, divisions: Set(Division.allCases))
        let expected = (0..<16).map { reference.addWorkingDays(20, after: ld("2025-12-01").adding(days: $0)) }
        let results = await withTaskGroup(of: (Int, LocalDate, [SkippedDay]).self) { group in
            for index in 0..<16 {
                group.addTask {
                    let calendar = WorkingDayCalendar(regime: .foia, holidays: fresh)
                    let result = calendar.addWorkingDays(20, after: ld("2025-12-01").adding(days: index))
                    return (index, result.date, result.skipped)
                }
            }
            var results: [(Int, LocalDate, [SkippedDay])] = []
            for await result in group { results.append(result) }
            return results
        }
        for (index, date, skipped) in results {
            #expect(date == expected[index].date && skipped == expected[index].skipped)
        }
        #expect(fresh.workingDayTable(for: Set(Division.allCases)) === fresh.workingDayTable(for: Set(Division.allCases)))
    }
}

@Suite("Date-only deadlines agree with the explained ones")
struct DeadlineDueDateTests {
    let calculator = DeadlineCalculator()

    /// Receipt days across 2024–2026 (every 5th day) with fee windows and clarifications at small offsets.
    static let receipts: [LocalDate] = stride(from: 0, to: 3 * 365, by: 5).map { ld("2024-01-01").adding(days: $0) }

    @Test("foiDueDate is foi(...).dueDate for every regime, clarification, fee window and extension")
    func foi() throws {
        for received in Self.receipts {
            for regime in Regime.allCases {
                for clarifiedAfter in [nil, 0, 3] as [Int?] {
                    let clarified = clarifiedAfter.map { received.adding(days: $0) }
                    let windowChoices: [[FeeWindow]] = [
                        [],
                        [FeeWindow(noticeOn: received.adding(days: 2), paidOn: nil)],
                        [FeeWindow(noticeOn: received.adding(days: 1), paidOn: received.adding(days: 9))],
                        [FeeWindow(noticeOn: received.adding(days: 4), paidOn: received.adding(days: 6)),
                         FeeWindow(noticeOn: received.adding(days: 20), paidOn: nil)],
                    ]
                    for windows in windowChoices {
                        for extended in [false, true] {
                            let full = Result { try calculator.foi(regime: regime, receivedOn: received, clarifiedOn: clarified,
                                                                   feeWindows: windows, extended: extended) }
                            let dateOnly = Result { try calculator.foiDueDate(regime: regime, receivedOn: received, clarifiedOn: clarified,
                                                                              feeWindows: windows, extended: extended) }
                            switch (full, dateOnly) {
                            case (.success(let result), .success(let due)):
                                #expect(result.dueDate == due, "\(regime) \(received) \(windows) \(extended)")
                            case (.failure(let a as DeadlineError), .failure(let b as DeadlineError)):
                                #expect(a.code == b.code && a.message == b.message)
                            default:
                                Issue.record("foi and foiDueDate disagree on throwing: \(regime) \(received) \(extended)")
                            }
                        }
                    }
                }
            }
        }
    }

    @Test("workingDaysTaken is the day-by-day count, fee windows and unpaid notices included")
    func workingDaysTaken() throws {
        let references = Dictionary(uniqueKeysWithValues: Regime.allCases.map {
            ($0, ReferenceCalendar(holidays: .bundled, divisions: $0.workingDayDivisions)
                .memoized(from: ld("2023-12-01"), through: ld("2027-03-01")))
        })
        for received in Self.receipts {
            for regime in Regime.allCases {
                let reference = references[regime]!
                for windows in [[], [FeeWindow(noticeOn: received.adding(days: 3), paidOn: nil)],
                                [FeeWindow(noticeOn: received.adding(days: 2), paidOn: received.adding(days: 8))]] as [[FeeWindow]] {
                    for respondedAfter in [-2, 0, 1, 7, 30, 45] {
                        let responded = received.adding(days: respondedAfter)
                        let open = windows.filter { $0.paidOn == nil }.map(\.noticeOn).min()
                        var expected = 0
                        var day = received.adding(days: 1)
                        while day <= responded, open.map({ day < $0 }) ?? true {
                            let paused = windows.contains { window in
                                guard let paid = window.paidOn else { return false }
                                return window.noticeOn <= day && day <= paid
                            }
                            if reference.reason(day) == nil && !paused { expected += 1 }
                            day = day.adding(days: 1)
                        }
                        #expect(try calculator.workingDaysTaken(receivedOn: received, respondedOn: responded, regime: regime,
                                                                feeWindows: windows) == expected,
                                "\(regime) \(received) → \(responded) \(windows)")
                    }
                }
            }
        }
    }

    @Test("internalReviewDueDate, sarDueDate, breachReportFormDueDate and nearMissReportDueDate match their results")
    func otherClocks() throws {
        var legacyPolicy = Policy.default
        legacyPolicy.sarRule = .fortyCalendarDays
        let legacy = DeadlineCalculator(policy: legacyPolicy)
        for start in Self.receipts {
            for regime in Regime.allCases {
                for extended in [false, true] {
                    let full = try? calculator.internalReview(requestedOn: start, regime: regime, extended: extended)
                    let due = try? calculator.internalReviewDueDate(requestedOn: start, regime: regime, extended: extended)
                    #expect(full?.dueDate == due, "\(regime) \(start) \(extended)")
                    #expect((full == nil) == (regime == .foisa && extended))
                }
            }
            for division in [nil] + Division.allCases.map(Optional.some) {
                for extended in [false, true] {
                    #expect(try calculator.sar(startOn: start, extended: extended, division: division).dueDate
                            == calculator.sarDueDate(startOn: start, extended: extended, division: division))
                }
                #expect(calculator.breachReportForm(discoveredOn: start, division: division).dueDate
                        == calculator.breachReportFormDueDate(discoveredOn: start, division: division))
                #expect(calculator.nearMissReport(occurredOn: start, division: division).dueDate
                        == calculator.nearMissReportDueDate(occurredOn: start, division: division))
            }
            #expect(try legacy.sar(startOn: start).dueDate == legacy.sarDueDate(startOn: start))
            #expect(throws: DeadlineError.self) { try legacy.sarDueDate(startOn: start, extended: true) }
        }
    }
}
