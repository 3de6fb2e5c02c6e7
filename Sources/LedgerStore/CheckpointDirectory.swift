import Foundation

/// The ledger's memory of its signed checkpoints outside the LMDB file: `checkpoints/` in the
/// ledger directory, one file per checkpoint named by its tree size (20 digits, zero-padded),
/// holding the signed note.
///
/// A log file cut short, emptied or swapped for an older copy is still a valid LMDB file whose
/// tree verifies; only something outside it can say the log was bigger. Files are only added
/// (or replaced by the same checkpoint with more signatures): each is written to a temporary
/// file, flushed, renamed into place, and the directory flushed. `casebook backup` copies the
/// directory with the log, so a restored backup brings the checkpoints that match it.
public struct CheckpointDirectory: Sendable {
    public let path: String

    public init(ledger directory: String) { path = directory + "/checkpoints" }

    public static func fileName(size: UInt64) -> String {
        let digits = String(size)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// The tree sizes with a stored checkpoint, ascending (files not named by a size are ignored).
    public func sizes() throws(LedgerError) -> [UInt64] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { throw LedgerError(.corrupted, "\(path) is not a directory; it should hold the ledger's signed checkpoints") }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw LedgerError(.io, "cannot list \(path)", cause: error)
        }
        return names.compactMap { name in
            name.utf8.count == 20 && name.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? UInt64(name) : nil
        }.sorted()
    }

    /// The note stored for `size`, or nil.
    public func note(size: UInt64) throws(LedgerError) -> String? {
        let file = path + "/" + CheckpointDirectory.fileName(size: size)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else { throw LedgerError(.io, "cannot read \(file)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The latest checkpoint, as its file states it (no signature checked).
    public func latest() throws(LedgerError) -> (size: UInt64, note: String)? {
        guard let size = try sizes().last, let note = try note(size: size) else { return nil }
        return (size, note)
    }

    /// Writes `note` as the checkpoint of `size`: temporary file, fsync, rename, directory fsync.
    public func store(_ note: String, size: UInt64) throws(LedgerError) {
        try makeDirectory()
        let target = path + "/" + CheckpointDirectory.fileName(size: size)
        let temporary = path + "/.tmp-\(CheckpointDirectory.fileName(size: size))-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw posixError("creating \(temporary)") }
        let bytes = Array(note.utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let failure = posixError("writing \(temporary)")
                close(fd)
                unlink(temporary)
                throw failure
            }
            done += n
        }
        guard fsync(fd) == 0 else {
            let failure = posixError("flushing \(temporary)")
            close(fd)
            unlink(temporary)
            throw failure
        }
        close(fd)
        guard rename(temporary, target) == 0 else {
            let failure = posixError("renaming \(temporary) to \(target)")
            unlink(temporary)
            throw failure
        }
        try flush(path)
    }

    private func makeDirectory() throws(LedgerError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw LedgerError(.corrupted, "\(path) is not a directory; it should hold the ledger's signed checkpoints") }
            return
        }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw posixError("creating \(path)") }
        try flush((path as NSString).deletingLastPathComponent)
    }

    private func flush(_ directory: String) throws(LedgerError) {
        let fd = open(directory, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw posixError("opening \(directory) to flush it") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw posixError("flushing \(directory)") }
    }

    private func posixError(_ context: String) -> LedgerError {
        LedgerError(.io, "\(context): \(String(cString: strerror(errno)))")
    }
}

extension LogView {
    /// The first way the log falls short of a checkpoint in `directory`: smaller than one, or
    /// with a different root at its size. Checks the latest only, or every one (`all`); with
    /// `verifierKey`, each note's signature too. Nil when the log holds everything they say.
    func problem(against directory: CheckpointDirectory, all: Bool, verifierKey: String?) throws -> String? {
        let sizes = try directory.sizes()
        let size = try self.size()
        let restore = "restore the ledger from its backup (`casebook restore BACKUP NEW_DIRECTORY`), which brings the checkpoints that match it"
        for checkpointSize in all ? sizes.reversed() : sizes.suffix(1) {
            let name = "checkpoints/" + CheckpointDirectory.fileName(size: checkpointSize)
            guard let note = try directory.note(size: checkpointSize) else { continue }
            let checkpoint: Checkpoint
            do throws(LedgerError) {
                if let verifierKey {
                    checkpoint = try CheckpointNote.open(note, verifierKey: verifierKey)
                } else {
                    checkpoint = try CheckpointNote.parse(note)
                }
            } catch {
                return "\(name) is not a checkpoint signed by this ledger's key (\(error.message))"
            }
            guard checkpoint.size == checkpointSize else {
                return "\(name) holds the checkpoint of size \(checkpoint.size), not \(checkpointSize)"
            }
            guard checkpointSize <= size else {
                return "the log holds \(size) events but \(name) was signed when it held \(checkpointSize): the log was truncated or rolled back; \(restore)"
            }
            guard try subtreeHash(start: 0, count: checkpointSize) == checkpoint.root else {
                return "the log no longer matches \(name), signed at size \(checkpointSize): it was rolled back or rewritten; \(restore)"
            }
        }
        return nil
    }
}

extension Ledger {
    /// Walks every page of the log's file (held in a read transaction) and of the keystore's
    /// file beside it, if there is one; throws `.corrupted` at the first bad page.
    ///
    /// The keystore may be open in this process (it must not be opened twice), so its file is
    /// read without a transaction of its own; a failure is read once more, in case another
    /// process was committing to it meanwhile.
    func checkEveryPage() throws {
        try environment.checkEveryPage()
        let keystore = Keystore.path(inLedger: directory) + "/data.mdb"
        guard FileManager.default.fileExists(atPath: keystore) else { return }
        do {
            try LMDBDataFile.walkEveryPage(keystore)
        } catch let error as LedgerError where error.code == .corrupted {
            usleep(100_000)
            try LMDBDataFile.walkEveryPage(keystore)
        }
    }
}
