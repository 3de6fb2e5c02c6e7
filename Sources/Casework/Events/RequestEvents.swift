// FOI / EIR request events (the FOI policy). Several are shared with SARs.

/// An FOI/EIR request arrived; opens a request case.
public struct RequestReceived: EventPayload {
    public static let eventType = EventType.requestReceived
    public static let personalFields = [PersonalField(path: "requester", scope: .requester)]

    public var channel: RequestChannel
    /// When the request was received (RFC 3339 UTC); the clock counts from the day of receipt.
    public var receivedAt: Timestamp
    public var regime: Regime
    public var requester: Requester
    public var requesterType: RequesterType
    /// What is asked for, written without identities: it is published on the disclosure log.
    public var summary: String
    public var service: String?

    public init(channel: RequestChannel, receivedAt: Timestamp, regime: Regime, requester: Requester,
                requesterType: RequesterType, summary: String, service: String? = nil) {
        self.channel = channel
        self.receivedAt = receivedAt
        self.regime = regime
        self.requester = requester
        self.requesterType = requesterType
        self.summary = summary
        self.service = service
    }
}

/// The requester was sent an acknowledgement (policy: within 48 hours, the FOI policy).
public struct RequestAcknowledged: EventPayload {
    public static let eventType = EventType.requestAcknowledged
    public static let personalFields: [PersonalField] = []

    public var acknowledgedAt: Timestamp
    public var channel: RequestChannel?

    public init(acknowledgedAt: Timestamp, channel: RequestChannel? = nil) {
        self.acknowledgedAt = acknowledgedAt
        self.channel = channel
    }
}

/// The requester was asked to clarify; the statutory clock stops (FOIA s1(3); SAR the data protection policy §2.3.1).
public struct ClarificationRequested: EventPayload {
    public static let eventType = EventType.clarificationRequested
    public static let personalFields = [PersonalField(path: "question", scope: .case)]

    public var requestedOn: LocalDate
    /// What was asked; may quote the requester, so it is personal.
    public var question: String?

    public init(requestedOn: LocalDate, question: String? = nil) {
        self.requestedOn = requestedOn
        self.question = question
    }
}

/// The clarification arrived; the clock starts again from this day.
public struct ClarificationReceived: EventPayload {
    public static let eventType = EventType.clarificationReceived
    public static let personalFields = [PersonalField(path: "clarification", scope: .case)]

    public var receivedOn: LocalDate
    /// The requester's clarification, in their words.
    public var clarification: String?
    /// A revised identity-free summary for the register and disclosure log, when the scope changed.
    public var revisedSummary: String?

    public init(receivedOn: LocalDate, clarification: String? = nil, revisedSummary: String? = nil) {
        self.receivedOn = receivedOn
        self.clarification = clarification
        self.revisedSummary = revisedSummary
    }
}

/// A fees notice was issued; days until payment are not counted (FOIA s10(2)).
public struct FeeNoticeIssued: EventPayload {
    public static let eventType = EventType.feeNoticeIssued
    public static let personalFields: [PersonalField] = []

    public var amountPence: Int
    public var issuedOn: LocalDate
    /// What the fee covers, e.g. disbursements for copying and postage.
    public var basis: String?

    public init(amountPence: Int, issuedOn: LocalDate, basis: String? = nil) {
        self.amountPence = amountPence
        self.issuedOn = issuedOn
        self.basis = basis
    }
}

/// A fee asked for by a fees notice (FOI) or fee request (SAR) was paid.
public struct FeePaid: EventPayload {
    public static let eventType = EventType.feePaid
    public static let personalFields: [PersonalField] = []

    public var paidOn: LocalDate
    public var amountPence: Int?

    public init(paidOn: LocalDate, amountPence: Int? = nil) {
        self.paidOn = paidOn
        self.amountPence = amountPence
    }
}

/// An exemption (FOIA/FOISA section) or exception (EIR regulation) was applied to some information.
public struct ExemptionApplied: EventPayload {
    public static let eventType = EventType.exemptionApplied
    public static let personalFields: [PersonalField] = []

    /// The provision in the case's regime: FOIA `"43(2)"`, `"37(1)(a)"`; FOISA `"30(b)(i)"`;
    /// EIR `"12(5)(e)"`, `"13"`. Checked against `ExemptionCatalogue`.
    public var section: String
    /// The class the officer states; the rules check it against the catalogue.
    public var exemptionClass: ExemptionClass
    /// Why the exemption engages (the prejudice, the prohibition, the class of information).
    public var reason: String
    /// Which information or documents it is applied to.
    public var appliesTo: String?
    /// For FOIA s21 (FOISA s25), information reasonably accessible by other means: where it is
    /// available (the FOI policy Appendix 1: "details as to where in the public domain the
    /// information can be located").
    public var availableAt: String?

    enum CodingKeys: String, CodingKey {
        case section
        case exemptionClass = "class"
        case reason
        case appliesTo
        case availableAt
    }

    public init(section: String, exemptionClass: ExemptionClass, reason: String, appliesTo: String? = nil,
                availableAt: String? = nil) {
        self.section = section
        self.exemptionClass = exemptionClass
        self.reason = reason
        self.appliesTo = appliesTo
        self.availableAt = availableAt
    }
}

