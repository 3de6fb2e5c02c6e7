// Third-party disclosure requests: someone other than the data subject asks for a person's
// personal data (the data protection policy Appendix 4, "Access to Personal Information (Third
// Party)").

/// Who is asking (the data protection policy Appendix 4 §2.1.1); fixes the procedure and the clock.
public enum ThirdPartyRequesterCategory: String, Codable, Sendable, CaseIterable, Hashable {
    /// The police (Appendix 4 §2.6): the request form's fields are required (§2.6.7.1).
    case police
    /// A court order (Appendix 4 §2.7.1.1): must be adhered to by the order's own deadline.
    case court
    /// A solicitor acting for a third party (Appendix 4 §2.7.1.3): no obligation to disclose.
    case solicitor
    /// A councillor, MSP, MP or MEP (Appendix 4 §2.3).
    case electedMember
    /// A government agency or regulator, e.g. the National Fraud Initiative (Appendix 4 §2.4).
    case governmentAgency
    /// Another service of the council (Appendix 4 §2.2).
    case otherService
    /// A parent asking for their child's educational record (Appendix 4 §2.5.3: 15 school days,
    /// a copy for a fee of at most £50).
    case parent
    /// A school asking for a transferring pupil's record (Appendix 4 §2.8: within 15 school days).
    case school
    /// Anyone else (Appendix 4 §2.1.2: the data subject's knowledge and consent decide).
    case other

    /// Whether the request is for a pupil's educational record, on the 15-school-day clock.
    public var isEducationalRecord: Bool { self == .parent || self == .school }
}

/// Why the information is wanted (the data protection policy Appendix 4 §§2.4.2.2, 2.6.2–2.6.6).
public enum ThirdPartyPurpose: String, Codable, Sendable, CaseIterable, Hashable {
    case preventionOrDetectionOfCrime
    case apprehensionOrProsecutionOfOffenders
    case taxAssessmentOrCollection
    case nationalSecurity
    case vitalInterests
    case legalProceedings
    case fraudPrevention
    case officialDuties
    case constituencyWork
    case educationalRecord
    case pupilTransfer
    case other
}

/// A detail the police request form must carry (the data protection policy Appendix 4 §2.6.7.1).
public enum PoliceRequestDetail: String, Codable, Sendable, CaseIterable, Hashable {
    /// The request is in writing.
    case writtenRequest
    case officerRank
    case officerNumber
    case officerName
    case station
    /// The main office telephone number (or the force's head office contact details).
    case telephone
    /// The officer's extension (or the force's head office contact details).
    case extensionNumber
    /// A copy of the data subject's consent, a confirmation that explicit consent was obtained,
    /// or a statement that none is relied on.
    case consent
}

extension PoliceRequestDetail {
    /// The form's details given by a police object with the fields `fields` (named as in
    /// `PoliceRequestDetails` and in a payload's `police` object; a sealed officer name counts as
    /// given). Head office contact details stand in for the telephone number and extension.
    public static func given(byFields fields: Set<String>) -> Set<PoliceRequestDetail> {
        var given = Set(fields.compactMap(PoliceRequestDetail.init(rawValue:)))
        given.remove(.writtenRequest)
        if fields.contains("headOfficeContact") { given.formUnion([.telephone, .extensionNumber]) }
        return given
    }

    /// What a police request lacks, in catalogue order: the written request unless `inWriting`,
    /// then the form's details not `given`. The one definition the rules, the register and the
    /// command defaults share.
    public static func missing(given: Set<PoliceRequestDetail>, inWriting: Bool) -> [PoliceRequestDetail] {
        allCases.filter { $0 == .writtenRequest ? !inWriting : !given.contains($0) }
    }
}

/// What a police request says about the data subject's consent (Appendix 4 §2.6.7.1).
public enum PoliceConsent: String, Codable, Sendable, CaseIterable, Hashable {
    /// A copy of the data subject's signed consent is attached.
    case copyAttached
    /// The police confirm explicit consent was obtained.
    case explicitConsentConfirmed
    /// No consent: the police rely on an exemption (crime, national security, vital interests).
    case notReliedOn
}

/// The details of the police request form (the data protection policy Appendix 4 §2.6.7.1). Every
/// field is optional so that an incomplete request can be recorded as it arrived; what is missing
/// must be asked for before anything is disclosed. The officer's name is personal (case scope).
public struct PoliceRequestDetails: Codable, Sendable, Hashable {
    public var officerRank: String?
    public var officerNumber: String?
    public var officerName: String?
    public var station: String?
    public var telephone: String?
    public var extensionNumber: String?
    /// The force's head office address and contact details, instead of telephone and extension.
    public var headOfficeContact: String?
    public var consent: PoliceConsent?
    /// A note of any concerns, wishes or restrictions of the consent.
    public var consentRestrictions: String?

