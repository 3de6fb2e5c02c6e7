import Foundation
import Logging

/// How a ledger is opened.
public struct LedgerOptions: Sendable {
    public var environment = EnvironmentOptions()
    /// The clock that stamps `recordedAt`; inject a fixed one in tests.
    public var clock: @Sendable () -> Timestamp = { Timestamp.now() }
    /// Code run inside every append transaction (rules, projections).
    public var hooks: [any LedgerHook] = []
    /// Named databases the application keeps in the log environment beside the log, that no
    /// hook derives from it (so no rebuild clears them), e.g. the ledger's user list. Opened
    /// (created if missing) at start-up with the log's and the hooks' databases.
    public var databaseNames: [String] = []
    /// The most events one group commit puts in a transaction.
    public var maxGroupEvents = 8192
    public var logger = Logger(label: "casebook.ledger")
    public init() {}
}

/// The append-only, tamper-evident event log.
///
/// Files in the ledger directory: `log/` (the LMDB environment), `signing.key` (the Ed25519
/// checkpoint key, mode 0600). Appends from async callers are queued to one writer thread which
/// group-commits whatever is waiting into one transaction (one fsync); each caller gets its own
/// result or error.
///
/// `@unchecked Sendable`: the Merkle frontier is mutated only by whoever holds the
/// environment's write lock (every mutation happens inside `environment.write`), and the
/// writer queue is guarded by its own condition lock.
public final class Ledger: @unchecked Sendable {
    public let directory: String
    public let environment: LMDBEnvironment
    let dbs: LogDatabases
    let options: LedgerOptions
    public let origin: String
    private var frontier = Frontier()
    private var committer: GroupCommitter?
    /// Why appends are refused: the log is smaller than, or differs from, the latest checkpoint
    /// in `checkpoints/` (found at open). Reads still work, so the damage can be looked at.
    private let appendRefusal: LedgerError?

    public static func logPath(_ directory: String) -> String { directory + "/log" }
    public static func signingKeyPath(_ directory: String) -> String { directory + "/signing.key" }

    /// Whether a ledger is (or was) at `directory`: its log's directory is there. A log
    /// directory without its `data.mdb` is a damaged ledger, which opening reports.
    public static func exists(at directory: String) -> Bool {
        FileManager.default.fileExists(atPath: logPath(directory))
    }

    /// The ledger's external record of its signed checkpoints (`checkpoints/`).
    public var checkpointDirectory: CheckpointDirectory { CheckpointDirectory(ledger: directory) }

