// Events every case kind may carry.

/// A free-text note was added to the case.
public struct NoteAdded: EventPayload {
    public static let eventType = EventType.noteAdded
    public static let personalFields = [PersonalField(path: "text", scope: .case)]

    public var text: String

    public init(text: String) {
        self.text = text
    }
}

/// An earlier event of the same case is amended by reference; nothing is edited in place.
///
/// Each correction object maps a top-level field of the corrected event's payload to its
/// replacement value. Personal values go in `personalCorrections` (case scope) or
/// `requesterCorrections` (requester scope), never in `corrections`, so they are encrypted under
/// the same key as the value they replace.
public struct Corrected: EventPayload {
    public static let eventType = EventType.corrected
    public static let personalFields = [
        PersonalField(path: "personalCorrections", scope: .case),
        PersonalField(path: "requesterCorrections", scope: .requester),
    ]

    /// The corrected event's id (UUID string).
    public var correctsEventId: String
    public var reason: String
    public var corrections: JSONObject
    public var personalCorrections: JSONObject?
    public var requesterCorrections: JSONObject?

    public init(correctsEventId: String, reason: String, corrections: JSONObject,
                personalCorrections: JSONObject? = nil, requesterCorrections: JSONObject? = nil) {
        self.correctsEventId = correctsEventId
        self.reason = reason
        self.corrections = corrections
        self.personalCorrections = personalCorrections
        self.requesterCorrections = requesterCorrections
    }
}

/// An earlier event of the same case is withdrawn as a mistake (recorded on the wrong case, twice,
/// or not at all as it happened). Registers, clocks and reports behave as if it had not happened;
/// the timeline and inspection packs still show it, marked voided with the reason. Nothing is
/// deleted: the voided event stays in the log and under its proofs. An erasure cannot be voided.
public struct Voided: EventPayload {
    public static let eventType = EventType.voided
    public static let personalFields: [PersonalField] = []

    /// The voided event's id (UUID string).
    public var voidsEventId: String
    /// Why it is withdrawn, in words that name no one (shown to everyone who sees the timeline).
    public var reason: String
    /// Who authorised withdrawing it (officer id), e.g. the information governance lead.
    public var authorisedBy: String

    public init(voidsEventId: String, reason: String, authorisedBy: String) {
        self.voidsEventId = voidsEventId
        self.reason = reason
        self.authorisedBy = authorisedBy
    }
}

/// The case was given to another officer.
public struct Reassigned: EventPayload {
    public static let eventType = EventType.reassigned
    public static let personalFields: [PersonalField] = []

    /// The new case officer (officer id).
    public var to: String
    public var from: String?
    public var reason: String?

    public init(to: String, from: String? = nil, reason: String? = nil) {
        self.to = to
        self.from = from
        self.reason = reason
    }
}

/// A retention rule from the policy was applied to the case (the data protection policy §3.2 v).
public struct RetentionApplied: EventPayload {
    public static let eventType = EventType.retentionApplied
    public static let personalFields: [PersonalField] = []

    /// The policy rule's name, e.g. "foi.closed+3y".
    public var policyRule: String
    public var appliedOn: LocalDate
    /// When the personal data falls due for erasure under the rule.
    public var disposalDueOn: LocalDate?

    public init(policyRule: String, appliedOn: LocalDate, disposalDueOn: LocalDate? = nil) {
        self.policyRule = policyRule
        self.appliedOn = appliedOn
        self.disposalDueOn = disposalDueOn
    }
}

/// A personal-data key was destroyed (crypto-shredding): the fields encrypted under it are now
/// unreadable. Holds no personal data itself.
public struct PersonalDataErased: EventPayload {
    public static let eventType = EventType.personalDataErased
    public static let personalFields: [PersonalField] = []

    /// The opaque id of the erased key's subject (a requester key id or the case key id).
    public var subjectId: String
    public var scope: PersonalScope
    public var reason: String
    public var erasedOn: LocalDate

    public init(subjectId: String, scope: PersonalScope, reason: String, erasedOn: LocalDate) {
        self.subjectId = subjectId
        self.scope = scope
        self.reason = reason
        self.erasedOn = erasedOn
    }
}
