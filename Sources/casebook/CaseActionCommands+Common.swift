import ArgumentParser
import CasebookCore
import Casework
import Foundation
import LedgerStore
import Registers

// Steps FOI/EIR requests and SARs share (clarification, fee paid, withdrawal, internal review,
// regulator complaint and decision notice), and the `case` group for what every case kind may
// carry (notes, corrections, reassignment) plus a read-only status.

/// A group of request commands: which action group it is.
protocol RequestGroup {
    static var group: ActionGroup { get }
    static var example: String { get }
}

enum FOIGroup: RequestGroup {
    static var group: ActionGroup { .foi }
    static var example: String { "FOI-2026-0001" }
}

enum SARGroup: RequestGroup {
    static var group: ActionGroup { .sar }
    static var example: String { "SAR-2026-0001" }
}

extension RequestGroup {
    static func run(_ name: String, _ options: ActionOptions, _ reference: String, _ f: ActionFields) async throws {
        try await ActionRunner.run(name, in: group, options, reference: reference, f)
    }
}

struct ClarifyCommand<Group: RequestGroup>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "clarify", abstract: "Ask the requester to clarify (ClarificationRequested); the statutory clock stops.")
    }
    @OptionGroup var options: ActionOptions
    @Argument(help: "The case reference, e.g. \(Group.example).") var reference: String
    @Option(help: "What was asked (personal data, stored encrypted).") var question: String?
    @Option(help: "The day it was asked (default: the day of --at).") var on: String?

    func run() async throws {
        var f = ActionFields()
        f.set("question", question, option: "--question")
        f.set("requestedOn", on, option: "--on")
        try await Group.run("clarify", options, reference, f)
    }
}

struct ClarifiedCommand<Group: RequestGroup>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "clarified", abstract: "The clarification arrived (ClarificationReceived); the clock starts again from this day.")
    }
    @OptionGroup var options: ActionOptions
    @Argument(help: "The case reference, e.g. \(Group.example).") var reference: String
    @Option(help: "The requester's clarification, in their words (stored encrypted).") var clarification: String?
    @Option(help: "A revised identity-free summary, when the scope changed.") var revisedSummary: String?
    @Option(help: "The day it arrived (default: the day of --at).") var on: String?

    func run() async throws {
        var f = ActionFields()
        f.set("clarification", clarification, option: "--clarification")
        f.set("revisedSummary", revisedSummary, option: "--revised-summary")
        f.set("receivedOn", on, option: "--on")
        try await Group.run("clarified", options, reference, f)
    }
}

struct FeePaidCommand<Group: RequestGroup>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "fee-paid", abstract: "The fee asked for was paid (FeePaid); the clock runs again.")
    }
    @OptionGroup var options: ActionOptions
    @Argument(help: "The case reference, e.g. \(Group.example).") var reference: String
    @Option(help: "The amount paid in pounds, e.g. 12.50.") var amount: String?
    @Option(help: "The day it was paid (default: the day of --at).") var on: String?

    func run() async throws {
        var f = ActionFields()
        f.pence("amountPence", amount, option: "--amount")
        f.set("paidOn", on, option: "--on")
        try await Group.run("fee-paid", options, reference, f)
    }
}

struct WithdrawCommand<Group: RequestGroup>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "withdraw", abstract: "The requester withdrew the request (Withdrawn); closes the case.")
    }
    @OptionGroup var options: ActionOptions
    @Argument(help: "The case reference, e.g. \(Group.example).") var reference: String
    @Option(help: "Why, if the requester said.") var reason: String?
    @Option(help: "The day it was withdrawn (default: the day of --at).") var on: String?

    func run() async throws {
        var f = ActionFields()
        f.set("reason", reason, option: "--reason")
        f.set("withdrawnOn", on, option: "--on")
        try await Group.run("withdraw", options, reference, f)
    }
}

struct ReviewRequestCommand<Group: RequestGroup>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "review-request", abstract: "The requester asked for an internal review (InternalReviewRequested).")
    }
    @OptionGroup var options: ActionOptions
    @Argument(help: "The case reference, e.g. \(Group.example).") var reference: String
    @Option(help: "The requester's grounds (stored encrypted).") var grounds: String?
    @Option(help: "The day it was asked for (default: the day of --at).") var on: String?

    func run() async throws {
        var f = ActionFields()
        f.set("grounds", grounds, option: "--grounds")
        f.set("requestedOn", on, option: "--on")
        try await Group.run("review-request", options, reference, f)
    }
}

