import Foundation
import LedgerStore
import Testing

/// `casebook verify` checks the registers too: a stored row changed behind the log's back makes
/// it exit 1 naming the register, the case and the field, with or without `--registers`.
@Suite("casebook verify: the registers", .serialized)
struct VerifyRegistersCLITests {
    @Test("one byte of an FOI summary changed in the stored register makes verify and verify --registers fail naming it")
    func alteredRow() throws {
        try withTemporaryDirectory { dir in
            let ledger = dir + "/l"
            #expect(try CLI.run(["init", "--ledger", ledger]).status == 0)
            let input = (1...3).map { openingLine(case: "FOI-2026-000\($0)", summary: "Grit bin locations \($0)") }.joined(separator: "\n")
            #expect(try CLI.run(["append", "--ledger", ledger, "-"], stdin: Data(input.utf8)).status == 0)
            let ok = try CLI.run(["verify", "--ledger", ledger])
            #expect(ok.status == 0, "\(ok.stderr)")
            let registers = try #require(try jsonObject(ok.stdout)["registers"] as? [String: Any])
            #expect(registers["ok"] as? Bool == true)
            #expect(registers["cases"] as? Int == 3)
            #expect(try CLI.run(["verify", "--registers", "--ledger", ledger]).status == 0)

            // The stored FOI row of FOI-2026-0002 only: its event keeps the summary as recorded.
            var options = LedgerOptions()
            options.databaseNames = ["reg.foi.rows"]
            let store = try Ledger.open(at: ledger, options: options)
            try store.write { log in
                let table = log.transaction.database("reg.foi.rows")
                let key = Array("FOI-2026-0002".utf8)
                var bytes = try #require(try log.transaction.get(table, key))
                let needle = Array("Grit bin locations 2".utf8)
                let at = try #require(bytes.indices.first { bytes[$0...].starts(with: needle) })
                bytes[at] = UInt8(ascii: "B")  // "Brit bin locations 2"
                try log.transaction.put(table, key, bytes)
            }
            store.close()

            for args in [["verify"], ["verify", "--registers"]] {
                let r = try CLI.run(args + ["--ledger", ledger])
                #expect(r.status == 1, "\(args): \(r.stdout)")
                #expect(r.stderr.contains("the FOI register") && r.stderr.contains("FOI-2026-0002") && r.stderr.contains("summary"), "\(r.stderr)")
                let out = try jsonObject(r.stdout)
                let failure = try #require(out["registers"] as? [String: Any])
                #expect(failure["register"] as? String == "foi")
                #expect(failure["reference"] as? String == "FOI-2026-0002")
                #expect(failure["field"] as? String == "summary")
                // The log part ran (and passed) only without --registers.
                #expect((out["root"] != nil) == (args.count == 1))
            }
            #expect(try CLI.run(["rebuild", "--ledger", ledger]).status == 0)
            #expect(try CLI.run(["verify", "--ledger", ledger]).status == 0)
        }
    }
}
