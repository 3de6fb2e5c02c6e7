import Foundation
import Testing

/// End-to-end: FOI review and refusal integrity and SAR completeness through the built binary, in
/// a fresh ledger each.
///
/// Review requested Tue 2026-02-10: the policy's 20 working days end 2026-03-10; extended by 20,
/// 2026-04-10 (St Patrick's Day, Good Friday and Easter Monday skipped); working day 30 is 2026-03-25.
@Suite("casebook CLI: review integrity and SAR completeness", .serialized)
struct ReviewIntegrityCLITests {
    @discardableResult
    func act(_ ledger: String, _ args: [String], today: String = "2026-04-20", sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let r = try CLI.run(args + ["--ledger", ledger, "--format", "json", "--today", today])
        #expect(r.status == 0, "casebook \(args.joined(separator: " ")): \(r.stderr)", sourceLocation: sourceLocation)
        return try jsonObject(r.lines.first ?? "{}")
    }

    /// Runs an action that must be refused, returning its message; nothing may be appended.
    func refused(_ ledger: String, _ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let before = try CLI.run(["log", "--ledger", ledger]).lines.count
        let r = try CLI.run(args + ["--ledger", ledger, "--today", "2026-04-20"])
        #expect(r.status != 0, "casebook \(args.joined(separator: " ")) was accepted", sourceLocation: sourceLocation)
        #expect(try CLI.run(["log", "--ledger", ledger]).lines.count == before, "something was appended", sourceLocation: sourceLocation)
        return r.stderr
    }

    func initLedger(_ dir: String) throws -> String {
        let ledger = dir + "/l"
        let r = try CLI.run(["init", "--ledger", ledger, "--role", "admin", "--role", "officer", "--role", "legal"])
        #expect(r.status == 0, "\(r.stderr)")
        return ledger
    }

