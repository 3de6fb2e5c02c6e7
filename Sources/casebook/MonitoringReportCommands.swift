import ArgumentParser
import CasebookCore
import Casework
import Foundation
import Registers

/// `casebook report monitoring --quarter 2026-Q2`: the quarterly data protection monitoring report
/// (the data protection policy §4.9.1, §7.3).
struct MonitoringReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitoring",
        abstract: "The quarterly data protection monitoring report (the data protection policy §4.9.1, §7.3): breaches, near misses, SARs and the actions still open.")
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "The quarter: 2026-Q2 (April–June 2026), 2026-Q3 (July–September), 2026-Q4 (October–December), 2027-Q1 (January–March).") var quarter: String
    @Option(help: "table, json or csv") var format: OutputFormat = .table
    @OptionGroup var csv: CSVOptions
    @Option(help: "The day to judge open and overdue actions against (default: today).") var today: String?

    func validate() throws {
        try csv.check(format)
        guard let p = ReportPeriod(quarter), p.isQuarter else {
            throw ValidationError("--quarter \(quarter) is not a quarter; write 2026-Q2 (April–June 2026) or another YYYY-Q1…Q4")
        }
        try validateToday(today, for: p)
    }

    func run() async throws {
        try printMonitoring(.quarterly, ReportPeriod(quarter)!, options: options, format: format, csv: csv, today: today)
    }
}

/// `casebook report management --half 2026-H1`: the biannual report to the management team (the
/// breach procedure §3.6).
struct ManagementReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "management",
        abstract: "The biannual report to the Corporate Management Team (the breach procedure §3.6): the monitoring figures for a half-year and the actions still open.")
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "The financial half-year: 2026-H1 (1 April–30 September 2026) or 2026-H2 (1 October 2026–31 March 2027).") var half: String
    @Option(help: "table, json or csv") var format: OutputFormat = .table
    @OptionGroup var csv: CSVOptions
    @Option(help: "The day to judge open and overdue actions against (default: today).") var today: String?

    func validate() throws {
        try csv.check(format)
        guard let p = ReportPeriod.half(half) else {
            throw ValidationError("--half \(half) is not a half-year; write 2026-H1 (April–September 2026) or 2026-H2 (October 2026–March 2027)")
        }
        try validateToday(today, for: p)
    }

    func run() async throws {
        try printMonitoring(.biannual, ReportPeriod.half(half)!, options: options, format: format, csv: csv, today: today)
    }
}

/// Checks `--today`: a date, and not before `period` begins.
private func validateToday(_ today: String?, for period: ReportPeriod) throws {
    guard let today else { return }
    if let problem = period.problem(judgedOn: try dayArgument(today, "--today"), given: "--today \(today)") { throw ValidationError(problem) }
}

private func printMonitoring(_ kind: MonitoringReport.Kind, _ period: ReportPeriod, options: LedgerOptionGroup, format: OutputFormat,
                             csv: CSVOptions, today: String?) throws {
    let day = try todayOption(today)
    try printReport(MonitoringReport(kind, period: period, snapshot: try registerSnapshot(options), today: day), format: format, csv: csv)
}

/// The monitoring reports print alike: a table, JSON or CSV.
protocol PrintableReport {
    func json() throws -> JSONValue
    var csv: String { get }
    var text: String { get }
}

extension MonitoringReport: PrintableReport {}
extension TrendsReport: PrintableReport {}
extension RequestStatistics: PrintableReport {}

func printReport(_ report: some PrintableReport, format: OutputFormat, csv: CSVOptions) throws {
    switch format {
    case .json: printJSON(try report.json())
    case .csv: csv.write(report.csv)
    case .table, .text: print(report.text)
    }
}

/// Every register of the ledger at `options.path`, read once, in one transaction.
func registerSnapshot(_ options: LedgerOptionGroup) throws -> RegisterSnapshot {
    let casebook = try Casebook.open(at: options.path)
    defer { casebook.close() }
    return try casebook.ledger.read { log in try casebook.registerReader.snapshot(in: log) }
}

/// Writes a report's SVG chart to `path`.
func writeChart(_ svg: String, to path: String) throws {
    do { try Data(svg.utf8).write(to: URL(fileURLWithPath: path)) } catch {
        throw CLIFailure("cannot write the chart to \(path): \(error.localizedDescription); choose a path in a directory you can write to")
    }
}

/// `casebook report trends --period 2026-Q2`: breaches and near misses by category and service
/// against the previous period and the same period last year (the data protection policy §7.3).
struct TrendsReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Breaches and near misses by category and by service against the previous period and the same period last year, rising ones marked (the data protection policy §7.3).")
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "2026-Q2 (a quarter), 2026-H1 (April–September), fy2026 (April 2026–March 2027), 2026 (calendar year) or 2026-05 (a month).") var period: String
    @Option(help: "table, json or csv") var format: OutputFormat = .table
    @OptionGroup var csv: CSVOptions
    @Option(help: "Also write the accessible SVG chart to this file.") var chart: String?

    func validate() throws {
        try csv.check(format)
        if ReportPeriod.anyKind(period) == nil {
            throw ValidationError("--period \(period) is not a period; write 2026-Q2, 2026-H1, fy2026, 2026 or 2026-05")
        }
    }

    func run() async throws {
        let report = TrendsReport(period: ReportPeriod.anyKind(period)!, snapshot: try registerSnapshot(options))
        try printReport(report, format: format, csv: csv)
        if let chart { try writeChart(report.svgChart, to: chart) }
    }
}

/// `casebook report statistics --year fy2026`: FOI/EIR request statistics in the form of the
/// section 45 Code of Practice.
struct StatisticsReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statistics",
        abstract: "FOI and EIR request statistics in the form of the section 45 Code of Practice: received, in time, extended, refusals by exemption, reviews, ICO complaints.")
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "A quarter: 2026-Q2 (April–June 2026).") var quarter: String?
    @Option(help: "A year: fy2026 (April 2026–March 2027, the FOI policy's annual report) or 2026 (calendar year).") var year: String?
    @Option(help: "table, json or csv") var format: OutputFormat = .table
    @OptionGroup var csv: CSVOptions
    @Option(help: "The day to judge unanswered requests against (default: today).") var today: String?

    func validate() throws {
        try csv.check(format)
        let p: ReportPeriod
        switch (quarter, year) {
        case (nil, nil), (_?, _?):
            throw ValidationError("give exactly one of --quarter 2026-Q2 or --year fy2026 (or --year 2026 for the calendar year)")
        case let (q?, nil):
            guard let quarter = ReportPeriod(q), quarter.isQuarter else { throw ValidationError("--quarter \(q) is not a quarter; write 2026-Q2 or another YYYY-Q1…Q4") }
            p = quarter
        case let (nil, y?):
            guard let year = ReportPeriod(y), year.monthCount == 12 else { throw ValidationError("--year \(y) is not a year; write fy2026 (April 2026–March 2027) or 2026") }
            p = year
        }
        try validateToday(today, for: p)
    }

    func run() async throws {
        let p = ReportPeriod(quarter ?? year!)!
        let day = try todayOption(today)
        try printReport(RequestStatistics(period: p, snapshot: try registerSnapshot(options), today: day), format: format, csv: csv)
    }
}
