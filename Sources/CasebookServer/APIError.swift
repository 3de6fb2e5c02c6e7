import CasebookCore
import Casework
import Foundation
import Hummingbird
import LedgerStore
import Logging

/// A 4xx or 5xx answer: `{"error": {"status": 422, "code": "ruleViolation", "message": "…", …}}`.
///
/// `code` is stable for programs; `message` says what is wrong and what to do, for people;
/// `details` adds structured facts (the rule name and case of a rule violation, the line of a bad
/// event in a batch).
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var details: JSONObject

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, details: JSONObject = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public var json: JSONValue {
        var error = details
        error["status"] = .int(Int64(status.code))
        error["code"] = .string(code)
        error["message"] = .string(message)
        return .object(["error": .object(error)])
    }

    // MARK: Common answers

    static func unauthenticated(_ message: String = "sign in: send `Authorization: Bearer <token>` (tokens come from `casebook token create`)") -> APIError {
        APIError(.unauthorized, "unauthenticated", message)
    }

    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, "forbidden", message) }

    static func badRequest(_ message: String, code: String = "badRequest") -> APIError { APIError(.badRequest, code, message) }

    static func notFound(_ message: String) -> APIError { APIError(.notFound, "notFound", message) }

    /// Maps any error a handler may throw to an answer. Library errors keep their words; anything
    /// unexpected becomes a 500 whose details go to the log, not to the client.
    static func from(_ error: any Error, request: Request, context: some RequestContext) -> APIError {
        switch error {
        case let e as APIError:
            return e
        case let e as RuleViolation:
            return APIError(.unprocessableContent, "ruleViolation", e.description, details: [
                "rule": .string(e.rule.rawValue), "case": .string(e.caseReference.rawValue), "eventType": .string(e.eventType.rawValue),
            ])
        case let e as LedgerError:
            return from(ledger: e, request: request, context: context)
        case let e as CasebookError:
            return EventsController.apiError(e)
        case let e as CaseworkError:
            var details: JSONObject = [:]
            if let field = e.field { details["field"] = .string(field) }
            return APIError(.badRequest, e.code.description, e.message, details: details)
        case let e as DeadlineRequest.Invalid:
            return APIError(.badRequest, "invalidDeadlineRequest", e.description)
        case let e as DeadlineError:
            // The dates are well formed but cannot all be true (e.g. the fee paid before its notice).
            return APIError(.unprocessableContent, e.code.description, e.message)
        case let e as DecodingError:
            return APIError(.badRequest, "invalidJSON", describe(e))
        case let e as JSONParseError:
            return APIError(.badRequest, "invalidJSON", "the body is not valid JSON: \(e)")
        case let e as any HTTPResponseError:
            // Hummingbird's own errors (404 for unknown routes, 413 for bodies over the limit, …).
            let status = (try? e.response(from: request, context: context).status) ?? .internalServerError
            let code: String
            switch status {
            case .notFound: code = "notFound"
            case .contentTooLarge: code = "tooLarge"
            case .methodNotAllowed: code = "methodNotAllowed"
            default: code = status.code < 500 ? "badRequest" : "internal"
            }
            var message = status.reasonPhrase
            if let h = e as? HTTPError, let body = h.body { message = body }
            if status == .notFound && !(e is HTTPError && (e as? HTTPError)?.body != nil) {
                message = "no such page or endpoint: \(request.method) \(request.uri.path); the API is described in Schemas/openapi.yaml"
            }
            if status == .contentTooLarge { message = "the body is larger than this server accepts" }
            return APIError(status, code, message)
        default:
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return APIError(.internalServerError, "internal", "the server could not complete the request; the error is in its log")
        }
    }

    static func from(ledger e: LedgerError, request: Request, context: some RequestContext) -> APIError {
        if let violation = e.cause as? RuleViolation { return from(violation, request: request, context: context) }
        switch e.code {
        case .wrongVersion: return APIError(.conflict, "wrongVersion", e.message)
        case .conflict: return APIError(.conflict, "conflict", e.message)
        case .notFound: return APIError(.notFound, "notFound", e.message)
        case .invalidInput: return APIError(.badRequest, "invalidInput", e.message)
        case .emptyBatch: return APIError(.badRequest, "emptyBatch", e.message)
        case .refused: return APIError(.unprocessableContent, "refused", e.message)
        case .readersFull: return APIError(.serviceUnavailable, "busy", e.message)
        case .diskFull:
            context.logger.critical("the ledger's disk is full", metadata: ["error": "\(e)", "path": "\(request.uri.path)"])
            return APIError(.init(code: 507, reasonPhrase: "Insufficient Storage"), "diskFull", "the server's disk is full: nothing was recorded; try again once the administrator has freed space")
        default:
            context.logger.error("ledger error", metadata: ["error": "\(e)", "code": "\(e.code)", "path": "\(request.uri.path)"])
            return APIError(.internalServerError, e.code.description, "the ledger could not complete the request; the error is in the server's log")
        }
    }

    private static func describe(_ e: DecodingError) -> String {
        func path(_ c: [any CodingKey]) -> String {
            let p = c.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "the body" : String(p.drop { $0 == "." })
        }
        switch e {
        case .typeMismatch(let type, let c): return "\(path(c.codingPath)) must be \(typeName(type)): \(c.debugDescription)"
        case .valueNotFound(let type, let c): return "\(path(c.codingPath)) must be \(typeName(type)), not null"
        case .keyNotFound(let key, let c): return "missing field \"\(path(c.codingPath + [key]))\""
        case .dataCorrupted(let c): return "\(path(c.codingPath)): \(c.debugDescription)"
        @unknown default: return "the body does not have the expected shape"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type, is UInt64.Type: "a whole number"
        default: "\(type)"
        }
    }
}
