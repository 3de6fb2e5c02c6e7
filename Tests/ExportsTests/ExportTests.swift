import Casework
import Foundation
import LedgerStore
import Testing
@testable import Exports
@testable import CasebookCore
import CasebookDemo
@testable import Registers

/// Issue 5: an inspection pack both verifiers accept, and every kind of tampering both reject.
@Suite("ICO export and the two verifiers", .serialized)
struct ExportTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let canary = "Zebedee Quixote-Canary"

    /// A demo ledger in a temporary directory (removed afterwards), with one canary requester.
    final class Fixture {
        let dir: String
        let casebook: Casebook
        /// The ledger's clock: moved to each hand-recorded event's moment before it is recorded.
        let clock: DemoClock

        init(cases: Int = 40, seed: UInt64 = 7, origin: String = "council.example/log") async throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-export-\(UUID().uuidString.lowercased())").path
            let generator = DemoGenerator(cases: cases, seed: seed, end: LocalDate(iso: "2026-06-30")!, years: 1)
            let clock = DemoClock(for: generator)
            self.clock = clock
            var options = LedgerOptions()
            options.clock = clock.ledgerClock
            casebook = try Casebook.create(at: dir + "/ledger", origin: origin, options: options)
            _ = try await generator.record(into: casebook, clock: clock)
            clock.advance(to: Timestamp(rfc3339: "2026-06-30T09:00:00Z")!)
            try await casebook.record([CaseEventInput(
                caseReference: try CaseReference("FOI-2026-9001"),
                payload: RequestReceived(channel: .email, receivedAt: "2026-06-30T09:00:00Z", regime: .foia,
                                         requester: Requester(name: ExportTests.canary, email: "zq.canary@example.org"),
                                         requesterType: .individual, summary: "Grit bin locations"),
                occurredAt: Timestamp(rfc3339: "2026-06-30T09:00:00Z")!, actor: Actor(id: "foi.officer", role: "officer"), expectedVersion: .noStream)])
        }

        deinit {
            casebook.close()
            try? FileManager.default.removeItem(atPath: dir)
        }

        /// A demo FOI case that was answered, and a breach (BR-2026-9001) recording that its
        /// release was wrong; returns both references.
        func recordWrongfulRelease() async throws -> (foi: String, breach: String) {
            let foi = try #require(try casebook.ledger.read { log -> String? in
                var found: String?
                try log.forEachCase { ref, _ in
                    if ref.hasPrefix("FOI-"), try log.events(of: ref).contains(where: { $0.envelope.type == "ResponseSent" }) { found = ref; return false }
                    return true
                }
                return found
            })
            let breach = "BR-2026-9001"
            let at = Timestamp(rfc3339: "2026-06-30T11:00:00Z")!
            clock.advance(to: at)
            let officer = OfficerContact(name: "Ophelia Officer", jobTitle: "FOI officer", service: "Legal", contact: "ophelia@example.gov.uk")
            try await casebook.record([
                CaseEventInput(caseReference: try CaseReference(breach), payload: BreachReported(
                    reportingOfficer: officer, businessManager: officer, discoveredAt: "2026-06-30T11:00:00Z", occurredOn: "2026-06-29",
                    howDiscovered: "Requester pointed it out", categories: [.unauthorisedDisclosure], informationInvolved: "A third party's address in a released spreadsheet",
                    dataSubjectsDescription: "One resident", dataSubjectCount: 1, dataSubjectCategories: ["residents"], sensitive: false,
                    howHeld: .electronic, consequences: "Distress", immediateMeasures: "Asked the requester to delete it", proposedMeasures: "Second checker",
                    service: "Legal", investigationOrdered: true), occurredAt: at, actor: Actor(id: "legal.officer", role: "legal"), expectedVersion: .noStream),
                CaseEventInput(caseReference: try CaseReference(breach), payload: WrongfulReleaseLinked(
                    foiCase: try CaseReference(foi), releasedInError: "Spreadsheet tab with a resident's address", ministerialReputationalDamage: .low,
                    departmentalReputationalDamage: .medium, stakeholderDamage: .low, personalDataReleased: true, otherDepartmentsInvolved: false,
                    mediaStoryLikelihood: .low, legalChallengePossible: true, partiesInformed: [.foiTeam, .legal]), occurredAt: at, actor: Actor(id: "legal.officer", role: "legal")),
            ])
            return (foi, breach)
        }

        func export(_ name: String, configure: (inout ExportRequest) -> Void = { _ in }) throws -> String {
            var request = ExportRequest(outputDirectory: dir + "/" + name)
            configure(&request)
            return try ICOExport.write(request, casebook: casebook, today: LocalDate(iso: "2026-07-01")!).directory
        }
    }

    /// Runs the standalone Python verifier; returns (exit status, output).
    static func python(_ pack: String) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", repoRoot.appendingPathComponent("Tools/verify-export").path, pack]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func swiftVerify(_ pack: String) -> String? {
        do { _ = try ExportVerifier.verify(pack); return nil } catch { return error.description }
    }

    /// Both verifiers must fail, and both must say something containing one of `names`.
    static func expectBothFail(_ pack: String, mentioning names: [String], _ what: String) throws {
        let swiftFailure = swiftVerify(pack)
        #expect(swiftFailure != nil, "Swift verifier accepted a pack with \(what)")
        let (status, output) = try python(pack)
        #expect(status == 1, "Python verifier accepted a pack with \(what): \(output)")
        #expect(names.contains { swiftFailure?.contains($0) == true }, "Swift verifier's message for \(what): \(swiftFailure ?? "")")
        #expect(names.contains { output.contains($0) }, "Python verifier's message for \(what): \(output)")
    }

    static func copy(_ pack: String, _ suffix: String) throws -> String {
        let target = pack + "-" + suffix
        try FileManager.default.copyItem(atPath: pack, toPath: target)
        return target
    }

    /// Recomputes every hash in manifest.json, as someone altering a pack would; with `ledger`
    /// (a holder of the signing key), signs the new manifest too, so that the checks after the
    /// signature are what must catch the change.
    static func rewriteManifest(_ pack: String, resigningWith ledger: Ledger? = nil) throws {
        let url = URL(fileURLWithPath: pack)
        var manifest = try JSONValue.parse(Array(try Data(contentsOf: url.appendingPathComponent("manifest.json")))).objectValue!
        var files = manifest["files"]!.objectValue!
        for name in files.keys {
            let data = try Data(contentsOf: url.appendingPathComponent(name.string))
            files[name] = .string(Merkle.sha256Hex(data))
        }
        manifest["files"] = .object(files)
        let bytes = Data(JSONValue.object(manifest).canonicalString.utf8)
        try bytes.write(to: url.appendingPathComponent("manifest.json"))
        if let ledger {
            let note = try ledger.signNote(body: ICOExport.manifestSignatureBody(origin: manifest["origin"]!.stringValue!, size: UInt64(manifest["treeSize"]!.intValue!), manifest: bytes))
            try Data(note.utf8).write(to: url.appendingPathComponent(ICOExport.manifestSignatureFile))
        }
    }

    static func firstTimeline(_ pack: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: pack + "/timelines").sorted()
        for n in names {
            let text = try String(contentsOfFile: pack + "/timelines/" + n, encoding: .utf8)
            if text.components(separatedBy: "\"bytes\"").count > 3 { return pack + "/timelines/" + n }
        }
        return pack + "/timelines/" + names[0]
    }

    @Test("a pack verifies with both verifiers, holds every case, and never shows the redacted canary")
    func goodPack() async throws {
        let f = try await Fixture()
        let pack = try f.export("pack", configure: { $0.zip = true })
        #expect(Self.swiftVerify(pack) == nil, "\(Self.swiftVerify(pack) ?? "")")
        let (status, output) = try Self.python(pack)
        #expect(status == 0, "\(output)")
        #expect(output.contains("OK"))
        #expect(Self.swiftVerify(pack + ".zip") == nil)
        #expect(try Self.python(pack + ".zip").0 == 0)
        let cases = try f.casebook.ledger.read { log -> Int in var n = 0; try log.forEachCase { _, _ in n += 1; return true }; return n }
        #expect(try FileManager.default.contentsOfDirectory(atPath: pack + "/timelines").count == cases)
        for file in ["README.txt", "manifest.json", "checkpoint.txt", "public-key.txt", "proofs/inclusion.ndjson", "registers/foi.csv", "registers/foi.json", "registers/disclosure.csv",
                     "manifest-signature.txt", "inputs/policy.json", "inputs/bank-holidays.json", "verifier/verify-export"] {
            #expect(FileManager.default.fileExists(atPath: pack + "/" + file), "\(file) missing")
        }
        // Redacted by default: the canary is nowhere in the pack, though its sealed bytes are.
        let e = FileManager.default.enumerator(atPath: pack)!
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: pack + "/" + rel, isDirectory: &isDir)
            if isDir.boolValue { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: pack + "/" + rel))
            #expect(data.range(of: Data(Self.canary.utf8)) == nil, "canary in \(rel)")
        }
        let timeline = try String(contentsOfFile: pack + "/timelines/FOI-2026-9001.json", encoding: .utf8)
        #expect(timeline.contains("[redacted]"))
    }

    @Test("tampering with any part of a pack makes both verifiers fail and say what failed")
    func tampering() async throws {
        let f = try await Fixture()
        let pack = try f.export("pack")

        // One byte of a timeline's stored bytes (the manifest rewritten too, so the hash check is what catches it).
        do {
            let t = try Self.copy(pack, "bytes")
            let path = try Self.firstTimeline(t)
            var doc = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path)))).objectValue!
            var events = doc["events"]!.arrayValue!
            var entry = events[1].objectValue!
            var bytes = Data(base64Encoded: entry["bytes"]!.stringValue!)!
            let at = bytes.firstRange(of: Data("\"type\":\"".utf8))!.upperBound
            bytes[at + 1] ^= 0x20  // change a letter's case inside the type name
            entry["bytes"] = .string(bytes.base64EncodedString())
            events[1] = .object(entry)
            doc["events"] = .array(events)
            try Data(JSONValue.object(doc).canonicalString.utf8).write(to: URL(fileURLWithPath: path))
            try Self.expectBothFail(t, mentioning: ["manifest", "does not match"], "a changed timeline byte")
            try Self.rewriteManifest(t, resigningWith: f.casebook.ledger)
            try Self.expectBothFail(t, mentioning: ["leaf hash", "leafHash", "differs", "does not match", "stored bytes"], "a changed timeline byte behind a rewritten manifest")
        }
        // One byte of a register CSV.
        do {
            let t = try Self.copy(pack, "csv")
            var data = try Data(contentsOf: URL(fileURLWithPath: t + "/registers/foi.csv"))
            data[data.count / 2] ^= 0x01
            try data.write(to: URL(fileURLWithPath: t + "/registers/foi.csv"))
            try Self.expectBothFail(t, mentioning: ["registers/foi.csv"], "a changed register CSV")
        }
        // One byte of a proof element (behind a rewritten manifest: the proof itself must fail).
        do {
            let t = try Self.copy(pack, "proof")
            var lines = try String(contentsOfFile: t + "/proofs/inclusion.ndjson", encoding: .utf8).split(separator: "\n").map(String.init)
            var p = try JSONValue.parse(lines[2]).objectValue!
            var path = p["proof"]!.arrayValue!
            var hex = Array(path[0].stringValue!)
            hex[0] = hex[0] == "0" ? "1" : "0"
            path[0] = .string(String(hex))
            p["proof"] = .array(path)
            lines[2] = JSONValue.object(p).canonicalString
            try (lines.joined(separator: "\n") + "\n").write(toFile: t + "/proofs/inclusion.ndjson", atomically: true, encoding: .utf8)
            try Self.rewriteManifest(t, resigningWith: f.casebook.ledger)
            try Self.expectBothFail(t, mentioning: ["inclusion proof", "inclusion", "does not verify"], "a changed proof element")
        }
        // One byte of the checkpoint root, and of the signature.
        for (label, lineIndex) in [("root", 2), ("signature", 4)] {
            let t = try Self.copy(pack, label)
            var lines = try String(contentsOfFile: t + "/checkpoint.txt", encoding: .utf8).components(separatedBy: "\n")
            var chars = Array(lines[lineIndex])
            let i = lineIndex == 2 ? 5 : chars.count - 6
            chars[i] = chars[i] == "A" ? "B" : "A"
            lines[lineIndex] = String(chars)
            try lines.joined(separator: "\n").write(toFile: t + "/checkpoint.txt", atomically: true, encoding: .utf8)
            try Self.rewriteManifest(t, resigningWith: f.casebook.ledger)
            try Self.expectBothFail(t, mentioning: ["signature", "checkpoint"], "a changed checkpoint \(label)")
        }
        // A deleted file, an added file.
        do {
            let t = try Self.copy(pack, "deleted")
            try FileManager.default.removeItem(atPath: t + "/registers/breach.json")
            try Self.expectBothFail(t, mentioning: ["registers/breach.json"], "a deleted file")
            let a = try Self.copy(pack, "added")
            try "not from the ledger\n".write(toFile: a + "/timelines/FOI-2099-0001.json", atomically: true, encoding: .utf8)
            try Self.expectBothFail(a, mentioning: ["FOI-2099-0001"], "an added file")
        }
        // Two events of a case reordered (behind a rewritten manifest).
        do {
            let t = try Self.copy(pack, "reordered")
            let path = try Self.firstTimeline(t)
            var doc = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path)))).objectValue!
            var events = doc["events"]!.arrayValue!
            events.swapAt(0, 1)
            doc["events"] = .array(events)
            try Data(JSONValue.object(doc).canonicalString.utf8).write(to: URL(fileURLWithPath: path))
            try Self.expectBothFail(t, mentioning: ["manifest"], "two reordered events")
            try Self.rewriteManifest(t, resigningWith: f.casebook.ledger)
            try Self.expectBothFail(t, mentioning: ["order", "version", "position"], "two reordered events behind a rewritten manifest")
        }
    }

    @Test("a consistency proof links two exports; one made against another ledger fails")
    func consistency() async throws {
        let f = try await Fixture(cases: 20)
        let first = try f.export("first")
        let earlier = try String(contentsOfFile: first + "/checkpoint.txt", encoding: .utf8)
        f.clock.advance(to: Timestamp(rfc3339: "2026-06-30T12:00:00Z")!)
        try await f.casebook.record([CaseEventInput(
            caseReference: try CaseReference("NM-2026-9001"),
            payload: NearMissReported(occurredOn: "2026-06-30", reportedOn: "2026-06-30", service: "Parks", description: "Unlocked cabinet", potentialCategory: .unauthorisedAccess),
            occurredAt: Timestamp(rfc3339: "2026-06-30T12:00:00Z")!, actor: Actor(id: "parks.officer", role: "officer"), expectedVersion: .noStream)])
        let second = try f.export("second") { $0.previousCheckpoint = earlier }
        #expect(FileManager.default.fileExists(atPath: second + "/proofs/consistency.json"))
        #expect(Self.swiftVerify(second) == nil, "\(Self.swiftVerify(second) ?? "")")
        let (status, output) = try Self.python(second)
        #expect(status == 0, "\(output)")

        // Another ledger's checkpoint: the exporter refuses it outright…
        let other = try await Fixture(cases: 5, seed: 99, origin: "council.example/log")
        let foreign = try String(contentsOfFile: try other.export("other") + "/checkpoint.txt", encoding: .utf8)
        #expect(throws: ExportError.self) { _ = try f.export("refused") { $0.previousCheckpoint = foreign } }
        // …and a pack whose consistency proof was made against it fails both verifiers.
        let forged = try Self.copy(second, "foreign")
        var c = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: forged + "/proofs/consistency.json")))).objectValue!
        c["previousCheckpoint"] = .string(foreign)
        try Data(JSONValue.object(c).canonicalString.utf8).write(to: URL(fileURLWithPath: forged + "/proofs/consistency.json"))
        try Self.rewriteManifest(forged, resigningWith: f.casebook.ledger)
        try Self.expectBothFail(forged, mentioning: ["consistency", "checkpoint"], "a consistency proof against another ledger")
    }

    @Test("a wrongful-release pack holds the breach, the FOI case it links to, and Step 3 summaries without the requester")
    func wrongfulReleasePack() async throws {
        let f = try await Fixture(cases: 40)
        let (foi, breach) = try await f.recordWrongfulRelease()
        let pack = try f.export("case") { r in
            r.cases = [breach]
            r.includeLinked = true
            r.caseSummaries = true
        }
        #expect(Self.swiftVerify(pack) == nil)
        #expect(try Self.python(pack).0 == 0)
        #expect(FileManager.default.fileExists(atPath: pack + "/timelines/\(foi).json"))
        let summary = try String(contentsOfFile: pack + "/summaries/\(foi).txt", encoding: .utf8)
        #expect(summary.contains("What the request was for"))
        #expect(summary.contains("signed off"))
        let breachSummary = try String(contentsOfFile: pack + "/summaries/\(breach).txt", encoding: .utf8)
        #expect(breachSummary.contains("released under \(foi)"))
    }
}
