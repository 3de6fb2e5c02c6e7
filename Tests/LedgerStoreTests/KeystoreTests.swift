import Crypto
import Foundation
import Testing
@testable import LedgerStore

/// Runs `body` with a fresh temporary directory (which exists) and removes it afterwards.
func withKeystoreDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("casebook-keystore-tests-\(UUID().uuidString.lowercased())", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir.path)
}

/// Every regular file under `root`, with its bytes.
private func filesUnder(_ root: String) throws -> [(path: String, bytes: Data)] {
    let fm = FileManager.default
    var out: [(String, Data)] = []
    for name in fm.subpaths(atPath: root) ?? [] {
        let path = root + "/" + name
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { continue }
        out.append((path, try Data(contentsOf: URL(fileURLWithPath: path))))
    }
    return out
}

/// The files under `root` that contain `needle` (what `grep -rla` would list).
private func filesContaining(_ needle: [UInt8], under root: String) throws -> [String] {
    precondition(!needle.isEmpty)
    return try filesUnder(root).filter { $0.bytes.range(of: Data(needle)) != nil }.map(\.path)
}

private func mode(of path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as! NSNumber).intValue
}

private func bytes(of key: SymmetricKey) -> [UInt8] { key.withUnsafeBytes { Array($0) } }

private let erasedAt = Timestamp(rfc3339: "2026-03-31T17:00:00Z")!

@Suite("Keystore")
struct KeystoreTests {
    @Test func theSameIdentityGivesTheSameSubject() throws {
        try withKeystoreDirectory { dir in
            let keystore = try Keystore.open(at: dir + "/keystore", create: true)
            #expect(try keystore.subjectId(forIdentity: "zq.canary@example.org", create: false) == nil)
            let id = try #require(try keystore.subjectId(forIdentity: "zq.canary@example.org", create: true))
            #expect(id.hasPrefix("subj-") && id.count == 29 && id.dropFirst(5).allSatisfy(\.isHexDigit))
            #expect(try keystore.subjectId(forIdentity: "zq.canary@example.org", create: true) == id)
            #expect(try keystore.subjectId(forIdentity: "zq.canary@example.org", create: false) == id)
            let other = try keystore.subjectId(forIdentity: "someone.else@example.org", create: true)
            #expect(other != id)
            // A new subject has its key already.
            #expect(try keystore.key(for: id, create: false) != nil)
            #expect(try keystore.allSubjects() == [id, other!].sorted())
            // The id is random, not derived from the identity: another keystore gives another.
            let second = try Keystore.open(at: dir + "/second", create: true)
            #expect(try second.subjectId(forIdentity: "zq.canary@example.org", create: true) != id)
        }
    }

    @Test func keysAreDurableAndStable() throws {
        try withKeystoreDirectory { dir in
            let path = dir + "/keystore"
            var created: [UInt8] = []
            do {
                let keystore = try Keystore.open(at: path, create: true)
                #expect(try keystore.key(for: "case-FOI-2026-0001", create: false) == nil)
                let key = try #require(try keystore.key(for: "case-FOI-2026-0001", create: true))
                created = bytes(of: key)
                #expect(created.count == 32)
                #expect(try keystore.key(for: "case-FOI-2026-0001", create: true).map(bytes) == created)
                let batch = try keystore.keys(for: ["case-FOI-2026-0001", "case-FOI-2026-0002"], create: true)
                #expect(batch.count == 2 && batch["case-FOI-2026-0001"].map(bytes) == created)
                #expect(try keystore.isErased("case-FOI-2026-0001") == nil)
                // One instance per directory per process.
                #expect(throws: LedgerError.self) { try Keystore.open(at: path, create: false) }
            }
            let reopened = try Keystore.open(at: path, create: false)
            #expect(try reopened.key(for: "case-FOI-2026-0001", create: false).map(bytes) == created)
            #expect(try reopened.allSubjects() == ["case-FOI-2026-0001", "case-FOI-2026-0002"])
            #expect(throws: LedgerError.self) { try Keystore.open(at: dir + "/nothing-here", create: false) }
            #expect(throws: LedgerError.self) { try reopened.key(for: "", create: true) }
        }
    }

