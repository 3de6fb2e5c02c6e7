import CasebookCore
import Crypto
import Foundation
import LedgerStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The secrets of the officers' calendar feeds (`GET /calendar/<secret>.ics`):
/// `<ledger>/calendars.json`, beside `tokens.json`, mode 0600, replaced atomically on every
/// change, holding only each secret's SHA-256.
///
/// A secret is 32 random bytes in unpadded base64url; it is shown once, when it is made. Each
/// user has at most one: rotating makes a new one and the old address stops working at once
/// (the file is read on every fetch). Writers take an exclusive `flock` on
/// `calendars.json.lock` around read-modify-write, so two `casebook user calendar` runs cannot
/// lose each other's change.
public struct CalendarSecretStore: Sendable {
    /// One user's feed as stored.
    public struct Record: Codable, Sendable, Hashable {
        /// The ledger user whose cases the feed shows.
        public var user: String
        /// Lower-case hex SHA-256 of the secret's UTF-8 bytes.
        public var sha256: String
        public var createdAt: String
    }

    private struct File: Codable {
        var format = "casebook-calendars/1"
        var calendars: [Record]
    }

    public let path: String

    /// The secret file of the ledger at `ledgerDirectory`.
    public static func path(inLedger ledgerDirectory: String) -> String { ledgerDirectory + "/calendars.json" }

    /// The feed's path on the server for `secret`.
    public static func feedPath(_ secret: String) -> String { "/calendar/\(secret).ics" }

    public init(path: String) { self.path = path }

    /// Makes `user`'s feed secret and returns it (the only time it is available). With `rotate`
    /// an existing secret is replaced; without it, an existing one is an error that says so.
    public func create(for user: String, rotate: Bool, now: Date = Date()) throws -> String {
        try withFileLock {
            var records = try load()
            if let i = records.firstIndex(where: { $0.user == user }) {
                guard rotate else {
                    throw LedgerError(.invalidInput, "\(user) already has a calendar feed (made \(records[i].createdAt)); its address was shown once, when it was made. Run again with --rotate for a new address (the old one stops working)")
                }
                records.remove(at: i)
            }
            let secret = TokenStore.base64url(TokenStore.randomBytes(32))
            records.append(Record(user: user, sha256: Self.digest(secret), createdAt: Timestamp(now).rfc3339))
            try save(records)
            return secret
        }
    }

    /// Every feed, oldest first (never the secrets).
    public func list() throws -> [Record] { try load() }

    /// The user whose feed `secret` opens, or nil: an unknown or rotated secret, or a file that
    /// cannot be read (fail closed). Compared in constant time against every record.
    public func user(forSecret secret: String) -> String? {
        guard let records = try? load() else { return nil }
        let presented = TokenStore.bytes(hex: Self.digest(secret))
        var match: String?
        for r in records where TokenStore.constantTimeEqual(TokenStore.bytes(hex: r.sha256), presented) { match = r.user }
        return match
    }

    static func digest(_ secret: String) -> String {
        hexString(SHA256.hash(data: Array(secret.utf8)))
    }

    // MARK: The file

    private func load() throws -> [Record] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerError(.io, "cannot read the calendar file \(path); check its owner and mode (0600)")
        }
        do { return try JSONDecoder().decode(File.self, from: data).calendars } catch {
            throw LedgerError(.corrupted, "the calendar file \(path) is not valid (\(error)); restore it from a backup, or remove it and make new feeds with `casebook user calendar NAME`")
        }
    }

    /// Writes a temporary file created with mode 0600, flushes it, then renames it over the old one.
    private func save(_ records: [Record]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(File(calendars: records))
        let temporary = path + ".tmp-" + TokenStore.base64url(TokenStore.randomBytes(6))
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw LedgerError(.io, "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var ok = true
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { ok = false; break }
                offset += n
            }
        }
        if fsync(fd) != 0 { ok = false }
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw LedgerError(.io, "cannot write the calendar file \(path): \(String(cString: strerror(errno))); check the ledger directory is writable")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    private func withFileLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(path + ".lock", O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw LedgerError(.io, "cannot open \(path).lock: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw LedgerError(.io, "cannot lock \(path).lock") }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
