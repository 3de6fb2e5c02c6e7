import ArgumentParser
import Foundation
import LedgerStore

@main
struct CasebookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casebook",
        abstract: "An event-sourced, tamper-evident register of FOI/EIR requests, SARs, breaches and near misses.",
        subcommands: [
            InitCommand.self, AppendCommand.self, TimelineCommand.self, LogCommand.self,
            VerifyCommand.self, CheckpointCommand.self, ProofCommand.self,
        ]
    )
}

/// Options every command that touches a ledger takes.
struct LedgerOptionGroup: ParsableArguments {
    @Option(name: .long, help: "The ledger directory (default: $CASEBOOK_LEDGER or ./casebook-data).")
    var ledger: String?

    var path: String {
        ledger ?? ProcessInfo.processInfo.environment["CASEBOOK_LEDGER"] ?? "./casebook-data"
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, text
}

/// A failure already explained to the user: printed as is, then exit 1.
struct CLIFailure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

func printJSON(_ value: JSONValue) {
    print(value.canonicalString)
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("casebook: \(message)\n".utf8))
}
