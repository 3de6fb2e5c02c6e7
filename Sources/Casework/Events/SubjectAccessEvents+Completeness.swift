// SAR completeness: exemptions from the DPA 2018 Schedules, the Reporter's (SCRA) consent for
// social-work information, a child's capacity and consent, and keeping the requester updated
// (the data protection policy §2.2.4, §2.3.2, §2.6, §2.7.3, §2.8).

/// What the data protection policy §2.8.1 says the requester should be told in the response.
public enum SARResponseContent: String, Codable, Sendable, CaseIterable, Hashable {
    /// That the organisation is the data controller for the personal information it holds.
    case controllerIdentity
    /// A description of the personal information held.
    case descriptionOfData
    /// The reasons it is processed.
    case purposes
    /// Whether it is shared with any other organisations or people.
    case recipients
    /// Whether it is subject to automated decision making.
    case automatedDecisionMaking
    /// The source of the personal information, where available.
    case source
}

/// An exemption from the duty to provide subject access was applied to some information, from the
/// DPA 2018 Schedules 2–4 (the data protection policy §2.6, §2.7.3.2). Checked against
/// `SARExemptionCatalogue`; the reasons supporting it are recorded (§2.7.3.2 "must be recorded").
public struct SARExemptionApplied: EventPayload {
    public static let eventType = EventType.sARExemptionApplied
    public static let personalFields = [PersonalField(path: "reasons", scope: .case)]

    /// The paragraph as the catalogue writes it: `"Sch2 Para2"`, `"Sch3 Para7"`, `"Sch4 Para3"`.
    public var paragraph: String
    /// Why it applies to this information; may describe the data subject or others, so personal.
    public var reasons: String
    /// Which information or documents it is applied to.
    public var appliesTo: String?

    public init(paragraph: String, reasons: String, appliesTo: String? = nil) {
        self.paragraph = paragraph
        self.reasons = reasons
        self.appliesTo = appliesTo
    }
}

/// Information in a social work record originating from the Scottish Children's Reporter
/// Administration was identified and SCRA's consent to release it was sought, "as soon as the need
/// for is identified" (the data protection policy §2.7.3.1).
public struct SCRAConsentRequested: EventPayload {
    public static let eventType = EventType.sCRAConsentRequested
    public static let personalFields: [PersonalField] = []

    public var requestedOn: LocalDate
    /// Which information originates from SCRA (identity-free).
    public var information: String?

    public init(requestedOn: LocalDate, information: String? = nil) {
        self.requestedOn = requestedOn
        self.information = information
    }
}

/// SCRA's answer about releasing the information that originates from it, or that none came
/// (the data protection policy §2.7.3.1: "If no response is received, or consent is refused, the
/// information originating from SCRA must not be released").
public struct SCRAConsentRecorded: EventPayload {
    public static let eventType = EventType.sCRAConsentRecorded
    public static let personalFields: [PersonalField] = []

    public enum Outcome: String, Codable, Sendable, CaseIterable, Hashable {
        case given, refused, noResponse
    }

    public var outcome: Outcome
    public var recordedOn: LocalDate

    public init(outcome: Outcome, recordedOn: LocalDate) {
        self.outcome = outcome
        self.recordedOn = recordedOn
    }
}

/// A child data subject's capacity to make their own request, and whether they consent to the
/// person acting for them (the data protection policy §2.2.4: a child aged 12 and over is presumed
/// to have capacity; a parent or guardian can then act only with the child's consent).
public struct ChildConsentRecorded: EventPayload {
    public static let eventType = EventType.childConsentRecorded
    public static let personalFields = [PersonalField(path: "notes", scope: .case)]

    public var recordedOn: LocalDate
    /// Whether the child has the capacity to exercise the right themselves.
    public var childHasCapacity: Bool
    /// Whether the child consents to the representative receiving their information; required
    /// when the child has capacity.
    public var childConsents: Bool?
    /// How capacity was assessed; about the child, so personal.
    public var notes: String?

    public init(recordedOn: LocalDate, childHasCapacity: Bool, childConsents: Bool? = nil, notes: String? = nil) {
        self.recordedOn = recordedOn
        self.childHasCapacity = childHasCapacity
        self.childConsents = childConsents
        self.notes = notes
    }
}

/// The requester was told how the request is progressing and when to expect the response (the data
/// protection policy §2.3.2: "keep the requester updated of the estimated timescale for response").
public struct RequesterUpdated: EventPayload {
    public static let eventType = EventType.requesterUpdated
    public static let personalFields: [PersonalField] = []

    public var updatedOn: LocalDate
    /// The response date the requester was given.
    public var estimatedResponseOn: LocalDate?
    /// Why there is a delay, if there is one (identity-free).
    public var reason: String?

    public init(updatedOn: LocalDate, estimatedResponseOn: LocalDate? = nil, reason: String? = nil) {
        self.updatedOn = updatedOn
        self.estimatedResponseOn = estimatedResponseOn
        self.reason = reason
    }
}
