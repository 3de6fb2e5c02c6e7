import ArgumentParser
import CasebookCore
import Casework
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension ImportKind: ExpressibleByArgument {}

/// `casebook import foi|sar|breach|near-miss FILE`: bring in a register kept as a spreadsheet.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring in a register kept as a spreadsheet (CSV or .xlsx): each row becomes a case, through the same rules as live work.",
        discussion: """
        Each row's cells become the events they imply (a request received, acknowledged, answered, reviewed, \
        complained of to the ICO, published…), dated when the sheet says (a day without a time at midday UK time) \
        and recorded now, so each is a late entry; a CaseImported event closes each case with the file's and the \
        row's SHA-256. Rows that break a rule or cannot be read are refused with their column and the reason; \
        the others are recorded in one transaction. The same file again records nothing; in a changed file a \
        row whose case exists is reported (unchanged or a conflict) and left alone.

        A mapping file (Schemas/import-mapping.schema.json; start from --suggest-mapping) names the heading of \
        each field, the day formats, the sheet's spellings of choice values (values) and what the officer states \
        for facts the sheet does not hold (defaults). Without one, the mapping is suggested from the headings.

        Fields:
        \(ImportKind.allCases.map { kind in "  \(kind.rawValue):\n" + kind.fields.map { "    " + $0.help }.joined(separator: "\n") }.joined(separator: "\n"))
        """)

    @Argument(help: "What the sheet is: foi, sar, breach or near-miss.") var kind: ImportKind
    @Argument(help: "The CSV or .xlsx file.") var file: String
    @Option(help: "The mapping file (JSON); default: suggested from the headings.") var mapping: String?
    @Option(help: "The .xlsx sheet to read, by name (default: the mapping's, else the first).") var sheet: String?
    @Flag(help: "Work it all out and report it, writing nothing.") var dryRun = false
    @Flag(help: "Record nothing if any row is refused or conflicts.") var allOrNothing = false
    @Option(help: "Where to write the refused and conflicting rows as CSV (default: FILE.problems.csv beside the file, when there are any).") var problems: String?
    @Flag(help: "Print the mapping suggested from the sheet's headings and write nothing.") var suggestMapping = false
    @OptionGroup var options: LedgerOptionGroup

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIFailure("cannot read \(file); give the path of a CSV or .xlsx file")
        }
        let bytes = [UInt8](data)
        var given: ImportMapping?
        if let mapping {
            guard let m = FileManager.default.contents(atPath: mapping) else { throw CLIFailure("cannot read the mapping file \(mapping)") }
            given = try ImportMapping.decode([UInt8](m))
        }
        if suggestMapping {
            let table = try ImportSheet.read(bytes, fileName: file, sheet: sheet ?? given?.sheet)
            let suggested = ImportMapping.suggested(for: table, kind: kind)
            let pretty = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(suggested.encoded())),
                                                    options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: pretty, as: UTF8.self))
            let missing = kind.fields.filter { $0.required && suggested.columns[$0.name] == nil }.map(\.name)
            if !missing.isEmpty {
                FileHandle.standardError.write(Data("No heading was recognised for \(missing.joined(separator: ", ")), which every row needs: add each to columns, or state it in defaults.\n".utf8))
            }
            return
        }
        let casebook = try Casebook.open(at: options.path)
        defer { casebook.close() }
        let actor = try casebook.actor(for: OSUser.name, recording: EventType.openingEvent(for: kind.caseKind), on: kind.caseKind)
        let terminal = isatty(STDERR_FILENO) == 1
        let request = ImportRequest(kind: kind, fileName: file, bytes: bytes, mapping: given, sheet: sheet, dryRun: dryRun, allOrNothing: allOrNothing)
        var progress: (@Sendable (Int, Int) -> Void)?
        if terminal {
            progress = { done, total in
                if done % 100 == 0 || done == total {
                    FileHandle.standardError.write(Data(ProgressBar.line(done: UInt64(done), total: UInt64(total), unit: "rows").utf8))
                }
            }
        }
        let report = try await casebook.importSheet(request, by: actor, progress: progress)
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        print(ImportSummary.text(report, file: file))
        if !report.refused.isEmpty || !report.conflicts.isEmpty || problems != nil {
            let out = problems ?? file + ".problems.csv"
            do { try Data(report.problemsCSV().utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
                throw CLIFailure("cannot write the problems to \(out): \(error.localizedDescription)")
            }
            print("The refused and conflicting rows, with the reasons and their cells: \(out)")
        }
        if !report.refused.isEmpty { throw ExitCode(1) }
    }
}

enum ImportSummary {
    static func text(_ r: ImportReport, file: String) -> String {
        let events = r.imported.reduce(0) { $0 + $1.events }
        var lines = [
            "\(r.dryRun ? "Dry run (nothing written): " : "")\(file): \(r.rowCount) row\(r.rowCount == 1 ? "" : "s")",
            "  imported cases:   \(r.imported.count)\(r.dryRun || r.heldBack ? " (would be)" : "")",
            "  events appended:  \(r.appended)\(r.dryRun || r.heldBack ? " (\(events) would be)" : "")",
            "  unchanged:        \(r.unchanged.count)",
            "  conflicts:        \(r.conflicts.count)",
            "  refused:          \(r.refused.count) problem\(r.refused.count == 1 ? "" : "s") in \(Set(r.refused.map(\.row)).count) row\(Set(r.refused.map(\.row)).count == 1 ? "" : "s")",
            "  file SHA-256:     \(r.fileSHA256)",
            "  mapping SHA-256:  \(r.mappingSHA256)",
        ]
        if r.heldBack { lines.append("Nothing was recorded (--all-or-nothing): fix the refused and conflicting rows and run it again.") }
        for p in (r.refused + r.conflicts).prefix(10) { lines.append("  row \(p.row)\(p.column.map { " [\($0)]" } ?? ""): \(p.reason)") }
        if r.refused.count + r.conflicts.count > 10 { lines.append("  … and \(r.refused.count + r.conflicts.count - 10) more") }
        if !r.notes.isEmpty { lines.append("Notes: \(r.notes.count) row\(r.notes.count == 1 ? "" : "s") whose due date differs from Casebook's (first: row \(r.notes[0].row): \(r.notes[0].reason))") }
        return lines.joined(separator: "\n")
    }
}
