import Casework
import Foundation
import HummingbirdTesting
import LedgerStore
import Registers
import Testing

@testable import CasebookServer

/// The API's CSV answers: neutralised cells, and `excel=true` for Excel on Windows.
@Suite("CSV over the API")
struct CSVAPITests {
    @Test("a register CSV neutralises a formula in a summary; excel=true adds the BOM; excel=true without format=csv is a 400")
    func registerCSV() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                var payload = try Fixture.example(.requestReceived)
                payload["receivedAt"] = .string("2026-02-20T09:00:00Z")
                payload["summary"] = .string(#"=HYPERLINK("http://evil.example","café")"#)
                let opening = obj(["case": .string("FOI-2026-0100"), "type": .string("RequestReceived"), "occurredAt": .string("2026-02-20T09:00:00Z"),
                                   "expectedVersion": .int(-1), "payload": .object(payload)])
                let appended = try await client.send(.post, "/api/v1/events", as: .officer, fixture: f, json: opening)
                #expect(appended.status == 201, "\(appended.body)")

                let plain = try await client.send(.get, "/api/v1/registers/foi?format=csv", as: .officer, fixture: f)
                #expect(plain.status == 200)
                #expect(plain.body.contains(#""'=HYPERLINK(""http://evil.example"",""café"")""#), "\(plain.body)")
                #expect(!plain.bytes.starts(with: [0xEF, 0xBB, 0xBF]))

                let excel = try await client.send(.get, "/api/v1/registers/foi?format=csv&excel=true", as: .officer, fixture: f)
                #expect(excel.status == 200)
                #expect(excel.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(Array(excel.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
                #expect(Array(excel.bytes.dropFirst(3)) == plain.bytes)
                #expect(excel.body.hasSuffix("\r\n"))

                let report = try await client.send(.get, "/api/v1/reports/statistics?year=2026&format=csv&excel=true", as: .officer, fixture: f)
                #expect(report.status == 200, "\(report.body)")
                #expect(report.bytes.starts(with: [0xEF, 0xBB, 0xBF]))

                let wrong = try await client.send(.get, "/api/v1/registers/foi?excel=true", as: .officer, fixture: f)
                #expect(wrong.status == 400)
                #expect(wrong.errorCode == "invalidParameter")
                #expect(wrong.body.contains("excel=true shapes CSV for Excel; add format=csv"))
            }
        }
    }
}
