import CasebookCore
import Casework
import Foundation
import Hummingbird
import Logging

/// Signing in with a user name and password, choosing the role to act in, and signing out.
///
/// The password is checked against the user list's bcrypt hash on a thread of its own (never the
/// event loop: bcrypt is slow on purpose); an unknown name is checked against a dummy hash of the
/// same cost, so the answer takes as long. Failures are counted per name and per client address
/// (`LoginThrottle`). Every sign-in makes a new session id (no fixation). Sign-ins, refusals and
/// sign-outs are logged with the name and address, never a password or hash.
struct SignInController {
    typealias Context = CasebookRequestContext
    let casebook: Casebook
    let sessions: SessionStore
    let forms: FormGuard
    let pages: PageRenderer
    let configuration: CasebookServerConfiguration
    let throttle: LoginThrottle
    let dummyHash: String

    /// The roles a browser session can act in; admin work is done at the ledger.
    static let webRoles: [Role] = TokenStore.roles

    init(casebook: Casebook, sessions: SessionStore, forms: FormGuard, pages: PageRenderer,
         configuration: CasebookServerConfiguration, throttle: LoginThrottle) {
        self.casebook = casebook
        self.sessions = sessions
        self.forms = forms
        self.pages = pages
        self.configuration = configuration
        self.throttle = throttle
        self.dummyHash = PasswordRules.dummyHash(cost: configuration.passwordCost)
    }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("sign-in", use: signInForm)
        routes.post("sign-in", use: signIn)
        routes.get("sign-in/role", use: roleForm)
        routes.post("sign-in/role", use: chooseRole)
        routes.post("sign-out", use: signOut)
        return routes
    }

    private var logger: Logger { configuration.logger }

    // MARK: Signing in

    @Sendable func signInForm(_ request: Request, context: Context) async throws -> Response {
        let next = PagesController.safeNext(try Query(request).string("next", maxLength: 2000))
        return signInPage(next: next, username: "", errors: [], status: .ok, identity: context.identity)
    }

    @Sendable func signIn(_ request: Request, context: Context) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 16 * 1024)
        let form = PagesController.parseForm(String(decoding: bytes, as: UTF8.self))
        let next = PagesController.safeNext(form["next"])
        let username = (form["username"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let password = form["password"] ?? ""
        var errors: [(field: String, message: String)] = []
        if username.isEmpty { errors.append(("username", "Enter your user name")) }
        if password.isEmpty { errors.append(("password", "Enter your password")) }
        guard errors.isEmpty else {
            return signInPage(next: next, username: username, errors: errors, status: .badRequest, identity: nil)
        }
        let address = context.clientAddress ?? "unknown"
        let keys = [LoginThrottle.key(user: username), LoginThrottle.key(address: address)]
        if let until = await throttle.locked(keys) {
            logger.warning("sign-in refused: paused after repeated failures", metadata: ["user": "\(username)", "address": "\(address)"])
            return lockedPage(until: until)
        }
        // Overlong input is a wrong password, not a crash nor a slow hash of a megabyte.
        let plausible = username.unicodeScalars.count <= LedgerUser.maximumNameLength && password.utf8.count <= 1024
        let casebook = self.casebook, dummyHash = self.dummyHash
        let user = try await Self.offTheEventLoop {
            try casebook.userSigningIn(named: plausible ? username : "", password: plausible ? password : "", dummyHash: dummyHash)
        }
        guard let user else {
            let until = await throttle.recordFailure(keys)
            logger.notice("sign-in failed: wrong user name or password", metadata: [
                "user": "\(username.prefix(64))", "address": "\(address)", "paused": "\(until != nil)",
            ])
            return signInPage(next: next, username: username, errors: [("username", "Enter a correct user name and password")],
                              status: .unauthorized, identity: nil)
        }
        await throttle.reset(LoginThrottle.key(user: username))
        let roles = user.roles.filter(Self.webRoles.contains)
        guard !roles.isEmpty else {
            logger.notice("sign-in refused: the user has no role the web pages carry", metadata: ["user": "\(user.name)", "address": "\(address)"])
            return signInPage(next: next, username: username, errors: [(
                "username",
                "\(user.name) is an admin only, and admin work (the user list, tokens, the ledger itself) is done at the ledger with the casebook command; ask an admin to give you a role for these pages (officer, legal, dpo or auditor)"
            )], status: .forbidden, identity: nil)
        }
        if let old = request.cookies[SessionCookie.name]?.value, !old.isEmpty { await sessions.remove(old) }
        let session = await sessions.create(userName: user.name, role: roles.count == 1 ? roles[0] : nil, passwordStamp: user.passwordStamp)
        var response: Response
        if let role = session.role {
            logger.info("signed in", metadata: ["user": "\(user.name)", "role": "\(role)", "address": "\(address)"])
            response = Self.seeOther(next)
        } else {
            logger.info("signed in; choosing a role", metadata: ["user": "\(user.name)", "roles": "\(roles.map(\.rawValue).joined(separator: ","))", "address": "\(address)"])
            response = Self.seeOther("/sign-in/role?next=" + PageRenderer.percentEncode(next))
        }
        response.setCookie(SessionCookie.make(session.id, secure: configuration.secureCookies, maxAge: Int(configuration.sessionLifetime)))
        return response
    }

    // MARK: Choosing a role

    @Sendable func roleForm(_ request: Request, context: Context) async throws -> Response {
        let next = PagesController.safeNext(try Query(request).string("next", maxLength: 2000))
        guard let pending = try await pendingSession(request) else { return .redirect(to: "/sign-in", type: .found) }
        let (session, roles) = pending
        if session.role != nil { return .redirect(to: next, type: .found) }
        return rolePage(session: session, roles: roles, next: next, error: nil)
    }

    @Sendable func chooseRole(_ request: Request, context: Context) async throws -> Response {
        let bytes = try await request.bodyBytes(limit: 16 * 1024)
        let form = PagesController.parseForm(String(decoding: bytes, as: UTF8.self))
        let next = PagesController.safeNext(form["next"])
        guard let pending = try await pendingSession(request) else { return Self.seeOther("/sign-in") }
        let (session, roles) = pending
        guard Self.sameToken(forms.token(forSession: session.id), form[FormGuard.field] ?? "") else {
            throw APIError.forbidden("this form has expired or did not come from this site; reload the page and submit it again")
        }
        guard let chosen = form["role"].flatMap(Role.init(rawValue:)), roles.contains(chosen) else {
            return rolePage(session: session, roles: roles, next: next, error: "Select the role you are acting in", status: .badRequest)
        }
        await sessions.choose(chosen, for: session.id)
        logger.info("signed in", metadata: ["user": "\(session.userName)", "role": "\(chosen)", "address": "\(context.clientAddress ?? "unknown")"])
        return Self.seeOther(next)
    }

    /// The browser's session and the web roles its user holds now; nil without a live session
    /// or when the user is gone, has a new password or holds no web role (the session then ends).
    private func pendingSession(_ request: Request) async throws -> (BrowserSession, [Role])? {
        guard let id = request.cookies[SessionCookie.name]?.value, !id.isEmpty, let session = await sessions.session(id) else { return nil }
        let user = try casebook.user(named: session.userName)
        let roles = session.isCurrent(for: user) ? user?.roles.filter(Self.webRoles.contains) ?? [] : []
        guard !roles.isEmpty else {
            await sessions.remove(id)
            return nil
        }
        return (session, roles)
    }

    // MARK: Signing out

    @Sendable func signOut(_ request: Request, context: Context) async throws -> Response {
        var response = Self.seeOther("/sign-in")
        response.setCookie(SessionCookie.clear(secure: configuration.secureCookies))
        if context.identity == nil {
            // No live session to end (expired, or never signed in): just go to the sign-in page.
            if let id = request.cookies[SessionCookie.name]?.value, !id.isEmpty { await sessions.remove(id) }
            return response
        }
        let bytes = try await request.bodyBytes(limit: 16 * 1024)
        try forms.verify(PagesController.parseForm(String(decoding: bytes, as: UTF8.self)), context: context)
        if let id = context.sessionID { await sessions.remove(id) }
        logger.info("signed out", metadata: ["user": "\(context.identity?.name ?? "")", "address": "\(context.clientAddress ?? "unknown")"])
        return response
    }

    // MARK: Pages

    private func signInPage(next: String, username: String, errors: [(field: String, message: String)], status: HTTPResponse.Status,
                            identity: Identity?) -> Response {
        var page: [String: Any] = [
            "next": next, "username": username, "hasErrors": !errors.isEmpty,
            "errors": errors.map { ["field": $0.field, "message": $0.message] },
            "idleMinutes": Int(configuration.sessionIdleTimeout / 60), "lifetimeHours": Int(configuration.sessionLifetime / 3600),
        ]
        for (field, message) in errors { page[field + "Error"] = message }
        return pages.page("sign-in", title: errors.isEmpty ? "Sign in" : "Error: Sign in", context: page, identity: identity,
                          current: "/sign-in", status: status)
    }

    private func rolePage(session: BrowserSession, roles: [Role], next: String, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        var page: [String: Any] = [
            "name": session.userName, "next": next, "csrf": forms.token(forSession: session.id),
            "firstRole": roles.first?.rawValue ?? "",
            "roles": roles.map { ["value": $0.rawValue, "label": Self.roleLabel($0), "hint": Self.roleHint($0)] },
        ]
        if let error { page["error"] = error }
        return pages.page("sign-in-role", title: error == nil ? "Choose your role" : "Error: Choose your role", context: page,
                          identity: nil, current: "/sign-in", status: status)
    }

    private func lockedPage(until: Date) -> Response {
        let seconds = max(1, Int(until.timeIntervalSince(configuration.sessionClock()).rounded(.up)))
        let minutes = (seconds + 59) / 60
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = LocalDate.londonTimeZone
        formatter.dateFormat = "HH:mm"
        var response = pages.page("sign-in-locked", title: "Sign-in is paused", context: [
            "limit": configuration.signInAttemptLimit, "windowMinutes": Int(configuration.signInWindow / 60),
            "until": formatter.string(from: until), "minutes": minutes, "oneMinute": minutes == 1,
        ], identity: nil, current: "/sign-in", status: .tooManyRequests)
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    static func roleLabel(_ role: Role) -> String {
        switch role {
        case .officer: "Officer"
        case .legal: "Legal Services"
        case .dpo: "Data protection officer"
        case .auditor: "Auditor"
        case .admin: "Administrator"
        }
    }

    static func roleHint(_ role: Role) -> String {
        switch role {
        case .officer: "FOI and EIR requests, subject access requests, third-party requests, agreements and complaints"
        case .legal: "breaches, near misses and ICO complaints and decision notices; reads everything"
        case .dpo: "breaches and near misses (UK GDPR Art 39), except the ICO notification decision"
        case .auditor: "reads everything and records nothing; personal data is redacted"
        case .admin: "the user list, at the ledger"
        }
    }

    // MARK: Helpers

    static func seeOther(_ location: String) -> Response {
        var response = Response.redirect(to: location, type: .normal)
        response.status = .seeOther
        return response
    }

    /// Equal in time independent of where they differ.
    static func sameToken(_ expected: String, _ given: String) -> Bool {
        TokenStore.constantTimeEqual(Array(expected.utf8), Array(given.utf8))
    }

    /// Runs slow work (bcrypt) on a Dispatch thread, so neither the event loop nor Swift's
    /// cooperative pool waits for it.
    static func offTheEventLoop<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
