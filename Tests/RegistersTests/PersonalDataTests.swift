import Casework
import Crypto
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore
@testable import Registers

/// Issue 7: personal data is sealed before hashing, erasure destroys keys (and their bytes on
/// disk), the log and every proof stay valid, and retention / backup re-apply erasures.
@Suite("Personal data: sealing, erasure, retention, backup")
struct PersonalDataTests {
    static let canaryName = "Zebedee Quixote-Canary"
    static let canaryEmail = "zq.canary@example.org"
    static let canaryBreach = "Wilhelmina Canary-Subject of 12 Lark Rise"
    static let officer = Actor(id: "foi.officer", role: "officer")

    /// A casebook in a fresh directory with a hand-moved clock.
    final class Fixture {
        let dir: String
        let clock = TestClock()
        let casebook: Casebook

        init(policy: Policy = .default) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-pd-\(UUID().uuidString.lowercased())").path
            var options = LedgerOptions()
            let clock = self.clock
            clock.now = ts("2026-01-05T09:00:00Z")
            options.clock = { clock.now }
            casebook = try Casebook.create(at: dir + "/ledger", origin: "test.example/log", policy: policy, options: options)
        }

        deinit {
            casebook.close()
            try? FileManager.default.removeItem(atPath: dir)
        }

        func record(_ reference: String, _ payload: any EventPayload, at time: String, expected: ExpectedVersion? = nil) async throws {
            clock.now = ts(time)
            try await casebook.record([CaseEventInput(caseReference: try CaseReference(reference), payload: payload, occurredAt: ts(time), actor: PersonalDataTests.officer, expectedVersion: expected)])
        }

        /// An answered FOI request from the canary requester (or another person).
        func foiCase(_ reference: String, received: String, name: String = canaryName, email: String = canaryEmail) async throws {
            let day = LocalDate(iso: String(received.prefix(10)))!
            let receivedAt = Timestamp(rfc3339: received)!
            try await record(reference, RequestReceived(channel: .email, receivedAt: receivedAt, regime: .foia, requester: Requester(name: name, email: email, address: "1 Canary Wharf"),
                                                        requesterType: .individual, summary: "Bus lane fines 2025", service: "Transport"), at: received, expected: .noStream)
            try await record(reference, ClarificationRequested(requestedOn: day, question: "Did you mean 2025, \(name)?"), at: received)
            try await record(reference, ClarificationReceived(receivedOn: day, clarification: "Yes — \(name)"), at: received)
            try await record(reference, ResponseSent(outcome: .grantedInFull, signedOffBy: "head.of.foi", sentAt: receivedAt), at: received)
        }

        func breachCase(_ reference: String, discovered: String) async throws {
            let officer = OfficerContact(name: "Ophelia Officer", jobTitle: "Clerk", service: "Housing", contact: "ophelia@example.gov.uk")
            try await record(reference, BreachReported(
                reportingOfficer: officer, businessManager: officer, discoveredAt: Timestamp(rfc3339: discovered)!, occurredOn: LocalDate(iso: String(discovered.prefix(10)))!,
                howDiscovered: "Letter returned", categories: [.unauthorisedDisclosure], informationInvolved: "Tenancy file of \(PersonalDataTests.canaryBreach)",
                dataSubjectsDescription: PersonalDataTests.canaryBreach, dataSubjectCount: 1, dataSubjectCategories: ["tenants"], sensitive: false,
                howHeld: .paper, consequences: "Distress", immediateMeasures: "Recalled", proposedMeasures: "Training", service: "Housing",
                investigationOrdered: false), at: discovered, expected: .noStream)
        }

        func sarCase(_ reference: String, received: String) async throws {
            try await record(reference, SARReceived(channel: .email, receivedAt: Timestamp(rfc3339: received)!, requester: Requester(name: canaryName, email: canaryEmail),
                                                    summary: "All records about \(PersonalDataTests.canaryName)"), at: received, expected: .noStream)
        }

