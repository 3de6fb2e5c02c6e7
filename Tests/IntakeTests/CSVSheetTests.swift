import Foundation
import Testing
@testable import Intake

@Suite("Reading CSV registers")
struct CSVSheetTests {
    private func read(_ text: String, _ name: String = "log.csv") throws -> SheetTable {
        try SheetReader.read(Array(text.utf8), fileName: name)
    }

    @Test func utf8WithCommasQuotesAndLineBreaksInsideQuotes() throws {
        let table = try read("Reference,Received,Summary\r\nFOI-1,01/04/2023,\"Parking, fines\"\r\nFOI-2,2/4/23,\"He said \"\"no\"\"\nthen left\"\r\n")
        #expect(table.headings == ["Reference", "Received", "Summary"])
        #expect(table.rows == [
            SheetRow(number: 2, cells: ["FOI-1", "01/04/2023", "Parking, fines"]),
            SheetRow(number: 3, cells: ["FOI-2", "2/4/23", "He said \"no\"\nthen left"]),
        ])
        #expect(table.source == SheetSource(format: .csv, encoding: "UTF-8", delimiter: ","))
    }

    @Test func utf8ByteOrderMarkIsNotPartOfTheFirstHeading() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Ref,Name\nA1,Café £5\n".utf8)
        let table = try SheetReader.read(bytes, fileName: "bom.csv")
        #expect(table.headings == ["Ref", "Name"])
        #expect(table.rows[0].cells == ["A1", "Café £5"])
        #expect(table.source.encoding == "UTF-8 with BOM")
    }

    @Test func windows1252IsDecodedByItsOwnTable() throws {
        // "café", "£", "’" (0x92), "–" (0x96), "€" (0x80) as Excel's "CSV (Comma delimited)" writes them.
        let bytes: [UInt8] = Array("Ref,Note\nA1,caf".utf8) + [0xE9, 0x20, 0xA3, 0x35, 0x20, 0x92, 0x20, 0x96, 0x20, 0x80] + Array("\n".utf8)
        let table = try SheetReader.read(bytes, fileName: "ansi.csv")
        #expect(table.rows[0].cells == ["A1", "café £5 ’ – €"])
        #expect(table.source.encoding == "Windows-1252")
    }

    @Test func windows1252UndefinedByteNamesItsRow() {
        let bytes: [UInt8] = Array("Ref,Note\nA1,fine\nA2,bad".utf8) + [0x81] + Array("\n".utf8)
        #expect {
            try SheetReader.read(bytes, fileName: "ansi.csv")
        } throws: { error in
            guard let error = error as? IntakeError else { return false }
            return error.code == .undefinedCharacter && error.row == 3 && error.message.contains("row 3") && error.message.contains("0x81")
        }
    }

    @Test func semicolonsAreDetectedFromTheHeadingLine() throws {
        let table = try read("Reference;Received;\"Cost, £\"\nFOI-1;01/04/2023;12,50\n")
        #expect(table.headings == ["Reference", "Received", "Cost, £"])
        #expect(table.rows[0].cells == ["FOI-1", "01/04/2023", "12,50"])
        #expect(table.source.delimiter == ";")
    }

    @Test func headingRowIsTheFirstNonEmptyRowAndEmptyRowsAreLeftOut() throws {
        let table = try read("\n,,\nRef,Name\nA1,x\n,\n\nA2,y\n")
        #expect(table.headings == ["Ref", "Name"])
        #expect(table.rows == [SheetRow(number: 4, cells: ["A1", "x"]), SheetRow(number: 7, cells: ["A2", "y"])])
    }

    @Test func cellsAreTrimmedAndShortRowsPadded() throws {
        let table = try read(" Ref , Name ,Date\n  A1 ,\tx \nA2\n")
        #expect(table.headings == ["Ref", "Name", "Date"])
        #expect(table.rows.map(\.cells) == [["A1", "x", ""], ["A2", "", ""]])
    }

    @Test func longRowIsRefusedNamingTheRow() {
        #expect {
            try read("Ref,Name\nA1,x\nA2,y,stray\n")
        } throws: { error in
            guard let error = error as? IntakeError else { return false }
            return error.code == .longRow && error.row == 3 && error.message.contains("row 3") && error.message.contains("stray")
        }
    }

    @Test func trailingEmptyCellsBeyondTheHeadingsAreNotALongRow() throws {
        let table = try read("Ref,Name\nA1,x,,\n")
        #expect(table.rows[0].cells == ["A1", "x"])
    }

    @Test func duplicateHeadingsAreRefusedNamingThem() {
        #expect {
            try read("Ref,Received,ref\nA1,x,y\n")
        } throws: { error in
            guard let error = error as? IntakeError else { return false }
            return error.code == .duplicateHeading && error.message.contains("'ref'") && error.message.contains("columns A and C")
        }
    }

    @Test func blankHeadingOverAnEmptyColumnIsIgnoredButNotOverValues() throws {
        let table = try read("Ref,,Name\nA1,,x\n")
        #expect(table.headings == ["Ref", "Name"])
        #expect(table.rows[0].cells == ["A1", "x"])
        #expect {
            try read("Ref,,Name\nA1,,x\nA2,oops,y\n")
        } throws: { error in
            guard let error = error as? IntakeError else { return false }
            return error.code == .blankHeading && error.message.contains("column B") && error.message.contains("row 3")
        }
    }

    @Test func emptyFileHasNoHeadings() {
        #expect(throws: IntakeError.self) { try read("\n\n , \n") }
        #expect { try read("") } throws: { ($0 as? IntakeError)?.code == .noHeadings }
    }

    @Test func sheetIsRefusedForCSV() {
        #expect { try SheetReader.read(Array("Ref\nA1\n".utf8), fileName: "a.csv", sheet: "Log") } throws: {
            ($0 as? IntakeError)?.code == .unknownSheet
        }
    }

    @Test func utf16AndOldExcelFilesAreRefusedWithWhatToDo() {
        #expect { try SheetReader.read([0xFF, 0xFE, 0x52, 0x00], fileName: "u.txt") } throws: {
            ($0 as? IntakeError)?.code == .unsupportedFormat && "\($0)".contains("CSV UTF-8")
        }
        let xls: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 512) + Array("Workbook".utf16.flatMap { [UInt8($0), 0] })
        #expect { try SheetReader.read(xls, fileName: "old.xls") } throws: {
            ($0 as? IntakeError)?.code == .unsupportedFormat && "\($0)".contains("save it as .xlsx or CSV")
        }
        let encrypted: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 512) + Array("EncryptionInfo".utf16.flatMap { [UInt8($0), 0] })
        #expect { try SheetReader.read(encrypted, fileName: "locked.xlsx") } throws: {
            ($0 as? IntakeError)?.code == .unsupportedFormat && "\($0)".contains("password")
        }
    }

    @Test func fiftyThousandRowsReadQuickly() throws {
        var text = "Reference,Received,Requester,Subject,Directorate,Officer,Due,Responded,Outcome,Exemptions,Cost,Notes\r\n"
        text.reserveCapacity(8_000_000)
        for n in 1...50_000 {
            text += "FOI-\(n),\(n % 28 + 1)/\(n % 12 + 1)/2023,Person \(n),\"Roads, potholes and \"\"parking\"\"\",Place,Officer \(n % 17),2023-05-01,3 May 2023,Refused,\"s.40(2), s.43\",\(n % 450),note \(n)\r\n"
        }
        let bytes = Array(text.utf8)
        let start = ContinuousClock.now
        let table = try SheetReader.read(bytes, fileName: "big.csv")
        let elapsed = ContinuousClock.now - start
        #expect(table.rows.count == 50_000)
        #expect(table.rows.last?.cells[0] == "FOI-50000")
        #expect(table.rows.last?.number == 50_001)
        print("Read 50,000 rows × 12 columns (\(bytes.count) bytes) in \(elapsed)")
        #expect(elapsed < .seconds(5))
    }
}
