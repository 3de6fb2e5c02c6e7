import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

/// Single phases for a profiler (`perf record -g -- CasebookBench --profile load --cases N`):
/// `load` records the workload through Casebook in batches of 1000 (or `single`: one event per
/// commit, the first 1000 events; `concurrent`: 64 tasks); `rebuild` and `verify` first load, then
/// time only that phase (start perf after the "ready" line, or subtract the load profile).
enum Profiling {
    static func run(_ what: String, config: Bench.Config) async throws {
        let root = config.tmp + "/casebook-profile-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let workload = Workload(cases: config.cases ?? 3000, seed: config.seed, end: Bench.end)
        let events = workload.events
        log("profile \(what): \(events.count) events")
        let cb = try CasebookUnderTest(root: root, name: "profile", start: Timestamp(events[0].recordedAt))
        defer { cb.close() }
        switch what {
        case "load":
            let r = try await cb.record(events[...], batch: 1000)
            log("load: \(rate(r.eventsPerSecond)) events/s")
        case "single":
            let r = try await cb.record(events[0..<min(1000, events.count)], batch: 1)
            log("single: mean commit \(fmt(r.secondsPerCommit * 1e6)) µs")
        case "concurrent":
            cb.close()
            let (r, _) = try await CasebookRuns.concurrent(events[0..<min(3000, events.count)], tasks: 64, root: root)
            log("concurrent: \(rate(r.eventsPerSecond)) events/s")
        case "rebuild", "verify":
            _ = try await cb.record(events[...], batch: 1000)
            log("ready (loaded); now \(what)")
            let t = now()
            if what == "rebuild" { try cb.casebook.rebuild(registers: nil) } else { let ok = try cb.casebook.ledger.verify().ok; precondition(ok) }
            log("\(what): \(rate(Double(events.count) / seconds(since: t))) events/s")
        default:
            throw LedgerError(.invalidInput, "unknown profile \(what)")
        }
    }
}
