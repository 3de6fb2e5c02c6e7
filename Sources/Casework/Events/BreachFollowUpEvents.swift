// Breach steps after the reporting form: the updated form (the breach procedure §5.5) and the
// decision whether to tell the data subjects (the breach procedure §6.2–6.3; UK GDPR Art 34).

/// The reporting form was updated with the outcome of the investigation and sent on (the breach
/// procedure §5.4–5.5): due within two weeks of the breach occurring or becoming known, to the
/// Business Manager, who sends it to the Director and the Head of Legal and Democratic Services.
public struct BreachReportUpdated: EventPayload {
    public static let eventType = EventType.breachReportUpdated
    public static let personalFields = [
        PersonalField(path: "investigationOutcome", scope: .case),
    ]

    /// When the updated form went to the Business Manager or Directorate Support Manager.
    public var updatedAt: Timestamp
    /// Whom the updated form has been sent to (§5.5: the Director and the Head of Legal).
    public var sentTo: [BreachEscalated.Recipient]
    /// The outcome of the investigation as written on the form (§5.4).
    public var investigationOutcome: String
    /// Measures added since the first form.
    public var furtherMeasures: String?

    public init(updatedAt: Timestamp, sentTo: [BreachEscalated.Recipient], investigationOutcome: String, furtherMeasures: String? = nil) {
        self.updatedAt = updatedAt
        self.sentTo = sentTo
        self.investigationOutcome = investigationOutcome
        self.furtherMeasures = furtherMeasures
    }
}

/// Whether to tell the data subjects was decided, with the reasons either way (the breach
/// procedure §6.2–6.3: can it help them, would it harm them, how serious are the consequences).
///
/// For a high-risk breach a decision not to tell names the UK GDPR Art 34(3) condition met. The
/// Art 34(3) decision recorded on `RiskAssessed.dataSubjectsNotTold` by earlier versions still counts.
public struct DataSubjectNotificationDecided: EventPayload {
    public static let eventType = EventType.dataSubjectNotificationDecided
    public static let personalFields: [PersonalField] = []

    public enum Decision: String, Codable, Sendable, CaseIterable, Hashable {
        case notify, doNotNotify
    }

    public var decision: Decision
    /// Why, either way (the breach procedure §6.2).
    public var reasons: String
    public var decidedAt: Timestamp
    /// For not telling the data subjects of a high-risk breach: the Art 34(3) condition met.
    public var condition: DataSubjectsNotTold.Condition?

    public init(decision: Decision, reasons: String, decidedAt: Timestamp, condition: DataSubjectsNotTold.Condition? = nil) {
        self.decision = decision
        self.reasons = reasons
        self.decidedAt = decidedAt
        self.condition = condition
    }
}
