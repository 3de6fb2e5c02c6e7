// Personal-data breach events (the breach procedure; the data protection policy App. 6 §2; UK GDPR Arts 33–34; the wrongful-release protocol for wrongful releases).

/// A breach was reported on the corporate reporting form (the breach procedure Appendix 1); opens a breach case.
///
/// The form's fields also carry the content of an Art 33(3) notification: the nature of the breach
/// (`categories`, `informationInvolved`), the approximate numbers (`dataSubjectCount`,
/// `approximateRecordCount`), the DPO's contact (`dpoContact`), the likely consequences
/// (`consequences`) and the measures taken or proposed (`immediateMeasures`, `proposedMeasures`).
public struct BreachReported: EventPayload {
    public static let eventType = EventType.breachReported
    public static let personalFields = [
        PersonalField(path: "reportingOfficer.name", scope: .case),
        PersonalField(path: "reportingOfficer.contact", scope: .case),
        PersonalField(path: "businessManager.name", scope: .case),
        PersonalField(path: "businessManager.contact", scope: .case),
        PersonalField(path: "howDiscovered", scope: .case),
        PersonalField(path: "informationInvolved", scope: .case),
        PersonalField(path: "dataSubjectsDescription", scope: .case),
        PersonalField(path: "consequences", scope: .case),
        PersonalField(path: "investigationLead", scope: .case),
        PersonalField(path: "dpoContact", scope: .case),
    ]

    public var reportingOfficer: OfficerContact
    /// The Business Manager or Directorate Support Manager the form goes to.
    public var businessManager: OfficerContact
    /// When the organisation became aware of the breach; the ICO's 72 hours run from here.
    public var discoveredAt: Timestamp
    /// The date of the breach itself ("include the date of the breach").
    public var occurredOn: LocalDate
    public var howDiscovered: String
    public var categories: [BreachCategory]
    /// The breach type in words, for `other` (required then) or to qualify another category.
    public var categoryDescription: String?
    /// What information was involved.
    public var informationInvolved: String
    /// Whom the information relates to.
    public var dataSubjectsDescription: String
    /// Approximate number of people affected.
    public var dataSubjectCount: Int
    /// Groups of data subjects, e.g. "service users", "staff", "children".
    public var dataSubjectCategories: [String]
    /// Approximate number of personal-data records concerned (Art 33(3)(a)).
    public var approximateRecordCount: Int?
    /// Special category or criminal offence data: report immediately (the breach procedure §3.1).
    public var sensitive: Bool
    /// Whether the breach is likely to cause a risk to service users or others: report
    /// immediately (the breach procedure §3.1). Absent on forms recorded before it was asked.
    public var riskToPeople: Bool?
    public var howHeld: HoldingMedium
    /// E.g. "contained within an email", "on a laptop".
    public var howHeldDetail: String?
    /// Consequences, who has had access, potential effect on the person, press interest.
    public var consequences: String
    public var immediateMeasures: String
    public var proposedMeasures: String
    public var service: String
    public var reportedToBusinessManagerAt: Timestamp?
    public var reportedToDirectorAt: Timestamp?
    public var investigationOrdered: Bool
    /// Who will undertake the investigation, as written on the form.
    public var investigationLead: String?
    public var investigationDueOn: LocalDate?
    public var dpoContact: String?

