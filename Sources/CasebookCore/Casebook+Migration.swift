import Registers
import Casework
import Foundation
import LedgerStore

/// What a migration did.
public struct MigrationReport: Sendable {
    public var events: Int
    public var oldSize: UInt64
    public var oldRoot: Hash
    public var newRoot: Hash
    public var mappingFile: String
}

extension Casebook {
    /// Re-keys a ledger written before personal fields were sealed (plaintext payloads, no
    /// keystore) into a NEW ledger: every event is replayed in order through the rules and the
    /// sealing, keeping its event id, case, occurred time, actor and original `recordedAt`.
    ///
    /// The old ledger cannot be fixed in place — its bytes are hashed, and rewriting them is
    /// exactly what the log must make evident. The new ledger's directory gets
    /// `migration-map.ndjson`: for every event its old position and leaf hash beside its new
    /// position and leaf hash, then the old tree's size and root, so anyone holding an old
    /// checkpoint can check that the new ledger carries the same events. The old ledger still
    /// holds the plaintext: once the new one is verified, destroy it and its backups.
    public static func migrate(from old: String, to new: String, progress: (UInt64, UInt64) -> Void = { _, _ in }) async throws -> MigrationReport {
        guard Ledger.exists(at: old) else { throw LedgerError(.notFound, "no ledger at \(old)") }
        guard !Ledger.exists(at: new) else { throw LedgerError(.alreadyInitialised, "\(new) already holds a ledger; migrate into a new directory") }
        let source = try Ledger.open(at: old)
        defer { source.close() }
        let oldSize = try source.size()
        let oldRoot = try source.read { try $0.root(size: oldSize) }

        final class ReplayClock: @unchecked Sendable {
            let lock = NSLock()
            var value = Timestamp.now()
            func set(_ t: Timestamp) { lock.lock(); value = t; lock.unlock() }
            func get() -> Timestamp { lock.lock(); defer { lock.unlock() }; return value }
        }
        let clock = ReplayClock()
        var options = LedgerOptions()
        options.clock = { clock.get() }
        let policy = (try? loadPolicy(at: old)) ?? .default
        let target = try create(at: new, origin: source.origin, policy: policy, options: options)
        defer { target.close() }

        let mapPath = new + "/migration-map.ndjson"
        FileManager.default.createFile(atPath: mapPath, contents: nil)
        let map = try FileHandle(forWritingTo: URL(fileURLWithPath: mapPath))
        defer { try? map.close() }

        var position: UInt64 = 0
        while position < oldSize {
            // A group of events recorded at the same instant keeps that instant.
            var group: [StoredEvent] = []
            try source.read { log in
                try log.forEachEvent(from: position) { e in
                    if let first = group.first, first.envelope.recordedAt != e.envelope.recordedAt || group.count == 1000 { return false }
                    group.append(e)
                    return true
                }
            }
            var inputs: [CaseEventInput] = []
            for e in group {
                do { inputs.append(try target.input(from: e.envelope.draft, expected: nil)) } catch {
                    throw LedgerError(.invalidInput, "old position \(e.position) (\(e.envelope.type) on \(e.envelope.stream)) cannot be migrated: \(error)")
                }
            }
            clock.set(group[0].envelope.recordedAt)
            let results: [AppendResult]
            do { results = try await target.record(inputs) } catch {
                throw LedgerError(.refused, "old positions \(group[0].position)…\(group.last!.position) are refused by the case rules: \(error). Nothing after them was migrated; fix the old ledger's history by appending corrections there, then migrate again into a new directory.")
            }
            var lines = ""
            for (e, r) in zip(group, results) {
                let newLeaf = try target.ledger.read { try $0.leafHash(at: r.position) }
                lines += JSONValue.object([
                    "eventId": .string(e.envelope.eventId.uuidString.lowercased()),
                    "oldPosition": .int(Int64(e.position)), "oldLeafHash": .string(e.leafHash.hex),
                    "newPosition": .int(Int64(r.position)), "newLeafHash": .string(newLeaf.hex),
                ]).canonicalString + "\n"
            }
            map.write(Data(lines.utf8))
            position += UInt64(group.count)
            progress(position, oldSize)
        }
        let newSize = try target.ledger.size()
        let newRoot = try target.ledger.read { try $0.root(size: newSize) }
        map.write(Data((JSONValue.object([
            "oldSize": .int(Int64(oldSize)), "oldRoot": .string(oldRoot.hex), "newSize": .int(Int64(newSize)), "newRoot": .string(newRoot.hex),
        ]).canonicalString + "\n").utf8))
        _ = try target.ledger.checkpoint()
        return MigrationReport(events: Int(oldSize), oldSize: oldSize, oldRoot: oldRoot, newRoot: newRoot, mappingFile: mapPath)
    }
}
