import Casework
import Foundation
import LedgerStore
import Testing
@testable import Exports
@testable import CasebookCore
import CasebookDemo
@testable import Registers

/// The pack's register CSVs are neutralised against formulas, and both verifiers recompute the
/// cells with the same rule (OWASP "CSV injection").
@Suite("ICO pack: CSV cells neutralised, as both verifiers recompute them", .serialized)
struct ExportCSVNeutralisingTests {
    @Test("a summary Excel would run as a link is written with a leading apostrophe; the pack verifies in Swift and Python")
    func hostileSummary() async throws {
        let f = try await ExportTests.Fixture(cases: 12)
        let at = Timestamp(rfc3339: "2026-06-30T10:00:00Z")!
        f.clock.advance(to: at)
        let summary = #"=HYPERLINK("http://evil.example","café")"#
        try await f.casebook.record([CaseEventInput(
            caseReference: try CaseReference("FOI-2026-9002"),
            payload: RequestReceived(channel: .email, receivedAt: "2026-06-30T10:00:00Z", regime: .foia,
                                     requester: Requester(name: "Hostile Requester", email: "h@example.org"),
                                     requesterType: .individual, summary: summary),
            occurredAt: at, actor: Actor(id: "foi.officer", role: "officer"), expectedVersion: .noStream)])
        let pack = try f.export("pack")
        let csv = try String(contentsOfFile: pack + "/registers/foi.csv", encoding: .utf8)
        #expect(csv.contains(#""'=HYPERLINK(""http://evil.example"",""café"")""#))
        #expect(!csv.contains(#","=HYPERLINK"#) && !csv.contains(#","""=HYPERLINK"#))
        // The JSON keeps the value as recorded.
        let json = try String(contentsOfFile: pack + "/registers/foi.json", encoding: .utf8)
        #expect(json.contains(#""summary":"=HYPERLINK(\"http://evil.example\",\"café\")""#) || json.contains(#""summary": "=HYPERLINK(\"http://evil.example\",\"café\")""#))
        _ = try ExportVerifier.verify(pack, key: try f.casebook.ledger.publicKey())
        let (status, output) = try ExportTests.python(pack)
        #expect(status == 0, "\(output)")
    }
}