    public init(reportingOfficer: OfficerContact, businessManager: OfficerContact, discoveredAt: Timestamp,
                occurredOn: LocalDate, howDiscovered: String, categories: [BreachCategory],
                informationInvolved: String, dataSubjectsDescription: String, dataSubjectCount: Int,
                dataSubjectCategories: [String], approximateRecordCount: Int? = nil, sensitive: Bool,
                howHeld: HoldingMedium, howHeldDetail: String? = nil, consequences: String,
                immediateMeasures: String, proposedMeasures: String, service: String,
                reportedToBusinessManagerAt: Timestamp? = nil, reportedToDirectorAt: Timestamp? = nil,
                investigationOrdered: Bool, investigationLead: String? = nil, investigationDueOn: LocalDate? = nil,
                dpoContact: String? = nil, categoryDescription: String? = nil, riskToPeople: Bool? = nil) {
        self.reportingOfficer = reportingOfficer
        self.businessManager = businessManager
        self.discoveredAt = discoveredAt
        self.occurredOn = occurredOn
        self.howDiscovered = howDiscovered
        self.categories = categories
        self.informationInvolved = informationInvolved
        self.dataSubjectsDescription = dataSubjectsDescription
        self.dataSubjectCount = dataSubjectCount
        self.dataSubjectCategories = dataSubjectCategories
        self.approximateRecordCount = approximateRecordCount
        self.sensitive = sensitive
        self.howHeld = howHeld
        self.howHeldDetail = howHeldDetail
        self.consequences = consequences
        self.immediateMeasures = immediateMeasures
        self.proposedMeasures = proposedMeasures
        self.service = service
        self.reportedToBusinessManagerAt = reportedToBusinessManagerAt
        self.reportedToDirectorAt = reportedToDirectorAt
        self.investigationOrdered = investigationOrdered
        self.investigationLead = investigationLead
        self.investigationDueOn = investigationDueOn
        self.dpoContact = dpoContact
        self.categoryDescription = categoryDescription
        self.riskToPeople = riskToPeople
    }
}

/// The breach was escalated up the reporting chain (the breach procedure §3: business manager, director, head of legal).
public struct BreachEscalated: EventPayload {
    public static let eventType = EventType.breachEscalated
    public static let personalFields: [PersonalField] = []

    public enum Recipient: String, Codable, Sendable, CaseIterable, Hashable {
        case businessManager, director, headOfLegal, dataProtectionOfficer
    }

    public enum Method: String, Codable, Sendable, CaseIterable, Hashable {
        case telephone, email, inPerson, other
    }

    public var to: Recipient
    public var escalatedAt: Timestamp
    public var method: Method?
    /// Whether the reporting form went with the escalation (the breach procedure §3.4).
    public var reportingFormSent: Bool?

    public init(to: Recipient, escalatedAt: Timestamp, method: Method? = nil, reportingFormSent: Bool? = nil) {
        self.to = to
        self.escalatedAt = escalatedAt
        self.method = method
        self.reportingFormSent = reportingFormSent
    }
}

/// The risks of the breach were assessed against the questions of the breach procedure §4.2.
public struct RiskAssessed: EventPayload {
    public static let eventType = EventType.riskAssessed
    public static let personalFields = [
        PersonalField(path: "whoHadAccess", scope: .case),
        PersonalField(path: "whatCouldItReveal", scope: .case),
        PersonalField(path: "whoAreThey", scope: .case),
        PersonalField(path: "possibleHarmDetail", scope: .case),
    ]

    public enum Harm: String, Codable, Sendable, CaseIterable, Hashable {
        case physicalSafety, distress, reputation, financialLoss, other
    }

    public enum PoliceInvolvement: String, Codable, Sendable, CaseIterable, Hashable {
        case notRequired, shouldBeReported, alreadyReported
    }

    /// What types of information are involved.
    public var dataTypes: [String]
    /// How sensitive it is, in words.
    public var sensitivity: String
    /// Special category or criminal offence data.
    public var sensitive: Bool
    /// How the information was held (a file, a USB stick, an email).
    public var howHeld: String
    /// Who had, or has had, access.
    public var whoHadAccess: String
    public var accessAuthorised: Bool?
    public var encrypted: Bool
    /// Whether a call was logged with the IT helpdesk for lost or stolen equipment.
    public var itHelpdeskCallLogged: Bool?
    /// What the information could tell a third party about the individual.
    public var whatCouldItReveal: String?
    public var numberOfIndividuals: Int
    /// Who the individuals are (staff, service users, contractors).
    public var whoAreThey: String
    public var possibleHarm: [Harm]
    public var possibleHarmDetail: String?
    /// Loss of public confidence, press interest.
    public var widerConsequences: String
    public var policeInvolvement: PoliceInvolvement
    public var riskLevel: RiskLevel
    /// For a high risk, the decision not to tell the data subjects and its Art 34(3) ground;
    /// absent when they will be told (`DataSubjectsNotified`) or the risk is not high.
    public var dataSubjectsNotTold: DataSubjectsNotTold?

