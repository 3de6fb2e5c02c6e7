import CLMDB
import Foundation

/// A named LMDB database handle, opened once at start-up.
public struct Database: Hashable, Sendable {
    let dbi: MDB_dbi
    public let name: String
}

/// Options for opening an LMDB environment.
public struct EnvironmentOptions: Sendable {
    /// Initial map size in bytes. The map grows on demand; this only sets where it starts.
    public var mapSize: Int = 1 << 30
    public var maxDatabases: UInt32 = 64
    public var maxReaders: UInt32 = 256
    public init() {}
}

/// Owns one LMDB environment: opens it, opens its named databases, runs transactions, grows
/// the map when it fills.
///
/// `@unchecked Sendable`: the environment handle is thread-safe by LMDB's contract (opened
/// with `MDB_NOTLS`, so read transactions are not tied to threads); database handles are
/// opened once during `init` and only read afterwards; changing the map size is guarded by
/// `resizeLock`, which every transaction holds shared for its whole life.
public final class LMDBEnvironment: @unchecked Sendable {
    let env: OpaquePointer
    public let path: String
    private let databases: [String: Database]
    private let resizeLock = ReadWriteLock()
    private let writeMutex = NSLock()

    /// Opens the environment in directory `path` and the named databases (created when missing,
    /// unless `readOnly`).
    ///
    /// Before LMDB maps the file, `data.mdb` is checked with plain reads (`LMDBDataFile`): a
    /// truncated, emptied or damaged file is refused with `.corrupted` naming it, instead of
    /// crashing the process when LMDB reads past its end. A missing or empty file is a new
    /// environment only when `create` is true (only `init` creates one); for an existing ledger
    /// it is damage.
    public init(path: String, databases names: [String], options: EnvironmentOptions = EnvironmentOptions(), readOnly: Bool = false, create: Bool = true) throws(LedgerError) {
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard create else {
                throw LedgerError(.notInitialised, "\(path) is missing; restore the ledger from its backup (`casebook restore BACKUP NEW_DIRECTORY`; `casebook backup` makes one)")
            }
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw LedgerError(.io, "cannot create the directory \(path)", cause: error)
            }
        } else if !isDir.boolValue {
            throw LedgerError(.invalidInput, "\(path) is a file, not a ledger directory")
        }
        let dataFile = path + "/data.mdb"
        try LMDBDataFile.checkBeforeOpening(dataFile, mayBeNew: create)
        var e: OpaquePointer?
        try check(mdb_env_create(&e), "creating the LMDB environment")
        guard let e else { throw LedgerError(.lmdb, "creating the LMDB environment returned nothing") }
        // Everything that can fail happens before `self` is whole: once it is, a throw would run
        // `deinit` too, which closes the environment a second time (a double free).
        let opened: [String: Database]
        do throws(LedgerError) {
            try check(mdb_env_set_maxdbs(e, options.maxDatabases), "setting max databases")
            try check(mdb_env_set_maxreaders(e, options.maxReaders), "setting max readers")
            try check(mdb_env_set_mapsize(e, options.mapSize), "setting the map size")
            let flags = UInt32(MDB_NOTLS) | (readOnly ? UInt32(MDB_RDONLY) : 0)
            try check(mdb_env_open(e, path, flags, 0o600), "opening the ledger at \(path)")
            // Clear reader slots left by processes that died mid-read.
            var dead: Int32 = 0
            _ = mdb_reader_check(e, &dead)
            opened = try LMDBEnvironment.openDatabases(e, names, create: !readOnly)
        } catch {
            mdb_env_close(e)
            throw error
        }
        self.env = e
        self.path = path
        self.databases = opened
        DamageNotice.opened(dataFile)
    }

    deinit { mdb_env_close(env) }

    private static func openDatabases(_ env: OpaquePointer, _ names: [String], create: Bool) throws(LedgerError) -> [String: Database] {
        var databases: [String: Database] = [:]
        guard !names.isEmpty else { return databases }
        var txn: OpaquePointer?
        try check(mdb_txn_begin(env, nil, create ? 0 : UInt32(MDB_RDONLY), &txn), "opening databases")
        for name in names {
            var dbi: MDB_dbi = 0
            let rc = mdb_dbi_open(txn, name, create ? UInt32(MDB_CREATE) : 0, &dbi)
            if rc != 0 {
                mdb_txn_abort(txn)
                throw LedgerError.lmdb(rc, "opening database \(name)")
            }
            databases[name] = Database(dbi: dbi, name: name)
        }
        try check(mdb_txn_commit(txn), "opening databases")
        return databases
    }

    /// The environment's data file.
    public var dataFile: String { path + "/data.mdb" }

    /// Walks every B-tree of the current snapshot with plain reads (see
    /// `LMDBDataFile.walkEveryPage`), holding a read transaction so no writer reuses its pages
    /// meanwhile; throws `.corrupted` naming the file and the first bad page.
    public func checkEveryPage() throws {
        for _ in 0..<10 {
            let done = try read { txn in try LMDBDataFile.walkEveryPage(dataFile, snapshot: UInt64(mdb_txn_id(txn.txn))) }
            if done { return }
        }
        throw LedgerError(.io, "\(dataFile) kept changing while its pages were checked (another process is writing); try again")
    }

    /// The handle of a database opened at start-up. Asking for another is a programmer error.
    public func database(_ name: String) -> Database {
        guard let db = databases[name] else { preconditionFailure("BUG DETECTED: database \(name) was not opened at start-up") }
        return db
    }

    public var mapSize: Int {
        var info = MDB_envinfo()
        mdb_env_info(env, &info)
        return info.me_mapsize
    }

    /// The id of the last committed write transaction (grows by one per commit).
    public var lastCommit: Int {
        var info = MDB_envinfo()
        mdb_env_info(env, &info)
        return info.me_last_txnid
    }

    /// Runs `body` in a read-only transaction that sees one consistent snapshot.
    ///
    /// The transaction is valid only inside `body`; never store it or `await` inside.
    public func read<T>(_ body: (Transaction) throws -> T) throws -> T {
        resizeLock.lockShared()
        defer { resizeLock.unlock() }
        var txn: OpaquePointer?
        var rc = mdb_txn_begin(env, nil, UInt32(MDB_RDONLY), &txn)
        if rc == MDB_MAP_RESIZED {
            resizeLock.unlock()
            adoptMapSize()
            resizeLock.lockShared()
            rc = mdb_txn_begin(env, nil, UInt32(MDB_RDONLY), &txn)
        }
        try check(rc, "starting a read transaction")
        defer { mdb_txn_abort(txn) }
        return try body(Transaction(txn: txn!, environment: self, writable: false, bounds: mapBounds(txn!)))
    }

    /// Runs `body` with two read-only transactions that see the same snapshot, so that two
    /// threads can read one state of the environment in parallel, one transaction each.
    ///
    /// The environment is opened with `MDB_NOTLS`, so a read transaction may be used on a thread
    /// other than the one that began it, provided only one thread uses it at a time. Both
    /// transactions are valid only inside `body` and end when it returns: a thread handed one
    /// must have finished with it (and closed its cursors) before then. Never `await` inside.
    public func readPair<T>(_ body: (Transaction, Transaction) throws -> T) throws -> T {
        resizeLock.lockShared()
        defer { resizeLock.unlock() }
        while true {
            var first: OpaquePointer?
            var second: OpaquePointer?
            var rc = mdb_txn_begin(env, nil, UInt32(MDB_RDONLY), &first)
            if rc == 0 {
                rc = mdb_txn_begin(env, nil, UInt32(MDB_RDONLY), &second)
                if rc != 0 { mdb_txn_abort(first) }
            }
            if rc == MDB_MAP_RESIZED {
                resizeLock.unlock()
                adoptMapSize()
                resizeLock.lockShared()
                continue
            }
            try check(rc, "starting a read transaction")
            // A commit between the two begins gives them different snapshots: start again.
            if mdb_txn_id(first) != mdb_txn_id(second) {
                mdb_txn_abort(first)
                mdb_txn_abort(second)
                continue
            }
            defer {
                mdb_txn_abort(first)
                mdb_txn_abort(second)
            }
            let bounds = mapBounds(first!)
            return try body(
                Transaction(txn: first!, environment: self, writable: false, bounds: bounds),
                Transaction(txn: second!, environment: self, writable: false, bounds: bounds))
        }
    }

    /// Runs `body` in a write transaction: commits when it returns, aborts when it throws and
    /// rethrows the error. When the map is full the transaction is aborted, the map grown and
    /// `body` run again, so `body` must keep its effects inside the transaction.
    ///
    /// One write transaction at a time per process; nested writes are a programmer error.
    public func write<T>(_ body: (Transaction) throws -> T) throws -> T {
        writeMutex.lock()
        defer { writeMutex.unlock() }
        while true {
            do {
                return try writeOnce(body)
            } catch let error as LedgerError where error.code == .mapFull {
                try growMap()
            }
        }
    }

    private func writeOnce<T>(_ body: (Transaction) throws -> T) throws -> T {
        resizeLock.lockShared()
        var locked = true
        defer { if locked { resizeLock.unlock() } }
        var txn: OpaquePointer?
        var rc = mdb_txn_begin(env, nil, 0, &txn)
        if rc == MDB_MAP_RESIZED {
            resizeLock.unlock()
            locked = false
            adoptMapSize()
            resizeLock.lockShared()
            locked = true
            rc = mdb_txn_begin(env, nil, 0, &txn)
        }
        try check(rc, "starting a write transaction")
        let t = Transaction(txn: txn!, environment: self, writable: true, bounds: mapBounds(txn!))
        let result: T
        do {
            result = try body(t)
        } catch {
            mdb_txn_abort(txn)
            throw error
        }
        let commit = mdb_txn_commit(txn)
        if commit != 0 { throw LedgerError.commitFailed(commit, directory: path) }
        return result
    }

    /// Doubles the map (at least +256 MiB). Only called with no transaction of ours open.
    private func growMap() throws(LedgerError) {
        resizeLock.lockExclusive()
        defer { resizeLock.unlock() }
        let current = mapSize
        let next = max(current * 2, current + (256 << 20))
        try check(mdb_env_set_mapsize(env, next), "growing the map to \(next) bytes")
    }

    /// Another process grew the map: adopt its size.
    private func adoptMapSize() {
        resizeLock.lockExclusive()
        defer { resizeLock.unlock() }
        _ = mdb_env_set_mapsize(env, 0)
    }

    /// Where this process maps the data file and how much of it the file holds, for
    /// `MapBounds`; nil when it cannot be worked out (no named database yet, or a page size
    /// other than the system's).
    ///
    /// LMDB does not say where its map is: the first key of the main table lies in a mapped
    /// page (nothing is dirty when a transaction begins), whose header gives its page number.
    ///
    /// The map moves only when its size changes, so where it starts is worked out once per map
    /// size; each transaction then only asks how long the file is (it grows with every commit).
    private func mapBounds(_ txn: OpaquePointer) -> MapBounds? {
        let size = mapSize
        var fd: Int32 = -1
        var st = stat()
        guard mdb_env_get_fd(env, &fd) == 0, fstat(fd, &st) == 0 else { return nil }
        mapPlaceLock.lock()
        defer { mapPlaceLock.unlock() }
        if mapPlace?.mapSize != size {
            guard let base = mapBase(txn, fileBytes: UInt(st.st_size)) else { return nil }
            mapPlace = (size, base)
        }
        return MapBounds(base: mapPlace!.base, fileBytes: UInt(st.st_size), mapBytes: UInt(size), dataFile: dataFile, fd: fd)
    }

    private let mapPlaceLock = NSLock()
    /// Where the map starts, for the map size it was found at.
    private var mapPlace: (mapSize: Int, base: UInt)?

    private func mapBase(_ txn: OpaquePointer, fileBytes: UInt) -> UInt? {
        var environmentStat = MDB_stat()
        guard mdb_env_stat(env, &environmentStat) == 0, Int(environmentStat.ms_psize) == Int(sysconf(Int32(_SC_PAGESIZE))) else { return nil }
        let psize = UInt(environmentStat.ms_psize)
        var cursor: OpaquePointer?
        guard mdb_cursor_open(txn, 1 /* MAIN_DBI */, &cursor) == 0 else { return nil }
        defer { mdb_cursor_close(cursor) }
        var k = MDB_val()
        var v = MDB_val()
        guard mdb_cursor_get(cursor, &k, &v, MDB_FIRST) == 0, let key = k.mv_data else { return nil }
        let page = UInt(bitPattern: key) & ~(psize - 1)
        guard let header = UnsafeRawPointer(bitPattern: page) else { return nil }
        let number = UInt(header.loadUnaligned(as: UInt64.self))
        guard number < fileBytes / psize, page >= number * psize else { return nil }
        return page - number * psize
    }

    /// Flushes to disk (a no-op with default durable settings, kept for callers that want it).
    public func sync() throws(LedgerError) {
        try check(mdb_env_sync(env, 1), "syncing")
    }

    /// Writes a compacted copy of the environment to `directory` (which must exist and be empty).
    public func copy(to directory: String, compact: Bool) throws(LedgerError) {
        resizeLock.lockShared()
        defer { resizeLock.unlock() }
        try check(mdb_env_copy2(env, directory, compact ? UInt32(MDB_CP_COMPACT) : 0), "copying the environment to \(directory)")
    }
}

