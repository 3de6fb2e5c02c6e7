import Registers
import Casework
import Foundation
import LedgerStore
import StoredCoding

/// The plaintext payload of an event being appended, handed to the rules with the batch
/// (`AppendBatch.attachments`): the stored payload has its personal fields sealed.
public struct PlaintextPayload: Sendable {
    public let payload: any EventPayload
    public init(_ payload: any EventPayload) { self.payload = payload }
}

/// Enforces the case lifecycle inside the append transaction and keeps each case's folded
/// `CaseLifecycle` in its own table, so a rule check costs one read, not a replay.
///
/// The rules judge plaintext: the facade attaches each event's typed payload to the batch it
/// appends (`PlaintextPayload`). When there is none — a rebuild, or an event appended below the
/// facade — the stored payload is decoded with placeholders where values are sealed, and (on
/// rebuild) a violation does not stop the fold: the event is in the log already and the state
/// must follow it.
public struct CaseRulesHook: LedgerHook {
    public static let stateTable = "rules.caseState"
    public var databaseNames: [String] { [Self.stateTable] }

    /// When true, violations are recorded by folding anyway (used by rebuild).
    let lenient: Bool
    /// The clocks and policy the rules judge by (tolerances, the date window, the cost limit).
    let deadlines: DeadlineCalculator

    public init(lenient: Bool = false, deadlines: DeadlineCalculator = DeadlineCalculator()) {
        self.lenient = lenient
        self.deadlines = deadlines
    }

    public func process(_ event: StoredEvent, in log: LogView) throws {
        let table = log.transaction.database(Self.stateTable)
        let key = Array(event.envelope.stream.utf8)
        let state = try CaseStateStore.decode(try log.transaction.get(table, key), of: event.envelope.stream)
        let next = try step(event, state: state, in: log)
        try log.transaction.put(table, key, try CaseStateStore.encode(next))
    }

    /// The case's state after `event`, from its state before (nil: the case's first event).
    /// Throws the rule the event breaks (unless lenient).
    public func step(_ event: StoredEvent, state: CaseLifecycle?, in log: LogView) throws -> CaseLifecycle {
        let envelope = event.envelope
        let reference: CaseReference
        do { reference = try CaseReference(envelope.stream) } catch {
            throw LedgerError(.invalidInput, "\"\(envelope.stream)\" is not a case reference: \(error)")
        }
        let type = try EventCatalogue.eventType(named: envelope.type)
        let payload: any EventPayload
        do {
            payload = try (event.attachment as? PlaintextPayload)?.payload ?? PersonalPlaceholders.decode(envelope.payload, type: type)
        } catch {
            // On rebuild, an event an earlier version stored that today's stricter decoding refuses
            // (a date that is not a real date) is in the log for good: the fold counts it and goes on.
            guard lenient else { throw error }
            var s = state ?? CaseLifecycle(kind: reference.kind)
            s.eventCount += 1
            return s
        }
        let context = RuleContext(
            caseOfEvent: { id in (try? log.position(ofEvent: id)).flatMap { $0 }.flatMap { try? log.event(at: $0).envelope.stream } },
            typeOfEvent: { id in
                (try? log.position(ofEvent: id)).flatMap { $0 }.flatMap { try? log.event(at: $0).envelope.type }.flatMap { try? EventCatalogue.eventType(named: $0) }
            },
            occurredAt: envelope.occurredAt, recordedAt: envelope.recordedAt, deadlines: deadlines)
        var next: CaseLifecycle
        do {
            next = try LifecycleRules.evaluate(case: reference, type: type, payload: payload, state: state, context: context)
        } catch {
            guard lenient, var s = state else { throw error }
            s.eventCount += 1
            next = s
        }
        if type == .voided {
            next = try refold(reference, through: event.position, in: log, context: context, folded: next)
        }
        return next
    }
}

extension CaseRulesHook {
    /// The case's state folded again from its first event as if the voided events had not
    /// happened, so that a voided response reopens the request and a voided acknowledgement can be
    /// recorded again. If what remains breaks a rule (a response relying on a voided exemption),
    /// the void is refused, naming the event that depends on it.
    ///
    /// Only the case's events up to the void (`position`) count: during a rebuild the log
    /// already holds the case's later events, which are folded after it in their turn.
    func refold(_ reference: CaseReference, through position: UInt64, in log: LogView, context: RuleContext, folded: CaseLifecycle) throws -> CaseLifecycle {
        try refold(reference, events: try log.events(of: reference.rawValue, through: position), context: context, folded: folded)
    }

