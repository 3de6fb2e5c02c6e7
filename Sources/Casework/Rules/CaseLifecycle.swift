/// The small state folded from a case's events that the lifecycle rules need.
///
/// Produced by `LifecycleRules.evaluate` one event at a time; `nil` before the opening event.
/// Stores may keep it per case (it is Codable) so that checking an append costs one step.
public struct CaseLifecycle: Codable, Sendable, Equatable {
    public enum ReviewStage: String, Codable, Sendable, Hashable {
        case none, requested, decided
    }

    public var kind: CaseKind
    /// The request regime; `nil` for other kinds.
    public var regime: Regime?
    /// Events folded so far, the opening event included (= the case version).
    public var eventCount: Int
    /// The event that closed the case, if closed.
    public var closedBy: EventType?
    /// Responses sent (`ResponseSent` / `SARResponded`).
    public var responsesSent: Int
    /// A review or decision notice requires a further response, which may follow closure.
    public var furtherResponseRequired: Bool
    /// Exemptions applied, by provision, with the class stated.
    public var exemptionsApplied: [String: ExemptionClass]
    /// Public interest test outcomes, by provision named in the test (latest wins).
    public var publicInterestTests: [String: PublicInterestTestRecorded.Outcome]
    /// `CostLimitApplied` or `VexatiousApplied` awaiting the refusal notice (`ResponseSent`).
    public var proceduralRefusal: EventType?
    public var clarificationOutstanding: Bool
    public var feeOutstanding: Bool
    public var identityRequested: Bool
    public var identityVerified: Bool
    /// FOI/EIR working days added by `DeadlineExtended`.
    public var extendedWorkingDays: Int
    /// SAR months added by `SARExtended`.
    public var extendedMonths: Int
    public var internalReview: ReviewStage
    public var regulatorComplaintReceived: Bool
    public var decisionNoticeReceived: Bool
    public var iCODecision: ICONotificationDecided.Decision?
    public var iCONotified: Bool
    public var investigationOpen: Bool
    public var investigationConcluded: Bool
    /// The documents the latest `ResponseSent` released (what the disclosure log publishes by
    /// default); nil before any response, and in states folded before it was kept.
    public var releasedDocuments: [ReleasedDocument]?
    /// Ids (lower-case) of the events voided on this case; nil in states folded before voiding.
    public var voidedEvents: [String]?
    /// When the latest voided response said it was sent: a later response may not be dated
    /// before it, so voiding can never make a late case on time.
    public var latestVoidedResponseAt: Timestamp?

    // The fields below were added later: states folded before them decode with nil, and the rules
    // that need them (no step before the opening, extensions in time, prompt SAR requests,
    // one-time steps, telling data subjects) judge what they can without them.

    /// The instant the case opened: an FOI/EIR request's or SAR's `receivedAt`, a breach's
    /// `discoveredAt` (the organisation became aware). Nil for near misses, which open on a day.
    public var openedAt: Timestamp?
    /// The day the case opened in Europe/London (for a near miss, the day it was reported).
    public var openedOn: LocalDate?
    /// The day the latest clarification arrived (the FOI clock starts again; a SAR's may start).
    public var clarifiedOn: LocalDate?
    /// FOI/EIR fees notices and their payment, as the deadline calculator counts them.
    public var feeWindows: [FeeWindow]?
    /// The day a SAR requester's identity was verified.
    public var identityVerifiedOn: LocalDate?
    /// The day a SAR fee was paid.
    public var feePaidOn: LocalDate?
    /// The one-time steps recorded (`EventType.isOneTimeStep`), in `EventType` order.
    public var oneTimeStepsRecorded: [EventType]?
    /// The risk level of the latest `RiskAssessed`.
    public var riskLevel: RiskLevel?
    /// Whether the latest `RiskAssessed` recorded why the data subjects will not be told (Art 34(3)).
    public var dataSubjectsNotToldRecorded: Bool?
    /// Whether any `DataSubjectsNotified` has been recorded.
    public var dataSubjectsNotified: Bool?
    /// A third-party disclosure request's requester category (the data protection policy Appendix 4 §2.1.1).
    public var thirdPartyCategory: ThirdPartyRequesterCategory?
    /// The police request form's details still missing (Appendix 4 §2.6.7.1); empty when complete.
    public var thirdPartyMissingDetails: [PoliceRequestDetail]?
    /// Whether the requester has been contacted for the missing details. (Only which details are
    /// missing is kept, never the details: the officer's name is personal and the state is plain.)
    public var thirdPartyRequesterContacted: Bool?

