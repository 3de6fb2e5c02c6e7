import Crypto
import Foundation
import Testing
@testable import LedgerStore

@Suite("FieldSealing")
struct FieldSealingTests {
    let eventA = UUID(uuidString: "0F8E2C4A-1B3D-4E5F-8A9B-0C1D2E3F4A5B")!
    let eventB = UUID(uuidString: "7A6B5C4D-3E2F-4A1B-9C8D-7E6F5A4B3C2D")!
    let keyring = [
        "subj-requester": SymmetricKey(data: [UInt8](repeating: 0x11, count: 32)),
        "subj-officer": SymmetricKey(data: [UInt8](repeating: 0x22, count: 32)),
    ]

    var payload: JSONValue {
        .object([
            "summary": .string("Minutes of the parking board, 2025"),
            "requester": .object(["name": .string("Zebedee Quixote-Canary"), "email": .string("zq.canary@example.org")]),
            "reportingOfficer": .object(["name": .string("Ada Officer"), "grade": .int(7)]),
            "contact": .null,
        ])
    }

    var fields: [(path: String, subject: String)] {
        [("requester", "subj-requester"), ("reportingOfficer.name", "subj-officer"),
         ("contact", "subj-requester"), ("absent", "subj-requester"), ("missing.nested", "subj-officer")]
    }

    func seal(_ payload: JSONValue, _ fields: [(path: String, subject: String)]? = nil, event: UUID? = nil) throws -> JSONValue {
        try FieldSealing.seal(payload: payload, fields: fields ?? self.fields, eventId: event ?? eventA) { keyring[$0]! }
    }

    func open(_ payload: JSONValue, event: UUID? = nil, mode: FieldSealing.OpenMode = .decrypt) throws -> JSONValue {
        try FieldSealing.open(payload: payload, eventId: event ?? eventA, mode: mode) { keyring[$0] }
    }

