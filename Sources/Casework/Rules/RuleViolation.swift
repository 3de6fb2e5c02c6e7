import Foundation

/// An event refused because it would break its case's lifecycle.
///
/// `rule` is a stable name (`FOI.responseBeforeReceipt`) for logs, tests and API clients;
/// `message` says in plain words what is wrong and what to do instead.
public struct RuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable rule name, `Area.ruleName`.
    public struct Rule: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        // Every case kind
        public static let payloadTypeMismatch = Rule(rawValue: "Case.payloadTypeMismatch")
        public static let eventTypeNotForKind = Rule(rawValue: "Case.eventTypeNotForKind")
        public static let eventBeforeOpening = Rule(rawValue: "Case.eventBeforeOpening")
        public static let alreadyOpened = Rule(rawValue: "Case.alreadyOpened")
        public static let eventAfterClosure = Rule(rawValue: "Case.eventAfterClosure")
        public static let correctionOfUnknownEvent = Rule(rawValue: "Case.correctionOfUnknownEvent")
        public static let emptyCorrection = Rule(rawValue: "Case.emptyCorrection")
        public static let personalDataInPlainCorrection = Rule(rawValue: "Case.personalDataInPlainCorrection")
        public static let voidOfUnknownEvent = Rule(rawValue: "Case.voidOfUnknownEvent")
        public static let alreadyVoided = Rule(rawValue: "Case.alreadyVoided")
        public static let voidOfErasure = Rule(rawValue: "Case.voidOfErasure")
        public static let voidOfVoid = Rule(rawValue: "Case.voidOfVoid")
        public static let voidOfOpening = Rule(rawValue: "Case.voidOfOpening")
        public static let voidLeavesCaseInvalid = Rule(rawValue: "Case.voidLeavesCaseInvalid")
        public static let responseBackdatedAfterVoid = Rule(rawValue: "Case.responseBackdatedAfterVoid")
        public static let clarificationNotRequested = Rule(rawValue: "Case.clarificationNotRequested")
        public static let feeNotRequested = Rule(rawValue: "Case.feeNotRequested")
        public static let internalReviewNotRequested = Rule(rawValue: "Case.internalReviewNotRequested")
        public static let decisionNoticeWithoutComplaint = Rule(rawValue: "Case.decisionNoticeWithoutComplaint")
        public static let wrongRegulator = Rule(rawValue: "Case.wrongRegulator")
        public static let dateOutOfRange = Rule(rawValue: "Case.dateOutOfRange")
        public static let stepBeforeOpening = Rule(rawValue: "Case.stepBeforeOpening")
        public static let stepInFuture = Rule(rawValue: "Case.stepInFuture")
        public static let stepAlreadyRecorded = Rule(rawValue: "Case.stepAlreadyRecorded")
        public static let reviewBeforeResponse = Rule(rawValue: "Case.reviewBeforeResponse")
        public static let correctionNotADate = Rule(rawValue: "Case.correctionNotADate")
        // FOI / EIR
        public static let responseBeforeReceipt = Rule(rawValue: "FOI.responseBeforeReceipt")
        public static let regimeMismatch = Rule(rawValue: "FOI.regimeMismatch")
        public static let exemptionNotInCatalogue = Rule(rawValue: "FOI.exemptionNotInCatalogue")
        public static let exemptionClassMismatch = Rule(rawValue: "FOI.exemptionClassMismatch")
        public static let exemptionNotApplied = Rule(rawValue: "FOI.exemptionNotApplied")
        public static let exemptionOutweighedByPublicInterest = Rule(rawValue: "FOI.exemptionOutweighedByPublicInterest")
        public static let qualifiedExemptionWithoutPIT = Rule(rawValue: "FOI.qualifiedExemptionWithoutPIT")
        public static let extensionNotAllowed = Rule(rawValue: "FOI.extensionNotAllowed")
        public static let publishedBeforeResponse = Rule(rawValue: "FOI.publishedBeforeResponse")
        public static let refusalWithoutGrounds = Rule(rawValue: "FOI.refusalWithoutGrounds")
        public static let costLimitNotExceeded = Rule(rawValue: "FOI.costLimitNotExceeded")
        public static let costLimitFiguresDiffer = Rule(rawValue: "FOI.costLimitFiguresDiffer")
        public static let costLimitUnderEIR = Rule(rawValue: "EIR.costLimitNotAvailable")
        public static let extensionTooLate = Rule(rawValue: "FOI.extensionTooLate")
        public static let appealWithoutReview = Rule(rawValue: "FOISA.appealWithoutReview")
        public static let reviewExtensionWithoutOpenReview = Rule(rawValue: "FOI.reviewExtensionWithoutOpenReview")
        public static let reviewAlreadyExtended = Rule(rawValue: "FOI.reviewAlreadyExtended")
        public static let reviewExtensionTooLong = Rule(rawValue: "FOI.reviewExtensionTooLong")
        public static let reviewExtensionTooLate = Rule(rawValue: "FOI.reviewExtensionTooLate")
        public static let reviewExtensionWithoutReasons = Rule(rawValue: "FOI.reviewExtensionWithoutReasons")
        public static let reviewExtensionUnderEIR = Rule(rawValue: "EIR.reconsiderationNotExtendable")
        public static let reviewExtensionUnderFOISA = Rule(rawValue: "FOISA.reviewNotExtendable")
        public static let channelledToNonSAR = Rule(rawValue: "FOI.channelledToNonSAR")
        // SAR
        public static let sarExtensionNotAllowed = Rule(rawValue: "SAR.extensionNotAllowed")
        public static let thirdPartyDisclosureWithoutRationale = Rule(rawValue: "SAR.thirdPartyDisclosureWithoutRationale")
        public static let sarExtensionTooLate = Rule(rawValue: "SAR.extensionTooLate")
        public static let identityRequestedLate = Rule(rawValue: "SAR.identityRequestedLate")
        public static let feeRequestedLate = Rule(rawValue: "SAR.feeRequestedLate")
        public static let channelledFromNonRequest = Rule(rawValue: "SAR.channelledFromNonRequest")
        public static let dataSubjectAgeNotAChild = Rule(rawValue: "SAR.dataSubjectAgeNotAChild")
        public static let sarExemptionNotInCatalogue = Rule(rawValue: "SAR.exemptionNotInCatalogue")
        public static let sarExemptionWithoutReasons = Rule(rawValue: "SAR.exemptionWithoutReasons")
        public static let sarExemptionNotApplied = Rule(rawValue: "SAR.exemptionNotApplied")
        public static let scraConsentNotRequested = Rule(rawValue: "SAR.scraConsentNotRequested")
        public static let scraConsentOutstanding = Rule(rawValue: "SAR.scraConsentOutstanding")
        public static let scraInformationWithoutConsent = Rule(rawValue: "SAR.scraInformationWithoutConsent")
        public static let childConsentNotStated = Rule(rawValue: "SAR.childConsentNotStated")
        public static let childConsentMissing = Rule(rawValue: "SAR.childConsentMissing")
        public static let childRefusedConsent = Rule(rawValue: "SAR.childRefusedConsent")
        // Breach
        public static let iCONotifiedWithoutDecision = Rule(rawValue: "Breach.iCONotifiedWithoutDecision")
        public static let noNotifyWithoutReasons = Rule(rawValue: "Breach.noNotifyWithoutReasons")
        public static let investigationNotOpened = Rule(rawValue: "Breach.investigationNotOpened")
        public static let closedWithoutICODecision = Rule(rawValue: "Breach.closedWithoutICODecision")
        public static let closedBeforeICONotified = Rule(rawValue: "Breach.closedBeforeICONotified")
        public static let closedWithInvestigationOpen = Rule(rawValue: "Breach.closedWithInvestigationOpen")
        public static let wrongfulReleaseNotFOI = Rule(rawValue: "Breach.wrongfulReleaseNotFOI")
        public static let discoveredBeforeOccurrence = Rule(rawValue: "Breach.discoveredBeforeOccurrence")
        public static let closedWithoutTellingDataSubjects = Rule(rawValue: "Breach.closedWithoutTellingDataSubjects")
        public static let notTellingWithoutReasons = Rule(rawValue: "Breach.notTellingDataSubjectsWithoutReasons")
        public static let otherCategoryWithoutDescription = Rule(rawValue: "Breach.otherCategoryWithoutDescription")
        public static let notificationContentsMissing = Rule(rawValue: "Breach.notificationContentsMissing")
        public static let notTellingWithoutCondition = Rule(rawValue: "Breach.notTellingDataSubjectsWithoutCondition")
        public static let updatedFormWithoutRecipients = Rule(rawValue: "Breach.updatedFormWithoutRecipients")
        public static let wrongfulReleaseNotLinked = Rule(rawValue: "Breach.wrongfulReleaseNotLinked")
        public static let outcomeLetterBeforeReview = Rule(rawValue: "Breach.outcomeLetterBeforeReview")
        // Disclosure log
        public static let withdrawalWithoutPublication = Rule(rawValue: "FOI.withdrawalWithoutPublication")
        // Near miss
        public static let reportedBeforeOccurrence = Rule(rawValue: "NearMiss.reportedBeforeOccurrence")
        // Third-party disclosure (the data protection policy Appendix 4)
        public static let disclosedBeforeContactingRequester = Rule(rawValue: "ThirdParty.disclosedBeforeContactingRequester")
        public static let disclosedWithDetailsMissing = Rule(rawValue: "ThirdParty.disclosedWithDetailsMissing")
        public static let detailsWithoutContact = Rule(rawValue: "ThirdParty.detailsWithoutContact")
        public static let faxForbidden = Rule(rawValue: "ThirdParty.faxForbidden")
        public static let parentFeeAboveLimit = Rule(rawValue: "ThirdParty.parentFeeAboveLimit")
        public static let courtOrderWithoutDeadline = Rule(rawValue: "ThirdParty.courtOrderWithoutDeadline")
        public static let courtOrderRefused = Rule(rawValue: "ThirdParty.courtOrderRefused")
        public static let legalBasisUnexplained = Rule(rawValue: "ThirdParty.legalBasisUnexplained")
        // Data-sharing and data-processing agreements (the data protection policy Appendix 5)
        public static let processingSignedBeforeHeadOfLegalInformed = Rule(rawValue: "Agreement.processingSignedBeforeHeadOfLegalInformed")
        public static let agreementReviewedBeforeSigning = Rule(rawValue: "Agreement.reviewedBeforeSigning")
        public static let agreementReviewDateNotAhead = Rule(rawValue: "Agreement.reviewDateNotAhead")
        // Complaints about data handling or sharing (the data-sharing guidance §6)
        public static let complaintAgreementNotDSA = Rule(rawValue: "Complaint.agreementNotAnAgreement")
    }

    public var rule: Rule
    public var caseReference: CaseReference
    public var eventType: EventType
    /// What is wrong and what to do about it.
    public var message: String

    public init(rule: Rule, caseReference: CaseReference, eventType: EventType, message: String) {
        self.rule = rule
        self.caseReference = caseReference
        self.eventType = eventType
        self.message = message
    }

    public var description: String {
        "\(rule) — \(eventType) on \(caseReference) refused: \(message)"
    }
}