    /// The refold over `events`, the case's events up to and including the void, in version
    /// order: the log's, or (for a dry run, `Casebook.preview`) the log's and those not yet
    /// recorded, each with its plaintext payload attached.
    func refold(_ reference: CaseReference, events: [StoredEvent], context: RuleContext, folded: CaseLifecycle) throws -> CaseLifecycle {
        let voided = Set(events.compactMap { e -> String? in
            guard e.envelope.type == EventType.voided.rawValue else { return nil }
            return e.envelope.payload["voidsEventId"]?.stringValue?.lowercased()
        })
        var state: CaseLifecycle?
        for e in events where !voided.contains(e.envelope.eventId.uuidString.lowercased()) {
            let type = try EventCatalogue.eventType(named: e.envelope.type)
            // Each event is judged at its own moments, as when it was recorded.
            var own = context
            own.occurredAt = e.envelope.occurredAt
            own.recordedAt = e.envelope.recordedAt
            own.judgingStoredEvent = true
            do {
                let payload = try (e.attachment as? PlaintextPayload)?.payload ?? PersonalPlaceholders.decode(e.envelope.payload, type: type)
                state = try LifecycleRules.evaluate(case: reference, type: type, payload: payload, state: state, context: own)
            } catch let violation as RuleViolation {
                if lenient { continue }
                throw RuleViolation(
                    rule: .voidLeavesCaseInvalid, caseReference: reference, eventType: .voided,
                    message: "Without the voided event, \(e.envelope.type) (version \(e.envelope.version)) would break \(violation.rule): \(violation.message) Void that event first, or correct it.")
            } catch {
                if lenient { continue }
                throw error
            }
        }
        guard var refolded = state else { return folded }
        refolded.eventCount = events.count
        for e in events where voided.contains(e.envelope.eventId.uuidString.lowercased()) {
            let field = e.envelope.type == EventType.responseSent.rawValue ? "sentAt" : e.envelope.type == EventType.sARResponded.rawValue ? "respondedAt" : nil
            if let field, let sent = e.envelope.payload[field]?.stringValue.flatMap(Timestamp.init(rfc3339:)) {
                refolded.latestVoidedResponseAt = max(refolded.latestVoidedResponseAt ?? sent, sent)
            }
        }
        return refolded
    }
}

/// Typed decoding of stored payloads whose personal fields are sealed.
public enum PersonalPlaceholders {
    /// The example payload of a type, as JSON, used to give a sealed value a decodable shape.
    static func example(_ type: EventType) -> JSONValue { EventCatalogue.exampleJSON(for: type) }

    /// Replaces every sealed (or otherwise opened-as-text) personal value with a value of the right
    /// shape whose strings read `text`, then decodes the typed payload.
    public static func decode(_ payload: JSONValue, type: EventType, text: String = "[erased]") throws -> any EventPayload {
        let filled = fill(payload, example: example(type), text: text)
        return try EventCatalogue.decode(type, from: filled)
    }

    static func fill(_ value: JSONValue, example: JSONValue?, text: String) -> JSONValue {
        if FieldSealing.isSealed(value) { return shaped(example, text: text) }
        switch value {
        case .object(let o): return .object(o.mapValues { v in v }.reduce(into: [:]) { acc, kv in acc[kv.key] = fill(kv.value, example: example?[kv.key], text: text) })
        case .array(let a): return .array(a.map { fill($0, example: example?.arrayValue?.first, text: text) })
        default: return value
        }
    }

    /// A value shaped like `example` whose strings are all `text`.
    static func shaped(_ example: JSONValue?, text: String) -> JSONValue {
        switch example {
        case .object(let o)?: return .object(o.mapValues { shaped($0, text: text) })
        case .array(let a)?: return .array(a.prefix(1).map { shaped($0, text: text) })
        case .string?: return .string(text)
        case let other?: return other
        case nil: return .string(text)
        }
    }
}

/// Reads the folded `CaseLifecycle` the rules hook keeps per case: the state commands take their
/// defaults from (never a register row or a raw payload).
public enum CaseStateStore {
    /// The schema version of stored states (in the binary store). Raise it when `CaseLifecycle`
    /// changes meaning, so that states folded before are refused (and rebuilt) rather than misread.
    static let version: UInt8 = 1

    public static func state(of reference: String, in log: LogView) throws -> CaseLifecycle? {
        try decode(try log.transaction.get(log.transaction.database(CaseRulesHook.stateTable), Array(reference.utf8)), of: reference)
    }

    /// A stored state's bytes as a `CaseLifecycle` (nil: no state).
    ///
    /// - Throws: `LedgerError` (`.versionMismatch` for a state stored by another version, such as
    ///   the JSON of earlier versions; `.corrupted` for a damaged one), saying to run `casebook rebuild`.
    static func decode(_ bytes: [UInt8]?, of reference: String) throws -> CaseLifecycle? {
        guard let bytes else { return nil }
        do { return try BinaryStore.decode(CaseLifecycle.self, from: bytes, version: version) } catch {
            throw LedgerError(error.code == .damaged ? .corrupted : .versionMismatch,
                              "the folded state of \(reference) cannot be read (\(error.message)); run `casebook rebuild`", cause: error)
        }
    }

    /// A state as stored.
    static func encode(_ state: CaseLifecycle) throws -> [UInt8] {
        try BinaryStore.encode(state, version: version)
    }
}
