import Casework
import Foundation
import LedgerStore

/// A register kept up to date inside the append transaction: a `LedgerHook` running one reducer.
///
/// Tables: `reg.<name>.rows` (case reference → row JSON) and `reg.<name>.state` (`checkpoint` →
/// the last position applied, u64 big-endian). An event at or before the checkpoint is skipped; if
/// the checkpoint is behind the event (the hook was added to an existing ledger), the missing
/// events are replayed first, so the register is never behind the log.
public struct RegisterHook<Reducer: RegisterReducer>: LedgerHook {
    public let calculator: DeadlineCalculator

    public init(calculator: DeadlineCalculator = DeadlineCalculator()) {
        self.calculator = calculator
    }

    public var databaseNames: [String] { [Reducer.register.rowsTable, Reducer.register.stateTable] }

    public func process(_ event: StoredEvent, in log: LogView) throws {
        let checkpoint = try Self.checkpoint(in: log)
        if let checkpoint, event.position <= checkpoint { return }
        let next = checkpoint.map { $0 + 1 } ?? 0
        if next < event.position {
            try log.forEachEvent(from: next, through: event.position - 1) { earlier in
                try apply(CaseEvent(earlier), in: log)
                return true
            }
        }
        try apply(CaseEvent(event), in: log)
        try log.transaction.put(log.transaction.database(Reducer.register.stateTable), Array("checkpoint".utf8), event.position.bigEndianBytes)
    }

    func apply(_ event: CaseEvent, in log: LogView) throws {
        let rows = log.transaction.database(Reducer.register.rowsTable)
        let context = ReducerContext(calculator: calculator) { reference in
            try log.positions(of: reference).filter { $0 <= event.position }.map { CaseEvent(try log.event(at: $0)) }
        }
        for key in try Reducer.keys(for: event, context: context) {
            let keyBytes = Array(key.utf8)
            var row = try log.transaction.get(rows, keyBytes).map { try RowCoding.decode(Reducer.Row.self, from: $0) }
            try Reducer.apply(event, to: &row, key: key, context: context)
            if let row {
                try log.transaction.put(rows, keyBytes, Array(try RowCoding.encode(row)))
            } else {
                _ = try log.transaction.delete(rows, keyBytes)
            }
        }
    }

    /// The last position this register has applied, or nil when it has applied none.
    public static func checkpoint(in log: LogView) throws -> UInt64? {
        try log.transaction.get(log.transaction.database(Reducer.register.stateTable), Array("checkpoint".utf8))
            .map { UInt64(bigEndianBytes: $0) }
    }

    /// Every stored row, in reference order.
    public static func rows(in log: LogView) throws -> [Reducer.Row] {
        var out: [Reducer.Row] = []
        try log.transaction.scan(log.transaction.database(Reducer.register.rowsTable)) { _, value in
            out.append(try RowCoding.decode(Reducer.Row.self, from: Array(value)))
            return true
        }
        return out
    }

    /// One stored row.
    public static func row(_ reference: String, in log: LogView) throws -> Reducer.Row? {
        try log.transaction.get(log.transaction.database(Reducer.register.rowsTable), Array(reference.utf8))
            .map { try RowCoding.decode(Reducer.Row.self, from: $0) }
    }
}

/// The registers as a set: hooks for `LedgerOptions.hooks` and for `Ledger.rebuild(hooks:)`.
public enum RegisterSet {
    /// One hook per register, in `RegisterName.allCases` order.
    public static func allHooks(policy: Policy = .default, holidays: BankHolidayCalendar = .bundled) -> [any LedgerHook] {
        hooks(for: RegisterName.allCases, policy: policy, holidays: holidays)
    }

