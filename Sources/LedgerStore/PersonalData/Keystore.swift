import Crypto
import Foundation

/// The tombstone left when a data subject's key is destroyed: who (by subject id), when and
/// why. It holds no key and no personal data, so it may be kept for ever.
public struct ErasureRecord: Sendable, Hashable {
    public var subject: String
    public var erasedAt: Timestamp
    /// Why the key was destroyed (e.g. "retention: FOI case closed + 2 years"). Never put
    /// personal data here: tombstones outlive the subject.
    public var reason: String

    public init(subject: String, erasedAt: Timestamp, reason: String) {
        self.subject = subject
        self.erasedAt = erasedAt
        self.reason = reason
    }
}

/// How a keystore is opened.
public struct KeystoreOptions: Sendable {
    public var environment: EnvironmentOptions = {
        var o = EnvironmentOptions()
        o.mapSize = 64 << 20  // grows on demand; a key costs ~100 bytes
        o.maxDatabases = 8
        return o
    }()

    /// The source of every secret the keystore makes (the identity secret, subject keys,
    /// subject ids). The default is the system's cryptographically secure generator; inject a
    /// seeded one only in tests, to get exact subject ids.
    public var randomBytes: @Sendable (Int) -> [UInt8] = { count in
        var g = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &g) }
    }

    public init() {}
}

/// Per-subject encryption keys for crypto-shredding, in an LMDB environment of their own.
///
/// Each data subject (a person, or anything else the caller names, such as `case-FOI-2026-0001`)
/// has one 256-bit AES key. Destroying the key with ``erase(subjects:reason:at:)`` makes every
/// field sealed under it unreadable while the ledger's bytes, hashes and proofs stay as they were.
/// People are found by a keyed hash (HMAC-SHA256 under a secret made when the keystore is
/// created) of an identity string the caller normalises (e.g. a trimmed, lower-cased e-mail
/// address), so the keystore never holds the identity itself.
///
/// Files: `data.mdb` and `lock.mdb` (mode 0600) in `directory` (mode 0700); the ledger keeps its
/// keystore in `<ledger>/keystore`. Erasure rewrites the files via the sibling directories
/// `<directory>.new` and `<directory>.old`, so those names are reserved.
///
/// One `Keystore` per directory per process (a second `open` in the same process is refused,
/// as LMDB requires). Several processes may use the same keystore, except during erasure (see
/// ``erase(subjects:reason:at:)``).
///
/// `@unchecked Sendable`: the only mutable state is `store`, the open LMDB environment, and it
/// is read under `lock` held shared and replaced (during erasure) only under `lock` held
/// exclusively; the environment itself is thread-safe (`LMDBEnvironment`), and everything else
/// is immutable after `open`.
public final class Keystore: @unchecked Sendable {
    /// The keystore directory (standardised, without a trailing slash).
    public let directory: String
    private let options: KeystoreOptions
    private let identitySecret: SymmetricKey
    private let lock = ReadWriteLock()
    /// The open environment; nil only after a failed erasure could not reopen it.
    private var store: Store?
    private let registration: String

    /// The directory a ledger at `ledgerDirectory` keeps its keystore in.
    public static func path(inLedger ledgerDirectory: String) -> String { ledgerDirectory + "/keystore" }

    public static func exists(at directory: String) -> Bool {
        FileManager.default.fileExists(atPath: standardised(directory) + "/data.mdb")
    }

    // MARK: Opening