/// The public interest test for one or more qualified exemptions was carried out and its
/// reasoning recorded (the FOI policy "The Public Interest Test").
public struct PublicInterestTestRecorded: EventPayload {
    public static let eventType = EventType.publicInterestTestRecorded
    public static let personalFields: [PersonalField] = []

    public enum Outcome: String, Codable, Sendable, CaseIterable, Hashable {
        /// The public interest in maintaining the exemption outweighs that in disclosure.
        case maintained
        /// The balance favours disclosure; the exemption is not relied on.
        case disclose
    }

    public var sections: [String]
    public var factorsForDisclosure: [String]?
    public var factorsForMaintaining: [String]?
    public var reasoning: String
    public var outcome: Outcome

    public init(sections: [String], factorsForDisclosure: [String]? = nil, factorsForMaintaining: [String]? = nil,
                reasoning: String, outcome: Outcome) {
        self.sections = sections
        self.factorsForDisclosure = factorsForDisclosure
        self.factorsForMaintaining = factorsForMaintaining
        self.reasoning = reasoning
        self.outcome = outcome
    }
}

/// The response deadline was extended (FOIA s10(3) public interest test; EIR reg 7(1)).
public struct DeadlineExtended: EventPayload {
    public static let eventType = EventType.deadlineExtended
    public static let personalFields: [PersonalField] = []

    public enum Reason: String, Codable, Sendable, CaseIterable, Hashable {
        /// FOIA s10(3): time to consider the public interest in a qualified exemption.
        case publicInterestTest
        /// EIR reg 7(1): complex and voluminous, 20 working days to 40.
        case complexAndVoluminous
    }

    public var reason: Reason
    /// Extra working days, 1–20.
    public var workingDays: Int
    /// The new due date as told to the requester, if stated.
    public var newDueDate: LocalDate?
    public var explanation: String?

    public init(reason: Reason, workingDays: Int, newDueDate: LocalDate? = nil, explanation: String? = nil) {
        self.reason = reason
        self.workingDays = workingDays
        self.newDueDate = newDueDate
        self.explanation = explanation
    }
}

/// Compliance would exceed the appropriate limit (FOIA s12; the FOI policy "The Appropriate Limit").
/// A procedural refusal: the case closes with the `ResponseSent` that tells the requester.
public struct CostLimitApplied: EventPayload {
    public static let eventType = EventType.costLimitApplied
    public static let personalFields: [PersonalField] = []

    public var estimatedHours: Int
    /// The appropriate limit: 45000 (£450) or 60000 (£600, central government).
    public var limitPence: Int
    /// The hourly rate for staff time, 2500 (£25) by regulation.
    public var hourlyRatePence: Int?
    /// Advice and assistance offered to bring the request within the limit (s16).
    public var adviceAndAssistance: String?

    public init(estimatedHours: Int, limitPence: Int, hourlyRatePence: Int? = nil, adviceAndAssistance: String? = nil) {
        self.estimatedHours = estimatedHours
        self.limitPence = limitPence
        self.hourlyRatePence = hourlyRatePence
        self.adviceAndAssistance = adviceAndAssistance
    }
}

/// The request was judged vexatious or repeated (FOIA s14; EIR reg 12(4)(b) manifestly
/// unreasonable). A procedural refusal: the case closes with the `ResponseSent`.
public struct VexatiousApplied: EventPayload {
    public static let eventType = EventType.vexatiousApplied
    public static let personalFields: [PersonalField] = []

    public enum Basis: String, Codable, Sendable, CaseIterable, Hashable {
        case vexatious, repeated
    }

    public var basis: Basis
    public var reason: String
    /// For a repeated request, the earlier case it repeats.
    public var previousCase: CaseReference?

    public init(basis: Basis, reason: String, previousCase: CaseReference? = nil) {
        self.basis = basis
        self.reason = reason
        self.previousCase = previousCase
    }
}

/// The request was transferred to the body that holds the information; closes the case.
public struct Transferred: EventPayload {
    public static let eventType = EventType.transferred
    public static let personalFields: [PersonalField] = []

    /// The public body it went to.
    public var to: String
    public var transferredOn: LocalDate
    /// Whether the requester agreed to the transfer (the FOI policy "Duty to Advise and Assist").
    public var requesterConsented: Bool?

    public init(to: String, transferredOn: LocalDate, requesterConsented: Bool? = nil) {
        self.to = to
        self.transferredOn = transferredOn
        self.requesterConsented = requesterConsented
    }
}

/// The requester withdrew the request; closes the case.
public struct Withdrawn: EventPayload {
    public static let eventType = EventType.withdrawn
    public static let personalFields: [PersonalField] = []

    public var withdrawnOn: LocalDate
    public var reason: String?

    public init(withdrawnOn: LocalDate, reason: String? = nil) {
        self.withdrawnOn = withdrawnOn
        self.reason = reason
    }
}

