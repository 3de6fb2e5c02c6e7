import Casework
import Foundation
import Hummingbird
import LedgerStore
import CasebookCore
import Registers

/// How a report's period is asked for in a query: the parameter, the periods it takes, an example
/// for the error, the form's label, and the period a page shows when the query has none. The API
/// and the pages read periods through these, so they accept and refuse the same things.
struct ReportPeriodParameter: Sendable {
    let name: String
    let parse: @Sendable (String) -> ReportPeriod?
    let example: String
    /// The label of the page's form field.
    let label: String
    let containing: @Sendable (LocalDate) -> ReportPeriod

    static let quarter = ReportPeriodParameter(
        name: "quarter", parse: { ReportPeriod($0).flatMap { $0.isQuarter ? $0 : nil } }, example: "2026-Q2 (April–June 2026)",
        label: "Quarter (e.g. 2026-Q2)", containing: { ReportPeriod.quarter(containing: $0) })
    static let half = ReportPeriodParameter(
        name: "half", parse: { ReportPeriod.half($0) }, example: "2026-H1 (April–September 2026) or 2026-H2 (October 2026–March 2027)",
        label: "Half-year (2026-H1 April–September, 2026-H2 October–March)", containing: { ReportPeriod.half(containing: $0) })
    static let anyPeriod = ReportPeriodParameter(
        name: "period", parse: { ReportPeriod.anyKind($0) }, example: "2026-Q2, 2026-H1, fy2026, 2026 or 2026-05",
        label: "Period (2026-Q2, 2026-H1, fy2026, 2026 or 2026-05)", containing: { ReportPeriod.quarter(containing: $0) })
    static let year = ReportPeriodParameter(
        name: "year", parse: { ReportPeriod($0).flatMap { $0.monthCount == 12 ? $0 : nil } }, example: "fy2026 (April 2026–March 2027) or 2026",
        label: "Year (fy2026 or 2026)", containing: { ReportPeriod.financialYear(containing: $0) })

    /// The period in `query`; when the query has none, the one containing `fallback` (the pages),
    /// or without a fallback a 400 saying what to write.
    func period(in query: Query, orContaining fallback: LocalDate? = nil) throws -> ReportPeriod {
        guard let text = try query.string(name) else {
            if let fallback { return containing(fallback) }
            throw APIError.badRequest("query parameter \(name) is required; write e.g. \(name)=\(example)", code: "invalidParameter")
        }
        guard let p = parse(text), (1900...2200).contains(p.from.year) else {
            throw APIError.badRequest("\(name)=\(text) is not a period of that kind; write e.g. \(name)=\(example)", code: "invalidParameter")
        }
        return p
    }

    /// The statistics' period: exactly one of `quarter` or `year`; with neither, the financial
    /// year containing `fallback` when there is one.
    static func statistics(in query: Query, orContaining fallback: LocalDate? = nil) throws -> (ReportPeriod, ReportPeriodParameter) {
        switch (try query.string("quarter"), try query.string("year"), fallback) {
        case (_?, nil, _): return (try quarter.period(in: query), quarter)
        case (nil, _?, _): return (try year.period(in: query), year)
        case let (nil, nil, day?): return (year.containing(day), year)
        default: throw APIError.badRequest("give exactly one of quarter=2026-Q2 or year=fy2026 (year=2026 for the calendar year)", code: "invalidParameter")
        }
    }
}

extension MonitoringReport.Kind {
    /// The quarterly report takes a quarter, the biannual one a financial half-year.
    var periodParameter: ReportPeriodParameter { self == .quarterly ? .quarter : .half }
}

/// The monitoring reports: the quarterly data protection monitoring report (the data protection
/// policy §4.9.1, §7.3), the biannual report to the management team (the breach procedure §3.6),
/// the trends (§7.3) and the FOI/EIR statistics in the form of the section 45 Code of Practice.
/// The pages call the same functions.
extension ReadController {
    /// The day a report of `period` is judged on: the query's `today`, not before the period
    /// begins (400), or `fallback` (the server's today) when the query has none.
    static func reportDay(_ query: Query, for period: ReportPeriod, fallback: LocalDate) throws -> LocalDate {
        guard let day = try query.day("today") else { return fallback }
        if let problem = period.problem(judgedOn: day, given: "today=\(day.iso)") { throw APIError.badRequest(problem, code: "invalidParameter") }
        return day
    }

