import CasebookDemo
import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore

/// Random and mutated input, seeded so that a failure can be replayed: through NDJSON appends and
/// the command API, nothing traps, every refusal is one of the clear error types with a message,
/// a refusal leaves the ledger exactly as it was, and the log verifies at the end.
@Suite("Fuzzing the write path (seeded)", .serialized)
struct FuzzTests {
    static let seed: UInt64 = 20_261_201
    static let events = 10_000

    /// Values that have broken parsers and clocks before, and some ordinary ones.
    static let strings: [String] = [
        "", " ", "\t\n", "yesterday", "20260105", "２０２６-01-05T09:30:00Z", "2026-02-30", "2026-02-30T25:00:00Z",
        "9999-12-31", "9999-12-31T23:59:59Z", "0000-01-01", "0000-01-01T00:00:00Z", "1900-01-01", "1899-12-31T23:59:59Z",
        "2026-03-02", "2026-03-02T10:00:00Z", "2026-03-02 10:00", "2026-03-29T01:30", "2026-10-25T01:30",
        "FOI-2026-0001", "FOI-2026-0001\u{301}", "e\u{301}", "\u{0}", "\u{FEFF}", "🙂", "43(2)", "40(2)", "qualified", "absolute",
        "grantedInFull", "refused", "notify", "doNotNotify", "high", "loss", "email", "foia", "eir", "foisa",
        "4f6c2a8e-1b3d-4e5f-8a9b-0c1d2e3f4a5b", "not-a-uuid", String(repeating: "x", count: 20_001),
    ]
    static let integers: [Int64] = [-1, 0, 1, 17, 18, 19, 20, 21, 40, 45_000, Int64.max, Int64.min, 1 << 40]

    struct Generator {
        var rng: DemoRandom
        let references: [String]

        mutating func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        mutating func chance(_ p: Double) -> Bool { Double(rng.next() % 10_000) / 10_000 < p }

        mutating func value(depth: Int = 0) -> JSONValue {
            switch rng.next() % (depth > 1 ? 4 : 7) {
            case 0: return .string(pick(FuzzTests.strings))
            case 1: return .int(pick(FuzzTests.integers))
            case 2: return .bool(chance(0.5))
            case 3: return .null
            case 4: return .array((0..<Int(rng.next() % 3)).map { _ in value(depth: depth + 1) })
            case 5: return .object(["name": value(depth: depth + 1), "x": value(depth: depth + 1)])
            default: return .string(pick(FuzzTests.strings))
            }
        }

        /// An example payload with a few of its fields removed, replaced or added.
        mutating func payload(_ type: EventType) -> JSONValue {
            guard case .object(var o) = EventCatalogue.exampleJSON(for: type) else { return .object([:]) }
            for _ in 0..<Int(rng.next() % 4) {
                let keys = o.keys.sorted()
                switch rng.next() % 4 {
                case 0 where !keys.isEmpty: o.removeValue(forKey: pick(keys))
                case 1 where !keys.isEmpty: o[pick(keys)] = value()
                case 2: o[pick(["colour", "extra", "$sealed"])] = value()
                default: if !keys.isEmpty, case .object(var inner)? = o[pick(keys)], let k = inner.keys.sorted().first { inner[k] = value(); o[pick(keys)] = .object(inner) }
                }
            }
            return .object(o)
        }

        var fresh = 100

        /// An existing case, now and then a new one of the event's kind, or a malformed reference.
        mutating func reference(for type: EventType) -> String {
            if chance(0.25), let kind = type.allowedKinds.sorted(by: { $0.rawValue < $1.rawValue }).first {
                fresh += 1
                let prefix = switch kind { case .request: "FOI"; case .subjectAccess: "SAR"; case .breach: "BR"; case .nearMiss: "NM"; case .thirdPartyDisclosure: "TPD"; case .agreement: "DSA"; case .complaint: "CMP" }
                return "\(prefix)-2026-\(fresh)"
            }
            return chance(0.9) ? pick(references) : pick(["FOI-26-1", "BR-2026-0002\u{301}", "XX-2026-0001"])
        }

        mutating func line() -> String {
            // One line in ten opens a new case with a date at the edge of what parsers and clocks take.
            let type = chance(0.1) ? pick(EventType.allCases.filter(\.isOpening)) : pick(EventType.allCases)
            if type.isOpening, chance(0.5), case .object(var p) = EventCatalogue.exampleJSON(for: type) {
                for (k, v) in p where v.stringValue.map({ Timestamp(rfc3339: $0) != nil || LocalDate(iso: $0) != nil }) == true {
                    p[k] = .string(pick(["9999-12-31T23:59:59Z", "9999-12-31", "0001-01-01T00:00:00Z", "0001-01-01", "1899-12-31", "2099-12-31T23:59:59Z"]))
                }
                fresh += 1
                let prefix = switch type { case .requestReceived: "FOI"; case .sARReceived: "SAR"; case .breachReported: "BR"; default: "NM" }
                return JSONValue.object([
                    "case": .string("\(prefix)-2026-\(fresh)"), "type": .string(type.rawValue), "occurredAt": .string("2026-03-02T10:00:00Z"),
                    "actor": .object(["id": .string("o.officer"), "role": .string("officer")]), "payload": .object(p),
                ]).canonicalString
            }
            var o: JSONObject = [
                "case": .string(reference(for: type)),
                "type": .string(chance(0.97) ? type.rawValue : pick(["NoteTaken", "", "requestReceived"])),
                "occurredAt": .string(chance(0.8) ? "2026-03-02T10:00:00Z" : pick(FuzzTests.strings)),
                "actor": .object(["id": .string("o.officer"), "role": .string(pick(["officer", "legal", "admin"]))]),
                "payload": payload(type),
            ]
            if chance(0.2) { o["expectedVersion"] = .int(pick([-1, 0, 1, 2, 5])) }
            if chance(0.05) { o["eventId"] = .string(pick(["not-a-uuid", "4f6c2a8e-1b3d-4e5f-8a9b-0c1d2e3f4a5b"])) }
            if chance(0.03) { return String(JSONValue.object(o).canonicalString.dropLast(Int(rng.next() % 5) + 1)) }
            return JSONValue.object(o).canonicalString
        }

