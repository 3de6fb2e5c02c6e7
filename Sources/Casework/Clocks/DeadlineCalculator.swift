import Foundation

/// A fee notice and, once paid, the day the fee arrived.
///
/// The working days from `noticeOn` to `paidOn`, both included, do not count (FOIA s10(2)).
/// While `paidOn` is nil the clock is stopped from `noticeOn` onwards.
public struct FeeWindow: Sendable, Hashable, Codable {
    public var noticeOn: LocalDate
    public var paidOn: LocalDate?

    public init(noticeOn: LocalDate, paidOn: LocalDate?) {
        self.noticeOn = noticeOn
        self.paidOn = paidOn
    }
}

/// Inputs a deadline cannot be computed from, e.g. a clarification dated before the request.
public struct DeadlineError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable { case datesOutOfOrder, extensionNotAvailable }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// A date precedes the date it must follow (clarification before receipt, payment before notice).
        public static let datesOutOfOrder = Code(.datesOutOfOrder)
        /// The regime or rule has no extension (FOISA; the DPA 1998 SAR rule).
        public static let extensionNotAvailable = Code(.extensionNotAvailable)
        public var description: String { value.rawValue }
    }

    public var code: Code
    public var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "DeadlineError.\(code): \(message)" }
}

/// Computes statutory and policy deadlines, each with the days it skipped and a plain explanation.
///
/// Working-day clocks count day one as the first working day after the start day (also when the
/// start day is itself not a working day). FOIA and EIR use every UK division's bank holidays,
/// FOISA Scotland's only; SARs and internal steps use the policy's home division. Hour clocks run
/// on absolute instants and are shown on the Europe/London wall clock. A value type; `Sendable`.
public struct DeadlineCalculator: Sendable {
    public let policy: Policy
    public let holidays: BankHolidayCalendar

    public init(policy: Policy = .default, holidays: BankHolidayCalendar = .bundled) {
        self.policy = policy
        self.holidays = holidays
    }

    /// The statutory working-day calendar of `regime`.
    public func calendar(for regime: Regime) -> WorkingDayCalendar {
        WorkingDayCalendar(regime: regime, holidays: holidays)
    }

    /// The working-day calendar of `division` (default: the policy's home division).
    public func calendar(for division: Division? = nil) -> WorkingDayCalendar {
        WorkingDayCalendar(holidays: holidays, divisions: [division ?? policy.homeDivision])
    }

    // MARK: FOI / FOISA / EIR

    /// The date a request must be answered by: the 20th working day (40th when `extended`) after
    /// receipt, or after the clarification when one was needed, not counting fee-notice periods.
    ///
    /// - `extended`: FOIA public interest test (s10(3); the s45 Code allows at most a further 20
    ///   working days, so 40 in all) or EIR complex and voluminous (reg 7(1): 40). FOISA has no
    ///   extension and throws.
    /// - A fee notice not yet paid stops the clock: `due` is nil and the explanation ends
    ///   "paused: fee notice unpaid". A fee notice given after the due date does not move it.
    /// - Throws: `DeadlineError` when a date precedes the one it must follow, or for FOISA extension.
    public func foi(regime: Regime, receivedOn: LocalDate, clarifiedOn: LocalDate? = nil,
                    feeWindows: [FeeWindow] = [], extended: Bool = false) throws -> DeadlineResult {
        try checkRequestDates(receivedOn: receivedOn, clarifiedOn: clarifiedOn, feeWindows: feeWindows)
        try checkFOIExtension(regime: regime, extended: extended)
        let law = Citations(regime)
        let calendar = calendar(for: regime)
        let start = clarifiedOn ?? receivedOn
        let target = extended ? 40 : 20
        var lines = [law.calendarLine, "Received \(describe(receivedOn))."]
        if let clarifiedOn {
            lines.append("Clarification received \(describe(clarifiedOn)): the count starts again from that day (\(law.clarification)).")
        }
        lines.append("\(law.timeLimit): due on the \(ordinal(target)) working day after \(start); day one is the first working day after \(start).")
        if extended { lines.append(law.extensionRule) }
        lines += feeLines(feeWindows, law: law)
        let counted = calendar.count(target, after: start, disregarding: feePause(feeWindows),
                                     openPauseFrom: openPause(feeWindows))
        let lastDay = counted.date ?? counted.skipped.last?.date ?? start
        lines += generatedYearLines(calendar, from: start, through: lastDay)
        if let due = counted.date {
            lines += skippedLines(counted.skipped)
            lines.append("Due \(describe(due)) (working day \(target)).")
        } else {
            lines.append("paused: fee notice unpaid")
        }
        return DeadlineResult(due: counted.date.map(DeadlineMoment.date), skipped: counted.skipped,
                              workingDays: target, startedOn: .date(start), explanation: lines)
    }

