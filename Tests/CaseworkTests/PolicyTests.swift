import Foundation
import Testing
@testable import Casework

private func defaultPolicyObject() throws -> [String: Any] {
    let url = try #require(Bundle.module.url(forResource: "default-policy", withExtension: "json"))
    return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
}

private func loadError(_ change: (inout [String: Any]) -> Void) throws -> PolicyError? {
    var object = try defaultPolicyObject()
    change(&object)
    do {
        _ = try Policy.load(from: JSONSerialization.data(withJSONObject: object))
        return nil
    } catch let error as PolicyError {
        return error
    }
}

private func setNested(_ object: inout [String: Any], _ key: String, _ field: String, _ value: Any) {
    var nested = object[key] as! [String: Any]
    nested[field] = value
    object[key] = nested
}

/// The repository's Schemas folder, found from this file (through the scratch package's symlink).
private func schemaURL(_ name: String) -> URL {
    URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Schemas").appendingPathComponent(name)
}

@Suite("Policy")
struct PolicyTests {
    @Test("the bundled default policy")
    func defaults() {
        let p = Policy.default
        #expect(p.homeDivision == .englandAndWales)
        #expect(p.defaultRegime == .foia)
        #expect(p.sarRule == .currentLaw)
        #expect(p.costLimit == Policy.CostLimit(hourlyRatePence: 2500, limitPence: 45000,
                                                centralGovernmentLimitPence: 60000, centralGovernment: false))
        #expect(p.costLimit.appropriateLimitPence == 45000)
        #expect(p.costLimit.appropriateLimitHours == 18)
        #expect(p.acknowledgementHours == 48)
        #expect(p.breachReportWorkingDays == 2)
        #expect(p.breachUpdateCalendarDays == 14)
        #expect(p.nearMissReportWorkingDays == 5)
        #expect(p.internalReviewWorkingDays == 20)
        #expect(p.internalReviewMaxWorkingDays == 40)
        #expect(p.icoNotificationHours == 72)
        #expect(p.retention == Policy.Retention(foiRequesterYears: 3, sarYears: 3, breachYears: 6, nearMissYears: 3))
        #expect(p.lateEntryThresholdHours == 24)
        #expect(p.futureToleranceMinutes == 15)
        #expect(p.earliestEventDate == "1990-01-01")
        #expect(p.latestEventYearsAhead == 10)
        #expect(p.sarIdentityOrFeeRequestWorkingDays == 5)
    }

    @Test("a policy file written before the later settings loads with their defaults")
    func olderPolicyFile() throws {
        var object = try defaultPolicyObject()
        for key in Policy.defaultedKeys { object.removeValue(forKey: key) }
        #expect(try Policy.load(from: JSONSerialization.data(withJSONObject: object)) == Policy.default)
        // A long retention period widens the default window of future dates, so the file still loads.
        setNested(&object, "retention", "breachYears", 12)
        let long = try Policy.load(from: JSONSerialization.data(withJSONObject: object))
        #expect(long.latestEventYearsAhead == 12)
    }

    @Test("central government limit: 24 hours at £25")
    func centralGovernment() {
        var limit = Policy.default.costLimit
        limit.centralGovernment = true
        #expect(limit.appropriateLimitPence == 60000)
        #expect(limit.appropriateLimitHours == 24)
    }

    @Test("encodes and loads back unchanged")
    func roundTrip() throws {
        let data = try JSONEncoder().encode(Policy.default)
        #expect(try Policy.load(from: data) == Policy.default)
    }

    @Test("late entries")
    func lateEntry() {
        let occurred = Date(timeIntervalSince1970: 1_767_605_400)
        #expect(!Policy.default.isLateEntry(occurredAt: occurred, recordedAt: occurred.addingTimeInterval(23 * 3600)))
        #expect(Policy.default.isLateEntry(occurredAt: occurred, recordedAt: occurred.addingTimeInterval(24 * 3600)))
    }

    @Test("load errors name the bad field")
    func errors() throws {
        let notJSON: PolicyError?
        do { _ = try Policy.load(from: Data("{".utf8)); notJSON = nil } catch let error as PolicyError { notJSON = error }
        #expect(notJSON?.code == .notJSON)

        let typo = try loadError { $0["acknowledgmentHours"] = 48 }
        #expect(typo?.code == .unknownField)
        #expect(typo?.field == "acknowledgmentHours")

        let nestedTypo = try loadError { setNested(&$0, "retention", "breachYear", 6) }
        #expect(nestedTypo?.field == "retention.breachYear")

        let missing = try loadError { $0.removeValue(forKey: "icoNotificationHours") }
        #expect(missing?.code == .missingField)
        #expect(missing?.field == "icoNotificationHours")

        let missingNested = try loadError { object in
            var cost = object["costLimit"] as! [String: Any]
            cost.removeValue(forKey: "limitPence")
            object["costLimit"] = cost
        }
        #expect(missingNested?.field == "costLimit.limitPence")

        let negative = try loadError { $0["breachReportWorkingDays"] = -1 }
        #expect(negative?.code == .invalidValue)
        #expect(negative?.field == "breachReportWorkingDays")
        #expect(negative?.message.contains("-1") == true)

        let fractional = try loadError { setNested(&$0, "costLimit", "hourlyRatePence", 2500.5) }
        #expect(fractional?.code == .badType)
        #expect(fractional?.field == "costLimit.hourlyRatePence")
        #expect(try loadError { $0["acknowledgementHours"] = true }?.field == "acknowledgementHours")
        let exponent = String(decoding: try JSONSerialization.data(withJSONObject: defaultPolicyObject()), as: UTF8.self)
            .replacingOccurrences(of: #""acknowledgementHours":48"#, with: #""acknowledgementHours":4.8e1"#)
        #expect(exponent.contains("4.8e1"))
        #expect(throws: PolicyError.self) { try Policy.load(from: Data(exponent.utf8)) }
        #expect(try loadError { $0["acknowledgementHours"] = NSNull() }?.field == "acknowledgementHours")

        // Every whole-number setting, nested ones too, is checked as an integer with its name
        // (found from the policy's own stored properties, so a setting added later is not missed).
        var integers: [String] = []
        for child in Mirror(reflecting: Policy.default).children {
            guard let label = child.label else { continue }
            if child.value is Int { integers.append(label) }
            if child.value is LocalDate { continue }  // written as one "YYYY-MM-DD" string
            for nested in Mirror(reflecting: child.value).children where nested.value is Int {
                integers.append("\(label).\(nested.label!)")
            }
        }
        #expect(Set(integers) == Set(Policy.integerFields), "\(Set(integers).symmetricDifference(Policy.integerFields).sorted())")
        for path in integers {
            let parts = path.split(separator: ".").map(String.init)
            let error = try loadError { parts.count == 1 ? ($0[parts[0]] = 1.5) : setNested(&$0, parts[0], parts[1], 1.5) }
            #expect(error?.code == .badType && error?.field == path, "\(path): \(error?.message ?? "accepted 1.5")")
        }

        let wrongType = try loadError { $0["acknowledgementHours"] = "48" }
        #expect(wrongType?.code == .badType)
        #expect(wrongType?.field == "acknowledgementHours")
        #expect(wrongType?.message == "acknowledgementHours: expected an integer")

        let badDivision = try loadError { $0["homeDivision"] = "wales" }
        #expect(badDivision?.field == "homeDivision")
        #expect(badDivision?.message == "homeDivision: must be one of england-and-wales, scotland, northern-ireland")

        let badRule = try loadError { $0["sarRule"] = "thirtyDays" }
        #expect(badRule?.field == "sarRule")

        let tooLate = try loadError { $0["icoNotificationHours"] = 96 }
        #expect(tooLate?.field == "icoNotificationHours")

        let reviewOrder = try loadError { $0["internalReviewMaxWorkingDays"] = 15 }
        #expect(reviewOrder?.field == "internalReviewMaxWorkingDays")

        let reviewTooLong = try loadError { $0["internalReviewMaxWorkingDays"] = 60 }
        #expect(reviewTooLong?.field == "internalReviewMaxWorkingDays")

        let zeroRetention = try loadError { setNested(&$0, "retention", "sarYears", 0) }
        #expect(zeroRetention?.field == "retention.sarYears")

        let blankName = try loadError { $0["organisationName"] = "  " }
        #expect(blankName?.field == "organisationName")

        let negativeLate = try loadError { $0["lateEntryThresholdHours"] = -2 }
        #expect(negativeLate?.field == "lateEntryThresholdHours")

        let zeroRate = try loadError { setNested(&$0, "costLimit", "hourlyRatePence", 0) }
        #expect(zeroRate?.field == "costLimit.hourlyRatePence")

        #expect(try loadError { $0["futureToleranceMinutes"] = -1 }?.field == "futureToleranceMinutes")
        #expect(try loadError { $0["futureToleranceMinutes"] = 1.5 }?.code == .badType)
        let badEarliest = try loadError { $0["earliestEventDate"] = "1990-02-30" }
        #expect(badEarliest?.field == "earliestEventDate")
        #expect(badEarliest?.message == "earliestEventDate: must be a date written YYYY-MM-DD, e.g. 1990-01-01")
        #expect(try loadError { $0["earliestEventDate"] = "1066-10-14" }?.field == "earliestEventDate")
        let shortWindow = try loadError { $0["latestEventYearsAhead"] = 5 }
        #expect(shortWindow?.field == "latestEventYearsAhead")
        #expect(shortWindow?.message.contains("6 years") == true)
        #expect(try loadError { $0["latestEventYearsAhead"] = 101 }?.field == "latestEventYearsAhead")
        #expect(try loadError { $0["sarIdentityOrFeeRequestWorkingDays"] = 21 }?.field == "sarIdentityOrFeeRequestWorkingDays")
    }

    @Test("policy.schema.json lists exactly the fields Policy reads, the first release's required, no others allowed")
    func schemaMatches() throws {
        let data = try Data(contentsOf: schemaURL("policy.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        func keys(_ object: [String: Any]) throws -> (properties: Set<String>, required: Set<String>, closed: Bool) {
            let properties = try #require(object["properties"] as? [String: Any])
            let required = try #require(object["required"] as? [String])
            return (Set(properties.keys), Set(required), object["additionalProperties"] as? Bool == false)
        }
        let top = try keys(schema)
        #expect(top.properties == Policy.topLevelKeys)
        #expect(top.required == Policy.topLevelKeys.subtracting(Policy.defaultedKeys))
        #expect(top.closed)
        let properties = try #require(schema["properties"] as? [String: Any])
        // The settings that may be left out state the default the code applies.
        let defaults = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(Policy.default)) as? [String: Any])
        for key in Policy.defaultedKeys {
            let property = try #require(properties[key] as? [String: Any])
            #expect((property["default"] as? NSObject)?.isEqual(defaults[key]) == true, "\(key): the schema's default differs from the code's")
        }
        let cost = try keys(try #require(properties["costLimit"] as? [String: Any]))
        #expect(cost.properties == Policy.costLimitKeys && cost.required == Policy.costLimitKeys && cost.closed)
        let retention = try keys(try #require(properties["retention"] as? [String: Any]))
        #expect(retention.properties == Policy.retentionKeys && retention.required == Policy.retentionKeys && retention.closed)
        // The encoded default policy has exactly the schema's keys.
        let encoded = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(Policy.default)) as? [String: Any])
        #expect(Set(encoded.keys) == top.properties)
        // Enumerations agree with the Swift enums.
        let division = try #require(properties["homeDivision"] as? [String: Any])
        #expect(division["enum"] as? [String] == Division.allCases.map(\.rawValue))
        let regime = try #require(properties["defaultRegime"] as? [String: Any])
        #expect(regime["enum"] as? [String] == Regime.allCases.map(\.rawValue))
        let sarRule = try #require(properties["sarRule"] as? [String: Any])
        #expect(sarRule["enum"] as? [String] == Policy.SARRule.allCases.map(\.rawValue))
    }
}
