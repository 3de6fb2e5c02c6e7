import CasebookCore
import Casework
import Foundation
import Hummingbird
import Intake
import LedgerStore
import Registers

/// The import page: `GET /import` is the upload form (the kind of register, the sheet as .csv or
/// .xlsx, an optional mapping file, the sheet's name); `POST /import` with the upload
/// (multipart/form-data) always checks it first without recording (a dry run of
/// `Casebook.importSheet`) and shows what would happen, row by row, with the suggested mapping
/// when none was given. The upload is kept in this server's memory under a random id for 30
/// minutes (`ImportUploadStore`), so "Import N rows" posts only that id with `intent=record`;
/// the file is never sent twice and no hash the browser sends is trusted. Then the result, and the
/// problems CSV at `/import/ID/problems.csv`.
///
/// The same as `casebook import` at the ledger: the same mapping, rules and idempotency (the
/// same file imported again appends nothing). Signed-in people whose role records events see it;
/// an auditor (or an admin) gets 403. Every POST carries the session's CSRF token and passes the
/// Origin check, as every page form does.
struct ImportController {
    typealias Context = CasebookRequestContext
    let casebook: Casebook
    let forms: FormGuard
    let pages: PageRenderer
    let uploads: ImportUploadStore
    let configuration: CasebookServerConfiguration

