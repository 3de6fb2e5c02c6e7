import Casework

/// Who may record which event on which kind of case: one table, used by the CLI (through
/// `Casebook.actor(for:recording:on:)`) and by the HTTP API.
///
/// | role    | FOI/EIR and SAR cases                                  | breach cases                                    | near-miss cases    | third-party cases |
/// |---------|--------------------------------------------------------|-------------------------------------------------|--------------------|-------------------|
/// | officer | every event                                            | `BreachReported` only                           | `NearMissReported` only | every event  |
/// | legal   | `ICOComplaintReceived`, `ICODecisionNoticeReceived`    | every event                                     | every event        | every event       |
/// | dpo     | –                                                      | every event but `ICONotificationDecided` and `ICONotified` | every event | every event  |
/// | auditor | –                                                      | –                                               | –                  | –                 |
/// | admin   | –                                                      | –                                               | –                  | –                 |
///
/// Third-party requests are handled by the service's officer with Legal Services' advice and the
/// DPO's (the data protection policy Appendix 4 §3), so all three record them.
///
/// Agreement (`DSA-`) and complaint (`CMP-`) cases: officer, legal and dpo record every event.
///
/// Any employee reports a breach or a near miss (the organisation's breach procedure §3); Legal
/// Services decide whether to notify the ICO and notify it (UK GDPR Art 33; the organisation's
/// breach procedure §3.4). Nobody records `PersonalDataErased` or `RetentionApplied` through this
/// table: `casebook erase` and `casebook retention apply` record them as they destroy keys; nor
/// `CaseImported`, which only `casebook import` records.
///
/// The table says only who; whether an event belongs on a case of that kind at all
/// (`EventType.allowedKinds`) and in that state is for the lifecycle rules to judge.
public enum RecordingPolicy {
    /// Events nobody records by hand: erasure and retention, which destroy keys in the same step,
    /// and `CaseImported`, which `casebook import` records last on each case it brings in.
    public static let recordedByNobody: Set<EventType> = [.personalDataErased, .retentionApplied, .caseImported]

    /// The ICO events Legal Services record on FOI/EIR and SAR cases.
    static let legalEventsOnRequests: Set<EventType> = [.iCOComplaintReceived, .iCODecisionNoticeReceived]

    /// The breach events only Legal Services record (UK GDPR Art 33; the organisation's breach
    /// procedure §3.4).
    static let legalDecisionsOnBreaches: Set<EventType> = [.iCONotificationDecided, .iCONotified]

    /// The reports any employee makes: the events that open a breach or a near-miss case.
    static let reportsByAnyone: Set<EventType> = [.breachReported, .nearMissReported]

    /// Whether `role` may record an event of `type` on a case of `kind`.
    public static func mayRecord(_ type: EventType, on kind: CaseKind, as role: Role) -> Bool {
        if recordedByNobody.contains(type) { return false }
        let requestOrSAR = kind == .request || kind == .subjectAccess
        // Third-party requests, agreements and data-handling complaints are information-governance
        // casework: officers, Legal Services and the DPO record every event on them.
        if kind == .thirdPartyDisclosure || kind == .agreement || kind == .complaint { return role == .officer || role == .legal || role == .dpo }
        switch role {
        case .officer: return requestOrSAR || reportsByAnyone.contains(type)
        case .legal: return !requestOrSAR || legalEventsOnRequests.contains(type)
        case .dpo: return !requestOrSAR && !legalDecisionsOnBreaches.contains(type)
        case .auditor, .admin: return false
        }
    }

    /// The roles that may record an event of `type` on a case of `kind`, in `Role.allCases`
    /// order; empty for the events nobody records by hand.
    public static func roles(thatMayRecord type: EventType, on kind: CaseKind) -> [Role] {
        Role.allCases.filter { mayRecord(type, on: kind, as: $0) }
    }

    /// Whether `role` records any event at all.
    public static func recordsEvents(as role: Role) -> Bool {
        EventType.allCases.contains { type in CaseKind.allCases.contains { mayRecord(type, on: $0, as: role) } }
    }
}
