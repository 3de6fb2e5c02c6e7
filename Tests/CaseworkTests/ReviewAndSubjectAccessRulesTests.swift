import Foundation
import Testing
@testable import Casework

/// The lifecycle rules for FOI review and refusal integrity and for SAR completeness, each test
/// named for the clause it enforces.
@Suite("Review integrity and SAR completeness rules")
struct ReviewAndSubjectAccessRulesTests {
    static let foi = try! CaseReference("FOI-2026-0001")
    static let eir = try! CaseReference("EIR-2026-0001")
    static let sar = try! CaseReference("SAR-2026-0001")

    static func received(_ regime: Regime = .foia) -> RequestReceived {
        RequestReceived(channel: .email, receivedAt: "2026-01-05T09:30:00Z", regime: regime,
                        requester: Requester(name: "Alex Morgan", email: "alex@example.org"),
                        requesterType: .individual, summary: "Parking enforcement contracts")
    }
    static let response = ResponseSent(outcome: .grantedInFull, signedOffBy: "p.dand", sentAt: "2026-02-02T16:45:00Z")
    /// Requested 2026-02-10: 20 working days → due 2026-03-10 (no bank holiday in between).
    static let reviewRequested = InternalReviewRequested(requestedOn: "2026-02-10")
    static func extension_(on day: LocalDate = "2026-02-24", days: Int = 20, reasons: String = "Needs the contractor's views") -> InternalReviewExtended {
        InternalReviewExtended(extendedOn: day, workingDays: days, reasons: reasons)
    }
    static let decided = InternalReviewDecided(outcome: .upheld, reviewer: "h.legal", decidedOn: "2026-03-20")

    static func replay(_ reference: CaseReference, _ events: [any EventPayload]) throws(RuleViolation) -> CaseLifecycle? {
        try LifecycleRules.replay(case: reference, events: events, context: .empty)
    }

    static func refusal(_ reference: CaseReference, _ events: [any EventPayload]) -> RuleViolation.Rule? {
        do {
            _ = try replay(reference, events)
            return nil
        } catch {
            return error.rule
        }
    }

    // MARK: The FOI policy "Complaints": review extension

    @Test("The FOI policy 'Complaints': an open FOIA review is extended once, with reasons, to at most 40 working days")
    func reviewExtensionAccepted() throws {
        let state = try Self.replay(Self.foi, [Self.received(), Self.response, Self.reviewRequested, Self.extension_(), Self.decided])
        #expect(state?.reviewExtensionWorkingDays == 20)
        #expect(state?.internalReview == .decided)
    }

