import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore
@testable import Registers

/// Register rows and the due list for the breach procedure §3.1–3.4 and §5.5, the wrongful-release protocol
/// Steps 2, 4 and 5, and entries withdrawn from the disclosure log. Each test builds its own ledger in a
/// temporary directory.
@Suite("Breach escalation, wrongful release and withdrawal: register rows and the due list")
struct BreachEscalationRegisterTests {
    static var example: BreachReported { EventCatalogue.examples.first { $0.eventType == .breachReported } as! BreachReported }

    /// A report discovered at `discovered`, with the Business Manager told at `toManager` and no Director on the form.
    static func report(_ discovered: Timestamp, sensitive: Bool, riskToPeople: Bool? = nil, toManager: Timestamp? = nil,
                       investigation: Bool = true) -> BreachReported {
        var r = example
        r.discoveredAt = discovered
        r.occurredOn = LocalDate(discovered.date)
        r.sensitive = sensitive
        r.riskToPeople = riskToPeople
        r.reportedToBusinessManagerAt = toManager
        r.reportedToDirectorAt = nil
        r.investigationOrdered = investigation
        r.investigationDueOn = investigation ? LocalDate(discovered.date).adding(days: 14) : nil
        r.investigationLead = investigation ? r.investigationLead : nil
        return r
    }

    func add(_ l: TestLedger, _ ref: String, _ p: any EventPayload, _ at: String) throws {
        try l.append(ref, p, occurred: ts(at), recorded: ts(at))
    }

    func breach(_ l: TestLedger, _ ref: String) throws -> BreachRow {
        try #require(try l.snapshot().breach.first { $0.reference == ref })
    }

    @Test("the breach procedure §3.1 immediate clock and §3.2 'upon hearing' and 'the same day', with on-time flags and §3.4 recipients")
    func immediateEscalation() throws {
        try withTemporaryDirectory { dir in
            let l = try TestLedger(directory: dir)
            // Sensitive, discovered Tuesday 3 February 2026; the Business Manager told the same morning.
            try add(l, "BR-2026-0001", Self.report("2026-02-03T09:00:00Z", sensitive: true, toManager: "2026-02-03T10:00:00Z"), "2026-02-03T11:00:00Z")
            var r = try breach(l, "BR-2026-0001")
            #expect(r.reportClock == "immediate")
            #expect(r.reportDueOn == day("2026-02-03"))
            #expect(r.reportOnTime == true)
            #expect(r.directorDueOn == day("2026-02-03"))
            #expect(r.headOfLegalDueOn == nil)
            #expect(r.dueSteps.map(\.step).contains("directorNotification"))
            // The Director told the next day (late), the Head of Legal that afternoon (the same day: on time).
            try add(l, "BR-2026-0001", BreachEscalated(to: .director, escalatedAt: "2026-02-04T09:00:00Z", reportingFormSent: true), "2026-02-04T09:00:00Z")
            r = try breach(l, "BR-2026-0001")
            #expect(r.directorOnTime == false)
            #expect(r.headOfLegalDueOn == day("2026-02-04"))
            #expect(r.formMissingRecipients == ["headOfLegal"])
            #expect(r.evaluated(today: day("2026-02-05"), calculator: DeadlineCalculator()).overdueSteps?.contains("headOfLegalNotification") == true)
            try add(l, "BR-2026-0001", BreachEscalated(to: .headOfLegal, escalatedAt: "2026-02-04T15:00:00Z", reportingFormSent: true), "2026-02-04T15:00:00Z")
            r = try breach(l, "BR-2026-0001")
            #expect(r.headOfLegalOnTime == true)
            #expect(r.formMissingRecipients == [])
            #expect(!r.dueSteps.map(\.step).contains("headOfLegalNotification"))
            let csv = try l.snapshot().rows(.breach, today: day("2026-02-05")).csv
            #expect(csv.contains("Report clock"))
            #expect(csv.contains("immediate"))
        }
    }

