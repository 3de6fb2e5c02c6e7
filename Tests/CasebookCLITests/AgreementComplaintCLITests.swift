import Foundation
import Testing

/// `casebook agreement …`, `casebook complaint …` and sealed exports from start to finish, run
/// against the built binary in a fresh ledger (the data protection policy Appendix 5; the
/// data-sharing guidance §5 'Security' and §6 'Complaints Procedures').
@Suite("casebook CLI: agreements, complaints and sealed exports", .serialized)
struct AgreementComplaintCLITests {
    func ok(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> CLI.Output {
        let r = try CLI.run(args)
        #expect(r.status == 0, "casebook \(args.joined(separator: " ")): \(r.stderr)", sourceLocation: sourceLocation)
        return r
    }

    @Test("start to finish: propose, the Appendix 5 §4.1 refusal, inform-legal, sign, review; a complaint answered; registers, due list, verify")
    func agreementsAndComplaints() throws {
        try withTemporaryDirectory { (dir: String) in
            let l = ["--ledger", dir + "/l"]
            _ = try ok(["init", "--role", "admin", "--role", "officer", "--role", "legal"] + l)
            _ = try ok(["agreement", "propose", "--type", "processing", "--partner", "Northgate Print Services Ltd", "--purpose", "Council tax bills",
                        "--service", "Revenues", "--security-procedures", "SFTP; encrypted at rest", "--accuracy-standards", "Matched before each run",
                        "--review-due", "2026-07-01", "--at", "2026-01-05 10:00", "--today", "2026-01-05"] + l)
            let refused = try CLI.run(["agreement", "sign", "DSA-2026-0001", "--at", "2026-01-09 10:00", "--today", "2026-01-09"] + l)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("Agreement.processingSignedBeforeHeadOfLegalInformed") && refused.stderr.contains("Appendix 5 §4.1"), "\(refused.stderr)")
            _ = try ok(["agreement", "inform-legal", "DSA-2026-0001", "--at", "2026-01-08 10:00", "--today", "2026-01-08"] + l)
            _ = try ok(["agreement", "sign", "DSA-2026-0001", "--form", "separate-agreement", "--at", "2026-01-09 10:00", "--today", "2026-01-09"] + l)
            let missing = try CLI.run(["agreement", "review", "DSA-2026-0001", "--at", "2026-06-20 10:00"] + l)
            #expect(missing.status != 0 && missing.stderr.contains("--next-review-due") && missing.stderr.contains("--findings"), "\(missing.stderr)")

            _ = try ok(["complaint", "receive", "--about", "sharing", "--source", "partner", "--complainant-name", "Zed Canary", "--complainant-email",
                        "zed@example.org", "--summary", "Address shared without consent", "--service", "Housing", "--agreement", "DSA-2026-0001",
                        "--at", "2026-04-07 09:00", "--today", "2026-04-07"] + l)
            _ = try ok(["complaint", "acknowledge", "CMP-2026-0001", "--at", "2026-04-08 09:00", "--today", "2026-04-08"] + l)

            let agreements = try ok(["register", "agreements", "--format", "csv", "--today", "2026-07-02"] + l).stdout
            #expect(agreements.hasPrefix("Reference,Type,Partner,Purpose,Service,Security procedures,Accuracy standards,Proposed,Head of legal informed,Signed,Head of legal informed before signing"))
            #expect(agreements.contains("DSA-2026-0001,processing,Northgate Print Services Ltd") && agreements.contains("2026-01-08,2026-01-09,yes"))
            let overdue = try ok(["register", "agreements", "--overdue", "--format", "json", "--today", "2026-07-02"] + l).stdout
            #expect(overdue.contains("\"overdueSteps\":[\"review\"]"))
            let complaints = try ok(["register", "complaints", "--format", "json", "--today", "2026-05-07"] + l).stdout
            #expect(complaints.contains("\"responseDueOn\":\"2026-05-06\"") && complaints.contains("\"overdue\":true"))
            #expect(!complaints.contains("Zed Canary"), "the complainant is personal and redacted by default")
            let due = try ok(["due", "--today", "2026-07-02", "--format", "csv"] + l).stdout
            #expect(due.contains("DSA-2026-0001,agreements,review") && due.contains("CMP-2026-0001,complaints,response"))
            _ = try ok(["complaint", "resolve", "CMP-2026-0001", "--outcome", "partly-upheld", "--at", "2026-05-07 09:00", "--today", "2026-05-07"] + l)
            _ = try ok(["agreement", "review", "DSA-2026-0001", "--next-review-due", "2027-07-01", "--findings", "Met", "--at", "2026-07-03 10:00",
                        "--today", "2026-07-03"] + l)
            _ = try ok(["verify", "--registers"] + l)
            _ = try ok(["rebuild", "--register", "complaints"] + l)
            let after = try ok(["register", "complaints", "--format", "csv", "--today", "2026-07-03"] + l).stdout
            #expect(after.contains(",partlyUpheld,no,") && after.contains("resolved"), "\(after)")
        }
    }

