import ArgumentParser
import CasebookCore
import Foundation
import LedgerStore

/// The roles, as `casebook user --help` and the README explain them.
let rolesDiscussion = """
    Who may record what: an officer records every FOI/EIR and SAR event and may report a breach or \
    a near miss (any employee reports); legal records every breach and near-miss event and the ICO \
    complaint and decision-notice events on FOI/EIR and SAR cases; the dpo records breach and \
    near-miss events except the ICO notification decision and the notification, which Legal \
    Services make (UK GDPR Art 33); auditor and admin record nothing; an admin adds and removes \
    users. You act as your login name (\(OSUser.name) now); it cannot be typed as an option.
    """

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "The ledger's users and their roles: add, list, remove (admins change the list).",
        discussion: rolesDiscussion,
        subcommands: [Add.self, List.self, Remove.self, Password.self, CalendarFeed.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user, or give a user more roles; the first user of a ledger must have role admin.")
        @OptionGroup var options: LedgerOptionGroup
        @Argument(help: "The user's login name (letters, digits, '.', '-' and '_').") var name: String
        @Option(name: .customLong("role"), help: "A role to give: officer, legal, dpo, auditor or admin (repeat for several).")
        var roles: [Role] = []

        func validate() throws {
            try validateUserName(name)
            guard !roles.isEmpty else { throw ValidationError("name at least one --role: officer, legal, dpo, auditor or admin") }
        }

        func run() async throws {
            let casebook = try Casebook.open(at: options.path)
            defer { casebook.close() }
            let user = try casebook.addUser(name, roles: roles, by: OSUser.name)
            print("\(user.name) has roles \(roleList(user.roles))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users, their roles, when and by whom they were added.")
        @OptionGroup var options: LedgerOptionGroup
        @Option(help: "table or json") var format: Format = .table

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, json
        }

        func run() async throws {
            let casebook = try Casebook.open(at: options.path)
            defer { casebook.close() }
            let users = try casebook.users()
            switch format {
            case .json:
                printJSON(.array(users.map { u in
                    .object([
                        "name": .string(u.name), "roles": .array(u.roles.map { .string($0.rawValue) }),
                        "addedAt": .string(u.addedAt), "addedBy": .string(u.addedBy),
                        "hasPassword": .bool(u.hasPassword),
                    ])
                }))
            case .table:
                var rows = [["name", "roles", "added", "added by"]]
                for u in users { rows.append([u.name, roleList(u.roles), u.addedAt, u.addedBy]) }
                print(TextTable.render(rows))
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take roles from a user, or remove the user (no --role); the last admin stays.")
        @OptionGroup var options: LedgerOptionGroup
        @Argument(help: "The user's login name.") var name: String
        @Option(name: .customLong("role"), help: "A role to take away (repeat for several); without --role the user is removed.")
        var roles: [Role] = []

        func validate() throws {
            try validateUserName(name)
        }

        func run() async throws {
            let casebook = try Casebook.open(at: options.path)
            defer { casebook.close() }
            try casebook.removeUser(name, roles: roles.isEmpty ? nil : roles, by: OSUser.name)
            if let user = try casebook.user(named: name) {
                print("\(user.name) has roles \(roleList(user.roles))")
            } else {
                print("removed \(name)")
            }
        }
    }
}

/// Refuses a name no user can have, with the reason, before the ledger is opened.
func validateUserName(_ name: String) throws {
    do throws(CasebookError) { _ = try LedgerUser.validatedName(name) } catch { throw ValidationError(error.message) }
}

func roleList(_ roles: [Role]) -> String { roles.map(\.rawValue).joined(separator: ", ") }
