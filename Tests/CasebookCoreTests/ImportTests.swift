import Casework
import Crypto
import Foundation
import Intake
import LedgerStore
import Registers
import Testing
@testable import CasebookCore

/// `casebook import`: each row of a council's register becomes the case it describes, through the
/// command vocabulary and the lifecycle rules, ending with `CaseImported`.
@Suite("Importing a register", .serialized)
struct ImportTests {
    static let officer = Actor(id: "o.officer", role: "officer")

    static let foiHeadings = ["Ref", "Date received", "Requester type", "Channel", "Subject", "Department", "Date acknowledged",
                              "Due date", "Date responded", "Outcome", "Exemptions", "Review requested", "Review completed",
                              "Review outcome", "Date published"]

    /// A CSV of the FOI headings and `rows` (each a heading → cell map; missing cells empty).
    static func csv(_ rows: [[String: String]], headings: [String] = foiHeadings) -> [UInt8] {
        var out = headings.joined(separator: ",") + "\r\n"
        for r in rows {
            out += headings.map { h in
                let c = r[h] ?? ""
                return c.contains(",") || c.contains("\"") ? "\"" + c.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : c
            }.joined(separator: ",") + "\r\n"
        }
        return Array(out.utf8)
    }

    /// A plain FOI row answered in full, the `n`th of 2021.
    static func plainRow(_ n: Int) -> [String: String] {
        let day = 1 + (n % 27)
        return ["Ref": "FOI/2021/\(n)", "Date received": String(format: "%02d/03/2021", day), "Requester type": "Member of public",
                "Channel": "Email", "Subject": "Grit bins in ward \(n)", "Department": "Highways",
                "Date responded": String(format: "%02d/04/2021", day), "Outcome": "Granted"]
    }

    func withCasebook(_ body: (Casebook, String) async throws -> Void) async throws {
        let dir = NSTemporaryDirectory() + "casebook-import-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let casebook = try Casebook.create(at: dir, origin: "test.casebook.local/log")
        defer { casebook.close() }
        try await body(casebook, dir)
    }

    func importing(_ casebook: Casebook, _ bytes: [UInt8], kind: ImportKind = .foi, mapping: ImportMapping? = nil, dryRun: Bool = false,
                   allOrNothing: Bool = false, by actor: Actor = ImportTests.officer) async throws -> ImportReport {
        try await casebook.importSheet(ImportRequest(kind: kind, fileName: "/tmp/FOI log 2021.csv", bytes: bytes, mapping: mapping,
                                                     dryRun: dryRun, allOrNothing: allOrNothing), by: actor)
    }

    func types(_ casebook: Casebook, _ reference: String) throws -> [String] {
        try casebook.ledger.read { try $0.events(of: reference).map(\.envelope.type) }
    }

    func foiRow(_ casebook: Casebook, _ reference: String) throws -> FOIRow? {
        try casebook.ledger.read { try RegisterHook<FOIRegister>.row(reference, in: $0) }
    }

    // MARK: References

    @Test("references: a Casebook reference as it is, others from their year and last digits, the prefix from the kind and regime")
    func references() throws {
        func derived(_ text: String, _ kind: ImportKind = .foi, _ regime: Regime? = nil) -> String? {
            try? ImportReference.derive(text, kind: kind, regime: regime).get().rawValue
        }
        #expect(derived("FOI-2021-0042") == "FOI-2021-0042")
        #expect(derived("FOI/2021/42") == "FOI-2021-0042")
        #expect(derived("EIR 21-0042") == "EIR-2021-0042")
        #expect(derived("2021/117", .foi, .eir) == "EIR-2021-0117")
        #expect(derived("SAR 2022 / 7", .sar) == "SAR-2022-0007")
        #expect(derived("BR-2023-12", .breach) == "BR-2023-0012")
        #expect(derived("Incident 2022-00031", .nearMiss) == "NM-2022-0031")
        #expect(derived("FOI/2021/123456") == "FOI-2021-123456")
        #expect(derived("ask Jo") == nil)
        #expect(derived("FOI/42") == nil)
        #expect(derived("SAR-2021-0042", .foi) == nil)  // a SAR reference in an FOI log
        guard case .failure(let e) = ImportReference.derive("ask Jo", kind: .foi, regime: nil) else { Issue.record("derived"); return }
        #expect(e.message.contains("FOI/2021/42"))
    }

