import CLMDB
import Foundation

/// An error from the ledger: what went wrong, in words a user can act on.
///
/// Modelled on swift-nio's errors: `code` is a struct wrapping a private enum so that codes can
/// be added without breaking clients.
public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable {
            case notFound, mapFull, readersFull, corrupted, versionMismatch, invalidInput, conflict
            case wrongVersion, emptyBatch, notInitialised, alreadyInitialised, io, lmdb, refused, tampered
            case diskFull
        }
        let base: Base
        public var description: String { base.rawValue }

        /// A key, event or position does not exist.
        public static let notFound = Code(base: .notFound)
        /// The memory map is full (handled internally by growing the map).
        public static let mapFull = Code(base: .mapFull)
        public static let readersFull = Code(base: .readersFull)
        /// The LMDB file is damaged.
        public static let corrupted = Code(base: .corrupted)
        /// The file was written by an incompatible LMDB or ledger format.
        public static let versionMismatch = Code(base: .versionMismatch)
        /// Input that cannot be stored (bad JSON, missing field, bad case id, …).
        public static let invalidInput = Code(base: .invalidInput)
        /// An event id already exists with different content.
        public static let conflict = Code(base: .conflict)
        /// The case is not at the version the caller expected (optimistic concurrency).
        public static let wrongVersion = Code(base: .wrongVersion)
        public static let emptyBatch = Code(base: .emptyBatch)
        public static let notInitialised = Code(base: .notInitialised)
        public static let alreadyInitialised = Code(base: .alreadyInitialised)
        public static let io = Code(base: .io)
        /// Any other LMDB failure.
        public static let lmdb = Code(base: .lmdb)
        /// A hook (for example the domain rules) refused the event.
        public static let refused = Code(base: .refused)
        /// Verification found stored data that does not match its hashes.
        public static let tampered = Code(base: .tampered)
        /// The disk holding the ledger has no room left; nothing was written.
        public static let diskFull = Code(base: .diskFull)
    }

    public var code: Code
    public var message: String
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// The message, then the cause in brackets unless the message already says it.
    public var description: String {
        if let cause, !message.contains("\(cause)") { return "\(message) (\(cause))" }
        return message
    }

    /// Maps an LMDB return code to a ledger error; the one place that knows LMDB's codes.
    static func lmdb(_ rc: Int32, _ context: String) -> LedgerError {
        let text = String(cString: mdb_strerror(rc))
        switch rc {
        case MDB_NOTFOUND: return LedgerError(.notFound, "\(context): not found")
        case MDB_MAP_FULL: return LedgerError(.mapFull, "\(context): the ledger's map is full")
        case MDB_TXN_FULL:
            return LedgerError(.invalidInput, "\(context): the input is too large for one transaction; split it into several files (each is still stored all or nothing) and append them in order. Nothing was appended")
        case MDB_READERS_FULL: return LedgerError(.readersFull, "\(context): too many readers; close other Casebook processes")
        case MDB_CORRUPTED, MDB_PAGE_NOTFOUND:
            return LedgerError(.corrupted, "\(context): the ledger file is damaged (\(text)); restore from a backup")
        case MDB_VERSION_MISMATCH, MDB_INVALID:
            return LedgerError(.versionMismatch, "\(context): not a ledger file this version can read (\(text))")
        default: return LedgerError(.lmdb, "\(context): \(text) (LMDB code \(rc))")
        }
    }
}

extension LedgerError {
    /// A failed commit of the environment in `directory`. A write the disk had no room for
    /// comes back as ENOSPC or EDQUOT, or as EIO when LMDB's write was cut short: when the disk
    /// is (nearly) full, say so rather than "Input/output error".
    static func commitFailed(_ rc: Int32, directory: String) -> LedgerError {
        if rc == ENOSPC || rc == EDQUOT || rc == EIO, let free = freeBytes(at: directory), rc != EIO || free < diskFullThreshold {
            return LedgerError(.diskFull, "the disk holding \(directory) is full (\(free / 1024) KiB free): nothing was recorded. Free some space on it (or move the ledger to a larger disk) and try again")
        }
        return lmdb(rc, "committing")
    }

    /// Below this much free space an I/O error on commit is read as a full disk (LMDB writes
    /// whole pages, and the commit that failed may have needed many).
    static let diskFullThreshold: UInt64 = 16 << 20

    static func freeBytes(at path: String) -> UInt64? {
        var s = statvfs()
        guard statvfs(path, &s) == 0 else { return nil }
        return UInt64(s.f_bavail) * UInt64(s.f_frsize)
    }
}

@inline(__always)
func check(_ rc: Int32, _ context: @autoclosure () -> String) throws(LedgerError) {
    if rc != 0 { throw LedgerError.lmdb(rc, context()) }
}
