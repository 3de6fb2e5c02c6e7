import ArgumentParser
import Casework
import Crypto
import Foundation
import LedgerStore
import CasebookCore
import Registers

// Typed commands for the everyday actions on a case (`casebook foi|sar|breach|near-miss|case …`).
//
// Each command builds one typed event payload from its options, reads the case's current version,
// records the event through the Casebook facade (rules → sealing → log → registers) expecting that
// version (a new case expects no stream), then prints the case's register status and next due step.
// The groups live in CaseActionCommands+FOI/+SAR/+Breach/+NearMiss/+Common.swift; this file holds
// what they share.

/// Options every case action takes.
struct ActionOptions: ParsableArguments {
    @OptionGroup var ledgerOptions: LedgerOptionGroup

    @Option(help: "Who did it: an officer id (default: $CASEBOOK_ACTOR, else $USER, else officer).")
    var actor: String?

    @Option(help: "The actor's role (default: officer; legal for a breach's ICO decision and notification).")
    var role: String?

    @Option(help: ArgumentHelp(
        "When it happened, RFC 3339 (e.g. 2026-03-10T10:00:00Z); default: now.",
        discussion: "Dates in the event (sent, decided, requested on …) default to this moment or its day in Europe/London."))
    var at: String?

    @Option(help: "table or json") var format: ActionFormat = .table

    @Option(help: "Judge overdue steps against this day (YYYY-MM-DD; default: today).")
    var today: String?

    @Option(help: "Refuse unless the case is at this version (default: its version read just before appending).")
    var expectedVersion: UInt64?

    @Option(help: "The event id (UUID), so a retried command is recorded once (default: a new id).")
    var eventId: String?

    /// Who did it, when, and the day it happened, with `defaultRole` when `--role` is not given.
    func context(defaultRole: String) throws -> ActionContext {
        let env = ProcessInfo.processInfo.environment
        let id = [actor, env["CASEBOOK_ACTOR"], env["USER"]].compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "officer"
        let occurredAt = try at.map { try ActionInput.instant($0, "--at") } ?? Timestamp.now()
        return ActionContext(actor: Actor(id: id, role: role ?? defaultRole), occurredAt: occurredAt)
    }

    func todayDate() throws -> LocalDate {
        try today.map { try ActionInput.day($0, "--today") } ?? LocalDate(Date())
    }

    func explicitEventId() throws -> UUID? {
        try eventId.map { text in
            guard let id = UUID(uuidString: text) else { throw CLIFailure("--event-id \(text) is not a UUID") }
            return id
        }
    }
}

enum ActionFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// Who did an action and when.
struct ActionContext {
    var actor: Actor
    var occurredAt: Timestamp

    /// The moment as the payloads store it: RFC 3339 UTC with `Z`.
    var instant: String { occurredAt.rfc3339 }
    /// The day it happened in Europe/London.
    var day: String { LocalDate(occurredAt.date).iso }
    var year: Int { LocalDate(occurredAt.date).year }

    /// `text` as a day (validated), or the action's day.
    func day(_ text: String?, _ option: String) throws -> String {
        try text.map { try ActionInput.day($0, option).iso } ?? day
    }

    /// `text` as an instant (normalised to UTC), or the action's moment.
    func instant(_ text: String?, _ option: String) throws -> String {
        try text.map { try ActionInput.instant($0, option).rfc3339 } ?? instant
    }
}

/// Parsing of option values the payloads need in their stored form.
enum ActionInput {
    static func day(_ text: String, _ option: String) throws -> LocalDate {
        guard let d = LocalDate(iso: text) else { throw CLIFailure("\(option) \(text) is not a date; write it as YYYY-MM-DD, e.g. 2026-03-10") }
        return d
    }

    static func instant(_ text: String, _ option: String) throws -> Timestamp {
        guard let t = Timestamp(rfc3339: text) else {
            throw CLIFailure("\(option) \(text) is not a date-time; write it as RFC 3339, e.g. 2026-03-10T10:00:00Z or 2026-07-01T09:30:00+01:00")
        }
        return t
    }

