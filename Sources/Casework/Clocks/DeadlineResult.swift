import Foundation

/// A point a clock starts from or ends at: a whole day, or an instant for hour-based clocks.
///
/// Encodes as one JSON string: `"2025-04-11"` for a day; for an instant, RFC 3339 in Europe/London
/// with its offset, whole seconds, e.g. `"2025-03-31T10:15:00+01:00"` (BST) or
/// `"2025-10-27T09:00:00+00:00"` (GMT). Decoding accepts either form and any offset (or `Z`).
public enum DeadlineMoment: Sendable, Hashable, Codable, CustomStringConvertible {
    case date(LocalDate)
    case instant(Date)

    /// The day (for an instant, the day in Europe/London).
    public var localDate: LocalDate {
        switch self {
        case .date(let date): date
        case .instant(let instant): LocalDate(instant)
        }
    }

    public var description: String {
        switch self {
        case .date(let date): date.iso
        case .instant(let instant): DeadlineMoment.londonRFC3339(instant)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if let date = LocalDate(iso: text) {
            self = .date(date)
        } else if let instant = DeadlineMoment.parseRFC3339(text) {
            self = .instant(instant)
        } else {
            throw DecodingError.dataCorruptedError(in: container,
                debugDescription: "expected \"YYYY-MM-DD\" or an RFC 3339 date-time, got \"\(text)\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// `instant` as RFC 3339 on the Europe/London wall clock with its UTC offset; sub-second
    /// parts are dropped (rounded down).
    public static func londonRFC3339(_ instant: Date) -> String {
        let whole = Date(timeIntervalSince1970: instant.timeIntervalSince1970.rounded(.down))
        let zone = LocalDate.londonTimeZone
        let parts = LocalDate.gregorian(in: zone)
            .dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
        let offset = zone.secondsFromGMT(for: whole)
        func pad(_ value: Int?, _ width: Int = 2) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        return "\(pad(parts.year, 4))-\(pad(parts.month))-\(pad(parts.day))T"
            + "\(pad(parts.hour)):\(pad(parts.minute)):\(pad(parts.second))"
            + "\(sign)\(pad(magnitude / 3600)):\(pad(magnitude % 3600 / 60))"
    }

    /// Parses RFC 3339 with `Z` or an offset (the one parser of the code base, `Timestamp`);
    /// nil for anything else.
    public static func parseRFC3339(_ text: String) -> Date? {
        Timestamp(rfc3339: text)?.date
    }
}

/// The outcome of one deadline calculation, with everything an auditor needs to check it by hand.
///
/// JSON: `{"due": "2025-04-11", "skipped": [{"date": "2025-03-17", "reason": "…"}],
/// "workingDays": 20, "startedOn": "2025-03-13", "explanation": ["…"]}`. `due` is omitted while
/// the clock is paused with no end (an unpaid fee notice); `workingDays` is omitted for calendar-
/// and hour-based clocks.
public struct DeadlineResult: Sendable, Hashable, Codable {
    /// The last day (or instant) on which the step is on time; nil while paused indefinitely.
    public var due: DeadlineMoment?
    /// Days passed over between the start and `due`, each with its reason, in date order.
    public var skipped: [SkippedDay]
    /// The number of working days counted (20, 40, …) for working-day clocks.
    public var workingDays: Int?
    /// The day (or instant) the clock runs from: receipt, clarification, SAR start, awareness.
    public var startedOn: DeadlineMoment
    /// Human-readable lines: the rule applied, the calendar, pauses, and how `due` was reached.
    public var explanation: [String]

    public init(due: DeadlineMoment?, skipped: [SkippedDay], workingDays: Int?,
                startedOn: DeadlineMoment, explanation: [String]) {
        self.due = due
        self.skipped = skipped
        self.workingDays = workingDays
        self.startedOn = startedOn
        self.explanation = explanation
    }

    /// The due day (for an instant, its day in Europe/London); nil while paused.
    public var dueDate: LocalDate? { due?.localDate }

    /// True when a step done on `day` is late (after the due day). False while paused.
    public func isOverdue(on day: LocalDate) -> Bool {
        guard let dueDate else { return false }
        return day > dueDate
    }

    /// True when a step done at `instant` is late. Day deadlines end at the end of their day in London.
    public func isOverdue(at instant: Date) -> Bool {
        switch due {
        case nil: false
        case .date(let day): LocalDate(instant) > day
        case .instant(let limit): instant > limit
        }
    }
}
