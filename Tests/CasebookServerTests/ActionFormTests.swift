import CasebookCore
import Casework
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerStore
import Registers
import Testing

@testable import CasebookServer

/// The web forms of the command vocabulary and the case page, over HTTP: each form renders with a
/// label for every field and the CSRF field; a whole FOI request is recorded through the forms; a
/// refused or previewed form appends nothing; CSRF and roles are enforced.
@Suite struct ActionFormTests {
    static let sha = String(repeating: "ab", count: 32)

    // MARK: Every form renders

    @Test func everyActionOfTheVocabularyHasAFormWithALabelForEveryFieldAndTheCSRFField() async throws {
        try await withFixture { f in
            try await Self.seedOtherKinds(f)
            let app = try f.app()
            try await app.test(.router) { client in
                var sessions: [Who: String] = [:]
                let references: [CaseKind: String] = [
                    .request: "FOI-2026-0002", .subjectAccess: "SAR-2026-0001", .breach: "BR-2026-0001", .nearMiss: "NM-2026-0001",
                    .thirdPartyDisclosure: "TPD-2026-0001", .agreement: "DSA-2026-0001", .complaint: "CMP-2026-0001",
                ]
                var checked = 0
                for action in CaseAction.all {
                    let kinds = action.group == .anyCase ? CaseKind.allCases : Array(action.group.kinds)
                    for kind in kinds {
                        guard let who = Self.recorder(of: action.event, on: kind) else {
                            Issue.record("nobody records \(action) on \(kind)")
                            continue
                        }
                        if sessions[who] == nil { sessions[who] = try await client.signIn(who, fixture: f) }
                        let path = action.opens ? "/new/\(action.group.rawValue)/\(action.name)" : "/cases/\(references[kind]!)/actions/\(action.name)"
                        let page = try await client.send(.get, path, fixture: f, headers: [.cookie: sessions[who]!])
                        #expect(page.status == 200, "\(path) as \(who): \(page.status) \(page.body.prefix(300))")
                        let csrf = Self.csrf(in: page.body)
                        #expect(csrf?.isEmpty == false, "\(path) has no csrf field")
                        for field in ActionForm(action).fields + [ActionForm.occurredAt] where field.kind != .group {
                            #expect(page.body.contains("<label for=\"\(field.anchor)\""), "\(path): no label for \(field.name)")
                            #expect(page.body.contains("id=\"\(field.anchor)\""), "\(path): no control \(field.anchor)")
                            #expect(page.body.contains(Self.escaped(field.label)), "\(path): the label text of \(field.name)")
                        }
                        #expect(page.body.contains("<form method=\"post\" action=\"\(path)\""))
                        checked += 1
                    }
                }
                #expect(checked >= CaseAction.all.count)
            }
        }
    }

    @Test func formFieldsComeFromThePayloadSchema() {
        let respond = ActionForm(CaseAction.named("respond", in: .foi)!)
        let outcome = respond.fields.first { $0.name == "outcome" }
        #expect(outcome?.kind == .choice(["grantedInFull", "grantedInPart", "refused", "notHeld", "neitherConfirmNorDeny"]))
        #expect(outcome?.required == true)
        // Defaulted by the vocabulary, so not required: the moment, who signed off, the lists.
        #expect(respond.fields.first { $0.name == "sentAt" }?.kind == .dateTime)
        #expect(respond.fields.first { $0.name == "sentAt" }?.required == false)
        #expect(respond.fields.first { $0.name == "signedOffBy" }?.hint?.contains("Leave empty for you") == true)
        #expect(respond.fields.first { $0.name == "exemptions" }?.kind == .lines)
        #expect(respond.fields.first { $0.name == "documents" }?.kind == .objectLines(["title", "sha256"]))
        let receive = ActionForm(CaseAction.named("receive", in: .foi)!)
        #expect(receive.fields.first { $0.name == "requester" }?.kind == .group)
        #expect(receive.fields.first { $0.name == "requester.name" }?.parent == "requester")
        #expect(receive.fields.first { $0.name == "requester.name" }?.required == true)
        #expect(receive.fields.first { $0.name == "requester.email" }?.required == false)
        #expect(receive.fields.first { $0.name == "summary" }?.kind == .textarea)
        // The command's own fields stand in for those it derives.
        let correct = ActionForm(CaseAction.named("correct", in: .anyCase)!)
        #expect(correct.fields.map(\.name).contains("set"))
        #expect(!correct.fields.map(\.name).contains("correctsEventId"))
    }

