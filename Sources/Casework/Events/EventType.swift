/// Every event the ledger knows, named as a fact in the past tense.
///
/// The raw value is the `type` string stored on the envelope and the schema's file name
/// (`Schemas/events/<rawValue>.schema.json`).
public enum EventType: String, Codable, Sendable, CaseIterable, Hashable, CustomStringConvertible {
    // FOI / EIR requests
    case requestReceived = "RequestReceived"
    case requestAcknowledged = "RequestAcknowledged"
    case clarificationRequested = "ClarificationRequested"
    case clarificationReceived = "ClarificationReceived"
    case feeNoticeIssued = "FeeNoticeIssued"
    case feePaid = "FeePaid"
    case exemptionApplied = "ExemptionApplied"
    case publicInterestTestRecorded = "PublicInterestTestRecorded"
    case deadlineExtended = "DeadlineExtended"
    case costLimitApplied = "CostLimitApplied"
    case vexatiousApplied = "VexatiousApplied"
    case transferred = "Transferred"
    case withdrawn = "Withdrawn"
    case responseSent = "ResponseSent"
    case internalReviewRequested = "InternalReviewRequested"
    case internalReviewDecided = "InternalReviewDecided"
    case iCOComplaintReceived = "ICOComplaintReceived"
    case iCODecisionNoticeReceived = "ICODecisionNoticeReceived"
    case publishedToDisclosureLog = "PublishedToDisclosureLog"
    case publicationWithdrawn = "PublicationWithdrawn"
    case internalReviewExtended = "InternalReviewExtended"
    case channelledToSubjectAccess = "ChannelledToSubjectAccess"
    // Subject access requests
    case sARReceived = "SARReceived"
    case identityRequested = "IdentityRequested"
    case identityVerified = "IdentityVerified"
    case feeRequested = "FeeRequested"
    case thirdPartyInformationDecided = "ThirdPartyInformationDecided"
    case sARExtended = "SARExtended"
    case sARResponded = "SARResponded"
    case sARExemptionApplied = "SARExemptionApplied"
    case sCRAConsentRequested = "SCRAConsentRequested"
    case sCRAConsentRecorded = "SCRAConsentRecorded"
    case childConsentRecorded = "ChildConsentRecorded"
    case requesterUpdated = "RequesterUpdated"
    // Personal-data breaches
    case breachReported = "BreachReported"
    case breachEscalated = "BreachEscalated"
    case riskAssessed = "RiskAssessed"
    case investigationOpened = "InvestigationOpened"
    case investigationConcluded = "InvestigationConcluded"
    case iCONotificationDecided = "ICONotificationDecided"
    case iCONotified = "ICONotified"
    case dataSubjectsNotified = "DataSubjectsNotified"
    case policeInformed = "PoliceInformed"
    case breachClosed = "BreachClosed"
    case wrongfulReleaseLinked = "WrongfulReleaseLinked"
    case breachReportUpdated = "BreachReportUpdated"
    case dataSubjectNotificationDecided = "DataSubjectNotificationDecided"
    case wrongfulReleasePartyInformed = "WrongfulReleasePartyInformed"
    case affectedPartyContacted = "AffectedPartyContacted"
    case wrongfulReleaseReviewed = "WrongfulReleaseReviewed"
    case wrongfulReleaseOutcomeLetterSent = "WrongfulReleaseOutcomeLetterSent"
    // Near misses
    case nearMissReported = "NearMissReported"
    case nearMissReviewed = "NearMissReviewed"
    // Third-party disclosure requests (the data protection policy Appendix 4)
    case thirdPartyRequestReceived = "ThirdPartyRequestReceived"
    case thirdPartyRequesterContacted = "ThirdPartyRequesterContacted"
    case thirdPartyDetailsReceived = "ThirdPartyDetailsReceived"
    case thirdPartyInformationDisclosed = "ThirdPartyInformationDisclosed"
    case thirdPartyRequestRefused = "ThirdPartyRequestRefused"
    // Data-sharing and data-processing agreements
    case agreementProposed = "AgreementProposed"
    case headOfLegalInformed = "HeadOfLegalInformed"
    case agreementSigned = "AgreementSigned"
    case agreementReviewed = "AgreementReviewed"
    case agreementEnded = "AgreementEnded"
    // Complaints about data handling or sharing
    case complaintReceived = "ComplaintReceived"
    case complaintAcknowledged = "ComplaintAcknowledged"
    case complaintResolved = "ComplaintResolved"
    case complaintEscalatedToICO = "ComplaintEscalatedToICO"
    // Every case kind
    case noteAdded = "NoteAdded"
    case corrected = "Corrected"
    case voided = "Voided"
    case reassigned = "Reassigned"
    /// The case was brought in from a register kept before Casebook (`casebook import`).
    case caseImported = "CaseImported"
    case retentionApplied = "RetentionApplied"
    case personalDataErased = "PersonalDataErased"

