import Casework
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerStore
import CasebookCore
import Registers
import Testing

@testable import CasebookServer

/// A register whose stored rows differ from the log is not served: 503 naming the register, the
/// case and the field; other registers are served; a re-check after a rebuild serves it again.
@Suite("Register integrity in the server")
struct RegisterIntegrityTests {
    /// Changes one letter of `text` in `reference`'s stored row in `register`'s table.
    static func alter(_ text: String, _ register: RegisterName, _ reference: String, _ f: Fixture) throws {
        try f.casebook.ledger.write { log in
            let db = log.transaction.database(register.rowsTable)
            var bytes = try #require(try log.transaction.get(db, Array(reference.utf8)))
            let needle = Array(text.utf8)
            // The value stored under the key "summary" (keys are stored by name).
            let key = Array("summary".utf8)
            let after = try #require(bytes.indices.first { bytes[$0...].starts(with: key) }, "no summary in the stored row") + key.count
            let at = try #require(bytes.indices.first { $0 >= after && bytes[$0...].starts(with: needle) }, "\(text) is not in the stored row")
            bytes[at] = bytes[at] == UInt8(ascii: "X") ? UInt8(ascii: "Y") : UInt8(ascii: "X")
            try log.transaction.put(db, Array(reference.utf8), bytes)
        }
    }

    /// Waits for the background check to finish.
    static func settled(_ client: some TestClientProtocol, _ f: Fixture) async throws -> JSONValue? {
        for _ in 0..<500 {
            let r = try await client.send(.get, "/api/v1/integrity", as: .auditor, fixture: f)
            if r.json?["status"]?.stringValue != "checking" { return r.json }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    @Test func aTamperedRegisterAnswers503AndTheOthersAreServed() async throws {
        try await withFixture { f in
            let foi = try #require(try f.casebook.ledger.read { try RegisterHook<FOIRegister>.rows(in: $0) }.first)
            try Self.alter(foi.summary, .foi, foi.reference, f)
            try await f.app().test(.router) { client in
                let status = try #require(try await Self.settled(client, f))
                #expect(status["status"]?.stringValue == "failed")
                #expect(status["failedRegisters"] == .array([.string("foi")]))

                let r = try await client.send(.get, "/api/v1/registers/foi", as: .officer, fixture: f)
                #expect(r.status == 503)
                #expect(r.errorCode == "registerIntegrity")
                let message = r.json?["error"]?["message"]?.stringValue ?? ""
                #expect(message.contains("the FOI register") && message.contains(foi.reference) && message.contains("summary"), "\(message)")
                #expect(message.contains("casebook verify") && message.contains("casebook rebuild"))
                #expect(try await client.send(.get, "/api/v1/registers/foi?format=csv", as: .officer, fixture: f).status == 503)
                #expect(try await client.send(.get, "/api/v1/due", as: .officer, fixture: f).status == 503)
                #expect(try await client.send(.get, "/api/v1/reports/compliance?period=2026", as: .officer, fixture: f).status == 503)
                // Registers the difference does not touch are served.
                #expect(try await client.send(.get, "/api/v1/registers/sar", as: .officer, fixture: f).status == 200)
                #expect(try await client.send(.get, "/disclosure-log", fixture: f).status == 200)
                // Still 401/403 before 503: the check does not tell the public which register failed.
                #expect(try await client.send(.get, "/api/v1/registers/foi", fixture: f).status == 401)

                // The published entry altered too: after a re-check, the public disclosure log is refused.
                let published = try #require(try f.casebook.ledger.read { try RegisterHook<DisclosureLog>.rows(in: $0) }.first)
                try Self.alter(published.summary, .disclosure, published.reference, f)
                #expect(try await client.send(.post, "/api/v1/integrity/check", as: .officer, fixture: f).status == 202)
                _ = try await Self.settled(client, f)
                let page = try await client.send(.get, "/disclosure-log", fixture: f)
                #expect(page.status == 503)
                #expect(page.body.contains("disclosure log"))

                // A rebuild refolds every row from the log; after a re-check everything is served again.
                try f.casebook.rebuild(registers: nil)
                #expect(try await client.send(.post, "/api/v1/integrity/check", as: .officer, fixture: f).status == 202)
                #expect(try await Self.settled(client, f)?["status"]?.stringValue == "ok")
                #expect(try await client.send(.get, "/api/v1/registers/foi", as: .officer, fixture: f).status == 200)
                #expect(try await client.send(.get, "/disclosure-log", fixture: f).status == 200)
            }
        }
    }
}
