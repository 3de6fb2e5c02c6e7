import Foundation
import LedgerStore
import Testing

@testable import CasebookServer

@Suite("The secret files beside the ledger (tokens.json, calendars.json)")
struct SecretFileTests {
    static func directory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secretfile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("no file reads as nil; a replaced file holds exactly the bytes, mode 0600, and no temporary file is left")
    func replaceIsAtomicAndPrivate() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = SecretFile(path: dir + "/secrets.json", description: "test file")
        #expect(try file.read() == nil)
        try file.replace(with: Data("one".utf8))
        try file.replace(with: Data("two\n".utf8))
        #expect(try file.read() == Data("two\n".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["secrets.json"])
    }

    @Test("a file that cannot be read or replaced is an error naming the file and the advice")
    func failuresNameTheFile() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missingDir = SecretFile(path: dir + "/gone/secrets.json", description: "calendar file", writeAdvice: "; check the ledger directory is writable")
        #expect { try missingDir.replace(with: Data("x".utf8)) } throws: { error in
            "\(error)".contains("cannot create \(dir)/gone/secrets.json.tmp-")
        }
        // A directory where the file should be: it exists but has no contents to read.
        try FileManager.default.createDirectory(atPath: dir + "/secrets.json", withIntermediateDirectories: false)
        let unreadable = SecretFile(path: dir + "/secrets.json", description: "calendar file", readAdvice: "; check its owner and mode (0600)",
                                    writeAdvice: "; check the ledger directory is writable")
        #expect { try unreadable.read() } throws: { error in
            "\(error)".contains("cannot read the calendar file \(dir)/secrets.json; check its owner and mode (0600)")
        }
        #expect { try unreadable.replace(with: Data("x".utf8)) } throws: { error in
            "\(error)".contains("cannot write the calendar file \(dir)/secrets.json:") && "\(error)".contains("; check the ledger directory is writable")
        }
    }

    @Test("read-modify-write under the lock loses no change when many writers race")
    func lockSerialisesWriters() async throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = SecretFile(path: dir + "/counter", description: "test file")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<10 {
                        try file.withLock {
                            let n = Int(String(decoding: try file.read() ?? Data("0".utf8), as: UTF8.self)) ?? -1000
                            try file.replace(with: Data(String(n + 1).utf8))
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try file.read() == Data("80".utf8))
        let lockMode = try FileManager.default.attributesOfItem(atPath: file.path + ".lock")[.posixPermissions] as? Int
        #expect(lockMode == 0o600)
    }
}