    /// Creates a new ledger and its signing key in `directory`.
    public static func create(at directory: String, origin: String, options: LedgerOptions = LedgerOptions()) throws -> Ledger {
        if exists(at: directory) { throw LedgerError(.alreadyInitialised, "a ledger already exists at \(directory)") }
        guard !origin.isEmpty, !origin.contains("\n"), !origin.contains("+"), !origin.contains(" ") else {
            throw LedgerError(.invalidInput, "the origin must be one line without spaces or '+', e.g. casebook.example-council.gov.uk/log")
        }
        if let latest = try CheckpointDirectory(ledger: directory).sizes().last {
            throw LedgerError(.alreadyInitialised, "\(directory)/checkpoints remembers a ledger of \(latest) events here, but its log is gone; restore that ledger from its backup (`casebook restore BACKUP NEW_DIRECTORY`) rather than start a new one over it")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch { throw LedgerError(.io, "cannot create \(directory)", cause: error) }
        let signer = try CheckpointSigner.create(at: signingKeyPath(directory), name: origin)
        let env = try LMDBEnvironment(path: logPath(directory), databases: databaseNames(options), options: options.environment, create: true)
        let dbs = LogDatabases(env)
        try env.write { txn in
            try txn.put(dbs.meta, Array("origin".utf8), Array(origin.utf8))
            try txn.put(dbs.meta, Array("layout".utf8), Array("1".utf8))
            try txn.put(dbs.meta, Array("publicKey".utf8), Array(signer.verifierKey.utf8))
            try txn.put(dbs.meta, Array("createdAt".utf8), Array(options.clock().rfc3339.utf8))
        }
        // Hand this environment on rather than opening a second one: LMDB must be opened once
        // per process, because closing either handle drops the process's locks on lock.mdb and
        // another process would then take the environment for unused and reset its lock table.
        return try Ledger(directory: directory, environment: env, options: options)
    }

    /// The log's databases, those the hooks name and the application's own.
    private static func databaseNames(_ options: LedgerOptions) -> [String] {
        LogDatabases.names + options.hooks.flatMap(\.databaseNames) + options.databaseNames
    }

    /// Opens an existing ledger.
    public static func open(at directory: String, options: LedgerOptions = LedgerOptions()) throws -> Ledger {
        guard exists(at: directory) else {
            throw LedgerError(.notInitialised, "no ledger at \(directory); create one with `casebook init` (or pass --ledger PATH)")
        }
        return try Ledger(directory: directory, environment: nil, options: options)
    }

    private init(directory: String, environment: LMDBEnvironment?, options: LedgerOptions) throws {
        self.directory = directory
        self.options = options
        let env = try environment ?? LMDBEnvironment(path: Ledger.logPath(directory), databases: Ledger.databaseNames(options), options: options.environment, create: false)
        let dbs = LogDatabases(env)
        self.environment = env
        self.dbs = dbs
        // One snapshot for the origin, the check against `checkpoints/` and the tree's right edge.
        let external = CheckpointDirectory(ledger: directory)
        let (origin, problem, frontier) = try env.read { txn in
            let log = LogView(transaction: txn, dbs: dbs)
            return (try log.meta("origin") ?? "casebook", try log.problem(against: external, all: false, verifierKey: nil), try Ledger.frontier(log))
        }
        self.origin = origin
        self.appendRefusal = problem.map { LedgerError(.tampered, "nothing was appended: \($0)") }
        self.frontier = frontier
    }

    /// Walks every page of the ledger's files (the log's and the keystore's `data.mdb`) with
    /// plain reads, before anything maps them for more than their header pages; throws
    /// `.corrupted` naming the file and the first bad page. `casebook verify` runs this first,
    /// since opening the ledger already reads its tree.
    ///
    /// Each environment is opened (which runs the check on open) and held in a read transaction
    /// while its pages are read, so a writer in another process cannot reuse them meanwhile.
    /// Do not call it while this process has the ledger or its keystore open.
    public static func checkStoredPages(at directory: String) throws {
        guard exists(at: directory) else {
            throw LedgerError(.notInitialised, "no ledger at \(directory); create one with `casebook init` (or pass --ledger PATH)")
        }
        try LMDBEnvironment(path: logPath(directory), databases: [], create: false).checkEveryPage()
        let keystore = Keystore.path(inLedger: directory)
        if FileManager.default.fileExists(atPath: keystore) {
            try LMDBEnvironment(path: keystore, databases: [], create: false).checkEveryPage()
        }
    }

    deinit { committer?.stop() }

    /// Stops the writer thread after it has finished what is queued.
    public func close() {
        committerLock.lock()
        let c = committer
        committer = nil
        closed = true
        committerLock.unlock()
        c?.stop()
    }

    /// Rebuilds the in-memory right edge of the tree from the stored perfect subtrees.
    private func reloadFrontier(_ log: LogView) throws { frontier = try Ledger.frontier(log) }

    /// The right edge of the tree, from the stored perfect subtrees.
    private static func frontier(_ log: LogView) throws -> Frontier {
        let size = try log.size()
        var f = Frontier()
        var start: UInt64 = 0
        for level in stride(from: 63, through: 0, by: -1) where size & (UInt64(1) << UInt64(level)) != 0 {
            f.entries.append(.init(level: level, hash: try log.node(level: level, index: start >> UInt64(level))))
            start += UInt64(1) << UInt64(level)
        }
        f.size = size
        return f
    }

    // MARK: Reading

    /// Runs `body` against one consistent snapshot of the log.
    public func read<T>(_ body: (LogView) throws -> T) throws -> T {
        let dbs = self.dbs
        return try environment.read { txn in try body(LogView(transaction: txn, dbs: dbs)) }
    }

    /// Runs `body` in a write transaction of its own, outside the append path (for example a
    /// projection rebuild or storing a checkpoint). Never use it to write log tables.
    public func write<T>(_ body: (LogView) throws -> T) throws -> T {
        let dbs = self.dbs
        return try environment.write { txn in try body(LogView(transaction: txn, dbs: dbs)) }
    }

    public func size() throws -> UInt64 { try read { try $0.size() } }

    public func publicKey() throws -> String {
        guard let k = try read({ try $0.meta("publicKey") }) else { throw LedgerError(.corrupted, "the ledger has no public key recorded") }
        return k
    }

    // MARK: Appending

    /// Appends a batch through the group-commit writer. Safe to call from many tasks at once.
    public func append(_ batch: AppendBatch) async throws -> [AppendResult] {
        guard let writer = writer() else { throw LedgerError(.io, "the ledger is closed; the append was not made") }
        return try await writer.submit(batch)
    }

    private let committerLock = NSLock()
    private var closed = false

    /// The writer thread, started on first use; nil once the ledger is closed.
    private func writer() -> GroupCommitter? {
        committerLock.lock()
        defer { committerLock.unlock() }
        if closed { return nil }
        if committer == nil { committer = GroupCommitter(ledger: self) }
        return committer
    }

    /// Appends a batch in its own transaction on the calling thread.
    public func appendNow(_ batch: AppendBatch) throws -> [AppendResult] {
        try commit([batch])[0].get()
    }

    /// Commits several independent batches in one transaction. A batch that fails is rolled back
    /// alone (nested transaction) and gets its error; the others are stored.
    func commit(_ batches: [AppendBatch]) throws -> [Result<[AppendResult], any Error>] {
        if let appendRefusal { throw appendRefusal }
        let dbs = self.dbs
        var results: [Result<[AppendResult], any Error>] = []
        do {
            try environment.write { txn in
                let log = LogView(transaction: txn, dbs: dbs)
                if try log.size() != frontier.size { try reloadFrontier(log) }  // another process appended
                let start = frontier
                results = []
                do {
                    for batch in batches {
                        let before = frontier
                        do {
                            let r = try txn.nested { child in try appendBatch(batch, LogView(transaction: child, dbs: dbs)) }
                            results.append(.success(r))
                        } catch let e as LedgerError where e.code == .mapFull {
                            throw e
                        } catch {
                            frontier = before
                            results.append(.failure(error))
                        }
                    }
                } catch {
                    frontier = start
                    throw error
                }
            }
        } catch {
            // The transaction did not commit: nothing of it is stored.
            try? read { try reloadFrontier($0) }
            throw error
        }
        return results
    }

    private func appendBatch(_ batch: AppendBatch, _ log: LogView) throws -> [AppendResult] {
        guard !batch.events.isEmpty else { throw LedgerError(.emptyBatch, "the batch is empty; nothing to append") }
        for e in batch.events { try e.validate() }

        // Exact idempotency: an id already stored (or earlier in this batch) must carry identical content.
        var results: [AppendResult?] = Array(repeating: nil, count: batch.events.count)
        var seenInBatch: [UUID: Int] = [:]
        for (i, draft) in batch.events.enumerated() {
            if let j = seenInBatch[draft.eventId] {
                guard batch.events[j].hasSameContent(as: draft) else {
                    throw LedgerError(.conflict, "event id \(draft.eventId.uuidString.lowercased()) appears twice in the batch with different content")
                }
                continue
            }
            seenInBatch[draft.eventId] = i
            if let pos = try log.position(ofEvent: draft.eventId) {
                let stored = try log.event(at: pos).envelope
                guard stored.draft.hasSameContent(as: draft) else {
                    throw LedgerError(.conflict, "event id \(draft.eventId.uuidString.lowercased()) already exists at position \(pos) with different content; use a new event id for a new event")
                }
                results[i] = AppendResult(position: pos, stream: stored.stream, version: stored.version, eventId: draft.eventId, duplicate: true)
            }
        }

        // Optimistic concurrency, per event, decided after idempotency: an event already stored
        // (a retried or resumed input) is checked against the version it was stored at, a new
        // one against the case's head plus the new events before it in this batch. So re-running
        // an interrupted input appends exactly what is missing, and every line's expected
        // version is enforced, not only the first of each case.
        var versions: [String: UInt64] = [:]
        var seenStream: Set<String> = []
        for (i, draft) in batch.events.enumerated() where seenInBatch[draft.eventId] == i {
            let first = seenStream.insert(draft.stream).inserted
            let expected = batch.expectation(at: i, firstOfStream: first)
            let before: UInt64
            if let stored = results[i] {
                before = stored.version - 1
            } else {
                if versions[draft.stream] == nil { versions[draft.stream] = try log.head(of: draft.stream)?.version ?? 0 }
                before = versions[draft.stream]!
                versions[draft.stream] = before + 1
            }
            switch expected ?? .any {
            case .any: break
            case .noStream where before != 0:
                throw LedgerError(.wrongVersion, "case \(draft.stream): expected a new case, but it already has \(before) event(s)")
            case .exactly(let n) where n != before:
                throw LedgerError(.wrongVersion, "case \(draft.stream): expected version \(n), actual version \(before); reload the case and try again")
            default: break
            }
        }
        // The version each new event takes is assigned again below, from the head.
        for stream in versions.keys { versions[stream] = try log.head(of: stream)?.version ?? 0 }

        let recordedAt = options.clock()
        for (i, draft) in batch.events.enumerated() {
            if results[i] != nil { continue }
            if let j = seenInBatch[draft.eventId], j != i {
                results[i] = results[j].map { var r = $0; r.duplicate = true; return r }
                continue
            }
            let version = versions[draft.stream]! + 1
            versions[draft.stream] = version
            let position = frontier.size
            let envelope = EventEnvelope(position: position, version: version, recordedAt: recordedAt, draft: draft)
            let bytes = envelope.storedBytes()
            let txn = log.transaction
            let posKey = position.bigEndianBytes
            try txn.put(dbs.events, posKey, bytes, append: true)
            try txn.put(dbs.eventIds, uuidBytes(draft.eventId), posKey, noOverwrite: true)
            try txn.put(dbs.caseVersions, caseVersionKey(draft.stream, version), posKey, noOverwrite: true)
            try txn.put(dbs.caseHeads, Array(draft.stream.utf8), version.bigEndianBytes + posKey)
            for node in frontier.append(leaf: Merkle.leafHash(bytes)) {
                try txn.put(dbs.tree, treeKey(level: node.level, index: node.index), node.hash.bytes, append: true)
            }
            let stored = StoredEvent(envelope: envelope, bytes: bytes, attachment: batch.attachments[i])
            for hook in options.hooks { try hook.process(stored, in: log) }
            results[i] = AppendResult(position: position, stream: draft.stream, version: version, eventId: draft.eventId, duplicate: false)
        }
        return results.map { $0! }
    }

    // MARK: Checkpoints

    /// Signs a checkpoint of the current tree, stores it in the ledger and in `checkpoints/`,
    /// and returns the note.
    ///
    /// Refuses to sign with a `signing.key` other than the one recorded when the ledger was
    /// created (its verifier key is the ledger's `publicKey`): a note signed by another key
    /// would make every later `verify` fail. A checkpoint already stored for this size with the
    /// same body (for example with a witness's cosignature added) is kept as it is.
    public func checkpoint() throws -> String {
        let signer = try ownSigner()
        let external = checkpointDirectory
        let (size, note) = try write { log -> (UInt64, String) in
            let size = try log.size()
            let fresh = try signer.sign(Checkpoint(origin: origin, size: size, root: try log.root(size: size)))
            if let stored = try log.transaction.get(dbs.checkpoints, size.bigEndianBytes).map({ String(decoding: $0, as: UTF8.self) }),
               Ledger.body(of: stored) == Ledger.body(of: fresh) {
                return (size, stored)
            }
            try log.transaction.put(dbs.checkpoints, size.bigEndianBytes, Array(fresh.utf8))
            return (size, fresh)
        }
        if let kept = try external.note(size: size) {
            guard Ledger.body(of: kept) == Ledger.body(of: note) else {
                throw LedgerError(.tampered, "checkpoints/\(CheckpointDirectory.fileName(size: size)) records a different tree for size \(size) than the log now has: the log was rolled back and rewritten; restore the ledger from its backup (`casebook restore BACKUP NEW_DIRECTORY`)")
            }
            if CheckpointNote.signatureLines(kept).count >= CheckpointNote.signatureLines(note).count { return note }
        }
        try external.store(note, size: size)
        return note
    }

    /// Replaces the stored checkpoint of `note`'s size with `note`, the same checkpoint with
    /// more signature lines (a witness's cosignature), in the ledger and in `checkpoints/`.
    ///
    /// The note must state exactly the checkpoint already stored for its size, keep every
    /// signature line of the stored note, and still carry a valid signature by this ledger's
    /// key; otherwise nothing is changed.
    public func storeCosigned(note: String) throws {
        let recorded = try publicKey()
        let checkpoint = try CheckpointNote.open(note, verifierKey: recorded)
        let key = checkpoint.size.bigEndianBytes
        try write { log in
            guard let stored = try log.transaction.get(dbs.checkpoints, key).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw LedgerError(.notFound, "the ledger has no checkpoint of size \(checkpoint.size) to add signatures to; make one with `casebook checkpoint`")
            }
            guard Ledger.body(of: stored) == Ledger.body(of: note) else {
                throw LedgerError(.invalidInput, "the cosigned note does not state the checkpoint stored for size \(checkpoint.size)")
            }
            let kept = Set(CheckpointNote.signatureLines(note))
            guard CheckpointNote.signatureLines(stored).allSatisfy(kept.contains) else {
                throw LedgerError(.invalidInput, "the cosigned note drops a signature of the stored checkpoint of size \(checkpoint.size)")
            }
            try log.transaction.put(dbs.checkpoints, key, Array(note.utf8))
        }
        try checkpointDirectory.store(note, size: checkpoint.size)
    }

