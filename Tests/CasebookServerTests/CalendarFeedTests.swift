import Casework
import Foundation
import HummingbirdTesting
import LedgerStore
import CasebookCore
import Registers
import Testing

@testable import CasebookServer

/// `GET /calendar/<secret>.ics`: the officer's due steps, by secret address, with no personal data.
@Suite("Calendar feed")
struct CalendarFeedTests {
    /// The seed's events are all recorded by "seed", so "seed" is case officer of every case.
    static func users(_ f: Fixture) throws {
        try f.casebook.addUser("seed", roles: [.admin, .officer], by: "seed")
        try f.casebook.addUser("other.officer", roles: [.officer], by: "seed")
    }

    static func store(_ f: Fixture) -> CalendarSecretStore {
        CalendarSecretStore(path: CalendarSecretStore.path(inLedger: f.directory))
    }

    @Test("the feed is text/calendar, never cached, holds the officer's steps and no personal data")
    func feed() async throws {
        try await withFixture { f in
            try Self.users(f)
            let secret = try Self.store(f).create(for: "seed", rotate: false)
            try await f.app().test(.router) { client in
                let r = try await client.send(.get, CalendarSecretStore.feedPath(secret), fixture: f)
                #expect(r.status == 200, "\(r.body)")
                #expect(r.headers[.contentType] == "text/calendar; charset=utf-8")
                #expect(r.headers[.cacheControl]?.contains("no-store") == true)
                #expect(r.body.hasPrefix("BEGIN:VCALENDAR\r\nPRODID:"))
                #expect(r.body.contains("UID:FOI-2026-0002.response@test.casebook.local/log"))
                #expect(r.body.contains("SUMMARY:FOI-2026-0002: response overdue"))
                // Without a base URL there is no link; no requester, description, note or officer name.
                #expect(!r.body.contains("URL:"))
                for canary in Canary.all + ["Bo Other", "bo.other", "seed"] {
                    #expect(!r.body.contains(canary), "\(canary) is in the feed")
                }
                // Another officer holds no case: a valid, empty calendar.
                let otherSecret = try Self.store(f).create(for: "other.officer", rotate: false)
                let other = try await client.send(.get, CalendarSecretStore.feedPath(otherSecret), fixture: f)
                #expect(other.status == 200)
                #expect(!other.body.contains("BEGIN:VEVENT"))
            }
        }
    }

    @Test("with a base URL each event links to its case page")
    func link() async throws {
        try await withFixture { plain in
            try Self.users(plain)
            var linked = plain
            linked.configuration.baseURL = "https://casebook.council.example"
            let f = linked
            let secret = try Self.store(f).create(for: "seed", rotate: false)
            try await f.app().test(.router) { client in
                let r = try await client.send(.get, CalendarSecretStore.feedPath(secret), fixture: f)
                #expect(r.body.contains("URL:https://casebook.council.example/cases/FOI-2026-0002\r\n"))
            }
        }
    }

    @Test("a rotated, unknown or malformed secret is 404; the new secret works; only hashes are stored, mode 0600")
    func rotation() async throws {
        try await withFixture { f in
            try Self.users(f)
            let store = Self.store(f)
            let old = try store.create(for: "seed", rotate: false)
            #expect(throws: LedgerError.self) { try store.create(for: "seed", rotate: false) }
            let new = try store.create(for: "seed", rotate: true)
            #expect(old != new)
            #expect(store.user(forSecret: old) == nil)
            #expect(store.user(forSecret: new) == "seed")
            let text = try String(contentsOfFile: store.path, encoding: .utf8)
            #expect(!text.contains(old) && !text.contains(new))
            let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            try await f.app().test(.router) { client in
                #expect(try await client.send(.get, CalendarSecretStore.feedPath(old), fixture: f).status == 404)
                #expect(try await client.send(.get, CalendarSecretStore.feedPath(new), fixture: f).status == 200)
                #expect(try await client.send(.get, "/calendar/\(new)", fixture: f).status == 404)
                #expect(try await client.send(.get, "/calendar/not-a-secret.ics", fixture: f).status == 404)
                // A user who leaves the ledger loses the feed.
                try f.casebook.removeUser("seed", roles: [.officer], by: "seed")
                try f.casebook.addUser("admin.two", roles: [.admin], by: "seed")
                try f.casebook.removeUser("seed", roles: nil, by: "admin.two")
                #expect(try await client.send(.get, CalendarSecretStore.feedPath(new), fixture: f).status == 404)
            }
        }
    }
}
