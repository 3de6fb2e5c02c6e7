import Casework
import Foundation
import Intake
import Registers

/// A register to import: its kind, the file's bytes and how to read them.
public struct ImportRequest: Sendable {
    public var kind: ImportKind
    /// The file's name, for messages and the import record (no directory is kept).
    public var fileName: String
    public var bytes: [UInt8]
    /// nil: suggested from the headings (`ImportMapping.suggested`).
    public var mapping: ImportMapping?
    /// The .xlsx sheet to read (overrides the mapping's).
    public var sheet: String?
    /// Work everything out and report it, but write nothing.
    public var dryRun: Bool
    /// Append nothing if any row is refused or conflicts.
    public var allOrNothing: Bool

    public init(kind: ImportKind, fileName: String, bytes: [UInt8], mapping: ImportMapping? = nil, sheet: String? = nil,
                dryRun: Bool = false, allOrNothing: Bool = false) {
        self.kind = kind
        self.fileName = fileName
        self.bytes = bytes
        self.mapping = mapping
        self.sheet = sheet
        self.dryRun = dryRun
        self.allOrNothing = allOrNothing
    }
}

/// Something wrong with one row, or worth saying about it.
public struct ImportRowProblem: Error, Sendable, Equatable {
    /// The row's number as a spreadsheet program shows it (`SheetRow.number`).
    public var row: Int
    /// The sheet heading of the cell at fault (nil: the row as a whole).
    public var column: String?
    /// What is wrong and what to do.
    public var reason: String

    public init(row: Int, column: String?, reason: String) {
        self.row = row
        self.column = column
        self.reason = reason
    }
}

/// A row imported: the case it became and how many events it recorded.
public struct ImportedRow: Sendable, Equatable {
    public var row: Int
    public var reference: CaseReference
    public var events: Int
}

/// What an import did (or, in a dry run, would do).
public struct ImportReport: Sendable {
    public var fileSHA256: String
    public var mappingSHA256: String
    /// The mapping used (given, or suggested from the headings).
    public var mapping: ImportMapping
    public var rowCount: Int
    public var imported: [ImportedRow]
    /// Rows whose case was imported before with identical cells.
    public var unchanged: [Int]
    /// Rows whose case exists with different content (a changed row, or a case recorded live).
    public var conflicts: [ImportRowProblem]
    /// Rows that cannot be imported, with every reason.
    public var refused: [ImportRowProblem]
    /// Things worth knowing about imported rows that did not stop them (a due date that differs
    /// from Casebook's).
    public var notes: [ImportRowProblem]
    public var dryRun: Bool
    /// Whether nothing was appended because `allOrNothing` found a refused or conflicting row.
    public var heldBack: Bool
    /// Events appended (0 in a dry run).
    public var appended: Int
    /// The sheet's headings and rows, for the problems CSV.
    var table: SheetTable

    /// The refused and conflicting rows as CSV: `row,column,reason`, then the row's own cells
    /// under the sheet's headings; every cell neutralised against formula injection, CRLF records.
    public func problemsCSV() -> String {
        var lines: [[String]] = [["row", "column", "reason"] + table.headings]
        let byNumber = Dictionary(table.rows.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        for p in (refused + conflicts).sorted(by: { ($0.row, $0.column ?? "") < ($1.row, $1.column ?? "") }) {
            lines.append(["\(p.row)", p.column ?? "", p.reason] + (byNumber[p.row]?.cells ?? []))
        }
        return CSV.render(lines)
    }
}
