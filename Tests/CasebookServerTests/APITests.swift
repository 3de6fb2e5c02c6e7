import Casework
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerStore
import CasebookCore
import Registers
import Testing

@testable import CasebookServer

/// One test (or more) per endpoint, through `app.test(.router)`.
@Suite("HTTP API")
struct APITests {
    // MARK: POST /events

    @Test func appendOneEventAndABatch() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                var payload = try Fixture.example(.requestReceived)
                payload["receivedAt"] = .string("2026-02-20T09:00:00Z")
                let one = obj(["case": .string("FOI-2026-0100"), "type": .string("RequestReceived"), "occurredAt": .string("2026-02-20T09:00:00Z"),
                               "expectedVersion": .int(-1), "payload": .object(payload)])
                let r = try await client.send(.post, "/api/v1/events", as: .officer, fixture: f, json: one)
                #expect(r.status == 201, "\(r.body)")
                #expect(r.json?["events"]?.arrayValue?.first?["version"]?.intValue == 1)
                #expect(r.json?["events"]?.arrayValue?.first?["case"]?.stringValue == "FOI-2026-0100")

                let note = try Fixture.example(.noteAdded)
                let batch: JSONValue = .array([
                    obj(["case": .string("FOI-2026-0100"), "type": .string("NoteAdded"), "occurredAt": .string("2026-02-21T09:00:00Z"), "expectedVersion": .int(1), "payload": .object(note)]),
                    obj(["case": .string("FOI-2026-0100"), "type": .string("NoteAdded"), "occurredAt": .string("2026-02-21T10:00:00Z"), "payload": .object(note)]),
                ])
                let b = try await client.send(.post, "/api/v1/events", as: .officer, fixture: f, json: batch)
                #expect(b.status == 201, "\(b.body)")
                #expect(b.json?["events"]?.arrayValue?.compactMap { $0["version"]?.intValue } == [2, 3])

