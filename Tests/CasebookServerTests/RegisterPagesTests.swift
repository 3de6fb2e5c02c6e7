import Casework
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerStore
import Testing

@testable import CasebookServer

/// The register pages and the API at the size of a real register: 50 rows a page, sort links,
/// filters as the register's own values, "my cases", errors that say what is allowed.
@Suite("Register pages at scale")
struct RegisterPagesTests {
    /// 120 more FOI requests, FOI-2026-0003…0122: the odd ones opened by o.officer (the officer
    /// token's name), the even ones by seed.
    static func addRequests(_ f: Fixture) async throws {
        var lines: [String] = []
        for i in 3...122 {
            var payload = try Fixture.example(.requestReceived)
            let day = String(format: "2026-02-%02d", 1 + i % 27)
            payload["receivedAt"] = .string("\(day)T10:00:00Z")
            payload["summary"] = .string(i == 77 ? "Pothole repairs on Mill Lane" : "Request number \(i)")
            payload["service"] = .string(i % 2 == 0 ? "Highways" : "Libraries")
            lines.append(JSONValue.object([
                "case": .string(String(format: "FOI-2026-%04d", i)), "type": .string("RequestReceived"), "occurredAt": .string("\(day)T10:00:00Z"),
                "actor": .object(["id": .string(i % 2 == 1 ? "o.officer" : "seed"), "role": .string("officer")]), "payload": .object(payload),
            ]).canonicalString)
        }
        try await f.casebook.record(ndjson: Array(lines.joined(separator: "\n").utf8))
    }

    @Test("50 rows a page with page links, sort links with aria-sort, select-list filters, the organisation's name, a scrolling table region")
    func pagedSortedFilteredPage() async throws {
        try await withFixture { f in
            try await Self.addRequests(f)
            try await f.app().test(.router) { client in
                let first = try await client.send(.get, "/registers/foi", as: .officer, fixture: f)
                #expect(first.status == 200)
                #expect(first.body.contains("Rows 1–50 of 122"))
                #expect(first.body.components(separatedBy: "<th scope=\"row\">").count - 1 == 50)
                #expect(first.body.contains("<title>FOI and EIR register – Example Public Authority</title>"))
                #expect(first.body.contains("class=\"service-name\">Example Public Authority</a>"))
                #expect(first.body.contains("<div class=\"table-region\" role=\"region\" aria-labelledby=\"table-caption\" tabindex=\"0\">"))
                #expect(first.body.contains("<nav class=\"pagination\" aria-label=\"Pages of the register\">"))
                #expect(first.body.contains("aria-label=\"Page 1\" aria-current=\"page\""))
                #expect(first.body.contains("<a href=\"/registers/foi?page=3\" aria-label=\"Page 3\">3</a>"))
                #expect(first.body.contains("<a href=\"/registers/foi?page=2\" rel=\"next\" aria-label=\"Next page\">Next</a>"))
                #expect(first.body.contains("<option value=\"awaitingClarification\">Awaiting clarification</option>"))
                #expect(first.body.contains("<option value=\"Highways\">Highways</option>"))
                #expect(first.body.contains("<option value=\"o.officer\">o.officer</option>"))
                #expect(first.body.contains(">Case officer<"))
                #expect(first.body.contains("Overdue: response, "), "FOI-2026-0002 is overdue, and says which step")
                #expect(!first.body.contains(">grantedInFull<") && !first.body.contains(">awaitingClarification<"))

                let last = try await client.send(.get, "/registers/foi?page=3", as: .officer, fixture: f)
                #expect(last.body.contains("Rows 101–122 of 122"))
                #expect(last.body.contains("rel=\"prev\""))
                #expect(!last.body.contains("rel=\"next\""))

                let sorted = try await client.send(.get, "/registers/foi?sort=received&dir=desc&service=Highways", as: .officer, fixture: f)
                #expect(sorted.status == 200)
                #expect(sorted.body.contains("aria-sort=\"descending\""))
                #expect(sorted.body.contains("Rows 1–50 of 60"))
                #expect(sorted.body.contains("href=\"/data/v1/registers/foi?format=csv&amp;service=Highways&amp;sort=received&amp;dir=desc\""))
                // The header link turns the order round and keeps the filter.
                #expect(sorted.body.contains("href=\"/registers/foi?service=Highways&amp;sort=received&amp;dir=asc\""))

                let search = try await client.send(.get, "/registers/foi?q=mill%20lane", as: .officer, fixture: f)
                #expect(search.body.contains("Rows 1–1 of 1") && search.body.contains("FOI-2026-0077"))

                let mine = try await client.send(.get, "/registers/foi?mine=1", as: .officer, fixture: f)
                #expect(mine.body.contains("Rows 1–50 of 60"))
                #expect(mine.body.contains("<input type=\"checkbox\" id=\"f-mine\" name=\"mine\" value=\"1\" checked>"))
                #expect(!mine.body.contains("FOI-2026-0004<"), "an even case is seed's")
            }
        }
    }