    public init(dataTypes: [String], sensitivity: String, sensitive: Bool, howHeld: String, whoHadAccess: String,
                accessAuthorised: Bool? = nil, encrypted: Bool, itHelpdeskCallLogged: Bool? = nil,
                whatCouldItReveal: String? = nil, numberOfIndividuals: Int, whoAreThey: String,
                possibleHarm: [Harm], possibleHarmDetail: String? = nil, widerConsequences: String,
                policeInvolvement: PoliceInvolvement, riskLevel: RiskLevel, dataSubjectsNotTold: DataSubjectsNotTold? = nil) {
        self.dataTypes = dataTypes
        self.sensitivity = sensitivity
        self.sensitive = sensitive
        self.howHeld = howHeld
        self.whoHadAccess = whoHadAccess
        self.accessAuthorised = accessAuthorised
        self.encrypted = encrypted
        self.itHelpdeskCallLogged = itHelpdeskCallLogged
        self.whatCouldItReveal = whatCouldItReveal
        self.numberOfIndividuals = numberOfIndividuals
        self.whoAreThey = whoAreThey
        self.possibleHarm = possibleHarm
        self.possibleHarmDetail = possibleHarmDetail
        self.widerConsequences = widerConsequences
        self.policeInvolvement = policeInvolvement
        self.riskLevel = riskLevel
        self.dataSubjectsNotTold = dataSubjectsNotTold
    }
}

/// Why the data subjects of a high-risk breach are not told of it (UK GDPR Art 34(3)): the
/// condition that makes the communication unnecessary, with the reasons. Recorded on the risk
/// assessment that reaches the decision, so the decision is dated when it was made.
public struct DataSubjectsNotTold: Codable, Sendable, Hashable {
    public enum Condition: String, Codable, Sendable, CaseIterable, Hashable {
        /// Art 34(3)(a): protection such as encryption made the data unintelligible to anyone
        /// not authorised to see it.
        case dataUnintelligible
        /// Art 34(3)(b): measures taken since ensure the high risk is no longer likely to materialise.
        case riskNoLongerLikely
        /// Art 34(3)(c): telling each would involve disproportionate effort; a public
        /// communication informs them as effectively instead (describe it in `reasons`).
        case disproportionateEffort
    }

    public var condition: Condition
    /// Why the condition is met (and, for disproportionate effort, the public communication).
    public var reasons: String

    public init(condition: Condition, reasons: String) {
        self.condition = condition
        self.reasons = reasons
    }
}

/// An investigation lead was appointed (the breach procedure §5.1).
public struct InvestigationOpened: EventPayload {
    public static let eventType = EventType.investigationOpened
    public static let personalFields: [PersonalField] = []

    /// The investigating officer (officer id).
    public var lead: String
    public var openedOn: LocalDate
    public var dueOn: LocalDate?
    /// Others involved, e.g. "HR", "IT", "Legal Services", "Police".
    public var involving: [String]?

    public init(lead: String, openedOn: LocalDate, dueOn: LocalDate? = nil, involving: [String]? = nil) {
        self.lead = lead
        self.openedOn = openedOn
        self.dueOn = dueOn
        self.involving = involving
    }
}

/// The investigation concluded: how and why it happened, and what will prevent it (the breach procedure §5.3).
public struct InvestigationConcluded: EventPayload {
    public static let eventType = EventType.investigationConcluded
    public static let personalFields = [
        PersonalField(path: "howItHappened", scope: .case),
        PersonalField(path: "whyItHappened", scope: .case),
    ]

