import Foundation

/// Dates and moments as a person types them: `2026-11-21` (a day), `2026-11-21 14:30` or
/// `2026-11-21T14:30` (UK local time, Europe/London, with summer time), or RFC 3339 with a stated
/// offset (`2026-11-21T14:30:00Z`, `…+01:00`). Used by every edge that takes a typed date.
public enum MomentInput {
    /// A day: `YYYY-MM-DD`, or the Europe/London day of any moment this type reads.
    public static func day(_ text: String) -> LocalDate? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let d = LocalDate(iso: t) { return d }
        return instant(t).map { LocalDate($0.date) }
    }

    /// A moment: RFC 3339; `YYYY-MM-DD HH:MM[:SS]` in Europe/London; or a bare day, meaning its
    /// start in Europe/London.
    public static func instant(_ text: String) -> Timestamp? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let ts = Timestamp(rfc3339: t) { return ts }
        if let d = LocalDate(iso: t) { return Timestamp(d.startOfDay(in: LocalDate.londonTimeZone)) }
        return londonDateTime(t)
    }

    /// `YYYY-MM-DD HH:MM[:SS]` or `YYYY-MM-DDTHH:MM[:SS]` on the Europe/London clock.
    public static func londonDateTime(_ t: String) -> Timestamp? {
        let b = Array(t.utf8)
        guard b.count == 16 || b.count == 19, let day = LocalDate(iso: String(decoding: b[0..<10], as: UTF8.self)),
              b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T") else { return nil }
        func two(_ i: Int) -> Int? {
            guard (48...57).contains(b[i]), (48...57).contains(b[i + 1]) else { return nil }
            return Int(b[i] - 48) * 10 + Int(b[i + 1] - 48)
        }
        guard let h = two(11), b[13] == UInt8(ascii: ":"), let m = two(14), h < 24, m < 60 else { return nil }
        var s = 0
        if b.count == 19 {
            guard b[16] == UInt8(ascii: ":"), let sec = two(17), sec < 60 else { return nil }
            s = sec
        }
        var parts = DateComponents()
        parts.year = day.year
        parts.month = day.month
        parts.day = day.day
        parts.hour = h
        parts.minute = m
        parts.second = s
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = LocalDate.londonTimeZone
        // In the autumn hour that happens twice, the first (summer time) one; a spring-forward
        // time that does not exist moves on to the next valid time.
        guard let date = calendar.date(from: parts) else { return nil }
        return Timestamp(date)
    }

    /// How to write a moment, for error messages.
    public static let formats = "YYYY-MM-DD, YYYY-MM-DD HH:MM (UK time) or RFC 3339 such as 2026-03-10T10:00:00Z"
}

