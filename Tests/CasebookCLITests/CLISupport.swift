import Foundation
import Testing

/// Runs the built `casebook` binary (`$CASEBOOK_BIN`, else the one built beside this test
/// executable, whatever the scratch path, else `.build/debug`).
enum CLI {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["CASEBOOK_BIN"] { return b }
        if let test = Bundle.main.executableURL {
            let beside = test.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("casebook").path
            if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        }
        for config in ["debug", "release"] {
            let p = repoRoot.appendingPathComponent(".build/\(config)/casebook").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return repoRoot.appendingPathComponent(".build/debug/casebook").path
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        /// A signal ended the process (a crash, not an exit).
        var signalled = false
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// Runs `casebook args…` with `stdin` as standard input and waits for it.
    @discardableResult
    static func run(_ args: [String], stdin: Data = Data(), environment: [String: String] = [:]) throws -> Output {
        let p = try start(args, environment: environment)
        let (outPipe, errPipe, inPipe) = (p.standardOutput as! Pipe, p.standardError as! Pipe, p.standardInput as! Pipe)
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        group.enter()
        DispatchQueue.global().async { out = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err = errPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        inPipe.fileHandleForWriting.write(stdin)
        try inPipe.fileHandleForWriting.close()
        p.waitUntilExit()
        group.wait()
        return Output(status: p.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
                      signalled: p.terminationReason == .uncaughtSignal)
    }

    /// Starts `casebook args…` with pipes for all three streams; the caller waits.
    static func start(_ args: [String], environment: [String: String] = [:]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CASEBOOK_LEDGER")
        for (k, v) in environment { env[k] = v }
        p.environment = env
        p.standardOutput = Pipe()
        p.standardError = Pipe()
        p.standardInput = Pipe()
        try p.run()
        return p
    }
}

/// A fresh directory for one test, removed afterwards.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-cli-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    return try body(dir)
}

func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-cli-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    return try await body(dir)
}

func jsonObject(_ line: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
}

/// An NDJSON line adding a note to a case (the note text is personal data, so it is sealed).
func eventLine(case c: String, id: UUID = UUID(), expected: Int? = nil, note: String = "n") -> String {
    var s = #"{"case":"\#(c)","type":"NoteAdded","occurredAt":"2026-01-05T09:30:00Z","actor":{"id":"a.officer","role":"officer"},"payload":{"text":"\#(note)"},"eventId":"\#(id.uuidString.lowercased())""#
    if let expected { s += #","expectedVersion":\#(expected)"# }
    return s + "}"
}

/// An NDJSON line opening an FOI case; the summary is not personal data, so it is stored as written.
func openingLine(case c: String, id: UUID = UUID(), summary: String = "Grit bin locations", expected: Int? = -1) -> String {
    var s = #"{"case":"\#(c)","type":"RequestReceived","occurredAt":"2026-01-05T09:30:00Z","actor":{"id":"a.officer","role":"officer"},"payload":{"channel":"email","receivedAt":"2026-01-05T09:30:00Z","regime":"foia","requester":{"name":"A Requester","email":"a.requester@example.org"},"requesterType":"individual","summary":"\#(summary)"},"eventId":"\#(id.uuidString.lowercased())""#
    if let expected { s += #","expectedVersion":\#(expected)"# }
    return s + "}"
}
