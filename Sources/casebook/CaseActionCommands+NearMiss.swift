import ArgumentParser
import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

/// `casebook near-miss …`: a data-protection near miss and its review (003 App. 6 §3).
struct NearMissCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "near-miss",
        abstract: "Record a near miss (report) and its review for system or process weakness (review).",
        discussion: ActionGroupHelp.commonDiscussion,
        subcommands: [Report.self, Review.self])

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report", abstract: "Report a near miss (NearMissReported; policy: within 5 working days); opens the case.")
        @OptionGroup var options: ActionOptions
        @Option(help: "The case reference (default: the next free NM-YYYY-NNNN for the year reported).") var reference: String?
        @Option(help: "The day it nearly happened (YYYY-MM-DD).") var occurredOn: String
        @Option(help: "The day it was reported (default: the day of --at).") var reportedOn: String?
        @Option(help: "The service where it happened.") var service: String
        @Option(help: "What nearly happened (stored encrypted).") var description: String
        @Option(help: "The breach category it would have been: loss, theft, unauthorisedDisclosure, unauthorisedAccess, humanError, unauthorisedUse.")
        var category: BreachCategory

        func run() async throws {
            let occurred = try ActionInput.day(occurredOn, "--occurred-on").iso
            let service = try ActionInput.nonBlank(service, "--service")
            let description = try ActionInput.nonBlank(description, "--description")
            try await CaseAction.open(options, reference: reference, prefix: .nearMiss,
                                      year: { c in (try? reportedOn.map { try ActionInput.day($0, "--reported-on").year }) ?? c.year },
                                      defaultRole: "officer") { c in
                NearMissReported(occurredOn: occurred, reportedOn: try c.day(reportedOn, "--reported-on"), service: service,
                                 description: description, potentialCategory: category)
            }
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review", abstract: "Review the near miss for system or process weakness (NearMissReviewed); closes the case.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. NM-2026-0001.") var reference: String
        @Option(help: "system, process, systemAndProcess or none.") var weakness: NearMissReviewed.Weakness
        @Option(help: "The action taken or planned.") var action: String
        @Option(help: "The reviewing officer (default: --actor).") var reviewer: String?
        @Option(help: "The day it was reviewed (default: the day of --at).") var on: String?

        func run() async throws {
            let action = try ActionInput.nonBlank(action, "--action")
            try await CaseAction.record(options, reference: reference, kinds: [.nearMiss], defaultRole: "officer") { c, _ in
                [NearMissReviewed(weakness: weakness, action: action, reviewedOn: try c.day(on, "--on"), reviewer: reviewer ?? c.actor.id)]
            }
        }
    }
}
