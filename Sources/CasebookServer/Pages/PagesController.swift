import Casework
import Foundation
import Hummingbird
import LedgerStore
import CasebookCore
import Registers

/// The HTML pages: sign-in, dashboard, registers, case timelines and the public disclosure log.
/// They read through `ReadController`, so a page shows exactly what the API would answer.
struct PagesController {
    typealias Context = CasebookRequestContext
    let reader: ReadController
    let tokens: TokenStore
    let forms: FormGuard
    let pages: PageRenderer
    let configuration: CasebookServerConfiguration

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/", use: home)
        routes.get("dashboard", use: dashboard)
        routes.get("registers/:name", use: registerPaged)
        routes.get("cases", use: findCase)
        routes.get("cases/:reference", use: timeline)
        routes.get("disclosure-log", use: disclosureLogPaged)
        routes.get("reports", use: reportsIndex)
        routes.get("reports/monitoring", use: monitoringPage)
        routes.get("reports/management", use: managementPage)
        routes.get("reports/trends", use: trendsPage)
        routes.get("reports/statistics", use: statisticsPage)
        routes.get("cases/:reference/actions/:action", use: caseActionForm)
        routes.post("cases/:reference/actions/:action", use: caseActionPost)
        routes.get("new", use: newCaseIndex)
        routes.get("new/:group/:action", use: openingActionForm)
        routes.post("new/:group/:action", use: openingActionPost)
        return routes
    }

    @Sendable func home(_ request: Request, context: Context) async throws -> Response {
        .redirect(to: context.identity == nil ? "/disclosure-log" : "/dashboard", type: .found)
    }

    // MARK: Form helpers (the sign-in form uses them too)

    /// Only local paths: never another site (no open redirect).
    static func safeNext(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\") else { return "/dashboard" }
        // Anything but visible ASCII (spaces, controls, other scripts) is percent-encoded.
        let visible = CharacterSet(charactersIn: Unicode.Scalar(0x21)...Unicode.Scalar(0x7E))
        return text.addingPercentEncoding(withAllowedCharacters: visible) ?? "/dashboard"
    }

    static func parseForm(_ body: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let key = parts.first else { continue }
            out[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return out
    }

    // MARK: Dashboard

    @Sendable func dashboard(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let today = configuration.today()
        let within = 5
        try await reader.integrity.require(RegisterName.allCases)
        let items = try await reader.dueItems(within: within, today: today, identity: identity)
        func row(_ item: DueItem) -> [String: Any] {
            ["reference": item.reference, "register": RegisterName(rawValue: item.register).map(PageRenderer.label) ?? item.register,
             "step": Labels.value(item.step), "due": item.dueForPeople,
             "workingDaysLeft": item.workingDaysLeft, "daysLate": -item.workingDaysLeft]
        }
        let overdue = items.filter(\.overdue).map(row)
        let dueSoon = items.filter { !$0.overdue }.map(row)
        var page: [String: Any] = [
            "today": today.iso, "within": within,
            "hasOverdue": !overdue.isEmpty, "overdue": overdue, "overdueCount": overdue.count,
            "hasDueSoon": !dueSoon.isEmpty, "dueSoon": dueSoon, "dueSoonCount": dueSoon.count,
            "benchmark": ComplianceReport.benchmarkPercent,
            "registers": RegisterName.allCases.filter { AccessPolicy.mayRead($0, by: identity) }.map {
                ["name": $0 == .disclosure ? "disclosure" : $0.rawValue, "label": PageRenderer.label($0)]
            },
        ]
        if let period = ReportPeriod(String(today.year)) {
            let report = try await reader.complianceReport(period: period, today: today)
            page["period"] = period.label
            page["chart"] = report.svgChart
            page["onTime"] = report.requests.percent.map { "\($0)% (\(report.requests.onTime) of \(report.requests.counted))" } ?? "nothing due yet"
        }
        return pages.page("dashboard", title: "Dashboard", context: page, identity: identity, current: "/dashboard")
    }

    // MARK: Registers

    // The register pages and the disclosure log: PagesController+Registers.swift.

    /// Rows for `registers-table`: the terminal table's columns, the reference as a row header
    /// linking to the case when the reader may open it.
    func table(_ output: RegisterOutput, caption: String, identity: Identity?) -> [String: Any] {
        let rows: [[String: Any]] = output.tableCells.map { cells in
            let reference = cells.first ?? ""
            var first: [String: Any] = ["text": reference]
            if let ref = try? CaseReference(reference), AccessPolicy.mayReadCase(of: ref.kind, by: identity) {
                first["href"] = "/cases/\(reference)"
            }
            return ["first": first, "cells": Array(cells.dropFirst())]
        }
        return ["caption": caption, "header": output.tableHeader, "rows": rows]
    }

    // MARK: Cases

    @Sendable func findCase(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let text = (try Query(request).string("reference", maxLength: 40) ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        guard !text.isEmpty else {
            return pages.errorPage(APIError.badRequest("Type a case reference to find the case, for example FOI-2026-0001, SAR-2026-0003 or BR-2026-0002."),
                                   identity: identity)
        }
        let reference = try CaseReference(text)
        return .redirect(to: "/cases/\(reference.rawValue)", type: .found)
    }

    @Sendable func timeline(_ request: Request, context: Context) async throws -> Response {
        try await casePage(request, context: context)
    }

    /// The marking of a page showing a register or a case: the policy's default, raised to
    /// OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL when it shows personal data decrypted (the
    /// data-sharing guidance §5 'Security').
    func marking(showingPersonalData: Bool) -> SecurityMarking {
        let base = reader.casebook.policy.defaultMarking
        return showingPersonalData ? base.atLeast(.personalData) : base
    }

    /// Indented JSON for people (sorted keys).
    static func pretty(_ value: JSONValue) -> String {
        guard let data = try? JSONSerialization.jsonObject(with: Data(value.canonicalBytes()), options: [.fragmentsAllowed]),
              let out = try? JSONSerialization.data(withJSONObject: data, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return value.canonicalString }
        return String(decoding: out, as: UTF8.self)
    }
}