/// A transaction handle, valid only inside the `read` / `write` closure that received it.
public struct Transaction {
    let txn: OpaquePointer
    unowned let environment: LMDBEnvironment
    public let writable: Bool
    let bounds: MapBounds?

    /// A key or value as LMDB returned it, checked to lie inside the file (see `MapBounds`).
    @inline(__always)
    func checked(_ val: MDB_val, _ db: Database) throws(LedgerError) -> UnsafeRawBufferPointer {
        if let bounds { try bounds.check(val, db.name) }
        return UnsafeRawBufferPointer(start: val.mv_data, count: val.mv_size)
    }

    public func database(_ name: String) -> Database { environment.database(name) }

    /// The value stored under `key`, copied out of the map; nil when absent.
    public func get(_ db: Database, _ key: some ContiguousBytes) throws(LedgerError) -> [UInt8]? {
        try withValue(db, key) { $0.map { Array($0) } }
    }

    /// Calls `body` with the stored value in place (no copy); the buffer is valid only inside.
    public func withValue<T>(_ db: Database, _ key: some ContiguousBytes, _ body: (UnsafeRawBufferPointer?) throws(LedgerError) -> T) throws(LedgerError) -> T {
        var result: Result<T, LedgerError>!
        key.withUnsafeBytes { kb in
            var k = MDB_val(mv_size: kb.count, mv_data: UnsafeMutableRawPointer(mutating: kb.baseAddress))
            var v = MDB_val()
            let rc = mdb_get(txn, db.dbi, &k, &v)
            if rc == MDB_NOTFOUND {
                result = Result { () throws(LedgerError) in try body(nil) }
            } else if rc != 0 {
                result = .failure(LedgerError.lmdb(rc, "reading \(db.name)"))
            } else {
                result = Result { () throws(LedgerError) in try body(try checked(v, db)) }
            }
        }
        return try result.get()
    }

