import Casework
import CasebookDemo
import Foundation
import LedgerStore
import Registers
import Testing
@testable import CasebookCore

/// A casebook in a fresh temporary directory, removed afterwards; with `demo`, its history is
/// recorded first, the ledger's clock following the demo's.
func withTemporaryCasebook(_ name: String, demo: DemoGenerator? = nil, _ body: (Casebook, DemoClock?) async throws -> Void) async throws {
    let dir = NSTemporaryDirectory() + "casebook-\(name)-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let clock = demo.map { DemoClock(for: $0) }
    var options = LedgerOptions()
    if let clock { options.clock = clock.ledgerClock }
    let casebook = try Casebook.create(at: dir, origin: "test.casebook.local/log", options: options)
    defer { casebook.close() }
    if let demo, let clock { _ = try await demo.record(into: casebook, clock: clock) }
    try await body(casebook, clock)
}

/// `Casebook.rebuild` folds the log case by case and writes each table once in key order; what it
/// writes must equal, byte for byte, what the append path wrote event by event.
@Suite("Rebuild by case")
struct RebuildTests {
    static let end = LocalDate(year: 2026, month: 6, day: 30)!

    /// The fields of a wrongful-release link to `request`.
    static func linkFields(to request: String) -> JSONObject {
        [
            "foiCase": .string(request), "releasedInError": .string("An unredacted annex."),
            "ministerialReputationalDamage": .string("none"), "departmentalReputationalDamage": .string("low"),
            "stakeholderDamage": .string("low"), "personalDataReleased": .bool(false), "otherDepartmentsInvolved": .bool(false),
            "mediaStoryLikelihood": .string("low"), "legalChallengePossible": .bool(false), "partiesInformed": .array([.string("foiTeam")]),
        ]
    }

    /// Every derived table in key order: keys with their values decoded where the encoding need
    /// not be byte-stable (a state or row holding a dictionary), raw bytes elsewhere.
    struct Tables: Equatable {
        var states: [String: CaseLifecycle] = [:]
        var stateKeys: [String] = []
        var rows: [RegisterName: [String]] = [:]
        var raw: [String: [[UInt8]]] = [:]
        var snapshot = RegisterSnapshot()
    }

    static func dump(_ casebook: Casebook) throws -> Tables {
        let rawTables = [SubjectIndexHook.subjectCases, SubjectIndexHook.caseRequester, SubjectIndexHook.caseClosed,
                         SubjectIndexHook.erasures, CaseLinkHook.table, RegisterSetHook.stateTable, DueIndex.table]
        return try casebook.ledger.read { log in
            var t = Tables()
            for name in rawTables {
                var pairs: [[UInt8]] = []
                try log.transaction.scan(log.transaction.database(name)) { k, v in
                    pairs.append(Array(k))
                    pairs.append(Array(v))
                    return true
                }
                t.raw[name] = pairs
            }
            try log.transaction.scan(log.transaction.database(CaseRulesHook.stateTable)) { k, _ in
                t.stateKeys.append(String(decoding: k, as: UTF8.self))
                return true
            }
            for key in t.stateKeys { t.states[key] = try CaseStateStore.state(of: key, in: log) }
            for name in RegisterName.allCases {
                var keys: [String] = []
                try log.transaction.scan(log.transaction.database(name.rowsTable)) { k, _ in
                    keys.append(String(decoding: k, as: UTF8.self))
                    return true
                }
                t.rows[name] = keys
            }
            t.snapshot = try casebook.registerReader.snapshot(in: log)
            return t
        }
    }

    @Test("a demo history with corrections, voids and breach links rebuilds to the same tables", arguments: [UInt64(11)])
    func rebuildEqualsInline(seed: UInt64) async throws {
        let generator = DemoGenerator(cases: 400, seed: seed, end: Self.end)
        try await withTemporaryCasebook("rebuild", demo: generator) { casebook, clock in
            let clock = clock!
            // A breach that is a wrongful release by a request answered earlier: an event of one case
            // that changes another case's row.
            let before = try casebook.ledger.read { try casebook.registerReader.snapshot(in: $0) }
            // A new breach, reported as the demo reports one, so that it is still open.
            let report = try #require(generator.events().first { $0.payload is BreachReported })
            let breach = try CaseReference("BR-2026-0999")
            try await casebook.record([CaseEventInput(caseReference: breach, payload: report.payload, occurredAt: Timestamp(report.occurredAt),
                                                      actor: Actor(id: "l.legal", role: "legal"))])
            let request = try #require(before.foi.first { $0.respondedAt != nil })
            let link = try #require(CaseAction.named("link-release", in: .breach))
            _ = try await casebook.perform(CaseCommand(link, reference: breach, fields: Self.linkFields(to: request.reference), occurredAt: clock.now()),
                                           by: Actor(id: "l.legal", role: "legal"))

            // The history exercises every path of the fold: refolds and another case's event.
            let types = try casebook.ledger.read { log in
                var seen: [String: Int] = [:]
                try log.forEachEvent { e in seen[e.envelope.type, default: 0] += 1; return true }
                return seen
            }
            #expect(types["Corrected", default: 0] > 0)
            #expect(types["Voided", default: 0] > 0)
            #expect(types["WrongfulReleaseLinked", default: 0] > 0)

            let inline = try Self.dump(casebook)
            #expect(inline.snapshot.foi.contains { !$0.linkedBreaches.isEmpty })
            var reported: [(UInt64, UInt64)] = []
            try casebook.rebuild(registers: nil, casesPerTransaction: 7) { reported.append(($0, $1)) }
            let rebuilt = try Self.dump(casebook)
            for (table, pairs) in inline.raw {
                #expect(rebuilt.raw[table] == pairs, "table \(table) differs after the rebuild")
            }
            #expect(rebuilt.stateKeys == inline.stateKeys)
            for key in inline.stateKeys where rebuilt.states[key] != inline.states[key] {
                Issue.record("the folded state of \(key) differs after the rebuild")
            }
            #expect(rebuilt.rows == inline.rows)
            #expect(rebuilt.snapshot == inline.snapshot)
            let size = try casebook.ledger.size()
            #expect(reported.first?.0 == 0 && reported.last?.0 == size && reported.count > 3)

            // Some registers alone: the same rows, the other tables untouched.
            try casebook.rebuild(registers: [.foi, .disclosure], casesPerTransaction: 50)
            #expect(try Self.dump(casebook) == inline)
        }
    }

