/// Why a stored value could not be read back.
///
/// `code` says which of three things happened, so a caller can tell the user what to do
/// (usually: run `casebook rebuild`, which rewrites every derived table from the log):
/// - `olderEncoding`: written by an earlier Casebook, in JSON or at a lower schema version;
/// - `newerEncoding`: written by a later Casebook (a higher schema version or a later format);
/// - `damaged`: not a value of the type asked for: bytes missing or altered, or a schema change
///   made without raising the version.
public struct StoredEncodingError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable {
            case olderEncoding, newerEncoding, damaged
        }
        let base: Base
        public var description: String { base.rawValue }

        /// Written by an earlier version (JSON, or a lower schema version).
        public static let olderEncoding = Code(base: .olderEncoding)
        /// Written by a later version (a higher schema version, or a later format).
        public static let newerEncoding = Code(base: .newerEncoding)
        /// Not a readable value of the type asked for.
        public static let damaged = Code(base: .damaged)
    }

    public var code: Code
    /// What was found, in words (without advice: the caller knows what the user can do).
    public var message: String
    /// The schema version the bytes carry, when they carry one.
    public var storedVersion: UInt8?
    /// The decoding error underneath, for a `damaged` value.
    public var cause: (any Error)?

    public init(_ code: Code, _ message: String, storedVersion: UInt8? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.storedVersion = storedVersion
        self.cause = cause
    }

    public var description: String { message }
}
