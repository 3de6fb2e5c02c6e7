import Chronology
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads one sheet of an .xlsx workbook: the ZIP parts with ZIPFoundation, the XML with
/// Foundation's streaming `XMLParser` (SAX, so a large sheet is never held as a tree).
enum XLSXReader {
    static func read(_ bytes: [UInt8], fileName: String, sheet wanted: String?) throws(IntakeError) -> SheetTable {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw IntakeError(.unreadable, "\(fileName) looks like a ZIP file but cannot be opened (\(error)): it may be damaged or only partly copied; save it again from Excel or LibreOffice as .xlsx.")
        }
        guard archive["xl/workbook.xml"] != nil else {
            if let mimetype = archive["mimetype"], let kind = try? extract(mimetype, from: archive, fileName: fileName, limit: 1024),
               String(decoding: kind, as: UTF8.self).contains("opendocument") {
                throw IntakeError(.unsupportedFormat, "\(fileName) is an OpenDocument spreadsheet (.ods), which Casebook does not read: open it in LibreOffice and save it as .xlsx (File > Save As > Excel 2007-365) or as CSV, then import that.")
            }
            throw IntakeError(.unreadable, "\(fileName) is a ZIP file but not an Excel workbook (it has no xl/workbook.xml): give the register as .xlsx or CSV.")
        }

        let workbook = WorkbookParser()
        try parse(part: "xl/workbook.xml", of: archive, fileName: fileName, with: workbook)
        let relations = RelationshipsParser()
        if archive["xl/_rels/workbook.xml.rels"] != nil {
            try parse(part: "xl/_rels/workbook.xml.rels", of: archive, fileName: fileName, with: relations)
        }
        let names = workbook.sheets.map(\.name)
        guard !workbook.sheets.isEmpty else {
            throw IntakeError(.noHeadings, "\(fileName) has no sheets: check it is the right workbook.")
        }
        let chosen: (name: String, relation: String)
        if let wanted {
            guard let match = workbook.sheets.first(where: { $0.name == wanted })
                ?? workbook.sheets.first(where: { $0.name.lowercased() == wanted.lowercased() }) else {
                throw IntakeError(.unknownSheet, "\(fileName) has no sheet named '\(wanted)'; its sheets are \(names.map { "'\($0)'" }.joined(separator: ", ")): name one of those.")
            }
            chosen = match
        } else {
            chosen = workbook.sheets[0]
        }
        guard let target = relations.targets[chosen.relation] else {
            throw IntakeError(.unreadable, "\(fileName) names sheet '\(chosen.name)' but does not say where its cells are (relationship '\(chosen.relation)' is missing): save the workbook again from Excel or LibreOffice.")
        }
        let sheetPath = resolve(target)
        guard archive[sheetPath] != nil else {
            throw IntakeError(.unreadable, "\(fileName) is missing the cells of sheet '\(chosen.name)' (\(sheetPath)): save the workbook again from Excel or LibreOffice.")
        }

        let strings = SharedStringsParser()
        if archive["xl/sharedStrings.xml"] != nil {
            try parse(part: "xl/sharedStrings.xml", of: archive, fileName: fileName, with: strings)
        }
        let styles = StylesParser()
        if archive["xl/styles.xml"] != nil {
            try parse(part: "xl/styles.xml", of: archive, fileName: fileName, with: styles)
        }

        let cells = SheetParser(
            fileName: fileName, sharedStrings: strings.strings, dateStyles: styles.dateStyles(), date1904: workbook.date1904
        )
        try parse(part: sheetPath, of: archive, fileName: fileName, with: cells, limit: SheetReader.maximumSheetBytes, isSheet: true)
        return try cells.builder.finish(source: SheetSource(format: .xlsx, sheet: chosen.name, sheetNames: names))
    }

    /// `Target` of a workbook relationship, as a path in the ZIP.
    static func resolve(_ target: String) -> String {
        var parts: [Substring] = []
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        for part in path.split(separator: "/") {
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else if part != "." { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }

    private static let partLimit = 64 * 1024 * 1024

    private static func extract(_ entry: Entry, from archive: Archive, fileName: String, limit: Int) throws(IntakeError) -> Data {
        if entry.uncompressedSize > UInt64(limit) {
            throw tooLarge(fileName, entry.path, limit)
        }
        var data = Data()
        data.reserveCapacity(Int(min(entry.uncompressedSize, UInt64(limit))))
        struct Overflow: Error {}
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                if data.count + chunk.count > limit { throw Overflow() }
                data.append(chunk)
            }
        } catch is Overflow {
            throw tooLarge(fileName, entry.path, limit)
        } catch {
            throw IntakeError(.unreadable, "\(fileName) is damaged: its part \(entry.path) cannot be unpacked (\(error)); save the workbook again from Excel or LibreOffice.")
        }
        return data
    }

    private static func tooLarge(_ fileName: String, _ path: String, _ limit: Int) -> IntakeError {
        IntakeError(.tooLarge, "\(fileName) unpacks to more than \(limit / 1024 / 1024) MB in \(path), more than Casebook reads from one sheet: split the register into smaller workbooks (or save it as CSV) and import each.")
    }

    private static func parse(part: String, of archive: Archive, fileName: String, with delegate: XMLPartDelegate,
                              limit: Int = partLimit, isSheet: Bool = false) throws(IntakeError) {
        guard let entry = archive[part] else { return }
        let data = try extract(entry, from: archive, fileName: fileName, limit: limit)
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let ok = parser.parse()
        if let error = delegate.failure { throw error }
        if !ok {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "malformed XML"
            throw IntakeError(.unreadable, "\(fileName) is damaged: \(part) is not well-formed XML (line \(parser.lineNumber): \(reason)); save the workbook again from Excel or LibreOffice.")
        }
    }
}

