import CanonicalJSON
import Casework
import Crypto
import Intake
import LedgerStore

/// How a sheet's columns are read as a register of `kind` (`Schemas/import-mapping.schema.json`):
/// which heading holds each import field, the day formats to try, the sheet's own spellings of
/// choice values, and the values the officer states for facts the sheet does not hold.
public struct ImportMapping: Sendable, Codable, Equatable {
    public var kind: ImportKind
    /// Casebook import field → sheet heading.
    public var columns: [String: String]
    /// The day formats to try, in order.
    public var dayFormats: [DayFormat]
    /// Field → (sheet spelling → machine value), tried before the usual spellings.
    public var values: [String: [String: String]]
    /// Field → value when the sheet has no column for it, or the row's cell is empty.
    public var defaults: [String: String]
    /// The .xlsx sheet to read (default: the first).
    public var sheet: String?

    public init(kind: ImportKind, columns: [String: String], dayFormats: [DayFormat] = ImportMapping.usualDayFormats,
                values: [String: [String: String]] = [:], defaults: [String: String] = [:], sheet: String? = nil) {
        self.kind = kind
        self.columns = columns
        self.dayFormats = dayFormats
        self.values = values
        self.defaults = defaults
        self.sheet = sheet
    }

    /// The formats a UK register's days are usually in, day before month.
    public static let usualDayFormats: [DayFormat] = [.iso, .dayMonthYear, .dayMonthShortYear, .dayMonthNameYear]

