import Casework
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerStore
import CasebookCore
import Registers
import Testing

@testable import CasebookServer

/// The review-integrity and SAR-completeness actions over `POST /api/v1/cases/REF/actions/NAME`,
/// and the case page that shows them.
@Suite("HTTP API: review integrity and SAR completeness")
struct ReviewIntegrityAPITests {
    @Test("The FOI policy Appendix 2 (s40(1)): channel-to-sar records both events in one append, or neither")
    func channelToSAR() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                // SAR-2026-0001 exists (seeded): naming it refuses the whole command.
                let size = try f.casebook.ledger.read { try $0.size() }
                let taken = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/channel-to-sar?occurredAt=2026-01-13",
                                                  as: .officer, fixture: f, json: obj(["sarCase": .string("SAR-2026-0001")]))
                #expect(taken.status == 409 || taken.status == 422, "\(taken.body)")
                #expect(try f.casebook.ledger.read { try $0.size() } == size)

                let r = try await client.send(.post, "/api/v1/cases/FOI-2026-0002/actions/channel-to-sar?occurredAt=2026-01-13",
                                              as: .officer, fixture: f, json: obj(["reason": .string("The requester's own council tax file")]))
                #expect(r.status == 201, "\(r.body)")
                let cases = (r.json?["events"]?.arrayValue ?? []).compactMap { $0["case"]?.stringValue }
                #expect(cases == ["FOI-2026-0002", "SAR-2026-0002"])
                let foi = try f.casebook.ledger.read { try RegisterHook<FOIRegister>.row("FOI-2026-0002", in: $0) }
                #expect(foi?.status == "channelledToSAR")
                #expect(foi?.channelledToSAR == "SAR-2026-0002")
                let sar = try f.casebook.ledger.read { try RegisterHook<SARRegister>.row("SAR-2026-0002", in: $0) }
                #expect(sar?.channelledFrom == "FOI-2026-0002")
                #expect(sar?.receivedOn == "2026-01-12")

                // Both case pages show the link.
                let page = try await client.send(.get, "/cases/FOI-2026-0002", as: .officer, fixture: f)
                #expect(page.status == 200)
                #expect(page.body.contains("href=\"/cases/SAR-2026-0002\""), "\(page.body)")
                let sarPage = try await client.send(.get, "/cases/SAR-2026-0002", as: .officer, fixture: f)
                #expect(sarPage.body.contains("href=\"/cases/FOI-2026-0002\""), "\(sarPage.body)")
            }
        }
    }

    @Test("The FOI policy 'Complaints': review-extend defaults to 40 working days in all; EIR reg 11(4) refuses it with its rule")
    func reviewExtend() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                // FOI-2026-0001 was answered on 2026-01-20 (seeded).
                let request = try await client.send(.post, "/api/v1/cases/FOI-2026-0001/actions/review-request?occurredAt=2026-02-10",
                                                    as: .officer, fixture: f, json: obj([:]))
                #expect(request.status == 201, "\(request.body)")
                let missing = try await client.send(.post, "/api/v1/cases/FOI-2026-0001/actions/review-extend?occurredAt=2026-02-24",
                                                    as: .officer, fixture: f, json: obj([:]))
                #expect(missing.status == 400)
                #expect((missing.json?["error"]?["problems"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue } == ["reasons"])
                let extend = try await client.send(.post, "/api/v1/cases/FOI-2026-0001/actions/review-extend?occurredAt=2026-02-24",
                                                   as: .officer, fixture: f, json: obj(["reasons": .string("Needs Legal Services' view")]))
                #expect(extend.status == 201, "\(extend.body)")
                let stored = try f.casebook.ledger.read { try $0.events(of: "FOI-2026-0001").last?.envelope }
                #expect(stored?.payload["workingDays"]?.intValue == 20)
                let row = try f.casebook.ledger.read { try RegisterHook<FOIRegister>.row("FOI-2026-0001", in: $0) }
                #expect(row?.internalReview?.dueOn == "2026-04-10")
                let page = try await client.send(.get, "/cases/FOI-2026-0001", as: .officer, fixture: f)
                #expect(page.body.contains("by 20 working days on 2026-02-24"), "\(page.body)")

                let again = try await client.send(.post, "/api/v1/cases/FOI-2026-0001/actions/review-extend?occurredAt=2026-02-25",
                                                  as: .officer, fixture: f, json: obj(["reasons": .string("More")]))
                #expect(again.status == 422)
                #expect(again.json?["error"]?["rule"]?.stringValue == "FOI.reviewAlreadyExtended")
            }
        }
    }

    @Test("The data protection policy §2.6 and §2.3.2: sar exempt checks the DPA 2018 catalogue; sar update is shown on the register")
    func sarActions() async throws {
        try await withFixture { f in
            try await f.app().test(.router) { client in
                let bad = try await client.send(.post, "/api/v1/cases/SAR-2026-0001/actions/exempt?occurredAt=2026-02-05",
                                                as: .officer, fixture: f, json: obj(["paragraph": .string("Sch2 Para1"), "reasons": .string("r")]))
                #expect(bad.status == 422)
                #expect(bad.json?["error"]?["rule"]?.stringValue == "SAR.exemptionNotInCatalogue")
                let good = try await client.send(.post, "/api/v1/cases/SAR-2026-0001/actions/exempt?occurredAt=2026-02-05",
                                                 as: .officer, fixture: f, json: obj(["paragraph": .string("Sch2 Para24"), "reasons": .string("A confidential reference")]))
                #expect(good.status == 201, "\(good.body)")
                let update = try await client.send(.post, "/api/v1/cases/SAR-2026-0001/actions/update?occurredAt=2026-02-20",
                                                   as: .officer, fixture: f, json: obj(["estimatedResponseOn": .string("2026-03-02")]))
                #expect(update.status == 201, "\(update.body)")
                let row = try f.casebook.ledger.read { try RegisterHook<SARRegister>.row("SAR-2026-0001", in: $0) }
                #expect(row?.exemptionsApplied == ["Sch2 Para24"])
                #expect(row?.lastUpdateOn == "2026-02-20")
                let page = try await client.send(.get, "/cases/SAR-2026-0001", as: .officer, fixture: f)
                #expect(page.body.contains("Sch2 Para24 (Confidential references)"), "\(page.body)")
            }
        }
    }
}