                // The actor is the token's holder.
                let t = try await client.send(.get, "/api/v1/cases/FOI-2026-0100/timeline", as: .officer, fixture: f)
                #expect(t.json?["entries"]?.arrayValue?.last?["actor"] == obj(["id": .string("o.officer"), "role": .string("officer")]))
            }
        }
    }

    @Test func appendIsIdempotentByEventId() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let event = obj(["case": .string("FOI-2026-0001"), "type": .string("NoteAdded"), "occurredAt": .string("2026-02-21T09:00:00Z"),
                                 "eventId": .string("7d1c2a8e-3f41-4b7e-9a53-1c0f2e6d4b21"), "payload": obj(["text": .string("hello")])])
                let first = try await client.send(.post, "/api/v1/events", as: .officer, fixture: f, json: event)
                #expect(first.status == 201)
                let again = try await client.send(.post, "/api/v1/events", as: .officer, fixture: f, json: event)
                #expect(again.status == 200)
                #expect(again.json?["events"]?.arrayValue?.first?["duplicate"]?.boolValue == true)
                var changed = event.objectValue!
                changed["payload"] = obj(["text": .string("different")])
                let conflict = try await client.send(.post, "/api/v1/events", as: .officer, fixture: f, json: .object(changed))
                #expect(conflict.status == 409)
                #expect(conflict.errorCode == "conflict")
            }
        }
    }

    @Test func badEventsAre4xxAndAppendNothing() async throws {
        try await withFixture { f in
            let before = try f.casebook.ledger.size()
            try await f.app().test(.router) { client in
                let note = obj(["text": .string("x")])
                func ev(_ c: String, _ t: String, _ p: JSONValue = obj(["text": .string("x")]), extra: JSONObject = [:]) -> JSONValue {
                    var o: JSONObject = ["case": .string(c), "type": .string(t), "occurredAt": .string("2026-02-21T09:00:00Z"), "payload": p]
                    for (k, v) in extra { o[k] = v }
                    return .object(o)
                }
                let cases: [(String, JSONValue?, String?, Int, String)] = [
                    ("malformed JSON", nil, "{\"case\": ", 400, "invalidJSON"),
                    ("not an object", .string("hello"), nil, 400, "invalidInput"),
                    ("empty batch", .array([]), nil, 400, "emptyBatch"),
                    ("wrong type of field", ev("FOI-2026-0001", "NoteAdded", obj(["text": .int(5)])), nil, 400, "invalidInput"),
                    ("unknown event type", ev("FOI-2026-0001", "NoSuchThing"), nil, 400, "invalidInput"),
                    ("bad case reference", ev("FOO-1", "NoteAdded"), nil, 400, "invalidInput"),
                    ("unknown field", ev("FOI-2026-0001", "NoteAdded", extra: ["colour": .string("red")]), nil, 400, "invalidInput"),
                    ("event on an unknown case", ev("FOI-2026-0999", "NoteAdded"), nil, 422, "ruleViolation"),
                    ("wrong expected version", ev("FOI-2026-0001", "NoteAdded", extra: ["expectedVersion": .int(1)]), nil, 409, "wrongVersion"),
                    ("someone else as actor", ev("FOI-2026-0001", "NoteAdded", extra: ["actor": obj(["id": .string("boss"), "role": .string("officer")])]), nil, 422, "actorMismatch"),
                    ("one bad event in a batch", .array([ev("FOI-2026-0001", "NoteAdded"), ev("FOI-2026-0001", "NoteAdded", obj(["text": .bool(true)]))]), nil, 400, "invalidInput"),
                    ("a rule violation in a batch", .array([ev("FOI-2026-0002", "NoteAdded"), ev("FOI-2026-0002", "PublishedToDisclosureLog", .object(try Fixture.example(.publishedToDisclosureLog)))]), nil, 422, "ruleViolation"),
                ]
                _ = note
                for (name, json, raw, status, code) in cases {
                    let r = try await client.send(.post, "/api/v1/events", as: .officer, fixture: f, json: json, body: raw)
                    #expect(r.status == status, "\(name): \(r.body)")
                    #expect(r.errorCode == code, "\(name): \(r.body)")
                    #expect(r.json?["error"]?["message"]?.stringValue?.isEmpty == false, "\(name)")
                    #expect(r.json?["error"]?["status"]?.intValue == Int64(status), "\(name)")
                }
                let rule = try await client.send(.post, "/api/v1/events", as: .officer, fixture: f, json: ev("FOI-2026-0999", "NoteAdded"))
                #expect(rule.json?["error"]?["rule"]?.stringValue == "Case.eventBeforeOpening")
            }
            #expect(try f.casebook.ledger.size() == before)
        }
    }

    @Test func erasureIsNotRecordableOverHTTP() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let e = obj(["case": .string("FOI-2026-0001"), "type": .string("PersonalDataErased"), "occurredAt": .string("2026-02-21T09:00:00Z"),
                             "payload": .object(try Fixture.example(.personalDataErased))])
                let r = try await client.send(.post, "/api/v1/events", as: .officer, fixture: f, json: e)
                #expect(r.status == 403)
            }
        }
    }

    @Test func oversizedBodyIs413() async throws {
        try await withFixture { fixture in
            var small = fixture
            small.configuration.maxBodyBytes = 1024
            let f = small
            try await f.app().test(.router) { client in
                let big = String(repeating: "x", count: 4000)
                let e = obj(["case": .string("FOI-2026-0001"), "type": .string("NoteAdded"), "occurredAt": .string("2026-02-21T09:00:00Z"), "payload": obj(["text": .string(big)])])
                let r = try await client.send(.post, "/api/v1/events", as: .officer, fixture: f, json: e)
                #expect(r.status == 413)
                #expect(r.errorCode == "tooLarge")
            }
        }
    }

    // MARK: POST /cases/{ref}/actions/{action}

    @Test func typedActions() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let ack = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/acknowledge?occurredAt=2026-01-12T15:00:00Z&expectedVersion=1",
                                                as: .officer, fixture: f, json: obj(["acknowledgedAt": .string("2026-01-12T15:00:00Z")]))
                #expect(ack.status == 201, "\(ack.body)")
                #expect(ack.json?["events"]?.arrayValue?.first?["version"]?.intValue == 2)
                // The token's holder and role are the event's actor.
                let stored = try f.casebook.ledger.read { try $0.events(of: "FOI-2026-0002").last?.envelope }
                #expect(stored?.actor == Actor(id: "o.officer", role: "officer"))
                // No fields at all: the vocabulary's defaults, as for `casebook foi clarify`.
                let clarify = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/clarify?occurredAt=2026-01-13", as: .officer, fixture: f, json: obj([:]))
                #expect(clarify.status == 201, "\(clarify.body)")
                let clarified = try f.casebook.ledger.read { try $0.events(of: "FOI-2026-0002").last?.envelope }
                #expect(clarified?.payload["requestedOn"]?.stringValue == "2026-01-13")
                // Several problems are all reported, each with its field.
                let bad = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/review-decide", as: .officer, fixture: f,
                                                json: obj(["outcome": .string("maybe"), "decidedOn": .string("2026-02-30"), "colour": .string("red")]))
                #expect(bad.status == 400, "\(bad.body)")
                let fields = Set((bad.json?["error"]?["problems"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue })
                #expect(fields == ["outcome", "decidedOn", "colour"], "\(bad.body)")

                let stale = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/note?expectedVersion=1", as: .officer, fixture: f, json: obj(["text": .string("n")]))
                #expect(stale.status == 409)
                #expect(stale.errorCode == "wrongVersion")

                let unknownAction = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/fly", as: .officer, fixture: f, json: obj([:]))
                #expect(unknownAction.status == 404)

                let unknownCase = try await client.send(.post, "/api/v1/cases/FOI-2026-0777/actions/note", as: .officer, fixture: f, json: obj(["text": .string("n")]))
                #expect(unknownCase.status == 404)

                let badRef = try await client.send(.post, "/api/v1/cases/nonsense/actions/note", as: .officer, fixture: f, json: obj(["text": .string("n")]))
                #expect(badRef.status == 400)
                #expect(badRef.errorCode == "invalidCaseReference")

                let wrongType = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/note", as: .officer, fixture: f, json: obj(["text": .array([])]))
                #expect(wrongType.status == 400)

                let notJSON = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/note", as: .officer, fixture: f, body: "text=hello")
                #expect(notJSON.status == 400)
                #expect(notJSON.errorCode == "invalidJSON")

                // Publishing before any response breaks FOI.publishedBeforeResponse.
                let rule = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/publish", as: .officer, fixture: f,
                                                 json: .object(try Fixture.example(.publishedToDisclosureLog)))
                #expect(rule.status == 422, "\(rule.body)")
                #expect(rule.json?["error"]?["rule"]?.stringValue == "FOI.publishedBeforeResponse")

                var breach = try Fixture.example(.breachReported)
                breach["discoveredAt"] = .string("2026-02-25T10:00:00Z")
                // The example's reports and investigation date follow its own discovery (3 February):
                // moved after this one, as no step of a case comes before it was discovered.
                breach["reportedToBusinessManagerAt"] = .string("2026-02-25T10:40:00Z")
                breach["reportedToDirectorAt"] = .string("2026-02-25T11:05:00Z")
                breach["investigationDueOn"] = .string("2026-03-11")
                let opened = try await client.send(.post, "/api/v1/cases/BR-2026-0050/actions/report?expectedVersion=-1", as: .legal, fixture: f, json: .object(breach))
                #expect(opened.status == 201, "\(opened.body)")
                let twice = try await client.send(.post, "/api/v1/cases/BR-2026-0050/actions/report?expectedVersion=-1", as: .legal, fixture: f, json: .object(breach))
                #expect(twice.status == 409)

                // An opening action without a reference takes the next free one for the year received.
                let opening = obj(["requester": obj(["name": .string("New Requester")]), "summary": .string("Library opening hours"),
                                   "receivedAt": .string("2026-03-02 09:15")])
                let received = try await client.send(.post, "/api/v1/actions/foi/receive", as: .officer, fixture: f, json: opening)
                #expect(received.status == 201, "\(received.body)")
                #expect(received.json?["events"]?.arrayValue?.first?["case"]?.stringValue == "FOI-2026-0003")
                let notOpening = try await client.send(.post, "/api/v1/actions/foi/respond", as: .officer, fixture: f, json: obj([:]))
                #expect(notOpening.status == 404)
                let auditorOpens = try await client.send(.post, "/api/v1/actions/foi/receive", as: .auditor, fixture: f, json: opening)
                #expect(auditorOpens.status == 403)

                let ico = try await client.send(.post, "/api/v1/cases/FOI-2026-0001/actions/ico-complaint", as: .legal, fixture: f,
                                                json: .object(try Fixture.example(.iCOComplaintReceived)))
                #expect(ico.status == 201, "\(ico.body)")
            }
        }
    }

    // MARK: GET /cases/{ref}/timeline

    @Test func timelineWithAsOf() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let all = try await client.send(.get, "/api/v1/cases/FOI-2026-0001/timeline", as: .legal, fixture: f)
                #expect(all.status == 200)
                let entries = all.json?["entries"]?.arrayValue ?? []
                #expect(entries.count == 5)
                #expect(entries.first?["type"]?.stringValue == "RequestReceived")
                #expect(entries.first?["inclusionProof"]?.stringValue == "/api/v1/proofs/inclusion?position=0")
                #expect(entries.first?["lateEntry"]?.boolValue == true)  // seeded in November for January
                #expect(entries.first?["payload"]?["requester"]?["name"]?.stringValue == Canary.requesterName)

                let early = try await client.send(.get, "/api/v1/cases/FOI-2026-0001/timeline?asOfPosition=1", as: .legal, fixture: f)
                #expect(early.json?["entries"]?.arrayValue?.count == 2)
                let beforeAnything = try await client.send(.get, "/api/v1/cases/FOI-2026-0001/timeline?asOf=2020-01-01", as: .legal, fixture: f)
                #expect(beforeAnything.status == 404)
                let badDay = try await client.send(.get, "/api/v1/cases/FOI-2026-0001/timeline?asOf=yesterday", as: .legal, fixture: f)
                #expect(badDay.status == 400)
                let unknown = try await client.send(.get, "/api/v1/cases/FOI-2026-0404/timeline", as: .legal, fixture: f)
                #expect(unknown.status == 404)
                #expect(unknown.errorCode == "notFound")
                let redacted = try await client.send(.get, "/api/v1/cases/FOI-2026-0001/timeline", as: .auditor, fixture: f)
                #expect(redacted.json?["entries"]?.arrayValue?.first?["payload"]?["requester"]?.stringValue == "[redacted]")
            }
        }
    }

    // MARK: GET /registers/{name}

    @Test func registersWithFiltersAndCSV() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let foi = try await client.send(.get, "/api/v1/registers/foi", as: .officer, fixture: f)
                #expect(foi.status == 200)
                #expect(foi.json?["rows"]?.arrayValue?.compactMap { $0["reference"]?.stringValue } == ["FOI-2026-0001", "FOI-2026-0002"])
                let overdue = try await client.send(.get, "/api/v1/registers/foi?overdue=true", as: .officer, fixture: f)
                #expect(overdue.json?["rows"]?.arrayValue?.compactMap { $0["reference"]?.stringValue } == ["FOI-2026-0002"])
                let responded = try await client.send(.get, "/api/v1/registers/foi?status=responded&regime=foia&from=2026-01-01&to=2026-01-31", as: .officer, fixture: f)
                #expect(responded.json?["rows"]?.arrayValue?.compactMap { $0["reference"]?.stringValue } == ["FOI-2026-0001"])
                let asOf = try await client.send(.get, "/api/v1/registers/foi?asOfPosition=0", as: .officer, fixture: f)
                #expect(asOf.json?["count"]?.intValue == 1)

                let csv = try await client.send(.get, "/api/v1/registers/foi?format=csv", as: .officer, fixture: f)
                #expect(csv.status == 200)
                #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(csv.headers[.contentDisposition]?.contains("attachment") == true)
                #expect(csv.body.hasPrefix("Reference,Received,Regime"))
                #expect(csv.body.contains("\r\nFOI-2026-0002,"))

                for name in ["sar", "breach", "near-miss", "disclosure"] {
                    let r = try await client.send(.get, "/api/v1/registers/\(name)", as: .legal, fixture: f)
                    #expect(r.status == 200, "\(name)")
                    #expect(r.json?["count"]?.intValue == 1, "\(name): \(r.body)")
                }
                let none = try await client.send(.get, "/api/v1/registers/parking", as: .legal, fixture: f)
                #expect(none.status == 404)
                for bad in ["overdue=maybe", "from=2026-13-01", "dueWithin=-1", "dueWithin=99999999999", "format=xml", "asOf=2026-01-01&asOfPosition=1"] {
                    let r = try await client.send(.get, "/api/v1/registers/foi?\(bad)", as: .legal, fixture: f)
                    #expect(r.status == 400, "\(bad): \(r.body)")
                }
                let publicLog = try await client.send(.get, "/api/v1/registers/disclosure", fixture: f)
                #expect(publicLog.status == 200)
                #expect(publicLog.json?["rows"]?.arrayValue?.first?["reference"]?.stringValue == "FOI-2026-0001")
            }
        }
    }

    // MARK: GET /due

    @Test func dueList() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let legal = try await client.send(.get, "/api/v1/due?within=10", as: .legal, fixture: f)
                #expect(legal.status == 200)
                let items = legal.json?["items"]?.arrayValue ?? []
                #expect(items.contains { $0["reference"]?.stringValue == "FOI-2026-0002" && $0["overdue"]?.boolValue == true })
                #expect(items.contains { $0["register"]?.stringValue == "breach" })
                let officer = try await client.send(.get, "/api/v1/due?within=10", as: .officer, fixture: f)
                let registers = Set((officer.json?["items"]?.arrayValue ?? []).compactMap { $0["register"]?.stringValue })
                #expect(registers.isSubset(of: ["foi", "sar"]))
                #expect(!registers.isEmpty)
                let bad = try await client.send(.get, "/api/v1/due?within=lots", as: .officer, fixture: f)
                #expect(bad.status == 400)
            }
        }
    }

    // MARK: GET /reports/compliance

    @Test func complianceReportAndChart() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let r = try await client.send(.get, "/api/v1/reports/compliance?period=2026", as: .auditor, fixture: f)
                #expect(r.status == 200)
                #expect(r.json?["period"]?.stringValue == "2026")
                #expect(r.json?["requests"]?["cases"]?.intValue == 2)
                #expect(r.json?["benchmarkPercent"]?.intValue == 90)
                let svg = try await client.send(.get, "/api/v1/reports/compliance?period=2026-Q1&format=svg", as: .officer, fixture: f)
                #expect(svg.headers[.contentType]?.hasPrefix("image/svg+xml") == true)
                #expect(svg.body.contains("<svg"))
                let bad = try await client.send(.get, "/api/v1/reports/compliance?period=last-year", as: .officer, fixture: f)
                #expect(bad.status == 400)
                let fallback = try await client.send(.get, "/api/v1/reports/compliance", as: .officer, fixture: f)
                #expect(fallback.json?["period"]?.stringValue == "2026")
            }
        }
    }

    // MARK: POST /deadline

    @Test func deadlineCalculator() async throws {
        try await withFixture(seed: false) { f in
            try await f.app().test(.router) { client in
                let r = try await client.send(.post, "/api/v1/deadline", as: .officer, fixture: f, json: obj(["clock": .string("foia"), "received": .string("2026-01-05")]))
                #expect(r.status == 200, "\(r.body)")
                #expect(r.json?["due"]?.stringValue == "2026-02-02")
                #expect(r.json?["workingDays"]?.intValue == 20)
                let breach = try await client.send(.post, "/api/v1/deadline", as: .legal, fixture: f, json: obj(["clock": .string("breach"), "received": .string("2026-02-03T10:15:00Z")]))
                #expect(breach.status == 200)
                for (body, status) in [
                    (obj(["clock": .string("sundial"), "received": .string("2026-01-05")]), 400),
                    (obj(["clock": .string("foia")]), 400),
                    (obj(["clock": .string("foia"), "received": .string("soon")]), 400),
                    (obj(["clock": .string("foia"), "received": .int(5)]), 400),
                    (obj(["clock": .string("foia"), "received": .string("9999-01-01")]), 400),
                    (JSONValue.array([]), 400),
                ] {
                    let bad = try await client.send(.post, "/api/v1/deadline", as: .officer, fixture: f, json: body)
                    #expect(bad.status == status, "\(body.canonicalString): \(bad.body)")
                }
            }
        }
    }

    // MARK: Checkpoint, public key, proofs

    @Test func checkpointAndProofs() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let key = try await client.send(.get, "/api/v1/public-key", fixture: f)
                #expect(key.status == 200)
                #expect(key.body.trimmingCharacters(in: .whitespacesAndNewlines) == (try f.casebook.ledger.publicKey()))
                let cp = try await client.send(.get, "/api/v1/checkpoint", fixture: f)
                #expect(cp.status == 200)
                let opened = try CheckpointNote.open(cp.body, verifierKey: try f.casebook.ledger.publicKey())
                #expect(opened.size == (try f.casebook.ledger.size()))
                // Unchanged log: the same stored note, no new signature.
                let again = try await client.send(.get, "/api/v1/checkpoint", fixture: f)
                #expect(again.body == cp.body)

                let inc = try await client.send(.get, "/api/v1/proofs/inclusion?position=3", as: .auditor, fixture: f)
                #expect(inc.status == 200)
                #expect(inc.json?["verified"]?.boolValue == true)
                #expect(inc.json?["index"]?.intValue == 3)
                let sized = try await client.send(.get, "/api/v1/proofs/inclusion?position=1&size=4", as: .auditor, fixture: f)
                #expect(sized.json?["size"]?.intValue == 4)
                let outside = try await client.send(.get, "/api/v1/proofs/inclusion?position=400", as: .auditor, fixture: f)
                #expect(outside.status == 404)
                let missing = try await client.send(.get, "/api/v1/proofs/inclusion", as: .auditor, fixture: f)
                #expect(missing.status == 400)
                let negative = try await client.send(.get, "/api/v1/proofs/inclusion?position=-1", as: .auditor, fixture: f)
                #expect(negative.status == 400)

                let con = try await client.send(.get, "/api/v1/proofs/consistency?from=3&to=8", as: .officer, fixture: f)
                #expect(con.status == 200)
                #expect(con.json?["verified"]?.boolValue == true)
                let backwards = try await client.send(.get, "/api/v1/proofs/consistency?from=8&to=3", as: .officer, fixture: f)
                #expect(backwards.status == 400)
                let tooBig = try await client.send(.get, "/api/v1/proofs/consistency?from=1&to=800", as: .officer, fixture: f)
                #expect(tooBig.status == 404)
            }
        }
    }

    // MARK: GET /export

    @Test func exportStreamsAZipAndCleansUp() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let r = try await client.send(.get, "/api/v1/export", as: .legal, fixture: f)
                #expect(r.status == 200)
                #expect(r.headers[.contentType] == "application/zip")
                #expect(r.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))  // "PK\3\4"
                let files = try unzip(r.bytes)
                #expect(files.keys.contains { $0.hasSuffix("manifest.json") || $0.hasSuffix("MANIFEST.json") || $0.contains("manifest") })
                let left = try FileManager.default.contentsOfDirectory(atPath: f.configuration.temporaryDirectory)
                #expect(left.isEmpty, "left behind: \(left)")

                let one = try await client.send(.get, "/api/v1/export?case=FOI-2026-0001", as: .auditor, fixture: f)
                #expect(one.status == 200)
                let badCase = try await client.send(.get, "/api/v1/export?case=nonsense", as: .auditor, fixture: f)
                #expect(badCase.status == 400)
                let unknownCase = try await client.send(.get, "/api/v1/export?case=FOI-2026-0404", as: .auditor, fixture: f)
                #expect(unknownCase.status == 404)
                let personal = try await client.send(.get, "/api/v1/export?personalData=true", as: .auditor, fixture: f)
                #expect(personal.status == 403)
                let personalOK = try await client.send(.get, "/api/v1/export?personalData=true&case=FOI-2026-0001", as: .auditorPD, fixture: f)
                #expect(personalOK.status == 200)
                let text = try unzip(personalOK.bytes).values.map { String(decoding: $0, as: UTF8.self) }.joined()
                #expect(text.contains(Canary.requesterName))
            }
        }
    }

    // MARK: Errors in general

    @Test func unknownRoutesAndAuthErrorsAreJSON() async throws {
        try await withFixture(seed: false) { f in
            try await f.app().test(.router) { client in
                let r = try await client.send(.get, "/api/v1/nothing-here", as: .legal, fixture: f)
                #expect(r.status == 404)
                #expect(r.errorCode == "notFound")
                let noToken = try await client.send(.get, "/api/v1/due", fixture: f)
                #expect(noToken.status == 401)
                #expect(noToken.errorCode == "unauthenticated")
                #expect(noToken.headers[.wwwAuthenticate] != nil)
                let bad = try await client.send(.get, "/api/v1/due", fixture: f, headers: [.authorization: "Bearer cbk_not-a-real-token"])
                #expect(bad.status == 401)
                let badScheme = try await client.send(.get, "/api/v1/checkpoint", fixture: f, headers: [.authorization: "Basic YTpi"])
                #expect(badScheme.status == 401)
                let badOnPublic = try await client.send(.get, "/api/v1/public-key", fixture: f, headers: [.authorization: "Bearer cbk_nope"])
                #expect(badOnPublic.status == 401)
                let forbidden = try await client.send(.get, "/api/v1/registers/breach", as: .officer, fixture: f)
                #expect(forbidden.status == 403)
                #expect(forbidden.errorCode == "forbidden")
                #expect(forbidden.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test func revokedTokenIsRefusedOnTheNextRequest() async throws {
        try await withFixture(seed: false) { f in
            try await f.app().test(.router) { client in
                let store = TokenStore(path: TokenStore.path(inLedger: f.directory))
                let (token, record) = try store.create(name: "temp", role: .legal, personalData: false)
                let ok = try await client.send(.get, "/api/v1/due", fixture: f, headers: [.authorization: "Bearer " + token])
                #expect(ok.status == 200)
                try store.revoke(id: record.id)
                let refused = try await client.send(.get, "/api/v1/due", fixture: f, headers: [.authorization: "Bearer " + token])
                #expect(refused.status == 401)
            }
        }
    }

    @Test("an API token put in the session cookie is neither an API credential nor a browser session")
    func tokenInTheCookieIsRefused() async throws {
        try await withFixture(seed: false) { f in
            try await f.app().test(.router) { client in
                let cookie = "casebook_session=" + f.tokens[.officer]!
                let read = try await client.send(.get, "/api/v1/due", fixture: f, headers: [.cookie: cookie])
                #expect(read.status == 401)
                #expect(read.errorCode != nil)
                let write = try await client.send(.post, "/api/v1/deadline", fixture: f, json: obj(["clock": .string("foia"), "received": .string("2026-01-05")]), headers: [.cookie: cookie])
                #expect(write.status == 401)
                let page = try await client.send(.get, "/dashboard", fixture: f, headers: [.cookie: cookie])
                #expect(page.status == 302)
            }
        }
    }
}
