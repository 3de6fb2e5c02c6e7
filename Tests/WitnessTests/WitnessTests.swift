import Foundation
import LedgerStore
import Testing
@testable import Witness

@Suite("Witness: add-checkpoint (C2SP tlog-witness)")
struct WitnessTests {
    @Test("cosigns a first checkpoint and a consistent later one; the cosignature verifies")
    func cosignsConsistent() async throws {
        try await withTemporaryDirectories { ledgerDir, witnessDir in
            let (ledger, witness) = try await makeLedgerAndWitness(ledgerDir: ledgerDir, witnessDir: witnessDir, events: 5)
            defer { ledger.close() }
            let first = try request(ledger, old: 0)
            let outcome = witness.addCheckpoint(body: Array(first.body.utf8))
            guard case .cosigned(let line) = outcome else { Issue.record("expected a cosignature, got \(outcome)"); return }
            #expect(outcome.status == 200)
            let verifier = try CosignatureVerifier(verifierKey: witness.key.verifierKey)
            #expect(try verifier.check(note: first.note + line) == .verified(time: fixedTime))
            #expect(try witness.latestCosigned(origin: ledger.origin)?.size == 5)

            try append(6, to: ledger)
            let second = try request(ledger, old: 5)
            #expect(!second.proof.isEmpty)
            #expect(witness.addCheckpoint(second).status == 200)
            #expect(try witness.latestCosigned(origin: ledger.origin)?.size == 11)
            // The same checkpoint again (old size = its size, same root) is cosigned again.
            #expect(witness.addCheckpoint(AddCheckpointRequest(oldSize: 11, proof: [], note: second.note)).status == 200)
        }
    }

    @Test("refuses a proof that does not verify (422) and keeps its state")
    func refusesInconsistent() async throws {
        try await withTemporaryDirectories { ledgerDir, witnessDir in
            let (ledger, witness) = try await makeLedgerAndWitness(ledgerDir: ledgerDir, witnessDir: witnessDir, events: 3)
            defer { ledger.close() }
            #expect(witness.addCheckpoint(try request(ledger, old: 0)).status == 200)
            try append(4, to: ledger)
            var r = try request(ledger, old: 3)
            var bad = r.proof[0].bytes
            bad[0] ^= 0x01
            r.proof[0] = Hash(bytes: bad)
            let outcome = witness.addCheckpoint(r)
            #expect(outcome == .inconsistent(from: 3, to: 7))
            #expect(outcome.status == 422)
            r.proof = []
            #expect(witness.addCheckpoint(r).status == 422)
            #expect(try witness.latestCosigned(origin: ledger.origin)?.size == 3)
        }
    }

    @Test("refuses a rolled-back checkpoint and a stale old size (409 with its size); a larger old size is 400")
    func refusesRollback() async throws {
        try await withTemporaryDirectories { ledgerDir, witnessDir in
            let (ledger, witness) = try await makeLedgerAndWitness(ledgerDir: ledgerDir, witnessDir: witnessDir, events: 4)
            defer { ledger.close() }
            let small = try request(ledger, old: 0)
            try append(4, to: ledger)
            #expect(witness.addCheckpoint(try request(ledger, old: 0)).status == 200)
            // Rolled back: the size-4 checkpoint after the witness cosigned size 8.
            let rolled = witness.addCheckpoint(small)
            #expect(rolled == .conflict(8))
            #expect(rolled.status == 409)
            #expect(rolled.contentType == "text/x.tlog.size")
            #expect(rolled.body == "8\n")
            // The same size again with the same root is cosigned; an old size beyond the checkpoint is 400.
            let note = try ledger.checkpoint()
            #expect(witness.addCheckpoint(AddCheckpointRequest(oldSize: 8, proof: [], note: note)).status == 200)
            #expect(witness.addCheckpoint(AddCheckpointRequest(oldSize: 9, proof: [], note: note)).status == 400)
            // The same size with another root, signed by the log's own key, is a fork: 409.
            let signer = try CheckpointSigner.load(from: Ledger.signingKeyPath(ledgerDir))
            let fork = try signer.sign(Checkpoint(origin: ledger.origin, size: 8, root: Hash(bytes: Array(repeating: 0xAB, count: 32))))
            #expect(witness.addCheckpoint(AddCheckpointRequest(oldSize: 8, proof: [], note: fork)) == .conflict(8))
            #expect(try witness.latestCosigned(origin: ledger.origin)?.root == (try ledger.read { try $0.root(size: 8) }))
        }
    }

