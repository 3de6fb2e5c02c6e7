import Foundation
import Testing
@testable import Casework
@testable import CasebookDemo

@Suite("Demo generator")
struct DemoGeneratorTests {
    static let end = LocalDate(year: 2026, month: 3, day: 31)!

    /// Everything a run produced, in order, with the checks that need the whole sequence.
    struct Run {
        var events: [DemoEvent] = []
        var summary = DemoSummary()
    }

    /// The context the rules hook gives a recorded event: its envelope times and the policy.
    static func context(_ known: [UUID: (case: String, type: EventType)], _ event: DemoEvent, policy: Policy) -> RuleContext {
        RuleContext.known(known)
            .at(occurred: Timestamp(event.occurredAt), recorded: Timestamp(event.recordedAt))
            .judging(by: DeadlineCalculator(policy: policy))
    }

    static func run(cases: Int, seed: UInt64, policy: Policy = .default) -> Run {
        var run = Run()
        for event in DemoGenerator(cases: cases, seed: seed, end: end, policy: policy).events() {
            run.events.append(event)
            run.summary.add(event, policy: policy)
        }
        return run
    }

    static func json(_ payload: any EventPayload) throws -> String {
        String(decoding: try EventCatalogue.encode(payload), as: UTF8.self)
    }

    // MARK: Building blocks