    @Test func erasureDestroysKeysAndLeavesTombstones() async throws {
        try await withTemporaryLedger { dir in
            let path = dir + "/keystore"
            var survivorKey: [UInt8] = []
            var erasedId = ""
            do {
                let keystore = try Keystore.open(at: path, create: true)
                erasedId = try #require(try keystore.subjectId(forIdentity: "zq.canary@example.org", create: true))
                let survivor = try #require(try keystore.subjectId(forIdentity: "survivor@example.org", create: true))
                survivorKey = try bytes(of: #require(try keystore.key(for: survivor, create: false)))
                _ = try keystore.key(for: "case-FOI-2026-0001", create: true)

                try keystore.erase(subjects: [erasedId, "case-FOI-2026-0001", "never-seen"], reason: "retention: closed + 2 years", at: erasedAt)
                #expect(try keystore.key(for: erasedId, create: false) == nil)
                #expect(try keystore.key(for: erasedId, create: true) == nil)  // never again
                await expectLedgerError(.refused) { try keystore.sealingKey(for: erasedId) }
                #expect(try keystore.key(for: "never-seen", create: true) == nil)
                #expect(try keystore.isErased(erasedId) == ErasureRecord(subject: erasedId, erasedAt: erasedAt, reason: "retention: closed + 2 years"))
                #expect(try keystore.key(for: survivor, create: false).map(bytes) == survivorKey)
                #expect(try keystore.subjectId(forIdentity: "survivor@example.org", create: false) == survivor)
                // The same person is a new subject now.
                #expect(try keystore.subjectId(forIdentity: "zq.canary@example.org", create: false) == nil)
                let again = try #require(try keystore.subjectId(forIdentity: "zq.canary@example.org", create: true))
                #expect(again != erasedId)
                #expect(try keystore.key(for: again, create: false) != nil)
                // Erasing again keeps the first tombstone.
                try keystore.erase(subjects: [erasedId], reason: "again", at: Timestamp(milliseconds: 0))
                #expect(try keystore.isErased(erasedId)?.reason == "retention: closed + 2 years")
                #expect(try keystore.erasedSubjects() == ["case-FOI-2026-0001", erasedId, "never-seen"].sorted())
            }
            // Nothing left beside the keystore directory, and the tombstones survived the rewrite.
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["keystore"])
            let reopened = try Keystore.open(at: path, create: false)
            #expect(try reopened.isErased(erasedId)?.erasedAt == erasedAt)
            #expect(try reopened.erasedSubjects().count == 3)
            #expect(try reopened.allSubjects().count == 2)
        }
    }

