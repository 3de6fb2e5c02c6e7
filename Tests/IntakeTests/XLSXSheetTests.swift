import Foundation
import Testing
import ZIPFoundation
@testable import Intake

/// Builds small .xlsx workbooks part by part, as Excel lays them out.
struct WorkbookFixture {
    var sheets: [(name: String, xml: String)]
    var sharedStrings: [String]? = nil
    var styles: String? = nil
    var date1904 = false
    var extraParts: [String: String] = [:]

    static func sheetXML(_ rows: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheetData>\(rows)</sheetData></worksheet>"
    }

    func bytes() throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        try add("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")
        let sheetsXML = sheets.enumerated().map { "<sheet name=\"\($1.name)\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
        try add("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\(date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>")<sheets>\(sheetsXML)</sheets></workbook>")
        let relations = sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined()
        try add("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(relations)</Relationships>")
        for (index, sheet) in sheets.enumerated() {
            try add("xl/worksheets/sheet\(index + 1).xml", sheet.xml)
        }
        if let sharedStrings {
            try add("xl/sharedStrings.xml", "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(sharedStrings.count)\">\(sharedStrings.joined())</sst>")
        }
        if let styles { try add("xl/styles.xml", styles) }
        for (path, text) in extraParts { try add(path, text) }
        return Array(archive.data ?? Data())
    }
}

@Suite("Reading .xlsx registers")
struct XLSXSheetTests {
    /// Styles: 0 general, 1 built-in date (14), 2 custom "dd/mm/yyyy hh:mm", 3 custom "0.00 \"days\"" (not a date), 4 built-in 22.
    static let styles = """
        <?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/><numFmt numFmtId="165" formatCode="0.00&quot; days&quot;"/></numFmts>\
        <cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>\
        <cellXfs count="5"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" xfId="0"/><xf numFmtId="165" xfId="0"/><xf numFmtId="22" xfId="0"/></cellXfs>\
        </styleSheet>
        """