    /// Calls `body` with the stored value in place, for a body that may throw any error (such as
    /// decoding the value); the buffer is valid only inside.
    public func reading<T>(_ db: Database, _ key: some ContiguousBytes, _ body: (UnsafeRawBufferPointer?) throws -> T) throws -> T {
        var v = MDB_val()
        let rc = key.withUnsafeBytes { kb in
            var k = MDB_val(mv_size: kb.count, mv_data: UnsafeMutableRawPointer(mutating: kb.baseAddress))
            return mdb_get(txn, db.dbi, &k, &v)
        }
        if rc == MDB_NOTFOUND { return try body(nil) }
        if rc != 0 { throw LedgerError.lmdb(rc, "reading \(db.name)") }
        return try body(try checked(v, db))
    }

    /// Stores `value` under `key`. `append` uses `MDB_APPEND` (keys must arrive in order).
    public func put(_ db: Database, _ key: some ContiguousBytes, _ value: some ContiguousBytes, append: Bool = false, noOverwrite: Bool = false) throws(LedgerError) {
        precondition(writable, "BUG DETECTED: put in a read-only transaction")
        let flags = (append ? UInt32(MDB_APPEND) : 0) | (noOverwrite ? UInt32(MDB_NOOVERWRITE) : 0)
        var rc: Int32 = 0
        key.withUnsafeBytes { kb in
            value.withUnsafeBytes { vb in
                var k = MDB_val(mv_size: kb.count, mv_data: UnsafeMutableRawPointer(mutating: kb.baseAddress))
                var v = MDB_val(mv_size: vb.count, mv_data: UnsafeMutableRawPointer(mutating: vb.baseAddress))
                rc = mdb_put(txn, db.dbi, &k, &v, flags)
            }
        }
        if rc != 0 { throw LedgerError.lmdb(rc, "writing \(db.name)") }
    }