    @Test("The generator is seeded, and its UUIDs are version 4 with the RFC variant")
    func random() {
        var a = DemoRandom(seed: 42), b = DemoRandom(seed: 42), c = DemoRandom(seed: 43)
        let xs = (0..<8).map { _ in a.next() }
        #expect(xs == (0..<8).map { _ in b.next() })
        #expect(xs != (0..<8).map { _ in c.next() })
        for _ in 0..<100 {
            let id = a.uuid().uuidString
            let chars = Array(id)
            #expect(chars[14] == "4")
            #expect("89AB".contains(chars[19]))
        }
        for _ in 0..<1000 { #expect((3...7).contains(a.int(3...7))) }
    }

    @Test("London wall-clock arithmetic agrees with Foundation across clock changes")
    func londonTime() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London")!
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var rng = DemoRandom(seed: 7)
        let from = Int64(LocalDate(year: 2014, month: 1, day: 1)!.dayNumber) * 86_400
        let to = Int64(LocalDate(year: 2028, month: 12, day: 31)!.dayNumber) * 86_400
        for _ in 0..<3000 {
            let s = from + Int64(rng.int(0...Int(to - from)))
            let date = Date(timeIntervalSince1970: TimeInterval(s))
            #expect(LocalDate(dayNumber: DemoTime.day(s)) == LocalDate(date))
            let parts = calendar.dateComponents([.hour, .minute], from: date)
            #expect(DemoTime.minuteOfDay(s) == parts.hour! * 60 + parts.minute!)
            #expect(DemoTime.rfc3339(s) == formatter.string(from: date))
            // Office-hours wall times convert back exactly.
            let day = LocalDate(dayNumber: DemoTime.day(s))
            let minute = 8 * 60 + rng.int(0...600)
            let local = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day,
                                                           hour: minute / 60, minute: minute % 60))!
            #expect(DemoTime.instant(day: day.dayNumber, minute: minute) == Int64(local.timeIntervalSince1970))
        }
    }

    // MARK: Determinism

    @Test("Same seed and size give identical events; another seed gives different ones")
    func determinism() throws {
        let a = Self.run(cases: 400, seed: 11), b = Self.run(cases: 400, seed: 11), c = Self.run(cases: 400, seed: 12)
        #expect(a.events.count == b.events.count)
        for (x, y) in zip(a.events, b.events) {
            #expect(x.eventId == y.eventId)
            #expect(x.caseReference == y.caseReference)
            #expect(x.occurredAt == y.occurredAt && x.recordedAt == y.recordedAt)
            #expect(x.actorId == y.actorId && x.actorRole == y.actorRole && x.opensCase == y.opensCase)
            #expect(try Self.json(x.payload) == Self.json(y.payload))
        }
        #expect(Set(a.events.map(\.eventId)).isDisjoint(with: c.events.map(\.eventId)))
    }

    @Test("Batches regroup the event sequence by recordedAt without changing it")
    func batches() {
        let generator = DemoGenerator(cases: 300, seed: 5, end: Self.end)
        let flat = Array(generator.events())
        var regrouped: [DemoEvent] = []
        for batch in generator.batches(maxEvents: 7) {
            #expect(!batch.events.isEmpty && batch.events.count <= 7)
            #expect(batch.events.allSatisfy { $0.recordedAt == batch.recordedAt })
            regrouped += batch.events
        }
        #expect(regrouped.map(\.eventId) == flat.map(\.eventId))
    }

    @Test("A cut-off during the last working day still opens every case, and nothing happens after it")
    func cutOff() {
        let asOf = Date(timeIntervalSince1970: TimeInterval(DemoTime.instant(day: Self.end.dayNumber, minute: 10 * 60 + 7)))
        let generator = DemoGenerator(cases: 500, seed: 8, end: Self.end, asOf: asOf)
        let events = Array(generator.events())
        // A request channelled to subject access (s40(1), the FOI policy Appendix 2) opens its SAR too.
        let channelled = events.filter { ($0.payload as? SARReceived)?.channelledFrom != nil }.count
        #expect(events.filter(\.opensCase).count == 500 + channelled)
        #expect(events.allSatisfy { $0.occurredAt <= asOf && $0.recordedAt <= asOf })
        #expect(generator.asOf == asOf)
    }

    @Test("The demo has extended reviews, requests channelled to SARs under s40(1) and SARs with Schedule exemptions applied")
    func reviewIntegrityAndSARCompleteness() {
        let events = Array(DemoGenerator(cases: 2000, seed: 1, end: Self.end).events())
        let channels = events.compactMap { $0.payload as? ChannelledToSubjectAccess }
        let channelledSARs = events.compactMap { e in (e.payload as? SARReceived)?.channelledFrom.map { (e.caseReference, $0) } }
        #expect(!channels.isEmpty)
        // Every channel names a SAR that opens with a link back to the request.
        #expect(Set(channels.map(\.sarCase)) == Set(channelledSARs.map(\.0)))
        #expect(events.contains { $0.payload is InternalReviewExtended })
        let applied = events.compactMap { $0.payload as? SARExemptionApplied }
        #expect(!applied.isEmpty)
        #expect(applied.allSatisfy { SARExemptionCatalogue.entry(for: $0.paragraph) != nil })
        #expect(events.contains { ($0.payload as? ResponseSent)?.appealRightsGiven == true })
        #expect(events.contains { $0.payload is RequesterUpdated })
    }

    // MARK: The rules

    @Test("Every event passes the lifecycle rules, folded in recording order", arguments: [UInt64(1), 2, 3])
    func rules(seed: UInt64) throws {
        let generator = DemoGenerator(cases: 2000, seed: seed, end: Self.end)
        var states: [String: CaseLifecycle] = [:]
        var known: [UUID: (case: String, type: EventType)] = [:]
        var previousRecorded = Date.distantPast
        var failures: [String] = []
        for event in generator.events() {
            let ref = event.caseReference.rawValue
            #expect(event.recordedAt >= previousRecorded)
            #expect(event.recordedAt >= event.occurredAt)
            #expect(event.recordedAt <= generator.asOf)
            #expect(event.opensCase == (states[ref] == nil))
            #expect(known[event.eventId] == nil, "duplicate event id \(event.eventId)")
            previousRecorded = event.recordedAt
            do {
                states[ref] = try LifecycleRules.evaluate(
                    case: event.caseReference, type: event.eventType, payload: event.payload, state: states[ref],
                    context: Self.context(known, event, policy: generator.policy))
            } catch {
                failures.append("\(error)")
            }
            known[event.eventId] = (ref, event.eventType)
            // Stored JSON decodes strictly back to the same payload.
            let data = try EventCatalogue.encode(event.payload)
            let decoded = try EventCatalogue.decode(event.eventType, from: data)
            #expect(decoded.isEqual(to: event.payload))
        }
        #expect(failures.isEmpty, "\(failures.count) violations, first: \(failures.prefix(3))")
        #expect(states.count > 1900)
        // Recent cases are still open, so the due lists have rows.
        let open = states.values.filter { !$0.isClosed && $0.kind == .request }.count
        #expect(open > 10)
    }

    @Test("A Scottish policy produces FOISA requests appealed to the Scottish Commissioner, within the rules")
    func scotland() throws {
        var policy = Policy.default
        policy.homeDivision = .scotland
        let run = Self.run(cases: 2000, seed: 9, policy: policy)
        var states: [String: CaseLifecycle] = [:]
        var known: [UUID: (case: String, type: EventType)] = [:]
        for event in run.events {
            let ref = event.caseReference.rawValue
            states[ref] = try LifecycleRules.evaluate(case: event.caseReference, type: event.eventType,
                                                      payload: event.payload, state: states[ref],
                                                      context: Self.context(known, event, policy: policy))
            known[event.eventId] = (ref, event.eventType)
        }
        let foisa = states.values.filter { $0.regime == .foisa }.count
        #expect(foisa > 40 && foisa < 160)
        #expect(!Self.run(cases: 2000, seed: 9).events.contains {
            ($0.payload as? RequestReceived)?.regime == .foisa
        })
    }

    // MARK: Shape of the history

    @Test("Mix, coverage, late entries, repeat requesters and references", arguments: [UInt64(1), 2, 3])
    func shape(seed: UInt64) throws {
        let run = Self.run(cases: 2000, seed: seed)
        let cases = run.summary.cases
        // A request channelled to subject access (s40(1), the FOI policy Appendix 2) opens its SAR too.
        let channelled = run.events.filter { ($0.payload as? SARReceived)?.channelledFrom != nil }.count
        #expect(run.summary.totalCases == 2000 + channelled)
        #expect(channelled < 20)
        func share(_ kind: CaseKind) -> Double { Double(cases[kind] ?? 0) / 2000 }
        // Two slots in every 50 are an agreement and a complaint (Mix.informationGovernanceEvery).
        let drawn = 48.0 / 50
        #expect(abs(share(.request) - drawn * 100.0 / 112) < 0.025)
        #expect(share(.agreement) == 0.02 && share(.complaint) == 0.02)
        #expect(abs(share(.subjectAccess) - 5.0 / 112) < 0.015)
        #expect(abs(share(.breach) - 2.0 / 112) < 0.01)
        #expect(abs(share(.nearMiss) - 3.0 / 112) < 0.012)
        #expect(abs(share(.thirdPartyDisclosure) - 2.0 / 112) < 0.01)

        let received = run.events.compactMap { $0.payload as? RequestReceived }
        let eir = Double(received.filter { $0.regime == .eir }.count) / Double(received.count)
        #expect(eir > 0.05 && eir < 0.11)
        #expect(!received.contains { $0.regime == .foisa })

        // Every event type of the five lifecycles appears (retention, erasure and import are not generated).
        let missing = Set(EventType.allCases).subtracting([.retentionApplied, .personalDataErased, .caseImported])
            .subtracting(run.summary.events.keys)
        #expect(missing.isEmpty, "never generated: \(missing.map(\.rawValue).sorted())")

        // Late entries: a few percent.
        let late = Double(run.summary.lateEntries) / Double(run.summary.totalEvents)
        #expect(late > 0.01 && late < 0.15, "late entries \(late)")

        // Repeat requesters: the same e-mail on several requests.
        var byEmail: [String: Int] = [:]
        for r in received { if let e = r.requester.email { byEmail[e, default: 0] += 1 } }
        #expect(byEmail.values.contains { $0 >= 5 })
        #expect(received.allSatisfy { $0.requester.email.map { $0.hasSuffix(".example") || $0.contains("@example.") } ?? true })

        // References: numbered per prefix per year in order of receipt.
        var last: [String: Int] = [:]
        // A channelled SAR is numbered when its request arrived, which is its receipt.
        func receipt(_ e: DemoEvent) -> Date { (e.payload as? SARReceived)?.receivedAt.date ?? e.occurredAt }
        for event in run.events.filter(\.opensCase).sorted(by: { receipt($0) < receipt($1) }) {
            let ref = event.caseReference
            #expect(ref.year == LocalDate(event.occurredAt).year)
            let key = "\(ref.prefix.rawValue)-\(ref.year)"
            let serial = Int(ref.serial)!
            #expect(serial == (last[key] ?? 0) + 1, "\(ref) out of order")
            last[key] = serial
        }

        // Near misses across the services, some reported late (policy: 5 working days).
        let nearMisses = run.events.compactMap { $0.payload as? NearMissReported }
        #expect(Set(nearMisses.map(\.service)).count >= 6)
        let calendar = DeadlineCalculator().calendar(for: Division.englandAndWales)
        #expect(nearMisses.contains {
            calendar.workingDays(after: $0.occurredOn, through: $0.reportedOn) > 5
        })
        // Breaches: both ICO decisions; some notifications after 72 hours carry their reasons.
        let decisions = run.events.compactMap { ($0.payload as? ICONotificationDecided)?.decision }
        #expect(Set(decisions) == [.notify, .doNotNotify])

        // Working hours: openings Monday–Friday in office hours (London).
        for event in run.events.filter(\.opensCase) {
            let s = Int64(event.occurredAt.timeIntervalSince1970)
            #expect(!LocalDate(event.occurredAt).weekday.isWeekend)
            #expect((8 * 60 + 30)...(17 * 60) ~= DemoTime.minuteOfDay(s))
        }
    }

    @Test("About one FOI response in ten is late; acknowledgements mostly within 48 hours")
    func timeliness() throws {
        let run = Self.run(cases: 2000, seed: 4)
        let calculator = DeadlineCalculator()
        var byCase: [String: [DemoEvent]] = [:]
        for event in run.events where event.caseReference.kind == .request {
            byCase[event.caseReference.rawValue, default: []].append(event)
        }
        var answered = 0, late = 0, acked = 0, ackOnTime = 0
        for events in byCase.values {
            guard let received = events.first?.payload as? RequestReceived else { continue }
            let receivedOn = LocalDate(events[0].occurredAt)
            if let ack = events.first(where: { $0.eventType == .requestAcknowledged }) {
                acked += 1
                if ack.occurredAt.timeIntervalSince(events[0].occurredAt) <= 48 * 3600 { ackOnTime += 1 }
            }
            guard let response = events.first(where: { $0.eventType == .responseSent }) else { continue }
            let clarified = events.first { $0.eventType == .clarificationReceived }.map { LocalDate($0.occurredAt) }
            var fees: [FeeWindow] = []
            if let notice = events.first(where: { $0.eventType == .feeNoticeIssued }) {
                fees = [FeeWindow(noticeOn: LocalDate(notice.occurredAt),
                                  paidOn: events.first { $0.eventType == .feePaid }.map { LocalDate($0.occurredAt) })]
            }
            let extension_ = events.compactMap { $0.payload as? DeadlineExtended }.first
            var due = try calculator.foi(regime: received.regime, receivedOn: receivedOn, clarifiedOn: clarified,
                                         feeWindows: fees, extended: extension_?.workingDays == 20).dueDate!
            if let e = extension_, e.workingDays != 20 {
                due = calculator.calendar(for: received.regime).addWorkingDays(e.workingDays, after: due).date
            }
            answered += 1
            if LocalDate(response.occurredAt) > due { late += 1 }
        }
        let lateShare = Double(late) / Double(answered)
        print("FOI/EIR responses: \(answered), late: \(late) (\(Int(lateShare * 100))%); acknowledged within 48 h: \(ackOnTime)/\(acked)")
        #expect(lateShare > 0.06 && lateShare < 0.14)
        #expect(Double(ackOnTime) / Double(acked) > 0.8)
    }

    // MARK: Scale

    @Test("Streams: pending events stay a small fraction of the history; prints the generation rate")
    func throughput() {
        let generator = DemoGenerator(cases: 20_000, seed: 2026, end: Self.end)
        var iterator = generator.events().makeIterator()
        var count = 0, maxPending = 0
        let started = Date()
        while iterator.next() != nil {
            count += 1
            if count % 64 == 0 { maxPending = max(maxPending, iterator.heap.count) }
        }
        let seconds = Date().timeIntervalSince(started)
        print("demo generator: \(count) events for 20000 cases in \(String(format: "%.2f", seconds)) s = \(Int(Double(count) / seconds)) events/s; max pending \(maxPending)")
        #expect(count > 120_000)
        #expect(maxPending < count / 10)
    }
}
