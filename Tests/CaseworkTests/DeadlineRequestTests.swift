import Testing
@testable import Casework

/// The deadline calculator as an officer asks it (`casebook deadline`, `POST /deadline`).
@Suite("Deadline requests as typed")
struct DeadlineRequestTests {
    let calculator = DeadlineCalculator()

    @Test("a received moment in UK local time, without an offset, is read as such")
    func localTime() throws {
        let local = try DeadlineRequest(clock: .ack, received: "2025-03-28T10:00").evaluate(with: calculator)
        let stated = try DeadlineRequest(clock: .ack, received: "2025-03-28T10:00:00Z").evaluate(with: calculator)
        #expect(local.due == stated.due)   // GMT in March before the clocks change
        let summer = try DeadlineRequest(clock: .ack, received: "2025-07-01 10:00").evaluate(with: calculator)
        #expect(summer.due?.description == "2025-07-03T10:00:00+01:00")
        #expect(throws: DeadlineRequest.Invalid.self) { try DeadlineRequest(clock: .foia, received: "28/03/2025").evaluate(with: calculator) }
    }

    @Test("a SAR's clock starts when its fee is paid; no fees notice date is needed")
    func sarFeePaidAlone() throws {
        let result = try DeadlineRequest(clock: .sar, received: "2025-03-03", feePaid: "2025-03-10").evaluate(with: calculator)
        let started = try DeadlineRequest(clock: .sar, received: "2025-03-10").evaluate(with: calculator)
        #expect(result.due == started.due)
        // FOIA still needs both: the days between the notice and payment are not counted.
        #expect(throws: DeadlineRequest.Invalid.self) { try DeadlineRequest(clock: .foia, received: "2025-03-03", feePaid: "2025-03-10").evaluate(with: calculator) }
    }

    @Test("--division is honoured for the breach reporting form and the near-miss report")
    func divisionForInternalSteps() throws {
        // St Andrew's Day, Monday 30 November 2026, is a bank holiday in Scotland only.
        let england = try DeadlineRequest(clock: .breachReport, received: "2026-11-27", division: .englandAndWales).evaluate(with: calculator)
        let scotland = try DeadlineRequest(clock: .breachReport, received: "2026-11-27", division: .scotland).evaluate(with: calculator)
        #expect(england.due?.description == "2026-12-01")
        #expect(scotland.due?.description == "2026-12-02")
        let nearMiss = try DeadlineRequest(clock: .nearMiss, received: "2026-11-27", division: .scotland).evaluate(with: calculator)
        #expect(nearMiss.skipped.contains { $0.date == LocalDate(year: 2026, month: 11, day: 30) })
    }

    @Test("a start date the calendar cannot count from is refused, not trapped on")
    func extremeDates() {
        for text in ["9999-12-31", "9950-01-01", "1900-01-01"] {
            #expect(throws: DeadlineRequest.Invalid.self, "\(text)") { try DeadlineRequest(clock: .foia, received: text).evaluate(with: calculator) }
        }
    }
}