    /// The text of a note before its blank line (origin, size, root).
    private static func body(of note: String) -> Substring? {
        note.range(of: "\n\n").map { note[..<$0.lowerBound] }
    }

    /// "NAME's key ID" for a verifier key `NAME+ID+base64`.
    private static func keyOwner(_ verifierKey: String) -> String {
        let parts = verifierKey.split(separator: "+", maxSplits: 2)
        return parts.count == 3 ? "\(parts[0])'s key \(parts[1])" : verifierKey
    }

    /// Signs `body` (lines each ending in a newline) as a C2SP note with the checkpoint key, for
    /// statements about the log that are not checkpoints (an inspection pack's manifest).
    public func signNote(body: String) throws -> String {
        try ownSigner().sign(body: body)
    }

    /// Throws, as signing would, unless `signing.key` is this ledger's own key (for work that
    /// signs at its end and should not start otherwise, like an inspection pack).
    public func checkSigningKey() throws { _ = try ownSigner() }

    /// `signing.key`, once it is known to be the key recorded when the ledger was created (its
    /// verifier key is the ledger's `publicKey`): whatever another key signed would fail every
    /// later check, so nothing is ever signed with one.
    private func ownSigner() throws -> CheckpointSigner {
        let signer = try CheckpointSigner.load(from: Ledger.signingKeyPath(directory))
        let recorded = try publicKey()
        guard signer.verifierKey == recorded else {
            throw LedgerError(.refused, "\(Ledger.signingKeyPath(directory)) is not this ledger's key (it is \(Ledger.keyOwner(signer.verifierKey)); this ledger's is \(Ledger.keyOwner(recorded))); restore this ledger's own signing.key from backup. Nothing was signed")
        }
        return signer
    }

