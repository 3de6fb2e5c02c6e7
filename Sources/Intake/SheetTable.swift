/// A sheet as read: its headings and its data rows, every cell as text.
///
/// Produced by ``SheetReader/read(_:fileName:sheet:)`` from a CSV file or an .xlsx workbook;
/// the importer maps headings to Casebook's fields and reads the cells with ``CellDate`` and
/// ``ProvisionSpelling``.
public struct SheetTable: Sendable, Equatable {
    /// The headings, trimmed, as written in the heading row (the sheet's first non-empty row).
    public var headings: [String]
    /// The data rows in order; wholly empty rows are left out.
    public var rows: [SheetRow]
    /// Where the table came from: the format, and the encoding and delimiter or sheet read.
    public var source: SheetSource

    public init(headings: [String], rows: [SheetRow], source: SheetSource) {
        self.headings = headings
        self.rows = rows
        self.source = source
    }
}

/// One data row of a ``SheetTable``.
public struct SheetRow: Sendable, Equatable {
    /// The row's number as a spreadsheet program shows it (the heading row is 1, the first data row 2).
    public var number: Int
    /// One cell per heading ("" when empty), trimmed of surrounding spaces. An .xlsx cell with a
    /// date number format is written as ISO `yyyy-mm-dd` (or `yyyy-mm-ddTHH:MM` when it has a
    /// time); other numbers as their shortest decimal text ("42", "3.5").
    public var cells: [String]

    public init(number: Int, cells: [String]) {
        self.number = number
        self.cells = cells
    }
}

/// How a ``SheetTable`` was read.
public struct SheetSource: Sendable, Equatable {
    public enum Format: String, Sendable { case csv, xlsx }
    public var format: Format
    /// CSV only: "UTF-8", "UTF-8 with BOM" or "Windows-1252".
    public var encoding: String?
    /// CSV only: "," or ";".
    public var delimiter: String?
    /// .xlsx only: the name of the sheet read.
    public var sheet: String?
    /// .xlsx only: every sheet's name, in workbook order ([] for CSV).
    public var sheetNames: [String]

    public init(format: Format, encoding: String? = nil, delimiter: String? = nil, sheet: String? = nil, sheetNames: [String] = []) {
        self.format = format
        self.encoding = encoding
        self.delimiter = delimiter
        self.sheet = sheet
        self.sheetNames = sheetNames
    }
}

/// Why a sheet could not be read: a code to branch on and a message for the officer that says
/// what is wrong (which file, row or heading) and what to do about it.
public struct IntakeError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unreadable, unsupportedFormat, unknownSheet, noHeadings, duplicateHeading, blankHeading
            case longRow, undefinedCharacter, tooLarge
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The bytes are not a CSV file or an .xlsx workbook that can be read (a damaged ZIP, a
        /// missing part, malformed XML or CSV).
        public static let unreadable = Code(.unreadable)
        /// The file is a format Casebook does not read: an .xls or .ods file, a password-protected
        /// workbook, or a UTF-16 text file.
        public static let unsupportedFormat = Code(.unsupportedFormat)
        /// The sheet asked for is not in the workbook (or a sheet was named for a CSV file).
        public static let unknownSheet = Code(.unknownSheet)
        /// The sheet has no non-empty row to take headings from.
        public static let noHeadings = Code(.noHeadings)
        /// Two columns have the same heading, so a mapping cannot tell them apart.
        public static let duplicateHeading = Code(.duplicateHeading)
        /// A column that holds values has no heading.
        public static let blankHeading = Code(.blankHeading)
        /// A row has values beyond the last heading.
        public static let longRow = Code(.longRow)
        /// A Windows-1252 file holds a byte that encodes no character (0x81, 0x8D, 0x8F, 0x90, 0x9D).
        public static let undefinedCharacter = Code(.undefinedCharacter)
        /// The sheet is over the size Casebook reads (200 MB of sheet XML or 1,048,576 rows).
        public static let tooLarge = Code(.tooLarge)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What is wrong and what to do about it.
    public var message: String
    /// The row (as a spreadsheet program numbers it) the error is about, when there is one.
    public var row: Int?

    public init(_ code: Code, _ message: String, row: Int? = nil) {
        self.code = code
        self.message = message
        self.row = row
    }

    public var description: String { "IntakeError.\(code): \(message)" }
}