    /// Opens the keystore in `directory`, creating it (and its identity secret) when `create`
    /// is true and there is none.
    ///
    /// First finishes an erasure that a crash interrupted: it completes the directory swap,
    /// overwrites and removes what is left of the old files, and rewrites the keystore when the
    /// last erasure committed its deletions but did not get as far as compacting.
    public static func open(at directory: String, create: Bool, options: KeystoreOptions = KeystoreOptions()) throws -> Keystore {
        let directory = standardised(directory)
        let parent = (directory as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: parent) {
            guard create else { throw LedgerError(.notInitialised, "no keystore at \(directory): \(parent) does not exist") }
            try KeystoreFiles.makePrivateDirectory(parent)
        }
        // Claimed first, so recovery never runs under an erasure of this same process.
        let registration = KeystoreFiles.realPath(parent) + "/" + (directory as NSString).lastPathComponent
        try openKeystores.claim(registration, directory: directory)
        let keystore: Keystore
        do {
            try recoverInterruptedCompaction(at: directory)
            if !exists(at: directory) && !create {
                throw LedgerError(.notInitialised, "no keystore at \(directory); it is created with the ledger (or pass create: true)")
            }
            let isNew = !exists(at: directory)
            try KeystoreFiles.makePrivateDirectory(directory)
            let store = try Store(opening: directory, options: options, create: isNew && create)
            try KeystoreFiles.restrictPermissions(ofKeystoreAt: directory)
            let secret = try store.environment.write { txn -> SymmetricKey in
                if let format = try txn.get(store.meta, MetaKey.format) {
                    guard format == Array("1".utf8) else {
                        throw LedgerError(.versionMismatch, "the keystore at \(directory) has format \(String(decoding: format, as: UTF8.self)); this version reads format 1")
                    }
                    guard let bytes = try txn.get(store.meta, MetaKey.identitySecret), bytes.count == 32 else {
                        throw LedgerError(.corrupted, "the keystore at \(directory) has lost its identity secret; restore it from a backup")
                    }
                    return SymmetricKey(data: bytes)
                }
                // Never initialised (or a crash before the first commit): only an empty one may be.
                guard try txn.count(store.keys) == 0, try txn.count(store.identities) == 0, try txn.count(store.erasures) == 0 else {
                    throw LedgerError(.corrupted, "\(directory) holds an LMDB environment that is not a keystore")
                }
                guard create else {
                    throw LedgerError(.notInitialised, "the keystore at \(directory) was never initialised; open it with create: true")
                }
                let bytes = options.randomBytes(32)
                precondition(bytes.count == 32, "BUG DETECTED: randomBytes(32) returned \(bytes.count) bytes")
                try txn.put(store.meta, MetaKey.identitySecret, bytes)
                try txn.put(store.meta, MetaKey.format, Array("1".utf8))
                return SymmetricKey(data: bytes)
            }
            keystore = Keystore(directory: directory, options: options, secret: secret, store: store, registration: registration)
        } catch {
            openKeystores.release(registration)
            throw error
        }
        do {
            try keystore.compactIfPending()
        } catch let error as LedgerError where error.code == .refused {
            // Another process has it open; the next erasure or open with sole access compacts.
        }
        return keystore
    }

    private init(directory: String, options: KeystoreOptions, secret: SymmetricKey, store: Store, registration: String) {
        self.directory = directory
        self.options = options
        self.identitySecret = secret
        self.store = store
        self.registration = registration
    }

    deinit {
        store = nil  // closes the environment before the directory may be claimed again
        openKeystores.release(registration)
    }

    // MARK: Subjects and keys

    /// The subject id of the person whose normalised identity is `normalised`, or nil when
    /// there is none and `create` is false.
    ///
    /// The caller normalises (e.g. trims and lower-cases an e-mail address); the keystore stores
    /// only HMAC-SHA256(identity secret, `normalised`) mapped to a random id `subj-<24 hex>`,
    /// which therefore reveals nothing about the person. A new subject gets its key in the same
    /// durable commit. After the subject is erased the mapping is gone, so the same person is
    /// given a new subject id.
    public func subjectId(forIdentity normalised: String, create: Bool) throws -> String? {
        guard !normalised.isEmpty else { throw LedgerError(.invalidInput, "an identity to look up a data subject by must not be empty") }
        let hash = identityHash(normalised)
        return try withStore { store in
            if let id = try store.environment.read({ txn in try txn.get(store.identities, hash) }) {
                return try Keystore.storedSubject(id, in: directory)
            }
            guard create else { return nil }
            return try store.environment.write { txn -> String in
                if let id = try txn.get(store.identities, hash) { return try Keystore.storedSubject(id, in: directory) }
                var id: String
                repeat {
                    id = "subj-" + options.randomBytes(12).map { hexDigits($0) }.joined()
                } while try txn.get(store.keys, Array(id.utf8)) != nil || txn.get(store.erasures, Array(id.utf8)) != nil
                try txn.put(store.identities, hash, Array(id.utf8))
                try txn.put(store.keys, Array(id.utf8), newKeyBytes())
                return id
            }
        }
    }

