import Foundation
import Intake

/// Reading the file of an import into a sheet.
enum ImportSheetReading {
    static func read(_ bytes: [UInt8], fileName: String, sheet: String?) throws -> SheetTable {
        try SheetReader.read(bytes, fileName: fileName, sheet: sheet)
    }
}

/// Reading an import's file as the import does (CSV or .xlsx), for edges that show the sheet or
/// suggest a mapping before importing.
public enum ImportSheet {
    public static func read(_ bytes: [UInt8], fileName: String, sheet: String?) throws -> SheetTable {
        try ImportSheetReading.read(bytes, fileName: fileName, sheet: sheet)
    }
}