/// What the rules may ask the ledger about events outside the case's folded state, the event's
/// envelope times, and the clocks and policy the rules judge by.
///
/// Not `Sendable` on purpose: it typically wraps the store's read transaction, which belongs to
/// one thread, and is valid only for the duration of one `LifecycleRules.evaluate` call.
public struct RuleContext {
    /// The case reference of the event with this id, or `nil` if the ledger has no such event.
    public var caseOfEvent: (UUID) -> String?
    /// The type of the event with this id, or `nil` if unknown. Optional: when it answers,
    /// corrections are also checked for personal data written in plain, and their dates.
    public var typeOfEvent: (UUID) -> EventType?
    /// When the event happened in the world (the envelope's `occurredAt`); nil when not known,
    /// and then only the payload's own dates are judged.
    public var occurredAt: Timestamp?
    /// When the ledger records the event (the envelope's `recordedAt`); nil when not known, and
    /// then no date is judged to lie in the future.
    public var recordedAt: Timestamp?
    /// The statutory clocks, with the policy (tolerances, date window, cost limit, SAR rule).
    public var deadlines: DeadlineCalculator
    /// Whether the event is a stored one judged again (a case refolded after a void), not a new
    /// append: requirements added after it was recorded (the contents of a data-subject
    /// notification, the breach procedure §6.4) are not applied to it again.
    public var judgingStoredEvent = false

