import Casework
import Foundation
import Hummingbird
import Logging
import HummingbirdTesting
import LedgerStore
import CasebookCore
import Registers
import Testing
import ZIPFoundation

@testable import CasebookServer

/// The callers every route is tried with.
enum Who: String, CaseIterable, CustomStringConvertible, Sendable {
    case none, officer, legal, dpo, auditor, auditorPD
    var description: String { rawValue }
}

/// Personal data planted in the seed; it must never reach the public or a plain auditor.
enum Canary {
    static let requesterName = "Zebedee Canarysmith"
    static let requesterEmail = "zebedee.canary7f3a@example.invalid"
    static let breachDescription = "CANARYBREACH91B2 found the minutes on the bus"
    static let nearMissDescription = "CANARYNEARMISS55C1 nearly posted the file"
    static let sarRequester = "Quillon Canarysar"
    static let note = "CANARYNOTE3E7D rang the requester at home"
    static let all = [requesterName, requesterEmail, "CANARYBREACH91B2", "CANARYNEARMISS55C1", sarRequester, "CANARYNOTE3E7D", "canary7f3a", "Canarysmith"]
}

/// A ledger in its own temporary directory with one token per role, removed by `cleanup()`.
struct Fixture: Sendable {
    let directory: String
    let casebook: Casebook
    let tokens: [Who: String]
    var configuration: CasebookServerConfiguration

    static let today = LocalDate(year: 2026, month: 3, day: 2)!

    static func make(seed: Bool = true) async throws -> Fixture {
        let directory = NSTemporaryDirectory() + "casebook-server-tests-" + UUID().uuidString
        let casebook = try Casebook.create(at: directory, origin: "test.casebook.local/log")
        let store = TokenStore(path: TokenStore.path(inLedger: directory))
        var tokens: [Who: String] = [:]
        tokens[.officer] = try store.create(name: "o.officer", role: .officer, personalData: false).token
        tokens[.legal] = try store.create(name: "l.legal", role: .legal, personalData: false).token
        tokens[.dpo] = try store.create(name: "d.dpo", role: .dpo, personalData: false).token
        tokens[.auditor] = try store.create(name: "a.auditor", role: .auditor, personalData: false).token
        tokens[.auditorPD] = try store.create(name: "p.auditor", role: .auditor, personalData: true).token
        var configuration = CasebookServerConfiguration()
        configuration.today = { Fixture.today }
        configuration.now = { Date(timeIntervalSince1970: 1_772_445_600) }  // 2026-03-02T10:00:00Z
        configuration.temporaryDirectory = directory + "-tmp"
        // Cheap bcrypt for the dummy check of unknown names, and no sign-in pause for the role
        // matrix's run of wrong sign-ins (`withSessions` puts the real limit back).
        configuration.passwordCost = 4
        configuration.signInAttemptLimit = 1000
        try FileManager.default.createDirectory(atPath: configuration.temporaryDirectory, withIntermediateDirectories: true)
        var logger = Logger(label: "casebook.server.test")
        logger.logLevel = .critical
        configuration.logger = logger
        let fixture = Fixture(directory: directory, casebook: casebook, tokens: tokens, configuration: configuration)
        if seed { try await fixture.seed() }
        return fixture
    }

