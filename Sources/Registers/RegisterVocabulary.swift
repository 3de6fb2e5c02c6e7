import Casework
import Foundation
import LedgerStore

/// The values each register's filters accept, so that a bad value is refused with the list of
/// good ones (and pages offer them as choices) instead of silently matching nothing.
///
/// A filter's values are its fixed vocabulary (the statuses, outcomes, regimes and categories the
/// register's rows are documented to take in `Schemas/registers/`) together with every value the
/// register's rows hold (services, agreement types, complaint sources).
public enum RegisterVocabulary {
    /// A filter whose value must be one of a list.
    public enum Dimension: String, Sendable, CaseIterable {
        case status, regime, outcome, category, service
    }

    /// The filters a register has (a filter it does not have is refused).
    public static func dimensions(of register: RegisterName) -> [Dimension] {
        switch register {
        case .foi: [.status, .regime, .outcome, .service]
        case .sar: [.status, .outcome, .service]
        case .breach, .nearMiss, .agreements, .complaints: [.status, .outcome, .category, .service]
        case .disclosure: [.regime, .outcome]
        case .thirdParty: [.status, .outcome, .category]
        }
    }

    /// Whether `exemption` filters the register (FOI, SAR and the disclosure log record sections).
    public static func hasExemptions(_ register: RegisterName) -> Bool { [.foi, .sar, .disclosure].contains(register) }

    /// What the filter is called where the register uses it for something more particular.
    public static func meaning(_ dimension: Dimension, in register: RegisterName) -> String {
        switch (dimension, register) {
        case (.outcome, .breach): "ICO decision"
        case (.outcome, .nearMiss): "weakness"
        case (.outcome, .agreements): "end reason"
        case (.category, .nearMiss): "potential category"
        case (.category, .thirdParty): "requester category"
        case (.category, .agreements): "agreement type"
        case (.category, .complaints): "about or source"
        default: dimension.rawValue
        }
    }

    static let fixed: [RegisterName: [Dimension: [String]]] = [
        .foi: [
            .status: ["open", "awaitingClarification", "awaitingFee", "responded", "internalReview", "furtherResponseDue",
                      "regulatorComplaint", "withdrawn", "transferred", "channelledToSAR"],
            .regime: ["foia", "foisa", "eir"],
            .outcome: ["grantedInFull", "grantedInPart", "refused", "notHeld", "neitherConfirmNorDeny"],
        ],
        .sar: [
            .status: ["open", "awaitingIdentity", "awaitingFee", "awaitingClarification", "responded", "internalReview",
                      "furtherResponseDue", "regulatorComplaint", "withdrawn"],
            .outcome: ["providedInFull", "providedInPart", "noDataHeld", "refused"],
        ],
        .breach: [
            .status: ["open", "investigating", "closed"],
            .outcome: ["notify", "doNotNotify"],
            .category: ["loss", "theft", "unauthorisedDisclosure", "unauthorisedAccess", "humanError", "unauthorisedUse"],
        ],
        .nearMiss: [
            .status: ["reported", "reviewed"],
            .outcome: ["system", "process", "systemAndProcess", "none"],
            .category: ["loss", "theft", "unauthorisedDisclosure", "unauthorisedAccess", "humanError", "unauthorisedUse"],
        ],
        .disclosure: [
            .regime: ["foia", "foisa", "eir"],
            .outcome: ["grantedInFull", "grantedInPart", "refused", "notHeld", "neitherConfirmNorDeny"],
        ],
        .thirdParty: [
            .status: ["incomplete", "awaitingDetails", "received", "disclosed", "refused"],
            .outcome: ["disclosed", "refused"],
            .category: ["police", "court", "solicitor", "electedMember", "governmentAgency", "otherService", "parent", "school", "other"],
        ],
        .agreements: [.status: ["proposed", "signed", "ended"]],
        .complaints: [
            .status: ["received", "acknowledged", "resolved", "escalated"],
            .outcome: ["upheld", "partlyUpheld", "notUpheld", "withdrawn"],
        ],
    ]

    /// Every value a filter of the register accepts: the fixed vocabulary first, in its documented
    /// order, then the other values found in `facts`, sorted.
    public static func values(_ dimension: Dimension, of register: RegisterName, facts: [FilterFacts]) -> [String] {
        guard dimensions(of: register).contains(dimension) else { return [] }
        var out = fixed[register]?[dimension] ?? []
        var seen = Set(out.map { $0.lowercased() })
        var found = Set<String>()
        for f in facts {
            let values: [String?] = switch dimension {
            case .status: [f.status]
            case .regime: [f.regime]
            case .outcome: [f.outcome]
            case .category: f.categories
            case .service: [f.service]
            }
            for case let v? in values where !v.isEmpty && !seen.contains(v.lowercased()) { found.insert(v) }
        }
        for v in found.sorted() where !seen.contains(v.lowercased()) {
            seen.insert(v.lowercased())
            out.append(v)
        }
        return out
    }

    /// Every problem with `filter` for `register`, each naming the option, what is wrong and what
    /// is allowed; empty when it is good.
    public static func problems(in filter: RegisterFilter, for register: RegisterName, facts: [FilterFacts]) -> [String] {
        var choices: [Dimension: [String]] = [:]
        for d in dimensions(of: register) { choices[d] = values(d, of: register, facts: facts) }
        return problems(in: filter, for: register, choices: choices)
    }

    /// As `problems(in:for:facts:)`, with each dimension's allowed values already worked out.
    static func problems(in filter: RegisterFilter, for register: RegisterName, choices: [Dimension: [String]]) -> [String] {
        var problems: [String] = []
        let given: [(Dimension, String?)] = [(.status, filter.status), (.regime, filter.regime), (.outcome, filter.outcome),
                                            (.category, filter.category), (.service, filter.service)]
        for (dimension, value) in given {
            guard let value else { continue }
            guard dimensions(of: register).contains(dimension) else {
                let has = dimensions(of: register).map(\.rawValue) + (hasExemptions(register) ? ["exemption"] : [])
                problems.append("the \(register) register has no \(dimension.rawValue) filter (its filters are: \(has.joined(separator: ", ")))")
                continue
            }
            let allowed = choices[dimension] ?? []
            if !allowed.contains(where: { $0.caseInsensitiveCompare(value) == .orderedSame }) {
                let what = meaning(dimension, in: register)
                let list = allowed.isEmpty ? "(none: the register holds no \(what) yet)" : allowed.joined(separator: ", ")
                problems.append("\(dimension.rawValue) must be one of: \(list) (not \"\(value)\"\(what == dimension.rawValue ? "" : ", here the \(what)"))")
            }
        }
        if filter.exemption != nil && !hasExemptions(register) {
            problems.append("the \(register) register has no exemption filter (only foi, sar and disclosure record sections)")
        }
        if let from = filter.from, let to = filter.to, from > to {
            problems.append("from \(from.iso) is after to \(to.iso): give a from day on or before the to day")
        }
        return problems
    }
}
