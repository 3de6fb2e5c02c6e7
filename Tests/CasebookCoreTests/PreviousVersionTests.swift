import Casework
import Foundation
import LedgerStore
import Registers
import Testing
@testable import CasebookCore

/// A ledger an earlier version wrote may hold values today's strict decoding refuses; it still
/// opens and rebuilds, because what the log holds is there for good.
@Suite("Ledgers written by the previous version")
struct PreviousVersionTests {
    @Test("an event with an impossible date, stored before dates were typed, is folded on rebuild; new ones like it are refused")
    func impossibleDateRebuilds() async throws {
        let dir = NSTemporaryDirectory() + "casebook-previous-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do { _ = try Casebook.create(at: dir, origin: "test.casebook.local/log") }
        // What the previous version accepted: the store below the facade, no rules, no typed dates.
        do {
            let plain = try Ledger.open(at: dir)
            defer { plain.close() }
            let payload: JSONValue = .object([
                "channel": .string("email"), "receivedAt": .string("2026-02-30T10:00:00Z"), "regime": .string("foia"),
                "requester": .object(["name": .string("A")]), "requesterType": .string("individual"), "summary": .string("Bins"),
            ])
            _ = try plain.appendNow(AppendBatch(events: [EventDraft(
                eventId: UUID(), stream: "FOI-2026-0001", type: "RequestReceived", occurredAt: Timestamp(rfc3339: "2026-03-02T10:00:00Z")!,
                actor: Actor(id: "o", role: "officer"), payload: payload)]))
        }
        let casebook = try Casebook.open(at: dir)
        defer { casebook.close() }
        try casebook.rebuild(registers: nil)
        #expect(try casebook.ledger.read { try $0.size() } == 1)
        let state = try casebook.ledger.read { try CaseStateStore.state(of: "FOI-2026-0001", in: $0) }
        #expect(state?.eventCount == 1)
        // Today the same payload is refused, naming the field.
        let line = #"{"case":"FOI-2026-0002","type":"RequestReceived","occurredAt":"2026-03-02T10:00:00Z","actor":{"id":"o","role":"officer"},"payload":{"channel":"email","receivedAt":"2026-02-30T10:00:00Z","regime":"foia","requester":{"name":"A"},"requesterType":"individual","summary":"Bins"}}"#
        do {
            try await casebook.record(ndjson: Array(line.utf8))
            Issue.record("an impossible date was accepted")
        } catch let error as CasebookError {
            #expect(error.problems.map(\.field) == ["receivedAt"], "\(error.problems)")
        }
        #expect(try casebook.ledger.read { try $0.size() } == 1)
    }
}