    @Test("the data-sharing guidance §5: keygen, an unredacted export refused without a key, sealed with one, opened and verified by both verifiers")
    func sealedExport() throws {
        try withTemporaryDirectory { (dir: String) in
            let l = ["--ledger", dir + "/l"]
            _ = try ok(["init", "--role", "admin", "--role", "officer", "--role", "legal"] + l)
            _ = try ok(["complaint", "receive", "--about", "handling", "--complainant-name", "Zed Canary", "--summary", "Letter misdirected",
                        "--service", "Housing", "--at", "2026-04-07 09:00"] + l)
            let keys = try ok(["export", "keygen", "--out", dir + "/ico", "--name", "ico-inspection"])
            #expect(keys.stdout.contains("ico.private") && keys.stdout.contains("ico.public"))
            let refused = try CLI.run(["export", "ico", "--no-redact-personal", "--out", dir + "/clear"] + l)
            #expect(refused.status != 0 && refused.stderr.contains("--recipient-key") && refused.stderr.contains("--unencrypted"), "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/clear"))
            let official = try CLI.run(["export", "ico", "--no-redact-personal", "--unencrypted", "--marking", "official", "--out", dir + "/o"] + l)
            #expect(official.status != 0 && official.stderr.contains("OFFICIAL-SENSITIVE"), "\(official.stderr)")
            let bad = try CLI.run(["export", "ico", "--marking", "top-secret", "--out", dir + "/t"] + l)
            #expect(bad.status != 0 && bad.stderr.contains("--marking") && bad.stderr.contains("OFFICIAL"), "\(bad.stderr)")

            let sealed = try ok(["export", "ico", "--no-redact-personal", "--recipient-key", dir + "/ico.public", "--out", dir + "/pack"] + l)
            #expect(sealed.stdout.contains("pack.hpke") && sealed.stdout.contains("Marking: OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL"))
            #expect(!FileManager.default.fileExists(atPath: dir + "/pack"))
            let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/pack.hpke"))
            #expect(bytes.range(of: Data("Zed Canary".utf8)) == nil)
            _ = try ok(["export", "verify", dir + "/pack.hpke", "--recipient-private-key", dir + "/ico.private"])
            _ = try ok(["export", "open", dir + "/pack.hpke", "--recipient-private-key", dir + "/ico.private", "--out", dir + "/opened"])
            let timeline = try String(contentsOfFile: dir + "/opened/timelines/CMP-2026-0001.json", encoding: .utf8)
            #expect(timeline.contains("Zed Canary"))
            _ = try ok(["export", "verify", dir + "/opened"])

            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", CLI.repoRoot.appendingPathComponent("Tools/verify-export").path, dir + "/pack.hpke",
                           "--recipient-private-key", dir + "/ico.private"]
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = pipe
            try p.run()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0 && out.hasSuffix("OK\n"), "\(out)")

            let plain = try ok(["export", "ico", "--out", dir + "/redacted", "--marking", "official-sensitive"] + l)
            #expect(plain.stdout.contains("Marking: OFFICIAL-SENSITIVE"))
            let readme = try String(contentsOfFile: dir + "/redacted/README.txt", encoding: .utf8)
            #expect(readme.hasPrefix("OFFICIAL-SENSITIVE\n"))
        }
    }
}
