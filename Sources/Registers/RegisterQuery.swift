import Casework
import Foundation
import LedgerStore

/// Filters for `RegisterSnapshot.rows(_:filter:today:)`; nil fields do not filter.
public struct RegisterFilter: Sendable, Hashable {
    public var status: String?
    /// true: only rows with something overdue today; false: only rows with nothing overdue.
    public var overdue: Bool?
    /// `foia`, `foisa` or `eir` (FOI register and disclosure log).
    public var regime: String?
    /// Response outcome (FOI, SAR, disclosure), ICO decision (breach) or weakness (near miss).
    public var outcome: String?
    /// An exemption section; `40` matches `40`, `40(2)` and `40(3A)`, `40(2)` matches only itself and its subsections.
    public var exemption: String?
    /// A breach category, or a near miss's potential category.
    public var category: String?
    public var service: String?
    /// Received (requests), discovered (breaches), occurred (near misses) or response (disclosure) day, inclusive.
    public var from: LocalDate?
    public var to: LocalDate?
    /// Rows with a step still outstanding due on or before the Nth working day (home division)
    /// after today; overdue steps are included.
    public var dueWithinWorkingDays: Int?

    public init(status: String? = nil, overdue: Bool? = nil, regime: String? = nil, outcome: String? = nil, exemption: String? = nil,
                category: String? = nil, service: String? = nil, from: LocalDate? = nil, to: LocalDate? = nil,
                dueWithinWorkingDays: Int? = nil) {
        self.status = status
        self.overdue = overdue
        self.regime = regime
        self.outcome = outcome
        self.exemption = exemption
        self.category = category
        self.service = service
        self.from = from
        self.to = to
        self.dueWithinWorkingDays = dueWithinWorkingDays
    }

    func matches(_ f: FilterFacts, today: LocalDate, calculator: DeadlineCalculator) -> Bool {
        matcher(today: today, calculator: calculator)(f)
    }

    /// `matches` with the filter's own work done once (the horizon of "due within N working
    /// days"), for a pass over many rows.
    func matcher(today: LocalDate, calculator: DeadlineCalculator) -> (FilterFacts) -> Bool {
        let limit = dueWithinWorkingDays.map { calculator.calendar(for: nil as Division?).workingDay(max(0, $0), after: today) }
        return { [self] f in
            if let status, !Self.same(f.status, status) { return false }
            if let overdue, f.overdue != overdue { return false }
            if let regime, !Self.same(f.regime, regime) { return false }
            if let outcome, !Self.same(f.outcome, outcome) { return false }
            if let exemption, !f.exemptions.contains(where: { $0 == exemption || $0.hasPrefix(exemption + "(") }) { return false }
            if let category, !f.categories.contains(where: { Self.same($0, category) }) { return false }
            if let service, !Self.same(f.service, service) { return false }
            if let from { guard let d = f.date, d >= from else { return false } }
            if let to { guard let d = f.date, d <= to else { return false } }
            if let limit {
                guard let next = f.nextDueOn, next <= limit else { return false }
            }
            return true
        }
    }

    /// Equal ignoring case: ASCII compared byte by byte (the machine values filters name),
    /// anything else as Foundation compares it.
    static func same(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        var x = a.utf8.makeIterator(), y = b.utf8.makeIterator()
        while true {
            switch (x.next(), y.next()) {
            case (nil, nil): return true
            case let (p?, q?):
                if p >= 0x80 || q >= 0x80 { return a.caseInsensitiveCompare(b) == .orderedSame }
                let lp = (p >= 0x41 && p <= 0x5A) ? p | 0x20 : p, lq = (q >= 0x41 && q <= 0x5A) ? q | 0x20 : q
                if lp != lq { return false }
            default: return false
            }
        }
    }
}

/// Output formats for register queries.
public enum RegisterFormat: String, Sendable, CaseIterable {
    case table, csv, json
}

/// The result of a register query: rows as JSON and as text cells.
public struct RegisterOutput: Sendable {
    public var register: RegisterName
    /// Each row as JSON (validates against `Schemas/registers/<register>.schema.json`).
    public var json: [JSONValue]
    /// All CSV columns.
    public var header: [String]
    public var cells: [[String]]
    /// The narrower set of columns shown in a terminal table.
    public var tableHeader: [String]
    public var tableCells: [[String]]

