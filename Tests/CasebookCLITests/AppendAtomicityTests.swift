import Foundation
import Testing

/// `casebook append` stores the whole input or none of it, recognises what an interrupted run
/// already stored, and enforces every line's expected version.
@Suite("casebook append: all or nothing, resumable, every expectedVersion", .serialized)
struct AppendAtomicityTests {
    func size(_ ledger: String) throws -> Int? {
        try jsonObject(try CLI.run(["verify", "--ledger", ledger]).stdout)["size"] as? Int
    }

    @Test("a valid opening followed by a note on a case that does not exist stores nothing")
    func refusedLineRefusesTheWholeInput() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            #expect(try CLI.run(["init", "--ledger", ledger]).status == 0)
            let input = [openingLine(case: "FOI-2026-0001"), eventLine(case: "FOI-2026-0099")].joined(separator: "\n")
            let r = try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(input.utf8))
            #expect(r.status != 0)
            #expect(r.stdout.isEmpty, "nothing may be reported as stored: \(r.stdout)")
            #expect(r.stderr.contains("FOI-2026-0099"), "\(r.stderr)")
            #expect(try size(ledger) == 0)
        }
    }

    @Test("the passing neighbour: the same input with the note on the opened case stores both")
    func validInputStoresEveryLine() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            #expect(try CLI.run(["init", "--ledger", ledger]).status == 0)
            let input = [openingLine(case: "FOI-2026-0001"), eventLine(case: "FOI-2026-0001")].joined(separator: "\n")
            let r = try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(input.utf8))
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.lines.count == 2)
            #expect(try size(ledger) == 2)
        }
    }

    @Test("an input interrupted after a case's opening line is appended whole when run again")
    func resumeAfterInterruption() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            #expect(try CLI.run(["init", "--ledger", ledger]).status == 0)
            let opening = openingLine(case: "FOI-2026-0001", id: UUID(), expected: -1)
            let lines = [opening, eventLine(case: "FOI-2026-0001", id: UUID()), eventLine(case: "FOI-2026-0001", id: UUID(), expected: 2),
                         openingLine(case: "FOI-2026-0002", id: UUID(), expected: -1)]
            // The crash fell after the first line was stored.
            #expect(try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(opening.utf8)).status == 0)
            let again = try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(lines.joined(separator: "\n").utf8))
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try again.lines.map { try jsonObject($0)["position"] as? Int } == [0, 1, 2, 3])
            #expect(try size(ledger) == 4)
            // A third run appends nothing and reports the same positions.
            let third = try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(lines.joined(separator: "\n").utf8))
            #expect(third.status == 0, "\(third.stderr)")
            #expect(try size(ledger) == 4)
        }
    }

    @Test("a later line's expectedVersion is enforced when the case's first line had none")
    func laterExpectedVersionIsEnforced() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            #expect(try CLI.run(["init", "--ledger", ledger]).status == 0)
            #expect(try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(openingLine(case: "FOI-2026-0001").utf8)).status == 0)
            // Before the second line the case has 2 events, not 5.
            let wrong = [eventLine(case: "FOI-2026-0001"), eventLine(case: "FOI-2026-0001", expected: 5)].joined(separator: "\n")
            let r = try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(wrong.utf8))
            #expect(r.status != 0)
            #expect(r.stderr.contains("expected version 5, actual version 2"), "\(r.stderr)")
            #expect(try size(ledger) == 1)
            let right = [eventLine(case: "FOI-2026-0001"), eventLine(case: "FOI-2026-0001", expected: 2)].joined(separator: "\n")
            let ok = try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(right.utf8))
            #expect(ok.status == 0, "\(ok.stderr)")
            #expect(try size(ledger) == 3)
        }
    }
}

