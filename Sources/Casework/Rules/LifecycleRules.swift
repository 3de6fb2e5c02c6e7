import Foundation

/// The lifecycle rules every append must satisfy: pure and incremental.
///
/// `evaluate` checks one event against the state folded from the case's earlier events and
/// returns the new state, or throws the `RuleViolation` naming the broken rule.
///
/// Nothing untrue enters the log: every date of an event (its payload's days and moments, and the
/// envelope's `occurredAt` when the context gives it) lies in the policy's window, none is before
/// the case opened, and none is in the future of its recording beyond the policy's tolerance.
/// A date outside the window is refused before any clock is computed, so no decodable value
/// can make the rules trap.
///
/// Closure: a request closes with `ResponseSent`, `Withdrawn` or `Transferred`; `CostLimitApplied`
/// and `VexatiousApplied` are grounds for refusal that do not close the case: the refusal notice
/// is the `ResponseSent` (outcome `refused`) that follows. A SAR closes with `SARResponded` or
/// `Withdrawn`, a breach with `BreachClosed`, a near miss with `NearMissReviewed`, a third-party
/// disclosure request with `ThirdPartyInformationDisclosed` or `ThirdPartyRequestRefused`. After closure
/// only reviews, regulator complaints, publication, corrections, notes, reassignment, retention and
/// erasure are accepted — plus one further response when an internal review overturned the
/// decision (wholly or partly) or a decision notice upheld a complaint.
public enum LifecycleRules {
    /// Checks `payload` as the next event of case `reference` and returns the case's new state.
    ///
    /// - Parameters:
    ///   - reference: The case the event is appended to.
    ///   - type: The event type on the envelope; must be the payload's type.
    ///   - payload: The decoded payload.
    ///   - state: The state after the case's earlier events; `nil` if the case has none.
    ///   - context: Answers questions about other events (for `Corrected`), gives the envelope's
    ///     times and the clocks and policy to judge by.
    /// - Throws: `RuleViolation` naming the rule the event would break.
    public static func evaluate(
        case reference: CaseReference,
        type: EventType,
        payload: any EventPayload,
        state: CaseLifecycle?,
        context: RuleContext
    ) throws(RuleViolation) -> CaseLifecycle {
        var check = RuleCheck(reference: reference, type: type, context: context)
        return try check.run(payload: payload, state: state)
    }

    /// Folds a whole case's events, in order, from an empty state.
    /// - Returns: The final state, or `nil` for no events.
    public static func replay(
        case reference: CaseReference,
        events: [any EventPayload],
        context: RuleContext
    ) throws(RuleViolation) -> CaseLifecycle? {
        var state: CaseLifecycle?
        for payload in events {
            state = try evaluate(case: reference, type: payload.eventType, payload: payload, state: state, context: context)
        }
        return state
    }
}

/// One evaluation: the event's coordinates, and helpers to refuse it.
struct RuleCheck {
    let reference: CaseReference
    let type: EventType
    let context: RuleContext

    func refuse(_ rule: RuleViolation.Rule, _ message: String) -> RuleViolation {
        RuleViolation(rule: rule, caseReference: reference, eventType: type, message: message)
    }

    mutating func run(payload: any EventPayload, state: CaseLifecycle?) throws(RuleViolation) -> CaseLifecycle {
        guard payload.eventType == type else {
            throw refuse(.payloadTypeMismatch,
                         "The envelope says \(type) but the payload is a \(payload.eventType); send the payload that matches the event type.")
        }
        let kind = reference.kind
        guard type.allowedKinds.contains(kind) else {
            let kinds = type.allowedKinds.map(\.rawValue).sorted().joined(separator: ", ")
            throw refuse(.eventTypeNotForKind,
                         "\(type) cannot be recorded on a \(kind.rawValue) case (\(reference.prefix.rawValue)- reference); it belongs on: \(kinds).")
        }
        try checkDateWindow(of: payload)
        guard var state else {
            return try open(payload: payload, kind: kind)
        }
        if type.isOpening {
            throw refuse(.alreadyOpened,
                         "\(reference) was already opened; record a Corrected event to amend the opening event, or open a new case for a new \(kind.rawValue).")
        }
        var furtherResponse = false
        if let closedBy = state.closedBy, !type.isAllowedAfterClosure {
            if (type == .responseSent || type == .sARResponded) && state.furtherResponseRequired {
                furtherResponse = true
            } else {
                throw refuse(.eventAfterClosure,
                             "\(reference) was closed by \(closedBy); after closure only reviews, regulator complaints, publication, notes, corrections, reassignment, retention and erasure can be recorded.")
            }
        }
        try checkDates(of: payload, against: state)
        if let voidedAt = state.latestVoidedResponseAt {
            let sent = (payload as? ResponseSent)?.sentAt ?? (payload as? SARResponded)?.respondedAt
            if let sent, sent < voidedAt {
                throw refuse(.responseBackdatedAfterVoid,
                             "A response of \(reference) dated \(voidedAt.rfc3339) was voided; a response recorded after that cannot be dated earlier (\(sent.rfc3339)), or voiding would make a late case on time. Date it when it was really sent.")
            }
        }
        if type.isOneTimeStep && state.hasRecorded(type) {
            throw refuse(.stepAlreadyRecorded,
                         "\(type) has already been recorded on \(reference), and it happens once in a case. If the first one is wrong, amend it with a Corrected event (correctsEventId: its event id) instead of recording it again.")
        }
        try apply(payload, to: &state, furtherResponse: furtherResponse)
        if type.isOneTimeStep { state.record(oneTimeStep: type) }
        state.eventCount += 1
        return state
    }

