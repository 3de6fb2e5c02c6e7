import Casework
import Foundation
import LedgerStore

/// One register as the hook, the replay, the rebuild and the readers see it: its reducer with
/// the row type erased. `RegisterKind.all` is the one list of registers; adding a register means
/// adding its reducer here (and its field in `RegisterSnapshot`).
public struct RegisterKind: Sendable {
    public let name: RegisterName
    let keys: @Sendable (CaseEvent, ReducerContext) throws -> [String]
    let apply: @Sendable (CaseEvent, inout (any RegisterRow)?, String, ReducerContext) throws -> Void
    let encode: @Sendable (any RegisterRow) throws -> [UInt8]
    let decode: @Sendable (UnsafeRawBufferPointer) throws -> any RegisterRow
    /// Sets the register's rows in a snapshot from type-erased rows.
    let setRows: @Sendable (inout RegisterSnapshot, [any RegisterRow]) -> Void
    /// A fresh page cache of the register's typed rows (`RegisterRowCache`).
    let makeCache: @Sendable () -> any CachedRegisterEntry

    /// The register `R` keeps, its rows held in a snapshot at `rows`.
    static func of<R: RegisterReducer>(_: R.Type, _ rows: WritableKeyPath<RegisterSnapshot, [R.Row]>) -> RegisterKind {
        // Key paths are immutable values; the compiler cannot see that a `WritableKeyPath` is Sendable.
        nonisolated(unsafe) let rows = rows
        return RegisterKind(
            name: R.register,
            keys: { try R.keys(for: $0, context: $1) },
            apply: { event, row, key, context in
                var typed = row.map { $0 as! R.Row }
                try R.apply(event, to: &typed, key: key, context: context)
                row = typed
            },
            encode: { Array(try RowCoding.encode($0 as! R.Row)) },
            decode: { try RowCoding.decode(R.Row.self, from: $0) },
            setRows: { snapshot, erased in snapshot[keyPath: rows] = erased.map { $0 as! R.Row } },
            makeCache: { CachedRegister<R.Row>(R.register, into: rows) })
    }

    public static let all: [RegisterKind] = [
        .of(FOIRegister.self, \.foi), .of(SARRegister.self, \.sar), .of(BreachRegister.self, \.breach),
        .of(NearMissRegister.self, \.nearMiss), .of(DisclosureLog.self, \.disclosure),
        .of(ThirdPartyRegister.self, \.thirdParty),
        .of(AgreementRegister.self, \.agreements), .of(ComplaintRegister.self, \.complaints),
    ]

    public static func named(_ name: RegisterName) -> RegisterKind { all.first { $0.name == name }! }

    /// A row as stored in this register's table.
    public func row(from bytes: [UInt8]) throws -> any RegisterRow {
        try bytes.withUnsafeBytes { try decode($0) }
    }
}

/// The registers kept up to date inside the append transaction: one `LedgerHook` running every
/// register's reducer for each event.
///
/// Tables: `reg.<name>.rows` (case reference → row, `RowCoding`) per register, and `reg.state`
/// (`checkpoint` → the last position applied, u64 big-endian) shared by all of them. An event at
/// or before the checkpoint is skipped; if the checkpoint is behind the event (the registers were
/// added to an existing ledger, or events were appended without them), the missing events are
/// replayed first, so the registers are never behind the log.
public struct RegisterSetHook: LedgerHook {
    public static let stateTable = "reg.state"
    static let checkpointKey = Array("checkpoint".utf8)
    public let calculator: DeadlineCalculator
    let kinds: [RegisterKind]

    public init(names: [RegisterName] = RegisterName.allCases, calculator: DeadlineCalculator = DeadlineCalculator()) {
        self.calculator = calculator
        self.kinds = RegisterKind.all.filter { names.contains($0.name) }
    }

    public var databaseNames: [String] { kinds.map(\.name.rowsTable) + [Self.stateTable, DueIndex.table] }

    public func process(_ event: StoredEvent, in log: LogView) throws {
        let txn = log.transaction
        let state = txn.database(Self.stateTable)
        let checkpoint = try txn.get(state, Self.checkpointKey).map { UInt64(bigEndianBytes: $0) }
        if let checkpoint, event.position <= checkpoint { return }
        let next = checkpoint.map { $0 + 1 } ?? 0
        if next < event.position {
            try log.forEachEvent(from: next, through: event.position - 1) { earlier in
                try apply(CaseEvent(earlier), in: log)
                return true
            }
        }
        try apply(CaseEvent(event), in: log)
        try txn.put(state, Self.checkpointKey, event.position.bigEndianBytes)
    }

