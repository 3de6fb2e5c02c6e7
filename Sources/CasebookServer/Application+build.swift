import Casework
import Foundation
import Hummingbird
import Logging
import CasebookCore
import Registers
import ServiceLifecycle

/// How `casebook serve` runs the server. Time is injectable so tests get exact answers.
public struct CasebookServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Largest request body accepted (413 above it).
    public var maxBodyBytes = 4 * 1024 * 1024
    /// Most events in one `POST /api/v1/events`.
    public var maxEventsPerRequest = 1000
    /// Mark the sign-in cookie `Secure` (set when TLS terminates in front of the server).
    public var secureCookies = false
    /// Where ICO export packs are written before they are streamed.
    public var temporaryDirectory = NSTemporaryDirectory()
    /// The token file (default: `<ledger>/tokens.json`).
    public var tokenFile: String?
    /// The calendar feeds' secret file (default: `<ledger>/calendars.json`).
    public var calendarFile: String?
    /// The address people reach the pages at (`https://casebook.example.gov.uk`), for links that
    /// leave the server, such as a calendar event's URL to its case page; nil leaves them out.
    public var baseURL: String?
    /// The day registers, the due list and reports are judged against (Europe/London).
    public var today: @Sendable () -> LocalDate = { LocalDate(Date()) }
    /// The clock for events recorded without an `occurredAt`.
    public var now: @Sendable () -> Date = { Date() }
    /// A browser session ends after this long without a request (sliding), in seconds.
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    /// A browser session ends this long after sign-in however much it is used, in seconds; also
    /// the session cookie's `Max-Age`.
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// The clock of sessions and of the sign-in throttle (tests move it on).
    public var sessionClock: @Sendable () -> Date = { Date() }
    /// Failed sign-ins, per user name or per client address, within `signInWindow` that pause
    /// sign-in there for `signInWindow` (429).
    public var signInAttemptLimit = 5
    public var signInWindow: TimeInterval = 15 * 60
    /// The bcrypt cost of the hash an unknown user name is checked against; the same as the
    /// users' own hashes (`PasswordRules.defaultCost`), so both take as long.
    public var passwordCost: UInt8 = 12
    /// Called with the bound port once the server listens.
    public var onListening: @Sendable (Int?) async -> Void = { _ in }
    public var logger = Logger(label: "casebook.server")

    public init() {}
}

/// The application: the router over `casebook`, and a service that closes the ledger once the
/// HTTP server has drained on graceful shutdown (SIGTERM / SIGINT under `runService()`).
public func buildApplication(casebook: Casebook, configuration: CasebookServerConfiguration) throws -> some ApplicationProtocol {
    let router = try buildRouter(casebook: casebook, configuration: configuration)
    let onListening = configuration.onListening
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Casebook"),
        onServerRunning: { channel in await onListening(channel.localAddress?.port) },
        logger: configuration.logger)
    app.addServices(CasebookService(casebook: casebook, logger: configuration.logger))
    return app
}

/// Runs the server until SIGTERM or SIGINT, then shuts down gracefully: the HTTP server drains,
/// then the ledger is closed.
public func runServer(casebook: Casebook, configuration: CasebookServerConfiguration) async throws {
    let app = try buildApplication(casebook: casebook, configuration: configuration)
    try await app.runService()
    casebook.close()
}

/// The routes: `/api/v1/…` (JSON) and the HTML pages, behind the error, security-header and
/// authentication middleware.
public func buildRouter(casebook: Casebook, configuration: CasebookServerConfiguration) throws -> Router<CasebookRequestContext> {
    let tokens = TokenStore(path: configuration.tokenFile ?? TokenStore.path(inLedger: casebook.directory))
    let pages = try PageRenderer(organisation: casebook.policy.organisationName)
    let router = Router(context: CasebookRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware(pages: pages))
    let forms = FormGuard()
    let sessions = SessionStore(idleTimeout: configuration.sessionIdleTimeout, lifetime: configuration.sessionLifetime, clock: configuration.sessionClock)
    router.add(middleware: OriginCheckMiddleware())
    router.add(middleware: AuthMiddleware(tokens: tokens, forms: forms, sessions: sessions, casebook: casebook))
    // Errors from the routes are answered here, where the identity is known, so an error page keeps
    // the signed-in navigation; the outer instance answers errors of the middleware before this.
    router.add(middleware: ErrorMiddleware(pages: pages))

    // The register check runs in the background from the start; registers wait for it (briefly), then 503.
    let integrity = RegisterIntegrity(casebook: casebook, logger: configuration.logger)
    integrity.start()
    let reader = ReadController(casebook: casebook, configuration: configuration, integrity: integrity)
    router.addRoutes(EventsController(casebook: casebook, configuration: configuration).endpoints, atPath: "/api/v1")
    router.addRoutes(reader.endpoints, atPath: "/api/v1")
    router.addRoutes(ProofController(casebook: casebook).endpoints, atPath: "/api/v1")
    router.addRoutes(ExportController(casebook: casebook, configuration: configuration).endpoints, atPath: "/api/v1")
    router.addRoutes(PagesController(reader: reader, tokens: tokens, forms: forms, pages: pages, configuration: configuration).endpoints)
    router.addRoutes(ImportController(casebook: casebook, forms: forms, pages: pages, uploads: ImportUploadStore(clock: configuration.sessionClock),
                                      configuration: configuration).endpoints)
    router.addRoutes(SignInController(casebook: casebook, sessions: sessions, forms: forms, pages: pages, configuration: configuration,
                                      throttle: LoginThrottle(limit: configuration.signInAttemptLimit, window: configuration.signInWindow,
                                                              lockout: configuration.signInWindow, clock: configuration.sessionClock)).endpoints)
    // The pages' links to data (CSV, JSON, proofs, packs) go to the same read routes under
    // /data/v1: the API under /api/v1 takes only bearer tokens, never the session cookie.
    let dataPath = RouterPath(PageRenderer.dataPrefix)
    router.addRoutes(reader.endpoints, atPath: dataPath)
    router.addRoutes(ProofController(casebook: casebook).endpoints, atPath: dataPath)
    router.addRoutes(ExportController(casebook: casebook, configuration: configuration).endpoints, atPath: dataPath)
    router.addRoutes(CalendarController(casebook: casebook, configuration: configuration, integrity: integrity).endpoints)
    return router
}

/// Owns the Casebook for the application's lifetime: waits for graceful shutdown, then closes
/// the ledger (its writer thread finishes what is queued first). The HTTP server is the last
/// service Hummingbird adds, so it stops first and no request is cut off mid-append.
struct CasebookService: Service {
    let casebook: Casebook
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        logger.info("closing the ledger", metadata: ["directory": "\(casebook.directory)"])
        casebook.close()
    }
}
