/// The rule generator: bank holidays for years the published list does not cover.
///
/// It reproduces the standing pattern (Banking and Financial Dealings Act 1971 Schedule 1, the
/// St Andrew's Day Bank Holiday (Scotland) Act 2007 and the annual royal proclamations that move
/// weekend days) exactly as gov.uk publishes it, titles included. It cannot know one-off days
/// (jubilees, coronations, state funerals) or moved days (2020-05-08): those arrive only through an
/// updated feed, which is why the published list always wins. The pattern is the one in force since
/// 2007 (St Andrew's Day) and 1978 (Early May); earlier years are not modelled faithfully.
extension BankHolidayCalendar {
    static let newYearsDay = "New Year’s Day"
    static let secondJanuary = "2nd January"
    static let stPatricksDay = "St Patrick’s Day"
    static let goodFriday = "Good Friday"
    static let easterMonday = "Easter Monday"
    static let earlyMay = "Early May bank holiday"
    static let spring = "Spring bank holiday"
    static let boyne = "Battle of the Boyne (Orangemen’s Day)"
    static let summer = "Summer bank holiday"
    static let stAndrewsDay = "St Andrew’s Day"
    static let christmasDay = "Christmas Day"
    static let boxingDay = "Boxing Day"

    /// Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" algorithm).
    public static func easterSunday(year: Int) -> LocalDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(year: year, month: month, day: day)!
    }

    /// Good Friday of `year` (two days before Easter Sunday).
    public static func goodFriday(year: Int) -> LocalDate {
        easterSunday(year: year).adding(days: -2)
    }

    /// The holidays `division` would have in `year` by rule, in date order, all `.generated`.
    public static func generatedHolidays(year: Int, division: Division) -> [BankHoliday] {
        var days: [BankHoliday] = []
        func add(_ date: LocalDate, _ title: String, substitute: Bool = false) {
            days.append(BankHoliday(date: date, title: title, division: division,
                                    isSubstitute: substitute, source: .generated))
        }
        func date(_ month: Int, _ day: Int) -> LocalDate { LocalDate(year: year, month: month, day: day)! }

        // 1 January (and 2 January in Scotland). A weekend day moves to the next free weekday; when
        // 1 January is a Sunday, New Year's Day takes Monday 2nd and 2nd January Tuesday 3rd.
        let newYear = date(1, 1)
        switch (newYear.weekday, division) {
        case (.saturday, .scotland):
            add(date(1, 3), newYearsDay, substitute: true)
            add(date(1, 4), secondJanuary, substitute: true)
        case (.sunday, .scotland):
            add(date(1, 2), newYearsDay, substitute: true)
            add(date(1, 3), secondJanuary, substitute: true)
        case (.friday, .scotland):
            add(newYear, newYearsDay)
            add(date(1, 4), secondJanuary, substitute: true)
        case (_, .scotland):
            add(newYear, newYearsDay)
            add(date(1, 2), secondJanuary)
        case (.saturday, _):
            add(date(1, 3), newYearsDay, substitute: true)
        case (.sunday, _):
            add(date(1, 2), newYearsDay, substitute: true)
        default:
            add(newYear, newYearsDay)
        }

        if division == .northernIreland {
            addMovingToMonday(date(3, 17), stPatricksDay, add)
        }

        let easter = easterSunday(year: year)
        add(easter.adding(days: -2), goodFriday)
        if division != .scotland {
            add(easter.adding(days: 1), easterMonday)
        }

        if year >= 1978 {
            add(firstMonday(year: year, month: 5), earlyMay)
        }
        add(lastMonday(year: year, month: 5), spring)

        if division == .northernIreland {
            addMovingToMonday(date(7, 12), boyne, add)
        }

        add(division == .scotland ? firstMonday(year: year, month: 8) : lastMonday(year: year, month: 8), summer)

        if division == .scotland, year >= 2007 {
            addMovingToMonday(date(11, 30), stAndrewsDay, add)
        }

        // 25 and 26 December. Saturday Christmas: Mon 27 and Tue 28 substitute. Sunday Christmas:
        // Boxing Day keeps Monday 26th and Christmas Day's substitute is Tuesday 27th. Friday
        // Christmas: Boxing Day's substitute is Monday 28th.
        let christmas = date(12, 25)
        switch christmas.weekday {
        case .friday:
            add(christmas, christmasDay)
            add(date(12, 28), boxingDay, substitute: true)
        case .saturday:
            add(date(12, 27), christmasDay, substitute: true)
            add(date(12, 28), boxingDay, substitute: true)
        case .sunday:
            add(date(12, 26), boxingDay)
            add(date(12, 27), christmasDay, substitute: true)
        default:
            add(christmas, christmasDay)
            add(date(12, 26), boxingDay)
        }
        return days.sorted { $0.date < $1.date }
    }

    /// Adds `day`, or the following Monday as a substitute when `day` is a Saturday or Sunday.
    private static func addMovingToMonday(_ day: LocalDate, _ title: String,
                                          _ add: (LocalDate, String, Bool) -> Void) {
        switch day.weekday {
        case .saturday: add(day.adding(days: 2), title, true)
        case .sunday: add(day.adding(days: 1), title, true)
        default: add(day, title, false)
        }
    }

    static func firstMonday(year: Int, month: Int) -> LocalDate {
        let first = LocalDate(year: year, month: month, day: 1)!
        return first.adding(days: (8 - first.weekday.rawValue) % 7)
    }

    static func lastMonday(year: Int, month: Int) -> LocalDate {
        let last = LocalDate(year: year, month: month, day: LocalDate.daysInMonth(year: year, month: month))!
        return last.adding(days: -((last.weekday.rawValue - 1) % 7))
    }
}