    @Test("The FOI policy 'Complaints': a second extension of the same review is refused")
    func reviewExtendedOnce() {
        #expect(Self.refusal(Self.foi, [Self.received(), Self.response, Self.reviewRequested, Self.extension_(days: 10),
                                        Self.extension_(on: "2026-02-25", days: 10)]) == .reviewAlreadyExtended)
    }

    @Test("The FOI policy 'Complaints': a new review may be extended again")
    func newReviewMayBeExtended() throws {
        let again = InternalReviewRequested(requestedOn: "2026-04-01")
        let state = try Self.replay(Self.foi, [Self.received(), Self.response, Self.reviewRequested, Self.extension_(), Self.decided,
                                               again, Self.extension_(on: "2026-04-08", days: 5)])
        #expect(state?.reviewExtensionWorkingDays == 5)
    }

    @Test("The FOI policy 'Complaints': only an open review is extended", arguments: [false, true])
    func onlyOpenReview(decidedFirst: Bool) {
        let events: [any EventPayload] = decidedFirst
            ? [Self.received(), Self.response, Self.reviewRequested, InternalReviewDecided(outcome: .upheld, reviewer: "h.legal", decidedOn: "2026-02-20"),
               Self.extension_()]
            : [Self.received(), Self.response, Self.extension_()]
        #expect(Self.refusal(Self.foi, events) == .reviewExtensionWithoutOpenReview)
    }

    @Test("The FOI policy 'Complaints': at most 40 working days in all (20 + 21 refused, 0 refused)", arguments: [21, 0, -3])
    func atMostForty(days: Int) {
        #expect(Self.refusal(Self.foi, [Self.received(), Self.response, Self.reviewRequested, Self.extension_(days: days)]) == .reviewExtensionTooLong)
    }

    @Test("The FOI policy 'Complaints': an extension after the review fell due is refused (due 2026-03-10)")
    func extensionBeforeDue() throws {
        #expect(Self.refusal(Self.foi, [Self.received(), Self.response, Self.reviewRequested, Self.extension_(on: "2026-03-11")]) == .reviewExtensionTooLate)
        _ = try Self.replay(Self.foi, [Self.received(), Self.response, Self.reviewRequested, Self.extension_(on: "2026-03-10")])
    }

    @Test("The FOI policy 'Complaints': an extension needs the reasons it is complex")
    func extensionNeedsReasons() {
        #expect(Self.refusal(Self.foi, [Self.received(), Self.response, Self.reviewRequested, Self.extension_(reasons: "   ")]) == .reviewExtensionWithoutReasons)
    }

    @Test("EIR reg 11(4): a reconsideration has its statutory 40 working days and takes no extension")
    func eirNoExtension() {
        #expect(Self.refusal(Self.eir, [Self.received(.eir), Self.response, Self.reviewRequested, Self.extension_()]) == .reviewExtensionUnderEIR)
    }

    @Test("FOISA s21(1): a review is decided within 20 working days and takes no extension")
    func foisaNoExtension() {
        #expect(Self.refusal(Self.foi, [Self.received(.foisa), Self.response, Self.reviewRequested, Self.extension_()]) == .reviewExtensionUnderFOISA)
    }

    @Test("EIR reg 11(4): the reconsideration deadline is 40 working days, FOISA s21(1) 20, FOIA the policy's 20 plus an extension")
    func reviewDueDates() throws {
        let calculator = DeadlineCalculator()
        let requested: LocalDate = "2026-02-10"
        #expect(try calculator.internalReviewDueDate(requestedOn: requested, regime: .foia) == "2026-03-10")
        #expect(try calculator.internalReviewDueDate(requestedOn: requested, regime: .foia, extensionWorkingDays: 20) == "2026-04-10")
        #expect(try calculator.internalReviewDueDate(requestedOn: requested, regime: .foia, extensionWorkingDays: 10) == "2026-03-25")
        // Never more than internalReviewMaxWorkingDays in all, and no extension for EIR or FOISA.
        #expect(try calculator.internalReviewDueDate(requestedOn: requested, regime: .foia, extensionWorkingDays: 99) == "2026-04-10")
        #expect(try calculator.internalReviewDueDate(requestedOn: requested, regime: .eir) == "2026-04-10")
        #expect(try calculator.internalReviewDueDate(requestedOn: requested, regime: .eir, extensionWorkingDays: 20) == "2026-04-10")
        #expect(try calculator.internalReviewDueDate(requestedOn: requested, regime: .foisa, extensionWorkingDays: 20) == "2026-03-10")
    }

    // MARK: The FOI policy Appendix 2: s40(1) channelled to subject access

    @Test("The FOI policy Appendix 2 (s40(1)): channelling closes the request and names a SAR")
    func channelCloses() throws {
        let channel = ChannelledToSubjectAccess(sarCase: Self.sar, channelledOn: "2026-01-06")
        let state = try Self.replay(Self.foi, [Self.received(), channel])
        #expect(state?.closedBy == .channelledToSubjectAccess)
        #expect(Self.refusal(Self.foi, [Self.received(), channel, Self.response]) == .eventAfterClosure)
        let wrong = ChannelledToSubjectAccess(sarCase: try CaseReference("BR-2026-0001"), channelledOn: "2026-01-06")
        #expect(Self.refusal(Self.foi, [Self.received(), wrong]) == .channelledToNonSAR)
    }

    @Test("The FOI policy Appendix 2 (s40(1)): a channelled SAR names the FOI/EIR request it came from")
    func channelledFromRequest() throws {
        var sar = Self.sarReceived()
        sar.channelledFrom = Self.foi
        #expect(try Self.replay(Self.sar, [sar])?.kind == .subjectAccess)
        sar.channelledFrom = try CaseReference("NM-2026-0001")
        #expect(Self.refusal(Self.sar, [sar]) == .channelledFromNonRequest)
    }

    // MARK: The data protection policy §2.6: exemptions from the DPA 2018 Schedules

    static func sarReceived(representative: Bool = false, age: Int? = nil) -> SARReceived {
        SARReceived(channel: .post, receivedAt: "2026-01-12T11:00:00Z", requester: Requester(name: "Sam Taylor"),
                    representative: representative ? Representative(name: "A Parent", relationship: "parent") : nil,
                    summary: "My social work records", dataSubjectAge: age)
    }
    static func sarResponded(_ outcome: SARResponded.Outcome = .providedInPart, exemptions: [String] = [], scra: Bool? = nil) -> SARResponded {
        SARResponded(outcome: outcome, exemptions: exemptions, method: .secureEmail, signedOffBy: "c.imlo",
                     respondedAt: "2026-02-10T10:00:00Z", scraInformationReleased: scra)
    }

    @Test("DPA 2018 Schedules 2–4: the catalogue names real paragraphs; sub-paragraphs fall back; definitions are not exemptions")
    func catalogue() {
        #expect(SARExemptionCatalogue.entry(for: "Sch2 Para24")?.title == "Confidential references")
        #expect(SARExemptionCatalogue.entry(for: "Sch2 Para5(3)")?.paragraph == "Sch2 Para5")
        #expect(SARExemptionCatalogue.entry(for: "Sch3 Para12")?.title.contains("Principal Reporter") == true)
        #expect(SARExemptionCatalogue.entry(for: "Sch2 Para1") == nil)
        #expect(SARExemptionCatalogue.entry(for: "Sch3 Para8") == nil)
        #expect(SARExemptionCatalogue.entry(for: "s40(2)") == nil)
        // The same subdivision rules as the FOI catalogue: several levels, none empty.
        #expect(SARExemptionCatalogue.entry(for: " Sch2 Para5(1)(a) ")?.paragraph == "Sch2 Para5")
        #expect(SARExemptionCatalogue.entry(for: "Sch2 Para5()") == nil)
        #expect(SARExemptionCatalogue.entry(for: "Sch2 Para5(3") == nil)
        #expect(Set(SARExemptionCatalogue.entries.map(\.paragraph)).count == SARExemptionCatalogue.entries.count)
    }

    @Test("The data protection policy §2.6: an exemption is catalogued and has its reasons; the response relies only on those applied")
    func sarExemptions() throws {
        let applied = SARExemptionApplied(paragraph: "Sch3 Para11", reasons: "Serious harm to the child's mental health")
        let state = try Self.replay(Self.sar, [Self.sarReceived(), applied, Self.sarResponded(exemptions: ["Sch3 Para11"])])
        #expect(state?.sarExemptionsApplied == ["Sch3 Para11"])
        #expect(Self.refusal(Self.sar, [Self.sarReceived(), SARExemptionApplied(paragraph: "Sch9 Para1", reasons: "r")]) == .sarExemptionNotInCatalogue)
        #expect(Self.refusal(Self.sar, [Self.sarReceived(), SARExemptionApplied(paragraph: "Sch2 Para2", reasons: " ")]) == .sarExemptionWithoutReasons)
        #expect(Self.refusal(Self.sar, [Self.sarReceived(), applied, Self.sarResponded(exemptions: ["Sch3 Para11", "Sch2 Para2"])]) == .sarExemptionNotApplied)
        // A ledger recorded before SARExemptionApplied existed still replays its responses.
        _ = try Self.replay(Self.sar, [Self.sarReceived(), Self.sarResponded(exemptions: ["Sch3 Para8"])])
    }

    // MARK: The data protection policy §2.7.3.1: SCRA's consent

    @Test("The data protection policy §2.7.3.1: SCRA information is released only with SCRA's consent received before release")
    func scraConsent() throws {
        let asked = SCRAConsentRequested(requestedOn: "2026-01-20")
        #expect(Self.refusal(Self.sar, [Self.sarReceived(), asked, Self.sarResponded(scra: false)]) == .scraConsentOutstanding)
        for outcome in [SCRAConsentRecorded.Outcome.refused, .noResponse] {
            let answer = SCRAConsentRecorded(outcome: outcome, recordedOn: "2026-02-05")
            #expect(Self.refusal(Self.sar, [Self.sarReceived(), asked, answer, Self.sarResponded(scra: true)]) == .scraInformationWithoutConsent)
            #expect(Self.refusal(Self.sar, [Self.sarReceived(), asked, answer, Self.sarResponded()]) == .scraInformationWithoutConsent)
            _ = try Self.replay(Self.sar, [Self.sarReceived(), asked, answer, Self.sarResponded(scra: false)])
        }
        let given = SCRAConsentRecorded(outcome: .given, recordedOn: "2026-02-05")
        _ = try Self.replay(Self.sar, [Self.sarReceived(), asked, given, Self.sarResponded(scra: true)])
        #expect(Self.refusal(Self.sar, [Self.sarReceived(), Self.sarResponded(scra: true)]) == .scraInformationWithoutConsent)
        #expect(Self.refusal(Self.sar, [Self.sarReceived(), given]) == .scraConsentNotRequested)
    }

    // MARK: The data protection policy §2.2.4: a child of 12 or over

    @Test("The data protection policy §2.2.4: a parent acting for a child of 12 or over needs the child's recorded consent")
    func childConsent() throws {
        let via14 = Self.sarReceived(representative: true, age: 14)
        #expect(Self.refusal(Self.sar, [via14, Self.sarResponded()]) == .childConsentMissing)
        let refused = ChildConsentRecorded(recordedOn: "2026-01-20", childHasCapacity: true, childConsents: false)
        #expect(Self.refusal(Self.sar, [via14, refused, Self.sarResponded()]) == .childRefusedConsent)
        // Refusing the representative is still possible.
        _ = try Self.replay(Self.sar, [via14, refused, Self.sarResponded(.refused)])
        _ = try Self.replay(Self.sar, [via14, ChildConsentRecorded(recordedOn: "2026-01-20", childHasCapacity: true, childConsents: true), Self.sarResponded()])
        _ = try Self.replay(Self.sar, [via14, ChildConsentRecorded(recordedOn: "2026-01-20", childHasCapacity: false), Self.sarResponded()])
        #expect(Self.refusal(Self.sar, [via14, ChildConsentRecorded(recordedOn: "2026-01-20", childHasCapacity: true)]) == .childConsentNotStated)
        // Under 12 a parent acts for the child; a child asking for themselves needs no consent.
        _ = try Self.replay(Self.sar, [Self.sarReceived(representative: true, age: 9), Self.sarResponded()])
        _ = try Self.replay(Self.sar, [Self.sarReceived(age: 15), Self.sarResponded()])
        #expect(Self.refusal(Self.sar, [Self.sarReceived(age: 18)]) == .dataSubjectAgeNotAChild)
    }

    @Test("The data protection policy §2.2.4: the capacity age is the organisation's policy setting")
    func childCapacityAgeIsPolicy() throws {
        var policy = Policy.default
        policy.sarChildCapacityAge = 16
        let context = RuleContext.empty.judging(by: DeadlineCalculator(policy: policy))
        _ = try LifecycleRules.replay(case: Self.sar, events: [Self.sarReceived(representative: true, age: 14), Self.sarResponded()], context: context)
        #expect(throws: RuleViolation.self) {
            try LifecycleRules.replay(case: Self.sar, events: [Self.sarReceived(representative: true, age: 16), Self.sarResponded()], context: context)
        }
    }
}
