import Registers
import Casework
import Crypto
import Foundation
import LedgerStore
import Logging

/// One event as a person or system records it: a typed payload for a case.
public struct CaseEventInput: Sendable {
    public var caseReference: CaseReference
    public var payload: any EventPayload
    public var occurredAt: Timestamp
    public var actor: Actor
    public var eventId: UUID
    /// The version the case must have just before this event (nil: any).
    public var expectedVersion: ExpectedVersion?
    public var causationId: UUID?
    public var correlationId: UUID?

    public init(
        caseReference: CaseReference, payload: any EventPayload, occurredAt: Timestamp, actor: Actor,
        eventId: UUID = EventID.next(), expectedVersion: ExpectedVersion? = nil, causationId: UUID? = nil, correlationId: UUID? = nil
    ) {
        self.caseReference = caseReference
        self.payload = payload
        self.occurredAt = occurredAt
        self.actor = actor
        self.eventId = eventId
        self.expectedVersion = expectedVersion
        self.causationId = causationId
        self.correlationId = correlationId
    }
}

/// Who is reading, for personal data: see it decrypted, or see `[redacted]`.
public enum PersonalDataAccess: Sendable {
    case reveal
    case redact
}

/// The Casebook application core: the ledger with the domain rules and the registers attached,
/// the keystore that holds personal-data keys, and the policy.
///
/// Every append goes: typed payload → rules (inside the transaction) → personal fields sealed
/// under their subjects' keys → the log → inline projections. Nothing downstream writes back.
public final class Casebook: Sendable {
    public let directory: String
    public let ledger: Ledger
    public let keystore: Keystore
    public let policy: Policy
    public let deadlines: DeadlineCalculator
    let rules: CaseRulesHook
    /// The ledger's clock (`LedgerOptions.clock`), which also stamps changes to the user list.
    let clock: @Sendable () -> Timestamp

    public static func policyPath(_ directory: String) -> String { directory + "/policy.json" }
    public static func keystorePath(_ directory: String) -> String { directory + "/keystore" }

