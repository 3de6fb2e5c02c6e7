import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The login name the `casebook` processes these tests start act as (the test's own user).
private let me: String = getpwuid(geteuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"

/// `casebook user list --format json` as (name, roles) pairs.
private func listedUsers(_ ledger: String) throws -> [(name: String, roles: [String])] {
    let r = try CLI.run(["user", "list", "--ledger", ledger, "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let array = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
    return array.map { ($0["name"] as? String ?? "", $0["roles"] as? [String] ?? []) }
}

@Suite("casebook CLI: users", .serialized)
struct UserCLITests {
    @Test("init makes the person running it the first user, an admin and an officer")
    func initBootstraps() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            let created = try CLI.run(["init", "--ledger", ledger])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("First user: \(me) (roles: officer, admin)"))
            let r = try CLI.run(["user", "list", "--ledger", ledger, "--format", "json"])
            let array = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
            #expect(array.count == 1)
            #expect(array.first?["name"] as? String == me)
            #expect(array.first?["roles"] as? [String] == ["officer", "admin"])
            #expect(array.first?["addedBy"] as? String == me)
            #expect((array.first?["addedAt"] as? String)?.hasSuffix("Z") == true)
            let table = try CLI.run(["user", "list", "--ledger", ledger])
            #expect(table.lines.first?.hasPrefix("name") == true)
            #expect(table.lines.last?.hasPrefix(me) == true)
        }
    }

    @Test("init --role chooses the first user's roles; one must be admin")
    func initRoles() throws {
        try withTemporaryDirectory { dir in
            let refused = try CLI.run(["init", "--ledger", dir + "/a", "--role", "legal"])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("needs role admin"), "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/a"), "nothing is created when the arguments are wrong")

            let ledger = dir + "/b"
            #expect(try CLI.run(["init", "--ledger", ledger, "--role", "admin", "--role", "dpo"]).status == 0)
            #expect(try listedUsers(ledger).map(\.roles) == [["dpo", "admin"]])
        }
    }

    @Test("an admin adds users and roles, takes roles away and removes users; the last admin stays")
    func addListRemove() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            try CLI.run(["init", "--ledger", ledger])
            let added = try CLI.run(["user", "add", "alice", "--ledger", ledger, "--role", "officer", "--role", "legal"])
            #expect(added.status == 0, "\(added.stderr)")
            #expect(added.stdout == "alice has roles officer, legal\n")
            #expect(try CLI.run(["user", "add", "alice", "--ledger", ledger, "--role", "dpo"]).stdout == "alice has roles officer, legal, dpo\n")
            #expect(try listedUsers(ledger).map(\.name) == ["alice", me].sorted())

            let taken = try CLI.run(["user", "remove", "alice", "--ledger", ledger, "--role", "legal"])
            #expect(taken.stdout == "alice has roles officer, dpo\n", "\(taken.stderr)")
            let removed = try CLI.run(["user", "remove", "alice", "--ledger", ledger])
            #expect(removed.status == 0)
            #expect(removed.stdout == "removed alice\n")
            #expect(try listedUsers(ledger).map(\.name) == [me])

            let lastAdmin = try CLI.run(["user", "remove", me, "--ledger", ledger])
            #expect(lastAdmin.status != 0)
            #expect(lastAdmin.stderr.contains("\(me) is the last admin of this ledger"), "\(lastAdmin.stderr)")
            let missing = try CLI.run(["user", "remove", "nobody", "--ledger", ledger])
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("nobody is not a user of this ledger"))
        }
    }

    @Test("who acts is the login, so a user who is not an admin cannot change the list")
    func onlyAdmins() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            try CLI.run(["init", "--ledger", ledger])
            #expect(try CLI.run(["user", "add", "ada", "--ledger", ledger, "--role", "admin"]).status == 0)
            #expect(try CLI.run(["user", "remove", me, "--ledger", ledger, "--role", "admin"]).status == 0)
            let refused = try CLI.run(["user", "add", "bob", "--ledger", ledger, "--role", "officer"])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("\(me) (roles: officer) may not add users or roles; that needs role admin; an admin grants it with `casebook user add \(me) --role admin`"), "\(refused.stderr)")
            #expect(try listedUsers(ledger).map(\.name) == ["ada", me].sorted())
        }
    }

    @Test("arguments are checked before the ledger is opened", arguments: [
        (["user", "add", "a b", "--role", "officer"], "contains a space"),
        (["user", "add", "bob"], "name at least one --role"),
        (["user", "add", "bob", "--role", "boss"], "boss"),
        (["user", "remove", "a@b"], "contains \"@\""),
        (["user", "list", "--format", "csv"], "csv"),
    ])
    func badArguments(args: [String], expected: String) throws {
        try withTemporaryDirectory { dir in
            let r = try CLI.run(args + ["--ledger", dir + "/none"])
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains(expected), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("no ledger at"), "\(args): validated before opening")
        }
    }

    @Test("tokens carry officer, legal, dpo or auditor, never admin")
    func tokenRoles() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            try CLI.run(["init", "--ledger", ledger])
            let admin = try CLI.run(["token", "create", "--ledger", ledger, "--role", "admin", "--name", "x"])
            #expect(admin.status != 0)
            #expect(admin.stderr.contains("a token cannot carry role admin"), "\(admin.stderr)")
            let dpo = try CLI.run(["token", "create", "--ledger", ledger, "--role", "dpo", "--name", "d.dpo", "--format", "json"])
            #expect(dpo.status == 0, "\(dpo.stderr)")
            #expect(try jsonObject(dpo.stdout)["role"] as? String == "dpo")
        }
    }
}
