@testable import CasebookCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CasebookServer

@Suite("Signing in on the pages: passwords, sessions, CSRF, throttling")
struct SessionTests {
    @Test("a right password signs in with a session cookie: HttpOnly, SameSite=Lax, Path=/, Max-Age, a fresh id")
    func goodSignIn() async throws {
        try await withFixture(seed: false) { base in
            let f = base.withSessions(clock: ManualClock())
            try f.addWebUser("o.web", roles: [.officer])
            try await f.app().test(.router) { client in
                let form = try await client.send(.get, "/sign-in?next=/registers/foi", fixture: f)
                #expect(form.status == 200)
                #expect(form.body.contains(#"<label for="username">User name</label>"#))
                #expect(form.body.contains(#"<label for="password">Password</label>"#))
                #expect(form.body.contains(#"autocomplete="current-password""#))
                #expect(form.body.contains(#"value="/registers/foi""#))

                let ok = try await client.signIn("o.web", next: "/registers/foi", fixture: f)
                #expect(ok.status == 303)
                #expect(ok.headers[.location] == "/registers/foi")
                let header = ok.headers[.setCookie] ?? ""
                let cookie = try #require(sessionCookie(ok))
                let id = String(cookie.dropFirst("casebook_session=".count))
                #expect(id.count == 43)  // 32 bytes, unpadded base64url
                #expect(id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
                #expect(!header.contains(webPassword) && !f.tokens.values.contains(id))
                #expect(header.contains("HttpOnly"))
                #expect(header.contains("SameSite=Lax"))
                #expect(header.contains("Path=/"))
                #expect(header.contains("Max-Age=43200"))
                #expect(!header.contains("Secure"))

                let page = try await client.open("/dashboard", cookie: cookie, fixture: f)
                #expect(page.status == 200)
                #expect(page.body.contains("Signed in as o.web (officer)"))
                #expect(csrfToken(in: page.body)?.isEmpty == false)

                // Only local paths are followed after signing in.
                let elsewhere = try await client.signIn("o.web", next: "https://evil.example/", fixture: f)
                #expect(elsewhere.headers[.location] == "/dashboard")
                let protocolRelative = try await client.signIn("o.web", next: "//evil.example", fixture: f)
                #expect(protocolRelative.headers[.location] == "/dashboard")
                let spaced = try await client.signIn("o.web", next: "/registers/foi?service=Town Hall\r\nX", fixture: f)
                #expect(spaced.headers[.location] == "/registers/foi?service=Town%20Hall%0D%0AX")
            }
            let secure = { var s = f; s.configuration.secureCookies = true; return s }()
            try await secure.app().test(.router) { client in
                let ok = try await client.signIn("o.web", fixture: secure)
                #expect(ok.headers[.setCookie]?.contains("Secure") == true)
            }
        }
    }

    @Test("a wrong password, an unknown name and empty fields: a message linked to the field, no cookie")
    func badSignIn() async throws {
        try await withFixture(seed: false) { base in
            let f = base.withSessions(clock: ManualClock())
            try f.addWebUser("o.web", roles: [.officer])
            try await f.app().test(.router) { client in
                for (name, password) in [("o.web", "wrong horse battery"), ("nobody", webPassword), ("o.web", String(repeating: "x", count: 5000))] {
                    let reply = try await client.signIn(name, password: password, fixture: f)
                    #expect(reply.status == 401)
                    #expect(reply.body.contains("There is a problem"))
                    #expect(reply.body.contains(##"<a href="#username">Enter a correct user name and password</a>"##))
                    #expect(reply.body.contains(#"aria-invalid="true""#))
                    #expect(reply.headers[.setCookie] == nil)
                    #expect(!reply.body.contains(password))
                }
                let empty = try await client.signIn("", password: "", fixture: f)
                #expect(empty.status == 400)
                #expect(empty.body.contains(##"<a href="#username">Enter your user name</a>"##))
                #expect(empty.body.contains(##"<a href="#password">Enter your password</a>"##))
                #expect(empty.headers[.setCookie] == nil)
            }
        }
    }

