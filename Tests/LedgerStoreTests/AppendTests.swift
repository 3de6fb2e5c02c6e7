import Foundation
import Testing
@testable import LedgerStore

@Suite("Appending: idempotency, expected versions, validation")
struct AppendTests {
    @Test("with a fixed clock the stored bytes are exact")
    func storedBytesAreExact() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            var d = draft(UUID(1), case: "FOI-1", payload: ["n": .int(1), "note": .string("caf\u{E9} \"x\"\n")])
            d.correlationId = UUID(2)
            _ = try ledger.appendNow(batch(d))
            let expected = [UInt8(1)] + Array(#"{"actor":{"id":"officer-1","role":"caseworker"},"case":"FOI-1","correlationId":"ca5eb00c-0000-4000-8000-000000000002","eventId":"ca5eb00c-0000-4000-8000-000000000001","formatVersion":1,"occurredAt":"2026-01-05T08:00:00Z","payload":{"n":1,"note":"café \"x\"\n"},"position":0,"recordedAt":"2026-01-05T09:30:00Z","schemaVersion":1,"type":"NoteAdded","version":1}"#.utf8)
            let stored = try ledger.read { try $0.storedBytes(at: 0) }
            #expect(stored == expected, "\(String(decoding: stored.dropFirst(), as: UTF8.self))")
        }
    }


    // MARK: Idempotency

    @Test("the same event id with identical content is a duplicate at the same position")
    func identicalRetryIsDuplicate() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            let a = draft(UUID(1), case: "FOI-1", payload: ["n": .int(1)])
            let b = draft(UUID(2), case: "FOI-1", payload: ["n": .int(2)])
            let first = try ledger.appendNow(batch(a, b))
            #expect(first.map(\.position) == [0, 1])
            #expect(first.map(\.duplicate) == [false, false])

            // Retried alone, through either path.
            let retry = try ledger.appendNow(batch(b))
            #expect(retry == [AppendResult(position: 1, stream: "FOI-1", version: 2, eventId: UUID(2), duplicate: true)])
            let asyncRetry = try await ledger.append(batch(a))
            #expect(asyncRetry == [AppendResult(position: 0, stream: "FOI-1", version: 1, eventId: UUID(1), duplicate: true)])
            #expect(try ledger.size() == 2)

            // Retried together with a new event: the old one is reported, the new one stored after it.
            let c = draft(UUID(3), case: "FOI-1")
            let mixed = try ledger.appendNow(batch(a, c))
            #expect(mixed.map(\.position) == [0, 2])
            #expect(mixed.map(\.version) == [1, 3])
            #expect(mixed.map(\.duplicate) == [true, false])
            #expect(try ledger.size() == 3)

            // A retry does not trip an expectation that the original satisfied.
            let guarded = try ledger.appendNow(batch(a, expecting: ["FOI-1": .noStream]))
            #expect(guarded.map(\.duplicate) == [true])

            // The same event twice inside one batch is stored once.
            let d = draft(UUID(4), case: "FOI-2")
            let twice = try ledger.appendNow(batch(d, d))
            #expect(twice.map(\.position) == [3, 3])
            #expect(twice.map(\.duplicate) == [false, true])
            #expect(try ledger.size() == 4)
            #expect(try ledger.verify().ok)
        }
    }

    @Test("the same event id with different content is a conflict and nothing is appended")
    func differentContentIsConflict() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            let original = draft(UUID(1), case: "FOI-1", payload: ["n": .int(1)])
            _ = try ledger.appendNow(batch(original))
            let rootBefore = try ledger.read { try $0.root(size: 1) }

            var variants: [(String, EventDraft)] = []
            var v = original
            v.payload = .object(["n": .int(2)]); variants.append(("payload", v))
            v = original; v.stream = "FOI-2"; variants.append(("case", v))
            v = original; v.type = "OtherType"; variants.append(("type", v))
            v = original; v.occurredAt = Timestamp(milliseconds: original.occurredAt.milliseconds + 1); variants.append(("occurredAt", v))
            v = original; v.actor = Actor(id: "officer-2", role: "caseworker"); variants.append(("actor", v))
            v = original; v.causationId = UUID(9); variants.append(("causationId", v))

            for (what, changed) in variants {
                let fresh = draft(UUID(100), case: "FOI-3")
                let error = await expectLedgerError(.conflict) { try ledger.appendNow(batch(fresh, changed)) }
                #expect(error?.message.contains(UUID(1).uuidString.lowercased()) == true, "changed \(what): \(error?.message ?? "")")
                await expectLedgerError(.conflict) { try await ledger.append(batch(changed)) }
                #expect(try ledger.size() == 1, "changed \(what): something was appended")
            }
            #expect(try ledger.read { try $0.root(size: $0.size()) } == rootBefore)
            #expect(try ledger.read { try $0.position(ofEvent: UUID(100)) } == nil)
        }
    }

    @Test("the same id twice in one batch with different content is a conflict")
    func conflictInsideOneBatch() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            let a = draft(UUID(1), case: "FOI-1", payload: ["n": .int(1)])
            let a2 = draft(UUID(1), case: "FOI-1", payload: ["n": .int(2)])
            let error = await expectLedgerError(.conflict) { try ledger.appendNow(batch(draft(UUID(7), case: "FOI-9"), a, a2)) }
            #expect(error?.message.contains("twice") == true)
            #expect(try ledger.size() == 0)
            #expect(try ledger.read { try $0.head(of: "FOI-9") } == nil)
        }
    }

    @Test("a retry whose strings differ only in Unicode normalisation is not a duplicate")
    func canonicallyEquivalentStringsAreDifferentContent() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            let composed = draft(UUID(1), case: "FOI-1", payload: ["name": .string("Ren\u{E9}e")])
            let decomposed = draft(UUID(1), case: "FOI-1", payload: ["name": .string("Rene\u{301}e")])
            _ = try ledger.appendNow(batch(composed))
            // The stored bytes differ, so the second submission is different content.
            #expect(draft(UUID(1), case: "x", payload: ["name": .string("Ren\u{E9}e")]).payload.canonicalBytes()
                    != draft(UUID(1), case: "x", payload: ["name": .string("Rene\u{301}e")]).payload.canonicalBytes())
            await expectLedgerError(.conflict) { try ledger.appendNow(batch(decomposed)) }
            // The same inside one batch.
            let other = draft(UUID(2), case: "FOI-1", payload: ["k\u{E9}y": .int(1)])
            let otherDecomposed = draft(UUID(2), case: "FOI-1", payload: ["ke\u{301}y": .int(1)])
            await expectLedgerError(.conflict) { try ledger.appendNow(batch(other, otherDecomposed)) }
            #expect(try ledger.size() == 1)
        }
    }

    @Test("case ids must be in Unicode NFC, so two cases never differ only in normalisation")
    func caseIdsAreNFC() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            _ = try ledger.appendNow(batch(draft(UUID(1), case: "FOI-caf\u{E9}")))
            // "cafe\u{301}" is the same text in another normalisation: as a second case it would
            // share the first's version counters wherever a Swift String is a dictionary key.
            let e = await expectLedgerError(.invalidInput) { try ledger.appendNow(batch(draft(UUID(2), case: "FOI-cafe\u{301}"))) }
            #expect(e?.message.contains("NFC") == true, "\(e?.message ?? "")")
            await expectLedgerError(.invalidInput) {
                try ledger.appendNow(batch(draft(UUID(3), case: "FOI-caf\u{E9}"), draft(UUID(4), case: "FOI-cafe\u{301}")))
            }
            #expect(try ledger.size() == 1)
            let report = try ledger.verify()
            #expect(report.ok, "\(report.failure?.message ?? "")")
        }
    }

    // MARK: Expected versions

    @Test("expectations that hold succeed; wrong ones fail with .wrongVersion naming case, expected and actual")
    func expectedVersions() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            var next: UInt64 = 1
            func fresh(_ stream: String) -> EventDraft { defer { next += 1 }; return draft(UUID(next), case: stream) }

            #expect(try ledger.appendNow(batch(fresh("FOI-1"), fresh("FOI-1"), expecting: ["FOI-1": .noStream])).map(\.version) == [1, 2])
            #expect(try ledger.appendNow(batch(fresh("FOI-1"), expecting: ["FOI-1": .exactly(2)])).map(\.version) == [3])
            #expect(try ledger.appendNow(batch(fresh("FOI-2"), expecting: ["FOI-2": .exactly(0)])).map(\.version) == [1])
            #expect(try await ledger.append(batch(fresh("FOI-1"), expecting: ["FOI-1": .any])).map(\.version) == [4])

            let noStream = await expectLedgerError(.wrongVersion) { try ledger.appendNow(batch(fresh("FOI-1"), expecting: ["FOI-1": .noStream])) }
            #expect(noStream?.message.contains("FOI-1") == true)
            #expect(noStream?.message.contains("4") == true, "the actual version: \(noStream?.message ?? "")")

            for wrong: UInt64 in [0, 3, 5, 17] {
                let e = await expectLedgerError(.wrongVersion) { try ledger.appendNow(batch(fresh("FOI-1"), expecting: ["FOI-1": .exactly(wrong)])) }
                let message = e?.message ?? ""
                #expect(message.contains("FOI-1"), "\(message)")
                #expect(message.contains("expected version \(wrong)"), "\(message)")
                #expect(message.contains("actual version 4"), "\(message)")
            }
            let viaAsync = await expectLedgerError(.wrongVersion) { try await ledger.append(batch(fresh("FOI-2"), expecting: ["FOI-2": .exactly(7)])) }
            #expect(viaAsync?.message.contains("FOI-2") == true)
            #expect(try ledger.size() == 5)
        }
    }

    @Test("a batch over two cases with one wrong expectation stores nothing")
    func multiCaseBatchIsAtomic() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            _ = try ledger.appendNow(batch(draft(UUID(1), case: "A"), draft(UUID(2), case: "B"), draft(UUID(3), case: "B")))
            let rootBefore = try ledger.read { try $0.root(size: 3) }

            let both = batch(draft(UUID(10), case: "A"), draft(UUID(11), case: "B"), draft(UUID(12), case: "A"),
                             expecting: ["A": .exactly(1), "B": .exactly(1)])  // B is at 2
            let e = await expectLedgerError(.wrongVersion) { try ledger.appendNow(both) }
            #expect(e?.message.contains("case B") == true)
            await expectLedgerError(.wrongVersion) { try await ledger.append(both) }

            #expect(try ledger.size() == 3)
            try ledger.read { log throws in
                #expect(try log.head(of: "A")?.version == 1)
                #expect(try log.head(of: "B")?.version == 2)
                #expect(try log.position(ofEvent: UUID(10)) == nil)
                #expect(try log.root(size: log.size()) == rootBefore)
            }

            var fixed = both
            fixed.expectations["B"] = .exactly(2)
            let r = try ledger.appendNow(fixed)
            #expect(r.map(\.position) == [3, 4, 5])
            #expect(r.map(\.version) == [2, 3, 3])
            #expect(try ledger.verify().ok)
        }
    }

    // MARK: Validation

    @Test("an empty batch is refused")
    func emptyBatch() async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            await expectLedgerError(.emptyBatch) { try ledger.appendNow(AppendBatch(events: [])) }
            await expectLedgerError(.emptyBatch) { try await ledger.append(AppendBatch(events: [], expectations: ["A": .noStream])) }
            #expect(try ledger.size() == 0)
        }
    }

    @Test("store-level validation refuses malformed events and appends nothing", arguments: [
        ("empty case id", draft(UUID(50), case: "")),
        ("control character in case id", draft(UUID(50), case: "FOI\n1")),
        ("overlong case id", draft(UUID(50), case: String(repeating: "x", count: 201))),
        ("empty type", draft(UUID(50), case: "FOI-1", type: "")),
        ("type with a hyphen", draft(UUID(50), case: "FOI-1", type: "Request-Received")),
        ("type with a space", draft(UUID(50), case: "FOI-1", type: "Request Received")),
        ("non-ASCII type", draft(UUID(50), case: "FOI-1", type: "Demandé")),
        ("array payload", EventDraft(eventId: UUID(50), stream: "FOI-1", type: "T", occurredAt: fixedNow, actor: testActor, payload: .array([]))),
        ("string payload", EventDraft(eventId: UUID(50), stream: "FOI-1", type: "T", occurredAt: fixedNow, actor: testActor, payload: .string("x"))),
        ("null payload", EventDraft(eventId: UUID(50), stream: "FOI-1", type: "T", occurredAt: fixedNow, actor: testActor, payload: .null)),
        ("actor without role", EventDraft(eventId: UUID(50), stream: "FOI-1", type: "T", occurredAt: fixedNow, actor: Actor(id: "a", role: ""), payload: .object([:]))),
        ("schema version 0", EventDraft(eventId: UUID(50), stream: "FOI-1", type: "T", schemaVersion: 0, occurredAt: fixedNow, actor: testActor, payload: .object([:]))),
    ])
    func validation(what: String, bad: EventDraft) async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            _ = try ledger.appendNow(batch(draft(UUID(1), case: "FOI-1")))
            let good = draft(UUID(2), case: "FOI-1")
            let e = await expectLedgerError(.invalidInput) { try ledger.appendNow(batch(good, bad)) }
            #expect(e?.message.contains(UUID(50).uuidString.lowercased()) == true, "\(what): the message names the event: \(e?.message ?? "")")
            await expectLedgerError(.invalidInput) { try await ledger.append(batch(bad)) }
            #expect(try ledger.size() == 1, "\(what): something was appended")
            #expect(try ledger.read { try $0.position(ofEvent: UUID(2)) } == nil)
        }
    }
}
