import ArgumentParser
import Foundation
import Casework
import LedgerStore
import Witness
import CasebookCore
import Registers

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a ledger and its checkpoint signing key; you (your login name) become its first user.",
        discussion: rolesDiscussion)
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "The log's origin name, printed in every checkpoint.") var origin: String = "casebook.local/log"
    @Option(help: "A policy file (JSON, see Schemas/policy.schema.json); default: the built-in policy.") var policy: String?
    @Option(name: .customLong("role"), help: "Your roles as the first user (repeat for several; one must be admin). Default: admin and officer.")
    var roles: [Role] = []

    /// The first user's roles: as given, else admin and officer.
    var firstUserRoles: [Role] { roles.isEmpty ? [.admin, .officer] : roles }

    func validate() throws {
        do throws(CasebookError) { _ = try LedgerUser.validatedName(OSUser.name) } catch {
            throw ValidationError("your login name cannot name a user of a ledger: \(error.message); run `casebook init` as a user whose login name can")
        }
        guard firstUserRoles.contains(.admin) else {
            throw ValidationError("the first user of a ledger needs role admin, or nobody could add users afterwards; add --role admin")
        }
    }

    func run() async throws {
        var chosen = Policy.default
        if let policy {
            guard let data = FileManager.default.contents(atPath: policy) else { throw CLIFailure("cannot read the policy file \(policy)") }
            do { chosen = try Policy.load(from: data) } catch { throw CLIFailure("the policy file \(policy) is invalid: \(error)") }
        }
        let casebook = try Casebook.create(at: options.path, origin: origin, policy: chosen)
        defer { casebook.close() }
        let user = try casebook.addUser(OSUser.name, roles: firstUserRoles, by: OSUser.name)
        print("Created a ledger at \(options.path) (origin \(origin)) for \(chosen.organisationName).")
        print("Checkpoint public key: \(try casebook.ledger.publicKey())")
        print("First user: \(user.name) (roles: \(roleList(user.roles))); add others with `casebook user add NAME --role ROLE`.")
    }
}

struct AppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append events from NDJSON (one event per line) in one transaction: all lines or none.",
        discussion: """
            Every line is checked (catalogue, expected versions, lifecycle rules) and the whole input is stored in one \
            transaction, or nothing is. Run an interrupted input again and the lines already stored are recognised by \
            their event ids (give every line an eventId) and only the rest is appended.
            """)
    @OptionGroup var options: LedgerOptionGroup
    @Argument(help: "NDJSON file, or - for standard input.") var file: String = "-"

    func run() async throws {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: file) else { throw CLIFailure("cannot read \(file)") }
            data = d
        }
        let casebook = try Casebook.open(at: options.path)
        defer { casebook.close() }
        let results = try await casebook.record(ndjson: Array(data), as: OSUser.name)
        var out = ""
        for r in results {
            out += JSONValue.object([
                "position": .int(Int64(r.position)), "case": .string(r.stream),
                "version": .int(Int64(r.version)), "eventId": .string(r.eventId.uuidString.lowercased()),
            ]).canonicalString + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

struct TimelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "timeline", abstract: "A case's events in order, with when they happened and when they were recorded.")
    @OptionGroup var options: LedgerOptionGroup
    @Argument(help: "The case reference, e.g. FOI-2026-0001.") var caseReference: String
    @Option(help: "table; json (one document: the reference and its events, Schemas/timeline.schema.json); or ndjson (one event per line)") var format: TimelineFormat = .table
    @Flag(help: "Show personal data decrypted (default: redacted).") var personalData = false
    @Option(help: "Show the timeline as it stood at this log position.") var asOfPosition: UInt64?
    @Option(help: "Show the timeline as recorded by the end of this day (YYYY-MM-DD, Europe/London).") var asOf: String?

    func validate() throws {
        if let asOf { _ = try dayArgument(asOf, "--as-of") }
        if asOfPosition != nil && asOf != nil { throw ValidationError("give --as-of-position or --as-of, not both") }
    }

    func run() async throws {
        let casebook = try Casebook.open(at: options.path)
        defer { casebook.close() }
        let recordedBy = try asOf.map { text throws in try endOfDay(text, option: "--as-of") }
        let entries = try casebook.timeline(caseReference, throughPosition: asOfPosition, recordedBy: recordedBy, access: personalData ? .reveal : .redact)
        guard !entries.isEmpty else { throw CLIFailure("no case \(caseReference) in the ledger" + (asOfPosition == nil && asOf == nil ? "" : " at that point")) }
        switch format {
        case .json:
            printJSON(TimelineEntry.document(reference: (try? CaseReference(caseReference).rawValue) ?? caseReference, entries))
        case .ndjson:
            for e in entries { printJSON(e.json) }
        case .table:
            var rows = [["ver", "pos", "occurred", "recorded", "type", "actor", "note"]]
            for e in entries {
                rows.append([String(e.version), String(e.position), e.occurredAt.rfc3339, e.recordedAt.rfc3339, e.type, "\(e.actor.id) (\(e.actor.role))",
                             [e.lateEntry ? "late entry" : nil, e.voided.map { "VOIDED (position \($0.position)): \($0.reason)" }].compactMap { $0 }.joined(separator: "; ")])
            }
            print(TextTable.render(rows))
        }
    }
}

