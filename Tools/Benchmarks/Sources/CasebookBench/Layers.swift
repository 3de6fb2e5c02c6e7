import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

/// Where the append time goes: the same (already sealed) drafts appended through `Ledger.append`
/// with no hooks (envelope encoding, Merkle hashing, indexes), then with Casebook's hooks, each hook
/// timed. The difference to `Casebook.record` is the facade's preparation (typed payload → JSON,
/// sealing, keystore commits) and the rules getting plaintext rather than placeholders.
enum Layers {
    static func measure(source: Ledger, count: Int, root: String, start: Timestamp) async throws -> [String: Any] {
        let drafts = try source.read { log in try (0..<UInt64(count)).map { try log.event(at: $0).envelope.draft } }
        let latest = try source.read { log in try log.event(at: UInt64(count - 1)).envelope.recordedAt }
        var out: [String: Any] = ["events": count, "batch": 1000]

        func run(_ name: String, hooks: [any LedgerHook]) async throws -> Double {
            let dir = try ScratchDirectory(root, "layer-" + name)
            defer { dir.cleanup() }
            var options = LedgerOptions()
            options.hooks = hooks
            options.clock = { latest }
            let ledger = try Ledger.create(at: dir.path + "/ledger", origin: "bench.casebook.local/log", options: options)
            defer { ledger.close() }
            let t = now()
            var i = 0
            while i < drafts.count {
                let end = min(drafts.count, i + 1000)
                _ = try await ledger.append(AppendBatch(events: Array(drafts[i..<end])))
                i = end
            }
            let s = seconds(since: t)
            log("   \(name): \(rate(Double(count) / s)) events/s")
            return s
        }

        let bare = try await run("ledger_no_hooks", hooks: [])
        out["ledger_no_hooks"] = ["seconds": round3(bare), "events_per_s": round3(Double(count) / bare)]

        let inner: [any LedgerHook] = [CaseRulesHook(), SubjectIndexHook(), CaseLinkHook()] + RegisterSet.allHooks(policy: .default)
        let names = ["rules", "subjectIndex", "caseLinks", "registers"]
        let timed = zip(names, inner).map { TimedHook(name: $0.0, inner: $0.1) }
        let hooked = try await run("ledger_with_hooks", hooks: timed)
        out["ledger_with_hooks"] = [
            "seconds": round3(hooked), "events_per_s": round3(Double(count) / hooked),
            "hooks_seconds": Dictionary(uniqueKeysWithValues: timed.map { ($0.name, round3(Double($0.timer.nanos) / 1e9)) }),
            "note": "rules see stored payloads decoded with placeholders (no plaintext handed over), as on rebuild",
        ] as [String: Any]
        return out
    }
}

