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
}