    /// Creates a ledger, its signing key, its keystore and its policy file.
    public static func create(at directory: String, origin: String, policy: Policy = .default, options: LedgerOptions = LedgerOptions()) throws -> Casebook {
        try policy.validate()
        if Ledger.exists(at: directory) { throw LedgerError(.alreadyInitialised, "a ledger already exists at \(directory)") }
        let ledger = try Ledger.create(at: directory, origin: origin, options: options)
        ledger.close()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(policy).write(to: URL(fileURLWithPath: policyPath(directory)), options: .atomic)
        } catch { throw LedgerError(.io, "cannot write the policy file", cause: error) }
        _ = try Keystore.open(at: keystorePath(directory), create: true)
        return try open(at: directory, options: options)
    }

    /// Opens an existing ledger with its rules, registers and keystore.
    public static func open(at directory: String, options: LedgerOptions = LedgerOptions()) throws -> Casebook {
        guard Ledger.exists(at: directory) else {
            throw LedgerError(.notInitialised, "no ledger at \(directory); create one with `casebook init` (or pass --ledger PATH)")
        }
        return try Casebook(directory: directory, policy: try loadPolicy(at: directory), options: options)
    }

    /// The policy file of the ledger at `directory` (the default policy if it has none).
    public static func loadPolicy(at directory: String) throws -> Policy {
        guard let data = FileManager.default.contents(atPath: policyPath(directory)) else {
            guard Ledger.exists(at: directory) else { throw LedgerError(.notInitialised, "no ledger at \(directory)") }
            return .default
        }
        do { return try Policy.load(from: data) } catch {
            throw LedgerError(.invalidInput, "the policy file \(policyPath(directory)) is invalid: \(error)")
        }
    }

    private init(directory: String, policy: Policy, options: LedgerOptions) throws {
        self.directory = directory
        self.policy = policy
        self.deadlines = DeadlineCalculator(policy: policy)
        self.rules = CaseRulesHook(deadlines: deadlines)
        self.clock = options.clock
        guard FileManager.default.fileExists(atPath: Casebook.keystorePath(directory) + "/data.mdb") else {
            throw LedgerError(.notInitialised, "the keystore \(Casebook.keystorePath(directory)) is missing. If this ledger was created before personal data was sealed, re-key it into a new ledger with `casebook migrate --ledger \(directory) --to NEW_DIRECTORY`; otherwise restore the keystore from a backup (`casebook restore`) — without it personal data cannot be read or written")
        }
        self.keystore = try Keystore.open(at: Casebook.keystorePath(directory), create: false)
        var o = options
        o.hooks = [rules, SubjectIndexHook(), CaseLinkHook()] + RegisterSet.allHooks(policy: policy) + options.hooks
        // The user list is not derived from the log, so it is no hook's table: a hook's tables are
        // cleared by a rebuild.
        o.databaseNames = [UserDirectory.table] + options.databaseNames
        self.ledger = try Ledger.open(at: directory, options: o)
    }

    public func close() { ledger.close() }

    // MARK: Recording events

    /// Records events for one or more cases atomically: every event is checked against the case
    /// lifecycle rules inside the transaction; personal fields are sealed before hashing.
    @discardableResult
    public func record(_ inputs: [CaseEventInput]) async throws -> [AppendResult] {
        try await ledger.append(try prepare(inputs))
    }

    /// Records NDJSON event lines (the `casebook append` format) as one transaction: every line
    /// is decoded against the event catalogue first, then the whole input is checked by the rules
    /// and stored, or refused whole. Lines already stored with identical content (an interrupted
    /// input run again) are recognised by their event ids and not stored twice.
    @discardableResult
    public func record(ndjson bytes: [UInt8]) async throws -> [AppendResult] {
        let (raw, lines, unreadable) = try NDJSONIntake.parseCollecting(bytes)
        return try await record(parsed: raw, lines: lines, problems: unreadable.map { CasebookError.Problem(field: nil, message: $0) })
    }

    /// Records NDJSON already read: every line's payload decoded (every problem collected, with
    /// the `problems` the caller already found), then one transaction, or nothing.
    func record(parsed raw: AppendBatch, lines: [Int], problems found: [CasebookError.Problem]) async throws -> [AppendResult] {
        var inputs: [CaseEventInput] = []
        var problems = found
        for (i, draft) in raw.events.enumerated() {
            let line = "line \(lines[i]) (\(draft.type) on \(draft.stream))"
            do {
                inputs.append(try input(from: draft, expected: raw.eventExpectations[i]))
            } catch let error as CaseworkError {
                problems += error.allProblems.map { CasebookError.Problem(field: $0.field, message: "\(line): \($0.message)") }
            } catch let error as LedgerError {
                problems.append(.init(field: nil, message: "\(line): \(error.message)"))
            }
        }
        if !problems.isEmpty {
            throw CasebookError(.invalidInput, "\(problems.count) problem\(problems.count == 1 ? "" : "s") in the input. Nothing was appended.\n"
                                + problems.map { "  - " + $0.message }.joined(separator: "\n"), problems: problems)
        }
        return try await record(inputs)
    }

    /// A typed input from a raw draft (its payload in plaintext).
    public func input(from draft: EventDraft, expected: ExpectedVersion?) throws -> CaseEventInput {
        let reference = try CaseReference(draft.stream)
        let type = try EventCatalogue.eventType(named: draft.type)
        if containsSealed(draft.payload) {
            throw LedgerError(.invalidInput, "the payload contains a \"$sealed\" object; submit personal data in plain text and Casebook seals it")
        }
        let payload = try EventCatalogue.decodeReportingAll(type, from: draft.payload)
        return CaseEventInput(
            caseReference: reference, payload: payload, occurredAt: draft.occurredAt, actor: draft.actor, eventId: draft.eventId,
            expectedVersion: expected, causationId: draft.causationId, correlationId: draft.correlationId)
    }

    private func containsSealed(_ v: JSONValue) -> Bool {
        if FieldSealing.isSealed(v) { return true }
        switch v {
        case .object(let o): return o.values.contains(where: containsSealed)
        case .array(let a): return a.contains(where: containsSealed)
        default: return false
        }
    }

    /// Builds the ledger batch: plaintext payload → JSON → personal fields sealed.
    ///
    /// Subjects and keys for the whole batch are resolved first, so a batch costs at most two
    /// keystore commits (new requesters, then new keys) however many events it holds.
    func prepare(_ inputs: [CaseEventInput]) throws -> AppendBatch {
        guard !inputs.isEmpty else { throw LedgerError(.emptyBatch, "the batch is empty; nothing to append") }
        let plains = try inputs.map { try EventCatalogue.encodeJSON($0.payload) }

        // Requesters named in this batch, by identity, in one keystore round.
        var identities: [Int: String] = [:]
        for (i, plain) in plains.enumerated() {
            let wantsRequester = type(of: inputs[i].payload).personalFields.contains { $0.scope == .requester && Self.present(plain, at: $0.path) }
            if wantsRequester, let requester = plain["requester"], let identity = SubjectIDs.identity(ofRequester: requester) {
                identities[i] = identity
            }
        }
        // Cases' own subjects, whose keys are created in the same keystore commit as new requesters'.
        var caseSubjects: Set<String> = []
        for (i, input) in inputs.enumerated() where type(of: input.payload).personalFields.contains(where: { $0.scope == .case && Self.present(plains[i], at: $0.path) }) {
            caseSubjects.insert(SubjectIDs.caseSubject(input.caseReference.rawValue))
        }
        let subjectOfIdentity = try keystore.subjectIds(forIdentities: identities.values, create: true, alsoKeysFor: caseSubjects)

        // Which subject seals each personal field.
        var requesterOfCase: [String: String] = [:]
        var fieldsOf: [[(path: String, subject: String)]] = []
        for (i, input) in inputs.enumerated() {
            let stream = input.caseReference.rawValue
            if let identity = identities[i], let subject = subjectOfIdentity[identity], requesterOfCase[stream] == nil {
                requesterOfCase[stream] = subject
            }
            var fields: [(path: String, subject: String)] = []
            for field in type(of: input.payload).personalFields where Self.present(plains[i], at: field.path) {
                switch field.scope {
                case .case:
                    fields.append((field.path, SubjectIDs.caseSubject(stream)))
                case .requester:
                    if let identity = identities[i], let subject = subjectOfIdentity[identity] {
                        fields.append((field.path, subject))
                    } else if let subject = try requesterOfCase[stream] ?? ledger.read({ try SubjectIndexHook.requesterSubject(of: stream, in: $0) }) {
                        requesterOfCase[stream] = subject
                        fields.append((field.path, subject))
                    } else {
                        throw LedgerError(.invalidInput, "\(stream) has no requester on record to attach requester details to")
                    }
                }
            }
            fieldsOf.append(fields)
        }

        // Every key the batch needs, created in one durable commit before anything is sealed.
        let subjects = Set(fieldsOf.flatMap { $0.map(\.subject) })
        let keys = try keystore.keys(for: subjects, create: true)
        if let erased = subjects.sorted().first(where: { keys[$0] == nil }) {
            throw LedgerError(.refused, "the personal data of \(erased) was erased; new personal data for it needs a new subject")
        }

        var expectations: [Int: ExpectedVersion] = [:]
        var plaintexts: [Int: any Sendable] = [:]
        var drafts: [EventDraft] = []
        for (i, input) in inputs.enumerated() {
            let stream = input.caseReference.rawValue
            if let e = input.expectedVersion { expectations[i] = e }
            plaintexts[i] = PlaintextPayload(input.payload)
            let type = input.payload.eventType
            let sealed = try FieldSealing.seal(payload: plains[i], fields: fieldsOf[i], eventId: input.eventId) { keys[$0]! }
            drafts.append(EventDraft(
                eventId: input.eventId, stream: stream, type: type.rawValue, schemaVersion: EventCatalogue.schemaVersion(for: type),
                occurredAt: input.occurredAt, actor: input.actor, causationId: input.causationId, correlationId: input.correlationId,
                payload: sealed))
        }
        // The rules judge the plaintext payload, carried with the batch to the rules hook.
        return AppendBatch(events: drafts, eventExpectations: expectations, attachments: plaintexts)
    }

    /// Whether `plain` holds a non-null value at a dotted path.
    static func present(_ plain: JSONValue, at path: String) -> Bool {
        var v: JSONValue? = plain
        for part in path.split(separator: ".") { v = v?[String(part)] }
        if let v, v != .null { return true }
        return false
    }

    // MARK: Reading personal data

    /// Opens a stored payload for a reader: decrypted (`[erased]` where the key was destroyed) or redacted.
    public func open(_ payload: JSONValue, eventId: UUID, access: PersonalDataAccess) throws -> JSONValue {
        switch access {
        case .redact:
            return try FieldSealing.open(payload: payload, eventId: eventId, mode: .redact) { _ in nil }
        case .reveal:
            return try FieldSealing.open(payload: payload, eventId: eventId, mode: .decrypt) { try self.keystore.key(for: $0, create: false) }
        }
    }
}

