@testable import CasebookCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CasebookServer

@Suite("A new password ends the user's live sessions")
struct PasswordChangeSessionTests {
    @Test("changing a password (as `casebook user password` does, in the user list on disk) ends every session of that user, and only theirs")
    func passwordChangeEndsSessions() async throws {
        try await withFixture(seed: false) { base in
            let f = base.withSessions(clock: ManualClock())
            try f.addWebUser("o.web", roles: [.officer])
            try f.addWebUser("o.other", roles: [.officer])
            try f.addWebUser("m.multi", roles: [.officer, .dpo])
            try await f.app().test(.router) { client in
                let laptop = try #require(sessionCookie(try await client.signIn("o.web", fixture: f)))
                let phone = try #require(sessionCookie(try await client.signIn("o.web", fixture: f)))
                let other = try #require(sessionCookie(try await client.signIn("o.other", fixture: f)))
                // A session still choosing its role ends too.
                let choosing = try #require(sessionCookie(try await client.signIn("m.multi", fixture: f)))
                for cookie in [laptop, phone, other] {
                    #expect(try await client.open("/dashboard", cookie: cookie, fixture: f).status == 200)
                }

                try f.casebook.setPassword("a new staple horse", forUser: "o.web", by: "root", cost: 4)
                try f.casebook.setPassword("a new staple horse", forUser: "m.multi", by: "root", cost: 4)
                for cookie in [laptop, phone] {
                    let after = try await client.open("/dashboard", cookie: cookie, fixture: f)
                    #expect(after.status == 302 && after.headers[.location] == "/sign-in?next=/dashboard")
                }
                let roleAfter = try await client.postForm("/sign-in/role", ["role": "officer"], cookie: choosing, fixture: f)
                #expect(roleAfter.status == 303 && roleAfter.headers[.location] == "/sign-in", "\(roleAfter.status) \(roleAfter.body)")
                #expect(try await client.open("/dashboard", cookie: other, fixture: f).status == 200)

                // The old password no longer signs in; the new one does, and its session lives.
                #expect(try await client.signIn("o.web", fixture: f).status == 401)
                let fresh = try #require(sessionCookie(try await client.signIn("o.web", password: "a new staple horse", fixture: f)))
                #expect(try await client.open("/dashboard", cookie: fresh, fixture: f).status == 200)
                // Setting the same password again is a new hash too: the sessions end once more.
                try f.casebook.setPassword("a new staple horse", forUser: "o.web", by: "root", cost: 4)
                #expect(try await client.open("/dashboard", cookie: fresh, fixture: f).status == 302)
            }
        }
    }

    @Test("the stamp names the password without being it, and changes with every new hash")
    func stamp() throws {
        var user = LedgerUser(name: "o.web", roles: [.officer], addedAt: "2026-03-03T09:00:00Z", addedBy: "root")
        #expect(user.passwordStamp == nil)
        user.passwordHash = PasswordRules.hash("correct horse battery", cost: 4)
        let first = try #require(user.passwordStamp)
        #expect(first.count == 64 && !first.contains("$2") && first != user.passwordHash)
        user.passwordHash = PasswordRules.hash("correct horse battery", cost: 4)
        #expect(user.passwordStamp != first)
        let session = BrowserSession(id: "s", userName: "o.web", role: .officer, passwordStamp: user.passwordStamp, createdAt: Date(), lastSeen: Date())
        #expect(session.isCurrent(for: user))
        #expect(!session.isCurrent(for: nil))
        var other = user
        other.passwordHash = PasswordRules.hash("correct horse battery", cost: 4)
        #expect(!session.isCurrent(for: other))
        var demoted = user
        demoted.roles = [.dpo]
        #expect(!session.isCurrent(for: demoted))
    }
}
