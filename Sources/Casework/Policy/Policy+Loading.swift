import Foundation

extension Policy {
    /// The policy that ships with Casework (Resources/default-policy.json).
    public static let `default`: Policy = {
        guard let url = Bundle.module.url(forResource: "default-policy", withExtension: "json") else {
            preconditionFailure("BUG DETECTED: Casework resource default-policy.json is missing from the bundle")
        }
        do {
            return try Policy.load(from: Data(contentsOf: url))
        } catch {
            preconditionFailure("BUG DETECTED: bundled default-policy.json is invalid: \(error)")
        }
    }()

    /// Reads and validates a policy file.
    /// - Throws: `PolicyError` whose `field` names the offending field as a dotted path
    ///   (e.g. `costLimit.hourlyRatePence`) and whose message says what is wrong.
    public static func load(from data: Data) throws -> Policy {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw PolicyError(.notJSON, field: nil, "policy file is not valid JSON: \(error.localizedDescription)")
        }
        guard let object = root as? [String: Any] else {
            throw PolicyError(.badType, field: nil, "policy file must be a JSON object")
        }
        try rejectUnknownKeys(object, allowed: topLevelKeys, prefix: "")
        for (key, allowed) in [("costLimit", costLimitKeys), ("retention", retentionKeys)] {
            if let nested = object[key] as? [String: Any] {
                try rejectUnknownKeys(nested, allowed: allowed, prefix: key + ".")
            }
        }
        try requireIntegers(object)
        let policy: Policy
        do {
            policy = try JSONDecoder().decode(Policy.self, from: data)
        } catch let error as DecodingError {
            throw PolicyError(decoding: error)
        }
        try policy.validate()
        return policy
    }

    /// Checks every value is in range.
    /// - Throws: `PolicyError` with code `.invalidValue` naming the first bad field.
    public func validate() throws {
        func require(_ condition: Bool, _ field: String, _ message: String) throws {
            if !condition { throw PolicyError(.invalidValue, field: field, "\(field): \(message)") }
        }
        try require(!organisationName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                    "organisationName", "must not be empty")
        try require(costLimit.hourlyRatePence > 0, "costLimit.hourlyRatePence",
                    "must be a positive number of pence (got \(costLimit.hourlyRatePence))")
        try require(costLimit.limitPence > 0, "costLimit.limitPence",
                    "must be a positive number of pence (got \(costLimit.limitPence))")
        try require(costLimit.centralGovernmentLimitPence > 0, "costLimit.centralGovernmentLimitPence",
                    "must be a positive number of pence (got \(costLimit.centralGovernmentLimitPence))")
        try require(acknowledgementHours >= 1, "acknowledgementHours",
                    "must be at least 1 hour (got \(acknowledgementHours))")
        try require(breachReportWorkingDays >= 1, "breachReportWorkingDays",
                    "must be at least 1 working day (got \(breachReportWorkingDays))")
        try require(breachUpdateCalendarDays >= 1, "breachUpdateCalendarDays",
                    "must be at least 1 day (got \(breachUpdateCalendarDays))")
        try require(nearMissReportWorkingDays >= 1, "nearMissReportWorkingDays",
                    "must be at least 1 working day (got \(nearMissReportWorkingDays))")
        try require((1...40).contains(internalReviewWorkingDays), "internalReviewWorkingDays",
                    "must be 1 to 40 working days (got \(internalReviewWorkingDays))")
        try require((internalReviewWorkingDays...40).contains(internalReviewMaxWorkingDays),
                    "internalReviewMaxWorkingDays",
                    "must be between internalReviewWorkingDays (\(internalReviewWorkingDays)) and 40 working days (got \(internalReviewMaxWorkingDays)); the s45 Code of Practice and EIR reg 11(4) allow no more than 40")
        try require((1...72).contains(icoNotificationHours), "icoNotificationHours",
                    "must be 1 to 72 hours (got \(icoNotificationHours)); UK GDPR Art 33(1) allows no more than 72")
        try require(retention.foiRequesterYears >= 1, "retention.foiRequesterYears",
                    "must be at least 1 year (got \(retention.foiRequesterYears))")
        try require(retention.sarYears >= 1, "retention.sarYears",
                    "must be at least 1 year (got \(retention.sarYears))")
        try require(retention.breachYears >= 1, "retention.breachYears",
                    "must be at least 1 year (got \(retention.breachYears))")
        try require(retention.nearMissYears >= 1, "retention.nearMissYears",
                    "must be at least 1 year (got \(retention.nearMissYears))")
        try require(lateEntryThresholdHours >= 0, "lateEntryThresholdHours",
                    "must not be negative (got \(lateEntryThresholdHours))")
        try require((0...1440).contains(futureToleranceMinutes), "futureToleranceMinutes",
                    "must be 0 to 1440 minutes (got \(futureToleranceMinutes)); a step dated more than a day after it is recorded has not happened yet")
        try require(earliestEventDate.year >= 1900 && earliestEventDate.year <= 2100, "earliestEventDate",
                    "must be a day from 1900 to 2100 (got \(earliestEventDate))")
        let longestRetention = retention.longestYears
        try require(latestEventYearsAhead >= longestRetention && latestEventYearsAhead <= 100, "latestEventYearsAhead",
                    "must be between the longest retention period (\(longestRetention) years) and 100 years (got \(latestEventYearsAhead)), so that a disposal date can be recorded")
        try require((0...20).contains(sarIdentityOrFeeRequestWorkingDays), "sarIdentityOrFeeRequestWorkingDays",
                    "must be 0 to 20 working days (got \(sarIdentityOrFeeRequestWorkingDays)); a request made later than a month's work cannot be called prompt")
        try require((1...17).contains(sarChildCapacityAge), "sarChildCapacityAge",
                    "must be an age from 1 to 17 (got \(sarChildCapacityAge)); the data protection policy §2.2.4 presumes capacity from 12")
        try require((1...15).contains(thirdPartyEducationalRecordWorkingDays), "thirdPartyEducationalRecordWorkingDays",
                    "must be 1 to 15 working days (got \(thirdPartyEducationalRecordWorkingDays)); the data protection policy Appendix 4 §§2.5.3.2 and 2.8.2 allow at most 15 school days, and a working day is never shorter than a school day")
        try require((1...60).contains(thirdPartyDefaultWorkingDays), "thirdPartyDefaultWorkingDays",
                    "must be 1 to 60 working days (got \(thirdPartyDefaultWorkingDays))")
        try require((0...5000).contains(parentEducationalRecordMaxFeePence), "parentEducationalRecordMaxFeePence",
                    "must be 0 to 5000 pence (got \(parentEducationalRecordMaxFeePence)); the data protection policy Appendix 4 §2.5.3.2 caps the fee at £50.00")
        try require((0...5).contains(breachImmediateReportWorkingDays), "breachImmediateReportWorkingDays",
                    "must be 0 to 5 working days (got \(breachImmediateReportWorkingDays)); the breach procedure §3.1 says 'immediately', so 0 (the same working day) unless the organisation sets a short allowance")
        try require((1...60).contains(complaintResponseWorkingDays), "complaintResponseWorkingDays",
                    "must be 1 to 60 working days (got \(complaintResponseWorkingDays)); the complaints procedure the data-sharing guidance §6 asks for answers within weeks, not months")
    }

    /// Every setting a policy file may hold: the policy's own coding keys.
    static let topLevelKeys = Set(CodingKeys.allCases.map(\.rawValue))
    /// The settings added after the first release: optional in a policy file, with defaults.
    static let defaultedKeys: Set<String> = [
        "futureToleranceMinutes", "earliestEventDate", "latestEventYearsAhead", "sarIdentityOrFeeRequestWorkingDays",
        "sarChildCapacityAge",
        "thirdPartyEducationalRecordWorkingDays", "thirdPartyDefaultWorkingDays", "parentEducationalRecordMaxFeePence",
        "breachImmediateReportWorkingDays",
        "complaintResponseWorkingDays", "defaultMarking",
    ]
    static let costLimitKeys: Set<String> = [
        "hourlyRatePence", "limitPence", "centralGovernmentLimitPence", "centralGovernment",
    ]
    static let retentionKeys: Set<String> = ["foiRequesterYears", "sarYears", "breachYears", "nearMissYears"]

    static let integerFields: [String] = [
        "acknowledgementHours", "breachReportWorkingDays", "breachUpdateCalendarDays", "nearMissReportWorkingDays",
        "internalReviewWorkingDays", "internalReviewMaxWorkingDays", "icoNotificationHours", "lateEntryThresholdHours",
        "futureToleranceMinutes", "latestEventYearsAhead", "sarIdentityOrFeeRequestWorkingDays", "sarChildCapacityAge",
        "thirdPartyEducationalRecordWorkingDays", "thirdPartyDefaultWorkingDays", "parentEducationalRecordMaxFeePence", "breachImmediateReportWorkingDays", "complaintResponseWorkingDays",
        "costLimit.hourlyRatePence", "costLimit.limitPence", "costLimit.centralGovernmentLimitPence",
        "retention.foiRequesterYears", "retention.sarYears", "retention.breachYears", "retention.nearMissYears",
    ]

    /// Refuses fractions, exponents, booleans and out-of-range numbers where an integer is due,
    /// naming the field (JSONDecoder reports those without a path).
    private static func requireIntegers(_ object: [String: Any]) throws {
        for path in integerFields {
            let parts = path.split(separator: ".").map(String.init)
            var current: Any? = object
            for part in parts { current = (current as? [String: Any])?[part] }
            guard let value = current else { continue }  // missing: reported by the decoder
            // JSONSerialization yields integer NSNumbers ("i"/"q"/"l"/"s"); "c" is a JSON boolean,
            // "d" a fraction, exponent or a number too large for Int.
            let kind = (value as? NSNumber).map { String(cString: $0.objCType) }
            guard value is NSNumber, let kind, ["i", "q", "l", "s"].contains(kind) else {
                throw PolicyError(.badType, field: path, "\(path): expected an integer")
            }
        }
    }

    private static func rejectUnknownKeys(_ object: [String: Any], allowed: Set<String>, prefix: String) throws {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw PolicyError(.unknownField, field: prefix + unknown,
                              "\(prefix + unknown): unknown field (check the spelling; allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
    }
}

