import CasebookCore
import Casework
import Foundation
import Registers

/// The web form of a case action, derived from its event's published payload schema
/// (`Schemas/events/<Event>.schema.json`, embedded as `EventSchemas`) and the action's own command
/// fields (`CaseAction.commandFields`), so a new action or a new payload field gets a form without
/// template code.
///
/// The schema, not the Swift payload type, is the source because it carries what a form needs and
/// a Swift type does not expose: the enumerations' values, which fields are required, the formats
/// (date, date-time), the personal-data marks and a description of each field for its hint.
struct ActionForm: Sendable {
    let action: CaseAction
    let fields: [FormField]

    /// How a field is asked for.
    enum Kind: Sendable, Equatable {
        case text, textarea, integer, boolean, date, dateTime
        case choice([String])
        case choices([String])
        /// A list of text values, one per line.
        case lines
        /// A list of objects, one per line, their members in this order separated by `|`.
        case objectLines([String])
        /// `field = value` lines.
        case assignments
        /// A group of fields (a nested object); its members follow as fields of their own.
        case group
    }

    struct FormField: Sendable {
        /// The payload path (`requester.name`) or command field name; the form control's name.
        var name: String
        var label: String
        var hint: String?
        var kind: Kind
        var required: Bool
        var personal: Bool
        /// The group (nested object) this field belongs to, if any.
        var parent: String?

        /// The HTML id of the field's (first) control, the error summary's link target.
        var id: String { "f-" + name.replacingOccurrences(of: ".", with: "-") }
        var anchor: String {
            switch kind {
            case .date, .dateTime: id + "-day"
            case .choice(let values) where values.count <= 6: id + "-0"
            case .choices, .boolean: id + "-0"
            default: id
            }
        }
    }

    /// The pseudo-field for when the action happened (the envelope's `occurredAt`).
    static let occurredAt = FormField(name: "occurredAt", label: "When it happened",
                                      hint: "Leave empty for now. The time is UK time.",
                                      kind: .dateTime, required: false, personal: false, parent: nil)

    private static let schemas: [String: JSONValue] = EventSchemas.texts.compactMapValues { try? JSONValue.parse($0) }

