import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore
@testable import Registers

@Suite("As-of replay and rebuild")
struct AsOfAndRebuildTests {
    @Test func asOfThreePointsOfTheScenario() throws {
        try withTemporaryDirectory { dir in
            let b = try Scenario.build(in: dir)

            // 1. After FOI-2025-0004's first response (position of that event, inclusive).
            let p = b.position("FOI4-first-response")
            let atP = try b.ledger.snapshot(.position(p))
            #expect(atP.position == p)
            let foi4 = try #require(atP.foi.first { $0.reference == "FOI-2025-0004" })
            #expect(foi4.status == "responded")
            #expect(foi4.outcome == "refused")
            #expect(foi4.exemptions == ["43(2)"])
            #expect(foi4.respondedOn == day("2025-08-20"))
            #expect(foi4.onTime == true)
            #expect(foi4.internalReview == nil)
            #expect(foi4.publishedOn == nil)
            // Published by then: FOI-2025-0001 and FOI-2025-0002 only.
            #expect(try atP.rows(.disclosure, today: day("2025-08-20")).json.compactMap { $0["reference"]?.stringValue }
                    == ["FOI-2025-0001", "FOI-2025-0002"])

            // 2. "What did the registers say on 30 June 2025?"
            let june = try b.ledger.snapshot(.endOfDay(day("2025-06-30")))
            #expect(june.foi.map(\.reference) == ["FOI-2025-0001", "FOI-2025-0002", "FOI-2025-0003", "FOI-2025-0007", "FOI-2025-0011"])
            let foi3 = try #require(june.foi.first { $0.reference == "FOI-2025-0003" })
            #expect(foi3.status == "open")
            #expect(foi3.dueOn == day("2025-07-08"))
            #expect(foi3.respondedOn == nil)
            let foi11 = try #require(june.foi.first { $0.reference == "FOI-2025-0011" })
            #expect(foi11.status == "open")
            #expect(foi11.proceduralRefusal == "costLimit")
            #expect(foi11.dueOn == day("2025-07-15"))
            #expect(june.sar.map(\.reference) == ["SAR-2025-0001", "SAR-2025-0002", "SAR-2025-0003"])
            let sar3 = try #require(june.sar.first { $0.reference == "SAR-2025-0003" })
            #expect(sar3.status == "open")
            #expect(sar3.dueOn == day("2025-07-28"))
            #expect(june.breach.map(\.reference) == ["BR-2025-0001", "BR-2025-0002", "BR-2025-0003"])
            #expect(june.breach.map(\.status) == ["closed", "closed", "investigating"])
            #expect(june.nearMiss.map(\.reference) == ["NM-2025-0001"])
            // On 30 June BR-2025-0003's investigation is due that day (not yet overdue); overdue are the steps of the breach
            // procedure §3.2 (the Head of Legal, the day the Director heard, 28 May) and §5.5 (the updated form, 5 June) and of the
            // wrongful-release protocol (the Press Office and the affected parties, the day of the link, 22 May).
            let juneOverdue = june.evaluated(june.breach, today: day("2025-06-30")).filter { $0.overdue == true }
            #expect(juneOverdue.map(\.reference) == ["BR-2025-0003"])
            #expect(juneOverdue.first?.overdueSteps == ["headOfLegalNotification", "updatedReportingForm", "pressOffice", "affectedPartyContact"])

            // 3. On 17 September, before the receipt date of FOI-2025-0010 was corrected.
            let sept = try b.ledger.snapshot(.endOfDay(day("2025-09-17")))
            let before = try #require(sept.foi.first { $0.reference == "FOI-2025-0010" })
            #expect(before.receivedOn == day("2025-09-16"))
            // Tue 16 Sep: 17-19 (3), 22-26 (8), Sep 29-Oct 3 (13), 6-10 (18), 13-14 (20).
            #expect(before.dueOn == day("2025-10-14"))
            #expect(before.acknowledgementDueAt == "2025-09-18T09:00:00Z")
            #expect(before.acknowledgedAt == nil)
            #expect(before.correctedFields == [])
            // FOI-2025-0006 was recorded on 4 Sep, so it is there, with its late entry.
            #expect(sept.foi.first { $0.reference == "FOI-2025-0006" }?.lateEntries.count == 1)

            // As of the last position equals the stored registers.
            let size = try b.ledger.ledger.size()
            #expect(try b.ledger.snapshot(.position(size - 1)) == b.ledger.snapshot())
        }
    }

    @Test func rebuildEqualsInlineOnTheScenario() throws {
        try withTemporaryDirectory { dir in
            let b = try Scenario.build(in: dir)
            let inline = try b.ledger.snapshot()
            var calls = 0
            try b.ledger.ledger.rebuild(hooks: RegisterSet.allHooks(), batchSize: 7) { _, _ in calls += 1 }
            #expect(try b.ledger.snapshot() == inline)
            #expect(calls > 2)
            let checkpoints = try b.ledger.ledger.read { try RegisterReader().checkpoints(in: $0) }
            let last = try b.ledger.ledger.size() - 1
            #expect(checkpoints.values.allSatisfy { $0 == last })
        }
    }

    /// A seeded random history of every kind, accepted by the lifecycle rules, with corrections and
    /// late entries: inline rows == rows after `Ledger.rebuild` == in-memory replay, row for row.
    @Test(arguments: [UInt64(1), 42, 2025])
    func rebuildEqualsInlineOnARandomHistory(seed: UInt64) throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            var rng = SplitMix64(seed: seed)
            try RandomHistory.append(into: tl, events: 400, rng: &rng)
            let inline = try tl.snapshot()
            #expect(inline.foi.count + inline.sar.count + inline.breach.count + inline.nearMiss.count > 20)
            try tl.ledger.rebuild(hooks: RegisterSet.allHooks(), batchSize: 50)
            let rebuilt = try tl.snapshot()
            #expect(rebuilt.foi == inline.foi)
            #expect(rebuilt.sar == inline.sar)
            #expect(rebuilt.breach == inline.breach)
            #expect(rebuilt.nearMiss == inline.nearMiss)
            #expect(rebuilt.disclosure == inline.disclosure)
            let size = try tl.ledger.size()
            #expect(try tl.snapshot(.position(size - 1)) == inline)
            // Rebuilding one register alone leaves it identical too.
            try tl.ledger.rebuild(hooks: RegisterSet.hooks(for: [.foi]))
            #expect(try tl.snapshot() == inline)
        }
    }

    @Test func aHookAddedLaterCatchesUp() throws {
        try withTemporaryDirectory { dir in
            // Events appended without hooks, then the ledger reopened with them: the first new
            // append replays the missing events first, so the register is complete.
            var options = LedgerOptions()
            options.clock = { ts("2025-03-01T10:00:00Z") }
            let plain = try Ledger.create(at: dir, origin: "test.casebook.example/log", options: options)
            func draft(_ ref: String, _ payload: any EventPayload, _ n: Int) throws -> EventDraft {
                EventDraft(eventId: UUID(uuidString: String(format: "00000000-0000-4000-8000-%012x", n))!, stream: ref,
                           type: payload.eventType.rawValue, occurredAt: ts("2025-03-01T09:00:00Z"), actor: Actor(id: "a", role: "officer"),
                           payload: try .parse(Array(EventCatalogue.encode(payload))))
            }
            _ = try plain.appendNow(AppendBatch(events: [try draft("NM-2025-0001", NearMissReported(occurredOn: "2025-02-27", reportedOn: "2025-03-01",
                service: "Housing", description: "x", potentialCategory: .loss), 1)]))
            plain.close()
            options.hooks = RegisterSet.allHooks()
            let hooked = try Ledger.open(at: dir, options: options)
            defer { hooked.close() }
            _ = try hooked.appendNow(AppendBatch(events: [try draft("NM-2025-0002", NearMissReported(occurredOn: "2025-02-28", reportedOn: "2025-03-01",
                service: "Housing", description: "y", potentialCategory: .theft), 2)]))
            let rows = try hooked.read { try RegisterReader().snapshot(in: $0).nearMiss.map(\.reference) }
            #expect(rows == ["NM-2025-0001", "NM-2025-0002"])
        }
    }
}

