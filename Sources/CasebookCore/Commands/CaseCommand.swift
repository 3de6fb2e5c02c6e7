import Registers
import Casework
import Crypto
import Foundation
import LedgerStore

/// A person's instruction to record an action on a case: which action, on which case, with
/// which fields, when it happened. Who gives it is not part of the command: the caller passes the
/// identity it authenticated (a token, a ledger user).
public struct CaseCommand: Sendable {
    public var action: CaseAction
    /// The case; nil for an opening action, which then takes the next free reference.
    public var reference: CaseReference?
    /// The action's fields (its event's payload fields, plus those `DefaultRule` names). Dates
    /// may be written as a person types them (`2026-11-21`, `2026-11-21 14:30` in Europe/London,
    /// or RFC 3339); they are stored in the payload's own form.
    public var fields: JSONObject
    /// When it happened in the world.
    public var occurredAt: Timestamp
    /// The event id, so a retried command is recorded once; the command's further events (an
    /// `exempt` over several provisions) take ids derived from it. Default: new ids.
    public var eventId: UUID?
    /// The version the case must be at (default: its version read just before appending).
    public var expectedVersion: ExpectedVersion?

    public init(_ action: CaseAction, reference: CaseReference? = nil, fields: JSONObject = [:], occurredAt: Timestamp,
                eventId: UUID? = nil, expectedVersion: ExpectedVersion? = nil) {
        self.action = action
        self.reference = reference
        self.fields = fields
        self.occurredAt = occurredAt
        self.eventId = eventId
        self.expectedVersion = expectedVersion
    }
}

/// What a command recorded.
public struct CommandOutcome: Sendable {
    public var reference: CaseReference
    public var results: [AppendResult]
    public var eventTypes: [EventType]
}

extension Casebook {
    /// Carries out a case command: fills in its defaults from the case's folded state, the policy
    /// and the ledger, checks every field (reporting all problems at once), and records its events
    /// atomically at the case's version through the rules and sealing.
    ///
    /// An opening command without a reference takes the next free `PREFIX-YEAR-NNNN`, retrying if
    /// another writer took it first.
    @discardableResult
    public func perform(_ command: CaseCommand, by actor: Actor) async throws -> CommandOutcome {
        var attempts = 0
        while true {
            attempts += 1
            let (reference, inputs) = try prepareCommand(command, by: actor)
            do {
                let results = try await record(inputs)
                return CommandOutcome(reference: reference, results: results, eventTypes: inputs.map { $0.payload.eventType })
            } catch let error as LedgerError where error.code == .wrongVersion && attempts < 5
                        && ((command.action.opens && command.reference == nil) || (command.action.rule == .channelToSAR && command.fields["sarCase"] == nil)) {
                continue  // another writer took the reference: take the next one
            }
        }
    }

    /// The events a command would record, with its reference, without recording them.
    public func prepareCommand(_ command: CaseCommand, by actor: Actor) throws -> (CaseReference, [CaseEventInput]) {
        try prepareCommand(command, by: actor, reads: nil)
    }

    /// What `prepareCommand` reads of the case: given by a caller that folds the case in memory
    /// between commands not yet recorded (the import), else read from the ledger.
    struct CaseReads: Sendable {
        /// The case's version (nil: no such case).
        var head: UInt64?
        var state: CaseLifecycle?
        /// Whether the command's event id is stored already.
        var retried: Bool
    }

