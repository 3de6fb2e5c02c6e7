import Foundation
import Testing

/// End to end through the built binary, each in a fresh ledger: the breach procedure §3.1–3.4 escalation clocks,
/// §5.5 updated form, §6.2–6.4 decision and notification contents, the wrongful-release protocol Steps 2, 4
/// and 5, and withdrawal from the disclosure log.
///
/// Monday 2 March 2026 is a working day; "immediately" is the same working day.
@Suite("casebook CLI: breach escalation, wrongful release Steps 4-5 and disclosure-log withdrawal", .serialized)
struct BreachEscalationCLITests {
    static let form = #"{"reportingOfficer":{"name":"Pat Officer","jobTitle":"Team Leader","service":"Revenues","contact":"pat@example.gov.uk"},"businessManager":{"name":"Kim Manager","jobTitle":"Business Manager","service":"Revenues","contact":"kim@example.gov.uk"},"howDiscovered":"Recipient phoned","informationInvolved":"Council tax letter","dataSubjectsDescription":"One council tax payer","dataSubjectCount":1,"sensitive":false,"howHeld":"paper","consequences":"Seen by a neighbour","immediateMeasures":"Letter retrieved","proposedMeasures":"Two-person check","service":"Revenues","categories":["loss"]}"#

    @discardableResult
    func act(_ ledger: String, _ args: [String], today: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let r = try CLI.run(args + ["--ledger", ledger, "--format", "json", "--today", today])
        #expect(r.status == 0, "casebook \(args.joined(separator: " ")): \(r.stderr)", sourceLocation: sourceLocation)
        return try jsonObject(r.lines.first ?? "{}")
    }

    func initLedger(_ dir: String) throws -> String {
        let ledger = dir + "/l"
        let r = try CLI.run(["init", "--ledger", ledger, "--role", "admin", "--role", "officer", "--role", "legal"])
        #expect(r.status == 0, "\(r.stderr)")
        return ledger
    }

    func row(_ ledger: String, _ register: String, _ reference: String, today: String) throws -> [String: Any] {
        let r = try CLI.run(["register", register, "--ledger", ledger, "--format", "json", "--today", today])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        return try #require(rows.first { $0["reference"] as? String == reference })
    }

    @Test("the breach procedure §3.1 immediate, §3.2 'upon hearing' and 'the same day', §5.5 two weeks and §6.4 contents, start to finish")
    func escalationStartToFinish() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            let form = dir + "/form.json"
            try Data(Self.form.utf8).write(to: URL(fileURLWithPath: form))
            // At risk (§3.1): report immediately, the same working day.
            var s = try act(ledger, ["breach", "report", "--form", form, "--risk-to-people", "--investigation-ordered",
                                     "--discovered-at", "2026-03-02T09:00:00Z", "--at", "2026-03-02T09:30:00Z"], today: "2026-03-02")
            #expect(s["nextStep"] as? String == "reportToBusinessManager")
            #expect(s["nextDue"] as? String == "2026-03-02")
            s = try act(ledger, ["breach", "escalate", "BR-2026-0001", "--to", "businessManager", "--reporting-form-sent",
                                 "--at", "2026-03-02T10:00:00Z"], today: "2026-03-02")
            #expect(s["nextStep"] as? String == "directorNotification")  // upon hearing (§3.2)
            // The Director hears the next day (late); the Head of Legal that day (on time).
            s = try act(ledger, ["breach", "escalate", "BR-2026-0001", "--to", "director", "--reporting-form-sent",
                                 "--at", "2026-03-03T09:00:00Z"], today: "2026-03-03")
            #expect(s["nextStep"] as? String == "headOfLegalNotification")
            #expect(s["nextDue"] as? String == "2026-03-03")
            try act(ledger, ["breach", "escalate", "BR-2026-0001", "--to", "headOfLegal", "--at", "2026-03-03T14:00:00Z"], today: "2026-03-03")
            var r = try row(ledger, "breach", "BR-2026-0001", today: "2026-03-03")
            #expect(r["reportClock"] as? String == "immediate")
            #expect(r["reportOnTime"] as? Bool == true)
            #expect(r["directorOnTime"] as? Bool == false)
            #expect(r["headOfLegalOnTime"] as? Bool == true)
            #expect(r["formMissingRecipients"] as? [String] == ["headOfLegal"])  // §3.4: the form did not go to the Head of Legal
            #expect(r["updatedFormDueOn"] as? String == "2026-03-16")

