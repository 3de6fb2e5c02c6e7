import Foundation
import Testing
@testable import LedgerStore

/// Each kind of damage `verify` must find without decoding events: altered bytes, index entries
/// missing, extra or wrong, tree nodes, checkpoints. Every report is also compared with the
/// single-pass reference (`referenceVerify`), which must find the same first problem.
@Suite("Verification finds damage to events, indexes, tree and checkpoints")
struct VerifyDamageTests {
    static let eventCount = 40

    /// A ledger of `eventCount` events over five cases (one with a non-ASCII id, one with a quote
    /// that its stored form escapes), payloads with escapes, non-ASCII text, nesting and
    /// negative numbers, some with causation and correlation ids.
    func populate(_ ledger: Ledger) throws {
        let cases = ["FOI-2026-0001", "FOI-2026-0002", "SAR-2026-Zoë", "BREACH-\"7\"", "EIR-2026-0009"]
        var drafts: [EventDraft] = []
        for i in 0..<Self.eventCount {
            let payload: JSONObject = [
                "i": .int(Int64(i) - 20),
                "text": .string("line \(i)\n\"quoted\" \\ tab\t ctrl\u{1} é ✓ 🙂"),
                "nested": .array([.object(["a": .null, "b": .bool(i % 2 == 0)]), .array([]), .int(Int64.min)]),
            ]
            var d = draft(UUID(UInt64(i + 1)), case: cases[i % cases.count], payload: payload)
            if i % 3 == 0 { d.causationId = UUID(UInt64(1000 + i)) }
            if i % 4 == 0 { d.correlationId = UUID(UInt64(2000 + i)) }
            if i % 5 == 0 { d.occurredAt = Timestamp(milliseconds: 1_767_600_000_123) }
            drafts.append(d)
        }
        for chunk in stride(from: 0, to: drafts.count, by: 3) {
            _ = try ledger.appendNow(AppendBatch(events: Array(drafts[chunk..<min(drafts.count, chunk + 3)])))
        }
    }

