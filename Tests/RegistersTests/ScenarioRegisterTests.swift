import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore
@testable import Registers

/// Every register row of the hand-built scenario, written out by hand.
///
/// Working days: FOIA and EIR skip every UK division's bank holidays; 2025 has 17 March (NI),
/// 18 April (Good Friday), 21 April (E&W, NI), 5 and 26 May, 14 July (NI), 4 August (Scotland),
/// 25 August (E&W, NI). FOISA skips Scotland's only; SARs, breaches and near misses use the home
/// division (England and Wales). Day one is the first working day after the start day.
@Suite("Scenario registers")
struct ScenarioRegisterTests {
    static func expectedFOI(_ b: Scenario.Built) -> [FOIRow] {
        var rows: [FOIRow] = []

        var r = FOIRow(reference: "EIR-2025-0001", regime: "eir", requesterType: "business", channel: "email",
                       summary: "Air quality monitoring data 2020-2025", service: "Environment",
                       receivedAt: "2025-08-11T09:00:00Z", receivedOn: day("2025-08-11"))
        r.status = "responded"
        r.acknowledgementDueAt = "2025-08-13T09:00:00Z"
        r.acknowledgedAt = "2025-08-12T09:00:00Z"
        r.acknowledgedOnTime = true
        r.extensionWorkingDays = 20
        // 40 working days after Mon 11 Aug: 12-15 (4), 18-22 (9), 25 Aug bank holiday, 26-29 (13),
        // Sep 1-5 (18), 8-12 (23), 15-19 (28), 22-26 (33), 29-30 (35), Oct 1-3 (38), 6 (39), 7 (40).
        r.dueOn = day("2025-10-07")
        r.respondedAt = "2025-09-30T11:00:00Z"
        r.respondedOn = day("2025-09-30")
        r.workingDaysTaken = 35
        r.onTime = true
        r.outcome = "grantedInFull"
        r.signedOffBy = "h.foi"
        r.missingSteps = ["appealRights", "reviewRights"]  // the FOI policy "Complaints": review and appeal rights not recorded
        rows.append(r)

        r = FOIRow(reference: "FOI-2025-0001", regime: "foia", requesterType: "individual", channel: "email",
                   summary: "Planning applications decided in 2024", service: "Planning",
                   receivedAt: "2025-03-03T10:00:00Z", receivedOn: day("2025-03-03"))
        r.status = "responded"
        r.acknowledgementDueAt = "2025-03-05T10:00:00Z"
        r.acknowledgedAt = "2025-03-04T09:00:00Z"
        r.acknowledgedOnTime = true
        // Mar 4-7 (4), 10-14 (9), 17 Mar NI bank holiday, 18-21 (13), 24-28 (18), 31 (19), Apr 1 (20).
        r.dueOn = day("2025-04-01")
        r.respondedAt = "2025-03-25T14:00:00Z"
        r.respondedOn = day("2025-03-25")
        r.workingDaysTaken = 15  // 4 + 5 + 4 + (24, 25)
        r.onTime = true
        r.outcome = "grantedInFull"
        r.publishedOn = day("2025-04-02")
        r.signedOffBy = "h.foi"
        r.missingSteps = ["appealRights", "reviewRights"]
        rows.append(r)

        r = FOIRow(reference: "FOI-2025-0002", regime: "foia", requesterType: "media", channel: "webForm",
                   summary: "Spending on management consultants 2023-24", service: "Finance",
                   receivedAt: "2025-04-01T09:00:00Z", receivedOn: day("2025-04-01"))
        r.status = "responded"
        r.acknowledgementDueAt = "2025-04-03T09:00:00Z"
        r.acknowledgedAt = "2025-04-01T15:00:00Z"
        r.acknowledgedOnTime = true
        r.clarificationRequestedOn = day("2025-04-02")
        r.clarifiedOn = day("2025-04-10")
        // From the clarification (Thu 10 Apr): 11 (1), 14-17 (5), Good Friday 18 and Easter Monday 21,
        // 22-25 (9), 28-30 (12), May 1-2 (14), 5 May holiday, 6-9 (18), 12 (19), 13 (20).
        r.dueOn = day("2025-05-13")
        r.respondedAt = "2025-05-13T16:00:00Z"
        r.respondedOn = day("2025-05-13")
        r.workingDaysTaken = 20
        r.onTime = true
        r.outcome = "grantedInPart"
        r.exemptions = ["21"]
        r.exemptionsApplied = ["21"]
        r.publishedOn = day("2025-05-20")
        r.signedOffBy = "h.foi"
        r.missingSteps = ["appealRights", "reviewRights", "section21Location"]  // s21 without where it is
        rows.append(r)

        r = FOIRow(reference: "FOI-2025-0003", regime: "foia", requesterType: "business", channel: "post",
                   summary: "Copies of the CCTV policy, with printed maps", service: "Highways",
                   receivedAt: "2025-06-02T09:30:00Z", receivedOn: day("2025-06-02"))
        r.status = "responded"
        r.acknowledgementDueAt = "2025-06-04T09:30:00Z"
        r.acknowledgedAt = "2025-06-03T09:00:00Z"
        r.acknowledgedOnTime = true
        r.feeNotices = [FeeNotice(issuedOn: day("2025-06-05"), paidOn: day("2025-06-12"), amountPence: 2500)]
        // Jun 3-4 (2); fee notice 5 Jun to payment 12 Jun not counted (5, 6, 9, 10, 11, 12);
        // 13 (3), 16-20 (8), 23-27 (13), 30 (14), Jul 1-4 (18), 7 (19), 8 (20).
        r.dueOn = day("2025-07-08")
        r.respondedAt = "2025-07-10T10:00:00Z"
        r.respondedOn = day("2025-07-10")
        r.workingDaysTaken = 22  // 20 by 8 July, then 9 and 10 July
        r.onTime = false
        r.outcome = "grantedInFull"
        r.signedOffBy = "h.foi"
        r.missingSteps = ["appealRights", "reviewRights"]
        rows.append(r)

        r = FOIRow(reference: "FOI-2025-0004", regime: "foia", requesterType: "campaign", channel: "email",
                   summary: "Correspondence with the waste contractor about renewal", service: "Environment",
                   receivedAt: "2025-07-01T10:00:00Z", receivedOn: day("2025-07-01"))
        r.status = "responded"
        r.acknowledgementDueAt = "2025-07-03T10:00:00Z"
        r.acknowledgedAt = "2025-07-02T10:00:00Z"
        r.acknowledgedOnTime = true
        r.extensionWorkingDays = 20
        // 40 working days after Tue 1 Jul: 2-4 (3), 7-11 (8), 14 Jul NI holiday, 15-18 (12), 21-25 (17),
        // 28 Jul-1 Aug (22), 4 Aug Scottish holiday, 5-8 (26), 11-15 (31), 18-22 (36), 25 Aug holiday, 26-29 (40).
        r.dueOn = day("2025-08-29")
        r.respondedAt = "2025-08-20T12:00:00Z"
        r.respondedOn = day("2025-08-20")
        r.workingDaysTaken = 34  // 31 by 15 Aug, then 18, 19, 20
        r.onTime = true
        r.outcome = "grantedInFull"  // the further response after the review
        r.exemptions = ["43(2)"]
        r.exemptionsApplied = ["43(2)"]
        r.furtherResponseOn = day("2025-09-26")
        // Review requested Wed 27 Aug: 28-29 (2), Sep 1-5 (7), 8-12 (12), 15-19 (17), 22-24 (20).
        r.internalReview = InternalReviewRecord(requestedOn: day("2025-08-27"), dueOn: day("2025-09-24"), decidedOn: day("2025-09-19"),
                                                outcome: "overturned", onTime: true)
        r.publishedOn = day("2025-09-30")
        r.signedOffBy = "h.foi"
        r.missingSteps = ["appealRights", "reviewRights"]
        r.internalReview?.reviewer = "r.reviewer"
        r.internalReview?.reviewerSignedOffResponse = false
        rows.append(r)

        r = FOIRow(reference: "FOI-2025-0005", regime: "foisa", requesterType: "individual", channel: "email",
                   summary: "School transport eligibility criteria", service: "Education",
                   receivedAt: "2025-07-31T10:00:00Z", receivedOn: day("2025-07-31"))
        r.status = "open"
        r.acknowledgementDueAt = "2025-08-02T10:00:00Z"
        r.acknowledgedAt = "2025-07-31T12:00:00Z"
        r.acknowledgedOnTime = true
        // FOISA: Scottish holidays only. Aug 1 (1), 4 Aug Scottish holiday, 5-8 (5), 11-15 (10),
        // 18-22 (15), 25-29 (20): 25 August is not a Scottish bank holiday.
        r.dueOn = day("2025-08-29")
        rows.append(r)

        r = FOIRow(reference: "FOI-2025-0006", regime: "foia", requesterType: "media", channel: "email",
                   summary: "Agency staff costs in 2024-25", service: "HR",
                   receivedAt: "2025-09-01T09:00:00Z", receivedOn: day("2025-09-01"))
        r.status = "responded"
        r.acknowledgementDueAt = "2025-09-03T09:00:00Z"
        r.acknowledgedAt = "2025-09-04T11:00:00Z"
        r.acknowledgedOnTime = false
        // Sep 2-5 (4), 8-12 (9), 15-19 (14), 22-26 (19), 29 (20).
        r.dueOn = day("2025-09-29")
        r.respondedAt = "2025-09-26T15:00:00Z"
        r.respondedOn = day("2025-09-26")
        r.workingDaysTaken = 19
        r.onTime = true
        r.outcome = "notHeld"
        // Occurred 09:00 on 1 Sep, recorded 10:00 on 4 Sep: 73 hours (threshold 24).
        r.lateEntries = [LateEntry(eventType: "RequestReceived", position: b.position("FOI6-received"), occurredAt: "2025-09-01T09:00:00Z",
                                   recordedAt: "2025-09-04T10:00:00Z", hoursLate: 73)]
        r.signedOffBy = "h.foi"
        r.missingSteps = ["appealRights", "reviewRights"]
        rows.append(r)

        r = FOIRow(reference: "FOI-2025-0007", regime: "foia", requesterType: "individual", channel: "email",
                   summary: "Council tax arrears statistics by ward", service: "Finance",
                   receivedAt: "2025-05-06T10:00:00Z", receivedOn: day("2025-05-06"))
        r.status = "responded"
        r.acknowledgementDueAt = "2025-05-08T10:00:00Z"
        r.acknowledgedAt = "2025-05-06T14:00:00Z"
        r.acknowledgedOnTime = true
        // May 7-9 (3), 12-16 (8), 19-23 (13), 26 May holiday, 27-30 (17), Jun 2-4 (20).
        r.dueOn = day("2025-06-04")
        r.respondedAt = "2025-05-20T10:00:00Z"
        r.respondedOn = day("2025-05-20")
        r.workingDaysTaken = 10  // 8 by 16 May, then 19, 20
        r.onTime = true
        r.outcome = "grantedInFull"
        r.linkedBreaches = ["BR-2025-0003"]
        r.signedOffBy = "h.foi"
        r.missingSteps = ["appealRights", "reviewRights"]
        rows.append(r)

        r = FOIRow(reference: "FOI-2025-0008", regime: "foia", requesterType: "other", channel: "social",
                   summary: "Number of parking permits issued", service: "Highways",
                   receivedAt: "2025-09-15T09:00:00Z", receivedOn: day("2025-09-15"))
        r.status = "withdrawn"
        r.acknowledgementDueAt = "2025-09-17T09:00:00Z"
        // Sep 16-19 (4), 22-26 (9), Sep 29-Oct 3 (14), 6-10 (19), 13 (20): still shown after withdrawal.
        r.dueOn = day("2025-10-13")
        r.closedOn = day("2025-09-22")
        rows.append(r)

        r = FOIRow(reference: "FOI-2025-0009", regime: "foia", requesterType: "business", channel: "email",
                   summary: "Printed copies of the highways asset register", service: "Highways",
                   receivedAt: "2025-09-10T09:00:00Z", receivedOn: day("2025-09-10"))
        r.status = "awaitingFee"
        r.acknowledgementDueAt = "2025-09-12T09:00:00Z"
        r.acknowledgedAt = "2025-09-10T16:00:00Z"
        r.acknowledgedOnTime = true
        r.feeNotices = [FeeNotice(issuedOn: day("2025-09-12"), amountPence: 4000)]
        r.dueOn = nil  // the clock is stopped until the fee is paid
        rows.append(r)

        r = FOIRow(reference: "FOI-2025-0010", regime: "foia", requesterType: "mpOrElected", channel: "email",
                   summary: "Road resurfacing programme 2025-26", service: "Highways",
                   receivedAt: "2025-09-17T09:00:00Z", receivedOn: day("2025-09-17"))
        r.status = "open"
        r.acknowledgementDueAt = "2025-09-19T09:00:00Z"
        r.acknowledgedAt = "2025-09-18T09:00:00Z"
        r.acknowledgedOnTime = true
        // Corrected receipt Wed 17 Sep: 18-19 (2), 22-26 (7), Sep 29-Oct 3 (12), 6-10 (17), 13-15 (20).
        r.dueOn = day("2025-10-15")
        r.correctedFields = ["RequestReceived.receivedAt"]
        rows.append(r)

        r = FOIRow(reference: "FOI-2025-0011", regime: "foia", requesterType: "individual", channel: "email",
                   summary: "All emails mentioning the leisure centre since 2015", service: "Leisure",
                   receivedAt: "2025-06-16T09:00:00Z", receivedOn: day("2025-06-16"))
        r.status = "regulatorComplaint"
        r.acknowledgementDueAt = "2025-06-18T09:00:00Z"
        r.acknowledgedAt = "2025-06-16T13:00:00Z"
        r.acknowledgedOnTime = true
        // Jun 17-20 (4), 23-27 (9), Jun 30-Jul 4 (14), 7-11 (19), 14 Jul NI holiday, 15 (20).
        r.dueOn = day("2025-07-15")
        r.respondedAt = "2025-07-03T10:00:00Z"
        r.respondedOn = day("2025-07-03")
        r.workingDaysTaken = 13  // 9 by 27 Jun, then 30 Jun, 1, 2, 3 Jul
        r.onTime = true
        r.outcome = "refused"
        r.proceduralRefusal = "costLimit"
        // Review requested Mon 7 Jul: 8-11 (4), 14 holiday, 15-18 (8), 21-25 (13), 28 Jul-1 Aug (18),
        // 4 Aug Scottish holiday, 5 (19), 6 (20).
        r.internalReview = InternalReviewRecord(requestedOn: day("2025-07-07"), dueOn: day("2025-08-06"), decidedOn: day("2025-07-30"),
                                                outcome: "upheld", onTime: true)
        r.regulatorComplaint = RegulatorComplaintRecord(regulator: "ico", receivedOn: day("2025-08-20"), regulatorReference: "IC-123456-A1B2")
        r.signedOffBy = "h.foi"
        r.costLimitAdviceGiven = false
        r.missingSteps = ["appealRights", "costLimitAdvice", "reviewAppealRights", "reviewRights"]
        r.internalReview?.reviewer = "r.reviewer"
        r.internalReview?.reviewerSignedOffResponse = false
        rows.append(r)
        return rows
    }

