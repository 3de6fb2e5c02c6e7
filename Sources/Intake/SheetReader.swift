import Foundation

/// Reads the spreadsheets councils keep today into a ``SheetTable``.
public enum SheetReader {
    /// The most rows a sheet may have (Excel's own limit).
    public static let maximumRows = 1_048_576
    /// The most bytes of sheet XML (uncompressed) an .xlsx may hold for the sheet read.
    public static let maximumSheetBytes = 200 * 1024 * 1024

    /// Reads CSV or .xlsx (told apart by content: a ZIP signature means .xlsx; `fileName` only
    /// for messages). `sheet`: an .xlsx sheet by name (default: the first); refused for CSV.
    ///
    /// CSV files may be UTF-8 (with or without a byte-order mark) or Windows-1252, separated by
    /// commas or semicolons (whichever splits the heading line into more cells). The heading row
    /// is the first non-empty row. Errors name the row and heading and say what to change.
    public static func read(_ bytes: [UInt8], fileName: String, sheet: String? = nil) throws(IntakeError) -> SheetTable {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return try XLSXReader.read(bytes, fileName: fileName, sheet: sheet)
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw oleError(bytes, fileName: fileName)
        }
        if let sheet {
            throw IntakeError(.unknownSheet, "\(fileName) is a CSV file, which has no sheets, so sheet '\(sheet)' cannot be chosen: leave the sheet out, or give the .xlsx workbook instead.")
        }
        return try CSVSheetReader.read(bytes, fileName: fileName)
    }

    /// An OLE2 compound file is either a password-protected workbook (Office encrypts an .xlsx
    /// inside one, with an `EncryptionInfo` stream) or an old binary .xls.
    private static func oleError(_ bytes: [UInt8], fileName: String) -> IntakeError {
        let encryptionInfo = Array("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let limit = min(bytes.count, 4 * 1024 * 1024)
        if containsSequence(bytes[0..<limit], encryptionInfo) {
            return IntakeError(.unsupportedFormat, "\(fileName) is a password-protected (encrypted) workbook, which Casebook cannot open: open it in Excel or LibreOffice, remove the password (File > Info > Protect Workbook > Encrypt with Password, or Save As without a password) and import the saved .xlsx, or save it as CSV.")
        }
        return IntakeError(.unsupportedFormat, "\(fileName) is an old Excel 97–2003 workbook (.xls), which Casebook does not read: open it in Excel or LibreOffice and save it as .xlsx or CSV, then import that.")
    }

    private static func containsSequence(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}

/// Turns a sheet's rows, as read, into headings and data rows: finds the heading row, checks the
/// headings, pads short rows and refuses long ones. Rows are added one at a time, in order.
struct SheetTableBuilder {
    private let fileName: String
    private var headings: [String]?
    private var rows: [SheetRow] = []
    private var headingRow = 0
    /// Per column: the first row that has a value in it (to report a value under a blank heading).
    private var firstValueRow: [Int?] = []
    private var rowsSeen = 0

    init(fileName: String) {
        self.fileName = fileName
    }

    /// Adds the row numbered `number` (as a spreadsheet program numbers it); cells untrimmed.
    mutating func add(number: Int, cells rawCells: [String]) throws(IntakeError) {
        rowsSeen += 1
        if rowsSeen > SheetReader.maximumRows || number > SheetReader.maximumRows {
            throw IntakeError(.tooLarge, "\(fileName) has more than \(SheetReader.maximumRows) rows, more than a spreadsheet can hold: split it into smaller files and import each.", row: number)
        }
        var cells = rawCells.map(Self.trimmed)
        guard cells.contains(where: { !$0.isEmpty }) else { return }
        guard let headings else {
            try takeHeadings(cells, row: number)
            return
        }
        if cells.count > headings.count {
            if let extra = cells[headings.count...].firstIndex(where: { !$0.isEmpty }) {
                throw IntakeError(.longRow, "\(fileName) row \(number) has a value in column \(Self.columnName(extra)) ('\(Self.excerpt(cells[extra]))'), beyond the last heading ('\(headings.last ?? "")' in column \(Self.columnName(headings.count - 1))): give that column a heading, or remove the stray value (a comma or semicolon inside a value needs the value in double quotes).", row: number)
            }
            cells.removeLast(cells.count - headings.count)
        } else if cells.count < headings.count {
            cells.append(contentsOf: repeatElement("", count: headings.count - cells.count))
        }
        for (column, cell) in cells.enumerated() where !cell.isEmpty && firstValueRow[column] == nil {
            firstValueRow[column] = number
        }
        rows.append(SheetRow(number: number, cells: cells))
    }

    private mutating func takeHeadings(_ cells: [String], row: Int) throws(IntakeError) {
        var seen: [String: Int] = [:]
        for (column, heading) in cells.enumerated() where !heading.isEmpty {
            let key = heading.lowercased()
            if let earlier = seen[key] {
                throw IntakeError(.duplicateHeading, "\(fileName) has the heading '\(heading)' twice in its heading row (row \(row)), in columns \(Self.columnName(earlier)) and \(Self.columnName(column)): rename one so every column's heading is different.", row: row)
            }
            seen[key] = column
        }
        headings = cells
        headingRow = row
        firstValueRow = Array(repeating: nil, count: cells.count)
    }

    /// The table: columns with a blank heading and no values are left out.
    func finish(source: SheetSource) throws(IntakeError) -> SheetTable {
        guard let headings else {
            throw IntakeError(.noHeadings, "\(fileName) has no rows with anything in them, so there are no headings to read: check it is the right file (and the right sheet), with a heading row above the data.")
        }
        var keep: [Int] = []
        for (column, heading) in headings.enumerated() {
            if heading.isEmpty {
                if let row = firstValueRow[column] {
                    throw IntakeError(.blankHeading, "\(fileName) column \(Self.columnName(column)) has no heading in the heading row (row \(headingRow)) but holds values (the first in row \(row)): give the column a heading, or delete it.", row: headingRow)
                }
            } else {
                keep.append(column)
            }
        }
        if keep.count == headings.count {
            return SheetTable(headings: headings, rows: rows, source: source)
        }
        let kept = rows.map { row in SheetRow(number: row.number, cells: keep.map { row.cells[$0] }) }
        return SheetTable(headings: keep.map { headings[$0] }, rows: kept, source: source)
    }

    /// The spreadsheet letter(s) of a zero-based column: 0 → A, 26 → AA.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.append(Character(UnicodeScalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    static func excerpt(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    /// Trims spaces, tabs, non-breaking spaces and line breaks from both ends.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            s == " " || s == "\t" || s == "\n" || s == "\r" || s == "\u{00A0}" || s == "\u{FEFF}"
        }
        guard let head = scalars.first, let tail = scalars.last else { return text }
        if !isSpace(head) && !isSpace(tail) { return text }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }
}