    func withDamagedLedger(_ body: (Ledger) throws -> Void) async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            try populate(ledger)
            let good = try ledger.verify()
            try #require(good.ok, "\(good.failure?.message ?? "")")
            try body(ledger)
            ledger.close()
        }
    }

    /// Requires `verify` to report a problem at `position` whose message contains `text`, and
    /// the reference to report exactly the same.
    func expectFailure(_ ledger: Ledger, at position: UInt64?, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = try ledger.verify()
        let reference = try ledger.referenceVerify()
        #expect(!report.ok, "verify passed a damaged ledger", sourceLocation: sourceLocation)
        #expect(report.failure?.position == position, "\(report.failure?.message ?? "")", sourceLocation: sourceLocation)
        #expect(report.failure?.message.contains(text) == true, "\(report.failure?.message ?? "no failure")", sourceLocation: sourceLocation)
        expectSame(report, reference, sourceLocation: sourceLocation)
    }

    // MARK: Damage helpers

    func stored(_ ledger: Ledger, _ db: Database, _ key: [UInt8]) throws -> [UInt8] {
        try #require(try ledger.read { try $0.transaction.get(db, key) })
    }

    func put(_ ledger: Ledger, _ db: Database, _ key: [UInt8], _ value: [UInt8]) throws {
        try ledger.write { try $0.transaction.put(db, key, value) }
    }

    func delete(_ ledger: Ledger, _ db: Database, _ key: [UInt8]) throws {
        try ledger.write { log in _ = try log.transaction.delete(db, key) }
    }

    func envelope(_ ledger: Ledger, at position: UInt64) throws -> EventEnvelope {
        try ledger.read { try $0.event(at: position).envelope }
    }

    /// Replaces the stored bytes at `position` and recomputes the stored tree to match, so that
    /// only the checks on the bytes themselves can find the change.
    func replaceEventHidingIt(_ ledger: Ledger, at position: UInt64, with bytes: [UInt8]) throws {
        try put(ledger, ledger.dbs.events, position.bigEndianBytes, bytes)
        try rewriteTree(ledger)
    }

    // MARK: Event bytes

    @Test("an event's bytes altered (still valid, canonical JSON): the leaf hash names its position")
    func alteredEventBytes() async throws {
        try await withDamagedLedger { ledger in
            var e = try envelope(ledger, at: 17)
            e.draft.payload = .object(["i": .int(999)])
            try put(ledger, ledger.dbs.events, UInt64(17).bigEndianBytes, e.storedBytes())
            try expectFailure(ledger, at: 17, containing: "do not match its stored leaf hash")
        }
    }

    @Test("one flipped byte in every event in turn is found at that event", arguments: [0, 1, 9, 38])
    func flippedByte(position: Int) async throws {
        try await withDamagedLedger { ledger in
            var bytes = try stored(ledger, ledger.dbs.events, UInt64(position).bigEndianBytes)
            bytes[bytes.count / 2] ^= 0x20
            try put(ledger, ledger.dbs.events, UInt64(position).bigEndianBytes, bytes)
            try expectFailure(ledger, at: UInt64(position), containing: "position \(position)")
        }
    }

    @Test("bytes that hash into the tree but are not canonical JSON, or do not decode, are found")
    func nonCanonicalBytesBehindARewrittenTree() async throws {
        try await withDamagedLedger { ledger in
            let original = try stored(ledger, ledger.dbs.events, UInt64(11).bigEndianBytes)
            // White space after the opening brace: the same envelope, not its canonical bytes.
            try replaceEventHidingIt(ledger, at: 11, with: [original[0], original[1], 0x20] + original[2...])
            try expectFailure(ledger, at: 11, containing: "not in canonical form")
            // A truncated event.
            try replaceEventHidingIt(ledger, at: 11, with: Array(original.dropLast()))
            try expectFailure(ledger, at: 11, containing: "cannot be decoded")
            // Another format byte.
            try replaceEventHidingIt(ledger, at: 11, with: [2] + original.dropFirst())
            try expectFailure(ledger, at: 11, containing: "cannot be decoded")
        }
    }

    @Test("an event that names another position, or skips a version of its case, is found")
    func wrongPositionOrVersionBehindARewrittenTree() async throws {
        try await withDamagedLedger { ledger in
            let original = try stored(ledger, ledger.dbs.events, UInt64(12).bigEndianBytes)
            var e = try envelope(ledger, at: 12)
            e.position = 13
            try replaceEventHidingIt(ledger, at: 12, with: e.storedBytes())
            try expectFailure(ledger, at: 12, containing: "the event says it is at position 13")

            e = try EventEnvelope(storedBytes: original)
            e.version += 1
            try replaceEventHidingIt(ledger, at: 12, with: e.storedBytes())
            try expectFailure(ledger, at: 12, containing: "jumps to version")
        }
    }

    @Test("a gap in the log's positions is found where the missing event was")
    func gapInPositions() async throws {
        try await withDamagedLedger { ledger in
            try delete(ledger, ledger.dbs.events, UInt64(20).bigEndianBytes)
            try expectFailure(ledger, at: 20, containing: "gap or a stray key: expected position 20")
        }
    }

    // MARK: Event id index

    @Test("a missing event id entry is found at its event")
    func missingEventIdEntry() async throws {
        try await withDamagedLedger { ledger in
            let e = try envelope(ledger, at: 23)
            try delete(ledger, ledger.dbs.eventIds, uuidBytes(e.eventId))
            try expectFailure(ledger, at: 23, containing: "position 23: the event id index does not point at this event")
        }
    }

    @Test("an event id entry pointing at another event is found at the event it should point to")
    func wrongEventIdEntry() async throws {
        try await withDamagedLedger { ledger in
            let e = try envelope(ledger, at: 30)
            try put(ledger, ledger.dbs.eventIds, uuidBytes(e.eventId), UInt64(4).bigEndianBytes)
            try expectFailure(ledger, at: 30, containing: "position 30: the event id index does not point at this event")
        }
    }

    @Test("an extra event id entry is found by the entry count")
    func extraEventIdEntry() async throws {
        try await withDamagedLedger { ledger in
            try put(ledger, ledger.dbs.eventIds, uuidBytes(UUID(UInt64(777_777))), UInt64(5).bigEndianBytes)
            try expectFailure(ledger, at: nil, containing: "the event id index has 41 entries for 40 events")
        }
    }

    @Test("two event ids swapped in the index are found at the first of the two events")
    func swappedEventIdEntries() async throws {
        try await withDamagedLedger { ledger in
            let a = try envelope(ledger, at: 8)
            let b = try envelope(ledger, at: 27)
            try put(ledger, ledger.dbs.eventIds, uuidBytes(a.eventId), UInt64(27).bigEndianBytes)
            try put(ledger, ledger.dbs.eventIds, uuidBytes(b.eventId), UInt64(8).bigEndianBytes)
            try expectFailure(ledger, at: 8, containing: "position 8: the event id index")
        }
    }

    // MARK: Case/version index and case heads

    @Test("a case/version entry pointing at another event is found at the event it should point to")
    func wrongCaseVersionEntry() async throws {
        try await withDamagedLedger { ledger in
            let e = try envelope(ledger, at: 14)
            try put(ledger, ledger.dbs.caseVersions, caseVersionKey(e.stream, e.version), UInt64(15).bigEndianBytes)
            try expectFailure(ledger, at: 14, containing: "position 14: the case/version index does not point at this event")
        }
    }

    @Test("a missing case/version entry (of a case whose id the stored form escapes) is found at its event")
    func missingCaseVersionEntry() async throws {
        try await withDamagedLedger { ledger in
            let e = try envelope(ledger, at: 18)
            #expect(e.stream == "BREACH-\"7\"")
            try delete(ledger, ledger.dbs.caseVersions, caseVersionKey(e.stream, e.version))
            try expectFailure(ledger, at: 18, containing: "position 18: the case/version index does not point at this event")
        }
    }

    @Test("an extra case/version entry is found by the entry count")
    func extraCaseVersionEntry() async throws {
        try await withDamagedLedger { ledger in
            try put(ledger, ledger.dbs.caseVersions, caseVersionKey("FOI-2026-0001", 99), UInt64(0).bigEndianBytes)
            try expectFailure(ledger, at: nil, containing: "the case/version index has 41 entries for 40 events")
        }
    }

    @Test("a case head with the wrong version is found, naming the case")
    func wrongCaseHead() async throws {
        try await withDamagedLedger { ledger in
            let key = Array("SAR-2026-Zoë".utf8)
            let head = try stored(ledger, ledger.dbs.caseHeads, key)
            try put(ledger, ledger.dbs.caseHeads, key, (UInt64(bigEndianBytes: head.prefix(8)) - 1).bigEndianBytes + head.suffix(8))
            try expectFailure(ledger, at: nil, containing: "case SAR-2026-Zoë: the stored head does not match its 8 events")
        }
    }

    @Test("a missing or an extra case head is found by the count of cases")
    func missingOrExtraCaseHead() async throws {
        try await withDamagedLedger { ledger in
            let key = Array("FOI-2026-0002".utf8)
            let head = try stored(ledger, ledger.dbs.caseHeads, key)
            try delete(ledger, ledger.dbs.caseHeads, key)
            try expectFailure(ledger, at: nil, containing: "the case heads list 4 cases; the log has 5")
            try put(ledger, ledger.dbs.caseHeads, key, head)
            try put(ledger, ledger.dbs.caseHeads, Array("NOT-A-CASE".utf8), head)
            try expectFailure(ledger, at: nil, containing: "the case heads list 6 cases; the log has 5")
        }
    }

    // MARK: Tree

    @Test("a wrong interior node is found at the event that completed it")
    func wrongTreeNode() async throws {
        try await withDamagedLedger { ledger in
            // The level-2 node over leaves 4...7 is completed by the event at position 7.
            let key = treeKey(level: 2, index: 1)
            var node = try stored(ledger, ledger.dbs.tree, key)
            node[0] ^= 0xFF
            try put(ledger, ledger.dbs.tree, key, node)
            try expectFailure(ledger, at: 7, containing: "position 7: the stored Merkle tree node at level 2 does not match the events")
        }
    }

    @Test("a wrong leaf hash is found at its event")
    func wrongLeafHash() async throws {
        try await withDamagedLedger { ledger in
            try put(ledger, ledger.dbs.tree, treeKey(level: 0, index: 2), [UInt8](repeating: 7, count: 32))
            try expectFailure(ledger, at: 2, containing: "position 2: the event's bytes do not match its stored leaf hash")
        }
    }

    @Test("a missing tree node, or one beyond the last event, is found")
    func missingOrExtraTreeNode() async throws {
        try await withDamagedLedger { ledger in
            let key = treeKey(level: 3, index: 2)  // leaves 16...23, completed at 23
            let node = try stored(ledger, ledger.dbs.tree, key)
            try delete(ledger, ledger.dbs.tree, key)
            try expectFailure(ledger, at: 23, containing: "position 23: the stored Merkle tree is missing the node at level 3")
            try put(ledger, ledger.dbs.tree, key, node)
            try put(ledger, ledger.dbs.tree, treeKey(level: 0, index: 40), node)
            try expectFailure(ledger, at: nil, containing: "the Merkle tree has nodes beyond the last event")
        }
    }

    // MARK: Checkpoints

    @Test("a checkpoint whose signature is broken is reported")
    func brokenCheckpointSignature() async throws {
        try await withDamagedLedger { ledger in
            let note = try ledger.checkpoint()
            #expect(try ledger.verify().checkpointSize == 40)
            var lines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var signature = try #require(Data(base64Encoded: String(lines[4].split(separator: " ")[2])))
            signature[10] ^= 0x01
            lines[4] = "\u{2014} \(ledger.origin) \(signature.base64EncodedString())"
            try put(ledger, ledger.dbs.checkpoints, UInt64(40).bigEndianBytes, Array(lines.joined(separator: "\n").utf8))
            try expectFailure(ledger, at: nil, containing: "the latest checkpoint does not verify")
        }
    }

    @Test("a checkpoint larger than the log, or over an altered history, is reported")
    func checkpointOverOtherHistory() async throws {
        try await withDamagedLedger { ledger in
            let signer = try CheckpointSigner.load(from: Ledger.signingKeyPath(ledger.directory))
            let root = try ledger.read { try $0.root(size: 40) }
            let tooBig = try signer.sign(Checkpoint(origin: ledger.origin, size: 41, root: root))
            try put(ledger, ledger.dbs.checkpoints, UInt64(41).bigEndianBytes, Array(tooBig.utf8))
            try expectFailure(ledger, at: nil, containing: "covers 41 events but the log has only 40")
            try delete(ledger, ledger.dbs.checkpoints, UInt64(41).bigEndianBytes)

            // A valid checkpoint, then an event rewritten with the tree recomputed to hide it.
            _ = try ledger.checkpoint()
            #expect(try ledger.verify().ok)
            var e = try envelope(ledger, at: 3)
            e.draft.payload = .object(["rewritten": .bool(true)])
            try replaceEventHidingIt(ledger, at: 3, with: e.storedBytes())
            try expectFailure(ledger, at: nil, containing: "the log no longer matches the signed checkpoint at size 40")
        }
    }

    // MARK: Order of findings

    @Test("of several problems the one at the lowest position is reported, the tree's first at one position")
    func firstProblemWins() async throws {
        try await withDamagedLedger { ledger in
            // An index problem at 25 and a tree problem at 31: the index problem is first.
            let e = try envelope(ledger, at: 25)
            try delete(ledger, ledger.dbs.eventIds, uuidBytes(e.eventId))
            try put(ledger, ledger.dbs.tree, treeKey(level: 0, index: 31), [UInt8](repeating: 1, count: 32))
            try expectFailure(ledger, at: 25, containing: "event id index")
            // A tree problem at 25 as well: it comes before the index problem at the same position.
            try put(ledger, ledger.dbs.tree, treeKey(level: 0, index: 25), [UInt8](repeating: 1, count: 32))
            try expectFailure(ledger, at: 25, containing: "stored leaf hash")
            // A case/version problem at 9 comes before both.
            let f = try envelope(ledger, at: 9)
            try delete(ledger, ledger.dbs.caseVersions, caseVersionKey(f.stream, f.version))
            try expectFailure(ledger, at: 9, containing: "case/version index")
        }
    }

    @Test("case ids that are different bytes but equal strings count as one case, as a string-keyed check counts them",
          arguments: [("Zoe\u{308}-1", "Zo\u{EB}-1"), ("\u{212A}-CASE", "K-CASE")])
    func canonicallyEquivalentCaseIds(ids: (String, String)) async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            _ = try ledger.appendNow(batch(draft(UUID(1), case: ids.1), draft(UUID(2), case: "OTHER")))
            // Store an event of the other spelling as an appender that does not normalise would.
            let envelope = EventEnvelope(position: 2, version: 1, recordedAt: fixedNow, draft: draft(UUID(3), case: ids.0))
            try appendRaw(ledger, envelope)
            let report = try ledger.verify()
            expectSame(report, try ledger.referenceVerify())
            #expect(report.failure?.position == 2)
            ledger.close()
        }
    }
}

