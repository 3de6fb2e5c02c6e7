import Casework
import Foundation
import LedgerStore
import Registers

/// What a case would look like after a command, worked out without recording it.
public struct CommandPreview: Sendable {
    /// The case the command acts on (for an opening command, the reference it would take).
    public var reference: CaseReference
    /// The events the command would record, in order.
    public var eventTypes: [EventType]
    /// The case's folded lifecycle after the command, as the rules would leave it.
    public var state: CaseLifecycle
    /// The case's register rows after the command, evaluated for `today` (usually one).
    public var rows: [RegisterName: any RegisterRow]
    /// The steps still outstanding after the command, earliest first.
    public var dueSteps: [DueStep]
}

extension Casebook {
    /// A dry run of `command`: the same defaults, field checks and lifecycle rules as `perform`,
    /// then the registers folded over the case's events plus the new ones, all on copies in
    /// memory inside one read transaction. Nothing is appended and no table is written; the
    /// keystore is not touched (the new events are never sealed).
    ///
    /// - Throws: `CasebookError` with every problem of the input (as `perform`), or the
    ///   `RuleViolation` the command would break, as recording it would.
    public func preview(_ command: CaseCommand, by actor: Actor, today: LocalDate) throws -> CommandPreview {
        let (reference, inputs) = try prepareCommand(command, by: actor)
        let deadlines = self.deadlines
        let recordedAt = ledger.recordingTime()
        return try ledger.read { log -> CommandPreview in
            var states: [String: CaseLifecycle?] = [:]
            var position = try log.size()
            var newEvents: [String: [CaseEvent]] = [:]
            // The new events as the log would store them, for a void's refold.
            var newStored: [String: [StoredEvent]] = [:]
            let rules = CaseRulesHook(deadlines: deadlines)
            for input in inputs {
                let stream = input.caseReference.rawValue
                if states[stream] == nil { states[stream] = .some(try CaseStateStore.state(of: stream, in: log)) }
                let context = RuleContext(
                    caseOfEvent: { id in (try? log.position(ofEvent: id)).flatMap { $0 }.flatMap { try? log.event(at: $0).envelope.stream } },
                    typeOfEvent: { id in
                        (try? log.position(ofEvent: id)).flatMap { $0 }.flatMap { try? log.event(at: $0).envelope.type }
                            .flatMap { try? EventCatalogue.eventType(named: $0) }
                    },
                    occurredAt: input.occurredAt, recordedAt: recordedAt, deadlines: deadlines)
                // A rule the command breaks is thrown as the append would throw it (`RuleViolation`).
                var next = try LifecycleRules.evaluate(case: input.caseReference, type: input.payload.eventType,
                                                       payload: input.payload, state: states[stream] ?? nil, context: context)
                // The registers read only non-personal fields by name, so the plain payload stands in
                // for the sealed one the log would hold; it never leaves this function.
                let plain = try EventCatalogue.encodeJSON(input.payload)
                let logged = try log.events(of: stream)
                let envelope = EventEnvelope(
                    position: position, version: UInt64(logged.count + (newStored[stream]?.count ?? 0) + 1), recordedAt: recordedAt,
                    draft: EventDraft(eventId: input.eventId, stream: stream, type: input.payload.eventType.rawValue, occurredAt: input.occurredAt,
                                      actor: input.actor, causationId: input.causationId, correlationId: input.correlationId, payload: plain))
                newStored[stream, default: []].append(StoredEvent(envelope: envelope, bytes: [], attachment: PlaintextPayload(input.payload)))
                if input.payload.eventType == .voided {
                    // As recording does (`CaseRulesHook.step`): the case folded again without the
                    // voided events; a void that would leave a later event breaking a rule is refused
                    // here, as `perform` refuses it, not only at Record.
                    next = try rules.refold(input.caseReference, events: logged + (newStored[stream] ?? []), context: context, folded: next)
                }
                states[stream] = .some(next)
                newEvents[stream, default: []].append(CaseEvent(
                    position: position, eventId: input.eventId, reference: stream, type: input.payload.eventType.rawValue,
                    occurredAt: input.occurredAt, recordedAt: recordedAt, payload: plain))
                position += 1
            }
            let stream = reference.rawValue
            let history = try log.events(of: stream).map(CaseEvent.init) + (newEvents[stream] ?? [])
            let fold = RegisterCaseFold(calculator: deadlines)
            let folded = try fold.fold(stream, events: history, foreign: try Self.foreignEvents(addressedTo: reference, in: log, fold: fold)) { other, through in
                let own = try log.events(of: other).filter { $0.position <= through }.map(CaseEvent.init)
                return own + (newEvents[other] ?? []).filter { $0.position <= through }
            }
            var rows: [RegisterName: any RegisterRow] = [:]
            for (name, entry) in zip(fold.names, folded.rows) {
                guard let bytes = entry.bytes else { continue }
                rows[name] = try RegisterKind.named(name).row(from: bytes).evaluatedAny(today: today, calculator: deadlines)
            }
            let steps = rows.values.flatMap(\.dueSteps).sorted { ($0.dueOn, $0.step) < ($1.dueOn, $1.step) }
            guard let state = states[stream] ?? nil else {
                throw CasebookError(.invalidInput, "\(command.action) records nothing on \(reference); nothing to preview")
            }
            return CommandPreview(reference: reference, eventTypes: inputs.map { $0.payload.eventType }, state: state, rows: rows, dueSteps: steps)
        }
    }
}

extension Casebook {
    /// The events of other cases that change `reference`'s register rows, as the registers fold
    /// them when recording: today a breach's wrongful-release link (and its corrections and
    /// voids) adds the breach to the linked FOI/EIR request's row. The breaches are those the
    /// request's stored row lists; each is folded as a rebuild folds it
    /// (`RegisterCaseFold`), and the events it addresses to `reference` are kept.
    static func foreignEvents(addressedTo reference: CaseReference, in log: LogView, fold: RegisterCaseFold) throws -> [RegisterCaseFold.Foreign] {
        guard reference.kind == .request,
              let bytes = try log.transaction.get(log.transaction.database(RegisterName.foi.rowsTable), Array(reference.rawValue.utf8)),
              let row = try RegisterKind.named(.foi).row(from: bytes) as? FOIRow
        else { return [] }
        var found: [RegisterCaseFold.Foreign] = []
        for breach in row.linkedBreaches {
            let events = try log.events(of: breach).map(CaseEvent.init)
            let result = try fold.fold(breach, events: events, foreign: []) { other, through in
                try log.events(of: other, through: through).map(CaseEvent.init)
            }
            found += result.foreign.filter { $0.target == reference.rawValue }.map { $0.1 }
        }
        return found
    }
}

extension RegisterRow {
    /// `evaluated(today:calculator:)` through the existential.
    public func evaluatedAny(today: LocalDate, calculator: DeadlineCalculator) -> any RegisterRow {
        evaluated(today: today, calculator: calculator)
    }
}
