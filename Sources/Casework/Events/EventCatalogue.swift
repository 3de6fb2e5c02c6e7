import Foundation

/// The catalogue of event types: which payload type each has, where it may occur, and how its
/// payload is decoded from and encoded to the stored JSON.
public enum EventCatalogue {
    /// Every payload type, in `EventType.allCases` order.
    public static var all: [any EventPayload.Type] {
        EventType.allCases.map(payloadType(for:))
    }

    /// The payload type of an event type.
    public static func payloadType(for type: EventType) -> any EventPayload.Type {
        switch type {
        case .requestReceived: RequestReceived.self
        case .requestAcknowledged: RequestAcknowledged.self
        case .clarificationRequested: ClarificationRequested.self
        case .clarificationReceived: ClarificationReceived.self
        case .feeNoticeIssued: FeeNoticeIssued.self
        case .feePaid: FeePaid.self
        case .exemptionApplied: ExemptionApplied.self
        case .publicInterestTestRecorded: PublicInterestTestRecorded.self
        case .deadlineExtended: DeadlineExtended.self
        case .costLimitApplied: CostLimitApplied.self
        case .vexatiousApplied: VexatiousApplied.self
        case .transferred: Transferred.self
        case .withdrawn: Withdrawn.self
        case .responseSent: ResponseSent.self
        case .internalReviewRequested: InternalReviewRequested.self
        case .internalReviewDecided: InternalReviewDecided.self
        case .iCOComplaintReceived: ICOComplaintReceived.self
        case .iCODecisionNoticeReceived: ICODecisionNoticeReceived.self
        case .publishedToDisclosureLog: PublishedToDisclosureLog.self
        case .publicationWithdrawn: PublicationWithdrawn.self
        case .internalReviewExtended: InternalReviewExtended.self
        case .channelledToSubjectAccess: ChannelledToSubjectAccess.self
        case .sARReceived: SARReceived.self
        case .identityRequested: IdentityRequested.self
        case .identityVerified: IdentityVerified.self
        case .feeRequested: FeeRequested.self
        case .thirdPartyInformationDecided: ThirdPartyInformationDecided.self
        case .sARExtended: SARExtended.self
        case .sARResponded: SARResponded.self
        case .sARExemptionApplied: SARExemptionApplied.self
        case .sCRAConsentRequested: SCRAConsentRequested.self
        case .sCRAConsentRecorded: SCRAConsentRecorded.self
        case .childConsentRecorded: ChildConsentRecorded.self
        case .requesterUpdated: RequesterUpdated.self
        case .breachReported: BreachReported.self
        case .breachEscalated: BreachEscalated.self
        case .riskAssessed: RiskAssessed.self
        case .investigationOpened: InvestigationOpened.self
        case .investigationConcluded: InvestigationConcluded.self
        case .iCONotificationDecided: ICONotificationDecided.self
        case .iCONotified: ICONotified.self
        case .dataSubjectsNotified: DataSubjectsNotified.self
        case .policeInformed: PoliceInformed.self
        case .breachClosed: BreachClosed.self
        case .wrongfulReleaseLinked: WrongfulReleaseLinked.self
        case .breachReportUpdated: BreachReportUpdated.self
        case .dataSubjectNotificationDecided: DataSubjectNotificationDecided.self
        case .wrongfulReleasePartyInformed: WrongfulReleasePartyInformed.self
        case .affectedPartyContacted: AffectedPartyContacted.self
        case .wrongfulReleaseReviewed: WrongfulReleaseReviewed.self
        case .wrongfulReleaseOutcomeLetterSent: WrongfulReleaseOutcomeLetterSent.self
        case .nearMissReported: NearMissReported.self
        case .nearMissReviewed: NearMissReviewed.self
        case .thirdPartyRequestReceived: ThirdPartyRequestReceived.self
        case .thirdPartyRequesterContacted: ThirdPartyRequesterContacted.self
        case .thirdPartyDetailsReceived: ThirdPartyDetailsReceived.self
        case .thirdPartyInformationDisclosed: ThirdPartyInformationDisclosed.self
        case .thirdPartyRequestRefused: ThirdPartyRequestRefused.self
        case .agreementProposed: AgreementProposed.self
        case .headOfLegalInformed: HeadOfLegalInformed.self
        case .agreementSigned: AgreementSigned.self
        case .agreementReviewed: AgreementReviewed.self
        case .agreementEnded: AgreementEnded.self
        case .complaintReceived: ComplaintReceived.self
        case .complaintAcknowledged: ComplaintAcknowledged.self
        case .complaintResolved: ComplaintResolved.self
        case .complaintEscalatedToICO: ComplaintEscalatedToICO.self
        case .noteAdded: NoteAdded.self
        case .corrected: Corrected.self
        case .voided: Voided.self
        case .reassigned: Reassigned.self
        case .caseImported: CaseImported.self
        case .retentionApplied: RetentionApplied.self
        case .personalDataErased: PersonalDataErased.self
        }
    }