// MARK: - Shared helpers

/// Requires two reports to say the same: size, root, checkpoint and first problem.
func expectSame(_ report: VerificationReport, _ reference: VerificationReport, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(report.size == reference.size, sourceLocation: sourceLocation)
    #expect(report.root == reference.root, "roots differ", sourceLocation: sourceLocation)
    #expect(report.checkpointSize == reference.checkpointSize, sourceLocation: sourceLocation)
    #expect(report.failure?.position == reference.failure?.position, sourceLocation: sourceLocation)
    // With several heads wrong the reference names whichever its dictionary yields first.
    let head = "the stored head does not match"
    if report.failure?.message.contains(head) == true, reference.failure?.message.contains(head) == true { return }
    #expect(report.failure?.message == reference.failure?.message, sourceLocation: sourceLocation)
}

/// Recomputes the stored tree from the stored events (replacing every node, removing any beyond
/// the last event), as someone rewriting history would.
func rewriteTree(_ ledger: Ledger) throws {
    try ledger.write { log in
        let txn = log.transaction
        try txn.clear(ledger.dbs.tree)
        var frontier = Frontier()
        var leaves: [Hash] = []
        try txn.scan(ledger.dbs.events) { _, v in
            leaves.append(Merkle.leafHash(v))
            return true
        }
        for leaf in leaves {
            for node in frontier.append(leaf: leaf) {
                try txn.put(ledger.dbs.tree, treeKey(level: node.level, index: node.index), node.hash.bytes, append: true)
            }
        }
    }
}