    /// `prepareCommand(_:by:)` with the case's head, state and retry given (`reads`), or read from
    /// the ledger when nil.
    func prepareCommand(_ command: CaseCommand, by actor: Actor, reads given: CaseReads?) throws -> (CaseReference, [CaseEventInput]) {
        let action = command.action
        if action.rule == .channelToSAR { return try prepareChannel(command, by: actor) }
        var fields = command.fields
        let dateProblems = normaliseDates(&fields, of: action.event)
        try applyDefaults(action, to: &fields, occurredAt: command.occurredAt, actor: actor)

        // The case: given, or the next free reference for an opening action.
        let reference: CaseReference
        if let given = command.reference {
            reference = given
        } else if action.opens {
            reference = try nextReference(for: action, fields: fields, occurredAt: command.occurredAt)
        } else {
            throw CasebookError(.invalidInput, "\(action) needs the case reference")
        }
        guard action.group.kinds.contains(reference.kind) else {
            let other = ActionGroup.of(reference.kind)
            throw CasebookError(.conflict, "\(reference) is \(other.caseNounWithArticle) case; \(action) is for \(action.group.caseNoun) cases (on \(reference) use `\(other.rawValue) …`, e.g. \(CaseAction.names(on: reference.kind).prefix(4).joined(separator: ", ")))")
        }
        let (head, state, retried) = try given.map { ($0.head, $0.state, $0.retried) } ?? ledger.read { log in
            (try log.head(of: reference.rawValue)?.version, try CaseStateStore.state(of: reference.rawValue, in: log),
             try command.eventId.map { try log.position(ofEvent: $0) != nil } ?? false)
        }
        if action.opens {
            if head != nil, !retried {
                throw CasebookError(.conflict, "\(reference) already exists; give another reference, or leave it out to take the next free one. Nothing was appended.")
            }
        } else if head == nil {
            let opener = CaseAction.actions(in: .of(reference.kind)).first(where: \.opens).map { "\($0)" } ?? "the opening action"
            throw CasebookError(.notFound, "no case \(reference) in the ledger; open it first (\(opener))")
        }

        let payloadFields = try expand(action, fields: fields, reference: reference, state: state)
        let payloads = try decodePayloads(payloadFields.enumerated().map { i, object in
            (action.event, object, payloadFields.count > 1 ? "(\(i + 1) of \(payloadFields.count)) " : "")
        }, dateProblems: dateProblems, of: "\(action) on \(reference)")
        // A retried command (its event id is stored) is checked by the store against the version
        // it was stored at, so it needs no expectation of its own; a new one expects the case as read.
        let expected: ExpectedVersion? = command.expectedVersion ?? (retried ? nil : (head.map { .exactly($0) } ?? .noStream))
        let inputs = payloads.enumerated().map { i, payload in
            CaseEventInput(caseReference: reference, payload: payload, occurredAt: command.occurredAt, actor: actor,
                           eventId: command.eventId.map { Self.derivedEventId($0, index: i) } ?? EventID.next(),
                           expectedVersion: i == 0 ? expected : nil)
        }
        return (reference, inputs)
    }

    /// Decodes each payload object as its event, or throws every problem at once: `dateProblems`
    /// (the dates `normaliseDates` could not read, not reported again by the decoding), then each
    /// object's, its message prefixed by `prefix`.
    func decodePayloads(_ objects: [(event: EventType, fields: JSONObject, prefix: String)], dateProblems: [CasebookError.Problem],
                        of what: String) throws -> [any EventPayload] {
        var problems = dateProblems
        let badDates = Set(dateProblems.compactMap(\.field))
        var payloads: [any EventPayload] = []
        for (event, object, prefix) in objects {
            do {
                payloads.append(try EventCatalogue.decodeReportingAll(event, from: .object(object)))
            } catch {
                problems += error.allProblems.filter { !badDates.contains($0.field ?? "") }
                    .map { CasebookError.Problem(field: $0.field, message: prefix + $0.message) }
            }
        }
        if !problems.isEmpty || payloads.count < objects.count {
            throw CasebookError(.invalidInput, "\(what): " + problems.map(\.message).joined(separator: " ") + " Nothing was appended.",
                                problems: problems)
        }
        return payloads
    }

