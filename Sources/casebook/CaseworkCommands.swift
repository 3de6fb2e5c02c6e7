import ArgumentParser
import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

struct DeadlineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadline",
        abstract: "Work out a statutory or policy deadline, naming every day skipped.")
    @Option(help: "foia|eir|foisa|sar|internal-review|breach|ack|breach-report|near-miss|third-party|educational-record (--clarified: the day missing third-party details arrived)") var regime: DeadlineRequest.Clock
    @Option(help: "Date (YYYY-MM-DD) or date-time (for breach and ack) the clock starts from.") var received: String
    @Option(help: "Date clarification was received (restarts the count).") var clarified: String?
    @Option(help: "Date a fees notice was issued.") var feeNotice: String?
    @Option(help: "Date the fee was paid.") var feePaid: String?
    @Flag(help: "PIT (FOIA) / complex and voluminous (EIR) / SAR / internal review extension.") var extended = false
    @Option(help: "england-and-wales|scotland|northern-ireland (SAR and internal clocks; default: the policy's home division).") var division: Division?
    @Option(help: "json or text") var format: OutputFormat = .json
    @OptionGroup var options: LedgerOptionGroup

    func run() async throws {
        let policy = (try? Casebook.loadPolicy(at: options.path)) ?? .default
        let request = DeadlineRequest(clock: regime, received: received, clarified: clarified, feeNotice: feeNotice, feePaid: feePaid, extended: extended, division: division)
        let result: DeadlineResult
        do { result = try request.evaluate(with: DeadlineCalculator(policy: policy)) } catch {
            throw CLIFailure("\(error)")
        }
        if format == .text {
            print("Due: \(result.due.map { "\($0)" } ?? "not yet (clock paused)")")
            if let w = result.workingDays { print("Working days: \(w)") }
            for s in result.skipped { print("  skipped \(s.date.iso): \(s.reason)") }
            for line in result.explanation { print(line) }
        } else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        }
    }
}

extension DeadlineRequest.Clock: ExpressibleByArgument {}
extension Division: ExpressibleByArgument {}

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "The organisation's policy file.", subcommands: [Show.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the policy in force (JSON).")
        @OptionGroup var options: LedgerOptionGroup
        func run() async throws {
            let policy = try Casebook.loadPolicy(at: options.path)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(policy), as: UTF8.self))
        }
    }
}