        /// Every byte of every file under the ledger directory (log, keystore, key, policy).
        func allFileBytes() throws -> [(String, Data)] {
            var out: [(String, Data)] = []
            let root = URL(fileURLWithPath: dir)
            let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])!
            for case let url as URL in e where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                out.append((url.path, try Data(contentsOf: url)))
            }
            return out
        }

        func filesContaining(_ needle: Data) throws -> [String] {
            try allFileBytes().filter { $0.1.range(of: needle) != nil }.map(\.0)
        }
    }

    @Test("canaries are sealed on disk, readable for allowed readers, and gone with their keys after erasure; proofs still verify")
    func canaryErasure() async throws {
        let f = try Fixture()
        try await f.foiCase("FOI-2026-0001", received: "2026-01-05T09:00:00Z")
        try await f.foiCase("FOI-2026-0002", received: "2026-01-06T09:00:00Z")
        try await f.foiCase("FOI-2026-0003", received: "2026-01-07T09:00:00Z")
        try await f.foiCase("FOI-2026-0004", received: "2026-01-07T10:00:00Z", name: "Other Person", email: "other@example.org")
        try await f.sarCase("SAR-2026-0001", received: "2026-01-08T09:00:00Z")
        try await f.breachCase("BR-2026-0001", discovered: "2026-01-08T10:00:00Z")

        // Never plaintext on disk, even before erasure.
        for canary in [Self.canaryName, Self.canaryEmail, Self.canaryBreach] {
            #expect(try f.filesContaining(Data(canary.utf8)).isEmpty, "\(canary) is on disk in plain text")
        }
        // Allowed readers see it; others see [redacted].
        let revealed = try f.casebook.timeline("FOI-2026-0002", access: .reveal)
        #expect(revealed[0].payload["requester"]?["name"] == .string(Self.canaryName))
        #expect(try f.casebook.timeline("FOI-2026-0002", access: .redact)[0].payload["requester"] == .string("[redacted]"))
        let sarRow = try f.casebook.ledger.read { try f.casebook.registerReader.snapshot(in: $0).rows(.sar, today: day("2026-01-09"), reveal: f.casebook.reveal(.reveal)) }
        #expect(sarRow.csv.contains(Self.canaryName))

        // The requester is one subject across their three cases.
        let subject = try #require(f.casebook.ledger.read { try SubjectIndexHook.requesterSubject(of: "FOI-2026-0001", in: $0) })
        #expect(try f.casebook.ledger.read { try SubjectIndexHook.requesterSubject(of: "FOI-2026-0003", in: $0) } == subject)
        #expect(try f.casebook.ledger.read { try SubjectIndexHook.requesterSubject(of: "SAR-2026-0001", in: $0) } == subject)
        #expect(try f.casebook.ledger.read { try SubjectIndexHook.requesterSubject(of: "FOI-2026-0004", in: $0) } != subject)
        let keyBytes = try #require(try f.casebook.keystore.key(for: subject, create: false)).withUnsafeBytes { Data($0) }
        let caseKeyBytes = try #require(try f.casebook.keystore.key(for: SubjectIDs.caseSubject("FOI-2026-0001"), create: false)).withUnsafeBytes { Data($0) }
        #expect(!(try f.filesContaining(keyBytes)).isEmpty, "the search must find the key before erasure, or it proves nothing")

        // Proofs and a checkpoint taken before erasure.
        let sizeBefore = try f.casebook.ledger.size()
        let note = try f.casebook.ledger.checkpoint()
        let proof = try f.casebook.ledger.read { try $0.inclusionProof(index: 1, size: sizeBefore) }

        f.clock.now = ts("2026-02-01T12:00:00Z")
        let outcome = try await f.casebook.erase(subject: subject, reason: "erasure request of 2026-02-01", actor: Actor(id: "dpo", role: "legal"), at: f.clock.now)
        let requesterItem = try #require(outcome.erased.first { $0.subject == subject })
        #expect(Set(requesterItem.cases) == ["FOI-2026-0001", "FOI-2026-0002", "FOI-2026-0003", "SAR-2026-0001"])
        #expect(outcome.erased.contains { $0.subject == SubjectIDs.caseSubject("FOI-2026-0001") })

        // Every case of that person records the erasure, naming the subject and no personal data.
        for c in ["FOI-2026-0001", "FOI-2026-0002", "FOI-2026-0003", "SAR-2026-0001"] {
            let events = try f.casebook.timeline(c, access: .reveal)
            let erasures = events.filter { $0.type == "PersonalDataErased" }
            #expect(erasures.contains { $0.payload["subjectId"] == .string(subject) && $0.payload["scope"] == .string("requester") })
            if c.hasPrefix("FOI") { #expect(erasures.contains { $0.payload["subjectId"] == .string(SubjectIDs.caseSubject(c)) }) }
            #expect(!erasures.contains { $0.payload.canonicalString.contains("Canary") })
            #expect(events[0].payload["requester"] == .string("[erased]"))
        }
        #expect(try f.casebook.timeline("FOI-2026-0001", access: .reveal)[1].payload["question"] == .string("[erased]"))
        // The other requester is untouched.
        #expect(try f.casebook.timeline("FOI-2026-0004", access: .reveal)[0].payload["requester"]?["name"] == .string("Other Person"))

        // Gone from disk: no canary, no key bytes, anywhere (free pages included).
        for needle in [Data(Self.canaryName.utf8), Data(Self.canaryEmail.utf8), keyBytes, caseKeyBytes] {
            #expect(try f.filesContaining(needle).isEmpty, "erased material is still on disk")
        }

        // The log is intact: verify passes, the old proof and checkpoint still verify.
        let report = try f.casebook.ledger.verify()
        #expect(report.ok, "\(String(describing: report.failure))")
        #expect(try f.casebook.ledger.read { try $0.root(size: sizeBefore) } == proof.root)
        #expect(proof.verify())
        let cp = try CheckpointNote.open(note, verifierKey: try f.casebook.ledger.publicKey())
        #expect(cp.root == proof.root)

        // Registers read [erased] where they showed the person.
        let after = try f.casebook.ledger.read { try f.casebook.registerReader.snapshot(in: $0).rows(.sar, today: day("2026-02-02"), reveal: f.casebook.reveal(.reveal)) }
        #expect(!after.csv.contains(Self.canaryName))
        #expect(after.csv.contains("[erased]"))

        // Erasing again finds nothing left to do and appends nothing.
        let size = try f.casebook.ledger.size()
        let again = try await f.casebook.erase(subject: subject, reason: "again", actor: Actor(id: "dpo", role: "legal"), at: f.clock.now)
        #expect(again.erased.isEmpty)
        #expect(try f.casebook.ledger.size() == size)
    }

    @Test("retention: nothing before the period ends, exactly the expired subjects after; --dry-run changes nothing")
    func retention() async throws {
        var policy = Policy.default
        policy.retention = Policy.Retention(foiRequesterYears: 3, sarYears: 3, breachYears: 6, nearMissYears: 3)
        let f = try Fixture(policy: policy)
        try await f.foiCase("FOI-2020-0001", received: "2020-03-02T09:00:00Z")  // closed 2020-03-02
        try await f.foiCase("FOI-2025-0001", received: "2025-03-03T09:00:00Z", name: "Recent Person", email: "recent@example.org")
        try await f.breachCase("BR-2020-0001", discovered: "2020-03-03T09:00:00Z")  // open: never expires
        let system = Actor(id: "retention", role: "system")
        let old = try #require(f.casebook.ledger.read { try SubjectIndexHook.requesterSubject(of: "FOI-2020-0001", in: $0) })
        let recent = try #require(f.casebook.ledger.read { try SubjectIndexHook.requesterSubject(of: "FOI-2025-0001", in: $0) })

        // Before the period ends (closed 2020-03-02 + 3 years = 2023-03-02): nothing.
        // The runs happen on the days they judge, on the ledger's clock.
        f.clock.now = ts("2023-03-02T09:00:00Z")
        let early = try await f.casebook.applyRetention(today: day("2023-03-02"), dryRun: false, actor: system, at: f.clock.now)
        #expect(early.erased.isEmpty)
        let size = try f.casebook.ledger.size()

        // Dry run after: lists exactly the expired subjects and changes nothing.
        f.clock.now = ts("2023-03-03T09:00:00Z")
        let dry = try await f.casebook.applyRetention(today: day("2023-03-03"), dryRun: true, actor: system, at: f.clock.now)
        #expect(Set(dry.erased.map(\.subject)) == [old, SubjectIDs.caseSubject("FOI-2020-0001")])
        #expect(try f.casebook.ledger.size() == size)
        #expect(try f.casebook.keystore.key(for: old, create: false) != nil)

        // For real.
        let done = try await f.casebook.applyRetention(today: day("2023-03-03"), dryRun: false, actor: system, at: f.clock.now)
        #expect(Set(done.erased.map(\.subject)) == [old, SubjectIDs.caseSubject("FOI-2020-0001")])
        #expect(try f.casebook.keystore.key(for: old, create: false) == nil)
        #expect(try f.casebook.keystore.key(for: recent, create: false) != nil)
        #expect(try f.casebook.keystore.key(for: SubjectIDs.caseSubject("BR-2020-0001"), create: false) != nil)
        #expect(try f.casebook.timeline("FOI-2020-0001", access: .reveal)[0].payload["requester"] == .string("[erased]"))
        #expect(try f.casebook.ledger.verify().ok)
    }

    @Test("a backup taken during concurrent appends restores to a ledger that verifies; a pre-erasure backup is re-erased on restore")
    func backupAndRestore() async throws {
        let f = try Fixture()
        try await f.foiCase("FOI-2026-0001", received: "2026-01-05T09:00:00Z")
        let subject = try #require(f.casebook.ledger.read { try SubjectIndexHook.requesterSubject(of: "FOI-2026-0001", in: $0) })
        let casebook = f.casebook
        let writers = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        for j in 0..<25 {
                            let ref = try CaseReference(String(format: "NM-2026-%04d", i * 100 + j + 1))
                            try await casebook.record([CaseEventInput(
                                caseReference: ref, payload: NearMissReported(occurredOn: "2026-01-05", reportedOn: "2026-01-05", service: "Parks", description: "Gate left open", potentialCategory: .loss),
                                occurredAt: ts("2026-01-05T09:00:00Z"), actor: PersonalDataTests.officer, expectedVersion: .noStream)])
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        let backup = f.dir + "/backup-1"
        try casebook.backup(to: backup)
        try await writers.value

        let restored = f.dir + "/restored-1"
        #expect(try await Casebook.restore(from: backup, to: restored).isEmpty)
        let r = try Casebook.open(at: restored)
        let report = try r.ledger.verify()
        #expect(report.ok, "\(String(describing: report.failure))")
        #expect(try r.timeline("FOI-2026-0001", access: .reveal)[0].payload["requester"]?["name"] == .string(Self.canaryName))
        r.close()

        // Erase after the backup; restoring the old backup re-erases from the ledger's record.
        _ = try await casebook.erase(subject: subject, reason: "erasure request", actor: Actor(id: "dpo", role: "legal"), at: f.clock.now)
        let later = f.dir + "/backup-2"
        try casebook.backup(to: later)
        // The dangerous case: the log is current (it records the erasure) but the keystore comes
        // from the backup taken before it, so the key is back. Restoring must re-erase it.
        let mixed = f.dir + "/mixed"
        try FileManager.default.createDirectory(atPath: mixed, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: later + "/log", toPath: mixed + "/log")
        try FileManager.default.copyItem(atPath: backup + "/keystore", toPath: mixed + "/keystore")
        for file in ["signing.key", "policy.json"] { try FileManager.default.copyItem(atPath: later + "/" + file, toPath: mixed + "/" + file) }
        let restoredMixed = f.dir + "/restored-2"
        let reerased = try await Casebook.restore(from: mixed, to: restoredMixed)
        #expect(reerased.contains(subject))
        let r2 = try Casebook.open(at: restoredMixed)
        defer { r2.close() }
        #expect(try r2.keystore.key(for: subject, create: false) == nil)
        #expect(try r2.timeline("FOI-2026-0001", access: .reveal)[0].payload["requester"] == .string("[erased]"))
        #expect(try r2.ledger.verify().ok)
    }

    @Test("a ledger written before sealing is refused with directions, and migrates into a new sealed ledger with a verifiable map")
    func migration() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-migrate-\(UUID().uuidString.lowercased())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // An issue-2 era ledger: the bare log, plaintext payloads, no keystore.
        let old = try Ledger.create(at: dir + "/old", origin: "old.example/log")
        let received = try JSONValue.parse(Array(try EventCatalogue.encode(RequestReceived(
            channel: .email, receivedAt: "2026-01-05T09:00:00Z", regime: .foia, requester: Requester(name: Self.canaryName, email: Self.canaryEmail),
            requesterType: .individual, summary: "Library opening hours"))))
        let ack = try JSONValue.parse(Array(try EventCatalogue.encode(RequestAcknowledged(acknowledgedAt: "2026-01-05T10:00:00Z"))))
        _ = try old.appendNow(AppendBatch(events: [
            EventDraft(eventId: UUID(), stream: "FOI-2026-0001", type: "RequestReceived", occurredAt: ts("2026-01-05T09:00:00Z"), actor: Self.officer, payload: received),
            EventDraft(eventId: UUID(), stream: "FOI-2026-0001", type: "RequestAcknowledged", occurredAt: ts("2026-01-05T10:00:00Z"), actor: Self.officer, payload: ack),
        ]))
        let oldLeaves = try old.read { log in try (0..<2).map { try log.leafHash(at: $0) } }
        old.close()

        let refusal = #expect(throws: LedgerError.self) { try Casebook.open(at: dir + "/old") }
        #expect(refusal?.message.contains("casebook migrate") == true)

        let report = try await Casebook.migrate(from: dir + "/old", to: dir + "/new")
        #expect(report.events == 2)
        let migrated = try Casebook.open(at: dir + "/new")
        defer { migrated.close() }
        #expect(try migrated.ledger.verify().ok)
        #expect(try migrated.timeline("FOI-2026-0001", access: .reveal)[0].payload["requester"]?["name"] == .string(Self.canaryName))
        let newFiles = FileManager.default.enumerator(atPath: dir + "/new")!.allObjects.compactMap { $0 as? String }
        for rel in newFiles {
            guard let data = FileManager.default.contents(atPath: dir + "/new/" + rel) else { continue }
            #expect(data.range(of: Data(Self.canaryName.utf8)) == nil, "plaintext canary in the migrated ledger's \(rel)")
        }
        let lines = try String(contentsOfFile: report.mappingFile, encoding: .utf8).split(separator: "\n").map { try JSONValue.parse(String($0)) }
        #expect(lines.count == 3)
        #expect(lines[0]["oldLeafHash"] == .string(oldLeaves[0].hex))
        #expect(lines[1]["oldLeafHash"] == .string(oldLeaves[1].hex))
        #expect(lines[2]["oldRoot"] == .string(report.oldRoot.hex))
        #expect(lines[1]["newLeafHash"] == .string(try migrated.ledger.read { try $0.leafHash(at: 1) }.hex))
    }
}
