import Casework
import Foundation
import LedgerStore

extension Casebook {
    /// `foi channel-to-sar`: the request is for the requester's own personal data (FOIA s40(1);
    /// FOISA s38(1)(a); EIR reg 5(3)), so it "will automatically be channelled through the Subject
    /// Access Request procedures" (the FOI policy Appendix 2; the data protection policy §2.1.4).
    ///
    /// Two events in one append, or none: `ChannelledToSubjectAccess` closes the FOI/EIR case and
    /// names the SAR; `SARReceived` (with `channelledFrom`) opens it. The SAR takes the request's
    /// requester (decrypted from its opening event and sealed again under the same subject), its
    /// channel, its receipt (the one-month clock runs from when the organisation received the
    /// request) and its summary, unless the fields give `receivedAt`, `summary`, `service`,
    /// `dataSubjectAge` or a `representative`. `sarCase` names the SAR; by default the next free one.
    func prepareChannel(_ command: CaseCommand, by actor: Actor) throws -> (CaseReference, [CaseEventInput]) {
        guard let reference = command.reference else {
            throw CasebookError(.invalidInput, "foi channel-to-sar needs the FOI/EIR case reference")
        }
        guard reference.kind == .request else {
            let other = ActionGroup.of(reference.kind)
            throw CasebookError(.conflict, "\(reference) is \(other.caseNounWithArticle) case; foi channel-to-sar channels an FOI/EIR request to a subject access request")
        }
        var fields = command.fields
        let sarKeys: Set<String> = ["receivedAt", "summary", "service", "dataSubjectAge", "representative"]
        var sarFields: JSONObject = [:]
        for key in sarKeys { if let v = fields.removeValue(forKey: JSONKey(key)) { sarFields[JSONKey(key)] = v } }
        let dateProblems = normaliseDates(&fields, of: .channelledToSubjectAccess) + normaliseDates(&sarFields, of: .sARReceived)
        try applyDefaults(command.action, to: &fields, occurredAt: command.occurredAt, actor: actor)

        // A retried command (its event id is stored) names the SAR it opened the first time.
        let (events, state, stored) = try ledger.read { log in
            (try log.events(of: reference.rawValue).map(\.envelope), try CaseStateStore.state(of: reference.rawValue, in: log),
             try command.eventId.flatMap { try log.position(ofEvent: $0) }.map { try log.event(at: $0).envelope.draft })
        }
        let retried = stored != nil
        guard let opening = events.first, opening.type == EventType.requestReceived.rawValue else {
            throw CasebookError(.notFound, "no case \(reference) in the ledger; open it first (foi receive)")
        }
        let request = try open(opening.payload, eventId: opening.eventId, access: .reveal)

        let sarReference: CaseReference
        if let given = fields["sarCase"]?.stringValue ?? stored?.payload["sarCase"]?.stringValue {
            do { sarReference = try CaseReference(given) } catch {
                throw CasebookError(.invalidInput, "sarCase: \(error.message)", problems: [.init(field: "sarCase", message: error.message)])
            }
            // A SAR- reference that exists would be refused by the store as a bare version conflict.
            if !retried, sarReference.kind == .subjectAccess, try ledger.read({ try $0.head(of: sarReference.rawValue) }) != nil {
                throw CasebookError(.conflict, "\(sarReference) already exists; channelling opens a new SAR: give another SAR reference (--sar-case), or leave it out to take the next free one. Nothing was appended.")
            }
        } else {
            let sarOpen = CaseAction.named("receive", in: .sar)!
            sarReference = try nextReference(for: sarOpen, fields: [:], occurredAt: command.occurredAt)
        }
        fields["sarCase"] = .string(sarReference.rawValue)

        var sar: JSONObject = [
            "channel": request["channel"] ?? .string(RequestChannel.other.rawValue),
            "receivedAt": request["receivedAt"] ?? .string(command.occurredAt.rfc3339),
            "summary": request["summary"] ?? .string("Channelled from \(reference)"),
            "channelledFrom": .string(reference.rawValue),
        ]
        if let requester = request["requester"] { sar["requester"] = requester }
        if let service = request["service"] { sar["service"] = service }
        for (k, v) in sarFields { sar[k] = v }

        let payloads = try decodePayloads([(.channelledToSubjectAccess, fields, ""), (.sARReceived, sar, "(the SAR) ")],
                                          dateProblems: dateProblems, of: "\(command.action) on \(reference)")
        if !retried, let closedBy = state?.closedBy {
            throw CasebookError(.conflict, "\(reference) was closed by \(closedBy); only an open request is channelled to a subject access request. Nothing was appended.")
        }
        let expected: ExpectedVersion? = command.expectedVersion ?? (retried ? nil : .exactly(events.last!.version))
        let first = command.eventId ?? EventID.next()
        let inputs = [
            CaseEventInput(caseReference: reference, payload: payloads[0], occurredAt: command.occurredAt, actor: actor,
                           eventId: first, expectedVersion: expected),
            CaseEventInput(caseReference: sarReference, payload: payloads[1], occurredAt: command.occurredAt, actor: actor,
                           eventId: command.eventId.map { Self.derivedEventId($0, index: 1) } ?? EventID.next(),
                           expectedVersion: retried ? nil : .noStream, causationId: first),
        ]
        return (reference, inputs)
    }
}
