import Foundation
import Testing
@testable import Casework

private func ld(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }
private func sat(_ date: String) -> String { "\(date) Saturday" }
private func sun(_ date: String) -> String { "\(date) Sunday" }
private let all3 = "(england-and-wales, scotland, northern-ireland)"
private let ewNI = "(england-and-wales, northern-ireland)"

/// One FOI/FOISA/EIR deadline, worked out by hand from the calendar and the gov.uk feed. The
/// comment on each case is the hand count: working days numbered, [..] weekends, xx skipped.
struct ClockFOICase: Sendable, CustomTestStringConvertible {
    var name: String
    var regime: Regime = .foia
    var received: String
    var clarified: String? = nil
    var fees: [FeeWindow] = []
    var extended = false
    var due: String?
    var skipped: [String]
    var testDescription: String { name }
}

private let foiCases: [ClockFOICase] = [
    // Mon 10 Mar 2025. 11–14 (4) [15,16] 17 NI xx, 18–21 (8) [22,23] 24–28 (13) [29,30] 31 (14)
    // Apr 1–4 (18) [5,6] 7 (19) 8 (20).
    ClockFOICase(name: "FOIA: St Patrick's Day (NI only) inside the window", received: "2025-03-10", due: "2025-04-08",
            skipped: [sat("2025-03-15"), sun("2025-03-16"), "2025-03-17 bank holiday: St Patrick’s Day (northern-ireland)",
                      sat("2025-03-22"), sun("2025-03-23"), sat("2025-03-29"), sun("2025-03-30"),
                      sat("2025-04-05"), sun("2025-04-06")]),
    // Same receipt under FOISA: 17 March counts. 11–14 (4) 17–21 (9) 24–28 (14) 31–Apr 4 (19) Apr 7 (20).
    ClockFOICase(name: "FOISA: St Patrick's Day is a working day", regime: .foisa, received: "2025-03-10", due: "2025-04-07",
            skipped: [sat("2025-03-15"), sun("2025-03-16"), sat("2025-03-22"), sun("2025-03-23"),
                      sat("2025-03-29"), sun("2025-03-30"), sat("2025-04-05"), sun("2025-04-06")]),
    // Tue 1 Jul 2025. 2–4 (3) [5,6] 7–11 (8) [12,13] 14 Boyne substitute xx, 15–18 (12) [19,20]
    // 21–25 (17) [26,27] 28, 29, 30 (20).
    ClockFOICase(name: "FOIA: Battle of the Boyne substitute Monday (NI only)", received: "2025-07-01", due: "2025-07-30",
            skipped: [sat("2025-07-05"), sun("2025-07-06"), sat("2025-07-12"), sun("2025-07-13"),
                      "2025-07-14 bank holiday: Battle of the Boyne (Orangemen’s Day), substitute day (northern-ireland)",
                      sat("2025-07-19"), sun("2025-07-20"), sat("2025-07-26"), sun("2025-07-27")]),
    // Fri 20 Dec 2024. 23, 24 (2) 25, 26 xx 27 (3) [28,29] 30, 31 (5) Jan 1 xx, Jan 2 Scotland xx,
    // 3 (6) [4,5] 6–10 (11) [11,12] 13–17 (16) [18,19] 20–23 (20).
    ClockFOICase(name: "FOIA: Christmas, New Year and 2 January (Scotland only)", received: "2024-12-20", due: "2025-01-23",
            skipped: [sat("2024-12-21"), sun("2024-12-22"), "2024-12-25 Christmas Day",
                      "2024-12-26 bank holiday: Boxing Day \(all3)", sat("2024-12-28"), sun("2024-12-29"),
                      "2025-01-01 bank holiday: New Year’s Day \(all3)", "2025-01-02 bank holiday: 2nd January (scotland)",
                      sat("2025-01-04"), sun("2025-01-05"), sat("2025-01-11"), sun("2025-01-12"),
                      sat("2025-01-18"), sun("2025-01-19")]),
    // The same dates under FOISA: every holiday skipped is Scottish, so the same due date.
    ClockFOICase(name: "FOISA: Christmas, New Year and 2 January", regime: .foisa, received: "2024-12-20", due: "2025-01-23",
            skipped: [sat("2024-12-21"), sun("2024-12-22"), "2024-12-25 Christmas Day",
                      "2024-12-26 bank holiday: Boxing Day (scotland)", sat("2024-12-28"), sun("2024-12-29"),
                      "2025-01-01 bank holiday: New Year’s Day (scotland)", "2025-01-02 bank holiday: 2nd January (scotland)",
                      sat("2025-01-04"), sun("2025-01-05"), sat("2025-01-11"), sun("2025-01-12"),
                      sat("2025-01-18"), sun("2025-01-19")]),
    // Thu 20 Nov 2025. 21 (1) [22,23] 24–28 (6) [29,30] Dec 1 St Andrew's substitute xx, 2–5 (10)
    // [6,7] 8–12 (15) [13,14] 15–19 (20).
    ClockFOICase(name: "FOIA: St Andrew's Day substitute Monday (Scotland only)", received: "2025-11-20", due: "2025-12-19",
            skipped: [sat("2025-11-22"), sun("2025-11-23"), sat("2025-11-29"), sun("2025-11-30"),
                      "2025-12-01 bank holiday: St Andrew’s Day, substitute day (scotland)",
                      sat("2025-12-06"), sun("2025-12-07"), sat("2025-12-13"), sun("2025-12-14")]),
    // Mon 28 Jul 2025. 29–Aug 1 (4) [2,3] 4 Scottish summer xx, 5–8 (8) [9,10] 11–15 (13) [16,17]
    // 18–22 (18) [23,24] 25 E&W/NI summer xx, 26 (19) 27 (20).
    ClockFOICase(name: "FOIA: first Monday of August (Scotland) and last Monday (E&W, NI)", received: "2025-07-28",
            due: "2025-08-27",
            skipped: [sat("2025-08-02"), sun("2025-08-03"), "2025-08-04 bank holiday: Summer bank holiday (scotland)",
                      sat("2025-08-09"), sun("2025-08-10"), sat("2025-08-16"), sun("2025-08-17"),
                      sat("2025-08-23"), sun("2025-08-24"), "2025-08-25 bank holiday: Summer bank holiday \(ewNI)"]),
    // Thu 10 Apr 2025. 11 (1) [12,13] 14–17 (5) 18 GF xx [19,20] 21 Easter Monday xx, 22–25 (9)
    // [26,27] 28–May 2 (14) [3,4] 5 xx, 6–9 (18) [10,11] 12 (19) 13 (20).
    ClockFOICase(name: "FOIA: Easter", received: "2025-04-10", due: "2025-05-13",
            skipped: [sat("2025-04-12"), sun("2025-04-13"), "2025-04-18 Good Friday", sat("2025-04-19"),
                      sun("2025-04-20"), "2025-04-21 bank holiday: Easter Monday \(ewNI)", sat("2025-04-26"),
                      sun("2025-04-27"), sat("2025-05-03"), sun("2025-05-04"),
                      "2025-05-05 bank holiday: Early May bank holiday \(all3)", sat("2025-05-10"), sun("2025-05-11")]),
    // Same under FOISA: Easter Monday 21 April is day 6. 11 (1) 14–17 (5) 18 xx 21–25 (10)
    // 28–May 2 (15) 5 xx 6–9 (19) 12 (20).
    ClockFOICase(name: "FOISA: Easter Monday is a working day", regime: .foisa, received: "2025-04-10", due: "2025-05-12",
            skipped: [sat("2025-04-12"), sun("2025-04-13"), "2025-04-18 Good Friday", sat("2025-04-19"),
                      sun("2025-04-20"), sat("2025-04-26"), sun("2025-04-27"), sat("2025-05-03"), sun("2025-05-04"),
                      "2025-05-05 bank holiday: Early May bank holiday (scotland)", sat("2025-05-10"), sun("2025-05-11")]),
    // Mon 15 Dec 2025. 16–19 (4) [20,21] 22–24 (7) 25, 26 xx [27,28] 29–31 (10) Jan 1 xx, Jan 2
    // Scotland xx [3,4] 5–9 (15) [10,11] 12–16 (20).
    ClockFOICase(name: "FOIA: Christmas–New Year 2025/26", received: "2025-12-15", due: "2026-01-16",
            skipped: [sat("2025-12-20"), sun("2025-12-21"), "2025-12-25 Christmas Day",
                      "2025-12-26 bank holiday: Boxing Day \(all3)", sat("2025-12-27"), sun("2025-12-28"),
                      "2026-01-01 bank holiday: New Year’s Day \(all3)", "2026-01-02 bank holiday: 2nd January (scotland)",
                      sat("2026-01-03"), sun("2026-01-04"), sat("2026-01-10"), sun("2026-01-11")]),
    // Mon 20 Dec 2021: Christmas Saturday. 21–24 (4) [25,26] 27, 28 substitutes xx, 29–31 (7)
    // [Jan 1, 2] 3 NYD substitute, 4 2nd January substitute (Scotland) xx, 5–7 (10) [8,9] 10–14 (15)
    // [15,16] 17–21 (20).
    ClockFOICase(name: "FOIA: substitute days, Christmas on a Saturday 2021", received: "2021-12-20", due: "2022-01-21",
            skipped: [sat("2021-12-25"), sun("2021-12-26"),
                      "2021-12-27 bank holiday: Christmas Day, substitute day \(all3)",
                      "2021-12-28 bank holiday: Boxing Day, substitute day \(all3)", sat("2022-01-01"), sun("2022-01-02"),
                      "2022-01-03 bank holiday: New Year’s Day, substitute day \(all3)",
                      "2022-01-04 bank holiday: 2nd January, substitute day (scotland)",
                      sat("2022-01-08"), sun("2022-01-09"), sat("2022-01-15"), sun("2022-01-16")]),
    // Received Sat 15 Mar 2025: [16] 17 NI xx, 18–21 (4) [22,23] 24–28 (9) [29,30] 31–Apr 4 (14)
    // [5,6] 7–11 (19) [12,13] 14 (20).
    ClockFOICase(name: "FOIA: received on a Saturday", received: "2025-03-15", due: "2025-04-14",
            skipped: [sun("2025-03-16"), "2025-03-17 bank holiday: St Patrick’s Day (northern-ireland)",
                      sat("2025-03-22"), sun("2025-03-23"), sat("2025-03-29"), sun("2025-03-30"),
                      sat("2025-04-05"), sun("2025-04-06"), sat("2025-04-12"), sun("2025-04-13")]),
    // Received on Early May bank holiday Mon 5 May 2025: 6–9 (4) [10,11] 12–16 (9) [17,18]
    // 19–23 (14) [24,25] 26 Spring xx, 27–30 (18) [31, Jun 1] 2 (19) 3 (20).
    ClockFOICase(name: "FOIA: received on a bank holiday", received: "2025-05-05", due: "2025-06-03",
            skipped: [sat("2025-05-10"), sun("2025-05-11"), sat("2025-05-17"), sun("2025-05-18"),
                      sat("2025-05-24"), sun("2025-05-25"), "2025-05-26 bank holiday: Spring bank holiday \(all3)",
                      sat("2025-05-31"), sun("2025-06-01")]),
    // Fri 24 Apr 2020: Early May moved to Fri 8 May (VE day), so Mon 4 May is a working day.
    // 27–May 1 (5) [2,3] 4–7 (9) 8 xx [9,10] 11–15 (14) [16,17] 18–22 (19) [23,24] 25 xx, 26 (20).
    ClockFOICase(name: "FOIA: one-off VE day 2020-05-08", received: "2020-04-24", due: "2020-05-26",
            skipped: [sat("2020-04-25"), sun("2020-04-26"), sat("2020-05-02"), sun("2020-05-03"),
                      "2020-05-08 bank holiday: Early May bank holiday (VE day) \(all3)", sat("2020-05-09"),
                      sun("2020-05-10"), sat("2020-05-16"), sun("2020-05-17"), sat("2020-05-23"), sun("2020-05-24"),
                      "2020-05-25 bank holiday: Spring bank holiday \(all3)"]),
    // Fri 20 May 2022: Spring moved from Mon 30 May to Thu 2 June, Jubilee Fri 3 June.
    // 23–27 (5) [28,29] 30, 31, Jun 1 (8) 2, 3 xx [4,5] 6–10 (13) [11,12] 13–17 (18) [18,19] 20, 21 (20).
    ClockFOICase(name: "FOIA: one-off Platinum Jubilee 2022-06-02/03", received: "2022-05-20", due: "2022-06-21",
            skipped: [sat("2022-05-21"), sun("2022-05-22"), sat("2022-05-28"), sun("2022-05-29"),
                      "2022-06-02 bank holiday: Spring bank holiday \(all3)",
                      "2022-06-03 bank holiday: Platinum Jubilee bank holiday \(all3)", sat("2022-06-04"),
                      sun("2022-06-05"), sat("2022-06-11"), sun("2022-06-12"), sat("2022-06-18"), sun("2022-06-19")]),
    // Mon 12 Sep 2022: 13–16 (4) [17,18] 19 xx 20–23 (8) [24,25] 26–30 (13) [1,2] 3–7 (18) [8,9] 10, 11 (20).
    ClockFOICase(name: "FOIA: one-off state funeral 2022-09-19", received: "2022-09-12", due: "2022-10-11",
            skipped: [sat("2022-09-17"), sun("2022-09-18"),
                      "2022-09-19 bank holiday: Bank Holiday for the State Funeral of Queen Elizabeth II \(all3)",
                      sat("2022-09-24"), sun("2022-09-25"), sat("2022-10-01"), sun("2022-10-02"),
                      sat("2022-10-08"), sun("2022-10-09")]),
    // Fri 28 Apr 2023: [29,30] May 1 xx 2–5 (4) [6,7] 8 xx 9–12 (8) [13,14] 15–19 (13) [20,21]
    // 22–26 (18) [27,28] 29 xx 30, 31 (20).
    ClockFOICase(name: "FOIA: one-off coronation 2023-05-08", received: "2023-04-28", due: "2023-05-31",
            skipped: [sat("2023-04-29"), sun("2023-04-30"), "2023-05-01 bank holiday: Early May bank holiday \(all3)",
                      sat("2023-05-06"), sun("2023-05-07"),
                      "2023-05-08 bank holiday: Bank holiday for the coronation of King Charles III \(all3)",
                      sat("2023-05-13"), sun("2023-05-14"), sat("2023-05-20"), sun("2023-05-21"),
                      sat("2023-05-27"), sun("2023-05-28"), "2023-05-29 bank holiday: Spring bank holiday \(all3)"]),
    // Received 1 Apr, clarified Thu 17 Apr 2025 (the day before Good Friday): 18 GF, [19,20],
    // 21 EM xx, 22–25 (4) [26,27] 28–May 2 (9) [3,4] 5 xx 6–9 (13) [10,11] 12–16 (18) [17,18] 19, 20 (20).
    ClockFOICase(name: "FOIA: clarification just before Good Friday restarts the count", received: "2025-04-01",
            clarified: "2025-04-17", due: "2025-05-20",
            skipped: ["2025-04-18 Good Friday", sat("2025-04-19"), sun("2025-04-20"),
                      "2025-04-21 bank holiday: Easter Monday \(ewNI)", sat("2025-04-26"), sun("2025-04-27"),
                      sat("2025-05-03"), sun("2025-05-04"), "2025-05-05 bank holiday: Early May bank holiday \(all3)",
                      sat("2025-05-10"), sun("2025-05-11"), sat("2025-05-17"), sun("2025-05-18")]),
    // Mon 2 Jun 2025, fee notice Fri 6 Jun, paid Tue 10 Jun (6, 9, 10 disregarded):
    // 3–5 (3) 6 fee [7,8] 9, 10 fee, 11–13 (6) [14,15] 16–20 (11) [21,22] 23–27 (16) [28,29] 30–Jul 3 (20).
    ClockFOICase(name: "FOIA: fee notice across a weekend, paid", received: "2025-06-02",
            fees: [FeeWindow(noticeOn: ld("2025-06-06"), paidOn: ld("2025-06-10"))], due: "2025-07-03",
            skipped: ["2025-06-06 fee notice period (notice 2025-06-06, paid 2025-06-10)", sat("2025-06-07"),
                      sun("2025-06-08"), "2025-06-09 fee notice period (notice 2025-06-06, paid 2025-06-10)",
                      "2025-06-10 fee notice period (notice 2025-06-06, paid 2025-06-10)",
                      sat("2025-06-14"), sun("2025-06-15"), sat("2025-06-21"), sun("2025-06-22"),
                      sat("2025-06-28"), sun("2025-06-29")]),
    // Unpaid: the clock stops on Fri 6 Jun (day 4 would have been that day): no due date.
    ClockFOICase(name: "FOIA: fee notice unpaid pauses with no due date", received: "2025-06-02",
            fees: [FeeWindow(noticeOn: ld("2025-06-06"), paidOn: nil)], due: nil, skipped: []),
    // A fee notice given after the due date does not move it: 3–6 (4) 9–13 (9) 16–20 (14) 23–27 (19) 30 (20).
    ClockFOICase(name: "FOIA: fee notice after the due date changes nothing", received: "2025-06-02",
            fees: [FeeWindow(noticeOn: ld("2025-07-01"), paidOn: nil)], due: "2025-06-30",
            skipped: [sat("2025-06-07"), sun("2025-06-08"), sat("2025-06-14"), sun("2025-06-15"),
                      sat("2025-06-21"), sun("2025-06-22"), sat("2025-06-28"), sun("2025-06-29")]),
    // EIR reg 7 extension from Mon 10 Mar 2025: day 20 is Apr 8; 9–11 (23) [12,13] 14–17 (27) 18 GF
    // [19,20] 21 EM 22–25 (31) [26,27] 28–May 2 (36) [3,4] 5 xx 6–9 (40).
    ClockFOICase(name: "EIR: complex and voluminous, extended to 40 working days", regime: .eir, received: "2025-03-10",
            extended: true, due: "2025-05-09",
            skipped: [sat("2025-03-15"), sun("2025-03-16"), "2025-03-17 bank holiday: St Patrick’s Day (northern-ireland)",
                      sat("2025-03-22"), sun("2025-03-23"), sat("2025-03-29"), sun("2025-03-30"),
                      sat("2025-04-05"), sun("2025-04-06"), sat("2025-04-12"), sun("2025-04-13"),
                      "2025-04-18 Good Friday", sat("2025-04-19"), sun("2025-04-20"),
                      "2025-04-21 bank holiday: Easter Monday \(ewNI)", sat("2025-04-26"), sun("2025-04-27"),
                      sat("2025-05-03"), sun("2025-05-04"), "2025-05-05 bank holiday: Early May bank holiday \(all3)"]),
    ClockFOICase(name: "EIR: not extended, 20 working days with the FOIA calendar", regime: .eir, received: "2025-03-10",
            due: "2025-04-08",
            skipped: [sat("2025-03-15"), sun("2025-03-16"), "2025-03-17 bank holiday: St Patrick’s Day (northern-ireland)",
                      sat("2025-03-22"), sun("2025-03-23"), sat("2025-03-29"), sun("2025-03-30"),
                      sat("2025-04-05"), sun("2025-04-06")]),
    // Mon 18 Dec 2028 (generated by rule): 19–22 (4) [23,24] 25, 26 xx 27–29 (7) [30,31] Jan 1 xx,
    // Jan 2 Scotland xx, 3–5 (10) [6,7] 8–12 (15) [13,14] 15–19 (20).
    ClockFOICase(name: "FOIA: years beyond the feed use generated holidays", received: "2028-12-18", due: "2029-01-19",
            skipped: [sat("2028-12-23"), sun("2028-12-24"), "2028-12-25 Christmas Day",
                      "2028-12-26 bank holiday: Boxing Day \(all3)", sat("2028-12-30"), sun("2028-12-31"),
                      "2029-01-01 bank holiday: New Year’s Day \(all3)", "2029-01-02 bank holiday: 2nd January (scotland)",
                      sat("2029-01-06"), sun("2029-01-07"), sat("2029-01-13"), sun("2029-01-14")]),
]

