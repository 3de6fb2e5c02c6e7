import Foundation
import Testing
@testable import Casework

/// Payload builders for lifecycle tests: small, valid, and named for what they do.
private enum Make {
    static func received(_ regime: Regime = .foia) -> RequestReceived {
        RequestReceived(channel: .email, receivedAt: "2026-01-05T09:30:00Z", regime: regime,
                        requester: Requester(name: "Alex Morgan", email: "alex@example.org"),
                        requesterType: .individual, summary: "Parking enforcement contracts")
    }
    static func exemption(_ section: String, _ exemptionClass: ExemptionClass) -> ExemptionApplied {
        ExemptionApplied(section: section, exemptionClass: exemptionClass, reason: "Engaged")
    }
    static func pit(_ sections: [String], _ outcome: PublicInterestTestRecorded.Outcome = .maintained) -> PublicInterestTestRecorded {
        PublicInterestTestRecorded(sections: sections, reasoning: "Balance considered", outcome: outcome)
    }
    static func response(_ outcome: ResponseSent.Outcome = .grantedInFull, exemptions: [String] = []) -> ResponseSent {
        ResponseSent(outcome: outcome, exemptions: exemptions, signedOffBy: "p.dand", sentAt: "2026-02-02T16:45:00Z")
    }
    static func extended(_ reason: DeadlineExtended.Reason = .publicInterestTest, days: Int = 20) -> DeadlineExtended {
        DeadlineExtended(reason: reason, workingDays: days)
    }
    static let reviewRequested = InternalReviewRequested(requestedOn: "2026-02-10")
    static func reviewDecided(_ outcome: ReviewOutcome) -> InternalReviewDecided {
        InternalReviewDecided(outcome: outcome, reviewer: "h.legal", decidedOn: "2026-03-02")
    }
    static func complaint(_ regulator: Regulator = .ico) -> ICOComplaintReceived {
        ICOComplaintReceived(regulator: regulator, receivedOn: "2026-04-14")
    }
    static func notice(_ outcome: DecisionNoticeOutcome) -> ICODecisionNoticeReceived {
        ICODecisionNoticeReceived(receivedOn: "2026-09-01", noticeReference: "IC-1", outcome: outcome)
    }
    static let note = NoteAdded(text: "Phoned the requester")
    static let sarReceived = SARReceived(channel: .post, receivedAt: "2026-01-12T11:00:00Z",
                                         requester: Requester(name: "Sam Taylor"), summary: "My records")
    static let sarResponded = SARResponded(outcome: .providedInFull, method: .secureEmail, signedOffBy: "c.imlo",
                                           respondedAt: "2026-02-10T10:00:00Z")
    static var breachReported: BreachReported { EventsTestSupport.example(of: .breachReported) as! BreachReported }
    static func decided(_ decision: ICONotificationDecided.Decision, reasons: String? = nil) -> ICONotificationDecided {
        ICONotificationDecided(decision: decision, reasons: reasons, decidedAt: "2026-02-04T09:00:00Z")
    }
    static let notified = ICONotified(notifiedAt: "2026-02-04T15:30:00Z")
    static let investigationOpened = InvestigationOpened(lead: "p.shah", openedOn: "2026-02-03")
    static let investigationConcluded = InvestigationConcluded(concludedOn: "2026-02-16", howItHappened: "h",
                                                               whyItHappened: "w", preventiveMeasures: "p")
    static let breachClosed = BreachClosed(closedOn: "2026-03-01")
    static func nearMiss(occurred: LocalDate = "2026-03-02", reported: LocalDate = "2026-03-04") -> NearMissReported {
        NearMissReported(occurredOn: occurred, reportedOn: reported, service: "Housing", description: "d",
                         potentialCategory: .unauthorisedDisclosure)
    }
    static let nearMissReviewed = NearMissReviewed(weakness: .process, action: "Check addresses", reviewedOn: "2026-03-10")
    static func correction(_ id: UUID, _ corrections: JSONObject = ["summary": .string("Corrected")],
                           personal: JSONObject? = nil) -> Corrected {
        Corrected(correctsEventId: id.uuidString, reason: "Keying error", corrections: corrections,
                  personalCorrections: personal)
    }
}