            // §5.5: the updated form, to the Director only.
            try act(ledger, ["breach", "update-form", "BR-2026-0001", "--outcome", "Mail merge picked the wrong address", "--sent-to", "director",
                             "--at", "2026-03-10T10:00:00Z"], today: "2026-03-10")
            r = try row(ledger, "breach", "BR-2026-0001", today: "2026-03-10")
            #expect(r["updatedFormOnTime"] as? Bool == true)
            #expect(r["updatedFormMissingRecipients"] as? [String] == ["headOfLegal"])

            // §6.2: the decision with reasons; §6.4: a notification without its contents is refused, nothing appended.
            try act(ledger, ["breach", "decide-subjects", "BR-2026-0001", "notify", "--reasons", "They can watch for misuse",
                             "--at", "2026-03-04T10:00:00Z"], today: "2026-03-10")
            let before = try CLI.run(["log", "--ledger", ledger]).lines.count
            let bare = try CLI.run(["breach", "notify-subjects", "BR-2026-0001", "--method", "letter", "--number", "1", "--ledger", ledger])
            #expect(bare.status != 0)
            #expect(bare.stderr.contains("Breach.notificationContentsMissing"), "\(bare.stderr)")
            #expect(bare.stderr.contains("§6.4"), "\(bare.stderr)")
            #expect(try CLI.run(["log", "--ledger", ledger]).lines.count == before)
            try act(ledger, ["breach", "notify-subjects", "BR-2026-0001", "--method", "letter", "--number", "1",
                             "--advice", "Watch for letters you did not expect", "--how-and-when", "Posted to a neighbour on 27 February",
                             "--information-involved", "Your council tax arrears", "--how-to-complain", "To the DPO, or the ICO in writing",
                             "--at", "2026-03-05T10:00:00Z"], today: "2026-03-10")
            r = try row(ledger, "breach", "BR-2026-0001", today: "2026-03-10")
            #expect(r["subjectsDecision"] as? String == "notify")
            let csv = try CLI.run(["register", "breach", "--ledger", ledger, "--format", "csv", "--today", "2026-03-10"]).stdout
            #expect(csv.contains("Report clock"))  // the escalation columns, headed in words
            #expect(!csv.contains("neighbour on 27 February"))  // the notification's personal contents stay off the register
        }
    }

    @Test("the wrongful-release protocol Steps 2, 4 and 5, and the withdrawal of the release from the disclosure log")
    func wrongfulReleaseAndWithdrawal() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            let today = "2026-03-20"
            try act(ledger, ["foi", "receive", "--requester-name", "Ann Example", "--summary", "Hostel complaints at Elm Street",
                             "--at", "2026-03-02T09:00:00Z"], today: today)
            try act(ledger, ["foi", "respond", "FOI-2026-0001", "--outcome", "granted-in-full", "--document", "Complaints annex=\(String(repeating: "ab", count: 32))",
                             "--at", "2026-03-09T10:00:00Z"], today: today)
            try act(ledger, ["foi", "publish", "FOI-2026-0001", "--url", "https://example.gov.uk/log/1", "--at", "2026-03-10T10:00:00Z"], today: today)
            let withdraw = try act(ledger, ["foi", "withdraw-publication", "FOI-2026-0001", "--reason", "The annex named residents",
                                            "--at", "2026-03-11T10:00:00Z"], today: today)
            #expect(withdraw["reference"] as? String == "FOI-2026-0001")
            let again = try CLI.run(["foi", "withdraw-publication", "FOI-2026-0001", "--reason", "Twice", "--ledger", ledger])
            #expect(again.status != 0)
            #expect(again.stderr.contains("FOI.withdrawalWithoutPublication"), "\(again.stderr)")
            let entry = try row(ledger, "disclosure", "FOI-2026-0001", today: today)
            #expect(entry["withdrawnOn"] as? String == "2026-03-11")
            #expect(entry["summary"] as? String == "Withdrawn from the disclosure log on 2026-03-11.")
            #expect((entry["documents"] as? [Any])?.isEmpty == true)
            let public_ = try CLI.run(["register", "disclosure", "--ledger", ledger, "--format", "csv", "--today", today]).stdout
            #expect(!public_.contains("Elm Street"))
            #expect(!public_.contains("Complaints annex"))
            #expect(try row(ledger, "foi", "FOI-2026-0001", today: today)["publicationWithdrawalReason"] as? String == "The annex named residents")
            // The ICO pack's disclosure log carries the withdrawal, not the material, and the pack verifies.
            let pack = dir + "/pack"
            let export = try CLI.run(["export", "ico", "--ledger", ledger, "--out", pack])
            #expect(export.status == 0, "\(export.stderr)")
            for file in ["registers/disclosure.json", "registers/disclosure.csv"] {
                let text = try String(contentsOfFile: pack + "/" + file, encoding: .utf8)
                #expect(text.contains("2026-03-11"), "\(file)")
                #expect(!text.contains("Elm Street"), "\(file)")
                #expect(!text.contains("Complaints annex"), "\(file)")
            }
            let verified = try CLI.run(["export", "verify", pack])
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")

            let form = dir + "/form.json"
            try Data(Self.form.utf8).write(to: URL(fileURLWithPath: form))
            try act(ledger, ["breach", "report", "--form", form, "--discovered-at", "2026-03-11T09:00:00Z", "--at", "2026-03-11T09:30:00Z"], today: today)
            try act(ledger, ["breach", "link-release", "BR-2026-0001", "--foi-case", "FOI-2026-0001", "--released-in-error", "Residents' names",
                             "--ministerial-damage", "none", "--departmental-damage", "low", "--stakeholder-damage", "low", "--personal-data-released",
                             "--no-other-departments-involved", "--media-story-likelihood", "high", "--legal-challenge-possible",
                             "--party-informed", "foiTeam", "--at", "2026-03-11T10:00:00Z"], today: today)
            var r = try row(ledger, "breach", "BR-2026-0001", today: today)
            var w = try #require(r["wrongfulRelease"] as? [String: Any])
            #expect(w["partiesMissing"] as? [String] == ["pressOffice", "legal"])
            #expect((r["overdueSteps"] as? [String])?.contains("pressOffice") == true)
            try act(ledger, ["breach", "inform-party", "BR-2026-0001", "press-office", "--about", "Annex released", "--at", "2026-03-11T11:00:00Z"], today: today)
            try act(ledger, ["breach", "inform-party", "BR-2026-0001", "legal", "--at", "2026-03-11T11:30:00Z"], today: today)
            try act(ledger, ["breach", "contact-affected", "BR-2026-0001", "--party", "The residents named", "--seniority", "director",
                             "--information-attached", "--apology", "--formal-letter-promised", "--plan", "Entry withdrawn from the log",
                             "--at", "2026-03-11T15:00:00Z"], today: today)
            let early = try CLI.run(["breach", "outcome-letter", "BR-2026-0001", "--party", "The residents named", "--action-taken", "x", "--ledger", ledger])
            #expect(early.stderr.contains("Breach.outcomeLetterBeforeReview"), "\(early.stderr)")
            try act(ledger, ["breach", "review-release", "BR-2026-0001", "--what-went-wrong", "Unredacted annex attached", "--protocols-need-strengthening",
                             "--at", "2026-03-16T10:00:00Z"], today: today)
            r = try row(ledger, "breach", "BR-2026-0001", today: today)
            w = try #require(r["wrongfulRelease"] as? [String: Any])
            #expect(w["partiesMissing"] as? [String] == [])
            #expect(w["outcomeLettersOutstanding"] as? Int == 1)
            #expect(w["protocolsNeedStrengthening"] as? Bool == true)
            try act(ledger, ["breach", "outcome-letter", "BR-2026-0001", "--party", "The residents named", "--action-taken", "A second check at sign-off",
                             "--at", "2026-03-18T10:00:00Z"], today: today)
            w = try #require(try row(ledger, "breach", "BR-2026-0001", today: today)["wrongfulRelease"] as? [String: Any])
            #expect(w["outcomeLettersOutstanding"] as? Int == 0)
            #expect((w["contacts"] as? [[String: Any]])?.first?["seniority"] as? String == "director")
        }
    }
}
