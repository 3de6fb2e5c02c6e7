import Foundation
import LedgerStore
import Witness

/// Checks a C2SP tlog-proof file offline (`casebook export verify-proof`): the checkpoint's
/// signature by the ledger's key, the inclusion of the event's bytes at the proof's index, and a
/// cosignature by every given witness key.
public enum ProofFileVerifier {
    /// Returns the lines of the report, or throws `ExportVerifier.Failure` naming what failed.
    /// `entry`: the event's stored bytes; nil takes them from the proof's extra line.
    public static func verify(proofText: String, logKey: String, witnessKeys: [String], entry: [UInt8]?) throws(ExportVerifier.Failure) -> [String] {
        let verified: TlogProof.Verified
        let proof: TlogProof
        do {
            proof = try TlogProof(parsing: proofText)
            verified = try proof.verify(logKey: logKey, witnessKeys: witnessKeys, entry: entry)
        } catch { throw ExportVerifier.Failure(error.message) }
        var lines = [
            "checkpoint: signature valid; \(verified.checkpoint.origin), size \(verified.checkpoint.size), root \(verified.checkpoint.root.hex)",
            "inclusion: the event at index \(proof.index) (leaf \(verified.leafHash.hex), bytes \(entry == nil ? "from the proof's extra line" : "given")) is in the tree",
        ]
        for c in verified.cosigners {
            lines.append("witness \(c.name): cosignature verified (made \(Timestamp(milliseconds: Int64(c.time) * 1000).rfc3339))")
        }
        if witnessKeys.isEmpty { lines.append("witnesses: none checked (pass --witness-key to require a witness's cosignature)") }
        return lines
    }
}
