import Crypto
import Foundation
import LedgerStore

/// A witness's Ed25519 key, which cosigns checkpoints as C2SP `tlog-cosignature` v1.
///
/// The key file is `casebook-witness-key v1`, the witness name and the base64 private key, one
/// per line, created with mode 0600. Immutable once loaded; safe to share between threads.
public struct CosignerKey: Sendable {
    public let name: String
    let privateKey: Curve25519.Signing.PrivateKey

    init(name: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.name = name
        self.privateKey = privateKey
    }

    /// The cosigner's note verifier key: `name+hex(keyID)+base64(0x04 ‖ public key)`.
    public var verifierKey: String {
        let raw = privateKey.publicKey.rawRepresentation
        return "\(name)+\(hexString(Cosignature.keyID(name: name, publicKey: raw)))+\(Data([Cosignature.keyType] + raw).base64EncodedString())"
    }

    /// A key from a 32-byte seed (tests and known-answer checks).
    public init(name: String, seed: [UInt8]) throws(LedgerError) {
        try CosignerKey.checkName(name)
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw LedgerError(.invalidInput, "an Ed25519 seed is 32 bytes")
        }
        self.init(name: name, privateKey: key)
    }

    static func checkName(_ name: String) throws(LedgerError) {
        guard !name.isEmpty, !name.contains(where: { $0 == "+" || $0.isWhitespace }) else {
            throw LedgerError(.invalidInput, "a witness name is one word without spaces or '+', e.g. witness.example-council.gov.uk/w1")
        }
    }

    /// Creates a new key file at `path` (mode 0600); refuses to overwrite one.
    public static func create(at path: String, name: String) throws(LedgerError) -> CosignerKey {
        try checkName(name)
        let key = try KeyFile.create(at: path, format: "casebook-witness-key v1", name: name, what: "witness key file",
                                     ifExists: " (is there a witness here already?)")
        return CosignerKey(name: name, privateKey: key)
    }

    public static func load(from path: String) throws(LedgerError) -> CosignerKey {
        let (name, key) = try KeyFile.load(from: path, format: "casebook-witness-key v1",
                                           missing: "the witness key \(path) is missing; create the witness with `casebook witness init --state DIR --name NAME`",
                                           notAKey: "\(path) is not a Casebook witness key file")
        return CosignerKey(name: name, privateKey: key)
    }

    /// The cosignature line over `body` (a checkpoint note body, ending in a newline) at `time`
    /// (POSIX seconds): `— name base64(keyID ‖ u64 BE time ‖ Ed25519 signature)`, newline-terminated.
    public func cosign(body: String, time: UInt64) throws(LedgerError) -> String {
        let signature: Data
        do { signature = try privateKey.signature(for: Cosignature.signedMessage(body: body, time: time)) } catch {
            throw LedgerError(.io, "cosigning the checkpoint failed", cause: error)
        }
        let keyID = Cosignature.keyID(name: name, publicKey: privateKey.publicKey.rawRepresentation)
        return "\u{2014} \(name) \(Data(keyID + time.bigEndianBytes + signature).base64EncodedString())\n"
    }
}
