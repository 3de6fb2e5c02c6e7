import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore

/// Values that cannot be true never enter the log: each is refused naming its field, and the
/// same event with a true value is stored.
@Suite("Strict values", .serialized)
struct StrictValuesTests {
    static let opening = #"{"channel":"email","receivedAt":"RECEIVED","regime":"foia","requester":{"name":"A"},"requesterType":"individual","summary":"SUMMARY"}"#

    func line(_ c: String, _ type: String, _ payload: String) -> String {
        #"{"case":"\#(c)","type":"\#(type)","occurredAt":"2026-03-02T10:00:00Z","actor":{"id":"o","role":"officer"},"payload":\#(payload)}"#
    }

    func withCasebook(_ body: (Casebook) async throws -> Void) async throws {
        let dir = NSTemporaryDirectory() + "casebook-strict-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let casebook = try Casebook.create(at: dir, origin: "test.casebook.local/log")
        defer { casebook.close() }
        try await body(casebook)
    }

    func refused(_ casebook: Casebook, _ ndjson: String, field: String?) async throws {
        let before = try casebook.ledger.read { try $0.size() }
        do {
            try await casebook.record(ndjson: Array(ndjson.utf8))
            Issue.record("accepted: \(ndjson)")
        } catch let error as CasebookError {
            if let field { #expect(error.problems.contains { $0.field == field }, "\(error.problems) for \(ndjson)") }
        } catch let error as LedgerError {
            #expect(error.code == .invalidInput, "\(error)")
        }
        #expect(try casebook.ledger.read { try $0.size() } == before)
    }

    @Test("impossible dates, empty text, negative amounts, huge text and look-alike references are refused; true values pass")
    func examples() async throws {
        try await withCasebook { casebook in
            func open(_ received: String, summary: String = "Bins", ref: String = "FOI-2026-0001") -> String {
                line(ref, "RequestReceived", Self.opening.replacingOccurrences(of: "RECEIVED", with: received).replacingOccurrences(of: "SUMMARY", with: summary))
            }
            for bad in ["yesterday", "2026-02-30T25:00:00Z", "20260105", "２０２６-01-05T09:30:00Z", "2026-02-30T10:00:00Z", "2026-01-05"] {
                try await refused(casebook, open(bad), field: "receivedAt")
            }
            try await refused(casebook, open("2026-03-02T09:00:00Z", summary: ""), field: "summary")
            try await refused(casebook, open("2026-03-02T09:00:00Z", summary: "   "), field: "summary")
            try await refused(casebook, open("2026-03-02T09:00:00Z", summary: String(repeating: "x", count: 20_001)), field: "summary")
            try await refused(casebook, open("2026-03-02T09:00:00Z", ref: "FOI-2026-0001\u{301}"), field: nil)
            // The passing neighbour: a real date (UK local time is accepted and stored in UTC), a real summary.
            try await casebook.record(ndjson: Array(open("2026-03-02T09:00").utf8))
            let stored = try casebook.ledger.read { try $0.events(of: "FOI-2026-0001").first?.envelope.payload["receivedAt"] }
            #expect(stored == .string("2026-03-02T09:00:00Z"))

            try await refused(casebook, line("FOI-2026-0001", "FeeNoticeIssued", #"{"amountPence":-5,"issuedOn":"2026-03-02"}"#), field: "amountPence")
            try await refused(casebook, line("FOI-2026-0001", "CostLimitApplied", #"{"estimatedHours":-5,"limitPence":45000}"#), field: "estimatedHours")
            try await refused(casebook, line("FOI-2026-0001", "NoteAdded", #"{"text":""}"#), field: "text")
            try await casebook.record(ndjson: Array(line("FOI-2026-0001", "FeeNoticeIssued", #"{"amountPence":500,"issuedOn":"2026-03-02"}"#).utf8))
            #expect(try casebook.ledger.read { try $0.size() } == 2)
        }
    }
}
