// The sheet types shared by the reader (Intake) and the import (CasebookCore). Placeholder copy of
// the shared interface until the reader's branch is merged; the reader's own file replaces it.
import Chronology

/// A sheet as read: its headings and its data rows, every cell as text.
public struct SheetTable: Sendable, Equatable {
    public var headings: [String]
    public var rows: [SheetRow]
    public var source: SheetSource
    public init(headings: [String], rows: [SheetRow], source: SheetSource) {
        self.headings = headings
        self.rows = rows
        self.source = source
    }
}

public struct SheetRow: Sendable, Equatable {
    /// The row's number as a spreadsheet program shows it (the heading row is 1, the first data row 2).
    public var number: Int
    public var cells: [String]
    public init(number: Int, cells: [String]) {
        self.number = number
        self.cells = cells
    }
}

public struct SheetSource: Sendable, Equatable {
    public enum Format: String, Sendable { case csv, xlsx }
    public var format: Format
    public var encoding: String?
    public var delimiter: String?
    public var sheet: String?
    public var sheetNames: [String]
    public init(format: Format, encoding: String? = nil, delimiter: String? = nil, sheet: String? = nil, sheetNames: [String] = []) {
        self.format = format
        self.encoding = encoding
        self.delimiter = delimiter
        self.sheet = sheet
        self.sheetNames = sheetNames
    }
}

/// Day formats councils type. The raw value is what a mapping file names.
public enum DayFormat: String, Sendable, CaseIterable, Codable {
    case iso = "yyyy-mm-dd"
    case dayMonthYear = "dd/mm/yyyy"
    case dayMonthShortYear = "dd/mm/yy"
    case dayMonthNameYear = "d MMM yyyy"
    case monthDayYear = "mm/dd/yyyy"
    case excelSerial = "excel"
}
