import ArgumentParser
import CasebookCore
import Casework
import Crypto
import Foundation
import LedgerStore
import Registers

// The case actions (`casebook foi|sar|breach|near-miss|third-party|case ACTION …`): one subcommand per action
// of CasebookCore's command vocabulary (`CaseAction`), the same names the API and the web forms use.
//
// Each subcommand only turns its options into the action's fields; CasebookCore fills in the
// defaults from the case's folded state, checks every field, and records the events through the
// rules and sealing. The groups live in CaseActionCommands+FOI/+SAR/+Breach/+NearMiss/+ThirdParty/+Common.swift.

/// Options every case action takes.
struct ActionOptions: ParsableArguments {
    @OptionGroup var ledgerOptions: LedgerOptionGroup

    @Option(help: ArgumentHelp(
        "When it happened: YYYY-MM-DD, YYYY-MM-DD HH:MM (UK time) or RFC 3339; default: now.",
        discussion: "Dates in the event (sent, decided, requested on …) default to this moment or its day in Europe/London."))
    var at: String?

    @Option(help: "table or json") var format: ActionFormat = .table

    @Option(help: "Judge overdue steps against this day (YYYY-MM-DD; default: today).")
    var today: String?

    @Option(help: "Refuse unless the case is at this version (default: its version read just before appending).")
    var expectedVersion: UInt64?

    @Option(help: "The event id (UUID), so a retried command is recorded once (default: a new id).")
    var eventId: String?

    func validate() throws {
        if let at, MomentInput.instant(at) == nil { throw ValidationError("--at \(at) is not a moment; write \(MomentInput.formats)") }
        if let today, MomentInput.day(today) == nil { throw ValidationError("--today \(today) is not a date; write it as YYYY-MM-DD") }
        if let eventId, UUID(uuidString: eventId) == nil { throw ValidationError("--event-id \(eventId) is not a UUID") }
    }

    var occurredAt: Timestamp { at.flatMap(MomentInput.instant) ?? Timestamp.now() }
    var todayDate: LocalDate { today.flatMap(MomentInput.day) ?? LocalDate(Date()) }
}

enum ActionFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// The fields of an action, set from options (and a `--form FILE.json` under them), remembering
/// which option sets which field so that problems name the option to fix.
struct ActionFields {
    private(set) var fields: JSONObject = [:]
    /// Field path → the option that sets it.
    private(set) var options: [String: String] = [:]
    /// Problems found while reading options (an amount that is not money, an unreadable file).
    private(set) var problems: [CasebookError.Problem] = []
    /// A JSON object of fields laid under the options.
    var form: String?

    mutating func set(_ path: String, _ value: JSONValue?, option: String) {
        options[path] = option
        guard let value else { return }
        fields = Self.merge(Self.nested(path.split(separator: ".").map(String.init), value), under: .object(fields)).objectValue ?? fields
    }

    mutating func set(_ path: String, _ value: String?, option: String) { set(path, value.map(JSONValue.string), option: option) }
    mutating func set(_ path: String, _ value: Int?, option: String) { set(path, value.map { JSONValue.int(Int64($0)) }, option: option) }
    mutating func set(_ path: String, _ value: Bool?, option: String) { set(path, value.map(JSONValue.bool), option: option) }
    /// A repeated option: set only when given at least once.
    mutating func set(_ path: String, _ values: [String], option: String) {
        set(path, values.isEmpty ? nil : JSONValue.array(values.map(JSONValue.string)), option: option)
    }

    /// A person's name and contact details under `path` (`requester`, `reportingOfficer`), each
    /// from the option `--PREFIX-name`, `--PREFIX-email` and so on.
    mutating func person(_ path: String, prefix: String, _ parts: [(field: String, value: String?)]) {
        for part in parts {
            let dashed = part.field.replacingOccurrences(of: "([a-z])([A-Z])", with: "$1-$2", options: .regularExpression).lowercased()
            set(path + "." + part.field, part.value, option: "--\(prefix)-\(dashed)")
        }
    }

