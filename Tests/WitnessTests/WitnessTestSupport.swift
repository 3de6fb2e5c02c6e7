import Foundation
import LedgerStore
@testable import Witness

/// Runs `body` with two fresh directory paths (a ledger's and a witness's), removed afterwards.
func withTemporaryDirectories<T>(_ body: (_ ledger: String, _ witness: String) async throws -> T) async throws -> T {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-witness-tests-\(UUID().uuidString.lowercased())", isDirectory: true)
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: base) }
    return try await body(base.appendingPathComponent("ledger").path, base.appendingPathComponent("witness").path)
}

let fixedTime: UInt64 = 1_767_605_400

/// A ledger with `count` events and a witness that trusts it.
func makeLedgerAndWitness(ledgerDir: String, witnessDir: String, events count: Int) async throws -> (Ledger, Witness) {
    var options = LedgerOptions()
    options.clock = { Timestamp(milliseconds: 1_767_605_400_000) }
    let ledger = try Ledger.create(at: ledgerDir, origin: "casebook.example-council.gov.uk/log", options: options)
    try append(count, to: ledger)
    let witness = try Witness.create(at: witnessDir, name: "witness.example/w1", clock: { fixedTime })
    try witness.trust(logKey: try ledger.publicKey())
    return (ledger, witness)
}

nonisolated(unsafe) private var counter: UInt64 = 0
private let counterLock = NSLock()

func append(_ count: Int, to ledger: Ledger) throws {
    guard count > 0 else { return }
    let drafts = (0..<count).map { _ -> EventDraft in
        counterLock.lock()
        counter += 1
        let n = counter
        counterLock.unlock()
        return EventDraft(eventId: UUID(), stream: "FOI-2026-000\(n % 3 + 1)", type: "NoteAdded", occurredAt: Timestamp(milliseconds: 1_767_600_000_000),
                          actor: Actor(id: "officer-1", role: "officer"), payload: .object(["n": .int(Int64(n))]))
    }
    _ = try ledger.appendNow(AppendBatch(events: drafts))
}

/// The add-checkpoint request for the ledger's current tree, with a proof from `old`.
func request(_ ledger: Ledger, old: UInt64) throws -> AddCheckpointRequest {
    let note = try ledger.checkpoint()
    let size = try ledger.size()
    let proof = old == 0 || old == size ? [] : try ledger.read { try $0.consistencyProof(from: old, to: size).path }
    return AddCheckpointRequest(oldSize: old, proof: proof, note: note)
}

/// A transport that hands the request straight to an in-process witness.
struct InProcessTransport: WitnessTransport {
    let witnesses: [String: Witness]
    func addCheckpoint(url: String, body: String) async throws -> (status: Int, contentType: String?, body: String) {
        guard let w = witnesses[url] else { throw URLError(.cannotConnectToHost) }
        let outcome = w.addCheckpoint(body: Array(body.utf8))
        return (outcome.status, outcome.contentType, outcome.body)
    }
}