/// An XML delegate that can fail with an ``IntakeError`` (and stop the parse).
///
/// The `XMLParserDelegate` methods are implemented here and call `start`, `end` and `text`,
/// which the parts' delegates override: on Linux the protocol's witnesses are this class's
/// methods, so a subclass's own `parser(_:didStartElement:…)` would never be called.
class XMLPartDelegate: NSObject, XMLParserDelegate {
    var failure: IntakeError?

    func start(_ name: Substring, _ attributes: [String: String], _ parser: XMLParser) {}
    func end(_ name: Substring, _ parser: XMLParser) {}
    func text(_ string: String) {}

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        start(Self.local(elementName), attributes, parser)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        end(Self.local(elementName), parser)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text(string)
    }

    func fail(_ error: IntakeError, _ parser: XMLParser) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    /// The element's name without its namespace prefix.
    static func local(_ name: String) -> Substring {
        if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
        return Substring(name)
    }

    static func attribute(_ attributes: [String: String], _ name: String) -> String? {
        if let value = attributes[name] { return value }
        for (key, value) in attributes where local(key) == name { return value }
        return nil
    }
}

final class WorkbookParser: XMLPartDelegate {
    var sheets: [(name: String, relation: String)] = []
    var date1904 = false

    override func start(_ name: Substring, _ attributes: [String: String], _ parser: XMLParser) {
        switch name {
        case "sheet":
            let name = attributes["name"] ?? ""
            let relation = attributes["r:id"] ?? Self.attribute(attributes, "id") ?? ""
            sheets.append((name, relation))
        case "workbookPr":
            if let value = attributes["date1904"] { date1904 = value == "1" || value.lowercased() == "true" }
        default: break
        }
    }
}

final class RelationshipsParser: XMLPartDelegate {
    var targets: [String: String] = [:]

    override func start(_ name: Substring, _ attributes: [String: String], _ parser: XMLParser) {
        if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
            targets[id] = target
        }
    }
}

/// The text of a string item (`si` or `is`): its `t` elements, rich-text runs joined, phonetic
/// runs (`rPh`) left out.
struct RichText {
    var text = ""
    var inText = false
    var phonetic = 0

    mutating func start(_ name: Substring) {
        if name == "rPh" { phonetic += 1 } else if name == "t", phonetic == 0 { inText = true }
    }

    mutating func end(_ name: Substring) {
        if name == "rPh" { phonetic -= 1 } else if name == "t" { inText = false }
    }

    mutating func characters(_ string: String) {
        if inText { text += string }
    }
}

final class SharedStringsParser: XMLPartDelegate {
    var strings: [String] = []
    private var item: RichText?

    override func start(_ name: Substring, _ attributes: [String: String], _ parser: XMLParser) {
        if name == "si" { item = RichText() } else { item?.start(name) }
    }

    override func end(_ name: Substring, _ parser: XMLParser) {
        if name == "si" {
            strings.append(item?.text ?? "")
            item = nil
        } else {
            item?.end(name)
        }
    }

    override func text(_ string: String) {
        item?.characters(string)
    }
}

final class StylesParser: XMLPartDelegate {
    private var customFormats: [Int: String] = [:]
    private var cellFormats: [Int] = []
    private var inCellXfs = false

    override func start(_ name: Substring, _ attributes: [String: String], _ parser: XMLParser) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { customFormats[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: cellFormats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    override func end(_ name: Substring, _ parser: XMLParser) {
        if name == "cellXfs" { inCellXfs = false }
    }

    /// Per cell style (`s` attribute), whether its number format shows a date or time.
    func dateStyles() -> [Bool] {
        cellFormats.map { id in
            if (14...22).contains(id) || (45...47).contains(id) { return true }
            if let code = customFormats[id] { return Self.isDateFormat(code) }
            return false
        }
    }

    /// Whether a number format code has d, m or y (day, month, year) outside quoted text,
    /// `[...]` sections (colours, conditions, locales) and escaped characters.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false
        var bracket = false
        var skipNext = false
        for character in code {
            if skipNext { skipNext = false; continue }
            if quoted { if character == "\"" { quoted = false }; continue }
            if bracket { if character == "]" { bracket = false }; continue }
            switch character {
            case "\"": quoted = true
            case "[": bracket = true
            case "\\", "_", "*": skipNext = true
            case "d", "D", "m", "M", "y", "Y": return true
            default: break
            }
        }
        return false
    }
}

/// Streams a worksheet's cells, row by row, into a ``SheetTableBuilder``.
final class SheetParser: XMLPartDelegate {
    var builder: SheetTableBuilder
    private let fileName: String
    private let sharedStrings: [String]
    private let dateStyles: [Bool]
    private let date1904: Bool