    @Test("the reporting-chain clocks follow the events they depend on: an unrelated event leaves them, a voided escalation undoes them")
    func chainClocksOnTheirEvents() throws {
        try withTemporaryDirectory { dir in
            let l = try TestLedger(directory: dir)
            try add(l, "BR-2026-0001", Self.report("2026-02-03T09:00:00Z", sensitive: true, toManager: "2026-02-03T10:00:00Z"), "2026-02-03T11:00:00Z")
            let director = try l.append("BR-2026-0001", BreachEscalated(to: .director, escalatedAt: "2026-02-04T09:00:00Z", reportingFormSent: true),
                                        occurred: ts("2026-02-04T09:00:00Z"), recorded: ts("2026-02-04T09:00:00Z"))
            let told = try breach(l, "BR-2026-0001")
            #expect(told.headOfLegalDueOn == day("2026-02-04"))
            #expect(told.reportingFormSentAt == "2026-02-04T09:00:00Z")
            // An event the chain does not depend on leaves every clock as it was.
            try add(l, "BR-2026-0001", PoliceInformed(informedOn: day("2026-02-04")), "2026-02-04T12:00:00Z")
            let after = try breach(l, "BR-2026-0001")
            #expect(after.reportDueOn == told.reportDueOn && after.directorDueOn == told.directorDueOn)
            #expect(after.headOfLegalDueOn == told.headOfLegalDueOn && after.reportingFormDueOn == told.reportingFormDueOn)
            // Voiding the Director's escalation refolds the case: no Director told, so no Head of Legal clock and no form sent.
            try add(l, "BR-2026-0001", Voided(voidsEventId: director.uuidString.lowercased(), reason: "Recorded on the wrong case", authorisedBy: "dpo"),
                    "2026-02-04T13:00:00Z")
            let voided = try breach(l, "BR-2026-0001")
            #expect(voided.directorToldAt == nil && voided.directorOnTime == nil)
            #expect(voided.headOfLegalDueOn == nil)
            #expect(voided.reportingFormSentAt == nil && voided.reportingFormOnTime == nil)
            #expect(voided.formMissingRecipients == nil)
            #expect(voided.reportDueOn == day("2026-02-03") && voided.directorDueOn == day("2026-02-03"))
        }
    }

    @Test("the breach procedure §3.1: an ordinary breach has 2 working days; one putting someone at risk is immediate")
    func twoWorkingDaysOrImmediate() throws {
        try withTemporaryDirectory { dir in
            let l = try TestLedger(directory: dir)
            // Friday 6 February: 2 working days is Tuesday 10th.
            try add(l, "BR-2026-0002", Self.report("2026-02-06T09:00:00Z", sensitive: false, investigation: false), "2026-02-06T10:00:00Z")
            try add(l, "BR-2026-0003", Self.report("2026-02-06T09:00:00Z", sensitive: false, riskToPeople: true, investigation: false),
                    "2026-02-06T10:00:00Z")
            let ordinary = try breach(l, "BR-2026-0002")
            #expect(ordinary.reportClock == "twoWorkingDays")
            #expect(ordinary.reportDueOn == day("2026-02-10"))
            #expect(ordinary.directorDueOn == nil)  // "upon hearing" applies to immediate reports only
            #expect(ordinary.updatedFormDueOn == nil)  // no investigation, no update required
            let atRisk = try breach(l, "BR-2026-0003")
            #expect(atRisk.reportClock == "immediate")
            #expect(atRisk.reportDueOn == day("2026-02-06"))
            let due = try l.snapshot().dueList(within: 0, today: day("2026-02-09"))
            let steps = Set(due.filter(\.overdue).map { "\($0.reference) \($0.step)" })
            #expect(steps.contains("BR-2026-0003 reportToBusinessManager"))
            #expect(!steps.contains("BR-2026-0002 reportToBusinessManager"))
            #expect(due.contains { $0.reference == "BR-2026-0002" && $0.step == "reportToBusinessManager" && $0.dueOn == day("2026-02-10") } == false)
            let later = try l.snapshot().dueList(within: 0, today: day("2026-02-11")).filter(\.overdue).map { "\($0.reference) \($0.step)" }
            // On the 2-working-day clock the report and the form fall due together: the reportingForm step stands for both.
            #expect(later.contains("BR-2026-0002 reportingForm"))
            #expect(!later.contains("BR-2026-0002 reportToBusinessManager"))
        }
    }

