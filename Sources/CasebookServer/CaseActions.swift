import Casework

/// The typed case actions of `POST /api/v1/cases/{ref}/actions/{action}`: an imperative for each
/// event a person records (commands are imperatives, events are facts in the past tense).
///
/// The body is the event's payload (`Schemas/events/<EventType>.schema.json`); the envelope comes
/// from the URL, the token (actor) and the query (`occurredAt`, `expectedVersion`, `eventId`).
public enum CaseActions {
    public static let table: [(action: String, event: EventType)] = [
        // FOI / EIR
        ("receive-request", .requestReceived),
        ("acknowledge", .requestAcknowledged),
        ("request-clarification", .clarificationRequested),
        ("receive-clarification", .clarificationReceived),
        ("issue-fee-notice", .feeNoticeIssued),
        ("record-fee-paid", .feePaid),
        ("apply-exemption", .exemptionApplied),
        ("record-public-interest-test", .publicInterestTestRecorded),
        ("extend-deadline", .deadlineExtended),
        ("apply-cost-limit", .costLimitApplied),
        ("apply-vexatious", .vexatiousApplied),
        ("transfer", .transferred),
        ("withdraw", .withdrawn),
        ("send-response", .responseSent),
        ("request-internal-review", .internalReviewRequested),
        ("decide-internal-review", .internalReviewDecided),
        ("receive-ico-complaint", .iCOComplaintReceived),
        ("receive-ico-decision-notice", .iCODecisionNoticeReceived),
        ("publish", .publishedToDisclosureLog),
        // SAR
        ("receive-sar", .sARReceived),
        ("request-identity", .identityRequested),
        ("verify-identity", .identityVerified),
        ("request-fee", .feeRequested),
        ("decide-third-party-information", .thirdPartyInformationDecided),
        ("extend-sar", .sARExtended),
        ("respond-to-sar", .sARResponded),
        // Breaches
        ("report-breach", .breachReported),
        ("escalate-breach", .breachEscalated),
        ("assess-risk", .riskAssessed),
        ("open-investigation", .investigationOpened),
        ("conclude-investigation", .investigationConcluded),
        ("decide-ico-notification", .iCONotificationDecided),
        ("notify-ico", .iCONotified),
        ("notify-data-subjects", .dataSubjectsNotified),
        ("inform-police", .policeInformed),
        ("close-breach", .breachClosed),
        ("link-wrongful-release", .wrongfulReleaseLinked),
        // Near misses
        ("report-near-miss", .nearMissReported),
        ("review-near-miss", .nearMissReviewed),
        // Every kind
        ("add-note", .noteAdded),
        ("correct", .corrected),
        ("reassign", .reassigned),
    ]

    private static let byName: [String: EventType] = Dictionary(uniqueKeysWithValues: table.map { ($0.action, $0.event) })

    /// The event an action records, or nil for an unknown action.
    public static func eventType(for action: String) -> EventType? { byName[action] }

    /// The action names, in table order.
    public static var names: [String] { table.map(\.action) }
}
