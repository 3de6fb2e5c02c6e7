import Foundation

// Nothing untrue enters the log: the dates of an event lie in the policy's window, none is
// before the case opened, and none is later than the moment of recording (beyond the policy's
// tolerance).
//
// Choices: a payload's moments (sentAt, notifiedAt, …) are compared with the opening moment
// to the millisecond — an ICO notification at 08:00 on a breach discovered at 09:00 is untrue —
// and its days with the opening day. The envelope's `occurredAt` is compared by day, because
// people give it as a day (`--at 2026-01-05` reads as that day's midnight). Due and disposal
// dates may lie ahead; when the breach or near miss itself occurred may lie before the opening.

extension RuleCheck {
    /// The latest day any date may be, whatever the policy and the ledger's clock say: a century
    /// before `LocalDate` ends (9999-12-31), so that no count of working days, months or years
    /// from an accepted date can run past the end of the calendar.
    static let latestAcceptedDay: LocalDate = "9899-12-31"

    /// The instants whose Europe/London day can be computed without leaving years 1...9999.
    private static let convertibleMilliseconds: ClosedRange<Int64> = {
        let first: LocalDate = "0001-01-02"
        let last: LocalDate = "9999-12-30"
        return Int64(first.dayNumber) * 86_400_000...Int64(last.dayNumber) * 86_400_000
    }()

    /// The Europe/London day of `instant`, or nil when it lies outside years 1...9999.
    static func londonDay(_ instant: Timestamp) -> LocalDate? {
        guard convertibleMilliseconds.contains(instant.milliseconds) else { return nil }
        return LocalDate(instant.date)
    }

    /// The days this event's dates may lie within: from the policy's `earliestEventDate` to
    /// `latestEventYearsAhead` years after the day of recording (or `latestAcceptedDay` when the
    /// recording time is not known).
    var dateWindow: ClosedRange<LocalDate> {
        let policy = context.policy
        var latest = Self.latestAcceptedDay
        if let recorded = context.recordedAt.flatMap(Self.londonDay),
           recorded.year + policy.latestEventYearsAhead <= latest.year {
            latest = recorded.adding(months: 12 * policy.latestEventYearsAhead)
        }
        let earliest = min(policy.earliestEventDate, latest)
        return earliest...latest
    }

    /// The envelope's `occurredAt`, as a date to judge.
    private var occurrence: StepDate? {
        context.occurredAt.map { StepDate("occurredAt (when it happened)", .instant($0), .happened, judgedByDay: true) }
    }

    /// Refuses a payload or envelope date outside `dateWindow`. Runs before anything computes a
    /// clock from the event.
    func checkDateWindow(of payload: any EventPayload) throws(RuleViolation) {
        try checkWindow(StepDate.of(payload) + [occurrence].compactMap { $0 })
    }

    func checkWindow(_ dates: [StepDate]) throws(RuleViolation) {
        let window = dateWindow
        for date in dates {
            let day: LocalDate? = switch date.value {
            case .day(let day): day
            case .instant(let instant): Self.londonDay(instant)
            }
            guard let day, window.contains(day) else {
                throw refuse(.dateOutOfRange,
                             "\(date.field) \(date.value) is outside the dates this ledger accepts, \(window.lowerBound) to \(window.upperBound) (the policy's earliestEventDate, and latestEventYearsAhead after the day it is recorded); check the year and enter the date again.")
            }
        }
    }

    /// Keeps the opening moment and day of a case from its opening event.
    func setOpening(of payload: any EventPayload, in state: inout CaseLifecycle) {
        for date in StepDate.of(payload) where date.role == .opening {
            switch date.value {
            case .instant(let instant):
                state.openedAt = instant
                state.openedOn = Self.londonDay(instant)
            case .day(let day):
                state.openedAt = nil
                state.openedOn = day
            }
        }
    }

    /// Refuses a date of `payload` (or the envelope's `occurredAt`) before the opening of the
    /// case in `state`, or in the future of the recording.
    func checkDates(of payload: any EventPayload, against state: CaseLifecycle) throws(RuleViolation) {
        let dates = StepDate.of(payload) + [occurrence].compactMap { $0 }
        for date in dates {
            try checkNotBeforeOpening(date, state: state, correcting: nil)
            try checkNotInFuture(date)
        }
    }