    // MARK: Opening

    func open(payload: any EventPayload, kind: CaseKind) throws(RuleViolation) -> CaseLifecycle {
        let opening = EventType.openingEvent(for: kind)
        guard type == opening else {
            if type == .responseSent {
                throw refuse(.responseBeforeReceipt,
                             "No RequestReceived has been recorded for \(reference); record the request first, then the response.")
            }
            throw refuse(.eventBeforeOpening,
                         "\(reference) has no events yet; record \(opening) first to open it.")
        }
        var state = CaseLifecycle(kind: kind)
        if kind == .breach { state.wrongfulReleaseLinked = false }
        if kind == .request { state.onDisclosureLog = false }
        if let received = payload as? RequestReceived {
            try checkRegime(received.regime)
            state.regime = received.regime
        }
        if let report = payload as? NearMissReported {
            try checkNearMissDates(report)
        }
        if let report = payload as? BreachReported, report.categories.contains(.other), isBlank(report.categoryDescription) {
            throw refuse(.otherCategoryWithoutDescription,
                         "A breach of category other needs categoryDescription saying what kind of breach it is (the breach procedure §2.1); describe it, or choose one of the listed categories.")
        }
        if let request = payload as? ThirdPartyRequestReceived {
            try openThirdPartyRequest(request, in: &state)
        }
        if let complaint = payload as? ComplaintReceived, let agreement = complaint.agreement, agreement.kind != .agreement {
            throw refuse(.complaintAgreementNotDSA,
                         "agreement names the data-sharing agreement the complaint is about; \(agreement) is a \(agreement.kind.rawValue) case, not a DSA- agreement. Leave agreement out or give the DSA- reference.")
        }
        if let proposed = payload as? AgreementProposed {
            state.agreementType = proposed.type
            if proposed.reviewDueOn <= proposed.proposedOn {
                throw refuse(.agreementReviewDateNotAhead,
                             "The review of \(reference) is due on \(proposed.reviewDueOn), not after it was proposed on \(proposed.proposedOn); set reviewDueOn to the day the agreement is to be reviewed.")
            }
        }
        if let report = payload as? BreachReported, let discovered = Self.londonDay(report.discoveredAt),
           report.occurredOn > discovered {
            throw refuse(.discoveredBeforeOccurrence,
                         "The breach is dated \(report.occurredOn) (occurredOn), after it was discovered on \(discovered) (discoveredAt); a breach cannot be discovered before it happens. Check both dates.")
        }
        if let received = payload as? SARReceived {
            try checkSAROpening(received, in: &state)
        }
        setOpening(of: payload, in: &state)
        try checkDates(of: payload, against: state)
        state.eventCount = 1
        return state
    }

    func checkRegime(_ regime: Regime) throws(RuleViolation) {
        switch (reference.prefix, regime) {
        case (.eir, .eir), (.foi, .foia), (.foi, .foisa):
            return
        case (.eir, _):
            throw refuse(.regimeMismatch,
                         "\(reference) is an EIR reference but the regime is \(regime.displayName); use regime eir, or an FOI- reference for an FOIA/FOISA request.")
        default:
            throw refuse(.regimeMismatch,
                         "\(reference) is an FOI reference but the regime is \(regime.displayName); use regime foia or foisa, or an EIR- reference for environmental information.")
        }
    }

    /// The data protection policy Appendix 5 §4.1: the Head of Legal and Democratic Services is
    /// informed before the council signs an agreement for an external agency to process personal data.
    func checkAgreementSigning(_ signed: AgreementSigned, state: CaseLifecycle) throws(RuleViolation) {
        guard state.agreementType == .processing, state.headOfLegalInformed != true else { return }
        throw refuse(.processingSignedBeforeHeadOfLegalInformed,
                     "\(reference) is a data-processing agreement, and the data protection policy Appendix 5 §4.1 requires the Head of Legal and Democratic Services to be informed before the council signs it. Record HeadOfLegalInformed (casebook agreement inform-legal \(reference)) first, then the signing.")
    }

    func checkNearMissDates(_ report: NearMissReported) throws(RuleViolation) {
        if report.reportedOn < report.occurredOn {
            throw refuse(.reportedBeforeOccurrence,
                         "The near miss is reported on \(report.reportedOn), before it occurred on \(report.occurredOn); check both dates.")
        }
    }

    // MARK: Third-party disclosure (the data protection policy Appendix 4)

