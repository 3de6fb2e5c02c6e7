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
        routes.post("actions/:group/:action", use: open)
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

    // MARK: POST /cases/{ref}/actions/{action} and POST /actions/{group}/{action}

    /// A case action of the command vocabulary (`CaseAction`) on an existing case, or an opening
    /// action with the reference chosen by the client.
    @Sendable func act(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let reference = try CaseReference(try context.parameters.require("reference"))
        let action = try Self.action(named: try context.parameters.require("action"), on: reference)
        return try await perform(action, reference: reference, request: request, context: context, identity: identity)
    }

    /// An opening action without a reference: the case takes the next free one.
    @Sendable func open(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let action = try Self.openingAction(group: try context.parameters.require("group"), named: try context.parameters.require("action"))
        return try await perform(action, reference: nil, request: request, context: context, identity: identity)
    }

    /// The action `name` on the case `reference`, or 404 listing the actions there are.
    static func action(named name: String, on reference: CaseReference) throws -> CaseAction {
        guard let action = CaseAction.named(name, on: reference.kind) else {
            let names = (CaseAction.actions(in: .of(reference.kind)) + CaseAction.actions(in: .anyCase)).map(\.name)
            throw APIError.notFound("no action \"\(name)\" on \(ActionGroup.of(reference.kind).caseNoun) cases; the actions are: \(names.joined(separator: ", "))")
        }
        return action
    }

    /// The opening action `name` of the group `groupName`, or 404 naming the opening actions.
    static func openingAction(group groupName: String, named name: String) throws -> CaseAction {
        guard let group = ActionGroup(rawValue: groupName), group != .anyCase else {
            let opening = ActionGroup.allCases.filter { $0 != .anyCase }.map(\.rawValue).joined(separator: ", ")
            throw APIError.notFound("no action group \"\(groupName)\"; the groups that open cases are: \(opening)")
        }
        guard let action = CaseAction.named(name, in: group), action.opens else {
            let opening = CaseAction.actions(in: group).filter(\.opens).map(\.name)
            throw APIError.notFound("\"\(name)\" does not open a \(group.caseNoun) case; use \(opening.joined(separator: ", ")), or POST /api/v1/cases/{reference}/actions/\(name) for an existing case")
        }
        return action
    }

    private func perform(_ action: CaseAction, reference: CaseReference?, request: Request, context: Context, identity: Identity) async throws -> Response {
        try Self.authorise(CaseCommand(action, reference: reference, occurredAt: Timestamp(configuration.now())), identity: identity)
        let query = Query(request)
        let occurredAt: Timestamp
        if let text = try query.string("occurredAt", maxLength: 64) {
            guard let t = MomentInput.instant(text) else {
                throw APIError.badRequest("occurredAt=\(text) is not a moment; write \(MomentInput.formats)", code: "invalidParameter")
            }
            occurredAt = t
        } else {
            occurredAt = Timestamp(configuration.now())
        }
        var expected: ExpectedVersion?
        if let v = try query.int("expectedVersion", in: -1...Int(Int32.max)) { expected = v == -1 ? .noStream : .exactly(UInt64(v)) }
        var eventId: UUID?
        if let text = try query.string("eventId", maxLength: 64) {
            guard let id = UUID(uuidString: text) else { throw APIError.badRequest("eventId=\(text) is not a UUID", code: "invalidParameter") }
            eventId = id
        }
        let bytes = try await request.bodyBytes(limit: configuration.maxBodyBytes)
        let body: JSONValue
        do { body = bytes.isEmpty ? .object([:]) : try JSONValue.parse(bytes) } catch {
            throw APIError.badRequest("the body is not valid JSON: \(error); send the action's fields as one JSON object", code: "invalidJSON")
        }
        guard case .object(let fields) = body else {
            throw APIError.badRequest("the body must be a JSON object of the \(action) fields (the \(action.event.rawValue) payload's), not \(body.typeName)", code: "invalidInput")
        }
        let outcome = try await Self.record(CaseCommand(action, reference: reference, fields: fields, occurredAt: occurredAt, eventId: eventId,
                                                        expectedVersion: expected), identity: identity, casebook: casebook)
        return Self.created(outcome.results)
    }

    /// Records a case command for `identity`: the one path of the API's case actions and the web
    /// forms. Authorises the action's event for the identity's role on the case's kind (403),
    /// then `Casebook.perform` (defaults, every field checked, the rules, one atomic append); a
    /// refusal comes back as an `APIError` with every problem and its field in `details`.
    static func record(_ command: CaseCommand, identity: Identity, casebook: Casebook) async throws -> CommandOutcome {
        try authorise(command, identity: identity)
        do { return try await casebook.perform(command, by: identity.actor) } catch let e as CasebookError {
            throw apiError(e)
        }
    }

    /// 403 unless the identity may record the command's event on its case's kind.
    static func authorise(_ command: CaseCommand, identity: Identity) throws {
        let kind = command.reference?.kind ?? command.action.group.kinds.first!
        try authorise(type: command.action.event.rawValue, stream: command.reference?.rawValue ?? "", kind: kind, identity: identity, index: nil)
    }

    /// A command's refusal as an answer: every problem, each with its field.
    static func apiError(_ e: CasebookError) -> APIError {
        let status: HTTPResponse.Status
        let code: String
        switch e.code {
        case .notFound: (status, code) = (.notFound, "notFound")
        case .forbidden, .unknownUser: (status, code) = (.forbidden, "forbidden")
        case .conflict: (status, code) = (.conflict, "conflict")
        default: (status, code) = (.badRequest, "invalidInput")
        }
        var details: JSONObject = [:]
        if !e.problems.isEmpty {
            details["problems"] = .array(e.problems.map { p in
                var o: JSONObject = ["message": .string(p.message)]
                if let f = p.field { o["field"] = .string(f) }
                return .object(o)
            })
        }
        return APIError(status, code, e.message, details: details)
    }

    // MARK: Shared

    /// The actor is the token's holder: absent → filled in; present → must be exactly it.
    static func bindActor(_ members: inout JSONObject, to identity: Identity, index: Int) throws {
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
        guard let reference = try? CaseReference(stream) else { return }
        try authorise(type: type, stream: stream, kind: reference.kind, identity: identity, index: index)
    }

    static func authorise(type: String, stream: String, kind: CaseKind, identity: Identity, index: Int?) throws {
        guard let eventType = EventType(rawValue: type) else { return }
        let which = index.map { "event \($0 + 1) (\(type) on \(stream))" } ?? "\(type) on \(stream)"
        if AccessPolicy.notRecordableOverHTTP.contains(eventType) {
            throw APIError.forbidden("\(which): \(type) is recorded only by `casebook erase` or `casebook retention apply`, which destroy the keys in the same step; nothing was appended")
        }
        guard AccessPolicy.mayRecord(eventType, on: kind, by: identity) else {
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
