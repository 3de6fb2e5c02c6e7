import Foundation
import Testing
@testable import Casework

private func ld(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }
private func instant(_ rfc3339: String) -> Date { DeadlineMoment.parseRFC3339(rfc3339)! }

private func policy(_ change: (inout Policy) -> Void) -> Policy {
    var policy = Policy.default
    change(&policy)
    return policy
}

struct ClockSARCase: Sendable, CustomTestStringConvertible {
    var name: String
    var start: String
    var extended = false
    var division: Division = .englandAndWales
    var due: String
    var skipped: [String] = []
    var testDescription: String { name }
}

private let sarCases: [ClockSARCase] = [
    // Leap year 2024: February has 29 days. Thu 29 Feb 2024 is a working day.
    ClockSARCase(name: "29 Jan 2024 → 29 Feb", start: "2024-01-29", due: "2024-02-29"),
    ClockSARCase(name: "30 Jan 2024 → 29 Feb (no 30 Feb)", start: "2024-01-30", due: "2024-02-29"),
    ClockSARCase(name: "31 Jan 2024 → 29 Feb (no 31 Feb)", start: "2024-01-31", due: "2024-02-29"),
    ClockSARCase(name: "28 Jan 2024 → 28 Feb", start: "2024-01-28", due: "2024-02-28"),
    // Common year 2025: Fri 28 Feb 2025 is a working day.
    ClockSARCase(name: "29 Jan 2025 → 28 Feb (no 29 Feb)", start: "2025-01-29", due: "2025-02-28"),
    ClockSARCase(name: "30 Jan 2025 → 28 Feb", start: "2025-01-30", due: "2025-02-28"),
    ClockSARCase(name: "31 Jan 2025 → 28 Feb", start: "2025-01-31", due: "2025-02-28"),
    // Sat 1 Feb 2025 → Sat 1 Mar → Mon 3 Mar.
    ClockSARCase(name: "due on a weekend moves to Monday", start: "2025-02-01", due: "2025-03-03",
            skipped: ["2025-03-01 Saturday", "2025-03-02 Sunday"]),
    // Fri 21 Mar 2025 → Mon 21 Apr, Easter Monday in England and Wales → Tue 22 Apr.
    ClockSARCase(name: "due on Easter Monday (E&W) moves to Tuesday", start: "2025-03-21", due: "2025-04-22",
            skipped: ["2025-04-21 bank holiday: Easter Monday (england-and-wales)"]),
    // The same in Scotland: Easter Monday is a working day there.
    ClockSARCase(name: "Scottish home division: Easter Monday is a working day", start: "2025-03-21",
            division: .scotland, due: "2025-04-21"),
    // Mon 17 Feb 2025 → Mon 17 Mar, St Patrick's Day: moved in NI only.
    ClockSARCase(name: "NI home division: St Patrick's Day moves the due date", start: "2025-02-17",
            division: .northernIreland, due: "2025-03-18",
            skipped: ["2025-03-17 bank holiday: St Patrick’s Day (northern-ireland)"]),
    ClockSARCase(name: "E&W home division: St Patrick's Day is a working day", start: "2025-02-17", due: "2025-03-17"),
    // Tue 25 Nov 2025 → Thu 25 Dec → Mon 29 Dec.
    ClockSARCase(name: "due on Christmas Day", start: "2025-11-25", due: "2025-12-29",
            skipped: ["2025-12-25 Christmas Day", "2025-12-26 bank holiday: Boxing Day (england-and-wales)",
                      "2025-12-27 Saturday", "2025-12-28 Sunday"]),
    // Thu 29 Feb 2024 → Fri 29 Mar 2024 Good Friday, [30, 31], Mon 1 Apr Easter Monday → Tue 2 Apr.
    ClockSARCase(name: "29 Feb 2024 → Good Friday → Tuesday after Easter", start: "2024-02-29", due: "2024-04-02",
            skipped: ["2024-03-29 Good Friday", "2024-03-30 Saturday", "2024-03-31 Sunday",
                      "2024-04-01 bank holiday: Easter Monday (england-and-wales)"]),
    // Extensions: three months after the start.
    ClockSARCase(name: "extended: 30 Nov 2024 → 28 Feb 2025", start: "2024-11-30", extended: true, due: "2025-02-28"),
    ClockSARCase(name: "extended: 31 Jan 2025 → 30 Apr 2025", start: "2025-01-31", extended: true, due: "2025-04-30"),
    ClockSARCase(name: "extended: 18 Jan 2025 → Good Friday 18 Apr → Tue 22 Apr", start: "2025-01-18", extended: true,
            due: "2025-04-22",
            skipped: ["2025-04-18 Good Friday", "2025-04-19 Saturday", "2025-04-20 Sunday",
                      "2025-04-21 bank holiday: Easter Monday (england-and-wales)"]),
]

