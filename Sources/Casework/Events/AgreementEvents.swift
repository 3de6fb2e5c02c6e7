// Data-sharing and data-processing agreements (the data protection policy Appendix 5 §3–§4; the
// data-sharing guidance §4 'Accuracy' and §5 'Security').

/// Whether an agreement shares personal data with a partner for the partner's own use, or has an
/// external agency process it on the council's behalf (the data protection policy Appendix 5 §1).
public enum AgreementType: String, Codable, Sendable, CaseIterable, Hashable {
    /// Routine sharing with a partner for its own use (the data protection policy Appendix 5 §1.2).
    case sharing
    /// An external agency processes the data on the council's behalf (Appendix 5 §1.1, §4).
    case processing
}

/// An agreement was drafted and proposed to a partner; opens an agreement case (`DSA-YYYY-NNNN`).
public struct AgreementProposed: EventPayload {
    public static let eventType = EventType.agreementProposed
    public static let personalFields: [PersonalField] = []

    public var type: AgreementType
    /// The partner organisation (an organisation, not a person).
    public var partner: String
    /// What the data is shared or processed for.
    public var purpose: String
    /// The service that owns the agreement.
    public var service: String
    /// The security procedures agreed with the partner (the data-sharing guidance §5 'Security';
    /// Appendix 5 §3.1: safeguards and how data is protected in transit).
    public var securityProcedures: String
    /// The standards of accuracy agreed with the partner (the data-sharing guidance §4 'Accuracy').
    public var accuracyStandards: String
    public var proposedOn: LocalDate
    /// When the agreement is first to be reviewed.
    public var reviewDueOn: LocalDate

    public init(type: AgreementType, partner: String, purpose: String, service: String, securityProcedures: String,
                accuracyStandards: String, proposedOn: LocalDate, reviewDueOn: LocalDate) {
        self.type = type
        self.partner = partner
        self.purpose = purpose
        self.service = service
        self.securityProcedures = securityProcedures
        self.accuracyStandards = accuracyStandards
        self.proposedOn = proposedOn
        self.reviewDueOn = reviewDueOn
    }
}

/// The Head of Legal and Democratic Services was informed of the agreement (the data protection
/// policy Appendix 5 §4.1: before a processing agreement is signed).
public struct HeadOfLegalInformed: EventPayload {
    public static let eventType = EventType.headOfLegalInformed
    public static let personalFields: [PersonalField] = []

    public var informedOn: LocalDate
    /// Who informed them (officer id).
    public var informedBy: String?

    public init(informedOn: LocalDate, informedBy: String? = nil) {
        self.informedOn = informedOn
        self.informedBy = informedBy
    }
}

/// The council signed the agreement (for a processing agreement, only after the Head of Legal was
/// informed: the data protection policy Appendix 5 §4.1).
public struct AgreementSigned: EventPayload {
    public static let eventType = EventType.agreementSigned
    public static let personalFields: [PersonalField] = []

    public var signedOn: LocalDate
    /// Who signed for the council (officer id).
    public var signedBy: String
    /// For processing: a separate Data Processing Agreement, or a processing section of a larger
    /// contract (the data protection policy Appendix 5 §4.2).
    public var form: Form?

    public enum Form: String, Codable, Sendable, CaseIterable, Hashable {
        case separateAgreement, contractSection
    }

    public init(signedOn: LocalDate, signedBy: String, form: Form? = nil) {
        self.signedOn = signedOn
        self.signedBy = signedBy
        self.form = form
    }
}

/// The agreement was reviewed with the partner (accuracy and security procedures still met) and
/// its next review set.
public struct AgreementReviewed: EventPayload {
    public static let eventType = EventType.agreementReviewed
    public static let personalFields: [PersonalField] = []

    public var reviewedOn: LocalDate
    public var nextReviewDueOn: LocalDate
    /// What the review found (accuracy checks, security, changes agreed).
    public var findings: String
    /// The reviewing officer (officer id).
    public var reviewer: String?

    public init(reviewedOn: LocalDate, nextReviewDueOn: LocalDate, findings: String, reviewer: String? = nil) {
        self.reviewedOn = reviewedOn
        self.nextReviewDueOn = nextReviewDueOn
        self.findings = findings
        self.reviewer = reviewer
    }
}

/// The agreement ended (expired, terminated or replaced); closes the case.
public struct AgreementEnded: EventPayload {
    public static let eventType = EventType.agreementEnded
    public static let personalFields: [PersonalField] = []

    public enum Reason: String, Codable, Sendable, CaseIterable, Hashable {
        case expired, terminated, replaced, neverSigned
    }

    public var endedOn: LocalDate
    public var reason: Reason
    /// What happens to the data shared (returned, destroyed), in words.
    public var dataDisposal: String?

    public init(endedOn: LocalDate, reason: Reason, dataDisposal: String? = nil) {
        self.endedOn = endedOn
        self.reason = reason
        self.dataDisposal = dataDisposal
    }
}