    /// The case kinds on which an event type may be recorded.
    public static func allowedKinds(for type: EventType) -> Set<CaseKind> {
        type.allowedKinds
    }

    /// The personal fields of an event type's payload.
    public static func personalFields(for type: EventType) -> [PersonalField] {
        payloadType(for: type).personalFields
    }

    /// The schema version of an event type's payload.
    public static func schemaVersion(for type: EventType) -> Int {
        payloadType(for: type).schemaVersion
    }

    /// Looks up an event type by its stored name.
    /// - Throws: `CaseworkError` `.unknownEventType` naming the type.
    public static func eventType(named name: String) throws(CaseworkError) -> EventType {
        guard let type = EventType(rawValue: name) else {
            throw CaseworkError(
                code: .unknownEventType,
                message: "'\(name)' is not an event type this version of Casebook knows; check the spelling (types are UpperCamelCase, e.g. RequestReceived) or upgrade.",
                field: "type"
            )
        }
        return type
    }

    /// Decodes an event's payload from its stored JSON, given the type name on the envelope.
    public static func decode(typeNamed name: String, from data: Data) throws(CaseworkError) -> any EventPayload {
        try decode(try eventType(named: name), from: data)
    }

    /// Decodes an event's payload from its stored JSON.
    ///
    /// Decoding is strict: besides every required field and well-formed values, the JSON must have
    /// no field the payload does not know, no `null` (absent optionals are omitted) and no
    /// floating-point number.
    /// - Throws: `CaseworkError` `.invalidPayload` with `field` naming the offending field.
    public static func decode(_ type: EventType, from data: Data) throws(CaseworkError) -> any EventPayload {
        // Strict JSON (what the ledger stores) is parsed straight to a value. Anything else goes
        // through Foundation's decoder, which accepts or refuses it as it always has, with its
        // messages: a parse that fails says nothing about the payload.
        let input: JSONValue
        if let parsed = try? JSONValue.parse(data) {
            input = parsed
        } else {
            do {
                input = try JSONDecoder().decode(JSONValue.self, from: data)
            } catch {
                throw invalidPayload(type, error)
            }
        }
        return try decode(type, from: input)
    }

    /// Decodes an event's payload from its JSON value, as strictly as `decode(_:from:)` decodes
    /// the JSON text, with the same errors.
    /// - Throws: `CaseworkError` `.invalidPayload` with `field` naming the offending field.
    public static func decode(_ type: EventType, from input: JSONValue) throws(CaseworkError) -> any EventPayload {
        guard case .object = input else {
            throw CaseworkError(code: .invalidPayload, message: "A \(type) payload must be a JSON object.", cause: nil)
        }
        let payload: any EventPayload
        do {
            payload = try decodeOpened(payloadType(for: type), from: input)
        } catch {
            throw invalidPayload(type, error)
        }
        let reencoded: JSONValue
        do {
            reencoded = try JSONValueEncoder().encode(payload)
        } catch {
            throw invalidPayload(type, error)
        }
        if let (path, problem) = PayloadLimits.firstViolation(in: input, type: type) {
            throw CaseworkError(code: .invalidPayload, message: "\(type) field '\(path)' \(problem).", field: path)
        }
        if let (path, isNull) = firstUnknownMember(in: input, comparedWith: reencoded, path: "") {
            let message = isNull
                ? "\(type) field '\(path)' is null; omit an absent optional field instead of writing null."
                : "\(type) has no field '\(path)'; remove it or check its spelling against Schemas/events/\(type).schema.json."
            throw CaseworkError(code: .invalidPayload, message: message, field: path)
        }
        return payload
    }