    // MARK: Mapping

    @Test("the suggested mapping finds the headings, the day formats and the usual spellings; it states no defaults")
    func suggested() throws {
        let table = try ImportSheet.read(Self.csv([Self.plainRow(1), ["Ref": "FOI/2021/2", "Date received": "15/03/2021", "Outcome": "Part granted"]]),
                                                fileName: "x.csv", sheet: nil)
        let m = ImportMapping.suggested(for: table, kind: .foi)
        #expect(m.columns["reference"] == "Ref")
        #expect(m.columns["received"] == "Date received")
        #expect(m.columns["requesterType"] == "Requester type")
        #expect(m.columns["summary"] == "Subject")
        #expect(m.columns["service"] == "Department")
        #expect(m.columns["responded"] == "Date responded")
        #expect(m.columns["reviewDecided"] == "Review completed")
        #expect(m.columns["published"] == "Date published")
        #expect(m.dayFormats == [.dayMonthYear])
        #expect(m.values["outcome"] == ["Granted": "grantedInFull", "Part granted": "grantedInPart"])
        #expect(m.defaults.isEmpty)
    }

    @Test("a mapping file: decoded and checked, each mistake named with what to write; encoded canonically")
    func mappingFile() throws {
        let text = #"{"kind":"foi","columns":{"reference":"Ref","received":"Date received"},"dayFormats":["dd/mm/yyyy"],"values":{"outcome":{"Part":"grantedInPart"}},"defaults":{"channel":"email"}}"#
        let m = try ImportMapping.decode(Array(text.utf8))
        #expect(m.kind == .foi && m.dayFormats == [.dayMonthYear] && m.defaults["channel"] == "email" && m.values["outcome"]?["Part"] == "grantedInPart")
        #expect(try ImportMapping.decode(m.encoded()) == m)
        #expect(String(decoding: m.encoded(), as: UTF8.self).hasPrefix(#"{"columns":{"#))
        #expect(m.sha256.count == 64)
        func refusal(_ json: String) -> String {
            do { _ = try ImportMapping.decode(Array(json.utf8)); return "" } catch let e as CasebookError { return e.message } catch { return "\(error)" }
        }
        #expect(refusal(#"{"kind":"fio"}"#).contains("kind"))
        #expect(refusal(#"{"kind":"foi","columns":{"recieved":"Date"}}"#).contains("columns.recieved"))
        #expect(refusal(#"{"kind":"foi","dayFormats":["dd.mm.yyyy"]}"#).contains("dd/mm/yyyy"))
        #expect(refusal(#"{"kind":"foi","values":{"outcome":{"Part":"partial"}}}"#).contains("grantedInPart"))
        #expect(refusal(#"{"kind":"foi","defaults":{"channel":"fax"}}"#).contains("defaults.channel"))
        #expect(refusal(#"{"kind":"foi","colums":{}}"#).contains("colums"))
        #expect(refusal("not json").contains("not JSON"))
    }

    // MARK: One row, every field

