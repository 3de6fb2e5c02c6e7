import Foundation
import Testing

@Suite("casebook CLI: web sign-in passwords", .serialized)
struct UserPasswordCLITests {
    @Test("user password reads stdin, refuses short passwords, and nothing it stores is ever printed")
    func setPassword() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            #expect(try CLI.run(["init", "--ledger", ledger]).status == 0)
            #expect(try CLI.run(["user", "add", "o.web", "--role", "officer", "--ledger", ledger]).status == 0)

            let short = try CLI.run(["user", "password", "o.web", "--password-stdin", "--ledger", ledger], stdin: Data("too short\n".utf8))
            #expect(short.status != 0)
            #expect(short.stderr.contains("has 9 characters; it needs at least 12"), "\(short.stderr)")

            let noTerminal = try CLI.run(["user", "password", "o.web", "--ledger", ledger], stdin: Data("a long enough password\n".utf8))
            #expect(noTerminal.status != 0)
            #expect(noTerminal.stderr.contains("pass --password-stdin"), "\(noTerminal.stderr)")

            let unknown = try CLI.run(["user", "password", "nobody", "--password-stdin", "--ledger", ledger], stdin: Data("a long enough password\n".utf8))
            #expect(unknown.status != 0)
            #expect(unknown.stderr.contains("nobody is not a user of this ledger"), "\(unknown.stderr)")

            let set = try CLI.run(["user", "password", "o.web", "--password-stdin", "--ledger", ledger], stdin: Data("a long enough password\n".utf8))
            #expect(set.status == 0, "\(set.stderr)")
            #expect(!set.stdout.contains("long enough") && !set.stdout.contains("$2b$"))

            let table = try CLI.run(["user", "list", "--ledger", ledger])
            #expect(!table.stdout.contains("$2b$"))
            let json = try CLI.run(["user", "list", "--ledger", ledger, "--format", "json"])
            let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            #expect(array.first { $0["name"] as? String == "o.web" }?["hasPassword"] as? Bool == true)
            #expect(!json.stdout.contains("$2b$") && !json.stdout.contains("passwordHash"))
            // The hash is beside the log, never in it.
            let log = try CLI.run(["log", "--ledger", ledger])
            #expect(log.status == 0)
            #expect(!log.stdout.contains("$2b$"))
        }
    }
}
