import Casework
import Foundation
import LedgerStore
import CasebookCore
import CasebookDemo
import Registers

/// The whole benchmark: workload, append runs, rebuild, verify, latencies, report.
struct Runner {
    let config: Bench.Config
    var results: [String: Any] = [:]

    init(config: Bench.Config) { self.config = config }

    mutating func run() async throws {
        let c = config
        let totalStart = now()
        try FileManager.default.createDirectory(atPath: c.tmp, withIntermediateDirectories: true)
        let root = c.tmp + "/casebook-bench-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        results["machine"] = machineInfo()
        results["mode"] = c.quick ? "quick" : "full"

        // 0. The workload, generated once.
        log("== generating \(c.caseCount) cases (seed \(c.seed), ending \(Bench.end.iso))")
        let workload = Workload(cases: c.caseCount, seed: c.seed, end: Bench.end)
        let generated = workload.events
        log("   \(generated.count) events, \(workload.caseCount) cases \(workload.casesByKind) in \(fmt(workload.generateSeconds, 1)) s; \(workload.dropped) breach/near-miss Corrected events left out (Casebook.record refuses them)")
        results["workload"] = [
            "cases_requested": c.caseCount, "dropped_unrecordable_events": workload.dropped, "cases": workload.caseCount, "cases_by_kind": workload.casesByKind, "events": generated.count,
            "events_per_case": round3(Double(generated.count) / Double(max(1, workload.caseCount))), "seed": Int(c.seed),
            "window": "\(workload.generator.start.iso)..\(Bench.end.iso)", "generate_seconds": round3(workload.generateSeconds),
        ] as [String: Any]

        // 3a. Casebook, batches of 1000, over the whole workload: this is ledger A, which the
        // later phases read (rebuild, verify, latencies) and whose stored bytes the baselines write.
        log("== Casebook append, batch 1000, \(generated.count) events (ledger A; time budget \(fmt(c.effectiveLoadBudget)) s)")
        let a = try CasebookUnderTest(root: root, name: "casebook-A", start: Timestamp(generated[0].recordedAt))
        defer { a.dir.cleanup() }
        let cb1000 = try await a.record(generated[...], batch: 1000, progressEvery: max(10_000, generated.count / 10), budget: c.effectiveLoadBudget)
        log("   \(rate(cb1000.eventsPerSecond)) events/s")
        // Everything below runs on the events ledger A holds.
        let n = cb1000.events
        let events = Array(generated[0..<n])
        results["workload_used"] = [
            "events": n, "of_generated": generated.count, "complete": n == generated.count,
            "note": n == generated.count ? "the whole workload" : "the Casebook append path could not record the whole workload within the time budget; ledger A and every measurement on it use the first \(n) events",
        ] as [String: Any]

        // The 50-event case for the timeline: the longest case, padded with notes.
        let timelineCase = try await padLongestCase(a, to: 50)
        let size = try a.casebook.ledger.size()
        log("   timeline case \(timelineCase.reference): \(timelineCase.before) → 50 events; ledger A holds \(size) events")

        // The stored envelope bytes (sealed payloads: ciphertext included) for the baselines.
        let data = try a.casebook.ledger.read { log -> EnvelopeBytes in
            var bytes: [[UInt8]] = []
            bytes.reserveCapacity(n)
            for p in 0..<UInt64(n) { bytes.append(try log.storedBytes(at: p)) }
            return EnvelopeBytes(bytes: bytes, cases: events.map(\.caseReference.rawValue))
        }
        let avgBytes = Double(data.totalBytes) / Double(n)
        log("   envelope bytes: \(data.totalBytes) total, \(fmt(avgBytes, 0)) per event")
        results["envelopes"] = ["total_bytes": data.totalBytes, "mean_bytes": round3(avgBytes)]
        a.close()

        // 1. Raw LMDB and 2. SQLite at batch 1000 over the whole workload.
        log("== raw LMDB MDB_APPEND, batch 1000")
        let raw1000 = try RawLMDB.append(data, count: n, batch: 1000, root: root)
        log("   \(rate(raw1000.eventsPerSecond)) events/s")
        log("== SQLite (GRDB, WAL, synchronous=FULL), batch 1000")
        let (sql1000, sqlSettings) = try SQLiteBaseline.append(data, count: n, batch: 1000, root: root)
        log("   \(rate(sql1000.eventsPerSecond)) events/s (journal_mode=\(sqlSettings.journalMode), synchronous=\(sqlSettings.synchronous))")

        // Batch 100 on a prefix.
        log("== batch 100: Casebook (time budget \(fmt(c.batch100Budget)) s), then raw LMDB and SQLite on as many events")
        let cb100 = try await fresh(root, "casebook-b100", events) { try await $0.record(events[0..<min(n, c.batch100Events)], batch: 100, budget: c.batch100Budget) }
        let n100 = cb100.events
        let raw100 = try RawLMDB.append(data, count: n100, batch: 100, root: root)
        let (sql100, _) = try SQLiteBaseline.append(data, count: n100, batch: 100, root: root)
        log("   raw \(rate(raw100.eventsPerSecond)), SQLite \(rate(sql100.eventsPerSecond)), Casebook \(rate(cb100.eventsPerSecond)) events/s")

        // Batch 1: a fixed number of single-event durable commits.
        let n1 = min(n, c.singleCommits)
        log("== batch 1, \(n1) single-event durable commits: raw LMDB, SQLite, Casebook")
        let raw1 = try RawLMDB.append(data, count: n1, batch: 1, root: root)
        let (sql1, _) = try SQLiteBaseline.append(data, count: n1, batch: 1, root: root)
        let cb1 = try await fresh(root, "casebook-b1", events) { try await $0.record(events[0..<n1], batch: 1) }
        log("   mean commit: raw \(fmt(raw1.secondsPerCommit * 1e6)) µs, SQLite \(fmt(sql1.secondsPerCommit * 1e6)) µs, Casebook \(fmt(cb1.secondsPerCommit * 1e6)) µs")

        // 64 concurrent appenders through group commit.
        let nConc = min(n, c.concurrentEvents)
        log("== 64 concurrent appenders, \(nConc) single-event records")
        let (conc, perTask) = try await CasebookRuns.concurrent(events[0..<nConc], tasks: 64, root: root)
        log("   \(rate(conc.eventsPerSecond)) events/s (\(fmt(conc.eventsPerSecond / cb1.eventsPerSecond, 1))× the single-event rate)")

        // Layers: where the append time goes, each layer on the same drafts (batch 1000).
        var layers: [String: Any]? = nil
        if c.layers {
            log("== layers (Ledger.append without hooks / with Casebook's hooks), batch 1000")
            layers = try await Layers.measure(source: a.casebook.ledger, count: min(n, c.layerEvents), root: root, start: Timestamp(events[0].recordedAt))
        }

        // 4. Rebuild and 5. verify, each in a fresh child process.
        log("== rebuild of all projections (child process)")
        let rebuild = try Children.spawn("rebuild", ledger: a.ledgerPath)
        log("   \(rebuild)")
        var breakdown: [String: Any]? = nil
        if c.effectiveBreakdown {
            log("== rebuild breakdown by hook (child process)")
            breakdown = try Children.spawn("rebuild-breakdown", ledger: a.ledgerPath)
            log("   \(breakdown!)")
        }
        log("== verify (child process)")
        let verify = try Children.spawn("verify", ledger: a.ledgerPath)
        log("   \(verify)")

        // 6. Latencies on ledger A.
        log("== latencies")
        let latencies = try Latencies.measure(casebook: a.casebook, timelineCase: timelineCase.reference, budget: c.latencyBudget)

        results["append"] = [
            "batch_1000": ["raw_lmdb": raw1000.json, "sqlite": sql1000.json, "casebook": cb1000.json],
            "batch_100": ["raw_lmdb": raw100.json, "sqlite": sql100.json, "casebook": cb100.json],
            "batch_1": ["raw_lmdb": raw1.json, "sqlite": sql1.json, "casebook": cb1.json],
            "concurrent_64": ["casebook": conc.json, "tasks": 64, "max_events_per_task": perTask],
            "sqlite_settings": ["journal_mode": sqlSettings.journalMode, "synchronous": sqlSettings.synchronous],
            "raw_lmdb_note": "LedgerStore.LMDBEnvironment + Transaction.put(append: true): mdb_put with MDB_APPEND, one table, no hashing, no indexes; durable commits (no MDB_NOSYNC)",
        ] as [String: Any]
        if let layers { results["append_layers"] = layers }
        results["rebuild"] = rebuild
        if let breakdown { results["rebuild_breakdown"] = breakdown }
        results["verify"] = verify
        results["latency"] = latencies
        results["total_seconds"] = round3(seconds(since: totalStart))

        let report = Report(results: results)
        let table = report.table()
        results["table"] = table.split(separator: "\n").map(String.init)
        results["targets"] = report.targets.map { ["name": $0.name, "value": $0.value, "target": $0.target, "met": $0.met] as [String: Any] }
        try FileManager.default.createDirectory(atPath: (c.out as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let json = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: URL(fileURLWithPath: c.out))
        print(table)
        print("\nresults: \(c.out)  (total \(fmt(seconds(since: totalStart), 1)) s)")
    }

    /// A fresh Casebook for one run, removed afterwards.
    func fresh(_ root: String, _ name: String, _ events: [DemoEvent], _ body: (CasebookUnderTest) async throws -> AppendRun) async throws -> AppendRun {
        let cb = try CasebookUnderTest(root: root, name: name, start: Timestamp(events[0].recordedAt))
        defer { cb.close(); cb.dir.cleanup() }
        return try await body(cb)
    }

    /// Pads the longest case of ledger A with notes to `target` events; returns it.
    func padLongestCase(_ a: CasebookUnderTest, to target: Int) async throws -> (reference: String, before: Int) {
        var longest: (String, UInt64) = ("", 0)
        try a.casebook.ledger.read { log in
            try log.forEachCase { ref, version in
                if version > longest.1 { longest = (ref, version) }
                return true
            }
        }
        let reference = try CaseReference(longest.0)
        let at = a.clock.now()
        if Int(longest.1) < target {
            let inputs = (Int(longest.1)..<target).map { i in
                CaseEventInput(caseReference: reference, payload: NoteAdded(text: "Benchmark note \(i): called the requester to discuss the scope."),
                               occurredAt: at, actor: Actor(id: "officer-bench", role: "officer"))
            }
            try await a.casebook.record(inputs)
        }
        return (longest.0, Int(longest.1))
    }
}
