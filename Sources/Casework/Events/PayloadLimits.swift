import CanonicalJSON

/// The limits every payload value must keep, besides its type: what `Schemas/events/` states as
/// `minLength`, `maxLength`, `minimum` and `maximum` (the schema drift test holds the two together).
///
/// - Text is never empty or only white space (leave an optional field out instead) and at most
///   `maxTextLength` characters: long enough for a page of reasoning, short enough that a pasted
///   document cannot fill the log.
/// - Whole numbers are never negative; some have a tighter range (`integerRanges`).
public enum PayloadLimits {
    /// The most characters (Unicode scalars) any text value may hold.
    public static let maxTextLength = 20_000

    /// Integer fields with a range other than 0 and up, by `EventType.field`.
    public static let integerRanges: [String: ClosedRange<Int64>] = [
        "CostLimitApplied.limitPence": 1...Int64.max,
        "CostLimitApplied.hourlyRatePence": 1...Int64.max,
        "DeadlineExtended.workingDays": 1...20,
        "FeeNoticeIssued.amountPence": 1...Int64.max,
        "FeeRequested.amountPence": 1...Int64.max,
        "SARExtended.months": 1...2,
        "InternalReviewExtended.workingDays": 1...20,
        "SARReceived.dataSubjectAge": 0...17,
    ]

    /// The first value of `payload` (an event of `type`) outside its limits, as (dotted path, what is wrong).
    static func firstViolation(in payload: JSONValue, type: EventType) -> (String, String)? {
        check(payload, path: "", type: type)
    }

    private static func check(_ value: JSONValue, path: String, type: EventType) -> (String, String)? {
        switch value {
        case .string(let s):
            if s.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
                return (path, "is empty; write the text, or leave an optional field out")
            }
            if s.unicodeScalars.count > maxTextLength {
                return (path, "has \(s.unicodeScalars.count) characters; the most a field may hold is \(maxTextLength) (attach long documents by their SHA-256 instead)")
            }
        case .int(let n):
            // A correction's values stand for fields of another event, whose own limits apply
            // to them there; only the text limits are checked here.
            if type == .corrected { return nil }
            let key = "\(type.rawValue).\(path)"
            let range = integerRanges[key] ?? 0...Int64.max
            if !range.contains(n) {
                let bound = range.upperBound == Int64.max ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
                return (path, "is \(n); it must be \(bound)")
            }
        case .array(let items):
            for (i, item) in items.enumerated() {
                if let found = check(item, path: "\(path)[\(i)]", type: type) { return found }
            }
        case .object(let members):
            for key in members.keys.sorted() {
                if let found = check(members[key]!, path: path.isEmpty ? key.string : "\(path).\(key)", type: type) { return found }
            }
        default:
            break
        }
        return nil
    }
}