    @Test("signing out ends the session: the old cookie is sent to the sign-in page")
    func signOutEndsTheSession() async throws {
        try await withFixture(seed: false) { base in
            let f = base.withSessions(clock: ManualClock())
            try f.addWebUser("o.web", roles: [.officer])
            try await f.app().test(.router) { client in
                let cookie = try #require(sessionCookie(try await client.signIn("o.web", fixture: f)))
                let page = try await client.open("/dashboard", cookie: cookie, fixture: f)
                let csrf = try #require(csrfToken(in: page.body))

                let withoutToken = try await client.postForm("/sign-out", [:], cookie: cookie, fixture: f)
                #expect(withoutToken.status == 403)
                let wrongToken = try await client.postForm("/sign-out", ["csrf": String(csrf.reversed())], cookie: cookie, fixture: f)
                #expect(wrongToken.status == 403)
                #expect(wrongToken.body.contains("reload the page"))
                #expect(try await client.open("/dashboard", cookie: cookie, fixture: f).status == 200)

                let out = try await client.postForm("/sign-out", ["csrf": csrf], cookie: cookie, fixture: f)
                #expect(out.status == 303)
                #expect(out.headers[.location] == "/sign-in")
                #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
                let after = try await client.open("/dashboard", cookie: cookie, fixture: f)
                #expect(after.status == 302)
                #expect(after.headers[.location] == "/sign-in?next=/dashboard")
                #expect(after.headers[.setCookie]?.contains("Max-Age=0") == true)  // the dead cookie is cleared
                let query = try await client.open("/registers/foi?status=open", cookie: nil, fixture: f)
                #expect(query.headers[.location] == "/sign-in?next=/registers/foi%3Fstatus%3Dopen")
                #expect(try await client.open("/dashboard", cookie: "casebook_session=cbk_stale", fixture: f).status == 302)
            }
        }
    }

    @Test("a session ends after 30 idle minutes (sliding) and 12 hours after sign-in however used")
    func idleAndAbsoluteExpiry() async throws {
        try await withFixture(seed: false) { base in
            let clock = ManualClock()
            let f = base.withSessions(clock: clock)
            try f.addWebUser("o.web", roles: [.officer])
            try await f.app().test(.router) { client in
                let idle = try #require(sessionCookie(try await client.signIn("o.web", fixture: f)))
                clock.advance(by: 29 * 60)
                #expect(try await client.open("/dashboard", cookie: idle, fixture: f).status == 200)
                clock.advance(by: 29 * 60)  // 58 minutes after sign-in, 29 after the last request
                #expect(try await client.open("/dashboard", cookie: idle, fixture: f).status == 200)
                clock.advance(by: 30 * 60 + 1)
                #expect(try await client.open("/dashboard", cookie: idle, fixture: f).status == 302)

                let busy = try #require(sessionCookie(try await client.signIn("o.web", fixture: f)))
                for _ in 0..<28 {  // a request every 25 minutes: 11 h 40 min
                    clock.advance(by: 25 * 60)
                    #expect(try await client.open("/dashboard", cookie: busy, fixture: f).status == 200)
                }
                clock.advance(by: 20 * 60 + 1)  // 12 h and a second after sign-in
                let expired = try await client.open("/dashboard", cookie: busy, fixture: f)
                #expect(expired.status == 302)
                #expect(expired.headers[.location] == "/sign-in?next=/dashboard")
            }
        }
    }

    @Test("5 failures in 15 minutes pause sign-in: the 6th attempt is refused (429), allowed again after the window")
    func throttling() async throws {
        try await withFixture(seed: false) { base in
            let clock = ManualClock()
            let f = base.withSessions(clock: clock)
            try f.addWebUser("o.web", roles: [.officer])
            try await f.app().test(.router) { client in
                for _ in 1...5 {
                    #expect(try await client.signIn("o.web", password: "wrong horse battery", fixture: f).status == 401)
                    clock.advance(by: 60)
                }
                let sixth = try await client.signIn("o.web", fixture: f)  // even the right password
                #expect(sixth.status == 429)
                #expect(sixth.body.contains("Sign-in is paused"))
                #expect(sixth.body.contains("Try again after"))
                #expect(sixth.headers[.retryAfter] == "840")  // locked at the 5th failure, a minute ago
                #expect(sixth.headers[.setCookie] == nil)

                clock.advance(by: 14 * 60 + 1)
                let later = try await client.signIn("o.web", fixture: f)
                #expect(later.status == 303)
                #expect(sessionCookie(later) != nil)
            }
        }
    }

    @Test("failures from one address under many names pause that address too")
    func throttlingByAddress() async throws {
        try await withFixture(seed: false) { base in
            let f = base.withSessions(clock: ManualClock())
            try f.addWebUser("o.web", roles: [.officer])
            try await f.app().test(.router) { client in
                for i in 1...5 {
                    let guess = try await client.signIn("guess\(i)", password: "wrong horse battery", fixture: f)
                    #expect(guess.status == 401)
                }
                let paused = try await client.signIn("o.web", fixture: f)
                #expect(paused.status == 429)
            }
        }
    }

