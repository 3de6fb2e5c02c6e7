import ArgumentParser
import CasebookCore
import Casework
import Foundation

/// `casebook agreement …`: data-sharing and data-processing agreements (the data protection policy
/// Appendix 5; the data-sharing guidance §4 'Accuracy' and §5 'Security').
struct AgreementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Record a data-sharing or data-processing agreement: propose, inform-legal, sign, review, end.",
        discussion: """
            A processing agreement (an external agency processes personal data for the council) cannot be signed before the Head of \
            Legal and Democratic Services has been informed (the data protection policy Appendix 5 §4.1; rule \
            Agreement.processingSignedBeforeHeadOfLegalInformed). Each agreement's next review is a due step on the agreements register.
            \(ActionGroupHelp.commonDiscussion)
            """,
        subcommands: [Propose.self, InformLegal.self, Sign.self, Review.self, End.self])

    static func run(_ name: String, _ options: ActionOptions, _ reference: String?, _ f: ActionFields) async throws {
        try await ActionRunner.run(name, in: .agreement, options, reference: reference, f)
    }

    struct Propose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "propose", abstract: "Record an agreement drafted and proposed to a partner (AgreementProposed); opens the case.")
        @OptionGroup var options: ActionOptions
        @Option(help: "The case reference (default: the next free DSA-YYYY-NNNN for the year proposed).") var reference: String?
        @Option(help: ActionGroupHelp.required("sharing (the partner's own use) or processing (on the council's behalf; Appendix 5 §1).")) var type: String?
        @Option(help: ActionGroupHelp.required("The partner organisation.")) var partner: String?
        @Option(help: ActionGroupHelp.required("What the data is shared or processed for.")) var purpose: String?
        @Option(help: ActionGroupHelp.required("The service that owns the agreement.")) var service: String?
        @Option(help: ActionGroupHelp.required("The security procedures agreed with the partner (the data-sharing guidance §5).")) var securityProcedures: String?
        @Option(help: ActionGroupHelp.required("The standards of accuracy agreed with the partner (the data-sharing guidance §4).")) var accuracyStandards: String?
        @Option(help: ActionGroupHelp.required("When the agreement is first to be reviewed (YYYY-MM-DD).")) var reviewDue: String?
        @Option(help: "The day it was proposed (default: the day of --at).") var proposedOn: String?

        func run() async throws {
            var f = ActionFields()
            f.set("type", loose(type, AgreementType.self), option: "--type")
            f.set("partner", partner, option: "--partner")
            f.set("purpose", purpose, option: "--purpose")
            f.set("service", service, option: "--service")
            f.set("securityProcedures", securityProcedures, option: "--security-procedures")
            f.set("accuracyStandards", accuracyStandards, option: "--accuracy-standards")
            f.set("reviewDueOn", reviewDue, option: "--review-due")
            f.set("proposedOn", proposedOn, option: "--proposed-on")
            var options = options
            if options.at == nil { options.at = proposedOn }
            try await AgreementCommand.run("propose", options, reference, f)
        }
    }

    struct InformLegal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inform-legal",
            abstract: "The Head of Legal and Democratic Services was informed (HeadOfLegalInformed; Appendix 5 §4.1).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. DSA-2026-0001.") var reference: String
        @Option(help: "Who informed them (default: you).") var by: String?
        @Option(help: "The day they were informed (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("informedBy", by, option: "--by")
            f.set("informedOn", on, option: "--on")
            try await AgreementCommand.run("inform-legal", options, reference, f)
        }
    }

    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sign", abstract: "The council signed the agreement (AgreementSigned).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. DSA-2026-0001.") var reference: String
        @Option(help: "Who signed for the council (default: you).") var signedBy: String?
        @Option(help: "For processing: separateAgreement or contractSection (Appendix 5 §4.2).") var form: String?
        @Option(help: "The day it was signed (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("signedBy", signedBy, option: "--signed-by")
            f.set("form", loose(form, AgreementSigned.Form.self), option: "--form")
            f.set("signedOn", on, option: "--on")
            try await AgreementCommand.run("sign", options, reference, f)
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review", abstract: "The agreement was reviewed with the partner (AgreementReviewed); sets the next review.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. DSA-2026-0001.") var reference: String
        @Option(help: ActionGroupHelp.required("When it is next to be reviewed (YYYY-MM-DD).")) var nextReviewDue: String?
        @Option(help: ActionGroupHelp.required("What the review found (accuracy, security, changes agreed).")) var findings: String?
        @Option(help: "The reviewing officer (default: you).") var reviewer: String?
        @Option(help: "The day it was reviewed (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("nextReviewDueOn", nextReviewDue, option: "--next-review-due")
            f.set("findings", findings, option: "--findings")
            f.set("reviewer", reviewer, option: "--reviewer")
            f.set("reviewedOn", on, option: "--on")
            try await AgreementCommand.run("review", options, reference, f)
        }
    }

    struct End: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "end", abstract: "The agreement ended (AgreementEnded); closes the case.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. DSA-2026-0001.") var reference: String
        @Option(help: ActionGroupHelp.required("expired, terminated, replaced or neverSigned.")) var reason: String?
        @Option(help: "What happens to the data shared (returned, destroyed).") var dataDisposal: String?
        @Option(help: "The day it ended (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("reason", loose(reason, AgreementEnded.Reason.self), option: "--reason")
            f.set("dataDisposal", dataDisposal, option: "--data-disposal")
            f.set("endedOn", on, option: "--on")
            try await AgreementCommand.run("end", options, reference, f)
        }
    }
}
