import ArgumentParser
import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

/// `casebook foi …`: the steps of an FOI/EIR/FOISA request (DOMAIN.md §2; seed 002).
struct FOICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "foi",
        abstract: "Record the steps of an FOI/EIR request: receive, acknowledge, clarify, exempt, pit, extend, respond, publish, ….",
        discussion: """
            A typical request: foi receive → acknowledge → (clarify → clarified) → exempt → pit → (extend) → respond → publish.
            \(ActionGroupHelp.commonDiscussion)
            """,
        subcommands: [
            Receive.self, Acknowledge.self, ClarifyCommand<FOIGroup>.self, ClarifiedCommand<FOIGroup>.self, FeeNotice.self,
            FeePaidCommand<FOIGroup>.self, Exempt.self, PIT.self, Extend.self, CostLimit.self, Vexatious.self, Transfer.self,
            WithdrawCommand<FOIGroup>.self, Respond.self, ReviewRequestCommand<FOIGroup>.self, ReviewDecideCommand<FOIGroup>.self,
            ICOComplaintCommand<FOIGroup>.self, DecisionNoticeCommand<FOIGroup>.self, Publish.self,
        ])

    static let role = "officer"

    static func record(_ options: ActionOptions, _ reference: String, build: (ActionContext, CaseFacts) throws -> [any EventPayload]) async throws {
        try await CaseAction.record(options, reference: reference, kinds: FOIGroup.kinds, defaultRole: role, build: build)
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "receive", abstract: "Log a new request (RequestReceived); opens the case.")
        @OptionGroup var options: ActionOptions
        @Option(help: "The case reference (default: the next free FOI-YYYY-NNNN, or EIR-YYYY-NNNN for --regime eir, for the year received).")
        var reference: String?
        @Option(help: "foia, foisa or eir.") var regime: String = "foia"
        @Option(help: "How it arrived.") var channel: RequestChannel = .email
        @Option(help: "When it arrived (RFC 3339; default: --at, else now). The clock counts from this day.") var receivedAt: String?
        @Option(help: "The requester's name (personal data, stored encrypted).") var requesterName: String
        @Option(help: "The requester's e-mail address.") var requesterEmail: String?
        @Option(help: "The requester's postal address.") var requesterAddress: String?
        @Option(help: "The requester's telephone number.") var requesterPhone: String?
        @Option(help: "Who is asking (the register shows this, never the identity).") var requesterType: RequesterType = .individual
        @Option(help: "What is asked for, written without identities: it is published on the disclosure log.") var summary: String
        @Option(help: "The service that holds the information.") var service: String?

        func run() async throws {
            let regime = try ActionInput.regime(regime)
            var options = options
            if options.at == nil { options.at = receivedAt }
            let receivedAt = receivedAt
            try await CaseAction.open(options, reference: reference, prefix: regime == .eir ? .eir : .foi,
                                      year: { c in LocalDate((receivedAt.flatMap { Timestamp(rfc3339: $0) } ?? c.occurredAt).date).year },
                                      defaultRole: FOICommand.role) { c in
                RequestReceived(
                    channel: channel, receivedAt: try c.instant(receivedAt, "--received-at"), regime: regime,
                    requester: Requester(name: try ActionInput.nonBlank(requesterName, "--requester-name"), email: requesterEmail,
                                         address: requesterAddress, phone: requesterPhone),
                    requesterType: requesterType, summary: try ActionInput.nonBlank(summary, "--summary"), service: service)
            }
        }
    }

    struct Acknowledge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "acknowledge", abstract: "The requester was sent an acknowledgement (RequestAcknowledged; policy: within 48 hours).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. FOI-2026-0001.") var reference: String
        @Option(help: "How the acknowledgement was sent.") var channel: RequestChannel?

        func run() async throws {
            try await FOICommand.record(options, reference) { c, _ in [RequestAcknowledged(acknowledgedAt: c.instant, channel: channel)] }
        }
    }

    struct FeeNotice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "fee-notice", abstract: "A fees notice was issued (FeeNoticeIssued); the clock stops until payment (s10(2)).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "The fee in pounds, e.g. 12.50.") var amount: String
        @Option(help: "The day the notice was issued (default: the day of --at).") var on: String?
        @Option(help: "What the fee covers, e.g. copying and postage.") var basis: String?

        func run() async throws {
            let pence = try ActionInput.pence(amount, "--amount")
            try await FOICommand.record(options, reference) { c, _ in [FeeNoticeIssued(amountPence: pence, issuedOn: try c.day(on, "--on"), basis: basis)] }
        }
    }

    struct Exempt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exempt",
            abstract: "Apply an exemption or EIR exception (ExemptionApplied); one event per --section.",
            discussion: "The class defaults to the catalogue's for the case's regime (FOIA s43 qualified, s41 absolute, …); give --class where the provision can be either (e.g. 36, 40(2)).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(name: .customLong("section"), help: "The provision, as in the statute: 43(2), 40(2), EIR 12(5)(e). Repeat for several.") var sections: [String] = []
        @Option(name: .customLong("class"), help: "absolute or qualified (default: from the exemption catalogue).") var exemptionClass: ExemptionClass?
        @Option(help: "Why the exemption engages.") var reason: String
        @Option(help: "Which information or documents it is applied to.") var appliesTo: String?

        func run() async throws {
            guard !sections.isEmpty else { throw CLIFailure("give at least one --section, e.g. --section 43(2)") }
            let reason = try ActionInput.nonBlank(reason, "--reason")
            try await FOICommand.record(options, reference) { _, facts in
                let catalogue = ExemptionCatalogue.for(try facts.regime())
                return try sections.map { section in
                    var stated = exemptionClass
                    if stated == nil, let entry = catalogue.entry(for: section) {
                        switch entry.classification {
                        case .absolute: stated = .absolute
                        case .qualified: stated = .qualified
                        case .either:
                            throw CLIFailure("\(catalogue.regime.displayName) \(section) (\(entry.title)) can be absolute or qualified; say which with --class")
                        }
                    }
                    // An uncatalogued section is refused by the rules (FOI.exemptionNotInCatalogue), whatever its class.
                    return ExemptionApplied(section: section, exemptionClass: stated ?? .qualified, reason: reason, appliesTo: appliesTo)
                }
            }
        }
    }

    struct PIT: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pit", abstract: "Record the public interest test and its reasoning (PublicInterestTestRecorded).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(name: .customLong("section"), help: "A provision the test was about; repeat for several (default: every qualified exemption applied on the case).")
        var sections: [String] = []
        @Option(name: .customLong("factor-for-disclosure"), help: "A public interest factor for disclosure; repeat for several.") var forDisclosure: [String] = []
        @Option(name: .customLong("factor-for-maintaining"), help: "A factor for maintaining the exemption; repeat for several.") var forMaintaining: [String] = []
        @Option(help: "The reasoning: how the factors were weighed.") var reasoning: String
        @Option(help: "maintained (the exemption stands) or disclose.") var outcome: PublicInterestTestRecorded.Outcome

        func run() async throws {
            let reasoning = try ActionInput.nonBlank(reasoning, "--reasoning")
            try await FOICommand.record(options, reference) { _, facts in
                var covered = sections
                if covered.isEmpty {
                    let applied = try facts.events().filter { $0.type == EventType.exemptionApplied.rawValue && $0.payload["class"]?.stringValue == "qualified" }
                    covered = Array(Set(applied.compactMap { $0.payload["section"]?.stringValue })).sorted()
                    guard !covered.isEmpty else { throw CLIFailure("\(facts.reference) has no qualified exemption applied; name the provisions with --section") }
                }
                return [PublicInterestTestRecorded(sections: covered, factorsForDisclosure: forDisclosure.isEmpty ? nil : forDisclosure,
                                                   factorsForMaintaining: forMaintaining.isEmpty ? nil : forMaintaining,
                                                   reasoning: reasoning, outcome: outcome)]
            }
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extend",
            abstract: "Extend the deadline (DeadlineExtended): FOIA public interest test (s10(3)) or EIR complex and voluminous (reg 7).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "publicInterestTest or complexAndVoluminous (default: by the case's regime).") var reason: DeadlineExtended.Reason?
        @Option(help: "Extra working days, 1–20.") var workingDays: Int = 20
        @Option(help: "The new due date as told to the requester (YYYY-MM-DD).") var newDueDate: String?
        @Option(help: "What the requester was told.") var explanation: String?

        func run() async throws {
            let newDue = try newDueDate.map { try ActionInput.day($0, "--new-due-date").iso }
            try await FOICommand.record(options, reference) { _, facts in
                let chosen = try reason ?? (facts.regime() == .eir ? .complexAndVoluminous : .publicInterestTest)
                return [DeadlineExtended(reason: chosen, workingDays: workingDays, newDueDate: newDue, explanation: explanation)]
            }
        }
    }

    struct CostLimit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cost-limit", abstract: "Compliance would exceed the appropriate limit (CostLimitApplied, s12); respond with outcome refused.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "Estimated hours to comply.") var hours: Int
        @Option(help: "The appropriate limit in pounds: 450, or 600 for central government.") var limit: String = "450"
        @Option(help: "The hourly rate in pounds.") var hourlyRate: String = "25"
        @Option(help: "Advice and assistance offered to bring the request within the limit (s16).") var advice: String?

        func run() async throws {
            let limitPence = try ActionInput.pence(limit, "--limit")
            let rate = try ActionInput.pence(hourlyRate, "--hourly-rate")
            try await FOICommand.record(options, reference) { _, _ in
                [CostLimitApplied(estimatedHours: hours, limitPence: limitPence, hourlyRatePence: rate, adviceAndAssistance: advice)]
            }
        }
    }

    struct Vexatious: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vexatious", abstract: "The request is vexatious or repeated (VexatiousApplied, s14); respond with outcome refused.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "vexatious or repeated.") var basis: VexatiousApplied.Basis = .vexatious
        @Option(help: "Why.") var reason: String
        @Option(help: "For a repeated request, the earlier case it repeats.") var previousCase: String?

        func run() async throws {
            let previous = try previousCase.map { try ActionInput.reference($0, "--previous-case") }
            let reason = try ActionInput.nonBlank(reason, "--reason")
            try await FOICommand.record(options, reference) { _, _ in [VexatiousApplied(basis: basis, reason: reason, previousCase: previous)] }
        }
    }

    struct Transfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "transfer", abstract: "Transfer the request to the body that holds the information (Transferred); closes the case.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "The public body it went to.") var to: String
        @Option(help: "The day it was transferred (default: the day of --at).") var on: String?
        @Flag(inversion: .prefixedNo, help: "Whether the requester agreed to the transfer.") var requesterConsented: Bool?

        func run() async throws {
            let to = try ActionInput.nonBlank(to, "--to")
            try await FOICommand.record(options, reference) { c, _ in
                [Transferred(to: to, transferredOn: try c.day(on, "--on"), requesterConsented: requesterConsented)]
            }
        }
    }

    struct Respond: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "respond",
            abstract: "The response went to the requester (ResponseSent); closes the case.",
            discussion: "Every exemption relied on must have been applied (foi exempt), and a qualified one needs its public interest test (foi pit).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "grantedInFull, grantedInPart, refused, notHeld or neitherConfirmNorDeny.") var outcome: ResponseSent.Outcome
        @Option(name: .customLong("exemption"), help: "A provision relied on, e.g. 43(2); repeat for several.") var exemptions: [String] = []
        @Option(name: .customLong("document"), help: "A released document as \"Title=sha256hex\"; repeat for several.") var documents: [String] = []
        @Option(name: .customLong("document-file"), help: "A released file: its name and SHA-256 are recorded; repeat for several.") var documentFiles: [String] = []
        @Option(help: "The officer who signed the response off (default: --actor).") var signedOffBy: String?

        func run() async throws {
            let docs = try ActionInput.documents(documents, files: documentFiles)
            try await FOICommand.record(options, reference) { c, _ in
                [ResponseSent(outcome: outcome, exemptions: exemptions, documents: docs, signedOffBy: signedOffBy ?? c.actor.id, sentAt: c.instant)]
            }
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish", abstract: "Publish the released response on the disclosure log (PublishedToDisclosureLog), without the requester's identity.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "Where it is published.") var url: String?
        @Option(name: .customLong("document"), help: "A published document as \"Title=sha256hex\" (default: the documents the latest response released).")
        var documents: [String] = []
        @Option(name: .customLong("document-file"), help: "A published file; repeat for several.") var documentFiles: [String] = []
        @Option(help: "The day it was published (default: the day of --at).") var on: String?

        func run() async throws {
            let given = try ActionInput.documents(documents, files: documentFiles)
            try await FOICommand.record(options, reference) { c, facts in
                var docs = given
                if docs.isEmpty, let response = try facts.events().last(where: { $0.type == EventType.responseSent.rawValue }) {
                    docs = (response.payload["documents"]?.arrayValue ?? []).compactMap { d in
                        guard let t = d["title"]?.stringValue, let h = d["sha256"]?.stringValue else { return nil }
                        return ReleasedDocument(title: t, sha256: h)
                    }
                }
                return [PublishedToDisclosureLog(publishedOn: try c.day(on, "--on"), url: url, documents: docs)]
            }
        }
    }
}
