import ArgumentParser
import Foundation
import Casework
import LedgerStore

@main
struct CasebookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casebook",
        abstract: "An event-sourced, tamper-evident register of FOI/EIR requests, SARs, breaches and near misses.",
        subcommands: [
            InitCommand.self, AppendCommand.self, TimelineCommand.self, LogCommand.self,
            VerifyCommand.self, CheckpointCommand.self, ProofCommand.self,
            DeadlineCommand.self, PolicyCommand.self,
            RegisterCommand.self, DueCommand.self, ReportCommand.self, RebuildCommand.self, DemoCommand.self,
            EraseCommand.self, RetentionCommand.self, SubjectsCommand.self, BackupCommand.self, RestoreCommand.self, MigrateCommand.self,
            ExportCommand.self,
            FOICommand.self, SARCommand.self, BreachCommand.self, NearMissCommand.self, ThirdPartyCommand.self, AgreementCommand.self, ComplaintCommand.self, AnyCaseCommand.self, ServeCommand.self, TokenCommand.self,
            UserCommand.self, WitnessCommand.self, ImportCommand.self,
        ]
    )

    /// Installs the last-resort handler for a bad memory access in a damaged ledger file (one
    /// line naming the file, exit 70) before running the command as ArgumentParser would.
    static func main() async {
        DamageNotice.installHandler()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
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

/// The last instant of a day in Europe/London: "as recorded by the end of DATE".
func endOfDay(_ text: String, option: String) throws -> Timestamp {
    guard let next = LocalDate(iso: text)?.adding(days: 1) else {
        throw CLIFailure("\(option) \"\(text)\" is not a date (YYYY-MM-DD)")
    }
    return Timestamp(milliseconds: Timestamp(next.startOfDay(in: LocalDate.londonTimeZone)).milliseconds - 1)
}