    // MARK: Projections

    /// Clears the hooks' tables and replays the whole log through them, in batches.
    public func rebuild(hooks: [any LedgerHook], batchSize: Int = 20000, progress: (UInt64, UInt64) -> Void = { _, _ in }) throws {
        let total = try size()
        try write { log in for h in hooks { try h.reset(in: log) } }
        var next: UInt64 = 0
        progress(0, total)
        while next < total {
            let end = min(total, next + UInt64(batchSize)) - 1
            try write { log in
                try log.forEachEvent(from: next, through: end) { event in
                    for h in hooks { try h.process(event, in: log) }
                    return true
                }
            }
            next = end + 1
            progress(next, total)
        }
    }
}

/// The single writer: drains queued batches into one transaction per round.
final class GroupCommitter: @unchecked Sendable {
    private struct Pending {
        var batch: AppendBatch
        var continuation: CheckedContinuation<[AppendResult], any Error>
    }

    private let condition = NSCondition()
    private var queue: [Pending] = []
    private var stopping = false
    private var thread: Thread?
    private unowned let ledger: Ledger
    private let done = DispatchSemaphore(value: 0)

    init(ledger: Ledger) {
        self.ledger = ledger
        let t = Thread { [unowned self] in self.run() }
        t.name = "casebook-writer"
        thread = t
        t.start()
    }

    func submit(_ batch: AppendBatch) async throws -> [AppendResult] {
        try await withCheckedThrowingContinuation { c in
            condition.lock()
            if stopping {
                condition.unlock()
                c.resume(throwing: LedgerError(.io, "the ledger is closing; the append was not made"))
                return
            }
            queue.append(Pending(batch: batch, continuation: c))
            condition.signal()
            condition.unlock()
        }
    }

    func stop() {
        condition.lock()
        if stopping { condition.unlock(); return }
        stopping = true
        condition.signal()
        condition.unlock()
        done.wait()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty && stopping {
                condition.unlock()
                done.signal()
                return
            }
            var group: [Pending] = []
            var events = 0
            while !queue.isEmpty, group.isEmpty || events + queue[0].batch.events.count <= ledger.options.maxGroupEvents {
                let p = queue.removeFirst()
                events += p.batch.events.count
                group.append(p)
            }
            condition.unlock()
            do {
                let results = try ledger.commit(group.map(\.batch))
                for (p, r) in zip(group, results) { p.continuation.resume(with: r) }
            } catch {
                for p in group { p.continuation.resume(throwing: error) }
            }
        }
    }
}