    /// Encodes a payload as the ledger's canonical JSON (sorted keys, no escaped slashes).
    public static func encode(_ payload: any EventPayload) throws(CaseworkError) -> Data {
        do {
            return try encodeOpened(payload)
        } catch {
            throw encodingFailed(payload, error)
        }
    }

    /// Encodes a payload as a JSON value: what parsing `encode(_:)`'s JSON gives, without the text.
    public static func encodeJSON(_ payload: any EventPayload) throws(CaseworkError) -> JSONValue {
        do {
            return try JSONValueEncoder().encode(payload)
        } catch {
            throw encodingFailed(payload, error)
        }
    }

    // MARK: - Helpers

    private static func decodeOpened<P: EventPayload>(_ type: P.Type, from input: JSONValue) throws -> any EventPayload {
        try JSONValueDecoder().decode(P.self, from: input)
    }

    private static func encodingFailed(_ payload: any EventPayload, _ error: any Error) -> CaseworkError {
        CaseworkError(code: .encodingFailed, message: "Could not encode a \(payload.eventType) payload: \(error)", cause: error)
    }

    private static func encodeOpened<P: EventPayload>(_ payload: P) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(payload)
    }

    /// The first member present in `input` but not in `known`, as (dotted path, value is null).
    private static func firstUnknownMember(in input: JSONValue, comparedWith known: JSONValue, path: String) -> (String, Bool)? {
        switch (input, known) {
        case (.object(let inputMembers), .object(let knownMembers)):
            for key in inputMembers.keys.sorted() {
                let childPath = path.isEmpty ? key.string : "\(path).\(key)"
                guard let knownChild = knownMembers[key] else {
                    return (childPath, inputMembers[key] == .null)
                }
                if let found = firstUnknownMember(in: inputMembers[key]!, comparedWith: knownChild, path: childPath) {
                    return found
                }
            }
            return nil
        case (.array(let inputElements), .array(let knownElements)):
            for (index, element) in inputElements.enumerated() where index < knownElements.count {
                if let found = firstUnknownMember(in: element, comparedWith: knownElements[index], path: "\(path)[\(index)]") {
                    return found
                }
            }
            return nil
        default:
            return nil
        }
    }

    private static func invalidPayload(_ type: EventType, _ error: any Error) -> CaseworkError {
        guard let decodingError = error as? DecodingError else {
            return CaseworkError(
                code: .invalidPayload,
                message: "The \(type) payload is not valid JSON: \(error)",
                cause: error
            )
        }
        func dotted(_ codingPath: [any CodingKey]) -> String {
            var path = ""
            for key in codingPath {
                if let index = key.intValue {
                    path += "[\(index)]"
                } else {
                    path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return path
        }
        let field: String
        let problem: String
        switch decodingError {
        case .keyNotFound(let key, let context):
            field = dotted(context.codingPath + [key])
            problem = "is required but missing"
        case .valueNotFound(_, let context):
            field = dotted(context.codingPath)
            problem = "is null; a required field needs a value"
        case .typeMismatch(let expected, let context):
            field = dotted(context.codingPath)
            problem = "has the wrong type (expected \(expected))"
        case .dataCorrupted(let context):
            field = dotted(context.codingPath)
            problem = "has an invalid value: \(context.debugDescription)"
        @unknown default:
            field = ""
            problem = "is invalid: \(decodingError)"
        }
        let subject = field.isEmpty ? "The \(type) payload" : "\(type) field '\(field)'"
        return CaseworkError(
            code: .invalidPayload,
            message: "\(subject) \(problem). See Schemas/events/\(type).schema.json.",
            field: field.isEmpty ? nil : field,
            cause: error
        )
    }
}
