import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore
@testable import Registers

/// The third-party register (the data protection policy Appendix 4): four cases in a fresh ledger,
/// judged on Wednesday 1 April 2026 (England and Wales: Good Friday is 3 April).
@Suite("The third-party register (the data protection policy Appendix 4)")
struct ThirdPartyRegisterTests {
    static let today = day("2026-04-01")

    /// TPD-2026-0001 police, missing the officer's number, contacted, completed, disclosed;
    /// TPD-2026-0002 court order due 13 March, disclosed late on 16 March;
    /// TPD-2026-0003 a parent's educational-record request, still open;
    /// TPD-2026-0004 a solicitor for a third party, refused.
    static func build(_ tl: TestLedger) throws {
        func add(_ ref: String, _ payload: any EventPayload, _ at: String, seal: Bool = true) throws {
            try tl.append(ref, payload, occurred: ts(at), recorded: ts(at), seal: seal ? "CANARY" : nil)
        }
        let police = ThirdPartyRequestReceived(
            receivedAt: "2026-03-02T10:00:00Z", requesterCategory: .police, requesterOrganisation: "Police Scotland, North East Division",
            inWriting: true, purpose: .preventionOrDetectionOfCrime, informationRequested: "CANARY tenancy start date",
            dataSubject: "CANARY tenant", police: PoliceRequestDetails(officerRank: "DC", officerName: "CANARY officer", station: "Queen Street",
                                                                       telephone: "01224 000000", extensionNumber: "4321", consent: .notReliedOn))
        let court = ThirdPartyRequestReceived(
            receivedAt: "2026-03-02T12:00:00Z", requesterCategory: .court, requesterOrganisation: "Sheriff Court", inWriting: true,
            purpose: .legalProceedings, informationRequested: "CANARY housing file", dataSubject: "CANARY party", courtOrderDueOn: "2026-03-13")
        let parent = ThirdPartyRequestReceived(
            receivedAt: "2026-03-09T09:30:00Z", requesterCategory: .parent, requesterOrganisation: "Parent of a pupil", inWriting: true,
            purpose: .educationalRecord, informationRequested: "CANARY educational record", dataSubject: "CANARY pupil")
        let solicitor = ThirdPartyRequestReceived(
            receivedAt: "2026-03-04T09:00:00Z", requesterCategory: .solicitor, requesterOrganisation: "A firm of solicitors", inWriting: true,
            purpose: .legalProceedings, informationRequested: "CANARY complaints file", dataSubject: "CANARY neighbour")
        // In the order they happened (positions 0 to 8).
        try add("TPD-2026-0001", police, "2026-03-02T10:00:00Z")
        try add("TPD-2026-0002", court, "2026-03-02T12:00:00Z")
        try add("TPD-2026-0001", ThirdPartyRequesterContacted(contactedOn: "2026-03-03", missing: [.officerNumber]), "2026-03-03T09:00:00Z")
        try add("TPD-2026-0004", solicitor, "2026-03-04T09:00:00Z")
        try add("TPD-2026-0001", ThirdPartyDetailsReceived(receivedOn: "2026-03-09", police: PoliceRequestDetails(officerNumber: "1234")),
                "2026-03-09T09:00:00Z")
        try add("TPD-2026-0003", parent, "2026-03-09T09:30:00Z", seal: false)
        try add("TPD-2026-0001", ThirdPartyInformationDisclosed(disclosedOn: "2026-03-10", informationDisclosed: "CANARY tenancy start date",
                                                                method: .secureEmail, markedCopy: true, legalBasis: .dpa2018Sch2Para2),
                "2026-03-10T11:00:00Z")
        try add("TPD-2026-0004", ThirdPartyRequestRefused(refusedOn: "2026-03-11", reasons: "Release is not justified without consent.",
                                                          awaitCourtOrder: true), "2026-03-11T09:00:00Z")
        try add("TPD-2026-0002", ThirdPartyInformationDisclosed(disclosedOn: "2026-03-16", informationDisclosed: "CANARY entries",
                                                                method: .recordedPost, markedCopy: true, legalBasis: .courtOrder),
                "2026-03-16T11:00:00Z")
    }