@Suite("FOI, FOISA and EIR deadlines")
struct ClockFOIDeadlineTests {
    let calculator = DeadlineCalculator(policy: .default, holidays: .bundled)

    @Test("hand-worked deadline table", arguments: foiCases)
    func table(_ c: ClockFOICase) throws {
        let result = try calculator.foi(regime: c.regime, receivedOn: ld(c.received),
                                        clarifiedOn: c.clarified.map(ld), feeWindows: c.fees, extended: c.extended)
        #expect(result.dueDate == c.due.map(ld))
        #expect(result.skipped.map(\.description) == c.skipped)
        #expect(result.workingDays == (c.extended ? 40 : 20))
        #expect(result.startedOn == .date(ld(c.clarified ?? c.received)))
        if let due = c.due {
            // Every day after the start up to the due date is either counted or skipped.
            let span = ld(c.clarified ?? c.received).days(until: ld(due))
            #expect(span == (c.extended ? 40 : 20) + c.skipped.count)
        } else {
            #expect(result.explanation.last == "paused: fee notice unpaid")
        }
    }

    @Test("FOIA public interest test extension to 40 working days")
    func foiaExtension() throws {
        let result = try calculator.foi(regime: .foia, receivedOn: ld("2025-03-10"), extended: true)
        #expect(result.dueDate == ld("2025-05-09"))
        #expect(result.explanation.contains { $0.contains("s10(3)") })
    }