    public var concludedOn: LocalDate
    public var howItHappened: String
    public var whyItHappened: String
    public var preventiveMeasures: String
    /// What was done to recover losses and limit damage (the breach procedure §5.2).
    public var recoveryActions: String?

    public init(concludedOn: LocalDate, howItHappened: String, whyItHappened: String, preventiveMeasures: String,
                recoveryActions: String? = nil) {
        self.concludedOn = concludedOn
        self.howItHappened = howItHappened
        self.whyItHappened = whyItHappened
        self.preventiveMeasures = preventiveMeasures
        self.recoveryActions = recoveryActions
    }
}

/// Whether to notify the ICO was decided (Art 33(1)); a decision not to notify states its reasons.
public struct ICONotificationDecided: EventPayload {
    public static let eventType = EventType.iCONotificationDecided
    public static let personalFields: [PersonalField] = []

    public enum Decision: String, Codable, Sendable, CaseIterable, Hashable {
        case notify, doNotNotify
    }

    public var decision: Decision
    /// Required when the decision is `doNotNotify` (Art 33(5) documentation).
    public var reasons: String?
    public var decidedAt: Timestamp

    public init(decision: Decision, reasons: String? = nil, decidedAt: Timestamp) {
        self.decision = decision
        self.reasons = reasons
        self.decidedAt = decidedAt
    }
}

/// The ICO was notified (Art 33: without undue delay, within 72 hours of awareness where feasible).
public struct ICONotified: EventPayload {
    public static let eventType = EventType.iCONotified
    public static let personalFields: [PersonalField] = []

    public enum Method: String, Codable, Sendable, CaseIterable, Hashable {
        case onlineForm, telephone, email, other
    }

    public var notifiedAt: Timestamp
    public var method: Method?
    public var icoReference: String?
    /// Why notification came after 72 hours (Art 33(1)); registers flag late notices without it.
    public var reasonsForDelay: String?
    /// Whether information will follow in phases (Art 33(4)).
    public var phased: Bool?

    public init(notifiedAt: Timestamp, method: Method? = nil, icoReference: String? = nil,
                reasonsForDelay: String? = nil, phased: Bool? = nil) {
        self.notifiedAt = notifiedAt
        self.method = method
        self.icoReference = icoReference
        self.reasonsForDelay = reasonsForDelay
        self.phased = phased
    }
}

/// The data subjects were told of the breach (Art 34; the breach procedure §6).
public struct DataSubjectsNotified: EventPayload {
    public static let eventType = EventType.dataSubjectsNotified
    public static let personalFields = [
        PersonalField(path: "howAndWhenOccurred", scope: .case),
        PersonalField(path: "informationInvolved", scope: .case),
    ]

    public enum Method: String, Codable, Sendable, CaseIterable, Hashable {
        case letter, email, telephone, personalVisit, other
    }

    public var notifiedOn: LocalDate
    public var methods: [Method]
    public var numberNotified: Int
    /// The advice given on how to protect themselves (the breach procedure §6.4.5).
    public var adviceGiven: String?
    // The contents of the notification (the breach procedure §6.4). Optional so that notifications
    // recorded before they were kept still decode; the rules require them on new notifications.
    /// How and when the breach occurred, as described to them (§6.4.3).
    public var howAndWhenOccurred: String?
    /// The personal information involved, as described to them (§6.4.3).
    public var informationInvolved: String?
    /// How they can contact the organisation for further information or questions (§6.4.6).
    public var contactForQuestions: String?
    /// How to complain formally to the organisation or to the ICO (§6.4.6).
    public var howToComplain: String?