    /// Deletes `key`; returns false when it was absent.
    @discardableResult
    public func delete(_ db: Database, _ key: some ContiguousBytes) throws(LedgerError) -> Bool {
        precondition(writable, "BUG DETECTED: delete in a read-only transaction")
        var rc: Int32 = 0
        key.withUnsafeBytes { kb in
            var k = MDB_val(mv_size: kb.count, mv_data: UnsafeMutableRawPointer(mutating: kb.baseAddress))
            rc = mdb_del(txn, db.dbi, &k, nil)
        }
        if rc == MDB_NOTFOUND { return false }
        if rc != 0 { throw LedgerError.lmdb(rc, "deleting from \(db.name)") }
        return true
    }

    /// Removes every entry of `db` (keeps the database itself).
    public func clear(_ db: Database) throws(LedgerError) {
        precondition(writable, "BUG DETECTED: clear in a read-only transaction")
        try check(mdb_drop(txn, db.dbi, 0), "clearing \(db.name)")
    }

    public func count(_ db: Database) throws(LedgerError) -> Int {
        var stat = MDB_stat()
        try check(mdb_stat(txn, db.dbi, &stat), "counting \(db.name)")
        return stat.ms_entries
    }

    /// Visits entries in key order starting at the first key ≥ `from` (or the first key).
    /// `body` returns false to stop. Buffers are valid only during the call.
    public func scan(_ db: Database, from: [UInt8]? = nil, reverse: Bool = false, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws {
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(txn, db.dbi, &cursor), "opening a cursor on \(db.name)")
        defer { mdb_cursor_close(cursor) }
        var k = MDB_val()
        var v = MDB_val()
        var rc: Int32
        var startKey = from ?? []
        if let _ = from {
            rc = startKey.withUnsafeMutableBytes { kb in
                k = MDB_val(mv_size: kb.count, mv_data: kb.baseAddress)
                return mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE)
            }
            if rc == 0, let bounds { try bounds.check(k, db.name) }
            if reverse {
                if rc == MDB_NOTFOUND {
                    rc = mdb_cursor_get(cursor, &k, &v, MDB_LAST)
                } else if rc == 0 {
                    let exact = UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size).elementsEqual(startKey)
                    if !exact { rc = mdb_cursor_get(cursor, &k, &v, MDB_PREV) }
                }
            }
        } else {
            rc = mdb_cursor_get(cursor, &k, &v, reverse ? MDB_LAST : MDB_FIRST)
        }
        while rc == 0 {
            let keep = try body(try checked(k, db), try checked(v, db))
            if !keep { return }
            rc = mdb_cursor_get(cursor, &k, &v, reverse ? MDB_PREV : MDB_NEXT)
        }
        if rc != MDB_NOTFOUND { throw LedgerError.lmdb(rc, "scanning \(db.name)") }
    }

    /// The last key of `db`, or nil when it is empty.
    public func lastKey(_ db: Database) throws(LedgerError) -> [UInt8]? {
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(txn, db.dbi, &cursor), "opening a cursor on \(db.name)")
        defer { mdb_cursor_close(cursor) }
        var k = MDB_val()
        var v = MDB_val()
        let rc = mdb_cursor_get(cursor, &k, &v, MDB_LAST)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "reading the last key of \(db.name)")
        return Array(try checked(k, db))
    }

    /// Runs `body` in a nested write transaction: its changes join the parent only if it returns.
    public func nested<T>(_ body: (Transaction) throws -> T) throws -> T {
        precondition(writable, "BUG DETECTED: nested transaction in a read-only transaction")
        var child: OpaquePointer?
        try check(mdb_txn_begin(environment.env, txn, 0, &child), "starting a nested transaction")
        let t = Transaction(txn: child!, environment: environment, writable: true, bounds: bounds)
        let result: T
        do {
            result = try body(t)
        } catch {
            mdb_txn_abort(child)
            throw error
        }
        try check(mdb_txn_commit(child), "committing a nested transaction")
        return result
    }
}