struct ReviewDecideCommand<Group: RequestGroup>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "review-decide", abstract: "The internal review was decided (InternalReviewDecided).")
    }
    @OptionGroup var options: ActionOptions
    @Argument(help: "The case reference, e.g. \(Group.example).") var reference: String
    @Option(help: ActionGroupHelp.required("upheld, overturned or partlyOverturned.")) var outcome: String?
    @Option(help: "The reviewing officer (default: you); should not be who signed off the response.") var reviewer: String?
    @Option(help: "Why.") var reasoning: String?
    @Option(help: "The day it was decided (default: the day of --at).") var on: String?
    @Flag(inversion: .prefixedNo, help: "Whether the requester was told of the right of appeal to the regulator with the outcome (the FOI policy \"Complaints\").")
    var appealRightsGiven: Bool?

    func run() async throws {
        var f = ActionFields()
        f.set("outcome", loose(outcome, ReviewOutcome.self), option: "--outcome")
        f.set("reviewer", reviewer, option: "--reviewer")
        f.set("reasoning", reasoning, option: "--reasoning")
        f.set("decidedOn", on, option: "--on")
        f.set("appealRightsGiven", appealRightsGiven, option: "--appeal-rights-given")
        try await Group.run("review-decide", options, reference, f)
    }
}

struct ICOComplaintCommand<Group: RequestGroup>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "ico-complaint", abstract: "The regulator told us of a complaint about the case (ICOComplaintReceived).")
    }
    @OptionGroup var options: ActionOptions
    @Argument(help: "The case reference, e.g. \(Group.example).") var reference: String
    @Option(help: "ico or scottishInformationCommissioner (default: the Scottish Commissioner for FOISA, else the ICO).") var regulator: String?
    @Option(help: "The regulator's case reference.") var regulatorReference: String?
    @Option(help: "The day it was received (default: the day of --at).") var on: String?

    func run() async throws {
        var f = ActionFields()
        f.set("regulator", loose(regulator, Regulator.self), option: "--regulator")
        f.set("regulatorReference", regulatorReference, option: "--regulator-reference")
        f.set("receivedOn", on, option: "--on")
        try await Group.run("ico-complaint", options, reference, f)
    }
}

struct DecisionNoticeCommand<Group: RequestGroup>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "decision-notice", abstract: "The regulator's decision notice arrived (ICODecisionNoticeReceived).")
    }
    @OptionGroup var options: ActionOptions
    @Argument(help: "The case reference, e.g. \(Group.example).") var reference: String
    @Option(help: ActionGroupHelp.required("The notice's reference.")) var noticeReference: String?
    @Option(help: ActionGroupHelp.required("upheld (steps required), partlyUpheld or notUpheld.")) var outcome: String?
    @Option(help: "What the notice requires.") var stepsRequired: String?
    @Option(help: "When the steps are due (YYYY-MM-DD).") var stepsDueOn: String?
    @Option(help: "The day it was received (default: the day of --at).") var on: String?

    func run() async throws {
        var f = ActionFields()
        f.set("noticeReference", noticeReference, option: "--notice-reference")
        f.set("outcome", loose(outcome, DecisionNoticeOutcome.self), option: "--outcome")
        f.set("stepsRequired", stepsRequired, option: "--steps-required")
        f.set("stepsDueOn", stepsDueOn, option: "--steps-due-on")
        f.set("receivedOn", on, option: "--on")
        try await Group.run("decision-notice", options, reference, f)
    }
}

// MARK: - Every case kind

