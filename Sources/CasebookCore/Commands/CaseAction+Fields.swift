import Casework
import LedgerStore

/// A field a command takes that is not a payload field of its event (`DefaultRule`): the form and
/// help texts show it in place of the payload fields it is turned into.
public struct CommandField: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// One line of text.
        case text
        /// A list of text values, one per line.
        case list
        /// A version number of an event on the case.
        case eventVersion
        /// `field = value` lines: the replacement values of a correction.
        case assignments
    }

    public var name: String
    public var label: String
    public var hint: String
    public var kind: Kind
    public var required: Bool
}

extension CaseAction {
    /// The fields the command takes besides its event's payload fields (`exempt`'s `sections`,
    /// `correct`'s `event` and `set`, `void`'s `event`).
    public var commandFields: [CommandField] {
        switch rule {
        case .exemptions:
            return [CommandField(name: "sections", label: "Several provisions",
                                 hint: "To apply more than one, write each provision on its own line instead of Section; one event is recorded for each.",
                                 kind: .list, required: false)]
        case .correction:
            return [
                CommandField(name: "event", label: "Event to correct", hint: "Its version number on the case, as the timeline shows it.",
                             kind: .eventVersion, required: true),
                CommandField(name: "set", label: "Corrected values",
                             hint: "One per line, as field = new value (for example summary = Grit bin locations in Ward 3). Personal fields are sealed as the original was.",
                             kind: .assignments, required: true),
            ]
        case .void:
            return [CommandField(name: "event", label: "Event to void", hint: "Its version number on the case, as the timeline shows it.",
                                 kind: .eventVersion, required: true)]
        default:
            return []
        }
    }

    /// Payload fields the command works out itself from its `commandFields`, which a form does not ask for.
    public var derivedPayloadFields: Set<String> {
        switch rule {
        case .correction: ["correctsEventId", "corrections", "personalCorrections", "requesterCorrections"]
        case .void: ["voidsEventId"]
        default: []
        }
    }

    /// The payload fields left out that the command fills in, each with what it takes, in words
    /// (for hints: "Leave empty for …").
    public var defaultDescriptions: [String: String] {
        var out: [String: String] = [:]
        for f in dayFields { out[f] = "the day it happened" }
        for f in instantFields { out[f] = "the moment it happened" }
        for f in actorFields { out[f] = "you" }
        for (key, value) in fixedDefaults {
            switch value {
            case .string(let s): out[key.string] = "\"\(s)\""
            case .bool(let b): out[key.string] = b ? "yes" : "no"
            case .int(let n): out[key.string] = "\(n)"
            case .array(let a) where a.isEmpty: out[key.string] = "none"
            case .array(let a): out[key.string] = a.compactMap(\.stringValue).joined(separator: ", ")
            default: out[key.string] = "the usual value"
            }
        }
        switch rule {
        case .exemptions: out["class"] = "the class the regime's catalogue gives the provision"
        case .publicInterestTest: out["sections"] = "every qualified exemption applied on the case"
        case .requestExtension: out["reason"] = "the regime's (FOIA s10(3) public interest test, EIR reg 7 complex and voluminous)"
        case .regulator: out["regulator"] = "the ICO (the Scottish Information Commissioner for FOISA)"
        case .publish: out["documents"] = "the documents the response released"
        case .costLimit:
            out["limitPence"] = "the policy's appropriate limit"
            out["hourlyRatePence"] = "the policy's hourly rate"
        case .breachReport: out["occurredOn"] = "the day it was discovered"
        case .reviewExtension: out["workingDays"] = "what takes the review to the policy's maximum"
        case .thirdPartyMissing: out["missing"] = "the details the request lacks"
        case .channelToSAR: out["sarCase"] = "the next free SAR reference"
        case .none, .openRequest, .wrongfulRelease, .correction, .void: break
        }
        return out
    }
}
