import Casework
import Exports
import Foundation
import Hummingbird
import LedgerStore
import CasebookCore
import Registers

/// `GET /export`: the ICO inspection pack as a zip. The pack is written to a private temporary
/// directory, the zip streamed from disk in 64 KiB chunks, and the directory removed afterwards
/// (also when the client goes away mid-download).
struct ExportController {
    typealias Context = CasebookRequestContext
    let casebook: Casebook
    let configuration: CasebookServerConfiguration

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("export", use: export)
        return routes
    }

    @Sendable func export(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.require("download the ICO export") { AccessPolicy.mayExport($0) }
        let query = Query(request)
        let today = configuration.today()
        var exportRequest = ExportRequest(outputDirectory: "")
        exportRequest.from = try query.day("from")
        exportRequest.to = try query.day("to")
        exportRequest.cases = try query.strings("case").map { try CaseReference($0).rawValue }
        guard exportRequest.cases.count <= 1000 else { throw APIError.badRequest("at most 1000 case parameters", code: "invalidParameter") }
        let unknown = try casebook.ledger.read { log in try exportRequest.cases.first { try log.head(of: $0) == nil } }
        if let unknown { throw APIError.notFound("there is no case \(unknown) in the ledger; nothing was exported") }
        exportRequest.includeLinked = try query.bool("includeLinked") ?? false
        exportRequest.caseSummaries = try query.bool("caseSummaries") ?? false
        exportRequest.zip = true
        if try query.bool("personalData") == true {
            guard AccessPolicy.mayExportPersonalData(identity) else {
                throw APIError.forbidden("a token with role \(identity.role)\(identity.role == .auditor ? " without --personal-data" : "") may not export personal data; leave out personalData for the redacted pack")
            }
            exportRequest.access = .reveal
            // Downloaded by an entitled token over the API (TLS in front of the server); the pack
            // itself is not sealed, and its manifest and README say so.
            exportRequest.unencrypted = true
            exportRequest.unencryptedReason = "downloaded over the API by \(identity.name) (\(identity.role.rawValue)), protected in transit only"
        }

        let fm = FileManager.default
        let base = (configuration.temporaryDirectory as NSString).appendingPathComponent("casebook-export-" + UUID().uuidString.lowercased())
        try fm.createDirectory(atPath: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        Self.removeStaleExports(in: configuration.temporaryDirectory)
        exportRequest.outputDirectory = base + "/casebook-ico-export-\(today.iso)"
        let casebook = self.casebook
        let frozen = exportRequest
        let summary: ExportSummary
        do {
            summary = try await blocking { try ICOExport.write(frozen, casebook: casebook, today: today) }
        } catch {
            try? fm.removeItem(atPath: base)
            throw error
        }
        guard let zipPath = summary.zipPath, fm.isReadableFile(atPath: zipPath) else {
            try? fm.removeItem(atPath: base)
            throw APIError(.internalServerError, "internal", "the export was written but its zip could not be opened")
        }
        let length = (try? fm.attributesOfItem(atPath: zipPath)[.size] as? NSNumber)?.intValue
        let body = ResponseBody(contentLength: length) { writer in
            defer { try? FileManager.default.removeItem(atPath: base) }
            guard let handle = FileHandle(forReadingAtPath: zipPath) else {
                throw APIError(.internalServerError, "internal", "the export zip disappeared before it was sent")
            }
            defer { try? handle.close() }
            while true {
                let chunk = try handle.read(upToCount: 64 * 1024) ?? Data()
                if chunk.isEmpty { break }
                var buffer = ByteBuffer()
                buffer.writeBytes(chunk)
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [
            .contentType: "application/zip",
            .contentDisposition: "attachment; filename=\"casebook-ico-export-\(today.iso).zip\"",
            HTTPFields.Element.Name("X-Casebook-Tree-Size")!: String(summary.treeSize),
            HTTPFields.Element.Name("X-Casebook-Root")!: summary.root.hex,
        ], body: body)
    }

    /// Removes export directories left over (a response never written) after an hour.
    static func removeStaleExports(in directory: String) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix("casebook-export-") {
            let path = (directory as NSString).appendingPathComponent(name)
            if let modified = try? fm.attributesOfItem(atPath: path)[.modificationDate] as? Date, modified < Date().addingTimeInterval(-3600) {
                try? fm.removeItem(atPath: path)
            }
        }
    }
}
