import CanonicalJSON
import Foundation
import LedgerStore

/// The witnesses a ledger asks to cosign its checkpoints, kept in `<ledger>/witnesses.json`:
/// each one's add-checkpoint URL prefix, verifier key and the tree size it last cosigned.
public struct WitnessList: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var url: String
        public var verifier: CosignatureVerifier
        /// The size of the latest checkpoint this witness cosigned for the ledger (0: none).
        public var lastSize: UInt64
    }
    public var entries: [Entry] = []

    public init() {}

    public static func path(inLedger directory: String) -> String { directory + "/witnesses.json" }

    /// The list stored in `directory`, or an empty one when the ledger has no witnesses.
    public static func load(ledger directory: String) throws(LedgerError) -> WitnessList {
        let path = path(inLedger: directory)
        guard let data = FileManager.default.contents(atPath: path) else { return WitnessList() }
        var list = WitnessList()
        guard let doc = try? JSONValue.parse(Array(data)), let items = doc["witnesses"]?.arrayValue else {
            throw LedgerError(.corrupted, "\(path) is not a witness list ({\"witnesses\":[…]}); fix it or remove it and add the witnesses again")
        }
        for (i, item) in items.enumerated() {
            guard let url = item["url"]?.stringValue, let key = item["key"]?.stringValue, let size = item["lastSize"]?.intValue, size >= 0 else {
                throw LedgerError(.corrupted, "\(path): witness \(i + 1) needs url, key and lastSize")
            }
            list.entries.append(Entry(url: url, verifier: try CosignatureVerifier(verifierKey: key), lastSize: UInt64(size)))
        }
        return list
    }

    /// Writes the list to `directory` (a temporary file, fsync, rename).
    public func save(ledger directory: String) throws(LedgerError) {
        let doc: JSONValue = .object(["witnesses": .array(entries.map { (e: Entry) -> JSONValue in
            .object(["url": .string(e.url), "key": .string(e.verifier.verifierKey), "lastSize": .int(Int64(e.lastSize))])
        })])
        let path = WitnessList.path(inLedger: directory)
        let tmp = path + ".tmp"
        let bytes = Array((doc.canonicalString + "\n").utf8)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw LedgerError(.io, "cannot write \(tmp): \(String(cString: strerror(errno)))") }
        let ok = write(fd, bytes, bytes.count) == bytes.count && fsync(fd) == 0
        close(fd)
        guard ok, rename(tmp, path) == 0 else { throw LedgerError(.io, "cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// Adds a witness, or changes the URL of one with the same key. Checks the URL and the key.
    public mutating func add(url: String, key: String) throws(LedgerError) {
        guard let u = URL(string: url), u.scheme == "http" || u.scheme == "https", u.host != nil else {
            throw LedgerError(.invalidInput, "\(url) is not an http(s) URL; give the witness's submission prefix, e.g. http://127.0.0.1:7380")
        }
        let verifier = try CosignatureVerifier(verifierKey: key)
        if let i = entries.firstIndex(where: { $0.verifier == verifier }) {
            entries[i].url = url
        } else {
            entries.append(Entry(url: url, verifier: verifier, lastSize: 0))
        }
    }
}
