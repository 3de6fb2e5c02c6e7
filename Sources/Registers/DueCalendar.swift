import Foundation
import LedgerStore

/// A per-officer iCalendar feed (RFC 5545) of due steps, for the calendar on an officer's phone
/// or desktop: one VEVENT per outstanding step of the cases the officer holds.
///
/// Calendars sync to phones and to other people's servers, so the feed carries no personal
/// data: only the case reference, the step, the register and dates. No requester, subject,
/// summary or officer name appears in it.
public struct DueCalendar: Sendable {
    /// The ledger's origin (`casebook init --origin`): it makes every UID unique across ledgers.
    public var origin: String
    /// Where the web pages are served (`https://casebook.example.gov.uk`), for a URL to each
    /// case page; nil leaves URL out.
    public var baseURL: String?
    /// The calendar's name in calendar apps.
    public var name: String

    /// How far ahead the feed looks: outstanding steps due within this many working days
    /// (overdue ones always), a working year.
    public static let horizonWorkingDays = 260

    public init(origin: String, baseURL: String? = nil, name: String = "Casebook: due steps") {
        self.origin = origin
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.name = name
    }

    /// The items of the cases `officer` holds (`DueItem.officer`: the case's opener, then the
    /// latest reassignment), in the list's order.
    public static func items(_ items: [DueItem], heldBy officer: String) -> [DueItem] {
        items.filter { $0.officer == officer }
    }

    /// The stable UID of a step: the same reference, step and ledger give the same UID on every
    /// fetch, so calendar apps update an event in place instead of adding a copy.
    public func uid(_ item: DueItem) -> String {
        "\(item.reference).\(item.step)@\(origin)"
    }

    /// The feed: a VCALENDAR with PRODID and VERSION, then one VEVENT per item. `stamp` is
    /// DTSTAMP (when the feed was made). Day deadlines are all-day events (DTSTART;VALUE=DATE);
    /// hour clocks (the 72 hours to tell the ICO of a breach) start at their UTC instant. Lines
    /// end with CRLF and are folded at 75 octets.
    public func render(_ items: [DueItem], stamp: Timestamp) -> String {
        var out = ""
        func line(_ text: String) { out += ICalendar.fold(text) }
        line("BEGIN:VCALENDAR")
        line("PRODID:-//Casebook//Due steps//EN")
        line("VERSION:2.0")
        line("CALSCALE:GREGORIAN")
        line("METHOD:PUBLISH")
        line("X-WR-CALNAME:" + ICalendar.text(name))
        for item in items {
            line("BEGIN:VEVENT")
            line("UID:" + ICalendar.text(uid(item)))
            line("DTSTAMP:" + ICalendar.utc(stamp))
            if let instant = Timestamp(rfc3339: item.due), item.due.contains("T") {
                line("DTSTART:" + ICalendar.utc(instant))
            } else {
                line("DTSTART;VALUE=DATE:" + ICalendar.date(item.dueOn))
            }
            line("SUMMARY:" + ICalendar.text(Self.summary(item)))
            line("DESCRIPTION:" + ICalendar.text(Self.description(item)))
            line("CATEGORIES:" + ICalendar.text(Self.registerName(item.register)))
            if let baseURL, let encoded = item.reference.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) {
                line("URL:" + baseURL + "/cases/" + encoded)
            }
            line("TRANSP:TRANSPARENT")
            line("END:VEVENT")
        }
        line("END:VCALENDAR")
        return out
    }

    /// "FOI-2026-0012: response due" (or "… overdue").
    static func summary(_ item: DueItem) -> String {
        "\(item.reference): \(stepWords(item.step)) \(item.overdue ? "overdue" : "due")"
    }

    /// The register, the step, the deadline and the working days left when the feed was made.
    static func description(_ item: DueItem) -> String {
        let left: String
        switch item.workingDaysLeft {
        case ..<0: left = "overdue by \(-item.workingDaysLeft) working day\(item.workingDaysLeft == -1 ? "" : "s")"
        case 0: left = item.overdue ? "overdue" : "due today"
        case 1: left = "1 working day left"
        default: left = "\(item.workingDaysLeft) working days left"
        }
        return "\(registerName(item.register))\n\(Labels.value(item.step)) due \(item.due) (\(left))"
    }

    /// The step in lower case after the reference ("internal review"), abbreviations kept.
    static func stepWords(_ step: String) -> String {
        let label = Labels.value(step)
        guard let first = label.first, label.count > 1, !label.dropFirst().prefix(1).allSatisfy(\.isUppercase) else { return label }
        return first.lowercased() + label.dropFirst()
    }

    /// The register's name as people say it.
    static func registerName(_ register: String) -> String {
        switch register {
        case "foi": "FOI/EIR register"
        case "sar": "Subject access register"
        case "breach": "Breach register"
        case "near-miss": "Near-miss register"
        case "third-party": "Third-party disclosure register"
        case "agreements": "Information sharing agreements register"
        case "complaints": "Complaints register"
        default: Labels.value(register) + " register"
        }
    }
}