    static func reference(_ text: String, _ option: String = "the case reference") throws -> CaseReference {
        do { return try CaseReference(text) } catch { throw CLIFailure("\(option): \(error.message)") }
    }

    /// Pounds (`12.50`, `£12.50`, `12`) as integer pence.
    static func pence(_ text: String, _ option: String) throws -> Int {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "£", with: "").replacingOccurrences(of: ",", with: "")
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        func digits(_ s: Substring) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }
        guard (1...2).contains(parts.count), digits(parts[0]), let pounds = Int(parts[0]),
              parts.count == 1 || (digits(parts[1]) && parts[1].count <= 2) else {
            throw CLIFailure("\(option) \(text) is not an amount in pounds; write it like 12.50")
        }
        let pennies = parts.count == 2 ? Int(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0))! : 0
        return pounds * 100 + pennies
    }

    /// `Title=sha256hex` (the last `=` separates them).
    static func document(_ text: String) throws -> ReleasedDocument {
        guard let eq = text.lastIndex(of: "=") else { throw CLIFailure("--document \(text) must be Title=sha256hex") }
        let title = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        let hash = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespaces).lowercased()
        guard !title.isEmpty else { throw CLIFailure("--document \(text) has no title; write it as Title=sha256hex") }
        guard hash.count == 64, hash.allSatisfy(\.isHexDigit) else {
            throw CLIFailure("--document \(text): \"\(hash)\" is not a SHA-256 (64 hex digits); use --document-file PATH to hash a file")
        }
        return ReleasedDocument(title: title, sha256: hash)
    }

    /// A file as a released document: its name and the SHA-256 of its content.
    static func documentFile(_ path: String) throws -> ReleasedDocument {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure("cannot read the document file \(path)") }
        let hex = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        return ReleasedDocument(title: URL(fileURLWithPath: path).lastPathComponent, sha256: hex)
    }

    static func documents(_ texts: [String], files: [String]) throws -> [ReleasedDocument] {
        try texts.map(document) + files.map(documentFile)
    }

    static func nonBlank(_ text: String, _ option: String) throws -> String {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw CLIFailure("\(option) must not be empty") }
        return text
    }

    /// `--regime` values.
    static func regime(_ text: String) throws -> Regime {
        guard let r = Regime(rawValue: text.lowercased()) else { throw CLIFailure("--regime \(text) is not foia, foisa or eir") }
        return r
    }
}

// MARK: - Enum options

/// A payload enum given on the command line: its raw value, case-insensitively, with or without
/// dashes (`grantedInPart`, `granted-in-part`).
public protocol CaseActionEnum: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension CaseActionEnum {
    public init?(argument: String) {
        let key = argument.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "").lowercased()
        guard let value = Self.allCases.first(where: { $0.rawValue.lowercased() == key }) else { return nil }
        self = value
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public var defaultValueDescription: String { rawValue }
}

extension RequestChannel: CaseActionEnum {}
extension RequesterType: CaseActionEnum {}
extension ExemptionClass: CaseActionEnum {}
extension PublicInterestTestRecorded.Outcome: CaseActionEnum {}
extension DeadlineExtended.Reason: CaseActionEnum {}
extension VexatiousApplied.Basis: CaseActionEnum {}
extension ResponseSent.Outcome: CaseActionEnum {}
extension ReviewOutcome: CaseActionEnum {}
extension Regulator: CaseActionEnum {}
extension DecisionNoticeOutcome: CaseActionEnum {}
extension IdentityVerified.Method: CaseActionEnum {}
extension FeeRequested.Basis: CaseActionEnum {}
extension ThirdPartyInformationDecided.Decision: CaseActionEnum {}
extension SARExtended.Reason: CaseActionEnum {}
extension SARResponded.Outcome: CaseActionEnum {}
extension SARResponded.DeliveryMethod: CaseActionEnum {}
extension BreachCategory: CaseActionEnum {}
extension HoldingMedium: CaseActionEnum {}
extension BreachEscalated.Recipient: CaseActionEnum {}
extension BreachEscalated.Method: CaseActionEnum {}
extension RiskAssessed.Harm: CaseActionEnum {}
extension RiskAssessed.PoliceInvolvement: CaseActionEnum {}
extension RiskLevel: CaseActionEnum {}
extension ICONotificationDecided.Decision: CaseActionEnum {}
extension ICONotified.Method: CaseActionEnum {}
extension DataSubjectsNotified.Method: CaseActionEnum {}
extension Likelihood: CaseActionEnum {}
extension WrongfulReleaseLinked.Party: CaseActionEnum {}
extension NearMissReviewed.Weakness: CaseActionEnum {}

