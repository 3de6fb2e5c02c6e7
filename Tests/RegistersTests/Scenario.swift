import Casework
import Foundation
import LedgerStore
@testable import CasebookCore
@testable import Registers

/// The hand-built scenario: 23 cases across every kind, all in 2025, judged on 2025-10-01.
///
/// Personal fields carry canaries: cases in `sealedCases` have every personal field replaced by a
/// sealed-looking object (`key` and `ct` contain "CANARY"); the rest hold plaintext values
/// containing "CANARY". No non-personal field contains the word.
enum Scenario {
    static let today = day("2025-10-01")
    static let sealedCases: Set<String> = ["FOI-2025-0001", "FOI-2025-0002", "SAR-2025-0001", "SAR-2025-0002", "SAR-2025-0003",
                                           "BR-2025-0002", "NM-2025-0001"]

    struct Planned {
        var reference: String
        var payload: any EventPayload
        var occurred: Timestamp
        var recorded: Timestamp
        var id: UUID
        var order: Int
    }

    /// Event ids the tests refer to, by name.
    final class Built {
        let ledger: TestLedger
        var ids: [String: UUID] = [:]
        init(_ ledger: TestLedger) { self.ledger = ledger }
        func position(_ name: String) -> UInt64 { ledger.positions[ids[name]!]! }
    }

    static func requester(_ ref: String) -> Requester {
        Requester(name: "CANARY-PLAIN \(ref) Requester", email: "canary.\(ref.lowercased())@example.org", address: "1 CANARY Street")
    }

    static func officer(_ service: String) -> OfficerContact {
        OfficerContact(name: "CANARY-PLAIN Officer", jobTitle: "Team Manager", service: service, contact: "CANARY-PLAIN 01632 960000")
    }

    static func doc(_ title: String, _ fill: Character) -> ReleasedDocument {
        ReleasedDocument(title: title, sha256: String(repeating: fill, count: 64))
    }

    static func breach(discoveredAt: Timestamp, occurredOn: LocalDate, categories: [BreachCategory], sensitive: Bool, count: Int,
                       subjectCategories: [String], howHeld: HoldingMedium, service: String, investigation: Bool,
                       toManagerAt: Timestamp? = nil) -> BreachReported {
        BreachReported(
            reportingOfficer: officer(service), businessManager: officer(service), discoveredAt: discoveredAt, occurredOn: occurredOn,
            howDiscovered: "CANARY-PLAIN found by a named colleague", categories: categories,
            informationInvolved: "CANARY-PLAIN names, addresses and case notes", dataSubjectsDescription: "CANARY-PLAIN the Smith family",
            dataSubjectCount: count, dataSubjectCategories: subjectCategories, approximateRecordCount: count, sensitive: sensitive,
            howHeld: howHeld, consequences: "CANARY-PLAIN distress to named people", immediateMeasures: "Recovered what could be recovered",
            proposedMeasures: "Refresher training for the team", service: service, reportedToBusinessManagerAt: toManagerAt,
            investigationOrdered: investigation, investigationLead: investigation ? "CANARY-PLAIN Lead Name" : nil)
    }

