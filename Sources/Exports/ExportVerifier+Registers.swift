import Casework
import Foundation
import LedgerStore
import Registers

extension ExportVerifier {
    /// Recomputes a pack's registers from its timelines and compares them with registers/.
    ///
    /// The events are decoded from their stored bytes and run, in position order, through the
    /// same reducers the ledger runs, with the pack's policy (inputs/policy.json), bank holidays
    /// (inputs/bank-holidays.json) and each register's "today". A personal value is sealed in the
    /// stored bytes: the pack's row may show it sealed, "[redacted]", "[erased]" or opened, and
    /// the CSV must show it as the JSON row does.
    enum RegisterCheck {
        struct Result {
            var registers = 0
            var rows = 0
        }

        static func verify(root: URL, present: Set<String>, events: [CaseEvent], cases: Set<String>) throws(Failure) -> Result {
            let policy: Policy
            do { policy = try Policy.load(from: try ExportVerifier.read(root, "inputs/policy.json")) } catch let f as Failure { throw f } catch {
                throw Failure("registers: inputs/policy.json is not a Casebook policy (\(error))")
            }
            let holidays: BankHolidayCalendar
            do { holidays = try BankHolidayCalendar(feedJSON: try ExportVerifier.read(root, "inputs/bank-holidays.json")) } catch let f as Failure { throw f } catch {
                throw Failure("registers: inputs/bank-holidays.json is not a bank-holiday feed in the gov.uk format (\(error))")
            }
            let calculator = DeadlineCalculator(policy: policy, holidays: holidays)
            var replay = RegisterReplay(calculator: calculator)
            do {
                for e in events.sorted(by: { $0.position < $1.position }) { try replay.apply(e) }
            } catch {
                throw Failure("registers: the timelines cannot be folded into registers (\(error))")
            }
            let snapshot = replay.snapshot.restricted(to: cases)
            let known = Set(RegisterName.allCases.flatMap { ["registers/\($0.rawValue).json", "registers/\($0.rawValue).csv"] })
            if let extra = present.sorted().first(where: { $0.hasPrefix("registers/") && !known.contains($0) }) {
                throw Failure("registers: \(extra) is not a register Casebook writes")
            }
            var result = Result()
            for name in RegisterName.allCases {
                let rel = "registers/\(name.rawValue).json"
                // A pack written before a register existed has neither of its files: accepted only
                // when the timelines give that register no rows (which does not depend on the day).
                if addedLater.contains(name) && !present.contains(rel) && !present.contains("registers/\(name.rawValue).csv") {
                    let rows: Int
                    do { rows = try snapshot.rows(name, today: LocalDate(Date()), calculator: calculator).json.count } catch {
                        throw Failure("registers: the \(name.rawValue) register cannot be recomputed (\(error))")
                    }
                    if rows == 0 { continue }
                    throw Failure("\(rel) is missing, though the timelines give \(rows) row(s) for \(name.rawValue)")
                }
                let doc = try ExportVerifier.json(try ExportVerifier.read(root, rel), rel)
                guard doc["register"]?.stringValue == name.rawValue, let rows = doc["rows"]?.arrayValue else {
                    throw Failure("\(rel) is not the \(name.rawValue) register (no register name or rows array)")
                }
                guard let todayText = doc["today"]?.stringValue, let today = LocalDate(iso: todayText) else {
                    throw Failure("\(rel) has no \"today\" (the day its overdue flags were judged on), so its rows cannot be recomputed")
                }
                // Personal values marked, so that the comparison knows where the pack may show them in any form.
                let computed: RegisterOutput
                do { computed = try snapshot.rows(name, today: today, calculator: calculator, reveal: { .object([JSONKey(marker): $0]) }) } catch {
                    throw Failure("registers: the \(name.rawValue) register cannot be recomputed (\(error))")
                }
                var shown: [JSONValue: JSONValue] = [:]
                for i in 0..<max(rows.count, computed.json.count) {
                    guard i < rows.count else {
                        throw Failure("\(rel): the row of \(computed.json[i]["reference"]?.stringValue ?? "?") is missing, though the timelines give it")
                    }
                    let packRow = rows[i]
                    let reference = packRow["reference"]?.stringValue ?? "row \(i + 1)"
                    guard i < computed.json.count else {
                        throw Failure("\(rel): \(reference) has a row that the timelines do not give (a row was added)")
                    }
                    let expectedReference = computed.json[i]["reference"]?.stringValue ?? "?"
                    guard reference == expectedReference else {
                        throw Failure("\(rel): row \(i + 1) is \(reference), but the timelines give \(expectedReference) there (a row was added, removed or moved)")
                    }
                    if let d = difference(pack: packRow, computed: computed.json[i], path: "", shown: &shown) {
                        throw Failure("\(rel): \(reference), field \(d.field): the pack shows \(d.pack), but the timelines give \(d.computed) (the row was altered)")
                    }
                    result.rows += 1
                }
                let csvRel = "registers/\(name.rawValue).csv"
                let csvText = String(decoding: try ExportVerifier.read(root, csvRel), as: UTF8.self)
                let expectedCSV: String
                do { expectedCSV = try snapshot.rows(name, today: today, calculator: calculator, reveal: { shown[$0] ?? Reveal.redacted($0) }).csv } catch {
                    throw Failure("registers: the \(name.rawValue) register cannot be recomputed (\(error))")
                }
                if csvText != expectedCSV { throw Failure(csvDifference(csvRel, pack: csvText, computed: expectedCSV)) }
                result.registers += 1
            }
            return result
        }

