/// The working days of one set of divisions over a span of years, precomputed so that counting
/// them is a lookup rather than a walk.
///
/// `cumulative[i]` is the number of working days from the first covered day through day `i`
/// (days are offsets from `firstDay`, a `LocalDate.dayNumber`); `working[k]` is the offset of the
/// working day numbered `k + 1`. Non-working weekdays keep their reason text, built by
/// `WorkingDayCalendar.computedNonWorkingReason`, so answers read from the table are identical to
/// the day-by-day ones. Built once, immutable afterwards, so it is `Sendable` and shared by threads.
final class WorkingDayTable: Sendable {
    /// The years covered.
    let years: ClosedRange<Int>
    /// The day number of 1 January of the first year covered.
    let firstDay: Int
    /// The number of days covered.
    let dayCount: Int
    private let cumulative: [Int32]
    private let working: [Int32]
    /// The reason of each non-working day that is not a Saturday or Sunday, by offset.
    private let weekdayReasons: [Int32: String]

    init(holidays: BankHolidayCalendar, divisions: Set<Division>, years: ClosedRange<Int>) {
        guard let first = LocalDate(year: years.lowerBound, month: 1, day: 1),
              let last = LocalDate(year: years.upperBound, month: 12, day: 31) else {
            preconditionFailure("BUG DETECTED: working-day table years \(years) are outside 1...9999")
        }
        let firstDay = first.dayNumber
        let dayCount = last.dayNumber - firstDay + 1
        var closed = [Bool](repeating: false, count: dayCount)
        // Each division's holidays by day, the first of a day kept as `holiday(on:in:)` keeps it.
        var holidayByDay: [Division: [Int: BankHoliday]] = [:]
        for year in years {
            closed[LocalDate(year: year, month: 12, day: 25)!.dayNumber - firstDay] = true
            closed[BankHolidayCalendar.goodFriday(year: year).dayNumber - firstDay] = true
            for division in divisions {
                for holiday in holidays.holidays(in: year, division: division) {
                    closed[holiday.date.dayNumber - firstDay] = true
                    if holidayByDay[division, default: [:]][holiday.date.dayNumber] == nil {
                        holidayByDay[division, default: [:]][holiday.date.dayNumber] = holiday
                    }
                }
            }
        }
        let ordered = Division.allCases.filter(divisions.contains)
        var cumulative = [Int32](repeating: 0, count: dayCount)
        var working: [Int32] = []
        working.reserveCapacity(dayCount * 5 / 7)
        var weekdayReasons: [Int32: String] = [:]
        var total: Int32 = 0
        // 1970-01-01 (day 0) was a Thursday: ISO weekday 4.
        var weekday = ((firstDay + 3) % 7 + 7) % 7 + 1
        for offset in 0..<dayCount {
            if weekday < 6 {
                if closed[offset] {
                    let date = LocalDate(dayNumber: firstDay + offset)
                    let reason = WorkingDayCalendar.computedNonWorkingReason(date, divisions: ordered) { day, division in
                        holidayByDay[division]?[day.dayNumber]
                    }
                    guard let reason else {
                        preconditionFailure("BUG DETECTED: \(date) is a holiday with no reason")
                    }
                    weekdayReasons[Int32(offset)] = reason
                } else {
                    total += 1
                    working.append(Int32(offset))
                }
            }
            cumulative[offset] = total
            weekday = weekday == 7 ? 1 : weekday + 1
        }
        self.years = years
        self.firstDay = firstDay
        self.dayCount = dayCount
        self.cumulative = cumulative
        self.working = working
        self.weekdayReasons = weekdayReasons
    }

    /// The offset of `date` in the table, or nil when the table does not cover it.
    @inline(__always)
    func offset(of date: LocalDate) -> Int? {
        let offset = date.dayNumber - firstDay
        return offset >= 0 && offset < dayCount ? offset : nil
    }

    /// Working days strictly before `offset` (in the table).
    @inline(__always)
    private func workingBefore(_ offset: Int) -> Int {
        offset == 0 ? 0 : Int(cumulative[offset - 1])
    }

    func isWorkingDay(offset: Int) -> Bool {
        Int(cumulative[offset]) != workingBefore(offset)
    }

    /// Why the day at `offset` is not a working day, or nil when it is one.
    func nonWorkingReason(offset: Int) -> String? {
        if isWorkingDay(offset: offset) { return nil }
        if let reason = weekdayReasons[Int32(offset)] { return reason }
        return LocalDate(dayNumber: firstDay + offset).weekday.name
    }

    /// The offset of the `n`th working day after `offset` (`offset` itself for 0), or nil when
    /// it lies beyond the table.
    func offset(addingWorkingDays n: Int, after offset: Int) -> Int? {
        if n == 0 { return offset }
        let index = Int(cumulative[offset]) + n - 1
        return index < working.count ? Int(working[index]) : nil
    }

    /// The offset of the first working day on or after `offset`, or nil beyond the table.
    func offset(ofWorkingDayOnOrAfter offset: Int) -> Int? {
        let index = workingBefore(offset)
        return index < working.count ? Int(working[index]) : nil
    }

    /// Working days after `start` up to and including `end` (offsets, `start <= end`).
    func workingDays(after start: Int, through end: Int) -> Int {
        Int(cumulative[end] - cumulative[start])
    }

    /// The non-working days at offsets in `range`, with their reasons, in order.
    func skippedDays(in range: Range<Int>) -> [SkippedDay] {
        var skipped: [SkippedDay] = []
        for offset in range where !isWorkingDay(offset: offset) {
            let date = LocalDate(dayNumber: firstDay + offset)
            skipped.append(SkippedDay(date: date, reason: weekdayReasons[Int32(offset)] ?? date.weekday.name))
        }
        return skipped
    }
}
