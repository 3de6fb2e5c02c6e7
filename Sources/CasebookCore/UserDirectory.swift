import Foundation
import LedgerStore

/// The ledger's user list: the one owner of the `users` table in the log environment.
///
/// Key: the user's NFC name in UTF-8; value: the `LedgerUser` as JSON. The table sits beside the
/// log and is not derived from it: no hook writes it and no rebuild clears it. Every read and
/// write goes through here, inside the caller's transaction (valid only in that closure).
enum UserDirectory {
    /// The table's name, declared to the ledger through `LedgerOptions.databaseNames`.
    static let table = "users"

    /// Every user, in name order (UTF-8 byte order).
    static func users(in txn: Transaction) throws -> [LedgerUser] {
        var out: [LedgerUser] = []
        try txn.scan(txn.database(table)) { key, value in
            out.append(try decode(Array(value), key: String(decoding: key, as: UTF8.self)))
            return true
        }
        return out
    }

    /// The user named `name` (already validated and normalised), or nil.
    static func user(named name: String, in txn: Transaction) throws -> LedgerUser? {
        try txn.get(txn.database(table), Array(name.utf8)).map { try decode($0, key: name) }
    }

    static func store(_ user: LedgerUser, in txn: Transaction) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[LedgerUser.encodesCredentials] = true
        try txn.put(txn.database(table), Array(user.name.utf8), Array(try encoder.encode(user)))
    }

    static func remove(named name: String, in txn: Transaction) throws {
        try txn.delete(txn.database(table), Array(name.utf8))
    }

    private static func decode(_ bytes: [UInt8], key: String) throws -> LedgerUser {
        do { return try JSONDecoder().decode(LedgerUser.self, from: Data(bytes)) } catch {
            throw LedgerError(.corrupted, "the user list entry for \(key) cannot be read (\(error)); restore the ledger from a backup (`casebook restore`)", cause: error)
        }
    }
}
