import Casework
import Foundation
import LedgerStore
import CasebookCore
import CasebookDemo
import Registers

/// The generated history, held in memory once and replayed into every ledger.
struct Workload {
    var generator: DemoGenerator
    var events: [DemoEvent]
    var generateSeconds: Double
    var casesByKind: [String: Int] = [:]
    /// Generated events left out because `Casebook.record` refuses them (see `unrecordable`).
    var dropped = 0

    /// A `Corrected` without requester corrections on a case that has no requester (breach, near
    /// miss): `Casebook.subjects(for:plain:)` asks for the requester subject of every
    /// requester-scoped field, present or not, and throws "has no requester on record", so the
    /// demo's own history cannot be recorded through the facade. Left out until that is fixed.
    static func unrecordable(_ e: DemoEvent) -> Bool {
        guard let c = e.payload as? Corrected, c.requesterCorrections == nil else { return false }
        return e.caseReference.kind != .request && e.caseReference.kind != .subjectAccess
    }

    init(cases: Int, seed: UInt64, end: LocalDate) {
        generator = DemoGenerator(cases: cases, seed: seed, end: end)
        let start = now()
        var events: [DemoEvent] = []
        events.reserveCapacity(cases * 8)
        for event in generator.events() {
            if Self.unrecordable(event) {
                dropped += 1
                continue
            }
            events.append(event)
            if event.opensCase { casesByKind[event.caseReference.kind.rawValue, default: 0] += 1 }
        }
        self.events = events
        generateSeconds = seconds(since: start)
    }

    var caseCount: Int { casesByKind.values.reduce(0, +) }
}

/// A Casebook in a scratch directory with a demo clock the runner moves.
struct CasebookUnderTest {
    let dir: ScratchDirectory
    let clock: DemoClock
    let casebook: Casebook

    init(root: String, name: String, start: Timestamp) throws {
        dir = try ScratchDirectory(root, name)
        clock = DemoClock(start: start)
        var options = LedgerOptions()
        options.clock = clock.ledgerClock
        casebook = try Casebook.create(at: dir.path + "/ledger", origin: "bench.casebook.local/log", options: options)
    }

    var ledgerPath: String { dir.path + "/ledger" }

    /// Records `events` in order, `batch` per durable append (`record` through group commit),
    /// the clock moved to each batch's latest recording time.
    /// Stops after the batch that passes `budget` seconds (the run reports the events it recorded).
    func record(_ events: ArraySlice<DemoEvent>, batch: Int, progressEvery: Int = 0, budget: Double = .infinity) async throws -> AppendRun {
        var latency = Samples()
        let start = now()
        var i = events.startIndex
        var sinceProgress = 0
        while i < events.endIndex {
            let end = Self.chunkEnd(events, from: i, batch: batch)
            let chunk = events[i..<end]
            clock.advance(to: Timestamp(chunk.map(\.recordedAt).max()!))
            let inputs = chunk.map(CaseEventInput.init)
            let t = now()
            try await casebook.record(inputs)
            latency.add(now() - t)
            sinceProgress += chunk.count
            if progressEvery > 0 && sinceProgress >= progressEvery {
                sinceProgress = 0
                log("    \(end - events.startIndex) events, \(rate(Double(end - events.startIndex) / seconds(since: start))) events/s")
            }
            i = end
            if seconds(since: start) > budget {
                log("    time budget of \(fmt(budget)) s reached after \(i - events.startIndex) of \(events.count) events")
                break
            }
        }
        return AppendRun(events: i - events.startIndex, commits: latency.nanos.count, seconds: seconds(since: start), commitLatency: latency)
    }

    func close() { casebook.close() }

    /// The end of the batch starting at `start`: `batch` events, or fewer when an event would
    /// need its case's requester subject from an opening event in the same batch.
    ///
    /// Works around a limitation of `Casebook.prepare`: a requester-scoped field (e.g.
    /// `Corrected.requesterCorrections`) looks the requester subject up in the *committed* log,
    /// so a batch holding both `RequestReceived` and a later `Corrected` of that case is refused
    /// ("has no requester on record"). Cutting the batch there keeps every event in order.
    static func chunkEnd(_ events: ArraySlice<DemoEvent>, from start: Int, batch: Int) -> Int {
        let limit = min(events.endIndex, start + batch)
        guard batch > 1 else { return limit }
        var opened: Set<String> = []
        var i = start
        while i < limit {
            let e = events[i]
            if e.opensCase {
                opened.insert(e.caseReference.rawValue)
            } else if i > start, opened.contains(e.caseReference.rawValue),
                      type(of: e.payload).personalFields.contains(where: { $0.scope == .requester }) {
                return i
            }
            i += 1
        }
        return limit
    }
}

enum CasebookRuns {
    /// 64 tasks, each recording single events to its own cases, all through the group committer.
    /// Returns the run and how many commits the writer made (from the log: distinct `recordedAt`
    /// are not usable, so commits are counted from the per-call latency only).
    static func concurrent(_ events: ArraySlice<DemoEvent>, tasks: Int, root: String) async throws -> (run: AppendRun, perTaskEvents: Int) {
        let cb = try CasebookUnderTest(root: root, name: "casebook-concurrent", start: Timestamp(events.first!.recordedAt))
        defer { cb.close(); cb.dir.cleanup() }
        // Whole cases, round-robin over the tasks, each case's events in order.
        var byCase: [String: [DemoEvent]] = [:]
        var order: [String] = []
        for e in events {
            let ref = e.caseReference.rawValue
            if byCase[ref] == nil { order.append(ref) }
            byCase[ref, default: []].append(e)
        }
        var lanes = Array(repeating: [DemoEvent](), count: tasks)
        for (i, ref) in order.enumerated() { lanes[i % tasks] += byCase[ref]! }
        cb.clock.advance(to: Timestamp(events.map(\.recordedAt).max()!))
        let casebook = cb.casebook
        let inputs = lanes.map { $0.map(CaseEventInput.init) }
        let start = now()
        let latencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for lane in inputs {
                group.addTask {
                    var lat: [UInt64] = []
                    for input in lane {
                        let t = now()
                        try await casebook.record([input])
                        lat.append(now() - t)
                    }
                    return lat
                }
            }
            var all: [UInt64] = []
            for try await l in group { all += l }
            return all
        }
        let elapsed = seconds(since: start)
        let size = try casebook.ledger.size()
        precondition(size == UInt64(events.count), "concurrent run stored \(size) of \(events.count)")
        var run = AppendRun(events: events.count, commits: events.count, seconds: elapsed)
        run.commitLatency = Samples(nanos: latencies)
        return (run, inputs.map(\.count).max() ?? 0)
    }
}
