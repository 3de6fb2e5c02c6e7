import ArgumentParser
import CasebookCore
import Casework
import Foundation

/// `casebook sar …`: the steps of a subject access request (UK GDPR Art 15; DPA 2018).
struct SARCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sar",
        abstract: "Record the steps of a subject access request: receive, request-id, verify-id, fee, clarify, third-party, extend, respond, ….",
        discussion: """
            The clock starts at the latest of receipt, proof of identity, fee paid and clarification received (the organisation's data protection policy §2.3.1).
            \(ActionGroupHelp.commonDiscussion)
            """,
        subcommands: [
            Receive.self, RequestID.self, VerifyID.self, Fee.self, FeePaidCommand<SARGroup>.self, ClarifyCommand<SARGroup>.self,
            ClarifiedCommand<SARGroup>.self, ThirdParty.self, Extend.self, Respond.self, WithdrawCommand<SARGroup>.self,
            ReviewRequestCommand<SARGroup>.self, ReviewDecideCommand<SARGroup>.self, ICOComplaintCommand<SARGroup>.self,
            DecisionNoticeCommand<SARGroup>.self,
        ])

    static func run(_ name: String, _ options: ActionOptions, _ reference: String?, _ f: ActionFields) async throws {
        try await ActionRunner.run(name, in: .sar, options, reference: reference, f)
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "receive", abstract: "Log a new subject access request (SARReceived); opens the case.")
        @OptionGroup var options: ActionOptions
        @Option(help: "The case reference (default: the next free SAR-YYYY-NNNN for the year received).") var reference: String?
        @Option(help: "How it arrived: email, post, webForm, social, inPerson or other (default: email).") var channel: String?
        @Option(help: "When it arrived (default: --at, else now).") var receivedAt: String?
        @Option(help: ActionGroupHelp.required("The data subject's name (stored encrypted).")) var requesterName: String?
        @Option(help: "The data subject's e-mail address.") var requesterEmail: String?
        @Option(help: "The data subject's postal address.") var requesterAddress: String?
        @Option(help: "The data subject's telephone number.") var requesterPhone: String?
        @Option(help: "Who made the request for the data subject, if not the data subject.") var representativeName: String?
        @Option(help: "The representative's relationship, e.g. solicitor, parent, attorney.") var representativeRelationship: String?
        @Option(help: "The representative's contact details.") var representativeContact: String?
        @Option(help: ActionGroupHelp.required("What information is sought (personal, stored encrypted).")) var summary: String?
        @Option(help: "The service that holds the information.") var service: String?

        func run() async throws {
            var f = ActionFields()
            f.set("channel", loose(channel, RequestChannel.self), option: "--channel")
            f.set("receivedAt", receivedAt, option: "--received-at")
            f.person("requester", prefix: "requester", [("name", requesterName), ("email", requesterEmail), ("address", requesterAddress), ("phone", requesterPhone)])
            f.person("representative", prefix: "representative",
                     [("name", representativeName), ("relationship", representativeRelationship), ("contact", representativeContact)])
            f.set("summary", summary, option: "--summary")
            f.set("service", service, option: "--service")
            var options = options
            if options.at == nil { options.at = receivedAt }
            try await SARCommand.run("receive", options, reference, f)
        }
    }

    struct RequestID: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "request-id", abstract: "Ask for proof of identity (IdentityRequested); the clock waits.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. SAR-2026-0001.") var reference: String
        @Option(name: .customLong("evidence"), help: ActionGroupHelp.required("Evidence asked for, e.g. \"photo ID\", \"proof of address\", \"signed mandate\"; repeat for several."))
        var evidence: [String] = []
        @Option(help: "The day it was asked for (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("evidenceRequested", evidence, option: "--evidence")
            f.set("requestedOn", on, option: "--on")
            try await SARCommand.run("request-id", options, reference, f)
        }
    }

    struct VerifyID: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-id", abstract: "The requester's identity was verified (IdentityVerified); record the kind of evidence, never document numbers.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "documentSighted, knownToService, electronicCheck or other (default: documentSighted).") var method: String?
        @Flag(inversion: .prefixedNo, help: "Whether a representative's authority to act was also established.") var representativeAuthorityVerified: Bool?
        @Option(help: "The day it was verified (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("method", loose(method, IdentityVerified.Method.self), option: "--method")
            f.set("representativeAuthorityVerified", representativeAuthorityVerified, option: "--representative-authority-verified")
            f.set("verifiedOn", on, option: "--on")
            try await SARCommand.run("verify-id", options, reference, f)
        }
    }

    struct Fee: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "fee", abstract: "Ask for a fee (FeeRequested); the clock waits for payment.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("The fee in pounds, e.g. 10.")) var amount: String?
        @Option(help: ActionGroupHelp.required("manifestlyUnfoundedOrExcessive, furtherCopies or statutoryFee.")) var basis: String?
        @Option(help: "The day it was asked for (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.pence("amountPence", amount, option: "--amount")
            f.set("basis", loose(basis, FeeRequested.Basis.self), option: "--basis")
            f.set("requestedOn", on, option: "--on")
            try await SARCommand.run("fee", options, reference, f)
        }
    }

    struct ThirdParty: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "third-party", abstract: "Decide about third-party information in the response (ThirdPartyInformationDecided).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("redacted, disclosedWithConsent, disclosedWithoutConsent or withheld.")) var decision: String?
        @Flag(help: "Consent was sought from the third party.") var consentSought = false
        @Option(help: ActionGroupHelp.required("The balancing of the third party's interests against the requester's (stored encrypted).")) var rationale: String?

        func run() async throws {
            var f = ActionFields()
            f.set("decision", loose(decision, ThirdPartyInformationDecided.Decision.self), option: "--decision")
            f.set("consentSought", consentSought, option: "--consent-sought")
            f.set("rationale", rationale, option: "--rationale")
            try await SARCommand.run("third-party", options, reference, f)
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extend", abstract: "Extend the deadline by up to two further months (SARExtended, UK GDPR Art 12(3)).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("complex or numerousRequests.")) var reason: String?
        @Option(help: "Further months, 1 or 2 (default: 2).") var months: Int?
        @Option(help: "The new due date as told to the requester (YYYY-MM-DD).") var newDueDate: String?
        @Option(help: "The day the requester was told, with reasons (default: the day of --at).") var informedOn: String?

        func run() async throws {
            var f = ActionFields()
            f.set("reason", loose(reason, SARExtended.Reason.self), option: "--reason")
            f.set("months", months, option: "--months")
            f.set("newDueDate", newDueDate, option: "--new-due-date")
            f.set("requesterInformedOn", informedOn, option: "--informed-on")
            try await SARCommand.run("extend", options, reference, f)
        }
    }

    struct Respond: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "respond", abstract: "The response was supplied (SARResponded); closes the case.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("providedInFull, providedInPart, noDataHeld or refused.")) var outcome: String?
        @Option(name: .customLong("exemption"), help: "A DPA 2018 exemption relied on, e.g. \"Sch2 Para5\"; repeat for several.") var exemptions: [String] = []
        @Option(name: .customLong("document"), help: "A supplied document as \"Title=sha256hex\"; repeat for several.") var documents: [String] = []
        @Option(name: .customLong("document-file"), help: "A supplied file; its name and SHA-256 are recorded.") var documentFiles: [String] = []
        @Option(help: "secureEmail, recordedDelivery, collection, inPerson or other (default: secureEmail).") var method: String?
        @Option(help: "The officer who signed the response off (default: you).") var signedOffBy: String?

        func run() async throws {
            var f = ActionFields()
            f.set("outcome", loose(outcome, SARResponded.Outcome.self), option: "--outcome")
            f.set("exemptions", exemptions, option: "--exemption")
            f.documents("documents", documents, files: documentFiles, option: "--document")
            f.set("method", loose(method, SARResponded.DeliveryMethod.self), option: "--method")
            f.set("signedOffBy", signedOffBy, option: "--signed-off-by")
            try await SARCommand.run("respond", options, reference, f)
        }
    }
}
