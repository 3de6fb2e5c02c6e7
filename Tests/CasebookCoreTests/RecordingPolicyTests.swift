import Casework
import Testing
@testable import CasebookCore

/// `RecordingPolicy` against the table spelled out again, case by case, for every event type,
/// case kind and role.
@Suite("Who may record what")
struct RecordingPolicyTests {
    /// The table as the organisation's breach procedure states it, written independently of the code.
    static func expected(_ type: EventType, _ kind: CaseKind, _ role: Role) -> Bool {
        if type == .personalDataErased || type == .retentionApplied { return false }
        // Only `casebook import` records CaseImported, last on each case it brings in.
        if type == .caseImported { return false }
        // Third-party requests: the service's officer, with Legal Services and the DPO (the data protection policy Appendix 4 §3).
        if kind == .thirdPartyDisclosure { return role == .officer || role == .legal || role == .dpo }
        let requestOrSAR = [CaseKind.request, .subjectAccess].contains(kind)
        // Agreements (the data protection policy Appendix 5) and data handling complaints (the
        // data-sharing guidance §6): officers, Legal Services and the DPO record every event.
        if kind == .agreement || kind == .complaint { return role == .officer || role == .legal || role == .dpo }
        switch role {
        case .officer:
            return requestOrSAR || type == .breachReported || type == .nearMissReported
        case .legal:
            return !requestOrSAR || type == .iCOComplaintReceived || type == .iCODecisionNoticeReceived
        case .dpo:
            return !requestOrSAR && type != .iCONotificationDecided && type != .iCONotified
        case .auditor, .admin:
            return false
        }
    }

    @Test("every event type × case kind × role")
    func matrix() {
        var mismatches: [String] = []
        for type in EventType.allCases {
            for kind in CaseKind.allCases {
                for role in Role.allCases where RecordingPolicy.mayRecord(type, on: kind, as: role) != Self.expected(type, kind, role) {
                    mismatches.append("\(role) \(type) on \(kind)")
                }
                #expect(RecordingPolicy.roles(thatMayRecord: type, on: kind) == Role.allCases.filter { Self.expected(type, kind, $0) })
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test("the rules that matter, spelled out")
    func namedRules() {
        // Any employee reports a breach or a near miss (the organisation's breach procedure §3).
        #expect(RecordingPolicy.mayRecord(.breachReported, on: .breach, as: .officer))
        #expect(RecordingPolicy.mayRecord(.nearMissReported, on: .nearMiss, as: .officer))
        #expect(!RecordingPolicy.mayRecord(.breachEscalated, on: .breach, as: .officer))
        // Legal Services decide and notify (UK GDPR Art 33; the organisation's breach procedure §3.4).
        #expect(RecordingPolicy.roles(thatMayRecord: .iCONotificationDecided, on: .breach) == [.legal])
        #expect(RecordingPolicy.roles(thatMayRecord: .iCONotified, on: .breach) == [.legal])
        #expect(RecordingPolicy.roles(thatMayRecord: .riskAssessed, on: .breach) == [.legal, .dpo])
        #expect(RecordingPolicy.roles(thatMayRecord: .iCOComplaintReceived, on: .request) == [.officer, .legal])
        #expect(RecordingPolicy.roles(thatMayRecord: .responseSent, on: .request) == [.officer])
        #expect(RecordingPolicy.roles(thatMayRecord: .personalDataErased, on: .breach).isEmpty)
        #expect(RecordingPolicy.roles(thatMayRecord: .retentionApplied, on: .request).isEmpty)
        #expect(Role.allCases.filter(RecordingPolicy.recordsEvents(as:)) == [.officer, .legal, .dpo])
    }
}
