import Casework
import Foundation
import LedgerStore
import Registers
import Testing
@testable import CasebookCore

/// Voiding a mistake: registers and clocks behave as if the voided event had not happened; the
/// timeline still shows it, marked voided with the reason; some events cannot be voided.
@Suite("Voiding a mistake", .serialized)
struct VoidingTests {
    static let officer = Actor(id: "o.officer", role: "officer")
    static let reference = try! CaseReference("FOI-2026-0001")

    func withCasebook(_ body: (Casebook, String) async throws -> Void) async throws {
        let dir = NSTemporaryDirectory() + "casebook-void-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let casebook = try Casebook.create(at: dir, origin: "test.casebook.local/log")
        defer { casebook.close() }
        try await body(casebook, dir)
    }

    @discardableResult
    func act(_ casebook: Casebook, _ group: ActionGroup, _ name: String, _ fields: JSONObject = [:], at: String) async throws -> CommandOutcome {
        let action = try #require(CaseAction.named(name, in: group))
        return try await casebook.perform(CaseCommand(action, reference: Self.reference, fields: fields, occurredAt: Timestamp(rfc3339: at)!), by: Self.officer)
    }

    func row(_ casebook: Casebook) throws -> FOIRow? {
        try casebook.ledger.read { try RegisterHook<FOIRegister>.row(Self.reference.rawValue, in: $0) }
    }

    func opened(_ casebook: Casebook) async throws {
        try await act(casebook, .foi, "receive", ["requester": .object(["name": .string("A")]), "summary": .string("Bins"),
                                                  "receivedAt": .string("2026-01-05T09:00:00Z")], at: "2026-01-05T09:00:00Z")
    }

    func refused(_ rule: RuleViolation.Rule, _ body: () async throws -> Void) async {
        do { try await body(); Issue.record("not refused; expected \(rule)") } catch {
            let violation = (error as? RuleViolation) ?? ((error as? LedgerError)?.cause as? RuleViolation)
            #expect(violation?.rule == rule, "\(error)")
        }
    }

    @Test("a voided response: the row reopens, stays so after a rebuild, a new response can follow, and the timeline shows the void")
    func voidedResponse() async throws {
        try await withCasebook { casebook, _ in
            try await opened(casebook)
            try await act(casebook, .foi, "respond", ["outcome": .string("grantedInFull")], at: "2026-01-20T10:00:00Z")
            let before = try #require(try row(casebook))
            #expect(before.status == "responded")
            #expect(before.respondedOn == LocalDate(year: 2026, month: 1, day: 20))
            #expect(before.onTime == true)

            try await act(casebook, .anyCase, "void", ["event": .int(2), "reason": .string("Sent to the wrong requester; not a response")],
                          at: "2026-01-21T09:00:00Z")
            let after = try #require(try row(casebook))
            #expect(after.status == "open")
            #expect(after.respondedOn == nil)
            #expect(after.onTime == nil)
            #expect(after.dueOn == before.dueOn)

            try casebook.rebuild(registers: nil)
            #expect(try row(casebook) == after)

            // The rules forget the voided response too: the request can be answered again.
            try await act(casebook, .foi, "respond", ["outcome": .string("grantedInFull")], at: "2026-01-22T10:00:00Z")
            #expect(try row(casebook)?.respondedOn == LocalDate(year: 2026, month: 1, day: 22))

            let timeline = try casebook.timeline(Self.reference.rawValue, access: .redact)
            #expect(timeline.count == 4)
            #expect(timeline[1].voided?.reason == "Sent to the wrong requester; not a response")
            #expect(timeline[1].voided?.authorisedBy == "o.officer")
            #expect(timeline[1].json["voided"]?["position"] == .int(2))
            #expect(timeline.filter { $0.voided != nil }.count == 1)
        }
    }

    @Test("a voided correction no longer applies: the row shows the original value again, also after a rebuild")
    func voidedCorrection() async throws {
        try await withCasebook { casebook, _ in
            try await opened(casebook)
            try await act(casebook, .anyCase, "correct", ["event": .int(1), "set": .object(["summary": .string("Bins and recycling")]),
                                                          "reason": .string("Keying error")], at: "2026-01-06T09:00:00Z")
            #expect(try row(casebook)?.summary == "Bins and recycling")
            try await act(casebook, .anyCase, "void", ["event": .int(2), "reason": .string("The correction was itself wrong")],
                          at: "2026-01-06T10:00:00Z")
            #expect(try row(casebook)?.summary == "Bins")
            try casebook.rebuild(registers: nil)
            #expect(try row(casebook)?.summary == "Bins")
        }
    }

