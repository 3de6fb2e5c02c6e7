import ArgumentParser
import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

/// `casebook third-party …`: a third party's request for someone's personal data (the data
/// protection policy Appendix 4, "Access to Personal Information (Third Party)").
struct ThirdPartyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "third-party",
        abstract: "Record a third party's request for personal data (police, court, solicitor, parent, school, …) and its answer.",
        discussion: ActionGroupHelp.commonDiscussion,
        subcommands: [Receive.self, ContactRequester.self, DetailsReceived.self, Disclose.self, Refuse.self])

    static func run(_ name: String, _ options: ActionOptions, _ reference: String?, _ fields: ActionFields) async throws {
        try await ActionRunner.run(name, in: .thirdParty, options, reference: reference, fields)
    }

    /// The police request form's options (the data protection policy Appendix 4 §2.6.7.1).
    struct PoliceForm: ParsableArguments {
        @Option(help: "Police request form: the officer's rank.") var officerRank: String?
        @Option(help: "Police request form: the officer's number.") var officerNumber: String?
        @Option(help: "Police request form: the officer's name (stored encrypted).") var officerName: String?
        @Option(help: "Police request form: the officer's station.") var station: String?
        @Option(help: "Police request form: the main office telephone number.") var telephone: String?
        @Option(help: "Police request form: the officer's extension.") var extensionNumber: String?
        @Option(help: "Police request form: the force's head office address and contact details (instead of telephone and extension).")
        var headOfficeContact: String?
        @Option(help: "Police request form: the data subject's consent: copyAttached, explicitConsentConfirmed or notReliedOn.")
        var consent: String?
        @Option(help: "Any concerns, wishes or restrictions of the consent.") var consentRestrictions: String?

        func set(into f: inout ActionFields) {
            f.set("police.officerRank", officerRank, option: "--officer-rank")
            f.set("police.officerNumber", officerNumber, option: "--officer-number")
            f.set("police.officerName", officerName, option: "--officer-name")
            f.set("police.station", station, option: "--station")
            f.set("police.telephone", telephone, option: "--telephone")
            f.set("police.extensionNumber", extensionNumber, option: "--extension-number")
            f.set("police.headOfficeContact", headOfficeContact, option: "--head-office-contact")
            f.set("police.consent", loose(consent, PoliceConsent.self), option: "--consent")
            f.set("police.consentRestrictions", consentRestrictions, option: "--consent-restrictions")
        }
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "receive",
            abstract: "Log a third party's request for someone's personal data (ThirdPartyRequestReceived); opens the case.",
            discussion: """
            A police request must be in writing and carry the officer's rank, number and name, the station, the telephone \
            number and extension (or the force's head office contact details) and the consent position (the data protection \
            policy Appendix 4 §2.6.7.1); whatever is missing must be asked for (contact-requester) before anything is disclosed. \
            A court order needs --court-order-due-on, the day it names (§2.7.1.1).
            """)
        @OptionGroup var options: ActionOptions
        @Option(help: "The case reference (default: the next free TPD-YYYY-NNNN for the year received).") var reference: String?
        @Option(help: "When it arrived (default: --at, else now).") var receivedAt: String?
        @Option(help: ActionGroupHelp.required("Who is asking: police, court, solicitor, electedMember, governmentAgency, otherService, parent, school or other."))
        var category: String?
        @Option(help: ActionGroupHelp.required("The organisation asking, e.g. \"Police Scotland, North East Division\" (never the data subject).")) var organisation: String?
        @Flag(inversion: .prefixedNo, help: "Whether the request is in writing (default: yes; a police request must be).") var inWriting: Bool?
        @Option(help: ActionGroupHelp.required("Why: preventionOrDetectionOfCrime, apprehensionOrProsecutionOfOffenders, taxAssessmentOrCollection, nationalSecurity, vitalInterests, legalProceedings, fraudPrevention, officialDuties, constituencyWork, educationalRecord, pupilTransfer or other."))
        var purpose: String?
        @Option(help: "Why the requester believes the information is required (stored encrypted).") var purposeExplanation: String?
        @Option(help: ActionGroupHelp.required("A description of the information asked for (stored encrypted).")) var information: String?
        @Option(help: ActionGroupHelp.required("Who the information is about (stored encrypted).")) var dataSubject: String?
        @Option(help: "A court order's deadline (YYYY-MM-DD); required for a court order.") var courtOrderDueOn: String?
        @OptionGroup var police: PoliceForm

        func run() async throws {
            var f = ActionFields()
            f.set("receivedAt", receivedAt, option: "--received-at")
            f.set("requesterCategory", loose(category, ThirdPartyRequesterCategory.self), option: "--category")
            f.set("requesterOrganisation", organisation, option: "--organisation")
            f.set("inWriting", inWriting, option: "--in-writing")
            f.set("purpose", loose(purpose, ThirdPartyPurpose.self), option: "--purpose")
            f.set("purposeExplanation", purposeExplanation, option: "--purpose-explanation")
            f.set("informationRequested", information, option: "--information")
            f.set("dataSubject", dataSubject, option: "--data-subject")
            f.set("courtOrderDueOn", courtOrderDueOn, option: "--court-order-due-on")
            police.set(into: &f)
            var options = options
            if options.at == nil { options.at = receivedAt }
            try await ThirdPartyCommand.run("receive", options, reference, f)
        }
    }

    struct ContactRequester: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "contact-requester",
            abstract: "The requester was asked for the details the request lacks (ThirdPartyRequesterContacted; the data protection policy Appendix 4 §2.6.7.1).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. TPD-2026-0001.") var reference: String
        @Option(help: "A detail asked for (default: every one the request lacks): writtenRequest, officerRank, officerNumber, officerName, station, telephone, extensionNumber, consent; repeat for several.")
        var missing: [String] = []
        @Option(help: "How and whom they were asked.") var note: String?
        @Option(help: "The day they were asked (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("missing", loose(missing, PoliceRequestDetail.self), option: "--missing")
            f.set("note", note, option: "--note")
            f.set("contactedOn", on, option: "--on")
            try await ThirdPartyCommand.run("contact-requester", options, reference, f)
        }
    }

    struct DetailsReceived: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "details-received",
            abstract: "The missing details arrived (ThirdPartyDetailsReceived; the data protection policy Appendix 4 §2.6.7.2); give the form's fields that came.")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. TPD-2026-0001.") var reference: String
        @Flag(inversion: .prefixedNo, help: "Whether the request is now in writing.") var inWriting: Bool?
        @OptionGroup var police: PoliceForm
        @Option(help: "The day they arrived (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("inWriting", inWriting, option: "--in-writing")
            police.set(into: &f)
            f.set("receivedOn", on, option: "--on")
            try await ThirdPartyCommand.run("details-received", options, reference, f)
        }
    }

    struct Disclose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disclose",
            abstract: "The information was disclosed (ThirdPartyInformationDisclosed; the data protection policy Appendix 4 §2.6.7.2); closes the case.",
            discussion: """
            Never by fax, even if the requester asks (Appendix 4 §2.6.7.3): use secure e-mail, password protection, recorded post \
            or hand delivery. Copies are marked "COPY" (default yes). A parent pays at most £50 for a copy of an educational record \
            (§2.5.3.2).
            """)
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. TPD-2026-0001.") var reference: String
        @Option(help: ActionGroupHelp.required("What was disclosed (stored encrypted).")) var information: String?
        @Option(help: "How: secureEmail, passwordProtectedEmail, recordedPost, handDelivered or inspection (default: secureEmail; fax is refused).")
        var method: String?
        @Flag(inversion: .prefixedNo, help: "Whether the copies were marked \"COPY\" (default: yes).") var markedCopy: Bool?
        @Option(help: ActionGroupHelp.required("The legal basis: dpa2018Sch2Para2 (crime and taxation), dpa2018Sch2Para5 (legal proceedings), nationalSecurity, vitalInterests, courtOrder, consent, statutoryDuty or other."))
        var legalBasis: String?
        @Option(help: "The provision or reasoning in words (required for other).") var legalBasisDetail: String?
        @Option(help: "The fee charged for a copy in pounds, e.g. 10.00.") var fee: String?
        @Option(help: "Who authorised the disclosure (default: you).") var authorisedBy: String?
        @Option(help: "The day it was disclosed (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("informationDisclosed", information, option: "--information")
            f.set("method", loose(method, DisclosureMethod.self), option: "--method")
            f.set("markedCopy", markedCopy, option: "--marked-copy")
            f.set("legalBasis", loose(legalBasis, DisclosureLegalBasis.self), option: "--legal-basis")
            f.set("legalBasisDetail", legalBasisDetail, option: "--legal-basis-detail")
            f.pence("feePence", fee, option: "--fee")
            f.set("authorisedBy", authorisedBy, option: "--authorised-by")
            f.set("disclosedOn", on, option: "--on")
            try await ThirdPartyCommand.run("disclose", options, reference, f)
        }
    }

    struct Refuse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "refuse",
            abstract: "The request was refused, with reasons (ThirdPartyRequestRefused); closes the case. A court order cannot be refused (Appendix 4 §2.7.1.1).")
        @OptionGroup var options: ActionOptions
        @Argument(help: "The case reference, e.g. TPD-2026-0001.") var reference: String
        @Option(help: ActionGroupHelp.required("Why, naming no one.")) var reasons: String?
        @Flag(inversion: .prefixedNo, help: "Whether the requester was told the council prefers to await a court order (Appendix 4 §2.7.1.3).")
        var awaitCourtOrder: Bool?
        @Option(help: "The day it was refused (default: the day of --at).") var on: String?

        func run() async throws {
            var f = ActionFields()
            f.set("reasons", reasons, option: "--reasons")
            f.set("awaitCourtOrder", awaitCourtOrder, option: "--await-court-order")
            f.set("refusedOn", on, option: "--on")
            try await ThirdPartyCommand.run("refuse", options, reference, f)
        }
    }
}
