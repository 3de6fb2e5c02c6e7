import CSV
import Foundation

/// Reads a CSV file: decodes it (UTF-8, UTF-8 with a byte-order mark, or Windows-1252), picks the
/// delimiter, and parses it with CSV.swift (quoted cells with delimiters, doubled quotes and line
/// breaks inside them; CRLF or LF line ends).
enum CSVSheetReader {
    static func read(_ bytes: [UInt8], fileName: String) throws(IntakeError) -> SheetTable {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw IntakeError(.unsupportedFormat, "\(fileName) is UTF-16 text (Excel's 'Unicode Text'), which Casebook does not read: save it from Excel as 'CSV UTF-8 (Comma delimited)', or as .xlsx, and import that.")
        }
        let (text, encoding) = try decode(bytes, fileName: fileName)
        let delimiter = detectDelimiter(text)
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false, delimiter: delimiter)
        } catch {
            throw IntakeError(.unreadable, "\(fileName) could not be read as CSV (\(error)): check it is a CSV file saved from a spreadsheet.")
        }
        var builder = SheetTableBuilder(fileName: fileName)
        var number = 0
        while let record = reader.next() {
            number += 1
            try builder.add(number: number, cells: record)
        }
        if let error = reader.error {
            throw IntakeError(.unreadable, "\(fileName) could not be read as CSV after row \(number) (\(error)): check it is a CSV file saved from a spreadsheet.", row: number)
        }
        return try builder.finish(source: SheetSource(format: .csv, encoding: encoding, delimiter: String(delimiter)))
    }

    /// The text and the name of its encoding.
    static func decode(_ bytes: [UInt8], fileName: String) throws(IntakeError) -> (String, String) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = bytes[3...]
            guard let text = String(validating: body, as: UTF8.self) else {
                let offset = firstInvalidUTF8(body) ?? 3
                let row = lineNumber(bytes, offset: offset)
                throw IntakeError(.unreadable, "\(fileName) starts with a UTF-8 byte-order mark but row \(row) (byte \(offset)) is not UTF-8: save the file again as 'CSV UTF-8', or save it as plain CSV without the mark.", row: row)
            }
            return (text, "UTF-8 with BOM")
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return (text, "UTF-8")
        }
        return (try windows1252(bytes, fileName: fileName), "Windows-1252")
    }

    /// The characters 0x80–0x9F stand for in Windows-1252 (nil: undefined); the rest are Latin-1.
    private static let high: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil, 0x017D, nil,
        nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, nil, 0x017E, 0x0178,
    ]

    static func windows1252(_ bytes: [UInt8], fileName: String) throws(IntakeError) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for (offset, byte) in bytes.enumerated() {
            if byte >= 0x80 && byte <= 0x9F {
                guard let value = high[Int(byte - 0x80)], let scalar = Unicode.Scalar(value) else {
                    let row = lineNumber(bytes, offset: offset)
                    let hex = "0x" + String(byte, radix: 16, uppercase: true)
                    throw IntakeError(.undefinedCharacter, "\(fileName) is neither UTF-8 nor Windows-1252: row \(row) (byte \(offset)) holds the byte \(hex), which stands for no character in Windows-1252. Open the file in Excel or LibreOffice and save it as 'CSV UTF-8', then import that.", row: row)
                }
                scalars.append(scalar)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    /// The line (1-based) holding the byte at `offset`; a line break inside quotes counts as a
    /// new line here, so for a quoted multi-line cell this is the text line, not the record.
    static func lineNumber(_ bytes: [UInt8], offset: Int) -> Int {
        var line = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            if bytes[index] == 0x0A { line += 1 }
            else if bytes[index] == 0x0D, index + 1 >= bytes.count || bytes[index + 1] != 0x0A { line += 1 }
            index += 1
        }
        return line
    }

    private static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = bytes.startIndex
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// `;` when it splits the first non-empty line into more cells than `,` does (quotes
    /// respected); otherwise `,`.
    static func detectDelimiter(_ text: String) -> Unicode.Scalar {
        var commas = 0
        var semicolons = 0
        var quoted = false
        var sawContent = false
        for scalar in text.unicodeScalars {
            if quoted {
                if scalar == "\"" { quoted = false }
                continue
            }
            switch scalar {
            case "\"": quoted = true; sawContent = true
            case ",": commas += 1; sawContent = true
            case ";": semicolons += 1; sawContent = true
            case "\n", "\r":
                if sawContent && (commas > 0 || semicolons > 0) { return semicolons > commas ? ";" : "," }
                if sawContent { return "," }
            case "\u{FEFF}", " ", "\t": break
            default: sawContent = true
            }
        }
        return semicolons > commas ? ";" : ","
    }
}