/// The response went to the requester; closes the case.
public struct ResponseSent: EventPayload {
    public static let eventType = EventType.responseSent
    public static let personalFields: [PersonalField] = []

    public enum Outcome: String, Codable, Sendable, CaseIterable, Hashable {
        case grantedInFull, grantedInPart, refused, notHeld, neitherConfirmNorDeny
    }

    public var outcome: Outcome
    /// The sections relied on, as applied with `ExemptionApplied`.
    public var exemptions: [String]
    /// The documents released, by content hash.
    public var documents: [ReleasedDocument]
    /// The officer who signed the response off (officer id).
    public var signedOffBy: String
    public var sentAt: Timestamp
    /// Whether the response told the requester how to ask for an internal review and its
    /// timescale (the FOI policy "Complaints"). Absent in responses recorded before it was kept.
    public var reviewRightsGiven: Bool?
    /// Whether the response told the requester of the right of appeal to the regulator: the ICO,
    /// or the Scottish Information Commissioner under FOISA (FOIA s17(7); FOISA s19).
    public var appealRightsGiven: Bool?

    public init(outcome: Outcome, exemptions: [String] = [], documents: [ReleasedDocument] = [],
                signedOffBy: String, sentAt: Timestamp, reviewRightsGiven: Bool? = nil, appealRightsGiven: Bool? = nil) {
        self.outcome = outcome
        self.exemptions = exemptions
        self.documents = documents
        self.signedOffBy = signedOffBy
        self.sentAt = sentAt
        self.reviewRightsGiven = reviewRightsGiven
        self.appealRightsGiven = appealRightsGiven
    }
}

/// The requester asked for an internal review (the FOI policy "Complaints"; FOISA s20).
public struct InternalReviewRequested: EventPayload {
    public static let eventType = EventType.internalReviewRequested
    public static let personalFields = [PersonalField(path: "grounds", scope: .case)]

    public var requestedOn: LocalDate
    /// The requester's grounds, in their words.
    public var grounds: String?

    public init(requestedOn: LocalDate, grounds: String? = nil) {
        self.requestedOn = requestedOn
        self.grounds = grounds
    }
}

/// The internal review was decided (20 working days, exceptionally 40).
public struct InternalReviewDecided: EventPayload {
    public static let eventType = EventType.internalReviewDecided
    public static let personalFields: [PersonalField] = []

    public var outcome: ReviewOutcome
    /// The reviewing officer (officer id); should not be the one who signed off the response.
    public var reviewer: String
    public var decidedOn: LocalDate
    public var reasoning: String?
    /// Whether the requester was told of the right of appeal to the regulator with the outcome
    /// (the FOI policy "Complaints": "the applicant must be informed of their right of appeal").
    public var appealRightsGiven: Bool?

    public init(outcome: ReviewOutcome, reviewer: String, decidedOn: LocalDate, reasoning: String? = nil,
                appealRightsGiven: Bool? = nil) {
        self.outcome = outcome
        self.reviewer = reviewer
        self.decidedOn = decidedOn
        self.reasoning = reasoning
        self.appealRightsGiven = appealRightsGiven
    }
}

/// The regulator told the organisation of a complaint about the case.
public struct ICOComplaintReceived: EventPayload {
    public static let eventType = EventType.iCOComplaintReceived
    public static let personalFields: [PersonalField] = []

    /// The ICO, or the Scottish Information Commissioner for a FOISA case.
    public var regulator: Regulator
    public var receivedOn: LocalDate
    public var regulatorReference: String?

    public init(regulator: Regulator, receivedOn: LocalDate, regulatorReference: String? = nil) {
        self.regulator = regulator
        self.receivedOn = receivedOn
        self.regulatorReference = regulatorReference
    }
}

/// The regulator's decision notice on the complaint arrived.
public struct ICODecisionNoticeReceived: EventPayload {
    public static let eventType = EventType.iCODecisionNoticeReceived
    public static let personalFields: [PersonalField] = []

    public var receivedOn: LocalDate
    public var noticeReference: String
    public var outcome: DecisionNoticeOutcome
    /// What the notice requires the authority to do.
    public var stepsRequired: String?
    public var stepsDueOn: LocalDate?

    public init(receivedOn: LocalDate, noticeReference: String, outcome: DecisionNoticeOutcome,
                stepsRequired: String? = nil, stepsDueOn: LocalDate? = nil) {
        self.receivedOn = receivedOn
        self.noticeReference = noticeReference
        self.outcome = outcome
        self.stepsRequired = stepsRequired
        self.stepsDueOn = stepsDueOn
    }
}

/// The released response was published on the public disclosure log, without the requester's
/// identity (the wrongful-release protocol NB; the FOI policy "Confidentiality").
public struct PublishedToDisclosureLog: EventPayload {
    public static let eventType = EventType.publishedToDisclosureLog
    public static let personalFields: [PersonalField] = []

    public var publishedOn: LocalDate
    public var url: String?
    public var documents: [ReleasedDocument]

    public init(publishedOn: LocalDate, url: String? = nil, documents: [ReleasedDocument] = []) {
        self.publishedOn = publishedOn
        self.url = url
        self.documents = documents
    }
}
