import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore

/// The rules hook judges each append with the envelope's times and the ledger's own policy.
@Suite("The rules hook")
struct RulesHookTests {
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Timestamp
        init(_ start: Timestamp) { value = start }
        var now: Timestamp {
            get { lock.lock(); defer { lock.unlock() }; return value }
            set { lock.lock(); value = newValue; lock.unlock() }
        }
    }

    static let officer = Actor(id: "foi.officer", role: "officer")

    /// Records `payload` on `reference`, occurring at `occurred`, with the ledger's clock at `recorded`.
    static func record(_ casebook: Casebook, _ clock: ManualClock, _ reference: String, _ payload: any EventPayload,
                       occurred: Timestamp, recorded: Timestamp) async throws {
        clock.now = recorded
        try await casebook.record([CaseEventInput(caseReference: try CaseReference(reference), payload: payload,
                                                  occurredAt: occurred, actor: officer)])
    }

    static func refusal(_ body: () async throws -> Void) async -> RuleViolation? {
        do {
            try await body()
            return nil
        } catch let violation as RuleViolation {
            return violation
        } catch {
            Issue.record("expected a rule violation, got \(error)")
            return nil
        }
    }

    @Test("a step dated after its recording, or before the case opened, is refused with the rule's name")
    func envelopeTimesReachTheRules() async throws {
        let dir = NSTemporaryDirectory() + "casebook-hook-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = ManualClock("2026-01-05T10:00:00Z")
        var options = LedgerOptions()
        options.clock = { clock.now }
        var policy = Policy.default
        policy.futureToleranceMinutes = 30
        let casebook = try Casebook.create(at: dir, origin: "test.casebook.local/log", policy: policy, options: options)
        defer { casebook.close() }
        let received = RequestReceived(channel: .email, receivedAt: "2026-01-05T09:30:00Z", regime: .foia,
                                       requester: Requester(name: "Alex Morgan"), requesterType: .individual, summary: "Bins")
        try await Self.record(casebook, clock, "FOI-2026-0001", received, occurred: "2026-01-05T09:30:00Z", recorded: "2026-01-05T10:00:00Z")

        // Dated months after the moment it is recorded.
        let months = await Self.refusal {
            try await Self.record(casebook, clock, "FOI-2026-0001", RequestAcknowledged(acknowledgedAt: "2026-05-05T10:00:00Z"),
                                  occurred: "2026-01-05T10:05:00Z", recorded: "2026-01-05T10:10:00Z")
        }
        #expect(months?.rule == .stepInFuture)
        // The ledger's policy is the one applied: 30 minutes ahead passes, 31 does not.
        let ahead = await Self.refusal {
            try await Self.record(casebook, clock, "FOI-2026-0001", RequestAcknowledged(acknowledgedAt: "2026-01-05T10:41:00Z"),
                                  occurred: "2026-01-05T10:05:00Z", recorded: "2026-01-05T10:10:00Z")
        }
        #expect(ahead?.rule == .stepInFuture)
        // The envelope's occurredAt before the day of receipt.
        let early = await Self.refusal {
            try await Self.record(casebook, clock, "FOI-2026-0001", NoteAdded(text: "n"),
                                  occurred: "2026-01-04T16:00:00Z", recorded: "2026-01-05T10:10:00Z")
        }
        #expect(early?.rule == .stepBeforeOpening)
        try await Self.record(casebook, clock, "FOI-2026-0001", RequestAcknowledged(acknowledgedAt: "2026-01-05T10:40:00Z"),
                              occurred: "2026-01-05T10:05:00Z", recorded: "2026-01-05T10:10:00Z")
        #expect(try casebook.ledger.read { try $0.size() } == 2)
        let state = try casebook.ledger.read { try CaseStateStore.state(of: "FOI-2026-0001", in: $0) }
        #expect(state?.openedAt == "2026-01-05T09:30:00Z")
        #expect(state?.hasRecorded(.requestAcknowledged) == true)
    }
}
