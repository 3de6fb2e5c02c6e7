import Casework
import Foundation
import Intake

/// One row's cells read as import fields, collecting every problem (with the column at fault)
/// instead of stopping at the first.
struct ImportRowReader {
    let kind: ImportKind
    let mapping: ImportMapping
    /// Field → the column's index in the sheet.
    let columnIndex: [String: Int]
    let row: SheetRow
    var problems: [ImportRowProblem] = []
    /// The moments the sheet gave only as a day, as `Event.field`.
    var timesNotInSheet: [String] = []

    /// What the import writes where a required free-text field has nothing in the sheet.
    static let notRecorded = "not recorded in the imported register"

    func heading(_ field: String) -> String? { mapping.columns[field] }

    /// The cell of `field` (trimmed), or the mapping's default when the sheet has no such column
    /// or the cell is empty; nil when neither.
    func raw(_ field: String) -> String? {
        if let i = columnIndex[field], i < row.cells.count {
            let cell = row.cells[i].trimmingCharacters(in: .whitespacesAndNewlines)
            if !cell.isEmpty { return cell }
        }
        return mapping.defaults[field]
    }

    mutating func problem(_ field: String?, _ reason: String) {
        let column = field.flatMap { mapping.columns[$0] } ?? field.map { "(\($0))" }
        problems.append(ImportRowProblem(row: row.number, column: column, reason: reason))
    }

    /// `value`, or a problem saying the row needs `field` and how to give it.
    mutating func require<T>(_ value: T?, _ field: String, because: String = "") -> T? {
        if value == nil && raw(field) == nil {
            let source = heading(field).map { "the column \"\($0)\" is empty" } ?? "the mapping gives no column for \(field) and no default"
            problem(field, "\(field) is needed\(because.isEmpty ? "" : " " + because): \(source); fill it in, or give defaults.\(field) in the mapping")
        }
        return value
    }

    mutating func text(_ field: String) -> String? { raw(field) }

    mutating func day(_ field: String) -> LocalDate? {
        guard let text = raw(field) else { return nil }
        guard let read = ImportCells.day(text, formats: mapping.dayFormats) else {
            problem(field, "\"\(text)\" is not a day in any of the mapping's formats (\(mapping.dayFormats.map(\.rawValue).joined(separator: ", "))); write it as e.g. 03/03/2021, or add its format to dayFormats")
            return nil
        }
        return read.day
    }

    /// The moment of `field`: its day and time on the Europe/London clock; a day without a time
    /// is put at midday, which never moves the day, and noted as `event.payloadField`. On the day
    /// the case opened at a time after midday (`opened`), a day without a time is put at that
    /// moment instead, so a same-day step is not dated before the case began.
    mutating func moment(_ field: String, as note: String, opened: Timestamp? = nil) -> Timestamp? {
        guard let text = raw(field) else { return nil }
        guard let read = ImportCells.day(text, formats: mapping.dayFormats) else {
            problem(field, "\"\(text)\" is not a day in any of the mapping's formats (\(mapping.dayFormats.map(\.rawValue).joined(separator: ", "))); write it as e.g. 03/03/2021 or 03/03/2021 14:05, or add its format to dayFormats")
            return nil
        }
        let minutes = read.minutes ?? 12 * 60
        if read.minutes == nil { timesNotInSheet.append(note) }
        guard let t = MomentInput.londonDateTime(String(format: "%@ %02d:%02d", read.day.iso, minutes / 60, minutes % 60)) else {
            problem(field, "\"\(text)\" is not a moment that exists on the UK clock; give another time")
            return nil
        }
        if read.minutes == nil, let opened, LocalDate(opened.date) == read.day, opened > t { return opened }
        return t
    }

    mutating func choice(_ field: String) -> String? {
        guard let text = raw(field), let f = kind.field(named: field) else { return nil }
        guard let value = ImportCells.choice(text, of: f, mapping: mapping) else {
            problem(field, "\"\(text)\" is not a value of \(field); add it to the mapping's values.\(field) as one of \(f.choices.joined(separator: ", "))")
            return nil
        }
        return value
    }

    mutating func choices(_ field: String) -> [String]? {
        guard let text = raw(field), let f = kind.field(named: field) else { return nil }
        var out: [String] = []
        for part in ImportText.list(text) {
            guard let value = ImportCells.choice(part, of: f, mapping: mapping) ?? ImportCells.choice(text, of: f, mapping: mapping) else {
                problem(field, "\"\(part)\" is not a value of \(field); add it to the mapping's values.\(field) as one of \(f.choices.joined(separator: ", "))")
                return nil
            }
            if !out.contains(value) { out.append(value) }
        }
        return out.isEmpty ? nil : out
    }

    mutating func yesNo(_ field: String) -> Bool? {
        guard let text = raw(field) else { return nil }
        guard let value = ImportCells.yesNo(text) else {
            problem(field, "\"\(text)\" is not yes or no; write Yes or No")
            return nil
        }
        return value
    }

    mutating func count(_ field: String) -> Int? {
        guard let text = raw(field) else { return nil }
        guard let value = ImportCells.count(text) else {
            problem(field, "\"\(text)\" is not a whole number of 0 or more; write it as digits, e.g. 12")
            return nil
        }
        return value
    }

    mutating func provisions(_ field: String) -> [String]? {
        guard let text = raw(field) else { return nil }
        guard let value = ImportCells.provisions(in: text) else {
            problem(field, "\"\(text)\" names no provision; write them as the statute does, e.g. s40(2); s43(2) or Reg 12(4)(b), or leave the cell empty")
            return nil
        }
        return value.isEmpty ? nil : value
    }
}
