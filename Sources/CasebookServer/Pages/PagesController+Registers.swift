import Casework
import Foundation
import Hummingbird
import LedgerStore
import CasebookCore
import Registers

/// The register pages and the public disclosure log at the size of a real council: 50 rows a
/// page, sorted by any column, searched, filtered by the register's own values, "my cases".
extension PagesController {
    /// The query parameters a register page keeps from one request to the next (page aside).
    static let keptParameters = ["q", "status", "overdue", "regime", "outcome", "exemption", "category", "service",
                                 "from", "to", "dueWithin", "officer", "mine", "asOf", "asOfPosition", "today", "pageSize"]

    /// The context for `register-page`. `base`: the page's path; `public`: the disclosure log
    /// (no officer, no "my cases", no as-of).
    func registerPageContext(_ name: RegisterName, query: Query, base: String, identity: Identity?,
                             csvBase: String?) async throws -> (context: [String: Any], status: HTTPResponse.Status, caption: String) {
        var q = try reader.registerQuery(name.rawValue, query)
        if name == .disclosure && identity == nil {
            // The public log: the log as it stands, nothing else.
            q = ReadController.RegisterQuery(name: .disclosure, filter: q.filter, asOf: .latest, today: configuration.today())
        }
        var request = try reader.registerPageRequest(query, paged: true)
        let mine = (try query.bool("mine")) == true && identity != nil && name.caseKind != nil
        if mine, let identity { request.officer = identity.name }
        try await reader.integrity.require([name])
        let access = name == .disclosure ? PersonalDataAccess.redact : AccessPolicy.personalData(for: identity)
        var errors: [String] = []
        var status = HTTPResponse.Status.ok
        let result: RegisterPage
        do {
            result = try await reader.registerPage(q, request: request, access: access)
        } catch let e as APIError where e.status == .badRequest {
            // Say what is wrong above the form, and offer the register's values to choose again.
            errors = e.message.components(separatedBy: "; ")
            status = .badRequest
            result = try await reader.registerPage(ReadController.RegisterQuery(name: name, filter: RegisterFilter(), asOf: q.asOf, today: q.today),
                                                   request: RegisterPageRequest(pageSize: 1), access: access)
        }
        let failed = !errors.isEmpty

        // Links keep every parameter but the ones they change.
        var kept: [(String, String)] = []
        for key in Self.keptParameters {
            if let v = try query.string(key, maxLength: 200) { kept.append((key, v)) }
        }
        func link(_ changes: [(String, String?)]) -> String {
            var params = kept.filter { k, _ in !changes.contains { $0.0 == k } }
            if let sort = request.sort, !changes.contains(where: { $0.0 == "sort" }) {
                params.append(("sort", sort))
                params.append(("dir", request.descending ? "desc" : "asc"))
            }
            for case let (k, v?) in changes { params.append((k, v)) }
            let text = params.map { "\($0.0)=\(PageRenderer.percentEncode($0.1))" }.joined(separator: "&")
            return text.isEmpty ? base : base + "?" + text
        }

        // The table: sortable headers, labelled cells, the overdue step named.
        let header: [[String: Any]] = result.columns.map { column in
            let sorted = request.sort?.caseInsensitiveCompare(column) == .orderedSame
            let nextDescending = sorted && !request.descending
            var h: [String: Any] = [
                "text": Labels.field(column),
                "href": link([("sort", column), ("dir", nextDescending ? "desc" : "asc"), ("page", nil)]),
                "sortHint": sorted ? (request.descending ? " (sorted descending; sort ascending)" : " (sorted ascending; sort descending)") : " (sort)",
            ]
            if sorted { h["ariaSort"] = request.descending ? "descending" : "ascending" }
            return h
        }
        let rows: [[String: Any]] = failed ? [] : result.pageCells.enumerated().map { i, cells in
            let reference = cells.first ?? ""
            var first: [String: Any] = ["text": reference]
            if let ref = try? CaseReference(reference), AccessPolicy.mayReadCase(of: ref.kind, by: identity) {
                first["href"] = "/cases/\(reference)"
            }
            let shown: [[String: Any]] = zip(cells, result.columns).dropFirst().map { cell, column in
                var c: [String: Any] = ["text": Labels.display(cell, column: column), "nowrap": Self.keepsOnOneLine(cell)]
                if column == "overdue", cell == "yes" {
                    let steps = result.overdue[i]
                    c["tags"] = steps.isEmpty ? ["Overdue"] : steps.map(\.label)
                    c["text"] = ""
                }
                return c
            }
            return ["first": first, "cells": shown]
        }

        // Filters: the register's own values as select lists, labelled.
        var selects: [[String: Any]] = []
        func select(_ id: String, _ label: String, _ values: [(String, String)], _ chosen: String?) {
            var choices: [[String: Any]] = [["value": "", "text": "Any", "selected": chosen == nil]]
            choices += values.map { v, t in ["value": v, "text": t, "selected": chosen?.caseInsensitiveCompare(v) == .orderedSame] }
            selects.append(["id": id, "label": label, "choices": choices])
        }
        if name.caseKind != nil {
            let overdue = try query.bool("overdue")
            selects.append(["id": "overdue", "label": "Overdue", "choices": [("", "Any", overdue == nil), ("true", "Overdue", overdue == true),
                                                                             ("false", "Not overdue", overdue == false)].map {
                ["value": $0.0, "text": $0.1, "selected": $0.2] as [String: Any]
            }])
        }
        let given: [RegisterVocabulary.Dimension: String?] = [
            .status: q.filter.status, .regime: q.filter.regime, .outcome: q.filter.outcome, .category: q.filter.category, .service: q.filter.service,
        ]
        for d in RegisterVocabulary.dimensions(of: name) {
            let values = result.choices[d] ?? []
            select(d.rawValue, Labels.words(RegisterVocabulary.meaning(d, in: name)), values.map { ($0, d == .service ? $0 : Labels.value($0)) },
                   given[d] ?? nil)
        }
        if name.caseKind != nil && identity != nil {
            select("officer", "Case officer", result.officers.map { ($0, $0) }, mine ? nil : request.officer)
        }
        var inputs: [[String: Any]] = []
        if RegisterVocabulary.hasExemptions(name) { inputs.append(["id": "exemption", "label": "Exemption (e.g. 40(2))", "value": q.filter.exemption ?? "", "date": false]) }
        inputs.append(["id": "from", "label": name == .disclosure ? "Responded from" : "From", "value": q.filter.from?.iso ?? "", "date": true])
        inputs.append(["id": "to", "label": name == .disclosure ? "Responded to" : "To", "value": q.filter.to?.iso ?? "", "date": true])
        if name.caseKind != nil {
            inputs.append(["id": "dueWithin", "label": "Due within (working days)", "value": q.filter.dueWithinWorkingDays.map(String.init) ?? "", "date": false])
        }

        // Pages: the first, the last, and two either side of this one.
        var pages: [[String: Any]] = []
        if !failed && result.pageCount > 1 {
            var last = 0
            for n in 1...result.pageCount where n == 1 || n == result.pageCount || abs(n - result.page) <= 2 {
                if n > last + 1 { pages.append(["gap": true]) }
                pages.append(["number": n, "href": link([("page", String(n))]), "current": n == result.page])
                last = n
            }
        }
        let searchHint = RegisterPageRequest.searchColumns(name).isEmpty ? "A reference, or part of one"
            : "A reference, or words of the " + RegisterPageRequest.searchColumns(name).map { Labels.field($0).lowercased() }.joined(separator: " or ")
        var csv: String?
        if let csvBase {
            var params = kept.filter { $0.0 != "mine" && $0.0 != "pageSize" && $0.0 != "officer" }
            if let officer = request.officer { params.append(("officer", officer)) }
            if let sort = request.sort { params += [("sort", sort), ("dir", request.descending ? "desc" : "asc")] }
            csv = csvBase + "?" + ([("format", "csv")] + params).map { "\($0.0)=\(PageRenderer.percentEncode($0.1))" }.joined(separator: "&")
        }
        let caption = name == .disclosure && identity == nil ? "Published responses: \(Labels.count(result.total))"
            : "\(PageRenderer.label(name)) as of \(q.today.iso)"
        var context: [String: Any] = [
            "action": base, "errors": errors, "hasErrors": failed, "search": request.search ?? "", "searchHint": searchHint,
            "selects": selects, "inputs": inputs, "mineOffered": name.caseKind != nil && identity != nil, "mine": mine,
            "caption": caption, "header": header, "rows": rows, "hasRows": !rows.isEmpty,
            "rowsLine": failed ? "" : (result.total == 0 ? "No rows match" : "Rows \(Labels.count(result.firstRow))–\(Labels.count(result.lastRow)) of \(Labels.count(result.total))"),
            "pages": pages, "hasPages": !pages.isEmpty,
        ]
        if let csv { context["csvHref"] = csv }
        if let sort = request.sort { context["sort"] = ["sort": sort, "dir": request.descending ? "desc" : "asc"] }
        if !failed && result.page > 1 { context["previous"] = link([("page", String(result.page - 1))]) }
        if !failed && result.page < result.pageCount { context["next"] = link([("page", String(result.page + 1))]) }
        return (context, status, caption)
    }