    /// `foi(...).dueDate` without the skipped days or the explanation, for callers that need only
    /// the day (register rows, rule checks): nil while an unpaid fee notice stops the clock.
    ///
    /// - Throws: the `DeadlineError` `foi` throws for the same inputs.
    public func foiDueDate(regime: Regime, receivedOn: LocalDate, clarifiedOn: LocalDate? = nil,
                           feeWindows: [FeeWindow] = [], extended: Bool = false) throws -> LocalDate? {
        try checkRequestDates(receivedOn: receivedOn, clarifiedOn: clarifiedOn, feeWindows: feeWindows)
        try checkFOIExtension(regime: regime, extended: extended)
        return calendar(for: regime).countDate(extended ? 40 : 20, after: clarifiedOn ?? receivedOn,
                                               isPaused: feePaused(feeWindows), openPauseFrom: openPause(feeWindows))
    }

    /// Working days taken to answer a request, for register rows: working days from day one
    /// through `respondedOn`, not counting fee-notice periods (an unpaid notice stops the count
    /// from its date), restarted by a clarification. 0 when answered on the start day.
    public func workingDaysTaken(receivedOn: LocalDate, respondedOn: LocalDate, regime: Regime,
                                 clarifiedOn: LocalDate? = nil, feeWindows: [FeeWindow] = []) throws -> Int {
        try checkRequestDates(receivedOn: receivedOn, clarifiedOn: clarifiedOn, feeWindows: feeWindows)
        let calendar = calendar(for: regime)
        let start = clarifiedOn ?? receivedOn
        let open = openPause(feeWindows)
        guard let paused = feePaused(feeWindows) else {
            // No paid window: every working day up to the day before an unpaid notice counts.
            let end = open.map { min(respondedOn, $0.adding(days: -1)) } ?? respondedOn
            return calendar.workingDays(after: start, through: end)
        }
        var total = 0
        var day = start.adding(days: 1)
        while day <= respondedOn {
            if let open, day >= open { break }
            if calendar.isWorkingDay(day) && !paused(day) { total += 1 }
            day = day.adding(days: 1)
        }
        return total
    }

    /// The internal review deadline: `policy.internalReviewWorkingDays` (exceptionally
    /// `internalReviewMaxWorkingDays`) working days after the review was requested.
    ///
    /// FOISA s21(1) fixes 20 working days with no extension (the policy may only shorten it);
    /// EIR reg 11(4) caps the review at 40 working days. Throws for a FOISA extension.
    public func internalReview(requestedOn: LocalDate, regime: Regime, extended: Bool = false) throws -> DeadlineResult {
        let calendar = calendar(for: regime)
        var lines = [Citations(regime).calendarLine, "Review requested \(describe(requestedOn))."]
        let target = try internalReviewTarget(regime: regime, extended: extended)
        switch regime {
        case .foisa:
            lines.append("FOISA s21(1): review within 20 working days\(target < 20 ? "; policy sets \(target)" : "").")
        case .eir:
            lines.append("EIR reg 11(4): reconsideration within 40 working days of the representations; no extension.")
        case .foia:
            lines.append("Policy (s45 Code of Practice; the FOI policy Complaints): review within \(policy.internalReviewWorkingDays) working days\(extended ? ", exceptionally \(target)" : "").")
        }
        return workingDayResult(target, after: requestedOn, calendar: calendar, lines: lines)
    }