    /// Builds the scenario in a fresh ledger at `directory`.
    static func build(in directory: String) throws -> Built {
        let tl = try TestLedger(directory: directory)
        let built = Built(tl)
        var plan: [Planned] = []
        func add(_ ref: String, _ payload: any EventPayload, _ occurred: String, recorded: String? = nil, name: String? = nil) {
            let id = tl.nextId()
            if let name { built.ids[name] = id }
            let o = ts(occurred)
            let r = recorded.map(ts) ?? Timestamp(milliseconds: o.milliseconds + 5 * 60_000)
            plan.append(Planned(reference: ref, payload: payload, occurred: o, recorded: r, id: id, order: plan.count))
        }

        // FOI-2025-0001: FOIA, answered on time, published.
        add("FOI-2025-0001", RequestReceived(channel: .email, receivedAt: "2025-03-03T10:00:00Z", regime: .foia, requester: requester("FOI-2025-0001"),
                                             requesterType: .individual, summary: "Planning applications decided in 2024", service: "Planning"),
            "2025-03-03T10:00:00Z")
        add("FOI-2025-0001", RequestAcknowledged(acknowledgedAt: "2025-03-04T09:00:00Z"), "2025-03-04T09:00:00Z")
        add("FOI-2025-0001", ResponseSent(outcome: .grantedInFull, documents: [doc("Planning decisions 2024.xlsx", "a")], signedOffBy: "h.foi",
                                          sentAt: "2025-03-25T14:00:00Z"), "2025-03-25T14:00:00Z")
        add("FOI-2025-0001", PublishedToDisclosureLog(publishedOn: "2025-04-02", url: "https://example.gov.uk/disclosure/FOI-2025-0001"),
            "2025-04-02T09:00:00Z")

        // FOI-2025-0002: clarification pause, s21, published.
        add("FOI-2025-0002", RequestReceived(channel: .webForm, receivedAt: "2025-04-01T09:00:00Z", regime: .foia, requester: requester("FOI-2025-0002"),
                                             requesterType: .media, summary: "Spending on consultants", service: "Finance"),
            "2025-04-01T09:00:00Z")
        add("FOI-2025-0002", RequestAcknowledged(acknowledgedAt: "2025-04-01T15:00:00Z"), "2025-04-01T15:00:00Z")
        add("FOI-2025-0002", ClarificationRequested(requestedOn: "2025-04-02", question: "CANARY-PLAIN which consultants, Mr Requester?"),
            "2025-04-02T10:00:00Z")
        add("FOI-2025-0002", ClarificationReceived(receivedOn: "2025-04-10", clarification: "CANARY-PLAIN management consultants only",
                                                   revisedSummary: "Spending on management consultants 2023-24"), "2025-04-10T11:00:00Z")
        add("FOI-2025-0002", ExemptionApplied(section: "21", exemptionClass: .absolute, reason: "Published in the annual accounts"),
            "2025-05-06T10:00:00Z")
        add("FOI-2025-0002", ResponseSent(outcome: .grantedInPart, exemptions: ["21"], documents: [doc("Consultancy spend 2023-24.csv", "b")],
                                          signedOffBy: "h.foi", sentAt: "2025-05-13T16:00:00Z"), "2025-05-13T16:00:00Z")
        add("FOI-2025-0002", PublishedToDisclosureLog(publishedOn: "2025-05-20", documents: [doc("Consultancy spend 2023-24 (published).csv", "c")]),
            "2025-05-20T09:00:00Z")

        // FOI-2025-0003: fee window, answered late.
        add("FOI-2025-0003", RequestReceived(channel: .post, receivedAt: "2025-06-02T09:30:00Z", regime: .foia, requester: requester("FOI-2025-0003"),
                                             requesterType: .business, summary: "Copies of the CCTV policy, with printed maps", service: "Highways"),
            "2025-06-02T09:30:00Z")
        add("FOI-2025-0003", RequestAcknowledged(acknowledgedAt: "2025-06-03T09:00:00Z"), "2025-06-03T09:00:00Z")
        add("FOI-2025-0003", FeeNoticeIssued(amountPence: 2500, issuedOn: "2025-06-05", basis: "Printing and postage"), "2025-06-05T10:00:00Z")
        add("FOI-2025-0003", FeePaid(paidOn: "2025-06-12", amountPence: 2500), "2025-06-12T10:00:00Z")
        add("FOI-2025-0003", ResponseSent(outcome: .grantedInFull, signedOffBy: "h.foi", sentAt: "2025-07-10T10:00:00Z"), "2025-07-10T10:00:00Z")

        // FOI-2025-0004: s43(2) with PIT extension, refused, review overturns, further response, published.
        add("FOI-2025-0004", RequestReceived(channel: .email, receivedAt: "2025-07-01T10:00:00Z", regime: .foia, requester: requester("FOI-2025-0004"),
                                             requesterType: .campaign, summary: "Correspondence with the waste contractor about renewal",
                                             service: "Environment"), "2025-07-01T10:00:00Z")
        add("FOI-2025-0004", RequestAcknowledged(acknowledgedAt: "2025-07-02T10:00:00Z"), "2025-07-02T10:00:00Z")
        add("FOI-2025-0004", ExemptionApplied(section: "43(2)", exemptionClass: .qualified, reason: "Prejudice to the contractor's commercial interests"),
            "2025-07-20T10:00:00Z")
        add("FOI-2025-0004", DeadlineExtended(reason: .publicInterestTest, workingDays: 20, newDueDate: "2025-08-29"), "2025-07-28T10:00:00Z")
        add("FOI-2025-0004", PublicInterestTestRecorded(sections: ["43(2)"], reasoning: "Negotiations are live", outcome: .maintained),
            "2025-08-15T10:00:00Z")
        add("FOI-2025-0004", ResponseSent(outcome: .refused, exemptions: ["43(2)"], signedOffBy: "h.foi", sentAt: "2025-08-20T12:00:00Z"),
            "2025-08-20T12:00:00Z", name: "FOI4-first-response")
        add("FOI-2025-0004", InternalReviewRequested(requestedOn: "2025-08-27", grounds: "CANARY-PLAIN my grounds, signed A. Campaigner"),
            "2025-08-27T09:00:00Z")
        add("FOI-2025-0004", InternalReviewDecided(outcome: .overturned, reviewer: "r.reviewer", decidedOn: "2025-09-19",
                                                   reasoning: "Contract signed; prejudice no longer arises"), "2025-09-19T15:00:00Z")
        add("FOI-2025-0004", ResponseSent(outcome: .grantedInFull, documents: [doc("Contractor correspondence.pdf", "d")], signedOffBy: "h.foi",
                                          sentAt: "2025-09-26T10:00:00Z"), "2025-09-26T10:00:00Z")
        add("FOI-2025-0004", PublishedToDisclosureLog(publishedOn: "2025-09-30"), "2025-09-30T09:00:00Z")

        // EIR-2025-0001: complex and voluminous extension to 40 working days.
        add("EIR-2025-0001", RequestReceived(channel: .email, receivedAt: "2025-08-11T09:00:00Z", regime: .eir, requester: requester("EIR-2025-0001"),
                                             requesterType: .business, summary: "Air quality monitoring data 2020-2025", service: "Environment"),
            "2025-08-11T09:00:00Z")
        add("EIR-2025-0001", RequestAcknowledged(acknowledgedAt: "2025-08-12T09:00:00Z"), "2025-08-12T09:00:00Z")
        add("EIR-2025-0001", DeadlineExtended(reason: .complexAndVoluminous, workingDays: 20), "2025-08-29T10:00:00Z")
        add("EIR-2025-0001", ResponseSent(outcome: .grantedInFull, signedOffBy: "h.foi", sentAt: "2025-09-30T11:00:00Z"), "2025-09-30T11:00:00Z")

        // FOI-2025-0005: FOISA, unanswered and overdue.
        add("FOI-2025-0005", RequestReceived(channel: .email, receivedAt: "2025-07-31T10:00:00Z", regime: .foisa, requester: requester("FOI-2025-0005"),
                                             requesterType: .individual, summary: "School transport eligibility criteria", service: "Education"),
            "2025-07-31T10:00:00Z")
        add("FOI-2025-0005", RequestAcknowledged(acknowledgedAt: "2025-07-31T12:00:00Z"), "2025-07-31T12:00:00Z")

        // FOI-2025-0006: a late entry (recorded three days after receipt), acknowledged late.
        add("FOI-2025-0006", RequestReceived(channel: .email, receivedAt: "2025-09-01T09:00:00Z", regime: .foia, requester: requester("FOI-2025-0006"),
                                             requesterType: .media, summary: "Agency staff costs in 2024-25", service: "HR"),
            "2025-09-01T09:00:00Z", recorded: "2025-09-04T10:00:00Z", name: "FOI6-received")
        add("FOI-2025-0006", RequestAcknowledged(acknowledgedAt: "2025-09-04T11:00:00Z"), "2025-09-04T11:00:00Z")
        add("FOI-2025-0006", ResponseSent(outcome: .notHeld, signedOffBy: "h.foi", sentAt: "2025-09-26T15:00:00Z"), "2025-09-26T15:00:00Z")

        // FOI-2025-0007: the response that released personal data in error (see BR-2025-0003).
        add("FOI-2025-0007", RequestReceived(channel: .email, receivedAt: "2025-05-06T10:00:00Z", regime: .foia, requester: requester("FOI-2025-0007"),
                                             requesterType: .individual, summary: "Council tax arrears statistics by ward", service: "Finance"),
            "2025-05-06T10:00:00Z")
        add("FOI-2025-0007", RequestAcknowledged(acknowledgedAt: "2025-05-06T14:00:00Z"), "2025-05-06T14:00:00Z")
        add("FOI-2025-0007", ResponseSent(outcome: .grantedInFull, documents: [doc("Arrears by ward.xlsx", "e")], signedOffBy: "h.foi",
                                          sentAt: "2025-05-20T10:00:00Z"), "2025-05-20T10:00:00Z")

        // FOI-2025-0008: withdrawn.
        add("FOI-2025-0008", RequestReceived(channel: .social, receivedAt: "2025-09-15T09:00:00Z", regime: .foia, requester: requester("FOI-2025-0008"),
                                             requesterType: .other, summary: "Number of parking permits issued", service: "Highways"),
            "2025-09-15T09:00:00Z")
        add("FOI-2025-0008", Withdrawn(withdrawnOn: "2025-09-22", reason: "No longer needed"), "2025-09-22T10:00:00Z")

        // FOI-2025-0009: fee notice unpaid: the clock is stopped.
        add("FOI-2025-0009", RequestReceived(channel: .email, receivedAt: "2025-09-10T09:00:00Z", regime: .foia, requester: requester("FOI-2025-0009"),
                                             requesterType: .business, summary: "Printed copies of the highways asset register", service: "Highways"),
            "2025-09-10T09:00:00Z")
        add("FOI-2025-0009", RequestAcknowledged(acknowledgedAt: "2025-09-10T16:00:00Z"), "2025-09-10T16:00:00Z")
        add("FOI-2025-0009", FeeNoticeIssued(amountPence: 4000, issuedOn: "2025-09-12"), "2025-09-12T10:00:00Z")

        // FOI-2025-0010: receipt date keyed a day early, then corrected.
        add("FOI-2025-0010", RequestReceived(channel: .email, receivedAt: "2025-09-16T09:00:00Z", regime: .foia, requester: requester("FOI-2025-0010"),
                                             requesterType: .mpOrElected, summary: "Road resurfacing programme 2025-26", service: "Highways"),
            "2025-09-17T09:00:00Z", name: "FOI10-received")
        add("FOI-2025-0010", RequestAcknowledged(acknowledgedAt: "2025-09-18T09:00:00Z"), "2025-09-18T09:00:00Z")
        add("FOI-2025-0010", Corrected(correctsEventId: built.ids["FOI10-received"]!.uuidString.lowercased(), reason: "Receipt date keyed wrongly",
                                       corrections: ["receivedAt": .string("2025-09-17T09:00:00Z")]), "2025-09-18T10:00:00Z")

        // FOI-2025-0011: cost limit refusal, review upheld, complaint to the ICO.
        add("FOI-2025-0011", RequestReceived(channel: .email, receivedAt: "2025-06-16T09:00:00Z", regime: .foia, requester: requester("FOI-2025-0011"),
                                             requesterType: .individual, summary: "All emails mentioning the leisure centre since 2015",
                                             service: "Leisure"), "2025-06-16T09:00:00Z")
        add("FOI-2025-0011", RequestAcknowledged(acknowledgedAt: "2025-06-16T13:00:00Z"), "2025-06-16T13:00:00Z")
        add("FOI-2025-0011", CostLimitApplied(estimatedHours: 40, limitPence: 45000, hourlyRatePence: 2500), "2025-06-30T10:00:00Z")
        add("FOI-2025-0011", ResponseSent(outcome: .refused, signedOffBy: "h.foi", sentAt: "2025-07-03T10:00:00Z"), "2025-07-03T10:00:00Z")
        add("FOI-2025-0011", InternalReviewRequested(requestedOn: "2025-07-07"), "2025-07-07T10:00:00Z")
        add("FOI-2025-0011", InternalReviewDecided(outcome: .upheld, reviewer: "r.reviewer", decidedOn: "2025-07-30"), "2025-07-30T10:00:00Z")
        add("FOI-2025-0011", ICOComplaintReceived(regulator: .ico, receivedOn: "2025-08-20", regulatorReference: "IC-123456-A1B2"),
            "2025-08-20T10:00:00Z")

        // SAR-2025-0001: 31 January + one month = 28 February.
        add("SAR-2025-0001", SARReceived(channel: .email, receivedAt: "2025-01-31T10:00:00Z", requester: requester("SAR-2025-0001"),
                                         summary: "CANARY-PLAIN all records about me", service: "Adult Social Care"), "2025-01-31T10:00:00Z")
        add("SAR-2025-0001", SARResponded(outcome: .providedInFull, method: .secureEmail, signedOffBy: "d.dpo", respondedAt: "2025-02-27T12:00:00Z"),
            "2025-02-27T12:00:00Z")

        // SAR-2025-0002: identity first; answered late.
        add("SAR-2025-0002", SARReceived(channel: .post, receivedAt: "2025-03-10T09:00:00Z", requester: requester("SAR-2025-0002"),
                                         representative: Representative(name: "CANARY-PLAIN Solicitor", relationship: "solicitor"),
                                         summary: "CANARY-PLAIN my tenancy file", service: "Housing"), "2025-03-10T09:00:00Z")
        add("SAR-2025-0002", IdentityRequested(requestedOn: "2025-03-10", evidenceRequested: ["passport"]), "2025-03-10T11:00:00Z")
        add("SAR-2025-0002", IdentityVerified(verifiedOn: "2025-03-14", method: .documentSighted), "2025-03-14T10:00:00Z")
        add("SAR-2025-0002", SARResponded(outcome: .providedInPart, method: .recordedDelivery, signedOffBy: "d.dpo",
                                          respondedAt: "2025-04-16T10:00:00Z"), "2025-04-16T10:00:00Z")

        // SAR-2025-0003: clarification, then extended by two months.
        add("SAR-2025-0003", SARReceived(channel: .email, receivedAt: "2025-04-22T10:00:00Z", requester: requester("SAR-2025-0003"),
                                         summary: "CANARY-PLAIN my children's social care records", service: "Children's Services"),
            "2025-04-22T10:00:00Z")
        add("SAR-2025-0003", ClarificationRequested(requestedOn: "2025-04-23"), "2025-04-23T10:00:00Z")
        add("SAR-2025-0003", ClarificationReceived(receivedOn: "2025-04-28"), "2025-04-28T10:00:00Z")
        add("SAR-2025-0003", SARExtended(reason: .complex, months: 2, requesterInformedOn: "2025-05-10"), "2025-05-10T10:00:00Z")
        add("SAR-2025-0003", ThirdPartyInformationDecided(decision: .redacted, consentSought: false, rationale: "CANARY-PLAIN names of foster carers"),
            "2025-07-01T10:00:00Z")
        add("SAR-2025-0003", SARResponded(outcome: .providedInPart, method: .secureEmail, signedOffBy: "d.dpo", respondedAt: "2025-07-21T10:00:00Z"),
            "2025-07-21T10:00:00Z")

        // SAR-2025-0004: received on a Saturday; unanswered on 1 October.
        add("SAR-2025-0004", SARReceived(channel: .email, receivedAt: "2025-08-30T10:00:00Z", requester: requester("SAR-2025-0004"),
                                         summary: "CANARY-PLAIN my repairs complaints", service: "Housing"), "2025-08-30T10:00:00Z")

        // BR-2025-0001: sensitive loss, ICO notified late with reasons, closed.
        add("BR-2025-0001", breach(discoveredAt: "2025-02-10T09:00:00Z", occurredOn: "2025-02-07", categories: [.loss], sensitive: true, count: 12,
                                   subjectCategories: ["service users"], howHeld: .paper, service: "Adult Social Care", investigation: true,
                                   toManagerAt: "2025-02-10T10:00:00Z"), "2025-02-10T11:00:00Z")
        add("BR-2025-0001", BreachEscalated(to: .businessManager, escalatedAt: "2025-02-10T10:00:00Z", method: .telephone, reportingFormSent: true),
            "2025-02-10T11:10:00Z")
        add("BR-2025-0001", RiskAssessed(dataTypes: ["care plans"], sensitivity: "Health data", sensitive: true, howHeld: "Paper file",
                                         whoHadAccess: "CANARY-PLAIN unknown finder", encrypted: false, numberOfIndividuals: 12,
                                         whoAreThey: "CANARY-PLAIN named service users", possibleHarm: [.distress],
                                         widerConsequences: "Loss of confidence", policeInvolvement: .notRequired, riskLevel: .high),
            "2025-02-11T09:00:00Z")
        add("BR-2025-0001", ICONotificationDecided(decision: .notify, decidedAt: "2025-02-11T10:00:00Z"), "2025-02-11T10:00:00Z")
        add("BR-2025-0001", InvestigationOpened(lead: "l.legal", openedOn: "2025-02-11", dueOn: "2025-03-11"), "2025-02-11T11:00:00Z")
        add("BR-2025-0001", ICONotified(notifiedAt: "2025-02-14T12:00:00Z", method: .onlineForm, icoReference: "ICO/BR/0001",
                                        reasonsForDelay: "Waited for the care provider to confirm which records were in the file"),
            "2025-02-14T12:00:00Z")
        add("BR-2025-0001", DataSubjectsNotified(notifiedOn: "2025-02-17", methods: [.letter], numberNotified: 12, adviceGiven: "Watch for phishing",
                                                         howAndWhenOccurred: "Lost on 14 February", informationInvolved: "Names and addresses",
                                                         howToComplain: "To the DPO or the ICO"), "2025-02-17T10:00:00Z")
        add("BR-2025-0001", InvestigationConcluded(concludedOn: "2025-03-05", howItHappened: "CANARY-PLAIN left in a car by a named officer",
                                                   whyItHappened: "CANARY-PLAIN rushed visit", preventiveMeasures: "Lockable cases for all staff"),
            "2025-03-05T10:00:00Z")
        add("BR-2025-0001", BreachClosed(closedOn: "2025-03-10"), "2025-03-10T10:00:00Z")

        // BR-2025-0002: not notified to the ICO, with reasons.
        add("BR-2025-0002", breach(discoveredAt: "2025-06-03T14:00:00Z", occurredOn: "2025-06-03", categories: [.unauthorisedDisclosure, .humanError],
                                   sensitive: false, count: 1, subjectCategories: ["tenants"], howHeld: .electronic, service: "Housing",
                                   investigation: false), "2025-06-03T15:00:00Z")
        add("BR-2025-0002", RiskAssessed(dataTypes: ["address"], sensitivity: "Low", sensitive: false, howHeld: "Email", whoHadAccess: "CANARY-PLAIN one officer",
                                         encrypted: false, numberOfIndividuals: 1, whoAreThey: "CANARY-PLAIN a tenant", possibleHarm: [.other],
                                         widerConsequences: "None", policeInvolvement: .notRequired, riskLevel: .low), "2025-06-04T09:00:00Z")
        add("BR-2025-0002", ICONotificationDecided(decision: .doNotNotify, reasons: "Email recalled unread by another council officer; no risk to rights and freedoms",
                                                   decidedAt: "2025-06-04T10:00:00Z"), "2025-06-04T10:00:00Z")
        add("BR-2025-0002", BreachEscalated(to: .businessManager, escalatedAt: "2025-06-05T09:00:00Z", reportingFormSent: true), "2025-06-05T09:00:00Z")
        add("BR-2025-0002", BreachClosed(closedOn: "2025-06-20"), "2025-06-20T10:00:00Z")

        // BR-2025-0003: the FOI-2025-0007 release; notified in time; form late; investigation overdue.
        add("BR-2025-0003", breach(discoveredAt: "2025-05-22T08:30:00Z", occurredOn: "2025-05-20", categories: [.unauthorisedDisclosure],
                                   sensitive: false, count: 250, subjectCategories: ["council tax payers"], howHeld: .electronic, service: "Finance",
                                   investigation: true), "2025-05-22T10:00:00Z")
        add("BR-2025-0003", WrongfulReleaseLinked(foiCase: try CaseReference("FOI-2025-0007"), releasedInError: "CANARY-PLAIN names and balances",
                                                  ministerialReputationalDamage: .low, departmentalReputationalDamage: .medium, stakeholderDamage: .low,
                                                  personalDataReleased: true, individualImpact: "CANARY-PLAIN debts made public",
                                                  otherDepartmentsInvolved: false, mediaStoryLikelihood: .medium, legalChallengePossible: true,
                                                  partiesInformed: [.foiTeam, .legal]), "2025-05-22T11:00:00Z")
        add("BR-2025-0003", ICONotificationDecided(decision: .notify, decidedAt: "2025-05-23T09:00:00Z"), "2025-05-23T09:00:00Z")
        add("BR-2025-0003", ICONotified(notifiedAt: "2025-05-24T10:00:00Z", method: .onlineForm, icoReference: "ICO/BR/0003"), "2025-05-24T10:00:00Z")
        add("BR-2025-0003", BreachEscalated(to: .director, escalatedAt: "2025-05-28T09:00:00Z", reportingFormSent: true), "2025-05-28T09:00:00Z")
        add("BR-2025-0003", InvestigationOpened(lead: "a.auditor", openedOn: "2025-05-28", dueOn: "2025-06-30"), "2025-05-28T10:00:00Z")

        // BR-2025-0004: discovered on 29 September; nothing done yet on 1 October.
        add("BR-2025-0004", breach(discoveredAt: "2025-09-29T09:00:00Z", occurredOn: "2025-09-28", categories: [.theft], sensitive: true, count: 40,
                                   subjectCategories: ["staff"], howHeld: .electronic, service: "Housing", investigation: false),
            "2025-09-29T10:00:00Z")

        // Near misses in two services.
        add("NM-2025-0001", NearMissReported(occurredOn: "2025-03-03", reportedOn: "2025-03-07", service: "Housing",
                                             description: "CANARY-PLAIN letter to Mrs X nearly sent to Mrs Y", potentialCategory: .unauthorisedDisclosure),
            "2025-03-07T10:00:00Z")
        add("NM-2025-0001", NearMissReviewed(weakness: .process, action: "Two-person check on outgoing letters", reviewedOn: "2025-03-14"),
            "2025-03-14T10:00:00Z")
        add("NM-2025-0002", NearMissReported(occurredOn: "2025-08-20", reportedOn: "2025-09-01", service: "Adult Social Care",
                                             description: "CANARY-PLAIN laptop left at a named client's home", potentialCategory: .loss),
            "2025-09-01T10:00:00Z")
        add("NM-2025-0003", NearMissReported(occurredOn: "2025-09-24", reportedOn: "2025-09-25", service: "Housing",
                                             description: "CANARY-PLAIN wrong attachment caught before sending", potentialCategory: .humanError),
            "2025-09-25T10:00:00Z")

        // Append in order of recording (ties keep plan order, which is each case's own order).
        for p in plan.sorted(by: { ($0.recorded, $0.order) < ($1.recorded, $1.order) }) {
            try tl.append(p.reference, p.payload, occurred: p.occurred, recorded: p.recorded, id: p.id,
                          seal: sealedCases.contains(p.reference) ? "CANARY-\(p.reference)" : nil)
        }
        return built
    }
}
