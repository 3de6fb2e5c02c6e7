import Crypto
import Foundation

/// What `verify` found.
public struct VerificationReport: Sendable {
    public var size: UInt64
    public var root: Hash
    /// The latest stored checkpoint's size, if one was checked.
    public var checkpointSize: UInt64?
    /// The first problem found, with the position it concerns (nil when the problem is not one event's).
    public var failure: (position: UInt64?, message: String)?

    public var ok: Bool { failure == nil }
}

extension Ledger {
    /// Recomputes every leaf hash from the stored bytes and the whole tree from the leaves,
    /// compares them with the stored tree, checks that every event is stored in canonical form
    /// and the indexes against the events, and checks the latest signed checkpoint (signature
    /// and root). Reports the first problem in position order, as a single pass that stops at
    /// the first problem would.
    ///
    /// Two threads share the work, each with its own read transaction on one snapshot: the
    /// calling thread walks the events, hashes them and walks the stored tree (and calls
    /// `progress`), and hands the events' bytes on in chunks to a second thread, which reads each
    /// one's id, case and version and then walks the indexes. Memory grows with the number of
    /// events (about 30 bytes each), not with their size: the map pages read are let go as the
    /// walks go (`Transaction.releaseResidentPages`).
    public func verify(checkingPages: Bool = true, progress: (UInt64, UInt64) -> Void = { _, _ in }) throws -> VerificationReport {
        if checkingPages { try checkEveryPage() }
        let publicKey = try? self.publicKey()
        let dbs = self.dbs
        let external = checkpointDirectory
        return try environment.readPair { treeTransaction, indexTransaction in
            let log = LogView(transaction: treeTransaction, dbs: dbs)
            let size = try log.size()
            // First the events: hashed here, their fields read on the other thread.
            let chunks = EventChunks()
            var reading = IndexCheck(transaction: indexTransaction, dbs: dbs, size: size, chunks: chunks)
            let (eventFinding, tree) = try alongside(
                { reading.readEvents() },
                { try TreeCheck(transaction: treeTransaction, dbs: dbs, size: size, chunks: chunks).run(progress: progress) })
            // Then the indexes, each walked once in key order: the event ids here, the rest there.
            let indexes = reading
            let ((caseVersionGap, tableFailure), idGap) = try alongside(
                {
                    let gap = try indexes.firstEventWithoutItsCaseVersionEntry()
                    let complete = eventFinding == nil && gap == nil && indexes.readAll
                    return (gap, complete ? try indexes.tableProblem() : nil)
                },
                { try indexes.firstEventWithoutItsIdEntry(in: treeTransaction) })
            var findings = eventFinding.map { [$0] } ?? []
            if let p = idGap {
                findings.append(Finding(position: p, check: .eventIdIndex, message: "position \(p): the event id index does not point at this event"))
            }
            if let p = caseVersionGap {
                findings.append(Finding(position: p, check: .caseVersionIndex, message: "position \(p): the case/version index does not point at this event"))
            }

            // The first problem in position order; at one position, in the order a single pass checks.
            var first: Finding? = tree.failure
            for candidate in findings where first.map({ candidate.precedes($0) }) ?? true { first = candidate }
            if let first {
                let root: Hash
                if first.check <= .tree {
                    root = tree.root  // the tree check stopped there
                } else {
                    // An index problem at a position the tree check had passed: the stored nodes
                    // up to it are the recomputed ones.
                    root = (try? log.subtreeHash(start: 0, count: first.position + 1)) ?? tree.root
                }
                return VerificationReport(size: size, root: root, failure: (first.position, first.message))
            }
            if tree.hasNodesBeyondLastEvent {
                return VerificationReport(size: size, root: tree.root, failure: (nil, "the Merkle tree has nodes beyond the last event"))
            }
            if let message = tableFailure {
                return VerificationReport(size: size, root: tree.root, failure: (nil, message))
            }
            progress(size, size)
            var report = VerificationReport(size: size, root: tree.root)
            if let note = try log.latestCheckpoint() {
                guard let publicKey else {
                    report.failure = (nil, "the ledger has checkpoints but no public key to check them")
                    return report
                }
                do {
                    let cp = try CheckpointNote.open(note, verifierKey: publicKey)
                    report.checkpointSize = cp.size
                    guard cp.size <= size else {
                        report.failure = (nil, "the latest checkpoint covers \(cp.size) events but the log has only \(size): events were removed")
                        return report
                    }
                    guard try log.subtreeHash(start: 0, count: cp.size) == cp.root else {
                        report.failure = (nil, "the log no longer matches the signed checkpoint at size \(cp.size): history was altered")
                        return report
                    }
                } catch let e as LedgerError {
                    report.failure = (nil, "the latest checkpoint does not verify: \(e.message)")
                    return report
                }
            }
            if let problem = try log.problem(against: external, all: true, verifierKey: publicKey) {
                report.failure = (nil, problem)
            }
            return report
        }
    }
}

