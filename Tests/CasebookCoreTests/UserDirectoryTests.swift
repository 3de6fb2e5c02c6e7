import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A casebook in its own temporary directory, stamped by a fixed clock, closed and removed afterwards.
private func withCasebook<T>(_ body: (Casebook) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-users-tests-\(UUID().uuidString.lowercased())").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var options = LedgerOptions()
    options.clock = { Timestamp(rfc3339: "2026-03-02T10:00:00Z")! }
    let casebook = try Casebook.create(at: dir, origin: "test.local/log", options: options)
    defer { casebook.close() }
    return try body(casebook)
}

/// The error `body` throws, as a `CasebookError` (a test failure if it throws nothing or another error).
private func casebookError(_ body: () throws -> Void) -> CasebookError? {
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

@Suite("The ledger's users")
struct UserDirectoryTests {
    @Test("a new ledger has no users; anyone adds the first, who must be an admin")
    func bootstrap() throws {
        try withCasebook { casebook in
            #expect(try casebook.users().isEmpty)
            let refused = casebookError { try casebook.addUser("alice", roles: [.officer], by: "alice") }
            #expect(refused?.code == .invalidInput)
            #expect(refused?.message.contains("needs role admin") == true)
            #expect(try casebook.users().isEmpty)

            let alice = try casebook.addUser("alice", roles: [.officer, .admin], by: "whoever")
            #expect(alice == LedgerUser(name: "alice", roles: [.officer, .admin], addedAt: "2026-03-02T10:00:00Z", addedBy: "whoever"))
            #expect(alice.roles == [.officer, .admin])
            #expect(try casebook.users() == [alice])
            #expect(try casebook.user(named: "alice") == alice)
            #expect(try casebook.user(named: "bob") == nil)

            // Once there is a user, the list is no longer open to anyone.
            let stranger = casebookError { try casebook.addUser("mallory", roles: [.admin], by: "mallory") }
            #expect(stranger?.code == .unknownUser)
            #expect(stranger?.message == "mallory is not a user of this ledger; only an admin may add users or roles (`casebook user list` shows who is)")
        }
    }

    @Test("only an admin adds and removes; adding roles keeps the rest and when and by whom the user was added")
    func adminOnly() throws {
        try withCasebook { casebook in
            try casebook.addUser("root", roles: [.admin], by: "root")
            try casebook.addUser("olive", roles: [.officer], by: "root")

            let officerAdds = casebookError { try casebook.addUser("olive", roles: [.legal], by: "olive") }
            #expect(officerAdds?.code == .forbidden)
            #expect(officerAdds?.message == "olive (roles: officer) may not add users or roles; that needs role admin; an admin grants it with `casebook user add olive --role admin`")
            let officerRemoves = casebookError { try casebook.removeUser("root", roles: nil, by: "olive") }
            #expect(officerRemoves?.code == .forbidden)
            let strangerRemoves = casebookError { try casebook.removeUser("olive", roles: nil, by: "nobody") }
            #expect(strangerRemoves?.code == .unknownUser)

            let olive = try casebook.addUser("olive", roles: [.dpo, .legal, .officer], by: "root")
            #expect(olive.roles == [.officer, .legal, .dpo])
            #expect(olive.addedBy == "root")
            #expect(try casebook.users().map(\.name) == ["olive", "root"])

            try casebook.removeUser("olive", roles: [.legal], by: "root")
            #expect(try casebook.user(named: "olive")?.roles == [.officer, .dpo])
            let notHeld = casebookError { try casebook.removeUser("olive", roles: [.auditor], by: "root") }
            #expect(notHeld?.code == .invalidInput)
            #expect(notHeld?.message == "olive (roles: officer, dpo) does not have role auditor; nothing was changed")
            try casebook.removeUser("olive", roles: [.officer, .dpo], by: "root")
            #expect(try casebook.user(named: "olive") == nil, "a user left with no roles is removed")
            let gone = casebookError { try casebook.removeUser("olive", roles: nil, by: "root") }
            #expect(gone?.code == .notFound)
            #expect(casebookError { try casebook.addUser("olive", roles: [], by: "root") }?.code == .invalidInput)
            #expect(casebookError { try casebook.removeUser("root", roles: [], by: "root") }?.code == .invalidInput)
        }
    }

    @Test("the last admin is never removed, nor loses role admin")
    func lastAdminKept() throws {
        try withCasebook { casebook in
            try casebook.addUser("root", roles: [.admin, .officer], by: "root")
            let removeUser = casebookError { try casebook.removeUser("root", roles: nil, by: "root") }
            #expect(removeUser?.code == .conflict)
            #expect(removeUser?.message == "root is the last admin of this ledger, and a ledger keeps one; make another user admin first (`casebook user add NAME --role admin`)")
            #expect(casebookError { try casebook.removeUser("root", roles: [.admin], by: "root") }?.code == .conflict)
            try casebook.removeUser("root", roles: [.officer], by: "root")
            #expect(try casebook.user(named: "root")?.roles == [.admin])

            try casebook.addUser("ada", roles: [.admin], by: "root")
            try casebook.removeUser("root", roles: nil, by: "root")
            #expect(try casebook.users().map(\.name) == ["ada"])
            #expect(casebookError { try casebook.removeUser("ada", roles: nil, by: "ada") }?.code == .conflict)
        }
    }

    @Test("the user list survives closing, reopening and a rebuild of every projection")
    func kept() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-users-tests-\(UUID().uuidString.lowercased())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let root: LedgerUser
        do {  // the first Casebook (and its keystore) is released before the ledger is opened again
            let first = try Casebook.create(at: dir, origin: "test.local/log")
            defer { first.close() }
            root = try first.addUser("root", roles: [.admin, .officer], by: "root")
        }
        let again = try Casebook.open(at: dir)
        defer { again.close() }
        #expect(try again.users() == [root])
        try again.rebuild(registers: nil)
        #expect(try again.users() == [root])
    }

    @Test("actor() picks the first role, in the order officer, legal, dpo, that may record the event")
    func actorPicksRole() throws {
        try withCasebook { casebook in
            try casebook.addUser("root", roles: [.admin, .officer, .legal], by: "root")
            try casebook.addUser("dee", roles: [.dpo, .auditor], by: "root")
            try casebook.addUser("lee", roles: [.legal, .dpo], by: "root")

            #expect(try casebook.actor(for: "root", recording: .responseSent, on: .request) == Actor(id: "root", role: "officer"))
            #expect(try casebook.actor(for: "root", recording: .breachReported, on: .breach) == Actor(id: "root", role: "officer"))
            #expect(try casebook.actor(for: "root", recording: .iCONotificationDecided, on: .breach) == Actor(id: "root", role: "legal"))
            #expect(try casebook.actor(for: "root", recording: .iCOComplaintReceived, on: .request) == Actor(id: "root", role: "officer"))
            #expect(try casebook.actor(for: "dee", recording: .breachEscalated, on: .breach) == Actor(id: "dee", role: "dpo"))
            #expect(try casebook.actor(for: "dee", recording: .nearMissReviewed, on: .nearMiss) == Actor(id: "dee", role: "dpo"))
            #expect(try casebook.actor(for: "lee", recording: .riskAssessed, on: .breach) == Actor(id: "lee", role: "legal"))
            #expect(try casebook.actor(for: "lee", recording: .iCODecisionNoticeReceived, on: .subjectAccess) == Actor(id: "lee", role: "legal"))
        }
    }

    @Test("actor() refuses, saying which role is needed and how an admin grants it")
    func actorRefuses() throws {
        try withCasebook { casebook in
            let empty = casebookError { _ = try casebook.actor(for: "root", recording: .noteAdded, on: .request) }
            #expect(empty?.code == .unknownUser)
            #expect(empty?.message == "root is not a user of this ledger, which has no users yet; add the first with `casebook user add root --role admin --role officer`")

            try casebook.addUser("ada", roles: [.admin], by: "ada")
            try casebook.addUser("root", roles: [.officer], by: "ada")
            try casebook.addUser("dee", roles: [.dpo], by: "ada")

            let stranger = casebookError { _ = try casebook.actor(for: "sam", recording: .requestReceived, on: .request) }
            #expect(stranger?.code == .unknownUser)
            #expect(stranger?.message == "sam is not a user of this ledger; an admin adds them with `casebook user add sam --role officer`")

            let officer = casebookError { _ = try casebook.actor(for: "root", recording: .iCONotificationDecided, on: .breach) }
            #expect(officer?.code == .forbidden)
            #expect(officer?.message == "root (roles: officer) may not record ICONotificationDecided on a breach case; that needs role legal; an admin grants it with `casebook user add root --role legal`")

            let escalate = casebookError { _ = try casebook.actor(for: "root", recording: .breachEscalated, on: .breach) }
            #expect(escalate?.message == "root (roles: officer) may not record BreachEscalated on a breach case; that needs role legal or dpo; an admin grants it with `casebook user add root --role legal`")

            let dpo = casebookError { _ = try casebook.actor(for: "dee", recording: .iCONotified, on: .breach) }
            #expect(dpo?.code == .forbidden)
            #expect(dpo?.message.contains("that needs role legal") == true)
            #expect(casebookError { _ = try casebook.actor(for: "dee", recording: .noteAdded, on: .request) }?.message
                    == "dee (roles: dpo) may not record NoteAdded on an FOI/EIR case; that needs role officer; an admin grants it with `casebook user add dee --role officer`")

            let admin = casebookError { _ = try casebook.actor(for: "ada", recording: .noteAdded, on: .nearMiss) }
            #expect(admin?.code == .forbidden)
            #expect(admin?.message.hasPrefix("ada (roles: admin) may not record NoteAdded on a near-miss case") == true)

            let erase = casebookError { _ = try casebook.actor(for: "ada", recording: .personalDataErased, on: .request) }
            #expect(erase?.code == .forbidden)
            #expect(erase?.message == "nobody records PersonalDataErased by hand; `casebook erase` records it as it destroys the keys")
            #expect(casebookError { _ = try casebook.actor(for: "root", recording: .retentionApplied, on: .subjectAccess) }?.message.contains("`casebook retention apply`") == true)
        }
    }

    @Test("names are 1–64 letters, digits, '.', '-' or '_', not starting with '-'", arguments: [
        "", String(repeating: "a", count: 65), "a b", "a@example.org", "-x", "a/b", "tab\there", "o'brien", "a\u{0}b", "DOMAIN\\user",
    ])
    func badNames(name: String) throws {
        #expect(throws: CasebookError.self) { try LedgerUser.validatedName(name) }
        try withCasebook { casebook throws in
            #expect(casebookError { try casebook.addUser(name, roles: [.admin], by: "root") }?.code == .invalidInput)
            #expect(try casebook.user(named: name) == nil)
            #expect(try casebook.users().isEmpty)
        }
    }

    @Test("good names, compared after NFC normalisation")
    func goodNames() throws {
        for name in ["a.officer", "j_smith-2", "_svc", "Zoë", "李明", String(repeating: "a", count: 64)] {
            #expect(try LedgerUser.validatedName(name) == name.precomposedStringWithCanonicalMapping)
        }
        try withCasebook { casebook in
            let decomposed = "Zoe\u{0308}"
            let stored = try casebook.addUser(decomposed, roles: [.admin, .dpo], by: decomposed)
            #expect(stored.name == "Zo\u{00EB}")
            #expect(stored.name.unicodeScalars.count == 3)
            #expect(try casebook.user(named: "Zo\u{00EB}") == stored)
            #expect(try casebook.user(named: decomposed) == stored)
            #expect(try casebook.actor(for: decomposed, recording: .riskAssessed, on: .breach) == Actor(id: "Zo\u{00EB}", role: "dpo"))
            #expect(try casebook.user(named: "zoë") == nil, "names are case-sensitive")
        }
    }

    @Test("OSUser.name is the effective user's login name")
    func osUser() {
        let expected = getpwuid(geteuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } }
        #expect(OSUser.name == expected ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown")
        #expect(!OSUser.name.isEmpty)
    }
}
