import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers
import CasebookDemo

/// Register pages at the size of a real council: what `/registers/foi?status=open&sort=due&dir=desc&page=2`,
/// `/disclosure-log` and `/dashboard` do under the server, timed against a baseline in the same run
/// (the whole register read, evaluated and rendered, as the pages did before they were paged).
///
///     CasebookBench --register-pages [--scale] [--cases N]   10,000 cases (100,000 with --scale)
enum RegisterPages {
    static func run(config c: Bench.Config, scale: Bool) async throws {
        let cases = c.cases ?? (scale ? 100_000 : 10_000)
        try FileManager.default.createDirectory(atPath: c.tmp, withIntermediateDirectories: true)
        let root = c.tmp + "/casebook-bench-pages-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let casebook: Casebook
        let recorded: Int
        var generated: CasebookUnderTest?
        defer { generated?.close(); generated?.dir.cleanup() }
        if let keep = c.keep, FileManager.default.fileExists(atPath: keep + "/ledger") {
            log("== reusing the ledger in \(keep)/ledger (made by an earlier --keep run)")
            var options = LedgerOptions()
            let clock = DemoClock(start: Timestamp(Bench.end.startOfDay()))
            options.clock = clock.ledgerClock
            casebook = try Casebook.open(at: keep + "/ledger", options: options)
            recorded = Int(try casebook.ledger.read { try $0.size() })
        } else {
            log("== generating \(cases) cases (seed \(c.seed))")
            let workload = Workload(cases: cases, seed: c.seed, end: Bench.end)
            let a = try CasebookUnderTest(root: root, name: "casebook-pages", start: Timestamp(workload.events[0].recordedAt))
            let load = try await a.record(workload.events[...], batch: 1000, progressEvery: max(10_000, workload.events.count / 10))
            log("   \(load.events) events recorded")
            recorded = load.events
            casebook = a.casebook
            if let keep = c.keep {
                a.close()
                try? FileManager.default.removeItem(atPath: keep)
                try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
                try FileManager.default.moveItem(atPath: a.ledgerPath, toPath: keep + "/ledger")
                a.dir.cleanup()
                log("   kept in \(keep)/ledger for the next --keep run")
                var options = LedgerOptions()
                let clock = DemoClock(start: Timestamp(Bench.end.startOfDay()))
                options.clock = clock.ledgerClock
                return try await measureAndWrite(c, Casebook.open(at: keep + "/ledger", options: options), cases: cases, events: recorded, scale: scale, close: true)
            }
            generated = a
        }
        try await measureAndWrite(c, casebook, cases: cases, events: recorded, scale: scale, close: c.keep != nil)
    }