    public init(officerRank: String? = nil, officerNumber: String? = nil, officerName: String? = nil, station: String? = nil,
                telephone: String? = nil, extensionNumber: String? = nil, headOfficeContact: String? = nil,
                consent: PoliceConsent? = nil, consentRestrictions: String? = nil) {
        self.officerRank = officerRank
        self.officerNumber = officerNumber
        self.officerName = officerName
        self.station = station
        self.telephone = telephone
        self.extensionNumber = extensionNumber
        self.headOfficeContact = headOfficeContact
        self.consent = consent
        self.consentRestrictions = consentRestrictions
    }

    /// The form's details these give (not counting the written request). Head office contact
    /// details stand in for the telephone number and extension.
    public var given: Set<PoliceRequestDetail> {
        func present(_ s: String?) -> Bool { !(s ?? "").allSatisfy(\.isWhitespace) }
        let fields: [String: Bool] = [
            "officerRank": present(officerRank), "officerNumber": present(officerNumber), "officerName": present(officerName),
            "station": present(station), "telephone": present(telephone), "extensionNumber": present(extensionNumber),
            "headOfficeContact": present(headOfficeContact), "consent": consent != nil,
        ]
        return PoliceRequestDetail.given(byFields: Set(fields.filter(\.value).keys))
    }

    /// The form's details these lack (not counting the written request), in catalogue order.
    public var missing: [PoliceRequestDetail] {
        PoliceRequestDetail.missing(given: given, inWriting: true)
    }
}

/// A third party asked for someone's personal data; opens a third-party disclosure case
/// (the data protection policy Appendix 4 §2).
public struct ThirdPartyRequestReceived: EventPayload {
    public static let eventType = EventType.thirdPartyRequestReceived
    public static let personalFields = [
        PersonalField(path: "informationRequested", scope: .case),
        PersonalField(path: "dataSubject", scope: .case),
        PersonalField(path: "purposeExplanation", scope: .case),
        PersonalField(path: "police.officerName", scope: .case),
    ]

    public var receivedAt: Timestamp
    public var requesterCategory: ThirdPartyRequesterCategory
    /// The organisation asking, e.g. "Police Scotland, North East Division" (never the data subject).
    public var requesterOrganisation: String
    /// Whether the request arrived in writing (police requests must, Appendix 4 §2.6.7.1).
    public var inWriting: Bool
    public var purpose: ThirdPartyPurpose
    /// Why the requester believes the information is required (personal: it may describe the subject).
    public var purposeExplanation: String?
    /// A description of the information asked for (personal).
    public var informationRequested: String
    /// Who the information is about (personal).
    public var dataSubject: String
    /// The police request form's details; required in full for a police request (Appendix 4 §2.6.7.1).
    public var police: PoliceRequestDetails?
    /// The day a court order says the information must be supplied by (Appendix 4 §2.7.1.1).
    public var courtOrderDueOn: LocalDate?

    public init(receivedAt: Timestamp, requesterCategory: ThirdPartyRequesterCategory, requesterOrganisation: String, inWriting: Bool,
                purpose: ThirdPartyPurpose, purposeExplanation: String? = nil, informationRequested: String, dataSubject: String,
                police: PoliceRequestDetails? = nil, courtOrderDueOn: LocalDate? = nil) {
        self.receivedAt = receivedAt
        self.requesterCategory = requesterCategory
        self.requesterOrganisation = requesterOrganisation
        self.inWriting = inWriting
        self.purpose = purpose
        self.purposeExplanation = purposeExplanation
        self.informationRequested = informationRequested
        self.dataSubject = dataSubject
        self.police = police
        self.courtOrderDueOn = courtOrderDueOn
    }

    /// What a police request lacks of the form's required details (Appendix 4 §2.6.7.1); empty for
    /// other requesters and for a complete police request.
    public var missingDetails: [PoliceRequestDetail] {
        guard requesterCategory == .police else { return [] }
        return PoliceRequestDetail.missing(given: police?.given ?? [], inWriting: inWriting)
    }
}

/// The requester was contacted because the request lacks required details (the data protection
/// policy Appendix 4 §2.6.7.1: "the Police must be contacted and asked to provide all of the
/// relevant information prior to the information being disclosed").
public struct ThirdPartyRequesterContacted: EventPayload {
    public static let eventType = EventType.thirdPartyRequesterContacted
    public static let personalFields: [PersonalField] = []

    public var contactedOn: LocalDate
    /// The details asked for.
    public var missing: [PoliceRequestDetail]
    public var note: String?

    public init(contactedOn: LocalDate, missing: [PoliceRequestDetail], note: String? = nil) {
        self.contactedOn = contactedOn
        self.missing = missing
        self.note = note
    }
}

