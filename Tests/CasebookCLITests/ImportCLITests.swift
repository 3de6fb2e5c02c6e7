import Foundation
import Testing

/// `casebook import` through the built binary, in a fresh ledger: the summary, the problems CSV
/// beside the file, the exit status, the suggested mapping, a dry run and a second run.
@Suite("casebook CLI: importing a register", .serialized)
struct ImportCLITests {
    static let log = """
        Ref,Date received,Requester type,Channel,Subject,Department,Date responded,Outcome,Exemptions\r
        FOI/2021/1,03/03/2021,Member of public,Email,Grit bins,Highways,30/03/2021,Granted,\r
        FOI/2021/2,04/03/2021,Journalist,Post,Parking fines,Parking,31/03/2021,Part granted,s.43(2)\r
        FOI/2021/3,05/03/2021,Business,Email,"=HYPERLINK(""x"")",Waste,01/02/2021,Granted,\r
        see Jo,06/03/2021,Business,Email,Bin rounds,Waste,,,\r

        """

    @Test("import: summary, problems CSV beside the file (neutralised), exit 1 on refusals; again: nothing appended; --suggest-mapping; --dry-run")
    func importLog() throws {
        try withTemporaryDirectory { (dir: String) in
            let l = ["--ledger", dir + "/l"]
            let initialised = try CLI.run(["init", "--origin", "t.local/log"] + l)
            #expect(initialised.status == 0, "\(initialised.stderr)")
            let file = dir + "/FOI log.csv"
            try Self.log.write(toFile: file, atomically: true, encoding: .utf8)

            let suggested = try CLI.run(["import", "foi", file, "--suggest-mapping"] + l)
            #expect(suggested.status == 0, "\(suggested.stderr)")
            #expect(suggested.stdout.contains("\"received\" : \"Date received\"") && suggested.stdout.contains("\"dd/mm/yyyy\""), "\(suggested.stdout)")
            let mappingFile = dir + "/mapping.json"
            try suggested.stdout.write(toFile: mappingFile, atomically: true, encoding: .utf8)

            let dry = try CLI.run(["import", "foi", file, "--mapping", mappingFile, "--dry-run"] + l)
            #expect(dry.stdout.contains("Dry run") && dry.stdout.contains("events appended:  0"), "\(dry.stdout)")
            #expect(try CLI.run(["log"] + l).stdout.isEmpty)

            let first = try CLI.run(["import", "foi", file, "--mapping", mappingFile] + l)
            #expect(first.status == 1, "\(first.stdout)\(first.stderr)")
            #expect(first.stdout.contains("imported cases:   2") && first.stdout.contains("refused:          2 problems in 2 rows"), "\(first.stdout)")
            let problems = try String(contentsOfFile: file + ".problems.csv", encoding: .utf8)
            #expect(problems.hasPrefix("row,column,reason,Ref,Date received"))
            #expect(problems.contains("4,Date responded,") && problems.contains("'=HYPERLINK"), "\(problems)")
            #expect(problems.contains("5,Ref,"))
            #expect(first.stdout.contains(file + ".problems.csv"))

            let again = try CLI.run(["import", "foi", file, "--mapping", mappingFile] + l)
            #expect(again.stdout.contains("events appended:  0") && again.stdout.contains("unchanged:        2"), "\(again.stdout)")
            let timeline = try CLI.run(["timeline", "FOI-2021-0002", "--format", "json"] + l)
            #expect(timeline.stdout.contains("CaseImported") && timeline.stdout.contains("ExemptionApplied"), "\(timeline.stdout)")
            let verified = try CLI.run(["verify", "--registers"] + l)
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        }
    }
}
