import Casework
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerStore
import Testing

@testable import CasebookServer

/// The data-sharing guidance §5 'Security': every page that shows a register or a case carries
/// its marking, raised to OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL where personal data is
/// shown decrypted; the agreements and complaints registers are pages like the others.
@Suite("HTML pages: security markings and the new registers (the data-sharing guidance §5, §6)")
struct MarkingPageTests {
    @Test("the data-sharing guidance §5: register and case pages carry the marking at top and foot; other pages none")
    func markingsOnPages() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let officer = try await client.send(.get, "/registers/foi", as: .officer, fixture: f)
                let strong = "<p class=\"marking\" role=\"note\"><strong>OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL</strong></p>"
                #expect(officer.body.components(separatedBy: strong).count == 3, "officers see personal data decrypted: marked twice")
                let auditor = try await client.send(.get, "/cases/FOI-2026-0001", as: .auditor, fixture: f)
                #expect(auditor.body.contains("<p class=\"marking\" role=\"note\"><strong>OFFICIAL</strong></p>"), "redacted for an auditor: the policy's default")
                let public_ = try await client.send(.get, "/disclosure-log", fixture: f)
                #expect(public_.body.contains("<strong>OFFICIAL</strong>") && !public_.body.contains("PERSONAL AND CONFIDENTIAL"))
                let signIn = try await client.send(.get, "/sign-in", fixture: f)
                #expect(!signIn.body.contains("class=\"marking\""))
                for name in ["agreements", "complaints"] {
                    let page = try await client.send(.get, "/registers/\(name)", as: .officer, fixture: f)
                    #expect(page.status == 200, "\(name)")
                    #expect(page.body.contains("<form method=\"get\" action=\"/registers/\(name)\">"))
                }
                let dashboard = try await client.send(.get, "/dashboard", as: .legal, fixture: f)
                #expect(dashboard.body.contains("/registers/agreements") && dashboard.body.contains("/registers/complaints"))
            }
        }
    }
}