    @Test("a bad filter value is a 400 page with an error summary that says what is allowed, and the form to try again")
    func badFilterValueOnThePage() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let bad = try await client.send(.get, "/registers/foi?status=bogus&from=2026-03-01&to=2026-01-01", as: .officer, fixture: f)
                #expect(bad.status == 400)
                #expect(bad.body.contains("<div class=\"error-summary\" role=\"alert\""))
                #expect(bad.body.contains("<li>status must be one of: open, awaitingClarification, awaitingFee, responded"))
                #expect(bad.body.contains("<li>from 2026-03-01 is after to 2026-01-01: give a from day on or before the to day</li>"))
                #expect(bad.body.contains("<select id=\"f-status\" name=\"status\">"))
                #expect(!bad.body.contains("<th scope=\"row\">"))
            }
        }
    }

    @Test("the API: page, pageSize and total added to the answer; every row unless asked; 400 naming the allowed values")
    func apiPagesAndRefusals() async throws {
        try await withFixture { f in
            try await Self.addRequests(f)
            try await f.app().test(.router) { client in
                let all = try await client.send(.get, "/api/v1/registers/foi", as: .officer, fixture: f)
                #expect(all.json?["count"]?.intValue == 122)
                #expect(all.json?["total"]?.intValue == 122)
                #expect(all.json?["page"]?.intValue == 1)
                let page = try await client.send(.get, "/api/v1/registers/foi?page=2&pageSize=50&sort=reference&dir=desc", as: .officer, fixture: f)
                #expect(page.json?["count"]?.intValue == 50)
                #expect(page.json?["total"]?.intValue == 122)
                #expect(page.json?["pageSize"]?.intValue == 50)
                #expect(page.json?["rows"]?.arrayValue?.first?["reference"]?.stringValue == "FOI-2026-0072")
                #expect(page.json?["rows"]?.arrayValue?.first?["officer"]?.stringValue == "seed")
                let mine = try await client.send(.get, "/api/v1/registers/foi?officer=o.officer", as: .officer, fixture: f)
                #expect(mine.json?["total"]?.intValue == 60)
                let bad = try await client.send(.get, "/api/v1/registers/foi?status=bogus", as: .officer, fixture: f)
                #expect(bad.status == 400)
                #expect(bad.errorCode == "invalidParameter")
                #expect(bad.json?["error"]?["message"]?.stringValue?.hasPrefix("status must be one of: open, ") == true)
                let dir = try await client.send(.get, "/api/v1/registers/foi?dir=up", as: .officer, fixture: f)
                #expect(dir.status == 400)
                let csv = try await client.send(.get, "/api/v1/registers/foi?format=csv&service=Highways", as: .officer, fixture: f)
                #expect(csv.body.split(separator: "\r\n").count == 61)
                #expect(csv.body.hasPrefix("Reference,") && csv.body.split(separator: "\r\n")[0].hasSuffix(",Case officer"))
            }
        }
    }

    @Test("the public disclosure log: labels for people, never camelCase; paged and searchable; no officer")
    func publicLogIsLabelled() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let page = try await client.send(.get, "/disclosure-log", fixture: f)
                #expect(page.status == 200)
                #expect(page.body.contains("Granted in full"))
                #expect(!page.body.contains(">grantedInFull<") && !page.body.contains(">responseDate<"))
                #expect(page.body.contains(">Response date<"))
                #expect(page.body.contains("Rows 1–1 of 1"))
                #expect(page.body.contains("<title>Disclosure log – Example Public Authority</title>"))
                #expect(!page.body.contains("Case officer") && !page.body.contains("f-mine"))
                #expect(page.body.contains("<option value=\"grantedInFull\">Granted in full</option>"))
                let none = try await client.send(.get, "/disclosure-log?q=nothing-like-this", fixture: f)
                #expect(none.body.contains("No rows match"))
                let bad = try await client.send(.get, "/disclosure-log?outcome=maybe", fixture: f)
                #expect(bad.status == 400 && bad.body.contains("outcome must be one of: grantedInFull"))
            }
        }
    }
}
