import ArgumentParser
import CasebookCore
import Casework
import Foundation

/// `casebook complaint …`: complaints about data handling or sharing, from the public or partner
/// organisations (the data-sharing guidance §6 'Complaints Procedures').
struct ComplaintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complaint",
        abstract: "Record a complaint about data handling or sharing: receive, acknowledge, resolve, escalate-ico.",
        discussion: """
            The answer is due complaintResponseWorkingDays (policy; default 20) working days after receipt; the complaints register \
            shows it as a due step. The complainant and the summary are personal data (stored encrypted).
            \(ActionGroupHelp.commonDiscussion)
            """,
        subcommands: [Receive.self, Acknowledge.self, Resolve.self, EscalateICO.self])

    static func run(_ name: String, _ options: ActionOptions, _ reference: String?, _ f: ActionFields) async throws {
        try await ActionRunner.run(name, in: .complaint, options, reference: reference, f)
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "receive", abstract: "Log a complaint about data handling or sharing (ComplaintReceived); opens the case.")
        @OptionGroup var options: ActionOptions
        @Option(help: "The case reference (default: the next free CMP-YYYY-NNNN for the year received).") var reference: String?
        @Option(help: "publicMember or partner (default: publicMember).") var source: String?
        @Option(help: ActionGroupHelp.required("handling or sharing.")) var about: String?
        @Option(help: ActionGroupHelp.required("The complainant's name (stored encrypted).")) var complainantName: String?
        @Option(help: "The complainant's e-mail address (stored encrypted).") var complainantEmail: String?
        @Option(help: "The complainant's postal address (stored encrypted).") var complainantAddress: String?
        @Option(help: "The complainant's telephone number (stored encrypted).") var complainantPhone: String?
        @Option(help: ActionGroupHelp.required("What the complaint says (stored encrypted).")) var summary: String?
        @Option(help: ActionGroupHelp.required("The service complained about.")) var service: String?
        @Option(help: "The partner organisation concerned.") var partner: String?
        @Option(help: "The agreement concerned, e.g. DSA-2026-0001.") var agreement: String?
        @Option(help: "The day it was received (default: the day of --at).") var receivedOn: String?

        func run() async throws {
            var f = ActionFields()
            f.set("source", loose(source, ComplaintReceived.Source.self), option: "--source")
            f.set("about", loose(about, ComplaintReceived.Subject.self), option: "--about")
            f.person("complainant", prefix: "complainant",
                     [("name", complainantName), ("email", complainantEmail), ("address", complainantAddress), ("phone", complainantPhone)])
            f.set("summary", summary, option: "--summary")
            f.set("service", service, option: "--service")
            f.set("partner", partner, option: "--partner")
            f.set("agreement", agreement, option: "--agreement")
            f.set("receivedOn", receivedOn, option: "--received-on")
            var options = options
            if options.at == nil { options.at = receivedOn }
            try await ComplaintCommand.run("receive", options, reference, f)
        }
    }

    struct Acknowledge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "acknowledge", abstract: "The complainant was sent an acknowledgement (ComplaintAcknowledged).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. CMP-2026-0001.") var reference: String
        @Option(help: "The day it was acknowledged (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("acknowledgedOn", on, option: "--on")
            try await ComplaintCommand.run("acknowledge", options, reference, f)
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resolve", abstract: "The complaint was answered (ComplaintResolved); closes the case.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. CMP-2026-0001.") var reference: String
        @Option(help: ActionGroupHelp.required("upheld, partlyUpheld, notUpheld or withdrawn.")) var outcome: String?
        @Option(help: "What was done or will change (no personal data).") var actionTaken: String?
        @Option(help: "Who signed off the answer (default: you).") var respondedBy: String?
        @Option(help: "The day it was answered (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("outcome", loose(outcome, ComplaintResolved.Outcome.self), option: "--outcome")
            f.set("actionTaken", actionTaken, option: "--action-taken")
            f.set("respondedBy", respondedBy, option: "--responded-by")
            f.set("respondedOn", on, option: "--on")
            try await ComplaintCommand.run("resolve", options, reference, f)
        }
    }

    struct EscalateICO: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "escalate-ico", abstract: "The complainant took the complaint to the ICO (ComplaintEscalatedToICO).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. CMP-2026-0001.") var reference: String
        @Option(help: "The ICO's case reference.") var icoReference: String?
        @Option(help: "The day it was escalated (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("icoReference", icoReference, option: "--ico-reference")
            f.set("escalatedOn", on, option: "--on")
            try await ComplaintCommand.run("escalate-ico", options, reference, f)
        }
    }
}