    /// A mapping file decoded and checked: every field named is one of the kind's, every choice
    /// value one of the field's, every day format known.
    ///
    /// - Throws: `CasebookError(.invalidInput)` naming the field and what to write instead.
    public static func decode(_ bytes: [UInt8]) throws -> ImportMapping {
        func bad(_ field: String, _ message: String) -> CasebookError {
            CasebookError(.invalidInput, "the mapping's \(field): \(message)", problems: [.init(field: field, message: message)])
        }
        let json: JSONValue
        do { json = try JSONValue.parse(bytes) } catch {
            throw CasebookError(.invalidInput, "the mapping is not JSON (\(error)); write it as `casebook import KIND FILE --suggest-mapping` prints it")
        }
        guard case .object(let top) = json else { throw bad("(top level)", "must be a JSON object with kind, columns, dayFormats, values and defaults") }
        let known: Set<String> = ["kind", "columns", "dayFormats", "values", "defaults", "sheet", "$schema"]
        if let unknown = top.keys.map(\.string).filter({ !known.contains($0) }).sorted().first {
            throw bad(unknown, "is not a mapping field; the fields are kind, columns, dayFormats, values, defaults and sheet")
        }
        guard let kindText = top["kind"]?.stringValue, let kind = ImportKind(rawValue: kindText) else {
            throw bad("kind", "must be one of \(ImportKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        func stringMap(_ name: String, _ value: JSONValue?) throws -> [String: String] {
            guard let value else { return [:] }
            guard case .object(let o) = value else { throw bad(name, "must be an object of field name → text") }
            var out: [String: String] = [:]
            for (k, v) in o {
                guard let s = v.stringValue, !s.isEmpty else { throw bad("\(name).\(k.string)", "must be non-empty text") }
                out[k.string] = s
            }
            return out
        }
        func checkField(_ name: String, in section: String) throws -> ImportField {
            guard let field = kind.field(named: name) else {
                throw bad("\(section).\(name)", "is not a field of the \(kind.registerNoun); its fields are \(kind.fields.map(\.name).joined(separator: ", "))")
            }
            return field
        }
        let columns = try stringMap("columns", top["columns"])
        for name in columns.keys { _ = try checkField(name, in: "columns") }
        var dayFormats = usualDayFormats
        if let list = top["dayFormats"] {
            guard let items = list.arrayValue, !items.isEmpty else { throw bad("dayFormats", "must be a non-empty list, e.g. [\"dd/mm/yyyy\"]") }
            dayFormats = try items.map { item in
                guard let text = item.stringValue, let format = DayFormat(rawValue: text) else {
                    throw bad("dayFormats", "\(item.stringValue.map { "\"\($0)\"" } ?? "an entry") is not a day format; the formats are \(DayFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return format
            }
        }
        var values: [String: [String: String]] = [:]
        if let v = top["values"] {
            guard case .object(let o) = v else { throw bad("values", "must be an object of field → {sheet spelling → value}") }
            for (k, spellings) in o {
                let field = try checkField(k.string, in: "values")
                guard field.kind == .choice else { throw bad("values.\(k.string)", "\(k.string) is not a choice field; only choice fields take values") }
                let map = try stringMap("values.\(k.string)", spellings)
                for (spelling, machine) in map where !field.choices.contains(machine) {
                    throw bad("values.\(k.string).\(spelling)", "\"\(machine)\" is not a value of \(k.string); use one of \(field.choices.joined(separator: ", "))")
                }
                values[k.string] = map
            }
        }
        let defaults = try stringMap("defaults", top["defaults"])
        for (name, value) in defaults {
            let field = try checkField(name, in: "defaults")
            if field.kind == .choice, !field.choices.contains(value) {
                throw bad("defaults.\(name)", "\"\(value)\" is not a value of \(name); use one of \(field.choices.joined(separator: ", "))")
            }
        }
        var sheet: String?
        if let s = top["sheet"] {
            guard let text = s.stringValue, !text.isEmpty else { throw bad("sheet", "must be the sheet's name as text") }
            sheet = text
        }
        return ImportMapping(kind: kind, columns: columns, dayFormats: dayFormats, values: values, defaults: defaults, sheet: sheet)
    }

    /// The mapping as canonical JSON (sorted keys, no spaces); its SHA-256 is the mapping hash
    /// each imported case records.
    public func encoded() -> [UInt8] { json.canonicalBytes() }

    /// The mapping as a JSON value.
    var json: JSONValue {
        var o: JSONObject = [
            "kind": .string(kind.rawValue),
            "columns": .object(JSONObject(uniqueKeysWithValues: columns.map { (JSONKey($0.key), JSONValue.string($0.value)) })),
            "dayFormats": .array(dayFormats.map { .string($0.rawValue) }),
            "values": .object(JSONObject(uniqueKeysWithValues: values.map { field, map in
                (JSONKey(field), JSONValue.object(JSONObject(uniqueKeysWithValues: map.map { (JSONKey($0.key), JSONValue.string($0.value)) })))
            })),
            "defaults": .object(JSONObject(uniqueKeysWithValues: defaults.map { (JSONKey($0.key), JSONValue.string($0.value)) })),
        ]
        if let sheet { o["sheet"] = .string(sheet) }
        return .object(o)
    }

    /// The SHA-256 of `encoded()`, lowercase hex.
    public var sha256: String { hexString(SHA256.hash(data: encoded())) }

    /// A mapping worked out from the sheet's headings: each field takes the first heading that is
    /// one of its usual names (ignoring case, spaces and punctuation); the day formats are those
    /// that read every day cell of the mapped columns (day before month unless only month-first
    /// reads them); each choice column's spellings that are usual ones are written into `values`
    /// for the officer to check. It states no defaults: those are facts only the officer knows.
    public static func suggested(for table: SheetTable, kind: ImportKind) -> ImportMapping {
        var columns: [String: String] = [:]
        var taken = Set<String>()
        let normalisedHeadings = table.headings.map(ImportText.key)
        for field in kind.fields {
            let names = Set(field.synonyms.map(ImportText.key) + [ImportText.key(field.name)])
            if let i = normalisedHeadings.indices.first(where: { !taken.contains(table.headings[$0]) && names.contains(normalisedHeadings[$0]) }) {
                columns[field.name] = table.headings[i]
                taken.insert(table.headings[i])
            }
        }
        func cells(of field: String) -> [String] {
            guard let heading = columns[field], let i = table.headings.firstIndex(of: heading) else { return [] }
            return table.rows.compactMap { i < $0.cells.count && !$0.cells[i].isEmpty ? $0.cells[i] : nil }
        }
        // Day formats: every format that reads all the day cells, in the usual order.
        let dayCells = kind.fields.filter { $0.kind == .day || $0.kind == .moment }.flatMap { cells(of: $0.name) }
        var formats: [DayFormat] = []
        if !dayCells.isEmpty {
            let candidates: [DayFormat] = [.iso, .dayMonthYear, .dayMonthShortYear, .dayMonthNameYear, .excelSerial]
            let reading = candidates.filter { f in dayCells.contains { ImportCells.day($0, formats: [f]) != nil } }
            let all = reading.isEmpty ? [] : reading
            let readsEvery = dayCells.allSatisfy { ImportCells.day($0, formats: all) != nil }
            if readsEvery { formats = all } else if dayCells.allSatisfy({ ImportCells.day($0, formats: [.monthDayYear, .iso]) != nil }) {
                formats = [.iso, .monthDayYear]
            } else { formats = all }
        }
        if formats.isEmpty { formats = usualDayFormats }
        var values: [String: [String: String]] = [:]
        for field in kind.fields where field.kind == .choice {
            var map: [String: String] = [:]
            for cell in Set(cells(of: field.name)) {
                for part in field.name == "categories" ? ImportText.list(cell) : [cell] {
                    if let machine = ImportCells.usualChoice(part, of: field) { map[part] = machine }
                }
            }
            if !map.isEmpty { values[field.name] = map }
        }
        return ImportMapping(kind: kind, columns: columns, dayFormats: formats, values: values, defaults: [:], sheet: table.source.sheet)
    }
}
