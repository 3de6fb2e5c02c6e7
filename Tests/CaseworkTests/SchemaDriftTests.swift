import Foundation
import Testing
@testable import Casework

/// Keeps Schemas/ and the Swift payload types in step: same fields, same required set, same
/// personal-data marking, and every Swift-made payload valid under the published schema.
@Suite struct SchemaDriftTests {
    typealias Support = EventsTestSupport

    @Test func oneSchemaPerEventTypeWithTheHouseHeader() throws {
        let files = try FileManager.default.contentsOfDirectory(
            atPath: Support.schemasDirectory.appendingPathComponent("events").path
        ).filter { $0.hasSuffix(".schema.json") }
        #expect(Set(files) == Set(EventType.allCases.map { "\($0.rawValue).schema.json" }))
        for type in EventType.allCases {
            let schema = try Support.schema(for: type)
            #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
            #expect(schema["$id"] == .string("https://casebook.example/schemas/events/\(type.rawValue).schema.json"))
            #expect(schema["title"] == .string(type.rawValue))
            #expect(schema["type"] == .string("object"))
            #expect(schema["additionalProperties"] == .bool(false))
        }
    }

    /// The x-personal paths of a schema, dotted for nested objects.
    private func personalPaths(in schema: JSONValue, prefix: String = "") -> Set<PersonalField> {
        var found: Set<PersonalField> = []
        for (key, property) in (schema["properties"]?.objectValue ?? [:]).map({ ($0.key.string, $0.value) }) {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if property["x-personal"] == .bool(true) {
                let scope = property["x-personal-scope"]?.stringValue.flatMap(PersonalScope.init(rawValue:))
                #expect(scope != nil, "\(path) is x-personal without a valid x-personal-scope")
                found.insert(PersonalField(path: path, scope: scope ?? .case))
            } else {
                #expect(property["x-personal-scope"] == nil, "\(path) has a scope but is not x-personal")
                found.formUnion(personalPaths(in: property, prefix: path))
            }
        }
        return found
    }

    @Test(arguments: EventType.allCases)
    func personalFieldsMatchTheSchema(type: EventType) throws {
        let swift = EventCatalogue.personalFields(for: type)
        #expect(Set(swift).count == swift.count, "duplicate personal fields")
        #expect(personalPaths(in: try Support.schema(for: type)) == Set(swift))
    }