    /// `internalReview(...).dueDate` without the skipped days or the explanation.
    ///
    /// - Throws: the `DeadlineError` `internalReview` throws for the same inputs (FOISA extension).
    public func internalReviewDueDate(requestedOn: LocalDate, regime: Regime, extended: Bool = false) throws -> LocalDate {
        calendar(for: regime).workingDay(try internalReviewTarget(regime: regime, extended: extended), after: requestedOn)
    }

    /// The working days an internal review has: FOISA at most 20 and never extended; EIR its
    /// statutory 40 (reg 11(4)), which is never extended either; FOIA the policy's 20, exceptionally
    /// up to `internalReviewMaxWorkingDays` (the FOI policy "Complaints").
    private func internalReviewTarget(regime: Regime, extended: Bool) throws -> Int {
        switch regime {
        case .foisa:
            if extended {
                throw DeadlineError(.extensionNotAvailable, "FOISA s21(1): a review must be decided within 20 working days; it cannot be extended")
            }
            return min(policy.internalReviewWorkingDays, 20)
        case .eir:
            return Self.eirReconsiderationWorkingDays
        case .foia:
            return extended ? policy.internalReviewMaxWorkingDays : policy.internalReviewWorkingDays
        }
    }

    /// EIR reg 11(4): a reconsideration is decided within 40 working days of the representations.
    public static let eirReconsiderationWorkingDays = 40

    /// The due day of an FOIA internal review extended by `extensionWorkingDays` (recorded with
    /// `InternalReviewExtended`): the policy's review period plus the extension, never more than
    /// `internalReviewMaxWorkingDays` in all (the FOI policy "Complaints": 20, exceptionally 40).
    /// EIR and FOISA reviews take no extension, so theirs is ignored.
    public func internalReviewDueDate(requestedOn: LocalDate, regime: Regime, extensionWorkingDays: Int) throws -> LocalDate {
        guard regime == .foia, extensionWorkingDays > 0 else {
            return try internalReviewDueDate(requestedOn: requestedOn, regime: regime)
        }
        let total = min(policy.internalReviewWorkingDays + extensionWorkingDays,
                        max(policy.internalReviewMaxWorkingDays, policy.internalReviewWorkingDays))
        return calendar(for: regime).workingDay(total, after: requestedOn)
    }

    // MARK: Subject access

    /// The day a SAR's clock starts: the latest of receipt, identity verified, fee paid and
    /// clarification received (the data protection policy App. 3 §2.3.1). Absent steps are ignored.
    public static func sarStart(receivedOn: LocalDate, identityVerifiedOn: LocalDate? = nil,
                                feePaidOn: LocalDate? = nil, clarifiedOn: LocalDate? = nil) -> LocalDate {
        [identityVerifiedOn, feePaidOn, clarifiedOn].compactMap { $0 }.reduce(receivedOn, max)
    }

    /// The SAR response deadline under `policy.sarRule`.
    ///
    /// Current law (UK GDPR Art 12(3)): one calendar month after `startOn`, to the corresponding
    /// day, or the month's last day where it has none (31 January → 28/29 February); when that day
    /// is not a working day in `division` (default: the home division), the next working day.
    /// `extended`: three months after `startOn`, same rule. The DPA 1998 rule (`fortyCalendarDays`)
    /// is day 40 counting `startOn` as day one, not moved, with no extension (throws).
    public func sar(startOn: LocalDate, extended: Bool = false, division: Division? = nil) throws -> DeadlineResult {
        let division = division ?? policy.homeDivision
        switch policy.sarRule {
        case .fortyCalendarDays:
            if extended { throw Self.noFortyDayExtension }
            let due = startOn.adding(days: 39)
            return DeadlineResult(due: .date(due), skipped: [], workingDays: nil, startedOn: .date(startOn), explanation: [
                "Policy sarRule fortyCalendarDays (DPA 1998 s7(8),(10), the data protection policy App. 3 §2.3.1): 40 calendar days beginning with the start day.",
                "Start \(describe(startOn)) (latest of receipt, identity, fee, clarification) is day 1.",
                "Due \(describe(due)) (day 40); calendar days are not moved off weekends or bank holidays.",
            ])
        case .currentLaw:
            let months = extended ? 3 : 1
            let corresponding = startOn.adding(months: months)
            var lines = [
                extended
                    ? "UK GDPR Art 12(3): extended by two further months, so three calendar months from the start day."
                    : "UK GDPR Art 12(3): one calendar month from the start day, to the corresponding day.",
                "Start \(describe(startOn)) (latest of receipt, identity, fee, clarification).",
            ]
            if corresponding.day != startOn.day {
                lines.append("\(monthName(corresponding.month)) \(corresponding.year) has no day \(startOn.day): the month's last day, \(corresponding), is used.")
            } else {
                lines.append("\(months == 1 ? "One month" : "\(months) months") after \(startOn) is \(describe(corresponding)).")
            }
            let calendar = calendar(for: division)
            let moved = calendar.nextWorkingDay(onOrAfter: corresponding)
            if moved.date != corresponding {
                lines.append("\(corresponding) is not a working day in \(division) (\(moved.skipped.map { "\($0.date) \($0.reason)" }.joined(separator: "; "))): moved to the next working day.")
                lines += generatedYearLines(calendar, from: corresponding, through: moved.date)
            }
            lines.append("Due \(describe(moved.date)).")
            return DeadlineResult(due: .date(moved.date), skipped: moved.skipped, workingDays: nil,
                                  startedOn: .date(startOn), explanation: lines)
        }
    }