/// How subject ids are formed.
public enum SubjectIDs {
    /// The key for a case's own personal data (free text, officers named on forms, data subjects).
    public static func caseSubject(_ reference: String) -> String { "case-" + reference }

    /// A requester's identity, normalised so the same person maps to the same subject across
    /// cases: their e-mail address; else their phone number's digits; else name and address.
    public static func identity(ofRequester value: JSONValue) -> String? {
        func norm(_ s: String) -> String {
            s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        if let email = value["email"]?.stringValue, !email.trimmingCharacters(in: .whitespaces).isEmpty {
            return "email:" + norm(email)
        }
        if let phone = value["phone"]?.stringValue {
            let digits = phone.filter(\.isNumber)
            if digits.count >= 6 { return "phone:" + digits }
        }
        guard let name = value["name"]?.stringValue else { return nil }
        return "name:" + norm(name) + "|" + norm(value["address"]?.stringValue ?? "")
    }
}

/// Keeps which subjects' keys each case uses, so erasure and retention can find a person's cases.
/// Holds subject ids and case references only — no personal data.
public struct SubjectIndexHook: LedgerHook {
    static let subjectCases = "pd.subjectCases"     // subject ‖ 0 ‖ case → ()
    static let caseRequester = "pd.caseRequester"   // case → requester subject
    static let caseClosed = "pd.caseClosed"         // case → day of its latest closing event
    static let erasures = "pd.erasures"             // subject → position of its PersonalDataErased event
    public var databaseNames: [String] { [Self.subjectCases, Self.caseRequester, Self.caseClosed, Self.erasures] }