    /// References, days and moments never wrap.
    static func keepsOnOneLine(_ cell: String) -> Bool {
        guard cell.count <= 32, let first = cell.unicodeScalars.first else { return false }
        if CharacterSet.decimalDigits.contains(first) { return !cell.contains(" ") || cell.count <= 20 }
        return cell.range(of: #"^[A-Z]{2,4}-\d{4}-\d+$"#, options: .regularExpression) != nil
    }

    @Sendable func registerPaged(_ request: Request, context: Context) async throws -> Response {
        let query = Query(request)
        let nameText = try context.parameters.require("name")
        let q = try reader.registerQuery(nameText, query)
        try reader.authoriseRegister(q.name, context: context)
        if q.name == .disclosure && context.identity == nil { return .redirect(to: "/disclosure-log", type: .found) }
        var (page, status, _) = try await registerPageContext(q.name, query: query, base: "/registers/\(q.name.rawValue)", identity: context.identity,
                                                              csvBase: "\(PageRenderer.dataPrefix)/registers/\(q.name.rawValue)")
        page["label"] = PageRenderer.label(q.name)
        page["name"] = q.name.rawValue
        return pages.page("register", title: PageRenderer.label(q.name), context: page, identity: context.identity,
                          current: "/registers/\(q.name.rawValue)", status: status,
                          marking: marking(showingPersonalData: AccessPolicy.personalData(for: context.identity) == .reveal && q.name != .disclosure))
    }

    @Sendable func disclosureLogPaged(_ request: Request, context: Context) async throws -> Response {
        let (page, status, _) = try await registerPageContext(.disclosure, query: Query(request), base: "/disclosure-log", identity: context.identity,
                                                              csvBase: "\(PageRenderer.dataPrefix)/registers/disclosure")
        return pages.page("disclosure", title: "Disclosure log", context: page, identity: context.identity, current: "/disclosure-log",
                          status: status, marking: marking(showingPersonalData: false))
    }
}