    func openThirdPartyRequest(_ request: ThirdPartyRequestReceived, in state: inout CaseLifecycle) throws(RuleViolation) {
        if request.requesterCategory == .court && request.courtOrderDueOn == nil {
            throw refuse(.courtOrderWithoutDeadline,
                         "A court order states the time limit by which the information is to be provided, and it must be supplied by then (the data protection policy Appendix 4 §2.7.1.1); give courtOrderDueOn, the day the order names (--court-order-due-on).")
        }
        state.thirdPartyCategory = request.requesterCategory
        state.thirdPartyMissingDetails = request.missingDetails
        state.thirdPartyRequesterContacted = false
    }

    func applyThirdPartyDetails(_ details: ThirdPartyDetailsReceived, to state: inout CaseLifecycle) throws(RuleViolation) {
        guard state.thirdPartyRequesterContacted == true else {
            throw refuse(.detailsWithoutContact,
                         "No ThirdPartyRequesterContacted is recorded on \(reference); record that the requester was asked for the missing details (the data protection policy Appendix 4 §2.6.7.1) before recording their arrival.")
        }
        guard state.thirdPartyCategory == .police else { return }
        let missing = state.thirdPartyMissingDetails ?? []
        let given = Set(PoliceRequestDetail.allCases).subtracting(missing).union(details.police?.given ?? [])
        state.thirdPartyMissingDetails = PoliceRequestDetail.missing(given: given, inWriting: details.inWriting ?? !missing.contains(.writtenRequest))
    }

    func checkThirdPartyDisclosure(_ disclosure: ThirdPartyInformationDisclosed, state: CaseLifecycle) throws(RuleViolation) {
        if disclosure.method == .fax {
            throw refuse(.faxForbidden,
                         "Personal information must not be faxed, even if the requester asks for it (the data protection policy Appendix 4 §2.6.7.3): a fax can be read by anyone at the receiving machine. Send it by secure e-mail (gcsx, gsi, pnn or similar: method secureEmail), password protected (passwordProtectedEmail), by first class recorded post (recordedPost) or by hand.")
        }
        let missing = state.thirdPartyMissingDetails ?? []
        if !missing.isEmpty {
            let list = missing.map(\.rawValue).joined(separator: ", ")
            if state.thirdPartyRequesterContacted != true {
                throw refuse(.disclosedBeforeContactingRequester,
                             "The police request on \(reference) lacks \(list); the police must be contacted and asked for all of the relevant information before anything is disclosed (the data protection policy Appendix 4 §2.6.7.1). Record the contact (casebook third-party contact-requester \(reference) --missing …), then the details when they arrive.")
            }
            throw refuse(.disclosedWithDetailsMissing,
                         "The police request on \(reference) still lacks \(list); the request can be fully responded to only on receipt of all of the form's information (the data protection policy Appendix 4 §2.6.7.2). Record the details when they arrive (casebook third-party details-received \(reference) …).")
        }
        if state.thirdPartyCategory == .parent, let fee = disclosure.feePence, fee > context.policy.parentEducationalRecordMaxFeePence {
            let limit = context.policy.parentEducationalRecordMaxFeePence
            throw refuse(.parentFeeAboveLimit,
                         "A parent may be charged at most £\(limit / 100).\(String(format: "%02d", limit % 100)) for a copy of their child's educational record (the data protection policy Appendix 4 §2.5.3.2; policy parentEducationalRecordMaxFeePence), and inspection is free; this records £\(fee / 100).\(String(format: "%02d", fee % 100)). Charge no more than the limit.")
        }
        if disclosure.legalBasis == .other && isBlank(disclosure.legalBasisDetail) {
            throw refuse(.legalBasisUnexplained,
                         "The disclosure relies on another legal basis than the catalogue's; name it in legalBasisDetail (--legal-basis-detail), so the file shows why the disclosure was lawful (the data protection policy Appendix 4 §2.1.2).")
        }
    }

    // MARK: Events on an open case