    static func measureAndWrite(_ c: Bench.Config, _ casebook: Casebook, cases: Int, events: Int, scale: Bool, close: Bool) async throws {
        defer { if close { casebook.close() } }
        let a = (casebook: casebook, ())
        let workloadCases = cases
        var out = try measure(casebook: a.casebook, budget: scale ? 20 : 8)
        for (k, v) in try await measureAfterWrites(casebook: a.casebook) { out[k] = v }
        var results: [String: Any] = ["cases": workloadCases, "events": events, "machine": machineInfo(), "pages": out]
        results["what"] = "p50/p99 of one call each, in one process, on one ledger; baseline = the whole register read, evaluated and rendered (the pages before paging)"
        let path = (c.out as NSString).deletingLastPathComponent + "/register-pages-\(workloadCases).json"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: path))
        print("results: \(path)")
    }

    static func measure(casebook: Casebook, budget: Double) throws -> [String: Any] {
        let ledger = casebook.ledger
        let reader = casebook.registerReader
        let today = Bench.end
        let cache = RegisterRowCache()
        let open = RegisterFilter(status: "open")
        var request = RegisterPageRequest(page: 2, pageSize: 50, sort: "due", descending: true)
        var out: [String: Any] = [:]
        func time(_ name: String, iterations: Int = 500, _ body: () throws -> Void) throws {
            let s = try timeIterations(iterations: iterations, budget: budget, minimum: 10, warmup: 2) { _ in try body() }
            out[name] = s.json
            log("   \(name): p50 \(fmt(s.percentile(50) / 1e6, 2)) ms, p99 \(fmt(s.percentile(99) / 1e6, 2)) ms (n=\(s.nanos.count))")
        }
        let rows = try ledger.read { log in try reader.page(.foi, in: log, filter: open, request: request, today: today) }
        out["foi_open_rows"] = rows.total
        log("   FOI rows open on \(today.iso): \(rows.total)")
        if rows.total <= 50 { request.page = 1 }
        try time("baseline_whole_foi_register_open", iterations: 100) {
            _ = try ledger.read { log in try reader.rows(.foi, in: log, filter: open, today: today).tableCells.count }
        }
        try time("foi_page_50_open_sorted_due_desc_uncached", iterations: 100) {
            _ = try ledger.read { log in try reader.page(.foi, in: log, filter: open, request: request, today: today) }
        }
        try time("foi_page_50_open_sorted_due_desc") {
            _ = try ledger.read { log in try reader.page(.foi, in: log, filter: open, request: request, today: today, cache: cache) }
        }
        var search = RegisterPageRequest(sort: "received")
        search.search = "20"
        try time("foi_page_50_search_sorted_received") {
            _ = try ledger.read { log in try reader.page(.foi, in: log, request: search, today: today, cache: cache) }
        }
        try time("disclosure_log_page_50") {
            _ = try ledger.read { log in try reader.page(.disclosure, in: log, request: RegisterPageRequest(), today: today, cache: cache) }
        }
        try time("baseline_whole_disclosure_log", iterations: 100) {
            _ = try ledger.read { log in try reader.rows(.disclosure, in: log, today: today).tableCells.count }
        }
        // The dashboard: the due list within 5 working days and this year's compliance report.
        let period = ReportPeriod(String(today.year))!
        try time("dashboard_due_list", iterations: 200) {
            _ = try ledger.read { log in try reader.dueList(in: log, within: 5, today: today) }
        }
        try time("baseline_dashboard_compliance_report_uncached", iterations: 20) {
            _ = ComplianceReport(period: period, snapshot: try ledger.read { try reader.snapshot(in: $0) }, today: today).requests.counted
        }
        try time("dashboard_compliance_report", iterations: 50) {
            _ = ComplianceReport(period: period, snapshot: try ledger.read { try reader.snapshot(in: $0, cache: cache) }, today: today).requests.counted
        }
        // The case page's reads: the timeline in words and the case's stored row, evaluated.
        let longest = try ledger.read { log -> String in
            var best = ("", 0)
            for p in try foiReferences(in: log) {
                let n = try log.head(of: p)?.version ?? 0
                if n > best.1 { best = (p, Int(n)) }
            }
            return best.0
        }
        out["case_page_reference"] = longest
        let foiRows = RegisterName.foi.rowsTable
        try time("case_page_reads") {
            _ = try casebook.timeline(longest, access: .redact).count
            _ = try ledger.read { log in
                try log.transaction.get(log.transaction.database(foiRows), Array(longest.utf8)).map {
                    try RegisterKind.named(.foi).row(from: Array($0)).evaluatedAny(today: today, calculator: casebook.deadlines)
                }
            }
        }
        try time("foi_csv_whole_register", iterations: 20) {
            _ = try ledger.read { log in try reader.rows(.foi, in: log, today: today).csv.utf8.count }
        }
        // As the server answers `GET /api/v1/registers/foi?format=csv`: every row through the page path and the cache.
        try time("foi_csv_whole_register_as_served", iterations: 20) {
            _ = try ledger.read { log in try reader.page(.foi, in: log, request: .everything, today: today, cache: cache).output.csv.utf8.count }
        }
        return out
    }

    /// The FOI register's case references, in order.
    static func foiReferences(in log: LogView) throws -> [String] {
        var out: [String] = []
        try log.transaction.scan(log.transaction.database(RegisterName.foi.rowsTable)) { key, _ in
            out.append(String(decoding: key, as: UTF8.self))
            return true
        }
        return out
    }

    /// A page read right after each of 20 writes (one note on a case each): what the row cache
    /// costs when the committed state has moved on.
    static func measureAfterWrites(casebook: Casebook) async throws -> [String: Any] {
        let ledger = casebook.ledger
        let reader = casebook.registerReader
        let today = Bench.end
        let cache = RegisterRowCache()
        let open = RegisterFilter(status: "open")
        let request = RegisterPageRequest(page: 1, pageSize: 50, sort: "due", descending: true)
        _ = try ledger.read { log in try reader.page(.foi, in: log, filter: open, request: request, today: today, cache: cache) }
        let references = try ledger.read { log in try foiReferences(in: log) }
        var samples = Samples()
        for i in 0..<20 {
            let reference = try CaseReference(references[(i * 7919) % references.count])
            try await casebook.perform(CaseCommand(CaseAction.named("note", on: .request)!, reference: reference, fields: ["text": .string("bench note \(i)")],
                                                   occurredAt: Timestamp(Bench.end.startOfDay())), by: Actor(id: "bench", role: "officer"))
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try ledger.read { log in try reader.page(.foi, in: log, filter: open, request: request, today: today, cache: cache) }
            samples.add(DispatchTime.now().uptimeNanoseconds - t0)
        }
        log("   foi_page_50_after_a_write: p50 \(fmt(samples.percentile(50) / 1e6, 2)) ms, p99 \(fmt(samples.percentile(99) / 1e6, 2)) ms (n=20)")
        return ["foi_page_50_after_a_write": samples.json]
    }
}
