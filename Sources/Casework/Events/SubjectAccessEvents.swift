// Subject access request events (the data protection policy App. 3; UK GDPR Art 15). SARs also use ClarificationRequested,
// ClarificationReceived, FeePaid, Withdrawn, InternalReviewRequested/Decided and the ICO events.

/// Someone acting for the data subject under a mandate or power of attorney (the data protection policy §2.2.3).
public struct Representative: Codable, Sendable, Hashable {
    public var name: String
    /// E.g. solicitor, parent, attorney.
    public var relationship: String
    public var contact: String?

    public init(name: String, relationship: String, contact: String? = nil) {
        self.name = name
        self.relationship = relationship
        self.contact = contact
    }
}

/// A subject access request arrived; opens a SAR case.
public struct SARReceived: EventPayload {
    public static let eventType = EventType.sARReceived
    public static let personalFields = [
        PersonalField(path: "requester", scope: .requester),
        PersonalField(path: "representative", scope: .case),
        PersonalField(path: "summary", scope: .case),
    ]

    public var channel: RequestChannel
    public var receivedAt: Timestamp
    /// The data subject, with contact details.
    public var requester: Requester
    /// Who made the request for the data subject, if not the data subject.
    public var representative: Representative?
    /// What information is sought; about the data subject, so personal.
    public var summary: String
    public var service: String?
    /// The FOI/EIR request this SAR was channelled from under s40(1) (the FOI policy Appendix 2).
    public var channelledFrom: CaseReference?
    /// The data subject's age in years when under 18 (the data protection policy §2.2.4: a child of
    /// 12 and over is presumed to have capacity); absent for an adult.
    public var dataSubjectAge: Int?

    public init(channel: RequestChannel, receivedAt: Timestamp, requester: Requester,
                representative: Representative? = nil, summary: String, service: String? = nil,
                channelledFrom: CaseReference? = nil, dataSubjectAge: Int? = nil) {
        self.channel = channel
        self.receivedAt = receivedAt
        self.requester = requester
        self.representative = representative
        self.summary = summary
        self.service = service
        self.channelledFrom = channelledFrom
        self.dataSubjectAge = dataSubjectAge
    }
}

/// Proof of identity (and of a representative's authority) was asked for; the clock waits (the data protection policy §2.3.1).
public struct IdentityRequested: EventPayload {
    public static let eventType = EventType.identityRequested
    public static let personalFields: [PersonalField] = []

    public var requestedOn: LocalDate
    /// The kinds of evidence asked for, e.g. "photo ID", "proof of address", "signed mandate".
    public var evidenceRequested: [String]

    public init(requestedOn: LocalDate, evidenceRequested: [String]) {
        self.requestedOn = requestedOn
        self.evidenceRequested = evidenceRequested
    }
}

/// The requester's identity was verified. Record the kind of evidence, never document numbers.
public struct IdentityVerified: EventPayload {
    public static let eventType = EventType.identityVerified
    public static let personalFields: [PersonalField] = []

    public enum Method: String, Codable, Sendable, CaseIterable, Hashable {
        case documentSighted, knownToService, electronicCheck, other
    }

    public var verifiedOn: LocalDate
    public var method: Method
    /// Whether a representative's authority to act was also established.
    public var representativeAuthorityVerified: Bool?

    public init(verifiedOn: LocalDate, method: Method, representativeAuthorityVerified: Bool? = nil) {
        self.verifiedOn = verifiedOn
        self.method = method
        self.representativeAuthorityVerified = representativeAuthorityVerified
    }
}

/// A fee was asked for on a SAR; the clock waits for payment (the data protection policy §2.3.4).
public struct FeeRequested: EventPayload {
    public static let eventType = EventType.feeRequested
    public static let personalFields: [PersonalField] = []

    public enum Basis: String, Codable, Sendable, CaseIterable, Hashable {
        /// UK GDPR Art 12(5): manifestly unfounded or excessive.
        case manifestlyUnfoundedOrExcessive
        /// Art 15(3): further copies.
        case furtherCopies
        /// DPA 1998 statutory fee (max £10), for historic cases.
        case statutoryFee
    }

