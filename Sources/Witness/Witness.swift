import Foundation
import LedgerStore

/// A C2SP `tlog-witness`: it keeps, for every log it was told to trust, the size and root of the
/// latest checkpoint it cosigned, and cosigns a new checkpoint only when it verifies with that
/// log's key and a consistency proof shows it extends what the witness saw before.
///
/// Files in the state directory: `witness.key` (the cosigning key, mode 0600) and `state/`, an
/// LMDB environment with `logs` (origin → the log's verifier key) and `latest` (origin → tree
/// size ‖ root ‖ the note). The check and the update of `latest` happen in one LMDB write
/// transaction, so two requests for one origin (from any threads or processes) cannot both win:
/// the second sees the first's size and gets 409. Safe to share between threads.
public final class Witness: Sendable {
    public let directory: String
    public let key: CosignerKey
    private let environment: LMDBEnvironment
    private let logs: Database
    private let latest: Database
    private let clock: @Sendable () -> UInt64

    public static func keyPath(_ directory: String) -> String { directory + "/witness.key" }
    static func statePath(_ directory: String) -> String { directory + "/state" }

    static var environmentOptions: EnvironmentOptions {
        var o = EnvironmentOptions()
        o.mapSize = 16 << 20
        o.maxDatabases = 4
        return o
    }

    /// Creates a witness named `name` in `directory` (which may exist but must hold no witness).
    public static func create(at directory: String, name: String, clock: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }) throws -> Witness {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch { throw LedgerError(.io, "cannot create \(directory)", cause: error) }
        _ = try CosignerKey.create(at: keyPath(directory), name: name)
        return try Witness(directory: directory, clock: clock)
    }

    /// Opens the witness in `directory`. `clock` gives the cosignature time in POSIX seconds.
    public init(directory: String, clock: @escaping @Sendable () -> UInt64 = { UInt64(Date().timeIntervalSince1970) }) throws {
        self.directory = directory
        self.key = try CosignerKey.load(from: Witness.keyPath(directory))
        self.environment = try LMDBEnvironment(path: Witness.statePath(directory), databases: ["logs", "latest"], options: Witness.environmentOptions)
        self.logs = environment.database("logs")
        self.latest = environment.database("latest")
        self.clock = clock
    }

    /// Trusts a log: checkpoints whose origin is the key's name are checked against this key.
    /// Returns the origin. Replaces an earlier key for the same origin (a key rotation).
    @discardableResult
    public func trust(logKey: String) throws -> String {
        let origin = try LogKey.origin(of: logKey)
        try environment.write { txn in try txn.put(logs, Array(origin.utf8), Array(logKey.utf8)) }
        return origin
    }

    /// The logs this witness trusts, with the size it last cosigned (0: none yet).
    public func trustedLogs() throws -> [(origin: String, key: String, size: UInt64)] {
        try environment.read { txn in
            var out: [(String, String, UInt64)] = []
            try txn.scan(logs) { k, v in
                out.append((String(decoding: k, as: UTF8.self), String(decoding: v, as: UTF8.self), 0))
                return true
            }
            return try out.map { o in (o.0, o.1, try txn.get(latest, Array(o.0.utf8)).map { UInt64(bigEndianBytes: $0.prefix(8)) } ?? 0) }
        }
    }

    /// The latest cosigned size and root for `origin`, if any.
    public func latestCosigned(origin: String) throws -> (size: UInt64, root: Hash)? {
        try environment.read { txn in try txn.get(latest, Array(origin.utf8)).map(Witness.decodeLatest) }
    }

    static func decodeLatest(_ v: [UInt8]) -> (size: UInt64, root: Hash) {
        (UInt64(bigEndianBytes: v.prefix(8)), Hash(bytes: Array(v[8..<40])))
    }

    /// Handles one add-checkpoint request body and says how to answer it (tlog-witness).
    public func addCheckpoint(body: some Collection<UInt8>) -> AddCheckpointOutcome {
        let request: AddCheckpointRequest
        do { request = try AddCheckpointRequest(parsing: body) } catch { return .malformed(error.message) }
        return addCheckpoint(request)
    }

    public func addCheckpoint(_ request: AddCheckpointRequest) -> AddCheckpointOutcome {
        guard let originLine = request.note.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first, !originLine.isEmpty else {
            return .malformed("the checkpoint has no origin line")
        }
        let origin = String(originLine)
        do {
            return try environment.write { txn -> AddCheckpointOutcome in
                guard let logKeyBytes = try txn.get(logs, Array(origin.utf8)) else { return .unknownOrigin(origin) }
                let checkpoint: Checkpoint
                do throws(LedgerError) { checkpoint = try CheckpointNote.open(request.note, verifierKey: String(decoding: logKeyBytes, as: UTF8.self)) } catch {
                    if error.code == .tampered { return .badSignature(origin) }
                    return .malformed("the checkpoint: \(error.message)")
                }
                guard request.oldSize <= checkpoint.size else {
                    return .malformed("the old size \(request.oldSize) is larger than the checkpoint's size \(checkpoint.size)")
                }
                let known = try txn.get(latest, Array(origin.utf8)).map(Witness.decodeLatest)
                let knownSize = known?.size ?? 0
                guard request.oldSize == knownSize else { return .conflict(knownSize) }
                if request.oldSize == checkpoint.size, let known {
                    guard known.root == checkpoint.root else { return .conflict(knownSize) }
                } else if let known {
                    guard Merkle.verifyConsistency(from: known.size, to: checkpoint.size, firstRoot: known.root, secondRoot: checkpoint.root, proof: request.proof) else {
                        return .inconsistent(from: known.size, to: checkpoint.size)
                    }
                } else if !request.proof.isEmpty {
                    return .inconsistent(from: 0, to: checkpoint.size)
                }
                let body = try SignedNote(request.note).body
                let line = try key.cosign(body: body, time: clock())
                try txn.put(latest, Array(origin.utf8), checkpoint.size.bigEndianBytes + checkpoint.root.bytes + Array(request.note.utf8))
                return .cosigned(line)
            }
        } catch let e as LedgerError {
            return .failed(e.message)
        } catch {
            return .failed("\(error)")
        }
    }
}