@Suite struct LifecycleRulesTests {
    static let foi = "FOI-2026-0042"
    static let eir = "EIR-2026-0007"
    static let sar = "SAR-2026-0003"
    static let breach = "BR-2026-0007"
    static let nearMiss = "NM-2026-0011"

    /// Folds `events`; every event must pass.
    @discardableResult
    private func accepts(_ reference: String, _ events: [any EventPayload], context: RuleContext = .empty,
                         sourceLocation: SourceLocation = #_sourceLocation) throws -> CaseLifecycle? {
        let reference = try CaseReference(reference)
        do {
            return try LifecycleRules.replay(case: reference, events: events, context: context)
        } catch {
            Issue.record("unexpected refusal: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Folds all but the last event (which must pass), then expects the last to break `rule`.
    private func refuses(_ rule: RuleViolation.Rule, _ reference: String, _ events: [any EventPayload],
                         context: RuleContext = .empty, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reference = try CaseReference(reference)
        var state: CaseLifecycle?
        do {
            state = try LifecycleRules.replay(case: reference, events: Array(events.dropLast()), context: context)
        } catch {
            Issue.record("an earlier event was refused: \(error)", sourceLocation: sourceLocation)
            return
        }
        let last = events.last!
        do {
            _ = try LifecycleRules.evaluate(case: reference, type: last.eventType, payload: last, state: state, context: context)
            Issue.record("\(last.eventType) was accepted; expected \(rule)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.rule == rule, "\(error)", sourceLocation: sourceLocation)
            #expect(error.caseReference == reference, sourceLocation: sourceLocation)
            #expect(error.eventType == last.eventType, sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
            #expect(error.description.contains(rule.rawValue), sourceLocation: sourceLocation)
        }
    }

    // MARK: Opening

    @Test func responseBeforeReceipt() throws {
        try refuses(.responseBeforeReceipt, Self.foi, [Make.response()])
        try accepts(Self.foi, [Make.received(), Make.response()])
    }

    @Test func eventBeforeOpening() throws {
        try refuses(.eventBeforeOpening, Self.foi, [Make.note])
        try refuses(.eventBeforeOpening, Self.breach, [Make.decided(.notify)])
        try refuses(.eventBeforeOpening, Self.sar, [Make.sarResponded])
        try refuses(.eventBeforeOpening, Self.nearMiss, [Make.nearMissReviewed])
        try accepts(Self.foi, [Make.received(), Make.note])
        try accepts(Self.breach, [Make.breachReported, Make.decided(.notify)])
        try accepts(Self.sar, [Make.sarReceived, Make.sarResponded])
        try accepts(Self.nearMiss, [Make.nearMiss(), Make.nearMissReviewed])
    }

    @Test func alreadyOpened() throws {
        try refuses(.alreadyOpened, Self.foi, [Make.received(), Make.note, Make.received()])
        try refuses(.alreadyOpened, Self.nearMiss, [Make.nearMiss(), Make.nearMiss()])
        let state = try accepts(Self.foi, [Make.received(), Make.note])
        #expect(state?.eventCount == 2)
    }

    @Test func eventTypeNotForKind() throws {
        try refuses(.eventTypeNotForKind, Self.foi, [Make.received(), Make.notified])
        try refuses(.eventTypeNotForKind, Self.foi, [Make.breachReported])
        try refuses(.eventTypeNotForKind, Self.breach, [Make.breachReported, Make.response()])
        try refuses(.eventTypeNotForKind, Self.sar, [Make.sarReceived, Make.exemption("43(2)", .qualified)])
        try refuses(.eventTypeNotForKind, Self.nearMiss, [Make.nearMiss(), Make.reviewRequested])
        try accepts(Self.breach, [Make.breachReported, Make.decided(.notify), Make.notified])
        try accepts(Self.sar, [Make.sarReceived, Make.sarResponded, Make.reviewRequested, Make.reviewDecided(.upheld),
                               Make.complaint(), Make.notice(.notUpheld)])
    }

    @Test func payloadTypeMismatch() throws {
        let reference = try CaseReference(Self.foi)
        do {
            _ = try LifecycleRules.evaluate(case: reference, type: .requestReceived, payload: Make.note, state: nil, context: .empty)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.rule == .payloadTypeMismatch)
        }
    }

    @Test func regimeMismatch() throws {
        try refuses(.regimeMismatch, Self.eir, [Make.received(.foia)])
        try refuses(.regimeMismatch, Self.eir, [Make.received(.foisa)])
        try refuses(.regimeMismatch, Self.foi, [Make.received(.eir)])
        #expect(try accepts(Self.eir, [Make.received(.eir)])?.regime == .eir)
        #expect(try accepts(Self.foi, [Make.received(.foisa)])?.regime == .foisa)
        #expect(try accepts(Self.foi, [Make.received(.foia)])?.regime == .foia)
    }

    // MARK: Closure

    @Test func eventAfterClosure() throws {
        let closed: [any EventPayload] = [Make.received(), Make.response()]
        try refuses(.eventAfterClosure, Self.foi, closed + [Make.exemption("21", .absolute)])
        try refuses(.eventAfterClosure, Self.foi, closed + [Make.response()])
        try refuses(.eventAfterClosure, Self.foi, [Make.received(), Withdrawn(withdrawnOn: "2026-01-20"), Make.response()])
        try refuses(.eventAfterClosure, Self.foi, [Make.received(), Transferred(to: "NHS Trust", transferredOn: "2026-01-07"),
                                                   Make.extended()])
        try refuses(.eventAfterClosure, Self.sar, [Make.sarReceived, Make.sarResponded, Make.sarResponded])
        try refuses(.eventAfterClosure, Self.breach, [Make.breachReported, Make.decided(.doNotNotify, reasons: "Low risk"),
                                                      Make.breachClosed, RiskAssessed.example])
        try refuses(.eventAfterClosure, Self.nearMiss, [Make.nearMiss(), Make.nearMissReviewed, Make.nearMissReviewed])
        // Reviews, complaints, publication and housekeeping still go on after closure.
        let state = try accepts(Self.foi, closed + [
            PublishedToDisclosureLog(publishedOn: "2026-02-05"), Make.note, Reassigned(to: "k.officer"),
            Make.reviewRequested, Make.reviewDecided(.upheld), Make.complaint(), Make.notice(.notUpheld),
            RetentionApplied(policyRule: "foi.closed+3y", appliedOn: "2029-02-03"),
            PersonalDataErased(subjectId: "rk_1", scope: .requester, reason: "Retention", erasedOn: "2029-03-01"),
        ])
        #expect(state?.closedBy == .responseSent)
        #expect(state?.isClosed == true)
        try accepts(Self.breach, [Make.breachReported, Make.decided(.doNotNotify, reasons: "Low risk"), Make.breachClosed, Make.note])
    }

    @Test func proceduralRefusalsCloseOnlyWithTheResponse() throws {
        let state = try accepts(Self.foi, [Make.received(), CostLimitApplied(estimatedHours: 30, limitPence: 45_000)])
        #expect(state?.isClosed == false)
        #expect(state?.proceduralRefusal == .costLimitApplied)
        let closed = try accepts(Self.foi, [Make.received(), VexatiousApplied(basis: .vexatious, reason: "r"), Make.response(.refused)])
        #expect(closed?.closedBy == .responseSent)
        #expect(closed?.proceduralRefusal == nil)
    }

    @Test func furtherResponseAfterOverturnedReviewOrUpheldComplaint() throws {
        let answered: [any EventPayload] = [Make.received(), Make.exemption("43(2)", .qualified), Make.pit(["43(2)"]),
                                             Make.response(.grantedInPart, exemptions: ["43(2)"])]
        try accepts(Self.foi, answered + [Make.reviewRequested, Make.reviewDecided(.overturned), Make.response()])
        try accepts(Self.foi, answered + [Make.reviewRequested, Make.reviewDecided(.partlyOverturned), Make.response(.grantedInPart, exemptions: ["43(2)"])])
        try accepts(Self.foi, answered + [Make.complaint(), Make.notice(.upheld), Make.response()])
        try refuses(.eventAfterClosure, Self.foi, answered + [Make.reviewRequested, Make.reviewDecided(.upheld), Make.response()])
        try refuses(.eventAfterClosure, Self.foi, answered + [Make.reviewRequested, Make.reviewDecided(.overturned), Make.response(), Make.response()])
        try accepts(Self.sar, [Make.sarReceived, Make.sarResponded, Make.reviewRequested, Make.reviewDecided(.overturned), Make.sarResponded])
    }

    // MARK: Exemptions and the public interest test

    @Test func exemptionNotInCatalogue() throws {
        try refuses(.exemptionNotInCatalogue, Self.foi, [Make.received(), Make.exemption("25", .absolute)])
        try refuses(.exemptionNotInCatalogue, Self.foi, [Make.received(), Make.exemption("s43", .qualified)])
        try refuses(.exemptionNotInCatalogue, Self.eir, [Make.received(.eir), Make.exemption("43(2)", .qualified)])
        try refuses(.exemptionNotInCatalogue, Self.eir, [Make.received(.eir), Make.exemption("12(4)", .qualified)])
        try refuses(.exemptionNotInCatalogue, Self.foi, [Make.received(.foisa), Make.exemption("43", .qualified)])
        try refuses(.exemptionNotInCatalogue, Self.foi, [Make.received(), Make.pit(["12(5)(e)"])])
        try accepts(Self.foi, [Make.received(), Make.exemption("21", .absolute), Make.exemption("37(1)(a)", .absolute)])
        try accepts(Self.eir, [Make.received(.eir), Make.exemption("12(5)(e)", .qualified), Make.exemption("13", .absolute)])
        try accepts(Self.foi, [Make.received(.foisa), Make.exemption("33(1)(b)", .qualified), Make.exemption("38(1)(a)", .absolute)])
    }

    @Test func exemptionClassMismatch() throws {
        try refuses(.exemptionClassMismatch, Self.foi, [Make.received(), Make.exemption("43(2)", .absolute)])
        try refuses(.exemptionClassMismatch, Self.foi, [Make.received(), Make.exemption("21", .qualified)])
        try refuses(.exemptionClassMismatch, Self.foi, [Make.received(), Make.exemption("37(1)(a)", .qualified)])
        try refuses(.exemptionClassMismatch, Self.eir, [Make.received(.eir), Make.exemption("12(4)(b)", .absolute)])
        try refuses(.exemptionClassMismatch, Self.foi, [Make.received(.foisa), Make.exemption("36(2)", .qualified)])
        try accepts(Self.foi, [Make.received(), Make.exemption("40(2)", .absolute), Make.exemption("40(2)", .qualified)])
        try accepts(Self.foi, [Make.received(), Make.exemption("37(1)(b)", .qualified)])
    }

    @Test func qualifiedExemptionWithoutPIT() throws {
        try refuses(.qualifiedExemptionWithoutPIT, Self.foi,
                    [Make.received(), Make.exemption("43(2)", .qualified), Make.response(.grantedInPart, exemptions: ["43(2)"])])
        try refuses(.qualifiedExemptionWithoutPIT, Self.foi,
                    [Make.received(), Make.exemption("43(2)", .qualified), Make.exemption("31(1)(a)", .qualified),
                     Make.pit(["43(2)"]), Make.response(.refused, exemptions: ["43(2)", "31(1)(a)"])])
        try refuses(.qualifiedExemptionWithoutPIT, Self.eir,
                    [Make.received(.eir), Make.exemption("12(5)(e)", .qualified), Make.response(.refused, exemptions: ["12(5)(e)"])])
        // A test named at section level covers its subsections; absolute exemptions need none.
        let state = try accepts(Self.foi, [Make.received(), Make.exemption("43(2)", .qualified), Make.exemption("21", .absolute),
                                           Make.pit(["43"]), Make.response(.refused, exemptions: ["43(2)", "21"])])
        #expect(state?.qualifiedExemptionsWithoutPIT == [])
        let pending = try accepts(Self.foi, [Make.received(), Make.exemption("43(2)", .qualified)])
        #expect(pending?.qualifiedExemptionsWithoutPIT == ["43(2)"])
    }

    @Test func exemptionNotApplied() throws {
        try refuses(.exemptionNotApplied, Self.foi, [Make.received(), Make.response(.refused, exemptions: ["21"])])
        try refuses(.exemptionNotInCatalogue, Self.foi, [Make.received(), Make.response(.refused, exemptions: ["99"])])
        try accepts(Self.foi, [Make.received(), Make.exemption("21", .absolute), Make.response(.refused, exemptions: ["21"])])
    }

    @Test func exemptionOutweighedByPublicInterest() throws {
        try refuses(.exemptionOutweighedByPublicInterest, Self.foi,
                    [Make.received(), Make.exemption("43(2)", .qualified), Make.pit(["43(2)"], .disclose),
                     Make.response(.grantedInPart, exemptions: ["43(2)"])])
        try accepts(Self.foi, [Make.received(), Make.exemption("43(2)", .qualified), Make.pit(["43(2)"], .disclose),
                               Make.response(.grantedInFull)])
        // A later test that maintains the exemption replaces the earlier outcome.
        try accepts(Self.foi, [Make.received(), Make.exemption("43(2)", .qualified), Make.pit(["43(2)"], .disclose),
                               Make.pit(["43(2)"], .maintained), Make.response(.grantedInPart, exemptions: ["43(2)"])])
    }

    // MARK: Extensions

    @Test func extensionNotAllowed() throws {
        try refuses(.extensionNotAllowed, Self.foi, [Make.received(), Make.extended()])
        try refuses(.extensionNotAllowed, Self.foi, [Make.received(), Make.exemption("21", .absolute), Make.extended()])
        try refuses(.extensionNotAllowed, Self.foi, [Make.received(), Make.exemption("43(2)", .qualified), Make.extended(.complexAndVoluminous)])
        try refuses(.extensionNotAllowed, Self.eir, [Make.received(.eir), Make.exemption("12(5)(e)", .qualified), Make.extended()])
        try refuses(.extensionNotAllowed, Self.foi, [Make.received(.foisa), Make.exemption("33(1)(b)", .qualified), Make.extended()])
        try refuses(.extensionNotAllowed, Self.foi, [Make.received(), Make.exemption("43(2)", .qualified),
                                                     Make.extended(days: 15), Make.extended(days: 10)])
        let foia = try accepts(Self.foi, [Make.received(), Make.exemption("43(2)", .qualified), Make.extended(days: 10),
                                          Make.pit(["43(2)"]), Make.extended(days: 10)])
        #expect(foia?.extendedWorkingDays == 20)
        let eir = try accepts(Self.eir, [Make.received(.eir), Make.extended(.complexAndVoluminous)])
        #expect(eir?.extendedWorkingDays == 20)
    }

    // MARK: Reviews, regulator, publication

    @Test func internalReviewNotRequested() throws {
        try refuses(.internalReviewNotRequested, Self.foi, [Make.received(), Make.response(), Make.reviewDecided(.upheld)])
        try refuses(.internalReviewNotRequested, Self.foi, [Make.received(), Make.response(), Make.reviewRequested,
                                                            Make.reviewDecided(.upheld), Make.reviewDecided(.upheld)])
        try accepts(Self.foi, [Make.received(), Make.response(), Make.reviewRequested, Make.reviewDecided(.upheld)])
    }

    @Test func decisionNoticeWithoutComplaint() throws {
        try refuses(.decisionNoticeWithoutComplaint, Self.foi, [Make.received(), Make.response(), Make.notice(.notUpheld)])
        try accepts(Self.foi, [Make.received(), Make.response(), Make.complaint(), Make.notice(.notUpheld)])
    }

    @Test func regulatorAndFOISAReview() throws {
        try refuses(.wrongRegulator, Self.foi, [Make.received(.foisa), Make.response(), Make.reviewRequested,
                                                Make.complaint(.ico)])
        try refuses(.wrongRegulator, Self.foi, [Make.received(), Make.response(), Make.complaint(.scottishInformationCommissioner)])
        try refuses(.appealWithoutReview, Self.foi, [Make.received(.foisa), Make.response(),
                                                     Make.complaint(.scottishInformationCommissioner)])
        try accepts(Self.foi, [Make.received(.foisa), Make.response(), Make.reviewRequested, Make.reviewDecided(.upheld),
                               Make.complaint(.scottishInformationCommissioner)])
        try accepts(Self.foi, [Make.received(), Make.response(), Make.complaint(.ico)])
        try accepts(Self.eir, [Make.received(.eir), Make.response(), Make.complaint(.scottishInformationCommissioner)])
    }

    @Test func publishedBeforeResponse() throws {
        try refuses(.publishedBeforeResponse, Self.foi, [Make.received(), PublishedToDisclosureLog(publishedOn: "2026-02-05")])
        try accepts(Self.foi, [Make.received(), Make.response(), PublishedToDisclosureLog(publishedOn: "2026-02-05")])
    }

    @Test func pausesNeedTheirRequest() throws {
        try refuses(.clarificationNotRequested, Self.foi, [Make.received(), ClarificationReceived(receivedOn: "2026-01-09")])
        try refuses(.feeNotRequested, Self.foi, [Make.received(), FeePaid(paidOn: "2026-01-15")])
        try refuses(.feeNotRequested, Self.sar, [Make.sarReceived, FeePaid(paidOn: "2026-01-15")])
        let state = try accepts(Self.foi, [Make.received(), ClarificationRequested(requestedOn: "2026-01-06"),
                                           ClarificationReceived(receivedOn: "2026-01-09"),
                                           FeeNoticeIssued(amountPence: 1250, issuedOn: "2026-01-12"), FeePaid(paidOn: "2026-01-15")])
        #expect(state?.clarificationOutstanding == false)
        #expect(state?.feeOutstanding == false)
        try accepts(Self.sar, [Make.sarReceived, FeeRequested(amountPence: 1000, requestedOn: "2026-01-13", basis: .furtherCopies),
                               FeePaid(paidOn: "2026-01-15")])
    }

    // MARK: Corrections

    @Test func correctionOfUnknownEvent() throws {
        let own = UUID()
        let other = UUID()
        let context = RuleContext.known([own: (Self.foi, .requestReceived), other: ("FOI-2026-0043", .requestReceived)])
        try refuses(.correctionOfUnknownEvent, Self.foi, [Make.received(), Make.correction(UUID())], context: context)
        try refuses(.correctionOfUnknownEvent, Self.foi, [Make.received(), Make.correction(other)], context: context)
        try refuses(.correctionOfUnknownEvent, Self.foi,
                    [Make.received(), Corrected(correctsEventId: "not-a-uuid", reason: "r", corrections: ["a": .int(1)])],
                    context: context)
        try accepts(Self.foi, [Make.received(), Make.correction(own)], context: context)
        // Caller-supplied closure form, as a store would provide it.
        try accepts(Self.foi, [Make.received(), Make.correction(own)],
                    context: RuleContext(caseOfEvent: { $0 == own ? Self.foi : nil }))
        // Corrections are allowed after closure.
        try accepts(Self.foi, [Make.received(), Make.response(), Make.correction(own)], context: context)
    }

    @Test func emptyCorrection() throws {
        let own = UUID()
        let context = RuleContext.known([own: (Self.foi, .responseSent)])
        try refuses(.emptyCorrection, Self.foi, [Make.received(), Make.correction(own, [:])], context: context)
        try accepts(Self.foi, [Make.received(), Make.correction(own, [:], personal: ["question": .string("q")])], context: context)
    }

    @Test func personalDataInPlainCorrection() throws {
        let opening = UUID()
        let context = RuleContext.known([opening: (Self.foi, .requestReceived)])
        try refuses(.personalDataInPlainCorrection, Self.foi,
                    [Make.received(), Make.correction(opening, ["requester": .object(["name": .string("Alex Morgan")])])],
                    context: context)
        let breachReport = UUID()
        try refuses(.personalDataInPlainCorrection, Self.breach,
                    [Make.breachReported, Make.correction(breachReport, ["reportingOfficer": .object([:])])],
                    context: .known([breachReport: (Self.breach, .breachReported)]))
        try accepts(Self.foi, [Make.received(), Make.correction(opening, ["summary": .string("Parking contracts 2023")])],
                    context: context)
        try accepts(Self.foi, [Make.received(), Corrected(correctsEventId: opening.uuidString, reason: "Typo in name",
                                                          corrections: [:],
                                                          requesterCorrections: ["requester": .object(["name": .string("Alex Morgan")])])],
                    context: context)
    }

    @Test func correctingTheRegimeIsCheckedAndFolded() throws {
        let opening = UUID()
        let context = RuleContext.known([opening: (Self.foi, .requestReceived)])
        let state = try accepts(Self.foi, [Make.received(.foia), Make.correction(opening, ["regime": .string("foisa")])], context: context)
        #expect(state?.regime == .foisa)
        try refuses(.regimeMismatch, Self.foi, [Make.received(.foia), Make.correction(opening, ["regime": .string("eir")])], context: context)
    }

    // MARK: SAR

    @Test func sarExtensionNotAllowed() throws {
        let twoMonths = SARExtended(reason: .complex, months: 2, requesterInformedOn: "2026-02-02")
        let oneMonth = SARExtended(reason: .numerousRequests, months: 1, requesterInformedOn: "2026-02-02")
        try refuses(.sarExtensionNotAllowed, Self.sar, [Make.sarReceived, twoMonths, oneMonth])
        let state = try accepts(Self.sar, [Make.sarReceived, oneMonth, oneMonth])
        #expect(state?.extendedMonths == 2)
    }

    @Test func thirdPartyDisclosureWithoutRationale() throws {
        try refuses(.thirdPartyDisclosureWithoutRationale, Self.sar,
                    [Make.sarReceived, ThirdPartyInformationDecided(decision: .disclosedWithoutConsent, consentSought: true, rationale: "  ")])
        try accepts(Self.sar, [Make.sarReceived,
                               ThirdPartyInformationDecided(decision: .disclosedWithoutConsent, consentSought: true,
                                                            rationale: "Information already known to the requester"),
                               ThirdPartyInformationDecided(decision: .redacted, consentSought: false, rationale: "")])
    }

    @Test func sarLifecycle() throws {
        let state = try accepts(Self.sar, [
            Make.sarReceived, IdentityRequested(requestedOn: "2026-01-13", evidenceRequested: ["photo ID"]),
            IdentityVerified(verifiedOn: "2026-01-19", method: .documentSighted),
            ClarificationRequested(requestedOn: "2026-01-13"), ClarificationReceived(receivedOn: "2026-01-20"),
            Withdrawn(withdrawnOn: "2026-01-25"),
        ])
        #expect(state?.identityVerified == true)
        #expect(state?.closedBy == .withdrawn)
    }

    // MARK: Breach

    @Test func iCONotifiedWithoutDecision() throws {
        try refuses(.iCONotifiedWithoutDecision, Self.breach, [Make.breachReported, Make.notified])
        try refuses(.iCONotifiedWithoutDecision, Self.breach,
                    [Make.breachReported, Make.decided(.doNotNotify, reasons: "Encrypted device"), Make.notified])
        let state = try accepts(Self.breach, [Make.breachReported, Make.decided(.notify), Make.notified])
        #expect(state?.iCONotified == true)
        #expect(state?.iCODecision == .notify)
    }

    @Test func noNotifyWithoutReasons() throws {
        try refuses(.noNotifyWithoutReasons, Self.breach, [Make.breachReported, Make.decided(.doNotNotify)])
        try refuses(.noNotifyWithoutReasons, Self.breach, [Make.breachReported, Make.decided(.doNotNotify, reasons: " \n")])
        try accepts(Self.breach, [Make.breachReported, Make.decided(.doNotNotify, reasons: "Encrypted laptop; no risk")])
        try accepts(Self.breach, [Make.breachReported, Make.decided(.notify)])
    }

    @Test func investigationNotOpened() throws {
        try refuses(.investigationNotOpened, Self.breach, [Make.breachReported, Make.investigationConcluded])
        let state = try accepts(Self.breach, [Make.breachReported, Make.investigationOpened, Make.investigationConcluded])
        #expect(state?.investigationConcluded == true)
    }

    @Test func breachClosureNeedsDecisionNotificationAndInvestigation() throws {
        try refuses(.closedWithoutICODecision, Self.breach, [Make.breachReported, Make.breachClosed])
        try refuses(.closedBeforeICONotified, Self.breach, [Make.breachReported, Make.decided(.notify), Make.breachClosed])
        try refuses(.closedWithInvestigationOpen, Self.breach,
                    [Make.breachReported, Make.decided(.doNotNotify, reasons: "Low risk"), Make.investigationOpened, Make.breachClosed])
        let state = try accepts(Self.breach, [
            Make.breachReported,
            BreachEscalated(to: .businessManager, escalatedAt: "2026-02-03T10:40:00Z"),
            BreachEscalated(to: .director, escalatedAt: "2026-02-03T11:05:00Z"),
            BreachEscalated(to: .headOfLegal, escalatedAt: "2026-02-03T15:00:00Z"),
            RiskAssessed.example, Make.investigationOpened, Make.decided(.notify), Make.notified,
            DataSubjectsNotified(notifiedOn: "2026-02-05", methods: [.letter], numberNotified: 2,
                                 adviceGiven: "Change your passwords", howAndWhenOccurred: "Emailed to the wrong address on 2 February",
                                 informationInvolved: "Case conference minutes", howToComplain: "To the DPO or the ICO"),
            PoliceInformed(informedOn: "2026-02-05"), Make.investigationConcluded, Make.breachClosed,
        ])
        #expect(state?.closedBy == .breachClosed)
    }

    @Test func wrongfulReleaseNotFOI() throws {
        var link = EventsTestSupport.example(of: .wrongfulReleaseLinked) as! WrongfulReleaseLinked
        try accepts(Self.breach, [Make.breachReported, link])
        link.foiCase = try CaseReference("EIR-2026-0001")
        try accepts(Self.breach, [Make.breachReported, link])
        link.foiCase = try CaseReference("SAR-2026-0001")
        try refuses(.wrongfulReleaseNotFOI, Self.breach, [Make.breachReported, link])
    }

    // MARK: Near miss

    @Test func nearMissReportedBeforeOccurrence() throws {
        try refuses(.reportedBeforeOccurrence, Self.nearMiss, [Make.nearMiss(occurred: "2026-03-05", reported: "2026-03-04")])
        try accepts(Self.nearMiss, [Make.nearMiss(occurred: "2026-03-04", reported: "2026-03-04")])
    }

    // MARK: State

    @Test func stateIsCodableAndIncremental() throws {
        let events: [any EventPayload] = [Make.received(), Make.exemption("43(2)", .qualified), Make.pit(["43(2)"]),
                                          Make.extended(), Make.response(.grantedInPart, exemptions: ["43(2)"])]
        let reference = try CaseReference(Self.foi)
        var state: CaseLifecycle?
        for event in events {
            let next = try LifecycleRules.evaluate(case: reference, type: event.eventType, payload: event, state: state, context: .empty)
            let data = try JSONEncoder().encode(next)
            state = try JSONDecoder().decode(CaseLifecycle.self, from: data)
            #expect(state == next)
        }
        #expect(state == (try LifecycleRules.replay(case: reference, events: events, context: .empty)))
        #expect(state?.eventCount == events.count)
    }
}

extension RiskAssessed {
    fileprivate static var example: RiskAssessed { EventsTestSupport.example(of: .riskAssessed) as! RiskAssessed }
}