@Suite("SAR, breach and internal-step deadlines")
struct ClockSARAndBreachTests {
    let calculator = DeadlineCalculator(policy: .default, holidays: .bundled)

    @Test("SAR under current law (UK GDPR Art 12(3))", arguments: sarCases)
    func sar(_ c: ClockSARCase) throws {
        let result = try calculator.sar(startOn: ld(c.start), extended: c.extended, division: c.division)
        #expect(result.dueDate == ld(c.due))
        #expect(result.skipped.map(\.description) == c.skipped)
        #expect(result.workingDays == nil)
        #expect(result.startedOn == .date(ld(c.start)))
    }

    @Test("SAR home division defaults to the policy's")
    func sarHomeDivision() throws {
        let scottish = DeadlineCalculator(policy: policy { $0.homeDivision = .scotland }, holidays: .bundled)
        #expect(try scottish.sar(startOn: ld("2025-03-21")).dueDate == ld("2025-04-21"))
        #expect(try calculator.sar(startOn: ld("2025-03-21")).dueDate == ld("2025-04-22"))
    }

    @Test("SAR start is the latest of receipt, identity, fee and clarification")
    func sarStart() {
        #expect(DeadlineCalculator.sarStart(receivedOn: ld("2025-03-03")) == ld("2025-03-03"))
        #expect(DeadlineCalculator.sarStart(receivedOn: ld("2025-03-03"), identityVerifiedOn: ld("2025-03-07"),
                                            feePaidOn: nil, clarifiedOn: ld("2025-03-05")) == ld("2025-03-07"))
        #expect(DeadlineCalculator.sarStart(receivedOn: ld("2025-03-03"), identityVerifiedOn: ld("2025-02-20"),
                                            feePaidOn: ld("2025-03-10"), clarifiedOn: nil) == ld("2025-03-10"))
    }

    @Test("SAR under the seed's DPA 1998 rule: day 40 counting the start day, not moved")
    func sarFortyDays() throws {
        let legacy = DeadlineCalculator(policy: policy { $0.sarRule = .fortyCalendarDays }, holidays: .bundled)
        // 1 Jan 2025 is day 1; 31 January is day 31; 9 February (a Sunday) is day 40.
        let result = try legacy.sar(startOn: ld("2025-01-01"))
        #expect(result.dueDate == ld("2025-02-09"))
        #expect(result.skipped.isEmpty)
        #expect(throws: DeadlineError.self) { try legacy.sar(startOn: ld("2025-01-01"), extended: true) }
    }

    @Test("ICO breach notification: 72 elapsed hours across the March clock change")
    func breachSpringForward() {
        // Aware Fri 28 Mar 2025 10:00 GMT; clocks go forward Sun 30 Mar. 72 h later is
        // Mon 31 Mar 10:00 UTC = 11:00 BST.
        let aware = instant("2025-03-28T10:00:00Z")
        #expect(calculator.breachICO(awareAt: aware) == instant("2025-03-31T10:00:00Z"))
        let result = calculator.breachICODeadline(awareAt: aware)
        #expect(result.due?.description == "2025-03-31T11:00:00+01:00")
        #expect(result.startedOn.description == "2025-03-28T10:00:00+00:00")
        #expect(result.explanation.contains { $0.contains("GMT to BST") })
    }

    @Test("ICO breach notification: 72 elapsed hours across the October clock change")
    func breachFallBack() throws {
        // Aware Fri 24 Oct 2025 10:00 BST (09:00 UTC); clocks go back Sun 26 Oct. 72 h later is
        // Mon 27 Oct 09:00 UTC = 09:00 GMT.
        let aware = instant("2025-10-24T10:00:00+01:00")
        #expect(calculator.breachICO(awareAt: aware) == instant("2025-10-27T09:00:00Z"))
        let result = calculator.breachICODeadline(awareAt: aware)
        #expect(result.due?.description == "2025-10-27T09:00:00+00:00")
        #expect(result.startedOn.description == "2025-10-24T10:00:00+01:00")
        #expect(result.explanation.contains { $0.contains("BST to GMT") })
        let json = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(DeadlineResult.self, from: json) == result)
        #expect(result.isOverdue(at: instant("2025-10-27T09:00:01Z")))
        #expect(!result.isOverdue(at: instant("2025-10-27T09:00:00Z")))
    }

    @Test("ICO breach notification with no clock change, and a stricter policy target")
    func breachSummer() {
        // Mon 2 Jun 2025 08:30 UTC (09:30 BST) → Thu 5 Jun 09:30 BST.
        #expect(calculator.breachICODeadline(awareAt: instant("2025-06-02T08:30:00Z")).due?.description
                == "2025-06-05T09:30:00+01:00")
        let strict = DeadlineCalculator(policy: policy { $0.icoNotificationHours = 24 }, holidays: .bundled)
        #expect(strict.breachICO(awareAt: instant("2025-06-02T08:30:00Z")) == instant("2025-06-03T08:30:00Z"))
    }

    @Test("acknowledgement: 48 clock hours, weekends included")
    func acknowledgement() {
        // Sat 29 Mar 2025 16:00 GMT + 48 h = Mon 31 Mar 16:00 UTC = 17:00 BST.
        let result = calculator.acknowledgement(receivedAt: instant("2025-03-29T16:00:00Z"))
        #expect(result.due == .instant(instant("2025-03-31T16:00:00Z")))
        #expect(result.due?.description == "2025-03-31T17:00:00+01:00")
    }

    @Test("breach reporting form: 2 working days in the home division")
    func breachReportForm() {
        // Discovered Thu 17 Apr 2025: 18 GF, [19, 20], 21 EM, Tue 22 (1), Wed 23 (2).
        let result = calculator.breachReportForm(discoveredOn: ld("2025-04-17"))
        #expect(result.dueDate == ld("2025-04-23"))
        #expect(result.workingDays == 2)
        #expect(result.skipped.map(\.description) == [
            "2025-04-18 Good Friday", "2025-04-19 Saturday", "2025-04-20 Sunday",
            "2025-04-21 bank holiday: Easter Monday (england-and-wales)",
        ])
    }

    @Test("near-miss report: 5 working days in the home division", arguments: [
        // Tue 23 Dec 2025, E&W: 24 (1) 25, 26 [27, 28] 29–31 (4) Jan 1 xx, Fri 2 Jan (5).
        (Division.englandAndWales, "2026-01-02", ["2025-12-25 Christmas Day",
            "2025-12-26 bank holiday: Boxing Day (england-and-wales)", "2025-12-27 Saturday", "2025-12-28 Sunday",
            "2026-01-01 bank holiday: New Year’s Day (england-and-wales)"]),
        // Scotland: 2 January is a holiday too, [3, 4], Mon 5 Jan (5).
        (.scotland, "2026-01-05", ["2025-12-25 Christmas Day", "2025-12-26 bank holiday: Boxing Day (scotland)",
            "2025-12-27 Saturday", "2025-12-28 Sunday", "2026-01-01 bank holiday: New Year’s Day (scotland)",
            "2026-01-02 bank holiday: 2nd January (scotland)", "2026-01-03 Saturday", "2026-01-04 Sunday"]),
    ])
    func nearMiss(division: Division, due: String, skipped: [String]) {
        let calc = DeadlineCalculator(policy: policy { $0.homeDivision = division }, holidays: .bundled)
        let result = calc.nearMissReport(occurredOn: ld("2025-12-23"))
        #expect(result.dueDate == ld(due))
        #expect(result.skipped.map(\.description) == skipped)
        #expect(result.workingDays == 5)
    }

    @Test("updated breach form: 14 calendar days, not moved")
    func updatedForm() {
        #expect(calculator.breachUpdatedForm(discoveredOn: ld("2025-04-17")).dueDate == ld("2025-05-01"))
        // Sat 1 Mar 2025 + 14 = Sat 15 Mar: calendar days are not moved.
        #expect(calculator.breachUpdatedForm(discoveredOn: ld("2025-03-01")).dueDate == ld("2025-03-15"))
    }

    @Test("RFC 3339 parsing and London rendering")
    func rfc3339() {
        #expect(DeadlineMoment.parseRFC3339("2026-01-05T09:30:00Z") == Date(timeIntervalSince1970: 1_767_605_400))
        #expect(DeadlineMoment.parseRFC3339("2026-01-05T10:30:00+01:00") == Date(timeIntervalSince1970: 1_767_605_400))
        #expect(DeadlineMoment.parseRFC3339("2026-01-05T09:30:00.5Z") == Date(timeIntervalSince1970: 1_767_605_400.5))
        #expect(DeadlineMoment.parseRFC3339("2026-01-05 09:30:00Z") == nil)
        #expect(DeadlineMoment.parseRFC3339("2026-01-05T09:30:00") == nil)
        #expect(DeadlineMoment.parseRFC3339("2026-01-05T25:30:00Z") == nil)
        #expect(DeadlineMoment.londonRFC3339(Date(timeIntervalSince1970: 1_767_605_400)) == "2026-01-05T09:30:00+00:00")
    }
}
