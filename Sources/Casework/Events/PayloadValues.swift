// Small value types and closed vocabularies shared by several event payloads.

/// How a request reached the organisation.
public enum RequestChannel: String, Codable, Sendable, CaseIterable, Hashable {
    case email, post, webForm, social, inPerson, other
}

/// Who made an FOI/EIR request; the register shows this, never the identity.
public enum RequesterType: String, Codable, Sendable, CaseIterable, Hashable {
    case individual, media, business, mpOrElected, campaign, other
}

/// Whether an exemption or exception is absolute or subject to the public interest test.
public enum ExemptionClass: String, Codable, Sendable, CaseIterable, Hashable {
    case absolute, qualified
}

/// A person who made a request, with their contact details. Personal data (requester scope).
public struct Requester: Codable, Sendable, Hashable {
    public var name: String
    public var email: String?
    public var address: String?
    public var phone: String?

    public init(name: String, email: String? = nil, address: String? = nil, phone: String? = nil) {
        self.name = name
        self.email = email
        self.address = address
        self.phone = phone
    }
}

/// An officer as named on a reporting form: name and contact are personal, job title and
/// service are not.
public struct OfficerContact: Codable, Sendable, Hashable {
    public var name: String
    public var jobTitle: String
    public var service: String
    /// Telephone or e-mail.
    public var contact: String

    public init(name: String, jobTitle: String, service: String, contact: String) {
        self.name = name
        self.jobTitle = jobTitle
        self.service = service
        self.contact = contact
    }
}

/// A document released or published, identified by the SHA-256 of its content (lowercase hex).
public struct ReleasedDocument: Codable, Sendable, Hashable {
    public var title: String
    public var sha256: String

    public init(title: String, sha256: String) {
        self.title = title
        self.sha256 = sha256
    }
}

/// An estimate of how likely an outcome is (the wrongful-release protocol Step 1).
public enum Likelihood: String, Codable, Sendable, CaseIterable, Hashable {
    case none, low, medium, high
}

/// A three-step risk level (the breach procedure §4; Art 33/34 UK GDPR: low = unlikely to result in a risk,
/// high = likely to result in a high risk).
public enum RiskLevel: String, Codable, Sendable, CaseIterable, Hashable {
    case low, medium, high
}

/// Categories of breach on the reporting form (the breach procedure Appendix 1).
public enum BreachCategory: String, Codable, Sendable, CaseIterable, Hashable {
    case loss, theft, unauthorisedDisclosure, unauthorisedAccess, humanError, unauthorisedUse
    /// Failure to destroy or retain records appropriately (the breach procedure §2.1).
    case failureToDestroyOrRetain
    /// Use for a purpose incompatible with the consent or legitimising condition (the breach procedure §2.1).
    case incompatiblePurpose
    /// Any other breach of the principles; `BreachReported.categoryDescription` says what.
    case other
}

/// How information was held (the breach procedure Appendix 1; §4.2).
public enum HoldingMedium: String, Codable, Sendable, CaseIterable, Hashable {
    case paper, electronic, both, verbal, other
}

/// The regulator a complaint goes to: the ICO, or the Scottish Information Commissioner for FOISA.
public enum Regulator: String, Codable, Sendable, CaseIterable, Hashable {
    case ico, scottishInformationCommissioner
}

/// The result of an internal review of an earlier response.
public enum ReviewOutcome: String, Codable, Sendable, CaseIterable, Hashable {
    case upheld, overturned, partlyOverturned
}

/// The regulator's finding on a complaint, from the complainant's point of view.
public enum DecisionNoticeOutcome: String, Codable, Sendable, CaseIterable, Hashable {
    /// The complaint was upheld: the authority must take steps.
    case upheld
    case partlyUpheld
    /// The authority's handling stands.
    case notUpheld
}