    @Test func theEmbeddedSchemasAreThePublishedOnes() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Schemas/events")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".schema.json") }
        #expect(Set(files.map { String($0.dropLast(".schema.json".count)) }) == Set(EventSchemas.texts.keys))
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            let name = String(file.dropLast(".schema.json".count))
            #expect(EventSchemas.texts[name]?.trimmingCharacters(in: .whitespacesAndNewlines) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                    "\(file) differs from the copy in the server; run Tools/embed-event-schemas")
        }
    }

    // MARK: A whole FOI request through the forms

    @Test func aWholeFOIRequestIsRecordedThroughTheFormsFromReceiptToPublication() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                func record(_ path: String, _ fields: [(String, String)]) async throws -> String {
                    let reply = try await client.submit(path, fields + [("intent", "record")], cookie: cookie, fixture: f)
                    #expect(reply.status == 303, "\(path): \(reply.status) \(Self.problems(reply.body))")
                    return reply.headers[.location] ?? ""
                }
                let opened = try await record("/new/foi/receive", [
                    ("requester.name", "Ada Lovelace"), ("requester.email", "ada@example.org"), ("summary", "Grit bin locations in Ward 3"),
                    ("requesterType", "media"), ("receivedAt-day", "2"), ("receivedAt-month", "2"), ("receivedAt-year", "2026"), ("receivedAt-time", "09:30"),
                ])
                #expect(opened.hasPrefix("/cases/FOI-2026-0003?recorded="))
                let reference = "FOI-2026-0003"
                let banner = try await client.send(.get, opened, fixture: f, headers: [.cookie: cookie])
                #expect(banner.body.contains("Recorded"))
                #expect(banner.body.contains("Request received"))
                let base = "/cases/\(reference)/actions/"
                _ = try await record(base + "acknowledge", [("acknowledgedAt-day", "2"), ("acknowledgedAt-month", "2"), ("acknowledgedAt-year", "2026"), ("acknowledgedAt-time", "15:00")])
                _ = try await record(base + "clarify", [("requestedOn-day", "3"), ("requestedOn-month", "2"), ("requestedOn-year", "2026"), ("question", "Which wards?")])
                _ = try await record(base + "clarified", [("receivedOn-day", "5"), ("receivedOn-month", "2"), ("receivedOn-year", "2026"), ("clarification", "Ward 3 only")])
                _ = try await record(base + "exempt", [("section", "43(2)"), ("reason", "Commercially sensitive pricing")])
                _ = try await record(base + "pit", [("reasoning", "Re-tender is imminent"), ("outcome", "maintained")])
                _ = try await record(base + "respond", [
                    ("outcome", "grantedInPart"), ("exemptions", "43(2)"), ("documents", "Response letter | \(Self.sha)"),
                    ("sentAt-day", "20"), ("sentAt-month", "2"), ("sentAt-year", "2026"), ("sentAt-time", "14:00"), ("reviewRightsGiven", "true"),
                ])
                let done = try await record(base + "publish", [("publishedOn-day", "23"), ("publishedOn-month", "2"), ("publishedOn-year", "2026")])
                #expect(done.hasPrefix("/cases/\(reference)?recorded="))

                let register = try await client.send(.get, "/api/v1/registers/foi", as: .officer, fixture: f)
                let row = register.json?["rows"]?.arrayValue?.first { $0["reference"]?.stringValue == reference }
                #expect(row?["status"]?.stringValue == "responded")
                #expect(row?["publishedOn"]?.stringValue == "2026-02-23")
                #expect(row?["outcome"]?.stringValue == "grantedInPart")
                #expect(row?["exemptions"]?.arrayValue == [.string("43(2)")])
                #expect(row?["summary"]?.stringValue == "Grit bin locations in Ward 3")

                let page = try await client.send(.get, "/cases/\(reference)", fixture: f, headers: [.cookie: cookie])
                #expect(page.status == 200)
                for words in ["Request received", "Request acknowledged", "Clarification requested", "Clarification received",
                              "Exemption applied: s43(2)", "Public interest test recorded", "Response sent", "Published to disclosure log",
                              "Granted in part", "Timeline: 8 event(s)", "Status: Responded", "Ada Lovelace", "Inclusion proof"] {
                    #expect(page.body.contains(words), "the case page lacks \(words)")
                }
                let timeline = try f.casebook.ledger.read { try $0.events(of: reference).map(\.envelope.actor.id) }
                #expect(timeline == Array(repeating: "o.officer", count: 8))
            }
        }
    }

    // MARK: Refusals and previews append nothing

    @Test func aRuleViolationComesBackAsTheFormWithTheErrorSummaryAndAppendsNothing() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let before = try f.casebook.ledger.size()
                // FOI-2026-0001 is acknowledged already: a second acknowledgement breaks a rule.
                let again = try await client.submit("/cases/FOI-2026-0001/actions/acknowledge", [("channel", "post"), ("intent", "record")], cookie: cookie, fixture: f)
                #expect(again.status == 422)
                #expect(again.body.contains("There is a problem"))
                #expect(again.body.contains("class=\"error-summary\""))
                #expect(again.body.contains("value=\"post\" checked"), "the entered value is kept")
                // Bad values: each named, linked to its field, the others kept.
                let bad = try await client.submit("/new/foi/receive", [
                    ("summary", "Bus timetables"), ("receivedAt-day", "31"), ("receivedAt-month", "2"), ("receivedAt-year", "2026"), ("intent", "record"),
                ], cookie: cookie, fixture: f)
                #expect(bad.status == 422)
                #expect(bad.body.contains("href=\"#f-receivedAt-day\""))
                #expect(bad.body.contains("2026-02-31 is not a real date"))
                #expect(bad.body.contains(">Bus timetables</textarea>"))
                let missing = try await client.submit("/new/foi/receive", [("summary", "Bus timetables"), ("intent", "record")], cookie: cookie, fixture: f)
                #expect(missing.status == 422)
                #expect(missing.body.contains("href=\"#f-requester-name\""), "the missing requester's name is linked: \(Self.problems(missing.body))")
                #expect(missing.body.contains("id=\"f-requester-name-error\""))
                #expect(try f.casebook.ledger.size() == before)
            }
        }
    }

    @Test func checkYourAnswersShowsTheCaseAfterTheActionAndAppendsNothing() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let before = try f.casebook.ledger.size()
                let preview = try await client.submit("/cases/FOI-2026-0002/actions/clarify", [
                    ("requestedOn-day", "2"), ("requestedOn-month", "3"), ("requestedOn-year", "2026"), ("question", "Which year?"), ("intent", "preview"),
                ], cookie: cookie, fixture: f)
                #expect(preview.status == 200, "\(Self.problems(preview.body))")
                #expect(preview.body.contains("Check your answers"))
                #expect(preview.body.contains("Clarification requested"))
                #expect(preview.body.contains("value=\"record\""))
                #expect(preview.body.contains("value=\"change\""))
                #expect(preview.body.contains("name=\"question\" value=\"Which year?\""), "the answers are carried to Record")
                let opening = try await client.submit("/new/foi/receive", [
                    ("requester.name", "Bea Preview"), ("summary", "Library opening hours"), ("intent", "preview"),
                ], cookie: cookie, fixture: f)
                #expect(opening.status == 200, "\(Self.problems(opening.body))")
                #expect(opening.body.contains("FOI-2026-0003 (the reference it will take)"))
                #expect(opening.body.contains("Response"), "the response clock of the new request")
                // FOIA s10(1), s10(6): the 20th working day after 2 March 2026, St Patrick's Day (17 March) not counted.
                #expect(opening.body.contains("<td>Response</td><td>2026-03-31</td>"))
                #expect(opening.body.contains("<td>Status</td>") || opening.body.contains("<th scope=\"row\">Status</th><td>Open</td>"))
                // A rule the preview would break is reported as the form, like Record.
                let refused = try await client.submit("/cases/FOI-2026-0001/actions/acknowledge", [("intent", "preview")], cookie: cookie, fixture: f)
                #expect(refused.status == 422)
                #expect(try f.casebook.ledger.size() == before)
                // Change goes back to the form with the answers.
                let change = try await client.submit("/cases/FOI-2026-0002/actions/clarify", [("question", "Which year?"), ("intent", "change")], cookie: cookie, fixture: f)
                #expect(change.status == 200)
                #expect(change.body.contains("value=\"Which year?\""))
            }
        }
    }

    // MARK: CSRF and roles

    @Test func aFormPostWithoutTheCSRFFieldOrFromATokenIsRefused() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let before = try f.casebook.ledger.size()
                let noToken = try await client.send(.post, "/cases/FOI-2026-0002/actions/note", fixture: f, body: "text=Hello&intent=record",
                                                    headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"])
                #expect(noToken.status == 403)
                let wrongToken = try await client.send(.post, "/cases/FOI-2026-0002/actions/note", fixture: f, body: "text=Hello&intent=record&csrf=forged",
                                                       headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"])
                #expect(wrongToken.status == 403)
                let bearer = try await client.send(.post, "/cases/FOI-2026-0002/actions/note", as: .officer, fixture: f, body: "text=Hello&intent=record",
                                                   headers: [.contentType: "application/x-www-form-urlencoded"])
                #expect(bearer.status == 403)
                #expect(try f.casebook.ledger.size() == before)
                // With the token the same post records.
                let ok = try await client.submit("/cases/FOI-2026-0002/actions/note", [("text", "Rang the requester"), ("intent", "record")], cookie: cookie, fixture: f)
                #expect(ok.status == 303)
                #expect(try f.casebook.ledger.size() == before + 1)
            }
        }
    }

    @Test func aReaderRoleGets403OnARecordingForm() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let auditor = try await client.signIn(.auditor, fixture: f)
                let form = try await client.send(.get, "/cases/FOI-2026-0002/actions/respond", fixture: f, headers: [.cookie: auditor])
                #expect(form.status == 403)
                #expect(form.body.contains("Signed in as a.auditor"), "the error page keeps the signed-in navigation")
                // The auditor's own session token does not make the post acceptable either.
                let officer = try await client.signIn(.officer, fixture: f)
                let officerForm = try await client.send(.get, "/cases/FOI-2026-0002/actions/note", fixture: f, headers: [.cookie: officer])
                #expect(officerForm.status == 200)
                let auditorCase = try await client.send(.get, "/cases/FOI-2026-0002", fixture: f, headers: [.cookie: auditor])
                #expect(auditorCase.status == 200)
                #expect(!auditorCase.body.contains("/actions/respond"), "no recording links for a reader")
                let page = try await client.send(.get, "/cases/FOI-2026-0002/actions/note", fixture: f, headers: [.cookie: auditor])
                #expect(page.status == 403)
                let before = try f.casebook.ledger.size()
                let csrf = Self.csrf(in: officerForm.body) ?? ""
                let post = try await client.send(.post, "/cases/FOI-2026-0002/actions/note", fixture: f, body: "text=Hi&intent=record&csrf=\(csrf)",
                                                 headers: [.cookie: auditor, .contentType: "application/x-www-form-urlencoded"])
                #expect(post.status == 403)
                // A DPO does not work FOI requests: 403 too.
                let dpo = try await client.signIn(.dpo, fixture: f)
                #expect(try await client.send(.get, "/cases/FOI-2026-0002/actions/acknowledge", fixture: f, headers: [.cookie: dpo]).status == 403)
                #expect(try f.casebook.ledger.size() == before)
            }
        }
    }

    // MARK: The case page

    @Test func theCasePageShowsStatusClocksNextStepsAndTheTimelineInWords() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let page = try await client.send(.get, "/cases/FOI-2026-0002", fixture: f, headers: [.cookie: cookie])
                #expect(page.status == 200)
                #expect(page.body.contains("Status: Open"))
                // Received 12 January 2026: the response was due on 9 February, so on 2 March it is overdue, in words.
                #expect(page.body.contains("2026-02-09"))
                #expect(page.body.contains("Overdue by 15 working days"), "\(page.body)")
                #expect(page.body.contains("href=\"/cases/FOI-2026-0002/actions/respond\""))
                #expect(page.body.contains("href=\"/cases/FOI-2026-0002/actions/acknowledge\""))
                #expect(page.body.contains("<details><summary>Raw payload (RequestReceived"))
                #expect(page.body.contains("/data/v1/proofs/inclusion?position="))
                let empty = try await client.send(.get, "/cases?reference=", fixture: f, headers: [.cookie: cookie])
                #expect(empty.status == 400)
                #expect(empty.body.contains("Type a case reference"))
                #expect(empty.body.contains("Signed in as o.officer"))
                let unknown = try await client.send(.get, "/cases/FOI-2026-0999", fixture: f, headers: [.cookie: cookie])
                #expect(unknown.status == 404)
                #expect(unknown.body.contains("no case FOI-2026-0999"))
                #expect(unknown.body.contains("Signed in as o.officer"))
                let found = try await client.send(.get, "/cases?reference=foi-2026-0002", fixture: f, headers: [.cookie: cookie])
                #expect(found.headers[.location] == "/cases/FOI-2026-0002")
            }
        }
    }

    @Test func aVoidedEventIsMarkedOnTheCasePage() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let voided = try await client.submit("/cases/FOI-2026-0001/actions/void", [("event", "3"), ("reason", "Note on the wrong case"), ("intent", "record")],
                                                     cookie: cookie, fixture: f)
                #expect(voided.status == 303, "\(Self.problems(voided.body))")
                let page = try await client.send(.get, "/cases/FOI-2026-0001", fixture: f, headers: [.cookie: cookie])
                #expect(page.body.contains("<del>Note added</del> <span class=\"tag-voided\">Voided</span>"))
                #expect(page.body.contains("Voided: Note on the wrong case"))
            }
        }
    }

    /// The case page of a 50-event case, timed (reported, not asserted: speed belongs to the benchmark).
    @Test func theCasePageOfAFiftyEventCase() async throws {
        try await withFixture { f in
            var lines: [String] = []
            for i in 0..<45 {
                lines.append(JSONValue.object([
                    "case": .string("FOI-2026-0001"), "type": .string("NoteAdded"), "occurredAt": .string("2026-02-01T10:00:00Z"),
                    "actor": .object(["id": .string("seed"), "role": .string("officer")]), "payload": .object(["text": .string("Note \(i)")]),
                ]).canonicalString)
            }
            try await f.casebook.record(ndjson: Array(lines.joined(separator: "\n").utf8))
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                var timings: [Double] = []
                for _ in 0..<20 {
                    let start = ContinuousClock.now
                    let page = try await client.send(.get, "/cases/FOI-2026-0001", fixture: f, headers: [.cookie: cookie])
                    let elapsed = ContinuousClock.now - start
                    timings.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
                    #expect(page.body.contains("Timeline: 50 event(s)"))
                }
                timings.sort()
                print("case page, 50 events: median \(String(format: "%.1f", timings[timings.count / 2])) ms, max \(String(format: "%.1f", timings.last!)) ms over \(timings.count) renders")
            }
        }
    }

    // MARK: Support

    /// The role among officer, legal and the DPO that may record `type` on `kind` (and read its cases).
    static func recorder(of type: EventType, on kind: CaseKind) -> Who? {
        let order: [(Who, Role)] = kind == .breach || kind == .nearMiss ? [(.legal, .legal), (.dpo, .dpo)] : [(.officer, .officer), (.legal, .legal), (.dpo, .dpo)]
        for (who, role) in order where RecordingPolicy.mayRecord(type, on: kind, as: role) {
            return who
        }
        return nil
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(FormGuard.field)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    /// The error summary's items, for failure messages.
    static func problems(_ html: String) -> String {
        guard let start = html.range(of: "error-summary"), let end = html.range(of: "</ul>", range: start.upperBound..<html.endIndex) else { return "" }
        return String(html[start.upperBound..<end.lowerBound])
    }

    /// A third-party request, an agreement and a complaint, so every group's forms have a case.
    static func seedOtherKinds(_ f: Fixture) async throws {
        var lines: [String] = []
        for (stream, type, role) in [("TPD-2026-0001", EventType.thirdPartyRequestReceived, "officer"), ("DSA-2026-0001", .agreementProposed, "officer"),
                                     ("CMP-2026-0001", .complaintReceived, "officer")] {
            lines.append(JSONValue.object([
                "case": .string(stream), "type": .string(type.rawValue), "occurredAt": .string("2026-06-01T12:00:00Z"),
                "actor": .object(["id": .string("seed"), "role": .string(role)]), "payload": .object(try Fixture.example(type)),
            ]).canonicalString)
        }
        try await f.casebook.record(ndjson: Array(lines.joined(separator: "\n").utf8))
    }
}