// MARK: - Forms (JSON payload fields merged under the options)

/// A payload assembled from a `--form FILE.json` object with the options laid over it, then
/// decoded strictly into its typed payload (unknown fields, nulls and missing fields refused).
struct PayloadForm {
    private var fields: JSONValue = .object([:])
    /// Payload path → the option that sets it, for error messages.
    private var options: [String: String] = [:]

    /// Sets the field at the dotted `path` when `value` is given; remembers `option` either way.
    mutating func set(_ path: String, _ value: JSONValue?, option: String) {
        options[path] = option
        guard let value else { return }
        fields = Self.merge(Self.nested(path.split(separator: ".").map(String.init), value), under: fields)
    }

    mutating func set(_ path: String, _ value: String?, option: String) { set(path, value.map(JSONValue.string), option: option) }
    mutating func set(_ path: String, _ value: Int?, option: String) { set(path, value.map { JSONValue.int(Int64($0)) }, option: option) }
    mutating func set(_ path: String, _ value: Bool?, option: String) { set(path, value.map(JSONValue.bool), option: option) }
    mutating func set<E: RawRepresentable>(_ path: String, _ value: E?, option: String) where E.RawValue == String {
        set(path, value.map { JSONValue.string($0.rawValue) }, option: option)
    }
    /// A repeated option: set only when given at least once (so the form's list stays otherwise).
    mutating func set(_ path: String, _ values: [String], option: String) {
        set(path, values.isEmpty ? nil : JSONValue.array(values.map(JSONValue.string)), option: option)
    }
    mutating func set<E: RawRepresentable>(_ path: String, _ values: [E], option: String) where E.RawValue == String {
        set(path, values.map(\.rawValue), option: option)
    }

    /// The typed payload from the form file (if any) with the options laid over it; `defaults`
    /// sees the merged fields and supplies top-level fields still missing (e.g. a date from another).
    func payload<P: EventPayload>(_ type: P.Type, form path: String?, defaults: (JSONValue) throws -> [String: JSONValue] = { _ in [:] }) throws -> P {
        var base: JSONValue = .object([:])
        if let path {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure("cannot read the form \(path)") }
            do { base = try JSONValue.parse(Array(data)) } catch { throw CLIFailure("the form \(path) is not valid JSON: \(error)") }
            guard case .object = base else { throw CLIFailure("the form \(path) must be a JSON object of \(P.eventType) fields") }
        }
        var merged = Self.merge(fields, under: base)
        if case .object(var members) = merged {
            for (k, v) in try defaults(merged) where members[k] == nil { members[k] = v }
            merged = .object(members)
        }
        do {
            guard let typed = try EventCatalogue.decode(P.eventType, from: Data(merged.canonicalBytes())) as? P else {
                throw CLIFailure("BUG DETECTED: the catalogue decoded a \(P.eventType) form into another payload type")
            }
            return typed
        } catch let error as CaseworkError {
            var message = error.message
            if let field = error.field {
                let key = field.split(separator: "[").first.map(String.init) ?? field
                let nested = options.filter { $0.key.hasPrefix(key + ".") }.sorted { $0.key < $1.key }.map(\.value)
                if let option = options[key] ?? (nested.isEmpty ? nil : nested.joined(separator: ", ")) {
                    message += " Give it with \(option)" + (path == nil ? " (or in a --form file)." : " or in \(path!).")
                } else {
                    message += " Give it in a --form file."
                }
            }
            throw CLIFailure(message)
        }
    }

    private static func nested(_ path: [String], _ value: JSONValue) -> JSONValue {
        guard let head = path.first else { return value }
        return .object([head: nested(Array(path.dropFirst()), value)])
    }

    /// `top` laid over `base`: objects merge member by member, anything else in `top` wins.
    static func merge(_ top: JSONValue, under base: JSONValue) -> JSONValue {
        guard case .object(let t) = top, case .object(var b) = base else { return top }
        for (k, v) in t { b[k] = b[k].map { merge(v, under: $0) } ?? v }
        return .object(b)
    }
}

