import Foundation
import Testing
@testable import Casework

/// Helpers shared by the event catalogue, schema and lifecycle-rule tests.
enum EventsTestSupport {
    /// The repository root, found from this file (symlinks resolved, so a scratch package that
    /// links to the sources still finds the real Schemas/ and Tools/).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .resolvingSymlinksInPath()
        .deletingLastPathComponent() // CaseworkTests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent() // repository

    static var schemasDirectory: URL { repositoryRoot.appendingPathComponent("Schemas") }

    static func schemaURL(for type: EventType) -> URL {
        schemasDirectory.appendingPathComponent("events").appendingPathComponent("\(type.rawValue).schema.json")
    }

    static func schema(for type: EventType) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: schemaURL(for: type)))
    }

    static func json(_ payload: any EventPayload) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: EventCatalogue.encode(payload))
    }

    static func data(_ value: JSONValue) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func example(of type: EventType) -> any EventPayload {
        EventCatalogue.examples.first { $0.eventType == type }!
    }

    /// Runs a command, returning its exit status and combined output.
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String) {
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

    /// A fresh temporary directory, removed by `body`'s end.
    static func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("casework-events-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }
}
