import Casework
import Foundation

extension ReportPeriod {
    /// A half of the financial year, as the breach procedure §3.6 reports it: `2026-H1` is
    /// 1 April to 30 September 2026, `2026-H2` is 1 October 2026 to 31 March 2027 (`fy2026-H1`
    /// is accepted for the first). Nil for anything else.
    public static func half(_ text: String) -> ReportPeriod? {
        var t = text.trimmingCharacters(in: .whitespaces).uppercased()
        if t.hasPrefix("FY") { t.removeFirst(2) }
        guard t.count == 7, let y = Int(t.prefix(4)), t.dropFirst(4).hasPrefix("-H"), let h = Int(t.suffix(1)), (1...2).contains(h),
              let from = LocalDate(year: y, month: h == 1 ? 4 : 10, day: 1) else { return nil }
        return ReportPeriod(label: "\(y)-H\(h)", from: from, to: from.adding(months: 6).adding(days: -1))
    }

    /// Any period `casebook report` takes: a year, financial year, quarter, month (see `init?(_:)`)
    /// or a financial half-year (`half(_:)`).
    public static func anyKind(_ text: String) -> ReportPeriod? {
        ReportPeriod(text) ?? half(text)
    }

    /// The number of whole months the period spans.
    public var monthCount: Int { months.count }

    /// The period of the same length `months` months away (negative: earlier), labelled in the
    /// same form: the quarter before `2026-Q2` is `2026-Q1`, the same half last year of `2026-H2`
    /// is `2025-H2`.
    public func shifted(months k: Int) -> ReportPeriod {
        let n = monthCount
        let start = from.adding(months: k)
        let end = start.adding(months: n).adding(days: -1)
        let label: String
        switch n {
        case 12 where start.month == 1: label = String(start.year)
        case 12 where start.month == 4: label = "fy\(start.year)"
        case 6 where start.month == 4: label = "\(start.year)-H1"
        case 6 where start.month == 10: label = "\(start.year)-H2"
        case 3 where (start.month - 1) % 3 == 0: label = "\(start.year)-Q\((start.month - 1) / 3 + 1)"
        case 1: label = String(start.iso.prefix(7))
        default: label = "\(start.iso)..\(end.iso)"
        }
        return ReportPeriod(label: label, from: start, to: end)
    }

    /// The period just before this one, of the same length.
    public var previous: ReportPeriod { shifted(months: -monthCount) }

    /// The same period a year earlier.
    public var sameLastYear: ReportPeriod { shifted(months: -12) }

    /// The calendar quarter containing `day`.
    public static func quarter(containing day: LocalDate) -> ReportPeriod {
        ReportPeriod("\(day.year)-Q\((day.month - 1) / 3 + 1)")!
    }

    /// The financial half-year containing `day` (H1 April–September, H2 October–March).
    public static func half(containing day: LocalDate) -> ReportPeriod {
        (4...9).contains(day.month) ? half("\(day.year)-H1")! : half("\(day.month >= 10 ? day.year : day.year - 1)-H2")!
    }

    /// The financial year (April–March) containing `day`.
    public static func financialYear(containing day: LocalDate) -> ReportPeriod {
        ReportPeriod("fy\(day.month >= 4 ? day.year : day.year - 1)")!
    }

    /// Why a report of this period cannot be judged on `today`, or nil: on a day before the period
    /// begins, the cases the registers hold for it had not begun, yet would count as received and
    /// show as open or overdue. `given` is the day as the user gave it (`--today 2026-01-05`,
    /// `today=2026-01-05`).
    public func problem(judgedOn today: LocalDate, given: String) -> String? {
        guard today < from else { return nil }
        return "\(given) is before \(label) begins (\(from.iso)), so nothing in it could be judged yet; give a day on or after \(from.iso), or leave it out to judge on today"
    }

    /// Whether the period is a calendar quarter (`2026-Q2`).
    public var isQuarter: Bool { monthCount == 3 && (from.month - 1) % 3 == 0 && from.day == 1 }
}
