import Foundation
import HummingbirdBcrypt
import LedgerStore

/// Web sign-in passwords: what a password must be, and bcrypt hashing.
///
/// The rules follow the NCSC's password guidance (length over complexity): at least 12
/// characters, no composition rules, nothing that expires. bcrypt reads at most 72 bytes, so a
/// longer password is refused rather than silently cut short.
public enum PasswordRules {
    /// The fewest characters a password may have.
    public static let minimumLength = 12
    /// The most UTF-8 bytes bcrypt reads.
    public static let maximumBytes = 72
    /// The bcrypt cost (log2 rounds) of new hashes: about a quarter of a second on a server core.
    public static let defaultCost: UInt8 = 12

    /// Throws, saying what to change, unless `password` may be the password of `userName`.
    public static func check(_ password: String, forUser userName: String) throws(CasebookError) {
        let length = password.count
        guard length >= minimumLength else {
            throw CasebookError(.invalidInput, "the password has \(length) character\(length == 1 ? "" : "s"); it needs at least \(minimumLength) (NCSC password guidance: length matters more than complexity, so three random words make a good one)")
        }
        guard password.utf8.count <= maximumBytes else {
            throw CasebookError(.invalidInput, "the password is \(password.utf8.count) bytes long; bcrypt reads only the first \(maximumBytes), so choose one of at most \(maximumBytes) bytes (\(maximumBytes) plain letters)")
        }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CasebookError(.invalidInput, "the password contains a control character (a tab, a new line or similar); use letters, digits, spaces and punctuation")
        }
        guard password.lowercased() != userName.lowercased() else {
            throw CasebookError(.invalidInput, "the password is the user name; choose one nobody could guess from the name")
        }
    }

    /// A salted bcrypt hash of `password` (`$2b$…`). Deliberately slow: call it off the event loop.
    public static func hash(_ password: String, cost: UInt8 = defaultCost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// Whether `password` matches `hash`. A password with a NUL (which C would cut short) or a
    /// malformed hash never matches. As slow as `hash`.
    public static func verify(_ password: String, hash: String) -> Bool {
        guard !password.utf8.contains(0), hash.hasPrefix("$2") else { return false }
        return Bcrypt.verify(password, hash: hash)
    }

    /// A hash of a random password at `cost`: verified against when the user is unknown or has no
    /// password, so that a wrong name takes as long to refuse as a wrong password.
    public static func dummyHash(cost: UInt8 = defaultCost) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<24).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16) }.joined()
        return Bcrypt.hash(random, cost: cost)
    }
}

extension Casebook {
    // MARK: Passwords

    /// Sets the web sign-in password of the user `name`; only they or an admin (`actingUser`,
    /// normally `OSUser.name`) may. The password is checked (`PasswordRules.check`) and hashed
    /// before the write transaction, so the slow hash never holds the writer; only the hash is
    /// stored, in the user list beside the log, never in the log itself.
    public func setPassword(_ password: String, forUser name: String, by actingUser: String, cost: UInt8 = PasswordRules.defaultCost) throws {
        let name = try LedgerUser.validatedName(name)
        try PasswordRules.check(password, forUser: name)
        let acting = actingUser.precomposedStringWithCanonicalMapping
        let hash = PasswordRules.hash(password, cost: cost)
        try ledger.write { log in
            let txn = log.transaction
            let users = try UserDirectory.users(in: txn)
            guard var user = users.first(where: { $0.name == name }) else {
                throw CasebookError(.notFound, "\(name) is not a user of this ledger; an admin adds them first with `casebook user add \(name) --role officer`")
            }
            if acting != name {
                guard let admin = users.first(where: { $0.name == acting }), admin.roles.contains(.admin) else {
                    throw CasebookError(.forbidden, "\(acting) may not set the password of \(name); people set their own, and an admin sets anyone's")
                }
            }
            user.passwordHash = hash
            try UserDirectory.store(user, in: txn)
        }
    }

    /// The user `name` when `password` is theirs; nil for a wrong password, an unknown name or a
    /// user without a password. In every case exactly one bcrypt verification runs (against
    /// `dummyHash` when there is no hash to check), so the time taken does not tell which.
    /// Slow by design: call it off the event loop.
    public func userSigningIn(named name: String, password: String, dummyHash: String) throws -> LedgerUser? {
        let user = try self.user(named: name)
        guard let user, let hash = user.passwordHash else {
            _ = PasswordRules.verify(password, hash: dummyHash)
            return nil
        }
        return PasswordRules.verify(password, hash: hash) ? user : nil
    }
}
