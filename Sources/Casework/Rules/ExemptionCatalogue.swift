/// The exemptions (FOIA, FOISA) or exceptions (EIR) of one regime, each marked absolute,
/// qualified, or either (the class depends on the facts, so the officer's statement is accepted).
///
/// Provisions are written as in the statute: a section number with optional letter and
/// parenthesised subsections, e.g. `"21"`, `"22A"`, `"40(2)"`, `"37(1)(a)"`, `"12(5)(e)"`.
/// A provision matches its most specific catalogued entry: `"43(2)"` falls back to `"43"`;
/// `"37(1)(a)"` has its own (absolute) entry.
///
/// Choices where the statute needs judgement:
/// - FOIA s36 is qualified except for information held by either House of Parliament, and
///   s40(2) is absolute only where disclosure would breach the data protection principles: both
///   are `either`. s40(1) (the requester's own data, → SAR) is absolute; s37(1)(a)–(ab) absolute.
///   s12 (cost), s14 (vexatious) and NCND are procedural refusals, not catalogued here.
/// - FOISA (s2(2)): absolute are 25, 26, 36(2), 37 and 38(1)(a), (c), (d); 38(1)(b) is absolute
///   only in some cases, so `either`. All others (27–35, 36(1), 39, 40, 41) are qualified.
/// - EIR: every reg 12(4) and 12(5) exception is qualified (reg 12(1)(b)); reg 13 (personal data)
///   is absolute for the first condition and qualified otherwise, so `either`. A bare `"12"` or
///   `"12(4)"` is not an exception: name the paragraph.
public struct ExemptionCatalogue: Sendable {
    /// How an exemption relates to the public interest test.
    public enum Classification: String, Sendable, Hashable, CaseIterable {
        case absolute
        case qualified
        /// Absolute in some circumstances and qualified in others; the stated class is accepted.
        case either

        /// Whether an exemption of this classification may be stated as `exemptionClass`.
        public func accepts(_ stated: ExemptionClass) -> Bool {
            switch self {
            case .absolute: stated == .absolute
            case .qualified: stated == .qualified
            case .either: true
            }
        }
    }

    /// One catalogued provision.
    public struct Entry: Sendable, Hashable {
        public var provision: String
        public var title: String
        public var classification: Classification

        public init(provision: String, title: String, classification: Classification) {
            self.provision = provision
            self.title = title
            self.classification = classification
        }
    }

    public let regime: Regime
    /// The entries, most general first.
    public let entries: [Entry]
    private let index: [String: Entry]