    /// `sar(...).dueDate` without the skipped days or the explanation.
    ///
    /// - Throws: the `DeadlineError` `sar` throws for the same inputs (an extension under the DPA 1998 rule).
    public func sarDueDate(startOn: LocalDate, extended: Bool = false, division: Division? = nil) throws -> LocalDate {
        switch policy.sarRule {
        case .fortyCalendarDays:
            if extended { throw Self.noFortyDayExtension }
            return startOn.adding(days: 39)
        case .currentLaw:
            return calendar(for: division ?? policy.homeDivision)
                .firstWorkingDay(onOrAfter: startOn.adding(months: extended ? 3 : 1))
        }
    }

    private static let noFortyDayExtension = DeadlineError(.extensionNotAvailable,
        "the DPA 1998 40-day rule (policy sarRule fortyCalendarDays) has no extension")

    // MARK: Breaches, near misses, acknowledgements

    /// The ICO notification deadline: `policy.icoNotificationHours` (72) elapsed hours after the
    /// organisation became aware (UK GDPR Art 33(1)), on absolute time — across a clock change the
    /// London wall-clock time of the deadline differs by an hour from the time of awareness.
    public func breachICO(awareAt: Date) -> Date {
        awareAt.addingTimeInterval(Double(policy.icoNotificationHours) * 3600)
    }

    /// `breachICO(awareAt:)` as a `DeadlineResult` with instants shown in Europe/London.
    public func breachICODeadline(awareAt: Date) -> DeadlineResult {
        hourResult(from: awareAt, hours: policy.icoNotificationHours, lines: [
            "UK GDPR Art 33(1): notify the ICO without undue delay and where feasible within 72 hours of becoming aware"
                + (policy.icoNotificationHours < 72 ? "; policy target \(policy.icoNotificationHours) hours." : "."),
            "Aware \(DeadlineMoment.londonRFC3339(awareAt)).",
        ])
    }

    /// The FOI acknowledgement deadline: `policy.acknowledgementHours` (48) clock hours after receipt
    /// (the FOI policy); weekends and holidays are not excluded.
    public func acknowledgement(receivedAt: Date) -> DeadlineResult {
        hourResult(from: receivedAt, hours: policy.acknowledgementHours, lines: [
            "Policy (the FOI policy): acknowledge within \(policy.acknowledgementHours) clock hours of receipt; weekends and holidays are not excluded.",
            "Received \(DeadlineMoment.londonRFC3339(receivedAt)).",
        ])
    }

    /// The breach reporting form: `policy.breachReportWorkingDays` (2) working days of the home
    /// division after the breach was discovered or made known (the breach procedure §3, the data protection policy App. 6 §2.2.3).
    public func breachReportForm(discoveredOn: LocalDate, division: Division? = nil) -> DeadlineResult {
        workingDayResult(policy.breachReportWorkingDays, after: discoveredOn, calendar: calendar(for: division ?? policy.homeDivision), lines: [
            calendarLine(division),
            "Policy (the breach procedure §3): reporting form within \(policy.breachReportWorkingDays) working days of the breach being discovered or made known.",
            "Discovered \(describe(discoveredOn)).",
        ])
    }

