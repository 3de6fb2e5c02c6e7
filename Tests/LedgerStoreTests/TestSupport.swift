import Foundation
import Testing
@testable import LedgerStore

// MARK: - Temporary ledgers

/// Runs `body` with a fresh, unique directory path under the system temporary directory and
/// removes the directory afterwards, whether `body` returns or throws.
///
/// The path does not exist yet when `body` starts, so `Ledger.create(at:)` can create it.
func withTemporaryLedger<T>(_ body: (String) async throws -> T) async throws -> T {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("casebook-ledger-tests-\(UUID().uuidString.lowercased())", isDirectory: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try await body(dir.path)
}

/// The instant every test ledger's clock reports, so stored bytes are exact.
let fixedNow = Timestamp(milliseconds: 1_767_605_400_000)  // 2026-01-05T09:30:00Z

extension LedgerOptions {
    /// Options for tests: a fixed clock, optional hooks and map size.
    static func testing(hooks: [any LedgerHook] = [], mapSize: Int? = nil) -> LedgerOptions {
        var o = LedgerOptions()
        o.clock = { fixedNow }
        o.hooks = hooks
        if let mapSize { o.environment.mapSize = mapSize }
        return o
    }
}

func makeLedger(at dir: String, hooks: [any LedgerHook] = [], mapSize: Int? = nil) throws -> Ledger {
    try Ledger.create(at: dir, origin: "test.casebook.example/log", options: .testing(hooks: hooks, mapSize: mapSize))
}

// MARK: - Deterministic randomness

/// SplitMix64: a tiny, fully deterministic generator so that "random" sequences repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension UUID {
    /// A UUID drawn from a seeded generator (version-4 shaped), so event ids repeat across runs.
    init<G: RandomNumberGenerator>(using rng: inout G) {
        let a = rng.next()
        let b = rng.next()
        var bytes = withUnsafeBytes(of: a.bigEndian) { Array($0) } + withUnsafeBytes(of: b.bigEndian) { Array($0) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        self.init(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                         bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// A fixed UUID whose last 8 bytes hold `n`, for readable tests.
    init(_ n: UInt64) {
        let b = withUnsafeBytes(of: n.bigEndian) { Array($0) }
        self.init(uuid: (0xCA, 0x5E, 0xB0, 0x0C, 0, 0, 0x40, 0, 0x80, 0, b[2], b[3], b[4], b[5], b[6], b[7]))
    }
}

// MARK: - Drafts

let testActor = Actor(id: "officer-1", role: "caseworker")

func draft(_ id: UUID, case stream: String, type: String = "NoteAdded", payload: JSONObject = [:]) -> EventDraft {
    EventDraft(
        eventId: id, stream: stream, type: type, occurredAt: Timestamp(milliseconds: 1_767_600_000_000),
        actor: testActor, payload: .object(payload))
}

func batch(_ drafts: EventDraft..., expecting expectations: [String: ExpectedVersion] = [:]) -> AppendBatch {
    AppendBatch(events: drafts, expectations: expectations)
}

// MARK: - Errors

/// Runs `body`, requires it to throw a `LedgerError` with `code`, and returns that error.
@discardableResult
func expectLedgerError<T>(
    _ code: LedgerError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async -> LedgerError? {
    do {
        let value = try await body()
        Issue.record("expected LedgerError \(code), but the call returned \(value)", sourceLocation: sourceLocation)
        return nil
    } catch let error as LedgerError {
        #expect(error.code == code, "expected \(code), got \(error.code): \(error.message)", sourceLocation: sourceLocation)
        return error.code == code ? error : nil
    } catch {
        Issue.record("expected LedgerError \(code), got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

// MARK: - Reading everything back

extension Ledger {
    /// Every stored event in position order.
    func allEvents() throws -> [StoredEvent] {
        try read { log in
            var out: [StoredEvent] = []
            try log.forEachEvent { out.append($0); return true }
            return out
        }
    }
}

/// Checks the log-wide invariants: positions gapless 0..<N and each case's versions 1...n in
/// position order.
func expectGaplessAndContiguous(_ events: [StoredEvent], sourceLocation: SourceLocation = #_sourceLocation) {
    for (i, e) in events.enumerated() where e.position != UInt64(i) {
        Issue.record("position \(e.position) found where \(i) was expected", sourceLocation: sourceLocation)
        return
    }
    var versions: [[UInt8]: UInt64] = [:]
    for e in events {
        let key = Array(e.envelope.stream.utf8)
        let next = (versions[key] ?? 0) + 1
        #expect(e.envelope.version == next, "case \(e.envelope.stream) at position \(e.position) has version \(e.envelope.version), expected \(next)", sourceLocation: sourceLocation)
        versions[key] = e.envelope.version
    }
}

// MARK: - Long synchronous work

/// Runs long, blocking work (thousands of LMDB transactions, hashing) on a thread of its own so
/// that it does not hold one of the few cooperative-pool threads that the async tests (group
/// commit) need. `body` must not record issues itself (it runs outside the test's task); it
/// returns what the caller should check, or throws.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
