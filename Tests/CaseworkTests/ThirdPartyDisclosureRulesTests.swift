import Foundation
import Testing
@testable import Casework

/// Payloads of a third-party disclosure case, small and valid, named for what they are.
private enum TPD {
    static let reference = "TPD-2026-0001"

    static func police(_ details: PoliceRequestDetails = complete, inWriting: Bool = true) -> ThirdPartyRequestReceived {
        ThirdPartyRequestReceived(receivedAt: "2026-03-02T10:00:00Z", requesterCategory: .police,
                                  requesterOrganisation: "Police Scotland, North East Division", inWriting: inWriting,
                                  purpose: .preventionOrDetectionOfCrime, informationRequested: "Tenancy start date",
                                  dataSubject: "The tenant of 12 Example Road", police: details)
    }
    static let complete = PoliceRequestDetails(officerRank: "Detective Constable", officerNumber: "1234", officerName: "A. Constable",
                                               station: "Queen Street", telephone: "01224 000000", extensionNumber: "4321",
                                               consent: .notReliedOn)
    /// The form without the officer's number and extension.
    static let withoutNumber = PoliceRequestDetails(officerRank: "Detective Constable", officerName: "A. Constable",
                                                    station: "Queen Street", telephone: "01224 000000", consent: .notReliedOn)
    static func other(_ category: ThirdPartyRequesterCategory, courtOrderDueOn: LocalDate? = nil) -> ThirdPartyRequestReceived {
        ThirdPartyRequestReceived(receivedAt: "2026-03-02T10:00:00Z", requesterCategory: category, requesterOrganisation: "Requester",
                                  inWriting: true, purpose: category == .parent ? .educationalRecord : .legalProceedings,
                                  informationRequested: "A record", dataSubject: "A pupil", courtOrderDueOn: courtOrderDueOn)
    }
    static let contacted = ThirdPartyRequesterContacted(contactedOn: "2026-03-03", missing: [.officerNumber, .extensionNumber])
    static let numberArrived = ThirdPartyDetailsReceived(receivedOn: "2026-03-04", police: PoliceRequestDetails(officerNumber: "1234"))
    static let extensionArrived = ThirdPartyDetailsReceived(receivedOn: "2026-03-05", police: PoliceRequestDetails(extensionNumber: "4321"))
    static func disclosed(_ method: DisclosureMethod = .secureEmail, basis: DisclosureLegalBasis = .dpa2018Sch2Para2,
                          detail: String? = nil, feePence: Int? = nil) -> ThirdPartyInformationDisclosed {
        ThirdPartyInformationDisclosed(disclosedOn: "2026-03-06", informationDisclosed: "Tenancy start date", method: method,
                                       markedCopy: true, legalBasis: basis, legalBasisDetail: detail, feePence: feePence)
    }
    static let refused = ThirdPartyRequestRefused(refusedOn: "2026-03-06", reasons: "Release is not justified.")
}

@Suite("Third-party disclosure rules (the data protection policy Appendix 4)")
struct ThirdPartyDisclosureRulesTests {
    private func replay(_ events: [any EventPayload], context: RuleContext = .empty) throws -> CaseLifecycle? {
        try LifecycleRules.replay(case: try CaseReference(TPD.reference), events: events, context: context)
    }

