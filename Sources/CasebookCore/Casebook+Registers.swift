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
    /// order), each case folded in memory and its row and state written once, in key order
    /// (`MDB_APPEND`), a bounded number of cases per transaction: no state is read back and
    /// re-encoded per event, and memory holds one case at a time. Events that change another
    /// case's row (a breach linked to an FOI request) are carried to that case's fold, so the
    /// result equals the log-order fold the append path makes (the rebuild tests compare them).
    public func rebuild(registers names: [RegisterName]?, casesPerTransaction: Int = 2000,
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
        // Foreign events by the case they change; cases already written that a later case changes.
        var foreign: [String: [RegisterCaseFold.Foreign]] = [:]
        var folded: Set<String> = []
        var refold: Set<String> = []
        // Due-index entries, written sorted once every row is folded (they sort by day, not case).
        var due: [String: [(key: [UInt8], value: [UInt8])]] = [:]
        var done: UInt64 = 0
        var after: String? = nil
        var finished = false
        while !finished {
            finished = try ledger.write { log in
                let txn = log.transaction
                var cases: [String] = []
                let collect = { (stream: String, _: UInt64) -> Bool in
                    if stream == after { return true }
                    cases.append(stream)
                    return cases.count < casesPerTransaction
                }
                if let after { try log.forEachCase(from: after, collect) } else { try log.forEachCase(collect) }
                for stream in cases {
                    let stored = try log.events(of: stream)
                    let events = stored.map(CaseEvent.init)
                    if everything {
                        var state: CaseLifecycle?
                        for e in stored {
                            state = try rules.step(e, state: state, in: log)
                            for h in others { try h.process(e, in: log) }
                        }
                        if let state { try txn.put(txn.database(CaseRulesHook.stateTable), Array(stream.utf8), try CaseStateStore.encode(state), append: true) }
                    }
                    let result = try fold.fold(stream, events: events, foreign: foreign[stream] ?? []) { other, position in
                        try log.positions(of: other).filter { $0 <= position }.map { CaseEvent(try log.event(at: $0)) }
                    }
                    for (table, bytes) in result.rows {
                        if let bytes { try txn.put(txn.database(table), Array(stream.utf8), bytes, append: true) }
                    }
                    if !result.due.isEmpty { due[stream] = result.due }
                    for (target, f) in result.foreign {
                        foreign[target, default: []].append(f)
                        if folded.contains(target) || target == stream { refold.insert(target) }
                    }
                    folded.insert(stream)
                    done += UInt64(stored.count)
                }
                after = cases.last ?? after
                return cases.count < casesPerTransaction
            }
            progress(done, total)
        }
        // Cases changed by a case after them in reference order, and targets no case of their
        // own opened: folded again with every foreign event addressed to them.
        try ledger.write { log in
            let txn = log.transaction
            for target in refold.union(foreign.keys.filter { !folded.contains($0) }).sorted() {
                let events = try log.events(of: target).map(CaseEvent.init)
                let result = try fold.fold(target, events: events, foreign: foreign[target] ?? []) { other, position in
                    try log.positions(of: other).filter { $0 <= position }.map { CaseEvent(try log.event(at: $0)) }
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
        return s
    }
}
