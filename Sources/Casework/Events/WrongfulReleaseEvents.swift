// The wrongful-release protocol after the link (`WrongfulReleaseLinked`): the parties informed,
// with times (Steps 2 and 5), contact with each affected party (Step 4), the review of what went
// wrong and the outcome letters (Step 5).

/// A party of the wrongful-release protocol Step 2 was informed, at a time; repeated as issues
/// arise (Step 5: "keep all interested parties informed … there should be no further surprises").
public struct WrongfulReleasePartyInformed: EventPayload {
    public static let eventType = EventType.wrongfulReleasePartyInformed
    public static let personalFields: [PersonalField] = []

    public var party: WrongfulReleaseLinked.Party
    public var informedAt: Timestamp
    /// Who informed them (officer id).
    public var informedBy: String?
    /// What they were told, e.g. "initial alert", "media enquiry received".
    public var about: String?

    public init(party: WrongfulReleaseLinked.Party, informedAt: Timestamp, informedBy: String? = nil, about: String? = nil) {
        self.party = party
        self.informedAt = informedAt
        self.informedBy = informedBy
        self.about = about
    }
}

/// An affected individual or organisation was contacted about the release (the wrongful-release
/// protocol Step 4): by whom (its seniority matching the impact), with the information released,
/// an apology, the promise of a formal letter and the damage-limitation plan. The requester's
/// identity is never shared unless already public (Step 4 NB).
public struct AffectedPartyContacted: EventPayload {
    public static let eventType = EventType.affectedPartyContacted
    public static let personalFields = [
        PersonalField(path: "party", scope: .case),
    ]

    /// The seniority of the person making contact (Step 4: "it may be appropriate for a Director
    /// or DG to be the first point of contact").
    public enum Seniority: String, Codable, Sendable, CaseIterable, Hashable {
        case directorGeneral, director, deputyDirector, headOfFOI, seniorOfficer, officer
    }

    /// The individual or organisation contacted.
    public var party: String
    public var contactedAt: Timestamp
    public var contactedBySeniority: Seniority
    /// Whether the information released was attached.
    public var informationAttached: Bool
    /// Whether an apology was offered.
    public var apologyOffered: Bool
    /// Whether we committed to investigate and to write formally to apologise.
    public var formalLetterPromised: Bool
    /// The current handling / damage-limitation strategy they were told of (media lines, support offered).
    public var damageLimitationPlan: String?
    /// Support offered, e.g. legal support.
    public var supportOffered: String?

    public init(party: String, contactedAt: Timestamp, contactedBySeniority: Seniority, informationAttached: Bool,
                apologyOffered: Bool, formalLetterPromised: Bool, damageLimitationPlan: String? = nil, supportOffered: String? = nil) {
        self.party = party
        self.contactedAt = contactedAt
        self.contactedBySeniority = contactedBySeniority
        self.informationAttached = informationAttached
        self.apologyOffered = apologyOffered
        self.formalLetterPromised = formalLetterPromised
        self.damageLimitationPlan = damageLimitationPlan
        self.supportOffered = supportOffered
    }
}

/// What went wrong was established, and whether the FOI protocols need strengthening (the
/// wrongful-release protocol Step 5).
public struct WrongfulReleaseReviewed: EventPayload {
    public static let eventType = EventType.wrongfulReleaseReviewed
    public static let personalFields = [
        PersonalField(path: "whatWentWrong", scope: .case),
    ]

    public var reviewedOn: LocalDate
    public var whatWentWrong: String
    /// Whether the FOI protocols need strengthening.
    public var protocolsNeedStrengthening: Bool
    /// The strengthening proposed, discussed with the FOI team.
    public var strengthening: String?
    public var discussedWithFOITeam: Bool?

    public init(reviewedOn: LocalDate, whatWentWrong: String, protocolsNeedStrengthening: Bool,
                strengthening: String? = nil, discussedWithFOITeam: Bool? = nil) {
        self.reviewedOn = reviewedOn
        self.whatWentWrong = whatWentWrong
        self.protocolsNeedStrengthening = protocolsNeedStrengthening
        self.strengthening = strengthening
        self.discussedWithFOITeam = discussedWithFOITeam
    }
}

/// An affected party was written to formally with the outcome of the review and the action taken
/// (the wrongful-release protocol Step 5).
public struct WrongfulReleaseOutcomeLetterSent: EventPayload {
    public static let eventType = EventType.wrongfulReleaseOutcomeLetterSent
    public static let personalFields = [
        PersonalField(path: "party", scope: .case),
    ]

    public var party: String
    public var sentOn: LocalDate
    public var actionTaken: String

    public init(party: String, sentOn: LocalDate, actionTaken: String) {
        self.party = party
        self.sentOn = sentOn
        self.actionTaken = actionTaken
    }
}
