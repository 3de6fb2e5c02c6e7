import Foundation
import Testing
@testable import LedgerStore

@Suite("Verification, tampering and checkpoints")
struct VerifyTests {
    /// Appends `count` events over three cases; the event at `markerPosition` carries `marker`
    /// in a payload large enough for LMDB to keep it on overflow pages of its own, which are
    /// written once and never copied, so the marker occurs exactly once in the file.
    func populate(_ ledger: Ledger, count: Int, markerPosition: Int, marker: String) throws {
        var drafts: [EventDraft] = []
        for i in 0..<count {
            var payload: JSONObject = ["i": .int(Int64(i))]
            if i == markerPosition { payload["text"] = .string(marker + String(repeating: "-", count: 5000)) }
            drafts.append(draft(UUID(UInt64(i + 1)), case: "CASE-\(i % 3)", payload: payload))
        }
        for chunk in stride(from: 0, to: count, by: 4) {
            _ = try ledger.appendNow(AppendBatch(events: Array(drafts[chunk..<min(count, chunk + 4)])))
        }
    }

    @Test("verify passes on a good ledger and reports its size and root")
    func verifyGoodLedger() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            let empty = try ledger.verify()
            #expect(empty.ok)
            #expect(empty.size == 0)
            #expect(empty.root == Merkle.emptyRoot)

            try populate(ledger, count: 37, markerPosition: 5, marker: "unused")
            let report = try ledger.verify()
            #expect(report.ok, "\(report.failure?.message ?? "")")
            #expect(report.size == 37)
            #expect(report.root == (try ledger.read { try $0.root(size: 37) }))
            let leaves = try ledger.allEvents().map { ReferenceMerkle.leaf($0.bytes) }
            #expect(report.root.bytes == ReferenceMerkle.root(leaves[...]))
            #expect(report.checkpointSize == nil)

            _ = try ledger.checkpoint()
            let withCheckpoint = try ledger.verify()
            #expect(withCheckpoint.ok)
            #expect(withCheckpoint.checkpointSize == 37)
        }
    }

    @Test("one flipped byte in an event on disk makes verify fail naming that event's position")
    func tamperedEventIsFound() async throws {
        try await withTemporaryLedger { dir in
            let marker = "TAMPER-ME-7f3c9a"
            let markerPosition: UInt64 = 13
            do {
                let ledger = try makeLedger(at: dir)
                try populate(ledger, count: 30, markerPosition: Int(markerPosition), marker: marker)
                #expect(try ledger.verify().ok)
                ledger.close()
            }  // the environment is closed when the last reference goes

            let file = URL(fileURLWithPath: Ledger.logPath(dir) + "/data.mdb")
            var data = try Data(contentsOf: file)
            let occurrences = data.ranges(of: Data(marker.utf8))
            try #require(occurrences.count == 1, "the marker must occur exactly once in data.mdb")
            let target = occurrences[0].lowerBound + 7  // the "M" of "TAMPER-ME"
            data[target] ^= 0x01  // "M" → "L": still valid JSON, different bytes
            try data.write(to: file)

            let reopened = try Ledger.open(at: dir, options: .testing())
            let report = try reopened.verify()
            #expect(!report.ok)
            #expect(report.failure?.position == markerPosition)
            #expect(report.failure?.message.contains("position \(markerPosition)") == true, "\(report.failure?.message ?? "")")
            // The altered event still decodes: only the hashes give it away.
            let altered = try reopened.read { try $0.event(at: markerPosition) }
            #expect(altered.envelope.payload["text"]?.stringValue?.hasPrefix("TAMPER-LE") == true)
        }
    }

    @Test("a checkpoint is a C2SP note that verifies with the ledger's key; altered notes do not")
    func checkpointNotes() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            try populate(ledger, count: 11, markerPosition: 0, marker: "m")
            let note = try ledger.checkpoint()
            let key = try ledger.publicKey()

            let checkpoint = try CheckpointNote.open(note, verifierKey: key)
            #expect(checkpoint.origin == "test.casebook.example/log")
            #expect(checkpoint.size == 11)
            #expect(checkpoint.root == (try ledger.read { try $0.root(size: 11) }))
            #expect(try ledger.read { try $0.latestCheckpoint() } == note)

            // C2SP shape: origin, size, base64 root, blank line, "— name base64(keyID ‖ sig)".
            let lines = note.split(separator: "\n", omittingEmptySubsequences: false)
            try #require(lines.count == 6)
            #expect(lines[0] == "test.casebook.example/log")
            #expect(lines[1] == "11")
            #expect(Data(base64Encoded: String(lines[2])) == Data(checkpoint.root.bytes))
            #expect(lines[3] == "")
            #expect(lines[4].hasPrefix("\u{2014} test.casebook.example/log "))
            #expect(lines[5] == "")
            #expect(key.hasPrefix("test.casebook.example/log+"))

            // A different root (that of size 10), re-encoded in the body.
            let otherRoot = try ledger.read { try $0.root(size: 10) }
            var changed = lines
            changed[2] = Substring(Data(otherRoot.bytes).base64EncodedString())
            await expectLedgerError(.tampered) { try CheckpointNote.open(changed.joined(separator: "\n"), verifierKey: key) }

            // A different size.
            changed = lines
            changed[1] = "12"
            await expectLedgerError(.tampered) { try CheckpointNote.open(changed.joined(separator: "\n"), verifierKey: key) }

            // One byte of the signature (after the 4-byte key id) changed, at several places.
            let sigField = lines[4].split(separator: " ")[2]
            let sig = try #require(Data(base64Encoded: String(sigField)))
            #expect(sig.count == 68)
            for i in [4, 5, 30, 67] {
                var bad = sig
                bad[i] ^= 0x01
                changed = lines
                changed[4] = "\u{2014} test.casebook.example/log \(bad.base64EncodedString())"
                await expectLedgerError(.tampered) { try CheckpointNote.open(changed.joined(separator: "\n"), verifierKey: key) }
            }

            // Another ledger's key does not verify this note.
            try await withTemporaryLedger { otherDir in
                let other = try makeLedger(at: otherDir)
                await expectLedgerError(.tampered) { try CheckpointNote.open(note, verifierKey: try other.publicKey()) }
            }
        }
    }

    @Test("verify fails when the log no longer matches the latest signed checkpoint")
    func checkpointMismatchIsReported() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            try populate(ledger, count: 6, markerPosition: 0, marker: "m")
            _ = try ledger.checkpoint()
            #expect(try ledger.verify().ok)

            // Replace the stored checkpoint with one signed over a different root: a rewrite of history.
            let signer = try CheckpointSigner.load(from: Ledger.signingKeyPath(dir))
            let forged = try signer.sign(Checkpoint(origin: ledger.origin, size: 6, root: Merkle.leafHash([1, 2, 3])))
            try ledger.write { log in try log.transaction.put(ledger.dbs.checkpoints, UInt64(6).bigEndianBytes, Array(forged.utf8)) }
            let report = try ledger.verify()
            #expect(!report.ok)
            #expect(report.failure?.message.contains("checkpoint") == true, "\(report.failure?.message ?? "")")
        }
    }
}