    func apply(_ payload: any EventPayload, to state: inout CaseLifecycle, furtherResponse: Bool) throws(RuleViolation) {
        switch payload {
        case is ClarificationRequested:
            state.clarificationOutstanding = true
        case let clarification as ClarificationReceived:
            guard state.clarificationOutstanding else {
                throw refuse(.clarificationNotRequested,
                             "No clarification is outstanding on \(reference); record ClarificationRequested before ClarificationReceived.")
            }
            state.clarificationOutstanding = false
            state.clarifiedOn = clarification.receivedOn
        case let notice as FeeNoticeIssued:
            state.feeOutstanding = true
            state.feeWindows = (state.feeWindows ?? []) + [FeeWindow(noticeOn: notice.issuedOn, paidOn: nil)]
        case let request as FeeRequested:
            try checkPrompt(request.requestedOn, rule: .feeRequestedLate, state: state)
            state.feeOutstanding = true
        case let paid as FeePaid:
            guard state.feeOutstanding else {
                throw refuse(.feeNotRequested,
                             "No fee is outstanding on \(reference); record the fees notice (FeeNoticeIssued, or FeeRequested on a SAR) before FeePaid.")
            }
            state.feeOutstanding = false
            if state.kind == .subjectAccess {
                state.feePaidOn = paid.paidOn
            } else if var windows = state.feeWindows, let open = windows.firstIndex(where: { $0.paidOn == nil }) {
                windows[open].paidOn = paid.paidOn
                state.feeWindows = windows
            }
        case let exemption as ExemptionApplied:
            try applyExemption(exemption, to: &state)
        case let test as PublicInterestTestRecorded:
            let catalogue = ExemptionCatalogue.for(state.regime ?? .foia)
            for section in test.sections where catalogue.entry(for: section) == nil {
                throw refuse(.exemptionNotInCatalogue,
                             "'\(section)' is not an exemption under \(catalogue.regime.displayName); name the provisions the public interest test was about as written in the statute, e.g. \(example(for: catalogue.regime)).")
            }
            for section in test.sections { state.publicInterestTests[section] = test.outcome }
        case let extended as DeadlineExtended:
            try applyExtension(extended, to: &state)
        case let costLimit as CostLimitApplied:
            try checkCostLimit(costLimit, state: state)
            state.proceduralRefusal = type
        case is VexatiousApplied:
            state.proceduralRefusal = type
        case is Transferred, is Withdrawn:
            state.closedBy = type
        case let response as ResponseSent:
            try applyResponse(response, to: &state, furtherResponse: furtherResponse)
        case let review as InternalReviewRequested:
            try checkReviewFollowsResponse(review, state: state)
            state.internalReview = .requested
            state.reviewRequestedOn = review.requestedOn
            state.reviewExtensionWorkingDays = nil
        case let extended as InternalReviewExtended:
            try applyReviewExtension(extended, to: &state)
        case let channel as ChannelledToSubjectAccess:
            try applyChannel(channel, to: &state)
        case let review as InternalReviewDecided:
            guard state.internalReview == .requested else {
                throw refuse(.internalReviewNotRequested,
                             state.internalReview == .decided
                                 ? "The internal review of \(reference) has already been decided; record InternalReviewRequested for a new review first."
                                 : "No internal review was requested on \(reference); record InternalReviewRequested before InternalReviewDecided.")
            }
            state.internalReview = .decided
            if review.outcome != .upheld && state.responsesSent > 0 { state.furtherResponseRequired = true }
        case let complaint as ICOComplaintReceived:
            try applyComplaint(complaint, to: &state)
        case let notice as ICODecisionNoticeReceived:
            guard state.regulatorComplaintReceived else {
                throw refuse(.decisionNoticeWithoutComplaint,
                             "No regulator complaint is recorded on \(reference); record ICOComplaintReceived before the decision notice.")
            }
            state.decisionNoticeReceived = true
            if notice.outcome != .notUpheld && state.responsesSent > 0 { state.furtherResponseRequired = true }
        case is PublishedToDisclosureLog:
            guard state.responsesSent > 0 else {
                throw refuse(.publishedBeforeResponse,
                             "\(reference) has no ResponseSent; only a response that has gone to the requester can be published on the disclosure log.")
            }
            state.onDisclosureLog = true
        case is PublicationWithdrawn:
            // A state folded before publication was kept (nil) is judged on the response alone.
            guard state.responsesSent > 0, state.onDisclosureLog != false else {
                throw refuse(.withdrawalWithoutPublication,
                             state.responsesSent == 0
                                 ? "\(reference) has no response, so nothing of it is on the disclosure log to withdraw."
                                 : "\(reference) is not on the disclosure log (never published, or withdrawn already); only published material can be withdrawn. Record PublishedToDisclosureLog first if it is to be published again.")
            }
            state.onDisclosureLog = false
        case let request as IdentityRequested:
            try checkPrompt(request.requestedOn, rule: .identityRequestedLate, state: state)
            state.identityRequested = true
        case let verified as IdentityVerified:
            state.identityVerified = true
            state.identityVerifiedOn = verified.verifiedOn
        case let decision as ThirdPartyInformationDecided:
            if decision.decision == .disclosedWithoutConsent && isBlank(decision.rationale) {
                throw refuse(.thirdPartyDisclosureWithoutRationale,
                             "Disclosing third-party information without consent needs the rationale recorded (the data protection policy §2.5.6); write why it is reasonable to disclose.")
            }
        case let extended as SARExtended:
            // Bounded before adding, so no decodable month count can overflow.
            guard (1...2).contains(extended.months), state.extendedMonths + extended.months <= 2 else {
                throw refuse(.sarExtensionNotAllowed,
                             "A SAR can be extended by one or two further months, two in total at most (UK GDPR Art 12(3)); \(reference) has \(state.extendedMonths) and this adds \(extended.months).")
            }
            try checkSARExtensionInTime(extended, state: state)
            state.extendedMonths += extended.months
        case let response as SARResponded:
            try checkSARResponse(response, state: state)
            state.responsesSent += 1
            state.furtherResponseRequired = false
            state.closedBy = state.closedBy ?? type
        case let exemption as SARExemptionApplied:
            try applySARExemption(exemption, to: &state)
        case is SCRAConsentRequested:
            state.scraConsentRequested = true
        case let consent as SCRAConsentRecorded:
            guard state.scraConsentRequested == true else {
                throw refuse(.scraConsentNotRequested,
                             "No SCRAConsentRequested is recorded on \(reference); record that SCRA's consent was sought (the data protection policy §2.7.3.1: as soon as the need is identified) before its answer.")
            }
            state.scraConsentOutcome = consent.outcome
        case let consent as ChildConsentRecorded:
            try applyChildConsent(consent, to: &state)
        case let decision as ICONotificationDecided:
            if decision.decision == .doNotNotify && isBlank(decision.reasons) {
                throw refuse(.noNotifyWithoutReasons,
                             "A decision not to notify the ICO must record its reasons (UK GDPR Art 33(5)); state why the breach is unlikely to result in a risk to people's rights and freedoms.")
            }
            state.iCODecision = decision.decision
        case is ICONotified:
            guard state.iCODecision == .notify else {
                throw refuse(.iCONotifiedWithoutDecision,
                             state.iCODecision == .doNotNotify
                                 ? "The recorded decision for \(reference) is not to notify the ICO; record ICONotificationDecided with decision notify before ICONotified."
                                 : "No decision to notify the ICO is recorded for \(reference); record ICONotificationDecided (notify) first.")
            }
            state.iCONotified = true
        case let assessment as RiskAssessed:
            if let notTold = assessment.dataSubjectsNotTold, isBlank(notTold.reasons) {
                throw refuse(.notTellingWithoutReasons,
                             notTold.condition == .disproportionateEffort
                                 ? "Not telling the data subjects because it would involve disproportionate effort needs the reasons and the public communication that informs them instead (UK GDPR Art 34(3)(c)); describe both in reasons."
                                 : "A decision not to tell the data subjects of a high-risk breach must record why the Art 34(3) condition is met; write the reasons.")
            }
            state.riskLevel = assessment.riskLevel
            state.dataSubjectsNotToldRecorded = assessment.dataSubjectsNotTold != nil
        case let notification as DataSubjectsNotified:
            if !context.judgingStoredEvent { try checkNotificationContents(notification) }
            state.dataSubjectsNotified = true
        case let decision as DataSubjectNotificationDecided:
            if decision.decision == .doNotNotify && state.riskLevel == .high && decision.condition == nil {
                throw refuse(.notTellingWithoutCondition,
                             "The latest risk assessment of \(reference) is high risk: not telling the data subjects needs the UK GDPR Art 34(3) condition that is met (condition: dataUnintelligible, riskNoLongerLikely or disproportionateEffort), with the reasons.")
            }
            if decision.decision == .doNotNotify { state.dataSubjectsNotToldRecorded = true }
        case let updated as BreachReportUpdated:
            if updated.sentTo.isEmpty {
                throw refuse(.updatedFormWithoutRecipients,
                             "The updated reporting form goes to the Director and the Head of Legal and Democratic Services (the breach procedure §5.5); name at least one recipient in sentTo (director, headOfLegal), and record the other when it is sent.")
            }
        case is WrongfulReleasePartyInformed, is AffectedPartyContacted, is WrongfulReleaseReviewed:
            try checkWrongfulReleaseLinked(state)
            if type == .wrongfulReleaseReviewed { state.wrongfulReleaseReviewed = true }
        case is WrongfulReleaseOutcomeLetterSent:
            try checkWrongfulReleaseLinked(state)
            if state.wrongfulReleaseReviewed != true && state.wrongfulReleaseLinked != nil {
                throw refuse(.outcomeLetterBeforeReview,
                             "The outcome letter tells the affected party the outcome of the review (the wrongful-release protocol Step 5); record WrongfulReleaseReviewed on \(reference) first.")
            }
        case is InvestigationOpened:
            state.investigationOpen = true
        case is InvestigationConcluded:
            guard state.investigationOpen else {
                throw refuse(.investigationNotOpened,
                             "No investigation is open on \(reference); record InvestigationOpened (with its lead) before InvestigationConcluded.")
            }
            state.investigationOpen = false
            state.investigationConcluded = true
        case is BreachClosed:
            try checkBreachClosure(state)
            state.closedBy = type
        case let link as WrongfulReleaseLinked:
            guard link.foiCase.kind == .request else {
                throw refuse(.wrongfulReleaseNotFOI,
                             "A wrongful release links to the FOI/EIR case whose response released the information; \(link.foiCase) is a \(link.foiCase.kind.rawValue) case.")
            }
            state.wrongfulReleaseLinked = true
        case is NearMissReviewed:
            state.closedBy = type
        case is ThirdPartyRequesterContacted:
            state.thirdPartyRequesterContacted = true
        case let details as ThirdPartyDetailsReceived:
            try applyThirdPartyDetails(details, to: &state)
        case let disclosure as ThirdPartyInformationDisclosed:
            try checkThirdPartyDisclosure(disclosure, state: state)
            state.closedBy = type
        case is ThirdPartyRequestRefused:
            if state.thirdPartyCategory == .court {
                throw refuse(.courtOrderRefused,
                             "\(reference) is a court order, and a court order must be adhered to (the data protection policy Appendix 4 §2.7.1.1: \"Where such a Court Order is received it must be adhered to\"); record the disclosure by the order's deadline. If the order is being challenged, record a note and ask Legal Services.")
            }
            state.closedBy = type
        case is HeadOfLegalInformed:
            state.headOfLegalInformed = true
        case let signed as AgreementSigned:
            try checkAgreementSigning(signed, state: state)
            state.agreementSigned = true
        case let review as AgreementReviewed:
            guard state.agreementSigned == true else {
                throw refuse(.agreementReviewedBeforeSigning,
                             "\(reference) has not been signed; an agreement is reviewed once it is in force. Record AgreementSigned first, or end the agreement (AgreementEnded, reason neverSigned) if it was never signed.")
            }
            if review.nextReviewDueOn <= review.reviewedOn {
                throw refuse(.agreementReviewDateNotAhead,
                             "The next review of \(reference) is due on \(review.nextReviewDueOn), not after this review on \(review.reviewedOn); set nextReviewDueOn (--next-review-due) to the day the agreement is next to be reviewed.")
            }
        case is AgreementEnded, is ComplaintResolved:
            state.closedBy = type
        case let correction as Corrected:
            try applyCorrection(correction, to: &state)
        case let void as Voided:
            try applyVoid(void, to: &state)
        default:
            // RequestAcknowledged, BreachEscalated, PoliceInformed, NoteAdded, Reassigned,
            // RetentionApplied, PersonalDataErased.
            break
        }
    }

