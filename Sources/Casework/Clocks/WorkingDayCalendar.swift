/// A day that a working-day count passed over, with the reason it did not count.
public struct SkippedDay: Sendable, Hashable, Codable, CustomStringConvertible {
    public var date: LocalDate
    /// e.g. "Saturday", "Christmas Day", "bank holiday: St Patrick’s Day (northern-ireland)",
    /// "fee notice period (not counted)".
    public var reason: String

    public init(date: LocalDate, reason: String) {
        self.date = date
        self.reason = reason
    }

    public var description: String { "\(date) \(reason)" }
}

/// Which days are working days for one clock: weekdays that are not Christmas Day, not Good Friday
/// and not a bank holiday in any of `divisions`.
///
/// FOIA and EIR count all three divisions (FOIA s10(6): a bank holiday anywhere in the UK is not a
/// working day); FOISA counts Scotland only (FOISA s73); SARs and an organisation's internal steps
/// use its home division. An organisation's own closure days are still working days. Christmas Day
/// and Good Friday are never working days, whether or not the list has them. A value type; `Sendable`.
///
/// Answers are read from a table `holidays` builds once per set of divisions (on the first
/// calendar made for that set), so "is a working day", "working days between" and "n working days
/// after" are lookups; dates outside the table's years (see `WorkingDayTableCache`) are counted
/// day by day, with the same results.
public struct WorkingDayCalendar: Sendable {
    public let holidays: BankHolidayCalendar
    public let divisions: Set<Division>
    private let table: WorkingDayTable

    public init(holidays: BankHolidayCalendar, divisions: Set<Division>) {
        self.holidays = holidays
        self.divisions = divisions
        self.table = holidays.workingDayTable(for: divisions)
    }

    /// The statutory working-day calendar of `regime`.
    public init(regime: Regime, holidays: BankHolidayCalendar) {
        self.init(holidays: holidays, divisions: regime.workingDayDivisions)
    }

    private var orderedDivisions: [Division] { Division.allCases.filter(divisions.contains) }

    public func isWorkingDay(_ date: LocalDate) -> Bool {
        if let offset = table.offset(of: date) { return table.isWorkingDay(offset: offset) }
        return nonWorkingReason(date) == nil
    }

    /// Why `date` is not a working day, or nil when it is one.
    ///
    /// Weekends first ("Saturday", "Sunday"), then "Christmas Day" and "Good Friday" by date, then
    /// bank holidays as "bank holiday: <title> (<divisions>)"; a substitute day reads
    /// "bank holiday: Christmas Day, substitute day (england-and-wales, scotland, northern-ireland)".
    /// Divisions are listed in the order England and Wales, Scotland, Northern Ireland; different
    /// titles on one date are joined with "; ".
    public func nonWorkingReason(_ date: LocalDate) -> String? {
        if let offset = table.offset(of: date) { return table.nonWorkingReason(offset: offset) }
        return Self.computedNonWorkingReason(date, divisions: orderedDivisions, holiday: holidays.holiday(on:in:))
    }

    /// `nonWorkingReason` worked out from the holiday list, for the table and for dates outside it.
    ///
    /// `holiday` answers as `BankHolidayCalendar.holiday(on:in:)` does; `divisions` are in reason order.
    static func computedNonWorkingReason(_ date: LocalDate, divisions: [Division],
                                         holiday: (LocalDate, Division) -> BankHoliday?) -> String? {
        let weekday = date.weekday
        if weekday.isWeekend { return weekday.name }
        if date.month == 12 && date.day == 25 { return BankHolidayCalendar.christmasDay }
        if date == BankHolidayCalendar.goodFriday(year: date.year) { return BankHolidayCalendar.goodFriday }
        var titles: [(title: String, divisions: [Division])] = []
        for division in divisions {
            guard let holiday = holiday(date, division) else { continue }
            let title = holiday.isSubstitute ? "\(holiday.title), substitute day" : holiday.title
            if let index = titles.firstIndex(where: { $0.title == title }) {
                titles[index].divisions.append(division)
            } else {
                titles.append((title, [division]))
            }
        }
        guard !titles.isEmpty else { return nil }
        let parts = titles.map { "\($0.title) (\($0.divisions.map(\.rawValue).joined(separator: ", ")))" }
        return "bank holiday: " + parts.joined(separator: "; ")
    }

