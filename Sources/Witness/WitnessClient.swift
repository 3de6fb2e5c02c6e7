import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LedgerStore

/// How the ledger side reaches a witness: one HTTP POST. Injected so tests can put a witness in
/// the same process.
public protocol WitnessTransport: Sendable {
    /// POSTs `body` to `<url>/add-checkpoint`; returns the status, Content-Type and body.
    func addCheckpoint(url: String, body: String) async throws -> (status: Int, contentType: String?, body: String)
}

/// The transport over HTTP (URLSession), with a timeout so a witness that is down cannot stall a
/// checkpoint.
public struct HTTPWitnessTransport: WitnessTransport {
    public var timeout: TimeInterval
    public init(timeout: TimeInterval = 10) { self.timeout = timeout }

    public func addCheckpoint(url: String, body: String) async throws -> (status: Int, contentType: String?, body: String) {
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        guard let endpoint = URL(string: base + "/add-checkpoint") else { throw LedgerError(.invalidInput, "\(url) is not a URL") }
        var request = URLRequest(url: endpoint, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("text/plain; charset=utf-8", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw LedgerError(.io, "\(endpoint) did not answer over HTTP") }
        return (http.statusCode, http.value(forHTTPHeaderField: "Content-Type"), String(decoding: data, as: UTF8.self))
    }
}

/// What happened with one witness for one checkpoint.
public struct WitnessReport: Sendable {
    public var witness: String
    public var url: String
    /// The verified cosignature line, when the witness cosigned.
    public var cosignature: String?
    /// Why there is no cosignature (the witness was down, refused, or answered something invalid).
    public var problem: String?
    /// Every request sent and answer received, in order, for showing the exchange.
    public var exchanges: [(request: String, status: Int, response: String)] = []
}

/// Asks a ledger's witnesses to cosign a checkpoint and stores the cosigned note.
public enum Witnessing {
    /// Sends `note` (just signed by `ledger`) to every witness in the ledger's list with a
    /// consistency proof from the size that witness last cosigned (on 409, once more from the
    /// size it gives), checks each returned cosignature, appends the valid ones to the note and
    /// stores it with `Ledger.storeCosigned(note:)`. A witness that is down or refuses is
    /// reported; the checkpoint stands without its cosignature. Returns the stored note.
    public static func cosign(note: String, ledger: Ledger, transport: some WitnessTransport = HTTPWitnessTransport()) async throws -> (note: String, reports: [WitnessReport]) {
        var list = try WitnessList.load(ledger: ledger.directory)
        guard !list.entries.isEmpty else { return (note, []) }
        let checkpoint = try CheckpointNote.open(note, verifierKey: try ledger.publicKey())
        var parsed = try SignedNote(note)
        var reports: [WitnessReport] = []
        for i in list.entries.indices {
            let entry = list.entries[i]
            var report = WitnessReport(witness: entry.verifier.name, url: entry.url)
            var old = entry.lastSize > checkpoint.size ? 0 : entry.lastSize
            attempts: for attempt in 0..<2 {
                let proof: [Hash]
                do {
                    proof = old == 0 || old == checkpoint.size ? [] : try ledger.read { try $0.consistencyProof(from: old, to: checkpoint.size).path }
                } catch {
                    report.problem = "no consistency proof from size \(old): \(error)"
                    break
                }
                let body = AddCheckpointRequest(oldSize: old, proof: proof, note: note).body
                let answer: (status: Int, contentType: String?, body: String)
                do { answer = try await transport.addCheckpoint(url: entry.url, body: body) } catch {
                    report.problem = "the witness did not answer (\(error.localizedDescription)); the checkpoint stands unwitnessed by it"
                    break
                }
                report.exchanges.append((body, answer.status, answer.body))
                switch answer.status {
                case 200:
                    let lines = answer.body.split(separator: "\n").map { String($0) + "\n" }
                    let candidate = try SignedNote(parsed.body + "\n" + lines.joined())
                    if case .verified = entry.verifier.check(body: parsed.body, signatures: candidate.signatures),
                       let mine = candidate.signatures.first(where: { $0.name == entry.verifier.name && Array($0.blob.prefix(4)) == entry.verifier.keyID }) {
                        parsed.signatures.removeAll { $0.name == mine.name && Array($0.blob.prefix(4)) == entry.verifier.keyID }
                        parsed.signatures.append(mine)
                        report.cosignature = mine.line
                        list.entries[i].lastSize = checkpoint.size
                    } else {
                        report.problem = "the witness answered 200 but with no valid cosignature by its key; ignored"
                    }
                    break attempts
                case 409 where attempt == 0:
                    guard let size = UInt64(answer.body.trimmingCharacters(in: .whitespacesAndNewlines)), size <= checkpoint.size else {
                        report.problem = "the witness has seen size \(answer.body.trimmingCharacters(in: .whitespacesAndNewlines)), beyond this checkpoint's \(checkpoint.size): it holds a checkpoint this ledger does not (investigate: a fork or a rolled-back ledger)"
                        break attempts
                    }
                    old = size  // the same size is retried too: the witness then compares roots
                default:
                    report.problem = "the witness refused (HTTP \(answer.status)): \(answer.body.trimmingCharacters(in: .whitespacesAndNewlines))"
                    break attempts
                }
            }
            reports.append(report)
        }
        try list.save(ledger: ledger.directory)
        let cosigned = parsed.text
        if reports.contains(where: { $0.cosignature != nil }) { try ledger.storeCosigned(note: cosigned) }
        return (cosigned, reports)
    }
}