    /// Hooks for the named registers.
    public static func hooks(for names: [RegisterName], policy: Policy = .default, holidays: BankHolidayCalendar = .bundled) -> [any LedgerHook] {
        let calculator = DeadlineCalculator(policy: policy, holidays: holidays)
        return names.map { name -> any LedgerHook in
            switch name {
            case .foi: RegisterHook<FOIRegister>(calculator: calculator)
            case .sar: RegisterHook<SARRegister>(calculator: calculator)
            case .breach: RegisterHook<BreachRegister>(calculator: calculator)
            case .nearMiss: RegisterHook<NearMissRegister>(calculator: calculator)
            case .disclosure: RegisterHook<DisclosureLog>(calculator: calculator)
            }
        }
    }

    /// Every LMDB table the registers use.
    public static var databaseNames: [String] { RegisterName.allCases.flatMap { [$0.rowsTable, $0.stateTable] } }
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
    /// The last position reflected (nil for an empty log).
    public var position: UInt64?

    public init() {}
}

/// In-memory replay of the log through the same reducers the hooks run.
public struct RegisterReplay {
    public let calculator: DeadlineCalculator
    private var eventsByCase: [String: [CaseEvent]] = [:]
    private var foi: [String: FOIRow] = [:]
    private var sar: [String: SARRow] = [:]
    private var breach: [String: BreachRow] = [:]
    private var nearMiss: [String: NearMissRow] = [:]
    private var disclosure: [String: DisclosureRow] = [:]
    private var last: UInt64?

    public init(calculator: DeadlineCalculator = DeadlineCalculator()) {
        self.calculator = calculator
    }

    /// Feeds the next event (events must arrive in log order).
    public mutating func apply(_ event: CaseEvent) throws {
        eventsByCase[event.reference, default: []].append(event)
        let history = eventsByCase
        let context = ReducerContext(calculator: calculator) { history[$0] ?? [] }
        try Self.run(FOIRegister.self, event, &foi, context)
        try Self.run(SARRegister.self, event, &sar, context)
        try Self.run(BreachRegister.self, event, &breach, context)
        try Self.run(NearMissRegister.self, event, &nearMiss, context)
        try Self.run(DisclosureLog.self, event, &disclosure, context)
        last = event.position
    }

    private static func run<R: RegisterReducer>(_: R.Type, _ event: CaseEvent, _ rows: inout [String: R.Row], _ context: ReducerContext) throws {
        for key in try R.keys(for: event, context: context) {
            var row = rows[key]
            try R.apply(event, to: &row, key: key, context: context)
            rows[key] = row
        }
    }

    public var snapshot: RegisterSnapshot {
        func sorted<Row>(_ d: [String: Row]) -> [Row] { d.keys.sorted().map { d[$0]! } }
        var s = RegisterSnapshot()
        s.foi = sorted(foi)
        s.sar = sorted(sar)
        s.breach = sorted(breach)
        s.nearMiss = sorted(nearMiss)
        s.disclosure = sorted(disclosure)
        s.position = last
        return s
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
            if try checkpoints(in: log).values.contains(where: { $0 != expected }) {
                // Behind the log (events appended by a process without the register hooks, or a
                // rebuild still to run): replay rather than show stale rows.
                return try expected.map { try snapshot(in: log, asOf: .position($0)) } ?? RegisterSnapshot()
            }
            var s = RegisterSnapshot()
            s.foi = try RegisterHook<FOIRegister>.rows(in: log)
            s.sar = try RegisterHook<SARRegister>.rows(in: log)
            s.breach = try RegisterHook<BreachRegister>.rows(in: log)
            s.nearMiss = try RegisterHook<NearMissRegister>.rows(in: log)
            s.disclosure = try RegisterHook<DisclosureLog>.rows(in: log)
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

    /// The stored register's checkpoint for each register (nil: nothing applied yet).
    public func checkpoints(in log: LogView) throws -> [RegisterName: UInt64?] {
        [
            .foi: try RegisterHook<FOIRegister>.checkpoint(in: log),
            .sar: try RegisterHook<SARRegister>.checkpoint(in: log),
            .breach: try RegisterHook<BreachRegister>.checkpoint(in: log),
            .nearMiss: try RegisterHook<NearMissRegister>.checkpoint(in: log),
            .disclosure: try RegisterHook<DisclosureLog>.checkpoint(in: log),
        ]
    }
}
