import Foundation
import Testing
@testable import Casework

/// Payload builders for the rules that keep untrue steps out of the log.
private enum Make {
    /// Monday 5 January 2026, 09:30 UTC (GMT): the 20th working day after it is Monday 2 February.
    static let receivedAt: Timestamp = "2026-01-05T09:30:00Z"
    static func received(_ regime: Regime = .foia, at receivedAt: Timestamp = Make.receivedAt) -> RequestReceived {
        RequestReceived(channel: .email, receivedAt: receivedAt, regime: regime,
                        requester: Requester(name: "Alex Morgan", email: "alex@example.org"),
                        requesterType: .individual, summary: "Parking enforcement contracts")
    }
    static func ack(_ at: Timestamp) -> RequestAcknowledged { RequestAcknowledged(acknowledgedAt: at) }
    static func exemption(_ section: String, _ exemptionClass: ExemptionClass) -> ExemptionApplied {
        ExemptionApplied(section: section, exemptionClass: exemptionClass, reason: "Engaged")
    }
    static func pit(_ sections: [String]) -> PublicInterestTestRecorded {
        PublicInterestTestRecorded(sections: sections, reasoning: "Balance considered", outcome: .maintained)
    }
    static func response(_ outcome: ResponseSent.Outcome = .grantedInFull, exemptions: [String] = [],
                         at sentAt: Timestamp = "2026-02-02T16:45:00Z") -> ResponseSent {
        ResponseSent(outcome: outcome, exemptions: exemptions, signedOffBy: "p.dand", sentAt: sentAt)
    }
    static func extended(_ reason: DeadlineExtended.Reason = .publicInterestTest, days: Int = 20) -> DeadlineExtended {
        DeadlineExtended(reason: reason, workingDays: days)
    }
    static func costLimit(_ hours: Int, limit: Int = 45_000, rate: Int? = 2_500) -> CostLimitApplied {
        CostLimitApplied(estimatedHours: hours, limitPence: limit, hourlyRatePence: rate)
    }
    static func review(_ on: LocalDate) -> InternalReviewRequested { InternalReviewRequested(requestedOn: on) }

    /// Monday 12 January 2026, 11:00 UTC: one month on is Thursday 12 February.
    static let sarReceived = SARReceived(channel: .post, receivedAt: "2026-01-12T11:00:00Z",
                                         requester: Requester(name: "Sam Taylor"), summary: "My records")
    static func sarExtended(informed: LocalDate, months: Int = 1) -> SARExtended {
        SARExtended(reason: .complex, months: months, requesterInformedOn: informed)
    }

    /// Discovered 2026-02-03T10:15:00Z (the catalogue example).
    static var breachReported: BreachReported { EventsTestSupport.example(of: .breachReported) as! BreachReported }
    static func decided(_ decision: ICONotificationDecided.Decision = .notify, at: Timestamp = "2026-02-04T09:00:00Z") -> ICONotificationDecided {
        ICONotificationDecided(decision: decision, reasons: decision == .notify ? nil : "Encrypted; no risk", decidedAt: at)
    }
    static func notified(_ at: Timestamp = "2026-02-04T15:30:00Z") -> ICONotified { ICONotified(notifiedAt: at) }
    static func risk(_ level: RiskLevel, notTold: DataSubjectsNotTold? = nil) -> RiskAssessed {
        var assessment = EventsTestSupport.example(of: .riskAssessed) as! RiskAssessed
        assessment.riskLevel = level
        assessment.dataSubjectsNotTold = notTold
        return assessment
    }
    static let subjectsNotified = DataSubjectsNotified(notifiedOn: "2026-02-05", methods: [.letter], numberNotified: 2,
                                 adviceGiven: "Change your passwords", howAndWhenOccurred: "Emailed to the wrong address on 2 February",
                                 informationInvolved: "Case conference minutes", howToComplain: "To the DPO or the ICO")
    static let closed = BreachClosed(closedOn: "2026-03-01")
    static let note = NoteAdded(text: "Phoned the requester")
}

@Suite("Nothing untrue enters the log")
struct TruthfulLogRulesTests {
    static let foi = "FOI-2026-0042"
    static let eir = "EIR-2026-0007"
    static let sar = "SAR-2026-0003"
    static let breach = "BR-2026-0007"
    static let nearMiss = "NM-2026-0011"

