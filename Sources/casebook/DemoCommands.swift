import ArgumentParser
import Casework
import Foundation
import LedgerStore
import CasebookCore
import CasebookDemo
import Registers

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Demonstration data.", subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Append a deterministic, realistic history of fictional cases through the same rules as real input.")
        @OptionGroup var options: LedgerOptionGroup
        @Option(help: "How many cases (about 90% FOI/EIR, 4.5% SAR, 2% breaches, 3% near misses).") var cases: Int = 200
        @Option(help: "Random seed: the same seed gives the same history.") var seed: UInt64 = 1
        @Option(help: "Last day of the history (default: today).") var end: String?
        @Option(help: "Years of history (default: 2 for small ledgers, up to 10 for large ones).") var years: Int?

        func validate() throws {
            guard cases > 0 else { throw ValidationError("--cases must be at least 1") }
        }

        func run() async throws {
            let today = LocalDate(Date())
            let last = try end.map { try parseDayOption($0, "--end") } ?? today
            let policy = (try? Casebook.loadPolicy(at: options.path)) ?? .default
            // Never record in the future: a history ending today stops now.
            let generator = DemoGenerator(cases: cases, seed: seed, end: last, policy: policy, years: years, asOf: last >= today ? Date() : nil)
            let clock = DemoClock(for: generator)
            var ledgerOptions = LedgerOptions()
            ledgerOptions.clock = clock.ledgerClock
            let casebook = Ledger.exists(at: options.path)
                ? try Casebook.open(at: options.path, options: ledgerOptions)
                : try Casebook.create(at: options.path, origin: "casebook.local/log", options: ledgerOptions)
            defer { casebook.close() }
            let expected = UInt64(generator.summary().totalEvents)
            let started = Date()
            let summary = try await generator.record(into: casebook, clock: clock) { s in
                FileHandle.standardError.write(Data(ProgressBar.line(done: UInt64(s.totalEvents), total: expected).utf8))
            }
            FileHandle.standardError.write(Data("\n".utf8))
            let seconds = Date().timeIntervalSince(started)
            print("Recorded \(summary.totalEvents) events for \(cases) fictional cases (seed \(seed), \(generator.start.iso) to \(generator.end.iso)) in \(String(format: "%.1f", seconds)) s.")
            for (kind, n) in summary.cases.sorted(by: { $0.key.rawValue < $1.key.rawValue }) { print("  \(kind.rawValue): \(n) cases") }
            print("  late entries: \(summary.lateEntries)")
        }
    }
}