    private var rowNumber = 0
    private var rowCells: [String] = []
    private var inRow = false
    private var column = -1
    private var cellType = "n"
    private var cellStyle = 0
    private var value = ""
    private var inValue = false
    private var inline: RichText?
    private var inCell = false

    init(fileName: String, sharedStrings: [String], dateStyles: [Bool], date1904: Bool) {
        self.fileName = fileName
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.builder = SheetTableBuilder(fileName: fileName)
    }

    override func start(_ name: Substring, _ attributes: [String: String], _ parser: XMLParser) {
        switch name {
        case "row":
            inRow = true
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            rowCells.removeAll(keepingCapacity: true)
            column = -1
        case "c" where inRow:
            inCell = true
            if let reference = attributes["r"], let (col, _) = Self.cellReference(reference) {
                column = col
            } else {
                column += 1
            }
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
            inline = nil
        case "v" where inCell:
            inValue = true
        case "is" where inCell:
            inline = RichText()
        default:
            inline?.start(name)
        }
    }

    override func end(_ name: Substring, _ parser: XMLParser) {
        switch name {
        case "v":
            inValue = false
        case "c" where inCell:
            inCell = false
            let text = cellText()
            guard !text.isEmpty else { return }
            if column > 16_383 {
                fail(IntakeError(.unreadable, "\(fileName) row \(rowNumber) has a cell beyond column XFD, the last a spreadsheet has: save the workbook again from Excel or LibreOffice.", row: rowNumber), parser)
                return
            }
            if rowCells.count <= column {
                rowCells.append(contentsOf: repeatElement("", count: column + 1 - rowCells.count))
            }
            rowCells[column] = text
        case "row":
            inRow = false
            do {
                try builder.add(number: rowNumber, cells: rowCells)
            } catch {
                fail(error, parser)
            }
        case "is":
            break
        default:
            inline?.end(name)
        }
    }

    override func text(_ string: String) {
        if inValue { value += string } else { inline?.characters(string) }
    }

    private func cellText() -> String {
        switch cellType {
        case "s":
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), sharedStrings.indices.contains(index) else { return "" }
            return sharedStrings[index]
        case "inlineStr":
            return inline?.text ?? value
        case "str", "e":
            return value
        case "b":
            return value == "1" ? "TRUE" : value.isEmpty ? "" : "FALSE"
        case "d":
            // An ISO date-time stored as text (rare; Strict Open XML).
            if value.hasSuffix("T00:00:00") || value.hasSuffix("T00:00:00Z") { return String(value.prefix(10)) }
            return value.count >= 16 ? String(value.prefix(16)) : value
        default:
            guard !value.isEmpty else { return "" }
            guard let number = Double(value) else { return value }
            if dateStyles.indices.contains(cellStyle), dateStyles[cellStyle] {
                return Self.dateText(number, date1904: date1904) ?? Self.numberText(number)
            }
            return Self.numberText(number)
        }
    }

    /// A serial day number as ISO text: `yyyy-mm-dd`, or `yyyy-mm-ddTHH:MM` when it has a time;
    /// a time with no day (serial 0–1 in the 1900 system) as `HH:MM`.
    static func dateText(_ serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        var whole = Int(serial.rounded(.down))
        var minutes = Int(((serial - Double(whole)) * 1440).rounded())
        if minutes == 1440 { minutes = 0; whole += 1 }
        let time = minutes == 0 ? nil : String(format: "%02d:%02d", minutes / 60, minutes % 60)
        if whole == 0 && !date1904 { return time ?? "00:00" }
        let dayText: String
        if whole == 60 && !date1904 {
            dayText = "1900-02-29"  // what Excel shows: its leap-year bug; no such day exists
        } else {
            guard let day = ExcelSerial.day(whole, date1904: date1904) else { return nil }
            dayText = day.iso
        }
        return time.map { "\(dayText)T\($0)" } ?? dayText
    }

    /// The shortest decimal text of a number: "42", "3.5", "0.1".
    static func numberText(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
        return "\(number)"
    }

    /// "C7" → (column 2, row 7).
    static func cellReference(_ reference: String) -> (Int, Int)? {
        var column = 0
        var row = 0
        var sawLetter = false
        for scalar in reference.unicodeScalars {
            switch scalar.value {
            case 65...90 where row == 0: column = column * 26 + Int(scalar.value - 64); sawLetter = true
            case 97...122 where row == 0: column = column * 26 + Int(scalar.value - 96); sawLetter = true
            case 36: continue
            case 48...57: row = row * 10 + Int(scalar.value - 48)
            default: return nil
            }
            if column > 100_000 || row > 100_000_000 { return nil }
        }
        guard sawLetter else { return nil }
        return (column - 1, row)
    }
}
