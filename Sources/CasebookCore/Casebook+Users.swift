import Casework
import Foundation
import LedgerStore

extension Casebook {
    // MARK: The user list

    /// Every user of this ledger, in name order.
    public func users() throws -> [LedgerUser] {
        try ledger.read { try UserDirectory.users(in: $0.transaction) }
    }

    /// The user called `name` (compared after NFC normalisation), or nil; nil too for a name no
    /// user could have.
    public func user(named name: String) throws -> LedgerUser? {
        guard let name = try? LedgerUser.validatedName(name) else { return nil }
        return try ledger.read { try UserDirectory.user(named: name, in: $0.transaction) }
    }

    /// Gives `name` the roles `roles`, adding the user if they are not one yet; returns the user
    /// as stored. Roles they already hold are kept; when and by whom they were first added is kept.
    ///
    /// Only an admin (`actingUser`, normally `OSUser.name`) changes the user list, except on a
    /// ledger that has no users yet: then anyone adds the first user, who must have role admin so
    /// that the list always has one. The check and the change are one write transaction.
    @discardableResult
    public func addUser(_ name: String, roles: [Role], by actingUser: String) throws -> LedgerUser {
        let name = try LedgerUser.validatedName(name)
        guard !roles.isEmpty else {
            throw CasebookError(.invalidInput, "name at least one role for \(name): \(Self.roleChoices)")
        }
        let acting = actingUser.precomposedStringWithCanonicalMapping
        let now = clock().rfc3339
        return try ledger.write { log in
            let txn = log.transaction
            let users = try UserDirectory.users(in: txn)
            if users.isEmpty {
                guard roles.contains(.admin) else {
                    throw CasebookError(.invalidInput, "\(name) would be the first user of this ledger, and the first user needs role admin, or nobody could add users afterwards; add --role admin")
                }
            } else {
                try Self.requireAdmin(acting, among: users, to: "add users or roles")
            }
            var user = users.first { $0.name == name } ?? LedgerUser(name: name, roles: [], addedAt: now, addedBy: acting)
            user.roles = LedgerUser.ordered(user.roles + roles)
            try UserDirectory.store(user, in: txn)
            return user
        }
    }

    /// Takes `roles` away from the user `name`, or (nil) removes the user; a user left with no
    /// roles is removed. Only an admin may; the last admin is never removed, nor loses role admin.
    public func removeUser(_ name: String, roles: [Role]?, by actingUser: String) throws {
        let name = try LedgerUser.validatedName(name)
        if let roles, roles.isEmpty {
            throw CasebookError(.invalidInput, "name the roles to take from \(name), or none to remove the user")
        }
        let acting = actingUser.precomposedStringWithCanonicalMapping
        try ledger.write { log in
            let txn = log.transaction
            let users = try UserDirectory.users(in: txn)
            try Self.requireAdmin(acting, among: users, to: "remove users or roles")
            guard let user = users.first(where: { $0.name == name }) else {
                throw CasebookError(.notFound, "\(name) is not a user of this ledger; list the users with `casebook user list`")
            }
            let remaining: [Role]
            if let roles {
                if let missing = LedgerUser.ordered(roles).first(where: { !user.roles.contains($0) }) {
                    throw CasebookError(.invalidInput, "\(name) (roles: \(user.roleList)) does not have role \(missing); nothing was changed")
                }
                remaining = user.roles.filter { !roles.contains($0) }
            } else {
                remaining = []
            }
            if user.roles.contains(.admin), !remaining.contains(.admin), users.filter({ $0.roles.contains(.admin) }).count == 1 {
                throw CasebookError(.conflict, "\(name) is the last admin of this ledger, and a ledger keeps one; make another user admin first (`casebook user add NAME --role admin`)")
            }
            if remaining.isEmpty {
                try UserDirectory.remove(named: name, in: txn)
            } else {
                var changed = user
                changed.roles = remaining
                try UserDirectory.store(changed, in: txn)
            }
        }
    }

    // MARK: Who is acting

    /// The actor to record when the user `userName` (normally `OSUser.name`) records an event of
    /// `type` on a case of `kind`: their name, and the first of their roles, in the order officer,
    /// legal, dpo, that `RecordingPolicy` allows.
    ///
    /// Throws `CasebookError` `.unknownUser` when they are not a user of this ledger, and
    /// `.forbidden` when none of their roles may record the event; each message says which role
    /// is needed and the command an admin runs to grant it.
    public func actor(for userName: String, recording type: EventType, on kind: CaseKind) throws -> Actor {
        if RecordingPolicy.recordedByNobody.contains(type) {
            if type == .caseImported {
                throw CasebookError(.forbidden, "nobody records \(type) by hand; `casebook import` records it last on each case it brings in from a spreadsheet")
            }
            let command = type == .retentionApplied ? "`casebook retention apply`" : "`casebook erase`"
            throw CasebookError(.forbidden, "nobody records \(type) by hand; \(command) records it as it destroys the keys")
        }
        let needed = RecordingPolicy.roles(thatMayRecord: type, on: kind)
        let suggested = needed.first ?? .officer
        let name: String
        do throws(CasebookError) { name = try LedgerUser.validatedName(userName) } catch {
            throw CasebookError(.unknownUser, "\(userName) is not a user of this ledger and cannot be one: \(error.message)", cause: error)
        }
        let (user, anyUsers) = try ledger.read { log in
            (try UserDirectory.user(named: name, in: log.transaction), try log.transaction.count(log.transaction.database(UserDirectory.table)) > 0)
        }
        guard let user else {
            if !anyUsers {
                throw CasebookError(.unknownUser, "\(name) is not a user of this ledger, which has no users yet; add the first with `casebook user add \(name) --role admin --role \(suggested)`")
            }
            throw CasebookError(.unknownUser, "\(name) is not a user of this ledger; an admin adds them with `casebook user add \(name) --role \(suggested)`")
        }
        guard let role = needed.first(where: user.roles.contains) else {
            let needs = needed.map(\.rawValue).joined(separator: " or ")
            throw CasebookError(.forbidden, "\(name) (roles: \(user.roleList)) may not record \(type) on \(kind.casePhrase); that needs role \(needs); an admin grants it with `casebook user add \(name) --role \(suggested)`")
        }
        return Actor(id: user.name, role: role.rawValue)
    }

    /// Throws unless `acting` is a user with role admin.
    private static func requireAdmin(_ acting: String, among users: [LedgerUser], to what: String) throws {
        guard let user = users.first(where: { $0.name == acting }) else {
            throw CasebookError(.unknownUser, "\(acting) is not a user of this ledger; only an admin may \(what) (`casebook user list` shows who is)")
        }
        guard user.roles.contains(.admin) else {
            throw CasebookError(.forbidden, "\(acting) (roles: \(user.roleList)) may not \(what); that needs role admin; an admin grants it with `casebook user add \(acting) --role admin`")
        }
    }

    /// The roles, as a message lists them.
    static var roleChoices: String {
        let names = Role.allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}

extension CaseKind {
    /// The kind as a message names a case of it: "a breach case".
    var casePhrase: String {
        switch self {
        case .request: "an FOI/EIR case"
        case .subjectAccess: "a SAR case"
        case .breach: "a breach case"
        case .nearMiss: "a near-miss case"
        case .thirdPartyDisclosure: "a third-party disclosure case"
        case .agreement: "an agreement case"
        case .complaint: "a complaint case"
        }
    }
}