    /// Pounds (`12.50`, `£12.50`, `12`) as integer pence.
    mutating func pence(_ path: String, _ text: String?, option: String) {
        options[path] = option
        guard let text else { return }
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "£", with: "").replacingOccurrences(of: ",", with: "")
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        func digits(_ s: Substring) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }
        guard (1...2).contains(parts.count), digits(parts[0]), parts[0].count <= 9, let pounds = Int(parts[0]),
              parts.count == 1 || (digits(parts[1]) && parts[1].count <= 2) else {
            problems.append(.init(field: path, message: "\(option) \(text) is not an amount in pounds; write it like 12.50"))
            return
        }
        let pennies = parts.count == 2 ? Int(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0))! : 0
        set(path, pounds * 100 + pennies, option: option)
    }

    /// Released documents from `Title=sha256hex` options and files (hashed here).
    mutating func documents(_ path: String, _ texts: [String], files: [String], option: String) {
        options[path] = option
        var docs: [JSONValue] = []
        for text in texts {
            guard let eq = text.lastIndex(of: "=") else {
                problems.append(.init(field: path, message: "\(option) \(text) must be Title=sha256hex"))
                continue
            }
            let title = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
            let hash = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces).lowercased()
            guard !title.isEmpty, hash.count == 64, hash.allSatisfy(\.isHexDigit) else {
                problems.append(.init(field: path, message: "\(option) \(text): give a title and a SHA-256 (64 hex digits), or use --document-file PATH to hash a file"))
                continue
            }
            docs.append(.object(["title": .string(title), "sha256": .string(hash)]))
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                problems.append(.init(field: path, message: "--document-file \(file) cannot be read"))
                continue
            }
            let hex = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            docs.append(.object(["title": .string(URL(fileURLWithPath: file).lastPathComponent), "sha256": .string(hex)]))
        }
        if !docs.isEmpty { set(path, .array(docs), option: option) }
    }

    /// The fields: the form file's object with the options laid over it.
    func merged() throws -> JSONObject {
        guard let form else { return fields }
        guard let data = FileManager.default.contents(atPath: form) else { throw CLIFailure("cannot read the form \(form)") }
        let base: JSONValue
        do { base = try JSONValue.parse(Array(data)) } catch { throw CLIFailure("the form \(form) is not valid JSON: \(error)") }
        guard case .object = base else { throw CLIFailure("the form \(form) must be a JSON object of the action's fields") }
        return Self.merge(.object(fields), under: base).objectValue ?? fields
    }

    /// The option to fix for a problem with `field` (or the form file).
    func option(for field: String?) -> String? {
        guard let field else { return nil }
        let key = field.split(separator: "[").first.map(String.init) ?? field
        if let o = options[key] { return o }
        let nested = options.filter { $0.key.hasPrefix(key + ".") }.sorted { $0.key < $1.key }.map(\.value)
        if !nested.isEmpty { return nested.joined(separator: ", ") }
        // A nested field of an object the options set: the option of its top-level field.
        if let top = key.split(separator: ".").first.map(String.init), let o = options[top] { return o }
        return nil
    }

    private static func nested(_ path: [String], _ value: JSONValue) -> JSONValue {
        guard let head = path.first else { return value }
        return .object([JSONKey(head): nested(Array(path.dropFirst()), value)])
    }

    /// `top` laid over `base`: objects merge member by member, anything else in `top` wins.
    static func merge(_ top: JSONValue, under base: JSONValue) -> JSONValue {
        guard case .object(let t) = top, case .object(var b) = base else { return top }
        for (k, v) in t { b[k] = b[k].map { merge(v, under: $0) } ?? v }
        return .object(b)
    }
}

// MARK: - Recording

/// The shared path of every case action: open the Casebook, perform the action's command, print
/// the case's status.
enum ActionRunner {
    /// Performs `action` (in `group`) on the case `reference` (nil: an opening action takes the
    /// next free reference) with the fields the options gave.
    static func run(_ name: String, in group: ActionGroup, _ options: ActionOptions, reference text: String?, _ fields: ActionFields) async throws {
        guard let action = CaseAction.named(name, in: group) else { throw CLIFailure("BUG DETECTED: no action \(group.rawValue) \(name)") }
        var reference: CaseReference?
        if let text {
            do { reference = try CaseReference(text) } catch { throw CLIFailure("\(text) is not a case reference: \(error.message)") }
        }
        let casebook = try openCasebook(options)
        defer { casebook.close() }
        // Who is acting: the login running the command, with the role the ledger's user list
        // gives them for this event (never an option, so a role cannot be typed in).
        let actor: Actor
        do {
            actor = try casebook.actor(for: OSUser.name, recording: action.event, on: reference?.kind ?? action.group.kinds.first!)
        } catch { throw explain(error) }
        let command = CaseCommand(action, reference: reference, fields: try fields.merged(), occurredAt: options.occurredAt,
                                  eventId: options.eventId.flatMap(UUID.init(uuidString:)),
                                  expectedVersion: options.expectedVersion.map { .exactly($0) })
        let outcome: CommandOutcome
        do {
            if !fields.problems.isEmpty {
                // Report the option problems together with everything the command itself finds.
                var problems = fields.problems
                do { _ = try casebook.prepareCommand(command, by: actor) } catch let error as CasebookError {
                    let failed = Set(fields.problems.compactMap(\.field))
                    problems += error.allProblems.filter { $0.field.map { !failed.contains($0) } ?? true }
                }
                throw CasebookError(.invalidInput, "", problems: problems)
            }
            outcome = try await casebook.perform(command, by: actor)
        } catch {
            throw explain(error, action: action, reference: reference, fields: fields)
        }
        try report(outcome, casebook: casebook, today: options.todayDate, format: options.format)
    }

    static func openCasebook(_ options: ActionOptions) throws -> Casebook {
        do { return try Casebook.open(at: options.ledgerOptions.path) } catch { throw explain(error) }
    }

