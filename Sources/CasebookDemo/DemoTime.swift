import Chronology
import Casework
import Foundation

/// Fast Europe/London wall-clock arithmetic for the demo generator, on whole seconds since
/// 1970-01-01T00:00:00Z.
///
/// Foundation's `Calendar` is exact but far too slow for a million events; UK summer time has
/// followed one rule since 1996 (last Sunday of March to last Sunday of October, changing at
/// 01:00 UTC), which is all the generated years need. Tests compare it with `Calendar`.
enum DemoTime {
    static let secondsPerDay: Int64 = 86_400

    /// The last Sunday of `month` in `year`, as a day number.
    static func lastSunday(year: Int, month: Int) -> Int {
        let last = LocalDate(year: year, month: month, day: LocalDate.daysInMonth(year: year, month: month))!
        // ISO weekday: Monday 1 … Sunday 7.
        return last.dayNumber - (last.weekday.rawValue % 7)
    }

    /// Whether British Summer Time is in force at the UTC instant `seconds`.
    static func isSummerTime(_ seconds: Int64) -> Bool {
        let day = Int(floorDiv(seconds, secondsPerDay))
        let year = LocalDate(dayNumber: day).year
        let start = Int64(lastSunday(year: year, month: 3)) * secondsPerDay + 3600
        let end = Int64(lastSunday(year: year, month: 10)) * secondsPerDay + 3600
        return seconds >= start && seconds < end
    }

    /// London's offset from UTC in seconds at the instant.
    static func offset(_ seconds: Int64) -> Int64 { isSummerTime(seconds) ? 3600 : 0 }

    /// The London calendar day (day number) at the instant.
    static func day(_ seconds: Int64) -> Int {
        Int(floorDiv(seconds + offset(seconds), secondsPerDay))
    }

    /// Minutes after local midnight in London at the instant.
    static func minuteOfDay(_ seconds: Int64) -> Int {
        let local = seconds + offset(seconds)
        return Int((local - floorDiv(local, secondsPerDay) * secondsPerDay) / 60)
    }

    /// The instant of local wall-clock time `minute` (after midnight) on London day `day`.
    /// Times in the hour skipped or repeated at a clock change resolve to the standard-time reading.
    static func instant(day: Int, minute: Int, second: Int = 0) -> Int64 {
        let local = Int64(day) * secondsPerDay + Int64(minute * 60 + second)
        let guess = local - 3600
        return isSummerTime(guess) ? guess : local
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    static func rfc3339(_ seconds: Int64) -> String {
        let day = floorDiv(seconds, secondsPerDay)
        let date = LocalDate(dayNumber: Int(day))
        let rest = Int(seconds - day * secondsPerDay)
        var out = [UInt8]()
        out.reserveCapacity(20)
        func put(_ value: Int, _ width: Int) {
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
            var v = value
            for i in stride(from: width - 1, through: 0, by: -1) {
                digits[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            }
            out += digits
        }
        put(date.year, 4); out.append(UInt8(ascii: "-"))
        put(date.month, 2); out.append(UInt8(ascii: "-"))
        put(date.day, 2); out.append(UInt8(ascii: "T"))
        put(rest / 3600, 2); out.append(UInt8(ascii: ":"))
        put(rest / 60 % 60, 2); out.append(UInt8(ascii: ":"))
        put(rest % 60, 2); out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The instant as a payload's moment.
    static func timestamp(_ seconds: Int64) -> Timestamp { Timestamp(milliseconds: seconds * 1000) }

    /// The London date of the instant, as a payload's day.
    static func localDay(_ seconds: Int64) -> LocalDate { LocalDate(dayNumber: day(seconds)) }

    static func date(_ seconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}

/// Working days precomputed as a bitmap over the generated window, for one set of divisions.
struct DemoCalendar: Sendable {
    let firstDay: Int
    let flags: [Bool]

    init(_ calendar: WorkingDayCalendar, from first: LocalDate, through last: LocalDate) {
        firstDay = first.dayNumber
        flags = (first.dayNumber...last.dayNumber).map { calendar.isWorkingDay(LocalDate(dayNumber: $0)) }
    }

    func isWorkingDay(_ day: Int) -> Bool {
        let i = day - firstDay
        if i >= 0 && i < flags.count { return flags[i] }
        return !LocalDate(dayNumber: day).weekday.isWeekend
    }

    /// The `n`th working day after `day` (day one is the first working day after it).
    func adding(_ n: Int, after day: Int) -> Int {
        var d = day, counted = 0
        while counted < n {
            d += 1
            if isWorkingDay(d) { counted += 1 }
        }
        return d
    }

    func nextWorkingDay(onOrAfter day: Int) -> Int {
        var d = day
        while !isWorkingDay(d) { d += 1 }
        return d
    }

    /// Working days after `start` up to and including `end`.
    func workingDays(after start: Int, through end: Int) -> Int {
        guard start < end else { return 0 }
        var total = 0
        for d in (start + 1)...end where isWorkingDay(d) { total += 1 }
        return total
    }
}
