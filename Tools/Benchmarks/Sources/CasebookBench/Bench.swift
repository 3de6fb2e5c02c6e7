import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

/// Casebook against raw LMDB and SQLite, in one run, on the same envelope bytes.
///
///     CasebookBench [--quick] [--cases N] [--out FILE] [--tmp DIR] [--skip-layers]
///     CasebookBench --child rebuild|verify|rebuild-breakdown --ledger DIR   (internal)
///     CasebookBench --profile load|rebuild|verify --cases N                  (for perf)
///     CasebookBench --register-pages [--scale] [--cases N]                   (register pages, p99)
///     CasebookBench --import [--rows N]                                      (casebook import, 50,000 rows)
@main
struct Bench {
    struct Config {
        var quick = false
        var cases: Int?
        var out = "Tools/Benchmarks/results/latest.json"
        var tmp = NSTemporaryDirectory()
        var child: String?
        var profile: String?
        var ledger: String?
        var layers = true
        var seed: UInt64 = 1
        /// `--register-pages`: only the register-page timings (`RegisterPages`); `--scale`: at 100,000 cases.
        var registerPages = false
        var scale = false
        /// `--import [--rows N]`: only the import benchmark (`ImportBench`).
        var importRows: Int?

        /// ≈ 7.3 events per case: 13,700 cases ≈ 100k events; 137,000 ≈ 1M.
        var caseCount: Int { cases ?? (quick ? 13_700 : 137_000) }
        var singleCommits: Int { quick ? 500 : 2000 }
        var concurrentEvents: Int { quick ? 2000 : 10_000 }
        /// Batch-100 runs use a prefix of the workload.
        var batch100Events: Int { quick ? .max : 200_000 }
        var layerEvents: Int { quick ? 5000 : 50_000 }
        /// Time budgets (seconds) for the Casebook runs that scale with the workload: when the
        /// append path is too slow to record it all in time, ledger A (and everything measured on
        /// it) holds the prefix recorded within the budget, and the report says so.
        var loadBudget: Double?
        var effectiveLoadBudget: Double { loadBudget ?? (quick ? 30 : 2400) }
        var batch100Budget: Double { quick ? 12 : 300 }
        var breakdown: Bool?
        var effectiveBreakdown: Bool { breakdown ?? !quick }
        var latencyBudget: (fast: Double, slow: Double) { quick ? (1.5, 3) : (5, 15) }
    }

    static let end = LocalDate(year: 2025, month: 3, day: 31)!

    static func main() async {
        var c = Config()
        var args = CommandLine.arguments.dropFirst()[...]
        while let a = args.popFirst() {
            switch a {
            case "--quick": c.quick = true
            case "--cases": c.cases = Int(args.popFirst() ?? "")
            case "--out": c.out = args.popFirst() ?? c.out
            case "--tmp": c.tmp = args.popFirst() ?? c.tmp
            case "--child": c.child = args.popFirst()
            case "--profile": c.profile = args.popFirst()
            case "--ledger": c.ledger = args.popFirst()
            case "--skip-layers": c.layers = false
            case "--breakdown": c.breakdown = true
            case "--no-breakdown": c.breakdown = false
            case "--load-budget": c.loadBudget = Double(args.popFirst() ?? "")
            case "--seed": c.seed = UInt64(args.popFirst() ?? "") ?? 1
            case "--register-pages": c.registerPages = true
            case "--scale": c.scale = true
            case "--import": c.importRows = c.importRows ?? 50_000
            case "--rows": c.importRows = Int(args.popFirst() ?? "") ?? 50_000
            default:
                log("unknown argument \(a)")
                exit(2)
            }
        }
        do {
            if let child = c.child {
                try Children.run(child, ledger: c.ledger ?? "")
            } else if let rows = c.importRows {
                try await ImportBench.run(config: c, rows: rows)
            } else if c.registerPages {
                try await RegisterPages.run(config: c, scale: c.scale)
            } else if let profile = c.profile {
                try await Profiling.run(profile, config: c)
            } else {
                var runner = Runner(config: c)
                try await runner.run()
            }
        } catch {
            log("benchmark failed: \(error)")
            exit(1)
        }
    }
}

/// Work done in a fresh child process so its peak RSS is its own.
enum Children {
    static func run(_ what: String, ledger: String) throws {
        var result: [String: Any] = [:]
        let baseline = memoryStatus()
        result["rss_before_mb"] = round3(baseline.currentMB)
        switch what {
        case "rebuild":
            let casebook = try Casebook.open(at: ledger)
            let events = try casebook.ledger.size()
            let opened = memoryStatus()
            result["rss_after_open_mb"] = round3(opened.currentMB)
            let start = now()
            try casebook.rebuild(registers: nil)
            let s = seconds(since: start)
            casebook.close()
            result["events"] = Int(events)
            result["seconds"] = round3(s)
            result["events_per_s"] = round3(Double(events) / s)
        case "rebuild-breakdown":
            // The same hooks `Casebook.rebuild(registers: nil)` replays, each timed on its own,
            // plus a pass with no hooks (scan + envelope decode only).
            let casebook = try Casebook.open(at: ledger)
            let events = try casebook.ledger.size()
            let policy = casebook.policy
            let noHooks = now()
            try casebook.ledger.rebuild(hooks: [])
            result["scan_and_decode_seconds"] = round3(seconds(since: noHooks))
            let inner: [any LedgerHook] = [CaseRulesHook(lenient: true), SubjectIndexHook(), CaseLinkHook()]
                + RegisterSet.hooks(for: RegisterName.allCases, policy: policy)
            let names = ["rules", "subjectIndex", "caseLinks", "registers"]
            let timed = zip(names, inner).map { TimedHook(name: $0.0, inner: $0.1) }
            let start = now()
            try casebook.ledger.rebuild(hooks: timed)
            let total = seconds(since: start)
            casebook.close()
            result["events"] = Int(events)
            result["seconds"] = round3(total)
            result["hooks_seconds"] = Dictionary(uniqueKeysWithValues: timed.map { ($0.name, round3(Double($0.timer.nanos) / 1e9)) })
        case "verify":
            let ledgerHandle = try Ledger.open(at: ledger)
            let start = now()
            let report = try ledgerHandle.verify()
            let s = seconds(since: start)
            ledgerHandle.close()
            precondition(report.ok, "verify failed: \(report.failure!)")
            result["events"] = Int(report.size)
            result["seconds"] = round3(s)
            result["events_per_s"] = round3(Double(report.size) / s)
        default:
            throw LedgerError(.invalidInput, "unknown child job \(what)")
        }
        result["peak_rss_mb"] = round3(memoryStatus().peakMB)
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    /// Runs this executable as a child and returns its JSON result.
    static func spawn(_ what: String, ledger: String) throws -> [String: Any] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        p.arguments = ["--child", what, "--ledger", ledger]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0,
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
              let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw LedgerError(.io, "child \(what) failed (status \(p.terminationStatus))")
        }
        return obj
    }
}

/// Accumulated nanoseconds (reference type so the hook value can stay a struct).
final class HookTimer: @unchecked Sendable {
    var nanos: UInt64 = 0
}

struct TimedHook: LedgerHook {
    let name: String
    let inner: any LedgerHook
    let timer = HookTimer()
    var databaseNames: [String] { inner.databaseNames }
    func process(_ event: StoredEvent, in log: LogView) throws {
        let t = now()
        defer { timer.nanos += now() - t }
        try inner.process(event, in: log)
    }
    func reset(in log: LogView) throws { try inner.reset(in: log) }
}
