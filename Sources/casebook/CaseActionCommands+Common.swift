import ArgumentParser
import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

// Steps FOI/EIR requests and SARs share (ClarificationRequested/Received, FeePaid, Withdrawn,
// internal review, regulator complaint and decision notice), and the `case` group for what every
// case kind may carry (notes, corrections, reassignment) plus a read-only status.

/// A group of request commands: which case kinds it acts on.
protocol RequestGroup {
    static var kinds: Set<CaseKind> { get }
    static var example: String { get }
}

enum FOIGroup: RequestGroup {
    static var kinds: Set<CaseKind> { [.request] }
    static var example: String { "FOI-2026-0001" }
}

enum SARGroup: RequestGroup {
    static var kinds: Set<CaseKind> { [.subjectAccess] }
    static var example: String { "SAR-2026-0001" }
}

extension RequestGroup {
    static func record(_ options: ActionOptions, _ reference: String, build: (ActionContext, CaseFacts) throws -> [any EventPayload]) async throws {
        try await CaseAction.record(options, reference: reference, kinds: kinds, defaultRole: "officer", build: build)
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
        try await Group.record(options, reference) { c, _ in [ClarificationRequested(requestedOn: try c.day(on, "--on"), question: question)] }
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
        try await Group.record(options, reference) { c, _ in
            [ClarificationReceived(receivedOn: try c.day(on, "--on"), clarification: clarification, revisedSummary: revisedSummary)]
        }
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
        let pence = try amount.map { try ActionInput.pence($0, "--amount") }
        try await Group.record(options, reference) { c, _ in [FeePaid(paidOn: try c.day(on, "--on"), amountPence: pence)] }
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
        try await Group.record(options, reference) { c, _ in [Withdrawn(withdrawnOn: try c.day(on, "--on"), reason: reason)] }
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
        try await Group.record(options, reference) { c, _ in [InternalReviewRequested(requestedOn: try c.day(on, "--on"), grounds: grounds)] }
    }
}

struct ReviewDecideCommand<Group: RequestGroup>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "review-decide", abstract: "The internal review was decided (InternalReviewDecided).")
    }
    @OptionGroup var options: ActionOptions
    @Argument(help: "The case reference, e.g. \(Group.example).") var reference: String
    @Option(help: "upheld, overturned or partlyOverturned.") var outcome: ReviewOutcome
    @Option(help: "The reviewing officer (default: --actor); should not be who signed off the response.") var reviewer: String?
    @Option(help: "Why.") var reasoning: String?
    @Option(help: "The day it was decided (default: the day of --at).") var on: String?

    func run() async throws {
        try await Group.record(options, reference) { c, _ in
            [InternalReviewDecided(outcome: outcome, reviewer: reviewer ?? c.actor.id, decidedOn: try c.day(on, "--on"), reasoning: reasoning)]
        }
    }
}

struct ICOComplaintCommand<Group: RequestGroup>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "ico-complaint", abstract: "The regulator told us of a complaint about the case (ICOComplaintReceived).")
    }
    @OptionGroup var options: ActionOptions
    @Argument(help: "The case reference, e.g. \(Group.example).") var reference: String
    @Option(help: "ico or scottishInformationCommissioner (default: the Scottish Commissioner for FOISA, else the ICO).") var regulator: Regulator?
    @Option(help: "The regulator's case reference.") var regulatorReference: String?
    @Option(help: "The day it was received (default: the day of --at).") var on: String?

    func run() async throws {
        try await Group.record(options, reference) { c, facts in
            let chosen = try regulator ?? (facts.reference.kind == .request && facts.regime() == .foisa ? .scottishInformationCommissioner : .ico)
            return [ICOComplaintReceived(regulator: chosen, receivedOn: try c.day(on, "--on"), regulatorReference: regulatorReference)]
        }
    }
}

struct DecisionNoticeCommand<Group: RequestGroup>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "decision-notice", abstract: "The regulator's decision notice arrived (ICODecisionNoticeReceived).")
    }
    @OptionGroup var options: ActionOptions
    @Argument(help: "The case reference, e.g. \(Group.example).") var reference: String
    @Option(help: "The notice's reference.") var noticeReference: String
    @Option(help: "upheld (steps required), partlyUpheld or notUpheld.") var outcome: DecisionNoticeOutcome
    @Option(help: "What the notice requires.") var stepsRequired: String?
    @Option(help: "When the steps are due (YYYY-MM-DD).") var stepsDueOn: String?
    @Option(help: "The day it was received (default: the day of --at).") var on: String?

    func run() async throws {
        let due = try stepsDueOn.map { try ActionInput.day($0, "--steps-due-on").iso }
        try await Group.record(options, reference) { c, _ in
            [ICODecisionNoticeReceived(receivedOn: try c.day(on, "--on"), noticeReference: noticeReference, outcome: outcome,
                                       stepsRequired: stepsRequired, stepsDueOn: due)]
        }
    }
}