extension TestClientProtocol {
    /// Signs in through the sign-in form as `who` and returns the session cookie (`name=value`)
    /// the browser would send back.
    /// Signs in through the sign-in form as a web user holding only `who`'s role (added to the
    /// user list with the test password on first use); returns the session cookie.
    func signIn(_ who: Who, fixture: Fixture) async throws -> String {
        // The same names as the fixture's tokens, so events say who acted in the same words.
        let names: [Who: String] = [.officer: "o.officer", .legal: "l.legal", .dpo: "d.dpo", .auditor: "a.auditor", .auditorPD: "p.auditor"]
        guard let name = names[who] else { throw TestFailure("\(who) cannot sign in") }
        guard let role = Role(rawValue: who == .auditorPD ? "auditor" : who.rawValue) else { throw TestFailure("\(who) has no role") }
        if try !fixture.casebook.users().contains(where: { $0.name == name }) {
            try fixture.addWebUser(name, roles: [role])
        }
        let reply = try await signIn(name, fixture: fixture)
        guard let cookie = sessionCookie(reply) else { throw TestFailure("signing in as \(who) set no cookie (\(reply.status))") }
        return cookie
    }

    /// GETs the form at `path` for its csrf token, then posts `fields` to it as the browser would.
    func submit(_ path: String, _ fields: [(String, String)], cookie: String, fixture: Fixture) async throws -> Reply {
        let form = try await send(.get, path, fixture: fixture, headers: [.cookie: cookie])
        guard let csrf = ActionFormTests.csrf(in: form.body) else { throw TestFailure("\(path) has no csrf field: \(form.status)") }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = ([(FormGuard.field, csrf)] + fields).map { k, v in
            (k.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "=" + (v.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
        return try await send(.post, path, fixture: fixture, body: body,
                              headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded", .origin: "http://localhost"])
    }
}
