import CasebookCore
import Crypto
import Foundation

/// The sheets officers uploaded on the import page, kept in this server's memory between the dry
/// run and "Import N rows" so the second post names the upload by a random id and never sends
/// the file (or its hash) again. An upload belongs to the user who sent it; it is forgotten 30
/// minutes after it was sent, at a restart, or when the store is full (the oldest first).
final class ImportUploadStore: @unchecked Sendable {  // every access to `uploads` holds `lock`
    struct Upload: Sendable {
        var id: String
        var owner: String
        var kind: ImportKind
        var fileName: String
        var bytes: [UInt8]
        var mapping: ImportMapping?
        var mappingFileName: String?
        var sheet: String?
        var received: Date
        /// The problems CSV of the last run (dry or real), for the download link.
        var problemsCSV: String?
    }

    static let lifetime: TimeInterval = 30 * 60
    /// At most this many uploads are kept (each at most the page's size limit).
    static let capacity = 20

    private let lock = NSLock()
    private var uploads: [String: Upload] = [:]
    private let clock: @Sendable () -> Date

    init(clock: @escaping @Sendable () -> Date = { Date() }) {
        self.clock = clock
    }

    /// Keeps an upload; returns its new id (32 random bytes, URL-safe base64).
    func keep(owner: String, kind: ImportKind, fileName: String, bytes: [UInt8], mapping: ImportMapping?, mappingFileName: String?,
              sheet: String?) -> String {
        let id = Self.randomID()
        let now = clock()
        lock.withLock {
            uploads = uploads.filter { now.timeIntervalSince($0.value.received) < Self.lifetime }
            while uploads.count >= Self.capacity, let oldest = uploads.values.min(by: { $0.received < $1.received }) {
                uploads[oldest.id] = nil
            }
            uploads[id] = Upload(id: id, owner: owner, kind: kind, fileName: fileName, bytes: bytes, mapping: mapping,
                                 mappingFileName: mappingFileName, sheet: sheet, received: now)
        }
        return id
    }

    /// The upload `id` of `owner`, while it is kept; nil when unknown, expired or someone else's.
    func upload(_ id: String, owner: String) -> Upload? {
        let now = clock()
        return lock.withLock {
            guard let upload = uploads[id] else { return nil }
            guard now.timeIntervalSince(upload.received) < Self.lifetime else {
                uploads[id] = nil
                return nil
            }
            return upload.owner == owner ? upload : nil
        }
    }

    /// Keeps the problems CSV of the upload's last run.
    func setProblems(_ csv: String, for id: String) {
        lock.withLock { uploads[id]?.problemsCSV = csv }
    }

    static func randomID() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
