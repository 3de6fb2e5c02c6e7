import Casework
import Foundation

/// The Casebook reference of an imported row.
enum ImportReference {
    /// The reference a sheet's reference gives: a Casebook reference of the kind as it is
    /// (`FOI-2021-0042`); otherwise the prefix of the kind (EIR for an EIR request), the sheet
    /// reference's 4-digit year (or a 2-digit one before the serial: "EIR 21-0042") and its last
    /// run of digits as the serial, at least four digits ("FOI/2021/42" → FOI-2021-0042).
    ///
    /// - Returns: the reference, or the reason there is none, saying how to write it.
    static func derive(_ text: String, kind: ImportKind, regime: Regime?) -> Result<CaseReference, CasebookError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let prefix: CaseReference.Prefix = switch kind {
        case .foi: regime == .eir || (regime == nil && trimmed.uppercased().hasPrefix("EIR")) ? .eir : .foi
        case .sar: .sar
        case .breach: .breach
        case .nearMiss: .nearMiss
        }
        let example = "\(prefix.rawValue)-2021-0042"
        if let given = try? CaseReference(trimmed.uppercased()) {
            guard given.kind == kind.caseKind else {
                return .failure(CasebookError(.invalidInput, "\(given) is a \(given.kind.rawValue) reference, not one of a \(kind.registerNoun); write it as \(example), or import it with its own kind"))
            }
            return .success(given)
        }
        let runs = trimmed.split(whereSeparator: { !$0.isNumber }).map(String.init)
        var year: Int?
        var serial: String?
        if let i = runs.firstIndex(where: { $0.count == 4 && Int($0).map { (1990...2100).contains($0) } == true }), runs.count > i + 1 {
            year = Int(runs[i])
            serial = runs.last
        } else if runs.count >= 2, runs[0].count == 2, let yy = Int(runs[0]) {
            year = 2000 + yy
            serial = runs.last
        }
        guard let year, let serial, let n = Int(serial), n > 0, serial.count <= 6 else {
            return .failure(CasebookError(.invalidInput, "\"\(trimmed)\" gives no reference: it needs a year and a serial number, e.g. \(prefix.rawValue)/2021/42 or \(example)"))
        }
        do {
            return .success(try CaseReference("\(prefix.rawValue)-\(String(format: "%04d", year))-\(String(format: "%04d", n))"))
        } catch {
            return .failure(CasebookError(.invalidInput, "\"\(trimmed)\" gives no reference (\(error)); write it as \(example)"))
        }
    }
}