/// Who is acting on an appended line comes from the ledger's user list.
@Suite("casebook append: who acted", .serialized)
struct AppendActorTests {
    static let me: String = getpwuid(geteuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"

    func line(_ type: String, case c: String, actor: String?, payload: String) -> String {
        var s = #"{"case":"\#(c)","type":"\#(type)","occurredAt":"2026-01-05T09:30:00Z","payload":\#(payload)"#
        if let actor { s += #","actor":\#(actor)"# }
        return s + "}"
    }

    static let opening = #"{"channel":"email","receivedAt":"2026-01-05T09:30:00Z","regime":"foia","requester":{"name":"A"},"requesterType":"individual","summary":"Bins"}"#

    @Test("a line typed as role admin, or as a role the user lacks, is refused; a line without an actor acts as the user")
    func typedRolesAreRefused() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            #expect(try CLI.run(["init", "--ledger", ledger, "--role", "admin", "--role", "officer"]).status == 0)
            let admin = line("RequestReceived", case: "FOI-2026-0001", actor: #"{"id":"\#(Self.me)","role":"admin"}"#, payload: Self.opening)
            let r = try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(admin.utf8))
            #expect(r.status != 0)
            #expect(r.stderr.contains("role admin may not record RequestReceived"), "\(r.stderr)")
            let legal = line("RequestReceived", case: "FOI-2026-0001", actor: #"{"id":"\#(Self.me)","role":"legal"}"#, payload: Self.opening)
            let r2 = try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(legal.utf8))
            #expect(r2.status != 0)
            #expect(r2.stderr.contains("does not have role legal"), "\(r2.stderr)")
            #expect(try jsonObject(try CLI.run(["verify", "--ledger", ledger]).stdout)["size"] as? Int == 0)

            let own = line("RequestReceived", case: "FOI-2026-0001", actor: nil, payload: Self.opening)
            let ok = try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(own.utf8))
            #expect(ok.status == 0, "\(ok.stderr)")
            let logged = try jsonObject(try CLI.run(["log", "--ledger", ledger]).lines[0])
            let actor = (logged["event"] as? [String: Any])?["actor"] as? [String: Any]
            #expect(actor?["id"] as? String == Self.me)
            #expect(actor?["role"] as? String == "officer")
        }
    }

    @Test("an erasure or retention record cannot be appended: only the commands that destroy the keys write them")
    func erasureOnlyByItsCommands() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            #expect(try CLI.run(["init", "--ledger", ledger, "--role", "admin", "--role", "officer", "--role", "legal", "--role", "dpo"]).status == 0)
            let opening = line("RequestReceived", case: "FOI-2026-0001", actor: nil, payload: Self.opening)
            #expect(try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(opening.utf8)).status == 0)
            for (type, payload) in [("PersonalDataErased", #"{"subjectId":"case-FOI-2026-0001","scope":"case","reason":"r","erasedOn":"2026-01-06"}"#),
                                    ("RetentionApplied", #"{"policyRule":"foi.closed+3y","appliedOn":"2026-01-06"}"#)] {
                for actor in [nil, #"{"id":"\#(Self.me)","role":"dpo"}"#] {
                    let r = try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(line(type, case: "FOI-2026-0001", actor: actor, payload: payload).utf8))
                    #expect(r.status != 0, "\(type) was appended")
                    #expect(r.stderr.contains("by hand"), "\(r.stderr)")
                }
            }
            #expect(try jsonObject(try CLI.run(["verify", "--ledger", ledger]).stdout)["size"] as? Int == 1)
        }
    }

    @Test("someone who is not a user of the ledger cannot append; an officer cannot append others' events")
    func onlyUsersAppend() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            #expect(try CLI.run(["init", "--ledger", ledger, "--role", "admin", "--role", "officer"]).status == 0)
            // Hand the ledger to another admin and make the test's user an officer only.
            #expect(try CLI.run(["user", "add", "other.admin", "--role", "admin", "--ledger", ledger]).status == 0)
            #expect(try CLI.run(["user", "remove", Self.me, "--role", "admin", "--ledger", ledger]).status == 0)
            let others = line("RequestReceived", case: "FOI-2026-0001", actor: #"{"id":"a.officer","role":"officer"}"#, payload: Self.opening)
            let r = try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(others.utf8))
            #expect(r.status != 0)
            #expect(r.stderr.contains("only an admin appends events recorded by someone else"), "\(r.stderr)")
            #expect(try jsonObject(try CLI.run(["verify", "--ledger", ledger]).stdout)["size"] as? Int == 0)
        }
    }
}
