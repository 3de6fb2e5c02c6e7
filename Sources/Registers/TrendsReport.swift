import Casework
import Foundation
import LedgerStore

/// Trends in breaches and near misses by category and by service: a period against the one before
/// it and the same period a year earlier (the data protection policy §7.3 and Appendix 6 §3.2.3:
/// trends and patterns identified and reported).
///
/// Rule: a category or service is **rising** when its count in the period is higher than in the
/// previous period and higher than in the same period last year. Breaches count by the day the
/// organisation became aware (once per category they fall in), near misses by the day they occurred.
public struct TrendsReport: Codable, Sendable, Hashable {
    public static let rule = "Rising: more in the period than in the previous period and more than in the same period last year."

    public struct Window: Codable, Sendable, Hashable {
        public var period: String
        public var from: LocalDate
        public var to: LocalDate

        init(_ p: ReportPeriod) {
            period = p.label
            from = p.from
            to = p.to
        }
    }

    public struct Row: Codable, Sendable, Hashable {
        /// The category or service ("all" for the series total).
        public var key: String
        public var current: Int
        public var previous: Int
        public var sameLastYear: Int
        public var rising: Bool

        init(key: String, current: Int, previous: Int, sameLastYear: Int) {
            self.key = key
            self.current = current
            self.previous = previous
            self.sameLastYear = sameLastYear
            self.rising = current > previous && current > sameLastYear
        }
    }

    public struct Series: Codable, Sendable, Hashable {
        /// breach or near-miss.
        public var register: String
        /// category or service.
        public var by: String
        public var title: String
        public var total: Row
        /// Every key seen in any of the three periods: highest current count first, then by name.
        public var rows: [Row]
    }

    public var rule = TrendsReport.rule
    public var current: Window
    public var previous: Window
    public var sameLastYear: Window
    public var series: [Series] = []

    /// Computes the trends for `period` from a snapshot of the registers.
    public init(period: ReportPeriod, snapshot s: RegisterSnapshot) {
        let periods = [period, period.previous, period.sameLastYear]
        current = Window(periods[0])
        previous = Window(periods[1])
        sameLastYear = Window(periods[2])
        func make(_ register: RegisterName, _ by: String, _ title: String, _ items: [(day: LocalDate, keys: Set<String>)]) -> Series {
            var counts = [[String: Int]](repeating: [:], count: periods.count)
            var totals = [Int](repeating: 0, count: periods.count)
            for item in items {
                for (i, p) in periods.enumerated() where p.contains(item.day) {
                    totals[i] += 1
                    for k in item.keys { counts[i][k, default: 0] += 1 }
                }
            }
            let keys = Set(counts.flatMap(\.keys))
            let rows = keys.map { k in Row(key: k, current: counts[0][k] ?? 0, previous: counts[1][k] ?? 0, sameLastYear: counts[2][k] ?? 0) }
                .sorted { ($0.current, $1.key) > ($1.current, $0.key) }
            return Series(register: register.rawValue, by: by, title: title,
                          total: Row(key: "all", current: totals[0], previous: totals[1], sameLastYear: totals[2]), rows: rows)
        }
        self.series = [
            make(.breach, "category", "Breaches by category", s.breach.map { ($0.discoveredOn, Set($0.categories)) }),
            make(.breach, "service", "Breaches by service", s.breach.map { ($0.discoveredOn, [$0.service]) }),
            make(.nearMiss, "category", "Near misses by potential category", s.nearMiss.map { ($0.occurredOn, [$0.potentialCategory]) }),
            make(.nearMiss, "service", "Near misses by service", s.nearMiss.map { ($0.occurredOn, [$0.service]) }),
        ]
    }

    /// The report as JSON.
    public func json() throws -> JSONValue { try JSONBridge.encode(self) }

    var header: [String] { ["key", current.period, "previous \(previous.period)", "last year \(sameLastYear.period)", "rising"] }

    /// One table per series (the total first), rising rows marked "RISING".
    public var tables: [ReportTable] {
        series.map { s in
            ReportTable(id: "\(s.register == "breach" ? "breaches" : "nearMisses")By\(s.by.prefix(1).uppercased() + s.by.dropFirst())",
                        caption: s.title, header: header,
                        rows: ([s.total] + s.rows).map { [$0.key, String($0.current), String($0.previous), String($0.sameLastYear), $0.rising ? "RISING" : ""] })
        }
    }

    /// The report as plain text: the periods, the rule, then the tables.
    public var text: String {
        "Trends \(current.period) (\(current.from.iso) to \(current.to.iso)) against \(previous.period) and \(sameLastYear.period)\n"
            + TrendsReport.rule + "\n\n" + ReportTable.text(tables)
    }