    /// The `n`th working day after `date`, and every day passed over on the way.
    ///
    /// Day one is the first working day after `date`, also when `date` itself is not a working day.
    /// `skipped` lists, in order, each non-working day strictly after `date` and before the result.
    /// `n == 0` returns `date` itself. `n` must not be negative.
    public func addWorkingDays(_ n: Int, after date: LocalDate) -> (date: LocalDate, skipped: [SkippedDay]) {
        let result = count(n, after: date, disregarding: nil)
        guard let due = result.date else {
            preconditionFailure("BUG DETECTED: a working-day count without pauses always ends")
        }
        return (due, result.skipped)
    }

    /// The `n`th working day after `date`: `addWorkingDays(n, after: date).date` without the
    /// skipped days. `n` must not be negative.
    public func workingDay(_ n: Int, after date: LocalDate) -> LocalDate {
        precondition(n >= 0, "working-day count must not be negative (got \(n))")
        if let start = table.offset(of: date), let end = table.offset(addingWorkingDays: n, after: start) {
            return LocalDate(dayNumber: table.firstDay + end)
        }
        return addWorkingDays(n, after: date).date
    }

    /// The number of working days in the interval after `start` up to and including `end`
    /// (0 when `end` is not after `start`).
    public func workingDays(after start: LocalDate, through end: LocalDate) -> Int {
        guard start < end else { return 0 }
        if let first = table.offset(of: start), let last = table.offset(of: end) {
            return table.workingDays(after: first, through: last)
        }
        var total = 0
        var day = start.adding(days: 1)
        while day <= end {
            if isWorkingDay(day) { total += 1 }
            day = day.adding(days: 1)
        }
        return total
    }

    /// `date` if it is a working day, else the next working day, with the days passed over.
    public func nextWorkingDay(onOrAfter date: LocalDate) -> (date: LocalDate, skipped: [SkippedDay]) {
        if let start = table.offset(of: date), let end = table.offset(ofWorkingDayOnOrAfter: start) {
            return (LocalDate(dayNumber: table.firstDay + end), table.skippedDays(in: start..<end))
        }
        var skipped: [SkippedDay] = []
        var day = date
        while let reason = nonWorkingReason(day) {
            skipped.append(SkippedDay(date: day, reason: reason))
            day = day.adding(days: 1)
        }
        return (day, skipped)
    }

    /// `date` if it is a working day, else the next working day: `nextWorkingDay(onOrAfter:).date`
    /// without the skipped days.
    public func firstWorkingDay(onOrAfter date: LocalDate) -> LocalDate {
        if let start = table.offset(of: date), let end = table.offset(ofWorkingDayOnOrAfter: start) {
            return LocalDate(dayNumber: table.firstDay + end)
        }
        return nextWorkingDay(onOrAfter: date).date
    }

    /// Counts `n` working days after `start`, not counting working days for which `disregarding`
    /// gives a reason (a fee pause), nor any day on or after `openPauseFrom`.
    ///
    /// Returns a nil date when the count reaches `openPauseFrom` (an open-ended pause) before it ends.
    /// With no pause at all this is `addWorkingDays` (a table lookup).
    func count(_ n: Int, after start: LocalDate, disregarding: ((LocalDate) -> String?)?,
               openPauseFrom: LocalDate? = nil) -> (date: LocalDate?, skipped: [SkippedDay]) {
        precondition(n >= 0, "working-day count must not be negative (got \(n))")
        if disregarding == nil && openPauseFrom == nil, let first = table.offset(of: start),
           let end = table.offset(addingWorkingDays: n, after: first) {
            return (LocalDate(dayNumber: table.firstDay + end), table.skippedDays(in: (first + 1)..<max(first + 1, end)))
        }
        var skipped: [SkippedDay] = []
        var counted = 0
        var day = start
        while counted < n {
            day = day.adding(days: 1)
            if let open = openPauseFrom, day >= open { return (nil, skipped) }
            if let reason = nonWorkingReason(day) {
                skipped.append(SkippedDay(date: day, reason: reason))
            } else if let reason = disregarding?(day) {
                skipped.append(SkippedDay(date: day, reason: reason))
            } else {
                counted += 1
            }
        }
        return (day, skipped)
    }

    /// `count(...).date` without the skipped days or their reasons: `isPaused` says whether a
    /// working day falls in a fee pause.
    func countDate(_ n: Int, after start: LocalDate, isPaused: ((LocalDate) -> Bool)?,
                   openPauseFrom: LocalDate? = nil) -> LocalDate? {
        precondition(n >= 0, "working-day count must not be negative (got \(n))")
        if isPaused == nil && openPauseFrom == nil { return workingDay(n, after: start) }
        var counted = 0
        var day = start
        while counted < n {
            day = day.adding(days: 1)
            if let open = openPauseFrom, day >= open { return nil }
            if isWorkingDay(day) && !(isPaused?(day) ?? false) { counted += 1 }
        }
        return day
    }
}
