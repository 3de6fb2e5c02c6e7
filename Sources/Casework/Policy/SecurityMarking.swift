import Foundation

/// The protective marking an export or disclosure carries: a Government Security Classifications
/// tier and, optionally, the 'personal and confidential' handling caveat (the data-sharing guidance
/// §5 'Security': data transferred electronically or by post carries appropriate security markings,
/// such as 'personal and confidential' or the recognised Government markings).
///
/// Written as one line: `OFFICIAL`, `OFFICIAL-SENSITIVE`, or either followed by
/// `, PERSONAL AND CONFIDENTIAL`.
public struct SecurityMarking: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Classification: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
        case official = "OFFICIAL"
        case officialSensitive = "OFFICIAL-SENSITIVE"

        private var rank: Int { self == .official ? 0 : 1 }
        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    }

    public var classification: Classification
    /// The 'personal and confidential' handling caveat.
    public var personalAndConfidential: Bool

    public init(_ classification: Classification, personalAndConfidential: Bool = false) {
        self.classification = classification
        self.personalAndConfidential = personalAndConfidential
    }

    public static let official = SecurityMarking(.official)
    /// What an export holding unredacted personal data is marked at least.
    public static let personalData = SecurityMarking(.officialSensitive, personalAndConfidential: true)

    public static let caveatText = "PERSONAL AND CONFIDENTIAL"

    /// The marking as printed: `OFFICIAL-SENSITIVE, PERSONAL AND CONFIDENTIAL`.
    public var text: String { personalAndConfidential ? "\(classification.rawValue), \(Self.caveatText)" : classification.rawValue }
    public var description: String { text }

    /// Parses a marking as printed, or as typed on a command line (`official-sensitive`,
    /// `official-sensitive,personal-and-confidential`, `OFFICIAL PERSONAL AND CONFIDENTIAL`).
    /// - Throws: `CaseworkError` `.invalidPayload` (field `marking`) naming what is accepted.
    public init(parsing raw: String) throws(CaseworkError) {
        var rest = raw.uppercased().replacingOccurrences(of: "_", with: "-")
            .trimmingCharacters(in: .whitespaces)
        var caveat = false
        for spelling in [Self.caveatText, "PERSONAL-AND-CONFIDENTIAL"] where rest.hasSuffix(spelling) {
            caveat = true
            rest = String(rest.dropLast(spelling.count)).trimmingCharacters(in: CharacterSet(charactersIn: " ,+;"))
        }
        guard let classification = Classification(rawValue: rest) else {
            throw CaseworkError(
                code: .invalidPayload,
                message: "'\(raw)' is not a security marking; write OFFICIAL or OFFICIAL-SENSITIVE, optionally followed by ', PERSONAL AND CONFIDENTIAL' (the data-sharing guidance §5 'Security'), e.g. official-sensitive,personal-and-confidential.",
                field: "marking")
        }
        self.init(classification, personalAndConfidential: caveat)
    }

    /// The marking that covers both: the higher classification, the caveat if either has it.
    public func atLeast(_ other: SecurityMarking) -> SecurityMarking {
        SecurityMarking(max(classification, other.classification), personalAndConfidential: personalAndConfidential || other.personalAndConfidential)
    }

    /// Whether this marking is at least as protective as `other`.
    public func covers(_ other: SecurityMarking) -> Bool {
        classification >= other.classification && (personalAndConfidential || !other.personalAndConfidential)
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(parsing: raw) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }
}
