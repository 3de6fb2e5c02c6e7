import Foundation
@testable import LedgerStore

/// The verification that decodes every event and looks each index entry up, kept as the tests'
/// oracle: `Ledger.verify()` must report exactly what this single pass reports (the same first
/// problem, position, message and root) on any damage.
extension Ledger {
    /// The single-pass verification `verify()` replaced: one event at a time, each decoded in full.
    func referenceVerify() throws -> VerificationReport {
        let publicKey = try? self.publicKey()
        return try read { log in
            let txn = log.transaction
            let size = try log.size()
            var frontier = Frontier()
            let treeCursor = try txn.cursor(dbs.tree)
            var versions: [String: UInt64] = [:]
            var expected: UInt64 = 0
            var failure: (UInt64?, String)?
            func fail(_ p: UInt64?, _ m: String) -> Bool { failure = (p, m); return false }

            try txn.scan(dbs.events) { k, v in
                let position = UInt64(bigEndianBytes: k)
                guard k.count == 8, position == expected else {
                    return fail(expected, "the log has a gap or a stray key: expected position \(expected), found key \(hexString(k))")
                }
                expected += 1
                let leaf = Merkle.leafHash(v)
                for node in frontier.append(leaf: leaf) {
                    guard let stored = try treeCursor.next(), stored.key.elementsEqual(treeKey(level: node.level, index: node.index)) else {
                        return fail(position, "position \(position): the stored Merkle tree is missing the node at level \(node.level)")
                    }
                    guard stored.value.elementsEqual(node.hash.bytes) else {
                        return fail(position, node.level == 0
                            ? "position \(position): the event's bytes do not match its stored leaf hash (the event was altered)"
                            : "position \(position): the stored Merkle tree node at level \(node.level) does not match the events")
                    }
                }
                let envelope: EventEnvelope
                do { envelope = try EventEnvelope(storedBytes: v) } catch {
                    return fail(position, "position \(position): the stored event cannot be decoded: \(error)")
                }
                guard envelope.storedBytes().elementsEqual(v) else {
                    return fail(position, "position \(position): the stored bytes are not in canonical form")
                }
                guard envelope.position == position else {
                    return fail(position, "position \(position): the event says it is at position \(envelope.position)")
                }
                let version = (versions[envelope.stream] ?? 0) + 1
                guard envelope.version == version else {
                    return fail(position, "position \(position): case \(envelope.stream) jumps to version \(envelope.version) after \(version - 1)")
                }
                versions[envelope.stream] = version
                guard try log.position(ofEvent: envelope.eventId) == position else {
                    return fail(position, "position \(position): the event id index does not point at this event")
                }
                guard try log.position(of: envelope.stream, version: version) == position else {
                    return fail(position, "position \(position): the case/version index does not point at this event")
                }
                return true
            }
            if let failure { return VerificationReport(size: size, root: frontier.root, failure: failure) }
            if try treeCursor.next() != nil {
                return VerificationReport(size: size, root: frontier.root, failure: (nil, "the Merkle tree has nodes beyond the last event"))
            }
            if try txn.count(dbs.eventIds) != Int(size) {
                return VerificationReport(size: size, root: frontier.root, failure: (nil, "the event id index has \(try txn.count(dbs.eventIds)) entries for \(size) events"))
            }
            if try txn.count(dbs.caseVersions) != Int(size) {
                return VerificationReport(size: size, root: frontier.root, failure: (nil, "the case/version index has \(try txn.count(dbs.caseVersions)) entries for \(size) events"))
            }
            if try txn.count(dbs.caseHeads) != versions.count {
                return VerificationReport(size: size, root: frontier.root, failure: (nil, "the case heads list \(try txn.count(dbs.caseHeads)) cases; the log has \(versions.count)"))
            }
            for (stream, version) in versions where try log.head(of: stream)?.version != version {
                return VerificationReport(size: size, root: frontier.root, failure: (nil, "case \(stream): the stored head does not match its \(version) events"))
            }
            var report = VerificationReport(size: size, root: frontier.root)
            if let note = try log.latestCheckpoint() {
                guard let publicKey else {
                    report.failure = (nil, "the ledger has checkpoints but no public key to check them")
                    return report
                }
                do {
                    let cp = try CheckpointNote.open(note, verifierKey: publicKey)
                    report.checkpointSize = cp.size
                    guard cp.size <= size else {
                        report.failure = (nil, "the latest checkpoint covers \(cp.size) events but the log has only \(size): events were removed")
                        return report
                    }
                    guard try log.subtreeHash(start: 0, count: cp.size) == cp.root else {
                        report.failure = (nil, "the log no longer matches the signed checkpoint at size \(cp.size): history was altered")
                        return report
                    }
                } catch let e as LedgerError {
                    report.failure = (nil, "the latest checkpoint does not verify: \(e.message)")
                }
            }
            return report
        }
    }
}
