// Near-miss events (the data protection policy App. 6 §3).

/// A near miss was reported on the near-miss form (policy: within 5 working days); opens a near-miss case.
public struct NearMissReported: EventPayload {
    public static let eventType = EventType.nearMissReported
    public static let personalFields = [PersonalField(path: "description", scope: .case)]

    public var occurredOn: LocalDate
    public var reportedOn: LocalDate
    public var service: String
    /// What nearly happened.
    public var description: String
    /// The breach category it would have been.
    public var potentialCategory: BreachCategory

    public init(occurredOn: LocalDate, reportedOn: LocalDate, service: String, description: String,
                potentialCategory: BreachCategory) {
        self.occurredOn = occurredOn
        self.reportedOn = reportedOn
        self.service = service
        self.description = description
        self.potentialCategory = potentialCategory
    }
}

/// The near miss was reviewed for system or process weakness (the data protection policy App. 6 §3.1.2); closes the case.
public struct NearMissReviewed: EventPayload {
    public static let eventType = EventType.nearMissReviewed
    public static let personalFields: [PersonalField] = []

    public enum Weakness: String, Codable, Sendable, CaseIterable, Hashable {
        case system, process, systemAndProcess, none
    }

    public var weakness: Weakness
    public var action: String
    public var reviewedOn: LocalDate
    /// The reviewing officer (officer id).
    public var reviewer: String?

    public init(weakness: Weakness, action: String, reviewedOn: LocalDate, reviewer: String? = nil) {
        self.weakness = weakness
        self.action = action
        self.reviewedOn = reviewedOn
        self.reviewer = reviewer
    }
}