/// Stores `envelope` at the end of the log with its index entries and tree nodes, bypassing the
/// append path's checks.
func appendRaw(_ ledger: Ledger, _ envelope: EventEnvelope) throws {
    try ledger.write { log in
        let txn = log.transaction
        let key = envelope.position.bigEndianBytes
        try txn.put(ledger.dbs.events, key, envelope.storedBytes())
        try txn.put(ledger.dbs.eventIds, uuidBytes(envelope.eventId), key)
        try txn.put(ledger.dbs.caseVersions, caseVersionKey(envelope.stream, envelope.version), key)
        try txn.put(ledger.dbs.caseHeads, Array(envelope.stream.utf8), envelope.version.bigEndianBytes + key)
    }
    try rewriteTree(ledger)
}

/// Logs longer than the few chunks of events the two verify threads have in flight, so that the
/// walker waits for the reader and either can stop while the other goes on.
@Suite("Verification of a log of many chunks")
struct VerifyLongLogTests {
    static let eventCount = 13_000  // more than three queued chunks of 4096 and the one being filled

    func withLongLedger(_ body: (Ledger) throws -> Void) async throws {
        try await withTemporaryLedger { dir in
            let ledger = try makeLedger(at: dir)
            var rng = SplitMix64(seed: 99)
            for start in stride(from: 0, to: Self.eventCount, by: 1000) {
                let drafts = (start..<min(Self.eventCount, start + 1000)).map { i in
                    draft(UUID(using: &rng), case: "CASE-\(i % 97)", payload: ["i": .int(Int64(i))])
                }
                _ = try ledger.appendNow(AppendBatch(events: drafts))
            }
            try body(ledger)
            ledger.close()
        }
    }

