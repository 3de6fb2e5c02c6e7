import Foundation
import LedgerStore
import Testing
@testable import Witness

@Suite("The ledger's witnesses: cosigning checkpoints, tlog-proof files")
struct WitnessingTests {
    @Test("two checkpoints with appends between are cosigned; the stored note carries the cosignature; a down witness is reported")
    func cosignTwice() async throws {
        try await withTemporaryDirectories { ledgerDir, witnessDir in
            let (ledger, witness) = try await makeLedgerAndWitness(ledgerDir: ledgerDir, witnessDir: witnessDir, events: 4)
            defer { ledger.close() }
            var list = WitnessList()
            try list.add(url: "http://w1.test", key: witness.key.verifierKey)
            let down = try CosignerKey(name: "down.example/w", seed: Array(repeating: 3, count: 32))
            try list.add(url: "http://down.test", key: down.verifierKey)
            try list.save(ledger: ledgerDir)
            let transport = InProcessTransport(witnesses: ["http://w1.test": witness])

            let first = try await Witnessing.cosign(note: try ledger.checkpoint(), ledger: ledger, transport: transport)
            #expect(first.reports.count == 2)
            #expect(first.reports[0].cosignature != nil)
            #expect(first.reports[1].cosignature == nil)
            #expect(first.reports[1].problem?.contains("did not answer") == true)
            try append(3, to: ledger)
            let second = try await Witnessing.cosign(note: try ledger.checkpoint(), ledger: ledger, transport: transport)
            #expect(second.reports[0].exchanges.count == 1)
            #expect(second.reports[0].exchanges[0].request.hasPrefix("old 4\n"))
            let stored = try #require(try ledger.read { try $0.latestCheckpoint() })
            #expect(stored == second.note)
            let verifier = try CosignatureVerifier(verifierKey: witness.key.verifierKey)
            #expect(try verifier.check(note: stored) == .verified(time: fixedTime))
            #expect(try CheckpointNote.open(stored, verifierKey: try ledger.publicKey()).size == 7)
            #expect(try WitnessList.load(ledger: ledgerDir).entries.map(\.lastSize) == [7, 0])
            // The ledger's own verify still accepts the cosigned checkpoint.
            #expect(try ledger.verify().failure == nil)
        }
    }

    @Test("a witness that knows a later size than the ledger remembers answers 409; the retry from its size is cosigned")
    func retryOnConflict() async throws {
        try await withTemporaryDirectories { ledgerDir, witnessDir in
            let (ledger, witness) = try await makeLedgerAndWitness(ledgerDir: ledgerDir, witnessDir: witnessDir, events: 5)
            defer { ledger.close() }
            #expect(witness.addCheckpoint(try request(ledger, old: 0)).status == 200)  // cosigned behind the list's back
            var list = WitnessList()
            try list.add(url: "http://w1.test", key: witness.key.verifierKey)
            try list.save(ledger: ledgerDir)
            try append(2, to: ledger)
            let result = try await Witnessing.cosign(note: try ledger.checkpoint(), ledger: ledger, transport: InProcessTransport(witnesses: ["http://w1.test": witness]))
            #expect(result.reports[0].exchanges.map(\.status) == [409, 200])
            #expect(result.reports[0].exchanges[1].request.hasPrefix("old 5\n"))
            #expect(result.reports[0].cosignature != nil)
        }
    }

    @Test("tlog-proof: round trip, verifies with the ledger and witness keys; tampering fails it")
    func tlogProof() async throws {
        try await withTemporaryDirectories { ledgerDir, witnessDir in
            let (ledger, witness) = try await makeLedgerAndWitness(ledgerDir: ledgerDir, witnessDir: witnessDir, events: 9)
            defer { ledger.close() }
            var list = WitnessList()
            try list.add(url: "http://w1.test", key: witness.key.verifierKey)
            try list.save(ledger: ledgerDir)
            _ = try await Witnessing.cosign(note: try ledger.checkpoint(), ledger: ledger, transport: InProcessTransport(witnesses: ["http://w1.test": witness]))
            let logKey = try ledger.publicKey()
            let wKey = witness.key.verifierKey
            let proof = try TlogProofs.make(ledger: ledger, position: 6)
            #expect(proof.text.hasPrefix("c2sp.org/tlog-proof@v1\nextra "))
            let parsed = try TlogProof(parsing: proof.text)
            #expect(parsed == proof)
            let verified = try parsed.verify(logKey: logKey, witnessKeys: [wKey])
            #expect(verified.checkpoint.size == 9)
            #expect(verified.cosigners.map(\.name) == ["witness.example/w1"])
            #expect(verified.leafHash == (try ledger.read { try $0.leafHash(at: 6) }))

            // Another event's bytes, a flipped path hash, another index, a forged cosignature.
            let other = try ledger.read { try $0.storedBytes(at: 5) }
            #expect(throws: LedgerError.self) { try parsed.verify(logKey: logKey, entry: other) }
            var flipped = parsed
            var b = flipped.path[0].bytes
            b[31] ^= 1
            flipped.path[0] = Hash(bytes: b)
            #expect(throws: LedgerError.self) { try flipped.verify(logKey: logKey) }
            var moved = parsed
            moved.index = 7
            #expect(throws: LedgerError.self) { try moved.verify(logKey: logKey) }
            var forged = parsed
            var note = try SignedNote(forged.note)
            var blob = note.signatures[1].blob
            blob[20] ^= 1
            note.signatures[1].line = "\u{2014} \(note.signatures[1].name) \(Data(blob).base64EncodedString())\n"
            forged.note = note.text
            #expect(throws: LedgerError.self) { try forged.verify(logKey: logKey, witnessKeys: [wKey]) }
            #expect(throws: LedgerError.self) { try TlogProof(parsing: "c2sp.org/tlog-proof@v2\nindex 0\n\nx\n") }
            // Without the witness key required, the log signature and inclusion still verify.
            #expect(try forged.verify(logKey: logKey).cosigners.isEmpty)
        }
    }
}
