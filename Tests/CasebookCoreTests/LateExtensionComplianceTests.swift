import Casework
import Foundation
import LedgerStore
import Registers
import Testing
@testable import CasebookCore

/// An extension recorded too late cannot turn a late response into an on-time one, so the
/// compliance report counts what really happened.
///
/// Worked by hand (England and Wales; 1 January is the only holiday in range): received Monday
/// 5 January 2026, day one is the 6th, the 20th working day is Monday 2 February, the 22nd is
/// Wednesday 4 February, the 40th (EIR reg 7) is Monday 2 March. A response on Friday 20 February
/// is working day 34: late without an extension, on time with one made by day 20.
@Suite("Compliance with late extensions", .serialized)
struct LateExtensionComplianceTests {
    static let officer = Actor(id: "o.officer", role: "officer")

    func act(_ casebook: Casebook, _ reference: String, _ name: String, _ fields: JSONObject, at: String) async throws {
        let group: ActionGroup = name == "note" ? .anyCase : .foi
        let action = try #require(CaseAction.named(name, in: group))
        try await casebook.perform(CaseCommand(action, reference: try CaseReference(reference), fields: fields, occurredAt: Timestamp(rfc3339: at)!),
                                   by: Self.officer)
    }

    func receive(_ casebook: Casebook, _ reference: String, regime: String) async throws {
        try await act(casebook, reference, "receive", ["requester": .object(["name": .string("A")]), "summary": .string("Air quality data"),
                                                       "regime": .string(regime), "receivedAt": .string("2026-01-05T10:00:00Z")], at: "2026-01-05T10:00:00Z")
    }

    @Test("two of three responses are late: the late EIR and FOIA extensions are refused, the timely one counts")
    func lateExtensionsDoNotCount() async throws {
        let dir = NSTemporaryDirectory() + "casebook-late-ext-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let casebook = try Casebook.create(at: dir, origin: "test.casebook.local/log")
        defer { casebook.close() }

        // EIR, extended on working day 22: refused; the response on day 34 is late.
        try await receive(casebook, "EIR-2026-0001", regime: "eir")
        await #expect(throws: (any Error).self) {
            try await act(casebook, "EIR-2026-0001", "extend", ["explanation": .string("Complex and voluminous")], at: "2026-02-04T10:00:00Z")
        }
        try await act(casebook, "EIR-2026-0001", "respond", ["outcome": .string("grantedInFull")], at: "2026-02-20T10:00:00Z")

        // EIR, extended on working day 15: the response on day 34 is within the 40.
        try await receive(casebook, "EIR-2026-0002", regime: "eir")
        try await act(casebook, "EIR-2026-0002", "extend", ["explanation": .string("Complex and voluminous")], at: "2026-01-26T10:00:00Z")
        try await act(casebook, "EIR-2026-0002", "respond", ["outcome": .string("grantedInFull")], at: "2026-02-20T10:00:00Z")

        // FOIA, a public interest extension on working day 22: refused; the response on day 26 is late.
        try await receive(casebook, "FOI-2026-0001", regime: "foia")
        try await act(casebook, "FOI-2026-0001", "exempt", ["section": .string("43(2)"), "reason": .string("Commercial")], at: "2026-01-20T10:00:00Z")
        await #expect(throws: (any Error).self) {
            try await act(casebook, "FOI-2026-0001", "extend", ["explanation": .string("Public interest test")], at: "2026-02-04T10:00:00Z")
        }
        try await act(casebook, "FOI-2026-0001", "pit", ["reasoning": .string("Re-tender imminent"), "outcome": .string("maintained")], at: "2026-02-05T10:00:00Z")
        try await act(casebook, "FOI-2026-0001", "respond", ["outcome": .string("grantedInPart"), "exemptions": .array([.string("43(2)")])],
                      at: "2026-02-10T10:00:00Z")

        let report = try casebook.ledger.read { log in
            ComplianceReport(period: ReportPeriod("2026-01")!, snapshot: try casebook.registerReader.snapshot(in: log), today: LocalDate(year: 2026, month: 3, day: 31)!)
        }
        #expect(report.requests.cases == 3)
        #expect(report.requests.counted == 3)
        #expect(report.requests.onTime == 1)
        #expect(report.requests.late == 2)
        #expect(report.requests.percent == "33.3")
        #expect(report.requests.meetsBenchmark == false)
        #expect(report.requestsByRegime["eir"]?.onTime == 1)
        #expect(report.requestsByRegime["eir"]?.late == 1)
        #expect(report.requestsByRegime["foia"]?.late == 1)
    }
}
