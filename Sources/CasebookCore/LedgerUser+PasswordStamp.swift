import Crypto
import Foundation

extension LedgerUser {
    /// Names the password the user has now, without being it: the SHA-256 (hex) of the stored
    /// bcrypt hash, nil without a password. Every `casebook user password` stores a new salted
    /// hash, so the stamp changes with each change of password (even to the same password).
    /// A web session keeps the stamp it signed in with, and the server compares it with the user
    /// list on every request: a password changed by the CLI, another process, ends the user's
    /// live sessions at their next request (NCSC: a password change should sign out every
    /// session, as it is what someone does who thinks theirs is known).
    public var passwordStamp: String? {
        passwordHash.map { SHA256.hash(data: Data($0.utf8)).map { String(format: "%02x", $0) }.joined() }
    }
}
