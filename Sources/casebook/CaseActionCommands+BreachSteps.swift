import ArgumentParser
import Casework
import Foundation
import CasebookCore

// `casebook breach update-form | decide-subjects | inform-party | contact-affected | review-release | outcome-letter`:
// the updated reporting form (the breach procedure §5.5), the decision whether to tell the data subjects (§6.2–6.3),
// and the wrongful-release protocol Steps 2, 4 and 5.
extension BreachCommand {
    struct UpdateForm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update-form",
            abstract: "The reporting form, updated with the investigation's outcome, went on (BreachReportUpdated, the breach procedure §5.5: within two weeks, to the Director and the Head of Legal).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("The investigation's outcome as written on the form (stored encrypted).")) var outcome: String?
        @Option(name: .customLong("sent-to"), help: "director, headOfLegal, businessManager or dataProtectionOfficer; repeat (default: director and headOfLegal).")
        var sentTo: [String] = []
        @Option(help: "Measures added since the first form.") var furtherMeasures: String?

        func run() async throws {
            var f = ActionFields()
            f.set("investigationOutcome", outcome, option: "--outcome")
            f.set("sentTo", loose(sentTo, BreachEscalated.Recipient.self), option: "--sent-to")
            f.set("furtherMeasures", furtherMeasures, option: "--further-measures")
            try await BreachCommand.run("update-form", options, reference, f)
        }
    }

    struct DecideSubjects: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decide-subjects",
            abstract: "Decide whether to tell the data subjects, with the reasons either way (DataSubjectNotificationDecided, the breach procedure §6.2–6.3; UK GDPR Art 34).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Argument(help: "notify or doNotNotify.") var decision: String
        @Option(help: ActionGroupHelp.required("Why, either way.")) var reasons: String?
        @Option(help: "For not telling the data subjects of a high-risk breach, the Art 34(3) condition: dataUnintelligible, riskNoLongerLikely or disproportionateEffort.")
        var condition: String?

        func run() async throws {
            var f = ActionFields()
            f.set("decision", loose(decision, DataSubjectNotificationDecided.Decision.self), option: "the decision (notify or doNotNotify)")
            f.set("reasons", reasons, option: "--reasons")
            f.set("condition", loose(condition, DataSubjectsNotTold.Condition.self), option: "--condition")
            try await BreachCommand.run("decide-subjects", options, reference, f)
        }
    }

    struct InformParty: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inform-party",
            abstract: "A party of the wrongful-release protocol was informed (WrongfulReleasePartyInformed, Steps 2 and 5); the time is --at.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The breach case reference.") var reference: String
        @Argument(help: "directorAndDirectorGeneral, foiTeam, pressOffice, privateOffice, permanentSecretaryOffice, legal, affectedParties or other.")
        var party: String
        @Option(help: "What they were told.") var about: String?

        func run() async throws {
            var f = ActionFields()
            f.set("party", loose(party, WrongfulReleaseLinked.Party.self), option: "the party")
            f.set("about", about, option: "--about")
            try await BreachCommand.run("inform-party", options, reference, f)
        }
    }

    struct ContactAffected: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "contact-affected",
            abstract: "An affected party was contacted about the wrongful release (AffectedPartyContacted, the wrongful-release protocol Step 4).",
            discussion: "Never share the requester's identity unless it is already public (Step 4 NB).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The breach case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("The individual or organisation contacted (stored encrypted).")) var party: String?
        @Option(help: ActionGroupHelp.required("Who made contact: directorGeneral, director, deputyDirector, headOfFOI, seniorOfficer or officer.")) var seniority: String?
        @Flag(inversion: .prefixedNo, help: ActionGroupHelp.required("Whether the information released was attached.")) var informationAttached: Bool?
        @Flag(inversion: .prefixedNo, help: ActionGroupHelp.required("Whether an apology was offered.")) var apology: Bool?
        @Flag(inversion: .prefixedNo, help: ActionGroupHelp.required("Whether we committed to investigate and write formally.")) var formalLetterPromised: Bool?
        @Option(help: "The handling / damage-limitation strategy they were told of.") var plan: String?
        @Option(help: "Support offered, e.g. legal support.") var support: String?

        func run() async throws {
            var f = ActionFields()
            f.set("party", party, option: "--party")
            f.set("contactedBySeniority", loose(seniority, AffectedPartyContacted.Seniority.self), option: "--seniority")
            f.set("informationAttached", informationAttached, option: "--information-attached or --no-information-attached")
            f.set("apologyOffered", apology, option: "--apology or --no-apology")
            f.set("formalLetterPromised", formalLetterPromised, option: "--formal-letter-promised or --no-formal-letter-promised")
            f.set("damageLimitationPlan", plan, option: "--plan")
            f.set("supportOffered", support, option: "--support")
            try await BreachCommand.run("contact-affected", options, reference, f)
        }
    }

    struct ReviewRelease: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review-release",
            abstract: "What went wrong in the wrongful release, and whether the FOI protocols need strengthening (WrongfulReleaseReviewed, the wrongful-release protocol Step 5).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The breach case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("What went wrong (stored encrypted).")) var whatWentWrong: String?
        @Flag(inversion: .prefixedNo, help: ActionGroupHelp.required("Whether the FOI protocols need strengthening.")) var protocolsNeedStrengthening: Bool?
        @Option(help: "The strengthening proposed.") var strengthening: String?
        @Flag(inversion: .prefixedNo, help: "Whether it was discussed with the FOI team.") var discussedWithFoiTeam: Bool?
        @Option(help: "The day of the review (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("whatWentWrong", whatWentWrong, option: "--what-went-wrong")
            f.set("protocolsNeedStrengthening", protocolsNeedStrengthening, option: "--protocols-need-strengthening or --no-protocols-need-strengthening")
            f.set("strengthening", strengthening, option: "--strengthening")
            f.set("discussedWithFOITeam", discussedWithFoiTeam, option: "--discussed-with-foi-team")
            f.set("reviewedOn", on, option: "--on")
            try await BreachCommand.run("review-release", options, reference, f)
        }
    }

    struct OutcomeLetter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "outcome-letter",
            abstract: "An affected party was written to with the outcome of the review (WrongfulReleaseOutcomeLetterSent, the wrongful-release protocol Step 5).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The breach case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("The individual or organisation written to (stored encrypted).")) var party: String?
        @Option(help: ActionGroupHelp.required("The action taken, as the letter says.")) var actionTaken: String?
        @Option(help: "The day it was sent (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("party", party, option: "--party")
            f.set("actionTaken", actionTaken, option: "--action-taken")
            f.set("sentOn", on, option: "--on")
            try await BreachCommand.run("outcome-letter", options, reference, f)
        }
    }
}

extension FOICommand {
    struct WithdrawPublication: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "withdraw-publication",
            abstract: "Withdraw material published on the disclosure log in error (PublicationWithdrawn); the public log then shows only the reference and the day withdrawn.",
            discussion: "Only a published case can be withdrawn; publish it again later with `casebook foi publish`.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("Why it is withdrawn (kept on the FOI register, never shown on the public log).")) var reason: String?
        @Option(help: "The day it was withdrawn (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("reason", reason, option: "--reason")
            f.set("withdrawnOn", on, option: "--on")
            try await FOICommand.run("withdraw-publication", options, reference, f)
        }
    }
}