    static var expectedSAR: [SARRow] {
        func sealed(_ ref: String) -> PersonalValue {
            PersonalValue(.object(["$sealed": .object(["alg": .string("A256GCM"), "key": .string("subj-CANARY-\(ref)-KEY"),
                                                       "ct": .string("CANARY-\(ref)-CIPHERTEXT")])]))
        }
        var rows: [SARRow] = []
        var r = SARRow(reference: "SAR-2025-0001", channel: "email", receivedAt: "2025-01-31T10:00:00Z", receivedOn: day("2025-01-31"),
                       service: "Adult Social Care")
        r.summary = sealed("SAR-2025-0001")
        r.status = "responded"
        r.startOn = day("2025-01-31")
        r.dueOn = day("2025-02-28")  // February has no 31st: its last day, a Friday
        r.respondedAt = "2025-02-27T12:00:00Z"
        r.respondedOn = day("2025-02-27")
        r.calendarDaysTaken = 27
        r.workingDaysTaken = 19  // Feb 3-7, 10-14, 17-21 (15), 24-27 (19)
        r.onTime = true
        r.outcome = "providedInFull"
        r.signedOffBy = "d.dpo"
        r.suppliedNoteKept = false
        r.missingSteps = ["automatedDecisionMaking", "controllerIdentity", "descriptionOfData", "purposes", "recipients", "source", "suppliedNote"]  // the data protection policy §2.8.1, §2.8.5
        rows.append(r)

        r = SARRow(reference: "SAR-2025-0002", channel: "post", receivedAt: "2025-03-10T09:00:00Z", receivedOn: day("2025-03-10"), service: "Housing")
        r.viaRepresentative = true
        r.summary = sealed("SAR-2025-0002")
        r.status = "responded"
        r.identityRequestedOn = day("2025-03-10")
        r.identityVerifiedOn = day("2025-03-14")
        r.startOn = day("2025-03-14")
        r.dueOn = day("2025-04-14")  // Monday
        r.respondedAt = "2025-04-16T10:00:00Z"
        r.respondedOn = day("2025-04-16")
        r.calendarDaysTaken = 33  // 17 days to 31 Mar + 16
        r.workingDaysTaken = 23  // Mar 17-21, 24-28, Mar 31-Apr 4, 7-11 (20), 14-16 (23); 17 Mar is NI only
        r.onTime = false
        r.outcome = "providedInPart"
        r.signedOffBy = "d.dpo"
        r.suppliedNoteKept = false
        r.missingSteps = ["automatedDecisionMaking", "controllerIdentity", "descriptionOfData", "purposes", "recipients", "source", "suppliedNote"]
        rows.append(r)

        r = SARRow(reference: "SAR-2025-0003", channel: "email", receivedAt: "2025-04-22T10:00:00Z", receivedOn: day("2025-04-22"),
                   service: "Children's Services")
        r.summary = sealed("SAR-2025-0003")
        r.status = "responded"
        r.clarificationRequestedOn = day("2025-04-23")
        r.clarifiedOn = day("2025-04-28")
        r.startOn = day("2025-04-28")
        r.extensionMonths = 2
        r.extensionReason = "complex"
        r.dueOn = day("2025-07-28")  // three months after 28 April, a Monday
        r.respondedAt = "2025-07-21T10:00:00Z"
        r.respondedOn = day("2025-07-21")
        r.calendarDaysTaken = 84  // 2 + 31 + 30 + 21
        // Apr 29-30 (2); May: 22 weekdays less 5 and 26 May (20) → 22; June 21 → 43; Jul 1-21: 15 → 58.
        r.workingDaysTaken = 58
        r.onTime = true
        r.outcome = "providedInPart"
        r.thirdPartyDecisions = ["redacted"]
        r.signedOffBy = "d.dpo"
        r.suppliedNoteKept = false
        r.missingSteps = ["automatedDecisionMaking", "controllerIdentity", "descriptionOfData", "purposes", "recipients", "source", "suppliedNote"]
        rows.append(r)

        r = SARRow(reference: "SAR-2025-0004", channel: "email", receivedAt: "2025-08-30T10:00:00Z", receivedOn: day("2025-08-30"), service: "Housing")
        r.summary = PersonalValue(.string("CANARY-PLAIN my repairs complaints"))
        r.status = "open"
        r.startOn = day("2025-08-30")
        r.dueOn = day("2025-09-30")  // Tuesday
        rows.append(r)
        return rows
    }