    @Test("a session cookie cannot call the API; the pages' data links take it")
    func cookieCannotCallTheAPI() async throws {
        try await withFixture { base in
            let f = base.withSessions(clock: ManualClock())
            try f.addWebUser("o.web", roles: [.officer])
            try await f.app().test(.router) { client in
                let cookie = try #require(sessionCookie(try await client.signIn("o.web", fixture: f)))
                for path in ["/api/v1/due", "/api/v1/registers/foi?format=csv", "/api/v1/checkpoint"] {
                    let refused = try await client.open(path, cookie: cookie, fixture: f)
                    #expect(refused.status == 401)
                    #expect(refused.headers[.contentType]?.hasPrefix("application/json") == true)
                    #expect(refused.json?["error"]?["message"]?.stringValue?.contains("Authorization: Bearer") == true)
                }
                let post = try await client.send(.post, "/api/v1/deadline", fixture: f, json: obj(["clock": .string("foia"), "received": .string("2026-01-05")]),
                                                 headers: [.cookie: cookie])
                #expect(post.status == 401)
                let csv = try await client.open("/data/v1/registers/foi?format=csv", cookie: cookie, fixture: f)
                #expect(csv.status == 200)
                #expect(csv.body.contains("FOI-2026-0001"))
                let register = try await client.open("/registers/foi", cookie: cookie, fixture: f)
                #expect(register.body.contains("href=\"/data/v1/registers/foi?format=csv"))
                // A bearer token still works on the API.
                #expect(try await client.send(.get, "/api/v1/due", as: .officer, fixture: f).status == 200)
            }
        }
    }

    @Test("a bearer token cannot post forms, and a form from another site (or none) is refused")
    func tokenAndForeignOriginCannotPostForms() async throws {
        try await withFixture(seed: false) { base in
            let f = base.withSessions(clock: ManualClock())
            try f.addWebUser("o.web", roles: [.officer])
            try await f.app().test(.router) { client in
                let byToken = try await client.postForm("/sign-out", ["csrf": "anything"], as: .officer, fixture: f)
                #expect(byToken.status == 403)
                #expect(byToken.body.contains("forms are for people signed in through the sign-in page"))

                let foreign = try await client.signIn("o.web", fixture: f).status
                #expect(foreign == 303)
                let evil = try await client.postForm("/sign-in", ["username": "o.web", "password": webPassword], fixture: f, origin: "https://evil.example")
                #expect(evil.status == 403)
                #expect(evil.body.contains("not from this site"))
                #expect(evil.headers[.setCookie] == nil)
                let hidden = try await client.postForm("/sign-in", ["username": "o.web", "password": webPassword], fixture: f, origin: "null")
                #expect(hidden.status == 403)
                let none = try await client.postForm("/sign-in", ["username": "o.web", "password": webPassword], fixture: f, origin: nil)
                #expect(none.status == 403)
                #expect(none.body.contains("no Origin or Referer"))
                // A Referer from this site is enough when there is no Origin.
                let referred = try await client.send(.post, "/sign-in", fixture: f, body: formBody(["username": "o.web", "password": webPassword]),
                                                     headers: [.contentType: "application/x-www-form-urlencoded", .referer: "http://localhost/sign-in"])
                #expect(referred.status == 303)
            }
        }
    }

    @Test("signing in always makes a new session id, whatever cookie the browser brought")
    func noSessionFixation() async throws {
        try await withFixture(seed: false) { base in
            let f = base.withSessions(clock: ManualClock())
            try f.addWebUser("o.web", roles: [.officer])
            try await f.app().test(.router) { client in
                let planted = "casebook_session=AttackerChoseThisIdAttackerChoseThisId123456"
                let first = try #require(sessionCookie(try await client.signIn("o.web", cookie: planted, fixture: f)))
                #expect(first != planted)
                #expect(try await client.open("/dashboard", cookie: planted, fixture: f).status == 302)
                let second = try #require(sessionCookie(try await client.signIn("o.web", cookie: first, fixture: f)))
                #expect(second != first)
                // The session the browser signed in over is ended.
                #expect(try await client.open("/dashboard", cookie: first, fixture: f).status == 302)
                #expect(try await client.open("/dashboard", cookie: second, fixture: f).status == 200)
            }
        }
    }