/// Where the data file is mapped, so that a key or value LMDB returns can be checked to lie
/// inside the file before anyone reads it.
///
/// LMDB keeps no checksums: a damaged node can give a value a size of gigabytes, or an offset
/// past the end of the file, and reading it would stop the process (SIGBUS). A value in the map
/// must end inside the file; one outside the map is in a page the write transaction copied to
/// memory, and is left alone.
struct MapBounds {
    let base: UInt
    let fileBytes: UInt
    let mapBytes: UInt
    let dataFile: String
    let fd: Int32

    @inline(__always)
    func check(_ val: MDB_val, _ table: String) throws(LedgerError) {
        let start = UInt(bitPattern: val.mv_data)
        guard start >= base, start - base < mapBytes else { return }
        let offset = start - base
        if val.mv_size <= fileBytes, offset <= fileBytes - UInt(val.mv_size) { return }
        // A large write transaction spills pages to the file as it goes: look again.
        var st = stat()
        let now = fstat(fd, &st) == 0 ? UInt(st.st_size) : fileBytes
        guard val.mv_size <= now, offset <= now - UInt(val.mv_size) else {
            throw LMDBDataFile.damaged(dataFile, "an entry of table \(table) claims \(val.mv_size) bytes at offset \(offset), past the end of the \(now)-byte file")
        }
    }
}

