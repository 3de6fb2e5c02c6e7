import Casework
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerStore
import Testing

@testable import CasebookServer

/// Every route × every caller, with the exact status each must get.
@Suite("Role × route matrix")
struct RoleMatrixTests {
    struct Row: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var body: JSONValue?
        var formBody: String?
        /// none, officer, legal, dpo, auditor, auditor with personal data, a bad bearer token.
        var expected: [Int]
        var description: String { "\(method) \(path)" }

        /// The path and body as caller `index` (in `expected` order) sends them: `{n}` becomes the
        /// index in two digits, so each caller can open a case of its own.
        func path(for index: Int) -> String { path.replacingOccurrences(of: "{n}", with: Self.digits(index)) }
        func body(for index: Int) -> JSONValue? {
            body.map { try! JSONValue.parse(Array($0.canonicalString.replacingOccurrences(of: "{n}", with: Self.digits(index)).utf8)) }
        }
        static func digits(_ index: Int) -> String { index < 10 ? "0\(index)" : "\(index)" }
    }

    static func note(_ reference: String) -> JSONValue {
        .object(["case": .string(reference), "type": .string("NoteAdded"), "occurredAt": .string("2026-02-25T09:00:00Z"), "payload": .object(["text": .string("matrix")])])
    }

    static func event(_ reference: String, _ type: EventType) -> JSONValue {
        .object(["case": .string(reference), "type": .string(type.rawValue), "occurredAt": .string("2026-02-25T09:00:00Z"), "payload": payload(type)])
    }

    /// The catalogue's example payload of `type`; a near miss reported before the rows' moments
    /// (the example is reported on 4 March, after the events these rows record on 25 February
    /// and the server's 2 March), since no report is recorded as happening before it was made.
    static func payload(_ type: EventType) -> JSONValue {
        var fields = (try? Fixture.example(type)) ?? [:]
        if type == .nearMissReported {
            fields["occurredOn"] = .string("2026-02-20")
            fields["reportedOn"] = .string("2026-02-24")
        }
        if type == .thirdPartyRequestReceived {
            fields["receivedAt"] = .string("2026-02-24T10:00:00Z")
        }
        return .object(fields)
    }

    static let rows: [Row] = [
        // Recording
        Row(method: .post, path: "/api/v1/events", body: note("FOI-2026-0001"), expected: [401, 201, 403, 403, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/events", body: note("SAR-2026-0001"), expected: [401, 201, 403, 403, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/events", body: note("BR-2026-0001"), expected: [401, 403, 201, 201, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/events", body: note("NM-2026-0001"), expected: [401, 403, 201, 201, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/cases/FOI-2026-0001/actions/note", body: .object(["text": .string("m")]), expected: [401, 201, 403, 403, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/cases/SAR-2026-0001/actions/note", body: .object(["text": .string("m")]), expected: [401, 201, 403, 403, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/cases/BR-2026-0001/actions/note", body: .object(["text": .string("m")]), expected: [401, 403, 201, 201, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/cases/NM-2026-0001/actions/note", body: .object(["text": .string("m")]), expected: [401, 403, 201, 201, 403, 403, 401]),
        // Any employee reports a breach or a near miss (each caller opens a case of its own).
        Row(method: .post, path: "/api/v1/events", body: event("BR-2026-01{n}", .breachReported), expected: [401, 201, 201, 201, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/events", body: event("NM-2026-01{n}", .nearMissReported), expected: [401, 201, 201, 201, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/cases/BR-2026-02{n}/actions/report", body: payload(.breachReported), expected: [401, 201, 201, 201, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/cases/NM-2026-02{n}/actions/report", body: payload(.nearMissReported), expected: [401, 201, 201, 201, 403, 403, 401]),
        // Third-party requests: the service's officer, Legal Services and the DPO (the data protection policy Appendix 4 §3).
        Row(method: .post, path: "/api/v1/cases/TPD-2026-02{n}/actions/receive", body: payload(.thirdPartyRequestReceived),
            expected: [401, 201, 201, 201, 403, 403, 401]),
        // The DPO handles breaches; Legal Services decide on and make the ICO notification (UK GDPR Art 33).
        Row(method: .post, path: "/api/v1/cases/BR-2026-0001/actions/assess", body: payload(.riskAssessed), expected: [401, 403, 201, 201, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/events", body: event("BR-2026-0001", .breachEscalated), expected: [401, 403, 201, 201, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/cases/BR-2026-0001/actions/decide-ico", body: payload(.iCONotificationDecided), expected: [401, 403, 201, 403, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/events", body: event("BR-2026-0001", .iCONotified), expected: [401, 403, 201, 403, 403, 403, 401]),
        Row(method: .post, path: "/api/v1/events", body: event("FOI-2026-0001", .iCOComplaintReceived), expected: [401, 201, 201, 403, 403, 403, 401]),
        // Timelines
        Row(method: .get, path: "/api/v1/cases/FOI-2026-0001/timeline", expected: [401, 200, 200, 403, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/cases/SAR-2026-0001/timeline", expected: [401, 200, 200, 403, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/cases/BR-2026-0001/timeline", expected: [401, 403, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/cases/NM-2026-0001/timeline", expected: [401, 403, 200, 200, 200, 200, 401]),
        // Registers
        Row(method: .get, path: "/api/v1/registers/foi", expected: [401, 200, 200, 403, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/registers/foi?format=csv", expected: [401, 200, 200, 403, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/registers/sar", expected: [401, 200, 200, 403, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/registers/breach", expected: [401, 403, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/registers/near-miss", expected: [401, 403, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/registers/third-party", expected: [401, 200, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/registers/third-party?format=csv", expected: [401, 200, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/registers/disclosure", expected: [200, 200, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/registers/disclosure?format=csv", expected: [200, 200, 200, 200, 200, 200, 401]),
        // Due list, report, calculator
        Row(method: .get, path: "/api/v1/due", expected: [401, 200, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/reports/compliance?period=2026", expected: [401, 200, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/reports/monitoring?quarter=2026-Q1", expected: [401, 200, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/reports/management?half=2025-H2", expected: [401, 200, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/reports/trends?period=2026-Q1", expected: [401, 200, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/reports/statistics?year=2026", expected: [401, 200, 200, 200, 200, 200, 401]),
        Row(method: .post, path: "/api/v1/deadline", body: .object(["clock": .string("foia"), "received": .string("2026-01-05")]), expected: [401, 200, 200, 200, 200, 200, 401]),
        // Tamper evidence
        Row(method: .get, path: "/api/v1/checkpoint", expected: [200, 200, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/public-key", expected: [200, 200, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/proofs/inclusion?position=0", expected: [401, 200, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/proofs/consistency?from=1&to=2", expected: [401, 200, 200, 200, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/export", expected: [401, 403, 200, 403, 200, 200, 401]),
        Row(method: .get, path: "/api/v1/export?personalData=true", expected: [401, 403, 200, 403, 403, 200, 401]),
        // Pages (a missing or bad token redirects to the sign-in page)
        Row(method: .get, path: "/", expected: [302, 302, 302, 302, 302, 302, 302]),
        Row(method: .get, path: "/sign-in", expected: [200, 200, 200, 200, 200, 200, 200]),
        // Forms are posted with this site's Origin; a bearer token cannot post them (403).
        Row(method: .post, path: "/sign-in", formBody: "username=nobody&password=wrong+horse+battery&next=%2Fdashboard", expected: [401, 401, 401, 401, 401, 401, 401]),
        Row(method: .post, path: "/sign-out", formBody: "csrf=x", expected: [303, 403, 403, 403, 403, 403, 303]),
        Row(method: .get, path: "/dashboard", expected: [302, 200, 200, 200, 200, 200, 302]),
        Row(method: .get, path: "/registers/foi", expected: [302, 200, 200, 403, 200, 200, 302]),
        Row(method: .get, path: "/registers/sar", expected: [302, 200, 200, 403, 200, 200, 302]),
        Row(method: .get, path: "/registers/breach", expected: [302, 403, 200, 200, 200, 200, 302]),
        Row(method: .get, path: "/registers/near-miss", expected: [302, 403, 200, 200, 200, 200, 302]),
        Row(method: .get, path: "/registers/third-party", expected: [302, 200, 200, 200, 200, 200, 302]),
        Row(method: .get, path: "/registers/disclosure", expected: [302, 200, 200, 200, 200, 200, 302]),
        Row(method: .get, path: "/cases?reference=FOI-2026-0001", expected: [302, 302, 302, 302, 302, 302, 302]),
        Row(method: .get, path: "/cases/FOI-2026-0001", expected: [302, 200, 200, 403, 200, 200, 302]),
        Row(method: .get, path: "/cases/BR-2026-0001", expected: [302, 403, 200, 200, 200, 200, 302]),
        Row(method: .get, path: "/disclosure-log", expected: [200, 200, 200, 200, 200, 200, 200]),
        Row(method: .get, path: "/reports", expected: [302, 200, 200, 200, 200, 200, 302]),
        Row(method: .get, path: "/reports/monitoring?quarter=2026-Q1", expected: [302, 200, 200, 200, 200, 200, 302]),
        Row(method: .get, path: "/reports/management?half=2025-H2", expected: [302, 200, 200, 200, 200, 200, 302]),
        Row(method: .get, path: "/reports/trends?period=2026-Q1", expected: [302, 200, 200, 200, 200, 200, 302]),
        Row(method: .get, path: "/reports/statistics?year=fy2025", expected: [302, 200, 200, 200, 200, 200, 302]),
    ]

    @Test func everyRoleOnEveryRoute() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                var failures: [String] = []
                for row in Self.rows {
                    for (i, who) in Who.allCases.enumerated() {
                        let r = try await client.send(row.method, row.path(for: i), as: who, fixture: f, json: row.body(for: i), body: row.formBody,
                                                      headers: row.formBody == nil ? [:] : [.contentType: "application/x-www-form-urlencoded", .origin: "http://localhost"])
                        if r.status != row.expected[i] { failures.append("\(row) as \(who): \(r.status), expected \(row.expected[i]) — \(r.body.prefix(200))") }
                        if r.status >= 400 && row.path.hasPrefix("/api/") {
                            #expect(r.errorCode != nil, "\(row) as \(who): no JSON error body")
                        }
                    }
                    let last = Who.allCases.count
                    var badHeaders: HTTPFields = [.authorization: "Bearer cbk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]
                    if row.formBody != nil { badHeaders[.contentType] = "application/x-www-form-urlencoded"; badHeaders[.origin] = "http://localhost" }
                    let bad = try await client.send(row.method, row.path(for: last), fixture: f, json: row.body(for: last), body: row.formBody,
                                                    headers: badHeaders)
                    if bad.status != row.expected[last] { failures.append("\(row) with a bad token: \(bad.status), expected \(row.expected[last])") }
                }
                #expect(failures.isEmpty, "\(failures.count) mismatches:\n\(failures.joined(separator: "\n"))")
            }
        }
    }

    /// Every row lists a status for every caller and for the bad token.
    @Test func everyRowHasEveryCaller() {
        for row in Self.rows { #expect(row.expected.count == Who.allCases.count + 1, "\(row)") }
    }

    /// The due list holds only items of the registers the caller may read.
    @Test func dueItemsFollowTheRegisters() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let expected: [Who: Set<String>] = [
                    .officer: ["foi", "sar"], .legal: ["foi", "sar", "breach", "near-miss"], .dpo: ["breach", "near-miss"],
                    .auditor: ["foi", "sar", "breach", "near-miss"],
                ]
                for (who, registers) in expected {
                    let r = try await client.send(.get, "/api/v1/due?within=366", as: who, fixture: f)
                    #expect(r.status == 200, "\(who)")
                    let seen = Set((r.json?["items"]?.arrayValue ?? []).compactMap { $0["register"]?.stringValue })
                    #expect(seen == registers, "\(who) saw \(seen.sorted())")
                }
            }
        }
    }

    /// The matrix covers every route the router has (so a new route cannot skip it).
    @Test func matrixCoversEveryRoute() throws {
        let covered = Set(Self.rows.map { row -> String in
            let path = row.path(for: 0).split(separator: "?").first.map(String.init) ?? row.path(for: 0)
            return "\(row.method.rawValue) " + path
                .replacingOccurrences(of: #"/cases/[A-Z]+-2026-\d+"#, with: "/cases/:reference", options: .regularExpression)
                .replacingOccurrences(of: #"/registers/[a-z-]+"#, with: "/registers/:name", options: .regularExpression)
                .replacingOccurrences(of: #"/actions/[a-z-]+"#, with: "/actions/:action", options: .regularExpression)
        })
        let routes: Set<String> = [
            "POST /api/v1/events", "POST /api/v1/cases/:reference/actions/:action", "GET /api/v1/cases/:reference/timeline",
            "GET /api/v1/registers/:name", "GET /api/v1/due", "GET /api/v1/reports/compliance", "POST /api/v1/deadline",
            "GET /api/v1/checkpoint", "GET /api/v1/public-key", "GET /api/v1/proofs/inclusion", "GET /api/v1/proofs/consistency",
            "GET /api/v1/export", "GET /", "GET /sign-in", "POST /sign-in", "POST /sign-out", "GET /dashboard",
            "GET /registers/:name", "GET /cases", "GET /cases/:reference", "GET /disclosure-log",
            "GET /api/v1/reports/monitoring", "GET /api/v1/reports/management", "GET /api/v1/reports/trends", "GET /api/v1/reports/statistics",
            "GET /reports", "GET /reports/monitoring", "GET /reports/management", "GET /reports/trends", "GET /reports/statistics",
        ]
        #expect(routes.subtracting(covered).isEmpty, "not in the matrix: \(routes.subtracting(covered).sorted())")
    }
}
