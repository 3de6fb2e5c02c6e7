import Chronology

/// Day formats councils type. The raw value is what a mapping file names.
public enum DayFormat: String, Sendable, CaseIterable, Codable {
    /// `2021-03-12` (also `2021/03/12`), and the ISO text ``SheetReader`` writes for .xlsx date
    /// cells (`2021-03-12T14:05`).
    case iso = "yyyy-mm-dd"
    /// Day, month, 4-digit year: 1–2 digit day and month, `/`, `.` or `-` between them.
    case dayMonthYear = "dd/mm/yyyy"
    /// Day, month, 2-digit year: 00–69 → 20xx, 70–99 → 19xx.
    case dayMonthShortYear = "dd/mm/yy"
    /// Day, month name (full or short, any case), year: "3 Mar 2021", "03 March 2021",
    /// "3-Mar-21", "3rd March 2021", "Wednesday 3 March 2021".
    case dayMonthNameYear = "d MMM yyyy"
    /// Month, day, 4-digit year (US order).
    case monthDayYear = "mm/dd/yyyy"
    /// An Excel serial day number in the 1900 date system, with Excel's 1900 leap-year bug:
    /// 1 = 1 Jan 1900, 59 = 28 Feb 1900, 60 = the 29 Feb 1900 that never was (read as no day),
    /// 61 = 1 Mar 1900, 44197 = 1 Jan 2021. A fraction is the time of day.
    case excelSerial = "excel"
}

/// Reading the days officers typed into a register's cells.
public enum CellDate {
    /// The day `text` names in the first of `formats` that reads it wholly, or nil. A trailing
    /// time ("12/03/2021 14:05") is allowed and returned separately (minutes since midnight).
    ///
    /// Impossible days (31/02/2021) read as nil in every format.
    public static func day(_ text: String, formats: [DayFormat]) -> (day: LocalDate, minutes: Int?)? {
        let tokens = DateToken.scan(text)
        guard !tokens.isEmpty else { return nil }
        for format in formats {
            if let found = read(tokens, text: text, as: format) { return found }
        }
        return nil
    }

    private static func read(_ all: [DateToken], text: String, as format: DayFormat) -> (day: LocalDate, minutes: Int?)? {
        if format == .excelSerial { return serial(all) }
        var tokens = all
        var minutes: Int?
        if let (split, time) = trailingTime(all) {
            tokens = Array(all[..<split])
            minutes = time
        }
        let day: LocalDate?
        switch format {
        case .iso: day = numeric(tokens, order: .ymd)
        case .dayMonthYear: day = numeric(tokens, order: .dmy)
        case .dayMonthShortYear: day = numeric(tokens, order: .dmyShort)
        case .monthDayYear: day = numeric(tokens, order: .mdy)
        case .dayMonthNameYear: day = named(tokens)
        case .excelSerial: day = nil
        }
        guard let day else { return nil }
        return (day, minutes)
    }

    private enum Order { case ymd, dmy, dmyShort, mdy }

    /// Three numbers joined by the same separator (`/`, `.` or `-`).
    private static func numeric(_ tokens: [DateToken], order: Order) -> LocalDate? {
        guard tokens.count == 5,
              case .number(let a, let aDigits) = tokens[0], case .punct(let s1) = tokens[1],
              case .number(let b, let bDigits) = tokens[2], case .punct(let s2) = tokens[3],
              case .number(let c, let cDigits) = tokens[4],
              s1 == s2, s1 == "/" || s1 == "." || s1 == "-"
        else { return nil }
        switch order {
        case .ymd:
            guard aDigits == 4, (1...2).contains(bDigits), (1...2).contains(cDigits) else { return nil }
            return LocalDate(year: a, month: b, day: c)
        case .dmy:
            guard (1...2).contains(aDigits), (1...2).contains(bDigits), cDigits == 4 else { return nil }
            return LocalDate(year: c, month: b, day: a)
        case .dmyShort:
            guard (1...2).contains(aDigits), (1...2).contains(bDigits), cDigits == 2 else { return nil }
            return LocalDate(year: fullYear(c), month: b, day: a)
        case .mdy:
            guard (1...2).contains(aDigits), (1...2).contains(bDigits), cDigits == 4 else { return nil }
            return LocalDate(year: c, month: a, day: b)
        }
    }

    private static func fullYear(_ twoDigits: Int) -> Int { twoDigits < 70 ? 2000 + twoDigits : 1900 + twoDigits }

