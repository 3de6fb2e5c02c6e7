import Casework
import Foundation
import Hummingbird
import LedgerStore
import CasebookCore
import Registers

/// The monitoring reports: the quarterly data protection monitoring report (the data protection
/// policy §4.9.1, §7.3), the biannual report to the management team (the breach procedure §3.6),
/// the trends (§7.3) and the FOI/EIR statistics in the form of the section 45 Code of Practice.
/// The pages call the same functions.
extension ReadController {
    /// The request's period: `name`'s value parsed by `parse`, or 400 saying what to write.
    static func reportPeriod(_ query: Query, _ name: String, parse: (String) -> ReportPeriod?, example: String) throws -> ReportPeriod {
        guard let text = try query.string(name) else {
            throw APIError.badRequest("query parameter \(name) is required; write e.g. \(name)=\(example)", code: "invalidParameter")
        }
        guard let p = parse(text), (1900...2200).contains(p.from.year) else {
            throw APIError.badRequest("\(name)=\(text) is not a period of that kind; write e.g. \(name)=\(example)", code: "invalidParameter")
        }
        return p
    }

    static func quarter(_ text: String) -> ReportPeriod? { ReportPeriod(text).flatMap { $0.isQuarter ? $0 : nil } }
    static func year(_ text: String) -> ReportPeriod? { ReportPeriod(text).flatMap { $0.monthCount == 12 ? $0 : nil } }

    static func format(_ query: Query, allowed: [String]) throws -> String {
        let f = try query.string("format") ?? "json"
        guard allowed.contains(f) else { throw APIError.badRequest("format=\(f): choose \(allowed.joined(separator: ", "))", code: "invalidParameter") }
        return f
    }

    func snapshotForReports() async throws -> RegisterSnapshot {
        try await integrity.require(RegisterName.allCases)
        let casebook = self.casebook
        return try await blocking {
            try casebook.ledger.read { log in try RegisterReader(calculator: casebook.deadlines).snapshot(in: log) }
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
        let identity = try context.requireIdentity()
        let query = Query(request)
        let period = try Self.reportPeriod(query, "quarter", parse: Self.quarter, example: "2026-Q2 (April–June 2026)")
        let today = try query.day("today") ?? configuration.today()
        let format = try Self.format(query, allowed: ["json", "csv"])
        let report = try await monitoringReport(.quarterly, period: period, today: today, identity: identity)
        return format == "csv" ? Self.csv(report.csv) : JSONResponse.ok(try report.json())
    }

    /// `GET /api/v1/reports/management?half=2026-H1`.
    @Sendable func management(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = Query(request)
        let period = try Self.reportPeriod(query, "half", parse: ReportPeriod.half, example: "2026-H1 (April–September 2026) or 2026-H2 (October 2026–March 2027)")
        let today = try query.day("today") ?? configuration.today()
        let format = try Self.format(query, allowed: ["json", "csv"])
        let report = try await monitoringReport(.biannual, period: period, today: today, identity: identity)
        return format == "csv" ? Self.csv(report.csv) : JSONResponse.ok(try report.json())
    }

    /// `GET /api/v1/reports/trends?period=2026-Q2`.
    @Sendable func trends(_ request: Request, context: Context) async throws -> Response {
        _ = try context.requireIdentity()
        let query = Query(request)
        let period = try Self.reportPeriod(query, "period", parse: ReportPeriod.anyKind, example: "2026-Q2, 2026-H1, fy2026, 2026 or 2026-05")
        let format = try Self.format(query, allowed: ["json", "csv", "svg"])
        let report = try await trendsReport(period: period)
        switch format {
        case "csv": return Self.csv(report.csv)
        case "svg": return JSONResponse.text(report.svgChart, contentType: "image/svg+xml; charset=utf-8")
        default: return JSONResponse.ok(try report.json())
        }
    }

    /// `GET /api/v1/reports/statistics?year=fy2026` or `?quarter=2026-Q2`.
    @Sendable func statistics(_ request: Request, context: Context) async throws -> Response {
        _ = try context.requireIdentity()
        let query = Query(request)
        let period = try Self.statisticsPeriod(query)
        let today = try query.day("today") ?? configuration.today()
        let format = try Self.format(query, allowed: ["json", "csv"])
        let report = try await requestStatistics(period: period, today: today)
        return format == "csv" ? Self.csv(report.csv) : JSONResponse.ok(try report.json())
    }

    static func statisticsPeriod(_ query: Query) throws -> ReportPeriod {
        switch (try query.string("quarter"), try query.string("year")) {
        case (_?, nil): return try reportPeriod(query, "quarter", parse: quarter, example: "2026-Q2")
        case (nil, _?): return try reportPeriod(query, "year", parse: year, example: "fy2026 (April 2026–March 2027) or 2026")
        default: throw APIError.badRequest("give exactly one of quarter=2026-Q2 or year=fy2026 (year=2026 for the calendar year)", code: "invalidParameter")
        }
    }
}