    func applyExemption(_ exemption: ExemptionApplied, to state: inout CaseLifecycle) throws(RuleViolation) {
        let regime = state.regime ?? .foia
        let catalogue = ExemptionCatalogue.for(regime)
        guard let entry = catalogue.entry(for: exemption.section) else {
            throw refuse(.exemptionNotInCatalogue,
                         "'\(exemption.section)' is not an exemption under \(regime.displayName); write the provision as in the statute, e.g. \(example(for: regime)). Cost limit (s12), vexatious (s14) and NCND are recorded with their own events or response outcomes.")
        }
        guard entry.classification.accepts(exemption.exemptionClass) else {
            throw refuse(.exemptionClassMismatch,
                         "\(regime.displayName) \(exemption.section) (\(entry.title)) is \(entry.classification.rawValue), not \(exemption.exemptionClass.rawValue); record it as \(entry.classification.rawValue)\(entry.classification == .qualified ? " and record a public interest test" : "").")
        }
        state.exemptionsApplied[exemption.section] = exemption.exemptionClass
    }

    func applyExtension(_ extended: DeadlineExtended, to state: inout CaseLifecycle) throws(RuleViolation) {
        switch state.regime ?? .foia {
        case .eir:
            guard extended.reason == .complexAndVoluminous else {
                throw refuse(.extensionNotAllowed,
                             "Under the EIR the deadline can only be extended because the request is complex and voluminous (reg 7(1)); there is no public interest extension.")
            }
        case .foia:
            guard extended.reason == .publicInterestTest else {
                throw refuse(.extensionNotAllowed,
                             "Under FOIA the deadline can only be extended to consider the public interest in a qualified exemption (s10(3)); the complex-and-voluminous extension is an EIR provision.")
            }
            guard state.hasQualifiedExemption else {
                throw refuse(.extensionNotAllowed,
                             "An FOIA extension is only for the public interest test of a qualified exemption (s10(3)); record the qualified ExemptionApplied first.")
            }
        case .foisa:
            throw refuse(.extensionNotAllowed,
                         "FOISA has no provision to extend the 20 working days for a public interest test; respond within the deadline.")
        }
        // Bounded before adding, so no decodable number of days can overflow.
        guard (1...20).contains(extended.workingDays), state.extendedWorkingDays + extended.workingDays <= 20 else {
            throw refuse(.extensionNotAllowed,
                         "An extension adds between 1 and 20 working days in total (FOIA guidance; EIR reg 7: 20 to 40); \(reference) has \(state.extendedWorkingDays) and this adds \(extended.workingDays).")
        }
        try checkExtensionInTime(extended, state: state)
        state.extendedWorkingDays += extended.workingDays
    }

