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

/// One issued API token as stored: never the token itself, only its SHA-256.
public struct TokenRecord: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    /// What the token may do (`AccessPolicy`): officer, legal, dpo or auditor, never admin.
    public var role: Role
    /// Whether an auditor token sees personal data decrypted (officers, legal and the DPO always do, in their scope).
    public var personalData: Bool
    /// Lower-case hex SHA-256 of the token's UTF-8 bytes.
    public var sha256: String
    public var createdAt: String
    public var revokedAt: String?

    public var isRevoked: Bool { revokedAt != nil }
}

/// The API tokens of one ledger: `<ledger>/tokens.json`, mode 0600, replaced atomically on every
/// change, holding only SHA-256 hashes.
///
/// Tokens are `cbk_` followed by 32 random bytes in unpadded base64url. They are shown once, by
/// `create`; a lost token is revoked and a new one created.
///
/// Thread-safe: the server authenticates from many tasks while `casebook token …` may change the
/// file from another process. `authenticate` re-reads the file whenever its identity, size or
/// modification time changes, so a revocation takes effect on the next request. Writers take an
/// exclusive `flock` on `tokens.json.lock` around read-modify-write.
public final class TokenStore: @unchecked Sendable {
    public static let prefix = "cbk_"
    /// The roles a token can carry. Admin is not one: the user list is changed at the ledger
    /// (`casebook user`), never over HTTP.
    public static let roles: [Role] = [.officer, .legal, .dpo, .auditor]
    public let path: String
    private let lock = NSLock()
    private var cache: Cache?

    private struct Cache {
        var stamp: FileStamp?
        var records: [TokenRecord]
        var digests: [[UInt8]]
    }

    private struct FileStamp: Equatable {
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var modifiedNanos: Int64
    }

    private struct File: Codable {
        var format = "casebook-tokens/1"
        var tokens: [TokenRecord]
    }

    /// The token file of the ledger at `ledgerDirectory`.
    public static func path(inLedger ledgerDirectory: String) -> String { ledgerDirectory + "/tokens.json" }

    /// A store over `path`; the file need not exist yet (no tokens).
    public init(path: String) {
        self.path = path
    }

    // MARK: Issuing and revoking

    /// Issues a token; returns it (the only time it is available) and its stored record.
    public func create(name: String, role: Role, personalData: Bool, now: Date = Date()) throws -> (token: String, record: TokenRecord) {
        guard Self.roles.contains(role) else {
            throw LedgerError(.invalidInput, "a token cannot carry role \(role); choose officer, legal, dpo or auditor (admins change the user list with `casebook user`, not over HTTP)")
        }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 200 else {
            throw LedgerError(.invalidInput, "a token needs a --name of 1 to 200 characters saying whose it is (e.g. \"a.officer\" or \"case-system\")")
        }
        guard !trimmed.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 } == true }) else {
            throw LedgerError(.invalidInput, "a token name cannot contain control characters")
        }
        return try withFileLock {
            var records = try load()
            let token = Self.prefix + Self.base64url(Self.randomBytes(32))
            var id: String
            repeat { id = "tok_" + hexString(Self.randomBytes(6)) } while records.contains { $0.id == id }
            let record = TokenRecord(id: id, name: trimmed, role: role, personalData: personalData,
                                     sha256: hexString(SHA256.hash(data: Array(token.utf8))),
                                     createdAt: Timestamp(now).rfc3339, revokedAt: nil)
            records.append(record)
            try save(records)
            return (token, record)
        }
    }

    /// Every token ever issued, revoked ones included, oldest first.
    public func list() throws -> [TokenRecord] {
        try withFileLock { try load() }
    }

    /// Revokes a token by id; revoking a revoked token changes nothing.
    @discardableResult
    public func revoke(id: String, now: Date = Date()) throws -> TokenRecord {
        try withFileLock {
            var records = try load()
            guard let i = records.firstIndex(where: { $0.id == id }) else {
                throw LedgerError(.notFound, "no token with id \(id); list them with `casebook token list`")
            }
            if records[i].revokedAt == nil {
                records[i].revokedAt = Timestamp(now).rfc3339
                try save(records)
            }
            return records[i]
        }
    }

    // MARK: Authenticating

    /// The live (unrevoked) record whose hash matches `token`, or nil; nil too for a record with
    /// a role no token can carry (a hand-edited file).
    ///
    /// Hashes are compared in constant time, against every record, so timing says nothing about
    /// how much of a guess matched or which record it was near. A token file that cannot be read
    /// authenticates nobody (fail closed).
    public func authenticate(_ token: String) -> TokenRecord? {
        let presented = Array(SHA256.hash(data: Array(token.utf8)))
        guard let cache = try? current() else { return nil }
        var match: Int?
        for (i, digest) in cache.digests.enumerated() {
            if Self.constantTimeEqual(digest, presented) { match = i }
        }
        guard let i = match, !cache.records[i].isRevoked, Self.roles.contains(cache.records[i].role) else { return nil }
        return cache.records[i]
    }

    /// Equal lengths and bytes, in time independent of where they differ.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    private func current() throws -> Cache {
        lock.lock()
        defer { lock.unlock() }
        let stamp = Self.stamp(path)
        if let cache, cache.stamp == stamp { return cache }
        let records = try load()
        let fresh = Cache(stamp: stamp, records: records, digests: records.map { Self.bytes(hex: $0.sha256) })
        cache = fresh
        return fresh
    }

    // MARK: The file

    /// `tokens.json` as a `SecretFile` (mode 0600, atomic replace, `flock` for writers).
    private var file: SecretFile { SecretFile(path: path, description: "token file") }

    private func load() throws -> [TokenRecord] {
        guard let data = try file.read() else { return [] }
        do { return try JSONDecoder().decode(File.self, from: data).tokens } catch {
            throw LedgerError(.corrupted, "the token file \(path) is not valid (\(error)); restore it from a backup or remove it and issue new tokens")
        }
    }

    private func save(_ records: [TokenRecord]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try file.replace(with: try encoder.encode(File(tokens: records)))
    }

    private func withFileLock<T>(_ body: () throws -> T) throws -> T { try file.withLock(body) }

    private static func stamp(_ path: String) -> FileStamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        #if canImport(Darwin)
        return FileStamp(inode: UInt64(st.st_ino), size: Int64(st.st_size), modified: Int64(st.st_mtimespec.tv_sec), modifiedNanos: Int64(st.st_mtimespec.tv_nsec))
        #else
        return FileStamp(inode: UInt64(st.st_ino), size: Int64(st.st_size), modified: Int64(st.st_mtim.tv_sec), modifiedNanos: Int64(st.st_mtim.tv_nsec))
        #endif
    }

    // MARK: Encoding

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var high: UInt8?
        for c in hex.utf8 {
            let v: UInt8
            switch c {
            case 0x30...0x39: v = c - 0x30
            case 0x61...0x66: v = c - 0x61 + 10
            case 0x41...0x46: v = c - 0x41 + 10
            default: return []
            }
            if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
        }
        return out
    }
}