/// Random but valid histories: every event is checked with the lifecycle rules and skipped if refused.
enum RandomHistory {
    static func append<G: RandomNumberGenerator>(into tl: TestLedger, events: Int, rng: inout G) throws {
        let start = ts("2025-01-06T09:00:00Z").milliseconds
        var clock = start
        var cases: [String] = []
        var eventIds: [String: [UUID]] = [:]
        var opened: [String: String] = [:]  // reference → opening event type
        var appended = 0
        var attempts = 0
        func iso(_ ms: Int64) -> Timestamp { Timestamp(milliseconds: ms) }
        func date(_ ms: Int64) -> LocalDate { LocalDate(Timestamp(milliseconds: ms).date) }
        while appended < events && attempts < events * 20 {
            attempts += 1
            clock += Int64.random(in: 1...(36 * 3_600_000), using: &rng)
            let now = clock
            let open = cases.isEmpty || Int.random(in: 0..<5, using: &rng) == 0
            let reference: String
            let payload: any EventPayload
            if open {
                let kind = Int.random(in: 0..<5, using: &rng)
                let prefix = ["FOI", "EIR", "SAR", "BR", "NM"][kind]
                reference = "\(prefix)-2025-\(String(format: "%04d", cases.count + 1))"
                let requester = Requester(name: "Random Person \(cases.count)")
                switch kind {
                case 0: payload = RequestReceived(channel: .email, receivedAt: iso(now), regime: Bool.random(using: &rng) ? .foia : .foisa,
                                                  requester: requester, requesterType: .individual, summary: "Summary, \"quoted\"", service: "Svc\(kind)")
                case 1: payload = RequestReceived(channel: .post, receivedAt: iso(now), regime: .eir, requester: requester, requesterType: .media,
                                                  summary: "Environmental", service: "Environment")
                case 2: payload = SARReceived(channel: .email, receivedAt: iso(now), requester: requester, summary: "my records", service: "Housing")
                case 3: payload = Scenario.breach(discoveredAt: iso(now - 3_600_000), occurredOn: date(now - 86_400_000), categories: [.loss, .theft].shuffled(using: &rng),
                                                  sensitive: Bool.random(using: &rng), count: Int.random(in: 1...100, using: &rng),
                                                  subjectCategories: ["staff"], howHeld: .paper, service: "Svc\(Int.random(in: 0..<3, using: &rng))",
                                                  investigation: true)
                default: payload = NearMissReported(occurredOn: date(now - 86_400_000 * Int64.random(in: 0...8, using: &rng)), reportedOn: date(now),
                                                    service: "Svc\(Int.random(in: 0..<3, using: &rng))", description: "nearly", potentialCategory: .humanError)
                }
            } else {
                reference = cases[Int.random(in: 0..<cases.count, using: &rng)]
                let d = date(now)
                let options: [any EventPayload]
                switch opened[reference] {
                case "RequestReceived":
                    options = [
                        RequestAcknowledged(acknowledgedAt: iso(now)), ClarificationRequested(requestedOn: d), ClarificationReceived(receivedOn: d),
                        FeeNoticeIssued(amountPence: 1000, issuedOn: d), FeePaid(paidOn: d),
                        ExemptionApplied(section: "43(2)", exemptionClass: .qualified, reason: "commercial"),
                        ExemptionApplied(section: "12(5)(e)", exemptionClass: .qualified, reason: "commercial"),
                        PublicInterestTestRecorded(sections: ["43(2)"], reasoning: "r", outcome: .maintained),
                        PublicInterestTestRecorded(sections: ["12(5)(e)"], reasoning: "r", outcome: .maintained),
                        DeadlineExtended(reason: .publicInterestTest, workingDays: 10), DeadlineExtended(reason: .complexAndVoluminous, workingDays: 20),
                        ResponseSent(outcome: .grantedInFull, signedOffBy: "h", sentAt: iso(now)),
                        ResponseSent(outcome: .refused, exemptions: ["43(2)"], signedOffBy: "h", sentAt: iso(now)),
                        InternalReviewRequested(requestedOn: d), InternalReviewDecided(outcome: .partlyOverturned, reviewer: "r", decidedOn: d),
                        PublishedToDisclosureLog(publishedOn: d), Withdrawn(withdrawnOn: d),
                        Corrected(correctsEventId: eventIds[reference]![0].uuidString.lowercased(), reason: "typo",
                                  corrections: ["receivedAt": .string(iso(now - 86_400_000 * Int64.random(in: 2...20, using: &rng)).rfc3339)]),
                    ]
                case "SARReceived":
                    options = [
                        IdentityRequested(requestedOn: d, evidenceRequested: ["passport"]), IdentityVerified(verifiedOn: d, method: .knownToService),
                        FeeRequested(amountPence: 1000, requestedOn: d, basis: .furtherCopies), FeePaid(paidOn: d),
                        SARExtended(reason: .complex, months: 1, requesterInformedOn: d),
                        SARResponded(outcome: .providedInFull, method: .secureEmail, signedOffBy: "d", respondedAt: iso(now)),
                        InternalReviewRequested(requestedOn: d), InternalReviewDecided(outcome: .upheld, reviewer: "r", decidedOn: d),
                        NoteAdded(text: "note"),
                    ]
                case "BreachReported":
                    let foi = cases.first { $0.hasPrefix("FOI-") }
                    options = [
                        BreachEscalated(to: .director, escalatedAt: iso(now), reportingFormSent: Bool.random(using: &rng)),
                        ICONotificationDecided(decision: .notify, decidedAt: iso(now)),
                        ICONotificationDecided(decision: .doNotNotify, reasons: "low risk", decidedAt: iso(now)),
                        ICONotified(notifiedAt: iso(now), reasonsForDelay: Bool.random(using: &rng) ? "delay" : nil),
                        InvestigationOpened(lead: "l", openedOn: d, dueOn: date(now + 86_400_000 * 20)),
                        InvestigationConcluded(concludedOn: d, howItHappened: "h", whyItHappened: "w", preventiveMeasures: "p"),
                        BreachClosed(closedOn: d),
                        Corrected(correctsEventId: eventIds[reference]![0].uuidString.lowercased(), reason: "wrong service",
                                  corrections: ["service": .string("Corrected service")]),
                    ] + (foi.map { [WrongfulReleaseLinked(foiCase: try! CaseReference($0), releasedInError: "x", ministerialReputationalDamage: .low,
                                                          departmentalReputationalDamage: .low, stakeholderDamage: .low, personalDataReleased: true,
                                                          otherDepartmentsInvolved: false, mediaStoryLikelihood: .low, legalChallengePossible: false,
                                                          partiesInformed: [.legal])] } ?? [])
                default:
                    options = [NearMissReviewed(weakness: .system, action: "fix", reviewedOn: d), NoteAdded(text: "n")]
                }
                payload = options[Int.random(in: 0..<options.count, using: &rng)]
            }
            // One event in eight is a late entry, recorded two days after it occurred.
            let recorded = Int.random(in: 0..<8, using: &rng) == 0 ? now + 2 * 86_400_000 : now + 60_000
            guard tl.accepts(reference, payload, occurred: Timestamp(milliseconds: now), recorded: Timestamp(milliseconds: recorded)) else { continue }
            let id = try tl.append(reference, payload, occurred: Timestamp(milliseconds: now), recorded: Timestamp(milliseconds: recorded))
            clock = max(clock, recorded)
            if open {
                cases.append(reference)
                opened[reference] = payload.eventType.rawValue
            }
            eventIds[reference, default: []].append(id)
            appended += 1
        }
    }
}
