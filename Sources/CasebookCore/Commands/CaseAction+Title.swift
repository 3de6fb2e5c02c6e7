import Registers

extension CaseAction {
    /// The action in words, as an instruction to the person doing it ("Acknowledge the
    /// request"): the heading of its form ("Acknowledge the request — FOI-2026-0001"). The
    /// event's label ("Request acknowledged") names what was recorded, on the timeline.
    public var title: String { Self.titles[description] ?? Labels.value(event.rawValue) }

    /// By `description` ("foi acknowledge"); CasebookCoreTests checks every action has one.
    static let titles: [String: String] = [
        // FOI / EIR / FOISA requests
        "foi receive": "Log a new request", "foi acknowledge": "Acknowledge the request",
        "foi clarify": "Ask the requester to clarify", "foi clarified": "Record the clarification received",
        "foi fee-notice": "Issue a fees notice", "foi fee-paid": "Record the fee paid",
        "foi exempt": "Apply an exemption or exception", "foi pit": "Record the public interest test",
        "foi extend": "Extend the deadline", "foi cost-limit": "Refuse on the cost limit",
        "foi vexatious": "Refuse as vexatious or repeated", "foi transfer": "Transfer the request",
        "foi withdraw": "Record the request withdrawn", "foi respond": "Send the response",
        "foi review-request": "Record an internal review request", "foi review-decide": "Decide the internal review",
        "foi ico-complaint": "Record a complaint to the regulator", "foi decision-notice": "Record the regulator's decision notice",
        "foi publish": "Publish on the disclosure log", "foi withdraw-publication": "Withdraw from the disclosure log",
        "foi review-extend": "Extend the internal review", "foi channel-to-sar": "Handle as a subject access request",
        // Subject access requests
        "sar receive": "Log a new subject access request", "sar request-id": "Ask for proof of identity",
        "sar verify-id": "Record the identity verified", "sar fee": "Ask for a fee", "sar fee-paid": "Record the fee paid",
        "sar clarify": "Ask the requester to clarify", "sar clarified": "Record the clarification received",
        "sar third-party": "Decide about third-party information", "sar extend": "Extend the deadline",
        "sar respond": "Send the response", "sar withdraw": "Record the request withdrawn",
        "sar review-request": "Record an internal review request", "sar review-decide": "Decide the internal review",
        "sar ico-complaint": "Record a complaint to the ICO", "sar decision-notice": "Record the ICO's decision notice",
        "sar exempt": "Apply an exemption", "sar scra-request": "Ask for social care records consent",
        "sar scra-consent": "Record the social care records consent", "sar child-consent": "Record the child's consent",
        "sar update": "Update the requester's details",
        // Breaches
        "breach report": "Report a breach", "breach escalate": "Escalate the breach", "breach assess": "Assess the risk",
        "breach investigate": "Open an investigation", "breach conclude": "Conclude the investigation",
        "breach decide-ico": "Decide whether to notify the ICO", "breach notify-ico": "Record the ICO notified",
        "breach notify-subjects": "Record the data subjects told", "breach police": "Record the police told",
        "breach close": "Close the breach", "breach link-release": "Link the wrongful release",
        "breach update-form": "Update the reporting form", "breach decide-subjects": "Decide whether to tell the data subjects",
        "breach inform-party": "Record the party told of the release", "breach contact-affected": "Record the affected parties contacted",
        "breach review-release": "Review the wrongful release", "breach outcome-letter": "Send the outcome letter",
        // Near misses
        "near-miss report": "Report a near miss", "near-miss review": "Review the near miss",
        // Third-party disclosures
        "third-party receive": "Log a new third-party request", "third-party contact-requester": "Contact the requester",
        "third-party details-received": "Record the details received", "third-party disclose": "Disclose the information",
        "third-party refuse": "Refuse the request",
        // Agreements
        "agreement propose": "Propose an agreement", "agreement inform-legal": "Tell the Head of Legal",
        "agreement sign": "Sign the agreement", "agreement review": "Review the agreement", "agreement end": "End the agreement",
        // Complaints
        "complaint receive": "Log a new complaint", "complaint acknowledge": "Acknowledge the complaint",
        "complaint resolve": "Resolve the complaint", "complaint escalate-ico": "Record the complaint taken to the ICO",
        // Every kind of case
        "case note": "Add a note", "case correct": "Correct an earlier event", "case void": "Void an earlier event",
        "case reassign": "Reassign the case",
    ]
}
