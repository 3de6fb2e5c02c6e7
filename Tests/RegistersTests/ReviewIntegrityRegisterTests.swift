import Casework
import Foundation
import LedgerStore
import Testing
@testable import Registers

/// The FOI and SAR registers and the compliance report for review and refusal integrity and SAR
/// completeness, each test in its own temporary ledger.
@Suite("Registers: review integrity and SAR completeness")
struct ReviewIntegrityRegisterTests {
    /// A FOIA request answered on 2026-02-02, its review requested on Tue 2026-02-10: due on the
    /// 20th working day, 2026-03-10; extended by 20, due on the 40th, 2026-04-10 (St Patrick's Day,
    /// Good Friday and Easter Monday skipped: FOIA counts every UK division's bank holidays).
    /// Working day 30 is 2026-03-25; working day 41 is 2026-04-13.
    static func reviewedRequest(_ tl: TestLedger, _ ref: String, regime: Regime = .foia, extend: Int?, decidedOn: LocalDate?,
                                reviewer: String = "r.reviewer", rights: Bool? = nil) throws {
        func at(_ t: String) -> Timestamp { ts(t) }
        try tl.append(ref, RequestReceived(channel: .email, receivedAt: "2026-01-05T09:30:00Z", regime: regime,
                                           requester: Requester(name: "A Person"), requesterType: .individual, summary: "Grit bins"),
                      occurred: at("2026-01-05T09:30:00Z"), recorded: at("2026-01-05T09:35:00Z"))
        try tl.append(ref, ResponseSent(outcome: .grantedInFull, signedOffBy: "h.foi", sentAt: "2026-02-02T16:45:00Z",
                                        reviewRightsGiven: rights, appealRightsGiven: rights),
                      occurred: at("2026-02-02T16:45:00Z"), recorded: at("2026-02-02T16:50:00Z"))
        try tl.append(ref, InternalReviewRequested(requestedOn: "2026-02-10"), occurred: at("2026-02-10T10:00:00Z"), recorded: at("2026-02-10T10:05:00Z"))
        if let extend {
            try tl.append(ref, InternalReviewExtended(extendedOn: "2026-02-24", workingDays: extend, reasons: "Needs the contractor's views"),
                          occurred: at("2026-02-24T10:00:00Z"), recorded: at("2026-02-24T10:05:00Z"))
        }
        if let decidedOn {
            try tl.append(ref, InternalReviewDecided(outcome: .upheld, reviewer: reviewer, decidedOn: decidedOn, appealRightsGiven: rights),
                          occurred: at("\(decidedOn.iso)T12:00:00Z"), recorded: at("\(decidedOn.iso)T12:05:00Z"))
        }
    }

