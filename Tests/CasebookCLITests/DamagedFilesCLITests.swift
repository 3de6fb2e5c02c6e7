import Foundation
import Testing
import LedgerStore
import Registers

/// Damaged files never crash Casebook: each is refused with a message naming the file and
/// saying to restore from backup. Every command runs in a subprocess, so a crash shows up as a
/// signal (or as the last-resort handler's exit status 70, which counts as a failure here too:
/// the checks before LMDB reads the file must catch the damage first).
@Suite("casebook CLI: damaged, truncated and rolled-back ledgers", .serialized)
struct DamagedFilesCLITests {
    /// The outcome of one subprocess, including whether a signal ended it.
    struct Outcome {
        var status: Int32
        var signalled: Bool
        var stdout: String
        var stderr: String
        var crashed: Bool { signalled || status == DamageNotice.exitStatus }
        var summary: String { "status \(status)\(signalled ? " (signal)" : ""): \(stderr.prefix(400))" }
    }

    static func run(_ args: [String], stdin: Data = Data()) throws -> Outcome {
        let o = try CLI.run(args, stdin: stdin)
        return Outcome(status: o.status, signalled: o.signalled, stdout: o.stdout, stderr: o.stderr)
    }

    /// A small ledger: two FOI cases, a few notes, one checkpoint.
    static func makeLedger(_ ledger: String) throws {
        #expect(try run(["init", "--ledger", ledger, "--origin", "casebook.test/log"]).status == 0)
        let lines = [openingLine(case: "FOI-2026-0001"), openingLine(case: "FOI-2026-0002"), eventLine(case: "FOI-2026-0001"), eventLine(case: "FOI-2026-0002")]
        let appended = try run(["append", "--ledger", ledger, "-"], stdin: Data(lines.joined(separator: "\n").utf8))
        try #require(appended.status == 0, "\(appended.summary)")
        try #require(try run(["checkpoint", "--ledger", ledger]).status == 0)
    }

    /// The commands a user runs day to day, each of which must refuse a damaged ledger.
    static func everyday(_ ledger: String) -> [(name: String, args: [String], stdin: Data)] {
        [
            ("verify", ["verify", "--ledger", ledger], Data()),
            ("register", ["register", "foi", "--ledger", ledger, "--format", "json"], Data()),
            ("timeline", ["timeline", "FOI-2026-0001", "--ledger", ledger], Data()),
            ("append", ["append", "--ledger", ledger, "-"], Data(eventLine(case: "FOI-2026-0001").utf8)),
            ("checkpoint", ["checkpoint", "--ledger", ledger], Data()),
            ("log", ["log", "--ledger", ledger], Data()),
        ]
    }

    static func truncate(_ file: String, to size: Int) throws {
        try #require(Foundation.truncate(file, off_t(size)) == 0, "truncating \(file)")
    }