    /// Folds all but the last event, then expects the last to break `rule` with a message containing `mentions`.
    private func refuses(_ rule: RuleViolation.Rule, _ events: [any EventPayload], mentioning mentions: [String] = [],
                         context: RuleContext = .empty, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let reference = try CaseReference(TPD.reference)
        let state = try replay(Array(events.dropLast()), context: context)
        let last = events.last!
        do {
            _ = try LifecycleRules.evaluate(case: reference, type: last.eventType, payload: last, state: state, context: context)
            Issue.record("\(last.eventType) was accepted; expected \(rule)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.rule == rule, "\(error)", sourceLocation: sourceLocation)
            for text in mentions { #expect(error.message.contains(text), "\(error.message) lacks \(text)", sourceLocation: sourceLocation) }
        }
    }

    @Test("TPD- references open third-party disclosure cases with ThirdPartyRequestReceived only")
    func referencesAndOpening() throws {
        let reference = try CaseReference("TPD-2026-0042")
        #expect(reference.kind == .thirdPartyDisclosure)
        #expect(EventType.openingEvent(for: .thirdPartyDisclosure) == .thirdPartyRequestReceived)
        try refuses(.eventBeforeOpening, [TPD.disclosed()])
        try refuses(.eventTypeNotForKind, [TPD.police(), NearMissReviewed(weakness: .none, action: "a", reviewedOn: "2026-03-04")])
        #expect(throws: RuleViolation.self) {
            try LifecycleRules.replay(case: try CaseReference("SAR-2026-0001"), events: [TPD.police()], context: .empty)
        }
    }

    @Test("Appendix 4 §2.6.7.1: a police request missing the officer's number needs the police contacted before disclosure")
    func incompletePoliceRequestNeedsContact() throws {
        try refuses(.disclosedBeforeContactingRequester, [TPD.police(TPD.withoutNumber), TPD.disclosed()],
                    mentioning: ["officerNumber", "extensionNumber", "Appendix 4 §2.6.7.1", "contact-requester"])
        let state = try #require(try replay([TPD.police(TPD.withoutNumber)]))
        #expect(state.thirdPartyMissingDetails == [.officerNumber, .extensionNumber])
    }

    @Test("Appendix 4 §2.6.7.2: after contacting the police, disclosure waits for every missing detail")
    func disclosureWaitsForAllDetails() throws {
        try refuses(.disclosedWithDetailsMissing, [TPD.police(TPD.withoutNumber), TPD.contacted, TPD.disclosed()],
                    mentioning: ["officerNumber", "§2.6.7.2"])
        try refuses(.disclosedWithDetailsMissing, [TPD.police(TPD.withoutNumber), TPD.contacted, TPD.numberArrived, TPD.disclosed()],
                    mentioning: ["extensionNumber"])
        let state = try #require(try replay([TPD.police(TPD.withoutNumber), TPD.contacted, TPD.numberArrived, TPD.extensionArrived,
                                             TPD.disclosed()]))
        #expect(state.closedBy == .thirdPartyInformationDisclosed)
        #expect(state.thirdPartyMissingDetails == [])
    }

    @Test("Appendix 4 §2.6.7.1: a police request not in writing, or without the consent position, is incomplete")
    func writingAndConsentAreRequired() throws {
        let noConsent = PoliceRequestDetails(officerRank: "PC", officerNumber: "1", officerName: "B", station: "S",
                                             headOfficeContact: "Police Scotland, Tulliallan")
        let state = try #require(try replay([TPD.police(noConsent, inWriting: false)]))
        // Head office contact details stand in for telephone and extension.
        #expect(state.thirdPartyMissingDetails == [.writtenRequest, .consent])
        try refuses(.disclosedBeforeContactingRequester, [TPD.police(noConsent, inWriting: false), TPD.disclosed()], mentioning: ["writtenRequest"])
        let written = ThirdPartyDetailsReceived(receivedOn: "2026-03-04", inWriting: true, police: PoliceRequestDetails(consent: .copyAttached))
        #expect(try replay([TPD.police(noConsent, inWriting: false),
                            ThirdPartyRequesterContacted(contactedOn: "2026-03-03", missing: [.writtenRequest, .consent]),
                            written, TPD.disclosed(basis: .consent)])?.isClosed == true)
    }

    @Test("Appendix 4 §2.6.7.1: details can only arrive after the requester was asked for them")
    func detailsNeedContact() throws {
        try refuses(.detailsWithoutContact, [TPD.police(TPD.withoutNumber), TPD.numberArrived], mentioning: ["ThirdPartyRequesterContacted"])
    }

    @Test("A complete police request is disclosed without contacting the police")
    func completePoliceRequestDiscloses() throws {
        #expect(try replay([TPD.police(), TPD.disclosed()])?.closedBy == .thirdPartyInformationDisclosed)
    }

    @Test("Appendix 4 §2.6.7.3: disclosure by fax is refused, naming the secure methods to use", arguments: [
        ThirdPartyRequesterCategory.police, .school, .court,
    ])
    func faxIsRefused(_ category: ThirdPartyRequesterCategory) throws {
        let opening = category == .police ? TPD.police() : TPD.other(category, courtOrderDueOn: "2026-03-20")
        try refuses(.faxForbidden, [opening, TPD.disclosed(.fax)], mentioning: ["must not be faxed", "§2.6.7.3", "secureEmail", "recordedPost"])
        for method in DisclosureMethod.allCases where method != .fax {
            #expect(try replay([opening, TPD.disclosed(method)])?.isClosed == true)
        }
    }

    @Test("Appendix 4 §2.5.3.2: a parent's fee above £50 is refused; £50 and inspection free of charge are accepted")
    func parentFeeLimit() throws {
        try refuses(.parentFeeAboveLimit, [TPD.other(.parent), TPD.disclosed(.recordedPost, basis: .statutoryDuty, feePence: 5001)],
                    mentioning: ["£50.00", "£50.01", "§2.5.3.2"])
        #expect(try replay([TPD.other(.parent), TPD.disclosed(.recordedPost, basis: .statutoryDuty, feePence: 5000)])?.isClosed == true)
        #expect(try replay([TPD.other(.parent), TPD.disclosed(.inspection, basis: .statutoryDuty)])?.isClosed == true)
        // The limit is the policy's: a council may charge less.
        var policy = Policy.default
        policy.parentEducationalRecordMaxFeePence = 1000
        let context = RuleContext.empty.judging(by: DeadlineCalculator(policy: policy))
        try refuses(.parentFeeAboveLimit, [TPD.other(.parent), TPD.disclosed(.recordedPost, basis: .statutoryDuty, feePence: 2500)],
                    mentioning: ["£10.00"], context: context)
        // Another requester's fee is not capped by the educational-records rule.
        #expect(try replay([TPD.other(.solicitor), TPD.disclosed(.recordedPost, basis: .consent, feePence: 9000)])?.isClosed == true)
    }

    @Test("Appendix 4 §2.7.1.1: a court order needs its deadline and cannot be refused")
    func courtOrders() throws {
        try refuses(.courtOrderWithoutDeadline, [TPD.other(.court)], mentioning: ["courtOrderDueOn", "§2.7.1.1"])
        try refuses(.courtOrderRefused, [TPD.other(.court, courtOrderDueOn: "2026-03-20"), TPD.refused], mentioning: ["must be adhered to"])
        #expect(try replay([TPD.other(.court, courtOrderDueOn: "2026-03-20"), TPD.disclosed(.recordedPost, basis: .courtOrder)])?.isClosed == true)
    }

    @Test("Appendix 4 §2.7.1.3: a solicitor acting for a third party may be refused; nothing follows closure but the usual")
    func refusalCloses() throws {
        let state = try #require(try replay([TPD.other(.solicitor), TPD.refused]))
        #expect(state.closedBy == .thirdPartyRequestRefused)
        try refuses(.eventAfterClosure, [TPD.other(.solicitor), TPD.refused, TPD.disclosed()])
        try refuses(.eventAfterClosure, [TPD.police(), TPD.disclosed(), TPD.refused])
        #expect(try replay([TPD.police(), TPD.disclosed(), NoteAdded(text: "Police confirmed receipt")])?.eventCount == 3)
    }

    @Test("A disclosure on another legal basis names it")
    func otherLegalBasis() throws {
        try refuses(.legalBasisUnexplained, [TPD.police(), TPD.disclosed(basis: .other)], mentioning: ["legalBasisDetail"])
        #expect(try replay([TPD.police(), TPD.disclosed(basis: .other, detail: "UK GDPR Art 6(1)(e)")])?.isClosed == true)
    }

    @Test("The steps of a third-party case cannot be dated before the request arrived")
    func datesAfterOpening() throws {
        let early = ThirdPartyRequesterContacted(contactedOn: "2026-03-01", missing: [.officerNumber])
        try refuses(.stepBeforeOpening, [TPD.police(TPD.withoutNumber), early])
    }

    @Test("A state folded by the previous version (no third-party fields) still decodes")
    func previousStateDecodes() throws {
        let old = #"{"kind":"breach","eventCount":1,"responsesSent":0,"furtherResponseRequired":false,"exemptionsApplied":{},"publicInterestTests":{},"clarificationOutstanding":false,"feeOutstanding":false,"identityRequested":false,"identityVerified":false,"extendedWorkingDays":0,"extendedMonths":0,"internalReview":"none","regulatorComplaintReceived":false,"decisionNoticeReceived":false,"iCONotified":false,"investigationOpen":false,"investigationConcluded":false}"#
        let state = try JSONDecoder().decode(CaseLifecycle.self, from: Data(old.utf8))
        #expect(state.thirdPartyCategory == nil && state.thirdPartyMissingDetails == nil)
    }
}

