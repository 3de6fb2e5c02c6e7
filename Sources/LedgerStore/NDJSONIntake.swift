import Foundation

/// Reads events submitted as JSON objects (the `casebook append` NDJSON lines and the HTTP API's
/// bodies):
///
///     {"case":"FOI-2026-0001","type":"RequestReceived","occurredAt":"2026-01-05T09:30:00Z",
///      "actor":{"id":"a.officer","role":"officer"},"payload":{…},
///      "eventId":"<uuid, optional>","expectedVersion":<int, optional; -1 = case must not exist>,
///      "causationId":"<uuid, optional>","correlationId":"<uuid, optional>","schemaVersion":<int, optional>}
public enum NDJSONIntake {
    public static let fields: Set<String> = [
        "case", "type", "occurredAt", "actor", "payload", "eventId", "expectedVersion", "causationId", "correlationId", "schemaVersion",
    ]

    /// Parses every line first; bad lines refuse the whole input, each named with its problem.
    /// Blank lines are ignored. A line's `expectedVersion` is the version its case must have just
    /// before that line (the append enforces it for every line, the first of a case or not).
    public static func parse(_ bytes: [UInt8], newEventId: () -> UUID = { EventID.next() }) throws(LedgerError) -> AppendBatch {
        try parseWithLines(bytes, newEventId: newEventId).batch
    }

    /// `parse`, also giving each event's line number in the input (1-based).
    public static func parseWithLines(_ bytes: [UInt8], newEventId: () -> UUID = { EventID.next() }) throws(LedgerError) -> (batch: AppendBatch, lines: [Int]) {
        let read = try parseCollecting(bytes, newEventId: newEventId)
        let problems = read.problems
        if problems.count == 1 { throw LedgerError(.invalidInput, problems[0] + ". Nothing was appended.") }
        if !problems.isEmpty {
            throw LedgerError(.invalidInput, "\(problems.count) lines are wrong. Nothing was appended.\n" + problems.map { "  - " + $0 }.joined(separator: "\n"))
        }
        return (read.batch, read.lines)
    }

    /// Reads every line it can, returning the good events with their line numbers and one
    /// problem (`line N: …`) per bad line, so a caller can report them with its own checks.
    ///
    /// `defaultActor`, when given, supplies the actor of a line that has none, from its type and
    /// case (or says why there is none); without it such a line is refused.
    public static func parseCollecting(
        _ bytes: [UInt8], newEventId: () -> UUID = { EventID.next() }, defaultActor: ((_ type: String, _ stream: String) -> Result<Actor, LedgerError>)? = nil
    ) throws(LedgerError) -> (batch: AppendBatch, lines: [Int], problems: [String]) {
        var events: [EventDraft] = []
        var lines: [Int] = []
        var expectations: [Int: ExpectedVersion] = [:]
        var problems: [String] = []
        var lineNumber = 0
        var lineStart = 0
        var sawAny = false
        while lineStart <= bytes.count {
            lineNumber += 1
            var end = lineStart
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var line = bytes[lineStart..<end]
            if line.last == 0x0D { line = line.dropLast() }
            lineStart = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                if end >= bytes.count { break }
                continue
            }
            sawAny = true
            do throws(LedgerError) {
                let value: JSONValue
                do { value = try JSONValue.parse(line) } catch { throw LedgerError(.invalidInput, "not valid JSON: \(error)") }
                let (draft, expected) = try parseEvent(value, newEventId: newEventId, defaultActor: defaultActor)
                if let expected { expectations[events.count] = expected }
                events.append(draft)
                lines.append(lineNumber)
            } catch {
                problems.append("line \(lineNumber): \(error.message)")
            }
            if end >= bytes.count { break }
        }
        guard sawAny else { throw LedgerError(.emptyBatch, "the input has no events; nothing was appended") }
        return (AppendBatch(events: events, eventExpectations: expectations), lines, problems)
    }

    /// One event object → a draft and its optional expected version.
    public static func parseEvent(
        _ value: JSONValue, newEventId: () -> UUID = { EventID.next() }, defaultActor: ((_ type: String, _ stream: String) -> Result<Actor, LedgerError>)? = nil
    ) throws(LedgerError) -> (EventDraft, ExpectedVersion?) {
        guard case .object(let o) = value else { throw LedgerError(.invalidInput, "an event must be a JSON object, not \(value.typeName)") }
        if let unknown = o.keys.sorted().first(where: { !fields.contains($0.string) }) {
            throw LedgerError(.invalidInput, "unknown field \"\(unknown)\" (allowed: \(fields.sorted().joined(separator: ", ")))")
        }
        func string(_ k: String) throws(LedgerError) -> String {
            guard let v = o[k] else { throw LedgerError(.invalidInput, "missing field \"\(k)\"") }
            guard let s = v.stringValue else { throw LedgerError(.invalidInput, "field \"\(k)\" must be a string, not \(v.typeName)") }
            return s
        }
        func uuid(_ k: String) throws(LedgerError) -> UUID? {
            guard o[k] != nil else { return nil }
            let s = try string(k)
            guard let u = UUID(uuidString: s) else { throw LedgerError(.invalidInput, "field \"\(k)\" is not a UUID: \(s)") }
            return u
        }
        let stream = try string("case")
        let type = try string("type")
        let occurredText = try string("occurredAt")
        guard let occurredAt = Timestamp(rfc3339: occurredText) else {
            throw LedgerError(.invalidInput, "occurredAt \"\(occurredText)\" is not an RFC 3339 date-time such as 2026-01-05T09:30:00Z")
        }
        let actor: Actor
        if let actorValue = o["actor"] {
            guard case .object(let a) = actorValue, let id = a["id"]?.stringValue, let role = a["role"]?.stringValue, a.count == 2 else {
                throw LedgerError(.invalidInput, "actor must be {\"id\": string, \"role\": string}")
            }
            actor = Actor(id: id, role: role)
        } else if let defaultActor {
            actor = try defaultActor(type, stream).get()
        } else {
            throw LedgerError(.invalidInput, "missing field \"actor\"")
        }
        guard let payload = o["payload"] else { throw LedgerError(.invalidInput, "missing field \"payload\"") }
        guard case .object = payload else { throw LedgerError(.invalidInput, "field \"payload\" must be an object, not \(payload.typeName)") }
        var schemaVersion = 1
        if let sv = o["schemaVersion"] {
            guard let i = sv.intValue, i >= 1, i < 1000 else { throw LedgerError(.invalidInput, "schemaVersion must be a whole number from 1") }
            schemaVersion = Int(i)
        }
        var expected: ExpectedVersion?
        if let ev = o["expectedVersion"] {
            guard let i = ev.intValue, i >= -1 else { throw LedgerError(.invalidInput, "expectedVersion must be a whole number ≥ -1 (-1 = the case must not exist)") }
            expected = i == -1 ? .noStream : .exactly(UInt64(i))
        }
        let draft = EventDraft(
            eventId: try uuid("eventId") ?? newEventId(), stream: stream, type: type, schemaVersion: schemaVersion,
            occurredAt: occurredAt, actor: actor, causationId: try uuid("causationId"),
            correlationId: try uuid("correlationId"), payload: payload)
        try draft.validate()
        return (draft, expected)
    }
}