    static var expectedBreach: [BreachRow] {
        var rows: [BreachRow] = []
        var r = BreachRow(reference: "BR-2025-0001", service: "Adult Social Care", discoveredAt: "2025-02-10T09:00:00Z",
                          discoveredOn: day("2025-02-10"), reportedAt: "2025-02-10T11:00:00Z")
        r.occurredOn = day("2025-02-07")
        r.categories = ["loss"]
        r.sensitive = true
        r.howHeld = "paper"
        r.dataSubjectCount = 12
        r.dataSubjectCategories = ["service users"]
        r.approximateRecordCount = 12
        r.reportedToBusinessManagerAt = "2025-02-10T10:00:00Z"
        r.escalations = [EscalationRecord(to: "businessManager", at: "2025-02-10T10:00:00Z", reportingFormSent: true)]
        r.reportingFormDueOn = day("2025-02-12")  // Mon 10 Feb + 2 working days
        r.reportingFormSentAt = "2025-02-10T10:00:00Z"
        r.reportingFormOnTime = true
        r.riskLevel = "high"
        r.numberOfIndividuals = 12
        r.policeInvolvement = "notRequired"
        r.icoDecision = "notify"
        r.icoDecidedAt = "2025-02-11T10:00:00Z"
        r.icoDueAt = "2025-02-13T09:00:00Z"  // 72 hours after awareness (GMT)
        r.icoNotifiedAt = "2025-02-14T12:00:00Z"
        r.icoReference = "ICO/BR/0001"
        r.notifiedWithin72h = false
        r.reasonsForDelay = "Waited for the care provider to confirm which records were in the file"
        r.subjectsNotifiedOn = day("2025-02-17")
        r.subjectsNotifiedCount = 12
        r.investigationLead = "l.legal"
        r.investigationOpenedOn = day("2025-02-11")
        r.investigationDueOn = day("2025-03-11")
        r.investigationConcludedOn = day("2025-03-05")
        r.preventiveMeasures = "Lockable cases for all staff"
        r.immediateMeasures = "Recovered what could be recovered"
        r.proposedMeasures = "Refresher training for the team"
        r.closedOn = day("2025-03-10")
        r.status = "closed"
        // The breach procedure §3.1–3.4, §5.5: sensitive, so reported immediately (the same working day, Mon 10 Feb);
        // the Director "upon hearing" (that day) was never recorded; the form went to the Business Manager only.
        r.investigationOrdered = true
        r.reportClock = "immediate"
        r.reportDueOn = day("2025-02-10")
        r.businessManagerToldAt = "2025-02-10T10:00:00Z"
        r.reportOnTime = true
        r.directorDueOn = day("2025-02-10")
        r.formMissingRecipients = ["director", "headOfLegal"]
        r.updatedFormDueOn = day("2025-02-24")  // two weeks after 10 Feb
        rows.append(r)

        r = BreachRow(reference: "BR-2025-0002", service: "Housing", discoveredAt: "2025-06-03T14:00:00Z", discoveredOn: day("2025-06-03"),
                      reportedAt: "2025-06-03T15:00:00Z")
        r.occurredOn = day("2025-06-03")
        r.categories = ["unauthorisedDisclosure", "humanError"]
        r.howHeld = "electronic"
        r.dataSubjectCount = 1
        r.dataSubjectCategories = ["tenants"]
        r.approximateRecordCount = 1
        r.escalations = [EscalationRecord(to: "businessManager", at: "2025-06-05T09:00:00Z", reportingFormSent: true)]
        r.reportingFormDueOn = day("2025-06-05")  // Tue 3 Jun: 4 (1), 5 (2)
        r.reportingFormSentAt = "2025-06-05T09:00:00Z"
        r.reportingFormOnTime = true
        r.riskLevel = "low"
        r.numberOfIndividuals = 1
        r.policeInvolvement = "notRequired"
        r.icoDecision = "doNotNotify"
        r.icoDecisionReasons = "Email recalled unread by another council officer; no risk to rights and freedoms"
        r.icoDecidedAt = "2025-06-04T10:00:00Z"
        r.icoDueAt = "2025-06-06T14:00:00Z"
        r.immediateMeasures = "Recovered what could be recovered"
        r.proposedMeasures = "Refresher training for the team"
        r.closedOn = day("2025-06-20")
        r.status = "closed"
        // Not sensitive: within 2 working days (5 Jun), and the Business Manager had the form that day.
        r.investigationOrdered = false
        r.reportClock = "twoWorkingDays"
        r.reportDueOn = day("2025-06-05")
        r.businessManagerToldAt = "2025-06-05T09:00:00Z"
        r.reportOnTime = true
        r.formMissingRecipients = ["director", "headOfLegal"]
        rows.append(r)

        r = BreachRow(reference: "BR-2025-0003", service: "Finance", discoveredAt: "2025-05-22T08:30:00Z", discoveredOn: day("2025-05-22"),
                      reportedAt: "2025-05-22T10:00:00Z")
        r.occurredOn = day("2025-05-20")
        r.categories = ["unauthorisedDisclosure"]
        r.howHeld = "electronic"
        r.dataSubjectCount = 250
        r.dataSubjectCategories = ["council tax payers"]
        r.approximateRecordCount = 250
        r.escalations = [EscalationRecord(to: "director", at: "2025-05-28T09:00:00Z", reportingFormSent: true)]
        r.reportingFormDueOn = day("2025-05-27")  // Thu 22 May: 23 (1), weekend, 26 May holiday, 27 (2)
        r.reportingFormSentAt = "2025-05-28T09:00:00Z"
        r.reportingFormOnTime = false
        r.icoDecision = "notify"
        r.icoDecidedAt = "2025-05-23T09:00:00Z"
        r.icoDueAt = "2025-05-25T08:30:00Z"
        r.icoNotifiedAt = "2025-05-24T10:00:00Z"
        r.icoReference = "ICO/BR/0003"
        r.notifiedWithin72h = true
        r.investigationLead = "a.auditor"
        r.investigationOpenedOn = day("2025-05-28")
        r.investigationDueOn = day("2025-06-30")
        r.immediateMeasures = "Recovered what could be recovered"
        r.proposedMeasures = "Refresher training for the team"
        r.linkedRequests = ["FOI-2025-0007"]
        r.status = "investigating"
        // Business Manager never recorded (due 27 May); the Director told 28 May, so the Head of Legal the same day;
        // the form went to the Director only; the updated form two weeks after 22 May.
        r.investigationOrdered = true
        r.reportClock = "twoWorkingDays"
        r.reportDueOn = day("2025-05-27")
        r.directorToldAt = "2025-05-28T09:00:00Z"
        r.headOfLegalDueOn = day("2025-05-28")
        r.formMissingRecipients = ["headOfLegal"]
        r.updatedFormDueOn = day("2025-06-05")
        // The wrongful-release protocol: a media story likely (medium) and Legal informed on the link; the Press Office not.
        var release = WrongfulReleaseRecord(linkedOn: day("2025-05-22"), mediaStoryLikely: true, legalChallengeLikely: true, personalDataReleased: true)
        release.partiesInformed = [.init(party: "foiTeam", at: nil), .init(party: "legal", at: nil)]
        release.partiesMissing = ["pressOffice"]
        r.wrongfulRelease = release
        rows.append(r)

        r = BreachRow(reference: "BR-2025-0004", service: "Housing", discoveredAt: "2025-09-29T09:00:00Z", discoveredOn: day("2025-09-29"),
                      reportedAt: "2025-09-29T10:00:00Z")
        r.occurredOn = day("2025-09-28")
        r.categories = ["theft"]
        r.sensitive = true
        r.howHeld = "electronic"
        r.dataSubjectCount = 40
        r.dataSubjectCategories = ["staff"]
        r.approximateRecordCount = 40
        r.reportingFormDueOn = day("2025-10-01")  // Mon 29 Sep: 30 (1), Oct 1 (2)
        r.icoDueAt = "2025-10-02T09:00:00Z"
        r.immediateMeasures = "Recovered what could be recovered"
        r.proposedMeasures = "Refresher training for the team"
        r.status = "open"
        r.investigationOrdered = false
        r.reportClock = "immediate"  // sensitive: the same working day, Mon 29 Sep
        r.reportDueOn = day("2025-09-29")
        rows.append(r)
        return rows
    }

