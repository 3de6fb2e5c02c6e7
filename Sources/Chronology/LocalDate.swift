import Foundation

/// A calendar date with no time and no time zone, as the law counts days ("2025-03-17").
///
/// Arithmetic is done on a proleptic Gregorian day number, so it never depends on the host's
/// calendar, locale or time zone. It encodes as the JSON string `"YYYY-MM-DD"`. Years are limited
/// to 1...9999 so the ISO form is always four digits.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or nil when the parts do not name a real day (e.g. 2025-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= LocalDate.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD` (no time, no offset); nil for anything else.
    public init?(iso: String) {
        let bytes = Array(iso.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date as `YYYY-MM-DD`.
    public var iso: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { iso }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: Arithmetic

    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01. Traps outside years 1...9999 (a programming error).
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let m = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0)
        guard let date = LocalDate(year: y, month: m, day: d) else {
            preconditionFailure("BUG DETECTED: LocalDate day number \(dayNumber) is outside years 1...9999")
        }
        self = date
    }

    /// The date `days` calendar days later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        LocalDate(dayNumber: dayNumber + days)
    }

    /// The corresponding day `months` calendar months later; the last day of the target month
    /// when it has no such day (2024-01-31 + 1 month = 2024-02-29; 2025-01-31 → 2025-02-28).
    public func adding(months: Int) -> LocalDate {
        let index = year * 12 + (month - 1) + months
        let y = index / 12
        let m = index % 12 + 1
        let d = min(day, LocalDate.daysInMonth(year: y, month: m))
        guard let date = LocalDate(year: y, month: m, day: d) else {
            preconditionFailure("BUG DETECTED: \(self) + \(months) months is outside years 1...9999")
        }
        return date
    }

    /// Calendar days from `self` to `other` (positive when `other` is later).
    public func days(until other: LocalDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday (ISO 4).
        let mod = ((dayNumber + 3) % 7 + 7) % 7
        return Weekday(rawValue: mod + 1)!
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: Codable

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date \"YYYY-MM-DD\", got \"\(text)\"")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

// MARK: - Time zone conversion

extension LocalDate {
    /// Europe/London, the zone every UK statutory clock is read in.
    public static let londonTimeZone: TimeZone = {
        guard let zone = TimeZone(identifier: "Europe/London") else {
            preconditionFailure("BUG DETECTED: the time zone database has no Europe/London (install tzdata)")
        }
        return zone
    }()

    public static func gregorian(in timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The date on the wall calendar in `timeZone` (default Europe/London) at the instant `date`.
    ///
    /// 2025-03-30T23:30:00Z is 2025-03-31 in London (BST, +01:00).
    public init(_ date: Date, in timeZone: TimeZone = LocalDate.londonTimeZone) {
        let parts = LocalDate.gregorian(in: timeZone).dateComponents([.year, .month, .day], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day,
              let local = LocalDate(year: year, month: month, day: day)
        else { preconditionFailure("BUG DETECTED: \(date) has no calendar date in \(timeZone.identifier)") }
        self = local
    }

    /// The instant this date begins (local midnight) in `timeZone` (default Europe/London).
    public func startOfDay(in timeZone: TimeZone = LocalDate.londonTimeZone) -> Date {
        let calendar = LocalDate.gregorian(in: timeZone)
        let parts = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        guard let date = calendar.date(from: parts) else {
            preconditionFailure("BUG DETECTED: \(self) has no start of day in \(timeZone.identifier)")
        }
        return calendar.startOfDay(for: date)
    }
}

/// A day of the week, numbered as ISO 8601 does (Monday = 1 … Sunday = 7).
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public var isWeekend: Bool { self == .saturday || self == .sunday }

    /// The English name, e.g. "Saturday".
    public var name: String {
        switch self {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }

    public var description: String { name }
}

extension LocalDate: ExpressibleByStringLiteral {
    /// A day written in the source as `YYYY-MM-DD`; a malformed literal is a programming error.
    public init(stringLiteral text: String) {
        guard let d = LocalDate(iso: text) else { preconditionFailure("BUG DETECTED: \"\(text)\" is not a YYYY-MM-DD date") }
        self = d
    }
}