    /// The subject ids of several identities at once, in one read and at most one durable commit
    /// (for batches): as ``subjectId(forIdentity:create:)`` for each.
    ///
    /// `alsoKeysFor` names subjects (e.g. cases' own subjects) whose keys are created in the same
    /// commit when missing, so a batch opening new cases costs one keystore commit, not two.
    public func subjectIds(forIdentities identities: some Sequence<String>, create: Bool,
                           alsoKeysFor subjects: Set<String> = []) throws -> [String: String] {
        let wanted = Set(identities)
        for identity in wanted where identity.isEmpty {
            throw LedgerError(.invalidInput, "an identity to look up a data subject by must not be empty")
        }
        for subject in subjects { try Keystore.validate(subject: subject) }
        let hashes = Dictionary(uniqueKeysWithValues: wanted.map { ($0, identityHash($0)) })
        return try withStore { store in
            var found: [String: String] = [:]
            var missing: [String] = []
            var keyless: [String] = []
            try store.environment.read { txn in
                for (identity, hash) in hashes {
                    if let id = try txn.get(store.identities, hash) { found[identity] = try Keystore.storedSubject(id, in: directory) } else { missing.append(identity) }
                }
                if create {
                    for subject in subjects where try txn.get(store.keys, Array(subject.utf8)) == nil { keyless.append(subject) }
                }
            }
            guard create, !missing.isEmpty || !keyless.isEmpty else { return found }
            let created = try store.environment.write { txn -> [String: String] in
                for subject in keyless.sorted() {
                    let id = Array(subject.utf8)
                    if try txn.get(store.keys, id) == nil, try txn.get(store.erasures, id) == nil { try txn.put(store.keys, id, newKeyBytes()) }
                }
                var created: [String: String] = [:]
                for identity in missing.sorted() {
                    guard let hash = hashes[identity] else { continue }
                    if let id = try txn.get(store.identities, hash) {
                        created[identity] = try Keystore.storedSubject(id, in: directory)
                        continue
                    }
                    var id: String
                    repeat {
                        id = "subj-" + options.randomBytes(12).map { hexDigits($0) }.joined()
                    } while try txn.get(store.keys, Array(id.utf8)) != nil || txn.get(store.erasures, Array(id.utf8)) != nil
                    try txn.put(store.identities, hash, Array(id.utf8))
                    try txn.put(store.keys, Array(id.utf8), newKeyBytes())
                    created[identity] = id
                }
                return created
            }
            return found.merging(created) { a, _ in a }
        }
    }

