import Foundation
import Testing
@testable import Casework

/// The rules and clocks of the breach procedure §3.1–3.2, §5.5 and §6.2–6.4, the wrongful-release protocol
/// Steps 2–5, and withdrawal from the disclosure log.
@Suite("Breach escalation, wrongful release Steps 4-5 and disclosure-log withdrawal: rules and clocks")
struct BreachEscalationRulesTests {
    static let breach = "BR-2026-0007"
    static let foi = "FOI-2026-0042"

    static var report: BreachReported { EventsTestSupport.example(of: .breachReported) as! BreachReported }
    static var link: WrongfulReleaseLinked { EventsTestSupport.example(of: .wrongfulReleaseLinked) as! WrongfulReleaseLinked }
    static var notification: DataSubjectsNotified { EventsTestSupport.example(of: .dataSubjectsNotified) as! DataSubjectsNotified }
    static func risk(_ level: RiskLevel) -> RiskAssessed {
        var r = EventsTestSupport.example(of: .riskAssessed) as! RiskAssessed
        r.riskLevel = level
        r.dataSubjectsNotTold = nil
        return r
    }
    static let received = RequestReceived(channel: .email, receivedAt: "2026-01-05T09:30:00Z", regime: .foia,
                                          requester: Requester(name: "Alex Morgan"), requesterType: .individual, summary: "Contracts")
    static let response = ResponseSent(outcome: .grantedInFull, exemptions: [], signedOffBy: "p.dand", sentAt: "2026-02-02T16:45:00Z")
    static let published = PublishedToDisclosureLog(publishedOn: "2026-02-05", documents: [])
    static let withdrawn = PublicationWithdrawn(withdrawnOn: "2026-02-06", reason: "Named a resident", withdrawnBy: "k.officer")

    @discardableResult
    func fold(_ reference: String, _ events: [any EventPayload], context: RuleContext = .empty) throws -> CaseLifecycle? {
        try LifecycleRules.replay(case: try CaseReference(reference), events: events, context: context)
    }

    func refusal(_ reference: String, _ events: [any EventPayload], context: RuleContext = .empty) throws -> RuleViolation? {
        let ref = try CaseReference(reference)
        let state = try LifecycleRules.replay(case: ref, events: Array(events.dropLast()), context: context)
        do {
            _ = try LifecycleRules.evaluate(case: ref, type: events.last!.eventType, payload: events.last!, state: state, context: context)
            return nil
        } catch {
            return error
        }
    }

    // MARK: §6.4 contents of a notification

    @Test("the breach procedure §6.4: a new notification must say how and when, what information, the advice and how to complain")
    func notificationContents() throws {
        try fold(Self.breach, [Self.report, Self.notification])
        var bare = Self.notification
        bare.howAndWhenOccurred = nil
        bare.howToComplain = nil
        let violation = try #require(try refusal(Self.breach, [Self.report, bare]))
        #expect(violation.rule == .notificationContentsMissing)
        #expect(violation.message.contains("§6.4"))
        #expect(violation.message.contains("howAndWhenOccurred"))
        #expect(violation.message.contains("howToComplain"))
        #expect(!violation.message.contains("informationInvolved ("))
    }

    @Test("the breach procedure §6.4: a notification stored before the contents were required still folds when the case is refolded")
    func storedNotificationStillFolds() throws {
        let old = DataSubjectsNotified(notifiedOn: "2026-02-05", methods: [.letter], numberNotified: 2)
        var replay = RuleContext.empty
        replay.judgingStoredEvent = true
        let state = try fold(Self.breach, [Self.report, old], context: replay)
        #expect(state?.dataSubjectsNotified == true)
        // and decodes from its stored JSON without the new fields
        let json = #"{"methods":["letter"],"notifiedOn":"2026-02-05","numberNotified":2}"#
        let decoded = try EventCatalogue.decode(.dataSubjectsNotified, from: Data(json.utf8)) as? DataSubjectsNotified
        #expect(decoded?.howToComplain == nil)
    }

    // MARK: §6.2–6.3 the decision

    @Test("the breach procedure §6.2: the decision whether to tell the data subjects, with reasons; high risk not told needs Art 34(3)")
    func dataSubjectDecision() throws {
        let closing: [any EventPayload] = [
            ICONotificationDecided(decision: .doNotNotify, reasons: "Contained", decidedAt: "2026-02-04T09:00:00Z"),
            BreachClosed(closedOn: "2026-03-01"),
        ]
        let noCondition = DataSubjectNotificationDecided(decision: .doNotNotify, reasons: "Recipient deleted it", decidedAt: "2026-02-04T10:00:00Z")
        let violation = try #require(try refusal(Self.breach, [Self.report, Self.risk(.high), noCondition]))
        #expect(violation.rule == .notTellingWithoutCondition)
        var withCondition = noCondition
        withCondition.condition = .riskNoLongerLikely
        // the decision not to tell, with its condition, lets the high-risk breach close
        try fold(Self.breach, [Self.report, Self.risk(.high), withCondition] + closing)
        // without it, closure is refused as before
        let unresolved = try #require(try refusal(Self.breach, [Self.report, Self.risk(.high)] + closing))
        #expect(unresolved.rule == .closedWithoutTellingDataSubjects)
        // a medium risk needs no condition
        try fold(Self.breach, [Self.report, Self.risk(.medium), noCondition])
    }

