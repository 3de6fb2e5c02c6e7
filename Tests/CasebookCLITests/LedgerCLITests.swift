import Foundation
import Testing

@Suite("casebook CLI: the ledger", .serialized)
struct LedgerCLITests {
    @Test("init, append, verify, log, proofs and checkpoint work end to end")
    func endToEnd() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            #expect(try CLI.run(["init", "--ledger", ledger]).status == 0)
            let input = [openingLine(case: "FOI-2026-0000"), openingLine(case: "FOI-2026-0001"), eventLine(case: "FOI-2026-0000"),
                         eventLine(case: "FOI-2026-0001"), eventLine(case: "FOI-2026-0000")].joined(separator: "\n")
            let appended = try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(input.utf8))
            #expect(appended.status == 0, "\(appended.stderr)")
            #expect(appended.lines.count == 5)
            let positions = try appended.lines.map { try jsonObject($0)["position"] as? Int }
            #expect(positions == [0, 1, 2, 3, 4])
            let verify = try CLI.run(["verify", "--ledger", ledger])
            #expect(verify.status == 0)
            let v = try jsonObject(verify.stdout)
            #expect(v["size"] as? Int == 5)
            let log = try CLI.run(["log", "--ledger", ledger, "--from", "1", "--to", "2"])
            #expect(log.lines.count == 2)
            let first = try jsonObject(log.lines[0])
            #expect(first["position"] as? Int == 1)
            let bytes = try #require(Data(base64Encoded: first["bytes"] as? String ?? ""))
            #expect(bytes.first == 1)
            let proof = try jsonObject(try CLI.run(["proof", "inclusion", "--ledger", ledger, "--position", "3"]).stdout)
            #expect(proof["root"] as? String == v["root"] as? String)
            #expect((proof["proof"] as? [String])?.count == 3)  // leaf 2, MTH(0..<2), leaf 4
            let consistency = try jsonObject(try CLI.run(["proof", "consistency", "--ledger", ledger, "--from", "3", "--to", "5"]).stdout)
            #expect(consistency["toRoot"] as? String == v["root"] as? String)
            let note = try CLI.run(["checkpoint", "--ledger", ledger]).stdout
            #expect(note.hasPrefix("casebook.local/log\n5\n"))
            #expect(note.contains("\n\n\u{2014} casebook.local/log "))
            let key = try CLI.run(["checkpoint", "--ledger", ledger, "--public-key"]).stdout
            #expect(key.hasPrefix("casebook.local/log+"))
            let timeline = try CLI.run(["timeline", "--ledger", ledger, "FOI-2026-0000", "--format", "ndjson"])
            #expect(timeline.lines.count == 3)
        }
    }

    @Test("appending again with the same event ids is idempotent; changed content is a conflict")
    func idempotentAppend() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            try CLI.run(["init", "--ledger", ledger])
            let id = UUID()
            let line = openingLine(case: "FOI-2026-0001", id: id, expected: nil)
            let a = try CLI.run(["append", "--ledger", ledger], stdin: Data(line.utf8))
            let b = try CLI.run(["append", "--ledger", ledger], stdin: Data(line.utf8))
            #expect(a.status == 0 && b.status == 0)
            #expect(a.stdout == b.stdout)
            let c = try CLI.run(["append", "--ledger", ledger], stdin: Data(openingLine(case: "FOI-2026-0001", id: id, summary: "changed", expected: nil).utf8))
            #expect(c.status != 0)
            #expect(c.stderr.contains("different content"))
            #expect(try CLI.run(["log", "--ledger", ledger]).lines.count == 1)
        }
    }

    @Test("bad NDJSON is refused with the line named, and nothing is appended", arguments: [
        ("truncated line", "{\"case\":\"FOI-2026-0001\",\"type\":\"NoteAdded\"", "line 2"),
        ("wrong type", #"{"case":"FOI-2026-0001","type":42,"occurredAt":"2026-01-05T09:30:00Z","actor":{"id":"a","role":"officer"},"payload":{}}"#, "\"type\" must be a string"),
        ("missing field", #"{"case":"FOI-2026-0001","type":"NoteAdded","actor":{"id":"a","role":"officer"},"payload":{}}"#, "missing field \"occurredAt\""),
        ("bad date", #"{"case":"FOI-2026-0001","type":"NoteAdded","occurredAt":"5 Jan 2026","actor":{"id":"a","role":"officer"},"payload":{}}"#, "RFC 3339"),
        ("payload not an object", #"{"case":"FOI-2026-0001","type":"NoteAdded","occurredAt":"2026-01-05T09:30:00Z","actor":{"id":"a","role":"officer"},"payload":[]}"#, "must be an object"),
        ("floating point", #"{"case":"FOI-2026-0001","type":"NoteAdded","occurredAt":"2026-01-05T09:30:00Z","actor":{"id":"a","role":"officer"},"payload":{"x":1.5}}"#, "whole numbers"),
        ("unknown field", #"{"case":"FOI-2026-0001","type":"NoteAdded","occurredAt":"2026-01-05T09:30:00Z","actor":{"id":"a","role":"officer"},"payload":{},"extra":1}"#, "unknown field \"extra\""),
    ])
    func badInput(name: String, badLine: String, expected: String) throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            try CLI.run(["init", "--ledger", ledger])
            let input = openingLine(case: "FOI-2026-0001") + "\n" + badLine + "\n" + openingLine(case: "FOI-2026-0002") + "\n"
            let r = try CLI.run(["append", "--ledger", ledger], stdin: Data(input.utf8))
            #expect(r.status != 0, "\(name)")
            #expect(r.stderr.contains("line 2"), "\(name): \(r.stderr)")
            #expect(r.stderr.contains(expected), "\(name): \(r.stderr)")
            #expect(r.stderr.contains("Nothing was appended"))
            #expect(try CLI.run(["log", "--ledger", ledger]).stdout.isEmpty)
        }
    }

    @Test("invalid UTF-8 and an empty input are refused")
    func invalidUTF8AndEmpty() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            try CLI.run(["init", "--ledger", ledger])
            var bytes = Array(openingLine(case: "FOI-2026-0001", summary: "caf").utf8)
            let at = bytes.firstIndex(of: UInt8(ascii: "f"))!
            bytes.insert(0xC3, at: at + 1)  // a lone lead byte inside a string
            let r = try CLI.run(["append", "--ledger", ledger], stdin: Data(bytes))
            #expect(r.status != 0)
            #expect(r.stderr.contains("UTF-8"))
            let empty = try CLI.run(["append", "--ledger", ledger], stdin: Data("\n\n".utf8))
            #expect(empty.status != 0)
            #expect(empty.stderr.contains("no events"))
            #expect(try CLI.run(["log", "--ledger", ledger]).stdout.isEmpty)
        }
    }

    @Test("two processes appending to one case with the same expected version: exactly one wins")
    func twoProcessConflict() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            try CLI.run(["init", "--ledger", ledger])
            try CLI.run(["append", "--ledger", ledger], stdin: Data(openingLine(case: "FOI-2026-0009").utf8))
            for round in 0..<5 {
                let processes = try (0..<2).map { _ in try CLI.start(["append", "--ledger", ledger]) }
                for p in processes {
                    let line = eventLine(case: "FOI-2026-0009", expected: 1 + round)
                    (p.standardInput as! Pipe).fileHandleForWriting.write(Data(line.utf8))
                    try (p.standardInput as! Pipe).fileHandleForWriting.close()
                }
                for p in processes { p.waitUntilExit() }
                let statuses = processes.map(\.terminationStatus).sorted()
                #expect(statuses[0] == 0 && statuses[1] != 0, "round \(round): \(statuses)")
                let loser = processes.first { $0.terminationStatus != 0 }!
                let err = String(decoding: (loser.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                #expect(err.contains("FOI-2026-0009") && err.contains("expected version \(1 + round)") && err.contains("actual version \(2 + round)"), "\(err)")
            }
            let timeline = try CLI.run(["timeline", "--ledger", ledger, "FOI-2026-0009", "--format", "ndjson"])
            #expect(timeline.lines.count == 6)
            #expect(try CLI.run(["verify", "--ledger", ledger]).status == 0)
        }
    }

    @Test("flipping one byte of a stored event makes verify fail naming its position")
    func tamper() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            try CLI.run(["init", "--ledger", ledger])
            // Summaries are not personal data, so they are stored as written and can be found in the file.
            let input = (0..<20).map { openingLine(case: "FOI-2026-\(String(format: "%04d", $0 + 1))", summary: "marker-\(String(format: "%04d", $0))-end") }.joined(separator: "\n")
            #expect(try CLI.run(["append", "--ledger", ledger], stdin: Data(input.utf8)).status == 0)
            #expect(try CLI.run(["verify", "--ledger", ledger]).status == 0)
            let file = ledger + "/log/data.mdb"
            var data = try Data(contentsOf: URL(fileURLWithPath: file))
            let marker = Data("marker-0013-end".utf8)
            // The summary is in the stored event and in the FOI register's row: change both.
            var from = data.startIndex
            var changed = 0
            while let range = data.range(of: marker, in: from..<data.endIndex) {
                data[range.lowerBound + 7] ^= 0x01  // '0' → '1'
                from = range.upperBound
                changed += 1
            }
            #expect(changed >= 1)
            try data.write(to: URL(fileURLWithPath: file))
            let r = try CLI.run(["verify", "--ledger", ledger])
            #expect(r.status != 0)
            #expect(r.stderr.contains("position 13"), "\(r.stderr)")
            #expect(try jsonObject(r.stdout)["position"] as? Int == 13)
        }
    }

    @Test("SIGKILL at random moments never loses a printed event nor leaves a partial one")
    func crashSafety() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            try CLI.run(["init", "--ledger", ledger])
            let openings = (0..<37).map { openingLine(case: "FOI-2026-\(String(format: "%04d", $0))") }.joined(separator: "\n")
            #expect(try CLI.run(["append", "--ledger", ledger], stdin: Data(openings.utf8)).status == 0)
            var rng = SystemRandomNumberGenerator()
            var printed: [Int: String] = [:]
            var killedMidway = 0
            for round in 0..<24 {
                let input = (0..<4000).map { eventLine(case: "FOI-2026-\(String(format: "%04d", ($0 + round) % 37))", note: "r\(round)-\($0)") }.joined(separator: "\n")
                let p = try CLI.start(["append", "--ledger", ledger])
                let stdinHandle = (p.standardInput as! Pipe).fileHandleForWriting
                stdinHandle.write(Data(input.utf8))
                try stdinHandle.close()
                usleep(UInt32.random(in: 30_000...600_000, using: &rng))
                kill(p.processIdentifier, SIGKILL)
                p.waitUntilExit()
                if p.terminationReason == .uncaughtSignal { killedMidway += 1 }
                let out = String(decoding: (p.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                for line in out.split(separator: "\n") {
                    // A line cut by the kill is not a printed result.
                    guard let o = try? jsonObject(String(line)), let pos = o["position"] as? Int, let id = o["eventId"] as? String else { continue }
                    printed[pos] = id
                }
            }
            #expect(killedMidway >= 20, "only \(killedMidway) runs were killed before finishing")
            let verify = try CLI.run(["verify", "--ledger", ledger])
            #expect(verify.status == 0, "\(verify.stderr)")
            let log = try CLI.run(["log", "--ledger", ledger])
            var stored: [Int: String] = [:]
            for line in log.lines {
                let o = try jsonObject(line)
                let event = try #require(o["event"] as? [String: Any])
                stored[try #require(o["position"] as? Int)] = event["eventId"] as? String
            }
            #expect(stored.count == (try jsonObject(verify.stdout)["size"] as? Int))
            for (pos, id) in printed { #expect(stored[pos] == id, "printed position \(pos) is missing or different") }
        }
    }
}