    /// The CSV header line's cells: each column's words for people (`Labels.field`: `received`
    /// → "Received", `icoDue` → "ICO notification due"), as a person reads the file in a
    /// spreadsheet. `header` keeps the machine names the JSON rows, sorting and filters use.
    public var csvHeader: [String] { Self.csvHeader(header) }

    /// The CSV header line's cells for columns with these machine names.
    public static func csvHeader(_ names: [String]) -> [String] { names.map(Labels.field) }

    /// RFC 4180 CSV: a header line of `csvHeader`, CRLF line ends, fields quoted when they
    /// contain a comma, quote, CR or LF (quotes doubled). UTF-8, no byte-order mark. The cells
    /// keep the register's stored values (`grantedInPart`, `2026-03-03`, `yes`), the values
    /// of the register schemas and of the filters, so a spreadsheet's sums, sorts and lookups
    /// work on them and a pack's verifier recomputes them from the JSON rows alone.
    public var csv: String { CSV.render([csvHeader] + cells) }

    /// The rows as one JSON array (canonical encoding).
    public var jsonText: String { JSONValue.array(json).canonicalString }

    /// Left-aligned columns separated by two spaces, a rule under the header.
    public var table: String { TextGrid.render([tableHeader] + tableCells) }

    public func rendered(as format: RegisterFormat) -> String {
        switch format {
        case .table: table
        case .csv: csv
        case .json: jsonText
        }
    }
}

extension RegisterSnapshot {
    /// One register's rows, filtered, sorted by reference, evaluated against `today`, with personal
    /// values passed through `reveal` (default: redacted).
    public func rows(_ register: RegisterName, filter: RegisterFilter = RegisterFilter(), today: LocalDate,
                     calculator: DeadlineCalculator = DeadlineCalculator(),
                     reveal: (JSONValue) -> JSONValue = Reveal.redacted) throws -> RegisterOutput {
        switch register {
        case .foi: try Self.output(register, foi, filter, today, calculator, reveal)
        case .sar: try Self.output(register, sar, filter, today, calculator, reveal)
        case .breach: try Self.output(register, breach, filter, today, calculator, reveal)
        case .nearMiss: try Self.output(register, nearMiss, filter, today, calculator, reveal)
        case .disclosure: try Self.output(register, disclosure.map { $0.publicRow() }, filter, today, calculator, reveal)
        case .thirdParty: try Self.output(register, thirdParty, filter, today, calculator, reveal)
        case .agreements: try Self.output(register, agreements, filter, today, calculator, reveal)
        case .complaints: try Self.output(register, complaints, filter, today, calculator, reveal)
        }
    }

    /// The typed rows of one register after filtering and evaluation (no reveal applied).
    public func evaluated<Row: RegisterRow>(_ rows: [Row], filter: RegisterFilter = RegisterFilter(), today: LocalDate,
                                            calculator: DeadlineCalculator = DeadlineCalculator()) -> [Row] {
        rows.filter(\.isListed)
            .map { $0.evaluated(today: today, calculator: calculator) }
            .filter { filter.matches($0.filterFacts, today: today, calculator: calculator) }
            .sorted { $0.reference < $1.reference }
    }

    private static func output<Row: RegisterRow>(_ register: RegisterName, _ rows: [Row], _ filter: RegisterFilter, _ today: LocalDate,
                                                 _ calculator: DeadlineCalculator,
                                                 _ reveal: (JSONValue) -> JSONValue) throws -> RegisterOutput {
        let selected = RegisterSnapshot().evaluated(rows, filter: filter, today: today, calculator: calculator).map { $0.revealing(reveal) }
        let columns = Row.columns
        let table = columns.filter(\.inTable)
        return RegisterOutput(
            register: register,
            json: try selected.map { try JSONBridge.encode($0) },
            header: columns.map(\.name),
            cells: selected.map { row in columns.map { $0.value(row) } },
            tableHeader: table.map(\.name),
            tableCells: selected.map { row in table.map { $0.value(row) } })
    }
}

/// RFC 4180 writing.
public enum CSV {
    /// One field, neutralised against formula injection (`neutralised(_:)`), then quoted when it
    /// holds a comma, double quote, CR or LF.
    public static func field(_ cell: String) -> String {
        let text = neutralised(cell)
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Records joined with CRLF, the last one terminated too.
    public static func render(_ records: [[String]]) -> String {
        records.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }
}

/// Plain-text tables for terminals.
public enum TextGrid {
    public static func render(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ r: [String]) -> String {
            r.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var out = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.dropFirst().map(line)
        return out.joined(separator: "\n")
    }
}
