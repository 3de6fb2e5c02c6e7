import Foundation
import Testing
@testable import LedgerStore

/// Asks another process whether it could take LMDB's exclusive lock on `lock.mdb`. While any
/// process has the environment open, LMDB holds a shared fcntl lock there; if another process
/// could take it exclusively, it would believe it was alone and reinitialise the reader table
/// and writer mutex under our feet.
func anotherProcessCanLockExclusively(_ directory: String) throws -> Bool {
    let script = """
        import fcntl, os, sys
        fd = os.open(sys.argv[1], os.O_RDWR)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 0)
            print("free")
        except OSError:
            print("locked")
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, Ledger.logPath(directory) + "/lock.mdb"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let answer = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    try #require(answer == "free" || answer == "locked", "python said \(answer)")
    return answer == "free"
}

@Suite("Environment locking")
struct LockingTests {
    @Test("a created or opened ledger keeps LMDB's shared lock, so another process sees it in use")
    func ledgerHoldsTheLock() async throws {
        try await withTemporaryLedger { dir in
            do {
                let created = try makeLedger(at: dir, hooks: [CountingHook()])
                _ = try created.appendNow(batch(draft(UUID(1), case: "FOI-1")))
                #expect(try !anotherProcessCanLockExclusively(dir), "after Ledger.create")
            }
            #expect(try anotherProcessCanLockExclusively(dir), "after the ledger is released")
            let opened = try Ledger.open(at: dir, options: .testing(hooks: [CountingHook()]))
            #expect(try !anotherProcessCanLockExclusively(dir), "after Ledger.open")
            #expect(try opened.size() == 1)
        }
    }
}
