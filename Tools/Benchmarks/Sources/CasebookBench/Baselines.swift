import Foundation
import GRDB
import LedgerStore

/// One append measurement: how many events in how many durable commits, how long it took, and
/// each commit's latency.
struct AppendRun {
    var events: Int
    var commits: Int
    var seconds: Double
    var commitLatency = Samples()

    var eventsPerSecond: Double { Double(events) / seconds }
    /// Mean wall time of one durable commit.
    var secondsPerCommit: Double { seconds / Double(commits) }

    var json: [String: Any] {
        [
            "events": events, "commits": commits, "seconds": round3(seconds),
            "events_per_s": round3(eventsPerSecond), "mean_commit_us": round3(secondsPerCommit * 1e6),
            "commit_latency": commitLatency.json,
        ]
    }
}

/// The stored envelope bytes of the workload, as Casebook wrote them, with each event's case.
struct EnvelopeBytes {
    var bytes: [[UInt8]]
    var cases: [String]
    var totalBytes: Int { bytes.reduce(0) { $0 + $1.count } }
}

/// Raw LMDB: `mdb_put` with `MDB_APPEND` through LedgerStore's thin `LMDBEnvironment` wrapper, one
/// database keyed by the big-endian position; no hashing, no indexes. Durable (LMDB's default
/// sync on commit), the same environment flags Casebook uses.
enum RawLMDB {
    static func append(_ data: EnvelopeBytes, count: Int, batch: Int, root: String) throws -> AppendRun {
        let dir = try ScratchDirectory(root, "raw-lmdb-b\(batch)")
        defer { dir.cleanup() }
        let env = try LMDBEnvironment(path: dir.path + "/log", databases: ["events"])
        let db = env.database("events")
        // Pre-encode the keys so the timed loop is only the transaction and the puts.
        let keys = (0..<count).map { UInt64($0).bigEndianBytes }
        var latency = Samples()
        let start = now()
        var position = 0
        while position < count {
            let end = min(count, position + batch)
            let t = now()
            try env.write { txn in
                for p in position..<end { try txn.put(db, keys[p], data.bytes[p], append: true) }
            }
            latency.add(now() - t)
            position = end
        }
        let run = AppendRun(events: count, commits: latency.nanos.count, seconds: seconds(since: start), commitLatency: latency)
        // Sanity: everything is there.
        let stored = try env.read { try $0.count(db) }
        precondition(stored == count, "raw LMDB stored \(stored) of \(count) events")
        return run
    }
}

/// SQLite through GRDB: WAL journal with `synchronous=FULL` (GRDB sets NORMAL when it enables WAL,
/// so FULL is set after opening and read back), a plain events table, one transaction per batch.
enum SQLiteBaseline {
    struct Settings { var journalMode: String; var synchronous: Int }

    static func append(_ data: EnvelopeBytes, count: Int, batch: Int, root: String) throws -> (AppendRun, Settings) {
        let dir = try ScratchDirectory(root, "sqlite-b\(batch)")
        defer { dir.cleanup() }
        let pool = try DatabasePool(path: dir.path + "/events.sqlite")
        let settings = try pool.writeWithoutTransaction { db -> Settings in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?"
            let sync = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            try db.execute(sql: "CREATE TABLE events (position INTEGER PRIMARY KEY, \"case\" TEXT NOT NULL, bytes BLOB NOT NULL)")
            return Settings(journalMode: mode, synchronous: sync)
        }
        precondition(settings.synchronous == 2, "SQLite synchronous is \(settings.synchronous), not FULL (2)")
        precondition(settings.journalMode.lowercased() == "wal", "SQLite journal mode is \(settings.journalMode), not WAL")
        let blobs = (0..<count).map { Data(data.bytes[$0]) }
        var latency = Samples()
        let start = now()
        var position = 0
        while position < count {
            let end = min(count, position + batch)
            let t = now()
            try pool.write { db in
                let insert = try db.cachedStatement(sql: "INSERT INTO events (position, \"case\", bytes) VALUES (?, ?, ?)")
                for p in position..<end {
                    try insert.execute(arguments: [Int64(p), data.cases[p], blobs[p]])
                }
            }
            latency.add(now() - t)
            position = end
        }
        let run = AppendRun(events: count, commits: latency.nanos.count, seconds: seconds(since: start), commitLatency: latency)
        let stored = try pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM events") ?? 0 }
        precondition(stored == count, "SQLite stored \(stored) of \(count) events")
        // The synchronous setting is per connection: check it held on the writer throughout.
        let after = try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
        precondition(after == 2, "SQLite synchronous changed to \(after) during the run")
        try pool.close()
        return (run, settings)
    }
}
