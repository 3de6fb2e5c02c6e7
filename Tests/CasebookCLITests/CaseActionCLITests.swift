import Foundation
import Testing

/// End-to-end tests of the typed case actions (`casebook foi|sar|breach|near-miss|case …`),
/// run against the built binary in a fresh ledger each.
///
/// Deadlines asserted here were worked out by hand (FOIA s10: day one is the first working day
/// after receipt; UK-wide bank holidays are not working days):
///
/// Received Tuesday 2026-03-10. Working days 1–20: 11, 12, 13, 16, (17 Mar St Patrick's Day, NI:
/// skipped), 18, 19, 20, 23, 24, 25, 26, 27, 30, 31 March, 1, 2 April, (3 Apr Good Friday, 6 Apr
/// Easter Monday: skipped), 7, 8, 9, 10 April → due **2026-04-10**. With the public interest
/// extension, days 21–40: 13–17, 20–24, 27–30 April, 1 May, (4 May Early May bank holiday:
/// skipped), 5–8, 11 May → due **2026-05-11**.
@Suite("casebook CLI: typed case actions", .serialized)
struct CaseActionCLITests {
    static let environment: [String: String] = [:]
    /// A complete breach reporting form.
    static let breachForm = #"{"reportingOfficer":{"name":"Pat Officer","jobTitle":"Team Leader","service":"Revenues","contact":"pat@example.gov.uk"},"businessManager":{"name":"Kim Manager","jobTitle":"Business Manager","service":"Revenues","contact":"kim@example.gov.uk"},"howDiscovered":"Recipient phoned","informationInvolved":"Council tax letter","dataSubjectsDescription":"One council tax payer","dataSubjectCount":1,"sensitive":false,"howHeld":"paper","consequences":"Seen by a neighbour","immediateMeasures":"Letter retrieved","proposedMeasures":"Two-person check","service":"Revenues","categories":["loss"]}"#
    /// The login name the `casebook` processes act as (the test's own user).
    static let me: String = getpwuid(geteuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    static let sha = String(repeating: "ab", count: 32)

    /// Runs an action with `--format json`, expects success and returns the printed status.
    @discardableResult
    func act(_ ledger: String, _ args: [String], today: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let r = try CLI.run(args + ["--ledger", ledger, "--format", "json", "--today", today], environment: Self.environment)
        #expect(r.status == 0, "casebook \(args.joined(separator: " ")): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.lines.count == 1, "\(r.stdout)", sourceLocation: sourceLocation)
        return try jsonObject(r.lines.first ?? "{}")
    }

    func initLedger(_ dir: String) throws -> String {
        let ledger = dir + "/l"
        // The person running the tests is an admin, an officer and in Legal Services.
        let r = try CLI.run(["init", "--ledger", ledger, "--role", "admin", "--role", "officer", "--role", "legal"])
        #expect(r.status == 0, "\(r.stderr)")
        return ledger
    }

    func logSize(_ ledger: String) throws -> Int {
        try CLI.run(["log", "--ledger", ledger]).lines.count
    }

    @Test("an FOI request from receipt to publication, with its state and next due date after each step")
    func foiLifecycle() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            let today = "2026-03-11"
            var s = try act(ledger, ["foi", "receive", "--at", "2026-03-10T10:00:00Z", "--requester-name", "Alex Example",
                                     "--requester-email", "alex@example.org", "--requester-type", "media",
                                     "--summary", "Contracts for school meals 2024-25"], today: today)
            #expect(s["reference"] as? String == "FOI-2026-0001")
            #expect(s["kind"] as? String == "request")
            #expect(s["status"] as? String == "open")
            #expect(s["version"] as? Int == 1)
            #expect(s["nextStep"] as? String == "acknowledgement")
            #expect(s["nextDue"] as? String == "2026-03-12T10:00:00Z")  // 48 clock hours
            #expect(s["overdue"] as? Bool == false)
            let recorded = try #require((s["recorded"] as? [[String: Any]])?.first)
            #expect(recorded["type"] as? String == "RequestReceived")
            #expect(recorded["position"] as? Int == 0)

            s = try act(ledger, ["foi", "acknowledge", "FOI-2026-0001", "--at", "2026-03-11T09:00:00Z"], today: today)
            #expect(s["version"] as? Int == 2)
            #expect(s["nextStep"] as? String == "response")
            #expect(s["nextDue"] as? String == "2026-04-10")

            s = try act(ledger, ["foi", "exempt", "FOI-2026-0001", "--section", "43(2)", "--reason", "Prices would prejudice the supplier's commercial interests",
                                 "--at", "2026-03-20T11:00:00Z"], today: today)
            #expect(s["version"] as? Int == 3)
            #expect(s["status"] as? String == "open")
            #expect(s["nextDue"] as? String == "2026-04-10")

            s = try act(ledger, ["foi", "pit", "FOI-2026-0001", "--factor-for-disclosure", "Transparency of public spending",
                                 "--factor-for-maintaining", "Fair competition at re-tender", "--reasoning", "Re-tender is imminent",
                                 "--outcome", "maintained", "--at", "2026-04-01T14:00:00Z"], today: today)
            #expect(s["version"] as? Int == 4)
            #expect(s["nextDue"] as? String == "2026-04-10")

            s = try act(ledger, ["foi", "extend", "FOI-2026-0001", "--explanation", "More time to weigh the public interest",
                                 "--at", "2026-04-02T10:00:00Z"], today: today)
            #expect(s["version"] as? Int == 5)
            #expect(s["status"] as? String == "open")
            #expect(s["nextStep"] as? String == "response")
            #expect(s["nextDue"] as? String == "2026-05-11")

            s = try act(ledger, ["foi", "respond", "FOI-2026-0001", "--outcome", "granted-in-part", "--exemption", "43(2)",
                                 "--document", "Contract summary=\(Self.sha)", "--at", "2026-05-05T15:00:00Z"], today: "2026-05-06")
            #expect(s["version"] as? Int == 6)
            #expect(s["status"] as? String == "responded")
            #expect(s["nextStep"] is NSNull)
            #expect(s["nextDue"] is NSNull)

            s = try act(ledger, ["foi", "publish", "FOI-2026-0001", "--url", "https://example.org/disclosure/FOI-2026-0001",
                                 "--at", "2026-05-06T09:00:00Z"], today: "2026-05-06")
            #expect(s["version"] as? Int == 7)
            #expect(s["status"] as? String == "responded")
            #expect(s["nextDue"] is NSNull)

            let timeline = try CLI.run(["timeline", "--ledger", ledger, "FOI-2026-0001", "--format", "ndjson"])
            let types = try timeline.lines.map { try jsonObject($0)["type"] as? String }
            #expect(types == ["RequestReceived", "RequestAcknowledged", "ExemptionApplied", "PublicInterestTestRecorded",
                              "DeadlineExtended", "ResponseSent", "PublishedToDisclosureLog"])
            let first = try jsonObject(timeline.lines[0])
            #expect((first["actor"] as? [String: Any])?["id"] as? String == Self.me)
            #expect((first["actor"] as? [String: Any])?["role"] as? String == "officer")

            // The published documents default to those the response released.
            let log = try CLI.run(["log", "--ledger", ledger, "--from", "6", "--to", "6"])
            let published = try #require((try jsonObject(log.stdout)["event"] as? [String: Any])?["payload"] as? [String: Any])
            #expect((published["documents"] as? [[String: Any]])?.first?["sha256"] as? String == Self.sha)

            // The table form prints what was recorded and the state.
            let table = try CLI.run(["case", "status", "FOI-2026-0001", "--ledger", ledger, "--today", "2026-05-06"])
            #expect(table.status == 0, "\(table.stderr)")
            #expect(table.stdout.contains("FOI-2026-0001") && table.stdout.contains("responded"))
        }
    }

    @Test("a table-format action says what it recorded, the status and the next due date")
    func tableOutput() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            let r = try CLI.run(["foi", "receive", "--ledger", ledger, "--at", "2026-03-10T10:00:00Z", "--requester-name", "Sam",
                                 "--requester-address", "1 High Street", "--summary", "Road gritting routes", "--today", "2026-03-10"],
                                environment: Self.environment)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.lines.first == "Recorded RequestReceived on FOI-2026-0001 (version 1, position 0).")
            #expect(r.stdout.contains("acknowledgement") && r.stdout.contains("2026-03-12T10:00:00Z"))
        }
    }

    @Test("a response relying on a qualified exemption without a public interest test is refused, naming the rule; nothing is appended")
    func ruleViolation() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            let today = "2026-03-20"
            try act(ledger, ["foi", "receive", "--at", "2026-03-10T10:00:00Z", "--requester-name", "Alex", "--requester-email", "a@example.org",
                             "--summary", "Supplier contracts"], today: today)
            try act(ledger, ["foi", "exempt", "FOI-2026-0001", "--section", "43(2)", "--class", "qualified",
                             "--reason", "Commercial interests", "--at", "2026-03-12T10:00:00Z"], today: today)
            #expect(try logSize(ledger) == 2)
            let r = try CLI.run(["foi", "respond", "FOI-2026-0001", "--ledger", ledger, "--outcome", "refused", "--exemption", "43(2)",
                                 "--at", "2026-03-13T10:00:00Z"], environment: Self.environment)
            #expect(r.status != 0)
            #expect(r.stderr.contains("FOI.qualifiedExemptionWithoutPIT"), "\(r.stderr)")
            #expect(r.stderr.contains("Nothing was appended"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(try logSize(ledger) == 2)

            // A stale expected version is refused too, and appends nothing.
            let stale = try CLI.run(["case", "note", "FOI-2026-0001", "Called the requester", "--ledger", ledger, "--expected-version", "1"],
                                    environment: Self.environment)
            #expect(stale.status != 0)
            #expect(stale.stderr.contains("expected version 1, actual version 2"), "\(stale.stderr)")
            #expect(try logSize(ledger) == 2)

            // Bad input is explained before anything is opened or appended.
            let badDate = try CLI.run(["foi", "withdraw", "FOI-2026-0001", "--ledger", ledger, "--on", "13/03/2026"], environment: Self.environment)
            #expect(badDate.status != 0)
            #expect(badDate.stderr.contains("YYYY-MM-DD"), "\(badDate.stderr)")
            let wrongKind = try CLI.run(["sar", "respond", "FOI-2026-0001", "--ledger", ledger, "--outcome", "providedInFull"], environment: Self.environment)
            #expect(wrongKind.status != 0)
            #expect(wrongKind.stderr.contains("is an FOI/EIR request case"), "\(wrongKind.stderr)")
            let missing = try CLI.run(["foi", "acknowledge", "FOI-2026-0099", "--ledger", ledger], environment: Self.environment)
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("no case FOI-2026-0099"), "\(missing.stderr)")
            #expect(try logSize(ledger) == 2)
        }
    }

    @Test("references are allocated as the next free serial for the year and prefix; a taken reference is refused")
    func referenceAllocation() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            let common = ["--at", "2026-03-10T10:00:00Z", "--requester-name", "Alex", "--requester-email", "a@example.org", "--summary", "Bins"]
            var s = try act(ledger, ["foi", "receive", "--reference", "FOI-2026-0041"] + common, today: "2026-03-10")
            #expect(s["reference"] as? String == "FOI-2026-0041")
            s = try act(ledger, ["foi", "receive"] + common, today: "2026-03-10")
            #expect(s["reference"] as? String == "FOI-2026-0042")
            s = try act(ledger, ["foi", "receive", "--regime", "eir"] + common, today: "2026-03-10")
            #expect(s["reference"] as? String == "EIR-2026-0001")
            s = try act(ledger, ["foi", "receive", "--received-at", "2025-12-30T10:00:00Z", "--requester-name", "Alex",
                                 "--summary", "Late entry"], today: "2026-03-10")
            #expect(s["reference"] as? String == "FOI-2025-0001")
            let taken = try CLI.run(["foi", "receive", "--reference", "FOI-2026-0041", "--ledger", ledger] + common, environment: Self.environment)
            #expect(taken.status != 0)
            #expect(taken.stderr.contains("already exists"), "\(taken.stderr)")
            #expect(try logSize(ledger) == 4)
        }
    }

    @Test("a subject access request: the clock waits for identity and starts again from verification")
    func sarLifecycle() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            let today = "2026-03-10"
            var s = try act(ledger, ["sar", "receive", "--at", "2026-03-02T09:00:00Z", "--requester-name", "Jo Subject",
                                     "--requester-email", "jo@example.org", "--summary", "My housing file"], today: today)
            #expect(s["reference"] as? String == "SAR-2026-0001")
            #expect(s["nextStep"] as? String == "response")
            #expect(s["nextDue"] as? String == "2026-04-02")  // one calendar month
            s = try act(ledger, ["sar", "request-id", "SAR-2026-0001", "--evidence", "photo ID", "--evidence", "proof of address",
                                 "--at", "2026-03-03T09:00:00Z"], today: today)
            #expect(s["status"] as? String == "awaitingIdentity")
            #expect(s["nextDue"] is NSNull)
            s = try act(ledger, ["sar", "verify-id", "SAR-2026-0001", "--method", "documentSighted", "--at", "2026-03-09T09:00:00Z"], today: today)
            #expect(s["status"] as? String == "open")
            #expect(s["nextDue"] as? String == "2026-04-09")
            s = try act(ledger, ["sar", "third-party", "SAR-2026-0001", "--decision", "redacted", "--rationale", "Neighbour named in notes",
                                 "--at", "2026-03-20T09:00:00Z"], today: today)
            #expect(s["version"] as? Int == 4)
            s = try act(ledger, ["sar", "respond", "SAR-2026-0001", "--outcome", "provided-in-part", "--exemption", "Sch2 Para5",
                                 "--at", "2026-03-25T15:00:00Z"], today: "2026-03-26")
            #expect(s["status"] as? String == "responded")
            #expect(s["nextDue"] is NSNull)
            #expect(s["version"] as? Int == 5)
        }
    }

    @Test("a breach: reported from a form, escalated, ICO decision and notification within 72 hours")
    func breachLifecycle() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            let today = "2026-03-03"
            let form = dir + "/form.json"
            let fields: [String: Any] = [
                "reportingOfficer": ["name": "Pat Officer", "jobTitle": "Team Leader", "service": "Revenues", "contact": "pat@example.gov.uk"],
                "businessManager": ["name": "Kim Manager", "jobTitle": "Business Manager", "service": "Revenues", "contact": "kim@example.gov.uk"],
                "howDiscovered": "Recipient phoned to say they had someone else's letter",
                "informationInvolved": "Council tax arrears letter", "dataSubjectsDescription": "One council tax payer",
                "dataSubjectCount": 1, "sensitive": false, "howHeld": "paper", "consequences": "Financial details seen by a neighbour",
                "immediateMeasures": "Letter retrieved", "proposedMeasures": "Two-person check on mail merges", "service": "Revenues",
                "categories": ["loss"],
            ]
            try JSONSerialization.data(withJSONObject: fields).write(to: URL(fileURLWithPath: form))

            // A form missing a required field is refused with the field and the option that sets it.
            let incomplete = try CLI.run(["breach", "report", "--ledger", ledger, "--at", "2026-03-02T09:00:00Z"], environment: Self.environment)
            #expect(incomplete.status != 0)
            #expect(incomplete.stderr.contains("--reporting-officer-name") || incomplete.stderr.contains("--business-manager"), "\(incomplete.stderr)")
            #expect(try logSize(ledger) == 0)

            // Options are laid over the form: the category given on the command line wins.
            var s = try act(ledger, ["breach", "report", "--form", form, "--category", "unauthorisedDisclosure", "--category", "humanError",
                                     "--discovered-at", "2026-03-02T09:00:00Z", "--occurred-on", "2026-02-27",
                                     "--at", "2026-03-02T11:00:00Z"], today: today)
            #expect(s["reference"] as? String == "BR-2026-0001")
            #expect(s["status"] as? String == "open")
            #expect(s["nextStep"] as? String == "reportingForm")
            #expect(s["nextDue"] as? String == "2026-03-04")  // 2 working days after discovery

            s = try act(ledger, ["breach", "escalate", "BR-2026-0001", "--to", "businessManager", "--method", "email", "--reporting-form-sent",
                                 "--at", "2026-03-02T12:00:00Z"], today: today)
            #expect(s["nextStep"] as? String == "icoNotification")
            #expect(s["nextDue"] as? String == "2026-03-05T09:00:00Z")  // 72 hours from awareness

            s = try act(ledger, ["breach", "decide-ico", "BR-2026-0001", "notify", "--reasons", "Financial detriment possible",
                                 "--at", "2026-03-03T10:00:00Z"], today: today)
            #expect(s["nextStep"] as? String == "icoNotification")
            s = try act(ledger, ["breach", "notify-ico", "BR-2026-0001", "--method", "onlineForm", "--ico-reference", "IC-123456",
                                 "--at", "2026-03-04T12:00:00Z"], today: "2026-03-04")
            #expect(s["status"] as? String == "open")
            #expect(s["nextStep"] is NSNull)
            #expect(s["nextDue"] is NSNull)
            #expect(s["version"] as? Int == 4)

            let log = try CLI.run(["log", "--ledger", ledger])
            let events = try log.lines.map { try #require(try jsonObject($0)["event"] as? [String: Any]) }
            let report = try #require(events.first?["payload"] as? [String: Any])
            #expect(report["categories"] as? [String] == ["unauthorisedDisclosure", "humanError"])
            #expect(report["occurredOn"] as? String == "2026-02-27")
            #expect(report["reportingOfficer"] != nil)
            // An officer reports the breach; Legal Services handle it from there.
            let roles = events.map { ($0["actor"] as? [String: Any])?["role"] as? String }
            #expect(roles == ["officer", "legal", "legal", "legal"])

            // Closing needs the investigation to be concluded: refused by rule, nothing appended.
            try act(ledger, ["breach", "investigate", "BR-2026-0001", "--lead", "j.lead", "--due-on", "2026-03-20", "--at", "2026-03-05T09:00:00Z"],
                    today: "2026-03-05")
            let close = try CLI.run(["breach", "close", "BR-2026-0001", "--ledger", ledger], environment: Self.environment)
            #expect(close.status != 0)
            #expect(close.stderr.contains("Breach.closedWithInvestigationOpen"), "\(close.stderr)")
            #expect(try logSize(ledger) == 5)
        }
    }

    @Test("a user acts only with the roles the ledger gives them: an officer cannot decide on ICO notification until made legal")
    func roleComesFromTheUserList() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            #expect(try CLI.run(["init", "--ledger", ledger]).status == 0)   // admin and officer
            let form = dir + "/breach.json"
            try Data(Self.breachForm.utf8).write(to: URL(fileURLWithPath: form))
            let report = try CLI.run(["breach", "report", "--ledger", ledger, "--form", form, "--at", "2026-03-02T09:00:00Z"])
            #expect(report.status == 0, "\(report.stderr)")
            let refused = try CLI.run(["breach", "decide-ico", "BR-2026-0001", "notify", "--reasons", "Risk", "--ledger", ledger])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("\(Self.me) (roles: officer, admin) may not record ICONotificationDecided"), "\(refused.stderr)")
            #expect(refused.stderr.contains("casebook user add \(Self.me) --role legal"), "\(refused.stderr)")
            #expect(try logSize(ledger) == 1)
            // There is no option to type a role in.
            let typed = try CLI.run(["breach", "decide-ico", "BR-2026-0001", "notify", "--reasons", "Risk", "--role", "legal", "--ledger", ledger])
            #expect(typed.status != 0)
            #expect(try logSize(ledger) == 1)
            // The passing neighbour: once an admin grants the role, the decision is recorded as legal.
            #expect(try CLI.run(["user", "add", Self.me, "--role", "legal", "--ledger", ledger]).status == 0)
            let decided = try CLI.run(["breach", "decide-ico", "BR-2026-0001", "notify", "--reasons", "Risk", "--ledger", ledger, "--format", "json"])
            #expect(decided.status == 0, "\(decided.stderr)")
            let log = try CLI.run(["log", "--ledger", ledger])
            let lastLine = try #require(log.lines.last)
            let last = try #require(try jsonObject(lastLine)["event"] as? [String: Any])
            #expect((last["actor"] as? [String: Any])?["role"] as? String == "legal")
            #expect((last["actor"] as? [String: Any])?["id"] as? String == Self.me)
        }
    }

    @Test("a near miss is reported and reviewed; the review is due five working days after the report")
    func nearMiss() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            var s = try act(ledger, ["near-miss", "report", "--occurred-on", "2026-03-02", "--service", "Adult Social Care",
                                     "--description", "Email to the wrong Jo caught before sending", "--category", "unauthorisedDisclosure",
                                     "--at", "2026-03-03T10:00:00Z"], today: "2026-03-03")
            #expect(s["reference"] as? String == "NM-2026-0001")
            #expect(s["status"] as? String == "reported")
            #expect(s["nextStep"] as? String == "review")
            #expect(s["nextDue"] as? String == "2026-03-10")
            s = try act(ledger, ["near-miss", "review", "NM-2026-0001", "--weakness", "process", "--action", "Autocomplete switched off",
                                 "--at", "2026-03-09T10:00:00Z"], today: "2026-03-09")
            #expect(s["status"] as? String == "reviewed")
            #expect(s["nextDue"] is NSNull)
            #expect(s["overdue"] as? Bool == false)
        }
    }

    @Test("notes, corrections by version and reassignment on any case")
    func commonActions() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            try act(ledger, ["foi", "receive", "--at", "2026-03-10T10:00:00Z", "--requester-name", "Alex", "--requester-email", "a@example.org",
                             "--summary", "Bins"], today: "2026-03-10")
            var s = try act(ledger, ["case", "note", "FOI-2026-0001", "Requester phoned to chase"], today: "2026-03-10")
            #expect(s["version"] as? Int == 2)
            // Receipt was really the day before: the due date moves back with it.
            s = try act(ledger, ["case", "correct", "FOI-2026-0001", "--event", "1", "--set", "receivedAt=2026-03-09T10:00:00Z",
                                 "--reason", "Date mistyped"], today: "2026-03-10")
            #expect(s["version"] as? Int == 3)
            s = try act(ledger, ["foi", "acknowledge", "FOI-2026-0001"], today: "2026-03-10")
            #expect(s["nextDue"] as? String == "2026-04-09")
            s = try act(ledger, ["case", "reassign", "FOI-2026-0001", "--to", "b.officer", "--reason", "Leave"], today: "2026-03-10")
            #expect(s["version"] as? Int == 5)
            // A personal field set through --set goes into the encrypted part of the correction.
            try act(ledger, ["case", "correct", "FOI-2026-0001", "--event", "1", "--set", "requester.email=alex@example.net",
                             "--reason", "New address"], today: "2026-03-10")
            let log = try CLI.run(["log", "--ledger", ledger, "--from", "5", "--to", "5"])
            #expect(!log.stdout.contains("alex@example.net"))
        }
    }

    @Test("casebook deadline gives the same due dates as the cases above, as JSON")
    func deadlineJSON() throws {
        for (args, due) in [
            (["--regime", "foia", "--received", "2026-03-10"], "2026-04-10"),
            (["--regime", "foia", "--received", "2026-03-10", "--extended"], "2026-05-11"),
            (["--regime", "sar", "--received", "2026-03-09"], "2026-04-09"),
        ] {
            let r = try CLI.run(["deadline"] + args + ["--format", "json"])
            #expect(r.status == 0, "\(args): \(r.stderr)")
            let result = try jsonObject(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(result["due"] as? String == due, "\(args)")
        }
    }
}