    /// The keyed hash under which an identity is mapped (internal so tests can look for it on disk).
    func identityHash(_ normalised: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(normalised.utf8), using: identitySecret))
    }

    /// The AES-256 key of `subject`: nil when the subject was erased, or has no key and `create`
    /// is false.
    ///
    /// A key created here is committed durably before this returns, so a ledger that commits
    /// ciphertext afterwards never holds ciphertext without its key. An erased subject never
    /// gets a key again, even with `create`.
    public func key(for subject: String, create: Bool) throws -> SymmetricKey? {
        try keys(for: [subject], create: create)[subject]
    }

    /// The keys of several subjects at once, in one read and at most one durable commit (for
    /// batches). Erased subjects, and absent ones when `create` is false, are left out.
    public func keys(for subjects: some Sequence<String>, create: Bool) throws -> [String: SymmetricKey] {
        let wanted = Set(subjects)
        for subject in wanted { try Keystore.validate(subject: subject) }
        return try withStore { store in
            var found: [String: SymmetricKey] = [:]
            var missing: [String] = []
            try store.environment.read { txn in
                for subject in wanted {
                    if let bytes = try txn.get(store.keys, Array(subject.utf8)) {
                        found[subject] = try Keystore.storedKey(bytes, of: subject, in: directory)
                    } else {
                        missing.append(subject)
                    }
                }
            }
            guard create, !missing.isEmpty else { return found }
            let created = try store.environment.write { txn -> [String: SymmetricKey] in
                var created: [String: SymmetricKey] = [:]
                for subject in missing.sorted() {
                    let id = Array(subject.utf8)
                    if let bytes = try txn.get(store.keys, id) {
                        created[subject] = try Keystore.storedKey(bytes, of: subject, in: directory)
                    } else if try txn.get(store.erasures, id) == nil {
                        let bytes = newKeyBytes()
                        try txn.put(store.keys, id, bytes)
                        created[subject] = SymmetricKey(data: bytes)
                    }
                }
                return created
            }
            return found.merging(created) { a, _ in a }
        }
    }

    /// The key to seal new personal data of `subject` under, created (durably) if needed.
    ///
    /// Throws `.refused` when the subject was erased: new personal data must then be recorded
    /// under a new subject (see ``subjectId(forIdentity:create:)``).
    public func sealingKey(for subject: String) throws -> SymmetricKey {
        if let key = try key(for: subject, create: true) { return key }
        throw LedgerError(.refused, "data subject \(subject) was erased; personal data cannot be sealed under it again (look the person up afresh to get a new subject id)")
    }

    /// The tombstone of `subject`, or nil when it was never erased.
    public func isErased(_ subject: String) throws -> ErasureRecord? {
        try Keystore.validate(subject: subject)
        return try withStore { store in
            try store.environment.read { txn in
                try txn.get(store.erasures, Array(subject.utf8)).map { try ErasureRecord(subject: subject, stored: $0) }
            }
        }
    }

    /// The ids of every subject that has a key, in byte order (for retention sweeps).
    public func allSubjects() throws -> [String] {
        try withStore { store in try store.environment.read { txn in try Keystore.keys(of: store.keys, in: txn) } }
    }

    /// The ids of every erased subject, in byte order.
    public func erasedSubjects() throws -> [String] {
        try withStore { store in try store.environment.read { txn in try Keystore.keys(of: store.erasures, in: txn) } }
    }

    // MARK: Erasure

    /// Destroys the keys of `subjects` for good, removes their identity mappings and records a
    /// tombstone for each; then rewrites the keystore so the destroyed keys are gone from disk.
    ///
    /// Subjects that were never seen are tombstoned too (no key can be made for them later);
    /// a subject erased before keeps its first tombstone. After the deletions commit, the whole
    /// keystore is copied entry by entry into a fresh environment in `<directory>.new` (fsynced),
    /// which replaces the old directory by two renames; the old `data.mdb` is then overwritten
    /// with zeros, fsynced and removed, and the fresh environment opened in its place. LMDB never
    /// zeroes freed pages, and its compacting copy keeps branch pages whose separator keys can
    /// still be deleted identity hashes, hence the entry-by-entry rebuild. A crash part-way is
    /// finished by the next ``open(at:create:options:)``.
    ///
    /// Requires that no other process has the keystore open (the rewrite would pull the files
    /// from under it): when another process holds LMDB's lock file this throws `.refused` before
    /// changing anything. The check cannot stop a process that opens the keystore while the
    /// erasure runs: stop the server (or run erasure inside it) first. Blocks every other use
    /// of this instance while it runs. Overwriting cannot reach copies a copy-on-write or
    /// journalling file system, an SSD's wear levelling or a backup kept elsewhere; keep the
    /// keystore on an encrypted volume and re-apply erasures after restoring a backup.
    public func erase(subjects: [String], reason: String, at time: Timestamp) throws {
        for subject in subjects { try Keystore.validate(subject: subject) }
        lock.lockExclusive()
        defer { lock.unlock() }
        try ensureSoleAccess()
        do {  // scoped: the rebuild needs the only reference to the environment
            guard let store else { throw closedError() }
            try store.environment.write { txn in
                let ids = Set(subjects.map { Array($0.utf8) })
                var mappings: [[UInt8]] = []
                try txn.scan(store.identities) { hash, id in
                    if ids.contains(Array(id)) { mappings.append(Array(hash)) }
                    return true
                }
                for hash in mappings { try txn.delete(store.identities, hash) }
                for subject in subjects {
                    let id = Array(subject.utf8)
                    try txn.delete(store.keys, id)
                    if try txn.get(store.erasures, id) == nil {
                        try txn.put(store.erasures, id, ErasureRecord(subject: subject, erasedAt: time, reason: reason).stored)
                    }
                }
                try txn.put(store.meta, MetaKey.compactionPending, Array("1".utf8))
            }
        }
        try rebuildLocked()
    }

    /// Rewrites the keystore as in ``erase(subjects:reason:at:)`` without erasing anything (for
    /// an erasure whose compaction was refused or interrupted). Same sole-access rule.
    public func compact() throws {
        lock.lockExclusive()
        defer { lock.unlock() }
        try ensureSoleAccess()
        try rebuildLocked()
    }

    private func compactIfPending() throws {
        let pending = try withStore { store in
            try store.environment.read { txn in try txn.get(store.meta, MetaKey.compactionPending) != nil }
        }
        if pending { try compact() }
    }

    /// Throws `.refused` when another process has the environment open. Called with `lock`
    /// held exclusively.
    ///
    /// Every process with an LMDB environment open holds a shared fcntl lock on byte 0 of
    /// `lock.mdb`; F_GETLK reports another process's lock, never our own. The probe must open
    /// and close `lock.mdb`, and closing any descriptor of a file drops all of this process's
    /// fcntl locks on it, so the environment is closed around the probe and opened again.
    private func ensureSoleAccess() throws {
        closeStoreLocked()
        let holder = KeystoreFiles.otherLockHolder(of: directory + "/lock.mdb")
        store = try Store(opening: directory, options: options)
        if let holder {
            throw LedgerError(.refused, "the keystore at \(directory) is open in another process (pid \(holder)); erasure rewrites the keystore files, so stop other Casebook processes and try again (nothing was changed)")
        }
    }

    /// Copies every live entry into a fresh environment and swaps it in. Called with `lock`
    /// held exclusively.
    private func rebuildLocked() throws {
        let newDirectory = directory + ".new"
        let oldDirectory = directory + ".old"
        try KeystoreFiles.shred(newDirectory)
        try KeystoreFiles.shred(oldDirectory)
        try KeystoreFiles.makePrivateDirectory(newDirectory)
        do {
            guard let current = store else { throw closedError() }
            let fresh = try Store(opening: newDirectory, options: options, create: true)
            try current.environment.read { source in
                try fresh.environment.write { target in
                    for (from, to) in zip(current.all, fresh.all) {
                        try source.scan(from) { key, value in
                            if from == current.meta, key.elementsEqual(MetaKey.compactionPending) { return true }
                            try target.put(to, key, value, append: true)
                            return true
                        }
                    }
                }
            }
            try fresh.environment.sync()
        }  // `fresh` is closed here, and `current` released
        try KeystoreFiles.restrictPermissions(ofKeystoreAt: newDirectory)
        try KeystoreFiles.flush(newDirectory + "/data.mdb")
        try KeystoreFiles.flush(newDirectory)

        closeStoreLocked()
        let parent = (directory as NSString).deletingLastPathComponent
        guard rename(directory, oldDirectory) == 0 else {
            let failure = KeystoreFiles.posixError("moving \(directory) aside")
            store = try Store(opening: directory, options: options)
            throw failure
        }
        guard rename(newDirectory, directory) == 0 else {
            let failure = KeystoreFiles.posixError("moving the compacted keystore into \(directory)")
            if rename(oldDirectory, directory) == 0 { store = try Store(opening: directory, options: options) }
            throw failure
        }
        try KeystoreFiles.flush(parent.isEmpty ? "." : parent)
        store = try Store(opening: directory, options: options)
        try KeystoreFiles.shred(oldDirectory)
    }

    /// Closes the environment (with `lock` held exclusively), checking that nothing else kept it.
    private func closeStoreLocked() {
        guard var environment = store?.environment else { return }
        store = nil
        precondition(isKnownUniquelyReferenced(&environment), "BUG DETECTED: the keystore's environment outlived its store; a transaction escaped its closure")
    }

    /// Finishes a compaction that a crash interrupted (see `rebuildLocked`).
    private static func recoverInterruptedCompaction(at directory: String) throws {
        let fm = FileManager.default
        let newDirectory = directory + ".new"
        let oldDirectory = directory + ".old"
        if !fm.fileExists(atPath: directory), fm.fileExists(atPath: newDirectory + "/data.mdb") {
            // Crashed between the two renames: the new directory is complete (it is fsynced
            // before the old one is moved aside).
            guard rename(newDirectory, directory) == 0 else { throw KeystoreFiles.posixError("completing an interrupted keystore compaction") }
        }
        if !fm.fileExists(atPath: directory), fm.fileExists(atPath: oldDirectory + "/data.mdb") {
            // Not produced by `rebuildLocked`; put the old files back and let the pending
            // compaction run again rather than lose the keystore.
            guard rename(oldDirectory, directory) == 0 else { throw KeystoreFiles.posixError("restoring \(oldDirectory)") }
        }
        try KeystoreFiles.shred(newDirectory)  // an unfinished rebuild
        try KeystoreFiles.shred(oldDirectory)  // a finished swap whose old files were not yet wiped
    }

    // MARK: Backup and restore

    /// Writes a consistent, compacted copy of the keystore, taken while it stays in use, to
    /// `backupDirectory` (created with mode 0700; it must not exist or be empty).
    ///
    /// A backup keeps the keys of subjects erased after it was taken: whoever restores it must
    /// apply those erasures again (the ledger's erasure events say which).
    public func backup(to backupDirectory: String) throws {
        let backupDirectory = Keystore.standardised(backupDirectory)
        try KeystoreFiles.prepareEmptyPrivateDirectory(backupDirectory)
        try withStore { store in try store.environment.copy(to: backupDirectory, compact: true) }
        try KeystoreFiles.restrictPermissions(ofKeystoreAt: backupDirectory)
        try KeystoreFiles.flush(backupDirectory + "/data.mdb")
        try KeystoreFiles.flush(backupDirectory)
    }

    /// Restores a backup made by ``backup(to:)`` into `directory`, which must not exist or be
    /// empty, and checks that it opens. Re-apply erasures recorded since the backup afterwards.
    public static func restore(from backupDirectory: String, to directory: String) throws {
        let source = standardised(backupDirectory) + "/data.mdb"
        let directory = standardised(directory)
        guard FileManager.default.fileExists(atPath: source) else {
            throw LedgerError(.notFound, "no keystore backup at \(backupDirectory) (expected \(source))")
        }
        try KeystoreFiles.prepareEmptyPrivateDirectory(directory)
        try KeystoreFiles.copyFile(from: source, to: directory + "/data.mdb", mode: 0o600)
        try KeystoreFiles.flush(directory)
        _ = try Keystore.open(at: directory, create: false)
    }

    // MARK: Helpers

    /// The keystore's commit count so far (each is a durable fsync), for tests and benchmarks.
    public func commits() throws -> Int { try withStore { $0.environment.lastCommit } }

    private func withStore<T>(_ body: (Store) throws -> T) throws -> T {
        lock.lockShared()
        defer { lock.unlock() }
        guard let store else { throw closedError() }
        return try body(store)
    }

    private func closedError() -> LedgerError {
        LedgerError(.io, "the keystore at \(directory) could not be reopened after an erasure; open it again (the erasure completes on open)")
    }

    private func newKeyBytes() -> [UInt8] {
        let bytes = options.randomBytes(32)
        precondition(bytes.count == 32, "BUG DETECTED: randomBytes(32) returned \(bytes.count) bytes")
        return bytes
    }

    /// A stored subject key, checked before use: exactly 32 bytes.
    private static func storedKey(_ bytes: [UInt8], of subject: String, in directory: String) throws(LedgerError) -> SymmetricKey {
        guard bytes.count == 32 else {
            throw LedgerError(.corrupted, "the keystore at \(directory) is damaged: the key of \(subject) is \(bytes.count) bytes, not 32. Restore the ledger from its backup (`casebook restore BACKUP NEW_DIRECTORY`)")
        }
        return SymmetricKey(data: bytes)
    }

    /// A stored subject id (an identity's mapping), checked before use.
    private static func storedSubject(_ bytes: [UInt8], in directory: String) throws(LedgerError) -> String {
        guard let id = String(validating: bytes, as: UTF8.self), (try? validate(subject: id)) != nil else {
            throw LedgerError(.corrupted, "the keystore at \(directory) is damaged: an identity maps to an unreadable subject id. Restore the ledger from its backup (`casebook restore BACKUP NEW_DIRECTORY`)")
        }
        return id
    }

    private static func validate(subject: String) throws(LedgerError) {
        guard !subject.isEmpty, subject.utf8.count <= 256, !subject.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw LedgerError(.invalidInput, "a subject id must be 1–256 bytes without control characters, got \(subject.debugDescription)")
        }
    }

    private static func keys(of db: Database, in txn: Transaction) throws -> [String] {
        var out: [String] = []
        try txn.scan(db) { key, _ in
            out.append(String(decoding: key, as: UTF8.self))
            return true
        }
        return out
    }

    static func standardised(_ directory: String) -> String {
        var path = URL(fileURLWithPath: directory).standardizedFileURL.path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}

