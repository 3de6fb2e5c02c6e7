import Registers
import Casework
import Foundation
import LedgerStore

/// One way a stored derived table differs from what the log produces.
public struct RegisterDifference: Sendable, CustomStringConvertible {
    /// The register whose table differs (nil for the case-state table).
    public var register: RegisterName?
    /// The table, e.g. `reg.foi.rows`, `reg.due`, `rules.caseState`.
    public var table: String
    /// The case reference the difference concerns.
    public var reference: String
    /// The field that differs (a dotted path), when the row was readable on both sides.
    public var field: String?
    /// What differs, in words.
    public var message: String

    public var description: String { message }
}

/// What the register check found.
public struct RegisterCheckReport: Sendable {
    /// Cases folded from the log.
    public var cases: Int = 0
    /// Events read.
    public var events: UInt64 = 0
    /// Stored rows compared.
    public var rows: Int = 0
    /// The first difference found (in case-reference order: register rows, then stored rows no
    /// case produces, then the due index, then the case states); nil when none.
    public var firstDifference: RegisterDifference?
    /// How many differences were found in all (rows, due entries and states).
    public var differenceCount: Int = 0
    /// Every register with at least one difference in its rows or due steps.
    public var failedRegisters: Set<RegisterName> { Set(firstDifferenceByRegister.keys) }
    /// Each failed register's first difference (its rows, then its due steps).
    public var firstDifferenceByRegister: [RegisterName: RegisterDifference] = [:]
    /// Set when the stored tables cannot be compared because they were written by another version
    /// or are behind the log: what to do (run `casebook rebuild`), not a difference.
    public var rebuildNeeded: String?

    public var ok: Bool { firstDifference == nil && rebuildNeeded == nil }
}

extension Casebook {
    /// Checks the log, then the derived tables: `ledger.verify()` followed by `checkRegisters()`.
    /// The register check runs only when the log verifies (a damaged log has no rows to trust).
    public func verify(progress: (UInt64, UInt64) -> Void = { _, _ in }) throws -> (log: VerificationReport, registers: RegisterCheckReport?) {
        let log = try ledger.verify(progress: progress)
        guard log.ok else { return (log, nil) }
        return (log, try checkRegisters())
    }

