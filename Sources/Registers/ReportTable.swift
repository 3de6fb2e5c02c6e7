import Casework
import Foundation

/// One table of a monitoring report: what the text output, the CSV and the report pages show.
///
/// The first column names the row (a category, a service, a figure); the others are values.
public struct ReportTable: Sendable, Hashable {
    /// A stable name for CSV and page anchors (`breachesByCategory`).
    public var id: String
    public var caption: String
    public var header: [String]
    public var rows: [[String]]

    public init(id: String, caption: String, header: [String], rows: [[String]]) {
        self.id = id
        self.caption = caption
        self.header = header
        self.rows = rows
    }

    /// A two-column table of counts by key, largest first then by name; "none" when empty.
    static func counts(id: String, caption: String, key: String, _ counts: [String: Int]) -> ReportTable {
        let keys = counts.keys.sorted { (counts[$0]!, $1) > (counts[$1]!, $0) }
        return ReportTable(id: id, caption: caption, header: [key, "count"], rows: keys.map { [$0, String(counts[$0]!)] })
    }

    /// The tables as text: each caption, then its rows in a grid ("none" for an empty table).
    public static func text(_ tables: [ReportTable]) -> String {
        tables.map { t in
            t.caption + "\n" + (t.rows.isEmpty ? "  none" : TextGrid.render([t.header] + t.rows))
        }.joined(separator: "\n\n")
    }

    /// The tables as one RFC 4180 CSV in long form: `table,key,measure,value`, one line per cell
    /// after the first column, so every table fits the same four columns.
    public static func csv(_ tables: [ReportTable]) -> String {
        var lines = [["table", "key", "measure", "value"]]
        for t in tables {
            for row in t.rows {
                for (i, cell) in row.enumerated().dropFirst() where i < t.header.count {
                    lines.append([t.id, row[0], t.header[i], cell])
                }
            }
        }
        return CSV.render(lines)
    }
}
