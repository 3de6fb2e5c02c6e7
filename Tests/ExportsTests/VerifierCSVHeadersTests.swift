import Casework
import Foundation
import Testing
@testable import Exports
@testable import Registers

/// The Python verifier's register CSV headers come from the Swift label catalogue, not from a
/// second copy kept by hand.
@Suite("The verifier's CSV headers")
struct VerifierCSVHeadersTests {
    static let script = ExportTests.repoRoot.appendingPathComponent("Sources/Exports/Resources/verify-export")

    @Test("the verifier's CSV_HEADERS block is exactly what Labels.field gives for every register's columns")
    func blockMatchesTheCatalogue() throws {
        let text = try String(contentsOf: Self.script, encoding: .utf8)
        if ProcessInfo.processInfo.environment["CASEBOOK_WRITE_CSV_HEADERS"] == "1", let fresh = VerifierCSVHeaders.regenerated(text), fresh != text {
            try fresh.write(to: Self.script, atomically: true, encoding: .utf8)
            return
        }
        let block = try #require(VerifierCSVHeaders.block(in: text), "verify-export has no # BEGIN CSV HEADERS … # END CSV HEADERS block")
        #expect(block == VerifierCSVHeaders.pythonBlock,
                "verify-export's CSV headers differ from Sources/Registers/Labels.swift: run Tools/embed-csv-headers")
    }

    @Test("the block names every register, each column with its label, in the columns' order")
    func blockShape() throws {
        let block = VerifierCSVHeaders.pythonBlock
        for name in RegisterName.allCases {
            let output = try RegisterSnapshot().rows(name, today: LocalDate(year: 2026, month: 3, day: 3)!)
            let pairs = zip(output.header, output.csvHeader).map { "\"\($0)\": \"\($1)\"" }.joined(separator: ", ")
            #expect(block.contains("    \"\(name.rawValue)\": {\(pairs)},\n"), "\(name.rawValue)")
            // A spreadsheet's lookups need one column per header.
            #expect(Set(output.csvHeader).count == output.csvHeader.count, "\(name.rawValue): \(output.csvHeader)")
        }
        #expect(block.contains("\"received\": \"Received\"") && block.contains("\"icoDue\": \"ICO notification due\""))
    }

    @Test("regenerating replaces only the block, and a script without one is refused")
    func regenerating() {
        let script = "a = 1\n# BEGIN CSV HEADERS\nCSV_HEADERS = {}\n# END CSV HEADERS\nb = 2\n"
        #expect(VerifierCSVHeaders.regenerated(script) == "a = 1\n" + VerifierCSVHeaders.pythonBlock + "b = 2\n")
        #expect(VerifierCSVHeaders.regenerated("a = 1\n") == nil)
    }
}
