import Foundation
import Intake

/// Reading an import's file as the import does (CSV or .xlsx), for the import itself and for
/// edges that show the sheet or suggest a mapping before importing.
public enum ImportSheet {
    /// The sheet, or `CasebookError(.invalidInput)` saying what is wrong with the file and what
    /// to do (the reader's own message), as every other refused input is reported.
    public static func read(_ bytes: [UInt8], fileName: String, sheet: String?) throws -> SheetTable {
        do {
            return try SheetReader.read(bytes, fileName: fileName, sheet: sheet)
        } catch {
            throw CasebookError(.invalidInput, error.message)
        }
    }
}
