import CanonicalJSON
import Crypto
import Foundation
import ZIPFoundation

/// An export encrypted for its recipient with HPKE (RFC 9180): base mode, DHKEM(X25519,
/// HKDF-SHA256), HKDF-SHA256, AES-256-GCM, to the recipient's X25519 public key. The data-sharing
/// guidance §5 'Security': data transferred electronically is encrypted and carries its marking.
///
/// File layout (`Schemas/export/README.md`, "Sealed packs"):
///
///     casebook-sealed-export v1\n
///     <header: one line of canonical JSON>\n
///     chunk*            each: u32 big-endian ciphertext length ‖ ciphertext (plaintext ≤ chunkSize, + 16-byte tag)
///
/// One HPKE context seals the chunks in order (its sequence number makes each nonce). Each
/// chunk's additional data is SHA-256(the two header lines) ‖ one byte: 0x01 on the last chunk,
/// else 0x00, so a changed header, reordered, dropped or appended chunk, or a cut-off file, fails
/// to open. The HPKE `info` is the first line without its newline.
public enum SealedExport {
    public static let magic = "casebook-sealed-export v1"
    public static let ciphersuite = HPKE.Ciphersuite(kem: .Curve25519_HKDF_SHA256, kdf: .HKDF_SHA256, aead: .AES_GCM_256)
    public static let chunkSize = 1 << 20
    public static let fileExtension = "hpke"

    /// What the header says (besides the HPKE parameters): the marking, who it is for, what is inside.
    public struct Header: Sendable, Equatable {
        public var marking: String
        public var recipient: String
        public var recipientKeySHA256: String
        public var contents: String
        public var encapsulatedKey: Data
        public var chunkSize: Int
    }

    // MARK: Sealing

