import Casework
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerStore
import Testing

@testable import CasebookServer

@Suite("HTML pages")
struct PageTests {
    @Test("an error on any page keeps the signed-in navigation (errors are answered where the identity is known)")
    func errorPagesKeepTheSignedInNavigation() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                for path in ["/registers/foi?status=bogus", "/registers/nonsense", "/registers/foi?from=2026-05-01&to=2026-01-01"] {
                    let page = try await client.send(.get, path, as: .legal, fixture: f)
                    #expect(page.status >= 400 && page.status < 500, "\(path): \(page.status)")
                    #expect(page.body.contains("Signed in as l.legal"), "\(path) lost the signed-in navigation")
                }
                // Signed out, an error page offers signing in.
                let public_ = try await client.send(.get, "/registers/nonsense", fixture: f)
                #expect(!public_.body.contains("Signed in as"))
            }
        }
    }

    @Test func dashboardShowsDueOverdueAndTheChart() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let page = try await client.send(.get, "/dashboard", as: .legal, fixture: f)
                #expect(page.status == 200)
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.body.contains("<h2 id=\"overdue-heading\">Overdue</h2>"))
                #expect(page.body.contains("<a href=\"/cases/FOI-2026-0002\">FOI-2026-0002</a>"))
                #expect(page.body.contains("<svg"))
                #expect(page.body.contains("ICO benchmark 90%"))
                #expect(page.body.contains("class=\"skip-link\""))
                #expect(page.body.contains("<th scope=\"col\">"))
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                let officer = try await client.send(.get, "/dashboard", as: .officer, fixture: f)
                #expect(!officer.body.contains("BR-2026-0001"))
                #expect(!officer.body.contains("/registers/breach"))
            }
        }
    }

    @Test func registerPageIsAFilterableTableWithACSVLink() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let page = try await client.send(.get, "/registers/foi?status=open&overdue=true", as: .officer, fixture: f)
                #expect(page.status == 200)
                #expect(page.body.contains("<caption id=\"table-caption\">FOI and EIR register as of 2026-03-02</caption>"))
                #expect(page.body.contains("Rows 1–1 of 1"))
                #expect(page.body.contains("<th scope=\"row\"><a href=\"/cases/FOI-2026-0002\">FOI-2026-0002</a></th>"))
                #expect(!page.body.contains("FOI-2026-0001</a>"))
                #expect(page.body.contains("<form method=\"get\" action=\"/registers/foi\">"))
                #expect(page.body.contains("<label for=\"f-status\">Status</label>"))
                #expect(page.body.contains("href=\"/data/v1/registers/foi?format=csv&amp;status=open&amp;overdue=true\""))
                #expect(page.body.contains("<option value=\"true\" selected>Overdue</option>"))
                let bad = try await client.send(.get, "/registers/foi?from=soon", as: .officer, fixture: f)
                #expect(bad.status == 400)
                #expect(bad.body.contains("<h1>There is a problem with the request</h1>"))
                let none = try await client.send(.get, "/registers/parking", as: .officer, fixture: f)
                #expect(none.status == 404)
            }
        }
    }

    @Test func timelinePageShowsTimesWhoLateEntriesAndProofLinks() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let page = try await client.send(.get, "/cases/FOI-2026-0001", as: .auditor, fixture: f)
                #expect(page.status == 200)
                #expect(page.body.contains("<h2 id=\"timeline-heading\">Timeline: 5 event(s)</h2>"))
                #expect(page.body.contains("<time datetime=\"2026-01-05T09:30:00.000Z\">") || page.body.contains("<time datetime=\"2026-01-05T09:30:00Z\">"))
                #expect(page.body.contains("By seed (officer)"))
                #expect(page.body.contains("Late entry</span>"))
                #expect(page.body.contains("href=\"/data/v1/proofs/inclusion?position=0\""))
                #expect(page.body.contains("redacted for your role"))
                let unknown = try await client.send(.get, "/cases/FOI-2026-0404", as: .auditor, fixture: f)
                #expect(unknown.status == 404)
                let find = try await client.send(.get, "/cases?reference=foi-2026-0001", as: .auditor, fixture: f)
                #expect(find.headers[.location] == "/cases/FOI-2026-0001")
            }
        }
    }

    @Test func publicDisclosureLog() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let page = try await client.send(.get, "/disclosure-log", fixture: f)
                #expect(page.status == 200)
                #expect(page.body.contains("<caption id=\"table-caption\">Published responses: 1</caption>"))
                #expect(page.body.contains("<th scope=\"row\">FOI-2026-0001</th>"))  // no link for the public
                #expect(page.body.contains("Sign in"))
                #expect(!page.body.contains("FOI-2026-0002"))  // not published
            }
        }
    }

    @Test func htmlIsEscaped() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let r = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/note", as: .officer, fixture: f,
                                              json: obj(["text": .string("<script>alert(1)</script>")]))
                #expect(r.status == 201)
                let page = try await client.send(.get, "/cases/FOI-2026-0002", as: .legal, fixture: f)
                #expect(!page.body.contains("<script>"))
                #expect(page.body.contains("&lt;script&gt;"))
            }
        }
    }

    @Test func aVoidedEventIsStruckThroughWithItsReason() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let note = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/note", as: .officer, fixture: f,
                                                 json: obj(["text": .string("Meant for another case")]))
                #expect(note.status == 201)
                let version = try #require(note.json?["events"]?.arrayValue?.first?["version"]?.intValue)
                let void = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/void", as: .officer, fixture: f,
                                                 json: obj(["event": .int(version), "reason": .string("Typed on the wrong case")]))
                #expect(void.status == 201, "\(void.body)")
                let page = try await client.send(.get, "/cases/FOI-2026-0002", as: .legal, fixture: f)
                #expect(page.body.contains("<del>Note added</del>"), "\(page.body)")
                #expect(page.body.contains("Voided: Typed on the wrong case (authorised by o.officer"))
            }
        }
    }
}

