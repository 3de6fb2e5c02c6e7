import Casework
import Foundation
import Intake

// Stand-ins for Intake's CellDate and ProvisionSpelling (part A), used until that branch is merged;
// removed then, when ImportCells calls Intake's readers.

enum StandInCellDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func day(_ raw: String, formats: [DayFormat]) -> (day: LocalDate, minutes: Int?)? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        var minutes: Int?
        // A trailing time: "12/03/2021 14:05", "2021-03-12T14:05", "…:00".
        if let r = text.range(of: #"[ T](\d{1,2}):(\d{2})(:\d{2})?$"#, options: .regularExpression) {
            let time = text[r].dropFirst().split(separator: ":")
            if let h = Int(time[0]), let m = Int(time[1]), h < 24, m < 60 { minutes = h * 60 + m } else { return nil }
            text = String(text[..<r.lowerBound])
        }
        for f in formats {
            if let d = read(text, f) { return (d, minutes) }
        }
        return nil
    }

    static func read(_ text: String, _ f: DayFormat) -> LocalDate? {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" }).map(String.init)
        switch f {
        case .iso:
            guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
            return LocalDate(year: y, month: m, day: d)
        case .dayMonthYear, .dayMonthShortYear, .monthDayYear:
            guard parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }), parts[0].count <= 2, parts[1].count <= 2,
                  var a = Int(parts[0]), var b = Int(parts[1]), var y = Int(parts[2]) else { return nil }
            if f == .dayMonthShortYear {
                guard parts[2].count == 2 else { return nil }
                y += y < 70 ? 2000 : 1900
            } else if parts[2].count != 4 { return nil }
            if f == .monthDayYear { swap(&a, &b) }
            return LocalDate(year: y, month: b, day: a)
        case .dayMonthNameYear:
            let words = text.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init)
            guard words.count == 3 else { return nil }
            let dayText = words[0].lowercased().replacingOccurrences(of: #"(st|nd|rd|th)$"#, with: "", options: .regularExpression)
            guard let d = Int(dayText), let m = months.firstIndex(of: String(words[1].lowercased().prefix(3))), var y = Int(words[2]) else { return nil }
            if words[2].count == 2 { y += y < 70 ? 2000 : 1900 } else if words[2].count != 4 { return nil }
            return LocalDate(year: y, month: m + 1, day: d)
        case .excelSerial:
            guard let n = Double(text), n >= 1, n < 2_958_466, n == n.rounded() else { return nil }
            let serial = Int(n)
            if serial == 60 { return LocalDate(year: 1900, month: 2, day: 29) }
            // Serial 1 is 1900-01-01; Excel counts a 29 February 1900 that never was.
            let base = LocalDate(year: 1899, month: 12, day: 31)!
            return base.adding(days: serial < 60 ? serial : serial - 1)
        }
    }
}

enum StandInProvisionSpelling {
    static func provisions(in text: String) -> [String]? {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        var found: [String] = []
        let pattern = #"(?<![0-9A-Za-z])(?:s\.?|sec\.?|section|reg\.?|regulation|r\.)?\s*([0-9]{1,2}[A-Z]?(?:\([0-9a-zA-Z]{1,3}\))*)"#
        let regex = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        let ns = text as NSString
        for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let p = ns.substring(with: m.range(at: 1)).replacingOccurrences(of: " ", with: "")
            if !found.contains(p) { found.append(p) }
        }
        return found.isEmpty ? nil : found
    }
}
