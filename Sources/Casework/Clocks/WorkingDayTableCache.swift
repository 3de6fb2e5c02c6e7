import Foundation

/// The working-day tables of one `BankHolidayCalendar`, one per set of divisions, each built on
/// first use.
///
/// A table covers `WorkingDayTableCache.baseYears` and every published year within
/// `WorkingDayTableCache.extendableYears`; dates outside it are counted day by day.
final class WorkingDayTableCache: @unchecked Sendable {
    /// The years every table covers, published or generated.
    static let baseYears = 2000...2060
    /// How far published years may stretch a table (a feed listing year 1 must not make it huge).
    static let extendableYears = 1900...2200

    // `tables` is only read or written under `lock`; each table is immutable once stored.
    private let lock = NSLock()
    private var tables: [WorkingDayTable?] = Array(repeating: nil, count: 1 << Division.allCases.count)

    /// The table of `divisions` for `holidays`, built on the first call for that set of divisions.
    ///
    /// `holidays` must be the calendar that owns this cache (its published list never changes).
    func table(for divisions: Set<Division>, of holidays: BankHolidayCalendar) -> WorkingDayTable {
        var key = 0
        for (bit, division) in Division.allCases.enumerated() where divisions.contains(division) {
            key |= 1 << bit
        }
        lock.lock()
        defer { lock.unlock() }
        if let table = tables[key] { return table }
        let table = WorkingDayTable(holidays: holidays, divisions: divisions, years: Self.years(of: holidays))
        tables[key] = table
        return table
    }

    /// `baseYears` stretched to the published years of `holidays` that lie in `extendableYears`.
    static func years(of holidays: BankHolidayCalendar) -> ClosedRange<Int> {
        var lower = baseYears.lowerBound
        var upper = baseYears.upperBound
        for division in Division.allCases {
            for year in holidays.publishedYears(for: division) where extendableYears.contains(year) {
                lower = min(lower, year)
                upper = max(upper, year)
            }
        }
        return lower...upper
    }
}
