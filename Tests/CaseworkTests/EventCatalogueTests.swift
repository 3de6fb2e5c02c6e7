import Foundation
import Testing
@testable import Casework

@Suite struct EventCatalogueTests {
    @Test func everyEventTypeHasItsPayloadTypeAndOneExample() {
        #expect(EventType.allCases.count == 74)  // 64 + five agreement and four complaint events + CaseImported
        for type in EventType.allCases {
            #expect(EventCatalogue.payloadType(for: type).eventType == type)
            #expect(EventCatalogue.payloadType(for: type).schemaVersion >= 1)
        }
        #expect(EventCatalogue.all.count == EventType.allCases.count)
        #expect(EventCatalogue.examples.map(\.eventType) == EventType.allCases)
    }

    @Test(arguments: EventType.allCases)
    func exampleRoundTripsThroughTheCatalogue(type: EventType) throws {
        let example = EventsTestSupport.example(of: type)
        let data = try EventCatalogue.encode(example)
        let decoded = try EventCatalogue.decode(type, from: data)
        #expect(decoded.isEqual(to: example))
        #expect(try EventCatalogue.encode(decoded) == data, "encoding is deterministic")
        let byName = try EventCatalogue.decode(typeNamed: type.rawValue, from: data)
        #expect(byName.isEqual(to: example))
    }

    @Test func encodingIsCanonical() throws {
        let payload = ResponseSent(outcome: .grantedInFull, signedOffBy: "p.dand", sentAt: "2026-02-02T16:45:00Z")
        let text = String(decoding: try EventCatalogue.encode(payload), as: UTF8.self)
        #expect(text == #"{"documents":[],"exemptions":[],"outcome":"grantedInFull","sentAt":"2026-02-02T16:45:00Z","signedOffBy":"p.dand"}"#)
        let minimal = RequestAcknowledged(acknowledgedAt: "2026-01-05T14:10:00Z")
        #expect(String(decoding: try EventCatalogue.encode(minimal), as: UTF8.self) == #"{"acknowledgedAt":"2026-01-05T14:10:00Z"}"#,
                "absent optionals are omitted, never null")
        let exemption = ExemptionApplied(section: "21", exemptionClass: .absolute, reason: "Published")
        #expect(String(decoding: try EventCatalogue.encode(exemption), as: UTF8.self).contains(#""class":"absolute""#))
    }

    @Test func unknownEventTypeIsAClearError() {
        do {
            _ = try EventCatalogue.decode(typeNamed: "RequestRecieved", from: Data("{}".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unknownEventType)
            #expect(error.message.contains("RequestRecieved"))
            #expect(error.field == "type")
        }
    }

    private func decodeError(_ type: EventType, _ json: String) -> CaseworkError? {
        do {
            _ = try EventCatalogue.decode(type, from: Data(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func missingRequiredFieldIsNamed() throws {
        let error = try #require(decodeError(.feeNoticeIssued, #"{"amountPence":1250}"#))
        #expect(error.code == .invalidPayload)
        #expect(error.field == "issuedOn")
        #expect(error.message.contains("issuedOn"))
    }

    @Test func nestedMissingFieldIsNamedWithItsPath() throws {
        let json = #"{"channel":"email","receivedAt":"2026-01-05T09:30:00Z","regime":"foia","requester":{"email":"a@b.c"},"requesterType":"media","summary":"s"}"#
        let error = try #require(decodeError(.requestReceived, json))
        #expect(error.field == "requester.name")
    }

    @Test func invalidEnumValueIsNamed() throws {
        let json = #"{"channel":"carrierPigeon","receivedAt":"2026-01-05T09:30:00Z","regime":"foia","requester":{"name":"A"},"requesterType":"media","summary":"s"}"#
        let error = try #require(decodeError(.requestReceived, json))
        #expect(error.field == "channel")
    }

    @Test func wrongTypeIsNamed() throws {
        let error = try #require(decodeError(.feeNoticeIssued, #"{"amountPence":"12.50","issuedOn":"2026-01-12"}"#))
        #expect(error.field == "amountPence")
    }

    @Test func unknownFieldIsRefused() throws {
        let error = try #require(decodeError(.feePaid, #"{"paidOn":"2026-01-15","paidBy":"cheque"}"#))
        #expect(error.field == "paidBy")
        #expect(error.message.contains("no field"))
        let nested = try #require(decodeError(.requestReceived, #"{"channel":"email","receivedAt":"2026-01-05T09:30:00Z","regime":"foia","requester":{"name":"A","nino":"QQ123456C"},"requesterType":"media","summary":"s"}"#))
        #expect(nested.field == "requester.nino")
    }

    @Test func nullIsRefusedForOptionalFields() throws {
        let error = try #require(decodeError(.feePaid, #"{"paidOn":"2026-01-15","amountPence":null}"#))
        #expect(error.field == "amountPence")
        #expect(error.message.contains("null"))
    }

    @Test func floatingPointNumbersAreRefused() throws {
        let error = try #require(decodeError(.feePaid, #"{"paidOn":"2026-01-15","amountPence":12.5}"#))
        #expect(error.code == .invalidPayload)
    }

    @Test func nonObjectPayloadIsRefused() throws {
        #expect(decodeError(.noteAdded, #"["text"]"#)?.code == .invalidPayload)
        #expect(decodeError(.noteAdded, "not json")?.code == .invalidPayload)
    }

    @Test func correctionsCarryArbitraryJSON() throws {
        let json = #"{"correctsEventId":"4f6c2a8e-1b3d-4e5f-8a9b-0c1d2e3f4a5b","reason":"typo","corrections":{"a":null,"b":[1,true,"x",{"c":-3}]}}"#
        let payload = try EventCatalogue.decode(.corrected, from: Data(json.utf8))
        let corrected = try #require(payload as? Corrected)
        #expect(corrected.corrections["a"] == .null)
        #expect(corrected.corrections["b"] == .array([.int(1), .bool(true), .string("x"), .object(["c": .int(-3)])]))
    }

    @Test func allowedKinds() {
        #expect(EventCatalogue.allowedKinds(for: .iCONotified) == [.breach])
        #expect(EventCatalogue.allowedKinds(for: .feePaid) == [.request, .subjectAccess])
        #expect(EventCatalogue.allowedKinds(for: .internalReviewDecided) == [.request, .subjectAccess])
        #expect(EventCatalogue.allowedKinds(for: .noteAdded) == Set(CaseKind.allCases))
        #expect(EventCatalogue.allowedKinds(for: .publishedToDisclosureLog) == [.request])
        for kind in CaseKind.allCases {
            #expect(EventType.openingEvent(for: kind).allowedKinds == [kind])
        }
    }

    @Test func personalDataErasedHoldsNoPersonalData() {
        #expect(PersonalDataErased.personalFields.isEmpty)
        #expect(RequestReceived.personalFields == [PersonalField(path: "requester", scope: .requester)])
        #expect(!RequestReceived.personalFields.contains { $0.path == "summary" }, "the summary is published")
    }
}
