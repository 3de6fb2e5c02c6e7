import Foundation
import Casework
import Intake

/// Reading one cell of an import field: days, choices, yes/no, numbers, provisions.
enum ImportCells {
    /// The day (and minutes past midnight, when the cell has a time) `text` names in the first
    /// of `formats` that reads it.
    static func day(_ text: String, formats: [DayFormat]) -> (day: LocalDate, minutes: Int?)? {
        CellDate.day(text, formats: formats)
    }

    /// The provisions `text` names, or nil when it names none.
    static func provisions(in text: String) -> [String]? {
        ProvisionSpelling.provisions(in: text)
    }

    /// The machine value a usual spelling names (the value itself, its label, or one of the
    /// field's spellings), or nil.
    static func usualChoice(_ text: String, of field: ImportField) -> String? {
        let k = ImportText.key(text)
        guard !k.isEmpty else { return nil }
        if let exact = field.choices.first(where: { ImportText.key($0) == k }) { return exact }
        for choice in field.choices {
            if (field.spellings[choice] ?? []).contains(where: { ImportText.key($0) == k }) { return choice }
        }
        return nil
    }

    /// The machine value of a choice cell: the mapping's own spelling first, then the usual ones.
    static func choice(_ text: String, of field: ImportField, mapping: ImportMapping) -> String? {
        if let map = mapping.values[field.name] {
            if let v = map[text] { return v }
            let k = ImportText.key(text)
            if let v = map.first(where: { ImportText.key($0.key) == k })?.value { return v }
        }
        return usualChoice(text, of: field)
    }

    static func yesNo(_ text: String) -> Bool? {
        switch ImportText.key(text) {
        case "y", "yes", "true", "1": true
        case "n", "no", "false", "0": false
        default: nil
        }
    }

    static func count(_ text: String) -> Int? {
        let t = text.replacingOccurrences(of: ",", with: "")
        if let n = Int(t), n >= 0 { return n }
        if let d = Double(t), d >= 0, d == d.rounded(), d < 1e12 { return Int(d) }
        return nil
    }
}
