import Casework
import Foundation
import LedgerStore
import Testing
@testable import Exports
@testable import CasebookCore
import CasebookDemo
@testable import Registers

/// The pack's manifest is signed, and its registers are recomputed from its timelines: an edited
/// register row fails both verifiers, even with the manifest's hash recomputed.
@Suite("ICO pack: signed manifest and recomputed registers", .serialized)
struct ExportRegisterTests {
    typealias Fixture = ExportTests.Fixture

    static func swiftVerify(_ pack: String, key: String? = nil) -> String? {
        do { _ = try ExportVerifier.verify(pack, key: key); return nil } catch { return error.description }
    }

    /// An FOI row of the pack with an outcome other than granted in full (NCND if there is one).
    static func refusedRow(_ pack: String) throws -> (reference: String, outcome: String) {
        let doc = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: pack + "/registers/foi.json"))))
        let rows = try #require(doc["rows"]?.arrayValue)
        let row = try #require(rows.first { $0["outcome"]?.stringValue == "neitherConfirmNorDeny" }
            ?? rows.first { ($0["outcome"]?.stringValue).map { $0 != "grantedInFull" } ?? false })
        return (row["reference"]!.stringValue!, row["outcome"]!.stringValue!)
    }

    /// registers/foi.csv with `reference`'s outcome cell made "grantedInFull".
    static func grantInCSV(_ pack: String, _ reference: String, _ outcome: String) throws {
        let path = pack + "/registers/foi.csv"
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\r\n")
        let i = try #require(lines.firstIndex { $0.hasPrefix(reference + ",") })
        let before = lines[i]
        lines[i] = before.replacingOccurrences(of: "," + outcome + ",", with: ",grantedInFull,")
        #expect(lines[i] != before)
        try lines.joined(separator: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("an untouched pack of a demo ledger with every case kind, voids and corrections verifies, every row recomputed")
    func untouched() async throws {
        let f = try await Fixture(cases: 120)
        let types = try f.casebook.ledger.read { log in
            var seen: Set<String> = []
            try log.forEachEvent { e in seen.insert(e.envelope.type); return true }
            return seen
        }
        #expect(types.isSuperset(of: ["Voided", "Corrected", "RequestReceived", "SARReceived", "BreachReported", "NearMissReported"]), "\(types.sorted())")
        let pack = try f.export("pack")
        let report = try ExportVerifier.verify(pack, key: try f.casebook.ledger.publicKey())
        #expect(report.lines.contains { $0.hasPrefix("signature:") })
        let registers = try #require(report.lines.first { $0.hasPrefix("registers:") })
        #expect(registers.contains("recomputed") && registers.contains("8 register(s)"), "\(registers)")
        let (status, output) = try ExportTests.python(pack)
        #expect(status == 0, "\(output)")
        // The verifier shipped inside the pack is the standalone one.
        #expect(try Data(contentsOf: URL(fileURLWithPath: pack + "/verifier/verify-export"))
                == Data(contentsOf: ExportTests.repoRoot.appendingPathComponent("Tools/verify-export")))
        #expect(try String(contentsOfFile: pack + "/README.txt", encoding: .utf8).contains("python3 verifier/verify-export . --key"))
        // Another ledger's key verifies nothing.
        let other = try await Fixture(cases: 3, seed: 2)
        #expect(Self.swiftVerify(pack, key: try other.casebook.ledger.publicKey())?.contains("signature") == true)
    }

    @Test("registers/foi.csv edited (NCND to granted in full) with its manifest hash recomputed fails both verifiers")
    func editedCSVWithRecomputedManifest() async throws {
        let f = try await Fixture(cases: 120)
        let pack = try f.export("pack")
        let (reference, outcome) = try Self.refusedRow(pack)

        // The manifest hash recomputed, not re-signed: the signature no longer covers it.
        let t = try ExportTests.copy(pack, "csv")
        try Self.grantInCSV(t, reference, outcome)
        try ExportTests.rewriteManifest(t)
        try ExportTests.expectBothFail(t, mentioning: ["signature"], "an edited register CSV behind a recomputed manifest")

        // Even re-signed by the key holder, the row is recomputed from the timelines.
        try ExportTests.rewriteManifest(t, resigningWith: f.casebook.ledger)
        let failure = try #require(Self.swiftVerify(t))
        #expect(failure.contains("registers/foi.csv") && failure.contains(reference) && failure.contains("Outcome"), "\(failure)")
        try ExportTests.expectBothFail(t, mentioning: ["registers"], "an edited register CSV behind a re-signed manifest")

        // The same edit in registers/foi.json.
        let j = try ExportTests.copy(pack, "json")
        let path = j + "/registers/foi.json"
        var doc = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path)))).objectValue!
        doc["rows"] = .array(doc["rows"]!.arrayValue!.map { row in
            guard row["reference"]?.stringValue == reference, case .object(var o) = row else { return row }
            o["outcome"] = .string("grantedInFull")
            return .object(o)
        })
        try Data((JSONValue.object(doc).canonicalString + "\n").utf8).write(to: URL(fileURLWithPath: path))
        try ExportTests.rewriteManifest(j, resigningWith: f.casebook.ledger)
        let jsonFailure = try #require(Self.swiftVerify(j))
        #expect(jsonFailure.contains("registers/foi.json") && jsonFailure.contains(reference) && jsonFailure.contains("field outcome"), "\(jsonFailure)")
        try ExportTests.expectBothFail(j, mentioning: ["registers"], "an edited register JSON behind a re-signed manifest")
    }

    @Test("a manifest edited without re-signing, or a missing manifest signature, fails both verifiers")
    func manifestSignature() async throws {
        let f = try await Fixture(cases: 20)
        let pack = try f.export("pack")
        #expect(Self.swiftVerify(pack) == nil, "\(Self.swiftVerify(pack) ?? "")")

        let edited = try ExportTests.copy(pack, "edited")
        let url = URL(fileURLWithPath: edited + "/manifest.json")
        var manifest = try JSONValue.parse(Array(try Data(contentsOf: url))).objectValue!
        manifest["createdAt"] = .string("2020-01-01T00:00:00Z")
        try Data((JSONValue.object(manifest).canonicalString + "\n").utf8).write(to: url)
        let failure = try #require(Self.swiftVerify(edited))
        #expect(failure.contains("signature") && failure.contains("manifest"), "\(failure)")
        try ExportTests.expectBothFail(edited, mentioning: ["signature"], "a manifest edited without re-signing")

        let missing = try ExportTests.copy(pack, "missing")
        try FileManager.default.removeItem(atPath: missing + "/" + ICOExport.manifestSignatureFile)
        #expect(Self.swiftVerify(missing)?.contains(ICOExport.manifestSignatureFile) == true)
        try ExportTests.expectBothFail(missing, mentioning: ["signature"], "a missing manifest signature")

        // A checkpoint note in place of the manifest signature: its body is no manifest statement.
        let swapped = try ExportTests.copy(pack, "swapped")
        try FileManager.default.copyItem(atPath: swapped + "/checkpoint.txt", toPath: swapped + "/swap.txt")
        try FileManager.default.removeItem(atPath: swapped + "/" + ICOExport.manifestSignatureFile)
        try FileManager.default.moveItem(atPath: swapped + "/swap.txt", toPath: swapped + "/" + ICOExport.manifestSignatureFile)
        #expect(Self.swiftVerify(swapped)?.contains("signature") == true)
    }

    @Test("a pack of one FOI case carries the breach linked to it, and its row fails without that breach's timeline")
    func linkedCases() async throws {
        let f = try await Fixture(cases: 40)
        let (foi, breach) = try await f.recordWrongfulRelease()
        // Only the FOI case asked for: the breach its row depends on comes with it.
        let pack = try f.export("one") { $0.cases = [foi] }
        #expect(FileManager.default.fileExists(atPath: pack + "/timelines/\(breach).json"))
        let rows = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: pack + "/registers/foi.json"))))["rows"]?.arrayValue ?? []
        #expect(rows.first { $0["reference"]?.stringValue == foi }?["linkedBreaches"] == .array([.string(breach)]))
        #expect(Self.swiftVerify(pack) == nil, "\(Self.swiftVerify(pack) ?? "")")
        #expect(try ExportTests.python(pack).0 == 0)

        // Without the breach's timeline (and its proofs), the FOI row no longer follows from the pack.
        let t = try ExportTests.copy(pack, "no-breach")
        let timeline = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: t + "/timelines/\(breach).json"))))
        let positions = Set((timeline["events"]?.arrayValue ?? []).compactMap { $0["position"]?.intValue })
        try FileManager.default.removeItem(atPath: t + "/timelines/\(breach).json")
        let proofs = try String(contentsOfFile: t + "/proofs/inclusion.ndjson", encoding: .utf8).split(separator: "\n").filter { line in
            (try? JSONValue.parse(String(line))["index"]?.intValue).flatMap { $0 }.map { !positions.contains($0) } ?? true
        }
        try (proofs.joined(separator: "\n") + "\n").write(toFile: t + "/proofs/inclusion.ndjson", atomically: true, encoding: .utf8)
        var manifest = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: t + "/manifest.json")))).objectValue!
        var files = manifest["files"]!.objectValue!
        files["timelines/\(breach).json"] = nil
        manifest["files"] = .object(files)
        try Data(JSONValue.object(manifest).canonicalString.utf8).write(to: URL(fileURLWithPath: t + "/manifest.json"))
        try ExportTests.rewriteManifest(t, resigningWith: f.casebook.ledger)
        let failure = try #require(Self.swiftVerify(t))
        #expect(failure.contains("registers/foi.json") && failure.contains(foi) && failure.contains("linkedBreaches"), "\(failure)")
        try ExportTests.expectBothFail(t, mentioning: ["registers"], "a pack missing the timeline a row depends on")
    }
}