    @Test("a user with several roles chooses one; an admin-only user is told admin work is done at the ledger")
    func choosingARole() async throws {
        try await withFixture(seed: false) { base in
            let f = base.withSessions(clock: ManualClock())
            try f.addWebUser("l.web", roles: [.officer, .legal, .admin])
            try f.addWebUser("a.admin", roles: [.admin])
            try await f.app().test(.router) { client in
                let signIn = try await client.signIn("l.web", next: "/registers/breach", fixture: f)
                #expect(signIn.status == 303)
                #expect(signIn.headers[.location] == "/sign-in/role?next=/registers/breach")
                let cookie = try #require(sessionCookie(signIn))
                #expect(try await client.open("/dashboard", cookie: cookie, fixture: f).status == 302)  // no role yet

                let form = try await client.open("/sign-in/role?next=/registers/breach", cookie: cookie, fixture: f)
                #expect(form.status == 200)
                #expect(form.body.contains(#"value="officer""#) && form.body.contains(#"value="legal""#))
                #expect(!form.body.contains(#"value="admin""#))
                let csrf = try #require(csrfToken(in: form.body))

                #expect(try await client.postForm("/sign-in/role", ["role": "legal"], cookie: cookie, fixture: f).status == 403)
                let none = try await client.postForm("/sign-in/role", ["csrf": csrf], cookie: cookie, fixture: f)
                #expect(none.status == 400)
                #expect(none.body.contains(##"<a href="#role-officer">Select the role you are acting in</a>"##))
                let admin = try await client.postForm("/sign-in/role", ["csrf": csrf, "role": "admin"], cookie: cookie, fixture: f)
                #expect(admin.status == 400)

                let chosen = try await client.postForm("/sign-in/role", ["csrf": csrf, "role": "legal", "next": "/registers/breach"], cookie: cookie, fixture: f)
                #expect(chosen.status == 303)
                #expect(chosen.headers[.location] == "/registers/breach")
                let page = try await client.open("/registers/breach", cookie: cookie, fixture: f)
                #expect(page.status == 200)
                #expect(page.body.contains("Signed in as l.web (legal)"))

                let adminOnly = try await client.signIn("a.admin", fixture: f)
                #expect(adminOnly.status == 403)
                #expect(adminOnly.body.contains("admin work (the user list, tokens, the ledger itself) is done at the ledger"))
                #expect(adminOnly.headers[.setCookie] == nil)
            }
        }
    }

    @Test("removing the user or the role a session acts in ends the session at its next request")
    func removedUserOrRoleEndsSessions() async throws {
        try await withFixture(seed: false) { base in
            let f = base.withSessions(clock: ManualClock())
            try f.addWebUser("o.web", roles: [.officer])
            try f.addWebUser("d.web", roles: [.dpo])
            try await f.app().test(.router) { client in
                let officer = try #require(sessionCookie(try await client.signIn("o.web", fixture: f)))
                let dpo = try #require(sessionCookie(try await client.signIn("d.web", fixture: f)))
                try f.casebook.removeUser("o.web", roles: nil, by: "root")
                try f.casebook.addUser("d.web", roles: [.auditor], by: "root")
                try f.casebook.removeUser("d.web", roles: [.dpo], by: "root")
                #expect(try await client.open("/dashboard", cookie: officer, fixture: f).status == 302)
                #expect(try await client.open("/dashboard", cookie: dpo, fixture: f).status == 302)
                // Signing in again gives the role they hold now.
                let again = try #require(sessionCookie(try await client.signIn("d.web", fixture: f)))
                #expect(try await client.open("/dashboard", cookie: again, fixture: f).body.contains("Signed in as d.web (auditor)"))
            }
        }
    }

    @Test("a session's identity records events as the user in the chosen role; an auditor's personal data is redacted")
    func sessionIdentity() {
        let session = BrowserSession(id: "x", userName: "l.web", role: .legal, passwordStamp: nil, createdAt: Date(), lastSeen: Date())
        let identity = Identity(session: session, role: .legal, csrfToken: "t")
        #expect(identity.actor.id == "l.web" && identity.actor.role == "legal")
        #expect(identity.viaCookie)
        let auditor = Identity(session: session, role: .auditor, csrfToken: "t")
        #expect(AccessPolicy.personalData(for: auditor) == .redact)
        #expect(AccessPolicy.personalData(for: identity) == .reveal)
    }

    @Test("sign-ins and failures are logged with the name and address, never the password or its hash")
    func loggingLeavesOutSecrets() async throws {
        try await withFixture(seed: false) { base in
            let recorder = LogRecorder()
            let f = base.withSessions(clock: ManualClock(), logger: recorder.logger)
            try f.addWebUser("o.web", roles: [.officer])
            let hash = try #require(try f.casebook.user(named: "o.web")?.passwordHash)
            try await f.app().test(.router) { client in
                _ = try await client.signIn("o.web", password: "wrong horse battery", fixture: f)
                let cookie = try #require(sessionCookie(try await client.signIn("o.web", fixture: f)))
                let csrf = try #require(csrfToken(in: try await client.open("/dashboard", cookie: cookie, fixture: f).body))
                _ = try await client.postForm("/sign-out", ["csrf": csrf], cookie: cookie, fixture: f)
            }
            let lines = recorder.all
            #expect(lines.contains { $0.contains("sign-in failed") && $0.contains("user=o.web") })
            #expect(lines.contains { $0.contains("signed in") && $0.contains("user=o.web") && $0.contains("role=officer") })
            #expect(lines.contains { $0.contains("signed out") && $0.contains("user=o.web") })
            for line in lines {
                #expect(!line.contains(webPassword) && !line.contains("wrong horse") && !line.contains(hash) && !line.contains("$2b$"), "\(line)")
            }
        }
    }
}