    /// Recomputes every register row, the due index (`reg.due`) and the case-state table
    /// (`rules.caseState`) from the log in memory, with the fold `rebuild` uses, and compares
    /// them with the stored tables, writing nothing.
    ///
    /// Reads one snapshot (one read transaction), so appends made meanwhile are neither seen nor
    /// reported. Cases are folded `casesPerChunk` at a time and each chunk's events let go once it
    /// is compared; what is held for the whole check is what the rebuild holds too (the set of
    /// case references, the due entries, events of one case that change another's row).
    /// Differences found are remembered by case, so a row later refolded with an event of a case
    /// folded after it (a breach's wrongful-release link) is judged on its final fold.
    ///
    /// A stored row or state written by another version of Casebook, or tables behind the log,
    /// give `rebuildNeeded` ("run `casebook rebuild`"), not a difference.
    public func checkRegisters(casesPerChunk: Int = 2000) throws -> RegisterCheckReport {
        let fold = RegisterCaseFold(calculator: deadlines)
        let rules = CaseRulesHook(lenient: true, deadlines: deadlines)
        let kinds = Dictionary(uniqueKeysWithValues: RegisterKind.all.map { ($0.name.rowsTable, $0) })
        return try ledger.read { log in
            var report = RegisterCheckReport()
            let txn = log.transaction
            let size = try log.size()
            if !(try registerReader.isCurrent(in: log)) {
                let at = try RegisterSetHook.checkpoint(in: log)
                report.rebuildNeeded = "the stored registers reflect the log only " + (at.map { "up to position \($0)" } ?? "before its first event")
                    + " of \(size) events; run `casebook rebuild` to refold them from the log, then `casebook verify` again"
                return report
            }
            var check = Comparison(kinds: kinds)
            var foreign: [String: [RegisterCaseFold.Foreign]] = [:]
            var folded: Set<String> = []
            var refold: Set<String> = []
            var due: [String: [(key: [UInt8], value: [UInt8])]] = [:]
            var after: String?
            while true {
                var cases: [String] = []
                let collect = { (stream: String, _: UInt64) -> Bool in
                    if stream == after { return true }
                    cases.append(stream)
                    return cases.count < casesPerChunk
                }
                if let after { try log.forEachCase(from: after, collect) } else { try log.forEachCase(collect) }
                if cases.isEmpty { break }
                for stream in cases {
                    let c = try Self.foldCase(stream, in: log, rules: rules, fold: fold, foreign: foreign[stream] ?? [])
                    report.cases += 1
                    report.events += UInt64(c.events.count)
                    try check.rows(of: stream, c.result.rows, in: txn)
                    try check.state(of: stream, c.state, in: txn)
                    due[stream] = c.result.due.isEmpty ? nil : c.result.due
                    folded.insert(stream)
                    for (target, f) in c.result.foreign {
                        foreign[target, default: []].append(f)
                        if folded.contains(target) { refold.insert(target) }
                    }
                }
                txn.releaseResidentPages()
                after = cases.last
                if cases.count < casesPerChunk { break }
            }
            // Rows changed by an event of a case folded after them, and rows of cases the log
            // never opened: judged on their fold with every event addressed to them.
            for target in refold.union(foreign.keys.filter { !folded.contains($0) }).sorted() {
                let events = try log.events(of: target).map(CaseEvent.init)
                let result = try fold.fold(target, events: events, foreign: foreign[target] ?? []) { other, position in
                    try log.events(of: other, through: position).map(CaseEvent.init)
                }
                try check.rows(of: target, result.rows, in: txn, counting: folded.contains(target) == false)
                due[target] = result.due.isEmpty ? nil : result.due
            }
            let known = folded.union(foreign.keys)
            try check.strayRows(known: known, in: txn)
            try check.dueIndex(expected: due.values.flatMap { $0 }.sorted { $0.key.lexicographicallyPrecedes($1.key) }, in: txn)
            try check.strayStates(known: folded, in: txn)
            report.rows = check.compared
            if let stale = check.rebuildNeeded {
                report.rebuildNeeded = stale
                return report
            }
            report.firstDifference = check.first
            report.differenceCount = check.count
            report.firstDifferenceByRegister = check.firstByRegister
            return report
        }
    }
}

/// The comparisons of one register check, and the differences they found.
private struct Comparison {
    let kinds: [String: RegisterKind]
    var compared = 0
    var rebuildNeeded: String?
    /// Row differences by case (replaced when a case is refolded), in register order.
    var rowDifferences: [String: [RegisterDifference]] = [:]
    var strays: [RegisterDifference] = []
    var dueDifferences: [RegisterDifference] = []
    var stateDifferences: [String: RegisterDifference] = [:]
    var dueCount = 0

    init(kinds: [String: RegisterKind]) { self.kinds = kinds }

    var count: Int { rowDifferences.values.reduce(0) { $0 + $1.count } + strays.count + dueCount + stateDifferences.count }

    var first: RegisterDifference? {
        if let key = rowDifferences.keys.min() { return rowDifferences[key]!.first }
        if let s = strays.first { return s }
        if let d = dueDifferences.first { return d }
        return stateDifferences.keys.min().flatMap { stateDifferences[$0] }
    }

    var firstByRegister: [RegisterName: RegisterDifference] {
        var out: [RegisterName: RegisterDifference] = [:]
        for d in rowDifferences.keys.sorted().flatMap({ rowDifferences[$0]! }) + strays + dueDifferences {
            if let r = d.register, out[r] == nil { out[r] = d }
        }
        return out
    }