/// The missing details arrived (the data protection policy Appendix 4 §2.6.7.2: "on receipt of
/// all of the above information the request can be fully responded to").
public struct ThirdPartyDetailsReceived: EventPayload {
    public static let eventType = EventType.thirdPartyDetailsReceived
    public static let personalFields = [PersonalField(path: "police.officerName", scope: .case)]

    public var receivedOn: LocalDate
    /// The request now in writing (a written request replacing a telephoned one).
    public var inWriting: Bool?
    /// The form's details supplied; each given field replaces the one on the request.
    public var police: PoliceRequestDetails?

    public init(receivedOn: LocalDate, inWriting: Bool? = nil, police: PoliceRequestDetails? = nil) {
        self.receivedOn = receivedOn
        self.inWriting = inWriting
        self.police = police
    }
}

/// How information was sent to a third party (the data protection policy Appendix 4 §§2.6.7.3,
/// 2.8.2). `fax` exists so that a fax is recorded as refused, never stored: the policy forbids it.
public enum DisclosureMethod: String, Codable, Sendable, CaseIterable, Hashable {
    /// Secure e-mail (gcsx, gsi, pnn or the like).
    case secureEmail
    /// E-mail with the documents password protected.
    case passwordProtectedEmail
    /// First class recorded post (pupil records, Appendix 4 §2.8.2).
    case recordedPost
    case handDelivered
    /// The record made available for inspection (a parent, Appendix 4 §2.5.3.2).
    case inspection
    case fax
}

/// The lawful basis a disclosure relies on (the data protection policy Appendix 4 §§2.4.2, 2.6–2.8).
public enum DisclosureLegalBasis: String, Codable, Sendable, CaseIterable, Hashable {
    /// DPA 2018 Sch 2 para 2: crime and taxation.
    case dpa2018Sch2Para2
    /// DPA 2018 Sch 2 para 5: required by law or in connection with legal proceedings.
    case dpa2018Sch2Para5
    /// DPA 2018 s26: national security.
    case nationalSecurity
    /// UK GDPR Art 6(1)(d): the vital interests of a person.
    case vitalInterests
    /// A court order (Appendix 4 §2.7.1.1).
    case courtOrder
    /// The data subject's consent.
    case consent
    /// A statutory duty, e.g. the National Fraud Initiative (Local Government (Scotland) Act 1973) or
    /// the Pupils' Educational Records (Scotland) Regulations 2003.
    case statutoryDuty
    /// Another basis, named in `legalBasisDetail`.
    case other
}

/// The information was disclosed to the third party; closes the case (the data protection policy
/// Appendix 4 §2.6.7.2: "details of the information disclosed, the date and the method of
/// disclosure should be noted").
public struct ThirdPartyInformationDisclosed: EventPayload {
    public static let eventType = EventType.thirdPartyInformationDisclosed
    public static let personalFields = [PersonalField(path: "informationDisclosed", scope: .case)]

    public var disclosedOn: LocalDate
    /// What was disclosed (personal).
    public var informationDisclosed: String
    public var method: DisclosureMethod
    /// Whether the copies were marked "COPY" (Appendix 4 §§2.6.7.2, 2.8.2).
    public var markedCopy: Bool
    public var legalBasis: DisclosureLegalBasis
    /// The provision or reasoning in words (required when `legalBasis` is `other`).
    public var legalBasisDetail: String?
    /// The fee charged for a copy, in pence (a parent's educational record: at most £50, §2.5.3.2).
    public var feePence: Int?
    /// Who authorised the disclosure (officer id).
    public var authorisedBy: String?

    public init(disclosedOn: LocalDate, informationDisclosed: String, method: DisclosureMethod, markedCopy: Bool,
                legalBasis: DisclosureLegalBasis, legalBasisDetail: String? = nil, feePence: Int? = nil, authorisedBy: String? = nil) {
        self.disclosedOn = disclosedOn
        self.informationDisclosed = informationDisclosed
        self.method = method
        self.markedCopy = markedCopy
        self.legalBasis = legalBasis
        self.legalBasisDetail = legalBasisDetail
        self.feePence = feePence
        self.authorisedBy = authorisedBy
    }
}

/// The request was refused, with reasons; closes the case (the data protection policy Appendix 4
/// §§2.6.4, 2.7.1.3: the council need not agree to a police or a solicitor's request).
public struct ThirdPartyRequestRefused: EventPayload {
    public static let eventType = EventType.thirdPartyRequestRefused
    public static let personalFields: [PersonalField] = []

    public var refusedOn: LocalDate
    /// Why, naming no one.
    public var reasons: String
    /// The requester was told the council prefers to await a court order (Appendix 4 §2.7.1.3).
    public var awaitCourtOrder: Bool?

    public init(refusedOn: LocalDate, reasons: String, awaitCourtOrder: Bool? = nil) {
        self.refusedOn = refusedOn
        self.reasons = reasons
        self.awaitCourtOrder = awaitCourtOrder
    }
}
