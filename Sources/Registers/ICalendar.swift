import LedgerStore
import Foundation

/// Writing iCalendar (RFC 5545): content lines, TEXT escaping, line folding, date and UTC
/// date-time values. Only what the due-step feed needs; no parsing.
public enum ICalendar {
    /// The longest content line, in octets, before folding (RFC 5545 §3.1: "SHOULD NOT be longer
    /// than 75 octets, excluding the line break").
    public static let maximumLineOctets = 75

    /// A TEXT value escaped (RFC 5545 §3.3.11): backslash, semicolon and comma get a backslash;
    /// a line break (CRLF, CR or LF) becomes `\n`. Other control characters, which TEXT may not
    /// hold, are dropped.
    public static func text(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for c in value {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r\n", "\n", "\r": out += "\\n"
            default:
                if c.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { continue }
                out.append(c)
            }
        }
        return out
    }

    /// One content line folded (RFC 5545 §3.1): after every 75 octets a CRLF and one space, never
    /// inside a UTF-8 sequence or a grapheme the scalars of which belong together; ends with CRLF.
    public static func fold(_ line: String) -> String {
        var out = ""
        var octets = 0
        for c in line {
            let n = c.utf8.count
            // A continuation line starts with the space, which counts towards its 75 octets.
            if octets + n > maximumLineOctets {
                out += "\r\n "
                octets = 1
            }
            out.append(c)
            octets += n
        }
        return out + "\r\n"
    }

    /// A DATE value: `20260612`.
    public static func date(_ day: LocalDate) -> String {
        day.iso.replacingOccurrences(of: "-", with: "")
    }

    /// A UTC DATE-TIME value, whole seconds: `20260612T093000Z`.
    public static func utc(_ instant: Timestamp) -> String {
        let seconds = Timestamp(milliseconds: instant.milliseconds - ((instant.milliseconds % 1000) + 1000) % 1000).rfc3339
        return seconds.filter { $0 != "-" && $0 != ":" }
    }
}