    /// Events after which a case counts as closed for retention.
    static let closingTypes: Set<String> = ["ResponseSent", "Withdrawn", "Transferred", "SARResponded", "BreachClosed", "NearMissReviewed",
                                            "ThirdPartyInformationDisclosed", "ThirdPartyRequestRefused"]
    public init() {}

    public func process(_ event: StoredEvent, in log: LogView) throws {
        let txn = log.transaction
        let stream = event.envelope.stream
        for subject in FieldSealing.sealedSubjects(in: event.envelope.payload) {
            try txn.put(txn.database(Self.subjectCases), Array(subject.utf8) + [0] + Array(stream.utf8), [UInt8]())
        }
        if event.envelope.type == "RequestReceived" || event.envelope.type == "SARReceived",
           let sealed = event.envelope.payload["requester"], let subject = FieldSealing.sealedSubjects(in: sealed).first {
            try txn.put(txn.database(Self.caseRequester), Array(stream.utf8), Array(subject.utf8))
        }
        if Self.closingTypes.contains(event.envelope.type) {
            let day = LocalDate(event.envelope.occurredAt.date).iso
            try txn.put(txn.database(Self.caseClosed), Array(stream.utf8), Array(day.utf8))
        }
        if event.envelope.type == "PersonalDataErased", let subject = event.envelope.payload["subjectId"]?.stringValue {
            try txn.put(txn.database(Self.erasures), Array(subject.utf8), event.position.bigEndianBytes)
        }
    }