    @Test("Rows: complete?, the contact step, the due day by Appendix 4's clocks, disclosed, method, COPY, basis, outcome and on time")
    func rows() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            try Self.build(tl)
            let rows = try tl.snapshot().thirdParty
            #expect(rows.map(\.reference) == ["TPD-2026-0001", "TPD-2026-0002", "TPD-2026-0003", "TPD-2026-0004"])
            let police = rows[0]
            #expect(police.requesterCategory == "police" && police.purpose == "preventionOrDetectionOfCrime")
            #expect(police.missingDetails == [] && police.isComplete)
            #expect(police.policeDetailsGiven == ["consent", "extensionNumber", "officerName", "officerNumber", "officerRank", "station", "telephone"])
            #expect(police.requesterContactedOn == day("2026-03-03") && police.detailsReceivedOn == day("2026-03-09"))
            // 20 working days from the day the details arrived (Mon 9 March), skipping Good Friday and Easter Monday.
            #expect(police.clock == "policyDefault" && police.dueOn == day("2026-04-08"))
            #expect(police.disclosedOn == day("2026-03-10") && police.method == "secureEmail" && police.markedCopy == true)
            #expect(police.legalBasis == "dpa2018Sch2Para2" && police.outcome == "disclosed" && police.onTime == true && police.status == "disclosed")
            let court = rows[1]
            #expect(court.clock == "courtOrder" && court.dueOn == day("2026-03-13") && court.onTime == false && court.legalBasis == "courtOrder")
            let parent = rows[2]
            // 15 school days counted as working days from Mon 9 March: Mon 30 March; open, so overdue on 1 April.
            #expect(parent.clock == "educationalRecord" && parent.dueOn == day("2026-03-30") && parent.status == "received" && parent.outcome == nil)
            #expect(parent.dueSteps == [DueStep("response", dueOn: day("2026-03-30"))])
            let solicitor = rows[3]
            #expect(solicitor.outcome == "refused" && solicitor.refusedOn == day("2026-03-11") && solicitor.onTime == true && solicitor.dueSteps.isEmpty)
        }
    }

    @Test("Appendix 4 §2.6.7.1: an incomplete police request shows what is missing, then awaiting details once the police are asked")
    func incompleteStatus() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            let request = ThirdPartyRequestReceived(receivedAt: "2026-03-02T10:00:00Z", requesterCategory: .police, requesterOrganisation: "Police",
                                                    inWriting: false, purpose: .preventionOrDetectionOfCrime, informationRequested: "x",
                                                    dataSubject: "y", police: PoliceRequestDetails(officerRank: "PC", headOfficeContact: "HQ"))
            try tl.append("TPD-2026-0009", request, occurred: ts("2026-03-02T10:00:00Z"), recorded: ts("2026-03-02T10:00:00Z"))
            var row = try #require(try tl.snapshot().thirdParty.first)
            #expect(row.missingDetails == ["writtenRequest", "officerNumber", "officerName", "station", "consent"])
            #expect(row.status == "incomplete" && !row.isComplete)
            try tl.append("TPD-2026-0009", ThirdPartyRequesterContacted(contactedOn: "2026-03-02", missing: [.writtenRequest, .officerNumber]),
                          occurred: ts("2026-03-02T11:00:00Z"), recorded: ts("2026-03-02T11:00:00Z"))
            row = try #require(try tl.snapshot().thirdParty.first)
            #expect(row.status == "awaitingDetails" && row.requesterContactedOn == day("2026-03-02"))
        }
    }

    @Test("The register's table, CSV and JSON seal what was asked for and who it is about; rows validate against the row schema")
    func outputs() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir + "/ledger")
            try Self.build(tl)
            let snapshot = try tl.snapshot()
            let out = try snapshot.rows(.thirdParty, today: Self.today)
            #expect(out.header == ThirdPartyRow.columns.map(\.name))
            #expect(out.header.contains("markedCopy") && out.header.contains("legalBasis") && out.header.contains("onTime"))
            for text in [out.csv, out.table, out.jsonText] { #expect(!text.contains("CANARY"), "personal data in the output") }
            let overdue = out.json.filter { $0["overdue"]?.boolValue == true }.compactMap { $0["reference"]?.stringValue }
            #expect(overdue == ["TPD-2026-0003"])
            let probe = try runProcess(["python3", "-c", "import jsonschema"])
            try #require(probe.status == 0, "python3 with jsonschema is needed (run Tools/test)")
            for (i, value) in [JSONValue.array(out.json), .array(try snapshot.thirdParty.map { try JSONBridge.encode($0) })].enumerated() {
                let file = "\(dir)/rows-\(i).json"
                try Data(value.canonicalBytes()).write(to: URL(fileURLWithPath: file))
                let result = try runProcess(["python3", "Tools/validate-rows.py", "third-party", file], in: repositoryRoot)
                #expect(result.status == 0, "\(result.output)")
            }
            let due = snapshot.dueList(within: 10, today: Self.today)
            #expect(due.contains { $0.reference == "TPD-2026-0003" && $0.register == "third-party" && $0.step == "response" && $0.overdue })
            let dueFile = "\(dir)/due.json"
            try Data((try DueItem.json(due)).canonicalBytes()).write(to: URL(fileURLWithPath: dueFile))
            #expect(try runProcess(["python3", "Tools/validate-rows.py", "due", dueFile], in: repositoryRoot).status == 0)
        }
    }

    @Test("Filters: by requester category, status and outcome")
    func filters() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            try Self.build(tl)
            let s = try tl.snapshot()
            func refs(_ filter: RegisterFilter) throws -> [String] {
                try s.rows(.thirdParty, filter: filter, today: Self.today).json.compactMap { $0["reference"]?.stringValue }
            }
            #expect(try refs(RegisterFilter(category: "court")) == ["TPD-2026-0002"])
            #expect(try refs(RegisterFilter(outcome: "refused")) == ["TPD-2026-0004"])
            #expect(try refs(RegisterFilter(overdue: true)) == ["TPD-2026-0003"])
        }
    }

    @Test("A replay as of any position equals the stored rows at that position (rebuild == incremental)")
    func replayEqualsStored() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            try Self.build(tl)
            let stored = try tl.snapshot()
            let replayed = try tl.snapshot(.position(stored.position!))
            #expect(replayed.thirdParty == stored.thirdParty)
            // Before its disclosure (position 8) the court order is open.
            let early = try tl.snapshot(.position(7))
            #expect(early.thirdParty.first { $0.reference == "TPD-2026-0002" }?.disclosedOn == nil)
        }
    }
}
