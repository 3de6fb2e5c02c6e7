import Casework
import Foundation

extension DueItem {
    /// The deadline as a person reads it on the Europe/London clock: the day (`2026-06-03`) for a
    /// day clock, and the day with the London time for an hour clock (`2026-06-03 14:30 London`),
    /// so the due list never mixes days with UTC instants. JSON keeps `due` as stored.
    public var dueForPeople: String {
        guard due.count > 10, let instant = DeadlineMoment.parseRFC3339(due) else { return due }
        return Self.londonText(instant)
    }

    /// An hour clock's deadline on the London clock, as `dueForPeople` shows it.
    public static func londonText(_ instant: Date) -> String {
        let london = DeadlineMoment.londonRFC3339(instant)  // 2026-06-03T14:30:00+01:00
        return String(london.prefix(10)) + " " + String(london.dropFirst(11).prefix(5)) + " London"
    }
}
