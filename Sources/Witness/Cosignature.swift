import Crypto
import Foundation
import LedgerStore

/// C2SP `tlog-cosignature` v1 over Ed25519: the signed message, key IDs and verification.
public enum Cosignature {
    /// The signature type byte of Ed25519 cosignatures in key IDs and verifier keys.
    public static let keyType: UInt8 = 0x04

    /// keyID = SHA-256(name ‖ "\n" ‖ 0x04 ‖ Ed25519 public key)[:4].
    public static func keyID(name: String, publicKey: some DataProtocol) -> [UInt8] {
        var h = SHA256()
        h.update(data: Array(name.utf8) + [0x0A, keyType])
        h.update(data: Array(publicKey))
        return Array(h.finalize().prefix(4))
    }

    /// "cosignature/v1\ntime <T>\n" followed by the whole note body, final newline included.
    public static func signedMessage(body: String, time: UInt64) -> Data {
        Data("cosignature/v1\ntime \(time)\n\(body)".utf8)
    }
}

/// One trusted cosigner (a witness), parsed from its verifier key `name+hexkeyid+base64(0x04 ‖ key)`.
public struct CosignatureVerifier: Sendable, Hashable {
    public let name: String
    public let keyID: [UInt8]
    public let publicKey: [UInt8]
    public let verifierKey: String

    public init(verifierKey text: String) throws(LedgerError) {
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = key.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[0].isEmpty, let id = Hash.bytes(hex: parts[1]), id.count == 4,
              let raw = Data(base64Encoded: parts[2]), raw.count == 33
        else { throw LedgerError(.invalidInput, "\(key.prefix(80)) is not a witness verifier key (name+keyid+base64 key)") }
        guard raw.first == Cosignature.keyType else {
            throw LedgerError(.invalidInput, "the key \(parts[0]) is not an Ed25519 cosignature key (type 0x04, tlog-cosignature); a log's checkpoint key (type 0x01) cannot verify cosignatures")
        }
        let publicKey = Array(raw.dropFirst())
        guard Cosignature.keyID(name: parts[0], publicKey: publicKey) == id else {
            throw LedgerError(.invalidInput, "the key id \(parts[1]) of \(parts[0]) does not match its name and key: the key was mistyped or altered")
        }
        self.name = parts[0]
        self.keyID = id
        self.publicKey = publicKey
        self.verifierKey = key
    }

    /// What this cosigner's signature lines on a note say.
    public enum Finding: Sendable, Equatable {
        /// A valid cosignature made at `time` (POSIX seconds).
        case verified(time: UInt64)
        /// A line with this cosigner's name and key ID whose signature does not verify.
        case forged(reason: String)
        /// No line with this cosigner's name and key ID.
        case absent
    }

    /// Checks this cosigner's lines on `note`: a forged line wins over a valid one (so a pack that
    /// carries any bad cosignature by a trusted witness fails), then a valid one, else absent.
    public func check(note: String) throws(LedgerError) -> Finding {
        let parsed = try SignedNote(note)
        return check(body: parsed.body, signatures: parsed.signatures)
    }

    func check(body: String, signatures: [SignedNote.Signature]) -> Finding {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return .forged(reason: "the key is not an Ed25519 point") }
        var found: Finding = .absent
        for s in signatures where s.name == name && s.blob.count >= 4 && Array(s.blob.prefix(4)) == keyID {
            guard s.blob.count == 4 + 8 + 64 else { return .forged(reason: "the cosignature by \(name) is \(s.blob.count) bytes, not 76 (key ID, timestamp, Ed25519 signature)") }
            let time = UInt64(bigEndianBytes: s.blob[4..<12])
            guard time <= UInt64(Int64.max) else { return .forged(reason: "the cosignature by \(name) has a timestamp beyond 2^63-1") }
            guard key.isValidSignature(Data(s.blob[12...]), for: Cosignature.signedMessage(body: body, time: time)) else {
                return .forged(reason: "the cosignature by \(name) does not verify over this checkpoint (it was altered, or made for another checkpoint)")
            }
            found = .verified(time: time)
        }
        return found
    }
}

/// A C2SP signed note split into its body and signature lines, without checking any signature.
public struct SignedNote: Sendable {
    public struct Signature: Sendable, Hashable {
        public var name: String
        public var blob: [UInt8]
        /// The whole line, newline-terminated.
        public var line: String
    }
    /// Everything before the blank line, plus one newline: the text that is signed.
    public var body: String
    public var signatures: [Signature]

    public init(_ text: String) throws(LedgerError) {
        guard let split = text.range(of: "\n\n") else { throw LedgerError(.invalidInput, "the note has no blank line between its body and its signatures") }
        body = String(text[..<split.lowerBound]) + "\n"
        let rest = text[split.upperBound...]
        guard rest.isEmpty || rest.hasSuffix("\n") else { throw LedgerError(.invalidInput, "the note's last signature line does not end with a newline") }
        signatures = []
        for line in rest.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 3, fields[0] == "\u{2014}", !fields[1].isEmpty, let blob = Data(base64Encoded: String(fields[2])), blob.count >= 5 else {
                throw LedgerError(.invalidInput, "the note's signature line \"\(line.prefix(40))\" is not '— name base64(signature)'")
            }
            signatures.append(Signature(name: String(fields[1]), blob: Array(blob), line: String(line) + "\n"))
        }
        guard !signatures.isEmpty else { throw LedgerError(.invalidInput, "the note has no signature lines") }
    }

    /// The note text: body, blank line, signature lines.
    public var text: String { body + "\n" + signatures.map(\.line).joined() }
}

extension Hash {
    /// Bytes from an even number of hex digits, or nil.
    static func bytes(hex: String) -> [UInt8]? {
        let u = Array(hex.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < u.count {
            guard let h = hexDigit(u[i]), let l = hexDigit(u[i + 1]) else { return nil }
            out.append(h << 4 | l)
            i += 2
        }
        return out
    }

    private static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }
}
