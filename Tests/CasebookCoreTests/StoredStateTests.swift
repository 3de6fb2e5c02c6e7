import CasebookDemo
import Casework
import Foundation
import LedgerStore
import StoredCoding
import Testing
@testable import CasebookCore

/// Each case's folded state, as the rules hook keeps it, in the binary store.
@Suite("Folded case states in the stored encoding", .serialized)
struct StoredStateTests {
    /// A demo history (every kind of case, a year of steps) in a temporary ledger.
    static func withDemo(cases: Int = 120, _ body: (Casebook) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-stored-\(UUID().uuidString.lowercased())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let generator = DemoGenerator(cases: cases, seed: 17, end: LocalDate(iso: "2026-06-30")!, years: 1)
        let clock = DemoClock(for: generator)
        var options = LedgerOptions()
        options.clock = clock.ledgerClock
        let casebook = try Casebook.create(at: dir, origin: "test.casebook.local/log", options: options)
        defer { casebook.close() }
        _ = try await generator.record(into: casebook, clock: clock)
        try await body(casebook)
    }

    /// Every case's folded state, by reference.
    static func states(_ casebook: Casebook) throws -> [String: CaseLifecycle] {
        try casebook.ledger.read { log in
            var references: Set<String> = []
            try log.forEachEvent(from: 0) { event in
                references.insert(event.envelope.stream)
                return true
            }
            var states: [String: CaseLifecycle] = [:]
            for reference in references { states[reference] = try CaseStateStore.state(of: reference, in: log) }
            return states
        }
    }

    @Test func everyFoldedStateRoundTrips() async throws {
        try await Self.withDemo { casebook in
            let states = try Self.states(casebook)
            #expect(states.count > 50)
            let kinds = Set(states.values.map(\.kind))
            #expect(kinds == Set(CaseKind.allCases))
            #expect(states.values.contains { !$0.exemptionsApplied.isEmpty })
            #expect(states.values.contains { $0.releasedDocuments?.isEmpty == false })
            #expect(states.values.contains { $0.openedOn != nil && $0.openedAt != nil })
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for (reference, state) in states {
                let stored = try BinaryStore.encode(state, version: 1)
                #expect(try BinaryStore.decode(CaseLifecycle.self, from: stored, version: 1) == state, "\(reference)")
                #expect(try BinaryStore.encode(state, version: 1) == stored, "the encoding is deterministic")
                let json = try JSONValue.parse(Array(encoder.encode(state)))
                #expect(try JSONValueEncoder().encode(state) == json)
                #expect(try JSONValueDecoder().decode(CaseLifecycle.self, from: json) == state)
            }
        }
    }

    @Test func statesAreStoredInTheBinaryStore() async throws {
        try await Self.withDemo(cases: 20) { casebook in
            var count = 0
            try casebook.ledger.read { log in
                try log.transaction.scan(log.transaction.database(CaseRulesHook.stateTable)) { _, value in
                    #expect(value.first == BinaryStore.magic)
                    #expect(value.count > 1 && value[1] == CaseStateStore.version)
                    count += 1
                    return true
                }
            }
            #expect(count > 10)
        }
    }

