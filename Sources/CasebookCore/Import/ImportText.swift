import Foundation

/// Text as the import compares it.
enum ImportText {
    /// Lowercase letters and digits only: "Date Received:" and "date_received" are the same key.
    static func key(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
    }

    /// A cell holding several values ("loss; theft", "email, letter"), split and trimmed.
    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "/" || $0 == "\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