/// p50/p99 of the read paths on ledger A.
enum Latencies {
    static func measure(casebook: Casebook, timelineCase: String, budget budgets: (fast: Double, slow: Double)) throws -> [String: Any] {
        let ledger = casebook.ledger
        let size = try ledger.size()
        var rng = SystemRandomNumberGenerator()
        var out: [String: Any] = ["ledger_events": Int(size)]
        let budget = budgets.fast

        // Inclusion proof of a random leaf in the current tree (read transaction included).
        let indexes = (0..<20_000).map { _ in UInt64.random(in: 0..<size, using: &rng) }
        let proof = try ledger.read { try $0.inclusionProof(index: indexes[0], size: size) }
        precondition(proof.verify(), "inclusion proof does not verify")
        let inclusion = try timeIterations(iterations: 20_000, budget: budget) { i in
            _ = try ledger.read { try $0.inclusionProof(index: indexes[i % indexes.count], size: size) }
        }
        out["inclusion_proof"] = inclusion.json
        log("   inclusion proof: p50 \(fmt(inclusion.percentile(50) / 1e3, 1)) µs, p99 \(fmt(inclusion.percentile(99) / 1e3, 1)) µs (n=\(inclusion.nanos.count))")

        // Consistency proof from a random earlier size to the current one.
        let froms = (0..<20_000).map { _ in UInt64.random(in: 1..<size, using: &rng) }
        let cproof = try ledger.read { try $0.consistencyProof(from: froms[0], to: size) }
        precondition(cproof.verify(), "consistency proof does not verify")
        let consistency = try timeIterations(iterations: 20_000, budget: budget) { i in
            _ = try ledger.read { try $0.consistencyProof(from: froms[i % froms.count], to: size) }
        }
        out["consistency_proof"] = consistency.json
        log("   consistency proof: p50 \(fmt(consistency.percentile(50) / 1e3, 1)) µs, p99 \(fmt(consistency.percentile(99) / 1e3, 1)) µs")

        // A 50-event case timeline, redacted.
        let entries = try casebook.timeline(timelineCase, access: .redact).count
        let timeline = try timeIterations(iterations: 5000, budget: budget) { _ in
            _ = try casebook.timeline(timelineCase, access: .redact)
        }
        var t = timeline.json
        t["case"] = timelineCase
        t["events"] = entries
        out["timeline_50"] = t
        log("   timeline (\(entries) events): p50 \(fmt(timeline.percentile(50) / 1e3, 1)) µs, p99 \(fmt(timeline.percentile(99) / 1e3, 1)) µs")

        // "Overdue on date X" over every FOI row, as `casebook register foi --overdue --today X`
        // does it: RegisterReader.rows reads, through the due index, only the rows with a step
        // due before X.
        let reader = casebook.registerReader
        let today = Bench.end
        let filter = RegisterFilter(overdue: true)
        let (foiRows, overdueRows, cases) = try ledger.read { log in
            let s = try reader.snapshot(in: log)
            return (s.foi.count, try reader.rows(.foi, in: log, filter: filter, today: today).json.count,
                    s.foi.count + s.sar.count + s.breach.count + s.nearMiss.count)
        }
        let slowBudget = budgets.slow
        let overdue = try timeIterations(iterations: 2000, budget: slowBudget, minimum: 10, warmup: 1) { _ in
            _ = try ledger.read { log in try reader.rows(.foi, in: log, filter: filter, today: today) }
        }
        var o = overdue.json
        o["foi_rows"] = foiRows
        o["overdue_rows"] = overdueRows
        o["cases"] = cases
        o["today"] = today.iso
        o["what"] = "ledger.read { RegisterReader.rows(.foi, filter: overdue, today: X) } (due index, then only the candidate rows)"
        out["overdue_query"] = o
        log("   overdue on \(today.iso) over \(foiRows) FOI rows (\(overdueRows) overdue): p50 \(fmt(overdue.percentile(50) / 1e6, 2)) ms, p99 \(fmt(overdue.percentile(99) / 1e6, 2)) ms (n=\(overdue.nanos.count))")

        // The due list across every register (within 5 working days), through the due index.
        var dueItems = 0
        let due = try timeIterations(iterations: 2000, budget: slowBudget / 2, minimum: 10, warmup: 1) { _ in
            dueItems = try ledger.read { log in try reader.dueList(in: log, within: 5, today: today) }.count
        }
        var d = due.json
        d["items"] = dueItems
        out["due_list"] = d
        log("   due list (\(dueItems) items): p50 \(fmt(due.percentile(50) / 1e6, 2)) ms, p99 \(fmt(due.percentile(99) / 1e6, 2)) ms")

        // One page of 50 FOI rows, starting at a random reference.
        let references = try ledger.read { log in try reader.snapshot(in: log).foi.map(\.reference) }
        let starts = (0..<2000).map { _ in references.randomElement(using: &rng) }
        let page = try timeIterations(iterations: 2000, budget: slowBudget / 2, minimum: 10, warmup: 1) { i in
            _ = try ledger.read { log in try reader.page(.foi, in: log, after: starts[i % starts.count], limit: 50, today: today) }
        }
        out["register_page_50"] = page.json
        log("   register page of 50 rows: p50 \(fmt(page.percentile(50) / 1e6, 2)) ms, p99 \(fmt(page.percentile(99) / 1e6, 2)) ms")

        // The same overdue query reading every FOI row (no index).
        let foiOnly = try timeIterations(iterations: 200, budget: slowBudget / 2, minimum: 10, warmup: 1) { _ in
            _ = try ledger.read { log in
                var s = RegisterSnapshot()
                s.foi = try RegisterHook<FOIRegister>.rows(in: log)
                return try s.rows(.foi, filter: filter, today: today, calculator: reader.calculator)
            }
        }
        out["overdue_query_foi_table_only"] = foiOnly.json
        log("   overdue, every FOI row read: p50 \(fmt(foiOnly.percentile(50) / 1e6, 2)) ms, p99 \(fmt(foiOnly.percentile(99) / 1e6, 2)) ms")

        // The filter alone over rows already in memory (no LMDB read, no JSON decode).
        let snapshot = try ledger.read { try reader.snapshot(in: $0) }
        let inMemory = try timeIterations(iterations: 200, budget: slowBudget / 2, minimum: 10, warmup: 1) { _ in
            _ = try snapshot.rows(.foi, filter: filter, today: today, calculator: reader.calculator)
        }
        out["overdue_query_in_memory"] = inMemory.json
        let evaluatedOnly = timeIterations(iterations: 200, budget: slowBudget / 2, minimum: 10, warmup: 1) { _ in
            _ = snapshot.evaluated(snapshot.foi, filter: filter, today: today, calculator: reader.calculator)
        }
        out["overdue_query_evaluate_only"] = evaluatedOnly.json
        log("   overdue, rows in memory: p50 \(fmt(inMemory.percentile(50) / 1e6, 2)) ms (of which evaluate+filter+sort \(fmt(evaluatedOnly.percentile(50) / 1e6, 2)) ms)")

        // Register CSV of every FOI row (stored rows read, evaluated on X, rendered).
        var csvBytes = 0
        let csv = try timeIterations(iterations: 100, budget: slowBudget, minimum: 5, warmup: 1) { _ in
            let text = try ledger.read { log in try reader.rows(.foi, in: log, today: today).csv }
            csvBytes = text.utf8.count
        }
        var cj = csv.json
        cj["rows"] = foiRows
        cj["bytes"] = csvBytes
        out["register_csv"] = cj
        log("   FOI register CSV (\(foiRows) rows, \(csvBytes) bytes): p50 \(fmt(csv.percentile(50) / 1e6, 1)) ms, p99 \(fmt(csv.percentile(99) / 1e6, 1)) ms")
        return out
    }
}
