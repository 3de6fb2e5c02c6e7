import Casework
import Foundation
import LedgerStore
import Registers
import Testing
@testable import CasebookCore

/// "Check your answers" (`Casebook.preview`) must refuse what recording (`perform`) refuses and
/// show the rows recording would leave, voids and other cases' events included.
@Suite("A dry run refuses and shows what recording would", .serialized)
struct PreviewParityTests {
    static let officer = Actor(id: "o.officer", role: "officer")
    static let legal = Actor(id: "l.legal", role: "legal")
    static let request = try! CaseReference("FOI-2026-0001")
    static let today = LocalDate(year: 2026, month: 1, day: 12)!

    func withCasebook(_ body: (Casebook) async throws -> Void) async throws {
        let dir = NSTemporaryDirectory() + "casebook-preview-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let casebook = try Casebook.create(at: dir, origin: "test.casebook.local/log")
        defer { casebook.close() }
        try await body(casebook)
    }

    func command(_ group: ActionGroup, _ name: String, on reference: CaseReference?, _ fields: JSONObject, at: String) throws -> CaseCommand {
        let action = try #require(CaseAction.named(name, in: group))
        return CaseCommand(action, reference: reference, fields: fields, occurredAt: Timestamp(rfc3339: at)!)
    }

    func opened(_ casebook: Casebook) async throws {
        _ = try await casebook.perform(try command(.foi, "receive", on: Self.request, [
            "requester": .object(["name": .string("A")]), "summary": .string("Bins"), "receivedAt": .string("2026-01-05T09:00:00Z"),
        ], at: "2026-01-05T09:00:00Z"), by: Self.officer)
    }

    func rule(of error: any Error) -> RuleViolation.Rule? {
        ((error as? RuleViolation) ?? ((error as? LedgerError)?.cause as? RuleViolation))?.rule
    }

    func storedRow(_ casebook: Casebook) throws -> FOIRow? {
        try casebook.ledger.read { try RegisterHook<FOIRegister>.row(Self.request.rawValue, in: $0) }
    }

    @Test("a void that would leave a later response without its exemption is refused by the dry run, with the rule recording gives")
    func voidOrphaningALaterEvent() async throws {
        try await withCasebook { casebook in
            try await opened(casebook)
            _ = try await casebook.perform(try command(.foi, "exempt", on: Self.request, ["section": .string("41(1)"), "reason": .string("Confidential")],
                                                       at: "2026-01-07T09:00:00Z"), by: Self.officer)
            _ = try await casebook.perform(try command(.foi, "respond", on: Self.request, [
                "outcome": .string("grantedInPart"), "exemptions": .array([.string("41(1)")]),
            ], at: "2026-01-08T09:00:00Z"), by: Self.officer)
            let void = try command(.anyCase, "void", on: Self.request, ["event": .int(2), "reason": .string("Applied in error")], at: "2026-01-09T09:00:00Z")

            var previewRule: RuleViolation.Rule?
            do { _ = try casebook.preview(void, by: Self.officer, today: Self.today) } catch { previewRule = rule(of: error) }
            var recordRule: RuleViolation.Rule?
            do { _ = try await casebook.perform(void, by: Self.officer) } catch { recordRule = rule(of: error) }
            #expect(previewRule == .voidLeavesCaseInvalid)
            #expect(previewRule == recordRule)
            #expect(try casebook.ledger.read { try $0.events(of: Self.request.rawValue).count } == 3)
        }
    }

    @Test("a void the rules allow: the dry run's state and row are those recording leaves (a voided response reopens the request)")
    func allowedVoidMatchesRecording() async throws {
        try await withCasebook { casebook in
            try await opened(casebook)
            _ = try await casebook.perform(try command(.foi, "respond", on: Self.request, ["outcome": .string("grantedInFull")], at: "2026-01-08T09:00:00Z"),
                                           by: Self.officer)
            let void = try command(.anyCase, "void", on: Self.request, ["event": .int(2), "reason": .string("Sent to the wrong requester")],
                                   at: "2026-01-09T09:00:00Z")
            let preview = try casebook.preview(void, by: Self.officer, today: Self.today)
            _ = try await casebook.perform(void, by: Self.officer)
            let state = try casebook.ledger.read { try CaseStateStore.state(of: Self.request.rawValue, in: $0) }
            // The refolded state forgets the response: it is open again and can be answered.
            #expect(preview.state.closedBy == nil)
            #expect(preview.state == state)
            let shown = try #require(preview.rows[.foi] as? FOIRow)
            let recorded = try #require(try storedRow(casebook)).evaluated(today: Self.today, calculator: casebook.deadlines)
            #expect(shown.status == "open" && shown.status == recorded.status)
            #expect(shown.respondedOn == nil && recorded.respondedOn == nil)
            #expect(shown.dueOn == recorded.dueOn)
        }
    }

    @Test("a breach linked to the request: the dry run of the request's next step keeps the link recording keeps")
    func foreignEventsAreFolded() async throws {
        try await withCasebook { casebook in
            try await opened(casebook)
            let breach = try CaseReference("BR-2026-0001")
            let report = try #require(EventCatalogue.exampleJSON(for: .breachReported).objectValue)
            _ = try await casebook.perform(try command(.breach, "report", on: breach, report, at: "2026-02-03T11:00:00Z"), by: Self.officer)
            _ = try await casebook.perform(try command(.breach, "link-release", on: breach, [
                "foiCase": .string(Self.request.rawValue), "releasedInError": .string("An unredacted annex."),
                "ministerialReputationalDamage": .string("none"), "departmentalReputationalDamage": .string("low"),
                "stakeholderDamage": .string("low"), "personalDataReleased": .bool(false), "otherDepartmentsInvolved": .bool(false),
                "mediaStoryLikelihood": .string("low"), "legalChallengePossible": .bool(false), "partiesInformed": .array([.string("foiTeam")]),
            ], at: "2026-02-03T12:00:00Z"), by: Self.legal)
            #expect(try storedRow(casebook)?.linkedBreaches == [breach.rawValue])

            let acknowledge = try command(.foi, "acknowledge", on: Self.request, [:], at: "2026-02-04T09:00:00Z")
            let preview = try casebook.preview(acknowledge, by: Self.officer, today: Self.today)
            _ = try await casebook.perform(acknowledge, by: Self.officer)
            let shown = try #require(preview.rows[.foi] as? FOIRow)
            let recorded = try #require(try storedRow(casebook)).evaluated(today: Self.today, calculator: casebook.deadlines)
            #expect(shown.linkedBreaches == [breach.rawValue])
            #expect(shown.linkedBreaches == recorded.linkedBreaches)
            #expect(shown.status == recorded.status && shown.dueOn == recorded.dueOn)
        }
    }
}
