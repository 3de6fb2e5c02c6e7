/// Whose personal data a personal field holds, which decides the key it is encrypted under.
public enum PersonalScope: String, Codable, Sendable, Hashable, CaseIterable {
    /// The requester's identity and contact details (on a SAR, the data subject's):
    /// one key per person, so erasing it forgets that person across all their cases.
    case requester
    /// Anything else personal in a case (breach descriptions, free text, notes): one key per case.
    case `case`
}

/// A payload field that holds personal data and is stored encrypted.
///
/// `path` is the top-level JSON key, or a dotted path into a nested object
/// (`reportingOfficer.name`). The whole value at the path is personal, whatever its JSON type.
public struct PersonalField: Hashable, Sendable, Codable, CustomStringConvertible {
    public var path: String
    public var scope: PersonalScope

    public init(path: String, scope: PersonalScope) {
        self.path = path
        self.scope = scope
    }

    public var description: String { "\(path) [\(scope.rawValue)]" }
}

/// The payload of one event type: a Codable value stored as canonical JSON in the envelope.
///
/// Conventions (see `Schemas/events/`): camelCase keys; days are `LocalDate` (`YYYY-MM-DD`, a real
/// calendar date) and moments `Timestamp` (decoded from RFC 3339 with its offset, or a local
/// date-time on the Europe/London clock; stored as RFC 3339 UTC with `Z`); enums as lowerCamelCase
/// strings; money in integer pence; absent optionals omitted.
public protocol EventPayload: Codable, Sendable, Equatable {
    /// The event type this payload belongs to.
    static var eventType: EventType { get }
    /// The payload's schema version, stored on the envelope; bump on an incompatible change.
    static var schemaVersion: Int { get }
    /// The fields holding personal data; must equal the `x-personal` properties of the schema.
    static var personalFields: [PersonalField] { get }
}

extension EventPayload {
    public static var schemaVersion: Int { 1 }

    /// The event type of this payload's type.
    public var eventType: EventType { Self.eventType }

    /// Whether `other` is a payload of the same type with equal contents.
    public func isEqual(to other: any EventPayload) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}