    static var expectedNearMiss: [NearMissRow] {
        var r1 = NearMissRow(reference: "NM-2025-0001", service: "Housing", occurredOn: day("2025-03-03"), reportedOn: day("2025-03-07"),
                             potentialCategory: "unauthorisedDisclosure")
        r1.description = PersonalValue(.object(["$sealed": .object(["alg": .string("A256GCM"), "key": .string("subj-CANARY-NM-2025-0001-KEY"),
                                                                    "ct": .string("CANARY-NM-2025-0001-CIPHERTEXT")])]))
        r1.reportDueOn = day("2025-03-10")  // Mar 4-7 (4), 10 (5)
        r1.reportedOnTime = true
        r1.reviewDueOn = day("2025-03-14")  // after the report (Fri 7 Mar): 10-14
        r1.weakness = "process"
        r1.action = "Two-person check on outgoing letters"
        r1.reviewedOn = day("2025-03-14")
        r1.status = "reviewed"

        var r2 = NearMissRow(reference: "NM-2025-0002", service: "Adult Social Care", occurredOn: day("2025-08-20"), reportedOn: day("2025-09-01"),
                             potentialCategory: "loss")
        r2.description = PersonalValue(.string("CANARY-PLAIN laptop left at a named client's home"))
        r2.reportDueOn = day("2025-08-28")  // 21-22 (2), 25 Aug holiday, 26-28 (5)
        r2.reportedOnTime = false
        r2.reviewDueOn = day("2025-09-08")  // Sep 2-5 (4), 8 (5)

        var r3 = NearMissRow(reference: "NM-2025-0003", service: "Housing", occurredOn: day("2025-09-24"), reportedOn: day("2025-09-25"),
                             potentialCategory: "humanError")
        r3.description = PersonalValue(.string("CANARY-PLAIN wrong attachment caught before sending"))
        r3.reportDueOn = day("2025-10-01")  // 25-26 (2), 29-30 (4), Oct 1 (5)
        r3.reportedOnTime = true
        r3.reviewDueOn = day("2025-10-02")  // 26 (1), 29-30 (3), Oct 1-2 (5)
        return [r1, r2, r3]
    }

