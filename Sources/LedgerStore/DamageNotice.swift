import Foundation

/// The one line a process writes when it is stopped by a bad memory access (SIGBUS, SIGSEGV)
/// while it has ledger files mapped: the last line of defence behind `LMDBDataFile`'s checks.
///
/// LMDB reads its files through a memory map and trusts them; damage the checks on open miss
/// (only `verify` walks every page) can still make it read outside the map. The executable
/// installs a handler (`installHandler`) that writes this line with `write(2)` and exits with
/// status 70, so the user gets an orderly refusal naming the files, not a core dump. The line
/// is kept ready in a buffer, updated when an environment opens, because a signal handler may
/// not allocate.
public enum DamageNotice {
    /// The exit status after a bad memory access (EX_SOFTWARE).
    public static let exitStatus: Int32 = 70

    private static let lock = NSLock()
    nonisolated(unsafe) private static var files: [String] = []
    /// Length-prefixed (8 bytes) line; replaced whole, so the handler reads one pointer.
    nonisolated(unsafe) private static var line: UnsafeMutablePointer<UInt8>? = nil

    /// Records that `dataFile` is now mapped by this process.
    static func opened(_ dataFile: String) {
        lock.lock()
        defer { lock.unlock() }
        let path = URL(fileURLWithPath: dataFile).standardizedFileURL.path
        if !files.contains(path) { files.append(path) }
        let text = "casebook: the ledger file \(files.suffix(3).joined(separator: " or ")) is damaged (the process was stopped reading it); run `casebook verify`, and restore the ledger from its backup (`casebook restore BACKUP NEW_DIRECTORY`)\n"
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count + 8)
        withUnsafeBytes(of: UInt64(bytes.count)) { for (i, b) in $0.enumerated() { buffer[i] = b } }
        for (i, b) in bytes.enumerated() { buffer[8 + i] = b }
        line = buffer  // the previous line is kept: a handler may be reading it
    }

    /// Installs the handler for SIGBUS and SIGSEGV (in an executable; never in a library).
    public static func installHandler() {
        lock.lock()
        if line == nil {
            let text = "casebook: a ledger file is damaged (the process was stopped reading it); run `casebook verify`, and restore the ledger from its backup (`casebook restore BACKUP NEW_DIRECTORY`)\n"
            let bytes = Array(text.utf8)
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count + 8)
            withUnsafeBytes(of: UInt64(bytes.count)) { for (i, b) in $0.enumerated() { buffer[i] = b } }
            for (i, b) in bytes.enumerated() { buffer[8 + i] = b }
            line = buffer
        }
        lock.unlock()
        // A stack of its own, so an overflowed stack still gets its line.
        let size = 1 << 16
        var stack = stack_t()
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        stack.ss_size = size
        stack.ss_flags = 0
        sigaltstack(&stack, nil)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in DamageNotice.report() }
        action.sa_flags = Int32(bitPattern: UInt32(SA_ONSTACK) | UInt32(SA_RESETHAND))
        sigemptyset(&action.sa_mask)
        sigaction(SIGBUS, &action, nil)
        sigaction(SIGSEGV, &action, nil)
    }

    /// Writes the line to standard error and exits; async-signal-safe (reads one pointer).
    static func report() {
        if let buffer = line {
            let count = UnsafeRawPointer(buffer).loadUnaligned(as: UInt64.self)
            var done = 0
            while done < Int(count) {
                let n = write(2, buffer + 8 + done, Int(count) - done)
                if n <= 0 { break }
                done += n
            }
        }
        _exit(exitStatus)
    }
}
