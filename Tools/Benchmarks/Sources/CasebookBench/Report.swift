import Foundation

/// The printed table: every figure, the ratios against the baselines, the issue's targets.
struct Report {
    struct Target {
        var name: String
        var value: String
        var target: String
        var met: Bool
    }

    let results: [String: Any]

    func number(_ path: String) -> Double {
        var node: Any? = results
        for key in path.split(separator: ".") { node = (node as? [String: Any])?[String(key)] }
        if let d = node as? Double { return d }
        if let i = node as? Int { return Double(i) }
        if let n = node as? NSNumber { return n.doubleValue }
        return .nan
    }

    func eps(_ batch: String, _ who: String) -> Double { number("append.\(batch).\(who).events_per_s") }
    func commitUs(_ batch: String, _ who: String) -> Double { number("append.\(batch).\(who).mean_commit_us") }

    /// The targets of the performance issue, each as a ratio to a baseline in the same run where
    /// it has one. Read paths are judged at the run's ledger size (the quick run's ~13,700 cases,
    /// the full run's ~137,000), so a quick "met" for a 100k-case target is provisional.
    var targets: [Target] {
        let cbRaw1000 = eps("batch_1000", "casebook") / eps("batch_1000", "raw_lmdb")
        let cbSql1000 = eps("batch_1000", "casebook") / eps("batch_1000", "sqlite")
        let bareRaw = number("append_layers.ledger_no_hooks.events_per_s") / eps("batch_1000", "raw_lmdb")
        let single = commitUs("batch_1", "casebook") / commitUs("batch_1", "raw_lmdb")
        let group = eps("concurrent_64", "casebook") / eps("batch_1", "casebook")
        let rebuild = number("rebuild.events_per_s")
        let rebuildRSS = number("rebuild.peak_rss_mb")
        let verify = number("verify.events_per_s")
        let verifyRSS = number("verify.peak_rss_mb")
        let timeline = number("latency.timeline_50.p99_us")
        let overdue = number("latency.overdue_query.p99_us") / 1000
        let due = number("latency.due_list.p99_us") / 1000
        let page = number("latency.register_page_50.p99_us") / 1000
        let cases = Int(number("latency.overdue_query.cases"))
        return [
            Target(name: "Casebook.record batch 1000 vs raw LMDB", value: fmt(cbRaw1000, 3) + "×", target: "≥ 0.1×", met: cbRaw1000 >= 0.1),
            Target(name: "Casebook.record batch 1000 vs SQLite-FULL", value: fmt(cbSql1000, 2) + "×", target: "≥ 1×", met: cbSql1000 >= 1),
            Target(name: "Ledger.append alone vs raw LMDB", value: fmt(bareRaw, 2) + "×", target: "≥ 0.25×", met: bareRaw >= 0.25),
            Target(name: "single-event commit vs raw LMDB", value: fmt(single, 2) + "×", target: "≤ 2×", met: single <= 2),
            Target(name: "64 concurrent vs single-event rate", value: fmt(group, 1) + "×", target: "≥ 20×", met: group >= 20),
            Target(name: "rebuild rate", value: rate(rebuild) + " ev/s", target: "≥ 300,000 ev/s", met: rebuild >= 300_000),
            Target(name: "rebuild peak RSS", value: fmt(rebuildRSS, 0) + " MB", target: "< 300 MB", met: rebuildRSS < 300),
            Target(name: "verify rate", value: rate(verify) + " ev/s", target: "≥ 1,000,000 ev/s", met: verify >= 1_000_000),
            Target(name: "verify peak RSS", value: fmt(verifyRSS, 0) + " MB", target: "< 300 MB", met: verifyRSS < 300),
            Target(name: "overdue on X p99 (\(cases) cases)", value: fmt(overdue, 2) + " ms", target: "< 20 ms", met: overdue < 20),
            Target(name: "due list p99 (\(cases) cases)", value: fmt(due, 2) + " ms", target: "< 20 ms", met: due < 20),
            Target(name: "timeline (50 events) p99", value: fmt(timeline / 1000, 3) + " ms", target: "< 1 ms", met: timeline < 1000),
            Target(name: "register page of 50 p99", value: fmt(page, 2) + " ms", target: "< 20 ms", met: page < 20),
        ]
    }

