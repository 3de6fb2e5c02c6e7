import Foundation
import Testing

extension CaseActionCLITests {
    /// Runs `casebook args…` on `ledger`, expecting a refusal; returns standard error.
    func refused(_ ledger: String, _ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try CLI.run(args + ["--ledger", ledger, "--today", "2026-03-10"], environment: Self.environment)
        #expect(r.status != 0, "casebook \(args.joined(separator: " ")) was accepted", sourceLocation: sourceLocation)
        #expect(r.stderr.contains("Nothing was appended"), "\(r.stderr)", sourceLocation: sourceLocation)
        return r.stderr
    }

    @Test("the data protection policy Appendix 4 start to finish: a police request missing the officer's number, fax refused, contact, details, disclosure, the third-party register")
    func thirdPartyLifecycle() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            var s = try act(ledger, ["third-party", "receive", "--at", "2026-03-02T10:00:00Z", "--category", "police",
                                     "--organisation", "Police Scotland, North East Division", "--purpose", "prevention-or-detection-of-crime",
                                     "--information", "Tenancy start date of 12 Example Road", "--data-subject", "The tenant of 12 Example Road",
                                     "--officer-rank", "Detective Constable", "--officer-name", "A. Constable", "--station", "Queen Street",
                                     "--telephone", "01224 000000", "--extension-number", "4321", "--consent", "not-relied-on"], today: "2026-03-02")
            #expect(s["reference"] as? String == "TPD-2026-0001")
            #expect(s["kind"] as? String == "thirdPartyDisclosure")
            #expect(s["status"] as? String == "incomplete")
            #expect(s["nextStep"] as? String == "response")
            #expect(s["nextDue"] as? String == "2026-03-30")  // 20 working days (the policy default)

            // Disclosing by fax is refused, whatever else is wrong: the policy forbids it (Appendix 4 §2.6.7.3).
            var err = try refused(ledger, ["third-party", "disclose", "TPD-2026-0001", "--information", "Tenancy start date",
                                           "--method", "fax", "--legal-basis", "dpa2018Sch2Para2"])
            #expect(err.contains("ThirdParty.faxForbidden") && err.contains("must not be faxed") && err.contains("secureEmail"), "\(err)")
            // By secure e-mail, still refused: the police have not been asked for the officer's number (§2.6.7.1).
            err = try refused(ledger, ["third-party", "disclose", "TPD-2026-0001", "--information", "Tenancy start date",
                                       "--legal-basis", "dpa2018Sch2Para2"])
            #expect(err.contains("ThirdParty.disclosedBeforeContactingRequester") && err.contains("officerNumber"), "\(err)")
            err = try refused(ledger, ["third-party", "details-received", "TPD-2026-0001", "--officer-number", "1234"])
            #expect(err.contains("ThirdParty.detailsWithoutContact"), "\(err)")

            // The details asked for default to those missing.
            s = try act(ledger, ["third-party", "contact-requester", "TPD-2026-0001", "--note", "Phoned the station", "--at", "2026-03-03T09:00:00Z"],
                        today: "2026-03-03")
            #expect(s["status"] as? String == "awaitingDetails")
            let timeline = try CLI.run(["timeline", "TPD-2026-0001", "--ledger", ledger, "--format", "json"])
            #expect(timeline.stdout.contains("officerNumber"), "\(timeline.stdout)")
            s = try act(ledger, ["third-party", "details-received", "TPD-2026-0001", "--officer-number", "1234", "--at", "2026-03-09T09:00:00Z"],
                        today: "2026-03-09")
            #expect(s["status"] as? String == "received")
            #expect(s["nextDue"] as? String == "2026-04-08")  // 20 working days from 9 March, past Good Friday and Easter Monday
            s = try act(ledger, ["third-party", "disclose", "TPD-2026-0001", "--information", "Tenancy start date",
                                 "--legal-basis", "dpa2018-sch2-para2", "--at", "2026-03-10T11:00:00Z"], today: "2026-03-10")
            #expect(s["status"] as? String == "disclosed")
            #expect(s["nextDue"] is NSNull)
            err = try refused(ledger, ["third-party", "refuse", "TPD-2026-0001", "--reasons", "Changed our minds"])
            #expect(err.contains("Case.eventAfterClosure"), "\(err)")