    /// A state an earlier version stored as JSON is refused, by reads and by the next append to
    /// the case, saying to run `casebook rebuild`; the rebuild rewrites it.
    @Test func anOldJSONStateSaysToRebuild() async throws {
        try await Self.withDemo(cases: 20) { casebook in
            let states = try Self.states(casebook)
            let (reference, state) = try #require(states.first { $0.value.kind == .request && !$0.value.isClosed } ?? states.first)
            let json = Array(try JSONEncoder().encode(state))
            try casebook.ledger.write { log in
                try log.transaction.put(log.transaction.database(CaseRulesHook.stateTable), Array(reference.utf8), json)
            }
            func expectRebuildAdvice(_ error: any Error) {
                guard let error = error as? LedgerError else {
                    Issue.record("expected a LedgerError, got \(error)")
                    return
                }
                #expect(error.code == .versionMismatch)
                #expect(error.message.contains(reference))
                #expect(error.message.contains("casebook rebuild"))
                #expect(error.message.contains("JSON"))
            }
            do {
                _ = try casebook.ledger.read { try CaseStateStore.state(of: reference, in: $0) }
                Issue.record("an old JSON state was read")
            } catch {
                expectRebuildAdvice(error)
            }
            do {
                try await casebook.record([CaseEventInput(caseReference: try CaseReference(reference), payload: NoteAdded(text: "After the upgrade"),
                                                          occurredAt: casebook.ledger.read { try $0.event(at: $0.size() - 1).envelope.recordedAt },
                                                          actor: Actor(id: "foi.officer", role: "officer"))])
                Issue.record("an append folded onto an old JSON state")
            } catch {
                expectRebuildAdvice(error)
            }
            try casebook.rebuild(registers: nil)
            #expect(try casebook.ledger.read { try CaseStateStore.state(of: reference, in: $0) } == state)
        }
    }

    @Test func statesFoldedBeforeLaterFieldsStillDecode() throws {
        // The oldest shape: only the fields every state has had (the later ones absent).
        var state = CaseLifecycle(kind: .request, regime: .foia)
        state.eventCount = 4
        state.exemptionsApplied = ["43(2)": .qualified, "40(2)": .absolute]
        state.publicInterestTests = ["43": .maintained]
        let stored = try BinaryStore.encode(state, version: 1)
        #expect(try BinaryStore.decode(CaseLifecycle.self, from: stored, version: 1) == state)
    }

    /// Encode + decode of one typical folded state: Foundation's JSON coders against the binary
    /// store, in this process. A measurement, printed, not a timed test. (In a debug build the
    /// binary store is compiled without optimisation and Foundation with it.)
    @Test func measureCaseLifecycleEncodeAndDecode() async throws {
        try await Self.withDemo(cases: 40) { casebook in
            let states = try Self.states(casebook)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            // The fullest state: the one whose JSON is longest.
            let state = try #require(states.values.max { a, b in
                ((try? encoder.encode(a).count) ?? 0) < ((try? encoder.encode(b).count) ?? 0)
            })
            let decoder = JSONDecoder()
            let iterations = 2000
            let json = try Self.measure(iterations) { _ = try decoder.decode(CaseLifecycle.self, from: try encoder.encode(state)) }
            let binary = try Self.measure(iterations) {
                _ = try BinaryStore.decode(CaseLifecycle.self, from: try BinaryStore.encode(state, version: 1), version: 1)
            }
            let data = try encoder.encode(state)
            let stored = try BinaryStore.encode(state, version: 1)
            let jsonDecode = try Self.measure(iterations) { _ = try decoder.decode(CaseLifecycle.self, from: data) }
            let binaryDecode = try Self.measure(iterations) { _ = try BinaryStore.decode(CaseLifecycle.self, from: stored, version: 1) }
            print("""
                CaseLifecycle (\(data.count) bytes as JSON, \(stored.count) stored): encode+decode \(Self.micro(json, iterations)) µs with \
                JSONEncoder/JSONDecoder, \(Self.micro(binary, iterations)) µs with BinaryStore (\(String(format: "%.2f", json / binary))× faster); \
                decode alone \(Self.micro(jsonDecode, iterations)) µs vs \(Self.micro(binaryDecode, iterations)) µs (\(String(format: "%.2f", jsonDecode / binaryDecode))×)
                """)
        }
    }

    static func measure(_ iterations: Int, _ body: () throws -> Void) rethrows -> Duration {
        for _ in 0..<(iterations / 10) { try body() }  // warm up
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<iterations { try body() }
        return clock.now - start
    }

    static func micro(_ d: Duration, _ iterations: Int) -> String {
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return String(format: "%.1f", seconds * 1e6 / Double(iterations))
    }
}