/// A policy file that cannot be used, naming the field at fault.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case notJSON, unknownField, missingField, badType, invalidValue
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        public static let notJSON = Code(.notJSON)
        public static let unknownField = Code(.unknownField)
        public static let missingField = Code(.missingField)
        public static let badType = Code(.badType)
        public static let invalidValue = Code(.invalidValue)
        public var description: String { value.rawValue }
    }

    public var code: Code
    /// The dotted path of the bad field (`retention.breachYears`), nil when the whole file is bad.
    public var field: String?
    public var message: String

    init(_ code: Code, field: String?, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    init(decoding error: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            self.init(.missingField, field: field, "\(field): required field is missing")
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            self.init(.badType, field: field, "\(field): expected \(PolicyError.describe(type))")
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            self.init(.badType, field: field, "\(field): expected \(PolicyError.describe(type)), got null")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            self.init(.badType, field: field.isEmpty ? nil : field,
                      "\(field.isEmpty ? "policy" : field): \(PolicyError.explain(context, field: field))")
        @unknown default:
            self.init(.badType, field: nil, "policy: \(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "an integer"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        default: "a value of type \(type)"
        }
    }

    private static func explain(_ context: DecodingError.Context, field: String) -> String {
        switch field.split(separator: ".").last.map(String.init) {
        case "homeDivision":
            "must be one of \(Division.allCases.map(\.rawValue).joined(separator: ", "))"
        case "defaultRegime":
            "must be one of \(Regime.allCases.map(\.rawValue).joined(separator: ", "))"
        case "sarRule":
            "must be one of \(Policy.SARRule.allCases.map(\.rawValue).joined(separator: ", "))"
        case "earliestEventDate":
            "must be a date written YYYY-MM-DD, e.g. 1990-01-01"
        default:
            context.debugDescription.contains("fit")
                ? "expected a whole number (integers only)" : context.debugDescription
        }
    }

    public var description: String { "PolicyError.\(code): \(message)" }
}
