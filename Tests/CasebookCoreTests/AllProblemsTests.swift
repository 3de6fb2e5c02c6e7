import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore

/// A person learns everything wrong with their input in one go.
@Suite("Every problem at once")
struct AllProblemsTests {
    func withCasebook(_ body: (Casebook) async throws -> Void) async throws {
        let dir = NSTemporaryDirectory() + "casebook-core-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let casebook = try Casebook.create(at: dir, origin: "test.casebook.local/log")
        defer { casebook.close() }
        try await body(casebook)
    }

    static let officer = Actor(id: "o.officer", role: "officer")
    static let at = Timestamp(rfc3339: "2026-03-02T10:00:00Z")!

    @Test("a batch with five faults, on five lines and of every kind, reports five errors and stores nothing")
    func fiveFaultsInABatch() async throws {
        try await withCasebook { casebook in
            let good = #"{"case":"FOI-2026-0001","type":"RequestReceived","occurredAt":"2026-03-02T09:00:00Z","actor":{"id":"o","role":"officer"},"payload":{"channel":"email","receivedAt":"2026-03-02T09:00:00Z","regime":"foia","requester":{"name":"A"},"requesterType":"individual","summary":"Bins"}}"#
            let lines = [
                good,
                #"{"case":"FOI-2026-0001","type":"NoteAdded""#,                                                               // 1: not JSON
                #"{"case":"FOI-2026-0001","type":"NoteAdded","occurredAt":"yesterday","actor":{"id":"o","role":"officer"},"payload":{"text":"n"}}"#,  // 2: bad moment
                #"{"case":"FOI-2026-0001","type":"NoteTaken","occurredAt":"2026-03-02T09:00:00Z","actor":{"id":"o","role":"officer"},"payload":{"text":"n"}}"#,  // 3: unknown type
                #"{"case":"FOI-2026-0001","type":"RequestAcknowledged","occurredAt":"2026-03-02T09:00:00Z","actor":{"id":"o","role":"officer"},"payload":{"channel":"pigeon","acknowledgedAt":"2026-03-02T10:00:00Z"}}"#,  // 4: bad value
                #"{"case":"FOI-2026-0001","type":"NoteAdded","occurredAt":"2026-03-02T09:00:00Z","actor":{"id":"o","role":"officer"},"payload":{}}"#,  // 5: missing field
            ]
            do {
                try await casebook.record(ndjson: Array(lines.joined(separator: "\n").utf8))
                Issue.record("a batch with five faults was stored")
            } catch let error as CasebookError {
                #expect(error.problems.count == 5, "\(error.problems)")
                for line in 2...6 { #expect(error.message.contains("line \(line)"), "line \(line) is not named: \(error.message)") }
            }
            #expect(try casebook.ledger.read { try $0.size() } == 0)
        }
    }

    @Test("a command with several wrong fields names every one of them, with its field")
    func everyFieldOfACommand() async throws {
        try await withCasebook { casebook in
            let receive = try #require(CaseAction.named("receive", in: .foi))
            try await casebook.perform(CaseCommand(receive, reference: try CaseReference("FOI-2026-0001"),
                                                   fields: ["requester": .object(["name": .string("A")]), "summary": .string("Bins")], occurredAt: Self.at),
                                       by: Self.officer)
            let respond = try #require(CaseAction.named("respond", in: .foi))
            let command = CaseCommand(respond, reference: try CaseReference("FOI-2026-0001"),
                                      fields: ["sentAt": .string("2026-02-30 10:00"), "exemptions": .string("43(2)"), "colour": .string("red")],
                                      occurredAt: Self.at)
            do {
                try await casebook.perform(command, by: Self.officer)
                Issue.record("a response with a bad date, a missing outcome, a wrong type and an unknown field was stored")
            } catch let error as CasebookError {
                #expect(Set(error.problems.compactMap(\.field)) == ["sentAt", "outcome", "exemptions", "colour"], "\(error.problems)")
            }
            let fixedDate = CaseCommand(respond, reference: try CaseReference("FOI-2026-0001"),
                                        fields: ["exemptions": .string("43(2)"), "colour": .string("red"), "documents": .int(3)], occurredAt: Self.at)
            do {
                try await casebook.perform(fixedDate, by: Self.officer)
                Issue.record("a response with three faults was stored")
            } catch let error as CasebookError {
                #expect(Set(error.problems.compactMap(\.field)) == ["outcome", "exemptions", "colour", "documents"], "\(error.problems)")
            }
            #expect(try casebook.ledger.read { try $0.size() } == 1)
            // The passing neighbour: acknowledge with no fields at all takes its defaults.
            let acknowledge = try #require(CaseAction.named("acknowledge", in: .foi))
            let done = try await casebook.perform(CaseCommand(acknowledge, reference: try CaseReference("FOI-2026-0001"), occurredAt: Self.at), by: Self.officer)
            #expect(done.results.count == 1)
        }
    }
}
