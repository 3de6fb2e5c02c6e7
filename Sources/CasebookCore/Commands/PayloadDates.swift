import Casework
import LedgerStore

/// Which top-level payload fields hold a day and which a moment, read from the catalogue's
/// example payloads (a day is written `YYYY-MM-DD`, a moment RFC 3339).
enum PayloadDates {
    enum Kind { case day, instant }

    static func fields(of type: EventType) -> [(String, Kind)] {
        guard case .object(let example) = EventCatalogue.exampleJSON(for: type) else { return [] }
        return example.compactMap { key, value in
            guard let text = value.stringValue else { return nil }
            if LocalDate(iso: text) != nil { return (key.string, .day) }
            if Timestamp(rfc3339: text) != nil { return (key.string, .instant) }
            return nil
        }
    }
}