        /// Registers added after the pack format's first release (optional in a pack with no rows
        /// for them); the standalone verifier's ADDED_REGISTERS.
        static let addedLater: Set<RegisterName> = [.thirdParty, .agreements, .complaints]

        /// Wraps a personal value in the recomputed rows.
        static let marker = "$personal value"

        /// The first field (dotted path) where the pack's row differs from the recomputed one. A
        /// marked personal value matches whatever the pack shows (recorded in `shown`, for the CSV).
        static func difference(pack: JSONValue, computed: JSONValue, path: String, shown: inout [JSONValue: JSONValue]) -> (field: String, pack: String, computed: String)? {
            if case .object(let m) = computed, m.count == 1, let personal = m[marker] {
                if let earlier = shown[personal], earlier != pack {
                    return (path, text(pack), "the same personal value shown as \(text(earlier)) elsewhere")
                }
                shown[personal] = pack
                return nil
            }
            switch (pack, computed) {
            case (.object(let a), .object(let b)):
                for key in Set(a.keys).union(b.keys).sorted() {
                    let sub = path.isEmpty ? key.string : path + "." + key.string
                    switch (a[key], b[key]) {
                    case let (l?, r?): if let d = difference(pack: l, computed: r, path: sub, shown: &shown) { return d }
                    case let (l?, nil): return (sub, text(l), "nothing")
                    case let (nil, r?): return (sub, "nothing", text(r))
                    case (nil, nil): continue
                    }
                }
                return nil
            case (.array(let a), .array(let b)) where a.count == b.count:
                for (i, (l, r)) in zip(a, b).enumerated() {
                    if let d = difference(pack: l, computed: r, path: "\(path)[\(i)]", shown: &shown) { return d }
                }
                return nil
            default:
                return pack == computed ? nil : (path, text(pack), text(computed))
            }
        }

        static func text(_ value: JSONValue) -> String {
            let t = value.canonicalString
            return t.count > 120 ? String(t.prefix(117)) + "…" : t
        }

        /// Names the first CSV line and column that differ.
        static func csvDifference(_ rel: String, pack: String, computed: String) -> String {
            let packLines = pack.components(separatedBy: "\r\n"), computedLines = computed.components(separatedBy: "\r\n")
            let header = computedLines.first.map(cells) ?? []
            for i in 0..<max(packLines.count, computedLines.count) {
                let p = i < packLines.count ? packLines[i] : nil, c = i < computedLines.count ? computedLines[i] : nil
                if p == c { continue }
                guard let p, let c else { return "\(rel): line \(i + 1) is \(p == nil ? "missing" : "extra") compared with the rows the timelines give (a row was added or removed)" }
                let pc = cells(p), cc = cells(c)
                let reference = cc.first ?? "?"
                if let j = (0..<max(pc.count, cc.count)).first(where: { ($0 < pc.count ? pc[$0] : nil) != ($0 < cc.count ? cc[$0] : nil) }) {
                    let column = j < header.count ? header[j] : "column \(j + 1)"
                    return "\(rel): \(reference), field \(column): the pack shows \"\(j < pc.count ? pc[j] : "")\", but the timelines give \"\(j < cc.count ? cc[j] : "")\" (the CSV was altered)"
                }
                return "\(rel): line \(i + 1) (\(reference)) differs from what the timelines give (the CSV was altered)"
            }
            return "\(rel) differs from what the timelines give (the CSV was altered)"
        }

        /// The fields of one CSV line (RFC 4180 quoting; a line holding a quoted line break is
        /// compared as its pieces, which still names the first differing piece).
        static func cells(_ line: String) -> [String] {
            var out: [String] = [], field = "", quoted = false
            var chars = Array(line)[...]
            while let c = chars.popFirst() {
                if quoted {
                    if c == "\"" { if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false } } else { field.append(c) }
                } else if c == "\"" { quoted = true } else if c == "," { out.append(field); field = "" } else { field.append(c) }
            }
            out.append(field)
            return out
        }
    }
}