        mutating func command() throws -> (CaseCommand, CaseReference) {
            let action = pick(CaseAction.all)
            let reference = try CaseReference(pick(references.filter { (try? CaseReference($0))?.kind == action.group.kinds.first } + references))
            var fields: JSONObject = payload(action.event).objectValue ?? [:]
            if chance(0.3) { fields = [:] }
            if chance(0.2) { fields[pick(["event", "sections", "set"])] = value() }
            let target = action.opens && chance(0.5) ? try CaseReference(self.reference(for: action.event)) : reference
            return (CaseCommand(action, reference: chance(0.9) ? target : nil, fields: fields,
                                occurredAt: Timestamp(rfc3339: pick(["2026-03-02T10:00:00Z", "2026-03-05T10:00:00Z", "2026-06-01T10:00:00Z"]))!), reference)
        }
    }

    /// Whether `error` is one of the errors that explain themselves.
    static func isClear(_ error: any Error) -> Bool {
        switch error {
        case let e as CasebookError: !e.message.isEmpty || !e.problems.isEmpty
        case let e as LedgerError: !e.message.isEmpty
        case let e as RuleViolation: !e.message.isEmpty
        case let e as CaseworkError: !e.message.isEmpty
        default: false
        }
    }

    @Test("10,000 random and mutated events: no trap, every refusal clear and harmless, the log verifies")
    func fuzz() async throws {
        let dir = NSTemporaryDirectory() + "casebook-fuzz-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let casebook = try Casebook.create(at: dir, origin: "fuzz.casebook.local/log")
        defer { casebook.close() }
        let officer = Actor(id: "o.officer", role: "officer")
        // A few real cases for the mutations to land on.
        let openings: [(String, String)] = [("foi", "FOI-2026-0001"), ("foi", "EIR-2026-0001"), ("sar", "SAR-2026-0001"), ("breach", "BR-2026-0001"), ("near-miss", "NM-2026-0001")]
        for (group, reference) in openings {
            let action = try #require(CaseAction.all.first { $0.group.rawValue == group && $0.opens })
            var fields = EventCatalogue.exampleJSON(for: action.event).objectValue ?? [:]
            if reference.hasPrefix("EIR") { fields["regime"] = .string("eir") }
            for (k, v) in fields { if let t = v.stringValue, Timestamp(rfc3339: t) != nil || LocalDate(iso: t) != nil { fields[k] = .string(t.hasSuffix("Z") ? "2026-03-01T09:00:00Z" : "2026-03-01") } }
            try await casebook.perform(CaseCommand(action, reference: try CaseReference(reference), fields: fields,
                                                   occurredAt: Timestamp(rfc3339: "2026-03-01T09:00:00Z")!), by: officer)
        }
        var generator = Generator(rng: DemoRandom(seed: Self.seed), references: openings.map(\.1))
        var accepted = 0, refused = 0, unclear: [String] = []
        var sent = 0
        while sent < Self.events {
            let before = try casebook.ledger.read { try $0.size() }
            do {
                if generator.chance(0.5) {
                    let n = generator.chance(0.3) ? 1 : 1 + Int(generator.rng.next() % 5)
                    let lines = (0..<n).map { _ in generator.line() }
                    sent += n
                    try await casebook.record(ndjson: Array(lines.joined(separator: "\n").utf8))
                } else {
                    let (command, _) = try generator.command()
                    sent += 1
                    try await casebook.perform(command, by: officer)
                }
                accepted += 1
                #expect(try casebook.ledger.read { try $0.size() } > before)
            } catch {
                refused += 1
                if !Self.isClear(error), unclear.count < 5 { unclear.append(String(reflecting: error)) }
                #expect(try casebook.ledger.read { try $0.size() } == before, "a refusal changed the ledger: \(error)")
            }
        }
        #expect(unclear.isEmpty, "errors that do not explain themselves: \(unclear)")
        #expect(refused > accepted, "the generator should mostly produce refusals (\(accepted) accepted, \(refused) refused)")
        #expect(accepted > 10, "some mutated events should still be true and stored (\(accepted))")
        let report = try casebook.ledger.verify()
        #expect(report.ok, "\(String(describing: report.failure))")
    }
}
