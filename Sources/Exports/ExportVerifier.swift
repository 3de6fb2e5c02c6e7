import Casework
import Crypto
import Foundation
import LedgerStore
import Registers
import Witness
import ZIPFoundation

/// Checks an inspection pack the way its recipient would, independently of the ledger that
/// wrote it: the manifest and its signature, the checkpoint signature, every event's bytes and
/// hash, every inclusion proof, the consistency proof, and every register row recomputed from the
/// pack's timelines and inputs. Stops at the first failure.
public enum ExportVerifier {
    public struct Report: Sendable {
        public var origin: String
        public var treeSize: UInt64
        public var root: String
        public var cases: Int
        public var events: Int
        public var registers: Int
        public var consistencyFrom: UInt64?
        public var lines: [String]
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    /// Verifies the pack directory or zip archive at `path`. `key` is the ledger's published
    /// verifier key (`name+keyid+base64`); without it the pack's own public-key.txt is used, which
    /// proves only that the pack is consistent with itself.
    public static func verify(_ path: String, key: String? = nil, recipientPrivateKey: String? = nil) throws(Failure) -> Report {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw Failure("\(path) does not exist") }
        if isDir.boolValue { return try verifyDirectory(URL(fileURLWithPath: path), key: key) }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        guard SealedExport.isSealed(fileAt: path) else {
            do { try FileManager.default.unzipItem(at: URL(fileURLWithPath: path), to: tmp) } catch {
                throw Failure("\(path) is neither a pack directory nor a readable zip archive (\(error))")
            }
            return try verifyDirectory(tmp, key: key)
        }
        guard let recipientPrivateKey else {
            throw Failure("\(path) is a sealed export (encrypted for its recipient); give --recipient-private-key FILE to open it")
        }
        let marking: String
        do {
            guard let data = FileManager.default.contents(atPath: path) else { throw ExportError("cannot read \(path)") }
            let (header, zip) = try SealedExport.open(data, with: try RecipientPrivateKey.load(from: recipientPrivateKey))
            marking = header.marking
            try SealedPackFiles.unzip(zip, to: tmp.path)
        } catch { throw Failure("sealed: \(error)") }
        var report = try verifyDirectory(tmp, key: key)
        report.lines.insert("sealed: opened with the recipient's key (HPKE, X25519/AES-256-GCM); marked \(marking)", at: 0)
        return report
    }

    static func read(_ root: URL, _ rel: String) throws(Failure) -> Data {
        guard let d = FileManager.default.contents(atPath: root.appendingPathComponent(rel).path) else { throw Failure("\(rel) is missing") }
        return d
    }

    static func json(_ data: Data, _ rel: String) throws(Failure) -> JSONValue {
        do { return try JSONValue.parse(Array(data)) } catch { throw Failure("\(rel) is not valid JSON: \(error)") }
    }

    static func verifyDirectory(_ root: URL, key givenKey: String?) throws(Failure) -> Report {
        var lines: [String] = []
        // 1. Manifest.
        let manifestBytes = try read(root, "manifest.json")
        let manifest = try json(manifestBytes, "manifest.json")
        guard let files = manifest["files"]?.objectValue, let origin = manifest["origin"]?.stringValue,
              let treeSize = manifest["treeSize"]?.intValue, treeSize >= 0, manifest["format"]?.stringValue == ICOExport.format
        else { throw Failure("manifest.json is not a \(ICOExport.format) manifest") }
        var present: Set<String> = []
        if let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in e where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                present.insert(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
            }
        }
        present.remove("manifest.json")
        present.remove(ICOExport.manifestSignatureFile)
        for extra in present.sorted() where files[extra] == nil { throw Failure("manifest: \(extra) is in the pack but not in the manifest (a file was added)") }
        for (name, digest) in files.sorted(by: { $0.key < $1.key }) {
            let rel = name.string
            guard present.contains(rel) else { throw Failure("manifest: \(rel) is listed but missing from the pack (a file was removed)") }
            guard let expected = digest.stringValue, hexDigest(SHA256.hash(data: try read(root, rel))) == expected else {
                throw Failure("manifest: \(rel) does not match its SHA-256 (the file was changed)")
            }
        }
        lines.append("manifest: \(files.count) files match their SHA-256")

