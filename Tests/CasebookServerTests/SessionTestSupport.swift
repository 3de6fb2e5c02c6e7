import CasebookCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import CasebookServer

/// A clock that stands still until a test moves it on.
final class ManualClock: @unchecked Sendable {  // every access holds `lock`
    private let lock = NSLock()
    private var date: Date

    init(_ date: Date = Date(timeIntervalSince1970: 1_772_445_600)) { self.date = date }

    var now: Date { lock.withLock { date } }
    func advance(by seconds: TimeInterval) { lock.withLock { date += seconds } }
}

/// Log lines kept in memory, to check what sign-in writes to the log.
final class LogRecorder: @unchecked Sendable {  // every access holds `lock`
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }

    var logger: Logger {
        Logger(label: "casebook.server.test") { _ in RecordingHandler(recorder: self) }
    }

    struct RecordingHandler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            let all = metadata.merging(explicit ?? [:]) { $1 }
            recorder.append("\(level) \(message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
    }
}

/// The password every web user of these tests has.
let webPassword = "correct horse battery"

extension Fixture {
    /// This fixture with sessions and the sign-in throttle on `clock`, and cheap bcrypt hashes.
    func withSessions(clock: ManualClock, logger: Logger? = nil) -> Fixture {
        var f = self
        f.configuration.sessionClock = { clock.now }
        f.configuration.passwordCost = 4
        f.configuration.signInAttemptLimit = CasebookServerConfiguration().signInAttemptLimit
        if let logger { f.configuration.logger = logger }
        return f
    }

    /// Adds `name` to the user list with `roles` and the password `webPassword` (the first call
    /// also adds the admin `root`).
    func addWebUser(_ name: String, roles: [Role], password: String = webPassword) throws {
        if try casebook.users().isEmpty { try casebook.addUser("root", roles: [.admin], by: "root") }
        try casebook.addUser(name, roles: roles, by: "root")
        try casebook.setPassword(password, forUser: name, by: "root", cost: 4)
    }
}

/// `casebook_session=<id>` from a reply's `Set-Cookie`, or nil.
func sessionCookie(_ reply: Reply) -> String? {
    guard let header = reply.headers[.setCookie], header.hasPrefix(SessionCookie.name + "=") else { return nil }
    let pair = String(header.split(separator: ";").first ?? "")
    return pair == SessionCookie.name + "=" ? nil : pair
}

/// The value of the first hidden `csrf` field in `html`.
func csrfToken(in html: String) -> String? {
    guard let range = html.range(of: #"name="csrf" value="[^"]*""#, options: .regularExpression) else { return nil }
    return String(html[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
}

func formBody(_ fields: [String: String]) -> String {
    fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(PageRenderer.percentEncode($0.value))" }.joined(separator: "&")
}

extension TestClientProtocol {
    /// Posts a page form as a browser on this site does (`Origin` of the test host).
    func postForm(_ path: String, _ fields: [String: String], cookie: String? = nil, as who: Who = .none, fixture: Fixture,
                  origin: String? = "http://localhost") async throws -> Reply {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let origin { headers[.origin] = origin }
        if let cookie { headers[.cookie] = cookie }
        return try await send(.post, path, as: who, fixture: fixture, body: formBody(fields), headers: headers)
    }

    /// Signs in through the form; returns the reply (303 and a cookie when it worked).
    func signIn(_ name: String, password: String = webPassword, next: String = "/dashboard", cookie: String? = nil,
                fixture: Fixture) async throws -> Reply {
        try await postForm("/sign-in", ["username": name, "password": password, "next": next], cookie: cookie, fixture: fixture)
    }

    /// A page opened with the session cookie only.
    func open(_ path: String, cookie: String?, fixture: Fixture) async throws -> Reply {
        try await send(.get, path, fixture: fixture, headers: cookie.map { [.cookie: $0] } ?? [:])
    }
}
