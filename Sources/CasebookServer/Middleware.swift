import Foundation
import Hummingbird
import LedgerStore
import Logging

/// Turns every error into an answer: JSON `{"error": …}` under `/api/`, an HTML page elsewhere
/// (where 401 becomes a redirect to the sign-in page). Nothing escapes as a bare 500.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = CasebookRequestContext
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError.from(error, request: request, context: context)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["status": "\(apiError.status.code)", "path": "\(request.uri.path)"])
            }
            if request.uri.path.hasPrefix("/api/") || request.uri.path == "/api" {
                return JSONResponse.error(apiError)
            }
            if apiError.status == .unauthorized {
                let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                var response = Response.redirect(to: "/sign-in?next=" + PageRenderer.percentEncode(target), type: .found)
                if context.presentedInvalidToken && request.cookies[SessionCookie.name] != nil {
                    response.setCookie(SessionCookie.clear())
                }
                return response
            }
            return pages.errorPage(apiError, identity: context.identity)
        }
    }
}

/// Reads `Authorization: Bearer <token>` (or, failing that, the sign-in cookie) and sets
/// `context.identity`. It never refuses a request itself: each route decides what it needs.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = CasebookRequestContext
    let tokens: TokenStore
    let forms: FormGuard

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            let token = parts.count == 2 && parts[0].lowercased() == "bearer" ? parts[1].trimmingCharacters(in: .whitespaces) : nil
            if let token, let record = tokens.authenticate(token) {
                context.identity = Identity(record: record, viaCookie: false)
            } else {
                context.presentedInvalidToken = true
            }
        } else if let cookie = request.cookies[SessionCookie.name] {
            if let record = tokens.authenticate(cookie.value) {
                context.identity = Identity(record: record, viaCookie: true)
                context.sessionID = cookie.value
                context.csrfToken = forms.token(forSession: cookie.value)
            } else {
                context.presentedInvalidToken = true
            }
        }
        // A bad Authorization header is refused on every API route, public ones included: the
        // client thinks it is signed in and must learn otherwise. On pages (and for a stale
        // cookie) it only means signed out.
        if context.presentedInvalidToken && request.headers[.authorization] != nil && request.uri.path.hasPrefix("/api/") {
            throw APIError.unauthenticated("the token is not valid or has been revoked")
        }
        // The cookie is for reading in a browser. Writes need the bearer header, so a page on
        // another site can never make a signed-in browser append events (CSRF).
        if context.identity?.viaCookie == true && request.method != .get && request.method != .head && request.uri.path.hasPrefix("/api/") {
            throw APIError.unauthenticated("the API's POST endpoints take `Authorization: Bearer <token>`; the sign-in cookie is for reading")
        }
        return try await next(request, context)
    }
}

/// Headers on every response: no caching of anything personal, no framing, a strict CSP.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = CasebookRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[HTTPFields.Element.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPFields.Element.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}

/// The sign-in cookie: the token itself, `HttpOnly`, `SameSite=Strict`, `Path=/`, for 12 hours.
enum SessionCookie {
    static let name = "casebook_session"
    static let maxAge = 12 * 3600

    static func make(_ token: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: token, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func clear() -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: false, httpOnly: true, sameSite: .strict)
    }
}