    // MARK: §2.1 categories

    @Test("the breach procedure §2.1: failure to destroy or retain, incompatible purpose, and other with a description")
    func otherCategories() throws {
        var report = Self.report
        report.categories = [.failureToDestroyOrRetain, .incompatiblePurpose]
        report.categoryDescription = nil
        try fold(Self.breach, [report])
        report.categories = [.other]
        let violation = try #require(try refusal(Self.breach, [report]))
        #expect(violation.rule == .otherCategoryWithoutDescription)
        report.categoryDescription = "Records kept past their retention period"
        try fold(Self.breach, [report])
    }

    // MARK: §5.5 updated form

    @Test("the breach procedure §5.5: the updated reporting form names whom it went to")
    func updatedFormRecipients() throws {
        try fold(Self.breach, [Self.report, BreachReportUpdated(updatedAt: "2026-02-10T10:00:00Z", sentTo: [.director], investigationOutcome: "o")])
        let violation = try #require(try refusal(Self.breach, [Self.report,
            BreachReportUpdated(updatedAt: "2026-02-10T10:00:00Z", sentTo: [], investigationOutcome: "o")]))
        #expect(violation.rule == .updatedFormWithoutRecipients)
        #expect(violation.message.contains("§5.5"))
    }

    // MARK: Wrongful release Steps 2, 4, 5

    @Test("the wrongful-release protocol Steps 2, 4 and 5 follow the link; the outcome letter follows the review")
    func wrongfulReleaseSteps() throws {
        let informed = WrongfulReleasePartyInformed(party: .pressOffice, informedAt: "2026-02-03T12:00:00Z")
        let contact = EventsTestSupport.example(of: .affectedPartyContacted)
        let review = EventsTestSupport.example(of: .wrongfulReleaseReviewed)
        let letter = EventsTestSupport.example(of: .wrongfulReleaseOutcomeLetterSent)
        for step in [informed, contact, review, letter] as [any EventPayload] {
            let violation = try #require(try refusal(Self.breach, [Self.report, step]), "\(step.eventType)")
            #expect(violation.rule == .wrongfulReleaseNotLinked)
        }
        let early = try #require(try refusal(Self.breach, [Self.report, Self.link, informed, contact, letter]))
        #expect(early.rule == .outcomeLetterBeforeReview)
        let state = try fold(Self.breach, [Self.report, Self.link, informed, contact, review, letter])
        #expect(state?.wrongfulReleaseReviewed == true)
        // a state stored before the link was kept (nil) does not refuse the steps
        var old = try #require(try fold(Self.breach, [Self.report]))
        old.wrongfulReleaseLinked = nil
        _ = try LifecycleRules.evaluate(case: try CaseReference(Self.breach), type: .wrongfulReleasePartyInformed, payload: informed,
                                        state: old, context: .empty)
    }

    // MARK: Withdrawal from the disclosure log

    @Test("withdrawal from the disclosure log: only a published case; republishing is allowed, and so is a second withdrawal after it")
    func withdrawal() throws {
        let notPublished = try #require(try refusal(Self.foi, [Self.received, Self.response, Self.withdrawn]))
        #expect(notPublished.rule == .withdrawalWithoutPublication)
        let noResponse = try #require(try refusal(Self.foi, [Self.received, Self.withdrawn]))
        #expect(noResponse.rule == .withdrawalWithoutPublication)
        let twice = try #require(try refusal(Self.foi, [Self.received, Self.response, Self.published, Self.withdrawn, Self.withdrawn]))
        #expect(twice.rule == .withdrawalWithoutPublication)
        let state = try fold(Self.foi, [Self.received, Self.response, Self.published, Self.withdrawn, Self.published, Self.withdrawn])
        #expect(state?.onDisclosureLog == false)
        // a closed request still takes the withdrawal (publication follows the response that closed it)
        #expect(state?.isClosed == true)
    }

    // MARK: §3.1 clocks

    @Test("the breach procedure §3.1: immediately is the same working day; a weekend discovery counts from Monday; the policy may allow more")
    func immediateClock() throws {
        let calc = DeadlineCalculator()
        #expect(calc.breachImmediateDueDate(from: "2026-02-03") == "2026-02-03")  // Tuesday
        #expect(calc.breachImmediateDueDate(from: "2026-02-07") == "2026-02-09")  // Saturday → Monday
        #expect(calc.breachReport(discoveredOn: "2026-02-03", immediate: false).dueDate == "2026-02-05")
        let immediate = calc.breachReport(discoveredOn: "2026-02-03", immediate: true)
        #expect(immediate.dueDate == "2026-02-03")
        #expect(immediate.explanation.joined().contains("§3.1"))
        var policy = Policy.default
        policy.breachImmediateReportWorkingDays = 1
        #expect(DeadlineCalculator(policy: policy).breachImmediateDueDate(from: "2026-02-06") == "2026-02-09")  // Friday + 1
    }

    @Test("the breach procedure §3.1: the policy's immediate-report allowance is checked and defaults when absent")
    func immediatePolicySetting() throws {
        #expect(Policy.default.breachImmediateReportWorkingDays == 0)
        var policy = Policy.default
        policy.breachImmediateReportWorkingDays = 9
        #expect(throws: (any Error).self) { try policy.validate() }
    }
}