    // FOI review integrity and SAR completeness (nil in states folded before them).

    /// The day the current internal review was requested.
    public var reviewRequestedOn: LocalDate?
    /// Working days the current internal review was extended by (`InternalReviewExtended`).
    public var reviewExtensionWorkingDays: Int?
    /// Paragraphs applied with `SARExemptionApplied`, sorted.
    public var sarExemptionsApplied: [String]?
    /// Whether SCRA's consent was asked for (`SCRAConsentRequested`), and its answer.
    public var scraConsentRequested: Bool?
    public var scraConsentOutcome: SCRAConsentRecorded.Outcome?
    /// The SAR was made through a representative; the data subject's age when a child.
    public var viaRepresentative: Bool?
    public var dataSubjectAge: Int?
    /// The latest `ChildConsentRecorded`: the child's capacity, and consent to the representative.
    public var childHasCapacity: Bool?
    public var childConsents: Bool?
    /// Whether the breach is linked to a wrongful FOI release (`WrongfulReleaseLinked`); nil in
    /// states folded before it was kept, when the wrongful-release steps are not refused for it.
    public var wrongfulReleaseLinked: Bool?
    /// Whether the wrongful release has been reviewed (`WrongfulReleaseReviewed`, the wrongful-release protocol Step 5).
    public var wrongfulReleaseReviewed: Bool?
    /// Whether the request is on the disclosure log now (published and not withdrawn since); nil
    /// in states folded before it was kept, when a withdrawal is judged on the response alone.
    public var onDisclosureLog: Bool?
    /// An agreement's type (sharing or processing), from `AgreementProposed`; nil for other kinds.
    public var agreementType: AgreementType?
    /// Whether the Head of Legal and Democratic Services has been informed of the agreement
    /// (the data protection policy Appendix 5 §4.1).
    public var headOfLegalInformed: Bool?
    /// Whether the agreement has been signed.
    public var agreementSigned: Bool?

    public init(kind: CaseKind, regime: Regime? = nil) {
        self.kind = kind
        self.regime = regime
        self.eventCount = 0
        self.closedBy = nil
        self.responsesSent = 0
        self.furtherResponseRequired = false
        self.exemptionsApplied = [:]
        self.publicInterestTests = [:]
        self.proceduralRefusal = nil
        self.clarificationOutstanding = false
        self.feeOutstanding = false
        self.identityRequested = false
        self.identityVerified = false
        self.extendedWorkingDays = 0
        self.extendedMonths = 0
        self.internalReview = .none
        self.regulatorComplaintReceived = false
        self.decisionNoticeReceived = false
        self.iCODecision = nil
        self.iCONotified = false
        self.investigationOpen = false
        self.investigationConcluded = false
    }

    /// Whether the case has closed.
    public var isClosed: Bool { closedBy != nil }

    /// Whether the one-time step `type` has been recorded; for states folded before the steps
    /// were kept, what the older fields show.
    public func hasRecorded(_ type: EventType) -> Bool {
        if oneTimeStepsRecorded?.contains(type) == true { return true }
        switch type {
        case .iCONotificationDecided: return iCODecision != nil
        case .iCONotified: return iCONotified
        case .identityVerified: return identityVerified
        case .investigationOpened: return investigationOpen || investigationConcluded
        case .investigationConcluded: return investigationConcluded
        default: return false
        }
    }

    /// Marks the one-time step `type` recorded.
    mutating func record(oneTimeStep type: EventType) {
        var steps = Set(oneTimeStepsRecorded ?? [])
        steps.insert(type)
        oneTimeStepsRecorded = EventType.allCases.filter(steps.contains)
    }

    /// Qualified exemptions applied without a public interest test covering them, sorted.
    public var qualifiedExemptionsWithoutPIT: [String] {
        exemptionsApplied
            .filter { $0.value == .qualified && publicInterestOutcome(for: $0.key) == nil }
            .map(\.key)
            .sorted()
    }

    /// The outcome of the public interest test covering `provision` (the most specific one).
    public func publicInterestOutcome(for provision: String) -> PublicInterestTestRecorded.Outcome? {
        publicInterestTests
            .filter { ExemptionCatalogue.provision($0.key, covers: provision) }
            .max { $0.key.count < $1.key.count }?
            .value
    }

    /// Whether any qualified exemption has been applied.
    public var hasQualifiedExemption: Bool {
        exemptionsApplied.values.contains(.qualified)
    }
}
