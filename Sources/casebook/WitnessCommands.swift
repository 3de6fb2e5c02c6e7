import ArgumentParser
import Foundation
import Hummingbird
import LedgerStore
import Logging
import Witness

struct WitnessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "witness",
        abstract: "C2SP witnesses: run one for other ledgers (init, trust, serve), or have this ledger's checkpoints cosigned (add, list).",
        subcommands: [Init.self, Trust.self, Serve.self, Add.self, List.self])

    struct StateOption: ParsableArguments {
        @Option(help: "The witness's state directory (its key and the latest checkpoint of every log it witnesses).") var state: String
    }

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a witness: its Ed25519 cosigning key (mode 0600); prints its verifier key.")
        @OptionGroup var state: StateOption
        @Option(help: "The witness name, a schema-less URL, e.g. witness.example-council.gov.uk/w1.") var name: String

        func run() async throws {
            let witness = try Witness.create(at: state.state, name: name)
            print(witness.key.verifierKey)
        }
    }

    struct Trust: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Witness a log: its checkpoints (origin = the key's name) are checked against this key.")
        @OptionGroup var state: StateOption
        @Option(help: "The log's checkpoint verifier key (`casebook checkpoint --public-key` on that ledger).") var logKey: String

        func run() async throws {
            let origin = try Witness(directory: state.state).trust(logKey: logKey)
            print("witnessing \(origin)")
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Answer C2SP tlog-witness add-checkpoint requests (POST /add-checkpoint) until SIGINT/SIGTERM.")
        @OptionGroup var state: StateOption
        @Option(help: "HOST:PORT to listen on (port 0: any free port, printed on start).") var listen = "127.0.0.1:7380"

        func validate() throws {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port), colon != listen.startIndex else {
                throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:7380")
            }
        }

        func run() async throws {
            let colon = listen.lastIndex(of: ":")!
            let host = String(listen[..<colon])
            let port = Int(listen[listen.index(after: colon)...])!
            let witness = try Witness(directory: state.state)
            let logger = Logger(label: "casebook.witness")
            let router = Router()
            router.post("/add-checkpoint") { request, context -> Response in
                let buffer = try await request.body.collect(upTo: 64 * 1024)
                let outcome = witness.addCheckpoint(body: buffer.readableBytesView)
                logger.info("add-checkpoint: \(outcome.status)")
                var headers = HTTPFields()
                headers[.contentType] = outcome.contentType
                return Response(status: .init(code: outcome.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: outcome.body)))
            }
            let name = witness.key.name
            let app = Application(
                router: router,
                configuration: .init(address: .hostname(host, port: port), serverName: "Casebook witness"),
                onServerRunning: { channel in
                    FileHandle.standardOutput.write(Data("witness \(name) listening on http://\(host):\(channel.localAddress?.port.map(String.init) ?? "?")\n".utf8))
                },
                logger: logger)
            try await app.runService()
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Have this ledger's checkpoints cosigned by a witness (stored in <ledger>/witnesses.json).")
        @OptionGroup var options: LedgerOptionGroup
        @Option(help: "The witness's submission prefix, e.g. http://127.0.0.1:7380.") var url: String
        @Option(help: "The witness's verifier key (printed by `casebook witness init`).") var key: String

        func run() async throws {
            guard Ledger.exists(at: options.path) else { throw CLIFailure("no ledger at \(options.path); create one with `casebook init` (or pass --ledger PATH)") }
            var list = try WitnessList.load(ledger: options.path)
            try list.add(url: url, key: key)
            try list.save(ledger: options.path)
            print("\(list.entries.count) witness(es); `casebook checkpoint` now asks each to cosign")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "This ledger's witnesses: URL, verifier key, the size each last cosigned.")
        @OptionGroup var options: LedgerOptionGroup

        func run() async throws {
            for e in try WitnessList.load(ledger: options.path).entries {
                print("\(e.url)  \(e.verifier.verifierKey)  last cosigned size \(e.lastSize)")
            }
        }
    }
}

/// Signs a checkpoint and has the ledger's witnesses cosign it; reports every witness on stderr.
func signAndWitness(ledger: Ledger, showExchange: Bool) async throws -> String {
    let note = try ledger.checkpoint()
    let (cosigned, reports) = try await Witnessing.cosign(note: note, ledger: ledger)
    for r in reports {
        if showExchange {
            for x in r.exchanges {
                FileHandle.standardError.write(Data("--- POST \(r.url)/add-checkpoint\n\(x.request)--- HTTP \(x.status)\n\(x.response)---\n".utf8))
            }
        }
        if r.cosignature != nil {
            printError("witness \(r.witness) cosigned")
        } else {
            printError("witness \(r.witness) (\(r.url)) did not cosign: \(r.problem ?? "no answer")")
        }
    }
    return cosigned
}
