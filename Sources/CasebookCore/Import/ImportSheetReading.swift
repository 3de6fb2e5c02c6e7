import Foundation
import Intake

/// Reading the file of an import into a sheet.
enum ImportSheetReading {
    static func read(_ bytes: [UInt8], fileName: String, sheet: String?) throws -> SheetTable {
        try StandInSheetReader.read(bytes, fileName: fileName, sheet: sheet)
    }
}

/// A stand-in for Intake's `SheetReader` (part A) until that branch is merged: UTF-8 CSV, comma
/// or semicolon, quoted cells; removed then.
enum StandInSheetReader {
    static func read(_ bytes: [UInt8], fileName: String, sheet: String?) throws -> SheetTable {
        var body = bytes
        var encoding = "UTF-8"
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3); encoding = "UTF-8 with BOM" }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw CasebookError(.invalidInput, "\(fileName) is not UTF-8 text; save it as CSV UTF-8")
        }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let delimiter: Character = firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        var records: [[String]] = []
        var record: [String] = []
        var cell = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { cell.append(c) }
            } else if c == "\"" && cell.isEmpty {
                quoted = true
            } else if c == delimiter {
                record.append(cell); cell = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                record.append(cell); cell = ""
                records.append(record); record = []
            } else { cell.append(c) }
        }
        if !cell.isEmpty || !record.isEmpty { record.append(cell); records.append(record) }
        guard let headingRow = records.first else { throw CasebookError(.invalidInput, "\(fileName) is empty; it needs a heading row") }
        let headings = headingRow.map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [SheetRow] = []
        for (i, r) in records.dropFirst().enumerated() {
            var cells = r.map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.allSatisfy(\.isEmpty) { continue }
            cells = Array(cells.prefix(headings.count)) + Array(repeating: "", count: max(0, headings.count - cells.count))
            rows.append(SheetRow(number: i + 2, cells: cells))
        }
        return SheetTable(headings: headings, rows: rows,
                          source: SheetSource(format: .csv, encoding: encoding, delimiter: String(delimiter), sheet: nil, sheetNames: []))
    }
}

/// Reading an import's file as the import does (CSV or .xlsx), for edges that show the sheet or
/// suggest a mapping before importing.
public enum ImportSheet {
    public static func read(_ bytes: [UInt8], fileName: String, sheet: String?) throws -> SheetTable {
        try ImportSheetReading.read(bytes, fileName: fileName, sheet: sheet)
    }
}