    @Test("refuses a checkpoint whose signature does not verify (403) and an unknown origin (404)")
    func refusesSignatureAndOrigin() async throws {
        try await withTemporaryDirectories { ledgerDir, witnessDir in
            let (ledger, witness) = try await makeLedgerAndWitness(ledgerDir: ledgerDir, witnessDir: witnessDir, events: 2)
            defer { ledger.close() }
            let good = try request(ledger, old: 0)
            // Another root, under the ledger's name: the signature no longer covers the body.
            let lines = good.note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var forged = lines
            forged[1] = "3"
            let forgedRequest = AddCheckpointRequest(oldSize: 0, proof: [], note: forged.joined(separator: "\n"))
            #expect(witness.addCheckpoint(forgedRequest).status == 403)

            // A log the witness was never told to trust.
            let stranger = try CheckpointSigner.create(at: ledgerDir + "/stranger.key", name: "stranger.example/log")
            let note = try stranger.sign(Checkpoint(origin: "stranger.example/log", size: 0, root: Merkle.emptyRoot))
            let outcome = witness.addCheckpoint(AddCheckpointRequest(oldSize: 0, proof: [], note: note))
            #expect(outcome.status == 404)
            #expect(outcome == .unknownOrigin("stranger.example/log"))
            #expect(try witness.latestCosigned(origin: ledger.origin) == nil)
        }
    }

    @Test("malformed request bodies are 400 and name the problem", arguments: [
        "", "old 01\n\nx\n", "old 1\nnot base64!\n\nx\n", "new 1\n\nx\n", "old 0\n", "old 0\n\n",
    ])
    func malformed(body: String) async throws {
        try await withTemporaryDirectories { ledgerDir, witnessDir in
            let (ledger, witness) = try await makeLedgerAndWitness(ledgerDir: ledgerDir, witnessDir: witnessDir, events: 1)
            defer { ledger.close() }
            let outcome = witness.addCheckpoint(body: Array(body.utf8))
            #expect(outcome.status == 400)
            #expect(outcome.body.hasPrefix("malformed add-checkpoint request: "))
        }
    }

    @Test("a request round-trips through its body; more than 63 proof lines is refused")
    func requestBody() throws {
        let h = Hash(bytes: Array(repeating: 7, count: 32))
        let r = AddCheckpointRequest(oldSize: 20852014, proof: [h, h], note: "o\n1\nAAAA\n\n— o AAAA\n")
        #expect(try AddCheckpointRequest(parsing: Array(r.body.utf8)) == r)
        #expect(r.body.hasPrefix("old 20852014\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n"))
        let long = AddCheckpointRequest(oldSize: 1, proof: Array(repeating: h, count: 64), note: "o\n")
        #expect(throws: LedgerError.self) { try AddCheckpointRequest(parsing: Array(long.body.utf8)) }
    }

    @Test("concurrent requests for one origin: exactly one wins from the same old size")
    func concurrent() async throws {
        try await withTemporaryDirectories { ledgerDir, witnessDir in
            let (ledger, witness) = try await makeLedgerAndWitness(ledgerDir: ledgerDir, witnessDir: witnessDir, events: 3)
            defer { ledger.close() }
            #expect(witness.addCheckpoint(try request(ledger, old: 0)).status == 200)
            // Many checkpoints of different sizes, each with a valid proof from size 3.
            var requests: [AddCheckpointRequest] = []
            for _ in 0..<16 {
                try append(1, to: ledger)
                requests.append(try request(ledger, old: 3))
            }
            let statuses = await withTaskGroup(of: Int.self) { group in
                for r in requests { group.addTask { witness.addCheckpoint(r).status } }
                var out: [Int] = []
                for await s in group { out.append(s) }
                return out
            }
            #expect(statuses.filter { $0 == 200 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == 15)
            let winner = try #require(try witness.latestCosigned(origin: ledger.origin))
            #expect(winner.size > 3)
            #expect(winner.root == (try ledger.read { try $0.root(size: winner.size) }))
        }
    }

    @Test("the state survives reopening (it is persisted before the answer)")
    func persisted() async throws {
        try await withTemporaryDirectories { ledgerDir, witnessDir in
            let ledger: Ledger
            do {
                let (l, witness) = try await makeLedgerAndWitness(ledgerDir: ledgerDir, witnessDir: witnessDir, events: 2)
                ledger = l
                #expect(witness.addCheckpoint(try request(ledger, old: 0)).status == 200)
            }
            defer { ledger.close() }
            let reopened = try Witness(directory: witnessDir)
            #expect(try reopened.trustedLogs().map(\.size) == [2])
            #expect(reopened.addCheckpoint(try request(ledger, old: 0)) == .conflict(2))
        }
    }
}