    /// A core, store or rule error as a message for the person at the terminal: every problem on
    /// its own line, with the option that sets the field.
    static func explain(_ error: any Error, action: CaseAction? = nil, reference: CaseReference? = nil, fields: ActionFields = ActionFields()) -> any Error {
        switch error {
        case let error as CasebookError where !error.problems.isEmpty:
            let subject = [action.map { "\($0)" }, reference.map { "on \($0)" }].compactMap { $0 }.joined(separator: " ")
            var lines = ["\(subject.isEmpty ? "the command" : subject) has \(error.problems.count) problem\(error.problems.count == 1 ? "" : "s"); nothing was appended:"]
            for p in error.problems {
                let option = fields.option(for: p.field) ?? (p.field.map { fields.form == nil ? "field \($0) (give it in a --form file)" : "field \($0) in \(fields.form!)" })
                lines.append("  - " + (option.map { "\($0): " } ?? "") + p.message)
            }
            return CLIFailure(lines.joined(separator: "\n"))
        case let error as CasebookError:
            return CLIFailure(error.message)
        case let violation as RuleViolation:
            return CLIFailure("refused by rule \(violation.rule): \(violation.eventType) on \(violation.caseReference): \(violation.message) Nothing was appended.")
        case let error as LedgerError:
            if let violation = error.cause as? RuleViolation { return explain(violation) }
            switch error.code {
            case .wrongVersion, .refused, .invalidInput, .conflict: return CLIFailure("\(error.description). Nothing was appended.")
            default: return CLIFailure(error.description)
            }
        case let error as CaseworkError:
            return CLIFailure(error.message)
        default:
            return error
        }
    }

    private static func report(_ outcome: CommandOutcome, casebook: Casebook, today: LocalDate, format: ActionFormat) throws {
        let status = try casebook.status(of: outcome.reference.rawValue, today: today)
        switch format {
        case .json:
            var object = statusJSON(status)
            object["recorded"] = .array(zip(outcome.results, outcome.eventTypes).map { r, type in
                .object([
                    "type": .string(type.rawValue), "eventId": .string(r.eventId.uuidString.lowercased()),
                    "position": .int(Int64(r.position)), "version": .int(Int64(r.version)), "duplicate": .bool(r.duplicate),
                ])
            })
            printJSON(.object(object))
        case .table:
            for (r, type) in zip(outcome.results, outcome.eventTypes) {
                print("\(r.duplicate ? "Already recorded" : "Recorded") \(type) on \(r.stream) (version \(r.version), position \(r.position)).")
            }
            print(statusTable(status))
        }
    }

    static func statusJSON(_ s: CaseStatus) -> JSONObject {
        [
            "reference": .string(s.reference), "kind": .string(s.kind.rawValue), "status": .string(s.status),
            "version": .int(Int64(s.version)), "nextStep": s.nextStep.map(JSONValue.string) ?? .null,
            "nextDue": s.nextDue.map(JSONValue.string) ?? .null, "overdue": .bool(s.overdue),
            "overdueSteps": .array(s.overdueSteps.map(JSONValue.string)),
        ]
    }

    static func statusTable(_ s: CaseStatus) -> String {
        TextTable.render([
            ["case", "kind", "status", "version", "next step", "next due", "overdue"],
            [s.reference, ActionGroup.of(s.kind).caseNoun, s.status, String(s.version), s.nextStep ?? "-", s.nextDue ?? "-",
             s.overdue ? "yes (\(s.overdueSteps.joined(separator: ", ")))" : "no"],
        ])
    }
}

/// Help texts shared by the groups.
enum ActionGroupHelp {
    static let commonDiscussion = """
        Each action records its event at the case's current version (a new case must not exist yet), then prints the \
        case's status and next due step. Every problem with the options is reported at once; a refusal names the \
        lifecycle rule broken; nothing is appended. Options marked (required) must be given (or be in a --form file).
        You act as your login name, with the role the ledger's user list gives you for the action (`casebook user list`).
        Common options: --at (when it happened), --format table|json, --today, --expected-version, --event-id, --ledger.
        """

    /// `text` marked as required in `--help`.
    static func required(_ text: String) -> ArgumentHelp { ArgumentHelp(text + " (required)") }
}

/// A vocabulary value as a person types it: any case, with or without dashes or underscores
/// (`granted-in-part`, `GrantedInPart` → `grantedInPart`). Unknown text passes through unchanged,
/// so the command reports it with every other problem.
func loose<E: CaseIterable & RawRepresentable>(_ text: String?, _ type: E.Type) -> String? where E.RawValue == String {
    guard let text else { return nil }
    let key = text.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "").lowercased()
    return E.allCases.first { $0.rawValue.lowercased() == key }?.rawValue ?? text
}

func loose<E: CaseIterable & RawRepresentable>(_ texts: [String], _ type: E.Type) -> [String] where E.RawValue == String {
    texts.map { loose($0, type) ?? $0 }
}