    static func format(_ query: Query, allowed: [String]) throws -> String {
        let f = try query.string("format") ?? "json"
        guard allowed.contains(f) else { throw APIError.badRequest("format=\(f): choose \(allowed.joined(separator: ", "))", code: "invalidParameter") }
        return f
    }

    /// Every register, once they passed the integrity check, read once in one transaction: every
    /// report is built from one snapshot.
    func snapshotForReports() async throws -> RegisterSnapshot {
        try await integrity.require(RegisterName.allCases)
        let casebook = self.casebook
        return try await blocking {
            let cache = self.rowCache
            return try casebook.ledger.read { log in try RegisterReader(calculator: casebook.deadlines).snapshot(in: log, cache: cache) }
        }
    }

    /// The monitoring report, its open actions limited to the registers `identity` may read.
    func monitoringReport(_ kind: MonitoringReport.Kind, period: ReportPeriod, today: LocalDate, identity: Identity?) async throws -> MonitoringReport {
        let s = try await snapshotForReports()
        return MonitoringReport(kind, period: period, snapshot: s, today: today).restricted { name in
            RegisterName(rawValue: name).map { AccessPolicy.mayRead($0, by: identity) } ?? false
        }
    }

    func trendsReport(period: ReportPeriod) async throws -> TrendsReport {
        TrendsReport(period: period, snapshot: try await snapshotForReports())
    }

    func requestStatistics(period: ReportPeriod, today: LocalDate) async throws -> RequestStatistics {
        RequestStatistics(period: period, snapshot: try await snapshotForReports(), today: today)
    }

    static func csv(_ text: String) -> Response { JSONResponse.text(text, contentType: "text/csv; charset=utf-8") }

    /// `GET /api/v1/reports/monitoring?quarter=2026-Q2`.
    @Sendable func monitoring(_ request: Request, context: Context) async throws -> Response {
        try await monitoringResponse(.quarterly, request, context: context)
    }

    /// `GET /api/v1/reports/management?half=2026-H1`.
    @Sendable func management(_ request: Request, context: Context) async throws -> Response {
        try await monitoringResponse(.biannual, request, context: context)
    }

    func monitoringResponse(_ kind: MonitoringReport.Kind, _ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = Query(request)
        let period = try kind.periodParameter.period(in: query)
        let today = try Self.reportDay(query, for: period, fallback: configuration.today())
        let format = try Self.format(query, allowed: ["json", "csv"])
        let report = try await monitoringReport(kind, period: period, today: today, identity: identity)
        return format == "csv" ? Self.csv(try Self.csvBody(report.csv, format: format, query)) : JSONResponse.ok(try report.json())
    }

    /// `GET /api/v1/reports/trends?period=2026-Q2`.
    @Sendable func trends(_ request: Request, context: Context) async throws -> Response {
        _ = try context.requireIdentity()
        let query = Query(request)
        let period = try ReportPeriodParameter.anyPeriod.period(in: query)
        let format = try Self.format(query, allowed: ["json", "csv", "svg"])
        let report = try await trendsReport(period: period)
        switch format {
        case "csv": return Self.csv(try Self.csvBody(report.csv, format: format, query))
        case "svg": return JSONResponse.text(report.svgChart, contentType: "image/svg+xml; charset=utf-8")
        default: return JSONResponse.ok(try report.json())
        }
    }

    /// `GET /api/v1/reports/statistics?year=fy2026` or `?quarter=2026-Q2`.
    @Sendable func statistics(_ request: Request, context: Context) async throws -> Response {
        _ = try context.requireIdentity()
        let query = Query(request)
        let (period, _) = try ReportPeriodParameter.statistics(in: query)
        let today = try Self.reportDay(query, for: period, fallback: configuration.today())
        let format = try Self.format(query, allowed: ["json", "csv"])
        let report = try await requestStatistics(period: period, today: today)
        return format == "csv" ? Self.csv(try Self.csvBody(report.csv, format: format, query)) : JSONResponse.ok(try report.json())
    }
}
