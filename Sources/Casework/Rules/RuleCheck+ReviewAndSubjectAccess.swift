// FOI review and refusal integrity, and SAR completeness.
//
// Every rule here is triggered only by an event or a field added with it, so a ledger recorded
// before them replays unchanged. What the policies ask for but a truthful log cannot refuse (a
// response that did not tell the requester of the right of appeal, a reviewer who also signed off
// the response) is shown on the registers as a missing step or a flag instead.

extension RuleCheck {
    /// An FOIA internal review may be extended once, while it is open, before it falls due, with
    /// reasons, to at most the policy's `internalReviewMaxWorkingDays` (the FOI policy
    /// "Complaints": 20 working days, "in exceptional circumstances where the review is deemed
    /// complex, this may be extended to 40 days"). EIR reconsiderations (reg 11(4)) and FOISA
    /// reviews (s21(1)) have fixed statutory periods.
    func applyReviewExtension(_ extended: InternalReviewExtended, to state: inout CaseLifecycle) throws(RuleViolation) {
        switch state.regime ?? .foia {
        case .eir:
            throw refuse(.reviewExtensionUnderEIR,
                         "An EIR reconsideration is decided within 40 working days of the representations (EIR reg 11(4)), which cannot be extended; the register already gives it the 40 days. Decide the reconsideration by then.")
        case .foisa:
            throw refuse(.reviewExtensionUnderFOISA,
                         "A FOISA review must be decided within 20 working days (FOISA s21(1)) and cannot be extended. Decide the review by then.")
        case .foia:
            break
        }
        guard state.internalReview == .requested else {
            throw refuse(.reviewExtensionWithoutOpenReview,
                         state.internalReview == .decided
                             ? "The internal review of \(reference) has been decided; only an open review can be extended."
                             : "No internal review has been requested on \(reference); record InternalReviewRequested before extending it.")
        }
        if let days = state.reviewExtensionWorkingDays, days > 0 {
            throw refuse(.reviewAlreadyExtended,
                         "The internal review of \(reference) was already extended by \(days) working days; a review is extended once (the FOI policy \"Complaints\"). Correct that extension if its days are wrong.")
        }
        if isBlank(extended.reasons) {
            throw refuse(.reviewExtensionWithoutReasons,
                         "An extended review must record why it is complex (the FOI policy \"Complaints\": \"in exceptional circumstances where the review is deemed complex\"); write the reasons.")
        }
        let policy = context.policy
        let allowed = max(0, policy.internalReviewMaxWorkingDays - policy.internalReviewWorkingDays)
        // Bounded before adding, so no decodable number of days can overflow.
        guard extended.workingDays >= 1, extended.workingDays <= allowed else {
            throw refuse(.reviewExtensionTooLong,
                         "A review has \(policy.internalReviewWorkingDays) working days and at most \(policy.internalReviewMaxWorkingDays) in all (the FOI policy \"Complaints\"), so an extension adds 1 to \(allowed) working days; this one adds \(extended.workingDays).")
        }
        if let requested = state.reviewRequestedOn {
            if extended.extendedOn < requested {
                throw refuse(.reviewExtensionTooLate,
                             "The review was requested on \(requested); it cannot be extended on \(extended.extendedOn), before it was asked for. Check extendedOn.")
            }
            if let due = try? context.deadlines.internalReviewDueDate(requestedOn: requested, regime: .foia),
               extended.extendedOn > due {
                throw refuse(.reviewExtensionTooLate,
                             "The review fell due on \(due) (\(policy.internalReviewWorkingDays) working days after \(requested)); an extension on \(extended.extendedOn) comes after it was already late, and cannot make it on time. Decide the review now.")
            }
        }
        state.reviewExtensionWorkingDays = extended.workingDays
    }

    /// The s40(1) channel closes the request and names the SAR that answers it.
    func applyChannel(_ channel: ChannelledToSubjectAccess, to state: inout CaseLifecycle) throws(RuleViolation) {
        guard channel.sarCase.kind == .subjectAccess else {
            throw refuse(.channelledToNonSAR,
                         "A request for the requester's own personal data is channelled to a subject access request (the FOI policy Appendix 2, s40(1)); \(channel.sarCase) is not a SAR- case.")
        }
        state.closedBy = type
    }

    /// The opening `SARReceived`: a channelled request names the FOI/EIR case it came from, and a
    /// child's age is under 18.
    func checkSAROpening(_ received: SARReceived, in state: inout CaseLifecycle) throws(RuleViolation) {
        if let from = received.channelledFrom, from.kind != .request {
            throw refuse(.channelledFromNonRequest,
                         "channelledFrom names the FOI/EIR request the SAR was channelled from under s40(1); \(from) is not an FOI- or EIR- case.")
        }
        if let age = received.dataSubjectAge, !(0...17).contains(age) {
            throw refuse(.dataSubjectAgeNotAChild,
                         "dataSubjectAge is for a child data subject (0 to 17); \(age) is not. Leave it out for an adult.")
        }
        state.viaRepresentative = received.representative != nil
        state.dataSubjectAge = received.dataSubjectAge
    }

