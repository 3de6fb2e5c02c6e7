import Registers
import Casework
import Foundation
import LedgerStore

extension Casebook {
    /// Reads registers with this ledger's policy.
    public var registerReader: RegisterReader { RegisterReader(policy: policy) }

    /// How register output shows personal values for a reader: decrypted (`[erased]` where the
    /// key was destroyed) or `[redacted]`.
    public func reveal(_ access: PersonalDataAccess) -> (JSONValue) -> JSONValue {
        switch access {
        case .redact:
            return Reveal.redacted
        case .reveal:
            let keystore = self.keystore
            return { value in
                guard Reveal.isSealed(value) else { return Reveal.redacted(value) }
                return (try? FieldSealing.open(payload: value, mode: .decrypt) { try keystore.key(for: $0, create: false) }) ?? .string("[unreadable]")
            }
        }
    }

    /// Clears and refolds derived tables from the log: the named registers, or (nil) every
    /// register plus the case states, the subject index and the case links.
    ///
    /// The log is read case by case (each case's events in version order, cases in reference
    /// order) and each case folded in memory, on `threads` threads each with its own read
    /// transaction; the writer then stores each case's row and state once, in key order
    /// (`MDB_APPEND`), a bounded number of cases per transaction. No state is read back and
    /// re-encoded per event, and memory holds one chunk of cases at a time. Events that change
    /// another case's row (a breach linked to an FOI request) are carried to that case's fold, so
    /// the result equals the log-order fold the append path makes (the rebuild tests compare them).
    public func rebuild(registers names: [RegisterName]?, casesPerTransaction: Int = 2000, threads: Int = 2,
                        progress: (UInt64, UInt64) -> Void = { _, _ in }) throws {
        let fold = RegisterCaseFold(names: names ?? RegisterName.allCases, calculator: deadlines)
        let registers = RegisterSetHook(names: fold.names, calculator: deadlines)
        let everything = names == nil
        let rules = CaseRulesHook(lenient: true, deadlines: deadlines)
        let others: [any LedgerHook] = everything ? [SubjectIndexHook(), CaseLinkHook()] : []
        let total = try ledger.size()
        try ledger.write { log in
            try registers.reset(in: log)
            if everything { for h in [rules] as [any LedgerHook] + others { try h.reset(in: log) } }
        }
        progress(0, total)
        // Foreign events by the case they change; cases already folded that a later event changes.
        var foreign: [String: [RegisterCaseFold.Foreign]] = [:]
        var folded: Set<String> = []
        var refold: Set<String> = []
        // Due-index entries, written sorted once every row is folded (they sort by day, not case).
        var due: [String: [(key: [UInt8], value: [UInt8])]] = [:]
        var done: UInt64 = 0
        var after: String? = nil
        let lanes = max(1, threads)
        while true {
            let cases = try ledger.read { log in
                var cases: [String] = []
                let collect = { (stream: String, _: UInt64) -> Bool in
                    if stream == after { return true }
                    cases.append(stream)
                    return cases.count < casesPerTransaction
                }
                if let after { try log.forEachCase(from: after, collect) } else { try log.forEachCase(collect) }
                return cases
            }
            if cases.isEmpty { break }
            // Fold the chunk, a contiguous share of it per thread.
            let known = foreign
            let share = (cases.count + lanes - 1) / lanes
            nonisolated(unsafe) var outputs = [[FoldedCase]](repeating: [], count: lanes)
            nonisolated(unsafe) var failures = [(any Error)?](repeating: nil, count: lanes)
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                let mine = cases[min(cases.count, lane * share)..<min(cases.count, (lane + 1) * share)]
                do {
                    outputs[lane] = try ledger.read { log in
                        let folded = try mine.map { stream in
                            try Self.foldCase(stream, in: log, rules: everything ? rules : nil, fold: fold, foreign: known[stream] ?? [])
                        }
                        // The pages just read stay in the page cache, not in this process's memory.
                        log.transaction.releaseResidentPages()
                        return folded
                    }
                } catch {
                    failures[lane] = error
                }
            }
            if let failure = failures.compactMap({ $0 }).first { throw failure }
            let chunk = outputs.flatMap { $0 }
            try ledger.write { log in
                let txn = log.transaction
                let states = txn.database(CaseRulesHook.stateTable)
                for c in chunk {
                    let key = Array(c.stream.utf8)
                    if let state = c.state { try txn.put(states, key, state, append: true) }
                    for e in c.events { for h in others { try h.process(e, in: log) } }
                    for (table, bytes) in c.result.rows {
                        if let bytes { try txn.put(txn.database(table), key, bytes, append: true) }
                    }
                    if !c.result.due.isEmpty { due[c.stream] = c.result.due }
                }
                // The index pages the subject and link hooks searched stay in the page cache only.
                txn.releaseResidentPages()
            }
            for c in chunk { folded.insert(c.stream) }
            for c in chunk {
                for (target, f) in c.result.foreign {
                    foreign[target, default: []].append(f)
                    if folded.contains(target) { refold.insert(target) }
                }
                done += UInt64(c.events.count)
            }
            after = cases.last
            progress(done, total)
            if cases.count < casesPerTransaction { break }
        }
        // Cases changed by an event of a case folded with or after them, and targets no case of
        // their own opened: folded again with every foreign event addressed to them.
        try ledger.write { log in
            let txn = log.transaction
            for target in refold.union(foreign.keys.filter { !folded.contains($0) }).sorted() {
                let events = try log.events(of: target).map(CaseEvent.init)
                let result = try fold.fold(target, events: events, foreign: foreign[target] ?? []) { other, position in
                    try log.events(of: other, through: position).map(CaseEvent.init)
                }
                for (table, bytes) in result.rows {
                    if let bytes { try txn.put(txn.database(table), Array(target.utf8), bytes) } else { _ = try txn.delete(txn.database(table), Array(target.utf8)) }
                }
                due[target] = result.due.isEmpty ? nil : result.due
            }
            let entries = due.values.flatMap { $0 }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
            let table = txn.database(DueIndex.table)
            // After a partial rebuild the other registers' entries are still there: append only into an empty table.
            let empty = try txn.count(table) == 0
            for e in entries { try txn.put(table, e.key, e.value, append: empty) }
            if total > 0 { try registers.markApplied(through: total - 1, in: log) }
        }
        progress(total, total)
    }

    /// One case folded for a rebuild: its events, its rules state as stored, its register rows.
    struct FoldedCase {
        var stream: String
        var events: [StoredEvent]
        var state: [UInt8]?
        var result: RegisterCaseFold.Result
    }

    static func foldCase(_ stream: String, in log: LogView, rules: CaseRulesHook?, fold: RegisterCaseFold,
                         foreign: [RegisterCaseFold.Foreign]) throws -> FoldedCase {
        let stored = try log.events(of: stream)
        var state: CaseLifecycle?
        if let rules { for e in stored { state = try rules.step(e, state: state, in: log) } }
        let result = try fold.fold(stream, events: stored.map(CaseEvent.init), foreign: foreign) { other, position in
            try log.events(of: other, through: position).map(CaseEvent.init)
        }
        return FoldedCase(stream: stream, events: stored, state: try state.map(CaseStateStore.encode), result: result)
    }
}

extension RegisterSnapshot {
    /// Only the rows of these cases.
    public func restricted(to references: Set<String>) -> RegisterSnapshot {
        var s = self
        s.foi = foi.filter { references.contains($0.reference) }
        s.sar = sar.filter { references.contains($0.reference) }
        s.breach = breach.filter { references.contains($0.reference) }
        s.nearMiss = nearMiss.filter { references.contains($0.reference) }
        s.disclosure = disclosure.filter { references.contains($0.reference) }
        s.thirdParty = thirdParty.filter { references.contains($0.reference) }
        s.agreements = agreements.filter { references.contains($0.reference) }
        s.complaints = complaints.filter { references.contains($0.reference) }
        return s
    }
}