    public var description: String { rawValue }

    /// The event that opens a case of `kind`; nothing may precede it.
    public static func openingEvent(for kind: CaseKind) -> EventType {
        switch kind {
        case .request: .requestReceived
        case .subjectAccess: .sARReceived
        case .breach: .breachReported
        case .nearMiss: .nearMissReported
        case .thirdPartyDisclosure: .thirdPartyRequestReceived
        case .agreement: .agreementProposed
        case .complaint: .complaintReceived
        }
    }

    /// Whether this event opens a case.
    public var isOpening: Bool {
        CaseKind.allCases.contains { Self.openingEvent(for: $0) == self }
    }

    /// The case kinds on which this event may be recorded.
    public var allowedKinds: Set<CaseKind> {
        switch self {
        case .requestReceived, .requestAcknowledged, .feeNoticeIssued, .exemptionApplied,
             .publicInterestTestRecorded, .deadlineExtended, .costLimitApplied, .vexatiousApplied,
             .transferred, .responseSent, .publishedToDisclosureLog, .publicationWithdrawn, .internalReviewExtended, .channelledToSubjectAccess:
            [.request]
        case .clarificationRequested, .clarificationReceived, .feePaid, .withdrawn,
             .internalReviewRequested, .internalReviewDecided, .iCOComplaintReceived,
             .iCODecisionNoticeReceived:
            [.request, .subjectAccess]
        case .sARReceived, .identityRequested, .identityVerified, .feeRequested,
             .thirdPartyInformationDecided, .sARExtended, .sARResponded, .sARExemptionApplied,
             .sCRAConsentRequested, .sCRAConsentRecorded, .childConsentRecorded, .requesterUpdated:
            [.subjectAccess]
        case .breachReported, .breachEscalated, .riskAssessed, .investigationOpened,
             .investigationConcluded, .iCONotificationDecided, .iCONotified, .dataSubjectsNotified,
             .policeInformed, .breachClosed, .wrongfulReleaseLinked, .breachReportUpdated,
             .dataSubjectNotificationDecided, .wrongfulReleasePartyInformed, .affectedPartyContacted,
             .wrongfulReleaseReviewed, .wrongfulReleaseOutcomeLetterSent:
            [.breach]
        case .nearMissReported, .nearMissReviewed:
            [.nearMiss]
        case .thirdPartyRequestReceived, .thirdPartyRequesterContacted, .thirdPartyDetailsReceived,
             .thirdPartyInformationDisclosed, .thirdPartyRequestRefused:
            [.thirdPartyDisclosure]
        case .agreementProposed, .headOfLegalInformed, .agreementSigned, .agreementReviewed, .agreementEnded:
            [.agreement]
        case .complaintReceived, .complaintAcknowledged, .complaintResolved, .complaintEscalatedToICO:
            [.complaint]
        case .noteAdded, .corrected, .voided, .reassigned, .retentionApplied, .personalDataErased, .caseImported:
            Set(CaseKind.allCases)
        }
    }

    /// Whether this event records a step that happens at most once in a case; a second one is
    /// refused, and the first is amended with `Corrected` instead.
    ///
    /// An acknowledgement, the ICO notification decision and the notification itself (later
    /// information goes in phases under the same notification, Art 33(4)), verifying the
    /// requester's identity, and opening and concluding the breach investigation. Steps that
    /// genuinely repeat are not one-time: escalations, risk reassessments, telling data subjects
    /// in batches, clarifications, fee notices, reviews and complaints.
    public var isOneTimeStep: Bool {
        switch self {
        case .requestAcknowledged, .iCONotificationDecided, .iCONotified, .identityVerified,
             .investigationOpened, .investigationConcluded, .agreementSigned, .complaintAcknowledged,
             .complaintEscalatedToICO, .caseImported:
            true
        default:
            false
        }
    }

    /// Whether this event may still be recorded after the case has closed: reviews, complaints,
    /// publication, and the housekeeping events every case has.
    public var isAllowedAfterClosure: Bool {
        switch self {
        case .internalReviewRequested, .internalReviewDecided, .iCOComplaintReceived,
             .iCODecisionNoticeReceived, .publishedToDisclosureLog, .publicationWithdrawn, .corrected, .voided, .noteAdded,
             .retentionApplied, .personalDataErased, .reassigned, .internalReviewExtended, .complaintEscalatedToICO, .caseImported:
            true
        default:
            false
        }
    }
}
