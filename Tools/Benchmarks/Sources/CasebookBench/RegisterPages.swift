import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

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
        log("== generating \(cases) cases (seed \(c.seed))")
        let workload = Workload(cases: cases, seed: c.seed, end: Bench.end)
        let a = try CasebookUnderTest(root: root, name: "casebook-pages", start: Timestamp(workload.events[0].recordedAt))
        defer { a.close(); a.dir.cleanup() }
        let load = try await a.record(workload.events[...], batch: 1000, progressEvery: max(10_000, workload.events.count / 10))
        log("   \(load.events) events recorded")
        let out = try measure(casebook: a.casebook, budget: scale ? 20 : 8)
        var results: [String: Any] = ["cases": workload.caseCount, "events": load.events, "machine": machineInfo(), "pages": out]
        results["what"] = "p50/p99 of one call each, in one process, on one ledger; baseline = the whole register read, evaluated and rendered (the pages before paging)"
        let path = (c.out as NSString).deletingLastPathComponent + "/register-pages-\(cases).json"
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
        try time("dashboard_compliance_report", iterations: 50) {
            _ = ComplianceReport(period: period, snapshot: try ledger.read { try reader.snapshot(in: $0) }, today: today).requests.counted
        }
        return out
    }
}