    /// The largest upload the page takes: the sheet, the mapping and the fields together.
    static let maxUploadBytes = 20 * 1024 * 1024
    /// Rows of problems shown on the page; the problems CSV has them all.
    static let shownProblems = 200
    /// Notes (facts of imported rows that did not stop them) shown on the page.
    static let shownNotes = 50

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("import", use: form)
        routes.post("import", use: post)
        routes.get("import/:upload/problems.csv", use: problems)
        routes.get("import/:upload/suggested-mapping.json", use: suggestedMapping)
        return routes
    }

    // MARK: Who may import

    /// The kinds of register an identity may import: those whose opening event its role records.
    static func kinds(for identity: Identity) -> [ImportKind] {
        ImportKind.allCases.filter { kind in
            let (event, caseKind) = opening(kind)
            return RecordingPolicy.mayRecord(event, on: caseKind, as: identity.role)
        }
    }

    static func opening(_ kind: ImportKind) -> (EventType, CaseKind) {
        switch kind {
        case .foi: (.requestReceived, .request)
        case .sar: (.sARReceived, .subjectAccess)
        case .breach: (.breachReported, .breach)
        case .nearMiss: (.nearMissReported, .nearMiss)
        }
    }

    /// The signed-in identity when it may import at all; 403 with words otherwise (401 signed out).
    func authorise(_ context: Context) throws -> Identity {
        let identity = try context.requireIdentity()
        guard AccessPolicy.recordsEvents(identity), !Self.kinds(for: identity).isEmpty else {
            throw APIError.forbidden("Importing a register records its cases, and your role (\(identity.role)) records nothing. An officer imports FOI, EIR and subject access registers; legal or the DPO import breach and near-miss registers.")
        }
        return identity
    }

    // MARK: Routes

    @Sendable func form(_ request: Request, context: Context) async throws -> Response {
        let identity = try authorise(context)
        return formPage(identity: identity, context: context, chosen: nil, sheet: "", problems: [])
    }

    @Sendable func post(_ request: Request, context: Context) async throws -> Response {
        let identity = try authorise(context)
        let bytes: [UInt8]
        do {
            bytes = try await request.bodyBytes(limit: Self.maxUploadBytes)
        } catch let error as APIError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "tooLarge",
                           "The upload is larger than \(Self.maxUploadBytes / 1024 / 1024) MB, the most this page takes. Split the sheet into smaller files (a reporting year each, say) and import them one after another, or import it at the ledger with casebook import, which has no such limit.")
        }
        let contentType = request.headers[.contentType] ?? ""
        if let boundary = MultipartForm.boundary(ofContentType: contentType) {
            let upload: MultipartForm
            do {
                upload = try MultipartForm(body: bytes, boundary: boundary)
            } catch {
                throw APIError.badRequest(error.message)
            }
            try forms.verify(upload.dictionary, context: context)
            return try await check(upload, identity: identity, context: context)
        }
        let values = FormValues(body: String(decoding: bytes, as: UTF8.self))
        try forms.verify(values.dictionary, context: context)
        guard values.value("intent") == "record" else {
            throw APIError.badRequest("The import form sends the file as multipart/form-data; open /import, choose the file and send the form from there.")
        }
        return try await record(values, identity: identity, context: context)
    }

    @Sendable func problems(_ request: Request, context: Context) async throws -> Response {
        let identity = try authorise(context)
        let upload = try keptUpload(try context.parameters.require("upload"), context: context)
        let csv = upload.problemsCSV ?? ""
        var response = JSONResponse.text(csv, contentType: "text/csv; charset=utf-8")
        response.headers[.contentDisposition] = "attachment; filename=\"\(Self.downloadName(upload.fileName, suffix: ".problems.csv"))\""
        _ = identity
        return response
    }

    @Sendable func suggestedMapping(_ request: Request, context: Context) async throws -> Response {
        _ = try authorise(context)
        let upload = try keptUpload(try context.parameters.require("upload"), context: context)
        let table: SheetTable
        do {
            table = try SheetReader.read(upload.bytes, fileName: upload.fileName, sheet: upload.sheet)
        } catch {
            throw APIError.badRequest(error.message)
        }
        let mapping = ImportMapping.suggested(for: table, kind: upload.kind)
        var response = JSONResponse.text(Self.pretty(mapping) + "\n", contentType: "application/json")
        response.headers[.contentDisposition] = "attachment; filename=\"\(Self.downloadName(upload.fileName, suffix: ".mapping.json"))\""
        return response
    }

    // MARK: The dry run

    func check(_ upload: MultipartForm, identity: Identity, context: Context) async throws -> Response {
        let sheet = upload.value("sheet").trimmingCharacters(in: .whitespaces)
        var problems: [(field: String, message: String)] = []
        let kind = ImportKind(rawValue: upload.value("kind"))
        if kind == nil { problems.append(("kind", "Select what the sheet is a register of")) }
        let file = upload.file("file")
        if file == nil {
            problems.append(("file", "Select the sheet to import: a .csv or .xlsx file"))
        } else if file!.bytes.isEmpty {
            problems.append(("file", "The selected file is empty; choose the sheet again"))
        }
        if let kind, !Self.kinds(for: identity).contains(kind) {
            problems.append(("kind", "Your role (\(identity.role)) does not record \(Self.label(kind)) cases, so it cannot import them; choose another or ask someone who records them"))
        }
        var mapping: ImportMapping?
        let mappingFile = upload.file("mapping")
        if let mappingFile {
            do {
                mapping = try ImportMapping.decode(mappingFile.bytes)
                if let m = mapping, let kind, m.kind != kind {
                    problems.append(("mapping", "The mapping file is for \(Self.label(m.kind)) registers, not \(Self.label(kind)); choose the matching mapping or kind"))
                }
            } catch {
                problems.append(("mapping", "The mapping file \(Self.baseName(mappingFile.fileName ?? "")) cannot be used: \(Self.message(of: error))"))
            }
        }
        guard problems.isEmpty, let kind, let file else {
            return formPage(identity: identity, context: context, chosen: kind, sheet: sheet, problems: problems, status: .unprocessableContent)
        }
        let fileName = Self.baseName(file.fileName ?? "sheet")
        let request = ImportRequest(kind: kind, fileName: fileName, bytes: file.bytes, mapping: mapping, sheet: sheet.isEmpty ? nil : sheet,
                                    dryRun: true, allOrNothing: false)
        let report: ImportReport
        do {
            report = try await casebook.importSheet(request, by: identity.actor)
        } catch {
            // Without a mapping, the one suggested from the headings is the officer's start: shown
            // with the problem, to download, complete and upload with the sheet.
            var suggestion: [String: Any] = [:]
            if mapping == nil, let session = context.sessionID,
               let table = try? SheetReader.read(file.bytes, fileName: fileName, sheet: sheet.isEmpty ? nil : sheet) {
                let id = uploads.keep(owner: session, kind: kind, fileName: fileName, bytes: file.bytes, mapping: nil, mappingFileName: nil,
                                      sheet: sheet.isEmpty ? nil : sheet)
                suggestion = ["suggested": Self.pretty(ImportMapping.suggested(for: table, kind: kind)),
                              "suggestedHref": "/import/\(id)/suggested-mapping.json"]
            }
            return formPage(identity: identity, context: context, chosen: kind, sheet: sheet,
                            problems: [("file", "\(fileName) cannot be imported: \(Self.message(of: error))")], status: .unprocessableContent,
                            extra: suggestion)
        }
        guard let session = context.sessionID else { throw APIError.forbidden("the import page is for people signed in through the sign-in page") }
        let id = uploads.keep(owner: session, kind: kind, fileName: fileName, bytes: file.bytes, mapping: mapping,
                              mappingFileName: mappingFile.map { Self.baseName($0.fileName ?? "") }, sheet: sheet.isEmpty ? nil : sheet)
        uploads.setProblems(report.problemsCSV(), for: id)
        // Without a mapping file the import used the one suggested from the headings: show it.
        let suggested = mapping == nil ? Self.pretty(report.mapping) : nil
        return reportPage(report, uploadID: id, kind: kind, fileName: fileName, mappingFileName: mappingFile.map { Self.baseName($0.fileName ?? "") },
                          suggested: suggested, recorded: false, identity: identity, context: context)
    }

    // MARK: Recording

    func record(_ values: FormValues, identity: Identity, context: Context) async throws -> Response {
        let upload = try keptUpload(values.value("upload"), context: context)
        guard Self.kinds(for: identity).contains(upload.kind) else {
            throw APIError.forbidden("your role (\(identity.role)) does not record \(Self.label(upload.kind)) cases, so it cannot import them")
        }
        let request = ImportRequest(kind: upload.kind, fileName: upload.fileName, bytes: upload.bytes, mapping: upload.mapping, sheet: upload.sheet,
                                    dryRun: false, allOrNothing: values.value("allOrNothing") == "true")
        let report: ImportReport
        do {
            report = try await casebook.importSheet(request, by: identity.actor)
        } catch {
            return formPage(identity: identity, context: context, chosen: upload.kind, sheet: upload.sheet ?? "",
                            problems: [("file", "\(upload.fileName) was not imported: \(Self.message(of: error)) Nothing was recorded.")],
                            status: .unprocessableContent)
        }
        uploads.setProblems(report.problemsCSV(), for: upload.id)
        return reportPage(report, uploadID: upload.id, kind: upload.kind, fileName: upload.fileName, mappingFileName: upload.mappingFileName,
                          suggested: nil, recorded: true, identity: identity, context: context)
    }

    /// The upload `id` of this browser session; 404 with words when it is unknown or has expired.
    func keptUpload(_ id: String, context: Context) throws -> ImportUploadStore.Upload {
        guard let session = context.sessionID, !id.isEmpty, let upload = uploads.upload(id, owner: session) else {
            throw APIError.notFound("That upload is no longer kept: uploads are kept for 30 minutes, for the session that sent them, until the server restarts. Open /import and choose the file again; rows already imported are not imported twice.")
        }
        return upload
    }

    // MARK: Rendering

    func formPage(identity: Identity, context: Context, chosen: ImportKind?, sheet: String, problems: [(field: String, message: String)],
                  status: HTTPResponse.Status = .ok, extra: [String: Any] = [:]) -> Response {
        let errors = Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { a, b in a + " " + b })
        let kinds = Self.kinds(for: identity)
        let options: [[String: Any]] = kinds.enumerated().map { i, kind in
            ["id": i == 0 ? "kind" : "kind-\(i)", "value": kind.rawValue, "text": Self.label(kind), "hint": Self.hint(kind),
             "checked": kind == chosen || (chosen == nil && kinds.count == 1)]
        }
        let anchors = ["kind": "#kind", "file": "#file", "mapping": "#mapping", "sheet": "#sheet"]
        var page: [String: Any] = [
            "kinds": options, "sheet": sheet, "csrfField": FormGuard.field, "csrf": context.csrfToken ?? "",
            "hasErrors": !problems.isEmpty,
            "errors": problems.map { ["href": anchors[$0.field] ?? "#file", "text": $0.message] },
            "kindError": errors["kind"] ?? false, "fileError": errors["file"] ?? false,
            "mappingError": errors["mapping"] ?? false, "sheetError": errors["sheet"] ?? false,
            "maxMB": Self.maxUploadBytes / 1024 / 1024, "suggested": false,
        ]
        page.merge(extra) { _, new in new }
        return pages.page("import-form", title: (problems.isEmpty ? "" : "Error: ") + "Import a register", context: page, identity: identity,
                          current: "/import", status: status)
    }

    func reportPage(_ report: ImportReport, uploadID: String, kind: ImportKind, fileName: String, mappingFileName: String?, suggested: String?,
                    recorded: Bool, identity: Identity, context: Context) -> Response {
        func rows(_ list: [ImportRowProblem]) -> [[String: Any]] {
            list.prefix(Self.shownProblems).map { ["row": $0.row, "column": $0.column ?? "the row as a whole", "reason": $0.reason] }
        }
        let importedCount = report.imported.count
        let eventCount = report.imported.reduce(0) { $0 + $1.events }
        let imported: [[String: Any]] = report.imported.prefix(Self.shownProblems).map { item in
            ["row": item.row, "reference": "\(item.reference)", "events": item.events]
        }
        let page: [String: Any] = [
            "recorded": recorded, "dryRun": !recorded, "registerHref": "/registers/\(Self.register(kind).rawValue)", "fileName": fileName, "kind": Self.label(kind),
            "mapping": mappingFileName ?? "suggested from the headings (no mapping file given)",
            "fileSHA256": report.fileSHA256, "mappingSHA256": report.mappingSHA256,
            "rowCount": report.rowCount, "importedCount": importedCount, "eventCount": eventCount, "appended": report.appended,
            "unchangedCount": report.unchanged.count, "conflictCount": report.conflicts.count, "refusedCount": report.refused.count,
            "refused": rows(report.refused), "hasRefused": !report.refused.isEmpty,
            "refusedMore": report.refused.count > Self.shownProblems,
            "conflicts": rows(report.conflicts), "hasConflicts": !report.conflicts.isEmpty,
            "conflictsMore": report.conflicts.count > Self.shownProblems,
            "imported": imported, "hasImported": !imported.isEmpty, "importedMore": importedCount > Self.shownProblems,
            "shown": Self.shownProblems,
            "noteCount": report.notes.count, "hasNotes": !report.notes.isEmpty, "notes": rows(Array(report.notes.prefix(Self.shownNotes))),
            "notesMore": report.notes.count > Self.shownNotes, "shownNotes": Self.shownNotes,
            "canImport": !recorded && importedCount > 0, "nothingToImport": !recorded && importedCount == 0,
            "rowsWord": importedCount == 1 ? "row" : "rows",
            "hasProblems": !report.refused.isEmpty || !report.conflicts.isEmpty,
            "problemsHref": "/import/\(uploadID)/problems.csv",
            "suggested": suggested ?? false, "suggestedHref": "/import/\(uploadID)/suggested-mapping.json",
            "upload": uploadID, "csrfField": FormGuard.field, "csrf": context.csrfToken ?? "",
            "command": "casebook import \(kind.rawValue) \(fileName)" + (mappingFileName.map { " --mapping \($0)" } ?? ""),
        ]
        let title = recorded ? "Import complete: \(fileName)" : "Check the import: \(fileName)"
        return pages.page("import-report", title: title, context: page, identity: identity, current: "/import",
                          marking: casebook.policy.defaultMarking.atLeast(.personalData))
    }

    static func register(_ kind: ImportKind) -> RegisterName {
        switch kind {
        case .foi: .foi
        case .sar: .sar
        case .breach: .breach
        case .nearMiss: .nearMiss
        }
    }

    static func label(_ kind: ImportKind) -> String {
        switch kind {
        case .foi: "FOI and EIR"
        case .sar: "subject access"
        case .breach: "breach"
        case .nearMiss: "near-miss"
        }
    }

    static func hint(_ kind: ImportKind) -> String {
        switch kind {
        case .foi: "Requests under the Freedom of Information Act 2000 and the Environmental Information Regulations 2004"
        case .sar: "Subject access requests (UK GDPR Article 15)"
        case .breach: "Personal data breaches (UK GDPR Articles 33 and 34)"
        case .nearMiss: "Near misses: incidents that did not become breaches"
        }
    }

    static func message(of error: any Error) -> String {
        switch error {
        case let e as CasebookError: e.message
        case let e as IntakeError: e.message
        case let e as RuleViolation: e.message
        default: "\(error)"
        }
    }

    /// A mapping as indented JSON with sorted keys, for people to read and edit.
    static func pretty(_ mapping: ImportMapping) -> String {
        let bytes = mapping.encoded()
        guard let value = try? JSONValue.parse(bytes) else { return String(decoding: bytes, as: UTF8.self) }
        return PagesController.pretty(value)
    }

    /// The last path component (some browsers send a whole path as the file name).
    static func baseName(_ name: String) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
        return base.isEmpty ? "sheet" : base
    }

    /// A download's file name: the upload's name without its extension, ASCII letters, digits,
    /// dots, dashes and underscores only, and `suffix`.
    static func downloadName(_ fileName: String, suffix: String) -> String {
        let stem = (fileName as NSString).deletingPathExtension
        let safe = String(stem.unicodeScalars.map { s -> Character in
            s.isASCII && (CharacterSet.alphanumerics.contains(s) || "-_.".unicodeScalars.contains(s)) ? Character(s) : "_"
        })
        return (safe.isEmpty ? "import" : safe) + suffix
    }
}