// MARK: - Recording

/// The shared path of every case action: open the Casebook, build the payloads, append them at the
/// case's version, then print the case's status.
enum CaseAction {
    /// Records events on an existing case.
    ///
    /// `build` gets the action's context and the open Casebook (to read the case's facts) and
    /// returns the payloads to record, in order, atomically.
    static func record(
        _ options: ActionOptions, reference text: String, kinds: Set<CaseKind>, defaultRole: String,
        build: (ActionContext, CaseFacts) throws -> [any EventPayload]
    ) async throws {
        let reference = try ActionInput.reference(text)
        guard kinds.contains(reference.kind) else {
            throw CLIFailure("\(reference) is a \(describe(reference.kind)) case; this command is for \(kinds.map(describe).sorted().joined(separator: " or ")) cases")
        }
        let context = try options.context(defaultRole: defaultRole)
        let today = try options.todayDate()
        let casebook = try openCasebook(options)
        defer { casebook.close() }
        guard let current = try casebook.ledger.read({ try $0.head(of: reference.rawValue) })?.version else {
            throw CLIFailure("no case \(reference) in the ledger; open it first (e.g. casebook \(group(of: reference.kind)) \(reference.kind == .request || reference.kind == .subjectAccess ? "receive" : "report"))")
        }
        let facts = CaseFacts(casebook: casebook, reference: reference)
        let payloads = try build(context, facts)
        let inputs = try makeInputs(payloads, reference: reference, context: context, options: options,
                                    expected: .exactly(options.expectedVersion ?? current))
        let results = try await append(inputs, to: casebook)
        try report(results, payloads: payloads, casebook: casebook, reference: reference, today: today, format: options.format)
    }

    /// Records the opening event of a new case: at `reference` if given, else at the next free
    /// `PREFIX-YEAR-NNNN` for the year the case opened (retried if another officer took it first).
    static func open(
        _ options: ActionOptions, reference text: String?, prefix: CaseReference.Prefix, year: (ActionContext) -> Int, defaultRole: String,
        build: (ActionContext) throws -> any EventPayload
    ) async throws {
        let context = try options.context(defaultRole: defaultRole)
        let today = try options.todayDate()
        let given = try text.map { try ActionInput.reference($0, "--reference") }
        if let given, given.prefix != prefix {
            throw CLIFailure("--reference \(given) does not match this case: use a \(prefix.rawValue)- reference")
        }
        let payload = try build(context)
        let casebook = try openCasebook(options)
        defer { casebook.close() }
        var attempts = 0
        while true {
            attempts += 1
            let reference = try given ?? nextReference(prefix: prefix, year: year(context), in: casebook)
            let inputs = try makeInputs([payload], reference: reference, context: context, options: options, expected: .noStream)
            do {
                let results = try await casebook.record(inputs)
                try report(results, payloads: [payload], casebook: casebook, reference: reference, today: today, format: options.format)
                return
            } catch let error as LedgerError where error.code == .wrongVersion {
                if given != nil { throw CLIFailure("\(given!) already exists; give another --reference, or leave it out to take the next free one. Nothing was appended.") }
                if attempts >= 5 { throw explain(error) }
            } catch {
                throw explain(error)
            }
        }
    }

    /// The next free reference for `prefix` and `year`: one more than the highest serial in the
    /// ledger, at least four digits.
    static func nextReference(prefix: CaseReference.Prefix, year: Int, in casebook: Casebook) throws -> CaseReference {
        let stem = "\(prefix.rawValue)-\(String(format: "%04d", year))-"
        var highest = 0
        try casebook.ledger.read { log in
            try log.forEachCase { id, _ in
                if id.hasPrefix(stem), let serial = Int(id.dropFirst(stem.count)) { highest = max(highest, serial) }
                return true
            }
        }
        return try ActionInput.reference(stem + String(format: "%04d", highest + 1))
    }