/// Runs `work` on a thread of its own while `body` runs on the calling thread, and returns both
/// results once both have finished (also when either throws).
private func alongside<A, B>(_ work: () throws -> A, _ body: () throws -> B) throws -> (A, B) {
    try withoutActuallyEscaping(work) { work in
        // `work` and what it captures (a read transaction no other thread touches meanwhile) do
        // not outlive the call: the thread lets go of `work` before it signals, and is waited for.
        nonisolated(unsafe) var pending: (() throws -> A)? = work
        nonisolated(unsafe) var outcome: Result<A, any Error>?
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome = Result { try pending!() }
            pending = nil
            done.signal()
        }
        thread.name = "casebook-verify"
        thread.stackSize = 1 << 20
        thread.start()
        let mine = Result { try body() }
        done.wait()
        return (try outcome!.get(), try mine.get())
    }
}

/// How many entries are read between letting go of the map pages read, so that the resident
/// size stays near the per-event arrays rather than growing with the file. (A multiple of the
/// chunk size; fault-around maps neighbouring pages too, so this bounds some 150 MB.)
private let pagesReleaseInterval: UInt64 = 32768

/// Chunks of stored events (pointers into the map, valid while the snapshot's transactions are
/// open) handed from the thread that walks the log to the thread that reads the events' fields,
/// so that the log is walked and its pages mapped once, and read a second time while in cache.
///
/// A few chunks are queued at most: the walker waits when the reader is that far behind.
private final class EventChunks {
    static let chunkSize = 4096
    private static let queued = 3

    private let condition = NSCondition()
    private var ready: [[UnsafeRawBufferPointer]] = []
    private var spare: [[UnsafeRawBufferPointer]] = []
    private var finished = false
    private var abandoned = false

    /// An empty chunk to fill (a recycled one when there is one).
    func emptyChunk() -> [UnsafeRawBufferPointer] {
        condition.lock()
        defer { condition.unlock() }
        if var chunk = spare.popLast() {
            chunk.removeAll(keepingCapacity: true)
            return chunk
        }
        var chunk: [UnsafeRawBufferPointer] = []
        chunk.reserveCapacity(Self.chunkSize)
        return chunk
    }

    /// Hands `chunk` on, waiting while the reader is behind; false once the reader has stopped.
    func put(_ chunk: [UnsafeRawBufferPointer]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= Self.queued && !abandoned { condition.wait() }
        if abandoned { return false }
        ready.append(chunk)
        condition.broadcast()
        return true
    }