@Suite("Tokens")
struct TokenStoreTests {
    @Test func createListRevokeAndTheFile() throws {
        let directory = NSTemporaryDirectory() + "casebook-tokens-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = TokenStore(path: directory + "/tokens.json")
        let (token, record) = try store.create(name: "a.officer", role: .officer, personalData: false)
        #expect(token.hasPrefix("cbk_"))
        #expect(token.count == 4 + 43)
        #expect(token.dropFirst(4).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(store.authenticate(token)?.id == record.id)
        #expect(store.authenticate(token + "x") == nil)
        #expect(store.authenticate("") == nil)

        let text = try String(contentsOfFile: directory + "/tokens.json", encoding: .utf8)
        #expect(!text.contains(token))
        #expect(!text.contains(String(token.dropFirst(4))))
        #expect(text.contains(record.sha256))
        let mode = (try FileManager.default.attributesOfItem(atPath: directory + "/tokens.json")[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)

        let (other, _) = try store.create(name: "b.auditor", role: .auditor, personalData: true)
        #expect(other != token)
        #expect(try store.list().map(\.name) == ["a.officer", "b.auditor"])
        try store.revoke(id: record.id)
        #expect(store.authenticate(token) == nil)
        #expect(store.authenticate(other)?.personalData == true)
        #expect(try store.list().first?.revokedAt != nil)
        #expect(throws: (any Error).self) { try store.revoke(id: "tok_nope") }
        #expect(throws: (any Error).self) { try store.create(name: "  ", role: .legal, personalData: false) }

        // Another process's change (a new file) is picked up.
        let second = TokenStore(path: directory + "/tokens.json")
        let (third, _) = try second.create(name: "c.legal", role: .legal, personalData: false)
        #expect(store.authenticate(third)?.role == .legal)
    }

    @Test func constantTimeComparison() {
        #expect(TokenStore.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!TokenStore.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!TokenStore.constantTimeEqual([1, 2], [1, 2, 3]))
    }
}
