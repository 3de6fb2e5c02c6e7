import ArgumentParser
import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

/// `casebook breach …`: a personal-data breach from the reporting form to closure (the breach procedure; UK GDPR Arts 33–34).
struct BreachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breach",
        abstract: "Record a personal-data breach: report, escalate, assess, investigate, conclude, decide-ico, notify-ico, decide-subjects, notify-subjects, police, update-form, close, link-release, inform-party, contact-affected, review-release, outcome-letter.",
        discussion: """
            The ICO's 72 hours run from --discovered-at. report, assess and link-release take --form FILE.json: a JSON object \
            of the event's fields (the full reporting form), with any options given laid over it.
            \(ActionGroupHelp.commonDiscussion)
            """,
        subcommands: [
            Report.self, Escalate.self, Assess.self, Investigate.self, Conclude.self, DecideICO.self, NotifyICO.self,
            NotifySubjects.self, Police.self, Close.self, LinkRelease.self, UpdateForm.self, DecideSubjects.self, InformParty.self,
            ContactAffected.self, ReviewRelease.self, OutcomeLetter.self,
        ])

    static func run(_ name: String, _ options: ActionOptions, _ reference: String?, _ f: ActionFields) async throws {
        try await ActionRunner.run(name, in: .breach, options, reference: reference, f)
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "File the breach reporting form (BreachReported, the breach procedure Appendix 1); opens the case.",
            discussion: "Give the form's fields as options, or as a JSON object with --form (options win where both give a field).")
        @OptionGroup var options: ActionOptions
        @Option(help: "The case reference (default: the next free BR-YYYY-NNNN for the year reported).") var reference: String?
        @Option(help: "A JSON object of BreachReported fields (Schemas/events/BreachReported.schema.json).") var form: String?

        @Option(help: ActionGroupHelp.required("Reporting officer's name (stored encrypted).")) var reportingOfficerName: String?
        @Option(help: ActionGroupHelp.required("Reporting officer's job title.")) var reportingOfficerJobTitle: String?
        @Option(help: ActionGroupHelp.required("Reporting officer's service.")) var reportingOfficerService: String?
        @Option(help: ActionGroupHelp.required("Reporting officer's telephone or e-mail (stored encrypted).")) var reportingOfficerContact: String?
        @Option(help: ActionGroupHelp.required("Business manager's name (stored encrypted).")) var businessManagerName: String?
        @Option(help: ActionGroupHelp.required("Business manager's job title.")) var businessManagerJobTitle: String?
        @Option(help: ActionGroupHelp.required("Business manager's service.")) var businessManagerService: String?
        @Option(help: ActionGroupHelp.required("Business manager's telephone or e-mail (stored encrypted).")) var businessManagerContact: String?
        @Option(help: "When the organisation became aware (default: --at). The ICO's 72 hours run from here.") var discoveredAt: String?
        @Option(help: "The date of the breach itself (default: the day discovered).") var occurredOn: String?
        @Option(help: ActionGroupHelp.required("How it was discovered (stored encrypted).")) var howDiscovered: String?
        @Option(name: .customLong("category"), help: ActionGroupHelp.required("loss, theft, unauthorisedDisclosure, unauthorisedAccess, humanError, unauthorisedUse, failureToDestroyOrRetain, incompatiblePurpose or other (with --category-description); repeat."))
        var categories: [String] = []
        @Option(help: ActionGroupHelp.required("What information was involved (stored encrypted).")) var informationInvolved: String?
        @Option(help: ActionGroupHelp.required("Whom it relates to (stored encrypted).")) var dataSubjectsDescription: String?
        @Option(help: ActionGroupHelp.required("Approximate number of people affected.")) var dataSubjectCount: Int?
        @Option(name: .customLong("data-subject-category"), help: "A group of data subjects, e.g. \"service users\"; repeat.") var dataSubjectCategories: [String] = []
        @Option(help: "Approximate number of records concerned.") var approximateRecordCount: Int?
        @Flag(inversion: .prefixedNo, help: ActionGroupHelp.required("Special category or criminal offence data (report immediately).")) var sensitive: Bool?
        @Option(help: ActionGroupHelp.required("paper, electronic, both, verbal or other.")) var howHeld: String?
        @Option(help: "E.g. \"in an email\", \"on a laptop\".") var howHeldDetail: String?
        @Option(help: ActionGroupHelp.required("Consequences, who has had access, effect on people, press interest (stored encrypted).")) var consequences: String?
        @Option(help: ActionGroupHelp.required("Measures already taken.")) var immediateMeasures: String?
        @Option(help: ActionGroupHelp.required("Measures proposed.")) var proposedMeasures: String?
        @Option(help: ActionGroupHelp.required("The service where it happened.")) var service: String?
        @Option(help: "When the business manager was told.") var reportedToBusinessManagerAt: String?
        @Option(help: "When the director was told.") var reportedToDirectorAt: String?
        @Flag(inversion: .prefixedNo, help: "Whether an investigation was ordered (default: no).") var investigationOrdered: Bool?
        @Option(help: "Who will investigate, as written on the form (stored encrypted).") var investigationLead: String?
        @Option(help: "When the investigation is due (YYYY-MM-DD).") var investigationDueOn: String?
        @Option(help: "The DPO's contact (stored encrypted).") var dpoContact: String?
        @Option(help: "The breach type in words; required with --category other (the breach procedure §2.1).") var categoryDescription: String?
        @Flag(inversion: .prefixedNo, help: "Whether the breach is likely to cause a risk to service users or others: report immediately (the breach procedure §3.1).") var riskToPeople: Bool?

        func run() async throws {
            var f = ActionFields()
            f.form = form
            f.person("reportingOfficer", prefix: "reporting-officer", [("name", reportingOfficerName), ("jobTitle", reportingOfficerJobTitle),
                                                                         ("service", reportingOfficerService), ("contact", reportingOfficerContact)])
            f.person("businessManager", prefix: "business-manager", [("name", businessManagerName), ("jobTitle", businessManagerJobTitle),
                                                                       ("service", businessManagerService), ("contact", businessManagerContact)])
            f.set("discoveredAt", discoveredAt, option: "--discovered-at")
            f.set("occurredOn", occurredOn, option: "--occurred-on")
            f.set("howDiscovered", howDiscovered, option: "--how-discovered")
            f.set("categories", loose(categories, BreachCategory.self), option: "--category")
            f.set("informationInvolved", informationInvolved, option: "--information-involved")
            f.set("dataSubjectsDescription", dataSubjectsDescription, option: "--data-subjects-description")
            f.set("dataSubjectCount", dataSubjectCount, option: "--data-subject-count")
            f.set("dataSubjectCategories", dataSubjectCategories, option: "--data-subject-category")
            f.set("approximateRecordCount", approximateRecordCount, option: "--approximate-record-count")
            f.set("sensitive", sensitive, option: "--sensitive or --no-sensitive")
            f.set("howHeld", loose(howHeld, HoldingMedium.self), option: "--how-held")
            f.set("howHeldDetail", howHeldDetail, option: "--how-held-detail")
            f.set("consequences", consequences, option: "--consequences")
            f.set("immediateMeasures", immediateMeasures, option: "--immediate-measures")
            f.set("proposedMeasures", proposedMeasures, option: "--proposed-measures")
            f.set("service", service, option: "--service")
            f.set("reportedToBusinessManagerAt", reportedToBusinessManagerAt, option: "--reported-to-business-manager-at")
            f.set("reportedToDirectorAt", reportedToDirectorAt, option: "--reported-to-director-at")
            f.set("investigationOrdered", investigationOrdered, option: "--investigation-ordered")
            f.set("investigationLead", investigationLead, option: "--investigation-lead")
            f.set("investigationDueOn", investigationDueOn, option: "--investigation-due-on")
            f.set("dpoContact", dpoContact, option: "--dpo-contact")
            f.set("categoryDescription", categoryDescription, option: "--category-description")
            f.set("riskToPeople", riskToPeople, option: "--risk-to-people or --no-risk-to-people")
            try await BreachCommand.run("report", options, reference, f)
        }
    }

    struct Escalate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "escalate", abstract: "Escalate up the reporting chain (BreachEscalated, the breach procedure §3): business manager, director, head of legal, DPO.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. BR-2026-0001.") var reference: String
        @Option(help: ActionGroupHelp.required("businessManager, director, headOfLegal or dataProtectionOfficer.")) var to: String?
        @Option(help: "telephone, email, inPerson or other.") var method: String?
        @Flag(inversion: .prefixedNo, help: "Whether the reporting form went with it (the breach procedure §3.4).") var reportingFormSent: Bool?

        func run() async throws {
            var f = ActionFields()
            f.set("to", loose(to, BreachEscalated.Recipient.self), option: "--to")
            f.set("method", loose(method, BreachEscalated.Method.self), option: "--method")
            f.set("reportingFormSent", reportingFormSent, option: "--reporting-form-sent")
            try await BreachCommand.run("escalate", options, reference, f)
        }
    }

    struct Assess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assess",
            abstract: "Record the risk assessment (RiskAssessed): the questions of the breach procedure §4.2.",
            discussion: "Give the answers as options, or as a JSON object with --form (options win where both give a field).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "A JSON object of RiskAssessed fields.") var form: String?
        @Option(name: .customLong("data-type"), help: ActionGroupHelp.required("A type of information involved; repeat.")) var dataTypes: [String] = []
        @Option(help: ActionGroupHelp.required("How sensitive it is, in words.")) var sensitivity: String?
        @Flag(inversion: .prefixedNo, help: ActionGroupHelp.required("Special category or criminal offence data.")) var sensitive: Bool?
        @Option(help: ActionGroupHelp.required("How it was held (a file, a USB stick, an email).")) var howHeld: String?
        @Option(help: ActionGroupHelp.required("Who had, or has had, access (stored encrypted).")) var whoHadAccess: String?
        @Flag(inversion: .prefixedNo, help: "Whether that access was authorised.") var accessAuthorised: Bool?
        @Flag(inversion: .prefixedNo, help: ActionGroupHelp.required("Whether the information was encrypted.")) var encrypted: Bool?
        @Flag(inversion: .prefixedNo, help: "Whether a call was logged with the IT helpdesk.") var itHelpdeskCallLogged: Bool?
        @Option(help: "What it could tell a third party about the individual (stored encrypted).") var whatCouldItReveal: String?
        @Option(help: ActionGroupHelp.required("How many people.")) var numberOfIndividuals: Int?
        @Option(help: ActionGroupHelp.required("Who they are: staff, service users, contractors (stored encrypted).")) var whoAreThey: String?
        @Option(name: .customLong("harm"), help: "physicalSafety, distress, reputation, financialLoss or other; repeat.") var harms: [String] = []
        @Option(help: "The possible harm in words (stored encrypted).") var harmDetail: String?
        @Option(help: ActionGroupHelp.required("Loss of public confidence, press interest.")) var widerConsequences: String?
        @Option(help: ActionGroupHelp.required("notRequired, shouldBeReported or alreadyReported.")) var police: String?
        @Option(help: ActionGroupHelp.required("low, medium or high.")) var risk: String?

        func run() async throws {
            var f = ActionFields()
            f.form = form
            f.set("dataTypes", dataTypes, option: "--data-type")
            f.set("sensitivity", sensitivity, option: "--sensitivity")
            f.set("sensitive", sensitive, option: "--sensitive or --no-sensitive")
            f.set("howHeld", howHeld, option: "--how-held")
            f.set("whoHadAccess", whoHadAccess, option: "--who-had-access")
            f.set("accessAuthorised", accessAuthorised, option: "--access-authorised")
            f.set("encrypted", encrypted, option: "--encrypted or --no-encrypted")
            f.set("itHelpdeskCallLogged", itHelpdeskCallLogged, option: "--it-helpdesk-call-logged")
            f.set("whatCouldItReveal", whatCouldItReveal, option: "--what-could-it-reveal")
            f.set("numberOfIndividuals", numberOfIndividuals, option: "--number-of-individuals")
            f.set("whoAreThey", whoAreThey, option: "--who-are-they")
            f.set("possibleHarm", loose(harms, RiskAssessed.Harm.self), option: "--harm")
            f.set("possibleHarmDetail", harmDetail, option: "--harm-detail")
            f.set("widerConsequences", widerConsequences, option: "--wider-consequences")
            f.set("policeInvolvement", loose(police, RiskAssessed.PoliceInvolvement.self), option: "--police")
            f.set("riskLevel", loose(risk, RiskLevel.self), option: "--risk")
            try await BreachCommand.run("assess", options, reference, f)
        }
    }

    struct Investigate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "investigate", abstract: "Appoint an investigation lead (InvestigationOpened, the breach procedure §5.1).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("The investigating officer (officer id).")) var lead: String?
        @Option(help: "When the investigation is due (YYYY-MM-DD).") var dueOn: String?
        @Option(name: .customLong("involving"), help: "Others involved, e.g. HR, IT, Police; repeat.") var involving: [String] = []
        @Option(help: "The day it opened (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("lead", lead, option: "--lead")
            f.set("dueOn", dueOn, option: "--due-on")
            f.set("involving", involving, option: "--involving")
            f.set("openedOn", on, option: "--on")
            try await BreachCommand.run("investigate", options, reference, f)
        }
    }

    struct Conclude: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "conclude", abstract: "Conclude the investigation (InvestigationConcluded, the breach procedure §5.3).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: ActionGroupHelp.required("How it happened (stored encrypted).")) var how: String?
        @Option(help: ActionGroupHelp.required("Why it happened (stored encrypted).")) var why: String?
        @Option(help: ActionGroupHelp.required("What will prevent it happening again.")) var prevention: String?
        @Option(help: "What was done to recover losses and limit damage.") var recovery: String?
        @Option(help: "The day it concluded (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("howItHappened", how, option: "--how")
            f.set("whyItHappened", why, option: "--why")
            f.set("preventiveMeasures", prevention, option: "--prevention")
            f.set("recoveryActions", recovery, option: "--recovery")
            f.set("concludedOn", on, option: "--on")
            try await BreachCommand.run("conclude", options, reference, f)
        }
    }

    struct DecideICO: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decide-ico",
            abstract: "Decide whether to notify the ICO (ICONotificationDecided, Art 33); not notifying needs --reasons.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Argument(help: "notify or doNotNotify.") var decision: String
        @Option(help: "Why (required when not notifying: Art 33(5)).") var reasons: String?

        func run() async throws {
            var f = ActionFields()
            f.set("decision", loose(decision, ICONotificationDecided.Decision.self), option: "the decision (notify or doNotNotify)")
            f.set("reasons", reasons, option: "--reasons")
            try await BreachCommand.run("decide-ico", options, reference, f)
        }
    }

    struct NotifyICO: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notify-ico",
            abstract: "The ICO was notified (ICONotified; within 72 hours of awareness, or with --reasons-for-delay).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "onlineForm, telephone, email or other.") var method: String?
        @Option(help: "The ICO's reference.") var icoReference: String?
        @Option(help: "Why notification came after 72 hours.") var reasonsForDelay: String?
        @Flag(inversion: .prefixedNo, help: "Whether information will follow in phases (Art 33(4)).") var phased: Bool?

        func run() async throws {
            var f = ActionFields()
            f.set("method", loose(method, ICONotified.Method.self), option: "--method")
            f.set("icoReference", icoReference, option: "--ico-reference")
            f.set("reasonsForDelay", reasonsForDelay, option: "--reasons-for-delay")
            f.set("phased", phased, option: "--phased")
            try await BreachCommand.run("notify-ico", options, reference, f)
        }
    }

    struct NotifySubjects: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "notify-subjects", abstract: "The data subjects were told (DataSubjectsNotified, Art 34; the breach procedure §6).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(name: .customLong("method"), help: ActionGroupHelp.required("letter, email, telephone, personalVisit or other; repeat.")) var methods: [String] = []
        @Option(help: ActionGroupHelp.required("How many people were told.")) var number: Int?
        @Option(help: ActionGroupHelp.required("The advice given on the steps they can take to protect themselves (the breach procedure §6.4.5).")) var advice: String?
        @Option(help: ActionGroupHelp.required("How and when the breach occurred, as told to them (the breach procedure §6.4.3; stored encrypted).")) var howAndWhen: String?
        @Option(help: ActionGroupHelp.required("The personal information involved, as told to them (the breach procedure §6.4.3; stored encrypted).")) var informationInvolved: String?
        @Option(help: "How they can contact us with questions (the breach procedure §6.4.6).") var contact: String?
        @Option(help: ActionGroupHelp.required("How to complain to the organisation or the ICO (the breach procedure §6.4.6).")) var howToComplain: String?
        @Option(help: "The day they were told (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("methods", loose(methods, DataSubjectsNotified.Method.self), option: "--method")
            f.set("numberNotified", number, option: "--number")
            f.set("adviceGiven", advice, option: "--advice")
            f.set("howAndWhenOccurred", howAndWhen, option: "--how-and-when")
            f.set("informationInvolved", informationInvolved, option: "--information-involved")
            f.set("contactForQuestions", contact, option: "--contact")
            f.set("howToComplain", howToComplain, option: "--how-to-complain")
            f.set("notifiedOn", on, option: "--on")
            try await BreachCommand.run("notify-subjects", options, reference, f)
        }
    }

    struct Police: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "police", abstract: "The police were told (PoliceInformed).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "The force.") var force: String?
        @Option(help: "The crime reference.") var crimeReference: String?
        @Option(help: "The day they were told (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("force", force, option: "--force")
            f.set("crimeReference", crimeReference, option: "--crime-reference")
            f.set("informedOn", on, option: "--on")
            try await BreachCommand.run("police", options, reference, f)
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close", abstract: "Close the breach (BreachClosed); needs the ICO decision, any notification, and no open investigation.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "A closing summary.") var summary: String?
        @Option(help: "Lessons learned.") var lessons: String?
        @Option(help: "The day it closed (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("summary", summary, option: "--summary")
            f.set("lessonsLearned", lessons, option: "--lessons")
            f.set("closedOn", on, option: "--on")
            try await BreachCommand.run("close", options, reference, f)
        }
    }

    struct LinkRelease: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "link-release",
            abstract: "Link the breach to the FOI/EIR response that released the information in error (WrongfulReleaseLinked, the wrongful-release protocol).",
            discussion: "Give the impact answers (the wrongful-release protocol Step 1) and parties informed (Step 2) as options, or as a JSON object with --form.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The breach case reference.") var reference: String
        @Option(help: "A JSON object of WrongfulReleaseLinked fields.") var form: String?
        @Option(help: ActionGroupHelp.required("The FOI/EIR case whose response released the information.")) var foiCase: String?
        @Option(help: ActionGroupHelp.required("What was issued that should not have been (stored encrypted).")) var releasedInError: String?
        @Option(help: ActionGroupHelp.required("none, low, medium or high.")) var ministerialDamage: String?
        @Option(help: ActionGroupHelp.required("none, low, medium or high.")) var departmentalDamage: String?
        @Option(help: ActionGroupHelp.required("none, low, medium or high.")) var stakeholderDamage: String?
        @Flag(inversion: .prefixedNo, help: ActionGroupHelp.required("Whether personal data (or data that may damage someone's reputation) was released.")) var personalDataReleased: Bool?
        @Option(help: "The impact on individuals (stored encrypted).") var individualImpact: String?
        @Flag(inversion: .prefixedNo, help: ActionGroupHelp.required("Whether other government departments are involved.")) var otherDepartmentsInvolved: Bool?
        @Option(help: "Their views.") var otherDepartmentsViews: String?
        @Option(help: ActionGroupHelp.required("none, low, medium or high.")) var mediaStoryLikelihood: String?
        @Flag(inversion: .prefixedNo, help: ActionGroupHelp.required("Whether a legal challenge is possible.")) var legalChallengePossible: Bool?
        @Option(name: .customLong("party-informed"), help: "directorAndDirectorGeneral, foiTeam, pressOffice, privateOffice, permanentSecretaryOffice, legal, affectedParties, other; repeat.")
        var partiesInformed: [String] = []

        func run() async throws {
            var f = ActionFields()
            f.form = form
            f.set("foiCase", foiCase, option: "--foi-case")
            f.set("releasedInError", releasedInError, option: "--released-in-error")
            f.set("ministerialReputationalDamage", loose(ministerialDamage, Likelihood.self), option: "--ministerial-damage")
            f.set("departmentalReputationalDamage", loose(departmentalDamage, Likelihood.self), option: "--departmental-damage")
            f.set("stakeholderDamage", loose(stakeholderDamage, Likelihood.self), option: "--stakeholder-damage")
            f.set("personalDataReleased", personalDataReleased, option: "--personal-data-released or --no-personal-data-released")
            f.set("individualImpact", individualImpact, option: "--individual-impact")
            f.set("otherDepartmentsInvolved", otherDepartmentsInvolved, option: "--other-departments-involved or --no-other-departments-involved")
            f.set("otherDepartmentsViews", otherDepartmentsViews, option: "--other-departments-views")
            f.set("mediaStoryLikelihood", loose(mediaStoryLikelihood, Likelihood.self), option: "--media-story-likelihood")
            f.set("legalChallengePossible", legalChallengePossible, option: "--legal-challenge-possible or --no-legal-challenge-possible")
            f.set("partiesInformed", loose(partiesInformed, WrongfulReleaseLinked.Party.self), option: "--party-informed")
            try await BreachCommand.run("link-release", options, reference, f)
        }
    }
}