    @Test("a full FOI row: acknowledged, refused in part with a qualified exemption, reviewed, published; value maps and midday times")
    func fullRow() async throws {
        try await withCasebook { casebook, _ in
            let row: [String: String] = [
                "Ref": "FOI/2021/42", "Date received": "03/03/2021 14:05", "Requester type": "Journalist", "Channel": "Online form",
                "Subject": "Parking fines by ward", "Department": "Parking", "Date acknowledged": "04/03/2021", "Due date": "31/03/2021",
                "Date responded": "30/03/2021", "Outcome": "Part granted", "Exemptions": "s.43(2); s.40(2)", "Review requested": "02/04/2021",
                "Review completed": "20/04/2021", "Review outcome": "Upheld", "Date published": "21/04/2021",
            ]
            let mapping = ImportMapping(kind: .foi, columns: ImportMapping.suggested(for: try ImportSheet.read(Self.csv([row]), fileName: "x", sheet: nil), kind: .foi).columns,
                                        dayFormats: [.dayMonthYear], values: ["requesterType": ["Journalist": "media"]],
                                        defaults: ["exemptionClass": "absolute"])
            let report = try await importing(casebook, Self.csv([row]), mapping: mapping)
            #expect(report.refused == [], "\(report.refused)")
            #expect(report.imported.map(\.reference.rawValue) == ["FOI-2021-0042"])
            let types = try types(casebook, "FOI-2021-0042")
            #expect(types == ["RequestReceived", "RequestAcknowledged", "ExemptionApplied", "ExemptionApplied", "PublicInterestTestRecorded",
                              "ResponseSent", "InternalReviewRequested", "InternalReviewDecided", "PublishedToDisclosureLog", "CaseImported"])
            #expect(report.appended == types.count && report.imported[0].events == types.count)
            let r = try #require(try foiRow(casebook, "FOI-2021-0042"))
            #expect(r.requesterType == "media" && r.channel == "webForm" && r.service == "Parking")
            #expect(r.outcome == "grantedInPart")
            #expect(r.receivedOn == LocalDate(year: 2021, month: 3, day: 3) && r.respondedOn == LocalDate(year: 2021, month: 3, day: 30))
            #expect(r.exemptions.sorted() == ["40(2)", "43(2)"])
            let events = try casebook.ledger.read { try $0.events(of: "FOI-2021-0042").map(\.envelope) }
            // 14:05 on the UK clock (GMT in March) was in the sheet; the acknowledgement's time was not: midday.
            #expect(events[0].occurredAt.rfc3339 == "2021-03-03T14:05:00Z")
            #expect(events[1].payload["acknowledgedAt"]?.stringValue == "2021-03-04T12:00:00Z")
            let imported = try #require(events.last?.payload)
            #expect(imported["timesNotInSheet"] == .array([.string("RequestAcknowledged.acknowledgedAt"), .string("ResponseSent.sentAt")]))
            #expect(imported["sheetDueOn"]?.stringValue == "2021-03-31")
            #expect(imported["sheetReference"]?.stringValue == "FOI/2021/42")
            #expect(imported["fileName"]?.stringValue == "FOI log 2021.csv")
            // Every imported event is a late entry: recorded now, years after it happened.
            #expect(events.allSatisfy { casebook.policy.isLateEntry(occurredAt: $0.occurredAt.date, recordedAt: $0.recordedAt.date) })
            #expect(events.allSatisfy { $0.actor.id == "o.officer" && $0.actor.role == "officer" })
            #expect(events[5].payload["signedOffBy"]?.stringValue == ImportRowReader.notRecorded)
        }
    }

    @Test("CaseImported's hashes are the file's, the mapping's and the row's")
    func hashes() async throws {
        try await withCasebook { casebook, _ in
            let bytes = Self.csv([Self.plainRow(1), Self.plainRow(2)])
            let report = try await importing(casebook, bytes)
            let fileHash = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            #expect(report.fileSHA256 == fileHash)
            let payload = try #require(try casebook.ledger.read { try $0.events(of: "FOI-2021-0002").last?.envelope.payload })
            #expect(payload["fileSHA256"]?.stringValue == fileHash)
            #expect(payload["mappingSHA256"]?.stringValue == SHA256.hash(data: report.mapping.encoded()).map { String(format: "%02x", $0) }.joined())
            #expect(payload["row"] == .int(3) && payload["rowCount"] == .int(2) && payload["format"] == .string("csv"))
            // The row's hash: canonical JSON of heading → cell, written out here by hand.
            let cells = Self.plainRow(2)
            let json = "{" + Self.foiHeadings.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { h in
                "\"\(h)\":\"\(cells[h] ?? "")\""
            }.joined(separator: ",") + "}"
            #expect(payload["rowSHA256"]?.stringValue == SHA256.hash(data: Array(json.utf8)).map { String(format: "%02x", $0) }.joined())
        }
    }

    // MARK: Refusals

    @Test("a row breaking a rule is refused naming its column and the rule; the other rows go on")
    func ruleBroken() async throws {
        try await withCasebook { casebook, _ in
            var bad = Self.plainRow(5)
            bad["Date responded"] = "01/02/2021"  // before it was received
            var refusedWithoutGrounds = Self.plainRow(6)
            refusedWithoutGrounds["Outcome"] = "Refused"
            let report = try await importing(casebook, Self.csv([Self.plainRow(4), bad, refusedWithoutGrounds]))
            #expect(report.imported.map(\.row) == [2])
            #expect(report.refused.map(\.row) == [3, 4])
            #expect(report.refused[0].column == "Date responded")
            #expect(report.refused[1].column == "Date responded" && report.refused[1].reason.contains("FOI.refusalWithoutGrounds"))
            #expect(try casebook.ledger.read { try $0.head(of: "FOI-2021-0005") } == nil)
        }
    }

    @Test("a required column missing from the mapping stops the import before any row, saying how to give it")
    func missingRequiredColumn() async throws {
        try await withCasebook { casebook, _ in
            let headings = Self.foiHeadings.filter { $0 != "Channel" }
            do {
                _ = try await importing(casebook, Self.csv([Self.plainRow(1)], headings: headings))
                Issue.record("imported without a channel")
            } catch let e as CasebookError {
                #expect(e.message.contains("channel") && e.message.contains("defaults"))
            }
            #expect(try casebook.ledger.size() == 0)
            // A mapping naming a heading the sheet lacks: named too.
            let mapping = ImportMapping(kind: .foi, columns: ["reference": "Ref", "received": "Received", "channel": "Channel",
                                                              "requesterType": "Requester type", "summary": "Subject"])
            await #expect(throws: CasebookError.self) { _ = try await importing(casebook, Self.csv([Self.plainRow(1)]), mapping: mapping) }
        }
    }

    @Test("defaults: a fact the sheet lacks, stated by the officer in the mapping, for every row whose cell is empty")
    func defaults() async throws {
        try await withCasebook { casebook, _ in
            let headings = Self.foiHeadings.filter { $0 != "Channel" }
            var table = try ImportSheet.read(Self.csv([Self.plainRow(1), Self.plainRow(2)], headings: headings), fileName: "x", sheet: nil)
            table.rows[1].cells[headings.firstIndex(of: "Requester type")!] = ""
            var mapping = ImportMapping.suggested(for: table, kind: .foi)
            mapping.defaults = ["channel": "post", "requesterType": "business"]
            let report = try await casebook.importTable(table, request: ImportRequest(kind: .foi, fileName: "x.csv", bytes: [1], mapping: mapping), by: Self.officer)
            #expect(report.refused == [])
            #expect(try foiRow(casebook, "FOI-2021-0001")?.channel == "post")
            #expect(try foiRow(casebook, "FOI-2021-0001")?.requesterType == "individual")
            #expect(try foiRow(casebook, "FOI-2021-0002")?.requesterType == "business")
        }
    }

    @Test("unreadable cells: each one reported with its row and column, and what to write")
    func unreadableCells() async throws {
        try await withCasebook { casebook, _ in
            var row = Self.plainRow(1)
            row["Date received"] = "31/02/2021"
            row["Outcome"] = "Sort of"
            row["Ref"] = "see Jo"
            let report = try await importing(casebook, Self.csv([row]))
            #expect(Set(report.refused.map(\.column)) == ["Ref"])  // no reference: nothing else is worth reading
            row["Ref"] = "FOI/2021/1"
            let again = try await importing(casebook, Self.csv([row]))
            #expect(again.refused.map(\.column) == ["Date received", "Outcome"])
            #expect(again.refused[1].reason.contains("values.outcome"))
            #expect(again.appended == 0)
        }
    }

    // MARK: Idempotency, changes, all or nothing, dry run

    @Test("the same file again appends nothing; a changed file: the changed row conflicts, new rows are imported")
    func reimport() async throws {
        try await withCasebook { casebook, _ in
            let rows = (1...5).map(Self.plainRow)
            let first = try await importing(casebook, Self.csv(rows))
            #expect(first.imported.count == 5)
            let size = try casebook.ledger.size()
            let again = try await importing(casebook, Self.csv(rows))
            #expect(again.appended == 0 && again.imported.isEmpty && again.unchanged == [2, 3, 4, 5, 6] && again.conflicts.isEmpty)
            #expect(try casebook.ledger.size() == size)

            var changed = rows
            changed[2]["Subject"] = "Grit bins, corrected"
            changed += [Self.plainRow(6), Self.plainRow(7)]
            let third = try await importing(casebook, Self.csv(changed))
            #expect(third.conflicts.map(\.row) == [4])
            #expect(third.imported.map(\.reference.rawValue) == ["FOI-2021-0006", "FOI-2021-0007"])
            #expect(third.unchanged == [2, 3, 5, 6])
            #expect(try casebook.ledger.size() == size + UInt64(third.appended))
            #expect(try foiRow(casebook, "FOI-2021-0003")?.summary == "Grit bins in ward 3")
        }
    }

    @Test("a case recorded live with the row's reference is a conflict and is not touched")
    func liveCaseConflicts() async throws {
        try await withCasebook { casebook, _ in
            let action = try #require(CaseAction.named("receive", in: .foi))
            try await casebook.perform(CaseCommand(action, reference: try CaseReference("FOI-2021-0001"),
                                                   fields: ["requester": .object(["name": .string("A")]), "summary": .string("Live")],
                                                   occurredAt: Timestamp(rfc3339: "2021-03-01T10:00:00Z")!), by: Self.officer)
            let report = try await importing(casebook, Self.csv([Self.plainRow(1)]))
            #expect(report.conflicts.map(\.row) == [2] && report.conflicts[0].reason.contains("recorded there"))
            #expect(try types(casebook, "FOI-2021-0001") == ["RequestReceived"])
        }
    }

    @Test("10 broken rows in 60: 50 imported, exactly those 10 reported; all-or-nothing then records none")
    func brokenRows() async throws {
        try await withCasebook { casebook, _ in
            var rows = (1...60).map(Self.plainRow)
            let broken = [3, 9, 14, 20, 27, 33, 38, 44, 51, 58]
            for (i, n) in broken.enumerated() {
                switch i % 4 {
                case 0: rows[n - 1]["Date received"] = "someday"
                case 1: rows[n - 1]["Outcome"] = ""
                case 2: rows[n - 1]["Date responded"] = "01/01/2021"
                default: rows[n - 1]["Channel"] = "Carrier pigeon"
                }
            }
            let held = try await importing(casebook, Self.csv(rows), allOrNothing: true)
            #expect(held.heldBack && held.appended == 0 && held.imported.count == 50)
            #expect(try casebook.ledger.size() == 0)

            let report = try await importing(casebook, Self.csv(rows))
            #expect(report.imported.count == 50)
            #expect(Set(report.refused.map(\.row)) == Set(broken.map { $0 + 1 }))
            #expect(report.refused.count == 10)
            #expect(try casebook.ledger.size() == UInt64(report.appended))
            let csv = report.problemsCSV()
            #expect(csv.hasPrefix("row,column,reason,Ref,Date received"))
            #expect(csv.components(separatedBy: "\r\n").count == 12)  // heading, 10 rows, the final CRLF
        }
    }

    @Test("a dry run writes nothing, not a byte of the ledger, and reports what an import would do")
    func dryRun() async throws {
        try await withCasebook { casebook, dir in
            let files = try FileManager.default.contentsOfDirectory(atPath: dir)
            func sizes() throws -> [String: Int] {
                var out: [String: Int] = [:]
                for f in files { out[f] = (try? FileManager.default.attributesOfItem(atPath: dir + "/" + f)[.size] as? Int) ?? -1 }
                return out
            }
            let before = try sizes()
            let report = try await importing(casebook, Self.csv((1...5).map(Self.plainRow)), dryRun: true)
            #expect(report.imported.count == 5 && report.appended == 0 && report.dryRun)
            #expect(try casebook.ledger.size() == 0)
            #expect(try sizes() == before)
            let real = try await importing(casebook, Self.csv((1...5).map(Self.plainRow)))
            #expect(real.imported.map(\.reference) == report.imported.map(\.reference) && real.appended == report.imported.reduce(0) { $0 + $1.events })
        }
    }

    @Test("two rows giving one reference are both refused, each naming the other")
    func duplicateReferences() async throws {
        try await withCasebook { casebook, _ in
            var twin = Self.plainRow(2)
            twin["Ref"] = "FOI-2021-0001"
            let report = try await importing(casebook, Self.csv([Self.plainRow(1), twin, Self.plainRow(3)]))
            #expect(report.refused.map(\.row) == [2, 3])
            #expect(report.refused[0].reason.contains("rows 2 and 3"))
            #expect(report.imported.map(\.row) == [4])
        }
    }

    // MARK: Same as live

    @Test("an imported case's register row equals the same case recorded live with the same dates")
    func sameAsLive() async throws {
        try await withCasebook { casebook, _ in
            var row = Self.plainRow(8)
            row["Date received"] = "08/03/2021 09:30"
            row["Date responded"] = "29/03/2021 16:00"
            row["Date acknowledged"] = "08/03/2021 11:00"
            row["Outcome"] = "Refused"
            row["Exemptions"] = "Section 41"
            _ = try await importing(casebook, Self.csv([row]))
            let live = try CaseReference("FOI-2021-0099")
            func act(_ name: String, _ fields: JSONObject, _ at: String) async throws {
                try await casebook.perform(CaseCommand(try #require(CaseAction.named(name, in: .foi)), reference: live, fields: fields,
                                                       occurredAt: Timestamp(rfc3339: at)!), by: Self.officer)
            }
            try await act("receive", ["requester": .object(["name": .string(ImportRowReader.notRecorded)]), "summary": .string("Grit bins in ward 8"),
                                      "service": .string("Highways"), "receivedAt": .string("2021-03-08T09:30:00Z")], "2021-03-08T09:30:00Z")
            try await act("acknowledge", ["acknowledgedAt": .string("2021-03-08T11:00:00Z")], "2021-03-08T11:00:00Z")
            // 16:00 on the UK clock on 29 March 2021 is 15:00Z (British Summer Time began on the 28th).
            try await act("exempt", ["section": .string("41"), "reason": .string("x")], "2021-03-29T15:00:00Z")
            try await act("respond", ["outcome": .string("refused"), "exemptions": .array([.string("41")]), "sentAt": .string("2021-03-29T15:00:00Z"),
                                      "signedOffBy": .string(ImportRowReader.notRecorded)], "2021-03-29T15:00:00Z")
            var imported = try #require(try foiRow(casebook, "FOI-2021-0008"))
            let recorded = try #require(try foiRow(casebook, live.rawValue))
            // The same row but for the reference and the late entries' positions and recording times;
            // CaseImported is not among the late entries (the registers ignore it).
            #expect(imported.lateEntries.map { [$0.eventType, $0.occurredAt] } == recorded.lateEntries.map { [$0.eventType, $0.occurredAt] })
            imported.reference = recorded.reference
            imported.lateEntries = recorded.lateEntries
            #expect(imported == recorded)
        }
    }

    // MARK: The other kinds

    @Test("a SAR log row: received, identity verified, extended, responded")
    func sarRow() async throws {
        try await withCasebook { casebook, _ in
            let headings = ["SAR ref", "Date received", "Channel", "Data subject", "Service", "ID verified", "How verified", "Extended",
                            "Extension reason", "Date responded", "Outcome", "Response method"]
            let bytes = Self.csv([["SAR ref": "SAR/2022/7", "Date received": "2022-05-03", "Channel": "Letter", "Data subject": "Sam Jones",
                                   "Service": "Children's services", "ID verified": "2022-05-06", "How verified": "Passport",
                                   "Extended": "2022-05-20", "Extension reason": "Complex", "Date responded": "2022-08-01",
                                   "Outcome": "Redacted", "Response method": "Egress"]], headings: headings)
            let report = try await importing(casebook, bytes, kind: .sar)
            #expect(report.refused == [], "\(report.refused)")
            #expect(try types(casebook, "SAR-2022-0007") == ["SARReceived", "IdentityVerified", "SARExtended", "SARResponded", "CaseImported"])
        }
    }

    @Test("a near-miss log row, and a breach log row recorded with the roles the importer holds")
    func nearMissAndBreach() async throws {
        try await withCasebook { casebook, _ in
            _ = try casebook.addUser("d.dpo", roles: [.admin, .legal, .dpo, .officer], by: "d.dpo")
            let dpo = try casebook.actor(for: "d.dpo", recording: .nearMissReported, on: .nearMiss)
            let nm = ["Ref", "Date occurred", "Date reported", "Service", "Description", "Type", "Date reviewed", "Weakness", "Action taken"]
            let nmReport = try await importing(casebook, Self.csv([["Ref": "NM/2022/3", "Date occurred": "01/06/2022", "Date reported": "02/06/2022",
                                                                  "Service": "Housing", "Description": "Letter nearly sent to the wrong tenant",
                                                                  "Type": "Sent to wrong address", "Date reviewed": "10/06/2022", "Weakness": "Process",
                                                                  "Action taken": "Second check of addresses"]], headings: nm), kind: .nearMiss, by: dpo)
            #expect(nmReport.refused == [], "\(nmReport.refused)")
            #expect(try types(casebook, "NM-2022-0003") == ["NearMissReported", "NearMissReviewed", "CaseImported"])

            let br = ["Ref", "Date identified", "Service", "Category", "Number of data subjects", "Special category", "Format",
                      "Reportable", "Date ICO notified", "Date closed"]
            let brReport = try await importing(casebook, Self.csv([["Ref": "BR/2022/5", "Date identified": "01/07/2022 09:00", "Service": "Revenues",
                                                                  "Category": "Email sent to wrong recipient", "Number of data subjects": "1",
                                                                  "Special category": "No", "Format": "Electronic", "Reportable": "Yes",
                                                                  "Date ICO notified": "02/07/2022 10:00", "Date closed": "20/07/2022"]], headings: br),
                                               kind: .breach, by: try casebook.actor(for: "d.dpo", recording: .breachReported, on: .breach))
            #expect(brReport.refused == [], "\(brReport.refused)")
            let events = try casebook.ledger.read { try $0.events(of: "BR-2022-0005").map(\.envelope) }
            #expect(events.map(\.type) == ["BreachReported", "ICONotificationDecided", "ICONotified", "BreachClosed", "CaseImported"])
            // Legal Services decide and notify (UK GDPR Art 33): recorded with the importer's legal role.
            #expect(events[1].actor.role == "legal" && events[2].actor.role == "legal")

            // An officer alone may not record the ICO steps: the row is refused naming the role it needs.
            let officerOnly = try await importing(casebook, Self.csv([["Ref": "BR/2022/6", "Date identified": "01/07/2022", "Service": "Revenues",
                                                                     "Category": "Loss", "Number of data subjects": "3", "Special category": "Yes",
                                                                     "Format": "Paper", "Reportable": "No", "ICO decision date": "02/07/2022"]],
                                                                    headings: br + ["ICO decision date"]),
                                                  kind: .breach)
            #expect(officerOnly.refused.count == 1 && officerOnly.refused[0].reason.contains("legal"))
        }
    }
}