    @Test("the breach procedure §5.5: the updated form within two weeks, to the Director and the Head of Legal")
    func updatedForm() throws {
        try withTemporaryDirectory { dir in
            let l = try TestLedger(directory: dir)
            try add(l, "BR-2026-0001", Self.report("2026-02-03T09:00:00Z", sensitive: true, toManager: "2026-02-03T10:00:00Z"), "2026-02-03T11:00:00Z")
            var r = try breach(l, "BR-2026-0001")
            #expect(r.updatedFormDueOn == day("2026-02-17"))
            #expect(r.evaluated(today: day("2026-02-18"), calculator: DeadlineCalculator()).overdueSteps?.contains("updatedReportingForm") == true)
            try add(l, "BR-2026-0001", BreachReportUpdated(updatedAt: "2026-02-16T10:00:00Z", sentTo: [.director], investigationOutcome: "o"),
                    "2026-02-16T10:00:00Z")
            r = try breach(l, "BR-2026-0001")
            #expect(r.updatedFormSentAt == "2026-02-16T10:00:00Z")
            #expect(r.updatedFormOnTime == true)
            #expect(r.updatedFormMissingRecipients == ["headOfLegal"])
            #expect(!r.dueSteps.map(\.step).contains("updatedReportingForm"))
        }
    }

    @Test("the wrongful-release protocol Steps 2, 4 and 5: Press Office and Legal when likely, contacts, review and outcome letters")
    func wrongfulRelease() throws {
        try withTemporaryDirectory { dir in
            let l = try TestLedger(directory: dir)
            try add(l, "FOI-2026-0001", RequestReceived(channel: .email, receivedAt: "2026-01-05T09:00:00Z", regime: .foia,
                                                        requester: Requester(name: "A"), requesterType: .individual, summary: "Contracts"),
                    "2026-01-05T09:00:00Z")
            try add(l, "BR-2026-0004", Self.report("2026-02-03T09:00:00Z", sensitive: false, toManager: "2026-02-03T09:30:00Z"), "2026-02-03T10:00:00Z")
            let link = WrongfulReleaseLinked(foiCase: try CaseReference("FOI-2026-0001"), releasedInError: "Annex", ministerialReputationalDamage: .none,
                                             departmentalReputationalDamage: .low, stakeholderDamage: .low, personalDataReleased: true,
                                             otherDepartmentsInvolved: false, mediaStoryLikelihood: .medium, legalChallengePossible: true,
                                             partiesInformed: [.foiTeam])
            try add(l, "BR-2026-0004", link, "2026-02-03T11:00:00Z")
            var w = try #require(try breach(l, "BR-2026-0004").wrongfulRelease)
            #expect(w.partiesMissing == ["pressOffice", "legal"])
            var steps = try breach(l, "BR-2026-0004").dueSteps.filter { $0.dueOn == day("2026-02-03") }.map(\.step)
            #expect(steps == ["pressOffice", "legal", "affectedPartyContact"])
            try add(l, "BR-2026-0004", WrongfulReleasePartyInformed(party: .pressOffice, informedAt: "2026-02-03T12:00:00Z"), "2026-02-03T12:00:00Z")
            try add(l, "BR-2026-0004", AffectedPartyContacted(party: "Acme Ltd", contactedAt: "2026-02-03T15:00:00Z", contactedBySeniority: .director,
                                                              informationAttached: true, apologyOffered: false, formalLetterPromised: true),
                    "2026-02-03T15:00:00Z")
            w = try #require(try breach(l, "BR-2026-0004").wrongfulRelease)
            #expect(w.partiesMissing == ["legal"])
            #expect(w.partiesInformed.map(\.party) == ["foiTeam", "pressOffice"])
            #expect(w.partiesInformed.last?.at == "2026-02-03T12:00:00Z")
            #expect(w.contactsIncomplete == 1)  // no apology (Step 4)
            #expect(w.outcomeLettersOutstanding == nil)
            try add(l, "BR-2026-0004", WrongfulReleaseReviewed(reviewedOn: "2026-02-10", whatWentWrong: "Wrong file", protocolsNeedStrengthening: true),
                    "2026-02-10T10:00:00Z")
            w = try #require(try breach(l, "BR-2026-0004").wrongfulRelease)
            #expect(w.outcomeLettersOutstanding == 1)
            #expect(w.protocolsNeedStrengthening == true)
            steps = try breach(l, "BR-2026-0004").dueSteps.map(\.step)
            #expect(steps.contains("outcomeLetter"))
            try add(l, "BR-2026-0004", WrongfulReleaseOutcomeLetterSent(party: "Acme Ltd", sentOn: "2026-02-12", actionTaken: "Second check"),
                    "2026-02-12T10:00:00Z")
            w = try #require(try breach(l, "BR-2026-0004").wrongfulRelease)
            #expect(w.outcomeLettersOutstanding == 0)
            #expect(!(try breach(l, "BR-2026-0004").dueSteps.map(\.step).contains("outcomeLetter")))
            // No party's name reaches the register.
            let csv = try l.snapshot().rows(.breach, today: day("2026-02-12")).csv
            #expect(!csv.contains("Acme"))
            #expect(csv.contains("pressOffice 2026-02-03T12:00:00Z"))
        }
    }