    @Test("The FOI policy 'Complaints': a review decided on working day 30 of an extended review is on time; on day 41 late")
    func extendedReviewDueDate() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            try Self.reviewedRequest(tl, "FOI-2026-0001", extend: 20, decidedOn: "2026-03-25")
            try Self.reviewedRequest(tl, "FOI-2026-0002", extend: 20, decidedOn: "2026-04-13")
            try Self.reviewedRequest(tl, "FOI-2026-0003", extend: nil, decidedOn: "2026-03-25")
            try Self.reviewedRequest(tl, "FOI-2026-0004", extend: 20, decidedOn: nil)
            let rows = Dictionary(uniqueKeysWithValues: try tl.snapshot().foi.map { ($0.reference, $0) })
            #expect(rows["FOI-2026-0001"]?.internalReview?.dueOn == "2026-04-10")
            #expect(rows["FOI-2026-0001"]?.internalReview?.onTime == true)
            #expect(rows["FOI-2026-0001"]?.internalReview?.extensionWorkingDays == 20)
            #expect(rows["FOI-2026-0002"]?.internalReview?.onTime == false)
            // Without the extension, day 30 is late (the policy's 20 working days).
            #expect(rows["FOI-2026-0003"]?.internalReview?.dueOn == "2026-03-10")
            #expect(rows["FOI-2026-0003"]?.internalReview?.onTime == false)
            // The due list uses the extended date: not overdue on 2026-03-20, overdue on 2026-04-13.
            let open = try #require(rows["FOI-2026-0004"])
            #expect(open.dueSteps.map(\.dueOn) == ["2026-04-10"])
            #expect(open.evaluated(today: "2026-03-20", calculator: tl.deadlines).overdue == false)
            #expect(open.evaluated(today: "2026-04-13", calculator: tl.deadlines).overdueSteps == ["internalReview"])
        }
    }

    @Test("EIR reg 11(4): a reconsideration decided on working day 30 is on time (40 working days)")
    func eirReconsideration() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            try Self.reviewedRequest(tl, "EIR-2026-0001", regime: .eir, extend: nil, decidedOn: "2026-03-25")
            let row = try #require(try tl.snapshot().foi.first)
            #expect(row.internalReview?.dueOn == "2026-04-10")
            #expect(row.internalReview?.onTime == true)
        }
    }

    @Test("The FOI policy 'Complaints': the compliance report counts a review decided in an extension as on time")
    func complianceFigures() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            try Self.reviewedRequest(tl, "FOI-2026-0001", extend: 20, decidedOn: "2026-03-25")
            try Self.reviewedRequest(tl, "FOI-2026-0002", extend: 20, decidedOn: "2026-04-13")
            try Self.reviewedRequest(tl, "FOI-2026-0003", extend: nil, decidedOn: "2026-03-09")
            let report = ComplianceReport(period: ReportPeriod("2026")!, snapshot: try tl.snapshot(), today: "2026-06-01")
            #expect(report.internalReviews.decided == 3)
            #expect(report.internalReviews.onTime == 2)
            #expect(report.internalReviews.extended == 2)
        }
    }

    @Test("The FOI policy 'Complaints': rights of review and appeal not recorded are missing steps; a reviewer who signed off is flagged")
    func missingStepsAndImpartiality() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            try Self.reviewedRequest(tl, "FOI-2026-0001", extend: nil, decidedOn: "2026-03-02", reviewer: "h.foi", rights: nil)
            try Self.reviewedRequest(tl, "FOI-2026-0002", extend: nil, decidedOn: "2026-03-02", reviewer: "r.reviewer", rights: true)
            let rows = Dictionary(uniqueKeysWithValues: try tl.snapshot().foi.map { ($0.reference, $0) })
            #expect(rows["FOI-2026-0001"]?.missingSteps == ["appealRights", "reviewAppealRights", "reviewRights"])
            #expect(rows["FOI-2026-0001"]?.internalReview?.reviewerSignedOffResponse == true)
            #expect(rows["FOI-2026-0002"]?.missingSteps == nil)
            #expect(rows["FOI-2026-0002"]?.internalReview?.reviewerSignedOffResponse == false)
            let cells = FOIRow.columns.map { ($0.name, $0.value(rows["FOI-2026-0001"]!)) }
            #expect(cells.contains { $0 == ("reviewerSignedOff", "yes") })
            #expect(cells.contains { $0 == ("missingSteps", "appealRights; reviewAppealRights; reviewRights") })
        }
    }

    @Test("The FOI policy Appendix 1: s12 without advice and assistance, and s21 without where the information is, are missing steps")
    func refusalGrounds() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            func at(_ t: String) -> Timestamp { ts(t) }
            for (ref, advice, location) in [("FOI-2026-0001", nil as String?, nil as String?), ("FOI-2026-0002", "Narrow to one year", "https://example.gov.uk/accounts")] {
                try tl.append(ref, RequestReceived(channel: .email, receivedAt: "2026-01-05T09:30:00Z", regime: .foia,
                                                   requester: Requester(name: "A Person"), requesterType: .individual, summary: "Spend"),
                              occurred: at("2026-01-05T09:30:00Z"), recorded: at("2026-01-05T09:35:00Z"))
                try tl.append(ref, ExemptionApplied(section: "21", exemptionClass: .absolute, reason: "Published", availableAt: location),
                              occurred: at("2026-01-07T09:30:00Z"), recorded: at("2026-01-07T09:35:00Z"))
                try tl.append(ref, CostLimitApplied(estimatedHours: 30, limitPence: 45_000, hourlyRatePence: 2_500, adviceAndAssistance: advice),
                              occurred: at("2026-01-08T09:30:00Z"), recorded: at("2026-01-08T09:35:00Z"))
            }
            let rows = Dictionary(uniqueKeysWithValues: try tl.snapshot().foi.map { ($0.reference, $0) })
            #expect(rows["FOI-2026-0001"]?.missingSteps == ["costLimitAdvice", "section21Location"])
            #expect(rows["FOI-2026-0002"]?.missingSteps == nil)
            #expect(rows["FOI-2026-0002"]?.availableAt == "https://example.gov.uk/accounts")
        }
    }

    @Test("The FOI policy Appendix 2 (s40(1)): both registers show the link, and the request leaves the due list and the figures")
    func channelLink() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            func at(_ t: String) -> Timestamp { ts(t) }
            try tl.append("FOI-2026-0001", RequestReceived(channel: .email, receivedAt: "2026-01-05T09:30:00Z", regime: .foia,
                                                           requester: Requester(name: "A Person"), requesterType: .individual, summary: "My housing file"),
                          occurred: at("2026-01-05T09:30:00Z"), recorded: at("2026-01-05T09:35:00Z"))
            try tl.append("FOI-2026-0001", ChannelledToSubjectAccess(sarCase: try CaseReference("SAR-2026-0001"), channelledOn: "2026-01-06"),
                          occurred: at("2026-01-06T09:30:00Z"), recorded: at("2026-01-06T09:35:00Z"))
            try tl.append("SAR-2026-0001", SARReceived(channel: .email, receivedAt: "2026-01-05T09:30:00Z", requester: Requester(name: "A Person"),
                                                       summary: "My housing file", channelledFrom: try CaseReference("FOI-2026-0001")),
                          occurred: at("2026-01-06T09:30:00Z"), recorded: at("2026-01-06T09:35:00Z"))
            let snapshot = try tl.snapshot()
            let foi = try #require(snapshot.foi.first)
            #expect(foi.status == "channelledToSAR")
            #expect(foi.channelledToSAR == "SAR-2026-0001")
            #expect(foi.dueSteps.isEmpty)
            let sar = try #require(snapshot.sar.first)
            #expect(sar.channelledFrom == "FOI-2026-0001")
            #expect(sar.dueOn == "2026-02-05")
            let report = ComplianceReport(period: ReportPeriod("2026")!, snapshot: snapshot, today: "2026-06-01")
            #expect(report.requests.cases == 0)
            #expect(report.subjectAccess.cases == 1)
        }
    }

    @Test("The data protection policy §2.8.1, §2.8.5, §2.3.2, §2.6: contents not supplied are missing steps; updates and exemptions are shown")
    func sarCompleteness() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            func at(_ t: String) -> Timestamp { ts(t) }
            let ref = "SAR-2026-0001"
            try tl.append(ref, SARReceived(channel: .post, receivedAt: "2026-01-12T11:00:00Z", requester: Requester(name: "Sam Taylor"),
                                           representative: Representative(name: "A Parent", relationship: "parent"), summary: "My records",
                                           dataSubjectAge: 14),
                          occurred: at("2026-01-12T11:00:00Z"), recorded: at("2026-01-12T11:05:00Z"))
            try tl.append(ref, SCRAConsentRequested(requestedOn: "2026-01-14"), occurred: at("2026-01-14T11:00:00Z"), recorded: at("2026-01-14T11:05:00Z"))
            var row = try #require(try tl.snapshot().sar.first)
            #expect(row.missingSteps == ["childConsent", "scraConsent"])
            #expect(row.scraConsent == "requested")
            try tl.append(ref, ChildConsentRecorded(recordedOn: "2026-01-15", childHasCapacity: true, childConsents: true),
                          occurred: at("2026-01-15T11:00:00Z"), recorded: at("2026-01-15T11:05:00Z"))
            try tl.append(ref, SCRAConsentRecorded(outcome: .refused, recordedOn: "2026-01-30"), occurred: at("2026-01-30T11:00:00Z"), recorded: at("2026-01-30T11:05:00Z"))
            try tl.append(ref, RequesterUpdated(updatedOn: "2026-02-02", estimatedResponseOn: "2026-02-11"),
                          occurred: at("2026-02-02T11:00:00Z"), recorded: at("2026-02-02T11:05:00Z"))
            try tl.append(ref, SARExemptionApplied(paragraph: "Sch3 Para11", reasons: "Serious harm"),
                          occurred: at("2026-02-05T11:00:00Z"), recorded: at("2026-02-05T11:05:00Z"))
            try tl.append(ref, SARResponded(outcome: .providedInPart, exemptions: ["Sch3 Para11"], method: .secureEmail, signedOffBy: "c.imlo",
                                            respondedAt: "2026-02-10T10:00:00Z", contentsSupplied: [.controllerIdentity, .descriptionOfData, .purposes],
                                            scraInformationReleased: false),
                          occurred: at("2026-02-10T10:00:00Z"), recorded: at("2026-02-10T10:05:00Z"))
            row = try #require(try tl.snapshot().sar.first)
            #expect(row.childConsent == "consented")
            #expect(row.scraConsent == "refused")
            #expect(row.lastUpdateOn == "2026-02-02")
            #expect(row.estimatedResponseOn == "2026-02-11")
            #expect(row.exemptionsApplied == ["Sch3 Para11"])
            #expect(row.contentsSupplied == ["controllerIdentity", "descriptionOfData", "purposes"])
            #expect(row.missingSteps == ["automatedDecisionMaking", "recipients", "source", "suppliedNote"])
        }
    }
}