    func applyResponse(_ response: ResponseSent, to state: inout CaseLifecycle, furtherResponse: Bool) throws(RuleViolation) {
        let pending = state.qualifiedExemptionsWithoutPIT
        if !pending.isEmpty {
            throw refuse(.qualifiedExemptionWithoutPIT,
                         "Qualified exemption\(pending.count == 1 ? "" : "s") \(pending.joined(separator: ", ")) \(pending.count == 1 ? "has" : "have") no public interest test; record PublicInterestTestRecorded with the reasoning before sending the response.")
        }
        let regime = state.regime ?? .foia
        let catalogue = ExemptionCatalogue.for(regime)
        for section in response.exemptions {
            guard catalogue.entry(for: section) != nil else {
                throw refuse(.exemptionNotInCatalogue,
                             "'\(section)' is not an exemption under \(regime.displayName); list the provisions relied on as written in the statute, e.g. \(example(for: regime)).")
            }
            guard state.exemptionsApplied[section] != nil else {
                throw refuse(.exemptionNotApplied,
                             "The response relies on \(section), which was never applied on \(reference); record ExemptionApplied for it (with a public interest test if qualified) first.")
            }
            if state.exemptionsApplied[section] == .qualified && state.publicInterestOutcome(for: section) == .disclose {
                throw refuse(.exemptionOutweighedByPublicInterest,
                             "The public interest test for \(section) favoured disclosure, so the response cannot rely on it; remove it from the exemptions or record a new public interest test.")
            }
        }
        try checkGrounds(of: response, state: state)
        state.responsesSent += 1
        state.releasedDocuments = response.documents
        state.proceduralRefusal = nil
        if furtherResponse {
            state.furtherResponseRequired = false
        } else {
            state.closedBy = type
        }
    }