// MARK: - Every case kind

/// `casebook case …`: notes, corrections and reassignment on any case, and its status.
struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Actions on any case: note, correct, reassign; and its status.",
        discussion: ActionGroupHelp.commonDiscussion,
        subcommands: [Note.self, Correct.self, Reassign.self, Status.self])

    static let allKinds = Set(CaseKind.allCases)

    static func record(_ options: ActionOptions, _ reference: String, build: (ActionContext, CaseFacts) throws -> [any EventPayload]) async throws {
        try await CaseAction.record(options, reference: reference, kinds: allKinds, defaultRole: "officer", build: build)
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a free-text note to the case (NoteAdded; stored encrypted).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Argument(help: "The note.") var text: String

        func run() async throws {
            let text = try ActionInput.nonBlank(text, "the note")
            try await CaseCommand.record(options, reference) { _, _ in [NoteAdded(text: text)] }
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
        @Option(help: "The event to correct: its event id (UUID) or its version on the case (1 = the opening event).") var event: String
        @Option(help: "Why it is corrected.") var reason: String
        @Option(name: .customLong("set"), help: "FIELD=VALUE to replace; repeat for several.") var assignments: [String] = []

        func run() async throws {
            guard !assignments.isEmpty else { throw CLIFailure("give at least one --set FIELD=VALUE") }
            let reason = try ActionInput.nonBlank(reason, "--reason")
            let pairs = try assignments.map { text -> (String, JSONValue) in
                guard let eq = text.firstIndex(of: "="), eq != text.startIndex else { throw CLIFailure("--set \(text) must be FIELD=VALUE") }
                let raw = String(text[text.index(after: eq)...])
                return (String(text[..<eq]), (try? JSONValue.parse(raw)) ?? .string(raw))
            }
            try await CaseCommand.record(options, reference) { _, facts in
                let target = try Self.target(event, in: facts)
                let personal = (try? EventCatalogue.eventType(named: target.type)).map(EventCatalogue.personalFields(for:)) ?? []
                var plain: [String: JSONValue] = [:]
                var sealedCase: [String: JSONValue] = [:]
                var sealedRequester: [String: JSONValue] = [:]
                for (field, value) in pairs {
                    let scope = personal.first { $0.path == field || $0.path.hasPrefix(field + ".") || field.hasPrefix($0.path + ".") }?.scope
                    switch scope {
                    case .requester?: sealedRequester[field] = value
                    case .case?: sealedCase[field] = value
                    case nil: plain[field] = value
                    }
                }
                return [Corrected(correctsEventId: target.eventId.uuidString.lowercased(), reason: reason, corrections: plain,
                                  personalCorrections: sealedCase.isEmpty ? nil : sealedCase,
                                  requesterCorrections: sealedRequester.isEmpty ? nil : sealedRequester)]
            }
        }

        /// The event named by id or by version on the case.
        static func target(_ text: String, in facts: CaseFacts) throws -> EventEnvelope {
            let events = try facts.events()
            if let version = UInt64(text) {
                guard let e = events.first(where: { $0.version == version }) else {
                    throw CLIFailure("\(facts.reference) has no version \(text); it has \(events.count) event(s)")
                }
                return e
            }
            guard let id = UUID(uuidString: text) else { throw CLIFailure("--event \(text) is neither an event id (UUID) nor a version number") }
            guard let e = events.first(where: { $0.eventId == id }) else {
                throw CLIFailure("event \(text) is not on \(facts.reference); correct it on its own case")
            }
            return e
        }
    }

    struct Reassign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reassign", abstract: "Give the case to another officer (Reassigned).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "The new case officer (officer id).") var to: String
        @Option(help: "The previous case officer.") var from: String?
        @Option(help: "Why.") var reason: String?

        func run() async throws {
            let to = try ActionInput.nonBlank(to, "--to")
            try await CaseCommand.record(options, reference) { _, _ in [Reassigned(to: to, from: from, reason: reason)] }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Where a case stands: its status, version and next due step (appends nothing).")
        @OptionGroup var ledgerOptions: LedgerOptionGroup
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "table or json") var format: ActionFormat = .table
        @Option(help: "Judge overdue steps against this day (YYYY-MM-DD; default: today).") var today: String?

        func run() async throws {
            let reference = try ActionInput.reference(reference)
            let day = try today.map { try ActionInput.day($0, "--today") } ?? LocalDate(Date())
            let casebook: Casebook
            do { casebook = try Casebook.open(at: ledgerOptions.path) } catch { throw CaseAction.explain(error) }
            defer { casebook.close() }
            let status: CaseStatus
            do { status = try casebook.status(of: reference.rawValue, today: day) } catch { throw CaseAction.explain(error) }
            switch format {
            case .json: printJSON(.object(CaseAction.statusJSON(status)))
            case .table: print(CaseAction.statusTable(status))
            }
        }
    }
}
