import Casework
import Foundation
import Hummingbird
import LedgerStore
import CasebookCore
import Registers

/// Recording: `POST /events` (one event or a batch, the NDJSON append format as JSON) and the
/// typed case actions `POST /cases/{ref}/actions/{action}`.
///
/// Every request is one `Casebook.record` call: one atomic batch through the ledger's group
/// committer, so concurrent requests share LMDB transactions and each gets its own answer.
struct EventsController {
    typealias Context = CasebookRequestContext
    let casebook: Casebook
    let configuration: CasebookServerConfiguration

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("events", use: append)
        routes.post("cases/:reference/actions/:action", use: act)
        return routes
    }

    // MARK: POST /events

    @Sendable func append(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.require("record events") { AccessPolicy.recordsEvents($0) }
        let bytes = try await request.bodyBytes(limit: configuration.maxBodyBytes)
        let body: JSONValue
        do { body = try JSONValue.parse(bytes) } catch {
            throw APIError.badRequest("the body is not valid JSON: \(error)", code: "invalidJSON")
        }
        let objects: [JSONValue]
        switch body {
        case .array(let items): objects = items
        case .object: objects = [body]
        default: throw APIError.badRequest("the body must be one event object or an array of them, not \(body.typeName)", code: "invalidInput")
        }
        guard !objects.isEmpty else { throw APIError.badRequest("the array has no events; nothing was appended", code: "emptyBatch") }
        guard objects.count <= configuration.maxEventsPerRequest else {
            throw APIError(.contentTooLarge, "tooManyEvents", "at most \(configuration.maxEventsPerRequest) events per request; nothing was appended")
        }
        var lines: [String] = []
        for (i, object) in objects.enumerated() {
            guard case .object(var members) = object else {
                throw APIError.badRequest("event \(i + 1) must be a JSON object, not \(object.typeName); nothing was appended", code: "invalidInput")
            }
            try Self.bindActor(&members, to: identity, index: i)
            lines.append(JSONValue.object(members).canonicalString)
        }
        let ndjson = Array(lines.joined(separator: "\n").utf8)
        // Authorise every event before recording any: one refused event refuses the batch.
        let batch: AppendBatch
        do { batch = try NDJSONIntake.parse(ndjson) } catch {
            throw APIError.badRequest(error.message.replacingOccurrences(of: "line ", with: "event "), code: "invalidInput")
        }
        for (i, draft) in batch.events.enumerated() {
            try Self.authorise(type: draft.type, stream: draft.stream, identity: identity, index: batch.events.count > 1 ? i : nil)
        }
        let results: [AppendResult]
        do { results = try await casebook.record(ndjson: ndjson) } catch let e as LedgerError where e.code == .invalidInput {
            throw APIError.badRequest(e.message, code: "invalidInput")
        }
        return Self.created(results)
    }

    // MARK: POST /cases/{ref}/actions/{action}

    @Sendable func act(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let reference = try CaseReference(try context.parameters.require("reference"))
        let action = try context.parameters.require("action")
        guard let type = CaseActions.eventType(for: action) else {
            throw APIError.notFound("no action \"\(action)\"; the actions are: \(CaseActions.names.joined(separator: ", "))")
        }
        try Self.authorise(type: type.rawValue, stream: reference.rawValue, identity: identity, index: nil)
        let query = Query(request)
        let occurredAt: Timestamp
        if let text = try query.string("occurredAt", maxLength: 64) {
            guard let t = Timestamp(rfc3339: text) else {
                throw APIError.badRequest("occurredAt=\(text) is not an RFC 3339 date-time such as 2026-01-05T09:30:00Z", code: "invalidParameter")
            }
            occurredAt = t
        } else {
            occurredAt = Timestamp(configuration.now())
        }
        var expected: ExpectedVersion?
        if let v = try query.int("expectedVersion", in: -1...Int(Int32.max)) { expected = v == -1 ? .noStream : .exactly(UInt64(v)) }
        let eventId: UUID
        if let text = try query.string("eventId", maxLength: 64) {
            guard let id = UUID(uuidString: text) else { throw APIError.badRequest("eventId=\(text) is not a UUID", code: "invalidParameter") }
            eventId = id
        } else {
            eventId = UUID()
        }
        let bytes = try await request.bodyBytes(limit: configuration.maxBodyBytes)
        let payload: JSONValue
        do { payload = try JSONValue.parse(bytes) } catch {
            throw APIError.badRequest("the body is not valid JSON: \(error); send the event's payload fields as one JSON object", code: "invalidJSON")
        }
        guard case .object = payload else {
            throw APIError.badRequest("the body must be a JSON object of the \(type.rawValue) payload's fields, not \(payload.typeName)", code: "invalidInput")
        }
        if !type.isOpening {
            let head = try casebook.ledger.read { try $0.head(of: reference.rawValue) }
            guard head != nil else { throw APIError.notFound("no case \(reference) in the ledger; open it first (e.g. receive-request, receive-sar, report-breach, report-near-miss)") }
        }
        let draft = EventDraft(
            eventId: eventId, stream: reference.rawValue, type: type.rawValue, schemaVersion: EventCatalogue.schemaVersion(for: type),
            occurredAt: occurredAt, actor: identity.actor, causationId: nil, correlationId: nil, payload: payload)
        let input: CaseEventInput
        do { input = try casebook.input(from: draft, expected: expected) } catch let e as LedgerError where e.code == .invalidInput {
            throw APIError.badRequest(e.message, code: "invalidInput")
        }
        return Self.created(try await casebook.record([input]))
    }

    // MARK: Shared

    /// The actor is the token's holder: absent → filled in; present → must be exactly it.
    static func bindActor(_ members: inout [String: JSONValue], to identity: Identity, index: Int) throws {
        let actor: JSONValue = .object(["id": .string(identity.actor.id), "role": .string(identity.actor.role)])
        if let given = members["actor"], given != actor {
            throw APIError(.unprocessableContent, "actorMismatch",
                           "event \(index + 1): actor must be the token's holder \(actor.canonicalString) (or be left out, and the server fills it in); nothing was appended")
        }
        members["actor"] = actor
    }

    /// 403 unless the identity may record `type` on the case `stream`; malformed names pass here
    /// and are refused by the catalogue with 400.
    static func authorise(type: String, stream: String, identity: Identity, index: Int?) throws {
        guard let eventType = EventType(rawValue: type), let reference = try? CaseReference(stream) else { return }
        let which = index.map { "event \($0 + 1) (\(type) on \(stream))" } ?? "\(type) on \(stream)"
        if AccessPolicy.notRecordableOverHTTP.contains(eventType) {
            throw APIError.forbidden("\(which): \(type) is recorded only by `casebook erase` or `casebook retention apply`, which destroy the keys in the same step; nothing was appended")
        }
        guard AccessPolicy.mayRecord(eventType, on: reference.kind, by: identity) else {
            throw APIError.forbidden("\(which): a token with role \(identity.role) may not record it; nothing was appended")
        }
    }

    static func created(_ results: [AppendResult]) -> Response {
        let events: [JSONValue] = results.map { r in
            .object([
                "position": .int(Int64(r.position)), "case": .string(r.stream), "version": .int(Int64(r.version)),
                "eventId": .string(r.eventId.uuidString.lowercased()), "duplicate": .bool(r.duplicate),
            ])
        }
        let allDuplicates = results.allSatisfy(\.duplicate)
        return JSONResponse.ok(.object(["events": .array(events)]), status: allDuplicates ? .ok : .created)
    }
}