    public init(caseOfEvent: @escaping (UUID) -> String?, typeOfEvent: @escaping (UUID) -> EventType? = { _ in nil },
                occurredAt: Timestamp? = nil, recordedAt: Timestamp? = nil, deadlines: DeadlineCalculator = DeadlineCalculator()) {
        self.caseOfEvent = caseOfEvent
        self.typeOfEvent = typeOfEvent
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.deadlines = deadlines
    }

    /// The policy the rules judge by.
    public var policy: Policy { deadlines.policy }

    /// A context for a ledger with no events (nothing can be corrected).
    public static var empty: RuleContext { RuleContext(caseOfEvent: { _ in nil }) }

    /// A context answering from a dictionary of known events.
    public static func known(_ events: [UUID: (case: String, type: EventType)]) -> RuleContext {
        RuleContext(caseOfEvent: { events[$0]?.case }, typeOfEvent: { events[$0]?.type })
    }

    /// This context for an event that happened at `occurredAt` and is recorded at `recordedAt`.
    public func at(occurred occurredAt: Timestamp?, recorded recordedAt: Timestamp?) -> RuleContext {
        var copy = self
        copy.occurredAt = occurredAt
        copy.recordedAt = recordedAt
        return copy
    }

    /// This context judging by `deadlines` (and its policy).
    public func judging(by deadlines: DeadlineCalculator) -> RuleContext {
        var copy = self
        copy.deadlines = deadlines
        return copy
    }
}

@available(*, unavailable, message: "RuleContext wraps a thread-bound transaction; create one per evaluation")
extension RuleContext: Sendable {}
