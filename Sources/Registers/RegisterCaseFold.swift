import Casework
import Foundation
import LedgerStore

/// Folds the registers one case at a time, for a rebuild that reads the log case by case and
/// writes every table once, in key order.
///
/// A register row depends on its own case's events and, rarely, on events of another case
/// addressed to it (a breach's wrongful-release link adds the breach to the FOI request's row).
/// Such an event is handed back as `Foreign`, to be folded with the case it is addressed to in
/// position order, so the rows equal those of the log-order fold the append hook makes.
public struct RegisterCaseFold: Sendable {
    public let calculator: DeadlineCalculator
    let kinds: [RegisterKind]

    public init(names: [RegisterName] = RegisterName.allCases, calculator: DeadlineCalculator) {
        self.calculator = calculator
        self.kinds = RegisterKind.all.filter { names.contains($0.name) }
    }

    public var names: [RegisterName] { kinds.map(\.name) }

    /// An event of another case that changes a row of this one, with its own case's history up to it.
    public struct Foreign: Sendable {
        let event: CaseEvent
        let history: [CaseEvent]
        let kind: Int
        public var position: UInt64 { event.position }
    }

    /// One case folded: each register's encoded row (nil: the case has no row there), and the
    /// events that change other cases' rows, by the reference they change.
    public struct Result {
        public var rows: [(table: String, bytes: [UInt8]?)]
        /// The due-index entries (key, value) of the rows.
        public var due: [(key: [UInt8], value: [UInt8])]
        public var foreign: [(target: String, Foreign)]
    }

    /// Folds `reference` from its own events (version order) and the foreign events addressed to it.
    /// `eventsOfOtherCase` answers a reducer asking about another case (the log, up to a position).
    public func fold(_ reference: String, events: [CaseEvent], foreign: [Foreign],
                     eventsOfOtherCase: @escaping (String, UInt64) throws -> [CaseEvent]) throws -> Result {
        var rows = [(any RegisterRow)?](repeating: nil, count: kinds.count)
        var emitted: [(target: String, Foreign)] = []
        // Own events and foreign ones, merged in log order.
        var own = events.startIndex
        var other = foreign.sorted { $0.position < $1.position }.makeIterator()
        var nextForeign = other.next()
        func context(_ history: [CaseEvent], _ of: String, upTo position: UInt64) -> ReducerContext {
            ReducerContext(calculator: calculator) { ref in
                ref == of ? history : try eventsOfOtherCase(ref, position)
            }
        }
        while own < events.endIndex || nextForeign != nil {
            if let f = nextForeign, own == events.endIndex || f.position < events[own].position {
                try kinds[f.kind].apply(f.event, &rows[f.kind], reference, context(f.history, f.event.reference, upTo: f.position))
                nextForeign = other.next()
                continue
            }
            let event = events[own]
            own += 1
            let history = Array(events[..<own])
            let ctx = context(history, reference, upTo: event.position)
            for (i, kind) in kinds.enumerated() {
                for key in try kind.keys(event, ctx) {
                    if key == reference {
                        try kind.apply(event, &rows[i], key, ctx)
                    } else {
                        emitted.append((key, Foreign(event: event, history: history, kind: i)))
                    }
                }
            }
        }
        var due: [(key: [UInt8], value: [UInt8])] = []
        for (i, kind) in kinds.enumerated() {
            for step in rows[i]?.dueSteps ?? [] { due.append((DueIndex.key(kind.name, reference, step), DueIndex.value(step))) }
        }
        return Result(
            rows: try kinds.enumerated().map { i, kind in (kind.name.rowsTable, try rows[i].map { try kind.encode($0) }) },
            due: due, foreign: emitted)
    }
}