    /// `breachReportForm(...).dueDate` without the skipped days or the explanation.
    public func breachReportFormDueDate(discoveredOn: LocalDate, division: Division? = nil) -> LocalDate {
        calendar(for: division ?? policy.homeDivision).workingDay(policy.breachReportWorkingDays, after: discoveredOn)
    }

    /// The day a breach step due "immediately", "upon hearing" or "the same day" (the breach procedure §3.1–3.2)
    /// is due when its clock starts on `day`: `policy.breachImmediateReportWorkingDays` (0) working
    /// days after the first working day on or after `day` — by default that day itself when it is
    /// a working day.
    public func breachImmediateDueDate(from day: LocalDate, division: Division? = nil) -> LocalDate {
        calendar(for: division ?? policy.homeDivision).workingDay(policy.breachImmediateReportWorkingDays + 1, after: day.adding(days: -1))
    }

    /// Reporting the breach to the Business Manager (the breach procedure §3.1): immediately (`breachImmediateDueDate`)
    /// for sensitive personal information or a risk to people, else within
    /// `policy.breachReportWorkingDays` (2) working days of discovery.
    public func breachReport(discoveredOn: LocalDate, immediate: Bool, division: Division? = nil) -> DeadlineResult {
        guard immediate else { return breachReportForm(discoveredOn: discoveredOn, division: division) }
        let due = breachImmediateDueDate(from: discoveredOn, division: division)
        return DeadlineResult(due: .date(due), skipped: [], workingDays: policy.breachImmediateReportWorkingDays, startedOn: .date(discoveredOn), explanation: [
            calendarLine(division),
            "Policy (the breach procedure §3.1): a breach of sensitive personal information, or one likely to cause a risk to service users or others, is reported immediately"
                + (policy.breachImmediateReportWorkingDays == 0 ? ": the same working day as discovery." : ": within \(policy.breachImmediateReportWorkingDays) working days after the working day of discovery."),
            "Discovered \(describe(discoveredOn)); due \(describe(due)).",
        ])
    }

    /// The answer to a complaint about data handling or sharing: `policy.complaintResponseWorkingDays`
    /// (20) working days of the home division after it was received (the data-sharing guidance §6
    /// 'Complaints Procedures'; the period is the council's published procedure's).
    public func complaintResponse(receivedOn: LocalDate, division: Division? = nil) -> DeadlineResult {
        workingDayResult(policy.complaintResponseWorkingDays, after: receivedOn, calendar: calendar(for: division ?? policy.homeDivision), lines: [
            calendarLine(division),
            "Policy (the data-sharing guidance §6 'Complaints Procedures'): a complaint is answered within \(policy.complaintResponseWorkingDays) working days of receipt.",
            "Received \(describe(receivedOn)).",
        ])
    }

    /// `complaintResponse(...).dueDate` without the skipped days or the explanation.
    public func complaintResponseDueDate(receivedOn: LocalDate, division: Division? = nil) -> LocalDate {
        calendar(for: division ?? policy.homeDivision).workingDay(policy.complaintResponseWorkingDays, after: receivedOn)
    }

    /// The near-miss report: `policy.nearMissReportWorkingDays` (5) working days of the home
    /// division after the near miss occurred (the data protection policy App. 6 §3.2.1).
    public func nearMissReport(occurredOn: LocalDate, division: Division? = nil) -> DeadlineResult {
        workingDayResult(policy.nearMissReportWorkingDays, after: occurredOn, calendar: calendar(for: division ?? policy.homeDivision), lines: [
            calendarLine(division),
            "Policy (the data protection policy App. 6 §3.2.1): near-miss report within \(policy.nearMissReportWorkingDays) working days of it occurring.",
            "Occurred \(describe(occurredOn)).",
        ])
    }

