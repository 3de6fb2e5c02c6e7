import Foundation

/// A person who may act on a ledger, and in which roles.
///
/// Kept in the ledger's user list (`Casebook.users()`), beside the log rather than in it: the list
/// says who may act now; the events they record say who acted (`Actor`).
public struct LedgerUser: Codable, Sendable, Hashable {
    /// The login name, as `validatedName(_:)` returns it.
    public var name: String
    /// The user's roles, in `Role.allCases` order, without repeats; never empty.
    public var roles: [Role]
    /// When the user was first added (RFC 3339, UTC).
    public var addedAt: String
    /// Who added them (the first user of a ledger adds themselves or is added at `casebook init`).
    public var addedBy: String
    /// The bcrypt hash of the user's web sign-in password (`Casebook.setPassword`), nil until one
    /// is set. Stored in the user list only: encoded solely by `UserDirectory` (see
    /// `encode(to:)`), so no listing, export or log line can carry it.
    var passwordHash: String?

    /// Whether the user can sign in on the web pages (a password has been set).
    public var hasPassword: Bool { passwordHash != nil }

    public init(name: String, roles: [Role], addedAt: String, addedBy: String) {
        self.name = name
        self.roles = Self.ordered(roles)
        self.addedAt = addedAt
        self.addedBy = addedBy
    }

    private enum CodingKeys: String, CodingKey {
        case name, roles, addedAt, addedBy, passwordHash
    }

    /// The `userInfo` key under which `UserDirectory` asks for the password hash to be encoded.
    static let encodesCredentials = CodingUserInfoKey(rawValue: "casebook.users.encodesCredentials")!

    /// Encodes the user; the password hash only for the user list's own encoder, never for anyone
    /// else's (a listing, an API answer), so it cannot be printed by accident.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(roles, forKey: .roles)
        try container.encode(addedAt, forKey: .addedAt)
        try container.encode(addedBy, forKey: .addedBy)
        if encoder.userInfo[Self.encodesCredentials] as? Bool == true {
            try container.encodeIfPresent(passwordHash, forKey: .passwordHash)
        }
    }

    /// The longest name, in Unicode scalars after NFC normalisation.
    public static let maximumNameLength = 64

    /// `name` in Unicode Normalization Form C, or an error saying what is wrong with it.
    ///
    /// A name is 1 to 64 letters, digits, `.`, `-` and `_`, not starting with `-` (login names
    /// are kept portable: POSIX.1-2017 §3.437). Names are compared after normalisation and are
    /// case-sensitive, as login names are.
    public static func validatedName(_ name: String) throws(CasebookError) -> String {
        let nfc = name.precomposedStringWithCanonicalMapping
        let scalars = nfc.unicodeScalars
        guard !scalars.isEmpty else {
            throw CasebookError(.invalidInput, "a user name cannot be empty; use the person's login name, e.g. a.officer")
        }
        guard scalars.count <= maximumNameLength else {
            throw CasebookError(.invalidInput, "the user name \"\(nfc.prefix(20))…\" has \(scalars.count) characters; a user name has at most \(maximumNameLength)")
        }
        if let bad = scalars.first(where: { !isNameScalar($0) }) {
            let code = "U+" + String(bad.value, radix: 16, uppercase: true)
            let shown = bad == " " ? "a space" : bad.properties.generalCategory == .control ? "a control character (\(code))" : "\"\(bad)\""
            throw CasebookError(.invalidInput, "the user name \"\(nfc)\" contains \(shown); a user name has only letters, digits, '.', '-' and '_'")
        }
        guard scalars.first != "-" else {
            throw CasebookError(.invalidInput, "the user name \"\(nfc)\" starts with '-'; a user name cannot (it would read as an option)")
        }
        return nfc
    }

    private static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        if s == "." || s == "-" || s == "_" { return true }
        let p = s.properties
        return p.generalCategory.isLetter || p.numericType == .decimal
    }

    /// `roles` without repeats, in `Role.allCases` order.
    static func ordered(_ roles: some Sequence<Role>) -> [Role] {
        let set = Set(roles)
        return Role.allCases.filter(set.contains)
    }

    /// The roles as people read them: `officer, legal`.
    var roleList: String { roles.map(\.rawValue).joined(separator: ", ") }
}

extension Unicode.GeneralCategory {
    fileprivate var isLetter: Bool {
        switch self {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }
}

extension LedgerUser: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The user without the password hash: interpolating, printing or dumping a user never shows it.
    public var description: String {
        "LedgerUser(name: \(name), roles: \(roleList), addedAt: \(addedAt), addedBy: \(addedBy), password: \(hasPassword ? "set" : "none"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "roles": roles, "addedAt": addedAt, "addedBy": addedBy, "hasPassword": hasPassword])
    }
}