    private static let months: [String: Int] = {
        let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        var map: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            map[name] = index + 1
            map[String(name.prefix(3))] = index + 1
        }
        map["sept"] = 9
        return map
    }()

    private static let weekdays: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    ]

    /// Day (optionally with st/nd/rd/th, optionally after a weekday), month name, year (4 or 2
    /// digits); spaces, `-`, `/`, `.` and `,` between them.
    private static func named(_ tokens: [DateToken]) -> LocalDate? {
        var parts: [DateToken] = []
        for token in tokens {
            switch token {
            case .space: continue
            case .punct(let p) where p == "-" || p == "/" || p == "." || p == ",": continue
            default: parts.append(token)
            }
        }
        if case .word(let w) = parts.first, weekdays.contains(w) { parts.removeFirst() }
        if parts.count == 4, case .word(let w) = parts[1], ["st", "nd", "rd", "th"].contains(w) { parts.remove(at: 1) }
        if parts.count == 4, case .word("of") = parts[1] { parts.remove(at: 1) }
        guard parts.count == 3,
              case .number(let day, let dayDigits) = parts[0], (1...2).contains(dayDigits),
              case .word(let name) = parts[1], let month = months[name],
              case .number(let year, let yearDigits) = parts[2], yearDigits == 4 || yearDigits == 2
        else { return nil }
        return LocalDate(year: yearDigits == 2 ? fullYear(year) : year, month: month, day: day)
    }

    /// `H:MM`, `HH:MM:SS` (optionally `.fff`), optionally am/pm, at the end, after a space or `T`:
    /// the index where the date ends and the minutes since midnight.
    private static func trailingTime(_ tokens: [DateToken]) -> (Int, Int)? {
        var end = tokens.count
        var meridiem: String?
        if end >= 1, case .word(let w) = tokens[end - 1], w == "am" || w == "pm" {
            meridiem = w
            end -= 1
            if end >= 1, case .space = tokens[end - 1] { end -= 1 }
        }
        // Drop fractional seconds: ":SS.fff".
        if end >= 3, case .number = tokens[end - 1], case .punct(".") = tokens[end - 2], case .number = tokens[end - 3],
           end >= 4, case .punct(":") = tokens[end - 4] {
            end -= 2
        }
        var numbers: [(Int, Int)] = []
        var index = end - 1
        while index >= 0, case .number(let value, let digits) = tokens[index] {
            numbers.insert((value, digits), at: 0)
            if index >= 1, case .punct(":") = tokens[index - 1], numbers.count < 3 {
                index -= 2
            } else {
                break
            }
        }
        guard numbers.count >= 2, index >= 1 else { return nil }
        let before = tokens[index - 1]
        switch before {
        case .space, .word("t"): break
        default: return nil
        }
        guard (1...2).contains(numbers[0].1), numbers[1].1 == 2, numbers.count < 3 || numbers[2].1 == 2 else { return nil }
        var hour = numbers[0].0
        let minute = numbers[1].0
        guard minute < 60, numbers.count < 3 || numbers[2].0 < 60 else { return nil }
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            if hour == 12 { hour = 0 }
            if meridiem == "pm" { hour += 12 }
        }
        guard hour < 24 else { return nil }
        return (index - 1, hour * 60 + minute)
    }

    /// An Excel serial number (1900 system): whole days, and a fraction for the time of day.
    private static func serial(_ tokens: [DateToken]) -> (day: LocalDate, minutes: Int?)? {
        var whole: Int
        var fraction: Double = 0
        switch tokens.count {
        case 1:
            guard case .number(let n, let digits) = tokens[0], digits <= 7 else { return nil }
            whole = n
        case 3:
            guard case .number(let n, let digits) = tokens[0], digits <= 7, case .punct(".") = tokens[1],
                  case .fraction(let f) = DateToken.fractionOf(tokens[2]) else { return nil }
            whole = n
            fraction = f
        default:
            return nil
        }
        var minutes: Int?
        if tokens.count == 3 {
            var m = Int((fraction * 1440).rounded())
            if m == 1440 { m = 0; whole += 1 }
            minutes = m
        }
        guard let day = ExcelSerial.day(whole, date1904: false) else { return nil }
        return (day, minutes)
    }
}

/// Excel's day numbers.
enum ExcelSerial {
    /// The day of serial `n`; nil for 0 and below in the 1900 system, for 60 there (Excel's
    /// 29 February 1900, a day that never was), and past 31 December 9999.
    static func day(_ n: Int, date1904: Bool) -> LocalDate? {
        let base: LocalDate
        var offset = n
        if date1904 {
            guard n >= 0 else { return nil }
            base = LocalDate(year: 1904, month: 1, day: 1)!
        } else {
            guard n >= 1, n != 60 else { return nil }
            if n > 60 { offset -= 1 }
            base = LocalDate(year: 1899, month: 12, day: 31)!
        }
        guard offset <= LocalDate(year: 9999, month: 12, day: 31)!.dayNumber - base.dayNumber else { return nil }
        return base.adding(days: offset)
    }
}

/// A piece of a typed date: a run of digits, a run of letters (lowercased), a run of spaces, or
/// one other character.
enum DateToken: Equatable {
    case number(Int, digits: Int)
    case word(String)
    case space
    case punct(Character)
    case fraction(Double)

    static func scan(_ text: String) -> [DateToken] {
        var tokens: [DateToken] = []
        var digits: [UInt8] = []
        var letters = ""
        func flush() {
            if !digits.isEmpty {
                if digits.count > 9 {
                    tokens.append(.word(String(decoding: digits, as: UTF8.self)))
                } else {
                    let value = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
                    tokens.append(.number(value, digits: digits.count))
                }
                digits.removeAll(keepingCapacity: true)
            }
            if !letters.isEmpty {
                tokens.append(.word(letters.lowercased()))
                letters = ""
            }
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII, scalar.value >= 48, scalar.value <= 57 {
                if !letters.isEmpty { flush() }
                digits.append(UInt8(scalar.value))
            } else if scalar.properties.isAlphabetic {
                if !digits.isEmpty { flush() }
                letters.unicodeScalars.append(scalar)
            } else if scalar == " " || scalar == "\t" || scalar == "\u{00A0}" || scalar == "\n" || scalar == "\r" {
                flush()
                if let last = tokens.last, last == .space { continue }
                tokens.append(.space)
            } else {
                flush()
                tokens.append(.punct(Character(scalar)))
            }
        }
        flush()
        if tokens.first == .space { tokens.removeFirst() }
        if tokens.last == .space { tokens.removeLast() }
        return tokens
    }

    /// Digits after a decimal point, as a fraction (".5" → 0.5); the digit count is kept by scan.
    static func fractionOf(_ token: DateToken) -> DateToken? {
        guard case .number(let value, let digits) = token else { return nil }
        var divisor = 1.0
        for _ in 0..<digits { divisor *= 10 }
        return .fraction(Double(value) / divisor)
    }
}
