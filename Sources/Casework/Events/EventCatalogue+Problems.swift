import CanonicalJSON
import Foundation

extension EventCatalogue {
    /// Decodes a payload like `decode(_:from:)`, but reports every problem at once: each missing
    /// field, each value of the wrong type or out of its vocabulary, each unknown field.
    ///
    /// After each problem the offending value is set aside (replaced by a well-formed value from
    /// the type's example payload, or removed when the example has none) and decoding runs again,
    /// so a person fixing a form learns everything wrong with it in one go.
    /// - Throws: `CaseworkError` `.invalidPayload`, with `problems` holding one error per field.
    public static func decodeReportingAll(_ type: EventType, from input: JSONValue) throws(CaseworkError) -> any EventPayload {
        guard case .object = input else {
            throw CaseworkError(code: .invalidPayload, message: "A \(type) payload must be a JSON object, not \(input.typeName).")
        }
        var problems: [CaseworkError] = []
        var current = input
        let example = exampleJSON(for: type)
        // Each round sets aside one field; a payload has far fewer fields than this bound.
        for _ in 0..<200 {
            do {
                let payload = try decode(type, from: current)
                if problems.isEmpty { return payload }
                break
            } catch {
                problems.append(error)
                guard let field = error.field, let path = FieldPath(field),
                      let repaired = path.replacing(in: current, with: path.value(in: example)), repaired != current
                else { break }
                current = repaired
            }
        }
        if problems.count == 1 { throw problems[0] }
        throw CaseworkError(
            code: .invalidPayload,
            message: "The \(type) payload has \(problems.count) problems: " + problems.map(\.message).joined(separator: " "),
            field: problems.first?.field, problems: problems)
    }

    /// The catalogue's example payload of `type` as JSON, or an empty object.
    public static func exampleJSON(for type: EventType) -> JSONValue {
        exampleCache.value(for: type)
    }

    private static let exampleCache = ExampleCache()
}

/// The example payloads as JSON, built once.
private final class ExampleCache: @unchecked Sendable {
    // Written once, under the lock, on first use; read-only afterwards.
    private let lock = NSLock()
    private var values: [EventType: JSONValue]?

    func value(for type: EventType) -> JSONValue {
        lock.lock()
        defer { lock.unlock() }
        if values == nil {
            var v: [EventType: JSONValue] = [:]
            for example in EventCatalogue.examples where v[example.eventType] == nil {
                if let data = try? EventCatalogue.encode(example), let json = try? JSONValue.parse(Array(data)) { v[example.eventType] = json }
            }
            values = v
        }
        return values?[type] ?? .object([:])
    }
}

/// A dotted field path with array indexes, as `CaseworkError.field` writes it: `a.b[0].c`.
struct FieldPath {
    enum Step: Equatable {
        case key(String)
        case index(Int)
    }

    var steps: [Step]

    init?(_ text: String) {
        var steps: [Step] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                let key = rest[..<bracket]
                if !key.isEmpty { steps.append(.key(String(key))) }
                rest = rest[bracket...]
                while rest.first == "[", let close = rest.firstIndex(of: "]"), let i = Int(rest[rest.index(after: rest.startIndex)..<close]) {
                    steps.append(.index(i))
                    rest = rest[rest.index(after: close)...]
                }
                guard rest.isEmpty else { return nil }
            } else {
                guard !rest.isEmpty else { return nil }
                steps.append(.key(String(rest)))
            }
        }
        guard !steps.isEmpty else { return nil }
        self.steps = steps
    }

    /// The value at this path in `root` (an array index beyond the end reads the first element,
    /// so an example's one element stands for every element).
    func value(in root: JSONValue) -> JSONValue? {
        var v: JSONValue? = root
        for step in steps {
            switch (step, v) {
            case (.key(let k), .object(let o)?): v = o[k]
            case (.index(let i), .array(let a)?): v = a.indices.contains(i) ? a[i] : a.first
            default: return nil
            }
        }
        return v
    }

    /// `root` with the value at this path replaced by `value`, or removed when `value` is nil;
    /// nil when the path does not lead anywhere in `root`.
    func replacing(in root: JSONValue, with value: JSONValue?) -> JSONValue? {
        Self.replace(root, steps[...], value)
    }

    private static func replace(_ node: JSONValue, _ steps: ArraySlice<Step>, _ value: JSONValue?) -> JSONValue? {
        guard let step = steps.first else { return value }
        let rest = steps.dropFirst()
        switch (step, node) {
        case (.key(let k), .object(var o)):
            if rest.isEmpty {
                o[k] = value
            } else {
                guard let child = o[k], let replaced = replace(child, rest, value) else { return nil }
                o[k] = replaced
            }
            return .object(o)
        case (.index(let i), .array(var a)) where a.indices.contains(i):
            if rest.isEmpty {
                if let value { a[i] = value } else { a.remove(at: i) }
            } else {
                guard let replaced = replace(a[i], rest, value) else { return nil }
                a[i] = replaced
            }
            return .array(a)
        default:
            // The parent is of the wrong shape: replace the parent instead.
            return nil
        }
    }
}