    func applyComplaint(_ complaint: ICOComplaintReceived, to state: inout CaseLifecycle) throws(RuleViolation) {
        let expected: Regulator? = switch (state.kind, state.regime) {
        case (.request, .foisa?): .scottishInformationCommissioner
        case (.request, .foia?), (.subjectAccess, _): .ico
        default: nil // EIR: the ICO, or the Scottish Commissioner under the EIRs (Scotland)
        }
        if let expected, complaint.regulator != expected {
            throw refuse(.wrongRegulator,
                         expected == .scottishInformationCommissioner
                             ? "Appeals on a FOISA request go to the Scottish Information Commissioner, not the ICO; set regulator to scottishInformationCommissioner."
                             : "Complaints on this case go to the ICO; set regulator to ico.")
        }
        if state.regime == .foisa && state.internalReview == .none {
            throw refuse(.appealWithoutReview,
                         "Under FOISA the requester must ask for a review before appealing to the Scottish Information Commissioner (s47); record InternalReviewRequested first.")
        }
        state.regulatorComplaintReceived = true
    }

    /// The contents the breach procedure §6.4 requires of a notification to data subjects.
    func checkNotificationContents(_ notification: DataSubjectsNotified) throws(RuleViolation) {
        var missing: [String] = []
        if isBlank(notification.howAndWhenOccurred) { missing.append("howAndWhenOccurred (how and when the breach occurred, §6.4.3)") }
        if isBlank(notification.informationInvolved) { missing.append("informationInvolved (the personal information involved, §6.4.3)") }
        if isBlank(notification.adviceGiven) { missing.append("adviceGiven (the steps they can take to protect themselves, §6.4.5)") }
        if isBlank(notification.howToComplain) { missing.append("howToComplain (how to complain to the organisation or the ICO, §6.4.6)") }
        guard missing.isEmpty else {
            throw refuse(.notificationContentsMissing,
                         "A notification to data subjects must at least say how and when the breach occurred, what information was involved, what they can do to protect themselves and how to complain (the breach procedure §6.4); record what the notification said: " + missing.joined(separator: "; ") + ".")
        }
    }

    /// The wrongful-release steps follow the link (states folded before the link was kept pass).
    func checkWrongfulReleaseLinked(_ state: CaseLifecycle) throws(RuleViolation) {
        if state.wrongfulReleaseLinked == false {
            throw refuse(.wrongfulReleaseNotLinked,
                         "\(reference) is not linked to a wrongful FOI release; record WrongfulReleaseLinked (the wrongful-release protocol Step 1) before its Steps 2–5.")
        }
    }

    func checkBreachClosure(_ state: CaseLifecycle) throws(RuleViolation) {
        guard let decision = state.iCODecision else {
            throw refuse(.closedWithoutICODecision,
                         "Every breach records whether the ICO was to be notified (Art 33(5)); record ICONotificationDecided before closing \(reference).")
        }
        if decision == .notify && !state.iCONotified {
            throw refuse(.closedBeforeICONotified,
                         "The decision was to notify the ICO but no ICONotified is recorded; record the notification before closing \(reference).")
        }
        if state.investigationOpen {
            throw refuse(.closedWithInvestigationOpen,
                         "The investigation on \(reference) is still open; record InvestigationConcluded with its outcome (the breach procedure §5.4) before closing.")
        }
        if state.riskLevel == .high && state.dataSubjectsNotified != true && state.dataSubjectsNotToldRecorded != true {
            throw refuse(.closedWithoutTellingDataSubjects,
                         "The latest risk assessment of \(reference) is high risk, so the data subjects must be told without undue delay (UK GDPR Art 34(1); the breach procedure §6) unless an Art 34(3) condition is met. Record DataSubjectsNotified, or reassess (RiskAssessed) with dataSubjectsNotTold giving the condition and the reasons, before closing.")
        }
    }