// MARK: - Storage layout

private enum MetaKey {
    static let format = Array("format".utf8)
    static let identitySecret = Array("identitySecret".utf8)
    /// Set with an erasure's deletions, dropped by the rebuild: a rebuild is still owed.
    static let compactionPending = Array("compactionPending".utf8)
}

/// The keystore's environment and its tables.
///
/// - `meta`: format, identity secret, compaction flag.
/// - `keys`: subject id → 32 key bytes.
/// - `identities`: HMAC(identity secret, normalised identity) → subject id.
/// - `erasures`: subject id → tombstone (canonical JSON: erasedAt, reason, subject).
private struct Store {
    static let names = ["meta", "keys", "identities", "erasures"]
    let environment: LMDBEnvironment
    let meta: Database
    let keys: Database
    let identities: Database
    let erasures: Database
    var all: [Database] { [meta, keys, identities, erasures] }

    /// Opens the keystore's environment; `create` allows a new, empty one (never for a
    /// keystore that should already be there: a missing or empty file there is damage).
    init(opening directory: String, options: KeystoreOptions, create: Bool = false) throws(LedgerError) {
        environment = try LMDBEnvironment(path: directory, databases: Store.names, options: options.environment, create: create)
        meta = environment.database("meta")
        keys = environment.database("keys")
        identities = environment.database("identities")
        erasures = environment.database("erasures")
    }
}

