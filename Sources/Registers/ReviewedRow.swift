import Casework
import Foundation

/// A row of a request that can be reviewed internally and complained about to a regulator (FOI
/// and SAR registers share these steps).
protocol ReviewedRow {
    var respondedOn: LocalDate? { get }
    var furtherResponseRequired: Bool { get set }
    var internalReview: InternalReviewRecord? { get set }
    var regulatorComplaint: RegulatorComplaintRecord? { get set }
    /// Who signed off the latest response, to flag a review by the same officer.
    var signedOffBy: String? { get }
}

extension ReviewedRow {
    /// Applies an internal review or regulator complaint event. A review that does not uphold
    /// the response, or a decision notice that does not reject the complaint, calls for a
    /// further response.
    mutating func applyReviewOrComplaint(_ type: EventType, _ e: CaseEvent) {
        switch type {
        case .internalReviewRequested:
            if let on = e.date("requestedOn") { internalReview = InternalReviewRecord(requestedOn: on) }
        case .internalReviewDecided:
            internalReview?.decidedOn = e.date("decidedOn")
            internalReview?.outcome = e.string("outcome")
            internalReview?.reviewer = e.string("reviewer")
            let signer = signedOffBy
            internalReview?.reviewerSignedOffResponse = e.string("reviewer").flatMap { reviewer in signer.map { $0 == reviewer } }
            internalReview?.appealRightsGiven = e.bool("appealRightsGiven")
            if e.string("outcome") != "upheld" && respondedOn != nil { furtherResponseRequired = true }
        case .iCOComplaintReceived:
            if let on = e.date("receivedOn") {
                regulatorComplaint = RegulatorComplaintRecord(regulator: e.string("regulator") ?? "ico", receivedOn: on,
                                                              regulatorReference: e.string("regulatorReference"))
            }
        case .iCODecisionNoticeReceived:
            regulatorComplaint?.decisionReceivedOn = e.date("receivedOn")
            regulatorComplaint?.decisionReference = e.string("noticeReference")
            regulatorComplaint?.decisionOutcome = e.string("outcome")
            if e.string("outcome") != "notUpheld" && respondedOn != nil { furtherResponseRequired = true }
        default:
            break
        }
    }
}

extension FOIRow: ReviewedRow {}
extension SARRow: ReviewedRow {}