/// `casebook case …`: notes, corrections and reassignment on any case, and its status.
struct AnyCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Actions on any case: note, correct, void, reassign; and its status.",
        discussion: ActionGroupHelp.commonDiscussion,
        subcommands: [Note.self, Correct.self, Void.self, Reassign.self, Status.self])

    static func run(_ name: String, _ options: ActionOptions, _ reference: String, _ f: ActionFields) async throws {
        try await ActionRunner.run(name, in: .anyCase, options, reference: reference, f)
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a free-text note to the case (NoteAdded; stored encrypted).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Argument(help: "The note.") var text: String

        func run() async throws {
            var f = ActionFields()
            f.set("text", text, option: "the note")
            try await AnyCaseCommand.run("note", options, reference, f)
        }
    }

    struct Correct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "correct",
            abstract: "Amend an earlier event by reference (Corrected); nothing is edited in place.",
            discussion: """
                --set FIELD=VALUE replaces a field of the corrected event's payload (a dotted FIELD replaces a nested one, \
                e.g. reportingOfficer.name). VALUE is read as JSON when it parses (12, true, ["loss"], {"a":1}), else as text. \
                Fields holding personal data are put in the encrypted part of the correction automatically.
                Example: casebook case correct FOI-2026-0001 --event 1 --set receivedAt=2026-03-09T16:00:00Z --reason "date mistyped"
                """)
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("The event to correct: its event id (UUID) or its version on the case (1 = the opening event).")) var event: String?
        @Option(help: ActionGroupHelp.required("Why it is corrected.")) var reason: String?
        @Option(name: .customLong("set"), help: ActionGroupHelp.required("FIELD=VALUE to replace; repeat for several.")) var assignments: [String] = []

        func validate() throws {
            for text in assignments {
                guard let eq = text.firstIndex(of: "="), eq != text.startIndex else { throw ValidationError("--set \(text) must be FIELD=VALUE") }
            }
        }

        func run() async throws {
            var f = ActionFields()
            f.set("event", event, option: "--event")
            f.set("reason", reason, option: "--reason")
            var pairs: JSONObject = [:]
            for text in assignments {
                let eq = text.firstIndex(of: "=")!
                let raw = String(text[text.index(after: eq)...])
                pairs[String(text[..<eq])] = (try? JSONValue.parse(raw)) ?? .string(raw)
            }
            f.set("set", pairs.isEmpty ? nil : JSONValue.object(pairs), option: "--set")
            try await AnyCaseCommand.run("correct", options, reference, f)
        }
    }

    struct Void: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "void",
            abstract: "Withdraw an earlier event recorded in error (Voided): registers and clocks leave it out; the timeline shows it voided.",
            discussion: """
                Nothing is deleted: the voided event stays in the log, under its proofs, marked voided with the reason. \
                An erasure cannot be voided, and voiding never makes a late step on time.
                Example: casebook case void FOI-2026-0001 --event 3 --reason "Recorded on the wrong case" --authorised-by ig.lead
                """)
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("The event to void: its event id (UUID) or its version on the case.")) var event: String?
        @Option(help: ActionGroupHelp.required("Why it is withdrawn, naming no one.")) var reason: String?
        @Option(help: "Who authorised it (officer id; default: you).") var authorisedBy: String?

        func run() async throws {
            var f = ActionFields()
            f.set("event", event, option: "--event")
            f.set("reason", reason, option: "--reason")
            f.set("authorisedBy", authorisedBy, option: "--authorised-by")
            try await AnyCaseCommand.run("void", options, reference, f)
        }
    }

    struct Reassign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reassign", abstract: "Give the case to another officer (Reassigned).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("The new case officer (officer id).")) var to: String?
        @Option(help: "The previous case officer.") var from: String?
        @Option(help: "Why.") var reason: String?

        func run() async throws {
            var f = ActionFields()
            f.set("to", to, option: "--to")
            f.set("from", from, option: "--from")
            f.set("reason", reason, option: "--reason")
            try await AnyCaseCommand.run("reassign", options, reference, f)
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Where a case stands: its status, version and next due step (appends nothing).")
        @OptionGroup var ledgerOptions: LedgerOptionGroup
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "table or json") var format: ActionFormat = .table
        @Option(help: "Judge overdue steps against this day (YYYY-MM-DD; default: today).") var today: String?

        func validate() throws {
            if let today, MomentInput.day(today) == nil { throw ValidationError("--today \(today) is not a date; write it as YYYY-MM-DD") }
        }

        func run() async throws {
            let reference: CaseReference
            do { reference = try CaseReference(self.reference) } catch { throw CLIFailure("\(self.reference) is not a case reference: \(error.message)") }
            let day = today.flatMap(MomentInput.day) ?? LocalDate(Date())
            let casebook: Casebook
            do { casebook = try Casebook.open(at: ledgerOptions.path) } catch { throw ActionRunner.explain(error) }
            defer { casebook.close() }
            let status: CaseStatus
            do { status = try casebook.status(of: reference.rawValue, today: day) } catch { throw ActionRunner.explain(error) }
            switch format {
            case .json: printJSON(.object(ActionRunner.statusJSON(status)))
            case .table: print(ActionRunner.statusTable(status))
            }
        }
    }
}