    func cleanup() {
        casebook.close()
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: configuration.temporaryDirectory)
    }

    func app() throws -> some ApplicationProtocol {
        try buildApplication(casebook: casebook, configuration: configuration)
    }

    /// FOI-2026-0001 answered and published; FOI-2026-0002 open and overdue; a SAR; a breach; a
    /// near miss. Canary personal data in the requester, the breach, the near miss and a note.
    func seed() async throws {
        var lines: [JSONValue] = []
        func event(_ stream: String, _ type: EventType, _ at: String, _ patch: JSONObject = [:], actor: String = "seed") throws {
            var payload = try Self.example(type)
            for (k, v) in patch { payload[k] = v }
            lines.append(.object([
                "case": .string(stream), "type": .string(type.rawValue), "occurredAt": .string(at),
                "actor": .object(["id": .string(actor), "role": .string("officer")]), "payload": .object(payload),
            ]))
        }
        let canaryRequester: JSONValue = .object(["name": .string(Canary.requesterName), "email": .string(Canary.requesterEmail)])
        try event("FOI-2026-0001", .requestReceived, "2026-01-05T09:30:00Z", ["receivedAt": .string("2026-01-05T09:30:00Z"), "requester": canaryRequester, "service": .string("Transport")])
        try event("FOI-2026-0001", .requestAcknowledged, "2026-01-05T14:10:00Z", ["acknowledgedAt": .string("2026-01-05T14:10:00Z")])
        try event("FOI-2026-0001", .noteAdded, "2026-01-06T10:00:00Z", ["text": .string(Canary.note)])
        try event("FOI-2026-0001", .responseSent, "2026-01-20T16:00:00Z", ["outcome": .string("grantedInFull"), "exemptions": .array([]), "sentAt": .string("2026-01-20T16:00:00Z")])
        try event("FOI-2026-0001", .publishedToDisclosureLog, "2026-01-22T09:00:00Z", ["publishedOn": .string("2026-01-22")])
        try event("FOI-2026-0002", .requestReceived, "2026-01-12T11:00:00Z", [
            "receivedAt": .string("2026-01-12T11:00:00Z"),
            "requester": .object(["name": .string("Bo Other"), "email": .string("bo.other@example.org")]),
        ])
        try event("SAR-2026-0001", .sARReceived, "2026-02-02T11:00:00Z", [
            "receivedAt": .string("2026-02-02T11:00:00Z"), "requester": .object(["name": .string(Canary.sarRequester)]),
        ])
        try event("BR-2026-0001", .breachReported, "2026-02-03T10:30:00Z", [
            "discoveredAt": .string("2026-02-03T10:15:00Z"), "occurredOn": .string("2026-02-02"), "howDiscovered": .string(Canary.breachDescription),
            "reportedToBusinessManagerAt": .string("2026-02-03T10:40:00Z"), "reportedToDirectorAt": .string("2026-02-03T11:05:00Z"),
        ])
        try event("NM-2026-0001", .nearMissReported, "2026-02-10T09:00:00Z", [
            "occurredOn": .string("2026-02-09"), "reportedOn": .string("2026-02-10"), "description": .string(Canary.nearMissDescription),
        ])
        let ndjson = lines.map(\.canonicalString).joined(separator: "\n")
        try await casebook.record(ndjson: Array(ndjson.utf8))
    }

    /// The catalogue's example payload of `type` as a JSON object.
    static func example(_ type: EventType) throws -> JSONObject {
        guard let payload = EventCatalogue.examples.first(where: { $0.eventType == type }) else {
            throw TestFailure("no example payload for \(type)")
        }
        let value = try JSONValue.parse(Array(try EventCatalogue.encode(payload)))
        return value.objectValue ?? [:]
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Runs `body` with a fresh fixture and always removes it.
func withFixture<T>(seed: Bool = true, _ body: (Fixture) async throws -> T) async throws -> T {
    let fixture = try await Fixture.make(seed: seed)
    defer { fixture.cleanup() }
    return try await body(fixture)
}

/// One response, read out.
struct Reply: Sendable {
    var status: Int
    var body: String
    var headers: HTTPFields
    var bytes: [UInt8]

    var json: JSONValue? { try? JSONValue.parse(bytes) }
    var errorCode: String? { json?["error"]?["code"]?.stringValue }
}

extension TestClientProtocol {
    /// Sends a request as `who` (bearer token) and reads the whole reply.
    func send(_ method: HTTPRequest.Method, _ uri: String, as who: Who = .none, fixture: Fixture, json: JSONValue? = nil,
              body: String? = nil, headers extra: HTTPFields = [:]) async throws -> Reply {
        var headers = extra
        if let token = fixture.tokens[who] { headers[.authorization] = "Bearer " + token }
        var buffer: ByteBuffer?
        if let json {
            buffer = ByteBuffer(string: json.canonicalString)
            headers[.contentType] = "application/json"
        } else if let body {
            buffer = ByteBuffer(string: body)
        }
        return try await execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            let bytes = response.body.readableBytesView.map { $0 }
            return Reply(status: Int(response.status.code), body: String(decoding: bytes, as: UTF8.self), headers: response.headers, bytes: bytes)
        }
    }
}

/// `JSONValue` from a Swift literal-ish dictionary, for request bodies.
func obj(_ members: JSONObject) -> JSONValue { .object(members) }


/// Every file in a zip, by path.
func unzip(_ bytes: [UInt8]) throws -> [String: [UInt8]] {
    let archive = try Archive(data: Data(bytes), accessMode: .read)
    var files: [String: [UInt8]] = [:]
    for entry in archive where entry.type == .file {
        var data = [UInt8]()
        _ = try archive.extract(entry, skipCRC32: false) { chunk in data.append(contentsOf: chunk) }
        files[entry.path] = data
    }
    return files
}