    @Test("withdrawal from the disclosure log: the public log shows only 'withdrawn on D', never the material; republishing restores it")
    func withdrawnFromTheDisclosureLog() throws {
        try withTemporaryDirectory { dir in
            let l = try TestLedger(directory: dir)
            let document = ReleasedDocument(title: "Annex naming residents.pdf", sha256: String(repeating: "e", count: 64))
            try add(l, "FOI-2026-0001", RequestReceived(channel: .email, receivedAt: "2026-01-05T09:00:00Z", regime: .foia,
                                                        requester: Requester(name: "A"), requesterType: .individual,
                                                        summary: "Complaints about the Elm Street hostel"), "2026-01-05T09:00:00Z")
            try add(l, "FOI-2026-0001", ResponseSent(outcome: .grantedInFull, exemptions: [], documents: [document], signedOffBy: "p.dand",
                                                     sentAt: "2026-01-20T10:00:00Z"), "2026-01-20T10:00:00Z")
            try add(l, "FOI-2026-0001", PublishedToDisclosureLog(publishedOn: "2026-01-22", url: "https://example.gov.uk/log/FOI-2026-0001",
                                                                 documents: [document]), "2026-01-22T10:00:00Z")
            try add(l, "FOI-2026-0001", PublicationWithdrawn(withdrawnOn: "2026-01-23", reason: "The annex named residents", withdrawnBy: "k.officer"),
                    "2026-01-23T10:00:00Z")
            let out = try l.snapshot().rows(.disclosure, today: day("2026-01-24"))
            let row = try #require(out.json.first)
            #expect(row["withdrawnOn"] == .string("2026-01-23"))
            #expect(row["summary"] == .string("Withdrawn from the disclosure log on 2026-01-23."))
            #expect(row["documents"] == .array([]))
            #expect(row["exemptions"] == .array([]))
            #expect(row["outcome"] == nil)
            #expect(row["url"] == nil)
            for text in ["Elm Street", "Annex naming", "eeeeeeee", "example.gov.uk", "named residents", "grantedInFull"] {
                #expect(!out.csv.contains(text), "\(text)")
                #expect(!row.canonicalString.contains(text), "\(text)")
            }
            let foi = try #require(try l.snapshot().foi.first)
            #expect(foi.publicationWithdrawnOn == day("2026-01-23"))
            #expect(foi.publicationWithdrawalReason == "The annex named residents")
            // Published again after re-redaction: the entry is whole again.
            try add(l, "FOI-2026-0001", PublishedToDisclosureLog(publishedOn: "2026-01-26", documents: []), "2026-01-26T10:00:00Z")
            let again = try #require(try l.snapshot().rows(.disclosure, today: day("2026-01-27")).json.first)
            #expect(again["withdrawnOn"] == nil)
            #expect(again["summary"] == .string("Complaints about the Elm Street hostel"))
            #expect(try l.snapshot().foi.first?.publicationWithdrawnOn == nil)
        }
    }
}
