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
            DecisionNoticeCommand<SARGroup>.self, Exempt.self, SCRARequest.self, SCRAConsent.self, ChildConsent.self, Update.self,
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
        @Option(help: "The data subject's age, when a child (the data protection policy §2.2.4: a child of 12 or over is presumed to have capacity).")
        var dataSubjectAge: Int?

        func run() async throws {
            var f = ActionFields()
            f.set("dataSubjectAge", dataSubjectAge, option: "--data-subject-age")
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
        @Option(name: .customLong("content"), help: "What the response told the requester (the data protection policy §2.8.1): controllerIdentity, descriptionOfData, purposes, recipients, automatedDecisionMaking, source; repeat for each. The register shows the others as missing steps.")
        var contents: [String] = []
        @Option(help: "The note of the information supplied kept on file (the data protection policy §2.8.5; stored encrypted).") var suppliedNote: String?
        @Flag(inversion: .prefixedNo, help: "Whether information originating from SCRA was released (only with its consent, the data protection policy §2.7.3.1).")
        var scraInformationReleased: Bool?

        func run() async throws {
            var f = ActionFields()
            f.set("contentsSupplied", loose(contents, SARResponseContent.self), option: "--content")
            f.set("suppliedNote", suppliedNote, option: "--supplied-note")
            f.set("scraInformationReleased", scraInformationReleased, option: "--scra-information-released")
            f.set("outcome", loose(outcome, SARResponded.Outcome.self), option: "--outcome")
            f.set("exemptions", exemptions, option: "--exemption")
            f.documents("documents", documents, files: documentFiles, option: "--document")
            f.set("method", loose(method, SARResponded.DeliveryMethod.self), option: "--method")
            f.set("signedOffBy", signedOffBy, option: "--signed-off-by")
            try await SARCommand.run("respond", options, reference, f)
        }
    }

    struct Exempt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exempt", abstract: "Apply an exemption from subject access (SARExemptionApplied; DPA 2018 Schedules 2–4, the data protection policy §2.6).",
            discussion: "The paragraphs (as enacted): " + SARExemptionCatalogue.entries.map { "\($0.paragraph) \($0.title)" }.joined(separator: "; ") + ".")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("The DPA 2018 paragraph, e.g. \"Sch2 Para24\".")) var paragraph: String?
        @Option(help: ActionGroupHelp.required("Why it applies (stored encrypted).")) var reasons: String?
        @Option(help: "Which information or documents it is applied to.") var appliesTo: String?

        func run() async throws {
            var f = ActionFields()
            f.set("paragraph", paragraph, option: "--paragraph")
            f.set("reasons", reasons, option: "--reasons")
            f.set("appliesTo", appliesTo, option: "--applies-to")
            try await SARCommand.run("exempt", options, reference, f)
        }
    }

    struct SCRARequest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scra-request", abstract: "SCRA's consent was sought to release social work information originating from it (SCRAConsentRequested; the data protection policy §2.7.3.1).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "Which information originates from SCRA (identity-free).") var information: String?
        @Option(help: "The day it was sought (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("information", information, option: "--information")
            f.set("requestedOn", on, option: "--on")
            try await SARCommand.run("scra-request", options, reference, f)
        }
    }

    struct SCRAConsent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scra-consent", abstract: "SCRA's answer, or that none came (SCRAConsentRecorded); without consent its information is not released (the data protection policy §2.7.3.1).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("given, refused or noResponse.")) var outcome: String?
        @Option(help: "The day it was recorded (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("outcome", loose(outcome, SCRAConsentRecorded.Outcome.self), option: "--outcome")
            f.set("recordedOn", on, option: "--on")
            try await SARCommand.run("scra-consent", options, reference, f)
        }
    }

    struct ChildConsent: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "child-consent", abstract: "A child data subject's capacity and consent to the representative (ChildConsentRecorded; the data protection policy §2.2.4).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Flag(inversion: .prefixedNo, help: ActionGroupHelp.required("Whether the child has capacity to exercise the right themselves.")) var childHasCapacity: Bool?
        @Flag(inversion: .prefixedNo, help: "Whether the child consents to the representative receiving their information (required when the child has capacity).")
        var childConsents: Bool?
        @Option(help: "How capacity was assessed (stored encrypted).") var notes: String?
        @Option(help: "The day it was recorded (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("childHasCapacity", childHasCapacity, option: "--child-has-capacity")
            f.set("childConsents", childConsents, option: "--child-consents")
            f.set("notes", notes, option: "--notes")
            f.set("recordedOn", on, option: "--on")
            try await SARCommand.run("child-consent", options, reference, f)
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update", abstract: "The requester was updated on progress and the estimated timescale (RequesterUpdated; the data protection policy §2.3.2).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "The response date the requester was given (YYYY-MM-DD).") var estimatedResponseOn: String?
        @Option(help: "Why there is a delay, if there is one (identity-free).") var reason: String?
        @Option(help: "The day the requester was updated (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("estimatedResponseOn", estimatedResponseOn, option: "--estimated-response-on")
            f.set("reason", reason, option: "--reason")
            f.set("updatedOn", on, option: "--on")
            try await SARCommand.run("update", options, reference, f)
        }
    }
}
