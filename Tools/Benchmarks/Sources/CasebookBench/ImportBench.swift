import Casework
import CasebookCore
import Foundation
import LedgerStore

/// `casebook import` at the size of a big council's FOI log: N rows of a generated log (CSV)
/// imported into a fresh ledger in one `importSheet` call, timed, against `Casebook.record` of
/// the same number of demo events (batches of 1,000) into another fresh ledger in the same run.
///
///     CasebookBench --import [--rows N]   (default 50,000 rows)
enum ImportBench {
    static let outcomes = ["Granted", "Part granted", "Refused", "Not held"]
    static let exemptions = ["", "s.40(2)", "s.43(2)", "Section 41", ""]

    /// A generated FOI log: received, acknowledged, answered (most), some reviewed and published.
    static func generatedLog(rows: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var out = "Reference,Date received,Requester type,Channel,Subject,Department,Date acknowledged,Date responded,Outcome,Exemptions,Review requested,Review completed,Review outcome,Date published\r\n"
        out.reserveCapacity(rows * 160)
        let start = LocalDate(year: 2015, month: 1, day: 5)!
        for i in 0..<rows {
            let year = 2015 + i * 9 / rows
            let received = start.adding(days: i * 3280 / rows)
            let ack = received.adding(days: next(3))
            let answered = next(10) < 9
            let responded = received.adding(days: 5 + next(30))
            var outcome = outcomes[next(outcomes.count)]
            var exemption = outcome == "Granted" || outcome == "Not held" ? "" : exemptions[1 + next(3)]
            if exemption.isEmpty && outcome != "Granted" && outcome != "Not held" { exemption = "s.40(2)" }
            if !answered { outcome = ""; exemption = "" }
            let reviewed = answered && next(20) == 0
            let published = answered && next(3) == 0
            func d(_ day: LocalDate) -> String { String(format: "%02d/%02d/%04d", day.day, day.month, day.year) }
            out += "FOI/\(year)/\(i + 1),\(d(received)) \(String(format: "%02d", 9 + next(8))):\(String(format: "%02d", next(60))),"
                + "\(["Member of public", "Journalist", "Business", "Campaign group"][next(4)]),\(["Email", "Post", "Online form"][next(3)]),"
                + "Request \(i + 1) about \(["grit bins", "parking fines", "school places", "bin collections", "planning"][next(5)]),"
                + "\(["Highways", "Parking", "Education", "Waste", "Planning"][next(5)]),\(d(ack)),"
                + (answered ? d(responded) : "") + ",\(outcome),\(exemption),"
                + (reviewed ? "\(d(responded.adding(days: 10))),\(d(responded.adding(days: 25))),Upheld," : ",,,")
                + (published ? d(responded.adding(days: 2)) : "") + "\r\n"
        }
        return Array(out.utf8)
    }

    static func run(config c: Bench.Config, rows: Int) async throws {
        try FileManager.default.createDirectory(atPath: c.tmp, withIntermediateDirectories: true)
        let root = c.tmp + "/casebook-bench-import-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let bytes = generatedLog(rows: rows, seed: c.seed)
        log("== importing \(rows) generated FOI rows (\(bytes.count / 1024) KiB of CSV)")
        let casebook = try Casebook.create(at: root + "/import", origin: "bench.casebook.local/log")
        let actor = Actor(id: "bench.officer", role: "officer")
        let started = now()
        let report = try await casebook.importSheet(ImportRequest(kind: .foi, fileName: "foi-log.csv", bytes: bytes), by: actor)
        let importSeconds = seconds(since: started)
        let size = try casebook.ledger.size()
        casebook.close()
        log("   \(report.imported.count) cases, \(report.appended) events, \(report.refused.count) refusals in \(fmt(importSeconds)) s: \(rate(Double(report.appended) / importSeconds)) events/s")

        log("== Casebook.record of \(report.appended) demo events, batches of 1,000")
        let workload = Workload(cases: max(1, report.appended / 7 + 100), seed: c.seed, end: Bench.end)
        let count = min(report.appended, workload.events.count)
        let b = try CasebookUnderTest(root: root, name: "record", start: Timestamp(workload.events[0].recordedAt))
        let recorded = try await b.record(workload.events.prefix(count), batch: 1000)
        b.close()
        log("   \(recorded.events) events in \(fmt(recorded.seconds)) s: \(rate(recorded.eventsPerSecond)) events/s")

        let results: [String: Any] = [
            "rows": rows, "csv_bytes": bytes.count, "machine": machineInfo(),
            "import": ["cases": report.imported.count, "events": report.appended, "ledger_size": Int(size), "refused_rows": Set(report.refused.map(\.row)).count,
                       "seconds": round3(importSeconds), "events_per_s": round3(Double(report.appended) / importSeconds), "transactions": 1],
            "record": ["events": recorded.events, "seconds": round3(recorded.seconds), "events_per_s": round3(recorded.eventsPerSecond),
                       "commits": recorded.commits],
            "what": "importSheet (read, plan, rules folded in memory, one Casebook.record) against Casebook.record of demo events in batches of 1,000",
        ]
        let path = (c.out as NSString).deletingLastPathComponent + "/import-\(rows).json"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: path))
        print("results: \(path)")
    }
}
