import ArgumentParser
import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

/// `casebook breach …`: a personal-data breach from the reporting form to closure (001; UK GDPR Arts 33–34).
struct BreachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "breach",
        abstract: "Record a personal-data breach: report, escalate, assess, investigate, conclude, decide-ico, notify-ico, notify-subjects, police, close, link-release.",
        discussion: """
            The ICO's 72 hours run from --discovered-at. report, assess and link-release take --form FILE.json: a JSON object \
            of the event's fields (the full reporting form), with any options given laid over it.
            \(ActionGroupHelp.commonDiscussion)
            """,
        subcommands: [
            Report.self, Escalate.self, Assess.self, Investigate.self, Conclude.self, DecideICO.self, NotifyICO.self,
            NotifySubjects.self, Police.self, Close.self, LinkRelease.self,
        ])

    static let officer = "officer"
    /// Legal Services own the breach register and its ICO decisions (001 §3.4).
    static let legal = "legal"

    static func record(_ options: ActionOptions, _ reference: String, role: String = officer,
                       build: (ActionContext, CaseFacts) throws -> [any EventPayload]) async throws {
        try await CaseAction.record(options, reference: reference, kinds: [.breach], defaultRole: role, build: build)
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "File the breach reporting form (BreachReported, 001 Appendix 1); opens the case.",
            discussion: "Give the form's fields as options, or as a JSON object with --form (options win where both give a field).")
        @OptionGroup var options: ActionOptions
        @Option(help: "The case reference (default: the next free BR-YYYY-NNNN for the year reported).") var reference: String?
        @Option(help: "A JSON object of BreachReported fields (Schemas/events/BreachReported.schema.json).") var form: String?

        @Option(help: "Reporting officer's name (stored encrypted).") var reportingOfficerName: String?
        @Option(help: "Reporting officer's job title.") var reportingOfficerJobTitle: String?
        @Option(help: "Reporting officer's service.") var reportingOfficerService: String?
        @Option(help: "Reporting officer's telephone or e-mail (stored encrypted).") var reportingOfficerContact: String?
        @Option(help: "Business manager's name (stored encrypted).") var businessManagerName: String?
        @Option(help: "Business manager's job title.") var businessManagerJobTitle: String?
        @Option(help: "Business manager's service.") var businessManagerService: String?
        @Option(help: "Business manager's telephone or e-mail (stored encrypted).") var businessManagerContact: String?
        @Option(help: "When the organisation became aware (RFC 3339; default: --at). The ICO's 72 hours run from here.") var discoveredAt: String?
        @Option(help: "The date of the breach itself (default: the day discovered).") var occurredOn: String?
        @Option(help: "How it was discovered (stored encrypted).") var howDiscovered: String?
        @Option(name: .customLong("category"), help: "loss, theft, unauthorisedDisclosure, unauthorisedAccess, humanError, unauthorisedUse; repeat.")
        var categories: [BreachCategory] = []
        @Option(help: "What information was involved (stored encrypted).") var informationInvolved: String?
        @Option(help: "Whom it relates to (stored encrypted).") var dataSubjectsDescription: String?
        @Option(help: "Approximate number of people affected.") var dataSubjectCount: Int?
        @Option(name: .customLong("data-subject-category"), help: "A group of data subjects, e.g. \"service users\"; repeat.") var dataSubjectCategories: [String] = []
        @Option(help: "Approximate number of records concerned.") var approximateRecordCount: Int?
        @Flag(inversion: .prefixedNo, help: "Special category or criminal offence data (report immediately).") var sensitive: Bool?
        @Option(help: "paper, electronic, both, verbal or other.") var howHeld: HoldingMedium?
        @Option(help: "E.g. \"in an email\", \"on a laptop\".") var howHeldDetail: String?
        @Option(help: "Consequences, who has had access, effect on people, press interest (stored encrypted).") var consequences: String?
        @Option(help: "Measures already taken.") var immediateMeasures: String?
        @Option(help: "Measures proposed.") var proposedMeasures: String?
        @Option(help: "The service where it happened.") var service: String?
        @Option(help: "When the business manager was told (RFC 3339).") var reportedToBusinessManagerAt: String?
        @Option(help: "When the director was told (RFC 3339).") var reportedToDirectorAt: String?
        @Flag(inversion: .prefixedNo, help: "Whether an investigation was ordered (default: no).") var investigationOrdered: Bool?
        @Option(help: "Who will investigate, as written on the form (stored encrypted).") var investigationLead: String?
        @Option(help: "When the investigation is due (YYYY-MM-DD).") var investigationDueOn: String?
        @Option(help: "The DPO's contact (stored encrypted).") var dpoContact: String?

        func run() async throws {
            try await CaseAction.open(options, reference: reference, prefix: .breach, year: \.year, defaultRole: BreachCommand.officer) { c in
                var f = PayloadForm()
                f.set("reportingOfficer.name", reportingOfficerName, option: "--reporting-officer-name")
                f.set("reportingOfficer.jobTitle", reportingOfficerJobTitle, option: "--reporting-officer-job-title")
                f.set("reportingOfficer.service", reportingOfficerService, option: "--reporting-officer-service")
                f.set("reportingOfficer.contact", reportingOfficerContact, option: "--reporting-officer-contact")
                f.set("businessManager.name", businessManagerName, option: "--business-manager-name")
                f.set("businessManager.jobTitle", businessManagerJobTitle, option: "--business-manager-job-title")
                f.set("businessManager.service", businessManagerService, option: "--business-manager-service")
                f.set("businessManager.contact", businessManagerContact, option: "--business-manager-contact")
                f.set("discoveredAt", try discoveredAt.map { try ActionInput.instant($0, "--discovered-at").rfc3339 }, option: "--discovered-at")
                f.set("occurredOn", try occurredOn.map { try ActionInput.day($0, "--occurred-on").iso }, option: "--occurred-on")
                f.set("howDiscovered", howDiscovered, option: "--how-discovered")
                f.set("categories", categories, option: "--category")
                f.set("informationInvolved", informationInvolved, option: "--information-involved")
                f.set("dataSubjectsDescription", dataSubjectsDescription, option: "--data-subjects-description")
                f.set("dataSubjectCount", dataSubjectCount, option: "--data-subject-count")
                f.set("dataSubjectCategories", dataSubjectCategories, option: "--data-subject-category")
                f.set("approximateRecordCount", approximateRecordCount, option: "--approximate-record-count")
                f.set("sensitive", sensitive, option: "--sensitive or --no-sensitive")
                f.set("howHeld", howHeld, option: "--how-held")
                f.set("howHeldDetail", howHeldDetail, option: "--how-held-detail")
                f.set("consequences", consequences, option: "--consequences")
                f.set("immediateMeasures", immediateMeasures, option: "--immediate-measures")
                f.set("proposedMeasures", proposedMeasures, option: "--proposed-measures")
                f.set("service", service, option: "--service")
                f.set("reportedToBusinessManagerAt", try reportedToBusinessManagerAt.map { try ActionInput.instant($0, "--reported-to-business-manager-at").rfc3339 },
                      option: "--reported-to-business-manager-at")
                f.set("reportedToDirectorAt", try reportedToDirectorAt.map { try ActionInput.instant($0, "--reported-to-director-at").rfc3339 },
                      option: "--reported-to-director-at")
                f.set("investigationOrdered", investigationOrdered, option: "--investigation-ordered")
                f.set("investigationLead", investigationLead, option: "--investigation-lead")
                f.set("investigationDueOn", try investigationDueOn.map { try ActionInput.day($0, "--investigation-due-on").iso }, option: "--investigation-due-on")
                f.set("dpoContact", dpoContact, option: "--dpo-contact")
                return try f.payload(BreachReported.self, form: form) { merged in
                    let discovered = merged["discoveredAt"]?.stringValue ?? c.instant
                    let day = Timestamp(rfc3339: discovered).map { LocalDate($0.date).iso } ?? c.day
                    return ["discoveredAt": .string(discovered), "occurredOn": .string(day), "dataSubjectCategories": .array([]),
                            "investigationOrdered": .bool(false)]
                }
            }
        }
    }

    struct Escalate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "escalate", abstract: "Escalate up the reporting chain (BreachEscalated, 001 §3): business manager, director, head of legal, DPO.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. BR-2026-0001.") var reference: String
        @Option(help: "businessManager, director, headOfLegal or dataProtectionOfficer.") var to: BreachEscalated.Recipient
        @Option(help: "telephone, email, inPerson or other.") var method: BreachEscalated.Method?
        @Flag(inversion: .prefixedNo, help: "Whether the reporting form went with it (001 §3.4).") var reportingFormSent: Bool?

        func run() async throws {
            try await BreachCommand.record(options, reference) { c, _ in
                [BreachEscalated(to: to, escalatedAt: c.instant, method: method, reportingFormSent: reportingFormSent)]
            }
        }
    }

    struct Assess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assess",
            abstract: "Record the risk assessment (RiskAssessed): the questions of 001 §4.2.",
            discussion: "Give the answers as options, or as a JSON object with --form (options win where both give a field).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "A JSON object of RiskAssessed fields.") var form: String?
        @Option(name: .customLong("data-type"), help: "A type of information involved; repeat.") var dataTypes: [String] = []
        @Option(help: "How sensitive it is, in words.") var sensitivity: String?
        @Flag(inversion: .prefixedNo, help: "Special category or criminal offence data.") var sensitive: Bool?
        @Option(help: "How it was held (a file, a USB stick, an email).") var howHeld: String?
        @Option(help: "Who had, or has had, access (stored encrypted).") var whoHadAccess: String?
        @Flag(inversion: .prefixedNo, help: "Whether that access was authorised.") var accessAuthorised: Bool?
        @Flag(inversion: .prefixedNo, help: "Whether the information was encrypted.") var encrypted: Bool?
        @Flag(inversion: .prefixedNo, help: "Whether a call was logged with the IT helpdesk.") var itHelpdeskCallLogged: Bool?
        @Option(help: "What it could tell a third party about the individual (stored encrypted).") var whatCouldItReveal: String?
        @Option(help: "How many people.") var numberOfIndividuals: Int?
        @Option(help: "Who they are: staff, service users, contractors (stored encrypted).") var whoAreThey: String?
        @Option(name: .customLong("harm"), help: "physicalSafety, distress, reputation, financialLoss or other; repeat.") var harms: [RiskAssessed.Harm] = []
        @Option(help: "The possible harm in words (stored encrypted).") var harmDetail: String?
        @Option(help: "Loss of public confidence, press interest.") var widerConsequences: String?
        @Option(help: "notRequired, shouldBeReported or alreadyReported.") var police: RiskAssessed.PoliceInvolvement?
        @Option(help: "low, medium or high.") var risk: RiskLevel?

        func run() async throws {
            try await BreachCommand.record(options, reference) { _, _ in
                var f = PayloadForm()
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
                f.set("possibleHarm", harms, option: "--harm")
                f.set("possibleHarmDetail", harmDetail, option: "--harm-detail")
                f.set("widerConsequences", widerConsequences, option: "--wider-consequences")
                f.set("policeInvolvement", police, option: "--police")
                f.set("riskLevel", risk, option: "--risk")
                return [try f.payload(RiskAssessed.self, form: form) { _ in ["possibleHarm": .array([])] }]
            }
        }
    }

    struct Investigate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "investigate", abstract: "Appoint an investigation lead (InvestigationOpened, 001 §5.1).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "The investigating officer (officer id).") var lead: String
        @Option(help: "When the investigation is due (YYYY-MM-DD).") var dueOn: String?
        @Option(name: .customLong("involving"), help: "Others involved, e.g. HR, IT, Police; repeat.") var involving: [String] = []
        @Option(help: "The day it opened (default: the day of --at).") var on: String?

        func run() async throws {
            let due = try dueOn.map { try ActionInput.day($0, "--due-on").iso }
            let lead = try ActionInput.nonBlank(lead, "--lead")
            try await BreachCommand.record(options, reference) { c, _ in
                [InvestigationOpened(lead: lead, openedOn: try c.day(on, "--on"), dueOn: due, involving: involving.isEmpty ? nil : involving)]
            }
        }
    }

    struct Conclude: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "conclude", abstract: "Conclude the investigation (InvestigationConcluded, 001 §5.3).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "How it happened (stored encrypted).") var how: String
        @Option(help: "Why it happened (stored encrypted).") var why: String
        @Option(help: "What will prevent it happening again.") var prevention: String
        @Option(help: "What was done to recover losses and limit damage.") var recovery: String?
        @Option(help: "The day it concluded (default: the day of --at).") var on: String?

        func run() async throws {
            try await BreachCommand.record(options, reference) { c, _ in
                [InvestigationConcluded(concludedOn: try c.day(on, "--on"), howItHappened: how, whyItHappened: why,
                                        preventiveMeasures: prevention, recoveryActions: recovery)]
            }
        }
    }

    struct DecideICO: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decide-ico",
            abstract: "Decide whether to notify the ICO (ICONotificationDecided, Art 33); not notifying needs --reasons.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Argument(help: "notify or doNotNotify (do-not-notify).") var decision: ICONotificationDecided.Decision
        @Option(help: "Why (required when not notifying: Art 33(5)).") var reasons: String?

        func run() async throws {
            try await BreachCommand.record(options, reference, role: BreachCommand.legal) { c, _ in
                [ICONotificationDecided(decision: decision, reasons: reasons, decidedAt: c.instant)]
            }
        }
    }

    struct NotifyICO: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notify-ico",
            abstract: "The ICO was notified (ICONotified; within 72 hours of awareness, or with --reasons-for-delay).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(help: "onlineForm, telephone, email or other.") var method: ICONotified.Method?
        @Option(help: "The ICO's reference.") var icoReference: String?
        @Option(help: "Why notification came after 72 hours.") var reasonsForDelay: String?
        @Flag(inversion: .prefixedNo, help: "Whether information will follow in phases (Art 33(4)).") var phased: Bool?

        func run() async throws {
            try await BreachCommand.record(options, reference, role: BreachCommand.legal) { c, _ in
                [ICONotified(notifiedAt: c.instant, method: method, icoReference: icoReference, reasonsForDelay: reasonsForDelay, phased: phased)]
            }
        }
    }

    struct NotifySubjects: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "notify-subjects", abstract: "The data subjects were told (DataSubjectsNotified, Art 34; 001 §6).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference.") var reference: String
        @Option(name: .customLong("method"), help: "letter, email, telephone, personalVisit or other; repeat.") var methods: [DataSubjectsNotified.Method] = []
        @Option(help: "How many people were told.") var number: Int
        @Option(help: "The advice given on how to protect themselves.") var advice: String?
        @Option(help: "The day they were told (default: the day of --at).") var on: String?

        func run() async throws {
            guard !methods.isEmpty else { throw CLIFailure("give at least one --method, e.g. --method letter") }
            try await BreachCommand.record(options, reference) { c, _ in
                [DataSubjectsNotified(notifiedOn: try c.day(on, "--on"), methods: methods, numberNotified: number, adviceGiven: advice)]
            }
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
            try await BreachCommand.record(options, reference) { c, _ in
                [PoliceInformed(informedOn: try c.day(on, "--on"), force: force, crimeReference: crimeReference)]
            }
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
            try await BreachCommand.record(options, reference) { c, _ in
                [BreachClosed(closedOn: try c.day(on, "--on"), summary: summary, lessonsLearned: lessons)]
            }
        }
    }

    struct LinkRelease: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "link-release",
            abstract: "Link the breach to the FOI/EIR response that released the information in error (WrongfulReleaseLinked, 000).",
            discussion: "Give the impact answers (000 Step 1) and parties informed (Step 2) as options, or as a JSON object with --form.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The breach case reference.") var reference: String
        @Option(help: "A JSON object of WrongfulReleaseLinked fields.") var form: String?
        @Option(help: "The FOI/EIR case whose response released the information.") var foiCase: String?
        @Option(help: "What was issued that should not have been (stored encrypted).") var releasedInError: String?
        @Option(help: "none, low, medium or high.") var ministerialDamage: Likelihood?
        @Option(help: "none, low, medium or high.") var departmentalDamage: Likelihood?
        @Option(help: "none, low, medium or high.") var stakeholderDamage: Likelihood?
        @Flag(inversion: .prefixedNo, help: "Whether personal data (or data that may damage someone's reputation) was released.") var personalDataReleased: Bool?
        @Option(help: "The impact on individuals (stored encrypted).") var individualImpact: String?
        @Flag(inversion: .prefixedNo, help: "Whether other government departments are involved.") var otherDepartmentsInvolved: Bool?
        @Option(help: "Their views.") var otherDepartmentsViews: String?
        @Option(help: "none, low, medium or high.") var mediaStoryLikelihood: Likelihood?
        @Flag(inversion: .prefixedNo, help: "Whether a legal challenge is possible.") var legalChallengePossible: Bool?
        @Option(name: .customLong("party-informed"), help: "directorAndDirectorGeneral, foiTeam, pressOffice, privateOffice, permanentSecretaryOffice, legal, affectedParties, other; repeat.")
        var partiesInformed: [WrongfulReleaseLinked.Party] = []

        func run() async throws {
            let linked = try foiCase.map { try ActionInput.reference($0, "--foi-case") }
            try await BreachCommand.record(options, reference) { _, facts in
                var f = PayloadForm()
                f.set("foiCase", linked?.rawValue, option: "--foi-case")
                f.set("releasedInError", releasedInError, option: "--released-in-error")
                f.set("ministerialReputationalDamage", ministerialDamage, option: "--ministerial-damage")
                f.set("departmentalReputationalDamage", departmentalDamage, option: "--departmental-damage")
                f.set("stakeholderDamage", stakeholderDamage, option: "--stakeholder-damage")
                f.set("personalDataReleased", personalDataReleased, option: "--personal-data-released or --no-personal-data-released")
                f.set("individualImpact", individualImpact, option: "--individual-impact")
                f.set("otherDepartmentsInvolved", otherDepartmentsInvolved, option: "--other-departments-involved or --no-other-departments-involved")
                f.set("otherDepartmentsViews", otherDepartmentsViews, option: "--other-departments-views")
                f.set("mediaStoryLikelihood", mediaStoryLikelihood, option: "--media-story-likelihood")
                f.set("legalChallengePossible", legalChallengePossible, option: "--legal-challenge-possible or --no-legal-challenge-possible")
                f.set("partiesInformed", partiesInformed, option: "--party-informed")
                let payload = try f.payload(WrongfulReleaseLinked.self, form: form) { _ in ["partiesInformed": .array([])] }
                guard try facts.casebook.ledger.read({ try $0.head(of: payload.foiCase.rawValue) }) != nil else {
                    throw CLIFailure("no case \(payload.foiCase) in the ledger; link the breach to the FOI/EIR case that released the information")
                }
                return [payload]
            }
        }
    }
}
