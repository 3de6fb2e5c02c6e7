import Foundation
import Testing

/// CSV for spreadsheets, the timeline as one JSON document, the morning list and calendar feed address.
@Suite("CSV, timeline JSON, due --mine and calendar feeds from the CLI")
struct FeedsCLITests {
    /// A requester's summary that Excel would run as a link, with a non-ASCII letter.
    static let hostileSummary = #"=HYPERLINK(\"http://evil.example\",\"café\")"#

    /// An FOI case opened by whoever runs the CLI (no actor: the login acts).
    static func myOpeningLine(_ reference: String) -> String {
        #"{"case":"\#(reference)","type":"RequestReceived","occurredAt":"2026-01-12T09:30:00Z","payload":{"channel":"email","receivedAt":"2026-01-12T09:30:00Z","regime":"foia","requester":{"name":"Mine Requester","email":"mine@example.org"},"requesterType":"individual","summary":"Pothole repairs"},"expectedVersion":-1}"#
    }

    static func ledger(in dir: String) throws -> String {
        let ledger = dir + "/ledger"
        #expect(try CLI.run(["init", "--ledger", ledger, "--origin", "feeds.test/log"]).status == 0)
        let input = [openingLine(case: "FOI-2026-0001", summary: hostileSummary), eventLine(case: "FOI-2026-0001"),
                     myOpeningLine("FOI-2026-0002")].joined(separator: "\n")
        let appended = try CLI.run(["append", "--ledger", ledger], stdin: Data(input.utf8))
        #expect(appended.status == 0, "\(appended.stderr)")
        return ledger
    }

    @Test("register CSV neutralises a formula in a summary; --excel adds the BOM and keeps CRLF; --excel needs --format csv")
    func csv() throws {
        try withTemporaryDirectory { dir in
            let ledger = try Self.ledger(in: dir)
            let plain = try CLI.run(["register", "foi", "--format", "csv", "--ledger", ledger, "--today", "2026-01-20"])
            #expect(plain.status == 0, "\(plain.stderr)")
            #expect(plain.stdout.contains(#""'=HYPERLINK(""http://evil.example"",""café"")""#), "\(plain.stdout)")
            #expect(!plain.stdout.contains(#","=HYPERLINK"#) && !plain.stdout.contains(#","""=HYPERLINK"#))
            #expect(!plain.stdout.hasPrefix("\u{FEFF}"))

            let excel = try CLI.run(["register", "foi", "--format", "csv", "--excel", "--ledger", ledger, "--today", "2026-01-20"])
            #expect(excel.status == 0, "\(excel.stderr)")
            let bytes = Array(excel.stdout.utf8)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(excel.stdout.contains("café"))
            #expect(excel.stdout.hasSuffix("\r\n"))
            let records = excel.stdout.components(separatedBy: "\r\n").dropLast()
            #expect(records.count == 3)
            #expect(records.allSatisfy { !$0.contains("\n") })
            // The same cells as without --excel.
            #expect(String(excel.stdout.dropFirst()) == plain.stdout)

            let due = try CLI.run(["due", "--format", "csv", "--excel", "--ledger", ledger, "--today", "2026-01-20"])
            #expect(due.status == 0 && due.stdout.utf8.starts(with: [0xEF, 0xBB, 0xBF]))

            let wrong = try CLI.run(["register", "foi", "--excel", "--ledger", ledger])
            #expect(wrong.status != 0)
            #expect(wrong.stderr.contains("--excel shapes CSV for Excel; add --format csv"))
        }
    }

    @Test("timeline --format json is one JSON document; --format ndjson is one event per line")
    func timeline() throws {
        try withTemporaryDirectory { dir in
            let ledger = try Self.ledger(in: dir)
            let json = try CLI.run(["timeline", "FOI-2026-0001", "--format", "json", "--ledger", ledger])
            #expect(json.status == 0, "\(json.stderr)")
            let document = try jsonObject(json.stdout)
            #expect(document["reference"] as? String == "FOI-2026-0001")
            let events = try #require(document["events"] as? [[String: Any]])
            #expect(events.map { $0["type"] as? String } == ["RequestReceived", "NoteAdded"])
            #expect(events.map { $0["version"] as? Int } == [1, 2])
            #expect(Set(document.keys) == ["reference", "events"])

            let ndjson = try CLI.run(["timeline", "FOI-2026-0001", "--format", "ndjson", "--ledger", ledger])
            #expect(ndjson.status == 0)
            #expect(ndjson.lines.count == 2)
            let lines = try ndjson.lines.map(jsonObject)
            #expect(lines.map { $0["type"] as? String } == ["RequestReceived", "NoteAdded"])
            #expect(lines.map { $0["eventId"] as? String } == events.map { $0["eventId"] as? String })
        }
    }

    @Test("due --mine lists the steps of the cases you hold; --officer NAME someone else's")
    func dueMine() throws {
        try withTemporaryDirectory { dir in
            let ledger = try Self.ledger(in: dir)
            func references(_ extra: [String]) throws -> [String] {
                let r = try CLI.run(["due", "--format", "json", "--within", "30", "--today", "2026-01-20", "--ledger", ledger] + extra)
                #expect(r.status == 0, "\(r.stderr)")
                let items = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
                return Array(Set(items.compactMap { $0["reference"] as? String })).sorted()
            }
            #expect(try references([]) == ["FOI-2026-0001", "FOI-2026-0002"])
            #expect(try references(["--mine"]) == ["FOI-2026-0002"])
            #expect(try references(["--officer", "a.officer"]) == ["FOI-2026-0001"])
            #expect(try references(["--officer", "nobody.here"]) == [])
            let both = try CLI.run(["due", "--mine", "--officer", "a.officer", "--ledger", ledger])
            #expect(both.status != 0 && both.stderr.contains("give --mine or --officer NAME, not both"))
        }
    }

    @Test("user calendar prints the feed's path once; again needs --rotate, which gives a new one; only a hash is kept")
    func calendar() throws {
        try withTemporaryDirectory { dir in
            let ledger = try Self.ledger(in: dir)
            let me = try #require(try jsonUsers(ledger).first)
            let first = try CLI.run(["user", "calendar", me, "--ledger", ledger])
            #expect(first.status == 0, "\(first.stderr)")
            let path = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(path.hasPrefix("/calendar/") && path.hasSuffix(".ics"))
            let again = try CLI.run(["user", "calendar", me, "--ledger", ledger])
            #expect(again.status != 0 && again.stderr.contains("--rotate"))
            let rotated = try CLI.run(["user", "calendar", me, "--rotate", "--base-url", "https://casebook.council.example/", "--ledger", ledger])
            #expect(rotated.status == 0)
            let url = rotated.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(url.hasPrefix("https://casebook.council.example/calendar/") && !url.hasSuffix(path))
            let stored = try String(contentsOfFile: ledger + "/calendars.json", encoding: .utf8)
            #expect(!stored.contains(String(path.dropFirst("/calendar/".count).dropLast(4))))
            let unknown = try CLI.run(["user", "calendar", "not.a.user", "--ledger", ledger])
            #expect(unknown.status != 0 && unknown.stderr.contains("not.a.user is not a user of this ledger"))
        }
    }

    func jsonUsers(_ ledger: String) throws -> [String] {
        let r = try CLI.run(["user", "list", "--format", "json", "--ledger", ledger])
        let users = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        return users.compactMap { $0["name"] as? String }
    }
}