/// A pthread read-write lock.
final class ReadWriteLock: @unchecked Sendable {
    private var lock = pthread_rwlock_t()
    init() { pthread_rwlock_init(&lock, nil) }
    deinit { pthread_rwlock_destroy(&lock) }
    func lockShared() { pthread_rwlock_rdlock(&lock) }
    func lockExclusive() { pthread_rwlock_wrlock(&lock) }
    func unlock() { pthread_rwlock_unlock(&lock) }
}

// MARK: - Key encoding

extension UInt64 {
    /// Big-endian bytes, so LMDB's byte order is numeric order.
    @inline(__always)
    public var bigEndianBytes: [UInt8] {
        withUnsafeBytes(of: self.bigEndian) { Array($0) }
    }

    @inline(__always)
    public init(bigEndianBytes b: some Collection<UInt8>) {
        var v: UInt64 = 0
        for byte in b.prefix(8) { v = v << 8 | UInt64(byte) }
        self = v
    }
}

/// A cursor for stepping through a database by hand; valid only inside its transaction.
public final class Cursor {
    let cursor: OpaquePointer
    let db: Database
    let bounds: MapBounds?
    private var started = false

    init(txn: Transaction, db: Database) throws(LedgerError) {
        var c: OpaquePointer?
        try check(mdb_cursor_open(txn.txn, db.dbi, &c), "opening a cursor on \(db.name)")
        self.cursor = c!
        self.db = db
        self.bounds = txn.bounds
    }

