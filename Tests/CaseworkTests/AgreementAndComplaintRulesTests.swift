import Foundation
import Testing
@testable import Casework

/// The data protection policy Appendix 5 (data-processing agreements) and the data-sharing
/// guidance §4–§6 (accuracy, security, complaints), as lifecycle rules, a clock and a marking.
@Suite("Agreements (the data protection policy Appendix 5) and data handling complaints (the data-sharing guidance §6)")
struct AgreementAndComplaintRulesTests {
    static let dsa = "DSA-2026-0001"
    static let cmp = "CMP-2026-0001"

    static func proposed(_ type: AgreementType, review: LocalDate = "2027-02-01") -> AgreementProposed {
        AgreementProposed(type: type, partner: "Northgate Print Services Ltd", purpose: "Council tax bills", service: "Revenues",
                          securityProcedures: "SFTP only", accuracyStandards: "Matched before each run",
                          proposedOn: "2026-02-02", reviewDueOn: review)
    }
    static let informed = HeadOfLegalInformed(informedOn: "2026-02-09", informedBy: "t.officer")
    static let signed = AgreementSigned(signedOn: "2026-02-20", signedBy: "d.revenues", form: .separateAgreement)
    static let reviewed = AgreementReviewed(reviewedOn: "2027-01-25", nextReviewDueOn: "2028-01-24", findings: "Met")
    static let received = ComplaintReceived(receivedOn: "2026-04-07", source: .publicMember, about: .sharing,
                                            complainant: Requester(name: "Sam Patel"), summary: "Shared without consent",
                                            service: "Housing")

    func fold(_ reference: String, _ events: [any EventPayload]) throws -> CaseLifecycle? {
        try LifecycleRules.replay(case: try CaseReference(reference), events: events, context: .empty)
    }

    func refusal(_ reference: String, _ events: [any EventPayload]) throws -> RuleViolation? {
        let ref = try CaseReference(reference)
        let state = try LifecycleRules.replay(case: ref, events: Array(events.dropLast()), context: .empty)
        let last = events.last!
        do {
            _ = try LifecycleRules.evaluate(case: ref, type: last.eventType, payload: last, state: state, context: .empty)
            return nil
        } catch { return error }
    }

    @Test("the data protection policy Appendix 5 §4.1: a processing agreement is not signed before the Head of Legal is informed")
    func processingNeedsHeadOfLegalFirst() throws {
        let error = try #require(try refusal(Self.dsa, [Self.proposed(.processing), Self.signed]))
        #expect(error.rule == .processingSignedBeforeHeadOfLegalInformed)
        #expect(error.rule.rawValue == "Agreement.processingSignedBeforeHeadOfLegalInformed")
        #expect(error.message.contains("Appendix 5 §4.1") && error.message.contains("inform-legal"))
        let state = try #require(try fold(Self.dsa, [Self.proposed(.processing), Self.informed, Self.signed]))
        #expect(state.agreementSigned == true && state.headOfLegalInformed == true && state.agreementType == .processing)
    }

    @Test("the data protection policy Appendix 5 §1.2: a sharing agreement is signed without that step")
    func sharingMayBeSignedDirectly() throws {
        let state = try #require(try fold(Self.dsa, [Self.proposed(.sharing), Self.signed]))
        #expect(state.agreementSigned == true && state.headOfLegalInformed == nil)
    }

    @Test("an agreement is reviewed only once signed, is signed once, and its review lies after it was proposed")
    func reviewAndSigningOrder() throws {
        #expect(try refusal(Self.dsa, [Self.proposed(.sharing), Self.reviewed])?.rule == .agreementReviewedBeforeSigning)
        #expect(try refusal(Self.dsa, [Self.proposed(.sharing), Self.signed, Self.signed])?.rule == .stepAlreadyRecorded)
        #expect(try refusal(Self.dsa, [Self.proposed(.sharing, review: "2026-02-02")])?.rule == .agreementReviewDateNotAhead)
        // The next review, too, lies after the review that sets it (else the register shows it overdue at once).
        let backwards = AgreementReviewed(reviewedOn: "2027-01-25", nextReviewDueOn: "2027-01-25", findings: "Met")
        let error = try #require(try refusal(Self.dsa, [Self.proposed(.sharing), Self.signed, backwards]))
        #expect(error.rule == .agreementReviewDateNotAhead && error.message.contains("--next-review-due"), "\(error.message)")
        #expect(try fold(Self.dsa, [Self.proposed(.sharing), Self.signed, Self.reviewed, Self.reviewed]) != nil)
    }