/// How `casebook timeline` prints: a table for people, one JSON document, or NDJSON lines.
enum TimelineFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, ndjson
}

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Print the log as NDJSON with leaf hashes and the exact stored bytes.")
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "First position.") var from: UInt64 = 0
    @Option(help: "Last position.") var to: UInt64?

    func run() async throws {
        // The log is read whole: check its pages with plain reads first (see `register`).
        try Ledger.checkStoredPages(at: options.path)
        let ledger = try Ledger.open(at: options.path)
        defer { ledger.close() }
        try ledger.read { log in
            try log.forEachEvent(from: from, through: to ?? .max) { e in
                printJSON(.object([
                    "position": .int(Int64(e.position)), "leafHash": .string(e.leafHash.hex),
                    "bytes": .string(Data(e.bytes).base64EncodedString()), "event": e.envelope.json,
                ]))
                return true
            }
        }
    }
}

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every hash and the tree, check indexes and the latest checkpoint, then recompute every register row, the due index and the case states from the log.",
        discussion: "Prints {\"size\",\"root\",\"registers\"} or exits 1 naming the first problem: a bad position in the log, or the register, case and field whose stored row differs from what the log gives.")
    @OptionGroup var options: LedgerOptionGroup
    @Flag(help: "Check only the derived tables (register rows, due index, case states) against the log; skips hashing the tree.")
    var registers = false

    func run() async throws {
        // Every page first, before opening the ledger reads its tree.
        try Ledger.checkStoredPages(at: options.path)
        var out: JSONObject = [:]
        // The log is checked even when the application cannot open the ledger (the register check then says why).
        let opened: Result<Casebook, any Error>
        do { opened = .success(try Casebook.open(at: options.path)) } catch { opened = .failure(error) }
        defer { if case .success(let casebook) = opened { casebook.close() } }
        if !registers {
            let ledger = try (try? opened.get())?.ledger ?? Ledger.open(at: options.path)
            defer { if (try? opened.get()) == nil { ledger.close() } }
            let report = try ledger.verify(checkingPages: false)
            if let failure = report.failure {
                var o: JSONObject = ["ok": .bool(false), "size": .int(Int64(report.size)), "error": .string(failure.message)]
                if let p = failure.position { o["position"] = .int(Int64(p)) }
                printJSON(.object(o))
                throw CLIFailure("verification failed" + (failure.position.map { " at position \($0)" } ?? "") + ": " + failure.message)
            }
            out = ["size": .int(Int64(report.size)), "root": .string(report.root.hex)]
        }
        let check: RegisterCheckReport
        do {
            check = try opened.get().checkRegisters()
        } catch {
            out["ok"] = .bool(false)
            out["registers"] = .object(["ok": .bool(false), "error": .string("\(error)")])
            printJSON(.object(out))
            throw CLIFailure("the registers cannot be checked: \(error)")
        }
        var summary: JSONObject = ["cases": .int(Int64(check.cases)), "rows": .int(Int64(check.rows))]
        if let advice = check.rebuildNeeded {
            summary["ok"] = .bool(false)
            summary["error"] = .string(advice)
            out["ok"] = .bool(false)
            out["registers"] = .object(summary)
            printJSON(.object(out))
            throw CLIFailure("the registers cannot be checked: " + advice)
        }
        if let first = check.firstDifference {
            summary["ok"] = .bool(false)
            summary["error"] = .string(first.message)
            summary["table"] = .string(first.table)
            summary["reference"] = .string(first.reference)
            if let r = first.register { summary["register"] = .string(r.rawValue) }
            if let f = first.field { summary["field"] = .string(f) }
            summary["differences"] = .int(Int64(check.differenceCount))
            out["ok"] = .bool(false)
            out["registers"] = .object(summary)
            printJSON(.object(out))
            throw CLIFailure("register verification failed (\(check.differenceCount) difference(s)): " + first.message)
        }
        summary["ok"] = .bool(true)
        out["registers"] = .object(summary)
        printJSON(.object(out))
    }
}

