import Foundation
import LedgerStore

/// The body of a C2SP `tlog-witness` add-checkpoint request: `old <size>`, up to 63 base64
/// consistency-proof hashes, a blank line, then the signed checkpoint note.
public struct AddCheckpointRequest: Sendable, Equatable {
    public var oldSize: UInt64
    public var proof: [Hash]
    public var note: String

    /// The most consistency-proof lines a request may carry (tlog-witness).
    public static let maxProofLines = 63

    public init(oldSize: UInt64, proof: [Hash], note: String) {
        self.oldSize = oldSize
        self.proof = proof
        self.note = note
    }

    /// The request body, every line newline-terminated.
    public var body: String {
        "old \(oldSize)\n" + proof.map { Data($0.bytes).base64EncodedString() + "\n" }.joined() + "\n" + note
    }

    /// Parses a request body; throws `.invalidInput` naming what is malformed (HTTP 400).
    public init(parsing bytes: some Collection<UInt8>) throws(LedgerError) {
        guard let text = String(validating: Array(bytes), as: UTF8.self) else { throw LedgerError(.invalidInput, "the request body is not UTF-8 text") }
        var rest = Substring(text)
        func line() throws(LedgerError) -> Substring {
            guard let nl = rest.firstIndex(of: "\n") else { throw LedgerError(.invalidInput, "the request ends before its blank line and checkpoint (every line ends with a newline)") }
            let l = rest[..<nl]
            rest = rest[rest.index(after: nl)...]
            return l
        }
        let first = try line()
        guard first.hasPrefix("old "), let size = UInt64(first.dropFirst(4)), String(size) == first.dropFirst(4) else {
            throw LedgerError(.invalidInput, "the first line must be \"old <size>\" in decimal without leading zeroes, not \"\(first.prefix(40))\"")
        }
        var proof: [Hash] = []
        while true {
            let l = try line()
            if l.isEmpty { break }
            guard proof.count < AddCheckpointRequest.maxProofLines else { throw LedgerError(.invalidInput, "the consistency proof has more than \(AddCheckpointRequest.maxProofLines) lines") }
            guard let raw = Data(base64Encoded: String(l)), raw.count == 32 else { throw LedgerError(.invalidInput, "consistency proof line \(proof.count + 1) is not a base64 SHA-256 hash") }
            proof.append(Hash(bytes: Array(raw)))
        }
        guard !rest.isEmpty else { throw LedgerError(.invalidInput, "the request has no checkpoint after its blank line") }
        self.init(oldSize: size, proof: proof, note: String(rest))
    }
}
