import Foundation

extension RegisterOutput {
    /// The terminal table with words for people: headers as `Labels.field`, and the values of
    /// the columns holding a machine vocabulary (status, regime, outcome…) as `Labels.value`.
    public var labelledTable: String {
        TextGrid.render([tableHeader.map(Labels.field)] + tableCells.map { Labels.cells($0, columns: tableHeader) })
    }
}

extension RegisterPage {
    /// "rows 51–100 of 1,924 (page 2 of 39)"; "no rows" when nothing matched.
    public var rowsLine: String {
        guard total > 0 else { return "no rows" }
        return "rows \(Labels.count(firstRow))–\(Labels.count(lastRow)) of \(Labels.count(total)) (page \(page) of \(pageCount))"
    }
}

extension Labels {
    /// Columns whose cells are machine values (one, or a list joined with "; ") rather than text,
    /// dates or numbers.
    static let vocabularyColumns: Set<String> = [
        "status", "regime", "outcome", "requesterType", "channel", "risk", "icoDecision", "weakness", "potential",
        "potentialCategory", "categories", "category", "requesterCategory", "reviewOutcome", "subjectsDecision", "reportClock",
        "missingSteps", "type", "about", "source", "endReason", "decision", "proceduralRefusal", "overdueSteps",
    ]

    /// A row's cells for people: vocabulary columns labelled, "yes"/"no" capitalised, the rest as they are.
    public static func cells(_ cells: [String], columns: [String]) -> [String] {
        zip(cells, columns).map { cell, column in display(cell, column: column) }
    }

    /// One cell for people (see `cells(_:columns:)`).
    public static func display(_ cell: String, column: String) -> String {
        if cell == "yes" { return "Yes" }
        if cell == "no" { return "No" }
        guard vocabularyColumns.contains(column), !cell.isEmpty else { return cell }
        return cell.components(separatedBy: "; ").map(value).joined(separator: "; ")
    }

    /// A label inside a sentence: its first letter in lower case unless the first word is an
    /// abbreviation ("Internal review" → "internal review", "ICO notification" stays).
    public static func inSentence(_ label: String) -> String {
        let first = label.prefix { $0 != " " }
        if first.count > 1 && first.allSatisfy({ $0.isUppercase }) { return label }
        return label.prefix(1).lowercased() + label.dropFirst()
    }

    /// A count with thousands separators: 1924 → "1,924".
    public static func count(_ n: Int) -> String {
        let digits = Array(String(abs(n)))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + out
    }
}
