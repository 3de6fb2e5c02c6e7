import CasebookCore
import Foundation

/// One browser session: who signed in, in which role, and when.
struct BrowserSession: Sendable, Hashable {
    /// 32 random bytes, unpadded base64url: the `casebook_session` cookie's value.
    let id: String
    let userName: String
    /// The role the person chose to act in; nil until they choose (a user with several web roles).
    var role: Role?
    /// The user's `LedgerUser.passwordStamp` when they signed in: the session lives only while
    /// the user list still gives the same (a password change ends it, `isCurrent(for:)`).
    let passwordStamp: String?
    let createdAt: Date
    var lastSeen: Date

    /// Whether `user` (the user list's entry now) may still act through this session: the same
    /// password as at sign-in, and the role acted in still theirs (a session still choosing its
    /// role passes on the password alone).
    func isCurrent(for user: LedgerUser?) -> Bool {
        guard let user, user.name == userName, user.passwordStamp == passwordStamp else { return false }
        return role.map { user.roles.contains($0) } ?? true
    }
}

/// The server's browser sessions, in memory: a restart signs everyone out (forms rendered before
/// it must be reloaded anyway, `FormGuard`).
///
/// A session ends when it has been idle longer than `idleTimeout` (sliding: every request
/// renews it), when it is older than `lifetime` whatever its use, at sign-out, and when its user
/// is removed, loses the role it acts in or has a new password (`AuthMiddleware` checks the
/// user list on every request, `BrowserSession.isCurrent(for:)`: the CLI that changes them is
/// another process, so the user list on disk is what both read). Times come from `clock`, so tests move time on.
actor SessionStore {
    let idleTimeout: TimeInterval
    let lifetime: TimeInterval
    private let clock: @Sendable () -> Date
    private var sessions: [String: BrowserSession] = [:]

    init(idleTimeout: TimeInterval, lifetime: TimeInterval, clock: @escaping @Sendable () -> Date) {
        self.idleTimeout = idleTimeout
        self.lifetime = lifetime
        self.clock = clock
    }

    /// A new session with a fresh id (never one the browser brought: no session fixation).
    func create(userName: String, role: Role?, passwordStamp: String?) -> BrowserSession {
        let now = clock()
        removeExpired(now: now)
        var id: String
        repeat { id = TokenStore.base64url(TokenStore.randomBytes(32)) } while sessions[id] != nil
        let session = BrowserSession(id: id, userName: userName, role: role, passwordStamp: passwordStamp, createdAt: now, lastSeen: now)
        sessions[id] = session
        return session
    }

    /// The live session `id`, renewed (its idle time starts again); nil, and forgotten, when it
    /// has expired.
    func session(_ id: String) -> BrowserSession? {
        let now = clock()
        guard var session = sessions[id] else { return nil }
        guard !isExpired(session, now: now) else {
            sessions[id] = nil
            return nil
        }
        session.lastSeen = now
        sessions[id] = session
        return session
    }

    /// Sets the role the session acts in.
    func choose(_ role: Role, for id: String) {
        sessions[id]?.role = role
    }

    /// Ends the session `id` (sign-out; a removed user or role; a new password).
    func remove(_ id: String) {
        sessions[id] = nil
    }

    /// How many sessions are live (for tests and the log).
    var count: Int {
        removeExpired(now: clock())
        return sessions.count
    }

    private func isExpired(_ session: BrowserSession, now: Date) -> Bool {
        now.timeIntervalSince(session.lastSeen) > idleTimeout || now.timeIntervalSince(session.createdAt) > lifetime
    }

    private func removeExpired(now: Date) {
        sessions = sessions.filter { !isExpired($0.value, now: now) }
    }
}
