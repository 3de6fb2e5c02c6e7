/// Exemption and exception spellings as officers write them, to statute provision codes as
/// Casebook stores them ("40(2)", "12(4)(b)", "43", "22A", and for the Data Protection Act 2018
/// schedules "Sch2 Para5(3)").
public enum ProvisionSpelling {
    /// Every provision named in `text` ("s.40(2); s.43(2)", "Section 40 and 43",
    /// "40(2) Personal information", "Reg 12(4)(b), 13", "S40(2)/S41"), in order, duplicates removed.
    /// Words that are not provisions are ignored; nil when `text` names none but is not empty.
    ///
    /// A provision is a section or regulation number of 1–3 digits, an optional capital letter
    /// written against it (`22A`), and parenthesised subsections (`(4)(b)`). Four-digit numbers
    /// are years ("FOIA 2000") and are skipped. "Schedule 2 paragraph 5(3)" (or "Sch 2 Para 5(3)")
    /// is written "Sch2 Para5(3)". The caller checks each code against the regime's catalogue.
    public static func provisions(in text: String) -> [String]? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var found: [String] = []
        var seen: Set<String> = []
        var pendingSchedule: Int?

        func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
        func isLetter(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic }
        func add(_ code: String) {
            if seen.insert(code).inserted { found.append(code) }
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if isLetter(scalar) {
                var end = index
                while end < scalars.count, isLetter(scalars[end]) { end += 1 }
                let word = String(String.UnicodeScalarView(scalars[index..<end])).lowercased()
                if word == "sch" || word == "schedule" {
                    // "Sch2", "Sch 2", "Schedule 2" then "Para 5(3)".
                    var cursor = end
                    while cursor < scalars.count, scalars[cursor] == " " || scalars[cursor] == "." { cursor += 1 }
                    var numberEnd = cursor
                    while numberEnd < scalars.count, isDigit(scalars[numberEnd]) { numberEnd += 1 }
                    if numberEnd > cursor, numberEnd - cursor <= 2 {
                        pendingSchedule = Int(String(String.UnicodeScalarView(scalars[cursor..<numberEnd])))
                        index = numberEnd
                        continue
                    }
                }
                if ["s", "ss", "sec", "section", "sections", "reg", "regs", "regulation", "regulations"].contains(word) {
                    pendingSchedule = nil
                }
                if (word == "para" || word == "paragraph" || word == "paras" || word == "paragraphs"), pendingSchedule != nil {
                    index = end
                    continue
                }
                index = end
                continue
            }
            guard isDigit(scalar) else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, isDigit(scalars[end]) { end += 1 }
            let digitCount = end - index
            // A number glued to letters on its left other than s/S/r ("FOIA2000", "v2") is not a provision.
            if index > 0, isLetter(scalars[index - 1]) {
                var start = index - 1
                while start > 0, isLetter(scalars[start - 1]) { start -= 1 }
                let word = String(String.UnicodeScalarView(scalars[start..<index])).lowercased()
                if !["s", "ss", "sec", "section", "reg", "regs", "regulation", "r", "para", "paragraph", "sch"].contains(word) {
                    index = end
                    continue
                }
            }
            guard digitCount <= 3 else {
                index = end
                continue
            }
            var code = String(String.UnicodeScalarView(scalars[index..<end]))
            // A capital letter written against the number: 22A (but not "40 And").
            if end < scalars.count, scalars[end].properties.isUppercase, scalars[end].isASCII,
               end + 1 >= scalars.count || !isLetter(scalars[end + 1]) {
                code.unicodeScalars.append(scalars[end])
                end += 1
            }
            // Parenthesised subsections, possibly after spaces: (2), (4)(b), (1)(a)(i).
            var cursor = end
            while true {
                var look = cursor
                while look < scalars.count, scalars[look] == " " { look += 1 }
                guard look < scalars.count, scalars[look] == "(" else { break }
                var close = look + 1
                while close < scalars.count, scalars[close] != ")", close - look <= 5 { close += 1 }
                guard close < scalars.count, scalars[close] == ")", close > look + 1 else { break }
                let inner = scalars[(look + 1)..<close]
                guard inner.allSatisfy({ isDigit($0) || ($0.isASCII && isLetter($0)) }) else { break }
                code += "(" + String(String.UnicodeScalarView(inner)).lowercased() + ")"
                cursor = close + 1
            }
            if let schedule = pendingSchedule {
                add("Sch\(schedule) Para\(code)")
            } else {
                add(code)
            }
            index = cursor
        }
        if found.isEmpty {
            return text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) ? [] : nil
        }
        return found
    }
}
