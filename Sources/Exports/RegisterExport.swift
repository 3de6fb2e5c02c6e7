import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

/// The registers of an inspection pack: every register as CSV and as JSON, for the exported
/// cases, as they stood at the pack's checkpoint.
enum RegisterExport {
    static func write(to pack: PackWriter, casebook: Casebook, cases: Set<String>, throughPosition: UInt64?, today: LocalDate, access: PersonalDataAccess,
                      marking: SecurityMarking = .official) throws {
        let reader = casebook.registerReader
        let reveal = casebook.reveal(access)
        let outputs = try casebook.ledger.read { log -> [RegisterOutput] in
            let current = try log.size()
            let moment: AsOf = throughPosition.map { $0 + 1 == current ? .latest : .position($0) } ?? .latest
            let snapshot = try reader.snapshot(in: log, asOf: moment).restricted(to: cases)
            return try RegisterName.allCases.map { try snapshot.rows($0, today: today, calculator: reader.calculator, reveal: reveal) }
        }
        for output in outputs {
            let name = output.register.rawValue
            try pack.write("registers/\(name).csv", output.csv)
            let doc: JSONValue = .object([
                "register": .string(name), "generatedAt": .string(Timestamp.now().rfc3339), "today": .string(today.iso),
                "rows": .array(output.json), "marking": .string(marking.text),
            ])
            try pack.write("registers/\(name).json", doc.canonicalString + "\n")
        }
    }
}