    func table() -> String {
        var lines: [String] = []
        let m = results["machine"] as? [String: Any] ?? [:]
        let w = results["workload"] as? [String: Any] ?? [:]
        lines.append("Casebook benchmark (\(results["mode"] ?? "?")) — \(m["date"] ?? "")")
        lines.append("machine: \(m["nproc"] ?? "?") cores, \(m["cpu"] ?? "?"), \(m["memory_gb"] ?? "?") GB, load at start \(m["loadavg_at_start"] ?? "?")")
        lines.append("workload: \(w["cases"] ?? "?") cases \(w["cases_by_kind"] ?? ""), \(w["events"] ?? "?") events, mean envelope \(fmt(number("envelopes.mean_bytes"))) B")
        if let u = results["workload_used"] as? [String: Any], (u["complete"] as? Bool) == false {
            lines.append("NOTE: ledger A holds only the first \(u["events"] ?? "?") of \(u["of_generated"] ?? "?") generated events: Casebook's append path could not record more within the run's time budget (--load-budget); all figures below are on that prefix")
        }
        lines.append("raw LMDB = LedgerStore.LMDBEnvironment + Transaction.put(append: true) (mdb_put MDB_APPEND; no hashing, no indexes); SQLite = GRDB 7 DatabasePool, WAL, synchronous=FULL (read back: \(Int(number("append.sqlite_settings.synchronous"))))")
        lines.append("")

        func row(_ cells: [String]) -> String {
            let widths = [30, 12, 12, 12, 11, 11]
            return zip(cells, widths).map { $0.0.padding(toLength: max($0.1, $0.0.count), withPad: " ", startingAt: 0) }.joined(separator: " ")
        }
        lines.append(row(["durable append (events/s)", "raw LMDB", "SQLite", "Casebook", "CB/raw", "CB/SQLite"]))
        lines.append(String(repeating: "-", count: 94))
        for (batch, label) in [("batch_1000", "batch 1000"), ("batch_100", "batch 100"), ("batch_1", "batch 1")] {
            let r = eps(batch, "raw_lmdb"), s = eps(batch, "sqlite"), c = eps(batch, "casebook")
            lines.append(row([label + " (\(Int(number("append.\(batch).casebook.events"))) ev)", rate(r), rate(s), rate(c), fmt(c / r, 2) + "×", fmt(c / s, 2) + "×"]))
        }
        lines.append(row(["batch 1: mean commit (µs)", fmt(commitUs("batch_1", "raw_lmdb")), fmt(commitUs("batch_1", "sqlite")), fmt(commitUs("batch_1", "casebook")),
                          fmt(commitUs("batch_1", "casebook") / commitUs("batch_1", "raw_lmdb"), 2) + "×", fmt(commitUs("batch_1", "casebook") / commitUs("batch_1", "sqlite"), 2) + "×"]))
        lines.append(row(["batch 1: p99 commit (µs)", fmt(number("append.batch_1.raw_lmdb.commit_latency.p99_us")), fmt(number("append.batch_1.sqlite.commit_latency.p99_us")),
                          fmt(number("append.batch_1.casebook.commit_latency.p99_us")), "", ""]))
        let conc = eps("concurrent_64", "casebook")
        lines.append(row(["64 concurrent appenders", "", "", rate(conc), "", ""]) + "  = \(fmt(conc / eps("batch_1", "casebook"), 1))× Casebook single-event rate")
        if let layers = results["append_layers"] as? [String: Any] {
            lines.append("")
            lines.append("append layers, batch 1000 (\(layers["events"] ?? "?") ev): raw LMDB \(rate(eps("batch_1000", "raw_lmdb"))) → Ledger.append, no hooks \(rate(number("append_layers.ledger_no_hooks.events_per_s"))) → + Casebook's hooks \(rate(number("append_layers.ledger_with_hooks.events_per_s"))) → Casebook.record \(rate(eps("batch_1000", "casebook"))) ev/s")
            if let hooks = (layers["ledger_with_hooks"] as? [String: Any])?["hooks_seconds"] as? [String: Any] {
                let total = number("append_layers.ledger_with_hooks.seconds")
                let parts = hooks.map { ($0.key, ($0.value as? Double) ?? .nan) }.sorted { $0.1 > $1.1 }
                lines.append("  hook time of the hooked run (\(fmt(total, 2)) s): " + parts.map { "\($0.0) \(fmt($0.1, 2)) s" }.joined(separator: ", "))
            }
        }
        lines.append("")
        lines.append("rebuild (child process): \(rate(number("rebuild.events_per_s"))) ev/s over \(Int(number("rebuild.events"))) events, peak RSS \(fmt(number("rebuild.peak_rss_mb"))) MB (VmHWM of the child)")
        if let b = results["rebuild_breakdown"] as? [String: Any], let hooks = b["hooks_seconds"] as? [String: Any] {
            let parts = hooks.map { ($0.key, ($0.value as? Double) ?? .nan) }.sorted { $0.1 > $1.1 }
            lines.append("  breakdown: scan+decode only \(fmt(number("rebuild_breakdown.scan_and_decode_seconds"), 2)) s; hooked pass \(fmt(number("rebuild_breakdown.seconds"), 2)) s: " + parts.map { "\($0.0) \(fmt($0.1, 2)) s" }.joined(separator: ", "))
        }
        lines.append("verify (child process): \(rate(number("verify.events_per_s"))) ev/s over \(Int(number("verify.events"))) events")
        lines.append("")
        lines.append(row(["latency", "p50", "p99", "n", "", ""]))
        lines.append(String(repeating: "-", count: 94))
        for (key, label, scale, unit) in [
            ("inclusion_proof", "inclusion proof", 1.0, "µs"), ("consistency_proof", "consistency proof", 1.0, "µs"),
            ("timeline_50", "timeline (50 events, redacted)", 1.0, "µs"),
            ("overdue_query", "overdue on X (due index)", 1000.0, "ms"),
            ("overdue_query_foi_table_only", "  …reading every FOI row", 1000.0, "ms"),
            ("due_list", "due list, within 5 days", 1000.0, "ms"),
            ("register_page_50", "register page, 50 rows", 1000.0, "ms"),
            ("overdue_query_in_memory", "  …rows already in memory", 1000.0, "ms"),
            ("register_csv", "FOI register CSV", 1000.0, "ms"),
        ] {
            let digits = scale > 1 ? 2 : 1
            lines.append(row([label, fmt(number("latency.\(key).p50_us") / scale, digits) + " " + unit, fmt(number("latency.\(key).p99_us") / scale, digits) + " " + unit,
                              fmt(number("latency.\(key).n")), "", ""]))
        }
        lines.append("  (FOI rows: \(Int(number("latency.overdue_query.foi_rows"))), overdue on \((results["latency"] as? [String: Any]).flatMap { ($0["overdue_query"] as? [String: Any])?["today"] } ?? "?"): \(Int(number("latency.overdue_query.overdue_rows"))); the query reads the due index and the rows it names)")
        lines.append("")
        lines.append(row(["target", "value", "bar", "", "", ""]).trimmingCharacters(in: .whitespaces))
        lines.append(String(repeating: "-", count: 94))
        for t in targets {
            let cells = [t.name, t.value, t.target, t.met ? "met" : "MISSED"]
            lines.append(cells[0].padding(toLength: 40, withPad: " ", startingAt: 0) + cells[1].padding(toLength: 22, withPad: " ", startingAt: 0)
                         + cells[2].padding(toLength: 20, withPad: " ", startingAt: 0) + cells[3])
        }
        return lines.joined(separator: "\n")
    }
}