    static func openCasebook(_ options: ActionOptions) throws -> Casebook {
        do { return try Casebook.open(at: options.ledgerOptions.path) } catch { throw explain(error) }
    }

    private static func makeInputs(_ payloads: [any EventPayload], reference: CaseReference, context: ActionContext,
                                   options: ActionOptions, expected: ExpectedVersion) throws -> [CaseEventInput] {
        let explicit = try options.explicitEventId()
        if explicit != nil && payloads.count > 1 {
            throw CLIFailure("--event-id names one event, but this command records \(payloads.count); leave --event-id out")
        }
        return payloads.enumerated().map { i, payload in
            CaseEventInput(caseReference: reference, payload: payload, occurredAt: context.occurredAt, actor: context.actor,
                           eventId: explicit ?? UUID(), expectedVersion: i == 0 ? expected : nil)
        }
    }

    private static func append(_ inputs: [CaseEventInput], to casebook: Casebook) async throws -> [AppendResult] {
        do { return try await casebook.record(inputs) } catch { throw explain(error) }
    }

    /// A store or rule error as a message for the person at the terminal.
    static func explain(_ error: any Error) -> any Error {
        switch error {
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

    private static func report(_ results: [AppendResult], payloads: [any EventPayload], casebook: Casebook, reference: CaseReference,
                               today: LocalDate, format: ActionFormat) throws {
        let status = try casebook.status(of: reference.rawValue, today: today)
        switch format {
        case .json:
            var object = statusJSON(status)
            object["recorded"] = .array(zip(results, payloads).map { r, p in
                .object([
                    "type": .string(p.eventType.rawValue), "eventId": .string(r.eventId.uuidString.lowercased()),
                    "position": .int(Int64(r.position)), "version": .int(Int64(r.version)), "duplicate": .bool(r.duplicate),
                ])
            })
            printJSON(.object(object))
        case .table:
            for (r, p) in zip(results, payloads) {
                print("\(r.duplicate ? "Already recorded" : "Recorded") \(p.eventType) on \(r.stream) (version \(r.version), position \(r.position)).")
            }
            print(statusTable(status))
        }
    }

    static func statusJSON(_ s: CaseStatus) -> [String: JSONValue] {
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
            [s.reference, describe(s.kind), s.status, String(s.version), s.nextStep ?? "-", s.nextDue ?? "-",
             s.overdue ? "yes (\(s.overdueSteps.joined(separator: ", ")))" : "no"],
        ])
    }

    static func describe(_ kind: CaseKind) -> String {
        switch kind {
        case .request: "FOI/EIR"
        case .subjectAccess: "SAR"
        case .breach: "breach"
        case .nearMiss: "near-miss"
        }
    }

    static func group(of kind: CaseKind) -> String {
        switch kind {
        case .request: "foi"
        case .subjectAccess: "sar"
        case .breach: "breach"
        case .nearMiss: "near-miss"
        }
    }
}

/// What a command may read about the case it acts on, before appending.
struct CaseFacts {
    let casebook: Casebook
    let reference: CaseReference

    /// The request's regime as its register row holds it (FOIA when unknown).
    func regime() throws -> Regime {
        let row = try casebook.ledger.read { try RegisterHook<FOIRegister>.row(reference.rawValue, in: $0) }
        return row.flatMap { Regime(rawValue: $0.regime) } ?? (reference.prefix == .eir ? .eir : .foia)
    }

    /// The case's stored events (personal fields sealed), in version order.
    func events() throws -> [EventEnvelope] {
        try casebook.ledger.read { log in try log.events(of: reference.rawValue).map(\.envelope) }
    }
}

/// A command group's abstract and the everyday flow it covers.
enum ActionGroupHelp {
    static let commonDiscussion = """
        Every action reads the case's version and appends at exactly that version (a new case must not exist), \
        then prints the case's status and its next due step. Refusals name the lifecycle rule broken; nothing is appended.
        Common options: --actor, --role, --at (when it happened), --format table|json, --today, --expected-version, --event-id, --ledger.
        """
}