    /// A context for an event that happened at `occurred` and is recorded at `recorded`.
    private func at(_ occurred: Timestamp?, recorded: Timestamp? = nil, policy: Policy = .default,
                    known: [UUID: (case: String, type: EventType)] = [:]) -> RuleContext {
        RuleContext.known(known).at(occurred: occurred, recorded: recorded).judging(by: DeadlineCalculator(policy: policy))
    }

    /// Folds `events` (the last one under `last` when given); every event must pass.
    @discardableResult
    private func accepts(_ reference: String, _ events: [any EventPayload], context: RuleContext = .empty,
                         last: RuleContext? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> CaseLifecycle? {
        let reference = try CaseReference(reference)
        var state: CaseLifecycle?
        for (index, payload) in events.enumerated() {
            let judge = index == events.count - 1 ? last ?? context : context
            do {
                state = try LifecycleRules.evaluate(case: reference, type: payload.eventType, payload: payload, state: state, context: judge)
            } catch {
                Issue.record("unexpected refusal of \(payload.eventType): \(error)", sourceLocation: sourceLocation)
                return nil
            }
        }
        return state
    }

    /// Folds all but the last event, then expects the last (under `last` when given) to break `rule`.
    private func refuses(_ rule: RuleViolation.Rule, _ reference: String, _ events: [any EventPayload],
                         context: RuleContext = .empty, last: RuleContext? = nil,
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ref = try CaseReference(reference)
        var state: CaseLifecycle?
        do {
            state = try LifecycleRules.replay(case: ref, events: Array(events.dropLast()), context: context)
        } catch {
            Issue.record("an earlier event was refused: \(error)", sourceLocation: sourceLocation)
            return
        }
        let final = events.last!
        do {
            _ = try LifecycleRules.evaluate(case: ref, type: final.eventType, payload: final, state: state, context: last ?? context)
            Issue.record("\(final.eventType) was accepted; expected \(rule)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.rule == rule, "\(error)", sourceLocation: sourceLocation)
            #expect(error.caseReference == ref, sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        }
    }

    // MARK: Dates lie in the window, and nothing traps

    @Test func dateOutOfRange() throws {
        try refuses(.dateOutOfRange, Self.foi, [Make.received(at: "9998-12-31T12:00:00Z")])
        try refuses(.dateOutOfRange, Self.foi, [Make.received(at: "1600-01-01T00:00:00Z")])
        try refuses(.dateOutOfRange, Self.foi, [Make.received(at: "1989-12-31T12:00:00Z")])
        try refuses(.dateOutOfRange, Self.foi, [Make.received(), ClarificationRequested(requestedOn: "9999-12-31")])
        try refuses(.dateOutOfRange, Self.foi, [Make.received(), Make.note], last: at("9998-12-31T00:00:00Z"))
        // Due dates may lie ahead, but not more than latestEventYearsAhead after the recording.
        let recorded = at(nil, recorded: "2026-01-05T10:00:00Z")
        try refuses(.dateOutOfRange, Self.foi, [Make.received(), Make.exemption("43(2)", .qualified),
                                                DeadlineExtended(reason: .publicInterestTest, workingDays: 20, newDueDate: "2036-01-06")],
                    context: recorded)
        try accepts(Self.foi, [Make.received(), Make.exemption("43(2)", .qualified),
                               DeadlineExtended(reason: .publicInterestTest, workingDays: 20, newDueDate: "2036-01-05")],
                    context: recorded)
        try accepts(Self.foi, [Make.received(at: "1990-01-01T09:00:00Z")])
        var policy = Policy.default
        policy.earliestEventDate = "2005-01-01"
        try refuses(.dateOutOfRange, Self.foi, [Make.received(at: "2004-12-31T09:00:00Z")], context: at(nil, policy: policy))
    }

    /// Every payload of the catalogue with its dates set to the ends of the calendar is refused
    /// with a violation, on a new case and on an open one: no rule traps on a decodable value.
    @Test(arguments: ["0001-01-01", "0000-01-01", "9999-12-31"])
    func extremeDatesAreRefusedNotTrapped(extreme: String) throws {
        let openings: [CaseKind: any EventPayload] = [
            .request: Make.received(), .subjectAccess: Make.sarReceived, .breach: Make.breachReported,
            .nearMiss: NearMissReported(occurredOn: "2026-03-02", reportedOn: "2026-03-04", service: "Housing",
                                        description: "d", potentialCategory: .loss),
            .thirdPartyDisclosure: ThirdPartyRequestReceived(receivedAt: "2026-03-02T10:00:00Z", requesterCategory: .solicitor,
                                                             requesterOrganisation: "A firm", inWriting: true, purpose: .legalProceedings,
                                                             informationRequested: "i", dataSubject: "d"),
            .agreement: AgreementProposed(type: .sharing, partner: "A partner", purpose: "p", service: "Housing", securityProcedures: "s",
                                          accuracyStandards: "a", proposedOn: "2026-03-02", reviewDueOn: "2027-03-02"),
            .complaint: ComplaintReceived(receivedOn: "2026-03-02", source: .publicMember, about: .handling,
                                          complainant: Requester(name: "A Person"), summary: "s", service: "Housing"),
        ]
        let references: [CaseKind: String] = [.request: Self.foi, .subjectAccess: Self.sar, .breach: Self.breach, .nearMiss: Self.nearMiss,
                                              .thirdPartyDisclosure: "TPD-2026-0001", .agreement: "DSA-2026-0001", .complaint: "CMP-2026-0001"]
        var tried = 0
        for example in EventCatalogue.examples {
            let dated = StepDate.of(example)
            guard !dated.isEmpty else { continue }
            var json = try EventsTestSupport.json(example)
            guard var members = json.objectValue else { continue }
            for date in dated {
                members[date.field] = .string(date.kind == .day ? extreme : "\(extreme)T12:00:00Z")
            }
            json = .object(members)
            // A date the decoder cannot read (year 0000; a moment in year 1 or 9999) is refused there.
            guard let payload = try? EventCatalogue.decode(example.eventType, from: EventsTestSupport.data(json)) else { tried += 1; continue }
            for kind in example.eventType.allowedKinds.sorted(by: { $0.rawValue < $1.rawValue }) {
                let reference = try CaseReference(references[kind]!)
                let state = example.eventType.isOpening ? nil
                    : try LifecycleRules.evaluate(case: reference, type: openings[kind]!.eventType, payload: openings[kind]!, state: nil,
                                                  context: .empty)
                #expect(throws: RuleViolation.self, "\(example.eventType) dated \(extreme) on \(kind)") {
                    _ = try LifecycleRules.evaluate(case: reference, type: payload.eventType, payload: payload, state: state,
                                                    context: self.at(nil, recorded: "2026-06-01T12:00:00Z"))
                }
                tried += 1
            }
        }
        #expect(tried > (extreme == "0000-01-01" ? 5 : 30))
    }

    @Test func hugeNumbersDoNotTrap() throws {
        try accepts(Self.foi, [Make.received(), Make.costLimit(Int.max)])
        try refuses(.costLimitNotExceeded, Self.foi, [Make.received(), Make.costLimit(Int.min)])
        try refuses(.extensionNotAllowed, Self.foi, [Make.received(), Make.exemption("43(2)", .qualified), Make.extended(days: 10),
                                                     Make.extended(days: Int.max)])
        try refuses(.sarExtensionNotAllowed, Self.sar, [Make.sarReceived, Make.sarExtended(informed: "2026-01-20"),
                                                        Make.sarExtended(informed: "2026-01-20", months: Int.max)])
    }

    /// Every date field of every payload is judged: StepDate knows each one the examples carry.
    @Test func everyDateFieldIsKnown() throws {
        for example in EventCatalogue.examples where example.eventType != .corrected {
            let json = try EventsTestSupport.json(example)
            let dateFields = (json.objectValue ?? [:]).compactMap { key, value -> String? in
                guard let text = value.stringValue else { return nil }
                return LocalDate(iso: text) != nil || Timestamp(rfc3339: text) != nil ? key.string : nil
            }
            #expect(Set(StepDate.of(example).map(\.field)) == Set(dateFields), "\(example.eventType)")
        }
    }

    // MARK: No step before the case opened

    @Test func stepBeforeOpening() throws {
        // An acknowledgement dated 19 days before receipt; a response sent before receipt.
        try refuses(.stepBeforeOpening, Self.foi, [Make.received(), Make.ack("2025-12-17T10:00:00Z")])
        try refuses(.stepBeforeOpening, Self.foi, [Make.received(), Make.response(at: "2026-01-05T09:00:00Z")])
        try refuses(.stepBeforeOpening, Self.foi, [Make.received(), ClarificationRequested(requestedOn: "2026-01-04")])
        try accepts(Self.foi, [Make.received(), Make.ack("2026-01-05T09:45:00Z"), ClarificationRequested(requestedOn: "2026-01-05"),
                               Make.response(at: "2026-01-05T16:00:00Z")])
        // An ICO decision or notification before the breach was discovered (2026-02-03T10:15Z).
        try refuses(.stepBeforeOpening, Self.breach, [Make.breachReported, Make.decided(at: "2026-02-03T08:00:00Z")])
        try refuses(.stepBeforeOpening, Self.breach, [Make.breachReported, Make.decided(), Make.notified("2026-02-02T15:30:00Z")])
        try accepts(Self.breach, [Make.breachReported, Make.decided(at: "2026-02-03T10:20:00Z"), Make.notified("2026-02-03T11:00:00Z")])
        // A SAR step before receipt; a near-miss review before the report.
        try refuses(.stepBeforeOpening, Self.sar, [Make.sarReceived, IdentityRequested(requestedOn: "2026-01-09", evidenceRequested: ["photo ID"])])
        try accepts(Self.sar, [Make.sarReceived, IdentityRequested(requestedOn: "2026-01-12", evidenceRequested: ["photo ID"])])
        let nearMiss = NearMissReported(occurredOn: "2026-03-02", reportedOn: "2026-03-04", service: "Housing", description: "d",
                                        potentialCategory: .loss)
        try refuses(.stepBeforeOpening, Self.nearMiss, [nearMiss, NearMissReviewed(weakness: .none, action: "a", reviewedOn: "2026-03-03")])
        try accepts(Self.nearMiss, [nearMiss, NearMissReviewed(weakness: .none, action: "a", reviewedOn: "2026-03-04")])
        // Due dates are not before the opening either.
        try refuses(.stepBeforeOpening, Self.foi, [Make.received(), Make.exemption("43(2)", .qualified),
                                                   DeadlineExtended(reason: .publicInterestTest, workingDays: 20, newDueDate: "2025-12-01")])
    }

    @Test func envelopeOccurrenceBeforeOpening() throws {
        // occurredAt is judged by day: the opening's own day (any hour) passes, the day before does not.
        try refuses(.stepBeforeOpening, Self.foi, [Make.received(), Make.note], last: at("2026-01-04T23:00:00Z"))
        try accepts(Self.foi, [Make.received(), Make.note], last: at("2026-01-05T00:00:00Z"))
        try refuses(.stepBeforeOpening, Self.foi, [Make.received()], last: at("2026-01-04T12:00:00Z"))
        try accepts(Self.foi, [Make.received()], last: at("2026-01-05T00:00:00Z"))
    }

    @Test func breachDiscoveredBeforeItOccurred() throws {
        var report = Make.breachReported
        report.occurredOn = "2026-02-04"
        try refuses(.discoveredBeforeOccurrence, Self.breach, [report])
        report.occurredOn = "2026-02-03"
        try accepts(Self.breach, [report])
        report.reportedToDirectorAt = "2026-02-03T09:00:00Z"
        try refuses(.stepBeforeOpening, Self.breach, [report])
    }

    @Test func correctedDatesAreJudgedAndMoveTheOpening() throws {
        let opening = UUID(), ack = UUID()
        let known: [UUID: (case: String, type: EventType)] = [opening: (Self.foi, .requestReceived), ack: (Self.foi, .requestAcknowledged)]
        let context = at(nil, known: known)
        func correct(_ id: UUID, _ field: String, _ value: String) -> Corrected {
            Corrected(correctsEventId: id.uuidString, reason: "Keying error", corrections: [JSONKey(field): .string(value)])
        }
        try refuses(.stepBeforeOpening, Self.foi, [Make.received(), Make.ack("2026-01-05T10:00:00Z"),
                                                   correct(ack, "acknowledgedAt", "2025-12-17T10:00:00Z")], context: context)
        try refuses(.correctionNotADate, Self.foi, [Make.received(), Make.ack("2026-01-05T10:00:00Z"),
                                                    correct(ack, "acknowledgedAt", "yesterday")], context: context)
        try refuses(.dateOutOfRange, Self.foi, [Make.received(), correct(opening, "receivedAt", "9998-12-31T00:00:00Z")], context: context)
        // Correcting the receipt to an earlier day lets a step between the two dates in.
        try refuses(.stepBeforeOpening, Self.foi, [Make.received(), ClarificationRequested(requestedOn: "2026-01-02")], context: context)
        let state = try accepts(Self.foi, [Make.received(), correct(opening, "receivedAt", "2026-01-02T09:00:00Z"),
                                           ClarificationRequested(requestedOn: "2026-01-02")], context: context)
        #expect(state?.openedOn == "2026-01-02")
    }

    // MARK: No step in the future

    @Test func stepInFuture() throws {
        let recorded = at(nil, recorded: "2026-01-05T10:00:00Z")
        try refuses(.stepInFuture, Self.foi, [Make.received(), Make.ack("2026-05-05T10:00:00Z")], context: recorded)
        try refuses(.stepInFuture, Self.foi, [Make.received(), Make.ack("2026-01-05T10:15:01Z")], context: recorded)
        try accepts(Self.foi, [Make.received(), Make.ack("2026-01-05T10:15:00Z")], context: recorded)
        try refuses(.stepInFuture, Self.foi, [Make.received(), ClarificationRequested(requestedOn: "2026-01-06")], context: recorded)
        try accepts(Self.foi, [Make.received(), ClarificationRequested(requestedOn: "2026-01-05")], context: recorded)
        try refuses(.stepInFuture, Self.foi, [Make.received(at: "2026-03-05T09:30:00Z")], context: recorded)
        // The envelope's occurredAt too; due dates set by a step may lie ahead.
        try refuses(.stepInFuture, Self.foi, [Make.received(), Make.note], context: recorded,
                    last: at("2026-01-05T11:00:00Z", recorded: "2026-01-05T10:00:00Z"))
        try accepts(Self.breach, [Make.breachReported, InvestigationOpened(lead: "p.shah", openedOn: "2026-02-03", dueOn: "2026-06-30")],
                    context: at(nil, recorded: "2026-02-03T12:00:00Z"))
        var strict = Policy.default
        strict.futureToleranceMinutes = 0
        try refuses(.stepInFuture, Self.foi, [Make.received(), Make.ack("2026-01-05T10:00:01Z")], context: at(nil, recorded: "2026-01-05T10:00:00Z", policy: strict))
    }

    // MARK: One-time steps once

    @Test func stepAlreadyRecorded() throws {
        try refuses(.stepAlreadyRecorded, Self.foi, [Make.received(), Make.ack("2026-01-05T10:00:00Z"), Make.ack("2026-01-06T10:00:00Z")])
        try refuses(.stepAlreadyRecorded, Self.breach, [Make.breachReported, Make.decided(), Make.decided()])
        try refuses(.stepAlreadyRecorded, Self.breach, [Make.breachReported, Make.decided(), Make.notified(), Make.notified("2026-02-05T10:00:00Z")])
        try refuses(.stepAlreadyRecorded, Self.sar, [Make.sarReceived, IdentityVerified(verifiedOn: "2026-01-13", method: .knownToService),
                                                     IdentityVerified(verifiedOn: "2026-01-14", method: .documentSighted)])
        let opened = InvestigationOpened(lead: "p.shah", openedOn: "2026-02-03")
        let concluded = InvestigationConcluded(concludedOn: "2026-02-16", howItHappened: "h", whyItHappened: "w", preventiveMeasures: "p")
        try refuses(.stepAlreadyRecorded, Self.breach, [Make.breachReported, opened, opened])
        try refuses(.stepAlreadyRecorded, Self.breach, [Make.breachReported, opened, concluded, opened])
        try refuses(.stepAlreadyRecorded, Self.breach, [Make.breachReported, opened, concluded, concluded])
        // States folded before the steps were kept still know from their older fields.
        var old = try #require(try accepts(Self.breach, [Make.breachReported, Make.decided()]))
        old.oneTimeStepsRecorded = nil
        #expect(old.hasRecorded(.iCONotificationDecided))
        // Repeatable steps repeat; the first of a one-time step is amended with Corrected.
        let decision = UUID()
        let context = at(nil, known: [decision: (Self.breach, .iCONotificationDecided)])
        let state = try accepts(Self.breach, [
            Make.breachReported, Make.decided(.doNotNotify),
            Corrected(correctsEventId: decision.uuidString, reason: "Risk reassessed", corrections: ["decision": .string("notify")]),
            Make.notified(), BreachEscalated(to: .director, escalatedAt: "2026-02-03T11:00:00Z"),
            BreachEscalated(to: .headOfLegal, escalatedAt: "2026-02-03T12:00:00Z"), Make.subjectsNotified, Make.subjectsNotified,
        ], context: context)
        #expect(state?.iCODecision == .notify)
        try refuses(.noNotifyWithoutReasons, Self.breach, [
            Make.breachReported, Make.decided(.notify),
            Corrected(correctsEventId: decision.uuidString, reason: "Low risk after all", corrections: ["decision": .string("doNotNotify")]),
        ], context: context)
    }

    // MARK: A refusal needs its grounds

    @Test func refusalWithoutGrounds() throws {
        try refuses(.refusalWithoutGrounds, Self.foi, [Make.received(), Make.response(.refused)])
        try refuses(.refusalWithoutGrounds, Self.foi, [Make.received(), Make.response(.grantedInPart)])
        try refuses(.refusalWithoutGrounds, Self.foi, [Make.received(), Make.response(.neitherConfirmNorDeny)])
        try refuses(.refusalWithoutGrounds, Self.foi, [Make.received(), Make.costLimit(30), Make.response(.grantedInPart)])
        try accepts(Self.foi, [Make.received(), Make.exemption("21", .absolute), Make.response(.refused, exemptions: ["21"])])
        try accepts(Self.foi, [Make.received(), Make.costLimit(30), Make.response(.refused)])
        try accepts(Self.foi, [Make.received(), VexatiousApplied(basis: .repeated, reason: "r"), Make.response(.refused)])
        try accepts(Self.foi, [Make.received(), Make.exemption("23(5)", .absolute), Make.response(.neitherConfirmNorDeny, exemptions: ["23(5)"])])
        try accepts(Self.foi, [Make.received(), Make.response(.notHeld)])
    }

    // MARK: s12 only over the appropriate limit

    @Test func costLimitNotExceeded() throws {
        // £450 at £25 an hour is 18 hours: s12 applies when the cost would exceed it.
        try refuses(.costLimitNotExceeded, Self.foi, [Make.received(), Make.costLimit(17)])
        try refuses(.costLimitNotExceeded, Self.foi, [Make.received(), Make.costLimit(18)])
        try refuses(.costLimitNotExceeded, Self.foi, [Make.received(), Make.costLimit(0)])
        try accepts(Self.foi, [Make.received(), Make.costLimit(19)])
        try accepts(Self.foi, [Make.received(), Make.costLimit(19, rate: nil)])
        // Central government: £600, 24 hours.
        var central = Policy.default
        central.costLimit.centralGovernment = true
        try refuses(.costLimitNotExceeded, Self.foi, [Make.received(), Make.costLimit(24, limit: 60_000)], context: at(nil, policy: central))
        try accepts(Self.foi, [Make.received(), Make.costLimit(25, limit: 60_000)], context: at(nil, policy: central))
        // FOISA: £600 with staff time at no more than £15 an hour, 40 hours.
        try refuses(.costLimitNotExceeded, Self.foi, [Make.received(.foisa), Make.costLimit(40, limit: 60_000, rate: 1_500)])
        try accepts(Self.foi, [Make.received(.foisa), Make.costLimit(41, limit: 60_000, rate: 1_500)])
    }

    @Test func costLimitFiguresDiffer() throws {
        try refuses(.costLimitFiguresDiffer, Self.foi, [Make.received(), Make.costLimit(30, limit: 60_000)])
        try refuses(.costLimitFiguresDiffer, Self.foi, [Make.received(), Make.costLimit(30, rate: 3_000)])
        try refuses(.costLimitFiguresDiffer, Self.foi, [Make.received(.foisa), Make.costLimit(60, limit: 60_000, rate: 2_500)])
        try accepts(Self.foi, [Make.received(), Make.costLimit(30)])
        try accepts(Self.foi, [Make.received(.foisa), Make.costLimit(60, limit: 60_000, rate: nil)])
    }

    @Test func costLimitUnderEIR() throws {
        try refuses(.costLimitUnderEIR, Self.eir, [Make.received(.eir), Make.costLimit(30)])
        try accepts(Self.eir, [Make.received(.eir), Make.exemption("12(4)(b)", .qualified), Make.pit(["12(4)(b)"]),
                               Make.response(.refused, exemptions: ["12(4)(b)"])])
    }

    // MARK: Extensions only when made in time

    @Test func extensionTooLate() throws {
        let applied: [any EventPayload] = [Make.received(), Make.exemption("43(2)", .qualified)]
        // Received Monday 5 January 2026: the 20th working day is Monday 2 February.
        try accepts(Self.foi, applied + [Make.extended()], last: at("2026-02-02T16:00:00Z"))
        try refuses(.extensionTooLate, Self.foi, applied + [Make.extended()], last: at("2026-02-03T09:00:00Z"))
        // EIR reg 7: the same date.
        try accepts(Self.eir, [Make.received(.eir), Make.extended(.complexAndVoluminous)], last: at("2026-02-02T16:00:00Z"))
        try refuses(.extensionTooLate, Self.eir, [Make.received(.eir), Make.extended(.complexAndVoluminous)], last: at("2026-02-03T09:00:00Z"))
        // A clarification received on Friday 9 January restarts the count: due Friday 6 February.
        let clarified: [any EventPayload] = applied + [ClarificationRequested(requestedOn: "2026-01-06"), ClarificationReceived(receivedOn: "2026-01-09")]
        try accepts(Self.foi, clarified + [Make.extended()], last: at("2026-02-06T12:00:00Z"))
        try refuses(.extensionTooLate, Self.foi, clarified + [Make.extended()], last: at("2026-02-09T12:00:00Z"))
        // A fees notice from 12 to 16 January (both counted out): due Monday 9 February.
        let fee: [any EventPayload] = applied + [FeeNoticeIssued(amountPence: 1250, issuedOn: "2026-01-12"), FeePaid(paidOn: "2026-01-16")]
        try accepts(Self.foi, fee + [Make.extended()], last: at("2026-02-09T12:00:00Z"))
        try refuses(.extensionTooLate, Self.foi, fee + [Make.extended()], last: at("2026-02-10T12:00:00Z"))
        // While the fee is unpaid the clock is stopped, so nothing is late.
        try accepts(Self.foi, applied + [FeeNoticeIssued(amountPence: 1250, issuedOn: "2026-01-12"), Make.extended()],
                    last: at("2026-03-10T12:00:00Z"))
        // A further extension by the date already extended to: 10 working days after 2 February is 16 February.
        let once: [any EventPayload] = applied + [Make.extended(days: 10)]
        try accepts(Self.foi, once + [Make.extended(days: 10)], context: at("2026-01-20T12:00:00Z"), last: at("2026-02-16T12:00:00Z"))
        try refuses(.extensionTooLate, Self.foi, once + [Make.extended(days: 10)], context: at("2026-01-20T12:00:00Z"),
                    last: at("2026-02-17T12:00:00Z"))
    }

    @Test func sarExtensionTooLate() throws {
        // Received Monday 12 January 2026: the first month ends on Thursday 12 February.
        try accepts(Self.sar, [Make.sarReceived, Make.sarExtended(informed: "2026-02-12")])
        try refuses(.sarExtensionTooLate, Self.sar, [Make.sarReceived, Make.sarExtended(informed: "2026-02-13")])
        // Identity verified on 19 January starts the clock: the month ends on 19 February.
        let identity: [any EventPayload] = [Make.sarReceived, IdentityRequested(requestedOn: "2026-01-13", evidenceRequested: ["photo ID"]),
                                            IdentityVerified(verifiedOn: "2026-01-19", method: .documentSighted)]
        try accepts(Self.sar, identity + [Make.sarExtended(informed: "2026-02-19")])
        try refuses(.sarExtensionTooLate, Self.sar, identity + [Make.sarExtended(informed: "2026-02-20")])
        // A second extension is told within the first month too.
        try refuses(.sarExtensionTooLate, Self.sar, [Make.sarReceived, Make.sarExtended(informed: "2026-02-02"),
                                                     Make.sarExtended(informed: "2026-02-20")])
        // The DPA 1998 rule has no extension.
        var dpa1998 = Policy.default
        dpa1998.sarRule = .fortyCalendarDays
        try refuses(.sarExtensionNotAllowed, Self.sar, [Make.sarReceived, Make.sarExtended(informed: "2026-01-20")],
                    context: at(nil, policy: dpa1998))
    }

    // MARK: SAR fee and identity asked for promptly

    @Test func identityAndFeeRequestedLate() throws {
        // Received Monday 12 January: the 5th working day after it is Monday 19 January.
        try accepts(Self.sar, [Make.sarReceived, IdentityRequested(requestedOn: "2026-01-19", evidenceRequested: ["photo ID"])])
        try refuses(.identityRequestedLate, Self.sar, [Make.sarReceived, IdentityRequested(requestedOn: "2026-01-20", evidenceRequested: ["photo ID"])])
        try accepts(Self.sar, [Make.sarReceived, FeeRequested(amountPence: 1000, requestedOn: "2026-01-19", basis: .furtherCopies)])
        try refuses(.feeRequestedLate, Self.sar, [Make.sarReceived, FeeRequested(amountPence: 1000, requestedOn: "2026-02-02", basis: .furtherCopies)])
        var sameDay = Policy.default
        sameDay.sarIdentityOrFeeRequestWorkingDays = 0
        try accepts(Self.sar, [Make.sarReceived, IdentityRequested(requestedOn: "2026-01-12", evidenceRequested: ["photo ID"])],
                    context: at(nil, policy: sameDay))
        try refuses(.identityRequestedLate, Self.sar, [Make.sarReceived, IdentityRequested(requestedOn: "2026-01-13", evidenceRequested: ["photo ID"])],
                    context: at(nil, policy: sameDay))
    }

    // MARK: Internal review only after a response

    @Test func reviewBeforeResponse() throws {
        try refuses(.reviewBeforeResponse, Self.foi, [Make.received(), Make.review("2026-03-01")])
        try refuses(.reviewBeforeResponse, Self.sar, [Make.sarReceived, Make.review("2026-03-01")])
        try accepts(Self.foi, [Make.received(), Make.response(), Make.review("2026-02-10")])
        // FOISA s20(1) and EIR reg 11(1): a review of a failure to respond, once it is overdue (due 2026-02-02).
        try refuses(.reviewBeforeResponse, Self.foi, [Make.received(.foisa), Make.review("2026-02-02")])
        try accepts(Self.foi, [Make.received(.foisa), Make.review("2026-02-03")])
        try refuses(.reviewBeforeResponse, Self.eir, [Make.received(.eir), Make.review("2026-02-02")])
        try accepts(Self.eir, [Make.received(.eir), Make.review("2026-02-03")])
    }

    // MARK: A high-risk breach tells its data subjects, or records why not

    @Test func closedWithoutTellingDataSubjects() throws {
        let decided: [any EventPayload] = [Make.breachReported, Make.decided(), Make.notified()]
        try refuses(.closedWithoutTellingDataSubjects, Self.breach, decided + [Make.risk(.high), Make.closed])
        try accepts(Self.breach, decided + [Make.risk(.high), Make.subjectsNotified, Make.closed])
        let encrypted = DataSubjectsNotTold(condition: .dataUnintelligible, reasons: "AES-256 full-disk encryption; key not compromised")
        try accepts(Self.breach, decided + [Make.risk(.high, notTold: encrypted), Make.closed])
        // The latest assessment decides.
        try accepts(Self.breach, decided + [Make.risk(.high), Make.risk(.medium), Make.closed])
        try refuses(.closedWithoutTellingDataSubjects, Self.breach, decided + [Make.risk(.high, notTold: encrypted), Make.risk(.high), Make.closed])
        try accepts(Self.breach, decided + [Make.risk(.low), Make.closed])
    }

    @Test func notTellingWithoutReasons() throws {
        try refuses(.notTellingWithoutReasons, Self.breach,
                    [Make.breachReported, Make.risk(.high, notTold: DataSubjectsNotTold(condition: .disproportionateEffort, reasons: " "))])
        try accepts(Self.breach, [Make.breachReported, Make.risk(.high, notTold: DataSubjectsNotTold(
            condition: .disproportionateEffort, reasons: "12,000 past service users with no current address; notice on the council website and in the local press"))])
    }

    // MARK: Personal data never in plain corrections

    @Test func personalDataInPlainCorrectionBelowAPersonalPath() throws {
        let opening = UUID(), report = UUID()
        let context = at(nil, known: [opening: (Self.foi, .requestReceived), report: (Self.breach, .breachReported)])
        for key in ["requester.email", "requester", ".requester", "requester..name", ""] {
            try refuses(.personalDataInPlainCorrection, Self.foi,
                        [Make.received(), Corrected(correctsEventId: opening.uuidString, reason: "r", corrections: [JSONKey(key): .string("alex@example.org")])],
                        context: context)
        }
        try refuses(.personalDataInPlainCorrection, Self.breach,
                    [Make.breachReported, Corrected(correctsEventId: report.uuidString, reason: "r", corrections: ["reportingOfficer.name": .string("Jane Smith")])],
                    context: context)
        try accepts(Self.breach, [Make.breachReported, Corrected(correctsEventId: report.uuidString, reason: "r",
                                                                 corrections: ["reportingOfficer.jobTitle": .string("Team Manager")])],
                    context: context)
        try accepts(Self.foi, [Make.received(), Corrected(correctsEventId: opening.uuidString, reason: "r", corrections: ["requesterType": .string("media")])],
                    context: context)
    }
}