    /// Clears the named registers' rows and due steps, and the shared checkpoint (the rebuild
    /// replays them all).
    public func reset(in log: LogView) throws {
        let txn = log.transaction
        for kind in kinds { try txn.clear(txn.database(kind.name.rowsTable)) }
        let due = txn.database(DueIndex.table)
        if kinds.count == RegisterName.allCases.count {
            try txn.clear(due)
        } else {
            let bytes = Set(kinds.map { DueIndex.registerByte($0.name) })
            var doomed: [[UInt8]] = []
            try txn.scan(due) { k, _ in
                if k.count > 4, bytes.contains(k[4]) { doomed.append(Array(k)) }
                return true
            }
            for k in doomed { _ = try txn.delete(due, k) }
        }
        _ = try txn.delete(txn.database(Self.stateTable), Self.checkpointKey)
    }

    func apply(_ event: CaseEvent, in log: LogView) throws {
        let context = ReducerContext(calculator: calculator) { reference in
            try log.events(of: reference, through: event.position).map(CaseEvent.init)
        }
        for kind in kinds {
            let keys = try kind.keys(event, context)
            if keys.isEmpty { continue }
            let rows = log.transaction.database(kind.name.rowsTable)
            for key in keys {
                let keyBytes = Array(key.utf8)
                var row = try log.transaction.reading(rows, keyBytes) { bytes in try bytes.map { try kind.decode($0) } }
                let dueBefore = row?.dueSteps ?? []
                try kind.apply(event, &row, key, context)
                try DueIndex.update(kind.name, key, old: dueBefore, new: row?.dueSteps ?? [], in: log.transaction)
                if let row {
                    try log.transaction.put(rows, keyBytes, try kind.encode(row))
                } else {
                    _ = try log.transaction.delete(rows, keyBytes)
                }
            }
        }
    }

    /// Records that the registers reflect every event through `position` (after a rebuild).
    public func markApplied(through position: UInt64, in log: LogView) throws {
        try log.transaction.put(log.transaction.database(Self.stateTable), Self.checkpointKey, position.bigEndianBytes)
    }

    /// The last position the registers have applied, or nil when they have applied none.
    public static func checkpoint(in log: LogView) throws -> UInt64? {
        try log.transaction.get(log.transaction.database(stateTable), checkpointKey).map { UInt64(bigEndianBytes: $0) }
    }
}

/// Reading one register's stored rows.
public enum RegisterHook<Reducer: RegisterReducer> {
    /// Every stored row, in reference order.
    public static func rows(in log: LogView) throws -> [Reducer.Row] {
        var out: [Reducer.Row] = []
        try log.transaction.scan(log.transaction.database(Reducer.register.rowsTable)) { _, value in
            out.append(try RowCoding.decode(Reducer.Row.self, from: value))
            return true
        }
        return out
    }

    /// One stored row.
    public static func row(_ reference: String, in log: LogView) throws -> Reducer.Row? {
        try log.transaction.reading(log.transaction.database(Reducer.register.rowsTable), Array(reference.utf8)) { bytes in
            try bytes.map { try RowCoding.decode(Reducer.Row.self, from: $0) }
        }
    }
}

/// The registers as a set: the hook for `LedgerOptions.hooks` and for `Ledger.rebuild(hooks:)`.
public enum RegisterSet {
    /// The hook keeping every register.
    public static func allHooks(policy: Policy = .default, holidays: BankHolidayCalendar = .bundled) -> [any LedgerHook] {
        hooks(for: RegisterName.allCases, policy: policy, holidays: holidays)
    }

    /// The hook keeping the named registers.
    public static func hooks(for names: [RegisterName], policy: Policy = .default, holidays: BankHolidayCalendar = .bundled) -> [any LedgerHook] {
        [RegisterSetHook(names: names, calculator: DeadlineCalculator(policy: policy, holidays: holidays))]
    }

    /// Every LMDB table the registers use.
    public static var databaseNames: [String] { RegisterName.allCases.map(\.rowsTable) + [RegisterSetHook.stateTable, DueIndex.table] }
}

/// Which moment a register is read at.
public enum AsOf: Sendable, Hashable {
    /// The stored registers (kept up to date with every append).
    case latest
    /// As the registers stood after the event at this position (inclusive), replayed in memory.
    case position(UInt64)
    /// Events recorded up to the end of this day in Europe/London, replayed in memory.
    case endOfDay(LocalDate)
}