    /// `nearMissReport(...).dueDate` without the skipped days or the explanation.
    public func nearMissReportDueDate(occurredOn: LocalDate, division: Division? = nil) -> LocalDate {
        calendar(for: division ?? policy.homeDivision).workingDay(policy.nearMissReportWorkingDays, after: occurredOn)
    }

    /// A third-party disclosure request (the data protection policy Appendix 4): a court order by
    /// the day it names (§2.7.1.1); a parent's educational-record request or a school's pupil
    /// transfer within `policy.thirdPartyEducationalRecordWorkingDays` (15 school days, counted as
    /// working days; §§2.5.3.2, 2.8.2); anything else within `policy.thirdPartyDefaultWorkingDays`
    /// (the council's standard, 20). The working-day clocks run from receipt, or from the day the
    /// missing details arrived when the requester had to be contacted (§2.6.7.1).
    public func thirdPartyResponse(category: ThirdPartyRequesterCategory, receivedOn: LocalDate, detailsReceivedOn: LocalDate? = nil,
                                   courtOrderDueOn: LocalDate? = nil, division: Division? = nil) -> DeadlineResult {
        if category == .court, let courtOrderDueOn {
            return DeadlineResult(due: .date(courtOrderDueOn), skipped: [], workingDays: nil, startedOn: .date(receivedOn), explanation: [
                "The data protection policy Appendix 4 §2.7.1.1: a court order must be adhered to, and the information supplied by the deadline it specifies.",
                "Received \(describe(receivedOn)).",
                "Due \(describe(courtOrderDueOn)) (the court order's own day; not moved off weekends or bank holidays).",
            ])
        }
        let start = max(receivedOn, detailsReceivedOn ?? receivedOn)
        let startLine = start == receivedOn ? "Received \(describe(receivedOn))." : "Received \(describe(receivedOn)); the missing details arrived \(describe(start)), and the clock runs from then."
        if category.isEducationalRecord {
            return workingDayResult(policy.thirdPartyEducationalRecordWorkingDays, after: start, calendar: calendar(for: division ?? policy.homeDivision), lines: [
                calendarLine(division),
                category == .parent
                    ? "The data protection policy Appendix 4 §2.5.3.2: a parent's request for an educational record is answered within 15 school days."
                    : "The data protection policy Appendix 4 §2.8.2: a transferring pupil's record is sent within 15 school days.",
                "School days are counted as working days (policy thirdPartyEducationalRecordWorkingDays = \(policy.thirdPartyEducationalRecordWorkingDays)): Casebook does not know school terms, so in a school holiday this is earlier than the statutory deadline.",
                startLine,
            ])
        }
        return workingDayResult(policy.thirdPartyDefaultWorkingDays, after: start, calendar: calendar(for: division ?? policy.homeDivision), lines: [
            calendarLine(division),
            "The data protection policy Appendix 4 sets no time for this requester; the council's standard is \(policy.thirdPartyDefaultWorkingDays) working days (policy thirdPartyDefaultWorkingDays).",
            startLine,
        ])
    }

    /// `thirdPartyResponse(...).dueDate` without the skipped days or the explanation.
    public func thirdPartyResponseDueDate(category: ThirdPartyRequesterCategory, receivedOn: LocalDate, detailsReceivedOn: LocalDate? = nil,
                                          courtOrderDueOn: LocalDate? = nil, division: Division? = nil) -> LocalDate {
        if category == .court, let courtOrderDueOn { return courtOrderDueOn }
        let start = max(receivedOn, detailsReceivedOn ?? receivedOn)
        let days = category.isEducationalRecord ? policy.thirdPartyEducationalRecordWorkingDays : policy.thirdPartyDefaultWorkingDays
        return calendar(for: division ?? policy.homeDivision).workingDay(days, after: start)
    }

