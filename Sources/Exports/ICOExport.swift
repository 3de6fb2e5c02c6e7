import Casework
import Crypto
import Foundation
import LedgerStore
import CasebookCore
import Registers
import Witness
import ZIPFoundation

/// What to put in an inspection pack.
public struct ExportRequest: Sendable {
    public var outputDirectory: String
    /// Only cases with an event that occurred on or after / on or before these days (Europe/London).
    public var from: LocalDate?
    public var to: LocalDate?
    /// Only these cases (empty: every case).
    public var cases: [String] = []
    /// Also take every case linked to the chosen ones (wrongful-release links, corrections).
    public var includeLinked = false
    /// The signed checkpoint handed over at the last inspection: the pack then proves the log
    /// was only appended to since.
    public var previousCheckpoint: String?
    /// Also write `<outputDirectory>.zip`.
    public var zip = false
    /// Redacted by default; `.reveal` only for a recipient entitled to the personal data.
    public var access: PersonalDataAccess = .redact
    /// Write a the wrongful-release protocol Step 3 summary for each chosen case (the wrongful-release pack).
    public var caseSummaries = false
    /// The marking printed on the pack (default: the policy's `defaultMarking`); a pack with
    /// unredacted personal data is at least OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL.
    public var marking: SecurityMarking?
    /// Encrypt the pack for this recipient (HPKE, `SealedExport`): the output is one sealed file
    /// (`outputDirectory` with `.hpke` added unless it ends so) and no plaintext pack is left.
    public var recipient: RecipientPublicKey?
    /// The officer chose to hand over unredacted personal data unencrypted (recorded in the
    /// manifest and the README). Without it, or a recipient, such an export is refused.
    public var unencrypted = false
    /// Why the pack is unencrypted, as the manifest and README record it (default: the officer's
    /// `--unencrypted`); the API's download sets its own.
    public var unencryptedReason = "the officer chose --unencrypted"

    public init(outputDirectory: String) { self.outputDirectory = outputDirectory }

    /// The marking the pack carries, or the refusal naming the rule (the data-sharing guidance §5
    /// 'Security': personal data leaves the council marked and encrypted).
    public func effectiveMarking(policy: Policy) throws -> SecurityMarking {
        let chosen = marking ?? policy.defaultMarking
        guard access == .reveal else { return chosen }
        if let marking, marking.classification < .officialSensitive {
            throw ExportError("an export with unredacted personal data is at least OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL (the data-sharing guidance §5 'Security'), not \(marking.text); leave --marking out, give --marking official-sensitive, or redact the personal data")
        }
        return chosen.atLeast(.personalData)
    }

    /// Refuses an unredacted export that would leave unencrypted without the officer saying so.
    public func checkEncryption() throws {
        guard access == .reveal, recipient == nil, !unencrypted else { return }
        throw ExportError("an export with unredacted personal data is encrypted for its recipient (the data-sharing guidance §5 'Security': data transferred electronically is encrypted): give --recipient-key FILE (the recipient makes one with `casebook export keygen`), or say --unencrypted to hand it over in the clear on your own responsibility")
    }

    /// Where the sealed file goes: the output path with `.hpke` added unless it already ends so.
    public var sealedPath: String {
        outputDirectory.hasSuffix("." + SealedExport.fileExtension) ? outputDirectory : outputDirectory + "." + SealedExport.fileExtension
    }
}

public struct ExportSummary: Sendable {
    public var directory: String
    public var zipPath: String?
    public var cases: Int
    public var events: Int
    public var treeSize: UInt64
    public var root: Hash
    public var marking: SecurityMarking = .official
    /// The sealed file, when the pack was encrypted for a recipient (`directory` is then that file).
    public var sealedPath: String?
}

/// Writes the ICO inspection pack described in `Schemas/export/README.md`: registers, case
/// timelines with the exact stored bytes (with every case a row depends on), the inputs the rows
/// are computed with (policy, bank holidays), a fresh signed checkpoint, an inclusion proof for
/// every exported event, optionally a consistency proof from an earlier checkpoint, the
/// standalone verifier, and a manifest of SHA-256 hashes signed with the checkpoint key.
/// Streams case by case; memory does not grow with the log.
public enum ICOExport {
    public static let format = "casebook-export/1"