    /// No more chunks will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk, waiting for it; nil when there are no more.
    func take() -> [UnsafeRawBufferPointer]? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished { condition.wait() }
        if ready.isEmpty { return nil }
        condition.broadcast()
        return ready.removeFirst()
    }

    func recycle(_ chunk: [UnsafeRawBufferPointer]) {
        condition.lock()
        spare.append(chunk)
        condition.unlock()
    }

    /// The reader wants no more chunks.
    func abandon() {
        condition.lock()
        abandoned = true
        ready.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

// MARK: - Findings

/// A problem with one event, and which check found it.
private struct Finding {
    /// The checks a single pass makes at each position, in the order it makes them.
    enum Check: Int, Comparable {
        case key, tree, decoding, canonicalForm, position, version, eventIdIndex, caseVersionIndex
        static func < (a: Check, b: Check) -> Bool { a.rawValue < b.rawValue }
    }

    var position: UInt64
    var check: Check
    var message: String

    func precedes(_ other: Finding) -> Bool {
        (position, check.rawValue) < (other.position, other.check.rawValue)
    }

    static func gap(expected: UInt64, key: UnsafeRawBufferPointer) -> Finding {
        Finding(position: expected, check: .key, message: "the log has a gap or a stray key: expected position \(expected), found key \(hexString(key))")
    }
}

// MARK: - The tree: leaf hashes, interior nodes, stored nodes

/// A SHA-256 digest held inline (no allocation), for the hot loop.
private struct Digest32: Equatable {
    var words: (UInt64, UInt64, UInt64, UInt64)

    init(_ digest: SHA256Digest) {
        words = digest.withUnsafeBytes { p in
            (p.loadUnaligned(fromByteOffset: 0, as: UInt64.self), p.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             p.loadUnaligned(fromByteOffset: 16, as: UInt64.self), p.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        }
    }

    static func == (a: Digest32, b: Digest32) -> Bool { a.words == b.words }

    /// Whether `stored` is exactly these 32 bytes.
    func matches(_ stored: UnsafeRawBufferPointer) -> Bool {
        stored.count == 32
            && stored.loadUnaligned(fromByteOffset: 0, as: UInt64.self) == words.0
            && stored.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == words.1
            && stored.loadUnaligned(fromByteOffset: 16, as: UInt64.self) == words.2
            && stored.loadUnaligned(fromByteOffset: 24, as: UInt64.self) == words.3
    }

    var hash: Hash { Hash(bytes: withUnsafeBytes(of: words) { Array($0) }) }

    /// RFC 9162 leaf hash: SHA-256(0x00 ‖ data).
    static func leaf(_ data: UnsafeRawBufferPointer) -> Digest32 {
        var h = SHA256()
        withUnsafeBytes(of: UInt8(0)) { h.update(bufferPointer: $0) }
        h.update(bufferPointer: data)
        return Digest32(h.finalize())
    }

    /// RFC 9162 interior node: SHA-256(0x01 ‖ left ‖ right).
    static func node(_ left: Digest32, _ right: Digest32) -> Digest32 {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = 0x01
            withUnsafeBytes(of: left.words) { buffer.baseAddress!.advanced(by: 1).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            withUnsafeBytes(of: right.words) { buffer.baseAddress!.advanced(by: 33).copyMemory(from: $0.baseAddress!, byteCount: 32) }
            var h = SHA256()
            h.update(bufferPointer: UnsafeRawBufferPointer(buffer))
            return Digest32(h.finalize())
        }
    }
}

/// Streams the events in position order, recomputes the tree from their stored bytes with an
/// O(log n) frontier, and compares every node with the stored tree, which is kept in the same
/// (completion) order, so both are read by one cursor walk each.
private struct TreeCheck {
    let transaction: Transaction
    let dbs: LogDatabases
    let size: UInt64
    /// Where the events read are handed on to the index check.
    let chunks: EventChunks

    struct Outcome {
        var root: Hash
        var failure: Finding?
        var hasNodesBeyondLastEvent = false
    }

    init(transaction: Transaction, dbs: LogDatabases, size: UInt64, chunks: EventChunks) {
        self.transaction = transaction
        self.dbs = dbs
        self.size = size
        self.chunks = chunks
    }

    func run(progress: (UInt64, UInt64) -> Void) throws -> Outcome {
        // However this ends, the index check gets what was read and is told there is no more.
        var chunk = chunks.emptyChunk()
        var handingOn = true
        defer {
            if handingOn, !chunk.isEmpty { _ = chunks.put(chunk) }
            chunks.finish()
        }
        let treeCursor = try transaction.cursor(dbs.tree)
        // The right edge of the tree: perfect subtrees, tallest first (levels strictly decrease).
        var frontier: [(level: Int, hash: Digest32)] = []
        frontier.reserveCapacity(64)
        var expected: UInt64 = 0
        var failure: Finding?

        /// Checks that the next stored node is the one completed at `position`, `level`.
        func check(_ position: UInt64, _ level: Int, _ node: Digest32) throws(LedgerError) -> Finding? {
            guard let stored = try treeCursor.next(), stored.key.count == 9, stored.key[8] == UInt8(level),
                  stored.key.loadUnaligned(as: UInt64.self).bigEndian == position
            else {
                return Finding(position: position, check: .tree, message: "position \(position): the stored Merkle tree is missing the node at level \(level)")
            }
            guard node.matches(stored.value) else {
                return Finding(position: position, check: .tree, message: level == 0
                    ? "position \(position): the event's bytes do not match its stored leaf hash (the event was altered)"
                    : "position \(position): the stored Merkle tree node at level \(level) does not match the events")
            }
            return nil
        }

        let events = try transaction.cursor(dbs.events)
        while failure == nil, let (k, v) = try events.next() {
            guard k.count == 8, k.loadUnaligned(as: UInt64.self).bigEndian == expected else {
                failure = .gap(expected: expected, key: k)
                break
            }
            let position = expected
            expected += 1
            if handingOn {
                chunk.append(v)
                if chunk.count == EventChunks.chunkSize {
                    handingOn = chunks.put(chunk)
                    chunk = chunks.emptyChunk()
                }
            }
            var node = Digest32.leaf(v)
            var level = 0
            failure = try check(position, 0, node)
            while let last = frontier.last, last.level == level {
                frontier.removeLast()
                node = Digest32.node(last.hash, node)
                level += 1
                if failure == nil { failure = try check(position, level, node) }
            }
            frontier.append((level, node))
            if failure == nil, position % 65536 == 65535 { progress(position + 1, size) }
        }
        var outcome = Outcome(root: Self.root(frontier), failure: failure)
        if failure == nil { outcome.hasNodesBeyondLastEvent = try treeCursor.next() != nil }
        return outcome
    }

    static func root(_ frontier: [(level: Int, hash: Digest32)]) -> Hash {
        guard var r = frontier.last?.hash else { return Merkle.emptyRoot }
        for e in frontier.dropLast().reversed() { r = Digest32.node(e.hash, r) }
        return r.hash
    }
}

// MARK: - The indexes

/// Reads each event's id, case and version from its stored bytes (checking on the way that the
/// bytes are the canonical encoding of a well-formed envelope), then checks the three indexes by
/// walking each once in key order against what the events say.
private struct IndexCheck {
    let transaction: Transaction
    let dbs: LogDatabases
    let size: UInt64
    /// Where the events come from, in position order, from the tree check's walk.
    let chunks: EventChunks

    /// Each event's id as two big-endian words, `[2p]` and `[2p + 1]`.
    private var ids: [UInt64] = []
    /// Each event's case, as an index into `cases`.
    private var caseOf: [UInt32] = []
    private var versionOf: [UInt64] = []
    private var cases = CaseTable()

    init(transaction: Transaction, dbs: LogDatabases, size: UInt64, chunks: EventChunks) {
        self.transaction = transaction
        self.dbs = dbs
        self.size = size
        self.chunks = chunks
    }

    /// Events read so far (all of them unless one failed): index problems matter only before
    /// the first event that failed on its own.
    private var readCount: Int { caseOf.count }
    var readAll: Bool { readCount == Int(size) }

    /// Reads the fields of the events the tree check hands on, in position order (all of them,
    /// unless it stopped at a gap or a bad node), and returns the first that fails on its own.
    mutating func readEvents() -> Finding? {
        defer { chunks.abandon() }  // lets the tree check go on alone if this stops early
        let capacity = Int(min(size, 1 << 32))
        ids.reserveCapacity(2 * capacity)
        caseOf.reserveCapacity(capacity)
        versionOf.reserveCapacity(capacity)
        var position: UInt64 = 0
        while let chunk = chunks.take() {
            defer { chunks.recycle(chunk) }
            for v in chunk {
                if let finding = read(position, v) { return finding }
                position += 1
            }
            if position % pagesReleaseInterval == 0 { transaction.releaseResidentPages() }
        }
        return nil
    }

    /// Reads and records the event at `position`, or says why it fails.
    private mutating func read(_ position: UInt64, _ v: UnsafeRawBufferPointer) -> Finding? {
        if let fields = StoredEventScanner.fields(of: v) {
            let stream = UnsafeRawBufferPointer(rebasing: v[fields.stream])
            return record(position, idHigh: fields.idHigh, idLow: fields.idLow, stream: stream, storedPosition: fields.position, version: fields.version)
        }
        // Not certainly canonical (or unusual, e.g. escapes in the case id): decode in full,
        // exactly as a reader would, and say why it fails if it does.
        let envelope: EventEnvelope
        do { envelope = try EventEnvelope(storedBytes: v) } catch {
            return Finding(position: position, check: .decoding, message: "position \(position): the stored event cannot be decoded: \(error)")
        }
        guard envelope.storedBytes().elementsEqual(v) else {
            return Finding(position: position, check: .canonicalForm, message: "position \(position): the stored bytes are not in canonical form")
        }
        let id = uuidBytes(envelope.eventId)
        let (high, low) = id.withUnsafeBytes { ($0.loadUnaligned(as: UInt64.self).bigEndian, $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian) }
        return Array(envelope.stream.utf8).withUnsafeBytes { stream in
            record(position, idHigh: high, idLow: low, stream: stream, storedPosition: envelope.position, version: envelope.version)
        }
    }

    /// Checks what the event at `position` says of itself and keeps its id, case and version.
    private mutating func record(
        _ position: UInt64, idHigh: UInt64, idLow: UInt64, stream: UnsafeRawBufferPointer, storedPosition: UInt64, version: UInt64
    ) -> Finding? {
        guard storedPosition == position else {
            return Finding(position: position, check: .position, message: "position \(position): the event says it is at position \(storedPosition)")
        }
        let c = cases.index(of: stream)
        let expected = cases.version(of: c) + 1
        guard version == expected else {
            let name = String(decoding: stream, as: UTF8.self)
            return Finding(position: position, check: .version, message: "position \(position): case \(name) jumps to version \(version) after \(expected - 1)")
        }
        cases.setVersion(version, of: c)
        ids.append(idHigh)
        ids.append(idLow)
        caseOf.append(UInt32(c))
        versionOf.append(version)
        return nil
    }

    /// Walks the event id index (id → position) once, through `transaction` (either of the
    /// snapshot's, so that it can run beside the other walks), and returns the first event read
    /// whose id does not lead to it.
    func firstEventWithoutItsIdEntry(in transaction: Transaction) throws -> UInt64? {
        let n = readCount
        var found = Bitset(count: n)
        try ids.withUnsafeBufferPointer { ids in
            var entries: UInt64 = 0
            try transaction.scan(dbs.eventIds) { k, v in
                entries += 1
                if entries % pagesReleaseInterval == 0 { transaction.releaseResidentPages() }
                guard k.count == 16 else { return true }
                let p = storedPosition(v)
                if p < UInt64(n), ids[2 * Int(p)] == k.loadUnaligned(as: UInt64.self).bigEndian,
                   ids[2 * Int(p) + 1] == k.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian {
                    found.insert(Int(p))
                }
                return true
            }
        }
        return found.firstMissing().map(UInt64.init)
    }

    /// Walks the case/version index (case ‖ 0x00 ‖ version → position) once and returns the first
    /// event read whose case and version do not lead to it.
    func firstEventWithoutItsCaseVersionEntry() throws -> UInt64? {
        let n = readCount
        var found = Bitset(count: n)
        var previous: (key: [UInt8], index: Int?)?
        try caseOf.withUnsafeBufferPointer { caseOf in
            try versionOf.withUnsafeBufferPointer { versionOf in
                var entries: UInt64 = 0
                try transaction.scan(dbs.caseVersions) { k, v in
                    entries += 1
                    if entries % pagesReleaseInterval == 0 { transaction.releaseResidentPages() }
                    guard k.count >= 9, k[k.count - 9] == 0 else { return true }
                    let stream = UnsafeRawBufferPointer(rebasing: k[..<(k.count - 9)])
                    // Keys are in case order, so one case's entries come together.
                    if previous.map({ !stream.elementsEqual($0.key) }) ?? true { previous = (Array(stream), cases.find(stream)) }
                    guard let c = previous?.index else { return true }
                    let p = storedPosition(v)
                    if p < UInt64(n), caseOf[Int(p)] == UInt32(c),
                       versionOf[Int(p)] == k.loadUnaligned(fromByteOffset: k.count - 8, as: UInt64.self).bigEndian {
                        found.insert(Int(p))
                    }
                    return true
                }
            }
        }
        return found.firstMissing().map(UInt64.init)
    }

    /// With every event in its indexes, checks that the indexes hold nothing else and that each
    /// case's stored head is its number of events.
    func tableProblem() throws -> String? {
        let idEntries = try transaction.count(dbs.eventIds)
        if idEntries != Int(size) { return "the event id index has \(idEntries) entries for \(size) events" }
        let versionEntries = try transaction.count(dbs.caseVersions)
        if versionEntries != Int(size) { return "the case/version index has \(versionEntries) entries for \(size) events" }
        let headEntries = try transaction.count(dbs.caseHeads)
        if headEntries != cases.counterCount { return "the case heads list \(headEntries) cases; the log has \(cases.counterCount)" }
        var matched = Bitset(count: cases.counterCount)
        try transaction.scan(dbs.caseHeads) { k, v in
            guard let c = cases.find(k), let counter = cases.counterIfFirst(c) else { return true }
            if v.count == 16, v.loadUnaligned(as: UInt64.self).bigEndian == cases.counterVersion(counter) { matched.insert(counter) }
            return true
        }
        if let counter = matched.firstMissing() {
            return "case \(cases.name(ofCounter: counter)): the stored head does not match its \(cases.counterVersion(counter)) events"
        }
        return nil
    }

    /// A stored position value read as `LogView` reads it (the first eight bytes, big-endian).
    private func storedPosition(_ v: UnsafeRawBufferPointer) -> UInt64 {
        v.count == 8 ? v.loadUnaligned(as: UInt64.self).bigEndian : UInt64(bigEndianBytes: v)
    }
}

/// A fixed-size set of small integers.
private struct Bitset {
    private var words: [UInt64]
    let count: Int

    init(count: Int) {
        self.count = count
        words = Array(repeating: 0, count: (count + 63) / 64)
    }

    mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }

    /// The smallest integer in 0..<count not in the set.
    func firstMissing() -> Int? {
        for (w, word) in words.enumerated() where word != .max {
            let i = w * 64 + (~word).trailingZeroBitCount
            return i < count ? i : nil
        }
        return nil
    }
}

/// The cases seen so far, keyed by their exact bytes (as the indexes are), each with a version
/// counter.
///
/// Cases whose names are different bytes but equal as Swift strings (canonically equivalent,
/// such as a case id in NFC and in NFD) share one counter, as they would in a `[String: _]`
/// dictionary: appends refuse case ids that are not NFC, so only a damaged or foreign log has
/// such pairs, and verify then reports the version jump a string-keyed check reports.
private struct CaseTable {
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [Int] = []
    /// Open addressing: 0 is empty, otherwise case index + 1.
    private var slots: [Int32] = Array(repeating: 0, count: 1024)
    private var counterOf: [Int] = []
    private var versions: [UInt64] = []
    private var firstCase: [Int] = []
    /// Counters by the NFD bytes of their names, once any case id is not ASCII.
    private var decomposed: [[UInt8]: Int] = [:]

    var counterCount: Int { versions.count }

    private func hash(_ key: UnsafeRawBufferPointer) -> Int {
        var h = Hasher()
        h.combine(bytes: key)
        return h.finalize()
    }

    private func matches(_ c: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = starts[c]
        let count = starts[c + 1] - start
        guard count == key.count else { return false }
        return bytes.withUnsafeBytes { all in
            count == 0 || memcmp(all.baseAddress! + start, key.baseAddress!, count) == 0
        }
    }

    /// The index of the case named `key`, if it has been seen.
    func find(_ key: UnsafeRawBufferPointer) -> Int? {
        let h = hash(key)
        let mask = slots.count - 1
        var s = h & mask
        while true {
            let slot = Int(slots[s])
            if slot == 0 { return nil }
            if hashes[slot - 1] == h, matches(slot - 1, key) { return slot - 1 }
            s = (s + 1) & mask
        }
    }

    /// The index of the case named `key`, adding it (with a counter at 0) if it is new.
    mutating func index(of key: UnsafeRawBufferPointer) -> Int {
        let h = hash(key)
        var mask = slots.count - 1
        var s = h & mask
        while true {
            let slot = Int(slots[s])
            if slot == 0 { break }
            if hashes[slot - 1] == h, matches(slot - 1, key) { return slot - 1 }
            s = (s + 1) & mask
        }
        let c = hashes.count
        bytes.append(contentsOf: key)
        starts.append(bytes.count)
        hashes.append(h)
        counterOf.append(sharedCounter(key) ?? newCounter(c))
        if (c + 1) * 2 > slots.count {
            grow()
            mask = slots.count - 1
            s = h & mask
            while slots[s] != 0 { s = (s + 1) & mask }
        }
        slots[s] = Int32(c + 1)
        return c
    }

    private mutating func newCounter(_ c: Int) -> Int {
        versions.append(0)
        firstCase.append(c)
        return versions.count - 1
    }

    /// The counter of an earlier case whose name equals `key` as a Swift string, if any.
    private mutating func sharedCounter(_ key: UnsafeRawBufferPointer) -> Int? {
        let ascii = !key.contains(where: { $0 >= 0x80 })
        if ascii && decomposed.isEmpty { return nil }
        let nfd = ascii ? Array(key) : Array(String(decoding: key, as: UTF8.self).decomposedStringWithCanonicalMapping.utf8)
        if let c = decomposed[nfd] { return c }
        if ascii { return nil }
        // An earlier case that was ASCII (or already decomposed) and so never entered `decomposed`.
        let earlier = nfd.withUnsafeBytes { find($0) }
        let counter = earlier.map { counterOf[$0] } ?? newCounter(hashes.count - 1)
        decomposed[nfd] = counter
        return counter
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for c in 0..<hashes.count - 1 {
            var s = hashes[c] & mask
            while bigger[s] != 0 { s = (s + 1) & mask }
            bigger[s] = Int32(c + 1)
        }
        slots = bigger
    }

    func version(of c: Int) -> UInt64 { versions[counterOf[c]] }
    mutating func setVersion(_ v: UInt64, of c: Int) { versions[counterOf[c]] = v }
    func counterVersion(_ counter: Int) -> UInt64 { versions[counter] }

    /// The case's counter, when the case is the first that counter was kept for.
    func counterIfFirst(_ c: Int) -> Int? {
        firstCase[counterOf[c]] == c ? counterOf[c] : nil
    }

    func name(ofCounter counter: Int) -> String {
        let c = firstCase[counter]
        return String(decoding: bytes[starts[c]..<starts[c + 1]], as: UTF8.self)
    }
}

// MARK: - Reading a stored event without decoding it

/// What verification needs of a stored event, read from its bytes.
struct StoredEventFields: Equatable {
    /// The event id's 16 bytes as two big-endian words.
    var idHigh: UInt64
    var idLow: UInt64
    /// Where the case id's UTF-8 bytes are in the stored bytes (it has no escapes).
    var stream: Range<Int>
    var position: UInt64
    var version: UInt64
}

/// Reads the fields of a stored event while checking that its bytes are exactly what
/// `EventEnvelope.storedBytes()` writes for the envelope they decode to, without building any
/// value.
///
/// It is conservative: it answers only when it is certain, that is when the bytes are the format
/// byte and canonical JSON (no white space, keys in order, minimal escapes, valid UTF-8, whole
/// numbers in range) holding exactly the envelope's keys with well-formed values (lower-case
/// UUIDs, timestamps as `Timestamp.rfc3339` writes them). For anything else (damage, but also
/// what it leaves to the full decoder: escapes in keys or in the case id, non-ASCII object keys,
/// deep nesting) it answers nil and the caller decodes the event in full.
struct StoredEventScanner {
    private let b: UnsafeRawBufferPointer
    private var i = 0

    private init(_ bytes: UnsafeRawBufferPointer) { b = bytes }

    static func fields(of stored: UnsafeRawBufferPointer) -> StoredEventFields? {
        guard stored.count > 1 else { return nil }
        var scanner = StoredEventScanner(stored)
        return scanner.envelope()
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    private mutating func envelope() -> StoredEventFields? {
        guard b[0] == EventEnvelope.formatVersion else { return nil }
        i = 1
        guard literal("{\"actor\":{\"id\":"), string() != nil, literal(",\"role\":"), string() != nil,
              literal("},\"case\":"), let stream = string(), !stream.escaped, literal(",\"")
        else { return nil }
        if literal("causationId\":") { guard uuid() != nil, literal(",\"") else { return nil } }
        if literal("correlationId\":") { guard uuid() != nil, literal(",\"") else { return nil } }
        guard literal("eventId\":"), let id = uuid(), literal(",\"formatVersion\":1,\"occurredAt\":"), timestamp(),
              literal(",\"payload\":"), value(depth: 2),
              literal(",\"position\":"), let position = wholeNumber(),
              literal(",\"recordedAt\":"), timestamp(),
              literal(",\"schemaVersion\":"), wholeNumber() != nil,
              literal(",\"type\":"), string() != nil,
              literal(",\"version\":"), let version = wholeNumber(),
              literal("}"), i == b.count
        else { return nil }
        return StoredEventFields(idHigh: id.high, idLow: id.low, stream: stream.content, position: position, version: version)
    }

    /// Consumes `text` if the bytes continue with it.
    @inline(__always)
    private mutating func literal(_ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard b.count - i >= n, Self.equal(b.baseAddress! + i, UnsafeRawPointer(text.utf8Start), n) else { return false }
        i += n
        return true
    }

    /// Whether `n` bytes at `p` and `q` are equal; inlined, a word at a time (the strings
    /// compared here are short, where a call to `memcmp` costs more than the comparison).
    @inline(__always)
    static func equal(_ p: UnsafeRawPointer, _ q: UnsafeRawPointer, _ n: Int) -> Bool {
        var k = 0
        while k + 8 <= n {
            if p.loadUnaligned(fromByteOffset: k, as: UInt64.self) != q.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
            k += 8
        }
        while k < n {
            if p.load(fromByteOffset: k, as: UInt8.self) != q.load(fromByteOffset: k, as: UInt8.self) { return false }
            k += 1
        }
        return true
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The bytes of `w` (eight bytes of a string, the first in the low byte) that need a look of
    /// their own: a quote, a backslash, a control character or a non-ASCII byte. The lowest set
    /// bit marks the first such byte exactly (borrows only mark bytes above a marked one).
    @inline(__always)
    private static func attention(_ w: UInt64) -> UInt64 {
        func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highBits }
        let quotes = zeroBytes(w ^ (ones &* 0x22))
        let backslashes = zeroBytes(w ^ (ones &* 0x5C))
        let controls = (w &- ones &* 0x20) & ~w & highBits
        return quotes | backslashes | controls | (w & highBits)
    }

    /// A canonical JSON string: its content's range and whether it holds escapes.
    private mutating func string() -> (content: Range<Int>, escaped: Bool)? {
        guard i < b.count, b[i] == Self.quote else { return nil }
        i += 1
        let start = i
        var escaped = false
        while i < b.count {
            if b.count - i >= 8 {
                let marks = Self.attention(UInt64(littleEndian: b.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                if marks == 0 {
                    i += 8
                    continue
                }
                i += marks.trailingZeroBitCount >> 3
            }
            let c = b[i]
            if c >= 0x20 && c < 0x80 && c != Self.quote && c != Self.backslash {
                i += 1
            } else if c == Self.quote {
                i += 1
                return (start..<(i - 1), escaped)
            } else if c == Self.backslash {
                guard i + 1 < b.count else { return nil }
                escaped = true
                switch b[i + 1] {
                case Self.quote, Self.backslash, UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"), UInt8(ascii: "b"), UInt8(ascii: "f"):
                    i += 2
                case UInt8(ascii: "u"):
                    // Only control characters without a short escape, as \u00xx in lower case.
                    guard i + 5 < b.count, b[i + 2] == 0x30, b[i + 3] == 0x30, b[i + 4] == 0x30 || b[i + 4] == 0x31,
                          let low = lowerHex(b[i + 5])
                    else { return nil }
                    let scalar = (b[i + 4] - 0x30) << 4 | low
                    guard ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(scalar) else { return nil }
                    i += 6
                default:
                    return nil  // `\/` and other escapes the encoder never writes
                }
            } else if c < 0x20 {
                return nil
            } else {
                guard let n = utf8SequenceLength() else { return nil }
                i += n
            }
        }
        return nil
    }

    /// The length of the well-formed UTF-8 sequence starting at `i` (Unicode Table 3-7), or nil.
    private func utf8SequenceLength() -> Int? {
        let c = b[i]
        func continuation(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            i + k < b.count && range.contains(b[i + k])
        }
        switch c {
        case 0xC2...0xDF: return continuation(1) ? 2 : nil
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : nil
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : nil
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default: return nil
        }
    }

    private func lowerHex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }

    private func digit(_ k: Int) -> Int? {
        guard k < b.count, b[k] >= 0x30, b[k] <= 0x39 else { return nil }
        return Int(b[k] - 0x30)
    }

    /// Any canonical JSON value; `depth` counts the containers it is in, itself included.
    private mutating func value(depth: Int) -> Bool {
        guard i < b.count else { return false }
        switch b[i] {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case Self.quote: return string() != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        case UInt8(ascii: "-"), 0x30...0x39: return integer()
        default: return false
        }
    }

    private mutating func object(depth: Int) -> Bool {
        guard depth <= 32 else { return false }  // the decoder allows 64; deeper is left to it
        i += 1
        if literal("}") { return true }
        var previous: Range<Int>?
        while true {
            // Keys in strictly increasing byte order, which for ASCII keys without escapes is the
            // encoder's order (and rules out duplicates).
            guard let key = string(), !key.escaped, !b[key.content].contains(where: { $0 >= 0x80 }) else { return false }
            if let previous, !precedes(previous, key.content) { return false }
            previous = key.content
            guard literal(":"), value(depth: depth + 1) else { return false }
            if literal(",") { continue }
            return literal("}")
        }
    }

    private func precedes(_ a: Range<Int>, _ c: Range<Int>) -> Bool {
        let n = min(a.count, c.count)
        for k in 0..<n where b[a.lowerBound + k] != b[c.lowerBound + k] {
            return b[a.lowerBound + k] < b[c.lowerBound + k]
        }
        return a.count < c.count
    }

    private mutating func array(depth: Int) -> Bool {
        guard depth <= 32 else { return false }
        i += 1
        if literal("]") { return true }
        while true {
            guard value(depth: depth + 1) else { return false }
            if literal(",") { continue }
            return literal("]")
        }
    }

    /// A whole number as `String(Int64)` writes it: no leading zeros, no `-0`, in range.
    private mutating func integer() -> Bool {
        let negative = b[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let start = i
        guard let first = digit(i) else { return false }
        if first == 0 {
            i += 1
            return !negative && digit(i) == nil
        }
        while digit(i) != nil { i += 1 }
        return inRange(start, negative: negative)
    }

    /// A non-negative whole number as the encoder writes it, and its value.
    private mutating func wholeNumber() -> UInt64? {
        let start = i
        guard let first = digit(i) else { return nil }
        if first == 0 {
            i += 1
            return digit(i) == nil ? 0 : nil
        }
        var value: UInt64 = 0
        while let d = digit(i), i - start < 19 {
            value = value &* 10 &+ UInt64(d)
            i += 1
        }
        guard digit(i) == nil, value <= UInt64(Int64.max) else { return nil }
        return value
    }

    /// Whether the digits from `start` to `i` fit in an Int64.
    private func inRange(_ start: Int, negative: Bool) -> Bool {
        let count = i - start
        if count < 19 { return true }
        if count > 19 { return false }
        let limit: StaticString = negative ? "9223372036854775808" : "9223372036854775807"
        return memcmp(b.baseAddress! + start, limit.utf8Start, 19) <= 0
    }

    /// A UUID string as `uuidString.lowercased()` writes it, and its 16 bytes.
    private mutating func uuid() -> (high: UInt64, low: UInt64)? {
        guard b.count - i >= 38, b[i] == Self.quote, b[i + 37] == Self.quote,
              b[i + 9] == UInt8(ascii: "-"), b[i + 14] == UInt8(ascii: "-"), b[i + 19] == UInt8(ascii: "-"), b[i + 24] == UInt8(ascii: "-")
        else { return nil }
        // The 32 hex digits, eight at a time (little-endian: the first digit in the low byte).
        func word(_ k: Int) -> UInt64 { b.loadUnaligned(fromByteOffset: i + 1 + k, as: UInt64.self) }
        func half(_ k: Int) -> UInt64 { UInt64(b.loadUnaligned(fromByteOffset: i + 1 + k, as: UInt32.self)) }
        guard let a = Self.hexWord(word(0)), let c = Self.hexWord(half(9) | half(14) << 32),
              let d = Self.hexWord(half(19) | half(24) << 32), let e = Self.hexWord(word(28))
        else { return nil }
        i += 38
        return (a << 32 | c, d << 32 | e)
    }

    /// The value of eight lower-case hex digits (the first in the low byte), or nil; branch-free.
    @inline(__always)
    private static func hexWord(_ w: UInt64) -> UInt64? {
        // With every byte below 0x80, adding 0x80 − t to each byte sets its top bit exactly
        // when the byte is ≥ t, without carries between bytes.
        func atLeast(_ t: UInt64) -> UInt64 { (w &+ ones &* (0x80 - t)) & highBits }
        let digit = atLeast(0x30) & ~atLeast(0x3A)
        let letter = atLeast(0x61) & ~atLeast(0x67)
        guard w & highBits == 0, digit | letter == highBits else { return nil }
        // Each byte's nibble, then the nibbles packed, first digit most significant.
        let nibbles = ((w & (ones &* 0x0F)) &+ (letter >> 7) &* 9).byteSwapped
        var v = (nibbles | nibbles >> 4) & 0x00FF_00FF_00FF_00FF
        v = (v | v >> 8) & 0x0000_FFFF_0000_FFFF
        return (v | v >> 16) & 0xFFFF_FFFF
    }

    /// A timestamp as `Timestamp.rfc3339` writes it: `YYYY-MM-DDTHH:MM:SSZ`, or with `.mmm`
    /// before the `Z` when the milliseconds are not zero, and one `Timestamp(rfc3339:)` reads.
    private mutating func timestamp() -> Bool {
        guard b.count - i >= 22, b[i] == Self.quote else { return false }
        let s = i + 1
        func number(_ at: Int, _ length: Int) -> Int? {
            var v = 0
            var bad = false
            for k in (s + at)..<(s + at + length) {
                let d = b[k] &- 0x30
                bad = bad || d > 9
                v = v &* 10 &+ Int(d)
            }
            return bad ? nil : v
        }
        guard let year = number(0, 4), b[s + 4] == UInt8(ascii: "-"), let month = number(5, 2), b[s + 7] == UInt8(ascii: "-"),
              let day = number(8, 2), b[s + 10] == UInt8(ascii: "T"), let hour = number(11, 2), b[s + 13] == UInt8(ascii: ":"),
              let minute = number(14, 2), b[s + 16] == UInt8(ascii: ":"), let second = number(17, 2),
              (1583...9998).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60
        else { return false }
        var end = s + 19
        if b[end] == UInt8(ascii: ".") {
            guard b.count - end >= 6, let ms = number(20, 3), ms != 0 else { return false }
            end += 4
        }
        guard b[end] == UInt8(ascii: "Z"), b[end + 1] == Self.quote else { return false }
        i = end + 2
        return true
    }

    private func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