    /// The updated breach reporting form: `policy.breachUpdateCalendarDays` (14) calendar days
    /// after the breach occurred or became known (the breach procedure §5.5 "within two weeks of the breach having
    /// occurred or becoming known"), not moved off weekends or holidays.
    public func breachUpdatedForm(discoveredOn: LocalDate) -> DeadlineResult {
        let due = breachUpdatedFormDueDate(discoveredOn: discoveredOn)
        return DeadlineResult(due: .date(due), skipped: [], workingDays: nil, startedOn: .date(discoveredOn), explanation: [
            "Policy (the breach procedure §5.5): updated reporting form within \(policy.breachUpdateCalendarDays) calendar days of the breach occurring or becoming known.",
            "Discovered \(describe(discoveredOn)).",
            "Due \(describe(due)); calendar days are not moved off weekends or bank holidays.",
        ])
    }

    /// `breachUpdatedForm(...).dueDate` without the explanation.
    public func breachUpdatedFormDueDate(discoveredOn: LocalDate) -> LocalDate {
        discoveredOn.adding(days: policy.breachUpdateCalendarDays)
    }

    // MARK: Helpers

    private var homeCalendarLine: String { calendarLine(nil) }

    /// The calendar an internal step counts on: the division given, else the home division.
    private func calendarLine(_ division: Division?) -> String {
        let d = division ?? policy.homeDivision
        return "Working days of \(division == nil ? "the home division" : "the division") (\(d)): not Saturdays, Sundays, Christmas Day, Good Friday or its bank holidays."
    }

    private func workingDayResult(_ n: Int, after start: LocalDate, calendar: WorkingDayCalendar,
                                  lines: [String]) -> DeadlineResult {
        let (due, skipped) = calendar.addWorkingDays(n, after: start)
        var lines = lines
        lines += generatedYearLines(calendar, from: start, through: due)
        lines += skippedLines(skipped)
        lines.append("Due \(describe(due)) (working day \(n); day one is the first working day after \(start)).")
        return DeadlineResult(due: .date(due), skipped: skipped, workingDays: n, startedOn: .date(start), explanation: lines)
    }

    private func hourResult(from start: Date, hours: Int, lines: [String]) -> DeadlineResult {
        let due = start.addingTimeInterval(Double(hours) * 3600)
        var lines = lines
        let startOffset = LocalDate.londonTimeZone.secondsFromGMT(for: start)
        let dueOffset = LocalDate.londonTimeZone.secondsFromGMT(for: due)
        if startOffset != dueOffset {
            lines.append("The UK clocks change in between (\(dueOffset > startOffset ? "GMT to BST" : "BST to GMT")): \(hours) elapsed hours end at a wall-clock time one hour \(dueOffset > startOffset ? "later" : "earlier") than the start.")
        }
        lines.append("Due \(DeadlineMoment.londonRFC3339(due)) (\(hours) hours elapsed).")
        return DeadlineResult(due: .instant(due), skipped: [], workingDays: nil, startedOn: .instant(start), explanation: lines)
    }

    private func checkRequestDates(receivedOn: LocalDate, clarifiedOn: LocalDate?, feeWindows: [FeeWindow]) throws {
        if let clarifiedOn, clarifiedOn < receivedOn {
            throw DeadlineError(.datesOutOfOrder, "clarification \(clarifiedOn) is before receipt \(receivedOn)")
        }
        for window in feeWindows {
            if window.noticeOn < receivedOn {
                throw DeadlineError(.datesOutOfOrder, "fee notice \(window.noticeOn) is before receipt \(receivedOn)")
            }
            if let paidOn = window.paidOn, paidOn < window.noticeOn {
                throw DeadlineError(.datesOutOfOrder, "fee paid \(paidOn) is before the fee notice \(window.noticeOn)")
            }
        }
    }

    private func checkFOIExtension(regime: Regime, extended: Bool) throws {
        if extended && regime == .foisa {
            throw DeadlineError(.extensionNotAvailable,
                "FOISA has no extension of the 20 working days (s10(1)); the public interest test must fit within them")
        }
    }

    /// The reason a day in a paid fee window is not counted; nil when no window is paid.
    private func feePause(_ windows: [FeeWindow]) -> ((LocalDate) -> String?)? {
        let paid = paidWindows(windows)
        if paid.isEmpty { return nil }
        return { day in
            for (notice, paidOn) in paid where notice <= day && day <= paidOn {
                return "fee notice period (notice \(notice), paid \(paidOn))"
            }
            return nil
        }
    }