    /// Encrypts the file at `input` to `output` (which must not exist) for `recipient`.
    public static func seal(file input: URL, to output: URL, recipient: RecipientPublicKey, marking: String, contents: String = "zip") throws -> Header {
        guard !FileManager.default.fileExists(atPath: output.path) else {
            throw ExportError("\(output.path) exists already; choose a new file name so an old sealed pack is never overwritten")
        }
        var sender: HPKE.Sender
        do {
            sender = try HPKE.Sender(recipientKey: recipient.key, ciphersuite: ciphersuite, info: Data(magic.utf8))
        } catch {
            throw ExportError("HPKE could not set up encryption to \(recipient.name)'s key (\(error)); check the recipient key file")
        }
        let header = Header(marking: marking, recipient: recipient.name, recipientKeySHA256: recipient.fingerprint, contents: contents,
                            encapsulatedKey: sender.encapsulatedKey, chunkSize: chunkSize)
        let preamble = Data((magic + "\n" + headerLine(header) + "\n").utf8)
        let headerHash = Data(SHA256.hash(data: preamble))
        guard let reader = FileHandle(forReadingAtPath: input.path) else { throw ExportError("cannot read \(input.path) to encrypt it") }
        defer { try? reader.close() }
        guard FileManager.default.createFile(atPath: output.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let writer = FileHandle(forWritingAtPath: output.path) else {
            throw ExportError("cannot create \(output.path)")
        }
        defer { try? writer.close() }
        writer.write(preamble)
        var current = reader.readData(ofLength: chunkSize)
        while true {
            let next = current.count == chunkSize ? reader.readData(ofLength: chunkSize) : Data()
            let last = next.isEmpty
            let sealed: Data
            do { sealed = try sender.seal(current, authenticating: headerHash + [last ? 1 : 0]) } catch {
                throw ExportError("HPKE encryption failed (\(error))")
            }
            writer.write(Data(withUnsafeBytes(of: UInt32(sealed.count).bigEndian) { Array($0) }) + sealed)
            if last { break }
            current = next
        }
        try writer.synchronize()
        return header
    }

    /// The header as one line of canonical JSON (keys sorted, as every other Casebook JSON file).
    static func headerLine(_ h: Header) -> String {
        JSONValue.object([
            "mode": .string("base"), "kem": .string("DHKEM(X25519, HKDF-SHA256)"), "kdf": .string("HKDF-SHA256"), "aead": .string("AES-256-GCM"),
            "enc": .string(h.encapsulatedKey.base64EncodedString()), "marking": .string(h.marking), "recipient": .string(h.recipient),
            "recipientKeySha256": .string(h.recipientKeySHA256), "contents": .string(h.contents), "chunkSize": .int(Int64(h.chunkSize)),
        ]).canonicalString
    }

    // MARK: Opening

    /// Whether the file at `path` starts with the sealed format's first line (only that much is read).
    public static func isSealed(fileAt path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: magic.utf8.count)).flatMap { $0 }.map { $0.elementsEqual(magic.utf8) } ?? false
    }

    /// Reads the header of a sealed file without decrypting anything (the marking is on the outside).
    public static func header(of data: Data) throws -> (header: Header, bodyOffset: Int, preamble: Data) {
        let bytes = [UInt8](data.prefix(1 << 16))
        guard let firstEnd = bytes.firstIndex(of: 0x0A), String(decoding: bytes[..<firstEnd], as: UTF8.self) == magic else {
            throw ExportError("this is not a sealed Casebook export: it does not start with '\(magic)'")
        }
        guard let secondEnd = bytes[(firstEnd + 1)...].firstIndex(of: 0x0A),
              let object = try? JSONValue.parse(bytes[(firstEnd + 1)..<secondEnd]), object.objectValue != nil else {
            throw ExportError("the sealed export's header (its second line) is not a JSON object; the file is damaged")
        }
        for (field, want) in [("mode", "base"), ("kem", "DHKEM(X25519, HKDF-SHA256)"), ("kdf", "HKDF-SHA256"), ("aead", "AES-256-GCM")] {
            guard object[field]?.stringValue == want else {
                throw ExportError("the sealed export's header says \(field) \(object[field]?.canonicalString ?? "nothing"); this version opens only \(field) \(want)")
            }
        }
        guard let encText = object["enc"]?.stringValue, let enc = Data(base64Encoded: encText), enc.count == 32,
              let chunk = object["chunkSize"]?.intValue, chunk > 0, chunk <= Int32.max else {
            throw ExportError("the sealed export's header has no valid enc (the 32-byte encapsulated key) or chunkSize; the file is damaged")
        }
        let header = Header(marking: object["marking"]?.stringValue ?? "", recipient: object["recipient"]?.stringValue ?? "",
                            recipientKeySHA256: object["recipientKeySha256"]?.stringValue ?? "", contents: object["contents"]?.stringValue ?? "",
                            encapsulatedKey: enc, chunkSize: Int(chunk))
        return (header, secondEnd + 1, Data(bytes[..<(secondEnd + 1)]))
    }

    /// Decrypts a sealed file with the recipient's private key; refuses, naming the problem, a
    /// file for another key, a changed header or chunk, or one cut short.
    public static func open(_ data: Data, with key: RecipientPrivateKey) throws -> (header: Header, plaintext: Data) {
        let (header, offset, preamble) = try header(of: data)
        if !header.recipientKeySHA256.isEmpty && header.recipientKeySHA256 != key.publicKey.fingerprint {
            throw ExportError("this sealed export is for the key with SHA-256 \(header.recipientKeySHA256) (\(header.recipient)), not for \(key.name)'s key (\(key.publicKey.fingerprint)); open it with the private key it was sealed for")
        }
        var recipient: HPKE.Recipient
        do {
            recipient = try HPKE.Recipient(privateKey: key.key, ciphersuite: ciphersuite, info: Data(magic.utf8), encapsulatedKey: header.encapsulatedKey)
        } catch {
            throw ExportError("HPKE could not set up decryption (\(error)); the header's encapsulated key is damaged")
        }
        let headerHash = Data(SHA256.hash(data: preamble))
        var plaintext = Data()
        var at = offset
        var index = 0
        let bytes = [UInt8](data)
        while true {
            guard at + 4 <= bytes.count else {
                throw ExportError("the sealed export ends after chunk \(index) without its last chunk: the file was cut short; ask for it again")
            }
            let length = Int(bytes[at..<(at + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            at += 4
            guard length >= 16, length <= header.chunkSize + 16, at + length <= bytes.count else {
                throw ExportError("chunk \(index + 1) of the sealed export has an impossible length (\(length) bytes); the file is damaged or cut short")
            }
            let sealed = Data(bytes[at..<(at + length)])
            at += length
            let last = at == bytes.count
            do {
                plaintext += try recipient.open(sealed, authenticating: headerHash + [last ? 1 : 0])
            } catch {
                throw ExportError("chunk \(index + 1) of the sealed export does not decrypt: it was changed, the header was changed, chunks were reordered or the file was cut short (HPKE/AES-256-GCM authentication failed). Do not use its contents; ask for the export again")
            }
            index += 1
            if last { break }
        }
        return (header, plaintext)
    }
}

/// A recipient's X25519 public key for sealed exports, read from or written to a key file:
///
///     casebook-recipient-public-key v1
///     <name>
///     <base64 of the 32-byte X25519 public key>
public struct RecipientPublicKey: Sendable {
    public static let format = "casebook-recipient-public-key v1"
    public var name: String
    public var key: Curve25519.KeyAgreement.PublicKey

    public init(name: String, key: Curve25519.KeyAgreement.PublicKey) {
        self.name = name
        self.key = key
    }

    /// The lowercase hex SHA-256 of the raw 32-byte key, recorded in the sealed file's header.
    public var fingerprint: String { hexDigest(SHA256.hash(data: key.rawRepresentation)) }

    public var fileText: String { RecipientKeyFile.text(format: Self.format, name: name, raw: key.rawRepresentation) }

    public static func load(from path: String) throws -> RecipientPublicKey {
        let (name, raw) = try RecipientKeyFile.read(path, format: format, what: "recipient public key")
        do { return RecipientPublicKey(name: name, key: try Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw)) } catch {
            throw ExportError("\(path): the key is not an X25519 public key (\(error)); ask the recipient for the file `casebook export keygen` wrote")
        }
    }
}

/// A recipient's X25519 private key for opening sealed exports (mode 0600):
///
///     casebook-recipient-private-key v1
///     <name>
///     <base64 of the 32-byte X25519 private key>
public struct RecipientPrivateKey: Sendable {
    public static let format = "casebook-recipient-private-key v1"
    public var name: String
    public var key: Curve25519.KeyAgreement.PrivateKey

    public init(name: String, key: Curve25519.KeyAgreement.PrivateKey) {
        self.name = name
        self.key = key
    }

    public var publicKey: RecipientPublicKey { RecipientPublicKey(name: name, key: key.publicKey) }

    public var fileText: String { RecipientKeyFile.text(format: Self.format, name: name, raw: key.rawRepresentation) }

    public static func load(from path: String) throws -> RecipientPrivateKey {
        let (name, raw) = try RecipientKeyFile.read(path, format: format, what: "recipient private key")
        do { return RecipientPrivateKey(name: name, key: try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)) } catch {
            throw ExportError("\(path): the key is not an X25519 private key (\(error))")
        }
    }

    /// Makes a new key pair and writes `<stem>.private` (mode 0600) and `<stem>.public`; refuses
    /// to overwrite either.
    public static func generate(name: String, stem: String) throws -> (privatePath: String, publicPath: String, key: RecipientPrivateKey) {
        guard !name.isEmpty, !name.contains("\n"), name.trimmingCharacters(in: .whitespaces) == name else {
            throw ExportError("the recipient name '\(name)' must be one line without leading or trailing spaces, e.g. ico-inspection-2026")
        }
        let key = RecipientPrivateKey(name: name, key: Curve25519.KeyAgreement.PrivateKey())
        let privatePath = stem + ".private", publicPath = stem + ".public"
        for path in [privatePath, publicPath] where FileManager.default.fileExists(atPath: path) {
            throw ExportError("\(path) exists already; choose another --out so no key is overwritten")
        }
        guard FileManager.default.createFile(atPath: privatePath, contents: Data(key.fileText.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ExportError("cannot write \(privatePath)")
        }
        guard FileManager.default.createFile(atPath: publicPath, contents: Data(key.publicKey.fileText.utf8)) else {
            throw ExportError("cannot write \(publicPath)")
        }
        return (privatePath, publicPath, key)
    }
}

/// The three-line key file both key types share: format, name, base64 of the raw 32-byte key.
enum RecipientKeyFile {
    static func text(format: String, name: String, raw: Data) -> String { "\(format)\n\(name)\n\(raw.base64EncodedString())\n" }

    static func read(_ path: String, format: String, what: String) throws -> (String, Data) {
        guard let data = FileManager.default.contents(atPath: path) else { throw ExportError("cannot read the \(what) file \(path)") }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard lines.count >= 3, lines[0] == format else {
            throw ExportError("\(path) is not a \(what) file: its first line must be '\(format)' (make one with `casebook export keygen`)")
        }
        guard let raw = Data(base64Encoded: lines[2]), raw.count == 32 else {
            throw ExportError("\(path): the third line must be the base64 of a 32-byte X25519 key")
        }
        return (lines[1], raw)
    }
}

/// Unpacking an opened sealed export (its plaintext is the pack's zip archive).
public enum SealedPackFiles {
    /// Writes the zip archive `zip` out as a pack directory at `directory` (new or empty).
    public static func unzip(_ zip: Data, to directory: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: directory)
        if fm.fileExists(atPath: target.path), !((try? fm.contentsOfDirectory(atPath: target.path)) ?? []).isEmpty {
            throw ExportError("\(directory) is not empty; choose a new directory to open the sealed export into")
        }
        let work = fm.temporaryDirectory.appendingPathComponent("casebook-open-\(UUID().uuidString)")
        try fm.createDirectory(at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? fm.removeItem(at: work) }
        let archive = work.appendingPathComponent("pack.zip")
        guard fm.createFile(atPath: archive.path, contents: zip, attributes: [.posixPermissions: 0o600]) else {
            throw ExportError("cannot write a temporary file in \(fm.temporaryDirectory.path)")
        }
        try fm.createDirectory(at: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do { try fm.unzipItem(at: archive, to: target) } catch {
            throw ExportError("the sealed export opened, but what it holds is not a pack archive (\(error))")
        }
    }
}
