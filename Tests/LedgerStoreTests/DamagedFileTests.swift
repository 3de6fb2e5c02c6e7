import Crypto
import Foundation
import Testing
@testable import LedgerStore

/// Damaged LMDB files and keystore records are refused with `.corrupted` (in this process:
/// before these checks, several of these crashed it); checkpoints are kept outside the file.
@Suite("Damaged files are refused; checkpoints are kept outside the log")
struct DamagedFileTests {
    func populated(_ dir: String, events: Int = 30) throws -> Ledger {
        let ledger = try makeLedger(at: dir)
        let drafts = (0..<events).map { i in draft(UUID(UInt64(i + 1)), case: "FOI-2026-000\(i % 3)", payload: ["i": .int(Int64(i))]) }
        _ = try ledger.appendNow(AppendBatch(events: drafts))
        return ledger
    }

    func overwrite(_ file: String, at offset: Int, with bytes: [UInt8]) throws {
        let fd = open(file, O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(offset)) } == bytes.count)
    }

    func expectCorrupted(_ body: () throws -> Void, mentioning text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try body()
            Issue.record("expected the damaged file to be refused", sourceLocation: sourceLocation)
        } catch let error as LedgerError {
            #expect(error.code == .corrupted, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains("backup"), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("a log cut short, emptied or with zeroed header pages is refused on open, naming the file")
    func damagedLogIsRefusedOnOpen() async throws {
        try await withTemporaryLedger { dir in
            try populated(dir).close()
            let file = Ledger.logPath(dir) + "/data.mdb"
            let original = try Data(contentsOf: URL(fileURLWithPath: file))
            let cases: [(String, Data, String)] = [
                ("half", original.prefix(original.count / 2), "truncated"),
                ("8192 bytes", original.prefix(8192), "truncated"),
                ("empty", Data(), "empty"),
                ("zeroed header pages", Data(count: 8192) + original.dropFirst(8192), "not a header page"),
            ]
            for (_, damaged, text) in cases {
                try damaged.write(to: URL(fileURLWithPath: file))
                expectCorrupted({ _ = try Ledger.open(at: dir, options: .testing()) }, mentioning: text)
                expectCorrupted({ _ = try Ledger.open(at: dir, options: .testing()) }, mentioning: file)
            }
            try FileManager.default.removeItem(atPath: file)
            expectCorrupted({ _ = try Ledger.open(at: dir, options: .testing()) }, mentioning: "missing")
            try original.write(to: URL(fileURLWithPath: file))
            let reopened = try Ledger.open(at: dir, options: .testing())
            #expect(try reopened.verify().ok)
            reopened.close()
        }
    }

    @Test("the page walk finds a damaged branch or leaf page header and an entry that points outside its page")
    func pageWalkFindsDamagedPages() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try populated(dir, events: 400)
            ledger.close()
            let file = Ledger.logPath(dir) + "/data.mdb"
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            try LMDBDataFile.walkEveryPage(file)
            let pages = original.count / 4096
            var damagedHeaders = 0
            var damagedOffsets = 0
            for page in 2..<pages {
                let flags = UInt16(original[page * 4096 + 10]) | UInt16(original[page * 4096 + 11]) << 8
                guard flags == LMDBDataFile.pageBranch || flags == LMDBDataFile.pageLeaf else { continue }
                // The page number in its header, then the first entry's offset.
                var bytes = original
                bytes[page * 4096] ^= 0x40
                try Data(bytes).write(to: URL(fileURLWithPath: file))
                if (try? LMDBDataFile.walkEveryPage(file)) == nil { damagedHeaders += 1 }
                bytes = original
                bytes[page * 4096 + 17] ^= 0x80
                try Data(bytes).write(to: URL(fileURLWithPath: file))
                if (try? LMDBDataFile.walkEveryPage(file)) == nil { damagedOffsets += 1 }
            }
            try Data(original).write(to: URL(fileURLWithPath: file))
            // Every page of the current tree is reached; pages only in freed copies are not.
            #expect(damagedHeaders > 10)
            #expect(damagedOffsets == damagedHeaders)
        }
    }

    @Test("a keystore record of the wrong length is refused, never trapped on")
    func damagedKeystoreRecordIsRefused() async throws {
        try await withTemporaryLedger { root in
            let path = root + "/keystore"
            do {
                let keystore = try Keystore.open(at: path, create: true)
                _ = try keystore.key(for: "subj-a", create: true)
                _ = try keystore.subjectId(forIdentity: "a@example.org", create: true)
            }
            do {
                let env = try LMDBEnvironment(path: path, databases: ["keys", "identities"], create: false)
                try env.write { txn in
                    try txn.put(env.database("keys"), Array("subj-a".utf8), [1, 2, 3])
                    var hashes: [[UInt8]] = []
                    try txn.scan(env.database("identities")) { k, _ in hashes.append(Array(k)); return true }
                    for h in hashes { try txn.put(env.database("identities"), h, [0xFF, 0x00, 0x0A]) }
                }
            }
            let keystore = try Keystore.open(at: path, create: false)
            expectCorrupted({ _ = try keystore.key(for: "subj-a", create: false) }, mentioning: "3 bytes, not 32")
            expectCorrupted({ _ = try keystore.subjectId(forIdentity: "a@example.org", create: false) }, mentioning: "unreadable subject id")
        }
    }

    @Test("every checkpoint is also written to checkpoints/; a cosigned note replaces it there and in the log")
    func checkpointsAreKeptOutsideTheLog() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try populated(dir, events: 5)
            defer { ledger.close() }
            let note = try ledger.checkpoint()
            let external = CheckpointDirectory(ledger: dir)
            #expect(try external.sizes() == [5])
            #expect(try external.note(size: 5) == note)

            let witness = Curve25519.Signing.PrivateKey()
            let body = String(note[..<note.range(of: "\n\n")!.lowerBound]) + "\n"
            let cosignature = "\u{2014} witness.example " + Data([1, 2, 3, 4] + (try witness.signature(for: Data(body.utf8)))).base64EncodedString() + "\n"
            try ledger.storeCosigned(note: note + cosignature)
            #expect(try external.note(size: 5) == note + cosignature)
            #expect(try ledger.read { try $0.latestCheckpoint() } == note + cosignature)
            // Signing again at the same size keeps the cosigned note.
            #expect(try ledger.checkpoint() == note + cosignature)
            #expect(try external.note(size: 5) == note + cosignature)
            #expect(try ledger.verify().ok)

            // A note that drops the ledger's own signature, or states another tree, is refused.
            #expect(throws: LedgerError.self) { try ledger.storeCosigned(note: body + "\n" + cosignature) }
            let other = note.replacingOccurrences(of: "\n5\n", with: "\n4\n")
            #expect(throws: LedgerError.self) { try ledger.storeCosigned(note: other) }
            #expect(try external.note(size: 5) == note + cosignature)
        }
    }

    @Test("a log smaller than the latest external checkpoint refuses appends and fails verify")
    func truncatedLogIsNoticed() async throws {
        try await withTemporaryLedger { dir in
            let older = dir + "-older.mdb"
            defer { try? FileManager.default.removeItem(atPath: older) }
            do {
                let ledger = try populated(dir, events: 3)
                _ = try ledger.checkpoint()
                ledger.close()
            }
            try FileManager.default.copyItem(atPath: Ledger.logPath(dir) + "/data.mdb", toPath: older)
            do {
                let ledger = try Ledger.open(at: dir, options: .testing())
                _ = try ledger.appendNow(AppendBatch(events: [draft(UUID(UInt64(99)), case: "FOI-2026-0009", payload: [:])]))
                _ = try ledger.checkpoint()
                ledger.close()
            }
            try FileManager.default.removeItem(atPath: Ledger.logPath(dir) + "/data.mdb")
            try FileManager.default.copyItem(atPath: older, toPath: Ledger.logPath(dir) + "/data.mdb")
            let ledger = try Ledger.open(at: dir, options: .testing())
            defer { ledger.close() }
            let report = try ledger.verify()
            #expect(report.failure?.message.contains("truncated or rolled back") == true, "\(report.failure?.message ?? "passed")")
            #expect(throws: LedgerError.self) {
                _ = try ledger.appendNow(AppendBatch(events: [draft(UUID(UInt64(100)), case: "FOI-2026-0009", payload: [:])]))
            }
            #expect(try ledger.size() == 3)
        }
    }
}
