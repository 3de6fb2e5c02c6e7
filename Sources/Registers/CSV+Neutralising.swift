import Foundation

extension CSV {
    /// The characters that make a spreadsheet read a cell as a formula (or, for tab and CR, hide
    /// one behind a blank-looking start): OWASP "CSV Injection".
    public static let formulaTriggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// The cell as a spreadsheet should show it: a cell starting with `=`, `+`, `-`, `@`, tab or
    /// CR gets a leading `'`, so Excel, LibreOffice and Google Sheets show it as text instead of
    /// running it (`=HYPERLINK(…)` from a requester's summary stays words).
    ///
    /// A plain number (`-3`, `+2`, `-0.5`: an optional sign, digits, at most one decimal point
    /// with digits after it) is left as it is: it cannot run anything, and working days left
    /// must stay a number a spreadsheet can sum. Only the first character is judged (a
    /// multi-line cell is one cell); a cell that already starts with `'` is not touched again.
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.first, formulaTriggers.contains(first), !isPlainNumber(cell) else { return cell }
        return "'" + cell
    }

    /// An optional `+`/`-`, one or more ASCII digits, then optionally `.` and one or more digits.
    static func isPlainNumber(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        return parts.allSatisfy { part in !part.isEmpty && part.unicodeScalars.allSatisfy { ("0"..."9").contains($0) } }
    }

    /// The UTF-8 byte order mark Excel on Windows needs to read a CSV as UTF-8 (without it,
    /// "café" opens as "cafÃ©").
    public static let byteOrderMark = "\u{FEFF}"

    /// CSV text as Excel on Windows opens it correctly: the UTF-8 byte order mark first, and
    /// every record ended by CRLF (`render` already ends records with CRLF, as RFC 4180 says;
    /// a lone LF between records, from text not written here, becomes CRLF too). Line breaks
    /// inside a quoted cell are left as they are: they are part of the cell.
    public static func excel(_ csv: String) -> String {
        var out = byteOrderMark
        out.reserveCapacity(csv.utf8.count + 3)
        var inQuotes = false
        for c in csv {
            // Swift reads "\r\n" as one Character, so a "\n" here is a bare LF.
            if c == "\"" { inQuotes.toggle() }
            if c == "\n" && !inQuotes { out += "\r\n" } else { out.append(c) }
        }
        return out
    }
}