    @Test func sharedInlineRichAndNumberCellsWithSkippedColumns() throws {
        let shared = ["<si><t>Reference</t></si>", "<si><t>Received</t></si>", "<si><r><t>Sum</t></r><r><rPr><b/></rPr><t>mary</t></r><rPh><t>x</t></rPh></si>", "<si><t xml:space=\"preserve\">  Cost  </t></si>", "<si><t>Parking &amp; fines</t></si>"]
        let rows = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>\
            <row r="2"><c r="A2" t="inlineStr"><is><t>FOI-1</t></is></c><c r="B2" s="1"><v>44197</v></c><c r="C2" t="s"><v>4</v></c><c r="D2"><v>42</v></c></row>\
            <row r="4"><c r="A4" t="str"><f>"FOI-"&amp;2</f><v>FOI-2</v></c><c r="C4" t="b"><v>1</v></c><c r="D4" s="3"><v>3.5</v></c></row>
            """
        let bytes = try WorkbookFixture(sheets: [("Log", WorkbookFixture.sheetXML(rows))], sharedStrings: shared, styles: Self.styles).bytes()
        let table = try SheetReader.read(bytes, fileName: "log.xlsx")
        #expect(table.headings == ["Reference", "Received", "Summary", "Cost"])
        #expect(table.rows == [
            SheetRow(number: 2, cells: ["FOI-1", "2021-01-01", "Parking & fines", "42"]),
            SheetRow(number: 4, cells: ["FOI-2", "", "TRUE", "3.5"]),
        ])
        #expect(table.source == SheetSource(format: .xlsx, sheet: "Log", sheetNames: ["Log"]))
    }

    @Test func dateFormatsBuiltInAndCustomWithTimes() throws {
        let rows = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>Received</t></is></c><c r="B1" t="inlineStr"><is><t>Logged</t></is></c><c r="C1" t="inlineStr"><is><t>Stamp</t></is></c><c r="D1" t="inlineStr"><is><t>Plain</t></is></c></row>\
            <row r="2"><c r="A2" s="1"><v>61</v></c><c r="B2" s="2"><v>44197.5</v></c><c r="C2" s="4"><v>45000.25</v></c><c r="D2"><v>44197</v></c></row>\
            <row r="3"><c r="A3" s="1"><v>59</v></c><c r="B3" s="2"><v>60</v></c><c r="C3" s="4"><v>1</v></c><c r="D3"><v>0.1</v></c></row>
            """
        let bytes = try WorkbookFixture(sheets: [("Sheet1", WorkbookFixture.sheetXML(rows))], styles: Self.styles).bytes()
        let table = try SheetReader.read(bytes, fileName: "dates.xlsx")
        #expect(table.rows.map(\.cells) == [
            ["1900-03-01", "2021-01-01T12:00", "2023-03-15T06:00", "44197"],
            ["1900-02-28", "1900-02-29", "1900-01-01", "0.1"],
        ])
        // The ISO text reads back through CellDate's ISO format, time returned separately.
        let logged = try #require(CellDate.day(table.rows[0].cells[1], formats: [.iso]))
        #expect(logged.day.iso == "2021-01-01" && logged.minutes == 720)
    }

    @Test func date1904SystemIsHonoured() throws {
        let rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Received</t></is></c></row><row r=\"2\"><c r=\"A2\" s=\"1\"><v>0</v></c></row><row r=\"3\"><c r=\"A3\" s=\"1\"><v>42735</v></c></row>"
        let bytes = try WorkbookFixture(sheets: [("Sheet1", WorkbookFixture.sheetXML(rows))], styles: Self.styles, date1904: true).bytes()
        let table = try SheetReader.read(bytes, fileName: "mac.xlsx")
        #expect(table.rows.map(\.cells) == [["1904-01-01"], ["2021-01-01"]])
    }

    @Test func secondSheetByNameAndUnknownSheetListsTheNames() throws {
        let first = WorkbookFixture.sheetXML("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Notes</t></is></c></row>")
        let second = WorkbookFixture.sheetXML("<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>Ref</t></is></c></row><row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><t>SAR-9</t></is></c></row>")
        let bytes = try WorkbookFixture(sheets: [("Read me", first), ("SAR log", second)]).bytes()
        let defaultSheet = try SheetReader.read(bytes, fileName: "two.xlsx")
        #expect(defaultSheet.headings == ["Notes"] && defaultSheet.rows.isEmpty)
        let named = try SheetReader.read(bytes, fileName: "two.xlsx", sheet: "SAR log")
        #expect(named.headings == ["Ref"])
        #expect(named.rows == [SheetRow(number: 4, cells: ["SAR-9"])])
        #expect(named.source.sheet == "SAR log" && named.source.sheetNames == ["Read me", "SAR log"])
        #expect { try SheetReader.read(bytes, fileName: "two.xlsx", sheet: "FOI log") } throws: { error in
            guard let error = error as? IntakeError else { return false }
            return error.code == .unknownSheet && error.message.contains("'Read me', 'SAR log'")
        }
    }

    @Test func cellsWithoutReferencesFollowOnAndDuplicateHeadingsAreRefused() throws {
        let rows = "<row><c t=\"inlineStr\"><is><t>A</t></is></c><c t=\"inlineStr\"><is><t>B</t></is></c></row><row><c><v>1</v></c><c><v>2</v></c></row>"
        let table = try SheetReader.read(try WorkbookFixture(sheets: [("S", WorkbookFixture.sheetXML(rows))]).bytes(), fileName: "x.xlsx")
        #expect(table.rows == [SheetRow(number: 2, cells: ["1", "2"])])
        let duplicate = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Ref</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>Ref</t></is></c></row>"
        #expect { try SheetReader.read(try WorkbookFixture(sheets: [("S", WorkbookFixture.sheetXML(duplicate))]).bytes(), fileName: "x.xlsx") } throws: {
            ($0 as? IntakeError)?.code == .duplicateHeading && "\($0)".contains("columns A and C")
        }
    }

    @Test func damagedAndForeignZipsAreRefusedWithWhatToDo() throws {
        let ods = try WorkbookFixture(sheets: []).bytes()  // has xl/workbook.xml but no sheets
        #expect { try SheetReader.read(ods, fileName: "empty.xlsx") } throws: { ($0 as? IntakeError)?.code == .noHeadings }

        let archive = try Archive(data: Data(), accessMode: .create)
        let mimetype = Data("application/vnd.oasis.opendocument.spreadsheet".utf8)
        try archive.addEntry(with: "mimetype", type: .file, uncompressedSize: Int64(mimetype.count)) { position, size in
            mimetype.subdata(in: Int(position)..<(Int(position) + size))
        }
        #expect { try SheetReader.read(Array(archive.data!), fileName: "log.ods") } throws: {
            ($0 as? IntakeError)?.code == .unsupportedFormat && "\($0)".contains(".ods")
        }
        let truncated = Array(try WorkbookFixture(sheets: [("S", WorkbookFixture.sheetXML(""))]).bytes().prefix(200))
        #expect(throws: IntakeError.self) { try SheetReader.read(truncated, fileName: "cut.xlsx") }
        let badXML = try WorkbookFixture(sheets: [("S", "<worksheet><sheetData><row><c></row>")]).bytes()
        #expect { try SheetReader.read(badXML, fileName: "bad.xlsx") } throws: {
            ($0 as? IntakeError)?.code == .unreadable && "\($0)".contains("xl/worksheets/sheet1.xml")
        }
    }

    @Test func sheetOverTheRowLimitIsTooLarge() throws {
        let rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Ref</t></is></c></row><row r=\"1048577\"><c r=\"A1048577\"><v>1</v></c></row>"
        let bytes = try WorkbookFixture(sheets: [("S", WorkbookFixture.sheetXML(rows))]).bytes()
        #expect { try SheetReader.read(bytes, fileName: "huge.xlsx") } throws: { ($0 as? IntakeError)?.code == .tooLarge }
    }

    @Test func customFormatCodesThatShowDates() {
        #expect(StylesParser.isDateFormat("dd/mm/yyyy"))
        #expect(StylesParser.isDateFormat("[$-809]d mmmm yyyy;@"))
        #expect(StylesParser.isDateFormat("yyyy\\-mm\\-dd"))
        #expect(!StylesParser.isDateFormat("0.00\" days\""))
        #expect(!StylesParser.isDateFormat("[Red]#,##0"))
        #expect(!StylesParser.isDateFormat("General"))
        #expect(!StylesParser.isDateFormat("£#,##0.00"))
    }

    @Test func libreOfficeConversionReadsAsTheCSVDoes() throws {
        guard let soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/lib/libreoffice/program/soffice"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("Skipping the LibreOffice round trip: soffice is not installed (apt-get install libreoffice-calc-nogui to run it).")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("intake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = "Reference,Requester,Summary,Cost\nFOI-1,Ann Café,\"Parking, fines\",42\nFOI-2,Bob,\"Two\nlines\",3.5\n"
        let csvURL = directory.appendingPathComponent("log.csv")
        try Data(csv.utf8).write(to: csvURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = ["--headless", "-env:UserInstallation=file://\(directory.path)/profile", "--convert-to", "xlsx", "--outdir", directory.path, csvURL.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let xlsx = try Data(contentsOf: directory.appendingPathComponent("log.xlsx"))
        let fromXLSX = try SheetReader.read(Array(xlsx), fileName: "log.xlsx")
        let fromCSV = try SheetReader.read(Array(csv.utf8), fileName: "log.csv")
        #expect(fromXLSX.headings == fromCSV.headings)
        #expect(fromXLSX.rows == fromCSV.rows)
        #expect(fromXLSX.source.format == .xlsx)
    }
}