    /// Compares one object level of an example with its schema, recursing into nested objects.
    private func compare(_ value: JSONValue, _ schema: JSONValue, type: EventType, path: String, whole: JSONValue) throws {
        guard let members = value.objectValue, let properties = schema["properties"]?.objectValue else { return }
        let label = path.isEmpty ? type.rawValue : "\(type.rawValue).\(path)"
        #expect(Set(members.keys) == Set(properties.keys),
                "\(label): the example's fields (every optional filled in) differ from the schema's properties")
        let schemaRequired = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        var swiftRequired: Set<String> = []
        for key in members.names {
            let reduced = removing(key, at: path, from: whole)
            if (try? EventCatalogue.decode(type, from: Support.data(reduced))) == nil { swiftRequired.insert(key) }
        }
        #expect(swiftRequired == schemaRequired, "\(label): required fields differ (Swift vs schema)")
        for (key, member) in members.map({ ($0.key.string, $0.value) }) {
            guard let property = properties[key] else { continue }
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            if member.objectValue != nil {
                try compare(member, property, type: type, path: childPath, whole: whole)
            }
        }
    }

    /// `whole` without the member `key` of the object at dotted `path`.
    private func removing(_ key: String, at path: String, from whole: JSONValue) -> JSONValue {
        guard var members = whole.objectValue else { return whole }
        if path.isEmpty {
            members[key] = nil
            return .object(members)
        }
        let head = String(path.prefix { $0 != "." })
        let rest = path.count > head.count ? String(path.dropFirst(head.count + 1)) : ""
        if let child = members[head] { members[head] = removing(key, at: rest, from: child) }
        return .object(members)
    }

    @Test(arguments: EventType.allCases)
    func fieldsAndRequiredSetsMatchTheSchema(type: EventType) throws {
        let example = try Support.json(Support.example(of: type))
        try compare(example, try Support.schema(for: type), type: type, path: "", whole: example)
    }

    /// The example with every optional member (as Swift sees it) removed, recursively.
    private func minimal(_ type: EventType, _ whole: JSONValue, path: String = "") throws -> JSONValue {
        var current = whole
        let object = path.isEmpty ? whole : path.split(separator: ".").reduce(whole) { $0[String($1)] ?? .null }
        for key in (object.objectValue ?? [:]).names.sorted() {
            let reduced = removing(key, at: path, from: current)
            if (try? EventCatalogue.decode(type, from: Support.data(reduced))) != nil {
                current = reduced
            } else if object[key]?.objectValue != nil, type != .corrected {
                current = try minimal(type, current, path: path.isEmpty ? key : "\(path).\(key)")
            }
        }
        return current
    }

    /// Hand-built payloads beyond the catalogue's examples: other enum values and minimal shapes.
    private var extraPayloads: [any EventPayload] {
        [
            RequestReceived(channel: .webForm, receivedAt: "2026-03-01T23:59:59Z", regime: .eir,
                            requester: Requester(name: "Friends of the River"), requesterType: .campaign,
                            summary: "Water quality sampling results for the river, 2025"),
            ExemptionApplied(section: "12(5)(e)", exemptionClass: .qualified, reason: "Commercial confidentiality"),
            ExemptionApplied(section: "40(2)", exemptionClass: .absolute, reason: "Staff names below senior level"),
            DeadlineExtended(reason: .complexAndVoluminous, workingDays: 20),
            ResponseSent(outcome: .neitherConfirmNorDeny, exemptions: ["23(5)"], signedOffBy: "p.dand",
                         sentAt: "2026-02-02T16:45:00.250Z"),
            ICONotificationDecided(decision: .doNotNotify, reasons: "Encrypted laptop; key not compromised.",
                                   decidedAt: "2026-02-04T09:00:00Z"),
            ICOComplaintReceived(regulator: .scottishInformationCommissioner, receivedOn: "2026-05-01"),
            PersonalDataErased(subjectId: "ck_BR-2026-0007", scope: .case, reason: "Retention", erasedOn: "2032-03-01"),
            Corrected(correctsEventId: UUID().uuidString, reason: "Wrong regime", corrections: ["regime": .string("foisa")]),
            NearMissReviewed(weakness: .none, action: "No action: isolated slip", reviewedOn: "2026-03-10"),
        ]
    }

    @Test func examplesAndVariantsValidateAgainstTheSchemas() throws {
        try requireJSONSchema()
        try Support.withTemporaryDirectory { directory in
            var written = 0
            func write(_ value: JSONValue, _ name: String) throws {
                try Support.data(value).write(to: directory.appendingPathComponent(name))
                written += 1
            }
            for payload in EventCatalogue.examples {
                let type = payload.eventType
                let full = try Support.json(payload)
                try write(full, "\(type.rawValue).json")
                let reduced = try minimal(type, full)
                #expect((try? EventCatalogue.decode(type, from: Support.data(reduced))) != nil)
                if reduced != full { try write(reduced, "\(type.rawValue).minimal.json") }
            }
            for (index, payload) in extraPayloads.enumerated() {
                try write(try Support.json(payload), "\(payload.eventType.rawValue).extra-\(index).json")
            }
            let envelope: JSONValue = .object([
                "formatVersion": .int(1), "position": .int(0), "eventId": .string(UUID().uuidString),
                "case": .string("FOI-2026-0042"), "version": .int(1), "type": .string("RequestReceived"),
                "schemaVersion": .int(1), "occurredAt": .string("2026-01-05T09:30:00Z"),
                "recordedAt": .string("2026-01-05T09:31:02Z"),
                "actor": .object(["id": .string("a.officer"), "role": .string("officer")]),
                "correlationId": .string(UUID().uuidString),
                "payload": try Support.json(Support.example(of: .requestReceived)),
            ])
            try write(envelope, "envelope-RequestReceived.json")
            #expect(written > EventType.allCases.count + extraPayloads.count)
            let result = try runValidator(directory)
            #expect(result.status == 0, "schema validation failed:\n\(result.output)")
        }
    }

    @Test func validatorRejectsADriftedPayloadNamingFileAndPath() throws {
        try requireJSONSchema()
        try Support.withTemporaryDirectory { directory in
            var payload = try Support.json(Support.example(of: .feeNoticeIssued)).objectValue!
            payload["issuedOn"] = .string("12/01/2026")
            payload["currency"] = .string("GBP")
            try Support.data(.object(payload)).write(to: directory.appendingPathComponent("FeeNoticeIssued.json"))
            let result = try runValidator(directory)
            #expect(result.status == 1)
            #expect(result.output.contains("FeeNoticeIssued.json"))
            #expect(result.output.contains("$.issuedOn"))
            #expect(result.output.contains("currency"))
        }
    }

    // MARK: Running the Python validator

    private func requireJSONSchema() throws {
        let probe = try Support.run(["python3", "-c", "import jsonschema"])
        if probe.status != 0 {
            Issue.record("""
                The Python package jsonschema is not importable, so the schemas cannot be checked. \
                Run Tools/test (it installs jsonschema) or `python3 -m pip install jsonschema`.
                \(probe.output)
                """)
            throw MissingJSONSchema()
        }
    }

    private struct MissingJSONSchema: Error, CustomStringConvertible {
        var description: String { "jsonschema is not installed: run Tools/test" }
    }

    private func runValidator(_ directory: URL) throws -> (status: Int32, output: String) {
        let script = Support.repositoryRoot.appendingPathComponent("Tools/validate-events.py").path
        let result = try Support.run(["python3", script, directory.path], in: Support.repositoryRoot)
        if result.status == 3 {
            Issue.record("jsonschema is missing: run Tools/test (it installs it).\n\(result.output)")
        }
        return result
    }
}

