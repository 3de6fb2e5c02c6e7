import Foundation
import Testing
@testable import LedgerStore

/// A small tmpfs, so a test can fill a real disk. Mounting needs root (as on CI); elsewhere the
/// tests that need it are skipped and the mapping test below still runs.
enum SmallDisk {
    static let canMount: Bool = {
        guard geteuid() == 0, let dir = try? mount(megabytes: 1) else { return false }
        unmount(dir)
        return true
    }()

    static func mount(megabytes: Int) throws -> String {
        let dir = NSTemporaryDirectory() + "casebook-small-disk-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/mount")
        p.arguments = ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", dir]
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            try? FileManager.default.removeItem(atPath: dir)
            throw CocoaError(.fileWriteNoPermission)
        }
        return dir
    }

    static func unmount(_ dir: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/umount")
        p.arguments = [dir]
        try? p.run()
        p.waitUntilExit()
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Writes zeros to `path` until the disk refuses more.
    static func fill(_ path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(fd) }
        let block = [UInt8](repeating: 0, count: 4096)
        while write(fd, block, block.count) == block.count {}
    }
}

@Suite("A full disk")
struct DiskFullTests {
    @Test("an I/O error on commit with no space left reads as a full disk; other errors keep LMDB's words")
    func mapping() {
        let full = LedgerError.commitFailed(ENOSPC, directory: NSTemporaryDirectory())
        #expect(full.code == .diskFull)
        #expect(full.message.contains("is full"))
        #expect(full.message.contains("nothing was recorded"))
        // EIO on a disk with room is not called full.
        let io = LedgerError.commitFailed(EIO, directory: NSTemporaryDirectory())
        if let free = LedgerError.freeBytes(at: NSTemporaryDirectory()), free >= LedgerError.diskFullThreshold {
            #expect(io.code == .lmdb)
            #expect(io.message.contains("LMDB code 5"))
        }
    }

    @Test("appending to a full disk says so, leaves the log whole, and works again once space is freed",
          .enabled(if: SmallDisk.canMount, "needs root to mount a small tmpfs"))
    func fullDisk() async throws {
        let disk = try SmallDisk.mount(megabytes: 4)
        defer { SmallDisk.unmount(disk) }
        let dir = disk + "/ledger"
        let ledger = try makeLedger(at: dir, mapSize: 64 << 20)
        defer { ledger.close() }
        let text = JSONValue.string(String(repeating: "gritting routes ", count: 4000))
        _ = try ledger.appendNow(batch(draft(UUID(), case: "FOI-2026-0001", payload: ["text": text])))
        let filler = disk + "/filler"
        SmallDisk.fill(filler)

        let error = await expectLedgerError(.diskFull) {
            try ledger.appendNow(batch(draft(UUID(), case: "FOI-2026-0001", payload: ["text": text]),
                                       draft(UUID(), case: "FOI-2026-0002", payload: ["text": text])))
        }
        #expect(error?.message.contains("is full") == true)
        #expect(error?.message.contains(dir) == true)
        #expect(try ledger.size() == 1)
        #expect(try ledger.verify().ok)

        try FileManager.default.removeItem(atPath: filler)
        _ = try ledger.appendNow(batch(draft(UUID(), case: "FOI-2026-0002", payload: ["text": text])))
        #expect(try ledger.size() == 2)
        #expect(try ledger.verify().ok)
    }
}
