import CasebookCore
import Crypto
import Foundation
import LedgerStore

/// The secrets of the officers' calendar feeds (`GET /calendar/<secret>.ics`):
/// `<ledger>/calendars.json`, beside `tokens.json`, mode 0600, replaced atomically on every
/// change, holding only each secret's SHA-256.
///
/// A secret is 32 random bytes in unpadded base64url; it is shown once, when it is made. Each
/// user has at most one: rotating makes a new one and the old address stops working at once
/// (the file is read on every fetch). Writers take an exclusive `flock` on
/// `calendars.json.lock` around read-modify-write, so two `casebook user calendar` runs cannot
/// lose each other's change (`SecretFile`, shared with `TokenStore`).
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

    /// `calendars.json` as a `SecretFile` (mode 0600, atomic replace, `flock` for writers).
    private var file: SecretFile {
        SecretFile(path: path, description: "calendar file", readAdvice: "; check its owner and mode (0600)",
                   writeAdvice: "; check the ledger directory is writable")
    }

    private func load() throws -> [Record] {
        guard let data = try file.read() else { return [] }
        do { return try JSONDecoder().decode(File.self, from: data).calendars } catch {
            throw LedgerError(.corrupted, "the calendar file \(path) is not valid (\(error)); restore it from a backup, or remove it and make new feeds with `casebook user calendar NAME`")
        }
    }

    private func save(_ records: [Record]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try file.replace(with: try encoder.encode(File(calendars: records)))
    }

    private func withFileLock<T>(_ body: () throws -> T) throws -> T { try file.withLock(body) }
}