extension ErasureRecord {
    var stored: [UInt8] {
        JSONValue.object([
            "subject": .string(subject), "erasedAt": .string(erasedAt.rfc3339), "reason": .string(reason),
        ]).canonicalBytes()
    }

    init(subject: String, stored bytes: [UInt8]) throws {
        guard let value = try? JSONValue.parse(bytes), let at = value["erasedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
              let reason = value["reason"]?.stringValue
        else { throw LedgerError(.corrupted, "the keystore's tombstone for \(subject) is unreadable") }
        self.init(subject: subject, erasedAt: at, reason: reason)
    }
}

private func hexDigits(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}

// MARK: - One keystore per directory per process

/// Directories with an open `Keystore` in this process. LMDB forbids opening an environment
/// twice in one process, and the erasure probe cannot see this process's own locks.
private final class OpenKeystores: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var paths: Set<String> = []

    func claim(_ path: String, directory: String) throws(LedgerError) {
        lock.lock()
        defer { lock.unlock() }
        guard paths.insert(path).inserted else {
            throw LedgerError(.conflict, "the keystore at \(directory) is already open in this process; share that Keystore instead of opening it again")
        }
    }

    func release(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        paths.remove(path)
    }
}

private let openKeystores = OpenKeystores()

// MARK: - File system