    /// The day a case was (last) closed, if it is closed.
    public static func closedOn(_ stream: String, in log: LogView) throws -> LocalDate? {
        try log.transaction.get(log.transaction.database(caseClosed), Array(stream.utf8)).flatMap { LocalDate(iso: String(decoding: $0, as: UTF8.self)) }
    }

    /// Every subject the ledger records as erased.
    public static func erasedSubjects(in log: LogView) throws -> [String] {
        var out: [String] = []
        try log.transaction.scan(log.transaction.database(erasures)) { k, _ in
            out.append(String(decoding: k, as: UTF8.self))
            return true
        }
        return out
    }

    public static func requesterSubject(of stream: String, in log: LogView) throws -> String? {
        try log.transaction.get(log.transaction.database(caseRequester), Array(stream.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The cases whose events hold data sealed under `subject`.
    public static func cases(of subject: String, in log: LogView) throws -> [String] {
        var out: [String] = []
        let prefix = Array(subject.utf8) + [0]
        try log.transaction.scan(log.transaction.database(subjectCases), from: prefix) { k, _ in
            guard k.starts(with: prefix) else { return false }
            out.append(String(decoding: k.dropFirst(prefix.count), as: UTF8.self))
            return true
        }
        return out
    }

    /// Every subject that has sealed data in the ledger.
    public static func allSubjects(in log: LogView) throws -> [String] {
        var out: [String] = []
        try log.transaction.scan(log.transaction.database(subjectCases)) { k, _ in
            if let zero = k.firstIndex(of: 0) {
                let s = String(decoding: k[..<zero], as: UTF8.self)
                if out.last != s { out.append(s) }
            }
            return true
        }
        return out
    }
}

/// Keeps the links between cases that events make (a breach that is a wrongful FOI release,
/// a vexatious refusal pointing at an earlier request), in both directions.
public struct CaseLinkHook: LedgerHook {
    static let table = "links.cases"   // case ‖ 0 ‖ linked case → ()
    public var databaseNames: [String] { [Self.table] }
    public init() {}

    /// Payload fields that name another case.
    static let linkFields = ["foiCase", "previousCase"]

    public func process(_ event: StoredEvent, in log: LogView) throws {
        let txn = log.transaction
        let stream = event.envelope.stream
        for field in Self.linkFields {
            guard let other = event.envelope.payload[field]?.stringValue, other != stream else { continue }
            try txn.put(txn.database(Self.table), Array(stream.utf8) + [0] + Array(other.utf8), [UInt8]())
            try txn.put(txn.database(Self.table), Array(other.utf8) + [0] + Array(stream.utf8), [UInt8]())
        }
    }

    /// The cases linked to `reference`, in reference order.
    public static func linked(to reference: String, in log: LogView) throws -> [String] {
        var out: [String] = []
        let prefix = Array(reference.utf8) + [0]
        try log.transaction.scan(log.transaction.database(table), from: prefix) { k, _ in
            guard k.starts(with: prefix) else { return false }
            out.append(String(decoding: k.dropFirst(prefix.count), as: UTF8.self))
            return true
        }
        return out
    }
}