    /// Whether a day falls in a paid fee window; nil when no window is paid.
    private func feePaused(_ windows: [FeeWindow]) -> ((LocalDate) -> Bool)? {
        let paid = paidWindows(windows)
        if paid.isEmpty { return nil }
        return { day in paid.contains { notice, paidOn in notice <= day && day <= paidOn } }
    }

    private func paidWindows(_ windows: [FeeWindow]) -> [(LocalDate, LocalDate)] {
        windows.compactMap { window in window.paidOn.map { (window.noticeOn, $0) } }
    }

    private func openPause(_ windows: [FeeWindow]) -> LocalDate? {
        windows.filter { $0.paidOn == nil }.map(\.noticeOn).min()
    }

    private func feeLines(_ windows: [FeeWindow], law: Citations) -> [String] {
        windows.sorted { $0.noticeOn < $1.noticeOn }.map { window in
            if let paidOn = window.paidOn {
                "Fee notice given \(describe(window.noticeOn)), fee received \(describe(paidOn)): working days from notice to payment, both included, are not counted (\(law.fee))."
            } else {
                "Fee notice given \(describe(window.noticeOn)) and not yet paid: the clock is stopped from that day (\(law.fee))."
            }
        }
    }

    private func skippedLines(_ skipped: [SkippedDay]) -> [String] {
        let weekends = skipped.filter { $0.date.weekday.isWeekend }.count
        var lines = skipped.filter { !$0.date.weekday.isWeekend }.map { "Not counted: \(describe($0.date)), \($0.reason)." }
        if weekends > 0 { lines.insert("Not counted: \(weekends) weekend day\(weekends == 1 ? "" : "s").", at: 0) }
        return lines
    }

    /// A line for each year in range whose holidays, for a division the calendar uses, are
    /// generated by rule rather than published.
    private func generatedYearLines(_ calendar: WorkingDayCalendar, from start: LocalDate, through end: LocalDate) -> [String] {
        guard start.year <= end.year else { return [] }
        return (start.year...end.year).compactMap { year in
            let missing = Division.allCases.filter { calendar.divisions.contains($0) && !holidays.isPublished(year: year, division: $0) }
            guard !missing.isEmpty else { return nil }
            return "Bank holidays for \(year) (\(missing.map(\.rawValue).joined(separator: ", "))) are generated by rule: the published list does not cover that year, so one-off holidays announced later are not included."
        }
    }

    private func describe(_ date: LocalDate) -> String { "\(date) (\(date.weekday.name))" }

    private func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : (n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th")
        return "\(n)\(suffix)"
    }

    private func monthName(_ month: Int) -> String {
        ["January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"][month - 1]
    }
}

/// The provisions each regime's explanation lines cite.
private struct Citations {
    var calendarLine: String
    var timeLimit: String
    var clarification: String
    var fee: String
    var extensionRule: String

    init(_ regime: Regime) {
        switch regime {
        case .foia:
            calendarLine = "FOIA s10(6): working days exclude Saturdays, Sundays, Christmas Day, Good Friday and bank holidays in any part of the UK."
            timeLimit = "FOIA s10(1)"
            clarification = "FOIA s1(3), s10(6)"
            fee = "FOIA s10(2)"
            extensionRule = "Extended for the public interest test (FOIA s10(3)): 40 working days in all (the s45 Code of Practice allows at most a further 20)."
        case .eir:
            calendarLine = "EIR reg 2(1) (FOIA s10(6) meaning): working days exclude Saturdays, Sundays, Christmas Day, Good Friday and bank holidays in any part of the UK."
            timeLimit = "EIR reg 5(2)"
            clarification = "EIR reg 9(4)"
            fee = "EIR reg 8, counted as FOIA s10(2)"
            extensionRule = "Extended for a complex and voluminous request (EIR reg 7(1)): 40 working days."
        case .foisa:
            calendarLine = "FOISA s73: working days exclude Saturdays, Sundays, Christmas Day and Scottish bank holidays only (Good Friday is one)."
            timeLimit = "FOISA s10(1)"
            clarification = "FOISA s1(3), s10(1)(b)"
            fee = "FOISA s9, s10"
            extensionRule = ""
        }
    }
}
