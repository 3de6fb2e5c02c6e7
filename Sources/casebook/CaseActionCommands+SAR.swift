import ArgumentParser
import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

/// `casebook sar …`: the steps of a subject access request (003 App. 3).
struct SARCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sar",
        abstract: "Record the steps of a subject access request: receive, request-id, verify-id, fee, clarify, third-party, extend, respond, ….",
        discussion: """
            The clock starts at the latest of receipt, proof of identity, fee paid and clarification received (003 §2.3.1).
            \(ActionGroupHelp.commonDiscussion)
            """,
        subcommands: [
            Receive.self, RequestID.self, VerifyID.self, Fee.self, FeePaidCommand<SARGroup>.self, ClarifyCommand<SARGroup>.self,
            ClarifiedCommand<SARGroup>.self, ThirdParty.self, Extend.self, Respond.self, WithdrawCommand<SARGroup>.self,
            ReviewRequestCommand<SARGroup>.self, ReviewDecideCommand<SARGroup>.self, ICOComplaintCommand<SARGroup>.self,
            DecisionNoticeCommand<SARGroup>.self,
        ])

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "receive", abstract: "Log a new subject access request (SARReceived); opens the case.")
        @OptionGroup var options: ActionOptions
        @Option(help: "The case reference (default: the next free SAR-YYYY-NNNN for the year received).") var reference: String?
        @Option(help: "How it arrived.") var channel: RequestChannel = .email
        @Option(help: "When it arrived (RFC 3339; default: --at, else now).") var receivedAt: String?
        @Option(help: "The data subject's name (stored encrypted).") var requesterName: String
        @Option(help: "The data subject's e-mail address.") var requesterEmail: String?
        @Option(help: "The data subject's postal address.") var requesterAddress: String?
        @Option(help: "The data subject's telephone number.") var requesterPhone: String?
        @Option(help: "Who made the request for the data subject, if not the data subject.") var representativeName: String?
        @Option(help: "The representative's relationship, e.g. solicitor, parent, attorney.") var representativeRelationship: String?
        @Option(help: "The representative's contact details.") var representativeContact: String?
        @Option(help: "What information is sought (personal, stored encrypted).") var summary: String
        @Option(help: "The service that holds the information.") var service: String?

        func run() async throws {
            var options = options
            if options.at == nil { options.at = receivedAt }
            let representative: Representative?
            switch (representativeName, representativeRelationship) {
            case (nil, nil): representative = nil
            case (let name?, let relationship?): representative = Representative(name: name, relationship: relationship, contact: representativeContact)
            default: throw CLIFailure("a representative needs both --representative-name and --representative-relationship")
            }
            let receivedAt = receivedAt
            try await CaseAction.open(options, reference: reference, prefix: .sar,
                                      year: { c in LocalDate((receivedAt.flatMap { Timestamp(rfc3339: $0) } ?? c.occurredAt).date).year },
                                      defaultRole: "officer") { c in
                SARReceived(
                    channel: channel, receivedAt: try c.instant(receivedAt, "--received-at"),
                    requester: Requester(name: try ActionInput.nonBlank(requesterName, "--requester-name"), email: requesterEmail,
                                         address: requesterAddress, phone: requesterPhone),
                    representative: representative, summary: try ActionInput.nonBlank(summary, "--summary"), service: service)
            }
        }
    }

    struct RequestID: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "request-id", abstract: "Ask for proof of identity (IdentityRequested); the clock waits.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. SAR-2026-0001.") var reference: String
        @Option(name: .customLong("evidence"), help: "Evidence asked for, e.g. \"photo ID\", \"proof of address\", \"signed mandate\"; repeat for several.")
        var evidence: [String] = []
        @Option(help: "The day it was asked for (default: the day of --at).") var on: String?

        func run() async throws {
            guard !evidence.isEmpty else { throw CLIFailure("give at least one --evidence, e.g. --evidence \"photo ID\"") }
            try await SARGroup.record(options, reference) { c, _ in [IdentityRequested(requestedOn: try c.day(on, "--on"), evidenceRequested: evidence)] }
        }
    }

    struct VerifyID: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-id", abstract: "The requester's identity was verified (IdentityVerified); record the kind of evidence, never document numbers.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "documentSighted, knownToService, electronicCheck or other.") var method: IdentityVerified.Method = .documentSighted
        @Flag(inversion: .prefixedNo, help: "Whether a representative's authority to act was also established.") var representativeAuthorityVerified: Bool?
        @Option(help: "The day it was verified (default: the day of --at).") var on: String?

        func run() async throws {
            try await SARGroup.record(options, reference) { c, _ in
                [IdentityVerified(verifiedOn: try c.day(on, "--on"), method: method, representativeAuthorityVerified: representativeAuthorityVerified)]
            }
        }
    }

    struct Fee: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "fee", abstract: "Ask for a fee (FeeRequested); the clock waits for payment.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "The fee in pounds, e.g. 10.") var amount: String
        @Option(help: "manifestlyUnfoundedOrExcessive, furtherCopies or statutoryFee.") var basis: FeeRequested.Basis
        @Option(help: "The day it was asked for (default: the day of --at).") var on: String?

        func run() async throws {
            let pence = try ActionInput.pence(amount, "--amount")
            try await SARGroup.record(options, reference) { c, _ in [FeeRequested(amountPence: pence, requestedOn: try c.day(on, "--on"), basis: basis)] }
        }
    }

    struct ThirdParty: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "third-party", abstract: "Decide about third-party information in the response (ThirdPartyInformationDecided, 003 §2.5).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "redacted, disclosedWithConsent, disclosedWithoutConsent or withheld.") var decision: ThirdPartyInformationDecided.Decision
        @Flag(help: "Consent was sought from the third party.") var consentSought = false
        @Option(help: "The balancing under §2.5.5 (stored encrypted); required to disclose without consent.") var rationale: String

        func run() async throws {
            try await SARGroup.record(options, reference) { _, _ in
                [ThirdPartyInformationDecided(decision: decision, consentSought: consentSought, rationale: rationale)]
            }
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extend", abstract: "Extend the deadline by up to two further months (SARExtended, UK GDPR Art 12(3)).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "complex or numerousRequests.") var reason: SARExtended.Reason
        @Option(help: "Further months, 1 or 2.") var months: Int = 2
        @Option(help: "The new due date as told to the requester (YYYY-MM-DD).") var newDueDate: String?
        @Option(help: "The day the requester was told, with reasons (default: the day of --at).") var informedOn: String?

        func run() async throws {
            let newDue = try newDueDate.map { try ActionInput.day($0, "--new-due-date").iso }
            try await SARGroup.record(options, reference) { c, _ in
                [SARExtended(reason: reason, months: months, newDueDate: newDue, requesterInformedOn: try c.day(informedOn, "--informed-on"))]
            }
        }
    }

    struct Respond: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "respond", abstract: "The response was supplied (SARResponded); closes the case.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "providedInFull, providedInPart, noDataHeld or refused.") var outcome: SARResponded.Outcome
        @Option(name: .customLong("exemption"), help: "A DPA 2018 exemption relied on, e.g. \"Sch2 Para5\"; repeat for several.") var exemptions: [String] = []
        @Option(name: .customLong("document"), help: "A supplied document as \"Title=sha256hex\"; repeat for several.") var documents: [String] = []
        @Option(name: .customLong("document-file"), help: "A supplied file; its name and SHA-256 are recorded.") var documentFiles: [String] = []
        @Option(help: "secureEmail, recordedDelivery, collection, inPerson or other.") var method: SARResponded.DeliveryMethod = .secureEmail
        @Option(help: "The officer who signed the response off (default: --actor).") var signedOffBy: String?

        func run() async throws {
            let docs = try ActionInput.documents(documents, files: documentFiles)
            try await SARGroup.record(options, reference) { c, _ in
                [SARResponded(outcome: outcome, exemptions: exemptions, documents: docs, method: method,
                              signedOffBy: signedOffBy ?? c.actor.id, respondedAt: c.instant)]
            }
        }
    }
}