    /// The point of it all: after erasure, no byte of the key (nor the identity hash) is left
    /// anywhere on disk.
    @Test func erasedKeysAreGoneFromDisk() async throws {
        try await withTemporaryLedger { root in
            let path = root + "/keystore"
            let canaries = ["Zebedee Quixote-Canary", "zq.canary@example.org"]
            var secrets: [[UInt8]] = []  // keys and identity hashes that must disappear
            var survivorSecrets: [[UInt8]] = []
            var sealed = JSONValue.null
            let eventId = UUID(uuidString: "0F8E2C4A-1B3D-4E5F-8A9B-0C1D2E3F4A5B")!
            var canarySubject = ""
            var doomed: [String] = []
            do {
                let keystore = try Keystore.open(at: path, create: true)
                canarySubject = try #require(try keystore.subjectId(forIdentity: canaries[1], create: true))
                sealed = try FieldSealing.seal(
                    payload: .object(["name": .string(canaries[0]), "email": .string(canaries[1])]),
                    fields: [("name", canarySubject), ("email", canarySubject)], eventId: eventId) { try keystore.sealingKey(for: $0) }
                secrets.append(try bytes(of: #require(try keystore.key(for: canarySubject, create: false))))
                secrets.append(keystore.identityHash(canaries[1]))
                doomed.append(canarySubject)
                // Enough other subjects for multi-page trees (so branch pages exist), a third of
                // them erased with the canary.
                for i in 0..<450 {
                    let identity = "person-\(i)@example.org"
                    let id = try #require(try keystore.subjectId(forIdentity: identity, create: true))
                    let pair = [try bytes(of: #require(try keystore.key(for: id, create: false))), keystore.identityHash(identity)]
                    if i % 3 == 0 {
                        doomed.append(id)
                        secrets += pair
                    } else {
                        survivorSecrets += pair
                    }
                }
                let opened = try FieldSealing.open(payload: sealed, eventId: eventId, mode: .decrypt) { try keystore.key(for: $0, create: false) }
                #expect(opened["name"] == .string(canaries[0]))
            }
            // Control: the search finds live keys and identity hashes.
            for secret in secrets { #expect(try !filesContaining(secret, under: root).isEmpty) }

            do {
                let keystore = try Keystore.open(at: path, create: false)
                try keystore.erase(subjects: doomed, reason: "retention", at: erasedAt)
                let opened = try FieldSealing.open(payload: sealed, eventId: eventId, mode: .decrypt) { try keystore.key(for: $0, create: false) }
                #expect(opened == .object(["name": .string("[erased]"), "email": .string("[erased]")]))
                #expect(try keystore.erasedSubjects().count == 151)
            }
            // Closed, so reading lock.mdb cannot disturb LMDB's locks. `grep -rla` for each.
            for secret in secrets {
                #expect(try filesContaining(secret, under: root) == [], "erased key or identity hash still on disk")
            }
            for canary in canaries { #expect(try filesContaining(Array(canary.utf8), under: root) == []) }
            for secret in survivorSecrets { #expect(try !filesContaining(secret, under: root).isEmpty) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["keystore"])
        }
    }

    @Test func backupAndRestore() async throws {
        try await withTemporaryLedger { root in
            let keystore = try Keystore.open(at: root + "/keystore", create: true)
            let subject = try #require(try keystore.subjectId(forIdentity: "zq.canary@example.org", create: true))
            let key = try bytes(of: #require(try keystore.key(for: subject, create: false)))
            let other = try bytes(of: #require(try keystore.key(for: "case-SAR-2026-0003", create: true)))
            try keystore.backup(to: root + "/backup")
            #expect(try mode(of: root + "/backup") == 0o700)
            #expect(try mode(of: root + "/backup/data.mdb") == 0o600)
            await expectLedgerError(.alreadyInitialised) { try keystore.backup(to: root + "/backup") }

            try keystore.erase(subjects: [subject], reason: "SAR erasure request", at: erasedAt)
            #expect(try keystore.key(for: subject, create: false) == nil)

            try Keystore.restore(from: root + "/backup", to: root + "/restored")
            await expectLedgerError(.alreadyInitialised) { try Keystore.restore(from: root + "/backup", to: root + "/restored") }
            #expect(try mode(of: root + "/restored/data.mdb") == 0o600)
            let restored = try Keystore.open(at: root + "/restored", create: false)
            // Taken before the erasure, the backup still has the key: the caller re-applies erasures.
            #expect(try restored.key(for: subject, create: false).map(bytes) == key)
            #expect(try restored.subjectId(forIdentity: "zq.canary@example.org", create: false) == subject)
            #expect(try restored.key(for: "case-SAR-2026-0003", create: false).map(bytes) == other)
            #expect(try restored.isErased(subject) == nil)
            try restored.erase(subjects: [subject], reason: "re-applied after restore", at: erasedAt)
            #expect(try restored.key(for: subject, create: false) == nil)
            #expect(try restored.key(for: "case-SAR-2026-0003", create: false).map(bytes) == other)
            await expectLedgerError(.notFound) { try Keystore.restore(from: root + "/no-backup", to: root + "/elsewhere") }
        }
    }

    @Test func filesAreReadableByTheOwnerOnly() async throws {
        try await withTemporaryLedger { root in
            let path = root + "/keystore"
            let keystore = try Keystore.open(at: path, create: true)
            func check() throws {
                #expect(try mode(of: path) == 0o700)
                #expect(try mode(of: path + "/data.mdb") == 0o600)
                #expect(try mode(of: path + "/lock.mdb") == 0o600)
            }
            try check()
            let subject = try keystore.subjectId(forIdentity: "a@example.org", create: true)!
            try keystore.erase(subjects: [subject], reason: "retention", at: erasedAt)
            try check()
        }
    }

    @Test func anInterruptedCompactionIsFinishedOnOpen() async throws {
        try await withTemporaryLedger { root in
            let path = root + "/keystore"
            var key: [UInt8] = []
            do {
                let keystore = try Keystore.open(at: path, create: true)
                key = try bytes(of: #require(try keystore.key(for: "subj-a", create: true)))
            }
            // A crash between the two renames: the new copy is complete, the old one moved aside.
            try FileManager.default.moveItem(atPath: path, toPath: path + ".new")
            try FileManager.default.createDirectory(atPath: path + ".old", withIntermediateDirectories: false)
            try Data(key).write(to: URL(fileURLWithPath: path + ".old/data.mdb"))
            let keystore = try Keystore.open(at: path, create: false)
            #expect(try keystore.key(for: "subj-a", create: false).map(bytes) == key)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["keystore"])
        }
    }

    @Test func aCompactionOwedByACrashedErasureRunsOnOpen() async throws {
        try await withTemporaryLedger { root in
            let path = root + "/keystore"
            var key: [UInt8] = []
            do {
                let keystore = try Keystore.open(at: path, create: true)
                key = try bytes(of: #require(try keystore.key(for: "subj-a", create: true)))
                _ = try keystore.key(for: "subj-b", create: true)
            }
            // What a crash leaves after the erasure's deletions committed, before the rewrite.
            do {
                let env = try LMDBEnvironment(path: path, databases: ["meta", "keys", "identities", "erasures"])
                try env.write { txn in
                    try txn.delete(env.database("keys"), Array("subj-a".utf8))
                    try txn.put(env.database("meta"), Array("compactionPending".utf8), Array("1".utf8))
                }
            }
            #expect(try !filesContaining(key, under: root).isEmpty)  // freed, not wiped
            do {
                let keystore = try Keystore.open(at: path, create: false)
                #expect(try keystore.allSubjects() == ["subj-b"])
            }
            #expect(try filesContaining(key, under: root) == [])
            let env = try LMDBEnvironment(path: path, databases: ["meta"])
            #expect(try env.read { try $0.get(env.database("meta"), Array("compactionPending".utf8)) } == nil)
        }
    }

    @Test(.enabled(if: pythonAvailable()))
    func erasureIsRefusedWhileAnotherProcessHasTheKeystoreOpen() async throws {
        try await withTemporaryLedger { root in
            let path = root + "/keystore"
            let keystore = try Keystore.open(at: path, create: true)
            let subject = try #require(try keystore.subjectId(forIdentity: "a@example.org", create: true))
            // Another process holding LMDB's shared lock on byte 0 of lock.mdb, as LMDB does.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", """
                import fcntl, sys
                f = open(sys.argv[1], "rb+")
                fcntl.lockf(f, fcntl.LOCK_SH | fcntl.LOCK_NB, 1, 0, 0)
                print("locked", flush=True)
                sys.stdin.read()
                """, path + "/lock.mdb"]
            let output = Pipe()
            let input = Pipe()
            process.standardOutput = output
            process.standardInput = input
            try process.run()
            let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
            #expect(line.hasPrefix("locked"))
            let error = await expectLedgerError(.refused) { try keystore.erase(subjects: [subject], reason: "retention", at: erasedAt) }
            #expect(error?.message.contains("pid \(process.processIdentifier)") == true)
            #expect(try keystore.key(for: subject, create: false) != nil)  // nothing changed
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            try keystore.erase(subjects: [subject], reason: "retention", at: erasedAt)
            #expect(try keystore.key(for: subject, create: false) == nil)
        }
    }
}

private func pythonAvailable() -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import fcntl"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}
