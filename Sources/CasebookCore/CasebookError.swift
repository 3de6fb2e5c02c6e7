import Registers
import Casework
import LedgerStore

/// An error of the application layer: a command that cannot be carried out as given.
///
/// `message` says what is wrong and what to do about it; `problems` lists every field that is
/// wrong when there are several (a form with three mistakes reports three). The store's and the
/// rules' own errors (`LedgerError`, `RuleViolation`) pass through unchanged.
public struct CasebookError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidInput, notFound, forbidden, conflict, unknownUser
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The command's fields are missing, malformed or contradict each other.
        public static let invalidInput = Code(.invalidInput)
        /// The case (or another case the command names) is not in the ledger, or the user a
        /// command names is not on its user list.
        public static let notFound = Code(.notFound)
        /// None of the acting person's roles may do this.
        public static let forbidden = Code(.forbidden)
        /// The case already exists, the action does not fit its kind, or a change to the user
        /// list would leave the ledger without an admin.
        public static let conflict = Code(.conflict)
        /// The acting person is not a user of this ledger.
        public static let unknownUser = Code(.unknownUser)

        public var description: String { base.rawValue }
    }

    /// One wrong field: its dotted path in the action's fields and what is wrong with it.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var field: String?
        public var message: String

        public init(field: String?, message: String) {
            self.field = field
            self.message = message
        }

        public var description: String { field.map { "\($0): \(message)" } ?? message }
    }

    public var code: Code
    public var message: String
    public var problems: [Problem]
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, problems: [Problem] = [], cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.problems = problems
        self.cause = cause
    }

    /// Every problem, or the message as the one problem.
    public var allProblems: [Problem] { problems.isEmpty ? [Problem(field: nil, message: message)] : problems }

    public var description: String { message }
}
