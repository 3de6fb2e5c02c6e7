import ArgumentParser
import CasebookCore
import CasebookServer
import Foundation
import LedgerStore

extension UserCommand {
    /// `casebook user calendar NAME [--rotate]`: the address of NAME's calendar feed of due steps.
    struct CalendarFeed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calendar",
            abstract: "Make the secret address of a user's calendar feed of due steps (shown once; --rotate replaces it).",
            discussion: """
                The feed (GET /calendar/<secret>.ics on `casebook serve`) lists the due and overdue steps \
                of the cases the user is case officer of, for a calendar app to subscribe to. It holds \
                no personal data: reference, step, register and dates. Only the secret's SHA-256 is \
                kept (<ledger>/calendars.json, mode 0600). Anyone with the address can read the feed: \
                if it leaks, run again with --rotate and the old address answers 404. A user makes \
                their own; an admin may make anyone's.
                """)
        @OptionGroup var options: LedgerOptionGroup
        @Argument(help: "The user's login name.") var name: String
        @Flag(help: "Replace the user's existing feed address; the old one stops working at once.") var rotate = false
        @Option(help: "The server's address (e.g. https://casebook.example.gov.uk), to print the whole URL.") var baseURL: String?

        func validate() throws {
            try validateUserName(name)
            if let baseURL, !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
                throw ValidationError("--base-url \(baseURL) is not an address; write it as https://casebook.example.gov.uk")
            }
        }

        func run() async throws {
            let casebook = try Casebook.open(at: options.path)
            defer { casebook.close() }
            let acting = OSUser.name
            guard try casebook.user(named: name) != nil else {
                throw CLIFailure("\(name) is not a user of this ledger; add them first with `casebook user add \(name) --role officer`")
            }
            if acting != name, try casebook.user(named: acting)?.roles.contains(.admin) != true {
                throw CLIFailure("you (\(acting)) may make only your own calendar feed; an admin may make \(name)'s")
            }
            let store = CalendarSecretStore(path: CalendarSecretStore.path(inLedger: casebook.directory))
            let secret: String
            do { secret = try store.create(for: name, rotate: rotate) } catch let error as LedgerError { throw CLIFailure(error.message) }
            let path = CalendarSecretStore.feedPath(secret)
            if let baseURL {
                print((baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + path)
            } else {
                print(path)
                printError("the feed of \(name)'s due steps is at this path on the server (e.g. https://casebook.example.gov.uk\(path)); it is shown only now")
            }
        }
    }
}
