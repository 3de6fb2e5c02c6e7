/// An error raised by the Casework domain: a malformed case reference, an unknown event type or a
/// payload that does not match its event's shape.
///
/// `message` says what is wrong and what to do about it; `field` names the offending JSON field
/// (dotted path, e.g. `requester.name`) when there is one.
public struct CaseworkError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; a struct wrapping a private enum so that codes can be added later.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidCaseReference
            case unknownEventType
            case invalidPayload
            case encodingFailed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A case reference does not match `^(FOI|EIR|SAR|BR|NM)-[0-9]{4}-[0-9]{3,6}$`.
        public static let invalidCaseReference = Code(.invalidCaseReference)
        /// An event type name is not in the catalogue.
        public static let unknownEventType = Code(.unknownEventType)
        /// A payload's JSON does not decode into its event type.
        public static let invalidPayload = Code(.invalidPayload)
        /// A payload could not be encoded as JSON.
        public static let encodingFailed = Code(.encodingFailed)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// What went wrong and what the user can do about it.
    public var message: String
    /// The offending JSON field as a dotted path, when the error concerns one field.
    public var field: String?
    /// The underlying error, if any.
    public var cause: (any Error)?
    /// When several things are wrong at once (a payload with several bad fields), one error per
    /// problem, each with its own `field`; empty otherwise.
    public var problems: [CaseworkError]

    public init(code: Code, message: String, field: String? = nil, cause: (any Error)? = nil, problems: [CaseworkError] = []) {
        self.code = code
        self.message = message
        self.field = field
        self.cause = cause
        self.problems = problems
    }

    /// Every problem this error reports: its `problems`, or itself.
    public var allProblems: [CaseworkError] { problems.isEmpty ? [self] : problems }

    public var description: String {
        if let field { return "\(code) (field \(field)): \(message)" }
        return "\(code): \(message)"
    }
}
