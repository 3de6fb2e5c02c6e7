import Foundation
import Hummingbird
import CasebookCore
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
                // A page that needs signing in, asked for with a session cookie: the cookie is dead
                // (expired, signed out, or its user removed), so the browser drops it.
                if request.cookies[SessionCookie.name] != nil {
                    response.setCookie(SessionCookie.clear())
                }
                return response
            }
            return pages.errorPage(apiError, identity: context.identity)
        }
    }
}

/// Reads `Authorization: Bearer <token>` (machines) or the browser's session cookie (people) and
/// sets `context.identity`. It never refuses a page itself: each route decides what it needs.
///
/// The two never mix: the API (`/api/…`) takes only the bearer header, and a request there with
/// only the session cookie is refused (401), so no page on another site can use a signed-in
/// browser to call it; page forms take only the session (`FormGuard` refuses a bearer token).
/// A session whose user has been removed, or no longer holds the role it acts in, ends here, at
/// its next request.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = CasebookRequestContext
    let tokens: TokenStore
    let forms: FormGuard
    let sessions: SessionStore
    let casebook: Casebook

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let api = request.uri.path.hasPrefix("/api/") || request.uri.path == "/api"
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            let token = parts.count == 2 && parts[0].lowercased() == "bearer" ? parts[1].trimmingCharacters(in: .whitespaces) : nil
            if let token, let record = tokens.authenticate(token) {
                context.identity = Identity(record: record, viaCookie: false)
            } else {
                context.presentedInvalidToken = true
            }
        } else if let cookie = request.cookies[SessionCookie.name], !cookie.value.isEmpty {
            if api {
                throw APIError.unauthenticated("the API takes `Authorization: Bearer <token>` (a program's token from `casebook token create`); the browser's sign-in session works only on the pages")
            }
            if let session = await sessions.session(cookie.value), let role = session.role {
                if let user = try? casebook.user(named: session.userName), session.isCurrent(for: user) {
                    let csrf = forms.token(forSession: session.id)
                    context.identity = Identity(session: session, role: role, csrfToken: csrf)
                    context.sessionID = session.id
                    context.csrfToken = csrf
                } else {
                    await sessions.remove(session.id)
                    context.logger.notice("session ended: the user was removed, lost the role or has a new password", metadata: ["user": "\(session.userName)", "role": "\(role)"])
                    context.presentedInvalidToken = true
                }
            } else {
                // Unknown, expired, or still choosing a role (`SignInController` reads those itself).
                context.presentedInvalidToken = true
            }
        }
        // A bad Authorization header is refused on every API route, public ones included: the
        // client thinks it is signed in and must learn otherwise. On pages (and for a stale
        // cookie) it only means signed out.
        if context.presentedInvalidToken && request.headers[.authorization] != nil && api {
            throw APIError.unauthenticated("the token is not valid or has been revoked")
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
        response.headers[HTTPFields.Element.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPFields.Element.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}

/// The session cookie: a server-side session's id (`SessionStore`), never a token. `HttpOnly`,
/// `SameSite=Lax` (a link from an email opens the page signed in; a form posted from another
/// site carries no cookie), `Path=/`, `Secure` when TLS is in front (`--secure-cookies`), and
/// `Max-Age` the session's absolute lifetime.
enum SessionCookie {
    static let name = "casebook_session"

    static func make(_ sessionID: String, secure: Bool, maxAge: Int) -> Cookie {
        Cookie(name: name, value: sessionID, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func clear(secure: Bool = false) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
