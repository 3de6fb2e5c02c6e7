import Foundation
import Hummingbird

/// Refuses a page POST (any method but GET and HEAD outside `/api/`) unless the browser says it
/// comes from this site: its `Origin` header, or failing that its `Referer`, must name the host
/// the request was sent to (`Host`). The CSRF token (`FormGuard`) is the main defence on signed-in
/// forms; this also covers the sign-in form, which has no session yet (login CSRF), and a browser
/// that sends neither header, or `Origin: null`, is refused too. Browsers send `Origin` on every
/// POST; the pages' `Referrer-Policy: same-origin` keeps it (with `no-referrer` a browser sends
/// `Origin: null`).
struct OriginCheckMiddleware: RouterMiddleware {
    typealias Context = CasebookRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .get && request.method != .head && !request.uri.path.hasPrefix("/api/") && request.uri.path != "/api" {
            try Self.requireSameSite(request)
        }
        return try await next(request, context)
    }

    /// Throws 403 unless `Origin` (or `Referer`) names the request's own host.
    static func requireSameSite(_ request: Request) throws {
        let host = (request.head.authority ?? request.headers[HTTPFields.Element.Name("Host")!] ?? "").lowercased()
        let origin = request.headers[.origin]
        let referer = request.headers[.referer]
        let claimed = origin ?? referer
        guard let claimed else {
            throw APIError.forbidden("this form did not say which site it came from (no Origin or Referer header); open the page in a browser on this site and submit the form from there")
        }
        guard !host.isEmpty, let authority = Self.authority(of: claimed), authority == host else {
            throw APIError.forbidden("this form was sent from \(claimed == "null" ? "a page that hides its origin" : claimed), not from this site; open the page on this site and submit the form again")
        }
    }

    /// `host[:port]` of an absolute http(s) URL, lower-cased; nil for anything else.
    static func authority(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else { return nil }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return (components.port.map { "\(hostPart):\($0)" } ?? hostPart).lowercased()
    }
}