    public var amountPence: Int
    public var requestedOn: LocalDate
    public var basis: Basis

    public init(amountPence: Int, requestedOn: LocalDate, basis: Basis) {
        self.amountPence = amountPence
        self.requestedOn = requestedOn
        self.basis = basis
    }
}

/// A decision about third-party information in the SAR response (the data protection policy §2.5). The rationale must be
/// kept when third-party information is disclosed without consent (§2.5.6).
public struct ThirdPartyInformationDecided: EventPayload {
    public static let eventType = EventType.thirdPartyInformationDecided
    public static let personalFields = [PersonalField(path: "rationale", scope: .case)]

    public enum Decision: String, Codable, Sendable, CaseIterable, Hashable {
        case redacted, disclosedWithConsent, disclosedWithoutConsent, withheld
    }

    public var decision: Decision
    public var consentSought: Bool
    /// The balancing under §2.5.5; may name the third party, so personal.
    public var rationale: String

    public init(decision: Decision, consentSought: Bool, rationale: String) {
        self.decision = decision
        self.consentSought = consentSought
        self.rationale = rationale
    }
}

/// The SAR deadline was extended by up to two further months (UK GDPR Art 12(3)).
public struct SARExtended: EventPayload {
    public static let eventType = EventType.sARExtended
    public static let personalFields: [PersonalField] = []

    public enum Reason: String, Codable, Sendable, CaseIterable, Hashable {
        case complex, numerousRequests
    }

    public var reason: Reason
    /// Further months, 1 or 2; two in total at most.
    public var months: Int
    public var newDueDate: LocalDate?
    /// The requester must be told within the first month, with reasons.
    public var requesterInformedOn: LocalDate

    public init(reason: Reason, months: Int, newDueDate: LocalDate? = nil, requesterInformedOn: LocalDate) {
        self.reason = reason
        self.months = months
        self.newDueDate = newDueDate
        self.requesterInformedOn = requesterInformedOn
    }
}

/// The SAR response was supplied; closes the case.
public struct SARResponded: EventPayload {
    public static let eventType = EventType.sARResponded
    public static let personalFields = [PersonalField(path: "suppliedNote", scope: .case)]

    public enum Outcome: String, Codable, Sendable, CaseIterable, Hashable {
        case providedInFull, providedInPart, noDataHeld, refused
    }

    public enum DeliveryMethod: String, Codable, Sendable, CaseIterable, Hashable {
        case secureEmail, recordedDelivery, collection, inPerson, other
    }

    public var outcome: Outcome
    /// DPA 2018 exemptions relied on, by schedule paragraph (e.g. "Sch2 Para5", "Sch3 Para8").
    public var exemptions: [String]
    public var documents: [ReleasedDocument]
    public var method: DeliveryMethod
    public var signedOffBy: String
    public var respondedAt: Timestamp
    /// What the response told the requester of the list in the data protection policy §2.8.1.
    /// Absent in responses recorded before it was kept.
    public var contentsSupplied: [SARResponseContent]?
    /// The note of the information supplied kept on file (the data protection policy §2.8.5);
    /// describes the data subject's information, so personal.
    public var suppliedNote: String?
    /// Whether information originating from SCRA was released (the data protection policy
    /// §2.7.3.1); only with SCRA's consent.
    public var scraInformationReleased: Bool?

    public init(outcome: Outcome, exemptions: [String] = [], documents: [ReleasedDocument] = [],
                method: DeliveryMethod, signedOffBy: String, respondedAt: Timestamp,
                contentsSupplied: [SARResponseContent]? = nil, suppliedNote: String? = nil,
                scraInformationReleased: Bool? = nil) {
        self.outcome = outcome
        self.exemptions = exemptions
        self.documents = documents
        self.method = method
        self.signedOffBy = signedOffBy
        self.respondedAt = respondedAt
        self.contentsSupplied = contentsSupplied
        self.suppliedNote = suppliedNote
        self.scraInformationReleased = scraInformationReleased
    }
}