    @Test("a good long log verifies as the reference verifies it")
    func goodLongLog() async throws {
        try await withLongLedger { ledger in
            let report = try ledger.verify()
            #expect(report.ok, "\(report.failure?.message ?? "")")
            #expect(report.size == UInt64(Self.eventCount))
            expectSame(report, try ledger.referenceVerify())
        }
    }

    @Test("the reader stopping early (an event that does not decode) leaves the walker to finish alone")
    func readerStopsEarly() async throws {
        try await withLongLedger { ledger in
            try ledger.write { log in
                var bytes = try #require(try log.transaction.get(ledger.dbs.events, UInt64(50).bigEndianBytes))
                bytes.removeLast()
                try log.transaction.put(ledger.dbs.events, UInt64(50).bigEndianBytes, bytes)
            }
            try rewriteTree(ledger)
            let report = try ledger.verify()
            #expect(report.failure?.position == 50)
            #expect(report.failure?.message.contains("cannot be decoded") == true, "\(report.failure?.message ?? "")")
            expectSame(report, try ledger.referenceVerify())
        }
    }

    @Test("the walker stopping early (a bad leaf) and late problems of each kind are reported in order")
    func walkerStopsEarlyOrLate() async throws {
        try await withLongLedger { ledger in
            let late = try ledger.read { try $0.event(at: 12_500).envelope }
            try ledger.write { log in
                _ = try log.transaction.delete(ledger.dbs.eventIds, uuidBytes(late.eventId))
                try log.transaction.put(ledger.dbs.tree, treeKey(level: 0, index: 9000), [UInt8](repeating: 3, count: 32))
            }
            let report = try ledger.verify()
            #expect(report.failure?.position == 9000)
            #expect(report.failure?.message.contains("stored leaf hash") == true)
            try ledger.write { log in
                try log.transaction.put(ledger.dbs.tree, treeKey(level: 0, index: 9000), try ReferenceMerkle.leaf(log.storedBytes(at: 9000)))
            }
            let late2 = try ledger.verify()
            #expect(late2.failure?.position == 12_500)
            #expect(late2.failure?.message.contains("event id index") == true, "\(late2.failure?.message ?? "")")
            try ledger.write { log in
                try log.transaction.put(ledger.dbs.tree, treeKey(level: 0, index: 4), [UInt8](repeating: 3, count: 32))
            }
            let early = try ledger.verify()
            #expect(early.failure?.position == 4)
            expectSame(early, try ledger.referenceVerify())
        }
    }

    @Test("letting go of the map's resident pages leaves every value readable and the same")
    func releasingPagesKeepsValues() async throws {
        try await withLongLedger { ledger in
            try ledger.read { log in
                let before = try (0..<UInt64(Self.eventCount)).map { try log.storedBytes(at: $0) }
                log.transaction.releaseResidentPages()
                for (p, bytes) in before.enumerated() where try log.storedBytes(at: UInt64(p)) != bytes {
                    Issue.record("the event at \(p) reads differently after the pages were released")
                    return
                }
            }
            #expect(try ledger.verify().ok)
        }
    }
}