/// The limits the schemas state (`minLength`, `maxLength`, `minimum`, `maximum`) are the limits
/// the decoder enforces: each is tried just inside and just outside on the type's example.
@Suite struct SchemaLimitsDriftTests {
    typealias Support = EventsTestSupport

    /// (dotted path, property schema) of every string and integer property, nested objects included.
    func properties(_ schema: JSONValue, prefix: String = "") -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        for (key, property) in (schema["properties"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }).map({ ($0.key.string, $0.value) }) {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            switch property["type"]?.stringValue {
            case "string"?, "integer"?: out.append((path, property))
            case "object"?: out += properties(property, prefix: path)
            default: break
            }
        }
        return out
    }

    func decodes(_ type: EventType, _ example: JSONValue, _ path: String, _ value: JSONValue) -> Bool {
        guard let p = FieldPath(path), let changed = p.replacing(in: example, with: value) else { return false }
        return (try? EventCatalogue.decode(type, from: Support.data(changed))) != nil
    }

    @Test(arguments: EventType.allCases)
    func limitsMatchTheSchema(type: EventType) throws {
        let schema = try Support.schema(for: type)
        let example = EventCatalogue.exampleJSON(for: type)
        for (path, property) in properties(schema) {
            guard let p = FieldPath(path), p.value(in: example) != nil else { continue }  // an optional the example leaves out
            if property["type"] == .string("string"), property["enum"] == nil, property["format"] == nil, property["pattern"] == nil {
                #expect(property["minLength"] == .int(1), "\(type).\(path): text needs minLength 1")
                #expect(property["maxLength"] == .int(Int64(PayloadLimits.maxTextLength)), "\(type).\(path): text needs maxLength \(PayloadLimits.maxTextLength)")
                #expect(decodes(type, example, path, .string("x")), "\(type).\(path): one character is refused")
                #expect(!decodes(type, example, path, .string("")), "\(type).\(path): empty text is accepted")
                #expect(!decodes(type, example, path, .string(" \n")), "\(type).\(path): blank text is accepted")
                #expect(decodes(type, example, path, .string(String(repeating: "é", count: PayloadLimits.maxTextLength))), "\(type).\(path): the longest text is refused")
                #expect(!decodes(type, example, path, .string(String(repeating: "a", count: PayloadLimits.maxTextLength + 1))), "\(type).\(path): over-long text is accepted")
            }
            if property["type"] == .string("integer"), type != .corrected {
                let minimum = try #require(property["minimum"]?.intValue, "\(type).\(path): an integer needs a minimum")
                #expect(decodes(type, example, path, .int(minimum)), "\(type).\(path): the minimum \(minimum) is refused")
                #expect(!decodes(type, example, path, .int(minimum - 1)), "\(type).\(path): \(minimum - 1) is accepted")
                if let maximum = property["maximum"]?.intValue {
                    #expect(decodes(type, example, path, .int(maximum)), "\(type).\(path): the maximum \(maximum) is refused")
                    #expect(!decodes(type, example, path, .int(maximum + 1)), "\(type).\(path): \(maximum + 1) is accepted")
                }
            }
        }
    }
}
