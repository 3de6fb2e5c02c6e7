import Casework
import Foundation
import LedgerStore
import Testing
@testable import Registers

/// The agreements register (the data protection policy Appendix 5) and the complaints register
/// (the data-sharing guidance §6), folded by the ledger's hooks and read back, with their due steps.
@Suite("Agreements and complaints registers (the data protection policy Appendix 5; the data-sharing guidance §6)", .serialized)
struct AgreementComplaintRegisterTests {
    func record(_ body: (TestLedger) throws -> Void) throws -> (RegisterSnapshot, TestLedger) {
        var out: (RegisterSnapshot, TestLedger)?
        try withTemporaryDirectory { dir in
            let l = try TestLedger(directory: dir + "/ledger")
            try body(l)
            out = (try l.snapshot(), l)
        }
        return out!
    }

    @Test("the data protection policy Appendix 5 §4: a signed processing agreement's review is due, and overdue after its day")
    func agreementReviewDue() throws {
        try withTemporaryDirectory { dir in
            let l = try TestLedger(directory: dir + "/ledger")
            let at = ts("2026-02-02T10:00:00Z")
            try l.append("DSA-2026-0001", AgreementProposed(type: .processing, partner: "Northgate Print", purpose: "Bills", service: "Revenues",
                                                            securityProcedures: "SFTP", accuracyStandards: "Matched", proposedOn: "2026-02-02",
                                                            reviewDueOn: "2026-08-01"), occurred: at, recorded: at)
            try l.append("DSA-2026-0001", HeadOfLegalInformed(informedOn: "2026-02-05"), occurred: ts("2026-02-05T10:00:00Z"), recorded: ts("2026-02-05T10:00:00Z"))
            try l.append("DSA-2026-0001", AgreementSigned(signedOn: "2026-02-10", signedBy: "d.rev"), occurred: ts("2026-02-10T10:00:00Z"), recorded: ts("2026-02-10T10:00:00Z"))
            let snapshot = try l.snapshot()
            let row = try #require(snapshot.agreements.first)
            #expect(row.status == "signed" && row.headOfLegalInformedBeforeSigning == true && row.reviewDueOn == day("2026-08-01"))
            #expect(row.dueSteps == [DueStep("review", dueOn: day("2026-08-01"))])
            let onTime = try snapshot.rows(.agreements, today: day("2026-08-01"))
            #expect(onTime.json.first?["overdue"] == .bool(false))
            let late = try snapshot.rows(.agreements, filter: RegisterFilter(overdue: true), today: day("2026-08-03"))
            #expect(late.json.count == 1 && late.json.first?["overdueSteps"] == .array([.string("review")]))
            #expect(late.header.contains("securityProcedures") && late.header.contains("accuracyStandards"))
            let due = snapshot.dueList(within: 0, today: day("2026-08-03"))
            #expect(due.map(\.register) == ["agreements"] && due.first?.overdue == true)

            // A review sets the next review date; the stored register and the due index follow.
            try l.append("DSA-2026-0001", AgreementReviewed(reviewedOn: "2026-08-04", nextReviewDueOn: "2027-08-02", findings: "Met"),
                         occurred: ts("2026-08-04T10:00:00Z"), recorded: ts("2026-08-04T10:00:00Z"))
            let stored = try l.ledger.read { try RegisterReader().dueList(in: $0, within: 400, today: day("2026-08-05")) }
            #expect(stored.map(\.dueOn) == [day("2027-08-02")])
            try l.append("DSA-2026-0001", AgreementEnded(endedOn: "2026-09-30", reason: .terminated),
                         occurred: ts("2026-09-30T10:00:00Z"), recorded: ts("2026-09-30T10:00:00Z"))
            let ended = try #require(try l.snapshot().agreements.first)
            #expect(ended.status == "ended" && ended.dueSteps.isEmpty)
        }
    }

    @Test("the data-sharing guidance §6: a complaint's answer is due in 20 working days; answering it late shows not on time")
    func complaintClock() throws {
        try withTemporaryDirectory { dir in
            let l = try TestLedger(directory: dir + "/ledger")
            try l.append("CMP-2026-0001", ComplaintReceived(receivedOn: "2026-04-07", source: .partner, about: .handling,
                                                            complainant: Requester(name: "Sam Patel"), summary: "Letter misdirected",
                                                            partner: "Riverside HA", service: "Housing"),
                         occurred: ts("2026-04-07T10:00:00Z"), recorded: ts("2026-04-07T10:00:00Z"), seal: "CANARY")
            var row = try #require(try l.snapshot().complaints.first)
            #expect(row.responseDueOn == day("2026-05-06") && row.status == "received")
            let shown = try l.snapshot().rows(.complaints, today: day("2026-05-07"))
            #expect(shown.json.first?["summary"] == .string("[redacted]") && shown.json.first?["overdue"] == .bool(true))
            #expect(!shown.csv.contains("CANARY"))
            try l.append("CMP-2026-0001", ComplaintResolved(respondedOn: "2026-05-07", outcome: .upheld),
                         occurred: ts("2026-05-07T10:00:00Z"), recorded: ts("2026-05-07T10:00:00Z"))
            row = try #require(try l.snapshot().complaints.first)
            #expect(row.respondedOnTime == false && row.status == "resolved" && row.dueSteps.isEmpty)
            try l.append("CMP-2026-0001", ComplaintEscalatedToICO(escalatedOn: "2026-06-01"),
                         occurred: ts("2026-06-01T10:00:00Z"), recorded: ts("2026-06-01T10:00:00Z"))
            #expect(try l.snapshot().complaints.first?.status == "escalated")
            // The as-of replay gives the same rows as the stored tables.
            #expect(try l.snapshot(.position(3)).complaints == l.snapshot().complaints)
        }
    }

    @Test("rows stored by the previous version (without the new registers) still read: the new registers start empty")
    func newRegistersStartEmpty() throws {
        try withTemporaryDirectory { dir in
            let l = try TestLedger(directory: dir + "/ledger")
            try l.append("NM-2026-0001", NearMissReported(occurredOn: "2026-03-02", reportedOn: "2026-03-03", service: "Housing", description: "d",
                                                          potentialCategory: .loss), occurred: ts("2026-03-03T10:00:00Z"), recorded: ts("2026-03-03T10:00:00Z"))
            let s = try l.snapshot()
            #expect(s.agreements.isEmpty && s.complaints.isEmpty && s.nearMiss.count == 1)
            #expect(RegisterName.allCases.suffix(2) == [.agreements, .complaints])
        }
    }
}
