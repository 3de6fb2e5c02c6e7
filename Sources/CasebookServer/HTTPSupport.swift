import Casework
import Dispatch
import Foundation
import Hummingbird
import LedgerStore

/// Responses with a body the handlers have already rendered.
enum JSONResponse {
    static func ok(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        text(value.canonicalString + "\n", contentType: "application/json; charset=utf-8", status: status)
    }

    static func encodable<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        var buffer = ByteBuffer()
        buffer.writeBytes(data)
        buffer.writeString("\n")
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
    }

    static func error(_ error: APIError) -> Response {
        var response = ok(error.json, status: error.status)
        if error.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"casebook\"" }
        return response
    }

    static func text(_ body: String, contentType: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: contentType]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Typed, checked query parameters: a wrong value is a 400 naming the parameter.
struct Query {
    let parameters: [String: [String]]

    init(_ request: Request) {
        var p: [String: [String]] = [:]
        for (k, v) in request.uri.queryParameters { p[String(k), default: []].append(String(v)) }
        parameters = p
    }

    func string(_ name: String, maxLength: Int = 200) throws -> String? {
        guard let values = parameters[name], let v = values.last else { return nil }
        guard v.count <= maxLength else { throw APIError.badRequest("query parameter \(name) is longer than \(maxLength) characters", code: "invalidParameter") }
        return v.isEmpty ? nil : v
    }

    func strings(_ name: String) -> [String] { (parameters[name] ?? []).filter { !$0.isEmpty } }

    func day(_ name: String) throws -> LocalDate? {
        guard let text = try string(name) else { return nil }
        guard let d = LocalDate(iso: text), (1900...2200).contains(d.year) else {
            throw APIError.badRequest("query parameter \(name)=\(text) is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31", code: "invalidParameter")
        }
        return d
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = try string(name) else { return nil }
        guard let i = Int(text), range.contains(i) else {
            throw APIError.badRequest("query parameter \(name)=\(text) must be a whole number from \(range.lowerBound) to \(range.upperBound)", code: "invalidParameter")
        }
        return i
    }

    func position(_ name: String) throws -> UInt64? {
        guard let text = try string(name) else { return nil }
        guard let i = UInt64(text), i < UInt64(Int64.max) else {
            throw APIError.badRequest("query parameter \(name)=\(text) must be a whole number ≥ 0", code: "invalidParameter")
        }
        return i
    }

    func bool(_ name: String) throws -> Bool? {
        guard let text = try string(name) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: throw APIError.badRequest("query parameter \(name)=\(text) must be true or false", code: "invalidParameter")
        }
    }
}

/// Runs blocking ledger work (LMDB reads that replay the log, exports) off the cooperative pool.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try body() })
        }
    }
}

extension Request {
    /// The body as bytes, refusing more than `limit` with 413: at once when the declared
    /// Content-Length is over it (before a byte of the body is read), else as soon as the bytes
    /// read pass it. A body that ends before its Content-Length, or bad chunked framing, is the
    /// client's fault: 400.
    func bodyBytes(limit: Int) async throws -> [UInt8] {
        var collected: [UInt8] = []
        if let text = headers[.contentLength] {
            guard let declared = Int(text), declared >= 0 else {
                throw APIError.badRequest("the Content-Length header \(text) is not a number of bytes", code: "badRequest")
            }
            guard declared <= limit else { throw Request.tooLarge(limit) }
            collected.reserveCapacity(declared)
        }
        do {
            for try await buffer in body {
                guard collected.count + buffer.readableBytes <= limit else { throw Request.tooLarge(limit) }
                collected.append(contentsOf: buffer.readableBytesView)
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badRequest("the request body could not be read (\(error)): it must be as long as its Content-Length says, or validly chunked", code: "badBody")
        }
        return collected
    }

    private static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "tooLarge", "the body is larger than \(limit) bytes; send fewer events per request")
    }
}