    public init(regime: Regime, entries: [Entry]) {
        self.regime = regime
        self.entries = entries
        self.index = Dictionary(entries.map { ($0.provision, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The catalogue of a regime.
    public static func `for`(_ regime: Regime) -> ExemptionCatalogue {
        switch regime {
        case .foia: foia
        case .foisa: foisa
        case .eir: eir
        }
    }

    /// The most specific entry covering `provision`, or `nil` if it is malformed or not an
    /// exemption of this regime.
    public func entry(for provision: String) -> Entry? {
        guard Self.isWellFormed(provision) else { return nil }
        return Self.mostSpecific(Substring(provision), in: index)
    }

    /// Whether `provision` has the form `NN[A](x)(y)…`.
    public static func isWellFormed(_ provision: String) -> Bool {
        var rest = Substring(provision)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return false }
        rest = rest.dropFirst(digits.count)
        if let letter = rest.first, letter.isASCII, letter.isUppercase { rest = rest.dropFirst() }
        return isSubdivisions(rest)
    }

    /// The entry `index` holds for `provision`, or for the provision it subdivides: parenthesised
    /// subdivisions are dropped from the end one at a time (`"37(1)(a)"`, `"37(1)"`, `"37"`).
    /// Shared with `SARExemptionCatalogue`, whose paragraphs subdivide the same way.
    static func mostSpecific<Value>(_ provision: Substring, in index: [String: Value]) -> Value? {
        var candidate = provision
        while true {
            if let value = index[String(candidate)] { return value }
            guard candidate.last == ")", let open = candidate.lastIndex(of: "(") else { return nil }
            candidate = candidate[..<open]
        }
    }

    /// Whether `text` is nothing but parenthesised subdivisions, `(1)(a)…`, each of ASCII letters
    /// or digits (an empty `text` is none).
    static func isSubdivisions(_ text: Substring) -> Bool {
        var rest = text
        while !rest.isEmpty {
            guard rest.first == "(", let close = rest.firstIndex(of: ")") else { return false }
            let inner = rest[rest.index(after: rest.startIndex)..<close]
            guard !inner.isEmpty, inner.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return false }
            rest = rest[rest.index(after: close)...]
        }
        return true
    }

    /// Whether `provision` is FOIA s21 or FOISA s25 (information otherwise accessible), at any
    /// subsection; the EIR has no such exception. A refusal under it says where the information
    /// is (the FOI policy Appendix 1).
    public static func isOtherwiseAccessible(_ provision: String, regime: Regime) -> Bool {
        regime != .eir && Self.provision(regime == .foisa ? "25" : "21", covers: provision)
    }

    /// Whether `covering` (a provision named in a public interest test) covers `provision`:
    /// equal, or a parent of it (`"43"` covers `"43(2)"`).
    public static func provision(_ covering: String, covers provision: String) -> Bool {
        provision == covering || provision.hasPrefix(covering + "(")
    }

    // MARK: - Catalogues

    /// Freedom of Information Act 2000, Part II.
    public static let foia = ExemptionCatalogue(regime: .foia, entries: [
        Entry(provision: "21", title: "Information accessible by other means", classification: .absolute),
        Entry(provision: "22", title: "Information intended for future publication", classification: .qualified),
        Entry(provision: "22A", title: "Research", classification: .qualified),
        Entry(provision: "23", title: "Information supplied by, or relating to, bodies dealing with security matters", classification: .absolute),
        Entry(provision: "24", title: "National security", classification: .qualified),
        Entry(provision: "26", title: "Defence", classification: .qualified),
        Entry(provision: "27", title: "International relations", classification: .qualified),
        Entry(provision: "28", title: "Relations within the United Kingdom", classification: .qualified),
        Entry(provision: "29", title: "The economy", classification: .qualified),
        Entry(provision: "30", title: "Investigations and proceedings conducted by public authorities", classification: .qualified),
        Entry(provision: "31", title: "Law enforcement", classification: .qualified),
        Entry(provision: "32", title: "Court records", classification: .absolute),
        Entry(provision: "33", title: "Audit functions", classification: .qualified),
        Entry(provision: "34", title: "Parliamentary privilege", classification: .absolute),
        Entry(provision: "35", title: "Formulation of government policy", classification: .qualified),
        Entry(provision: "36", title: "Prejudice to effective conduct of public affairs (absolute for information held by either House of Parliament)", classification: .either),
        Entry(provision: "37", title: "Communications with Her Majesty and honours", classification: .qualified),
        Entry(provision: "37(1)(a)", title: "Communications with the Sovereign", classification: .absolute),
        Entry(provision: "37(1)(aa)", title: "Communications with the heir to, or second in line to, the Throne", classification: .absolute),
        Entry(provision: "37(1)(ab)", title: "Communications with a person who has subsequently acceded to the Throne or become heir", classification: .absolute),
        Entry(provision: "38", title: "Health and safety", classification: .qualified),
        Entry(provision: "39", title: "Environmental information (handle under the EIR)", classification: .qualified),
        Entry(provision: "40", title: "Personal information", classification: .either),
        Entry(provision: "40(1)", title: "The requester's own personal data (handle as a SAR)", classification: .absolute),
        Entry(provision: "40(2)", title: "Third-party personal data (absolute where disclosure would breach the data protection principles)", classification: .either),
        Entry(provision: "41", title: "Information provided in confidence", classification: .absolute),
        Entry(provision: "42", title: "Legal professional privilege", classification: .qualified),
        Entry(provision: "43", title: "Commercial interests", classification: .qualified),
        Entry(provision: "44", title: "Prohibitions on disclosure", classification: .absolute),
    ])

    /// Freedom of Information (Scotland) Act 2002, Part 2 (ss25–41; absolute ones per s2(2)).
    public static let foisa = ExemptionCatalogue(regime: .foisa, entries: [
        Entry(provision: "25", title: "Information otherwise accessible", classification: .absolute),
        Entry(provision: "26", title: "Prohibitions on disclosure", classification: .absolute),
        Entry(provision: "27", title: "Information intended for future publication", classification: .qualified),
        Entry(provision: "28", title: "Relations within the United Kingdom", classification: .qualified),
        Entry(provision: "29", title: "Formulation of Scottish Administration policy", classification: .qualified),
        Entry(provision: "30", title: "Prejudice to effective conduct of public affairs", classification: .qualified),
        Entry(provision: "31", title: "National security and defence", classification: .qualified),
        Entry(provision: "32", title: "International relations", classification: .qualified),
        Entry(provision: "33", title: "Commercial interests and the economy", classification: .qualified),
        Entry(provision: "34", title: "Investigations by Scottish public authorities and proceedings arising out of such investigations", classification: .qualified),
        Entry(provision: "35", title: "Law enforcement", classification: .qualified),
        Entry(provision: "36", title: "Confidentiality", classification: .qualified),
        Entry(provision: "36(1)", title: "Confidentiality of communications in legal proceedings", classification: .qualified),
        Entry(provision: "36(2)", title: "Information obtained in confidence", classification: .absolute),
        Entry(provision: "37", title: "Court records, etc.", classification: .absolute),
        Entry(provision: "38", title: "Personal information", classification: .either),
        Entry(provision: "38(1)(a)", title: "The requester's own personal data (handle as a SAR)", classification: .absolute),
        Entry(provision: "38(1)(b)", title: "Third-party personal data", classification: .either),
        Entry(provision: "38(1)(c)", title: "Personal census information", classification: .absolute),
        Entry(provision: "38(1)(d)", title: "A deceased person's health record", classification: .absolute),
        Entry(provision: "39", title: "Health, safety and the environment", classification: .qualified),
        Entry(provision: "40", title: "Audit functions", classification: .qualified),
        Entry(provision: "41", title: "Communications with Her Majesty etc. and honours", classification: .qualified),
    ])

    /// Environmental Information Regulations 2004, regs 12 and 13.
    public static let eir = ExemptionCatalogue(regime: .eir, entries: [
        Entry(provision: "12(4)(a)", title: "Information not held", classification: .qualified),
        Entry(provision: "12(4)(b)", title: "Manifestly unreasonable request", classification: .qualified),
        Entry(provision: "12(4)(c)", title: "Request formulated in too general a manner", classification: .qualified),
        Entry(provision: "12(4)(d)", title: "Material in the course of completion, unfinished documents or incomplete data", classification: .qualified),
        Entry(provision: "12(4)(e)", title: "Internal communications", classification: .qualified),
        Entry(provision: "12(5)(a)", title: "International relations, defence, national security or public safety", classification: .qualified),
        Entry(provision: "12(5)(b)", title: "The course of justice and inquiries", classification: .qualified),
        Entry(provision: "12(5)(c)", title: "Intellectual property rights", classification: .qualified),
        Entry(provision: "12(5)(d)", title: "Confidentiality of proceedings", classification: .qualified),
        Entry(provision: "12(5)(e)", title: "Confidentiality of commercial or industrial information", classification: .qualified),
        Entry(provision: "12(5)(f)", title: "Interests of the person who provided the information", classification: .qualified),
        Entry(provision: "12(5)(g)", title: "Protection of the environment", classification: .qualified),
        Entry(provision: "13", title: "Personal data of third parties (absolute under the first condition)", classification: .either),
    ])
}
