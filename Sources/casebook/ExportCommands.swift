import ArgumentParser
import Casework
import Exports
import Foundation
import LedgerStore
import CasebookCore
import Registers

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Inspection packs the recipient can verify without Casebook.",
        subcommands: [ICO.self, Case.self, Verify.self, VerifyProof.self, Keygen.self, Open.self])

    /// `--marking`, `--recipient-key` and `--unencrypted`, shared by `export ico` and `export case`.
    struct SealingOptions: ParsableArguments {
        @Option(help: ArgumentHelp(
            "The security marking: official or official-sensitive, optionally with ,personal-and-confidential (default: the policy's defaultMarking).",
            discussion: "A pack with unredacted personal data is at least OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL (the data-sharing guidance §5 'Security')."))
        var marking: String?
        @Option(help: "Encrypt the pack for this recipient (their public key file from `casebook export keygen`): writes OUT.hpke and no plaintext pack.")
        var recipientKey: String?
        @Flag(help: "Hand over unredacted personal data unencrypted, on your own responsibility (recorded in the manifest and README).")
        var unencrypted = false

        func validate() throws {
            if let marking {
                do { _ = try SecurityMarking(parsing: marking) } catch { throw ValidationError("--marking: \(error.message)") }
            }
            if recipientKey != nil && unencrypted { throw ValidationError("give --recipient-key or --unencrypted, not both") }
        }

        /// Sets the request's marking and encryption; `ICOExport.write` refuses a lower marking or
        /// a missing key for unredacted data before it writes anything.
        func apply(to request: inout ExportRequest) throws {
            request.marking = try marking.map { try SecurityMarking(parsing: $0) }
            request.unencrypted = unencrypted
            if let recipientKey {
                do { request.recipient = try RecipientPublicKey.load(from: recipientKey) } catch { throw CLIFailure("--recipient-key: \(error)") }
            }
        }
    }

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Make an X25519 key pair for receiving sealed exports: OUT.private (mode 0600, keep it) and OUT.public (send it to the council).")
        @Option(help: "The file stem: writes STEM.private and STEM.public.") var out: String
        @Option(help: "Who the key is for, e.g. ico-inspection-2026 (default: the file name).") var name: String?

        func run() async throws {
            let stem = out
            let label = name ?? URL(fileURLWithPath: stem).lastPathComponent
            do {
                let made = try RecipientPrivateKey.generate(name: label, stem: stem)
                print("Wrote \(made.privatePath) (keep it secret; it opens exports sealed for you) and \(made.publicPath) (send it to the council).")
                print("Key SHA-256: \(made.key.publicKey.fingerprint)")
            } catch let e as ExportError { throw CLIFailure(e.description) }
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open", abstract: "Decrypt a sealed export (PACK.hpke) with the recipient's private key into a pack directory.")
        @Argument(help: "The sealed file.") var file: String
        @Option(help: "The recipient's private key file (from `casebook export keygen`).") var recipientPrivateKey: String
        @Option(help: "Where to unpack it (must be new or empty).") var out: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIFailure("cannot read \(file)") }
            do {
                let key = try RecipientPrivateKey.load(from: recipientPrivateKey)
                let (header, zip) = try SealedExport.open(data, with: key)
                try SealedPackFiles.unzip(zip, to: out)
                print("\(header.marking)")
                print("Opened \(file) into \(out); check it with `casebook export verify \(out)`.")
            } catch let e as ExportError { throw CLIFailure(e.description) }
        }
    }

    struct ICO: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ico", abstract: "Write an ICO inspection pack: registers, timelines, signed checkpoint, proofs, manifest.")
        @OptionGroup var options: LedgerOptionGroup
        @Option(help: "Output directory (must be new or empty).") var out: String
        @Option(help: "Only cases with an event on or after this day (YYYY-MM-DD).") var from: String?
        @Option(help: "Only cases with an event on or before this day.") var to: String?
        @Option(name: .customLong("case"), help: "Only this case (repeatable).") var cases: [String] = []
        @Option(help: "The checkpoint file handed over last time: adds a consistency proof from it.") var sinceCheckpoint: String?
        @Flag(help: "Also write OUT.zip for hand-over.") var zip = false
        @Flag(inversion: .prefixedNo, help: "Blank personal fields in the decoded views and registers (default on; the hashed bytes stay as stored).") var redactPersonal = true
        @OptionGroup var sealing: SealingOptions

        func run() async throws {
            var request = ExportRequest(outputDirectory: out)
            request.from = try from.map { try parseDayOption($0, "--from") }
            request.to = try to.map { try parseDayOption($0, "--to") }
            request.cases = cases
            request.zip = zip
            request.access = redactPersonal ? .redact : .reveal
            try sealing.apply(to: &request)
            if let sinceCheckpoint {
                guard let text = FileManager.default.contents(atPath: sinceCheckpoint) else { throw CLIFailure("cannot read \(sinceCheckpoint)") }
                request.previousCheckpoint = String(decoding: text, as: UTF8.self)
            }
            try await write(request, ledgerPath: options.path)
        }
    }

    struct Case: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "case",
            abstract: "A wrongful-release pack for one case and everything linked to it (the wrongful-release protocol Step 3).")
        @OptionGroup var options: LedgerOptionGroup
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "Output directory (must be new or empty).") var out: String
        @Flag(help: "Also write OUT.zip.") var zip = false
        @Flag(inversion: .prefixedNo, help: "Blank personal fields (default on).") var redactPersonal = true
        @OptionGroup var sealing: SealingOptions

        func run() async throws {
            var request = ExportRequest(outputDirectory: out)
            request.cases = [reference]
            request.includeLinked = true
            request.caseSummaries = true
            request.zip = zip
            request.access = redactPersonal ? .redact : .reveal
            try sealing.apply(to: &request)
            try await write(request, ledgerPath: options.path)
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check a pack (directory or zip): manifest and its signature, checkpoint, hashes, proofs, and every register row recomputed from the timelines.")
        @Argument(help: "The pack directory or zip.") var pack: String
        @Option(help: "The ledger's published verifier key, or a file holding it (default: the pack's public-key.txt, which proves only that the pack agrees with itself).")
        var key: String?
        @Option(help: "For a sealed pack (PACK.hpke): the recipient's private key file, to open it before checking.")
        var recipientPrivateKey: String?

        /// The key as given, or read from the file it names.
        var verifierKey: String? {
            guard let key else { return nil }
            if !key.contains("+"), let data = FileManager.default.contents(atPath: key) { return String(decoding: data, as: UTF8.self) }
            return key
        }

        func run() async throws {
            do {
                let report = try ExportVerifier.verify(pack, key: verifierKey, recipientPrivateKey: recipientPrivateKey)
                for line in report.lines { print(line) }
                print("OK: \(report.cases) case(s), \(report.events) event(s) verified against \(report.origin) at size \(report.treeSize)")
            } catch {
                print("FAILED: \(error)")
                throw ExitCode(1)
            }
        }
    }

    struct VerifyProof: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-proof",
            abstract: "Check a tlog-proof file (`casebook proof inclusion --format tlog-proof`): the ledger's signature, the event's inclusion, the witnesses' cosignatures.")
        @Argument(help: "The .tlog-proof file.") var file: String
        @Option(help: "The ledger's checkpoint verifier key, or a file holding it.") var key: String
        @Option(help: "A witness verifier key (or file) whose cosignature is required (repeatable).") var witnessKey: [String] = []
        @Option(help: "The event's exact stored bytes (default: the proof's extra line).") var eventBytes: String?

        func run() async throws {
            func keyText(_ k: String) throws -> String {
                guard FileManager.default.fileExists(atPath: k) else { return k }
                guard let d = FileManager.default.contents(atPath: k) else { throw CLIFailure("cannot read \(k)") }
                return String(decoding: d, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard let proof = FileManager.default.contents(atPath: file) else { throw CLIFailure("cannot read \(file)") }
            var entry: [UInt8]?
            if let eventBytes {
                guard let d = FileManager.default.contents(atPath: eventBytes) else { throw CLIFailure("cannot read \(eventBytes)") }
                entry = Array(d)
            }
            do {
                let lines = try ProofFileVerifier.verify(proofText: String(decoding: proof, as: UTF8.self), logKey: try keyText(key),
                                                         witnessKeys: try witnessKey.map(keyText), entry: entry)
                for line in lines { print(line) }
                print("OK")
            } catch let failure as ExportVerifier.Failure {
                print("FAILED: \(failure)")
                throw ExitCode(1)
            }
        }
    }

    static func write(_ request: ExportRequest, ledgerPath: String) async throws {
        let casebook = try Casebook.open(at: ledgerPath)
        defer { casebook.close() }
        let summary: ExportSummary
        do {
            summary = try ICOExport.write(request, casebook: casebook) { done, total in
            if total >= 50 && (done % 50 == 0 || done == total) {
                FileHandle.standardError.write(Data(ProgressBar.line(done: UInt64(done), total: UInt64(total)).utf8))
            }
            }
        } catch let e as ExportError { throw CLIFailure(e.description) }
        FileHandle.standardError.write(Data("\n".utf8))
        print("Wrote \(summary.directory): \(summary.cases) case(s), \(summary.events) event(s), checkpoint at size \(summary.treeSize) (root \(summary.root.hex)).")
        if let z = summary.zipPath { print("Archive: \(z)") }
        if let s = summary.sealedPath { print("Sealed for \(request.recipient?.name ?? "the recipient") (HPKE, X25519/AES-256-GCM): \(s); no plaintext pack was left.") }
        print("Marking: \(summary.marking.text)")
    }
}