    func register(_ ledger: String, _ name: String, today: String = "2026-04-20") throws -> [String: [String: Any]] {
        let r = try CLI.run(["register", name, "--ledger", ledger, "--format", "json", "--today", today])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: rows.map { ($0["reference"] as? String ?? "", $0) })
    }

    @Test("The FOI policy 'Complaints': respond with the rights, extend the review, decide it on working day 30: on time, nothing missing")
    func extendedReview() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            try act(ledger, ["foi", "receive", "--at", "2026-01-05T09:30:00Z", "--requester-name", "Alex Example", "--summary", "Gritting routes"])
            try act(ledger, ["foi", "respond", "FOI-2026-0001", "--outcome", "granted-in-full", "--review-rights-given", "--appeal-rights-given",
                             "--at", "2026-02-02T16:00:00Z"])
            try act(ledger, ["foi", "review-request", "FOI-2026-0001", "--at", "2026-02-10T10:00:00Z"])
            let stderr = try refused(ledger, ["foi", "review-extend", "FOI-2026-0001", "--at", "2026-02-24T10:00:00Z"])
            #expect(stderr.contains("--reasons"), "\(stderr)")
            try act(ledger, ["foi", "review-extend", "FOI-2026-0001", "--reasons", "Needs the highways contractor's views",
                             "--at", "2026-02-24T10:00:00Z"])
            let again = try refused(ledger, ["foi", "review-extend", "FOI-2026-0001", "--reasons", "More", "--at", "2026-02-25T10:00:00Z"])
            #expect(again.contains("FOI.reviewAlreadyExtended"), "\(again)")
            try act(ledger, ["foi", "review-decide", "FOI-2026-0001", "--outcome", "upheld", "--reviewer", "r.reviewer", "--appeal-rights-given",
                             "--at", "2026-03-25T12:00:00Z"])
            let row = try #require(try register(ledger, "foi")["FOI-2026-0001"])
            let review = try #require(row["internalReview"] as? [String: Any])
            #expect(review["dueOn"] as? String == "2026-04-10")
            #expect(review["onTime"] as? Bool == true)
            #expect(review["extensionWorkingDays"] as? Int == 20)
            #expect(review["reviewerSignedOffResponse"] as? Bool == false)
            #expect(row["missingSteps"] == nil)
            let csv = try CLI.run(["register", "foi", "--ledger", ledger, "--format", "csv", "--today", "2026-04-20"])
            let header = csv.stdout.components(separatedBy: "\r\n").first?.split(separator: ",").map(String.init) ?? []
            // The officer column (who opened the case, or it was last reassigned to) comes last.
            #expect(header.suffix(5) == ["Review extension", "Reviewer signed off", "Channelled to a SAR", "Steps not recorded", "Case officer"])
        }
    }

    @Test("EIR reg 11(4) and FOISA s21(1): a review extension is refused with the rule named")
    func noExtensionForEIRorFOISA() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            try act(ledger, ["foi", "receive", "--regime", "eir", "--at", "2026-01-05T09:30:00Z", "--requester-name", "A", "--summary", "Air quality"])
            try act(ledger, ["foi", "respond", "EIR-2026-0001", "--outcome", "granted-in-full", "--at", "2026-02-02T16:00:00Z"])
            try act(ledger, ["foi", "review-request", "EIR-2026-0001", "--at", "2026-02-10T10:00:00Z"])
            let eir = try refused(ledger, ["foi", "review-extend", "EIR-2026-0001", "--reasons", "Complex", "--at", "2026-02-24T10:00:00Z"])
            #expect(eir.contains("EIR.reconsiderationNotExtendable") && eir.contains("reg 11(4)"), "\(eir)")
            try act(ledger, ["foi", "receive", "--regime", "foisa", "--at", "2026-01-05T09:30:00Z", "--requester-name", "B", "--summary", "Bins"])
            try act(ledger, ["foi", "respond", "FOI-2026-0001", "--outcome", "granted-in-full", "--at", "2026-02-02T16:00:00Z"])
            try act(ledger, ["foi", "review-request", "FOI-2026-0001", "--at", "2026-02-10T10:00:00Z"])
            let foisa = try refused(ledger, ["foi", "review-extend", "FOI-2026-0001", "--reasons", "Complex", "--at", "2026-02-24T10:00:00Z"])
            #expect(foisa.contains("FOISA.reviewNotExtendable"), "\(foisa)")
        }
    }

    @Test("The FOI policy Appendix 2 (s40(1)): channel-to-sar closes the request and opens the linked SAR in one append, or nothing")
    func channelToSAR() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            try act(ledger, ["foi", "receive", "--at", "2026-01-05T09:30:00Z", "--requester-name", "Alex Example",
                             "--requester-email", "alex@example.org", "--summary", "My own housing file"])
            try act(ledger, ["sar", "receive", "--at", "2026-01-05T11:00:00Z", "--requester-name", "Other Person", "--summary", "My records"])
            // Naming a SAR that exists refuses the whole command: the FOI case stays open.
            let exists = try refused(ledger, ["foi", "channel-to-sar", "FOI-2026-0001", "--sar-case", "SAR-2026-0001", "--at", "2026-01-06T10:00:00Z"])
            #expect(exists.contains("SAR-2026-0001 already exists") && exists.contains("--sar-case"), "\(exists)")
            // A date that is not one is reported once, as in every other action, and nothing is appended.
            let badDate = try refused(ledger, ["foi", "channel-to-sar", "FOI-2026-0001", "--on", "2026-13-40", "--at", "2026-01-06T10:00:00Z"])
            #expect(badDate.contains("has 1 problem;") && badDate.contains("--on: ") && badDate.contains("YYYY-MM-DD"), "\(badDate)")
            let s = try act(ledger, ["foi", "channel-to-sar", "FOI-2026-0001", "--reason", "The requester's own housing file",
                                     "--at", "2026-01-06T10:00:00Z"], today: "2026-01-07")
            #expect(s["status"] as? String == "channelledToSAR")
            let recorded = (s["recorded"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
            #expect(recorded == ["ChannelledToSubjectAccess", "SARReceived"])
            let foi = try #require(try register(ledger, "foi", today: "2026-01-07")["FOI-2026-0001"])
            #expect(foi["channelledToSAR"] as? String == "SAR-2026-0002")
            let sar = try #require(try register(ledger, "sar", today: "2026-01-07")["SAR-2026-0002"])
            #expect(sar["channelledFrom"] as? String == "FOI-2026-0001")
            #expect(sar["receivedOn"] as? String == "2026-01-05")
            #expect(sar["dueOn"] as? String == "2026-02-05")
            // The SAR holds the request's requester, sealed under the same subject.
            let timeline = try CLI.run(["timeline", "SAR-2026-0002", "--ledger", ledger, "--format", "json", "--personal-data"])
            #expect(timeline.stdout.contains("alex@example.org"), "\(timeline.stdout)")
            // A closed request cannot be channelled again.
            _ = try refused(ledger, ["foi", "channel-to-sar", "FOI-2026-0001", "--at", "2026-01-07T10:00:00Z"])
        }
    }

    @Test("The data protection policy §2.2.4, §2.3.2, §2.6, §2.7.3.1, §2.8.1: a SAR from receipt to response")
    func sarCompleteness() throws {
        try withTemporaryDirectory { dir in
            let ledger = try initLedger(dir)
            try act(ledger, ["sar", "receive", "--at", "2026-01-12T11:00:00Z", "--requester-name", "Sam Taylor", "--summary", "My social work file",
                             "--representative-name", "Pat Taylor", "--representative-relationship", "parent", "--data-subject-age", "14"])
            let bad = try refused(ledger, ["sar", "exempt", "SAR-2026-0001", "--paragraph", "Sch3 Para8", "--reasons", "Harm", "--at", "2026-01-20T10:00:00Z"])
            #expect(bad.contains("SAR.exemptionNotInCatalogue"), "\(bad)")
            try act(ledger, ["sar", "exempt", "SAR-2026-0001", "--paragraph", "Sch3 Para11", "--reasons", "Serious harm to the child's mental health",
                             "--at", "2026-01-20T10:00:00Z"])
            try act(ledger, ["sar", "scra-request", "SAR-2026-0001", "--information", "Reporter's reports of 2019", "--at", "2026-01-21T10:00:00Z"])
            let child = try refused(ledger, ["sar", "respond", "SAR-2026-0001", "--outcome", "provided-in-part", "--exemption", "Sch3 Para11",
                                             "--no-scra-information-released", "--at", "2026-02-10T10:00:00Z"])
            #expect(child.contains("SAR.scraConsentOutstanding"), "\(child)")
            try act(ledger, ["sar", "scra-consent", "SAR-2026-0001", "--outcome", "no-response", "--at", "2026-02-05T10:00:00Z"])
            let consent = try refused(ledger, ["sar", "respond", "SAR-2026-0001", "--outcome", "provided-in-part", "--exemption", "Sch3 Para11",
                                               "--no-scra-information-released", "--at", "2026-02-10T10:00:00Z"])
            #expect(consent.contains("SAR.childConsentMissing"), "\(consent)")
            try act(ledger, ["sar", "child-consent", "SAR-2026-0001", "--child-has-capacity", "--child-consents", "--at", "2026-01-22T10:00:00Z"])
            try act(ledger, ["sar", "update", "SAR-2026-0001", "--estimated-response-on", "2026-02-10", "--at", "2026-02-06T10:00:00Z"])
            let scra = try refused(ledger, ["sar", "respond", "SAR-2026-0001", "--outcome", "provided-in-part", "--exemption", "Sch3 Para11",
                                            "--scra-information-released", "--at", "2026-02-10T10:00:00Z"])
            #expect(scra.contains("SAR.scraInformationWithoutConsent"), "\(scra)")
            try act(ledger, ["sar", "respond", "SAR-2026-0001", "--outcome", "provided-in-part", "--exemption", "Sch3 Para11",
                             "--no-scra-information-released", "--content", "controller-identity", "--content", "description-of-data",
                             "--content", "purposes", "--content", "recipients", "--supplied-note", "Copy of the file, 40 pages",
                             "--at", "2026-02-10T10:00:00Z"])
            let row = try #require(try register(ledger, "sar")["SAR-2026-0001"])
            #expect(row["exemptionsApplied"] as? [String] == ["Sch3 Para11"])
            #expect(row["scraConsent"] as? String == "noResponse")
            #expect(row["childConsent"] as? String == "consented")
            #expect(row["lastUpdateOn"] as? String == "2026-02-06")
            #expect(row["missingSteps"] as? [String] == ["automatedDecisionMaking", "source"])
            #expect(row["onTime"] as? Bool == true)
        }
    }
}