            // A court order needs its day; a parent's fee is capped at £50.
            err = try refused(ledger, ["third-party", "receive", "--category", "court", "--organisation", "Sheriff Court", "--purpose", "legalProceedings",
                                       "--information", "Housing file", "--data-subject", "A tenant", "--at", "2026-03-10T09:00:00Z"])
            #expect(err.contains("ThirdParty.courtOrderWithoutDeadline") && err.contains("--court-order-due-on"), "\(err)")
            try act(ledger, ["third-party", "receive", "--category", "court", "--organisation", "Sheriff Court", "--purpose", "legalProceedings",
                             "--information", "Housing file", "--data-subject", "A tenant", "--court-order-due-on", "2026-03-20",
                             "--at", "2026-03-10T09:00:00Z"], today: "2026-03-10")
            try act(ledger, ["third-party", "receive", "--category", "parent", "--organisation", "Parent of a pupil", "--purpose", "educationalRecord",
                             "--information", "Educational record", "--data-subject", "A pupil", "--at", "2026-03-10T09:30:00Z"], today: "2026-03-10")
            err = try refused(ledger, ["third-party", "disclose", "TPD-2026-0003", "--information", "A copy of the record", "--method", "recordedPost",
                                       "--legal-basis", "statutoryDuty", "--fee", "60.00", "--at", "2026-03-10T10:00:00Z"])
            #expect(err.contains("ThirdParty.parentFeeAboveLimit") && err.contains("£50.00"), "\(err)")
            try act(ledger, ["third-party", "disclose", "TPD-2026-0003", "--information", "A copy of the record", "--method", "recordedPost",
                             "--legal-basis", "statutoryDuty", "--fee", "50", "--at", "2026-03-10T10:00:00Z"], today: "2026-03-10")
            // A court order cannot be refused.
            err = try refused(ledger, ["third-party", "refuse", "TPD-2026-0002", "--reasons", "Too much work", "--at", "2026-03-10T11:00:00Z"])
            #expect(err.contains("ThirdParty.courtOrderRefused"), "\(err)")

            // The register, its CSV, the due list, verify --registers and rebuild.
            let csv = try CLI.run(["register", "third-party", "--ledger", ledger, "--format", "csv", "--today", "2026-03-10"])
            #expect(csv.status == 0, "\(csv.stderr)")
            let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 4)
            #expect(lines[0].hasPrefix("Reference,Received,Requester category,Requester organisation,Purpose,In writing,Information requested,Data subject,Complete,Missing details,Requester contacted"))
            #expect(lines[1].contains("TPD-2026-0001,2026-03-02,police,"))
            #expect(lines[1].contains(",yes,,2026-03-03,2026-03-09,,policyDefault,2026-04-08,2026-03-10,secureEmail,yes,dpa2018Sch2Para2,,,disclosed,yes,disclosed,no,"), "\(lines[1])")
            #expect(lines[2].contains("courtOrder,2026-03-20,"), "\(lines[2])")
            #expect(lines[3].contains("educationalRecord,2026-03-31,2026-03-10,recordedPost,yes,statutoryDuty,5000,"), "\(lines[3])")
            let court = try CLI.run(["register", "third-party", "--ledger", ledger, "--format", "json", "--category", "court", "--today", "2026-03-23"])
            #expect(court.stdout.contains("\"overdue\":true") && court.stdout.contains("TPD-2026-0002"), "\(court.stdout)")
            let table = try CLI.run(["register", "third-party", "--ledger", ledger, "--today", "2026-03-10"])
            #expect(table.status == 0 && table.stdout.contains("Marked copy") && !table.stdout.contains("A tenant"), "\(table.stdout)")
            let due = try CLI.run(["due", "--ledger", ledger, "--today", "2026-03-23", "--within", "5"])
            #expect(due.stdout.contains("TPD-2026-0002") && due.stdout.contains("third-party"), "\(due.stdout)")
            let verify = try CLI.run(["verify", "--registers", "--ledger", ledger])
            #expect(verify.status == 0, "\(verify.stderr)")
            let rebuild = try CLI.run(["rebuild", "--register", "third-party", "--ledger", ledger])
            #expect(rebuild.status == 0, "\(rebuild.stderr)")
            #expect(try CLI.run(["register", "third-party", "--ledger", ledger, "--format", "csv", "--today", "2026-03-10"]).stdout == csv.stdout)
            let deadline = try CLI.run(["deadline", "--regime", "educational-record", "--received", "2026-03-02", "--ledger", ledger])
            #expect(deadline.stdout.contains("2026-03-23") && deadline.stdout.contains("15 school days"), "\(deadline.stdout)")
        }
    }
}