    @inline(__always)
    private func entry(_ k: MDB_val, _ v: MDB_val) throws(LedgerError) -> (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        if let bounds {
            try bounds.check(k, db.name)
            try bounds.check(v, db.name)
        }
        return (UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size), UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }

    deinit { mdb_cursor_close(cursor) }

    /// The next entry in key order (the first on the first call), or nil at the end.
    public func next() throws(LedgerError) -> (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
        var k = MDB_val()
        var v = MDB_val()
        let rc = mdb_cursor_get(cursor, &k, &v, started ? MDB_NEXT : MDB_FIRST)
        started = true
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "stepping through \(db.name)")
        return try entry(k, v)
    }

    /// Positions at the first key ≥ `key` and returns it.
    public func seek(_ key: [UInt8]) throws(LedgerError) -> (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
        var k = MDB_val()
        var v = MDB_val()
        var kk = key
        let rc = kk.withUnsafeMutableBytes { kb in
            k = MDB_val(mv_size: kb.count, mv_data: kb.baseAddress)
            return mdb_cursor_get(cursor, &k, &v, MDB_SET_RANGE)
        }
        started = true
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "seeking in \(db.name)")
        return try entry(k, v)
    }
}

extension Transaction {
    public func cursor(_ db: Database) throws(LedgerError) -> Cursor { try Cursor(txn: self, db: db) }

    /// Unmaps from this process the pages of the environment's memory map that it has read, so
    /// that a long scan does not grow its resident size by the size of the file.
    ///
    /// The pages stay in the page cache; reading them again (through any transaction, on any
    /// thread) maps them back from there, with the same contents: the map is read-only (the
    /// environment is not opened with `MDB_WRITEMAP`, else this does nothing) and LMDB never
    /// rewrites a page that an open read transaction can see. Valid inside a transaction, which
    /// keeps the map where it is (a map resize waits for every transaction to end). LMDB does not
    /// say where its map is, so this finds the mapping of the data file in `/proc/self/maps`; on
    /// systems without it, it does nothing.
    public func releaseResidentPages() {
        #if os(Linux)
        var flags: UInt32 = 0
        mdb_env_get_flags(environment.env, &flags)
        guard flags & UInt32(MDB_WRITEMAP) == 0 else { return }
        var fd: Int32 = -1
        var st = stat()
        guard mdb_env_get_fd(environment.env, &fd) == 0, fstat(fd, &st) == 0,
              let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        else { return }
        // "start-end perms offset major:minor inode path": the data file, mapped shared.
        let dev = UInt64(st.st_dev)
        let device = String((dev >> 8 & 0xFFF) | (dev >> 32 & ~0xFFF), radix: 16) + ":" + String((dev & 0xFF) | (dev >> 12 & ~0xFF), radix: 16)
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1].hasSuffix("s"), UInt64(fields[4]) == UInt64(st.st_ino),
                  fields[3].split(separator: ":").map({ UInt64($0, radix: 16) }) == device.split(separator: ":").map({ UInt64($0, radix: 16) })
            else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16), end > start,
                  let base = UnsafeMutableRawPointer(bitPattern: start)
            else { continue }
            _ = madvise(base, Int(end - start), MADV_DONTNEED)
        }
        #endif
    }
}
