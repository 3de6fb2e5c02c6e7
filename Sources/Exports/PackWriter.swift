import Crypto
import Foundation

/// Writes the files of an export pack, hashing each as it is written, so the manifest never
/// needs a second read of what may be gigabytes of timelines.
final class PackWriter {
    let root: URL
    private(set) var files: [String: String] = [:]

    init(root: URL) throws {
        self.root = root
        let fm = FileManager.default
        if fm.fileExists(atPath: root.path) {
            let contents = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
            guard contents.isEmpty else {
                throw ExportError("the output directory \(root.path) is not empty; choose a new directory so an old pack is never mixed into a new one")
            }
        }
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
    }

    /// A file written in pieces.
    final class Stream {
        let handle: FileHandle
        var hasher = SHA256()
        let relativePath: String
        private var buffer: [UInt8] = []

        init(handle: FileHandle, relativePath: String) {
            self.handle = handle
            self.relativePath = relativePath
            buffer.reserveCapacity(1 << 16)
        }

        func write(_ bytes: some Sequence<UInt8>) {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 16 { flush() }
        }

        func write(_ text: String) { write(text.utf8) }

        func flush() {
            guard !buffer.isEmpty else { return }
            hasher.update(data: buffer)
            handle.write(Data(buffer))
            buffer.removeAll(keepingCapacity: true)
        }
    }

    func open(_ relativePath: String) throws -> Stream {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw ExportError("cannot create \(url.path)")
        }
        return Stream(handle: try FileHandle(forWritingTo: url), relativePath: relativePath)
    }

    func close(_ stream: Stream) throws {
        stream.flush()
        try stream.handle.synchronize()
        try stream.handle.close()
        files[stream.relativePath] = hexDigest(stream.hasher.finalize())
    }

    func write(_ relativePath: String, _ text: String) throws {
        let s = try open(relativePath)
        s.write(text)
        try close(s)
    }

    func write(_ relativePath: String, bytes: [UInt8]) throws {
        let s = try open(relativePath)
        s.write(bytes)
        try close(s)
    }
}

func hexDigest(_ digest: some Sequence<UInt8>) -> String {
    digest.map { String(format: "%02x", $0) }.joined()
}

/// An export problem, in words the person running it can act on.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