    /// The `index`th event id of a command whose first event has `id`: `id` itself, then ids
    /// derived from it (SHA-256 of the id and the index, as a version-4-shaped UUID), so that a
    /// retried command gives every one of its events the same id again.
    static func derivedEventId(_ id: UUID, index: Int) -> UUID {
        guard index > 0 else { return id }
        var bytes = Array(SHA256.hash(data: Array(id.uuidString.lowercased().utf8) + Array("#\(index)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    // MARK: Defaults

    /// Dates written as people type them, in the payload's stored form; a problem for each that
    /// is not a real date or moment.
    func normaliseDates(_ fields: inout JSONObject, of event: EventType) -> [CasebookError.Problem] {
        var problems: [CasebookError.Problem] = []
        for (path, kind) in PayloadDates.fields(of: event) {
            guard let text = fields[path]?.stringValue else { continue }
            switch kind {
            case .day:
                if let day = MomentInput.day(text) { fields[path] = .string(day.iso) } else {
                    problems.append(.init(field: path, message: "\(path) \"\(text)\" is not a date; write it as YYYY-MM-DD, e.g. 2026-03-10."))
                }
            case .instant:
                if let t = MomentInput.instant(text) { fields[path] = .string(t.rfc3339) } else {
                    problems.append(.init(field: path, message: "\(path) \"\(text)\" is not a moment; write YYYY-MM-DD, YYYY-MM-DD HH:MM (UK time) or RFC 3339."))
                }
            }
        }
        return problems
    }

    func applyDefaults(_ action: CaseAction, to fields: inout JSONObject, occurredAt: Timestamp, actor: Actor) throws {
        for f in action.dayFields where fields[f] == nil { fields[f] = .string(LocalDate(occurredAt.date).iso) }
        for f in action.instantFields where fields[f] == nil { fields[f] = .string(occurredAt.rfc3339) }
        for f in action.actorFields where fields[f] == nil { fields[f] = .string(actor.id) }
        for (f, v) in action.fixedDefaults where fields[f] == nil { fields[f] = v }
        switch action.rule {
        case .reviewExtension:
            if fields["workingDays"] == nil {
                fields["workingDays"] = .int(Int64(max(1, policy.internalReviewMaxWorkingDays - policy.internalReviewWorkingDays)))
            }
        case .costLimit:
            if fields["limitPence"] == nil { fields["limitPence"] = .int(Int64(policy.costLimit.appropriateLimitPence)) }
            if fields["hourlyRatePence"] == nil { fields["hourlyRatePence"] = .int(Int64(policy.costLimit.hourlyRatePence)) }
        case .breachReport:
            if fields["occurredOn"] == nil, let discovered = fields["discoveredAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) {
                fields["occurredOn"] = .string(LocalDate(discovered.date).iso)
            }
        default: break
        }
    }

    /// The payload objects the action records (one, or one per provision for `exempt`), with the
    /// defaults that need the case's state.
    func expand(_ action: CaseAction, fields: JSONObject, reference: CaseReference, state: CaseLifecycle?) throws -> [JSONObject] {
        var fields = fields
        let regime = state?.regime ?? (reference.prefix == .eir ? .eir : .foia)
        switch action.rule {
        case .exemptions:
            var sections: [String] = []
            if let list = fields.removeValue(forKey: "sections") {
                guard let items = list.arrayValue, !items.isEmpty, items.allSatisfy({ $0.stringValue != nil }) else {
                    throw CasebookError(.invalidInput, "sections must be a list of provisions, e.g. [\"43(2)\"]",
                                        problems: [.init(field: "sections", message: "sections must be a non-empty list of provisions, e.g. [\"43(2)\"]")])
                }
                sections = items.compactMap(\.stringValue)
            } else if let one = fields["section"]?.stringValue {
                sections = [one]
            } else {
                throw CasebookError(.invalidInput, "exempt needs the provision: section (e.g. 43(2)), or sections for several",
                                    problems: [.init(field: "section", message: "section is required, e.g. 43(2) (or sections for several)")])
            }
            let catalogue = ExemptionCatalogue.for(regime)
            return try sections.map { section in
                var f = fields
                f["section"] = .string(section)
                if f["class"] == nil, let entry = catalogue.entry(for: section) {
                    switch entry.classification {
                    case .absolute: f["class"] = .string(ExemptionClass.absolute.rawValue)
                    case .qualified: f["class"] = .string(ExemptionClass.qualified.rawValue)
                    case .either:
                        let m = "\(catalogue.regime.displayName) \(section) (\(entry.title)) can be absolute or qualified; say which with class"
                        throw CasebookError(.invalidInput, m, problems: [.init(field: "class", message: m)])
                    }
                }
                // An uncatalogued provision is refused by the rules (FOI.exemptionNotInCatalogue).
                if f["class"] == nil { f["class"] = .string(ExemptionClass.qualified.rawValue) }
                return f
            }
        case .publicInterestTest:
            if fields["sections"] == nil {
                let qualified = (state?.exemptionsApplied ?? [:]).filter { $0.value == .qualified }.map(\.key).sorted()
                guard !qualified.isEmpty else {
                    let m = "\(reference) has no qualified exemption applied; name the provisions the test was about in sections"
                    throw CasebookError(.invalidInput, m, problems: [.init(field: "sections", message: m)])
                }
                fields["sections"] = .array(qualified.map(JSONValue.string))
            }
        case .requestExtension:
            if fields["reason"] == nil {
                let reason: DeadlineExtended.Reason = regime == .eir ? .complexAndVoluminous : .publicInterestTest
                fields["reason"] = .string(reason.rawValue)
            }
        case .regulator:
            if fields["regulator"] == nil {
                let r: Regulator = reference.kind == .request && regime == .foisa ? .scottishInformationCommissioner : .ico
                fields["regulator"] = .string(r.rawValue)
            }
        case .publish:
            if fields["documents"] == nil {
                let docs = state?.releasedDocuments ?? []
                fields["documents"] = .array(docs.map { .object(["title": .string($0.title), "sha256": .string($0.sha256)]) })
            }
        case .wrongfulRelease:
            if let text = fields["foiCase"]?.stringValue {
                let linked: CaseReference
                do { linked = try CaseReference(text) } catch {
                    throw CasebookError(.invalidInput, "foiCase: \(error.message)", problems: [.init(field: "foiCase", message: error.message)])
                }
                guard try ledger.read({ try $0.head(of: linked.rawValue) }) != nil else {
                    let m = "no case \(linked) in the ledger; link the breach to the FOI/EIR case that released the information"
                    throw CasebookError(.notFound, m, problems: [.init(field: "foiCase", message: m)])
                }
            }
        case .thirdPartyMissing:
            if fields["missing"] == nil {
                let missing = state?.thirdPartyMissingDetails ?? []
                guard !missing.isEmpty else {
                    let m = "\(reference) lacks none of the police request form's details; name what you asked the requester for in missing (e.g. officerNumber)"
                    throw CasebookError(.invalidInput, m, problems: [.init(field: "missing", message: m)])
                }
                fields["missing"] = .array(missing.map { .string($0.rawValue) })
            }
        case .correction:
            try expandCorrection(&fields, reference: reference)
        case .void:
            if let target = fields.removeValue(forKey: "event") {
                fields["voidsEventId"] = .string(try resolveEvent(target, field: "event", on: reference).eventId.uuidString.lowercased())
            }
        case .none, .openRequest, .costLimit, .breachReport, .reviewExtension, .channelToSAR:
            break
        }
        return [fields]
    }

    /// The event of `reference` that `target` names: its event id, or its version on the case.
    func resolveEvent(_ target: JSONValue, field: String, on reference: CaseReference) throws -> EventEnvelope {
        let events = try ledger.read { log in try log.events(of: reference.rawValue).map(\.envelope) }
        if let version = target.intValue ?? target.stringValue.flatMap({ Int64($0) }) {
            guard let e = events.first(where: { $0.version == UInt64(clamping: version) }) else {
                let m = "\(reference) has no version \(version); it has \(events.count) event(s)"
                throw CasebookError(.invalidInput, m, problems: [.init(field: field, message: m)])
            }
            return e
        }
        guard let id = target.stringValue.flatMap(UUID.init(uuidString:)) else {
            let m = "\(field) must be an event id (UUID) or a version number on the case"
            throw CasebookError(.invalidInput, m, problems: [.init(field: field, message: m)])
        }
        guard let e = events.first(where: { $0.eventId == id }) else {
            let m = "event \(id.uuidString.lowercased()) is not on \(reference); it must be an event of the same case"
            throw CasebookError(.invalidInput, m, problems: [.init(field: field, message: m)])
        }
        return e
    }

    /// `event` + `set` → `correctsEventId` and the plain and sealed corrections.
    func expandCorrection(_ fields: inout JSONObject, reference: CaseReference) throws {
        let target = fields.removeValue(forKey: "event")
        let assignments = fields.removeValue(forKey: "set")
        guard target != nil || assignments != nil else { return }
        var corrected: EventEnvelope?
        if let target {
            corrected = try resolveEvent(target, field: "event", on: reference)
        } else if let id = fields["correctsEventId"]?.stringValue.flatMap(UUID.init(uuidString:)) {
            corrected = try ledger.read { log in try log.events(of: reference.rawValue).map(\.envelope) }.first { $0.eventId == id }
        }
        if let corrected { fields["correctsEventId"] = .string(corrected.eventId.uuidString.lowercased()) }
        guard let assignments else { return }
        guard case .object(let pairs) = assignments, !pairs.isEmpty else {
            let m = "set must be an object of field → new value, with at least one field"
            throw CasebookError(.invalidInput, m, problems: [.init(field: "set", message: m)])
        }
        let personal = corrected.flatMap { try? EventCatalogue.eventType(named: $0.type) }.map(EventCatalogue.personalFields(for:)) ?? []
        var plain: JSONObject = fields["corrections"]?.objectValue ?? [:]
        var sealedCase: JSONObject = fields["personalCorrections"]?.objectValue ?? [:]
        var sealedRequester: JSONObject = fields["requesterCorrections"]?.objectValue ?? [:]
        for (key, value) in pairs {
            let field = key.string
            // A field at, above or below a personal path is personal (`requester`, `requester.email`).
            let scope = personal.first { $0.path == field || $0.path.hasPrefix(field + ".") || field.hasPrefix($0.path + ".") }?.scope
            switch scope {
            case .requester?: sealedRequester[field] = value
            case .case?: sealedCase[field] = value
            case nil: plain[field] = value
            }
        }
        fields["corrections"] = .object(plain)
        fields["personalCorrections"] = sealedCase.isEmpty ? nil : .object(sealedCase)
        fields["requesterCorrections"] = sealedRequester.isEmpty ? nil : .object(sealedRequester)
    }

    /// The next free reference for an opening action: one more than the highest serial of its
    /// prefix and year (the year the case opened, in Europe/London), at least four digits.
    func nextReference(for action: CaseAction, fields: JSONObject, occurredAt: Timestamp) throws -> CaseReference {
        let prefix: CaseReference.Prefix
        var moment = occurredAt
        switch action.event {
        case .requestReceived:
            prefix = fields["regime"]?.stringValue == Regime.eir.rawValue ? .eir : .foi
            moment = fields["receivedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) ?? occurredAt
        case .sARReceived:
            prefix = .sar
            moment = fields["receivedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) ?? occurredAt
        case .breachReported: prefix = .breach
        case .thirdPartyRequestReceived:
            prefix = .thirdPartyDisclosure
            moment = fields["receivedAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) ?? occurredAt
        case .agreementProposed: prefix = .agreement
        case .complaintReceived: prefix = .complaint
        default: prefix = .nearMiss
        }
        let year = LocalDate(moment.date).year
        let stem = "\(prefix.rawValue)-\(String(format: "%04d", year))-"
        var highest = 0
        try ledger.read { log in
            try log.forEachCase(from: stem) { id, _ in
                guard id.hasPrefix(stem) else { return false }
                if let serial = Int(id.dropFirst(stem.count)) { highest = max(highest, serial) }
                return true
            }
        }
        return try CaseReference(stem + String(format: "%04d", highest + 1))
    }
}
