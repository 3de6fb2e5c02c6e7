import CasebookCore
import Casework
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerStore
import Testing

@testable import CasebookServer

/// The import page over HTTP: the upload form, the dry run that always comes first and records
/// nothing, "Import N rows" by the kept upload's id, the refused-row table and the problems CSV,
/// CSRF, the size limit, and who may import.
@Suite struct ImportPageTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/import")

    /// The heading line and the first `rows` requests of the fixture log's first shape.
    static func sheet(rows: Int) throws -> [UInt8] {
        let text = try String(contentsOf: fixtures.appendingPathComponent("foi-log-a.csv"), encoding: .utf8)
        let lines = text.components(separatedBy: "\r\n").prefix(rows + 1)
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func mapping() throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent("foi-log-a.mapping.json")))
    }

    /// A multipart/form-data body as a browser sends it: text fields, then files.
    static func multipart(_ fields: [(String, String)], files: [(name: String, fileName: String, type: String, bytes: [UInt8])],
                          boundary: String = "----CasebookTestBoundary7MA4YWxkTrZu0gW") -> [UInt8] {
        var body: [UInt8] = []
        func add(_ s: String) { body.append(contentsOf: Array(s.utf8)) }
        for (name, value) in fields {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.fileName)\"\r\nContent-Type: \(file.type)\r\n\r\n")
            body.append(contentsOf: file.bytes)
            add("\r\n")
        }
        add("--\(boundary)--\r\n")
        return body
    }

    static func size(_ f: Fixture) throws -> UInt64 { try f.casebook.ledger.size() }

    /// The kept upload's id on a report page: the hidden field of "Import N rows", else the
    /// download links.
    static func uploadID(in html: String) -> String? {
        if let range = html.range(of: #"name="upload" value="[^"]*""#, options: .regularExpression) {
            return String(html[range].dropFirst(#"name="upload" value=""#.count).dropLast())
        }
        guard let range = html.range(of: #"/import/[A-Za-z0-9_-]+/"#, options: .regularExpression) else { return nil }
        return String(html[range].dropFirst("/import/".count).dropLast())
    }

    // MARK: The form

    @Test func theFormOffersTheKindsTheRoleRecordsAFileInputAndTheCSRFField() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let page = try await client.open("/import", cookie: cookie, fixture: f)
                #expect(page.status == 200)
                #expect(page.body.contains(#"<form method="post" action="/import" enctype="multipart/form-data""#))
                #expect(page.body.contains(#"<input id="file" name="file" type="file""#))
                #expect(page.body.contains(#"<label for="file">"#))
                #expect(page.body.contains(#"<label for="mapping">"#))
                #expect(page.body.contains(#"<label for="sheet">"#))
                #expect(page.body.contains(#"name="kind" value="foi""#))
                #expect(page.body.contains(#"name="kind" value="sar""#))
                #expect(csrfToken(in: page.body)?.isEmpty == false)
                #expect(page.body.contains(#"<a href="/import" aria-current="page">Import</a>"#))
            }
        }
    }

    @Test func anAuditorGets403WithWordsAndNoNavLink() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.auditor, fixture: f)
                let page = try await client.open("/import", cookie: cookie, fixture: f)
                #expect(page.status == 403)
                #expect(page.body.contains("records nothing"))
                let dashboard = try await client.open("/dashboard", cookie: cookie, fixture: f)
                #expect(!dashboard.body.contains(#"href="/import""#))
                let csrf = csrfToken(in: dashboard.body) ?? ""
                let before = try Self.size(f)
                let post = try await client.postMultipart([("csrf", csrf), ("kind", "foi")], files: [("file", "log.csv", "text/csv", try Self.sheet(rows: 2))],
                                                          cookie: cookie, fixture: f)
                #expect(post.status == 403)
                #expect(try Self.size(f) == before)
            }
        }
    }

    @Test func signedOutGoesToSignIn() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let page = try await client.open("/import", cookie: nil, fixture: f)
                #expect(page.status == 302)
                #expect(page.headers[.location]?.hasPrefix("/sign-in?next=") == true)
            }
        }
    }

    // MARK: Dry run, then record

    @Test func theDryRunRecordsNothingAndTheImportButtonRecordsTheRows() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let form = try await client.open("/import", cookie: cookie, fixture: f)
                let csrf = try #require(csrfToken(in: form.body))
                let before = try Self.size(f)
                let check = try await client.postMultipart([("csrf", csrf), ("kind", "foi"), ("sheet", "")],
                                                           files: [("file", "foi-log-a.csv", "text/csv", try Self.sheet(rows: 5)),
                                                                   ("mapping", "foi-log-a.mapping.json", "application/json", try Self.mapping())],
                                                           cookie: cookie, fixture: f)
                #expect(check.status == 200, "\(check.body.prefix(2000))")
                #expect(check.body.contains("Check the import: foi-log-a.csv"))
                #expect(check.body.contains("Nothing has been recorded yet"))
                #expect(check.body.contains("Import 5 rows"))
                #expect(check.body.contains("FOI-2021-0001"))
                #expect(try Self.size(f) == before, "the dry run appended")
                let upload = try #require(Self.uploadID(in: check.body))
                #expect(upload.count >= 40)

                let done = try await client.postForm("/import", ["csrf": csrf, "upload": upload, "intent": "record"], cookie: cookie, fixture: f)
                #expect(done.status == 200, "\(done.body.prefix(2000))")
                #expect(done.body.contains("Import complete"))
                #expect(done.body.contains(#"<a href="/cases/FOI-2021-0001">FOI-2021-0001</a>"#))
                let after = try Self.size(f)
                #expect(after > before)
                let row = try f.casebook.ledger.read { try $0.head(of: "FOI-2021-0001") }
                #expect(row != nil)
                let actors = try f.casebook.ledger.read { try $0.events(of: "FOI-2021-0001").map(\.envelope.actor.id) }
                #expect(Set(actors) == ["o.officer"])

                // The same upload again records nothing more: the import is idempotent.
                let again = try await client.postForm("/import", ["csrf": csrf, "upload": upload, "intent": "record"], cookie: cookie, fixture: f)
                #expect(again.status == 200)
                #expect(try Self.size(f) == after)
            }
        }
    }

    @Test func withoutAMappingTheSuggestedOneIsShownAndOffered() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let form = try await client.open("/import", cookie: cookie, fixture: f)
                let csrf = try #require(csrfToken(in: form.body))
                let check = try await client.postMultipart([("csrf", csrf), ("kind", "foi")],
                                                           files: [("file", "foi-log-a.csv", "text/csv", try Self.sheet(rows: 3))], cookie: cookie, fixture: f)
                // The sheet has no channel column and no mapping states one: the form comes back with
                // the problem and the mapping suggested from the headings.
                #expect(check.status == 422, "\(check.body.prefix(2000))")
                #expect(check.body.contains("channel"))
                #expect(check.body.contains("The suggested mapping"))
                #expect(check.body.contains("Date received"))
                let upload = try #require(Self.uploadID(in: check.body))
                let json = try await client.open("/import/\(upload)/suggested-mapping.json", cookie: cookie, fixture: f)
                #expect(json.status == 200)
                #expect(json.headers[.contentDisposition]?.contains("foi-log-a.mapping.json") == true)
                #expect(json.json?["kind"]?.stringValue == "foi")
            }
        }
    }

    @Test func refusedRowsAreListedWithTheirRowColumnAndReasonAndInTheProblemsCSV() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let form = try await client.open("/import", cookie: cookie, fixture: f)
                let csrf = try #require(csrfToken(in: form.body))
                var text = String(decoding: try Self.sheet(rows: 3), as: UTF8.self)
                // The second request (sheet row 3) received on a day that does not exist.
                text = text.replacingOccurrences(of: "FOI/2021/0002,01/04/2021", with: "FOI/2021/0002,31/02/2021")
                let check = try await client.postMultipart([("csrf", csrf), ("kind", "foi")],
                                                           files: [("file", "broken.csv", "text/csv", Array(text.utf8)),
                                                                   ("mapping", "foi-log-a.mapping.json", "application/json", try Self.mapping())],
                                                           cookie: cookie, fixture: f)
                #expect(check.status == 200, "\(check.body.prefix(2000))")
                #expect(check.body.contains("Rows that cannot be imported (1)"))
                #expect(check.body.contains("<tr><th scope=\"row\">3</th><td>Date received</td>"))
                #expect(check.body.contains("Import 2 rows"))
                let upload = try #require(Self.uploadID(in: check.body))
                let csv = try await client.open("/import/\(upload)/problems.csv", cookie: cookie, fixture: f)
                #expect(csv.status == 200)
                #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(csv.body.contains("Date received"))
                #expect(csv.body.contains("31/02/2021"))
            }
        }
    }

    // MARK: Refusals

    @Test func aPostWithoutTheCSRFTokenIsRefusedAndRecordsNothing() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let before = try Self.size(f)
                let post = try await client.postMultipart([("kind", "foi")], files: [("file", "foi-log-a.csv", "text/csv", try Self.sheet(rows: 2))],
                                                          cookie: cookie, fixture: f)
                #expect(post.status == 403)
                #expect(post.body.contains("did not come from this site"))
                let wrong = try await client.postForm("/import", ["csrf": "forged", "upload": "x", "intent": "record"], cookie: cookie, fixture: f)
                #expect(wrong.status == 403)
                let crossSite = try await client.postMultipart([("kind", "foi")], files: [], cookie: cookie, fixture: f, origin: "https://evil.example")
                #expect(crossSite.status == 403)
                #expect(try Self.size(f) == before)
            }
        }
    }

    @Test func aMissingFileOrKindComesBackAsTheFormWithEachProblem() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let form = try await client.open("/import", cookie: cookie, fixture: f)
                let csrf = try #require(csrfToken(in: form.body))
                let post = try await client.postMultipart([("csrf", csrf)], files: [("file", "", "application/octet-stream", [])], cookie: cookie, fixture: f)
                #expect(post.status == 422)
                #expect(post.body.contains("There is a problem"))
                #expect(post.body.contains(##"<a href="#kind">Select what the sheet is a register of</a>"##))
                #expect(post.body.contains(##"<a href="#file">Select the sheet to import"##))
                let badMapping = try await client.postMultipart([("csrf", csrf), ("kind", "foi")],
                                                                files: [("file", "a.csv", "text/csv", try Self.sheet(rows: 2)),
                                                                        ("mapping", "map.json", "application/json", Array("{\"kind\": 3}".utf8))],
                                                                cookie: cookie, fixture: f)
                #expect(badMapping.status == 422)
                #expect(badMapping.body.contains(##"<a href="#mapping">The mapping file map.json cannot be used"##))
            }
        }
    }

    @Test func anUploadBelongsToTheSessionThatSentIt() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let form = try await client.open("/import", cookie: cookie, fixture: f)
                let csrf = try #require(csrfToken(in: form.body))
                let check = try await client.postMultipart([("csrf", csrf), ("kind", "foi")],
                                                           files: [("file", "a.csv", "text/csv", try Self.sheet(rows: 2)),
                                                                   ("mapping", "m.json", "application/json", try Self.mapping())], cookie: cookie, fixture: f)
                let upload = try #require(Self.uploadID(in: check.body))
                try f.addWebUser("o.other", roles: [.officer])
                let other = try #require(sessionCookie(try await client.signIn("o.other", fixture: f)))
                let otherForm = try await client.open("/import", cookie: other, fixture: f)
                let otherCSRF = try #require(csrfToken(in: otherForm.body))
                let before = try Self.size(f)
                let stolen = try await client.postForm("/import", ["csrf": otherCSRF, "upload": upload, "intent": "record"], cookie: other, fixture: f)
                #expect(stolen.status == 404)
                #expect(stolen.body.contains("no longer kept"))
                #expect(try await client.open("/import/\(upload)/problems.csv", cookie: other, fixture: f).status == 404)
                #expect(try Self.size(f) == before)
            }
        }
    }

    @Test func anUploadOverTheLimitGets413WithWords() async throws {
        try await withFixture { f in
            let app = try f.app()
            try await app.test(.router) { client in
                let cookie = try await client.signIn(.officer, fixture: f)
                let form = try await client.open("/import", cookie: cookie, fixture: f)
                let csrf = try #require(csrfToken(in: form.body))
                let big = [UInt8](repeating: UInt8(ascii: "a"), count: ImportController.maxUploadBytes + 1)
                let post = try await client.postMultipart([("csrf", csrf), ("kind", "foi")], files: [("file", "big.csv", "text/csv", big)],
                                                          cookie: cookie, fixture: f)
                #expect(post.status == 413)
                #expect(post.body.contains("larger than 20 MB"))
            }
        }
    }

    // MARK: The multipart reader

    @Test func theMultipartReaderTakesFieldsFilesAndQuotedFileNames() throws {
        let body = Self.multipart([("csrf", "t"), ("kind", "foi")], files: [("file", "a \"b\".csv", "text/csv", Array("x,y\r\n1,2\r\n".utf8))])
        let form = try MultipartForm(body: body, boundary: "----CasebookTestBoundary7MA4YWxkTrZu0gW")
        #expect(form.value("kind") == "foi")
        #expect(form.dictionary["csrf"] == "t")
        #expect(form.file("file")?.bytes == Array("x,y\r\n1,2\r\n".utf8))
        #expect(MultipartForm.parameters(of: #"form-data; name="file"; filename="a \"b\".csv""#)["filename"] == #"a "b".csv"#)
        #expect(MultipartForm.boundary(ofContentType: "multipart/form-data; boundary=\"abc\"") == "abc")
        #expect(MultipartForm.boundary(ofContentType: "application/x-www-form-urlencoded") == nil)
        #expect(ImportController.baseName(#"C:\fakepath\log.csv"#) == "log.csv")
        #expect(ImportController.downloadName("FOI log 2021–22.xlsx", suffix: ".problems.csv") == "FOI_log_2021_22.problems.csv")
    }
}

extension TestClientProtocol {
    /// Posts a multipart/form-data page form as a browser on this site does.
    func postMultipart(_ fields: [(String, String)], files: [(name: String, fileName: String, type: String, bytes: [UInt8])], cookie: String?,
                       fixture: Fixture, origin: String = "http://localhost") async throws -> Reply {
        let boundary = "----CasebookTestBoundary7MA4YWxkTrZu0gW"
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)", .origin: origin]
        if let cookie { headers[.cookie] = cookie }
        let body = ImportPageTests.multipart(fields, files: files, boundary: boundary)
        return try await execute(uri: "/import", method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
            let bytes = response.body.readableBytesView.map { $0 }
            return Reply(status: Int(response.status.code), body: String(decoding: bytes, as: UTF8.self), headers: response.headers, bytes: bytes)
        }
    }
}
