import Foundation
import LedgerStore

/// A C2SP `tlog-proof` (v1): offline evidence that one entry is in the log, as seen by the
/// checkpoint inside (with any witnesses' cosignatures).
///
/// Casebook puts the event's exact stored bytes in the `extra` line, so the proof is
/// self-contained: the verifier hashes them into the leaf, which the inclusion proof binds to the
/// signed root (the extra data is not trusted on its own; it is authenticated only through that).
public struct TlogProof: Sendable, Equatable {
    public static let header = "c2sp.org/tlog-proof@v1"
    public var extra: [UInt8]?
    public var index: UInt64
    public var path: [Hash]
    public var note: String

    public init(extra: [UInt8]?, index: UInt64, path: [Hash], note: String) {
        self.extra = extra
        self.index = index
        self.path = path
        self.note = note
    }

    public var text: String {
        var out = TlogProof.header + "\n"
        if let extra { out += "extra \(Data(extra).base64EncodedString())\n" }
        out += "index \(index)\n"
        for h in path { out += Data(h.bytes).base64EncodedString() + "\n" }
        return out + "\n" + note
    }

    public init(parsing text: String) throws(LedgerError) {
        var rest = Substring(text)
        func line() throws(LedgerError) -> Substring {
            guard let nl = rest.firstIndex(of: "\n") else { throw LedgerError(.invalidInput, "the proof ends before its blank line and checkpoint") }
            let l = rest[..<nl]
            rest = rest[rest.index(after: nl)...]
            return l
        }
        guard try line() == TlogProof.header else { throw LedgerError(.invalidInput, "this is not a tlog-proof: the first line must be \(TlogProof.header)") }
        var l = try line()
        var extra: [UInt8]?
        if l.hasPrefix("extra ") {
            guard let d = Data(base64Encoded: String(l.dropFirst(6))) else { throw LedgerError(.invalidInput, "the proof's extra line is not base64") }
            extra = Array(d)
            l = try line()
        }
        guard l.hasPrefix("index "), let index = UInt64(l.dropFirst(6)), String(index) == l.dropFirst(6) else {
            throw LedgerError(.invalidInput, "the proof's index line must be \"index <n>\" in decimal without leading zeroes")
        }
        var path: [Hash] = []
        while true {
            let h = try line()
            if h.isEmpty { break }
            guard path.count < 64, let raw = Data(base64Encoded: String(h)), raw.count == 32 else {
                throw LedgerError(.invalidInput, "inclusion proof line \(path.count + 1) is not a base64 SHA-256 hash")
            }
            path.append(Hash(bytes: Array(raw)))
        }
        guard !rest.isEmpty else { throw LedgerError(.invalidInput, "the proof has no checkpoint after its blank line") }
        self.init(extra: extra, index: index, path: path, note: String(rest))
    }

    /// What a verified proof shows.
    public struct Verified: Sendable {
        public var checkpoint: Checkpoint
        public var leafHash: Hash
        /// The cosigners whose cosignatures verified, with their times.
        public var cosigners: [(name: String, time: UInt64)]
    }

    /// Checks the checkpoint signature against `logKey`, the inclusion of the leaf (from
    /// `entry`, else the extra bytes) at `index`, and every given witness's cosignature: a
    /// witness in `witnessKeys` whose cosignature is missing or does not verify fails the proof.
    public func verify(logKey: String, witnessKeys: [String] = [], entry: [UInt8]? = nil) throws(LedgerError) -> Verified {
        let checkpoint = try CheckpointNote.open(note, verifierKey: logKey)
        guard let bytes = entry ?? extra else { throw LedgerError(.invalidInput, "the proof carries no entry (no extra line); give the event's stored bytes") }
        let leaf = Merkle.leafHash(bytes)
        guard Merkle.verifyInclusion(index: index, size: checkpoint.size, leaf: leaf, proof: path, root: checkpoint.root) else {
            throw LedgerError(.tampered, "the inclusion proof for index \(index) does not verify against the checkpoint root at size \(checkpoint.size): the entry, the proof or the checkpoint was altered")
        }
        let parsed = try SignedNote(note)
        var cosigners: [(String, UInt64)] = []
        for k in witnessKeys {
            let v = try CosignatureVerifier(verifierKey: k)
            switch v.check(body: parsed.body, signatures: parsed.signatures) {
            case .verified(let time): cosigners.append((v.name, time))
            case .forged(let reason): throw LedgerError(.tampered, reason)
            case .absent: throw LedgerError(.tampered, "the checkpoint carries no cosignature by \(v.name)")
            }
        }
        return Verified(checkpoint: checkpoint, leafHash: leaf, cosigners: cosigners)
    }
}

/// Makes tlog-proof files from a ledger.
public enum TlogProofs {
    /// The proof for the event at `position`: its stored bytes as the extra data, the inclusion
    /// path, and the latest stored checkpoint (cosigned, if witnesses cosigned it) when it covers
    /// the event, else a freshly signed one.
    public static func make(ledger: Ledger, position: UInt64) throws -> TlogProof {
        let size = try ledger.size()
        guard position < size else { throw LedgerError(.notFound, "there is no event at position \(position); the log has \(size) event(s)") }
        let key = try ledger.publicKey()
        var note = try ledger.read { try $0.latestCheckpoint() }
        if let n = note, let cp = try? CheckpointNote.open(n, verifierKey: key), cp.size > position {
            note = n
        } else {
            note = try ledger.checkpoint()
        }
        let checkpoint = try CheckpointNote.open(note!, verifierKey: key)
        let (bytes, proof) = try ledger.read { log in (try log.storedBytes(at: position), try log.inclusionProof(index: position, size: checkpoint.size)) }
        return TlogProof(extra: bytes, index: position, path: proof.path, note: note!)
    }
}
