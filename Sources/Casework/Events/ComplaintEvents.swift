// Complaints about how personal data is handled or shared (the data-sharing guidance §6
// 'Complaints Procedures': from the public and from partner organisations).

/// A complaint about data handling or sharing was received; opens a complaint case (`CMP-YYYY-NNNN`).
public struct ComplaintReceived: EventPayload {
    public static let eventType = EventType.complaintReceived
    public static let personalFields = [
        PersonalField(path: "complainant", scope: .case),
        PersonalField(path: "summary", scope: .case),
    ]

    /// Who complained: a member of the public or a partner organisation (the data-sharing guidance §6).
    public enum Source: String, Codable, Sendable, CaseIterable, Hashable {
        case publicMember, partner
    }

    /// What the complaint is about.
    public enum Subject: String, Codable, Sendable, CaseIterable, Hashable {
        case handling, sharing
    }

    public var receivedOn: LocalDate
    public var source: Source
    public var about: Subject
    /// The complainant's name and contact details (personal, sealed).
    public var complainant: Requester
    /// What the complaint says (personal, sealed).
    public var summary: String
    /// The partner organisation concerned, if any (an organisation, not a person).
    public var partner: String?
    /// The data-sharing agreement concerned (`DSA-…`), if any.
    public var agreement: CaseReference?
    public var service: String

    public init(receivedOn: LocalDate, source: Source, about: Subject, complainant: Requester, summary: String,
                partner: String? = nil, agreement: CaseReference? = nil, service: String) {
        self.receivedOn = receivedOn
        self.source = source
        self.about = about
        self.complainant = complainant
        self.summary = summary
        self.partner = partner
        self.agreement = agreement
        self.service = service
    }
}

/// The complainant was sent an acknowledgement.
public struct ComplaintAcknowledged: EventPayload {
    public static let eventType = EventType.complaintAcknowledged
    public static let personalFields: [PersonalField] = []

    public var acknowledgedOn: LocalDate

    public init(acknowledgedOn: LocalDate) {
        self.acknowledgedOn = acknowledgedOn
    }
}

/// The complaint was answered with an outcome; closes the case.
public struct ComplaintResolved: EventPayload {
    public static let eventType = EventType.complaintResolved
    public static let personalFields: [PersonalField] = []

    public enum Outcome: String, Codable, Sendable, CaseIterable, Hashable {
        case upheld, partlyUpheld, notUpheld, withdrawn
    }

    public var respondedOn: LocalDate
    public var outcome: Outcome
    /// What was done or will change (no personal data).
    public var actionTaken: String?
    /// Who signed off the response (officer id).
    public var respondedBy: String?

    public init(respondedOn: LocalDate, outcome: Outcome, actionTaken: String? = nil, respondedBy: String? = nil) {
        self.respondedOn = respondedOn
        self.outcome = outcome
        self.actionTaken = actionTaken
        self.respondedBy = respondedBy
    }
}

/// The complainant took the complaint to the ICO (UK GDPR Art 77), or the ICO told us of it.
public struct ComplaintEscalatedToICO: EventPayload {
    public static let eventType = EventType.complaintEscalatedToICO
    public static let personalFields: [PersonalField] = []

    public var escalatedOn: LocalDate
    /// The ICO's case reference, if given.
    public var icoReference: String?

    public init(escalatedOn: LocalDate, icoReference: String? = nil) {
        self.escalatedOn = escalatedOn
        self.icoReference = icoReference
    }
}
