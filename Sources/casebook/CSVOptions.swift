import ArgumentParser
import Foundation
import Registers

/// `--excel`, for every command that writes CSV: the same cells, shaped for Excel on Windows.
struct CSVOptions: ParsableArguments {
    @Flag(help: "With --format csv: start with a UTF-8 byte order mark and end lines with CRLF, so Excel on Windows opens \"café\" as written.")
    var excel = false

    /// Refuses `--excel` without `--format csv`, saying what to add.
    func check(_ format: OutputFormat) throws {
        if excel && format != .csv { throw ValidationError("--excel shapes CSV for Excel; add --format csv (or leave --excel out)") }
    }

    /// Writes CSV text to standard output, for Excel when `--excel` was given.
    func write(_ csv: String) {
        FileHandle.standardOutput.write(Data((excel ? CSV.excel(csv) : csv).utf8))
    }
}