    @Test func sealsNestedPathsAndOpensThemAgain() throws {
        let sealed = try seal(payload)
        #expect(sealed["summary"] == payload["summary"])
        #expect(sealed["contact"] == .null)
        #expect(sealed["absent"] == nil)
        #expect(sealed["missing"] == nil)
        #expect(sealed["reportingOfficer"]?["grade"] == .int(7))
        let requester = try #require(sealed["requester"]?["$sealed"])
        #expect(requester["alg"] == .string("A256GCM"))
        #expect(requester["key"] == .string("subj-requester"))
        #expect(sealed["reportingOfficer"]?["name"]?["$sealed"]?["key"] == .string("subj-officer"))
        let ct = try #require(requester["ct"]?.stringValue.flatMap { Data(base64Encoded: $0) })
        #expect(ct.count == 12 + payload["requester"]!.canonicalBytes().count + 16)

        let text = sealed.canonicalString
        for secret in ["Zebedee", "Quixote", "zq.canary", "Ada Officer"] { #expect(!text.contains(secret)) }
        #expect(try open(sealed) == payload)
        #expect(FieldSealing.sealedSubjects(in: sealed) == ["subj-requester", "subj-officer"])
        #expect(FieldSealing.sealedSubjects(in: payload).isEmpty)
    }

    @Test func sealingIsDeterministicAndIdempotent() throws {
        let first = try seal(payload)
        #expect(try seal(payload).canonicalBytes() == first.canonicalBytes())
        // Re-sealing a sealed payload changes nothing.
        #expect(try seal(first).canonicalBytes() == first.canonicalBytes())

        let ctA = first["requester"]!["$sealed"]!["ct"]!
        let otherEvent = try seal(payload, event: eventB)
        #expect(otherEvent["requester"]!["$sealed"]!["ct"] != ctA)
        var changed = payload.objectValue!
        changed["requester"] = .object(["name": .string("Someone Else"), "email": .string("zq.canary@example.org")])
        let otherValue = try seal(.object(changed))
        let nonce = { (v: JSONValue) in Data(base64Encoded: v["requester"]!["$sealed"]!["ct"]!.stringValue!)!.prefix(12) }
        #expect(nonce(otherValue) != nonce(first))
        #expect(nonce(otherEvent) != nonce(first))
    }

    @Test func aSealedValueIsSelfContainedButBoundToItsSubject() async throws {
        let sealed = try seal(.object(["a": .string("Zebedee"), "b": .string("Quixote")]), [("a", "subj-requester"), ("b", "subj-requester")])
        // A register copies a sealed value out of its event: it still opens with the subject's
        // key alone (its place in the log is fixed by the event's hash, not by the cipher).
        let copied = try FieldSealing.open(payload: sealed["a"]!, mode: .decrypt) { keyring[$0] }
        #expect(copied == .string("Zebedee"))
        // Re-labelled with another subject: another key and another AAD, so it fails.
        var relabelled = sealed.objectValue!
        relabelled["a"] = .object(["$sealed": .object(["alg": .string("A256GCM"), "key": .string("subj-officer"), "ct": sealed["a"]!["$sealed"]!["ct"]!])])
        await expectLedgerError(.tampered) { try open(.object(relabelled)) }
    }

    @Test func alteredOrMalformedSealedValuesAreReportedAsTampering() async throws {
        let sealed = try seal(.object(["a": .string("Zebedee")]), [("a", "subj-requester")])
        var bytes = Data(base64Encoded: sealed["a"]!["$sealed"]!["ct"]!.stringValue!)!
        bytes[14] ^= 0x01
        let flipped = JSONValue.object(["a": .object(["$sealed": .object([
            "alg": .string("A256GCM"), "key": .string("subj-requester"), "ct": .string(bytes.base64EncodedString()),
        ])])])
        let error = await expectLedgerError(.tampered) { try open(flipped) }
        #expect(error?.message.contains("field a") == true)
        let malformed: [JSONValue] = [
            .object(["$sealed": .string("x")]),
            .object(["$sealed": .object(["alg": .string("A128CBC"), "key": .string("subj-requester"), "ct": .string("AAAA")])]),
            .object(["$sealed": .object(["alg": .string("A256GCM"), "key": .string("subj-requester"), "ct": .string("not base64!")])]),
            .object(["$sealed": sealed["a"]!["$sealed"]!, "extra": .int(1)]),
        ]
        for value in malformed {
            await expectLedgerError(.tampered) { try open(.object(["a": value])) }
        }
    }

    @Test func redactionReplacesSealedValuesWithoutLookingUpKeys() throws {
        let sealed = try seal(payload)
        var lookups = 0
        let redacted = try FieldSealing.open(payload: sealed, eventId: eventA, mode: .redact) { _ in lookups += 1; return nil }
        #expect(lookups == 0)
        #expect(redacted["requester"] == .string("[redacted]"))
        #expect(redacted["reportingOfficer"]?["name"] == .string("[redacted]"))
        #expect(redacted["reportingOfficer"]?["grade"] == .int(7))
        #expect(redacted["summary"] == payload["summary"])
    }

    @Test func valuesWhoseKeyIsGoneReadAsErased() throws {
        let sealed = try seal(payload)
        var lookups: [String] = []
        let opened = try FieldSealing.open(payload: sealed, eventId: eventA, mode: .decrypt) { subject in
            lookups.append(subject)
            return subject == "subj-requester" ? nil : keyring[subject]
        }
        #expect(opened["requester"] == .string("[erased]"))
        #expect(opened["reportingOfficer"]?["name"] == .string("Ada Officer"))
        #expect(lookups.sorted() == ["subj-officer", "subj-requester"])  // each key looked up once
    }

    @Test func sealingRefusesBadRequestsAndSmuggledSealedValues() async throws {
        await expectLedgerError(.invalidInput) { try seal(payload, [("requester", "subj-requester"), ("requester.name", "subj-requester")]) }
        await expectLedgerError(.invalidInput) { try seal(payload, [("requester", "subj-requester"), ("requester", "subj-officer")]) }
        await expectLedgerError(.invalidInput) { try seal(payload, [("requester..name", "subj-requester")]) }
        await expectLedgerError(.invalidInput) { try seal(payload, [("summary.name", "subj-requester")]) }
        // A sealed-looking value the caller did not ask to seal.
        let sealed = try seal(payload)
        var smuggled = payload.objectValue!
        smuggled["note"] = sealed["requester"]
        await expectLedgerError(.invalidInput) { try seal(.object(smuggled)) }
        // An already-sealed value that does not belong to the subject named for its field.
        await expectLedgerError(.invalidInput) { try seal(sealed, [("requester", "subj-officer")]) }
    }

    @Test func erasingTheSubjectInTheKeystoreLeavesErasedValues() throws {
        try withKeystoreDirectory { dir in
            let keystore = try Keystore.open(at: dir + "/keystore", create: true)
            let subject = try #require(try keystore.subjectId(forIdentity: "zq.canary@example.org", create: true))
            let sealed = try FieldSealing.seal(payload: payload, fields: [("requester", subject)], eventId: eventA) {
                try keystore.sealingKey(for: $0)
            }
            let before = try FieldSealing.open(payload: sealed, eventId: eventA, mode: .decrypt) { try keystore.key(for: $0, create: false) }
            #expect(before == payload)
            try keystore.erase(subjects: [subject], reason: "retention", at: Timestamp(milliseconds: 0))
            let after = try FieldSealing.open(payload: sealed, eventId: eventA, mode: .decrypt) { try keystore.key(for: $0, create: false) }
            #expect(after["requester"] == .string("[erased]"))
            #expect(after["summary"] == payload["summary"])
        }
    }
}
