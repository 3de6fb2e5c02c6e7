import Crypto
import Foundation

/// A checkpoint in the C2SP tlog-checkpoint format: origin, tree size, base64 root.
public struct Checkpoint: Hashable, Sendable {
    public var origin: String
    public var size: UInt64
    public var root: Hash

    public init(origin: String, size: UInt64, root: Hash) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// The note body that is signed: three lines, each ending in a newline.
    public var body: String {
        "\(origin)\n\(size)\n\(Data(root.bytes).base64EncodedString())\n"
    }
}

/// An Ed25519 key that signs checkpoints as C2SP signed notes.
public struct CheckpointSigner: Sendable {
    public let name: String
    let privateKey: Curve25519.Signing.PrivateKey

    public var publicKey: Curve25519.Signing.PublicKey { privateKey.publicKey }

    /// The note verifier key: `name+hex(keyID)+base64(0x01 ‖ public key)` (C2SP signed-note).
    public var verifierKey: String {
        "\(name)+\(hexString(CheckpointSigner.keyID(name: name, publicKey: publicKey.rawRepresentation)))+\(Data([0x01] + publicKey.rawRepresentation).base64EncodedString())"
    }

    /// keyID = first four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key).
    static func keyID(name: String, publicKey: Data) -> [UInt8] {
        var h = SHA256()
        h.update(data: Array(name.utf8) + [0x0A, 0x01])
        h.update(data: publicKey)
        return Array(h.finalize().prefix(4))
    }

    /// Creates a new key file at `path` with mode 0600; refuses to overwrite.
    public static func create(at path: String, name: String) throws(LedgerError) -> CheckpointSigner {
        let key = try KeyFile.create(at: path, format: "casebook-checkpoint-key v1", name: name, what: "signing key file", ifExists: "")
        return CheckpointSigner(name: name, privateKey: key)
    }

    public static func load(from path: String) throws(LedgerError) -> CheckpointSigner {
        let (name, key) = try KeyFile.load(from: path, format: "casebook-checkpoint-key v1",
                                           missing: "the signing key \(path) is missing; the ledger cannot sign checkpoints without it",
                                           notAKey: "the signing key file \(path) is not a Casebook checkpoint key")
        return CheckpointSigner(name: name, privateKey: key)
    }

    /// The signed note: body, blank line, one signature line `— name base64(keyID ‖ signature)`.
    public func sign(_ checkpoint: Checkpoint) throws(LedgerError) -> String {
        try sign(body: checkpoint.body)
    }

    /// A C2SP signed note of any body (lines each ending in a newline) with this key, in the
    /// checkpoint's signature format: used for notes that are not checkpoints, such as an
    /// inspection pack's manifest signature, whose body must not parse as a checkpoint.
    public func sign(body: String) throws(LedgerError) -> String {
        let signature: Data
        do { signature = try privateKey.signature(for: Data(body.utf8)) } catch {
            throw LedgerError(.io, "signing the note failed", cause: error)
        }
        let keyID = CheckpointSigner.keyID(name: name, publicKey: publicKey.rawRepresentation)
        return body + "\n\u{2014} \(name) \(Data(keyID + signature).base64EncodedString())\n"
    }
}

/// Reads and checks C2SP signed checkpoint notes.
public enum CheckpointNote {
    /// Parses a signed note and checks its signature against `verifierKey`
    /// (`name+hexkeyid+base64(0x01‖key)`). Returns the checkpoint, or throws naming the problem.
    public static func open(_ note: String, verifierKey: String) throws(LedgerError) -> Checkpoint {
        let checkpoint = try parse(note)
        _ = try verifiedBody(note, verifierKey: verifierKey, what: "checkpoint")
        return checkpoint
    }

    /// Checks a signed note's signature against `verifierKey` and returns its body (every line
    /// ending in a newline), whatever the body says; `what` names the note in errors.
    public static func verifiedBody(_ note: String, verifierKey: String, what: String = "note") throws(LedgerError) -> String {
        let parts = verifierKey.split(separator: "+", maxSplits: 2).map(String.init)
        guard parts.count == 3, let keyData = Data(base64Encoded: parts[2]), keyData.count == 33, keyData.first == 0x01,
              let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData.dropFirst())
        else { throw LedgerError(.invalidInput, "the public key is not a valid Ed25519 note verifier key") }
        let name = parts[0]
        guard let split = note.range(of: "\n\n") else { throw LedgerError(.invalidInput, "the \(what) has no blank line before its signatures") }
        let body = String(note[..<split.lowerBound]) + "\n"
        let keyID = CheckpointSigner.keyID(name: name, publicKey: publicKey.rawRepresentation)
        var verified = false
        for line in note[split.upperBound...].split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, fields[0] == "\u{2014}", fields[1] == name, let sig = Data(base64Encoded: String(fields[2])), sig.count == 68 else { continue }
            guard Array(sig.prefix(4)) == keyID else { continue }
            if publicKey.isValidSignature(sig.dropFirst(4), for: Data(body.utf8)) { verified = true }
        }
        guard verified else { throw LedgerError(.tampered, "the \(what) signature does not verify with the public key of \(name)") }
        return body
    }

    /// The checkpoint a note states, without checking any signature.
    public static func parse(_ note: String) throws(LedgerError) -> Checkpoint {
        guard let split = note.range(of: "\n\n") else { throw LedgerError(.invalidInput, "the checkpoint has no blank line before its signatures") }
        let body = String(note[..<split.lowerBound]) + "\n"
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3, let size = UInt64(lines[1]), let rootData = Data(base64Encoded: String(lines[2])), rootData.count == 32 else {
            throw LedgerError(.invalidInput, "the checkpoint body is not origin / size / base64 root")
        }
        return Checkpoint(origin: String(lines[0]), size: size, root: Hash(bytes: Array(rootData)))
    }

    /// The signature lines of a note (everything after its blank line), in order.
    static func signatureLines(_ note: String) -> [Substring] {
        guard let split = note.range(of: "\n\n") else { return [] }
        return note[split.upperBound...].split(separator: "\n")
    }
}

/// An Ed25519 private key in a small text file: a format line, the key's name, the base64 raw
/// key, each ending in a newline; mode 0600, written once and fsynced. The checkpoint key and a
/// witness's key are kept this way, each with its own format line.
public enum KeyFile {
    /// Writes a new key to `path`, refusing to overwrite one; `ifExists` is added to the error
    /// when the file cannot be created (e.g. " (is there a witness here already?)").
    public static func create(at path: String, format: String, name: String, what: String, ifExists: String) throws(LedgerError) -> Curve25519.Signing.PrivateKey {
        let key = Curve25519.Signing.PrivateKey()
        let text = "\(format)\n\(name)\n\(key.rawRepresentation.base64EncodedString())\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw LedgerError(.io, "cannot create the \(what) \(path): \(String(cString: strerror(errno)))\(ifExists)") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            throw LedgerError(.io, "cannot write the \(what) \(path): \(String(cString: strerror(errno)))")
        }
        return key
    }

    /// Reads the name and key from `path`: `.notFound` with `missing` when there is no file,
    /// `.corrupted` with `notAKey` when it is not a key file of this format.
    public static func load(from path: String, format: String, missing: String, notAKey: String) throws(LedgerError) -> (name: String, key: Curve25519.Signing.PrivateKey) {
        guard let data = FileManager.default.contents(atPath: path) else { throw LedgerError(.notFound, missing) }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, lines[0] == format, let raw = Data(base64Encoded: String(lines[2])),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw LedgerError(.corrupted, notAKey) }
        return (String(lines[1]), key)
    }
}