/// All registers' rows at one moment, each sorted by reference.
public struct RegisterSnapshot: Sendable, Equatable {
    public var foi: [FOIRow] = []
    public var sar: [SARRow] = []
    public var breach: [BreachRow] = []
    public var nearMiss: [NearMissRow] = []
    public var disclosure: [DisclosureRow] = []
    public var thirdParty: [ThirdPartyRow] = []
    public var agreements: [AgreementRow] = []
    public var complaints: [ComplaintRow] = []
    /// The last position reflected (nil for an empty log).
    public var position: UInt64?

    public init() {}
}

/// In-memory replay of the log through the same reducers the hooks run.
public struct RegisterReplay {
    public let calculator: DeadlineCalculator
    private var eventsByCase: [String: [CaseEvent]] = [:]
    private var rows: [[String: any RegisterRow]] = Array(repeating: [:], count: RegisterKind.all.count)
    private var last: UInt64?

    public init(calculator: DeadlineCalculator = DeadlineCalculator()) {
        self.calculator = calculator
    }

    /// Feeds the next event (events must arrive in log order).
    public mutating func apply(_ event: CaseEvent) throws {
        eventsByCase[event.reference, default: []].append(event)
        let history = eventsByCase
        let context = ReducerContext(calculator: calculator) { history[$0] ?? [] }
        for (i, kind) in RegisterKind.all.enumerated() {
            for key in try kind.keys(event, context) {
                var row = rows[i][key]
                try kind.apply(event, &row, key, context)
                rows[i][key] = row
            }
        }
        last = event.position
    }

    public var snapshot: RegisterSnapshot {
        var s = RegisterSnapshot()
        for (i, kind) in RegisterKind.all.enumerated() {
            s.set(kind.name, rows[i].keys.sorted().map { rows[i][$0]! })
        }
        s.position = last
        return s
    }
}

extension RegisterSnapshot {
    /// Sets one register's rows from type-erased rows (the `RegisterKind.all` order).
    mutating func set(_ name: RegisterName, _ rows: [any RegisterRow]) {
        RegisterKind.named(name).setRows(&self, rows)
    }
}

/// Reads registers: the stored rows, or a replay as of a position or day.
public struct RegisterReader: Sendable {
    public let calculator: DeadlineCalculator

    public init(policy: Policy = .default, holidays: BankHolidayCalendar = .bundled) {
        self.calculator = DeadlineCalculator(policy: policy, holidays: holidays)
    }

    public init(calculator: DeadlineCalculator) {
        self.calculator = calculator
    }

    /// Every register at `asOf`, read inside one transaction.
    ///
    /// `.latest` reads the stored tables (written by the hooks). If any register's checkpoint is
    /// not the log's last position (events were appended without the hooks, or the tables are
    /// missing), it replays the log instead, so a read never shows stale rows. The other moments
    /// replay the log from position 0 in memory.
    public func snapshot(in log: LogView, asOf: AsOf = .latest) throws -> RegisterSnapshot {
        switch asOf {
        case .latest:
            let size = try log.size()
            let expected: UInt64? = size == 0 ? nil : size - 1
            if try RegisterSetHook.checkpoint(in: log) != expected {
                // Behind the log (events appended by a process without the register hooks, or a
                // rebuild still to run): replay rather than show stale rows.
                return try expected.map { try snapshot(in: log, asOf: .position($0)) } ?? RegisterSnapshot()
            }
            var s = RegisterSnapshot()
            for kind in RegisterKind.all {
                var rows: [any RegisterRow] = []
                try log.transaction.scan(log.transaction.database(kind.name.rowsTable)) { _, value in
                    rows.append(try kind.decode(value))
                    return true
                }
                s.set(kind.name, rows)
            }
            s.position = expected
            return s
        case .position(let end):
            var replay = RegisterReplay(calculator: calculator)
            try log.forEachEvent(from: 0, through: end) { e in
                try replay.apply(CaseEvent(e))
                return true
            }
            return replay.snapshot
        case .endOfDay(let day):
            let cutoff = Timestamp(day.adding(days: 1).startOfDay())
            var replay = RegisterReplay(calculator: calculator)
            try log.forEachEvent { e in
                if e.envelope.recordedAt < cutoff { try replay.apply(CaseEvent(e)) }
                return true
            }
            return replay.snapshot
        }
    }

    /// Whether the stored tables reflect every event in the log (else reads replay it).
    public func isCurrent(in log: LogView) throws -> Bool {
        let size = try log.size()
        return try RegisterSetHook.checkpoint(in: log) == (size == 0 ? nil : size - 1)
    }

