import Casework
import Foundation

/// Instants as people in a UK office read them: the London wall clock (GMT or BST, whichever
/// was in force then), "Tue 3 Mar 2026, 14:05". Pages put the machine value (RFC 3339, UTC)
/// beside it in `<time datetime=…>`.
enum LondonTime {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Tue 3 Mar 2026, 14:05" (seconds dropped, not rounded: 14:05:59 is still 14:05).
    static func text(_ instant: Date) -> String {
        let parts = LocalDate.gregorian(in: LocalDate.londonTimeZone).dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        guard let year = parts.year, let month = parts.month, let day = parts.day, let hour = parts.hour, let minute = parts.minute,
              let date = LocalDate(year: year, month: month, day: day)
        else { preconditionFailure("BUG DETECTED: \(instant) has no London wall-clock time") }
        let weekday = String(date.weekday.name.prefix(3))
        let hh = hour < 10 ? "0\(hour)" : "\(hour)", mm = minute < 10 ? "0\(minute)" : "\(minute)"
        return "\(weekday) \(day) \(months[month - 1]) \(year), \(hh):\(mm)"
    }
}