    /// What the opening is called in messages: "received 2026-01-05T09:30:00Z".
    private func describeOpening(_ state: CaseLifecycle) -> String {
        let moment = state.openedAt.map(\.rfc3339) ?? state.openedOn.map(\.iso) ?? "?"
        return switch state.kind {
        case .request, .subjectAccess: "received \(moment)"
        case .breach: "discovered \(moment)"
        case .nearMiss: "reported \(moment)"
        case .thirdPartyDisclosure: "received \(moment)"
        case .agreement: "proposed \(moment)"
        case .complaint: "received \(moment)"
        }
    }

    private func openingField(_ kind: CaseKind) -> String {
        switch kind {
        case .request, .subjectAccess: "receivedAt"
        case .breach: "discoveredAt"
        case .nearMiss: "reportedOn"
        case .thirdPartyDisclosure: "receivedAt"
        case .agreement: "proposedOn"
        case .complaint: "receivedOn"
        }
    }

    func checkNotBeforeOpening(_ date: StepDate, state: CaseLifecycle, correcting target: EventType?) throws(RuleViolation) {
        guard date.role == .happened || date.role == .scheduled, let openedOn = state.openedOn else { return }
        let before: Bool = switch (date.value, state.openedAt) {
        case (.day(let day), _): day < openedOn
        case (.instant(let instant), let openedAt?) where !date.judgedByDay: instant < openedAt
        case (.instant(let instant), _): Self.londonDay(instant).map { $0 < openedOn } ?? false
        }
        guard before else { return }
        let what = target.map { "The correction of \($0) sets \(date.field) to \(date.value)" } ?? "\(date.field) \(date.value) is"
        throw refuse(.stepBeforeOpening,
                     "\(what) before \(reference) was opened (\(describeOpening(state))); no step of a case can happen before the case began. Check the date — or, if the opening date is what is wrong, correct \(openingField(state.kind)) of the opening event with a Corrected event first.")
    }

    func checkNotInFuture(_ date: StepDate) throws(RuleViolation) {
        guard date.role != .scheduled, let recorded = context.recordedAt else { return }
        let tolerance = context.policy.futureToleranceMinutes
        let (limit, overflow) = recorded.milliseconds.addingReportingOverflow(Int64(tolerance) * 60_000)
        guard !overflow else { return }
        let future: Bool = switch date.value {
        case .instant(let instant): instant.milliseconds > limit
        case .day(let day): Self.londonDay(Timestamp(milliseconds: limit)).map { day > $0 } ?? false
        }
        guard future else { return }
        throw refuse(.stepInFuture,
                     "\(date.field) \(date.value) is later than the moment it is recorded (\(recorded.rfc3339)) by more than the policy's \(tolerance)-minute tolerance (futureToleranceMinutes); a step is recorded once it has happened. Record it when it has, or check the date.")
    }

    // MARK: Corrections

    /// Judges the dates a correction writes into the event it corrects like the event's own, and
    /// when it corrects the opening moment or day, moves the case's opening.
    func checkCorrectedDates(_ correction: Corrected, of target: EventType, in state: inout CaseLifecycle) throws(RuleViolation) {
        let replacements = correction.corrections.merging(correction.personalCorrections ?? [:]) { plain, _ in plain }
        var dates: [StepDate] = []
        for field in StepDate.fields(of: target) {
            guard let replacement = replacements[field.field] else { continue }
            let text = replacement.stringValue ?? ""
            switch field.kind {
            case .day:
                guard let day = LocalDate(iso: text) else {
                    throw refuse(.correctionNotADate,
                                 "The correction sets \(target) \(field.field) to \(replacement), which is not a date; write it as YYYY-MM-DD.")
                }
                dates.append(StepDate(field.field, .day(day), field.role))
            case .instant:
                guard let instant = Timestamp(rfc3339: text) ?? MomentInput.londonDateTime(text) else {
                    throw refuse(.correctionNotADate,
                                 "The correction sets \(target) \(field.field) to \(replacement), which is not a moment; write RFC 3339 such as 2026-01-05T09:30:00Z, or 2026-01-05T09:30 for UK time.")
                }
                dates.append(StepDate(field.field, .instant(instant), field.role))
            }
        }
        try checkWindow(dates)
        for date in dates {
            try checkNotInFuture(date)
            if target.isOpening {
                if date.role == .opening { relocateOpening(to: date.value, in: &state) }
            } else {
                try checkNotBeforeOpening(date, state: state, correcting: target)
            }
        }
    }

    private func relocateOpening(to value: StepDate.Value, in state: inout CaseLifecycle) {
        switch value {
        case .instant(let instant):
            state.openedAt = instant
            state.openedOn = Self.londonDay(instant)
        case .day(let day):
            state.openedOn = day
        }
    }
}
