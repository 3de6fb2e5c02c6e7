import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore

/// A casebook in its own temporary directory with an admin, closed and removed afterwards.
private func withCasebook<T>(_ body: (Casebook) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-password-tests-\(UUID().uuidString.lowercased())").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let casebook = try Casebook.create(at: dir, origin: "test.local/log")
    defer { casebook.close() }
    try casebook.addUser("root", roles: [.admin], by: "root")
    return try body(casebook)
}

private func refusal(_ body: () throws -> Void) -> CasebookError? {
    do {
        try body()
        Issue.record("expected a CasebookError, nothing was thrown")
    } catch let error as CasebookError {
        return error
    } catch {
        Issue.record("expected a CasebookError, got \(error)")
    }
    return nil
}

@Suite("Web sign-in passwords")
struct PasswordTests {
    static let cost: UInt8 = 4

    @Test("a password under 12 characters is refused with the NCSC reason; the user keeps no password")
    func tooShortRefused() throws {
        try withCasebook { casebook in
            try casebook.addUser("alice", roles: [.officer], by: "root")
            let error = refusal { try casebook.setPassword("short pass", forUser: "alice", by: "alice", cost: Self.cost) }
            #expect(error?.code == .invalidInput)
            #expect(error?.message.contains("has 10 characters; it needs at least 12") == true)
            #expect(error?.message.contains("NCSC") == true)
            #expect(try casebook.user(named: "alice")?.hasPassword == false)
            // 12 characters is enough.
            try casebook.setPassword("twelve chars", forUser: "alice", by: "alice", cost: Self.cost)
            #expect(try casebook.user(named: "alice")?.hasPassword == true)
        }
    }

    @Test("longer than bcrypt reads, control characters and the user's own name are refused")
    func otherBadPasswords() throws {
        #expect(throws: CasebookError.self) { try PasswordRules.check(String(repeating: "a", count: 73), forUser: "alice") }
        #expect(throws: CasebookError.self) { try PasswordRules.check("tab\tinside the password", forUser: "alice") }
        #expect(throws: CasebookError.self) { try PasswordRules.check("Alice.Smith.1", forUser: "alice.smith.1") }
        try PasswordRules.check(String(repeating: "a", count: 72), forUser: "alice")
        try PasswordRules.check("correct horse battery staple", forUser: "alice")
    }

    @Test("the right password signs in; a wrong one, an unknown name or no password does not")
    func verification() throws {
        try withCasebook { casebook in
            try casebook.addUser("alice", roles: [.officer], by: "root")
            try casebook.addUser("bob", roles: [.officer], by: "root")
            try casebook.setPassword("correct horse battery", forUser: "alice", by: "root", cost: Self.cost)
            let dummy = PasswordRules.dummyHash(cost: Self.cost)
            #expect(try casebook.userSigningIn(named: "alice", password: "correct horse battery", dummyHash: dummy)?.name == "alice")
            #expect(try casebook.userSigningIn(named: "alice", password: "correct horse batterY", dummyHash: dummy) == nil)
            #expect(try casebook.userSigningIn(named: "alice", password: "correct horse battery\u{0}x", dummyHash: dummy) == nil)
            #expect(try casebook.userSigningIn(named: "bob", password: "correct horse battery", dummyHash: dummy) == nil)
            #expect(try casebook.userSigningIn(named: "nobody", password: "correct horse battery", dummyHash: dummy) == nil)
            #expect(try casebook.userSigningIn(named: "no body", password: "correct horse battery", dummyHash: dummy) == nil)
            // Adding roles later keeps the password.
            try casebook.addUser("alice", roles: [.legal], by: "root")
            #expect(try casebook.userSigningIn(named: "alice", password: "correct horse battery", dummyHash: dummy)?.roles == [.officer, .legal])
        }
    }

    @Test("people set their own password; only an admin sets someone else's")
    func whoSetsPasswords() throws {
        try withCasebook { casebook in
            try casebook.addUser("alice", roles: [.officer], by: "root")
            try casebook.addUser("bob", roles: [.officer], by: "root")
            let error = refusal { try casebook.setPassword("correct horse battery", forUser: "alice", by: "bob", cost: Self.cost) }
            #expect(error?.code == .forbidden)
            #expect(error?.message.contains("bob may not set the password of alice") == true)
            let missing = refusal { try casebook.setPassword("correct horse battery", forUser: "carol", by: "root", cost: Self.cost) }
            #expect(missing?.code == .notFound)
            try casebook.setPassword("correct horse battery", forUser: "bob", by: "bob", cost: Self.cost)
        }
    }

    @Test("the hash is stored in the user list but no other encoder sees it; an entry without one still decodes")
    func hashStaysInTheUserList() throws {
        try withCasebook { casebook in
            try casebook.addUser("alice", roles: [.officer], by: "root")
            try casebook.setPassword("correct horse battery", forUser: "alice", by: "root", cost: Self.cost)
            let user = try #require(try casebook.user(named: "alice"))
            #expect(user.passwordHash?.hasPrefix("$2b$04$") == true)
            let listed = String(decoding: try JSONEncoder().encode(try casebook.users()), as: UTF8.self)
            #expect(!listed.contains("passwordHash"))
            #expect(!listed.contains("$2b$"))
            #expect(!listed.contains("correct horse"))
            #expect(!"\(user)".contains("$2b$"))
            #expect(!String(reflecting: user).contains("$2b$"))
            // The user list's own encoding keeps it, so it survives a round trip.
            let encoder = JSONEncoder()
            encoder.userInfo[LedgerUser.encodesCredentials] = true
            let stored = try JSONDecoder().decode(LedgerUser.self, from: try encoder.encode(user))
            #expect(stored.passwordHash == user.passwordHash)
        }
        let old = #"{"addedAt":"2026-03-02T10:00:00Z","addedBy":"root","name":"alice","roles":["officer"]}"#
        let user = try JSONDecoder().decode(LedgerUser.self, from: Data(old.utf8))
        #expect(user.name == "alice")
        #expect(!user.hasPassword)
    }
}