    /// A void withdraws one recorded event of this case, once; never an erasure (the key is
    /// destroyed: there is nothing to undo) nor another void.
    func applyVoid(_ void: Voided, to state: inout CaseLifecycle) throws(RuleViolation) {
        guard let id = UUID(uuidString: void.voidsEventId) else {
            throw refuse(.voidOfUnknownEvent, "voidsEventId '\(void.voidsEventId)' is not a UUID; give the event id of the event being voided.")
        }
        guard let owner = context.caseOfEvent(id) else {
            throw refuse(.voidOfUnknownEvent, "The ledger has no event \(void.voidsEventId); a void must name an event already recorded on \(reference).")
        }
        guard owner == reference.rawValue else {
            throw refuse(.voidOfUnknownEvent, "Event \(void.voidsEventId) belongs to \(owner), not \(reference); void it on \(owner).")
        }
        let key = id.uuidString.lowercased()
        if (state.voidedEvents ?? []).contains(key) {
            throw refuse(.alreadyVoided, "Event \(key) was voided already; nothing more to withdraw.")
        }
        if let target = context.typeOfEvent(id) {
            switch target {
            case .personalDataErased, .retentionApplied:
                throw refuse(.voidOfErasure, "\(target) cannot be voided: its key was destroyed with it, so the personal data it erased cannot come back; record a note if it was applied in error.")
            case .voided:
                throw refuse(.voidOfVoid, "A void cannot itself be voided; if the voided event was right after all, record it again as a new event.")
            case let opening where opening.isOpening:
                throw refuse(.voidOfOpening, "\(opening) opens \(reference) and cannot be voided; correct its details with a Corrected event (a request withdrawn by the requester is recorded as Withdrawn).")
            default: break
            }
        }
        state.voidedEvents = (state.voidedEvents ?? []) + [key]
    }

    func applyCorrection(_ correction: Corrected, to state: inout CaseLifecycle) throws(RuleViolation) {
        guard let id = UUID(uuidString: correction.correctsEventId) else {
            throw refuse(.correctionOfUnknownEvent,
                         "correctsEventId '\(correction.correctsEventId)' is not a UUID; give the event id of the event being corrected.")
        }
        guard let owner = context.caseOfEvent(id) else {
            throw refuse(.correctionOfUnknownEvent,
                         "The ledger has no event \(correction.correctsEventId); a correction must reference an event already recorded on \(reference).")
        }
        guard owner == reference.rawValue else {
            throw refuse(.correctionOfUnknownEvent,
                         "Event \(correction.correctsEventId) belongs to \(owner), not \(reference); record the correction on \(owner).")
        }
        let isEmpty = correction.corrections.isEmpty
            && (correction.personalCorrections ?? [:]).isEmpty
            && (correction.requesterCorrections ?? [:]).isEmpty
        if isEmpty {
            throw refuse(.emptyCorrection,
                         "The correction changes nothing; give the replacement values of the fields being corrected.")
        }
        if let target = context.typeOfEvent(id) {
            // A key is a dotted path, read as the registers apply it (empty parts dropped): it
            // holds personal data when it names a personal field, an object holding one
            // (`reportingOfficer`), or a part of one (`requester.email`).
            let personal = EventCatalogue.personalFields(for: target).map { $0.path.split(separator: ".") }
            for key in correction.corrections.keys.sorted() {
                let path = key.string.split(separator: ".")
                guard personal.contains(where: { $0.starts(with: path) || path.starts(with: $0) }) else { continue }
                throw refuse(.personalDataInPlainCorrection,
                             "'\(key)' of \(target) holds personal data; put its replacement in personalCorrections (or requesterCorrections for the requester) so that it is encrypted, not in corrections.")
            }
            try checkCorrectedDates(correction, of: target, in: &state)
            try foldCorrection(correction, of: target, into: &state)
        }
        if case .string(let raw)? = correction.corrections["regime"], let regime = Regime(rawValue: raw),
           state.kind == .request {
            try checkRegime(regime)
            state.regime = regime
        }
    }

    /// Folds the corrected values the rules keep: the ICO decision and the day identity was
    /// verified, which a correction amends instead of a second one-time step.
    func foldCorrection(_ correction: Corrected, of target: EventType, into state: inout CaseLifecycle) throws(RuleViolation) {
        let values = correction.corrections
        switch target {
        case .iCONotificationDecided:
            guard let decision = values["decision"]?.stringValue.flatMap(ICONotificationDecided.Decision.init(rawValue:)) else { return }
            if decision == .doNotNotify && isBlank(values["reasons"]?.stringValue) {
                throw refuse(.noNotifyWithoutReasons,
                             "Correcting the decision to not notifying the ICO needs its reasons (UK GDPR Art 33(5)); give reasons in the same correction.")
            }
            state.iCODecision = decision
        case .identityVerified:
            if let day = values["verifiedOn"]?.stringValue.flatMap(LocalDate.init(iso:)) { state.identityVerifiedOn = day }
        default:
            break
        }
    }

    // MARK: Helpers

    func isBlank(_ text: String?) -> Bool {
        (text ?? "").allSatisfy(\.isWhitespace)
    }

    func example(for regime: Regime) -> String {
        switch regime {
        case .foia: "\"43(2)\" or \"40(2)\""
        case .foisa: "\"33(1)(b)\" or \"38(1)(b)\""
        case .eir: "\"12(5)(e)\" or \"13\""
        }
    }
}
