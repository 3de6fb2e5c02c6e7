// Rules that read the statutory clocks: extensions made in time, SAR pauses asked for promptly,
// and a review before any response only where the law allows a review of a failure to respond.
//
// Every date these rules count from has passed the date window (RuleCheck+Dates), so no count
// can run off the calendar. Where a clock cannot be computed (paused, or dates the calculator
// refuses), nothing is judged late.

extension RuleCheck {
    /// The day the request's response is due with the extensions recorded so far — the FOI
    /// register's rule: 20 working days after receipt or clarification, not counting fees-notice
    /// periods, plus the extension's working days. Nil while the clock is stopped (clarification
    /// outstanding, fee unpaid) or when the state predates the dates it needs.
    func requestDue(_ state: CaseLifecycle) -> LocalDate? {
        guard let received = state.openedOn, !state.clarificationOutstanding else { return nil }
        let regime = state.regime ?? .foia
        let calculator = context.deadlines
        let windows = state.feeWindows ?? []
        let extra = regime == .foisa ? 0 : state.extendedWorkingDays
        if extra == 20 {
            return (try? calculator.foiDueDate(regime: regime, receivedOn: received, clarifiedOn: state.clarifiedOn,
                                               feeWindows: windows, extended: true)) ?? nil
        }
        guard let base = (try? calculator.foiDueDate(regime: regime, receivedOn: received, clarifiedOn: state.clarifiedOn,
                                                     feeWindows: windows)) ?? nil else { return nil }
        return extra == 0 ? base : calculator.calendar(for: regime).workingDay(extra, after: base)
    }

    /// An FOIA s10(3) or EIR reg 7 extension must be made by the date the response is due: the
    /// original 20th working day, or for a further extension the date already extended to.
    func checkExtensionInTime(_ extended: DeadlineExtended, state: CaseLifecycle) throws(RuleViolation) {
        guard let occurred = context.occurredAt.flatMap(Self.londonDay), let due = requestDue(state) else { return }
        guard occurred > due else { return }
        let law = extended.reason == .complexAndVoluminous
            ? "Under EIR reg 7(1) and (3) the applicant must be told of the extension as soon as possible and within the 20 working days"
            : "Under FOIA s10(3) and s17(2) the refusal notice saying that the public interest is still being considered must be given within the 20 working days"
        let which = state.extendedWorkingDays == 0
            ? "the response was due on \(due) (the 20th working day after receipt or clarification, not counting fee periods)"
            : "the response was due on \(due), the date it was already extended to"
        throw refuse(.extensionTooLate,
                     "The extension is made on \(occurred), after \(which). \(law); a late extension cannot make a late response on time. Record the response when it is sent; it will show as late.")
    }

    /// The SAR's original due date: one calendar month from the latest of receipt, identity, fee
    /// and clarification (the policy's SAR rule). Nil while waiting for one of them.
    func subjectAccessDue(_ state: CaseLifecycle) -> LocalDate? {
        guard let received = state.openedOn else { return nil }
        let waiting = (state.identityRequested && !state.identityVerified) || state.feeOutstanding || state.clarificationOutstanding
        guard !waiting else { return nil }
        let start = DeadlineCalculator.sarStart(receivedOn: received, identityVerifiedOn: state.identityVerifiedOn,
                                                feePaidOn: state.feePaidOn, clarifiedOn: state.clarifiedOn)
        return try? context.deadlines.sarDueDate(startOn: start)
    }

    /// A SAR extension must be told to the requester within the first month (UK GDPR Art 12(3)),
    /// and exists only under current law.
    func checkSARExtensionInTime(_ extended: SARExtended, state: CaseLifecycle) throws(RuleViolation) {
        if context.policy.sarRule == .fortyCalendarDays {
            throw refuse(.sarExtensionNotAllowed,
                         "The policy's SAR rule is the DPA 1998 40-day rule (sarRule fortyCalendarDays), which has no extension; respond within the 40 days, or change the policy to current law.")
        }
        guard let due = subjectAccessDue(state), extended.requesterInformedOn > due else { return }
        throw refuse(.sarExtensionTooLate,
                     "The requester was told of the extension on \(extended.requesterInformedOn), after the first month ended on \(due) (the original due date); UK GDPR Art 12(3) requires them to be told within one month, with the reasons. A late extension cannot make a late response on time: record the response when it is sent.")
    }

    /// A SAR's fee or proof of identity pauses the clock only when asked for within the policy's
    /// working days of receipt (the data protection policy §2.3.4), counted on the home division's calendar.
    func checkPrompt(_ requestedOn: LocalDate, rule: RuleViolation.Rule, state: CaseLifecycle) throws(RuleViolation) {
        guard let received = state.openedOn, requestedOn > received else { return }
        let limit = context.policy.sarIdentityOrFeeRequestWorkingDays
        let calendar = context.deadlines.calendar(for: context.policy.homeDivision)
        guard calendar.workingDays(after: received, through: requestedOn) > limit else { return }
        let what = rule == .feeRequestedLate ? "The fee is asked for" : "Proof of identity is asked for"
        let why = rule == .feeRequestedLate
            ? "a fee cannot be charged later merely to extend the time for a response"
            : "identity is checked promptly, so that the wait for it does not extend the time for a response"
        throw refuse(rule,
                     "\(what) on \(requestedOn), more than \(limit) working days after the request was received on \(received); the policy (sarIdentityOrFeeRequestWorkingDays, the data protection policy §2.3.4) requires it within \(limit) working days: \(why). Respond within the month counted from receipt instead, or correct the date if it was asked for earlier.")
    }

    /// An internal review reviews a response. Before any response there is nothing to review,
    /// except where the law lets a requester ask for a review of a failure to respond, once the
    /// response is overdue: FOISA s20(1), and the EIR's representations (reg 11(1)). Under FOIA
    /// and for SARs a late response is complained of to the ICO directly.
    func checkReviewFollowsResponse(_ review: InternalReviewRequested, state: CaseLifecycle) throws(RuleViolation) {
        guard state.responsesSent == 0 else { return }
        let regime = state.kind == .request ? state.regime ?? .foia : nil
        if regime == .foisa || regime == .eir {
            if let due = requestDue(state), review.requestedOn > due { return }
            throw refuse(.reviewBeforeResponse,
                         "\(reference) has no response yet and is not overdue\(requestDue(state).map { " (due \($0))" } ?? ""); a review of a failure to respond (\(regime == .foisa ? "FOISA s20(1)" : "EIR reg 11(1)")) can only be asked for once the response is late. Record the response first, or the review request when it is made after the due date.")
        }
        throw refuse(.reviewBeforeResponse,
                     "\(reference) has no response to review; record \(state.kind == .subjectAccess ? "SARResponded" : "ResponseSent") before InternalReviewRequested. A complaint about a late response goes to the ICO (ICOComplaintReceived).")
    }
}