    /// A request and a breach that links to it, in both orders: the link counts only when the
    /// request was there first, as in the log-order fold.
    @Test("another case's event is folded in log order with the case it changes")
    func foreignEventsInLogOrder() throws {
        let all = Array(DemoGenerator(cases: 400, seed: 11, end: Self.end).events())
        let breachRef = try #require(all.first { $0.caseReference.kind == .breach }?.caseReference.rawValue)
        let target = try #require(all.first { $0.payload is ResponseSent }?.caseReference.rawValue)
        let request = all.filter { $0.caseReference.rawValue == target }
        let opening = all.filter { $0.caseReference.rawValue == breachRef }.prefix(1)
        let link = (caseReference: breachRef, payload: JSONValue.object(Self.linkFields(to: target)))

        func caseEvents(_ events: [DemoEvent], from position: UInt64) throws -> [CaseEvent] {
            try events.enumerated().map { i, e in
                CaseEvent(position: position + UInt64(i), eventId: e.eventId, reference: e.caseReference.rawValue, type: e.eventType.rawValue,
                          occurredAt: Timestamp(e.occurredAt), recordedAt: Timestamp(e.recordedAt),
                          payload: try JSONValue.parse(Array(EventCatalogue.encode(e.payload))))
            }
        }
        let calculator = DeadlineCalculator()
        for requestFirst in [true, false] {
            // The breach's report, the request's events, then the breach's link (or the link first).
            var log = try caseEvents(Array(opening), from: 0)
            let reported = log[0]
            let linkEvent = { (position: UInt64) in
                CaseEvent(position: position, eventId: UUID(), reference: breachRef, type: EventType.wrongfulReleaseLinked.rawValue,
                          occurredAt: reported.occurredAt, recordedAt: reported.recordedAt, payload: link.payload)
            }
            if !requestFirst { log.append(linkEvent(UInt64(log.count))) }
            log += try caseEvents(request, from: UInt64(log.count))
            if requestFirst { log.append(linkEvent(UInt64(log.count))) }
            var replay = RegisterReplay(calculator: calculator)
            for e in log { try replay.apply(e) }
            let expected = try #require(replay.snapshot.foi.first { $0.reference == target })
            #expect(expected.linkedBreaches == (requestFirst ? [breachRef] : []))

            let fold = RegisterCaseFold(calculator: calculator)
            let lookup: (String, UInt64) throws -> [CaseEvent] = { ref, position in log.filter { $0.reference == ref && $0.position <= position } }
            let breachEvents = log.filter { $0.reference == breachRef }
            let requestEvents = log.filter { $0.reference == target }
            // Breach references sort before request references, so the breach is folded first.
            let breachFold = try fold.fold(breachRef, events: breachEvents, foreign: [], eventsOfOtherCase: lookup)
            let carried = breachFold.foreign.filter { $0.target == target }.map(\.1)
            #expect(!carried.isEmpty)
            let requestFold = try fold.fold(target, events: requestEvents, foreign: carried, eventsOfOtherCase: lookup)
            let bytes = try #require(requestFold.rows.first { $0.table == RegisterName.foi.rowsTable }?.bytes)
            let row = try #require(try RegisterKind.named(.foi).row(from: bytes) as? FOIRow)
            #expect(row == expected)
        }
    }
}

/// What one append costs in durable commits.
@Suite("Commits per append")
struct CommitsPerAppendTests {
    @Test("opening new cases with new requesters and case-scoped personal data costs one keystore commit; a note on them costs none")
    func oneKeystoreCommit() async throws {
        try await withTemporaryCasebook("commits") { casebook, _ in
            let officer = Actor(id: "o.officer", role: "officer")
            let at = Timestamp(rfc3339: "2026-01-05T09:00:00Z")!
            let before = try casebook.keystore.commits()
            let inputs = try (1...3).map { n in
                CaseEventInput(caseReference: try CaseReference("FOI-2026-000\(n)"), payload: RequestReceived(
                    channel: .email, receivedAt: at, regime: .foia, requester: Requester(name: "Requester \(n)", email: "r\(n)@example.org"),
                    requesterType: .individual, summary: "Bins"), occurredAt: at, actor: officer)
            } + [CaseEventInput(caseReference: try CaseReference("FOI-2026-0001"), payload: NoteAdded(text: "Called the requester."), occurredAt: at, actor: officer)]
            try await casebook.record(inputs)
            #expect(try casebook.keystore.commits() == before + 1)
            try await casebook.record([CaseEventInput(caseReference: try CaseReference("FOI-2026-0001"), payload: NoteAdded(text: "Again."), occurredAt: at, actor: officer)])
            #expect(try casebook.keystore.commits() == before + 1)
            // The sealed note reads back.
            let timeline = try casebook.timeline("FOI-2026-0001", access: .reveal)
            #expect(timeline.contains { $0.payload["text"]?.stringValue == "Called the requester." })
        }
    }
}
