import Casework
import Foundation
import LedgerStore
@testable import CasebookCore
@testable import Registers

/// A small hand-built set of cases for the monitoring reports, around the financial year 2026
/// (quarter 2026-Q2 = April–June, half 2026-H1 = April–September), judged on 2026-07-15. Every
/// figure the tests expect is worked out by hand from the comments here.
///
/// Boundaries: BR-2026-0001, NM-2026-0001, SAR-2026-0001 and FOI-2026-0001 fall on 31 March (Q1,
/// financial year 2025); BR-2026-0002 was discovered at 23:30 UTC on 31 March, which is 00:30 on
/// 1 April in London (Q2); 30 June cases are in Q2 and 1 July cases are not.
enum MonitoringScenario {
    static let today = day("2026-07-15")

    static func build(in directory: String) throws -> TestLedger {
        let tl = try TestLedger(directory: directory)
        var plan: [(ref: String, payload: any EventPayload, occurred: Timestamp, recorded: Timestamp, order: Int)] = []
        func add(_ ref: String, _ payload: any EventPayload, _ occurred: String) {
            let o = ts(occurred)
            plan.append((ref, payload, o, Timestamp(milliseconds: o.milliseconds + 5 * 60_000), plan.count))
        }
        func breach(_ ref: String, _ at: String, _ categories: [BreachCategory], _ service: String, sensitive: Bool = false, investigation: Bool = false) {
            add(ref, Scenario.breach(discoveredAt: ts(at), occurredOn: day(String(at.prefix(10))), categories: categories,
                                     sensitive: sensitive, count: 3, subjectCategories: ["residents"], howHeld: .electronic, service: service,
                                     investigation: investigation), at)
        }
        func closeWithoutNotifying(_ ref: String, decided: String, closed: String) {
            add(ref, ICONotificationDecided(decision: .doNotNotify, reasons: "Recalled unread; no risk to rights and freedoms", decidedAt: ts(decided)), decided)
            add(ref, BreachEscalated(to: .businessManager, escalatedAt: ts(decided), reportingFormSent: true), decided)
            add(ref, BreachClosed(closedOn: day(closed)), closed + "T10:00:00Z")
        }

        // Breaches. Last year's Q2: BR-2025-0001 (unauthorised disclosure, Finance), closed.
        breach("BR-2025-0001", "2025-05-05T09:00:00Z", [.unauthorisedDisclosure], "Finance")
        closeWithoutNotifying("BR-2025-0001", decided: "2025-05-06T09:00:00Z", closed: "2025-06-01")
        // Q1 2026: BR-2026-0006 (unauthorised disclosure, Housing), closed; BR-2026-0001 (loss, Housing) on
        // 31 March, notified within 72 hours, form sent, still open with its proposed measures.
        breach("BR-2026-0006", "2026-02-10T09:00:00Z", [.unauthorisedDisclosure], "Housing")
        closeWithoutNotifying("BR-2026-0006", decided: "2026-02-11T09:00:00Z", closed: "2026-02-27")
        breach("BR-2026-0001", "2026-03-31T10:00:00Z", [.loss], "Housing")
        add("BR-2026-0001", BreachEscalated(to: .businessManager, escalatedAt: ts("2026-03-31T12:00:00Z"), reportingFormSent: true), "2026-03-31T12:00:00Z")
        add("BR-2026-0001", ICONotificationDecided(decision: .notify, decidedAt: ts("2026-03-31T15:00:00Z")), "2026-03-31T15:00:00Z")
        add("BR-2026-0001", ICONotified(notifiedAt: ts("2026-04-01T09:00:00Z"), method: .onlineForm, icoReference: "ICO/26/0001"), "2026-04-01T09:00:00Z")
        // Q2 2026: BR-2026-0002 (1 April in London; unauthorised disclosure and human error, Housing,
        // sensitive): notified after 72 hours with reasons, 3 subjects told, investigation due 1 May and
        // not concluded, no reporting form sent.
        breach("BR-2026-0002", "2026-03-31T23:30:00Z", [.unauthorisedDisclosure, .humanError], "Housing", sensitive: true, investigation: true)
        add("BR-2026-0002", ICONotificationDecided(decision: .notify, decidedAt: ts("2026-04-02T09:00:00Z")), "2026-04-02T09:00:00Z")
        add("BR-2026-0002", InvestigationOpened(lead: "l.legal", openedOn: day("2026-04-02"), dueOn: day("2026-05-01")), "2026-04-02T10:00:00Z")
        add("BR-2026-0002", ICONotified(notifiedAt: ts("2026-04-04T09:00:00Z"), method: .onlineForm, icoReference: "ICO/26/0002",
                                        reasonsForDelay: "The Easter closure delayed confirming who was affected"), "2026-04-04T09:00:00Z")
        add("BR-2026-0002", DataSubjectsNotified(notifiedOn: day("2026-04-06"), methods: [.letter], numberNotified: 3,
                                                         adviceGiven: "Watch for phishing", howAndWhenOccurred: "Sent to the wrong address on 1 April",
                                                         informationInvolved: "Names and addresses", howToComplain: "To the DPO or the ICO"), "2026-04-06T10:00:00Z")
        // BR-2026-0003 (unauthorised disclosure, Finance): not notified, closed.
        breach("BR-2026-0003", "2026-05-12T09:00:00Z", [.unauthorisedDisclosure], "Finance")
        closeWithoutNotifying("BR-2026-0003", decided: "2026-05-13T09:00:00Z", closed: "2026-05-30")
        // BR-2026-0004 (unauthorised disclosure, Housing) on 30 June: nothing done by 15 July.
        breach("BR-2026-0004", "2026-06-30T15:00:00Z", [.unauthorisedDisclosure], "Housing")
        // Q3: BR-2026-0005 (loss, Finance) on 1 July.
        breach("BR-2026-0005", "2026-07-01T09:00:00Z", [.loss], "Finance")

        // Near misses. NM-2025-0001 last year's Q2 (Housing, unauthorised disclosure), reviewed.
        add("NM-2025-0001", NearMissReported(occurredOn: day("2025-04-15"), reportedOn: day("2025-04-16"), service: "Housing",
                                             description: "Letter nearly sent to the wrong tenant", potentialCategory: .unauthorisedDisclosure), "2025-04-16T10:00:00Z")
        add("NM-2025-0001", NearMissReviewed(weakness: .process, action: "Check addresses twice", reviewedOn: day("2025-04-20")), "2025-04-20T10:00:00Z")
        // NM-2026-0001 on 31 March (Q1; Housing, human error), reviewed.
        add("NM-2026-0001", NearMissReported(occurredOn: day("2026-03-31"), reportedOn: day("2026-04-02"), service: "Housing",
                                             description: "Wrong attachment caught", potentialCategory: .humanError), "2026-04-02T10:00:00Z")
        add("NM-2026-0001", NearMissReviewed(weakness: .process, action: "Attachment check", reviewedOn: day("2026-04-08")), "2026-04-08T10:00:00Z")
        // NM-2026-0002 on 1 April (Housing, unauthorised disclosure), reported on time, not reviewed: review due
        // 5 working days after 3 April (Easter Monday 6 April skipped) = 13 April, overdue.
        add("NM-2026-0002", NearMissReported(occurredOn: day("2026-04-01"), reportedOn: day("2026-04-03"), service: "Housing",
                                             description: "Email nearly copied to a neighbour", potentialCategory: .unauthorisedDisclosure), "2026-04-03T10:00:00Z")
        // NM-2026-0003 on 30 June (Finance, loss), reported late on 10 July (due 7 July); review due 17 July.
        add("NM-2026-0003", NearMissReported(occurredOn: day("2026-06-30"), reportedOn: day("2026-07-10"), service: "Finance",
                                             description: "Folder nearly left on a train", potentialCategory: .loss), "2026-07-10T10:00:00Z")

        // SARs.
        func sar(_ ref: String, _ at: String) {
            add(ref, SARReceived(channel: .email, receivedAt: ts(at), requester: Scenario.requester(ref), summary: "Records about me", service: "Housing"), at)
        }
        func answer(_ ref: String, _ at: String) {
            add(ref, SARResponded(outcome: .providedInFull, method: .secureEmail, signedOffBy: "d.dpo", respondedAt: ts(at)), at)
        }
        sar("SAR-2026-0001", "2026-03-31T10:00:00Z"); answer("SAR-2026-0001", "2026-04-20T10:00:00Z")  // Q1
        sar("SAR-2026-0002", "2026-04-01T09:00:00Z"); answer("SAR-2026-0002", "2026-04-28T10:00:00Z")  // due 1 May: on time
        sar("SAR-2026-0003", "2026-05-05T09:00:00Z"); answer("SAR-2026-0003", "2026-06-10T10:00:00Z")  // due 5 June: late
        sar("SAR-2026-0004", "2026-06-01T09:00:00Z")  // due 1 July: overdue on 15 July
        sar("SAR-2026-0005", "2026-06-30T09:00:00Z")  // due 30 July
        sar("SAR-2026-0006", "2026-06-10T09:00:00Z")
        add("SAR-2026-0006", Withdrawn(withdrawnOn: day("2026-06-12"), reason: "No longer needed"), "2026-06-12T10:00:00Z")

        // FOI and EIR requests.
        func request(_ ref: String, _ at: String, regime: Regime = .foia) {
            add(ref, RequestReceived(channel: .email, receivedAt: ts(at), regime: regime, requester: Scenario.requester(ref), requesterType: .individual,
                                     summary: "Statistics for \(ref)", service: "Finance"), at)
        }
        func respond(_ ref: String, _ outcome: ResponseSent.Outcome, _ at: String, exemptions: [String] = []) {
            add(ref, ResponseSent(outcome: outcome, exemptions: exemptions, signedOffBy: "h.foi", sentAt: ts(at)), at)
        }
        request("FOI-2026-0001", "2026-03-31T10:00:00Z"); respond("FOI-2026-0001", .grantedInFull, "2026-04-10T10:00:00Z")  // Q1, fy2025
        // FOI-2026-0002: refused in full under s41, in time; review upheld; complaint to the ICO pending.
        request("FOI-2026-0002", "2026-04-01T09:00:00Z")
        add("FOI-2026-0002", ExemptionApplied(section: "41", exemptionClass: .absolute, reason: "Provided in confidence"), "2026-04-15T10:00:00Z")
        respond("FOI-2026-0002", .refused, "2026-04-20T10:00:00Z", exemptions: ["41"])
        add("FOI-2026-0002", InternalReviewRequested(requestedOn: day("2026-04-25")), "2026-04-25T10:00:00Z")
        add("FOI-2026-0002", InternalReviewDecided(outcome: .upheld, reviewer: "r.reviewer", decidedOn: day("2026-05-15")), "2026-05-15T10:00:00Z")
        add("FOI-2026-0002", ICOComplaintReceived(regulator: .ico, receivedOn: day("2026-06-01"), regulatorReference: "IC-26-0002"), "2026-06-01T10:00:00Z")
        // FOI-2026-0003: granted in part under s21, answered late on 1 June.
        request("FOI-2026-0003", "2026-04-07T09:00:00Z")
        add("FOI-2026-0003", ExemptionApplied(section: "21", exemptionClass: .absolute, reason: "Published already"), "2026-04-20T10:00:00Z")
        respond("FOI-2026-0003", .grantedInPart, "2026-06-01T10:00:00Z", exemptions: ["21"])
        // EIR-2026-0001: extended to 40 working days, answered in time.
        request("EIR-2026-0001", "2026-04-14T09:00:00Z", regime: .eir)
        add("EIR-2026-0001", DeadlineExtended(reason: .complexAndVoluminous, workingDays: 20), "2026-05-01T10:00:00Z")
        respond("EIR-2026-0001", .grantedInFull, "2026-06-05T10:00:00Z")
        // FOI-2026-0004: cost limit refusal; review overturned, further response still due.
        request("FOI-2026-0004", "2026-05-11T09:00:00Z")
        add("FOI-2026-0004", CostLimitApplied(estimatedHours: 40, limitPence: 45000, hourlyRatePence: 2500), "2026-05-18T10:00:00Z")
        respond("FOI-2026-0004", .refused, "2026-05-20T10:00:00Z")
        add("FOI-2026-0004", InternalReviewRequested(requestedOn: day("2026-05-26")), "2026-05-26T10:00:00Z")
        add("FOI-2026-0004", InternalReviewDecided(outcome: .overturned, reviewer: "r.reviewer", decidedOn: day("2026-06-15")), "2026-06-15T10:00:00Z")
        // FOI-2026-0005: vexatious.
        request("FOI-2026-0005", "2026-06-01T09:00:00Z")
        add("FOI-2026-0005", VexatiousApplied(basis: .vexatious, reason: "Part of a campaign of harassment of named staff"), "2026-06-04T10:00:00Z")
        respond("FOI-2026-0005", .refused, "2026-06-05T10:00:00Z")
        // FOI-2026-0006 withdrawn; FOI-2026-0007 unanswered (due 30 June, overdue); FOI-2026-0008 on 30 June (due 28 July).
        request("FOI-2026-0006", "2026-06-03T09:00:00Z")
        add("FOI-2026-0006", Withdrawn(withdrawnOn: day("2026-06-10"), reason: "Found it on the website"), "2026-06-10T10:00:00Z")
        request("FOI-2026-0007", "2026-06-02T09:00:00Z")
        request("FOI-2026-0008", "2026-06-30T09:00:00Z")
        // FOI-2026-0009 on 1 July (Q3, fy2026), answered in time.
        request("FOI-2026-0009", "2026-07-01T09:00:00Z"); respond("FOI-2026-0009", .grantedInFull, "2026-07-10T10:00:00Z")

        for p in plan.sorted(by: { ($0.recorded, $0.order) < ($1.recorded, $1.order) }) {
            try tl.append(p.ref, p.payload, occurred: p.occurred, recorded: p.recorded)
        }
        return tl
    }
}
