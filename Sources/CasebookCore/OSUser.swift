import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The person running this process, as the operating system knows them.
///
/// The CLI acts as this user: who is acting comes from the login, not from anything typed, so no
/// option or environment variable overrides it.
public enum OSUser {
    /// The login name of the effective user id (from the password database), else `$USER` where
    /// the database has no entry for it (some containers), else "unknown".
    public static var name: String {
        if let entry = getpwuid(geteuid()), let raw = entry.pointee.pw_name {
            let name = String(cString: raw)
            if !name.isEmpty { return name }
        }
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        return "unknown"
    }
}