        // 2. The manifest's signature: only the key holder can vouch for the manifest's hashes.
        let packKey = String(decoding: try read(root, "public-key.txt"), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let key = givenKey?.trimmingCharacters(in: .whitespacesAndNewlines) ?? packKey
        let signatureFile = ICOExport.manifestSignatureFile
        guard let signatureData = FileManager.default.contents(atPath: root.appendingPathComponent(signatureFile).path) else {
            throw Failure("signature: \(signatureFile) is missing, so nothing vouches for manifest.json's hashes (the pack was made by an older Casebook, or the signature was removed)")
        }
        let body: String
        do { body = try CheckpointNote.verifiedBody(String(decoding: signatureData, as: UTF8.self), verifierKey: key) } catch {
            throw Failure("signature: \(signatureFile): \(error.message)")
        }
        if body != ICOExport.manifestSignatureBody(origin: origin, size: UInt64(treeSize), manifest: manifestBytes) {
            let signedLines = body.split(separator: "\n").map(String.init)
            guard signedLines.count == 4, signedLines[0] == "\(ICOExport.format) manifest" else {
                throw Failure("signature: \(signatureFile) does not sign a \(ICOExport.format) manifest")
            }
            guard signedLines[1] == "origin \(origin)", signedLines[2] == "size \(treeSize)" else {
                throw Failure("signature: \(signatureFile) is for \(signedLines[1]) \(signedLines[2]), but the pack is for origin \(origin) size \(treeSize)")
            }
            throw Failure("signature: manifest.json is not the manifest that was signed (its SHA-256 differs from \(signatureFile)): the manifest was changed after the pack was made")
        }
        lines.append("signature: manifest.json signed with the checkpoint key")

        // 3. Checkpoint: signed with the same key, for the origin and size the manifest (and so its signature) names.
        let checkpoint: Checkpoint
        do { checkpoint = try CheckpointNote.open(String(decoding: try read(root, "checkpoint.txt"), as: UTF8.self), verifierKey: key) } catch let e as LedgerError {
            throw Failure("checkpoint.txt: \(e.message)")
        } catch { throw Failure("checkpoint.txt: \(error)") }
        guard checkpoint.origin == origin, checkpoint.size == UInt64(treeSize) else {
            throw Failure("checkpoint.txt is for \(checkpoint.origin) size \(checkpoint.size), the manifest says \(origin) size \(treeSize)")
        }
        lines.append("checkpoint: signature valid; \(origin), size \(checkpoint.size), root \(checkpoint.root.hex)")
        lines.append(contentsOf: try verifyCosignatures(root, present: present))

        // 4. Timelines.
        var leaves: [UInt64: Hash] = [:]
        var cases = 0
        var caseEvents: [CaseEvent] = []
        var references: Set<String> = []
        for rel in present.sorted() where rel.hasPrefix("timelines/") && rel.hasSuffix(".json") {
            let doc = try json(try read(root, rel), rel)
            guard let reference = doc["case"]?.stringValue, let events = doc["events"]?.arrayValue else { throw Failure("\(rel) is not a timeline") }
            guard rel == "timelines/\(reference).json" else { throw Failure("\(rel) holds case \(reference)") }
            var lastPosition: Int64 = -1
            for (i, entry) in events.enumerated() {
                let whereText = "\(rel) event \(i + 1)"
                guard let b64 = entry["bytes"]?.stringValue, let bytes = Data(base64Encoded: b64), bytes.first == EventEnvelope.formatVersion else {
                    throw Failure("\(whereText): the stored bytes are missing or not format 1")
                }
                let decoded = try json(bytes.dropFirst(), whereText)
                guard decoded.canonicalBytes().elementsEqual(bytes.dropFirst()) else { throw Failure("\(whereText): the bytes are not canonical JSON") }
                for k in ["position", "version", "eventId", "type", "occurredAt", "recordedAt", "actor"] where decoded[k] != entry[k] {
                    throw Failure("\(whereText): \(k) differs from the stored bytes")
                }
                guard decoded["case"]?.stringValue == reference else { throw Failure("\(whereText): the stored bytes belong to another case") }
                guard let position = decoded["position"]?.intValue, position > lastPosition else {
                    throw Failure("\(whereText): positions are out of order (events were reordered)")
                }
                lastPosition = position
                guard decoded["version"]?.intValue == Int64(i + 1) else { throw Failure("\(whereText): version \(decoded["version"]?.intValue ?? -1) is out of sequence (events were reordered or removed)") }
                let leaf = Merkle.leafHash(bytes)
                guard entry["leafHash"]?.stringValue == leaf.hex else { throw Failure("\(whereText): the leaf hash does not match the bytes (the event was altered)") }
                guard let view = entry["event"], matches(view: view, stored: decoded) else {
                    throw Failure("\(whereText): the decoded event does not match its stored bytes")
                }
                leaves[UInt64(position)] = leaf
                do { caseEvents.append(CaseEvent(StoredEvent(envelope: try EventEnvelope(storedBytes: bytes), bytes: Array(bytes)))) } catch {
                    throw Failure("\(whereText): the stored bytes are not an event envelope (\(error.message))")
                }
            }
            cases += 1
            references.insert(reference)
        }
        lines.append("timelines: \(cases) case(s), \(leaves.count) event(s); every hash recomputed from its bytes")

        // 5. Inclusion proofs.
        let proofsText = String(decoding: try read(root, "proofs/inclusion.ndjson"), as: UTF8.self)
        var proven: Set<UInt64> = []
        for (n, line) in proofsText.split(separator: "\n").enumerated() {
            let p = try json(Data(line.utf8), "proofs/inclusion.ndjson line \(n + 1)")
            guard let index = p["index"]?.intValue, let size = p["size"]?.intValue, let leafHex = p["leafHash"]?.stringValue,
                  let leaf = Hash(hex: leafHex), let path = p["proof"]?.arrayValue?.map({ $0.stringValue.flatMap(Hash.init(hex:)) }), !path.contains(where: { $0 == nil })
            else { throw Failure("proofs/inclusion.ndjson line \(n + 1) is malformed") }
            guard let expected = leaves[UInt64(index)] else { throw Failure("proofs/inclusion.ndjson line \(n + 1): position \(index) is not an exported event") }
            guard expected == leaf else { throw Failure("proofs/inclusion.ndjson line \(n + 1): leaf hash for position \(index) differs from the timeline") }
            guard UInt64(size) == checkpoint.size, Merkle.verifyInclusion(index: UInt64(index), size: UInt64(size), leaf: leaf, proof: path.map { $0! }, root: checkpoint.root) else {
                throw Failure("inclusion proof for position \(index) does not verify against the checkpoint root")
            }
            proven.insert(UInt64(index))
        }
        if let missing = leaves.keys.sorted().first(where: { !proven.contains($0) }) { throw Failure("no inclusion proof for position \(missing)") }
        lines.append("inclusion proofs: \(proven.count) verify against the signed root")

        // 6. Consistency.
        var from: UInt64?
        if present.contains("proofs/consistency.json") {
            let c = try json(try read(root, "proofs/consistency.json"), "proofs/consistency.json")
            guard let note = c["previousCheckpoint"]?.stringValue, let m = c["from"]?.intValue, let n = c["to"]?.intValue,
                  let fr = c["fromRoot"]?.stringValue.flatMap(Hash.init(hex:)), let tr = c["toRoot"]?.stringValue.flatMap(Hash.init(hex:)),
                  let path = c["proof"]?.arrayValue?.compactMap({ $0.stringValue.flatMap(Hash.init(hex:)) })
            else { throw Failure("proofs/consistency.json is malformed") }
            let previous: Checkpoint
            do { previous = try CheckpointNote.open(note, verifierKey: key) } catch { throw Failure("consistency: the earlier checkpoint does not verify with this ledger's key") }
            guard previous.size == UInt64(m), previous.root == fr, UInt64(n) == checkpoint.size, tr == checkpoint.root,
                  Merkle.verifyConsistency(from: UInt64(m), to: UInt64(n), firstRoot: fr, secondRoot: tr, proof: path)
            else { throw Failure("consistency proof from size \(m) to \(n) does not verify: the log was not only appended to") }
            from = UInt64(m)
            lines.append("consistency: the log at size \(n) extends the earlier checkpoint at size \(m)")
        }

        // 7. Registers, recomputed from the timelines with the pack's inputs.
        let registers = try RegisterCheck.verify(root: root, present: present, events: caseEvents, cases: references)
        lines.append("registers: \(registers.registers) register(s), \(registers.rows) row(s) recomputed from the timelines and inputs/; every row and CSV line matches")
        return Report(origin: origin, treeSize: checkpoint.size, root: checkpoint.root.hex, cases: cases, events: leaves.count, registers: registers.registers, consistencyFrom: from, lines: lines)
    }

