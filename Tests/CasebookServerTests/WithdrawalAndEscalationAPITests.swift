import Casework
import Foundation
import HummingbirdTesting
import Testing
@testable import CasebookServer

/// The API and pages for withdrawal from the disclosure log and for the breach procedure's escalation steps.
@Suite("API and pages: disclosure-log withdrawal and breach escalation (the breach procedure §3, §5.5, §6.4)")
struct WithdrawalAndEscalationAPITests {
    /// What the seeded publication of FOI-2026-0001 showed: its summary, its document and its link.
    static let material = ["Contracts and spend with parking enforcement", "Parking contract 2024", "9f2c1e0b7d8a4c3f",
                           "https://example.gov.uk/foi/disclosure-log"]

    @Test("withdrawal: the public disclosure log (page, API JSON, CSV) shows 'withdrawn on D' and never the material; only a published case")
    func withdrawalFromThePublicLog() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let before = try await client.send(.get, "/disclosure-log", fixture: f)
                #expect(Self.material.contains { before.body.contains($0) }, "the seed's publication shows its material before withdrawal")
                let withdrawn = try await client.send(.post, "/api/v1/cases/FOI-2026-0001/actions/withdraw-publication?occurredAt=2026-03-02",
                                                      as: .officer, fixture: f, json: obj(["reason": .string("The annex named a resident")]))
                #expect(withdrawn.status < 300, "\(withdrawn.body)")
                let page = try await client.send(.get, "/disclosure-log", fixture: f)
                #expect(page.status == 200)
                #expect(page.body.contains("FOI-2026-0001"))
                #expect(page.body.contains("Withdrawn from the disclosure log on 2026-03-02."))
                let json = try await client.send(.get, "/api/v1/registers/disclosure", fixture: f)
                let row = try #require(json.json?["rows"]?.arrayValue?.first)
                #expect(row["withdrawnOn"]?.stringValue == "2026-03-02")
                #expect(row["documents"]?.arrayValue?.isEmpty == true)
                let csv = try await client.send(.get, "/api/v1/registers/disclosure?format=csv", fixture: f)
                #expect(csv.status == 200)
                for text in Self.material {
                    #expect(!page.body.contains(text), "page: \(text)")
                    #expect(!json.body.contains(text), "json: \(text)")
                    #expect(!csv.body.contains(text), "csv: \(text)")
                }
                #expect(!json.body.contains("named a resident"))  // the reason stays off the public log
                let foi = try await client.send(.get, "/api/v1/registers/foi", as: .legal, fixture: f)
                #expect(foi.body.contains("The annex named a resident"))
                // Not on the log now: a second withdrawal is refused by rule.
                let twice = try await client.send(.post, "/api/v1/cases/FOI-2026-0001/actions/withdraw-publication", as: .officer, fixture: f,
                                                  json: obj(["reason": .string("Again")]))
                #expect(twice.status == 422, "\(twice.body)")
                #expect(twice.json?["error"]?["rule"]?.stringValue == "FOI.withdrawalWithoutPublication")
                let never = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/withdraw-publication", as: .officer, fixture: f,
                                                  json: obj(["reason": .string("Never published")]))
                #expect(never.json?["error"]?["rule"]?.stringValue == "FOI.withdrawalWithoutPublication")
            }
        }
    }

    @Test("the breach procedure §5.5 and §6.4 through the API: the updated form is recorded; a notification without its contents is refused")
    func breachActions() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let updated = try await client.send(.post, "/api/v1/cases/BR-2026-0001/actions/update-form?occurredAt=2026-02-16T10:00:00Z",
                                                    as: .legal, fixture: f, json: obj(["investigationOutcome": .string("Autocomplete")]))
                #expect(updated.status < 300, "\(updated.body)")
                let register = try await client.send(.get, "/api/v1/registers/breach", as: .legal, fixture: f)
                let row = try #require(register.json?["rows"]?.arrayValue?.first)
                #expect(row["updatedFormSentAt"]?.stringValue == "2026-02-16T10:00:00Z")
                #expect(row["updatedFormOnTime"]?.boolValue == true)
                #expect(row["reportClock"]?.stringValue == "immediate")
                let bare = try await client.send(.post, "/api/v1/cases/BR-2026-0001/actions/notify-subjects", as: .legal, fixture: f,
                                                 json: obj(["methods": .array([.string("letter")]), "numberNotified": .int(2)]))
                #expect(bare.status == 422, "\(bare.body)")
                #expect(bare.json?["error"]?["rule"]?.stringValue == "Breach.notificationContentsMissing")
                #expect(bare.body.contains("§6.4"))
                let page = try await client.send(.get, "/registers/breach", as: .legal, fixture: f)
                // Column headers and values in words for people (the register pages label them).
                #expect(page.body.contains("Report clock"))
                #expect(page.body.contains("Immediate"))
            }
        }
    }
}
