import Foundation
import Testing

/// Ledgers written by earlier versions, each with the registers, `verify` output and users that
/// version printed: 50 demo cases (seed 1, ending 2026-06-30) and a signed checkpoint.
/// - `Tests/Fixtures/ledger-v1`: before the binary stored encoding (states and register rows as JSON).
/// - `Tests/Fixtures/ledger-v2`: binary rows of `RowCoding` version 1, before the registers gained
///   the columns the policies require (third-party disclosures, escalation clocks, reviews…), with
///   the external `checkpoints/` directory.
@Suite("A ledger written by a previous version")
struct PreviousLedgerCLITests {
    static let fixtures = ["ledger-v1", "ledger-v2"]
    static let registers = ["foi", "sar", "breach", "near-miss", "disclosure"]

    static func fixture(_ name: String) -> URL { CLI.repoRoot.appendingPathComponent("Tests/Fixtures/\(name)") }

    /// A copy of the fixture in a temporary directory (the committed files are never opened for writing).
    static func copy(_ name: String, into dir: String) throws -> String {
        let ledger = dir + "/ledger"
        let source = fixture(name)
        try FileManager.default.createDirectory(atPath: ledger + "/log", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: ledger + "/keystore", withIntermediateDirectories: true)
        for file in ["log/data.mdb", "keystore/data.mdb", "signing.key", "policy.json"] {
            try FileManager.default.copyItem(atPath: source.appendingPathComponent(file).path, toPath: ledger + "/" + file)
        }
        let checkpoints = source.appendingPathComponent("checkpoints").path
        if FileManager.default.fileExists(atPath: checkpoints) {
            try FileManager.default.copyItem(atPath: checkpoints, toPath: ledger + "/checkpoints")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: ledger + "/signing.key")
        return ledger
    }

    static func expected(_ name: String, of fixtureName: String) throws -> String {
        try String(contentsOf: fixture(fixtureName).appendingPathComponent("expected/\(name)"), encoding: .utf8)
    }

    /// The steps added to the due list since the fixtures were written: a case the previous version
    /// showed as not overdue may now be overdue on one of these (the breach procedure §5.5's updated
    /// form within two weeks, §3.1–3.2's immediate reports, the wrongful-release protocol's steps).
    static let stepsAddedSince: Set<String> = [
        "updatedReportingForm", "reportToBusinessManager", "directorNotification", "headOfLegalNotification",
        "pressOffice", "legal", "affectedPartyContact", "outcomeLetter",
    ]