    @Test("voiding a late response does not make the request on time: it is open and overdue")
    func lateResponseStaysLate() async throws {
        try await withCasebook { casebook, _ in
            try await opened(casebook)
            try await act(casebook, .foi, "respond", ["outcome": .string("grantedInFull")], at: "2026-03-02T10:00:00Z")
            #expect(try row(casebook)?.onTime == false)
            try await act(casebook, .anyCase, "void", ["event": .int(2), "reason": .string("Recorded against the wrong case")], at: "2026-03-03T09:00:00Z")
            let reader = casebook.registerReader
            let rows = try casebook.ledger.read { log in
                try reader.snapshot(in: log).foi.map { $0.evaluated(today: LocalDate(year: 2026, month: 3, day: 3)!, calculator: reader.calculator) }
            }
            #expect(rows.first?.status == "open")
            #expect(rows.first?.overdue == true)
            #expect(rows.first?.onTime != true)
            // Nor can a replacement be backdated to before the voided one.
            await refused(.responseBackdatedAfterVoid) {
                try await act(casebook, .foi, "respond", ["outcome": .string("grantedInFull"), "sentAt": .string("2026-01-30T10:00:00Z")], at: "2026-03-03T10:00:00Z")
            }
            try await act(casebook, .foi, "respond", ["outcome": .string("grantedInFull")], at: "2026-03-03T11:00:00Z")
            #expect(try row(casebook)?.onTime == false)
        }
    }

    @Test("what cannot be voided: another case's event, the opening event, a void, an event twice, an erasure, and an event others rely on")
    func refusals() async throws {
        try await withCasebook { casebook, _ in
            try await opened(casebook)
            try await act(casebook, .anyCase, "note", ["text": .string("n")], at: "2026-01-06T09:00:00Z")
            await refused(.voidOfOpening) { try await act(casebook, .anyCase, "void", ["event": .int(1), "reason": .string("r")], at: "2026-01-06T10:00:00Z") }
            try await act(casebook, .anyCase, "void", ["event": .int(2), "reason": .string("Wrong case")], at: "2026-01-06T10:00:00Z")
            await refused(.alreadyVoided) {
                let id = try casebook.ledger.read { try $0.events(of: Self.reference.rawValue)[1].envelope.eventId }
                try await act(casebook, .anyCase, "void", ["voidsEventId": .string(id.uuidString.lowercased()), "reason": .string("again")], at: "2026-01-06T11:00:00Z")
            }
            await refused(.voidOfVoid) { try await act(casebook, .anyCase, "void", ["event": .int(3), "reason": .string("undo")], at: "2026-01-06T11:00:00Z") }

            // A response relies on an exemption: voiding the exemption would leave it unsupported.
            try await act(casebook, .foi, "exempt", ["section": .string("41(1)"), "reason": .string("Confidential")], at: "2026-01-07T09:00:00Z")
            try await act(casebook, .foi, "respond", ["outcome": .string("grantedInPart"), "exemptions": .array([.string("41(1)")])], at: "2026-01-08T09:00:00Z")
            await refused(.voidLeavesCaseInvalid) { try await act(casebook, .anyCase, "void", ["event": .int(4), "reason": .string("r")], at: "2026-01-09T09:00:00Z") }

            // An erasure destroyed a key: there is nothing to bring back.
            _ = try await casebook.erase(subject: SubjectIDs.caseSubject(Self.reference.rawValue), reason: "Retention period ended", actor: Actor(id: "d.dpo", role: "dpo"))
            let erasure = try casebook.ledger.read { try $0.events(of: Self.reference.rawValue).last!.envelope }
            #expect(erasure.type == "PersonalDataErased")
            await refused(.voidOfErasure) { try await act(casebook, .anyCase, "void", ["event": .int(Int64(erasure.version)), "reason": .string("r")], at: "2026-01-10T09:00:00Z") }
            let size = try casebook.ledger.read { try $0.size() }
            #expect(size == 6)   // receive, note, void, exempt, respond, erasure: nothing refused was stored

            // Another case's event is voided on its own case.
            let other = try #require(CaseAction.named("receive", in: .foi))
            let opened = try await casebook.perform(CaseCommand(other, reference: try CaseReference("FOI-2026-0002"),
                fields: ["requester": .object(["name": .string("B")]), "summary": .string("Parks"), "receivedAt": .string("2026-01-05T09:00:00Z")],
                occurredAt: Timestamp(rfc3339: "2026-01-05T09:00:00Z")!), by: Self.officer)
            let foreign = opened.results[0].eventId.uuidString.lowercased()
            await refused(.voidOfUnknownEvent) {
                let void = try #require(CaseAction.named("void", in: .anyCase))
                try await casebook.perform(CaseCommand(void, reference: Self.reference, fields: ["voidsEventId": .string(foreign), "reason": .string("r")],
                                                       occurredAt: Timestamp(rfc3339: "2026-01-10T09:00:00Z")!), by: Self.officer)
            }
        }
    }
}