    @Test("an ended agreement takes no more steps; agreement events belong on DSA- cases only")
    func endedAndKinds() throws {
        let ended = AgreementEnded(endedOn: "2026-12-31", reason: .terminated)
        #expect(try refusal(Self.dsa, [Self.proposed(.sharing), Self.signed, ended, Self.reviewed])?.rule == .eventAfterClosure)
        #expect(try refusal("NM-2026-0001", [Self.proposed(.sharing)])?.rule == .eventTypeNotForKind)
        #expect(try refusal(Self.dsa, [Self.received])?.rule == .eventTypeNotForKind)
    }

    @Test("the data-sharing guidance §6: a complaint is resolved once, may go to the ICO afterwards, and names a DSA- agreement if any")
    func complaintLifecycle() throws {
        let ack = ComplaintAcknowledged(acknowledgedOn: "2026-04-08")
        let resolved = ComplaintResolved(respondedOn: "2026-04-30", outcome: .partlyUpheld)
        let escalated = ComplaintEscalatedToICO(escalatedOn: "2026-06-01", icoReference: "IC-1")
        let state = try #require(try fold(Self.cmp, [Self.received, ack, resolved, escalated]))
        #expect(state.closedBy == .complaintResolved)
        #expect(try refusal(Self.cmp, [Self.received, ack, ack])?.rule == .stepAlreadyRecorded)
        #expect(try refusal(Self.cmp, [Self.received, resolved, resolved])?.rule == .eventAfterClosure)
        #expect(try refusal(Self.cmp, [Self.received, ComplaintAcknowledged(acknowledgedOn: "2026-04-01")])?.rule == .stepBeforeOpening)
        var wrong = Self.received
        wrong.agreement = try CaseReference("FOI-2026-0001")
        #expect(try refusal(Self.cmp, [wrong])?.rule == .complaintAgreementNotDSA)
    }

    @Test("the data-sharing guidance §6: the complaint clock is complaintResponseWorkingDays (default 20) working days")
    func complaintClock() throws {
        let calc = DeadlineCalculator()
        #expect(Policy.default.complaintResponseWorkingDays == 20)
        // Received Tuesday 2026-04-07 (after Easter Monday 6 April): working days 8–10, 13–17, 20–24,
        // 27–30 April, 1 May, (4 May Early May bank holiday skipped), 5, 6 May: day 20 is Wednesday 6 May.
        #expect(calc.complaintResponseDueDate(receivedOn: "2026-04-07") == "2026-05-06")
        var policy = Policy.default
        policy.complaintResponseWorkingDays = 10
        #expect(DeadlineCalculator(policy: policy).complaintResponseDueDate(receivedOn: "2026-04-07") == "2026-04-21")
        let result = calc.complaintResponse(receivedOn: "2026-04-07")
        #expect(result.dueDate == "2026-05-06")
    }

    @Test("the data-sharing guidance §5 'Security': markings parse, print and combine")
    func markings() throws {
        #expect(try SecurityMarking(parsing: "official").text == "OFFICIAL")
        #expect(try SecurityMarking(parsing: "official-sensitive,personal-and-confidential").text == "OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL")
        #expect(try SecurityMarking(parsing: "OFFICIAL PERSONAL AND CONFIDENTIAL") == SecurityMarking(.official, personalAndConfidential: true))
        #expect(SecurityMarking.official.atLeast(.personalData) == .personalData)
        #expect(SecurityMarking.personalData.covers(.official) && !SecurityMarking.official.covers(.personalData))
        do {
            _ = try SecurityMarking(parsing: "SECRET")
            Issue.record("SECRET was accepted")
        } catch {
            #expect(error.field == "marking" && error.message.contains("OFFICIAL-SENSITIVE"))
        }
        #expect(Policy.default.defaultMarking == .official)
    }

    @Test("a policy file written before the complaint clock and the marking still loads, with their defaults")
    func olderPolicyLoads() throws {
        var object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(Policy.default)) as! [String: Any]
        object.removeValue(forKey: "complaintResponseWorkingDays")
        object.removeValue(forKey: "defaultMarking")
        let policy = try Policy.load(from: try JSONSerialization.data(withJSONObject: object))
        #expect(policy.complaintResponseWorkingDays == 20 && policy.defaultMarking == .official)
        object["complaintResponseWorkingDays"] = 0
        #expect(throws: (any Error).self) { try Policy.load(from: try JSONSerialization.data(withJSONObject: object)) }
    }
}