    /// What is due or overdue across every register (see `RegisterSnapshot.dueList`), read from the
    /// due index: only the steps due by the horizon are touched.
    public func dueList(in log: LogView, within: Int, today: LocalDate) throws -> [DueItem] {
        guard try isCurrent(in: log) else { return try snapshot(in: log).dueList(within: within, today: today, calculator: calculator) }
        let limit = calculator.calendar(for: nil as Division?).workingDay(max(0, within), after: today)
        return try DueItem.list(try DueIndex.entries(in: log, through: limit), within: within, today: today, calculator: calculator)
            .withOfficers(in: log)
    }

    /// One register's rows, filtered and evaluated against `today`, read at `asOf`.
    ///
    /// For the stored registers, only that register's table is read; a filter on overdue or on
    /// "due within N working days" reads only the rows the due index names (a row is overdue on a
    /// day only if one of its steps is due before it).
    public func rows(_ name: RegisterName, in log: LogView, filter: RegisterFilter = RegisterFilter(), today: LocalDate,
                     asOf: AsOf = .latest, reveal: (JSONValue) -> JSONValue = Reveal.redacted) throws -> RegisterOutput {
        guard asOf == .latest, try isCurrent(in: log) else {
            return try snapshot(in: log, asOf: asOf).rows(name, filter: filter, today: today, calculator: calculator, reveal: reveal)
        }
        let kind = RegisterKind.named(name)
        let table = log.transaction.database(name.rowsTable)
        var rows: [any RegisterRow] = []
        var horizon: LocalDate?
        if filter.overdue == true { horizon = today.adding(days: -1) }
        if let n = filter.dueWithinWorkingDays {
            let limit = calculator.calendar(for: nil as Division?).workingDay(max(0, n), after: today)
            horizon = min(horizon ?? limit, limit)
        }
        if let horizon {
            let references = Set(try DueIndex.entries(in: log, through: horizon, registers: [name]).map(\.reference)).sorted()
            for reference in references {
                if let row = try log.transaction.reading(table, Array(reference.utf8), { try $0.map { try kind.decode($0) } }) { rows.append(row) }
            }
        } else {
            try log.transaction.scan(table) { _, value in
                rows.append(try kind.decode(value))
                return true
            }
        }
        var s = RegisterSnapshot()
        s.set(name, rows)
        return try s.rows(name, filter: filter, today: today, calculator: calculator, reveal: reveal)
    }

    /// One page of a register's stored rows in reference order: up to `limit` rows after the
    /// reference `after` (from the first when nil), with the reference to ask for the next page
    /// (nil on the last). Reads only the page's rows.
    public func page(_ name: RegisterName, in log: LogView, after: String? = nil, limit: Int, today: LocalDate,
                     reveal: (JSONValue) -> JSONValue = Reveal.redacted) throws -> (output: RegisterOutput, next: String?) {
        guard try isCurrent(in: log) else {
            let all = try snapshot(in: log).rows(name, today: today, calculator: calculator, reveal: reveal)
            let start = after.map { a in all.json.firstIndex { ($0["reference"]?.stringValue ?? "") > a } ?? all.json.count } ?? 0
            let end = min(all.json.count, start + max(0, limit))
            var out = all
            out.json = Array(all.json[start..<end])
            out.cells = Array(all.cells[start..<end])
            out.tableCells = Array(all.tableCells[start..<end])
            return (out, end < all.json.count ? out.json.last?["reference"]?.stringValue : nil)
        }
        let kind = RegisterKind.named(name)
        var rows: [any RegisterRow] = []
        var more = false
        let body = { (k: UnsafeRawBufferPointer, v: UnsafeRawBufferPointer) throws -> Bool in
            if let after, String(decoding: k, as: UTF8.self) <= after { return true }
            let row = try kind.decode(v)
            guard row.isListed else { return true }
            if rows.count == max(0, limit) { more = true; return false }
            rows.append(row)
            return true
        }
        let table = log.transaction.database(name.rowsTable)
        if let after { try log.transaction.scan(table, from: Array(after.utf8), body) } else { try log.transaction.scan(table, body) }
        var s = RegisterSnapshot()
        s.set(name, rows)
        return (try s.rows(name, today: today, calculator: calculator, reveal: reveal), more ? rows.last?.reference : nil)
    }

    /// The stored registers' checkpoint, for each register (one checkpoint is shared; nil:
    /// nothing applied yet).
    public func checkpoints(in log: LogView) throws -> [RegisterName: UInt64?] {
        let shared = try RegisterSetHook.checkpoint(in: log)
        return Dictionary(uniqueKeysWithValues: RegisterName.allCases.map { ($0, shared) })
    }
}
