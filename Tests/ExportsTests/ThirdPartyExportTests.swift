import Casework
import Foundation
import LedgerStore
import Testing
@testable import Exports
@testable import CasebookCore
import CasebookDemo
@testable import Registers

extension ExportTests {
    /// Records three third-party disclosure cases (the data protection policy Appendix 4): a police
    /// request missing the officer's number (contacted, completed, disclosed), a court order and a
    /// parent's educational-record request still open.
    static func recordThirdPartyCases(_ f: Fixture) async throws {
        let officer = Actor(id: "imlo.housing", role: "officer")
        func record(_ reference: String, _ payload: any EventPayload, _ at: String, opens: Bool = false) async throws {
            let moment = Timestamp(rfc3339: at)!
            f.clock.advance(to: moment)
            try await f.casebook.record([CaseEventInput(caseReference: try CaseReference(reference), payload: payload, occurredAt: moment,
                                                        actor: officer, expectedVersion: opens ? .noStream : nil)])
        }
        try await record("TPD-2026-0901", ThirdPartyRequestReceived(
            receivedAt: "2026-06-30T12:00:00Z", requesterCategory: .police, requesterOrganisation: "Police Scotland, North East Division",
            inWriting: true, purpose: .preventionOrDetectionOfCrime, informationRequested: "Tenancy start date of \(ExportTests.canary)",
            dataSubject: ExportTests.canary, police: PoliceRequestDetails(officerRank: "DC", officerName: "Officer Name", station: "Queen Street",
                                                                          telephone: "01224 000000", extensionNumber: "4321", consent: .notReliedOn)),
            "2026-06-30T12:00:00Z", opens: true)
        try await record("TPD-2026-0901", ThirdPartyRequesterContacted(contactedOn: "2026-06-30", missing: [.officerNumber]), "2026-06-30T12:10:00Z")
        try await record("TPD-2026-0901", ThirdPartyDetailsReceived(receivedOn: "2026-06-30", police: PoliceRequestDetails(officerNumber: "1234")),
                         "2026-06-30T12:20:00Z")
        try await record("TPD-2026-0901", ThirdPartyInformationDisclosed(disclosedOn: "2026-06-30", informationDisclosed: "Tenancy start date",
                                                                        method: .secureEmail, markedCopy: true, legalBasis: .dpa2018Sch2Para2),
                         "2026-06-30T12:30:00Z")
        try await record("TPD-2026-0902", ThirdPartyRequestReceived(
            receivedAt: "2026-06-30T12:40:00Z", requesterCategory: .court, requesterOrganisation: "Sheriff Court", inWriting: true,
            purpose: .legalProceedings, informationRequested: "Housing file entries", dataSubject: "A tenant", courtOrderDueOn: "2026-07-10"),
            "2026-06-30T12:40:00Z", opens: true)
        try await record("TPD-2026-0903", ThirdPartyRequestReceived(
            receivedAt: "2026-06-30T12:50:00Z", requesterCategory: .parent, requesterOrganisation: "Parent of a pupil", inWriting: true,
            purpose: .educationalRecord, informationRequested: "Their child's educational record", dataSubject: "A pupil"),
            "2026-06-30T12:50:00Z", opens: true)
    }

    @Test("The data protection policy Appendix 4: a pack with third-party disclosure cases verifies in both verifiers; an edited markedCopy fails both")
    func thirdPartyPack() async throws {
        let f = try await Fixture()
        try await Self.recordThirdPartyCases(f)
        let pack = try f.export("pack-tpd")
        #expect(Self.swiftVerify(pack) == nil, "\(Self.swiftVerify(pack) ?? "")")
        let (status, output) = try Self.python(pack)
        #expect(status == 0, "\(output)")
        let json = try String(contentsOfFile: pack + "/registers/third-party.json", encoding: .utf8)
        for reference in ["TPD-2026-0901", "TPD-2026-0902", "TPD-2026-0903"] { #expect(json.contains(reference)) }
        #expect(!json.contains(ExportTests.canary))
        // The register as a recipient sees it, altered: the disclosure said not marked COPY.
        let tampered = try Self.copy(pack, "tpd-tampered")
        let jsonPath = tampered + "/registers/third-party.json"
        var doc = try #require(try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: jsonPath)))).objectValue)
        var rows = try #require(doc["rows"]?.arrayValue)
        let index = try #require(rows.firstIndex { $0["reference"]?.stringValue == "TPD-2026-0901" })
        var row = try #require(rows[index].objectValue)
        #expect(row["markedCopy"] == .bool(true))
        row["markedCopy"] = .bool(false)
        rows[index] = .object(row)
        doc["rows"] = .array(rows)
        try Data(JSONValue.object(doc).canonicalString.utf8).write(to: URL(fileURLWithPath: jsonPath))
        try Self.rewriteManifest(tampered, resigningWith: f.casebook.ledger)
        try Self.expectBothFail(tampered, mentioning: ["markedCopy"], "an edited third-party register")
    }
}
