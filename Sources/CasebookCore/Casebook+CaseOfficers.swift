import Casework
import Foundation
import LedgerStore
import Registers

extension Casebook {
    /// The case officer of each of `references` that has events: the actor of the case's first
    /// event, then the `to` of its latest `Reassigned` (a voided reassignment does not count).
    ///
    /// Reads each case's events in one read transaction; a reference with no events is left out.
    public func caseOfficers(of references: some Sequence<String>) throws -> [String: String] {
        let wanted = Set(references)
        return try ledger.read { log in
            var officers: [String: String] = [:]
            for reference in wanted {
                let events = try log.events(of: reference)
                guard let first = events.first else { continue }
                let voided = Set(events.compactMap { e in
                    e.envelope.type == EventType.voided.rawValue ? e.envelope.payload["voidsEventId"]?.stringValue?.lowercased() : nil
                })
                var officer = first.envelope.actor.id
                for e in events where e.envelope.type == EventType.reassigned.rawValue {
                    guard !voided.contains(e.envelope.eventId.uuidString.lowercased()), let to = e.envelope.payload["to"]?.stringValue else { continue }
                    officer = to
                }
                officers[reference] = officer
            }
            return officers
        }
    }

    /// The due items' case officers as a function of an item, for filtering a due list by
    /// officer (`casebook due --officer`, the calendar feed).
    public func officerOfDueItem(_ items: [DueItem]) throws -> @Sendable (DueItem) -> String? {
        let officers = try caseOfficers(of: items.map(\.reference))
        return { officers[$0.reference] }
    }
}