    /// Every row the previous version printed is printed again, in the same order, with every field
    /// it had (nested objects included) and the same value; fields added since (new columns) may be
    /// there as well. Two changes of meaning are allowed, each for its reason: an EIR
    /// reconsideration is now due on the 40th working day (EIR reg 11(4)), and a case may be
    /// overdue on a step added since (`stepsAddedSince`).
    static func expectPreviousFields(of register: String, in output: String, fixture fixtureName: String, sourceLocation: SourceLocation = #_sourceLocation) {
        func rows(_ text: String) -> [[String: Any]]? {
            (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]]
        }
        guard let expectedText = try? expected("\(register).json", of: fixtureName), let old = rows(expectedText) else {
            Issue.record("the fixture's \(register).json cannot be read", sourceLocation: sourceLocation)
            return
        }
        guard let new = rows(output) else {
            Issue.record("\(fixtureName): register \(register) did not print a JSON array of rows: \(output.prefix(200))", sourceLocation: sourceLocation)
            return
        }
        #expect(new.map { $0["reference"] as? String } == old.map { $0["reference"] as? String },
                "\(fixtureName): register \(register) lists other cases than the previous version", sourceLocation: sourceLocation)
        func text(_ v: Any) -> Data? { try? JSONSerialization.data(withJSONObject: ["v": v], options: [.sortedKeys]) }
        /// The dotted paths under `path` where `before` has a value `after` does not repeat.
        func differences(_ before: Any, _ after: Any?, _ path: String) -> [String] {
            if let b = before as? [String: Any] {
                guard let a = after as? [String: Any] else { return [path] }
                return b.keys.sorted().flatMap { differences(b[$0]!, a[$0], path.isEmpty ? $0 : "\(path).\($0)") }
            }
            guard let after, let a = text(after), a == text(before) else { return [path] }
            return []
        }
        for (before, after) in zip(old, new) {
            let reference = before["reference"] as? String ?? "?"
            let addedSteps = Set(after["overdueSteps"] as? [String] ?? []).subtracting(before["overdueSteps"] as? [String] ?? [])
            let overdueOnANewStep = !addedSteps.isEmpty && addedSteps.isSubset(of: stepsAddedSince)
            for path in differences(before, after, "") {
                if register == "foi", reference.hasPrefix("EIR-"), path == "internalReview.dueOn" { continue }
                if overdueOnANewStep, path == "overdue" || path == "overdueSteps" { continue }
                #expect(Bool(false), "\(fixtureName): register \(register), \(reference): field \(path) was \(before[path.split(separator: ".").first.map(String.init) ?? path] ?? "?"), now \(after[path.split(separator: ".").first.map(String.init) ?? path] ?? "absent")",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test("it opens, `casebook rebuild` migrates it, and every register field and the proof read as the previous version printed them",
          arguments: fixtures)
    func migratesByRebuild(fixture: String) throws {
        try withTemporaryDirectory { dir in
            let ledger = try Self.copy(fixture, into: dir)
            // Before the rebuild a register reads either correctly or refuses with directions.
            let before = try CLI.run(["register", "foi", "--ledger", ledger, "--format", "json", "--today", "2026-07-01"])
            if before.status != 0 {
                #expect(before.stderr.contains("casebook rebuild"), "\(before.stderr)")
            } else {
                Self.expectPreviousFields(of: "foi", in: before.stdout, fixture: fixture)
            }
            // The register check cannot compare tables of the previous encoding: it asks for the rebuild.
            let stale = try CLI.run(["verify", "--registers", "--ledger", ledger])
            #expect(stale.status == 1 && stale.stderr.contains("run `casebook rebuild`"), "\(stale.stderr)")
            let rebuilt = try CLI.run(["rebuild", "--ledger", ledger])
            #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
            for name in Self.registers {
                let out = try CLI.run(["register", name, "--ledger", ledger, "--format", "json", "--today", "2026-07-01"])
                #expect(out.status == 0, "\(name): \(out.stderr)")
                Self.expectPreviousFields(of: name, in: out.stdout, fixture: fixture)
            }
            let verify = try CLI.run(["verify", "--ledger", ledger])
            #expect(verify.status == 0, "\(verify.stderr)")
            // The log's size and root as the previous version printed them; the registers, now
            // migrated, equal what the log gives.
            let printed = try jsonObject(verify.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            let previous = try jsonObject(try Self.expected("verify.txt", of: fixture).trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(printed["size"] as? Int == previous["size"] as? Int && printed["root"] as? String == previous["root"] as? String)
            #expect((printed["registers"] as? [String: Any])?["ok"] as? Bool == true, "\(verify.stdout)")
            let users = try CLI.run(["user", "list", "--ledger", ledger])
            #expect(users.stdout == (try Self.expected("users.txt", of: fixture)))
        }
    }

    @Test("after the migration the ledger takes new events under the old rules' state", arguments: fixtures)
    func appendsAfterMigration(fixture: String) throws {
        try withTemporaryDirectory { dir in
            let ledger = try Self.copy(fixture, into: dir)
            #expect(try CLI.run(["rebuild", "--ledger", ledger]).status == 0)
            let before = try CLI.run(["verify", "--ledger", ledger])
            let size = try #require((try jsonObject(before.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))["size"] as? Int)
            let user = try CLI.run(["user", "list", "--ledger", ledger]).lines.dropFirst(2).first.map { String($0.split(separator: " ")[0]) }
            let me = ProcessInfo.processInfo.environment["USER"] ?? "root"
            try #require(user == me, "the fixture's user is \(user ?? "-"); this test runs as \(me)")
            let note = try CLI.run(["case", "note", "FOI-2026-0001", "Checked after the upgrade", "--ledger", ledger])
            #expect(note.status == 0, "\(note.stderr)")
            let after = try CLI.run(["verify", "--ledger", ledger])
            #expect((try jsonObject(after.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))["size"] as? Int == size + 1)
        }
    }
}