struct CheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: "Print a freshly signed checkpoint (C2SP note), or the public key.")
    @OptionGroup var options: LedgerOptionGroup
    @Flag(help: "Print the checkpoint verifier key instead.") var publicKey = false
    @Flag(help: "Show each add-checkpoint request and answer exchanged with the witnesses (on stderr).") var showWitnessExchange = false

    func run() async throws {
        let ledger = try Ledger.open(at: options.path)
        defer { ledger.close() }
        if publicKey {
            print(try ledger.publicKey())
        } else {
            // Signed as always, then cosigned by the witnesses configured with `casebook witness add`.
            print(try await signAndWitness(ledger: ledger, showExchange: showWitnessExchange), terminator: "")
        }
    }
}

struct ProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "proof", abstract: "Merkle inclusion and consistency proofs.", subcommands: [Inclusion.self, Consistency.self])

    struct Inclusion: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "inclusion", abstract: "Prove an event is in the tree of a given size.")
        @OptionGroup var options: LedgerOptionGroup
        @Option(help: "The event's position.") var position: UInt64
        @Option(help: "Tree size (default: the current size).") var size: UInt64?
        @Option(help: "json, or tlog-proof: a C2SP tlog-proof file with the event's stored bytes and the latest (cosigned) checkpoint that covers it.") var format: ProofFormat = .json

        enum ProofFormat: String, ExpressibleByArgument, CaseIterable { case json, tlogProof = "tlog-proof" }

        func validate() throws {
            if format == .tlogProof && size != nil { throw ValidationError("--size does not apply to a tlog-proof: its size is the checkpoint's") }
        }

        func run() async throws {
            let ledger = try Ledger.open(at: options.path)
            defer { ledger.close() }
            if format == .tlogProof {
                print(try TlogProofs.make(ledger: ledger, position: position).text, terminator: "")
                return
            }
            let proof = try ledger.read { log in try log.inclusionProof(index: position, size: size ?? log.size()) }
            printJSON(proof.json)
        }
    }

    struct Consistency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "consistency", abstract: "Prove the tree of size --to extends the tree of size --from.")
        @OptionGroup var options: LedgerOptionGroup
        @Option var from: UInt64
        @Option var to: UInt64

        func run() async throws {
            let ledger = try Ledger.open(at: options.path)
            defer { ledger.close() }
            printJSON(try ledger.read { try $0.consistencyProof(from: from, to: to) }.json)
        }
    }
}

enum TextTable {
    /// Left-aligned columns separated by two spaces, a rule under the header.
    static func render(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ r: [String]) -> String {
            r.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var out = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.dropFirst().map(line)
        return out.joined(separator: "\n")
    }
}