    /// The report as RFC 4180 CSV: one line per series and key, the totals included as key `all`.
    public var csv: String {
        var lines = [["register", "by", "key", "period", "count", "previousPeriod", "previousCount", "lastYearPeriod", "lastYearCount", "rising"]]
        for s in series {
            for r in [s.total] + s.rows {
                lines.append([s.register, s.by, r.key, current.period, String(r.current), previous.period, String(r.previous),
                              sameLastYear.period, String(r.sameLastYear), r.rising ? "true" : "false"])
            }
        }
        return CSV.render(lines)
    }

    /// An accessible horizontal bar chart: for every series a heading, then one row per key (the
    /// total first) with three bars (this period, previous period, same period last year), the
    /// counts in words beside them and "rising" marked in text as well as colour. `<title>` and
    /// `<desc>` carry the figures; every row has its own band of height, so no two labels overlap.
    public var svgChart: String {
        let width = 860, labelW = 230, barX = 240, maxBar = 300, rowH = 34, headH = 30, top = 96
        let peak = max(1, series.flatMap { [$0.total] + $0.rows }.map { max($0.current, $0.previous, $0.sameLastYear) }.max() ?? 1)
        func bar(_ n: Int) -> Int { n == 0 ? 0 : max(2, n * maxBar / peak) }
        func label(_ s: String) -> String { s.count > 30 ? String(s.prefix(29)) + "…" : s }
        let rowsCount = series.reduce(0) { $0 + 1 + $1.rows.count }
        let height = top + series.count * headH + rowsCount * rowH + 20
        let title = "Breaches and near misses, \(current.period) against \(previous.period) and \(sameLastYear.period)"
        let rising = series.flatMap { s in ([s.total] + s.rows).filter(\.rising).map { "\(s.title): \($0.key)" } }
        let described = "Counts of breaches and near misses by category and by service in \(current.period), with the previous period \(previous.period) and the same period last year \(sameLastYear.period). \(TrendsReport.rule) "
            + (rising.isEmpty ? "Nothing is rising." : "Rising: \(rising.joined(separator: "; ")).")
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" role="img" aria-labelledby="trends-title trends-desc">
        <title id="trends-title">\(svgEscaped(title))</title>
        <desc id="trends-desc">\(svgEscaped(described))</desc>
        <rect x="0" y="0" width="\(width)" height="\(height)" fill="#ffffff"/>
        <text x="10" y="24" font-family="sans-serif" font-size="16" fill="#0b0c0c">\(svgEscaped(title))</text>
        <text x="10" y="46" font-family="sans-serif" font-size="12" fill="#0b0c0c">\(svgEscaped(TrendsReport.rule))</text>
        <rect x="10" y="60" width="14" height="8" fill="#1d70b8"/><text x="30" y="68" font-family="sans-serif" font-size="12" fill="#0b0c0c">\(svgEscaped(current.period))</text>
        <rect x="160" y="60" width="14" height="8" fill="#b1b4b6"/><text x="180" y="68" font-family="sans-serif" font-size="12" fill="#0b0c0c">\(svgEscaped("previous \(previous.period)"))</text>
        <rect x="340" y="60" width="14" height="8" fill="#505a5f"/><text x="360" y="68" font-family="sans-serif" font-size="12" fill="#0b0c0c">\(svgEscaped("last year \(sameLastYear.period)"))</text>

        """
        var y = top
        for s in series {
            svg += "<text x=\"10\" y=\"\(y + 18)\" font-family=\"sans-serif\" font-size=\"14\" font-weight=\"bold\" fill=\"#0b0c0c\">\(svgEscaped(s.title))</text>\n"
            y += headH
            for r in [s.total] + s.rows {
                let words = "\(r.current) (previous \(r.previous), last year \(r.sameLastYear))" + (r.rising ? " rising" : "")
                svg += "<g><title>\(svgEscaped("\(s.title), \(r.key): \(words)"))</title>\n"
                svg += "<text x=\"\(labelW)\" y=\"\(y + 20)\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#0b0c0c\">\(svgEscaped(label(r.key)))</text>\n"
                svg += "<rect x=\"\(barX)\" y=\"\(y + 4)\" width=\"\(bar(r.current))\" height=\"8\" fill=\"\(r.rising ? "#d4351c" : "#1d70b8")\"/>\n"
                svg += "<rect x=\"\(barX)\" y=\"\(y + 13)\" width=\"\(bar(r.previous))\" height=\"7\" fill=\"#b1b4b6\"/>\n"
                svg += "<rect x=\"\(barX)\" y=\"\(y + 21)\" width=\"\(bar(r.sameLastYear))\" height=\"7\" fill=\"#505a5f\"/>\n"
                svg += "<text x=\"\(barX + maxBar + 10)\" y=\"\(y + 20)\" font-family=\"sans-serif\" font-size=\"12\" fill=\"\(r.rising ? "#d4351c" : "#0b0c0c")\"\(r.rising ? " font-weight=\"bold\"" : "")>\(svgEscaped(words))</text>\n"
                svg += "</g>\n"
                y += rowH
            }
        }
        svg += "</svg>\n"
        return svg
    }
}