    @Test("explanation names the rule, the restart and the generated years")
    func explanation() throws {
        let clarified = try calculator.foi(regime: .foia, receivedOn: ld("2025-04-01"), clarifiedOn: ld("2025-04-17"))
        #expect(clarified.explanation.first?.hasPrefix("FOIA s10(6)") == true)
        #expect(clarified.explanation.contains { $0.hasPrefix("Clarification received 2025-04-17 (Thursday)") })
        #expect(clarified.explanation.last == "Due 2025-05-20 (Tuesday) (working day 20).")
        let future = try calculator.foi(regime: .foia, receivedOn: ld("2028-12-18"))
        #expect(future.explanation.contains { $0.hasPrefix("Bank holidays for 2028 (england-and-wales, scotland, northern-ireland) are generated by rule") })
        #expect(future.explanation.contains { $0.hasPrefix("Bank holidays for 2029") })
        let covered = try calculator.foi(regime: .foia, receivedOn: ld("2025-03-10"))
        #expect(!covered.explanation.contains { $0.contains("generated by rule") })
    }

    @Test("JSON shape of a result")
    func json() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let result = try calculator.foi(regime: .foia, receivedOn: ld("2025-03-10"))
        let object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(result)) as? [String: Any])
        #expect(object["due"] as? String == "2025-04-08")
        #expect(object["startedOn"] as? String == "2025-03-10")
        #expect(object["workingDays"] as? Int == 20)
        let skipped = try #require(object["skipped"] as? [[String: String]])
        #expect(skipped[2] == ["date": "2025-03-17", "reason": "bank holiday: St Patrick’s Day (northern-ireland)"])
        #expect(try JSONDecoder().decode(DeadlineResult.self, from: encoder.encode(result)) == result)

        let paused = try calculator.foi(regime: .foia, receivedOn: ld("2025-06-02"),
                                        feeWindows: [FeeWindow(noticeOn: ld("2025-06-06"), paidOn: nil)])
        let pausedObject = try #require(try JSONSerialization.jsonObject(with: encoder.encode(paused)) as? [String: Any])
        #expect(pausedObject["due"] == nil)
        #expect(paused.isOverdue(on: ld("2030-01-01")) == false)
    }

    @Test("impossible inputs are refused")
    func refusals() {
        #expect(throws: DeadlineError.self) {
            try calculator.foi(regime: .foia, receivedOn: ld("2025-03-10"), clarifiedOn: ld("2025-03-07"))
        }
        #expect(throws: DeadlineError.self) {
            try calculator.foi(regime: .foia, receivedOn: ld("2025-03-10"),
                               feeWindows: [FeeWindow(noticeOn: ld("2025-03-12"), paidOn: ld("2025-03-11"))])
        }
        #expect(throws: DeadlineError.self) {
            try calculator.foi(regime: .foia, receivedOn: ld("2025-03-10"),
                               feeWindows: [FeeWindow(noticeOn: ld("2025-03-09"), paidOn: nil)])
        }
        do {
            _ = try calculator.foi(regime: .foisa, receivedOn: ld("2025-03-10"), extended: true)
            Issue.record("FOISA extension must be refused")
        } catch let error as DeadlineError {
            #expect(error.code == .extensionNotAvailable)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("overdue is judged against the due day")
    func overdue() throws {
        let result = try calculator.foi(regime: .foia, receivedOn: ld("2025-03-10"))
        #expect(!result.isOverdue(on: ld("2025-04-08")))
        #expect(result.isOverdue(on: ld("2025-04-09")))
    }

    @Test("internal review deadlines", arguments: [
        // FOIA: as the 20-day table from Mon 10 Mar 2025 → Apr 8; 40 → May 9.
        (Regime.foia, false, "2025-04-08", 20), (.foia, true, "2025-05-09", 40),
        // FOISA: Scottish calendar, St Patrick's counts → Apr 7.
        (.foisa, false, "2025-04-07", 20),
        // EIR reg 11(4): the statutory 40 working days, with or without "extended".
        (.eir, false, "2025-05-09", 40), (.eir, true, "2025-05-09", 40),
    ])
    func internalReview(regime: Regime, extended: Bool, due: String, days: Int) throws {
        let result = try calculator.internalReview(requestedOn: ld("2025-03-10"), regime: regime, extended: extended)
        #expect(result.dueDate == ld(due))
        #expect(result.workingDays == days)
    }

    @Test("FOISA review cannot be extended (s21(1))")
    func foisaReviewExtension() {
        #expect(throws: DeadlineError.self) {
            try calculator.internalReview(requestedOn: ld("2025-03-10"), regime: .foisa, extended: true)
        }
    }

    @Test("working days taken for register rows", arguments: [
        // Received Mon 10 Mar 2025, FOIA: answered on day 20 (Apr 8), day 21 (Apr 9), same day, Sat 15.
        ("2025-03-10", nil as String?, "2025-04-08", 20), ("2025-03-10", nil, "2025-04-09", 21),
        ("2025-03-10", nil, "2025-03-10", 0), ("2025-03-10", nil, "2025-03-15", 4),
        // Clarified Wed 12 Mar: 13, 14 (2) 17 NI xx 18–21 (6) 24–28 (11) 31–Apr 4 (16) 7, 8 (18).
        ("2025-03-10", "2025-03-12", "2025-04-08", 18),
    ])
    func workingDaysTaken(received: String, clarified: String?, responded: String, expected: Int) throws {
        #expect(try calculator.workingDaysTaken(receivedOn: ld(received), respondedOn: ld(responded), regime: .foia,
                                                clarifiedOn: clarified.map(ld)) == expected)
    }

    @Test("working days taken leaves out fee periods")
    func workingDaysTakenWithFee() throws {
        let fee = [FeeWindow(noticeOn: ld("2025-06-06"), paidOn: ld("2025-06-10"))]
        #expect(try calculator.workingDaysTaken(receivedOn: ld("2025-06-02"), respondedOn: ld("2025-07-03"),
                                                regime: .foia, feeWindows: fee) == 20)
        // Unpaid notice on Fri 6 Jun: only Jun 3, 4, 5 count, whenever the reply went.
        let unpaid = [FeeWindow(noticeOn: ld("2025-06-06"), paidOn: nil)]
        #expect(try calculator.workingDaysTaken(receivedOn: ld("2025-06-02"), respondedOn: ld("2025-07-03"),
                                                regime: .foia, feeWindows: unpaid) == 3)
    }
}