    /// Compares a case's computed rows with the stored ones.
    /// `counting`: false when the case's rows were compared already (a refold), so each is counted once.
    mutating func rows(of reference: String, _ computed: [(table: String, bytes: [UInt8]?)], in txn: Transaction, counting: Bool = true) throws {
        let key = Array(reference.utf8)
        var found: [RegisterDifference] = []
        for (table, expected) in computed {
            let kind = kinds[table]!
            let stored = try txn.get(txn.database(table), key)
            if counting, stored != nil || expected != nil { compared += 1 }
            guard stored != expected else { continue }
            let name = kind.name
            guard let stored else {
                found.append(RegisterDifference(register: name, table: table, reference: reference, field: nil,
                                                message: "\(name.title): \(reference) has no stored row, but its events produce one; restore the ledger from a backup, or run `casebook rebuild`"))
                continue
            }
            guard let expected else {
                found.append(RegisterDifference(register: name, table: table, reference: reference, field: nil,
                                                message: "\(name.title): \(reference) has a stored row, but its events produce none; restore the ledger from a backup, or run `casebook rebuild`"))
                continue
            }
            let storedRow: any RegisterRow
            do { storedRow = try kind.row(from: stored) } catch let error as LedgerError where error.code == .versionMismatch {
                rebuildNeeded = rebuildNeeded ?? "the stored \(name.title) was written by another version of Casebook (\(reference)): run `casebook rebuild` to refold it from the log, then `casebook verify` again"
                continue
            } catch {
                found.append(RegisterDifference(register: name, table: table, reference: reference, field: nil,
                                                message: "\(name.title): the stored row of \(reference) cannot be read (\(error)); restore the ledger from a backup, or run `casebook rebuild`"))
                continue
            }
            let produced = try kind.row(from: expected)
            // Equal values may be encoded in other bytes (a row holding a dictionary): compare values.
            guard case let (field, was, now)? = firstFieldDifference(try encodeJSON(storedRow), try encodeJSON(produced)) else { continue }
            found.append(RegisterDifference(register: name, table: table, reference: reference, field: field,
                                            message: "\(name.title): \(reference), field \(field): stored \(was), but its events give \(now); restore the ledger from a backup, or run `casebook rebuild`"))
        }
        rowDifferences[reference] = found.isEmpty ? nil : found
    }

    /// Rows stored for references no case of the log produces.
    mutating func strayRows(known: Set<String>, in txn: Transaction) throws {
        for kind in RegisterKind.all {
            try txn.scan(txn.database(kind.name.rowsTable)) { k, _ in
                let reference = String(decoding: k, as: UTF8.self)
                if !known.contains(reference) {
                    strays.append(RegisterDifference(register: kind.name, table: kind.name.rowsTable, reference: reference, field: nil,
                                                     message: "\(kind.name.title): a row is stored for \(reference), but the log has no such case; restore the ledger from a backup, or run `casebook rebuild`"))
                    return strays.count < 100
                }
                return true
            }
        }
    }

    /// Compares the stored due index with the entries the folded rows give (both in key order).
    mutating func dueIndex(expected: [(key: [UInt8], value: [UInt8])], in txn: Transaction) throws {
        // (key, value, what is wrong), in key order as found.
        var found: [([UInt8], [UInt8], String)] = []
        var total = 0
        let missing = "is missing, though the case's events produce it"
        var i = 0
        try txn.scan(txn.database(DueIndex.table)) { k, v in
            let key = Array(k), value = Array(v)
            while i < expected.count, expected[i].key.lexicographicallyPrecedes(key) {
                total += 1
                if found.count < 100 { found.append((expected[i].key, expected[i].value, missing)) }
                i += 1
            }
            if i < expected.count, expected[i].key == key {
                if expected[i].value != value {
                    total += 1
                    if found.count < 100 { found.append((key, value, "is stored with another deadline instant than its events give")) }
                }
                i += 1
            } else {
                total += 1
                if found.count < 100 { found.append((key, value, "is stored, but the case's events produce no such step")) }
            }
            return true
        }
        while i < expected.count {
            total += 1
            if found.count < 100 { found.append((expected[i].key, expected[i].value, missing)) }
            i += 1
        }
        dueCount += total
        for (key, value, what) in found {
            let entry = key.withUnsafeBytes { k in value.withUnsafeBytes { v in DueIndex.entry(key: k, value: v) } }
            let reference = entry?.reference ?? String(decoding: key, as: UTF8.self)
            let step = entry.map { "step \($0.step.step) due \($0.step.dueOn.iso)" } ?? "an unreadable key"
            dueDifferences.append(RegisterDifference(register: entry?.register, table: DueIndex.table, reference: reference, field: entry?.step.step,
                                                     message: "the due index (\(DueIndex.table)): \(reference) \(step) \(what); restore the ledger from a backup, or run `casebook rebuild`"))
        }
    }

