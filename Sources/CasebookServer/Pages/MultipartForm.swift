import Foundation
import MultipartKit

/// A `multipart/form-data` body (RFC 7578) read with MultipartKit's parser: the text fields by
/// name, and the file parts with the file name the browser sent.
struct MultipartForm: Sendable {
    struct Part: Sendable {
        var name: String
        /// The `filename` parameter of the part's `Content-Disposition`; nil for a text field.
        var fileName: String?
        var bytes: [UInt8]
    }

    var parts: [Part]

    /// The text of the last field called `name` ("" when absent).
    func value(_ name: String) -> String {
        parts.last { $0.name == name && $0.fileName == nil }.map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
    }

    /// The last file part called `name` that holds something (a file input left empty sends a
    /// part with an empty file name and no bytes).
    func file(_ name: String) -> Part? {
        parts.last { $0.name == name && $0.fileName != nil && !($0.fileName!.isEmpty && $0.bytes.isEmpty) }
    }

    /// The text fields, last value of each name, for `FormGuard.verify`.
    var dictionary: [String: String] {
        var out: [String: String] = [:]
        for part in parts where part.fileName == nil { out[part.name] = String(decoding: part.bytes, as: UTF8.self) }
        return out
    }

    /// The boundary of a `multipart/form-data` content type, or nil when it is another type.
    static func boundary(ofContentType contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            // RFC 2046 §5.1.1: 1 to 70 characters.
            return (1...70).contains(value.count) ? value : nil
        }
        return nil
    }

    /// Parses `body`; throws `Problem` when it is not a complete multipart body with that boundary.
    init(body: [UInt8], boundary: String) throws(Problem) {
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var headers: [(String, String)] = []
        var bytes: [UInt8] = []
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { buffer in bytes.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = {
            let disposition = headers.last { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            let parameters = Self.parameters(of: disposition)
            parts.append(Part(name: parameters["name"] ?? "", fileName: parameters["filename"], bytes: bytes))
            headers = []
            bytes = []
        }
        do {
            try parser.execute(body)
        } catch {
            throw Problem("the upload could not be read as multipart/form-data (\(error)); choose the file again and send the form from this page")
        }
        guard !parts.isEmpty else {
            throw Problem("the upload held no form fields; choose the file again and send the form from this page")
        }
        self.parts = parts
    }

    /// `name="…"; filename="…"` of a `Content-Disposition` value, quotes removed.
    static func parameters(of disposition: String) -> [String: String] {
        var out: [String: String] = [:]
        var rest = Substring(disposition)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop { $0 == " " }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = rest[rest.index(after: equals)...]
            if value.first == "\"" {
                value = value.dropFirst()
                var text = ""
                var escaped = false
                var end = value.endIndex
                for i in value.indices {
                    let c = value[i]
                    if escaped { text.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { end = i; break } else { text.append(c) }
                }
                out[key] = text
                rest = end < value.endIndex ? value[value.index(after: end)...] : value[value.endIndex...]
            } else {
                let end = value.firstIndex(of: ";") ?? value.endIndex
                out[key] = value[..<end].trimmingCharacters(in: .whitespaces)
                rest = value[end...]
            }
        }
        return out
    }

    struct Problem: Error, Sendable {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