    public init(notifiedOn: LocalDate, methods: [Method], numberNotified: Int, adviceGiven: String? = nil,
                howAndWhenOccurred: String? = nil, informationInvolved: String? = nil,
                contactForQuestions: String? = nil, howToComplain: String? = nil) {
        self.notifiedOn = notifiedOn
        self.methods = methods
        self.numberNotified = numberNotified
        self.adviceGiven = adviceGiven
        self.howAndWhenOccurred = howAndWhenOccurred
        self.informationInvolved = informationInvolved
        self.contactForQuestions = contactForQuestions
        self.howToComplain = howToComplain
    }
}

/// The police were told of the breach (the breach procedure §4.2).
public struct PoliceInformed: EventPayload {
    public static let eventType = EventType.policeInformed
    public static let personalFields: [PersonalField] = []

    public var informedOn: LocalDate
    public var force: String?
    public var crimeReference: String?

    public init(informedOn: LocalDate, force: String? = nil, crimeReference: String? = nil) {
        self.informedOn = informedOn
        self.force = force
        self.crimeReference = crimeReference
    }
}

/// The breach was closed; the case accepts only housekeeping events afterwards.
public struct BreachClosed: EventPayload {
    public static let eventType = EventType.breachClosed
    public static let personalFields: [PersonalField] = []

    public var closedOn: LocalDate
    public var summary: String?
    public var lessonsLearned: String?

    public init(closedOn: LocalDate, summary: String? = nil, lessonsLearned: String? = nil) {
        self.closedOn = closedOn
        self.summary = summary
        self.lessonsLearned = lessonsLearned
    }
}

/// The breach is an FOI release that should not have been made (the wrongful-release protocol): links it to the FOI case,
/// with the impact questions of Step 1 and the parties informed under Step 2.
public struct WrongfulReleaseLinked: EventPayload {
    public static let eventType = EventType.wrongfulReleaseLinked
    public static let personalFields = [
        PersonalField(path: "individualImpact", scope: .case),
        PersonalField(path: "releasedInError", scope: .case),
    ]

    /// The parties of the wrongful-release protocol Step 2 (and Step 4's affected parties).
    public enum Party: String, Codable, Sendable, CaseIterable, Hashable {
        case directorAndDirectorGeneral, foiTeam, pressOffice, privateOffice, permanentSecretaryOffice,
             legal, affectedParties, other
    }

    /// The FOI/EIR case whose response released the information.
    public var foiCase: CaseReference
    /// What was issued that should not have been (the wrongful-release protocol Step 3).
    public var releasedInError: String
    public var ministerialReputationalDamage: Likelihood
    public var departmentalReputationalDamage: Likelihood
    public var stakeholderDamage: Likelihood
    /// Whether personal data, or data that may damage an individual's reputation, was released.
    public var personalDataReleased: Bool
    public var individualImpact: String?
    /// Whether other government departments are involved, and their views.
    public var otherDepartmentsInvolved: Bool
    public var otherDepartmentsViews: String?
    public var mediaStoryLikelihood: Likelihood
    public var legalChallengePossible: Bool
    public var partiesInformed: [Party]

    public init(foiCase: CaseReference, releasedInError: String, ministerialReputationalDamage: Likelihood,
                departmentalReputationalDamage: Likelihood, stakeholderDamage: Likelihood,
                personalDataReleased: Bool, individualImpact: String? = nil, otherDepartmentsInvolved: Bool,
                otherDepartmentsViews: String? = nil, mediaStoryLikelihood: Likelihood,
                legalChallengePossible: Bool, partiesInformed: [Party]) {
        self.foiCase = foiCase
        self.releasedInError = releasedInError
        self.ministerialReputationalDamage = ministerialReputationalDamage
        self.departmentalReputationalDamage = departmentalReputationalDamage
        self.stakeholderDamage = stakeholderDamage
        self.personalDataReleased = personalDataReleased
        self.individualImpact = individualImpact
        self.otherDepartmentsInvolved = otherDepartmentsInvolved
        self.otherDepartmentsViews = otherDepartmentsViews
        self.mediaStoryLikelihood = mediaStoryLikelihood
        self.legalChallengePossible = legalChallengePossible
        self.partiesInformed = partiesInformed
    }
}