private enum KeystoreFiles {
    static func posixError(_ context: String) -> LedgerError {
        LedgerError(.io, "\(context): \(String(cString: strerror(errno)))")
    }

    /// Creates `path` (and parents) if needed and sets it to mode 0700.
    static func makePrivateDirectory(_ path: String) throws(LedgerError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw LedgerError(.io, "cannot create the directory \(path)", cause: error)
        }
        guard chmod(path, 0o700) == 0 else { throw posixError("restricting \(path) to its owner") }
    }

    /// Like `makePrivateDirectory`, refusing a directory that already has files in it.
    static func prepareEmptyPrivateDirectory(_ path: String) throws(LedgerError) {
        if let contents = try? FileManager.default.contentsOfDirectory(atPath: path), !contents.isEmpty {
            throw LedgerError(.alreadyInitialised, "\(path) is not empty; choose a new directory (nothing is overwritten)")
        }
        try makePrivateDirectory(path)
    }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Sets the keystore directory to 0700 and its LMDB files to 0600 (LMDB's copy creates
    /// files subject to the umask only). `chmod` does not open the files, so it is safe while
    /// the environment is open.
    static func restrictPermissions(ofKeystoreAt directory: String) throws(LedgerError) {
        guard chmod(directory, 0o700) == 0 else { throw posixError("restricting \(directory) to its owner") }
        for name in ["data.mdb", "lock.mdb"] where FileManager.default.fileExists(atPath: directory + "/" + name) {
            guard chmod(directory + "/" + name, 0o600) == 0 else { throw posixError("restricting \(directory)/\(name) to its owner") }
        }
    }

    /// Flushes a file or directory to stable storage. Never call it on the `lock.mdb` of an
    /// open environment: closing the descriptor would drop LMDB's locks.
    static func flush(_ path: String) throws(LedgerError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw posixError("opening \(path) to flush it") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw posixError("flushing \(path)") }
    }

    /// The pid of another process holding an fcntl lock on byte 0 of `lockFile` (LMDB's
    /// "environment is open" lock), or nil. Only call it while this process has the
    /// environment closed.
    static func otherLockHolder(of lockFile: String) -> pid_t? {
        let fd = open(lockFile, O_RDWR)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var probe = flock()
        probe.l_type = Int16(F_WRLCK)
        probe.l_whence = Int16(SEEK_SET)
        probe.l_start = 0
        probe.l_len = 1
        guard fcntl(fd, F_GETLK, &probe) == 0 else { return nil }
        return probe.l_type == Int16(F_UNLCK) ? nil : probe.l_pid
    }

    /// Overwrites every file in `directory` with zeros, flushes them, and removes the directory.
    /// Does nothing when it does not exist.
    static func shred(_ directory: String) throws(LedgerError) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: directory) else { return }
        let names = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
        for name in names {
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            try zeroFile(path, size: Int(info.st_size))
        }
        do { try fm.removeItem(atPath: directory) } catch {
            throw LedgerError(.io, "cannot remove \(directory) after overwriting it", cause: error)
        }
        let parent = (directory as NSString).deletingLastPathComponent
        try flush(parent.isEmpty ? "." : parent)
    }

    private static func zeroFile(_ path: String, size: Int) throws(LedgerError) {
        let fd = open(path, O_WRONLY)
        guard fd >= 0 else { throw posixError("opening \(path) to overwrite it") }
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0, count: 1 << 20)
        var offset = 0
        while offset < size {
            let n = min(chunk.count, size - offset)
            let written = chunk.withUnsafeBytes { pwrite(fd, $0.baseAddress, n, off_t(offset)) }
            guard written > 0 else { throw posixError("overwriting \(path)") }
            offset += written
        }
        guard fsync(fd) == 0 else { throw posixError("flushing \(path)") }
    }

    /// Copies a file to a new file (refusing to replace one) with `mode`, and flushes it.
    static func copyFile(from source: String, to target: String, mode: mode_t) throws(LedgerError) {
        let input = open(source, O_RDONLY)
        guard input >= 0 else { throw posixError("opening \(source)") }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard output >= 0 else { throw posixError("creating \(target)") }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            guard n >= 0 else { throw posixError("reading \(source)") }
            if n == 0 { break }
            var done = 0
            while done < n {
                let w = buffer.withUnsafeBytes { write(output, $0.baseAddress! + done, n - done) }
                guard w > 0 else { throw posixError("writing \(target)") }
                done += w
            }
        }
        guard fchmod(output, mode) == 0 else { throw posixError("restricting \(target) to its owner") }
        guard fsync(output) == 0 else { throw posixError("flushing \(target)") }
    }
}