    /// A subject access exemption is a catalogued DPA 2018 Schedule 2–4 paragraph, with reasons
    /// (the data protection policy §2.6, §2.7.3.2: "the reasons supporting a decision to withhold
    /// the information must be recorded").
    func applySARExemption(_ exemption: SARExemptionApplied, to state: inout CaseLifecycle) throws(RuleViolation) {
        guard let entry = SARExemptionCatalogue.entry(for: exemption.paragraph) else {
            throw refuse(.sarExemptionNotInCatalogue,
                         "'\(exemption.paragraph)' is not an exemption from subject access in the Data Protection Act 2018 Schedules 2–4; write the paragraph as \"Sch2 Para24\" (confidential references), \"Sch3 Para11\" (social work: serious harm) or \"Sch2 Para2\" (crime and taxation). Third-party information is decided with ThirdPartyInformationDecided (the data protection policy §2.5).")
        }
        if isBlank(exemption.reasons) {
            throw refuse(.sarExemptionWithoutReasons,
                         "\(entry.paragraph) (\(entry.title)) needs the reasons it applies recorded (the data protection policy §2.7.3.2); write them.")
        }
        state.sarExemptionsApplied = Array(Set((state.sarExemptionsApplied ?? []) + [exemption.paragraph])).sorted()
    }

    /// The SAR response: exemptions applied first (once any has been applied with
    /// `SARExemptionApplied`), SCRA's consent for its information, and a child's consent to the
    /// representative.
    func checkSARResponse(_ response: SARResponded, state: CaseLifecycle) throws(RuleViolation) {
        if let applied = state.sarExemptionsApplied {
            for paragraph in response.exemptions where !applied.contains(paragraph) {
                throw refuse(.sarExemptionNotApplied,
                             "The response relies on \(paragraph), which was never applied on \(reference); record SARExemptionApplied with its reasons first (the data protection policy §2.6).")
            }
        }
        let consent = state.scraConsentOutcome
        if state.scraConsentRequested == true && consent == nil {
            throw refuse(.scraConsentOutstanding,
                         "SCRA's consent was sought on \(reference) and no answer is recorded; record SCRAConsentRecorded (noResponse if none came) before responding. Without consent the information originating from SCRA must not be released (the data protection policy §2.7.3.1).")
        }
        if response.scraInformationReleased == true && consent != .given {
            throw refuse(.scraInformationWithoutConsent,
                         "Information originating from SCRA is released only with SCRA's consent received before release (the data protection policy §2.7.3.1); \(consent.map { "its answer was \($0.rawValue)" } ?? "none was sought"). Withhold it and set scraInformationReleased false.")
        }
        if state.scraConsentRequested == true && consent != .given && response.scraInformationReleased != false {
            throw refuse(.scraInformationWithoutConsent,
                         "SCRA's answer on \(reference) was \(consent?.rawValue ?? "none"), so the information originating from SCRA must not be released (the data protection policy §2.7.3.1); state that it was withheld with scraInformationReleased false.")
        }
        let releases = response.outcome == .providedInFull || response.outcome == .providedInPart
        if releases, state.viaRepresentative == true, let age = state.dataSubjectAge, age >= context.policy.sarChildCapacityAge {
            guard let capacity = state.childHasCapacity else {
                throw refuse(.childConsentMissing,
                             "The data subject is \(age), and a child of \(context.policy.sarChildCapacityAge) or over is presumed to have capacity, so a parent or guardian can exercise subject access only with the child's consent (the data protection policy §2.2.4); record ChildConsentRecorded (capacity and consent) before releasing to the representative.")
            }
            if capacity && state.childConsents != true {
                throw refuse(.childRefusedConsent,
                             "The child has capacity and did not consent to the representative receiving their information (the data protection policy §2.2.4); do not release it to the representative. Respond to the child, or record the outcome as refused.")
            }
        }
    }

    /// A child's capacity, and their consent when they have it (the data protection policy §2.2.4).
    func applyChildConsent(_ recorded: ChildConsentRecorded, to state: inout CaseLifecycle) throws(RuleViolation) {
        if recorded.childHasCapacity && recorded.childConsents == nil {
            throw refuse(.childConsentNotStated,
                         "The child has capacity, so whether they consent to the representative acting for them decides the release (the data protection policy §2.2.4); set childConsents true or false.")
        }
        state.childHasCapacity = recorded.childHasCapacity
        state.childConsents = recorded.childConsents
    }
}