/// What a witness answers to add-checkpoint, with the tlog-witness HTTP status of each case.
public enum AddCheckpointOutcome: Sendable, Equatable {
    /// 200: the cosignature line(s).
    case cosigned(String)
    /// 400: the request or checkpoint is not well-formed.
    case malformed(String)
    /// 403: no signature verifies with the log's key.
    case badSignature(String)
    /// 404: the witness does not witness this origin.
    case unknownOrigin(String)
    /// 409: the old size is not the witness's latest size (given), or the roots at that size differ.
    case conflict(UInt64)
    /// 422: the consistency proof does not verify.
    case inconsistent(from: UInt64, to: UInt64)
    /// 500: the witness could not read or write its state.
    case failed(String)

    public var status: Int {
        switch self {
        case .cosigned: 200
        case .malformed: 400
        case .badSignature: 403
        case .unknownOrigin: 404
        case .conflict: 409
        case .inconsistent: 422
        case .failed: 500
        }
    }

    /// The response's Content-Type.
    public var contentType: String {
        if case .conflict = self { return "text/x.tlog.size" }
        return "text/plain; charset=utf-8"
    }

    /// The response body.
    public var body: String {
        switch self {
        case .cosigned(let lines): lines
        case .malformed(let why): "malformed add-checkpoint request: \(why)\n"
        case .badSignature(let origin): "the checkpoint's signature does not verify with the key this witness trusts for \(origin)\n"
        case .unknownOrigin(let origin): "this witness does not witness \(origin); its operator adds a log with `casebook witness trust --log-key KEY`\n"
        case .conflict(let size): "\(size)\n"
        case .inconsistent(let from, let to): "the consistency proof from size \(from) to \(to) does not verify: the log was not only appended to\n"
        case .failed(let why): "the witness could not record the checkpoint: \(why)\n"
        }
    }
}

/// A log's checkpoint verifier key (`name+hexkeyid+base64(0x01 ‖ key)`).
enum LogKey {
    static func origin(of key: String) throws(LedgerError) -> String {
        let parts = key.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, let raw = Data(base64Encoded: String(parts[2])), raw.count == 33, raw.first == 0x01 else {
            throw LedgerError(.invalidInput, "\(key.prefix(80)) is not a log's checkpoint verifier key (name+keyid+base64(0x01 ‖ Ed25519 key)); print it with `casebook checkpoint --public-key`")
        }
        // A key that does not parse fully fails here rather than on every checkpoint later.
        let probe = Checkpoint(origin: String(parts[0]), size: 0, root: Merkle.emptyRoot).body + "\n\u{2014} \(parts[0]) AAAAAAAA\n"
        do { _ = try CheckpointNote.open(probe, verifierKey: key) } catch where error.code == .invalidInput {
            throw LedgerError(.invalidInput, "\(key.prefix(80)) is not a valid Ed25519 note verifier key: \(error.message)")
        } catch {}
        return String(parts[0])
    }
}
