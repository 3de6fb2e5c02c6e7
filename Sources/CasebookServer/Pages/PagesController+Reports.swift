import Casework
import Foundation
import Hummingbird
import CasebookCore
import Registers

/// The monitoring report pages, linked from the dashboard's compliance section: each shows the
/// report the API gives (the same functions), as tables, with links to its JSON and CSV.
extension PagesController {
    func tablesContext(_ tables: [ReportTable], identity: Identity?) -> [[String: Any]] {
        tables.map { t in
            let rows: [[String: Any]] = t.rows.map { cells in
                let key = cells.first ?? ""
                var first: [String: Any] = ["text": key]
                if let ref = try? CaseReference(key), AccessPolicy.mayReadCase(of: ref.kind, by: identity) { first["href"] = "/cases/\(key)" }
                return ["first": first, "cells": Array(cells.dropFirst())]
            }
            return ["id": t.id, "caption": t.caption, "header": t.header, "rows": rows, "empty": rows.isEmpty]
        }
    }

    func reportPage(title: String, basis: String, action: String, parameter: ReportPeriodParameter, value: String,
                    api: String, formats: [String], tables: [ReportTable], chart: String? = nil, chartCaption: String = "",
                    identity: Identity) -> Response {
        var context: [String: Any] = [
            "heading": title, "basis": basis, "action": action, "parameter": parameter.name, "parameterLabel": parameter.label, "value": value,
            "links": formats.map { ["href": "\(api)&format=\($0)", "text": "This report as \($0.uppercased())"] as [String: Any] },
            "tables": tablesContext(tables, identity: identity),
        ]
        if let chart {
            context["hasChart"] = true
            context["chart"] = chart
            context["chartCaption"] = chartCaption
        }
        return pages.page("report", title: title, context: context, identity: identity, current: "/reports")
    }

    @Sendable func reportsIndex(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let today = configuration.today()
        let q = ReportPeriod.quarter(containing: today), h = ReportPeriod.half(containing: today), fy = ReportPeriod.financialYear(containing: today)
        let reports: [[String: Any]] = [
            ["href": "/reports/monitoring?quarter=\(q.label)", "text": "Data protection monitoring report, \(q.label)",
             "hint": "Quarterly, to Elected Members (the data protection policy §4.9.1, §7.3)"],
            ["href": "/reports/management?half=\(h.label)", "text": "Report to the management team, \(h.label)",
             "hint": "Biannual, to the Corporate Management Team (the breach procedure §3.6)"],
            ["href": "/reports/trends?period=\(q.label)", "text": "Trends in breaches and near misses, \(q.label)",
             "hint": "Against the previous period and the same period last year (the data protection policy §7.3)"],
            ["href": "/reports/statistics?year=\(fy.label)", "text": "FOI and EIR request statistics, \(fy.label)",
             "hint": "In the form of the section 45 Code of Practice"],
        ]
        return pages.page("reports", title: "Monitoring reports", context: ["reports": reports, "today": today.iso], identity: identity, current: "/reports")
    }

    @Sendable func monitoringPage(_ request: Request, context: Context) async throws -> Response {
        try await monitoringReportPage(.quarterly, request, context: context)
    }

    @Sendable func managementPage(_ request: Request, context: Context) async throws -> Response {
        try await monitoringReportPage(.biannual, request, context: context)
    }

    func monitoringReportPage(_ kind: MonitoringReport.Kind, _ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = Query(request)
        let parameter = kind.periodParameter
        let p = try parameter.period(in: query, orContaining: try query.day("today") ?? configuration.today())
        let today = try ReadController.reportDay(query, for: p, fallback: configuration.today())
        let r = try await reader.monitoringReport(kind, period: p, today: today, identity: identity)
        let path = kind == .quarterly ? "monitoring" : "management"
        return reportPage(title: "\(kind.title) \(p.label)", basis: "\(r.basis). \(p.from.iso) to \(p.to.iso), as of \(today.iso).",
                          action: "/reports/\(path)", parameter: parameter, value: p.label,
                          api: "/data/v1/reports/\(path)?\(parameter.name)=\(p.label)&today=\(today.iso)", formats: ["json", "csv"],
                          tables: r.tables, identity: identity)
    }

    @Sendable func trendsPage(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = Query(request)
        let p = try ReportPeriodParameter.anyPeriod.period(in: query, orContaining: configuration.today())
        let r = try await reader.trendsReport(period: p)
        return reportPage(title: "Trends in breaches and near misses \(p.label)",
                          basis: "\(p.label) (\(p.from.iso) to \(p.to.iso)) against \(r.previous.period) and \(r.sameLastYear.period) (the data protection policy §7.3). \(TrendsReport.rule)",
                          action: "/reports/trends", parameter: .anyPeriod, value: p.label,
                          api: "/data/v1/reports/trends?period=\(p.label)", formats: ["json", "csv", "svg"], tables: r.tables, chart: r.svgChart,
                          chartCaption: "Breaches and near misses by category and service in \(p.label), against \(r.previous.period) and \(r.sameLastYear.period); rising ones are marked in words and in red.",
                          identity: identity)
    }

    @Sendable func statisticsPage(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = Query(request)
        let (p, parameter) = try ReportPeriodParameter.statistics(in: query, orContaining: try query.day("today") ?? configuration.today())
        let today = try ReadController.reportDay(query, for: p, fallback: configuration.today())
        let r = try await reader.requestStatistics(period: p, today: today)
        return reportPage(title: "FOI and EIR request statistics \(p.label)",
                          basis: "In the form of the section 45 Code of Practice; requests count in the period received. \(p.from.iso) to \(p.to.iso), as of \(today.iso).",
                          action: "/reports/statistics", parameter: parameter,
                          value: p.label, api: "/data/v1/reports/statistics?\(parameter.name)=\(p.label)&today=\(today.iso)", formats: ["json", "csv"],
                          tables: r.tables, identity: identity)
    }
}
