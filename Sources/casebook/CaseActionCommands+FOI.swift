import ArgumentParser
import CasebookCore
import Casework
import Foundation

/// `casebook foi …`: the steps of an FOI/EIR/FOISA request (FOIA 2000, EIR 2004, FOISA 2002).
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
            ICOComplaintCommand<FOIGroup>.self, DecisionNoticeCommand<FOIGroup>.self, Publish.self, WithdrawPublication.self, ReviewExtend.self, ChannelToSAR.self,
        ])

    static func run(_ name: String, _ options: ActionOptions, _ reference: String?, _ f: ActionFields) async throws {
        try await ActionRunner.run(name, in: .foi, options, reference: reference, f)
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "receive", abstract: "Log a new request (RequestReceived); opens the case.")
        @OptionGroup var options: ActionOptions
        @Option(help: "The case reference (default: the next free FOI-YYYY-NNNN, or EIR-YYYY-NNNN for --regime eir, for the year received).")
        var reference: String?
        @Option(help: "foia, foisa or eir (default: foia).") var regime: String?
        @Option(help: "How it arrived: email, post, webForm, social, inPerson or other (default: email).") var channel: String?
        @Option(help: "When it arrived (default: --at, else now). The clock counts from this day.") var receivedAt: String?
        @Option(help: ActionGroupHelp.required("The requester's name (personal data, stored encrypted).")) var requesterName: String?
        @Option(help: "The requester's e-mail address.") var requesterEmail: String?
        @Option(help: "The requester's postal address.") var requesterAddress: String?
        @Option(help: "The requester's telephone number.") var requesterPhone: String?
        @Option(help: "individual, media, business, mpOrElected, campaign or other (default: individual); the register shows this, never the identity.")
        var requesterType: String?
        @Option(help: ActionGroupHelp.required("What is asked for, written without identities: it is published on the disclosure log.")) var summary: String?
        @Option(help: "The service that holds the information.") var service: String?
        @Option(help: "A JSON object of RequestReceived fields, under the options.") var form: String?

        func run() async throws {
            var f = ActionFields()
            f.form = form
            f.set("regime", loose(regime, Regime.self), option: "--regime")
            f.set("channel", loose(channel, RequestChannel.self), option: "--channel")
            f.set("receivedAt", receivedAt ?? options.at, option: "--received-at")
            f.person("requester", prefix: "requester", [("name", requesterName), ("email", requesterEmail), ("address", requesterAddress), ("phone", requesterPhone)])
            f.set("requesterType", loose(requesterType, RequesterType.self), option: "--requester-type")
            f.set("summary", summary, option: "--summary")
            f.set("service", service, option: "--service")
            var options = options
            if options.at == nil { options.at = receivedAt }
            try await FOICommand.run("receive", options, reference, f)
        }
    }

    struct Acknowledge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "acknowledge", abstract: "The requester was sent an acknowledgement (RequestAcknowledged; policy: within 48 hours).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. FOI-2026-0001.") var reference: String
        @Option(help: "How the acknowledgement was sent: email, post, webForm, social, inPerson or other.") var channel: String?

        func run() async throws {
            var f = ActionFields()
            f.set("channel", loose(channel, RequestChannel.self), option: "--channel")
            try await FOICommand.run("acknowledge", options, reference, f)
        }
    }

    struct FeeNotice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "fee-notice", abstract: "A fees notice was issued (FeeNoticeIssued); the clock stops until payment (s10(2)).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("The fee in pounds, e.g. 12.50.")) var amount: String?
        @Option(help: "The day the notice was issued (default: the day of --at).") var on: String?
        @Option(help: "What the fee covers, e.g. copying and postage.") var basis: String?

        func run() async throws {
            var f = ActionFields()
            f.pence("amountPence", amount, option: "--amount")
            f.set("issuedOn", on, option: "--on")
            f.set("basis", basis, option: "--basis")
            try await FOICommand.run("fee-notice", options, reference, f)
        }
    }

    struct Exempt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exempt",
            abstract: "Apply an exemption or EIR exception (ExemptionApplied); one event per --section.",
            discussion: "The class defaults to the catalogue's for the case's regime (FOIA s43 qualified, s41 absolute, …); give --class where the provision can be either (e.g. 36, 40(2)).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(name: .customLong("section"), help: ActionGroupHelp.required("The provision, as in the statute: 43(2), 40(2), EIR 12(5)(e). Repeat for several."))
        var sections: [String] = []
        @Option(name: .customLong("class"), help: "absolute or qualified (default: from the exemption catalogue).") var exemptionClass: String?
        @Option(help: ActionGroupHelp.required("Why the exemption engages.")) var reason: String?
        @Option(help: "Which information or documents it is applied to.") var appliesTo: String?
        @Option(help: "For s21 (FOISA s25): where the information is available, e.g. a web address (the FOI policy Appendix 1).") var availableAt: String?

        func run() async throws {
            var f = ActionFields()
            f.set("sections", sections, option: "--section")
            f.set("class", loose(exemptionClass, ExemptionClass.self), option: "--class")
            f.set("reason", reason, option: "--reason")
            f.set("appliesTo", appliesTo, option: "--applies-to")
            f.set("availableAt", availableAt, option: "--available-at")
            try await FOICommand.run("exempt", options, reference, f)
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
        @Option(help: ActionGroupHelp.required("The reasoning: how the factors were weighed.")) var reasoning: String?
        @Option(help: ActionGroupHelp.required("maintained (the exemption stands) or disclose.")) var outcome: String?

        func run() async throws {
            var f = ActionFields()
            f.set("sections", sections, option: "--section")
            f.set("factorsForDisclosure", forDisclosure, option: "--factor-for-disclosure")
            f.set("factorsForMaintaining", forMaintaining, option: "--factor-for-maintaining")
            f.set("reasoning", reasoning, option: "--reasoning")
            f.set("outcome", loose(outcome, PublicInterestTestRecorded.Outcome.self), option: "--outcome")
            try await FOICommand.run("pit", options, reference, f)
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extend",
            abstract: "Extend the deadline (DeadlineExtended): FOIA public interest test (s10(3)) or EIR complex and voluminous (reg 7).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "publicInterestTest or complexAndVoluminous (default: by the case's regime).") var reason: String?
        @Option(help: "Extra working days, 1–20 (default: 20).") var workingDays: Int?
        @Option(help: "The new due date as told to the requester (YYYY-MM-DD).") var newDueDate: String?
        @Option(help: "What the requester was told.") var explanation: String?

        func run() async throws {
            var f = ActionFields()
            f.set("reason", loose(reason, DeadlineExtended.Reason.self), option: "--reason")
            f.set("workingDays", workingDays, option: "--working-days")
            f.set("newDueDate", newDueDate, option: "--new-due-date")
            f.set("explanation", explanation, option: "--explanation")
            try await FOICommand.run("extend", options, reference, f)
        }
    }

    struct CostLimit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cost-limit", abstract: "Compliance would exceed the appropriate limit (CostLimitApplied, s12); respond with outcome refused.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("Estimated hours to comply.")) var hours: Int?
        @Option(help: "The appropriate limit in pounds (default: the policy's, 450 or 600 for central government).") var limit: String?
        @Option(help: "The hourly rate in pounds (default: the policy's, 25).") var hourlyRate: String?
        @Option(help: "Advice and assistance offered to bring the request within the limit (s16).") var advice: String?

        func run() async throws {
            var f = ActionFields()
            f.set("estimatedHours", hours, option: "--hours")
            f.pence("limitPence", limit, option: "--limit")
            f.pence("hourlyRatePence", hourlyRate, option: "--hourly-rate")
            f.set("adviceAndAssistance", advice, option: "--advice")
            try await FOICommand.run("cost-limit", options, reference, f)
        }
    }

    struct Vexatious: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vexatious", abstract: "The request is vexatious or repeated (VexatiousApplied, s14); respond with outcome refused.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "vexatious or repeated (default: vexatious).") var basis: String?
        @Option(help: ActionGroupHelp.required("Why.")) var reason: String?
        @Option(help: "For a repeated request, the earlier case it repeats.") var previousCase: String?

        func run() async throws {
            var f = ActionFields()
            f.set("basis", loose(basis, VexatiousApplied.Basis.self), option: "--basis")
            f.set("reason", reason, option: "--reason")
            f.set("previousCase", previousCase, option: "--previous-case")
            try await FOICommand.run("vexatious", options, reference, f)
        }
    }

    struct Transfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "transfer", abstract: "Transfer the request to the body that holds the information (Transferred); closes the case.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("The public body it went to.")) var to: String?
        @Option(help: "The day it was transferred (default: the day of --at).") var on: String?
        @Flag(inversion: .prefixedNo, help: "Whether the requester agreed to the transfer.") var requesterConsented: Bool?

        func run() async throws {
            var f = ActionFields()
            f.set("to", to, option: "--to")
            f.set("transferredOn", on, option: "--on")
            f.set("requesterConsented", requesterConsented, option: "--requester-consented")
            try await FOICommand.run("transfer", options, reference, f)
        }
    }

    struct Respond: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "respond",
            abstract: "The response went to the requester (ResponseSent); closes the case.",
            discussion: "Every exemption relied on must have been applied (foi exempt), and a qualified one needs its public interest test (foi pit).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("grantedInFull, grantedInPart, refused, notHeld or neitherConfirmNorDeny.")) var outcome: String?
        @Option(name: .customLong("exemption"), help: "A provision relied on, e.g. 43(2); repeat for several.") var exemptions: [String] = []
        @Option(name: .customLong("document"), help: "A released document as \"Title=sha256hex\"; repeat for several.") var documents: [String] = []
        @Option(name: .customLong("document-file"), help: "A released file: its name and SHA-256 are recorded; repeat for several.") var documentFiles: [String] = []
        @Option(help: "The officer who signed the response off (default: you).") var signedOffBy: String?
        @Flag(inversion: .prefixedNo, help: "Whether the response told the requester how to ask for an internal review and its timescale (the FOI policy \"Complaints\"); the register shows a missing step until recorded.")
        var reviewRightsGiven: Bool?
        @Flag(inversion: .prefixedNo, help: "Whether it told the requester of the right of appeal to the ICO (the Scottish Information Commissioner under FOISA).")
        var appealRightsGiven: Bool?

        func run() async throws {
            var f = ActionFields()
            f.set("outcome", loose(outcome, ResponseSent.Outcome.self), option: "--outcome")
            f.set("exemptions", exemptions, option: "--exemption")
            f.documents("documents", documents, files: documentFiles, option: "--document")
            f.set("signedOffBy", signedOffBy, option: "--signed-off-by")
            f.set("reviewRightsGiven", reviewRightsGiven, option: "--review-rights-given")
            f.set("appealRightsGiven", appealRightsGiven, option: "--appeal-rights-given")
            try await FOICommand.run("respond", options, reference, f)
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
            var f = ActionFields()
            f.set("url", url, option: "--url")
            f.documents("documents", documents, files: documentFiles, option: "--document")
            f.set("publishedOn", on, option: "--on")
            try await FOICommand.run("publish", options, reference, f)
        }
    }

    struct ReviewExtend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review-extend",
            abstract: "Extend an open internal review because it is complex (InternalReviewExtended; the FOI policy \"Complaints\": 20 working days, exceptionally 40).",
            discussion: "FOIA only, once per review, before it falls due; EIR reconsiderations (reg 11(4)) and FOISA reviews (s21(1)) cannot be extended.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("Why the review is complex.")) var reasons: String?
        @Option(help: "Further working days (default: up to the policy's 40 in all).") var workingDays: Int?
        @Option(help: "The new due date as told to the requester (YYYY-MM-DD).") var newDueDate: String?
        @Option(help: "The day the requester was told of the new timescale.") var requesterInformedOn: String?
        @Option(help: "The day it was extended (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("reasons", reasons, option: "--reasons")
            f.set("workingDays", workingDays, option: "--working-days")
            f.set("newDueDate", newDueDate, option: "--new-due-date")
            f.set("requesterInformedOn", requesterInformedOn, option: "--requester-informed-on")
            f.set("extendedOn", on, option: "--on")
            try await FOICommand.run("review-extend", options, reference, f)
        }
    }

    struct ChannelToSAR: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "channel-to-sar",
            abstract: "The request is for the requester's own personal data (s40(1)): close it and open the linked SAR (ChannelledToSubjectAccess + SARReceived, one append).",
            discussion: "The SAR takes the request's requester, channel, receipt and summary unless given (the FOI policy Appendix 2; the data protection policy §2.1.4). Both registers show the link.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The FOI/EIR case reference.") var reference: String
        @Option(help: "The SAR reference to open (default: the next free SAR-YYYY-NNNN).") var sarCase: String?
        @Option(help: "Why the information is the requester's own personal data (identity-free).") var reason: String?
        @Option(help: "The day it was channelled (default: the day of --at).") var on: String?
        @Option(help: "What the SAR seeks (personal, stored encrypted; default: the request's summary).") var summary: String?
        @Option(help: "The service that holds the information (default: the request's).") var service: String?
        @Option(help: "When the SAR counts as received (default: when the request was received).") var receivedAt: String?
        @Option(help: "The data subject's age, when a child (the data protection policy §2.2.4).") var dataSubjectAge: Int?

        func run() async throws {
            var f = ActionFields()
            f.set("sarCase", sarCase, option: "--sar-case")
            f.set("reason", reason, option: "--reason")
            f.set("channelledOn", on, option: "--on")
            f.set("summary", summary, option: "--summary")
            f.set("service", service, option: "--service")
            f.set("receivedAt", receivedAt, option: "--received-at")
            f.set("dataSubjectAge", dataSubjectAge, option: "--data-subject-age")
            try await FOICommand.run("channel-to-sar", options, reference, f)
        }
    }
}