    init(_ action: CaseAction) {
        self.action = action
        let type = action.event.rawValue
        let schema = Self.schemas[type] ?? .object([:])
        let order = EventSchemas.order[type] ?? []
        let defaults = action.defaultDescriptions
        let derived = action.derivedPayloadFields
        var fields: [FormField] = []
        func property(_ path: String) -> (JSONValue, Bool)? {
            var node = schema
            var required = true
            let parts = path.split(separator: ".").map(String.init)
            for part in parts {
                let names = node["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
                required = required && names.contains(part)
                guard let next = node["properties"]?[part] else { return nil }
                node = next
            }
            return (node, required)
        }
        for path in order {
            let top = String(path.split(separator: ".").first ?? "")
            if derived.contains(top) { continue }
            guard let found = property(path) else { continue }
            let (p, schemaRequired) = found
            let parent = path.contains(".") ? top : nil
            let leaf = String(path.split(separator: ".").last ?? "")
            var hints: [String] = []
            if let d = p["description"]?.stringValue { hints.append(Self.sentence(d)) }
            let kind = Self.kind(of: p, name: leaf)
            if leaf.hasSuffix("Pence") { hints.append("In pence (£12.50 is 1250).") }
            if kind == .lines { hints.append("One per line.") }
            if case .objectLines(let members) = kind {
                hints.append("One per line: " + members.map(Labels.field).joined(separator: " | ") + ".")
            }
            if let d = defaults[path] { hints.append("Leave empty for \(d).") }
            let personal = p["x-personal"] == .bool(true) || (parent.flatMap { schema["properties"]?[$0]?["x-personal"] } == .bool(true))
            if personal && kind != .group { hints.append("Personal data: stored encrypted.") }
            fields.append(FormField(name: path, label: Labels.field(leaf), hint: hints.isEmpty ? nil : hints.joined(separator: " "),
                                    kind: kind, required: schemaRequired && defaults[path] == nil && (parent == nil || defaults[top] == nil),
                                    personal: personal, parent: parent))
        }
        for c in action.commandFields {
            let kind: Kind
            switch c.kind {
            case .text: kind = .text
            case .list: kind = .lines
            case .eventVersion: kind = .integer
            case .assignments: kind = .assignments
            }
            fields.append(FormField(name: c.name, label: c.label, hint: c.hint, kind: kind, required: c.required, personal: false, parent: nil))
        }
        self.fields = fields
    }

    static func kind(of p: JSONValue, name: String) -> Kind {
        let type = p["type"]?.stringValue
        switch type {
        case "string":
            if let values = p["enum"]?.arrayValue?.compactMap(\.stringValue) { return .choice(values) }
            switch p["format"]?.stringValue {
            case "date": return .date
            case "date-time": return .dateTime
            default: break
            }
            return Self.longText(name) ? .textarea : .text
        case "integer", "number": return .integer
        case "boolean": return .boolean
        case "array":
            let items = p["items"] ?? .object([:])
            if let values = items["enum"]?.arrayValue?.compactMap(\.stringValue) { return .choices(values) }
            if items["type"]?.stringValue == "object" {
                return .objectLines(EventSchemas.itemOrder(items))
            }
            return .lines
        case "object":
            return p["properties"]?.objectValue?.isEmpty == false ? .group : .assignments
        default:
            return .text
        }
    }

    /// Free text people write at length (reasons, summaries, descriptions) gets a text area.
    static func longText(_ name: String) -> Bool {
        let n = name.lowercased()
        return ["reason", "summary", "description", "text", "note", "detail", "wentwrong", "actiontaken", "strengthening", "plan",
                "about", "restriction", "advice", "reasoning", "outcome", "findings", "lessons", "what", "how", "basis", "information"]
            .contains { n.contains($0) } && !n.hasSuffix("on") && !n.hasSuffix("at")
    }

    static func sentence(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let first = t.first else { return t }
        let s = first.uppercased() + t.dropFirst()
        return s.hasSuffix(".") ? s : s + "."
    }

    // MARK: Reading a posted form

    /// The command's fields and moment from the posted values, or the problems (field → message)
    /// of values that cannot be what the field asks for. Empty values are left out, so the
    /// vocabulary's defaults apply.
    func read(_ form: FormValues) -> (fields: JSONObject, occurredAt: String?, problems: [(field: String, message: String)]) {
        var out: JSONObject = [:]
        var groups: [String: JSONObject] = [:]
        var problems: [(field: String, message: String)] = []
        func put(_ field: FormField, _ value: JSONValue) {
            if let parent = field.parent {
                groups[parent, default: [:]][String(field.name.split(separator: ".").last ?? "")] = value
            } else {
                out[field.name] = value
            }
        }
        for field in fields {
            let raw = form.value(field.name).trimmingCharacters(in: .whitespacesAndNewlines)
            switch field.kind {
            case .group:
                continue
            case .text, .textarea:
                if !raw.isEmpty { put(field, .string(raw)) }
            case .choice:
                if !raw.isEmpty { put(field, .string(raw)) }
            case .integer:
                guard !raw.isEmpty else { continue }
                if let n = Int64(raw.replacingOccurrences(of: ",", with: "")) { put(field, .int(n)) } else {
                    problems.append((field.name, "\(field.label) must be a whole number, like 12"))
                }
            case .boolean:
                if raw == "true" { put(field, .bool(true)) } else if raw == "false" { put(field, .bool(false)) }
            case .choices:
                let values = form.values(field.name).filter { !$0.isEmpty }
                if !values.isEmpty { put(field, .array(values.map(JSONValue.string))) }
            case .lines:
                let lines = Self.lines(raw)
                if !lines.isEmpty { put(field, .array(lines.map(JSONValue.string))) }
            case .objectLines(let members):
                let lines = Self.lines(raw)
                guard !lines.isEmpty else { continue }
                var items: [JSONValue] = []
                for (i, line) in lines.enumerated() {
                    let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard parts.count == members.count else {
                        problems.append((field.name, "\(field.label), line \(i + 1): write \(members.count) values separated by |, like " +
                                         members.map(Labels.field).joined(separator: " | ")))
                        continue
                    }
                    var item: JSONObject = [:]
                    for (m, v) in zip(members, parts) where !v.isEmpty { item[m] = .string(v) }
                    items.append(.object(item))
                }
                put(field, .array(items))
            case .assignments:
                let lines = Self.lines(raw)
                guard !lines.isEmpty else { continue }
                var pairs: JSONObject = [:]
                for (i, line) in lines.enumerated() {
                    guard let eq = line.firstIndex(of: "=") else {
                        problems.append((field.name, "\(field.label), line \(i + 1): write field = new value"))
                        continue
                    }
                    let key = line[..<eq].trimmingCharacters(in: .whitespaces)
                    let text = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
                    guard !key.isEmpty else {
                        problems.append((field.name, "\(field.label), line \(i + 1): name the field before ="))
                        continue
                    }
                    // A number, true/false, a list or a quoted string as JSON; anything else as text.
                    let value = (try? JSONValue.parse(text)).flatMap { v -> JSONValue? in
                        if case .object = v { return nil }
                        return v
                    } ?? .string(text)
                    pairs[key] = value
                }
                put(field, .object(pairs))
            case .date:
                switch Self.day(form, field.name) {
                case .none: break
                case .some(.success(let text)): put(field, .string(text))
                case .some(.failure(let message)): problems.append((field.name, "\(field.label): \(message)"))
                }
            case .dateTime:
                switch Self.moment(form, field.name) {
                case .none: break
                case .some(.success(let text)): put(field, .string(text))
                case .some(.failure(let message)): problems.append((field.name, "\(field.label): \(message)"))
                }
            }
        }
        for (name, members) in groups where !members.isEmpty { out[name] = .object(members) }
        var occurred: String?
        switch Self.moment(form, Self.occurredAt.name) {
        case .none: break
        case .some(.success(let text)): occurred = text
        case .some(.failure(let message)): problems.append((Self.occurredAt.name, "\(Self.occurredAt.label): \(message)"))
        }
        return (out, occurred, problems)
    }

    enum Parsed { case success(String), failure(String) }

    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `name-day`, `name-month`, `name-year` as `YYYY-MM-DD`; nil when all are empty.
    static func day(_ form: FormValues, _ name: String) -> Parsed? {
        let parts = ["day", "month", "year"].map { form.value("\(name)-\($0)").trimmingCharacters(in: .whitespaces) }
        if parts.allSatisfy(\.isEmpty) { return nil }
        let missing = zip(["day", "month", "year"], parts).filter { $0.1.isEmpty }.map(\.0)
        if !missing.isEmpty { return .failure("the date must include a \(missing.joined(separator: " and a "))") }
        guard let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else {
            return .failure("the day, month and year must be numbers, like 27 3 2026")
        }
        guard (1...31).contains(d), (1...12).contains(m), (1000...9999).contains(y) else {
            return .failure("the date must be a real date: day 1–31, month 1–12, a four-digit year")
        }
        let text = String(format: "%04d-%02d-%02d", y, m, d)
        guard LocalDate(iso: text) != nil else { return .failure("\(text) is not a real date") }
        return .success(text)
    }

    /// A day (as `day`) and an optional `name-time` (HH:MM, UK time) as a moment people type.
    static func moment(_ form: FormValues, _ name: String) -> Parsed? {
        let time = form.value("\(name)-time").trimmingCharacters(in: .whitespaces)
        guard let day = day(form, name) else {
            return time.isEmpty ? nil : .failure("give the day, month and year as well as the time")
        }
        guard case .success(let date) = day else { return day }
        if time.isEmpty { return .success(date) }
        let hm = time.replacingOccurrences(of: ".", with: ":").split(separator: ":")
        guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...23).contains(h), (0...59).contains(m) else {
            return .failure("the time must be hours and minutes on the 24-hour clock, like 14:30")
        }
        return .success(date + String(format: " %02d:%02d", h, m))
    }
}

extension EventSchemas {
    /// The members of an array's object items, in the schema's order (required first otherwise).
    static func itemOrder(_ items: JSONValue) -> [String] {
        let required = items["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let all = items["properties"]?.objectValue?.names.sorted() ?? []
        return required + all.filter { !required.contains($0) }
    }
}

/// The values of a posted `application/x-www-form-urlencoded` body, keeping repeated names
/// (checkboxes) in order.
struct FormValues: Sendable {
    var pairs: [(String, String)]

    init(body: String) {
        pairs = body.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let key = parts.first else { return nil }
            return (decode(key), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    func value(_ name: String) -> String { pairs.last { $0.0 == name }?.1 ?? "" }
    func values(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }

    /// The last value of each name, for `FormGuard.verify`.
    var dictionary: [String: String] {
        var out: [String: String] = [:]
        for (k, v) in pairs { out[k] = v }
        return out
    }
}