    public static func write(_ request: ExportRequest, casebook: Casebook, today: LocalDate = LocalDate(Date()),
                             progress: (Int, Int) -> Void = { _, _ in }) throws -> ExportSummary {
        let marking = try request.effectiveMarking(policy: casebook.policy)
        try request.checkEncryption()
        guard let recipient = request.recipient else {
            return try writePack(request, marking: marking, casebook: casebook, today: today, progress: progress)
        }
        // Sealed: the plaintext pack is built and zipped in a private temporary directory, sealed
        // to the recipient's key, and removed; only the sealed file is left.
        let sealed = URL(fileURLWithPath: request.sealedPath)
        guard !FileManager.default.fileExists(atPath: sealed.path) else {
            throw ExportError("\(sealed.path) exists already; choose a new --out so an old sealed pack is never overwritten")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-sealing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: work) }
        var inner = request
        inner.outputDirectory = work.appendingPathComponent("pack").path
        inner.zip = true
        var summary = try writePack(inner, marking: marking, casebook: casebook, today: today, progress: progress)
        _ = try SealedExport.seal(file: URL(fileURLWithPath: summary.zipPath!), to: sealed, recipient: recipient, marking: marking.text)
        summary.directory = sealed.path
        summary.zipPath = nil
        summary.sealedPath = sealed.path
        return summary
    }

    static func writePack(_ request: ExportRequest, marking: SecurityMarking, casebook: Casebook, today: LocalDate,
                          progress: (Int, Int) -> Void) throws -> ExportSummary {
        let ledger = casebook.ledger
        // The pack is signed at its end; with a foreign signing.key, refuse before writing anything.
        try ledger.checkSigningKey()
        let root = URL(fileURLWithPath: request.outputDirectory)
        let pack = try PackWriter(root: root)
        let publicKey = try ledger.publicKey()
        let note = try packCheckpoint(ledger: ledger, publicKey: publicKey)
        let checkpoint = try CheckpointNote.open(note, verifierKey: publicKey)
        let size = checkpoint.size

        var previous: Checkpoint?
        if let earlier = request.previousCheckpoint {
            do { previous = try CheckpointNote.open(earlier, verifierKey: publicKey) } catch {
                throw ExportError("the earlier checkpoint was not signed by this ledger's key (\(error)); it cannot be linked to this pack")
            }
            guard previous!.origin == checkpoint.origin else {
                throw ExportError("the earlier checkpoint is for \(previous!.origin), not this ledger (\(checkpoint.origin))")
            }
            guard previous!.size <= size else {
                throw ExportError("the earlier checkpoint covers \(previous!.size) events but the log has \(size)")
            }
        }

        var exportedCases: [String] = []
        var eventCount = 0
        try ledger.read { log in
            if let previous {
                let proof = try log.consistencyProof(from: previous.size, to: size)
                guard proof.fromRoot == previous.root else {
                    throw ExportError("the log's tree at size \(previous.size) does not match the earlier checkpoint: history was altered since it was signed")
                }
                var o = proof.json.objectValue!
                o["previousCheckpoint"] = .string(request.previousCheckpoint!)
                try pack.write("proofs/consistency.json", JSONValue.object(o).canonicalString + "\n")
            }
            let chosen = try selectCases(request, log: log, size: size)
            let proofs = try pack.open("proofs/inclusion.ndjson")
            for (n, reference) in chosen.enumerated() {
                let events = try log.events(of: reference).filter { $0.position < size }
                if events.isEmpty { continue }
                let timeline = try pack.open("timelines/\(reference).json")
                timeline.write("{\"case\":" + JSONValue.string(reference).canonicalString + ",\"events\":[")
                let voids = voidedMarks(events)
                for (i, e) in events.enumerated() {
                    if i > 0 { timeline.write(",\n") }
                    var item = try entry(e, casebook: casebook, access: request.access)
                    if let mark = voids[e.envelope.eventId], case .object(var o) = item {
                        o["voided"] = mark
                        item = .object(o)
                    }
                    timeline.write(item.canonicalBytes())
                    let proof = try log.inclusionProof(index: e.position, size: size)
                    proofs.write(JSONValue.object([
                        "index": .int(Int64(e.position)), "size": .int(Int64(size)), "leafHash": .string(proof.leafHash.hex),
                        "proof": .array(proof.path.map { .string($0.hex) }),
                    ]).canonicalBytes())
                    proofs.write([0x0A])
                }
                timeline.write("],\"marking\":" + JSONValue.string(marking.text).canonicalString + "}\n")
                try pack.close(timeline)
                if request.caseSummaries {
                    let summary = try CaseSummary.text(reference: reference, events: events, casebook: casebook, access: request.access)
                    try pack.write("summaries/\(reference).txt", "\(marking.text)\n\n\(summary)\n\(marking.text)\n")
                }
                exportedCases.append(reference)
                eventCount += events.count
                progress(n + 1, chosen.count)
            }
            try pack.close(proofs)
        }

        try RegisterExport.write(to: pack, casebook: casebook, cases: Set(exportedCases), throughPosition: size == 0 ? nil : size - 1, today: today, access: request.access,
                                 marking: marking)
        try pack.write("inputs/policy.json", try policyJSON(casebook.policy))
        try pack.write("inputs/bank-holidays.json", bytes: Array(BankHolidayCalendar.bundledFeedJSON))
        try pack.write("verifier/verify-export", bytes: try verifierScript())
        try pack.write("checkpoint.txt", note)
        try pack.write("public-key.txt", publicKey + "\n")
        let cosigners = try witnessKeys(cosigning: note, ledger: ledger)
        if !cosigners.isEmpty { try pack.write("witnesses.txt", cosigners.map { $0 + "\n" }.joined()) }
        let createdAt = Timestamp.now().rfc3339
        try pack.write("README.txt", "\(marking.text)\n\n" + readme(origin: checkpoint.origin, size: size, root: checkpoint.root, cases: exportedCases.count, events: eventCount,
                                            createdAt: createdAt, request: request, previous: previous, marking: marking) + "\(marking.text)\n")
        var manifestObject: JSONObject = [
            "format": .string(format), "origin": .string(checkpoint.origin), "createdAt": .string(createdAt),
            "treeSize": .int(Int64(size)), "files": .object(JSONObject(uniqueKeysWithValues: pack.files.map { (JSONKey($0.key), .string($0.value)) })),
            "marking": .string(marking.text),
        ]
        if request.access == .reveal {
            manifestObject["encryption"] = request.recipient.map { r in
                .object(["scheme": .string("HPKE base DHKEM(X25519, HKDF-SHA256) HKDF-SHA256 AES-256-GCM"), "recipient": .string(r.name),
                         "recipientKeySha256": .string(r.fingerprint)])
            } ?? .string("none: \(request.unencryptedReason) for a pack with unredacted personal data")
        }
        let manifest: JSONValue = .object(manifestObject)
        let manifestBytes = Data((manifest.canonicalString + "\n").utf8)
        try manifestBytes.write(to: root.appendingPathComponent("manifest.json"))
        let signature = try ledger.signNote(body: manifestSignatureBody(origin: checkpoint.origin, size: size, manifest: manifestBytes))
        try Data(signature.utf8).write(to: root.appendingPathComponent(manifestSignatureFile))
        // Executable, so that `verifier/verify-export .` runs it too (the manifest hashes content only).
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.appendingPathComponent("verifier/verify-export").path)

        var zipPath: String?
        if request.zip {
            let zipURL = root.deletingLastPathComponent().appendingPathComponent(root.lastPathComponent + ".zip")
            try? FileManager.default.removeItem(at: zipURL)
            do { try FileManager.default.zipItem(at: root, to: zipURL, shouldKeepParent: false, compressionMethod: .deflate) } catch {
                throw ExportError("writing \(zipURL.path) failed: \(error)")
            }
            zipPath = zipURL.path
        }
        return ExportSummary(directory: root.path, zipPath: zipPath, cases: exportedCases.count, events: eventCount, treeSize: size, root: checkpoint.root,
                             marking: marking)
    }

    /// The signed note over manifest.json (not listed in the manifest, like manifest.json itself).
    public static let manifestSignatureFile = "manifest-signature.txt"

    /// The body of the manifest signature: four lines, the first of which marks it as no checkpoint.
    public static func manifestSignatureBody(origin: String, size: UInt64, manifest: Data) -> String {
        "\(format) manifest\norigin \(origin)\nsize \(size)\nsha256 \(hexDigest(SHA256.hash(data: manifest)))\n"
    }

    /// The policy in force as `casebook policy show` prints it, in canonical JSON.
    static func policyJSON(_ policy: Policy) throws -> String {
        try JSONValue.parse(Array(JSONEncoder().encode(policy))).canonicalString + "\n"
    }

    /// The standalone Python verifier, shipped as a resource of this module.
    static func verifierScript() throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "verify-export", withExtension: nil), let data = try? Data(contentsOf: url) else {
            throw ExportError("the standalone verifier (resource verify-export) is missing from this build of Casebook; reinstall it")
        }
        return Array(data)
    }

    // MARK: Checkpoint and witnesses

    /// The checkpoint the pack is made against: the latest stored one when it covers the whole
    /// log (it carries the witnesses' cosignatures if they cosigned it), else a fresh one.
    static func packCheckpoint(ledger: Ledger, publicKey: String) throws -> String {
        let size = try ledger.size()
        if let stored = try ledger.read({ try $0.latestCheckpoint() }),
           let cp = try? CheckpointNote.open(stored, verifierKey: publicKey), cp.size == size {
            return stored
        }
        return try ledger.checkpoint()
    }

    /// The verifier keys of the ledger's witnesses whose cosignature on `note` verifies (written
    /// to witnesses.txt, so a recipient can check them; a witness that did not cosign is left out).
    static func witnessKeys(cosigning note: String, ledger: Ledger) throws -> [String] {
        let list = try WitnessList.load(ledger: ledger.directory)
        return try list.entries.compactMap { e in
            if case .verified = try e.verifier.check(note: note) { return e.verifier.verifierKey }
            return nil
        }
    }

    /// For each event a `Voided` event of the same case withdrew: the void's reason, who authorised
    /// it and its position, shown on the voided entry (the event itself stays, with its proof).
    static func voidedMarks(_ events: [StoredEvent]) -> [UUID: JSONValue] {
        var marks: [UUID: JSONValue] = [:]
        for e in events where e.envelope.type == EventType.voided.rawValue {
            guard let target = e.envelope.payload["voidsEventId"]?.stringValue.flatMap(UUID.init(uuidString:)) else { continue }
            marks[target] = .object([
                "reason": e.envelope.payload["reason"] ?? .null, "authorisedBy": e.envelope.payload["authorisedBy"] ?? .null,
                "position": .int(Int64(e.envelope.position)),
            ])
        }
        return marks
    }

    /// One timeline entry (see the pack format): coordinates, leaf hash, exact bytes, decoded view.
    static func entry(_ e: StoredEvent, casebook: Casebook, access: PersonalDataAccess) throws -> JSONValue {
        let env = e.envelope
        var view = env.json.objectValue!
        view["payload"] = try casebook.open(env.payload, eventId: env.eventId, access: access)
        return .object([
            "position": .int(Int64(env.position)), "version": .int(Int64(env.version)), "eventId": .string(env.eventId.uuidString.lowercased()),
            "type": .string(env.type), "occurredAt": .string(env.occurredAt.rfc3339), "recordedAt": .string(env.recordedAt.rfc3339),
            "actor": .object(["id": .string(env.actor.id), "role": .string(env.actor.role)]),
            "leafHash": .string(e.leafHash.hex), "bytes": .string(Data(e.bytes).base64EncodedString()), "event": .object(view),
        ])
    }

    /// The cases to export, in reference order.
    static func selectCases(_ request: ExportRequest, log: LogView, size: UInt64) throws -> [String] {
        var chosen: [String] = []
        if request.cases.isEmpty {
            try log.forEachCase { reference, _ in chosen.append(reference); return true }
        } else {
            for reference in request.cases {
                guard try log.head(of: reference) != nil else { throw ExportError("there is no case \(reference) in the ledger") }
                chosen.append(reference)
            }
        }
        if request.includeLinked {
            var all = Set(chosen)
            var frontier = chosen
            while let reference = frontier.popLast() {
                for linked in try CaseLinkHook.linked(to: reference, in: log) where !all.contains(linked) {
                    all.insert(linked)
                    frontier.append(linked)
                }
            }
            chosen = Array(all)
        }
        if request.from != nil || request.to != nil {
            chosen = try chosen.filter { reference in
                try log.events(of: reference).contains { e in
                    let day = LocalDate(e.envelope.occurredAt.date)
                    return (request.from.map { day >= $0 } ?? true) && (request.to.map { day <= $0 } ?? true)
                }
            }
        }
        return try withDependencies(chosen, log: log).sorted()
    }

    /// `chosen` and every case a row of theirs depends on (a breach's wrongful-release link adds
    /// the breach to the FOI request's row), transitively: the pack carries their timelines and
    /// rows, so every row can be recomputed from the pack alone.
    static func withDependencies(_ chosen: [String], log: LogView) throws -> [String] {
        var all = Set(chosen)
        var frontier = chosen
        while let reference = frontier.popLast() {
            for linked in try CaseLinkHook.linked(to: reference, in: log) where !all.contains(linked) {
                guard try log.head(of: linked) != nil else { continue }
                all.insert(linked)
                frontier.append(linked)
            }
        }
        return Array(all)
    }

    static func readme(origin: String, size: UInt64, root: Hash, cases: Int, events: Int, createdAt: String, request: ExportRequest, previous: Checkpoint?,
                       marking: SecurityMarking) -> String {
        """
        CASEBOOK INSPECTION PACK
        ========================

        Ledger:        \(origin)
        Produced:      \(createdAt)
        Log size:      \(size) events (Merkle tree root \(root.hex))
        In this pack:  \(cases) case(s), \(events) event(s)\(request.from.map { "\nPeriod from:   \($0.iso)" } ?? "")\(request.to.map { "\nPeriod to:     \($0.iso)" } ?? "")
        Personal data: \(request.access == .redact ? "redacted (fields holding personal data read \"[redacted]\"; the stored bytes keep them encrypted)" : "included, decrypted, for a recipient entitled to it")
        Marking:       \(marking.text) (every file of this pack; see manifest.json "marking")\(request.access == .reveal ? "\nEncryption:    " + (request.recipient.map { "sealed for \($0.name) (HPKE, RFC 9180; X25519 key SHA-256 \($0.fingerprint))" } ?? "NONE: \(request.unencryptedReason)") : "")

        WHAT IS INSIDE
          registers/        every register as CSV (opens in a spreadsheet) and JSON, with the rows of
                            exactly the cases whose timelines are here; each JSON file says the day
                            ("today") its overdue flags were judged on
          timelines/        one file per case: every event in order (a voided one marked "voided", with the reason), with when it happened
                            (occurredAt), when it was recorded (recordedAt), who did it (actor),
                            the event's exact stored bytes (base64) and its Merkle leaf hash; every
                            case a row depends on (a breach linked to an FOI request) is here too
        \(request.caseSummaries ? "  summaries/        per case: what was requested, who processed and signed it off,\n                    what was released and withheld under which exemption\n" : "")  inputs/           policy.json (the organisation's policy in force) and bank-holidays.json
                            (the calendar the deadlines were computed with): with the timelines,
                            everything needed to recompute every register row
          checkpoint.txt    the log's state when this pack was made, signed (Ed25519) by the ledger
          public-key.txt    the key that checks that signature
          witnesses.txt     if present: the verifier keys of the independent witnesses whose
                            cosignatures (C2SP tlog-cosignature) checkpoint.txt carries
          proofs/           an inclusion proof for every exported event against the checkpoint\(previous.map { "\n                    and a consistency proof from the checkpoint of size \($0.size) handed over\n                    before, showing the log was only appended to since" } ?? "")
          verifier/         verify-export, the standalone verifier (Python 3)
          manifest.json     the SHA-256 of every other file except manifest-signature.txt
          manifest-signature.txt
                            manifest.json's SHA-256 with the log's origin and size, signed with the
                            checkpoint key: no file can be changed, added or removed, even with the
                            manifest recomputed, without this signature failing

        HOW TO VERIFY (no Casebook needed)
          cd into this directory, then:
          python3 verifier/verify-export . --key '<the ledger's published public key>'
        It needs only Python 3 and the 'cryptography' package. Take the key from the
        organisation's published copy, not from public-key.txt alone: anyone altering the pack
        could replace that file too. It checks the manifest and its signature, recomputes every
        event's hash from its bytes, checks each inclusion proof against the signed checkpoint,
        the consistency proof if present, and recomputes every register row from the timelines
        with inputs/. Any altered, added, removed or reordered record or register row makes it fail
        and name the first problem. Anyone with Casebook can run
        `casebook export verify PACK_DIRECTORY`, an independent implementation of the same checks.

        HOW THE HASHES WORK
          leaf = SHA-256(0x00 || stored bytes); node = SHA-256(0x01 || left || right) (RFC 9162).
          Stored bytes are one version byte (0x01) followed by the event as canonical JSON.
          The checkpoint is a C2SP signed note: origin, tree size, base64 root, signature.
          The manifest signature is a C2SP signed note with the same key whose body is four lines:
          "\(format) manifest", "origin <origin>", "size <tree size>", "sha256 <hex of manifest.json>".

        Altering or destroying a record to prevent its disclosure is an offence under section 77
        of the Freedom of Information Act 2000.

        """
    }
}