@Suite("Third-party disclosure clocks (the data protection policy Appendix 4)")
struct ThirdPartyDisclosureClockTests {
    let calculator = DeadlineCalculator()

    @Test("Appendix 4 §§2.5.3.2, 2.8.2: 15 school days, counted as working days, for a parent's or a school's request")
    func educationalRecords() {
        // Monday 2 March 2026: 15 working days later is Monday 23 March.
        for category in [ThirdPartyRequesterCategory.parent, .school] {
            let result = calculator.thirdPartyResponse(category: category, receivedOn: "2026-03-02")
            #expect(result.dueDate == "2026-03-23")
            #expect(result.workingDays == 15)
            #expect(result.explanation.contains { $0.contains("15 school days") })
            #expect(result.explanation.contains { $0.contains("counted as working days") })
        }
        // Good Friday and Easter Monday 2026 (3 and 6 April, England and Wales) are skipped.
        var policy = Policy.default
        policy.homeDivision = .englandAndWales
        let result = DeadlineCalculator(policy: policy).thirdPartyResponse(category: .parent, receivedOn: "2026-03-27")
        #expect(result.dueDate == "2026-04-21")
        #expect(result.skipped.contains { $0.date == "2026-04-03" })
    }

    @Test("Appendix 4 §2.7.1.1: a court order is due on its own day, whatever the weekday")
    func courtOrder() {
        let result = calculator.thirdPartyResponse(category: .court, receivedOn: "2026-03-02", courtOrderDueOn: "2026-03-14")
        #expect(result.dueDate == "2026-03-14")
        #expect(result.explanation.contains { $0.contains("§2.7.1.1") })
        #expect(calculator.thirdPartyResponseDueDate(category: .court, receivedOn: "2026-03-02", courtOrderDueOn: "2026-03-14") == "2026-03-14")
    }