    /// Compares a case's folded rules state with the stored one.
    mutating func state(of reference: String, _ computed: [UInt8]?, in txn: Transaction) throws {
        let stored = try txn.get(txn.database(CaseRulesHook.stateTable), Array(reference.utf8))
        guard stored != computed else { return }
        let table = CaseRulesHook.stateTable
        var field: String?
        var message = "the case states (\(table)): \(reference) "
        if stored == nil {
            message += "has no stored state, though its events produce one"
        } else if let stored, let computed {
            do {
                let was = try CaseStateStore.decode(stored, of: reference)!
                let now = try CaseStateStore.decode(computed, of: reference)!
                // Equal states may be encoded in other bytes (a dictionary's order): compare values.
                guard let d = firstFieldDifference(try encodeJSON(was), try encodeJSON(now)) else { return }
                field = d.field
                message += "field \(d.field): stored \(d.stored), but its events give \(d.produced)"
            } catch let error as LedgerError where error.code == .versionMismatch {
                rebuildNeeded = rebuildNeeded ?? "the stored state of \(reference) was written by another version of Casebook: run `casebook rebuild`, then `casebook verify` again"
                return
            } catch {
                message += "has a stored state that cannot be read (\(error))"
            }
        } else {
            message += "has a stored state, but its events produce none"
        }
        stateDifferences[reference] = RegisterDifference(register: nil, table: table, reference: reference, field: field,
                                                         message: message + "; restore the ledger from a backup, or run `casebook rebuild`")
    }

    /// States stored for cases the log does not have.
    mutating func strayStates(known: Set<String>, in txn: Transaction) throws {
        try txn.scan(txn.database(CaseRulesHook.stateTable)) { k, _ in
            let reference = String(decoding: k, as: UTF8.self)
            guard !known.contains(reference) else { return true }
            stateDifferences[reference] = RegisterDifference(register: nil, table: CaseRulesHook.stateTable, reference: reference, field: nil,
                                                             message: "the case states (\(CaseRulesHook.stateTable)): a state is stored for \(reference), but the log has no such case; restore the ledger from a backup, or run `casebook rebuild`")
            return stateDifferences.count < 100
        }
    }
}

private func encodeJSON<T: Encodable>(_ value: T) throws -> JSONValue { try JSONValueEncoder().encode(value) }

/// The first field (dotted path, members in key order) whose values differ, with both values shown.
func firstFieldDifference(_ a: JSONValue, _ b: JSONValue, path: String = "") -> (field: String, stored: String, produced: String)? {
    if a == b { return nil }
    if case .object(let x) = a, case .object(let y) = b {
        for key in Set(x.keys).union(y.keys).sorted() {
            let sub = path.isEmpty ? key.string : path + "." + key.string
            switch (x[key], y[key]) {
            case let (l?, r?): if let d = firstFieldDifference(l, r, path: sub) { return d }
            case let (l?, nil): return (sub, shown(l), "nothing")
            case let (nil, r?): return (sub, "nothing", shown(r))
            case (nil, nil): continue
            }
        }
        return nil
    }
    if case .array(let x) = a, case .array(let y) = b, x.count == y.count {
        for (i, (l, r)) in zip(x, y).enumerated() {
            if let d = firstFieldDifference(l, r, path: "\(path)[\(i)]") { return d }
        }
        return nil
    }
    return (path.isEmpty ? "(value)" : path, shown(a), shown(b))
}

private func shown(_ value: JSONValue) -> String {
    let text = value.canonicalString
    return text.count > 120 ? String(text.prefix(117)) + "…" : text
}

extension RegisterName {
    /// The register's name in messages ("the FOI register").
    public var title: String {
        switch self {
        case .foi: "the FOI register"
        case .sar: "the SAR register"
        case .breach: "the breach register"
        case .nearMiss: "the near-miss register"
        case .disclosure: "the disclosure log"
        case .thirdParty: "the third-party register"
        case .agreements: "the agreements register"
        case .complaints: "the complaints register"
        }
    }
}
