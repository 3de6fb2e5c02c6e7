import ArgumentParser
import CasebookServer
import Foundation
import LedgerStore
import Logging
import CasebookCore
import Registers

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API and web pages (stop with Ctrl-C or SIGTERM; the ledger is closed cleanly).")
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "The address to listen on. Keep the loopback default unless a TLS proxy fronts the server.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port, printed on start).") var port = 8080
    @Flag(help: "Mark the session cookie Secure (when HTTPS terminates in front of the server).") var secureCookies = false
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel: String = "info"
    @Option(help: "Sign people out of the pages after this many minutes without a request.") var sessionIdleMinutes = 30
    @Option(help: "Sign people out of the pages this many hours after they signed in, however busy.") var sessionHours = 12
    @Option(help: "The address people reach the server at (e.g. https://casebook.example.gov.uk), for links in calendar feeds.") var baseURL: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard (1...24 * 60).contains(sessionIdleMinutes) else { throw ValidationError("--session-idle-minutes must be from 1 to 1440") }
        guard (1...24 * 7).contains(sessionHours) else { throw ValidationError("--session-hours must be from 1 to 168 (a week)") }
        if let baseURL, !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            throw ValidationError("--base-url \(baseURL) is not an address; write it as https://casebook.example.gov.uk")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level \(logLevel) is not a level (trace, debug, info, notice, warning, error, critical)") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel)!
        let casebook = try Casebook.open(at: options.path)
        var configuration = CasebookServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.secureCookies = secureCookies
        configuration.sessionIdleTimeout = TimeInterval(sessionIdleMinutes * 60)
        configuration.sessionLifetime = TimeInterval(sessionHours * 3600)
        configuration.baseURL = baseURL
        var logger = Logger(label: "casebook.server")
        logger.logLevel = level
        configuration.logger = logger
        let host = self.host
        configuration.onListening = { port in
            FileHandle.standardOutput.write(Data("Casebook is listening on http://\(host):\(port.map(String.init) ?? "?") (ledger \(casebook.directory))\n".utf8))
        }
        let tokens = (try? TokenStore(path: TokenStore.path(inLedger: options.path)).list()) ?? []
        if !tokens.contains(where: { !$0.isRevoked }) {
            printError("no API tokens yet: create one with `casebook token create --role officer --name NAME`")
        }
        if !((try? casebook.users()) ?? []).contains(where: \.hasPassword) {
            printError("nobody can sign in on the pages yet: add a user (`casebook user add NAME --role officer`) and set their password (`casebook user password NAME`)")
        }
        try await runServer(casebook: casebook, configuration: configuration)
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "API tokens for `casebook serve`: create (shown once), list, revoke.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a token and print it once; only its SHA-256 is stored (in <ledger>/tokens.json).")
        @OptionGroup var options: LedgerOptionGroup
        @Option(help: "officer, legal, dpo or auditor.") var role: Role
        @Option(help: "Whose token it is (a person or a system), recorded as the actor of events it appends.") var name: String
        @Flag(help: "Auditor tokens only: show personal data decrypted (officers, legal and the DPO always see it in their scope).") var personalData = false
        @Option(help: "text or json") var format: OutputFormat = .text

        func validate() throws {
            guard TokenStore.roles.contains(role) else {
                throw ValidationError("a token cannot carry role \(role); choose officer, legal, dpo or auditor (admins change the user list with `casebook user`, not over HTTP)")
            }
        }

        func run() async throws {
            guard Ledger.exists(at: options.path) else {
                throw CLIFailure("no ledger at \(options.path); create one with `casebook init` (or pass --ledger PATH)")
            }
            let (token, record) = try TokenStore(path: TokenStore.path(inLedger: options.path)).create(name: name, role: role, personalData: personalData)
            if format == .json {
                printJSON(.object([
                    "id": .string(record.id), "name": .string(record.name), "role": .string(record.role.rawValue),
                    "personalData": .bool(record.personalData), "token": .string(token),
                ]))
            } else {
                print(token)
                printError("created \(record.id) for \(record.name) (\(record.role)\(record.personalData ? ", personal data" : "")); the token above is shown only now")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves).")
        @OptionGroup var options: LedgerOptionGroup
        @Option(help: "table or json") var format: OutputFormat = .table

        func run() async throws {
            let records = try TokenStore(path: TokenStore.path(inLedger: options.path)).list()
            if format == .json {
                printJSON(.array(records.map { r in
                    .object([
                        "id": .string(r.id), "name": .string(r.name), "role": .string(r.role.rawValue), "personalData": .bool(r.personalData),
                        "createdAt": .string(r.createdAt), "revokedAt": r.revokedAt.map(JSONValue.string) ?? .null,
                    ])
                }))
                return
            }
            var rows = [["id", "name", "role", "personalData", "created", "revoked"]]
            for r in records {
                rows.append([r.id, r.name, r.role.rawValue, r.personalData ? "yes" : "no", r.createdAt, r.revokedAt ?? ""])
            }
            print(TextTable.render(rows))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id; a running server refuses it from the next request.")
        @OptionGroup var options: LedgerOptionGroup
        @Argument(help: "The token id (from `casebook token list`).") var id: String

        func run() async throws {
            let record = try TokenStore(path: TokenStore.path(inLedger: options.path)).revoke(id: id)
            print("revoked \(record.id) (\(record.name), \(record.role)) at \(record.revokedAt ?? "")")
        }
    }
}

extension Role: ExpressibleByArgument {}
