import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore
@testable import Registers

/// The repository root, found from this file (symlinks resolved, so the scratch package works too).
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .resolvingSymlinksInPath()
    .deletingLastPathComponent()  // RegistersTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

/// Runs `body` with a fresh directory path under the temporary directory, removed afterwards.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-registers-tests-\(UUID().uuidString.lowercased())")
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(dir.path)
}

/// A clock tests move by hand: every append is stamped with `now`.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Timestamp(milliseconds: 0)
    var now: Timestamp {
        get { lock.lock(); defer { lock.unlock() }; return value }
        set { lock.lock(); value = newValue; lock.unlock() }
    }
}

func ts(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }
func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

/// SplitMix64: a tiny deterministic generator.
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

/// A ledger opened with the register hooks and a hand-moved clock, plus the lifecycle rules
/// applied by the test itself (the facade's rules hook is not part of this target).
final class TestLedger {
    let ledger: Ledger
    let clock = TestClock()
    private var states: [String: CaseLifecycle] = [:]
    private var known: [UUID: (case: String, type: EventType)] = [:]
    private(set) var positions: [UUID: UInt64] = [:]
    private var counter: UInt64 = 0

    /// The clocks and policy the rules judge by, as the facade's rules hook has them.
    let deadlines: DeadlineCalculator

    init(directory: String, policy: Policy = .default) throws {
        deadlines = DeadlineCalculator(policy: policy)
        var options = LedgerOptions()
        let clock = self.clock
        options.clock = { clock.now }
        options.hooks = RegisterSet.allHooks(policy: policy)
        ledger = try Ledger.create(at: directory, origin: "test.casebook.example/log", options: options)
    }

    deinit { ledger.close() }

    func nextId() -> UUID {
        counter += 1
        return UUID(uuidString: String(format: "00000000-0000-4000-8000-%012llx", counter))!
    }

    /// Checks the event against the lifecycle rules (throws `RuleViolation`), then appends it
    /// with `recordedAt` = `recorded`. `seal` replaces every personal field with a sealed-looking
    /// object whose key and ciphertext carry `canary`.
    @discardableResult
    func append(_ reference: String, _ payload: any EventPayload, occurred: Timestamp, recorded: Timestamp,
                id: UUID? = nil, seal canary: String? = nil, actor: String = "a.officer") throws -> UUID {
        let ref = try CaseReference(reference)
        let context = RuleContext.known(known).at(occurred: occurred, recorded: recorded).judging(by: deadlines)
        states[reference] = try LifecycleRules.evaluate(case: ref, type: payload.eventType, payload: payload,
                                                        state: states[reference], context: context)
        var json = try JSONValue.parse(Array(EventCatalogue.encode(payload)))
        if let canary {
            for field in EventCatalogue.personalFields(for: payload.eventType) {
                json = sealing(field.path.split(separator: ".").map(String.init), in: json, canary: canary)
            }
        }
        let eventId = id ?? nextId()
        clock.now = recorded
        let draft = EventDraft(eventId: eventId, stream: reference, type: payload.eventType.rawValue,
                               schemaVersion: EventCatalogue.schemaVersion(for: payload.eventType), occurredAt: occurred,
                               actor: Actor(id: actor, role: "officer"), payload: json)
        let result = try ledger.appendNow(AppendBatch(events: [draft]))
        known[eventId] = (reference, payload.eventType)
        positions[eventId] = result[0].position
        return eventId
    }

    /// Whether the rules accept the event now, occurring and recorded at the given moments (for
    /// the random history).
    func accepts(_ reference: String, _ payload: any EventPayload, occurred: Timestamp, recorded: Timestamp) -> Bool {
        guard let ref = try? CaseReference(reference) else { return false }
        let context = RuleContext.known(known).at(occurred: occurred, recorded: recorded).judging(by: deadlines)
        return (try? LifecycleRules.evaluate(case: ref, type: payload.eventType, payload: payload, state: states[reference],
                                             context: context)) != nil
    }

    func snapshot(_ asOf: AsOf = .latest) throws -> RegisterSnapshot {
        try ledger.read { try RegisterReader().snapshot(in: $0, asOf: asOf) }
    }

    private func sealing(_ path: [String], in value: JSONValue, canary: String) -> JSONValue {
        guard let head = path.first, var members = value.objectValue, let child = members[head] else { return value }
        if path.count == 1 {
            members[head] = .object(["$sealed": .object([
                "alg": .string("A256GCM"), "key": .string("subj-\(canary)-KEY"), "ct": .string("\(canary)-CIPHERTEXT"),
            ])])
        } else {
            members[head] = sealing(Array(path.dropFirst()), in: child, canary: canary)
        }
        return .object(members)
    }
}

/// Runs a command, returning its exit status and combined output.
func runProcess(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}
