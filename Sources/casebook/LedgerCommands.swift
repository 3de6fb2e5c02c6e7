import ArgumentParser
import Foundation
import LedgerStore

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a ledger and its checkpoint signing key.")
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "The log's origin name, printed in every checkpoint.") var origin: String = "casebook.local/log"

    func run() async throws {
        let ledger = try Ledger.create(at: options.path, origin: origin)
        defer { ledger.close() }
        print("Created a ledger at \(options.path) (origin \(origin)).")
        print("Checkpoint public key: \(try ledger.publicKey())")
    }
}

struct AppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append events from NDJSON (one event per line); all lines or none.")
    @OptionGroup var options: LedgerOptionGroup
    @Argument(help: "NDJSON file, or - for standard input.") var file: String = "-"
    @Option(help: "Commit every N events in their own transaction (for large imports); default: the whole input at once. The whole input is still checked before anything is appended.")
    var batchSize: Int?

    func run() async throws {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: file) else { throw CLIFailure("cannot read \(file)") }
            data = d
        }
        let batch = try NDJSONIntake.parse(Array(data))
        let ledger = try Ledger.open(at: options.path)
        defer { ledger.close() }
        if let batchSize, batchSize < 1 { throw CLIFailure("--batch-size must be at least 1") }
        for part in batch.split(maxEvents: batchSize ?? batch.events.count) {
            let results = try await ledger.append(part)
            for r in results {
                printJSON(.object([
                    "position": .int(Int64(r.position)), "case": .string(r.stream),
                    "version": .int(Int64(r.version)), "eventId": .string(r.eventId.uuidString.lowercased()),
                ]))
            }
            FileHandle.standardOutput.synchronizeFile()
        }
    }
}

struct TimelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "timeline", abstract: "A case's events in order, with when they happened and when they were recorded.")
    @OptionGroup var options: LedgerOptionGroup
    @Argument(help: "The case reference, e.g. FOI-2026-0001.") var caseReference: String
    @Option(help: "table or json") var format: OutputFormat = .table

    func run() async throws {
        let ledger = try Ledger.open(at: options.path)
        defer { ledger.close() }
        let events = try ledger.read { try $0.events(of: caseReference) }
        guard !events.isEmpty else { throw CLIFailure("no case \(caseReference) in the ledger") }
        switch format {
        case .json:
            for e in events { printJSON(e.envelope.json) }
        default:
            var rows = [["version", "position", "occurred", "recorded", "type", "actor"]]
            for e in events {
                let env = e.envelope
                rows.append([String(env.version), String(env.position), env.occurredAt.rfc3339, env.recordedAt.rfc3339, env.type, "\(env.actor.id) (\(env.actor.role))"])
            }
            print(TextTable.render(rows))
        }
    }
}

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "Print the log as NDJSON with leaf hashes and the exact stored bytes.")
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "First position.") var from: UInt64 = 0
    @Option(help: "Last position.") var to: UInt64?

    func run() async throws {
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
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Recompute every hash and the tree, check indexes and the latest checkpoint.")
    @OptionGroup var options: LedgerOptionGroup

    func run() async throws {
        let ledger = try Ledger.open(at: options.path)
        defer { ledger.close() }
        let report = try ledger.verify()
        if let failure = report.failure {
            var o: [String: JSONValue] = ["ok": .bool(false), "size": .int(Int64(report.size)), "error": .string(failure.message)]
            if let p = failure.position { o["position"] = .int(Int64(p)) }
            printJSON(.object(o))
            throw CLIFailure("verification failed" + (failure.position.map { " at position \($0)" } ?? "") + ": " + failure.message)
        }
        printJSON(.object(["size": .int(Int64(report.size)), "root": .string(report.root.hex)]))
    }
}

struct CheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: "Print a freshly signed checkpoint (C2SP note), or the public key.")
    @OptionGroup var options: LedgerOptionGroup
    @Flag(help: "Print the checkpoint verifier key instead.") var publicKey = false

    func run() async throws {
        let ledger = try Ledger.open(at: options.path)
        defer { ledger.close() }
        if publicKey {
            print(try ledger.publicKey())
        } else {
            print(try ledger.checkpoint(), terminator: "")
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

        func run() async throws {
            let ledger = try Ledger.open(at: options.path)
            defer { ledger.close() }
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
