import ArgumentParser
import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

/// `casebook near-miss …`: a data-protection near miss and its review (the data protection policy App. 6 §3).
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
        @Option(help: ActionGroupHelp.required("The day it nearly happened (YYYY-MM-DD).")) var occurredOn: String?
        @Option(help: "The day it was reported (default: the day of --at).") var reportedOn: String?
        @Option(help: ActionGroupHelp.required("The service where it happened.")) var service: String?
        @Option(help: ActionGroupHelp.required("What nearly happened (stored encrypted).")) var description: String?
        @Option(help: ActionGroupHelp.required("The breach category it would have been: loss, theft, unauthorisedDisclosure, unauthorisedAccess, humanError, unauthorisedUse."))
        var category: String?

        func run() async throws {
            var f = ActionFields()
            f.set("occurredOn", occurredOn, option: "--occurred-on")
            f.set("reportedOn", reportedOn, option: "--reported-on")
            f.set("service", service, option: "--service")
            f.set("description", description, option: "--description")
            f.set("potentialCategory", loose(category, BreachCategory.self), option: "--category")
            var options = options
            if options.at == nil { options.at = reportedOn }
            try await ActionRunner.run("report", in: .nearMiss, options, reference: reference, f)
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review", abstract: "Review the near miss for system or process weakness (NearMissReviewed); closes the case.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. NM-2026-0001.") var reference: String
        @Option(help: ActionGroupHelp.required("system, process, systemAndProcess or none.")) var weakness: String?
        @Option(help: ActionGroupHelp.required("The action taken or planned.")) var action: String?
        @Option(help: "The reviewing officer (default: you).") var reviewer: String?
        @Option(help: "The day it was reviewed (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("weakness", loose(weakness, NearMissReviewed.Weakness.self), option: "--weakness")
            f.set("action", action, option: "--action")
            f.set("reviewer", reviewer, option: "--reviewer")
            f.set("reviewedOn", on, option: "--on")
            try await ActionRunner.run("review", in: .nearMiss, options, reference: reference, f)
        }
    }
}