    // MARK: Witness cosignatures

    /// Checks every cosignature on checkpoint.txt by a witness listed in witnesses.txt (one
    /// verifier key a line, C2SP tlog-cosignature Ed25519): each listed witness must have a
    /// cosignature that verifies over the checkpoint body. A pack without witnesses.txt carries
    /// none; signature lines by keys not listed are ignored, as C2SP signed-note requires.
    static func verifyCosignatures(_ root: URL, present: Set<String>) throws(Failure) -> [String] {
        guard present.contains("witnesses.txt") else { return ["witnesses: none (the checkpoint carries no cosignature a recipient can check)"] }
        let note = String(decoding: try read(root, "checkpoint.txt"), as: UTF8.self)
        let keys = String(decoding: try read(root, "witnesses.txt"), as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        guard !keys.isEmpty else { throw Failure("witnesses.txt lists no witness key") }
        var lines: [String] = []
        for key in keys {
            let verifier: CosignatureVerifier
            let finding: CosignatureVerifier.Finding
            do {
                verifier = try CosignatureVerifier(verifierKey: key)
                finding = try verifier.check(note: note)
            } catch { throw Failure("witnesses.txt: \(error.message)") }
            switch finding {
            case .verified(let time):
                lines.append("witness \(verifier.name): cosignature verified (made \(Timestamp(milliseconds: Int64(time) * 1000).rfc3339))")
            case .forged(let reason):
                throw Failure("checkpoint.txt: \(reason)")
            case .absent:
                throw Failure("checkpoint.txt carries no cosignature by \(verifier.name), which witnesses.txt lists")
            }
        }
        return lines
    }

    /// The decoded view equals the stored envelope, except where the stored value is sealed
    /// personal data, which the view may show sealed, redacted, erased or decrypted.
    static func matches(view: JSONValue, stored: JSONValue) -> Bool {
        if FieldSealing.isSealed(stored) { return true }
        switch (view, stored) {
        case (.object(let a), .object(let b)):
            guard Set(a.keys) == Set(b.keys) else { return false }
            return a.allSatisfy { k, v in matches(view: v, stored: b[k]!) }
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { matches(view: $0, stored: $1) }
        default:
            return view == stored
        }
    }
}

/// RFC 4180 well-formedness: quotes balanced, every record has the header's field count.
enum CSVCheck {
    static func wellFormed(_ text: String) -> Bool {
        var counts: [Int] = []
        var fields = 1
        var inQuotes = false
        var chars = Array(text.unicodeScalars)
        if chars.last != "\n" { chars.append("\n") }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { i += 1 } else { inQuotes = false }
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                fields += 1
            } else if c == "\n" {
                counts.append(fields)
                fields = 1
            } else if c == "\r" {
                // part of CRLF
            }
            i += 1
        }
        return !inQuotes && !counts.isEmpty && counts.allSatisfy { $0 == counts[0] }
    }
}