    static func overwrite(_ file: String, at offset: Int, with bytes: [UInt8]) throws {
        let fd = open(file, O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) } == bytes.count)
    }

    static func fileSize(_ file: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
    }

    /// Requires every everyday command to refuse the ledger cleanly, naming `file`.
    static func expectRefused(_ ledger: String, naming file: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for command in everyday(ledger) {
            let outcome = try run(command.args, stdin: command.stdin)
            #expect(!outcome.crashed, "\(what): \(command.name) crashed: \(outcome.summary)", sourceLocation: sourceLocation)
            #expect(outcome.status == 1, "\(what): \(command.name) did not refuse: \(outcome.summary)", sourceLocation: sourceLocation)
            #expect(outcome.stderr.contains(file) && outcome.stderr.contains("damaged") && outcome.stderr.contains("backup"),
                    "\(what): \(command.name) did not name the damaged file: \(outcome.summary)", sourceLocation: sourceLocation)
        }
    }

    @Test("a log file cut to half, to 8192 bytes or to nothing, or with both header pages zeroed, is refused by every command")
    func damagedLogIsRefused() throws {
        try withTemporaryDirectory { dir in
            let original = dir + "/original"
            try Self.makeLedger(original)
            let size = try Self.fileSize(original + "/log/data.mdb")
            let damages: [(String, (String) throws -> Void)] = [
                ("cut to half", { try Self.truncate($0, to: size / 2) }),
                ("cut to 8192 bytes", { try Self.truncate($0, to: 8192) }),
                ("cut to 0 bytes", { try Self.truncate($0, to: 0) }),
                ("header pages zeroed", { try Self.overwrite($0, at: 0, with: [UInt8](repeating: 0, count: 8192)) }),
            ]
            for (i, (what, damage)) in damages.enumerated() {
                let ledger = dir + "/copy\(i)"
                try FileManager.default.copyItem(atPath: original, toPath: ledger)
                let file = ledger + "/log/data.mdb"
                try damage(file)
                try Self.expectRefused(ledger, naming: file, what)
                #expect(try Self.fileSize(file) <= size, "\(what): the damaged file was written to")
            }
        }
    }

    @Test("a keystore file cut short or overwritten with garbage is refused, never a crash")
    func damagedKeystoreIsRefused() throws {
        try withTemporaryDirectory { dir in
            let original = dir + "/original"
            try Self.makeLedger(original)
            let size = try Self.fileSize(original + "/keystore/data.mdb")
            var rng = SeededBytes(seed: 42)
            let damages: [(String, (String) throws -> Void)] = [
                ("keystore cut to half", { try Self.truncate($0, to: size / 2) }),
                ("keystore cut to 8192 bytes", { try Self.truncate($0, to: 8192) }),
                ("keystore cut to 0 bytes", { try Self.truncate($0, to: 0) }),
                ("keystore overwritten with garbage", { try Self.overwrite($0, at: 0, with: (0..<size).map { _ in rng.next() }) }),
            ]
            for (i, (what, damage)) in damages.enumerated() {
                let ledger = dir + "/copy\(i)"
                try FileManager.default.copyItem(atPath: original, toPath: ledger)
                let file = ledger + "/keystore/data.mdb"
                try damage(file)
                // Commands that read personal data open the keystore; verify walks its pages.
                for command in Self.everyday(ledger) where ["verify", "register", "timeline", "append"].contains(command.name) {
                    let outcome = try Self.run(command.args, stdin: command.stdin)
                    #expect(!outcome.crashed, "\(what): \(command.name) crashed: \(outcome.summary)")
                    #expect(outcome.status == 1 && outcome.stderr.contains(file) && outcome.stderr.contains("backup"),
                            "\(what): \(command.name): \(outcome.summary)")
                }
            }
        }
    }

    @Test("a signing key copied in from another ledger is refused before it signs a checkpoint or a pack; verify still passes")
    func foreignSigningKeyIsRefused() throws {
        try withTemporaryDirectory { dir in
            let ours = dir + "/ours"
            let theirs = dir + "/theirs"
            try Self.makeLedger(ours)
            #expect(try Self.run(["init", "--ledger", theirs, "--origin", "casebook.other/log"]).status == 0)
            try FileManager.default.removeItem(atPath: ours + "/signing.key")
            try FileManager.default.copyItem(atPath: theirs + "/signing.key", toPath: ours + "/signing.key")
            let checkpoint = try Self.run(["checkpoint", "--ledger", ours])
            #expect(checkpoint.status == 1, "\(checkpoint.summary)")
            #expect(checkpoint.stderr.contains("signing.key is not this ledger's key (it is casebook.other/log's key"), "\(checkpoint.summary)")
            #expect(checkpoint.stderr.contains("restore this ledger's own signing.key from backup"))
            #expect(checkpoint.stdout.isEmpty)
            // An inspection pack, whose manifest is signed too, is refused before a file is written.
            let export = try Self.run(["export", "ico", "--ledger", ours, "--out", dir + "/pack"])
            #expect(export.status == 1, "\(export.summary)")
            #expect(export.stderr.contains("signing.key is not this ledger's key"), "\(export.summary)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/pack"))
            let verify = try Self.run(["verify", "--ledger", ours])
            #expect(verify.status == 0, "the refused checkpoint must leave the ledger verifiable: \(verify.summary)")
        }
    }

    @Test("a log rolled back to an older copy while checkpoints/ remembers more fails verify and refuses appends; a restored backup does not")
    func rollbackIsDetected() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            try Self.makeLedger(ledger)  // 4 events, checkpoint at 4
            let older = dir + "/older-data.mdb"
            try FileManager.default.copyItem(atPath: ledger + "/log/data.mdb", toPath: older)
            #expect(try Self.run(["backup", "--ledger", ledger, dir + "/backup"]).status == 0)
            let more = [eventLine(case: "FOI-2026-0001"), eventLine(case: "FOI-2026-0002")].joined(separator: "\n")
            #expect(try Self.run(["append", "--ledger", ledger, "-"], stdin: Data(more.utf8)).status == 0)
            #expect(try Self.run(["checkpoint", "--ledger", ledger]).status == 0)  // checkpoint at 6
            #expect(FileManager.default.fileExists(atPath: ledger + "/checkpoints/00000000000000000006"))
            #expect(FileManager.default.fileExists(atPath: ledger + "/checkpoints/00000000000000000004"))

            // Roll the log back to the copy of 4 events.
            try FileManager.default.removeItem(atPath: ledger + "/log/data.mdb")
            try FileManager.default.copyItem(atPath: older, toPath: ledger + "/log/data.mdb")
            let verify = try Self.run(["verify", "--ledger", ledger])
            #expect(verify.status == 1, "\(verify.summary)")
            #expect(verify.stdout.contains("truncated or rolled back") && verify.stdout.contains("checkpoints/00000000000000000006"), "\(verify.stdout)")
            let append = try Self.run(["append", "--ledger", ledger, "-"], stdin: Data(eventLine(case: "FOI-2026-0001").utf8))
            #expect(append.status == 1)
            #expect(append.stderr.contains("truncated or rolled back") && append.stderr.contains("restore"), "\(append.summary)")
            #expect(!append.crashed)

            // The backup of 4 events brings its own checkpoints: restored, it verifies and appends.
            #expect(FileManager.default.fileExists(atPath: dir + "/backup/checkpoints/00000000000000000004"))
            #expect(!FileManager.default.fileExists(atPath: dir + "/backup/checkpoints/00000000000000000006"))
            let restore = try Self.run(["restore", dir + "/backup", dir + "/restored"])
            #expect(restore.status == 0, "\(restore.summary)")
            let restored = dir + "/restored"
            let again = try Self.run(["verify", "--ledger", restored])
            #expect(again.status == 0, "\(again.summary)")
            #expect(try Self.run(["append", "--ledger", restored, "-"], stdin: Data(eventLine(case: "FOI-2026-0001").utf8)).status == 0)
        }
    }

    /// A seeded sample of single-byte flips across both environments' files: no command is ever
    /// stopped by a signal, and a flip inside an event's stored bytes or a register row always
    /// fails `verify`.
    @Test("2,000 seeded single-byte flips in the log's and the keystore's files never crash verify, register or log")
    func seededFlipsNeverCrash() throws {
        try withTemporaryDirectory { dir in
            let original = dir + "/original"
            let generate = try Self.run(["demo", "generate", "--ledger", original, "--cases", "30", "--seed", "11", "--end", "2026-11-30"])
            try #require(generate.status == 0, "\(generate.summary)")
            try #require(try Self.run(["checkpoint", "--ledger", original]).status == 0)
            // A compacted log, so each event's bytes are stored once (no stale copies in freed pages).
            try Self.compact(original + "/log")
            let pristine = try Self.run(["verify", "--ledger", original])
            try #require(pristine.status == 0, "the compacted demo ledger must verify: \(pristine.summary)")

            let logFile = try [UInt8](Data(contentsOf: URL(fileURLWithPath: original + "/log/data.mdb")))
            let keystoreFile = try [UInt8](Data(contentsOf: URL(fileURLWithPath: original + "/keystore/data.mdb")))
            // Where each event's stored bytes lie in the log file.
            var eventRanges: [Range<Int>] = []
            let logData = Data(logFile)
            for line in try Self.run(["log", "--ledger", original]).stdout.split(separator: "\n") {
                let bytes = try #require(Data(base64Encoded: try jsonObject(String(line))["bytes"] as? String ?? ""))
                let first = try #require(logData.range(of: bytes), "an event's stored bytes are not in the file")
                #expect(logData.range(of: bytes, in: first.upperBound..<logData.count) == nil, "an event's bytes are stored twice")
                eventRanges.append(first)
            }
            try #require(eventRanges.count > 100)
            // And where each stored register row lies (verify refolds the registers and compares).
            var rowRanges: [Range<Int>] = []
            do {
                let tables = RegisterName.allCases.map(\.rowsTable)
                let environment = try LMDBEnvironment(path: original + "/log", databases: tables, readOnly: true, create: false)
                try environment.read { txn in
                    for table in tables {
                        try txn.scan(txn.database(table)) { _, value in
                            let bytes = Data(value)
                            if let first = logData.range(of: bytes), logData.range(of: bytes, in: first.upperBound..<logData.count) == nil {
                                rowRanges.append(first)
                            }
                            return true
                        }
                    }
                }
            }
            try #require(rowRanges.count > 20)

            var rng = SeededBytes(seed: 20261201)
            let logFlips = 1500
            let keystoreFlips = 500
            var flips: [(file: Int, offset: Int, mask: UInt8)] = []
            for i in 0..<(logFlips + keystoreFlips) {
                let file = i < logFlips ? 0 : 1
                let size = file == 0 ? logFile.count : keystoreFile.count
                let offset = Int(rng.next64() % UInt64(size))
                flips.append((file, offset, UInt8(1 + rng.next64() % 255)))
            }
            flips.shuffle(using: &rng)

            struct Tally { var positions = 0, detected = 0, undetected = 0, inEvents = 0, inRows = 0, crashes: [String] = [], missed: [String] = [] }
            let workers = 2
            nonisolated(unsafe) var tallies = [Tally](repeating: Tally(), count: workers)
            nonisolated(unsafe) var setupFailures: [String] = []
            let originals = [logFile, keystoreFile]
            let (sample, ranges, rows) = (flips, eventRanges, rowRanges)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                do {
                    let ledger = dir + "/worker\(worker)"
                    try FileManager.default.copyItem(atPath: original, toPath: ledger)
                    let files = [ledger + "/log/data.mdb", ledger + "/keystore/data.mdb"]
                    var tally = Tally()
                    for (n, flip) in sample.enumerated() where n % workers == worker {
                        let path = files[flip.file]
                        try Self.overwrite(path, at: flip.offset, with: [originals[flip.file][flip.offset] ^ flip.mask])
                        let where_ = "\(flip.file == 0 ? "log" : "keystore") byte \(flip.offset) ^ 0x\(String(flip.mask, radix: 16))"
                        let verify = try Self.run(["verify", "--ledger", ledger])
                        tally.positions += 1
                        if verify.crashed { tally.crashes.append("verify, \(where_): \(verify.summary)") }
                        if verify.status == 0 { tally.undetected += 1 } else { tally.detected += 1 }
                        if flip.file == 0, ranges.contains(where: { $0.contains(flip.offset) }) {
                            tally.inEvents += 1
                            if verify.status == 0 { tally.missed.append(where_) }
                        }
                        if flip.file == 0, rows.contains(where: { $0.contains(flip.offset) }) {
                            tally.inRows += 1
                            if verify.status == 0 { tally.missed.append(where_ + " (a register row)") }
                        }
                        if n % 20 == worker {  // ~100 of them: the everyday reads too
                            for args in [["register", "foi", "--ledger", ledger, "--format", "csv"], ["log", "--ledger", ledger]] {
                                let outcome = try Self.run(args)
                                if outcome.crashed { tally.crashes.append("\(args[0]), \(where_): \(outcome.summary)") }
                            }
                        }
                        try Self.restore(path, to: originals[flip.file])
                    }
                    tallies[worker] = tally
                } catch {
                    setupFailures.append("worker \(worker): \(error)")
                }
            }
            #expect(setupFailures.isEmpty, "\(setupFailures)")
            let total = tallies.reduce(into: Tally()) { t, w in
                t.positions += w.positions; t.detected += w.detected; t.undetected += w.undetected; t.inEvents += w.inEvents; t.inRows += w.inRows
                t.crashes += w.crashes; t.missed += w.missed
            }
            print("seeded flips: \(total.positions) positions (\(logFlips) log, \(keystoreFlips) keystore), \(total.detected) detected, \(total.undetected) undetected-harmless, \(total.inEvents) inside events' bytes, \(total.inRows) inside register rows (\(total.missed.count) of these missed), \(total.crashes.count) crashes")
            #expect(total.positions == logFlips + keystoreFlips)
            #expect(total.crashes.isEmpty, "\(total.crashes.prefix(10))")
            #expect(total.missed.isEmpty, "flips inside events' bytes that verify passed: \(total.missed.prefix(10))")
            #expect(total.inEvents > 0)
            #expect(total.inRows > 0)
        }
    }

    /// Replaces the environment's data file by a compacted copy of it.
    static func compact(_ directory: String) throws {
        let copy = directory + ".compact"
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        do {
            let environment = try LMDBEnvironment(path: directory, databases: [], create: false)
            try environment.copy(to: copy, compact: true)
        }
        try FileManager.default.removeItem(atPath: directory + "/data.mdb")
        try? FileManager.default.removeItem(atPath: directory + "/lock.mdb")
        try FileManager.default.moveItem(atPath: copy + "/data.mdb", toPath: directory + "/data.mdb")
        try FileManager.default.removeItem(atPath: copy)
    }

    /// Puts a worker's file back as it was (a command may have written to it).
    static func restore(_ path: String, to bytes: [UInt8]) throws {
        let now = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        if now != bytes { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
    }
}

/// SplitMix64, for seeded damage.
struct SeededBytes: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next() -> UInt64 { next64() }
    mutating func next() -> UInt8 { UInt8(truncatingIfNeeded: next64()) }
}
