/// The kind of a case, fixed by its reference prefix.
public enum CaseKind: String, Codable, Sendable, CaseIterable, Hashable {
    /// An FOI or EIR request (`FOI-…`, `EIR-…`).
    case request
    /// A subject access request (`SAR-…`).
    case subjectAccess
    /// A personal-data breach (`BR-…`).
    case breach
    /// A data-protection near miss (`NM-…`).
    case nearMiss
    /// A request from a third party (police, court, parent, school, …) for someone's personal
    /// data (`TPD-…`; the data protection policy Appendix 4).
    case thirdPartyDisclosure
    /// A data-sharing or data-processing agreement (`DSA-…`; the data protection policy Appendix 5).
    case agreement
    /// A complaint about data handling or sharing (`CMP-…`; the data-sharing guidance §6).
    case complaint
}

/// A validated case reference such as `FOI-2026-0042`.
///
/// The form is `^(FOI|EIR|SAR|BR|NM|TPD|DSA|CMP)-[0-9]{4}-[0-9]{3,6}$`; the prefix fixes the case kind.
/// Encodes as its plain string.
public struct CaseReference: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The reference prefix.
    public enum Prefix: String, Sendable, CaseIterable, Hashable {
        case foi = "FOI"
        case eir = "EIR"
        case sar = "SAR"
        case breach = "BR"
        case nearMiss = "NM"
        case thirdPartyDisclosure = "TPD"
        case agreement = "DSA"
        case complaint = "CMP"

        /// The case kind this prefix denotes.
        public var kind: CaseKind {
            switch self {
            case .foi, .eir: .request
            case .sar: .subjectAccess
            case .breach: .breach
            case .nearMiss: .nearMiss
            case .thirdPartyDisclosure: .thirdPartyDisclosure
            case .agreement: .agreement
            case .complaint: .complaint
            }
        }
    }

    /// The reference exactly as written, e.g. `FOI-2026-0042`.
    public let rawValue: String
    public let prefix: Prefix
    /// The four-digit year component.
    public let year: Int
    /// The serial component, as written (leading zeros kept).
    public let serial: String

    /// Parses and validates a reference.
    /// - Throws: `CaseworkError` with code `.invalidCaseReference` when `raw` does not match the pattern.
    public init(_ raw: String) throws(CaseworkError) {
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false)
        func fail() -> CaseworkError {
            CaseworkError(
                code: .invalidCaseReference,
                message: "'\(raw)' is not a case reference; write it as PREFIX-YYYY-NNNN with prefix FOI, EIR, SAR, BR, NM, TPD, DSA or CMP, a four-digit year and a 3–6 digit serial, e.g. FOI-2026-0042."
            )
        }
        // ASCII only: a combining mark after a digit would otherwise join it into one Character
        // that still compares between "0" and "9", and two references could look the same.
        guard raw.utf8.allSatisfy({ $0 < 0x80 }) else { throw fail() }
        guard parts.count == 3, let prefix = Prefix(rawValue: String(parts[0])) else { throw fail() }
        let isDigits: (Substring) -> Bool = { $0.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }
        guard parts[1].count == 4, isDigits(parts[1]), let year = Int(parts[1]),
              (3...6).contains(parts[2].count), isDigits(parts[2])
        else { throw fail() }
        self.rawValue = raw
        self.prefix = prefix
        self.year = year
        self.serial = String(parts[2])
    }

    /// The case kind, fixed by the prefix.
    public var kind: CaseKind { prefix.kind }

    public var description: String { rawValue }

    public static func < (lhs: CaseReference, rhs: CaseReference) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(raw)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