    @Test func everyStoredRowMatchesTheHandWorkedValues() throws {
        try withTemporaryDirectory { dir in
            let b = try Scenario.build(in: dir)
            let s = try b.ledger.snapshot()
            // Every scenario case is opened by a.officer and none is reassigned: each row's officer.
            func opened<R: CaseRow>(_ rows: [R]) -> [R] { rows.map { var r = $0; r.officer = "a.officer"; return r } }
            let foi = opened(Self.expectedFOI(b))
            #expect(s.foi.map(\.reference) == foi.map(\.reference))
            for (got, want) in zip(s.foi, foi) { #expect(got == want, "\(want.reference)") }
            #expect(s.sar.count == Self.expectedSAR.count)
            for (got, want) in zip(s.sar, opened(Self.expectedSAR)) { #expect(got == want, "\(want.reference)") }
            #expect(s.breach.count == Self.expectedBreach.count)
            for (got, want) in zip(s.breach, opened(Self.expectedBreach)) { #expect(got == want, "\(want.reference)") }
            #expect(s.nearMiss == opened(Self.expectedNearMiss))
        }
    }

    @Test func overdueOnTheFirstOfOctober() throws {
        try withTemporaryDirectory { dir in
            let b = try Scenario.build(in: dir)
            let s = try b.ledger.snapshot()
            let t = Scenario.today
            func overdue<R: RegisterRow>(_ rows: [R], _ steps: (R) -> [String]?) -> [String: [String]] {
                var out: [String: [String]] = [:]
                for r in s.evaluated(rows, today: t) where !(steps(r) ?? []).isEmpty { out[r.reference] = steps(r) }
                return out
            }
            // FOISA request due 29 Aug, unanswered.
            #expect(overdue(s.foi, \.overdueSteps) == ["FOI-2025-0005": ["response"]])
            // Due 30 Sep, unanswered.
            #expect(overdue(s.sar, \.overdueSteps) == ["SAR-2025-0004": ["response"]])
            // Investigation due 30 Jun, not concluded; BR-2025-0004's form is due today (not overdue) and ICO tomorrow.
            // The breach procedure §3.2 and §5.5 and the wrongful-release protocol add: BR-2025-0003's Head of Legal not told the
            // day the Director was, no updated form, Press Office not told, no affected party contacted; BR-2025-0004
            // (sensitive) not reported the same working day (§3.1).
            #expect(overdue(s.breach, \.overdueSteps) == [
                "BR-2025-0003": ["investigation", "headOfLegalNotification", "updatedReportingForm", "pressOffice", "affectedPartyContact"],
                "BR-2025-0004": ["reportToBusinessManager"],
            ])
            // Review due 8 Sep, not done; NM-2025-0003's review is due 2 Oct.
            #expect(overdue(s.nearMiss, \.overdueSteps) == ["NM-2025-0002": ["review"]])
            // On the day FOI-2025-0005 fell due it was not overdue; the day after it was.
            #expect(s.evaluated(s.foi, today: day("2025-08-29")).first { $0.reference == "FOI-2025-0005" }?.overdue == false)
            #expect(s.evaluated(s.foi, today: day("2025-09-01")).first { $0.reference == "FOI-2025-0005" }?.overdue == true)
        }
    }

    @Test func disclosureLogListsOnlyPublishedResponses() throws {
        try withTemporaryDirectory { dir in
            let b = try Scenario.build(in: dir)
            let out = try b.ledger.snapshot().rows(.disclosure, today: Scenario.today)
            let expected: [JSONValue] = [
                try .parse(#"{"documents":[{"sha256":"\#(String(repeating: "a", count: 64))","title":"Planning decisions 2024.xlsx"}],"exemptions":[],"outcome":"grantedInFull","publishedOn":"2025-04-02","reference":"FOI-2025-0001","regime":"foia","respondedOn":"2025-03-25","summary":"Planning applications decided in 2024","url":"https://example.gov.uk/disclosure/FOI-2025-0001"}"#),
                try .parse(#"{"documents":[{"sha256":"\#(String(repeating: "c", count: 64))","title":"Consultancy spend 2023-24 (published).csv"}],"exemptions":["21"],"outcome":"grantedInPart","publishedOn":"2025-05-20","reference":"FOI-2025-0002","regime":"foia","respondedOn":"2025-05-13","summary":"Spending on management consultants 2023-24"}"#),
                // The further response's outcome and documents; the first response's date.
                try .parse(#"{"documents":[{"sha256":"\#(String(repeating: "d", count: 64))","title":"Contractor correspondence.pdf"}],"exemptions":[],"outcome":"grantedInFull","publishedOn":"2025-09-30","reference":"FOI-2025-0004","regime":"foia","respondedOn":"2025-08-20","summary":"Correspondence with the waste contractor about renewal"}"#),
            ]
            #expect(out.json == expected)
        }
    }

    @Test func wrongfulReleaseShowsOnBothRows() throws {
        try withTemporaryDirectory { dir in
            let s = try Scenario.build(in: dir).ledger.snapshot()
            #expect(s.foi.first { $0.reference == "FOI-2025-0007" }?.linkedBreaches == ["BR-2025-0003"])
            #expect(s.breach.first { $0.reference == "BR-2025-0003" }?.linkedRequests == ["FOI-2025-0007"])
            let foiCSV = try s.rows(.foi, filter: RegisterFilter(service: "Finance"), today: Scenario.today).csv
            #expect(foiCSV.contains("BR-2025-0003"))
        }
    }

    @Test func filters() throws {
        try withTemporaryDirectory { dir in
            let s = try Scenario.build(in: dir).ledger.snapshot()
            let t = Scenario.today
            func refs(_ r: RegisterName, _ f: RegisterFilter) throws -> [String] {
                try s.rows(r, filter: f, today: t).json.compactMap { $0["reference"]?.stringValue }
            }
            #expect(try refs(.foi, RegisterFilter(status: "open")) == ["FOI-2025-0005", "FOI-2025-0010"])
            #expect(try refs(.foi, RegisterFilter(overdue: true)) == ["FOI-2025-0005"])
            #expect(try refs(.foi, RegisterFilter(regime: "eir")) == ["EIR-2025-0001"])
            #expect(try refs(.foi, RegisterFilter(outcome: "refused")) == ["FOI-2025-0011"])
            #expect(try refs(.foi, RegisterFilter(exemption: "43")) == ["FOI-2025-0004"])
            #expect(try refs(.foi, RegisterFilter(exemption: "43(2)")) == ["FOI-2025-0004"])
            #expect(try refs(.foi, RegisterFilter(service: "highways")) == ["FOI-2025-0003", "FOI-2025-0008", "FOI-2025-0009", "FOI-2025-0010"])
            #expect(try refs(.foi, RegisterFilter(from: day("2025-09-01"), to: day("2025-09-15"))) == ["FOI-2025-0006", "FOI-2025-0008", "FOI-2025-0009"])
            // Due within 10 working days of 1 Oct (by 15 Oct), overdue included: FOI-2025-0005 (29 Aug) and FOI-2025-0010 (15 Oct).
            #expect(try refs(.foi, RegisterFilter(dueWithinWorkingDays: 10)) == ["FOI-2025-0005", "FOI-2025-0010"])
            #expect(try refs(.foi, RegisterFilter(dueWithinWorkingDays: 9)) == ["FOI-2025-0005"])
            #expect(try refs(.breach, RegisterFilter(category: "unauthorisedDisclosure")) == ["BR-2025-0002", "BR-2025-0003"])
            #expect(try refs(.breach, RegisterFilter(outcome: "doNotNotify")) == ["BR-2025-0002"])
            #expect(try refs(.nearMiss, RegisterFilter(service: "Housing")) == ["NM-2025-0001", "NM-2025-0003"])
            #expect(try refs(.sar, RegisterFilter(overdue: true)) == ["SAR-2025-0004"])
            #expect(try refs(.disclosure, RegisterFilter(exemption: "21")) == ["FOI-2025-0002"])
        }
    }
}
