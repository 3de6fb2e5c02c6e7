import Foundation
import LedgerStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A small file of secrets' digests beside the ledger (`tokens.json`, `calendars.json`): mode
/// 0600, replaced atomically (a temporary file created 0600 with `O_EXCL`, written, `fsync`ed,
/// renamed over the old one, then the directory `fsync`ed), and changed only under an exclusive
/// `flock` on `<file>.lock`, so two processes' read-modify-write cycles cannot lose each
/// other's change. Readers take no lock: a rename is atomic, so they see the old file or the new.
struct SecretFile: Sendable {
    let path: String
    /// How messages name the file: "token file", "calendar file".
    let description: String
    /// Added to the message when the file exists but cannot be read (e.g. "; check its owner and mode (0600)").
    var readAdvice = ""
    /// Added to the message when the file cannot be replaced.
    var writeAdvice = ""

    /// The file's bytes; nil when there is no file yet.
    func read() throws -> Data? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerError(.io, "cannot read the \(description) \(path)\(readAdvice)")
        }
        return data
    }

    /// Replaces the file with `data`, atomically, mode 0600.
    func replace(with data: Data) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = path + ".tmp-" + hexString(TokenStore.randomBytes(6))
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
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw LedgerError(.io, "cannot write the \(description) \(path): \(reason)\(writeAdvice)")
        }
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    /// Runs `body` holding the exclusive lock on `<file>.lock` (created 0600 if missing).
    func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(path + ".lock", O_RDWR | O_CREAT, 0o600)
        guard fd >= 0 else { throw LedgerError(.io, "cannot open \(path).lock: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw LedgerError(.io, "cannot lock \(path).lock") }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