    @Test("Other requests: the policy default of 20 working days, from the day the missing details arrived")
    func policyDefault() {
        #expect(Policy.default.thirdPartyDefaultWorkingDays == 20)
        #expect(calculator.thirdPartyResponseDueDate(category: .police, receivedOn: "2026-03-02") == "2026-03-30")
        let later = calculator.thirdPartyResponse(category: .police, receivedOn: "2026-03-02", detailsReceivedOn: "2026-03-09")
        #expect(later.dueDate == "2026-04-08")
        #expect(later.explanation.contains { $0.contains("the missing details arrived") })
        var policy = Policy.default
        policy.thirdPartyDefaultWorkingDays = 10
        #expect(DeadlineCalculator(policy: policy).thirdPartyResponseDueDate(category: .solicitor, receivedOn: "2026-03-02") == "2026-03-16")
    }

    @Test("The deadline calculator answers --regime third-party and educational-record")
    func deadlineRequest() throws {
        let tp = try DeadlineRequest(clock: .thirdParty, received: "2026-03-02", clarified: "2026-03-09").evaluate(with: calculator)
        #expect(tp.dueDate == "2026-04-08")
        let edu = try DeadlineRequest(clock: .educationalRecord, received: "2026-03-02").evaluate(with: calculator)
        #expect(edu.dueDate == "2026-03-23")
    }

    @Test("Policy settings: defaults when left out of a policy file, and out-of-range values refused naming the clause")
    func policySettings() throws {
        let old = try Policy.load(from: Data(try JSONEncoder().encode(Policy.default)))
        #expect(old.thirdPartyEducationalRecordWorkingDays == 15 && old.parentEducationalRecordMaxFeePence == 5000)
        var object = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(Policy.default)) as? [String: Any])
        for key in ["thirdPartyEducationalRecordWorkingDays", "thirdPartyDefaultWorkingDays", "parentEducationalRecordMaxFeePence"] {
            object.removeValue(forKey: key)
        }
        let withoutThem = try Policy.load(from: try JSONSerialization.data(withJSONObject: object))
        #expect(withoutThem.thirdPartyDefaultWorkingDays == 20)
        for (key, value, clause) in [("thirdPartyEducationalRecordWorkingDays", 16, "15 school days"),
                                     ("parentEducationalRecordMaxFeePence", 5001, "£50.00")] {
            var bad = object
            bad[key] = value
            do {
                _ = try Policy.load(from: try JSONSerialization.data(withJSONObject: bad))
                Issue.record("\(key) = \(value) was accepted")
            } catch {
                #expect("\(error)".contains(key) && "\(error)".contains(clause), "\(error)")
            }
        }
    }
}
