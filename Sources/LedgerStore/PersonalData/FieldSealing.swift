import Crypto
import Foundation

/// Encrypts individual values of an event payload under data subjects' keys, and opens them.
///
/// A sealed value replaces the plain one in place:
/// `{"$sealed":{"alg":"A256GCM","ct":"<base64(nonce 12 ‖ ciphertext ‖ tag 16)>","key":"<subject id>"}}`.
/// The plaintext is the value's canonical JSON; the additional authenticated data names the
/// format and the subject, so a value relabelled with another subject fails to open. A sealed
/// value is self-contained: a register that copies it can open it with the subject's key alone
/// (where it sits in the log is already fixed by the event's hash). The nonce is synthetic (as in SIV): the first 12 bytes of HMAC-SHA256 over
/// `nonce\n<event id>\n<path>\n<plaintext>`, keyed with a subkey derived from the subject's key
/// by HKDF. The same event, field and value therefore always seal to the same bytes (the
/// ledger's idempotent appends compare bytes), while different plaintexts never share a
/// (key, nonce) pair short of an HMAC collision.
///
/// Paths name object members: `requester` or, for nested objects, `reportingOfficer.name`.
/// The key `$sealed` is reserved for sealed values.
public enum FieldSealing {
    public static let algorithm = "A256GCM"
    public static let marker = "$sealed"
    /// What a sealed value reads as once its subject's key is destroyed.
    public static let erased = JSONValue.string("[erased]")
    /// What a sealed value reads as for someone not allowed to see personal data.
    public static let redacted = JSONValue.string("[redacted]")

    public enum OpenMode: Sendable, Hashable {
        /// Decrypt every sealed value; values whose key was erased read as `"[erased]"`.
        case decrypt
        /// Replace every sealed value with `"[redacted]"` without touching any key.
        case redact
    }

    /// Seals the values at `fields` of `payload`, each under its subject's key.
    ///
    /// A path that is absent, or holds null, is skipped (optional fields). A value that is
    /// already sealed is kept as it is after checking that it opens under that subject's key
    /// for this event and path, which makes sealing idempotent. `keys` is called once per
    /// subject; it should create keys durably (``Keystore/sealingKey(for:)``).
    ///
    /// Throws `.invalidInput` when a path runs through something that is not an object, when
    /// two paths overlap or one path names two subjects, or when the payload holds a `$sealed`
    /// object anywhere but at a requested path (callers must not smuggle in sealed values).
    public static func seal(
        payload: JSONValue, fields: [(path: String, subject: String)], eventId: UUID,
        keys: (String) throws -> SymmetricKey
    ) throws -> JSONValue {
        let requested = try validated(fields)
        try rejectForeignSeals(in: payload, path: "", allowed: requested)
        var keyCache: [String: SymmetricKey] = [:]
        func key(_ subject: String) throws -> SymmetricKey {
            if let key = keyCache[subject] { return key }
            let key = try keys(subject)
            keyCache[subject] = key
            return key
        }
        let event = eventId.uuidString.lowercased()
        var result = payload
        for path in requested.keys.sorted() {
            let subject = requested[path]!
            let components = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            result = try transform(result, at: components[...], path: path) { value in
                if value == .null { return value }
                if let sealed = try SealedValue(value, path: path, event: event) {
                    guard sealed.subject == subject else {
                        throw LedgerError(.invalidInput, "field \(path) is already sealed under \(sealed.subject), not \(subject)")
                    }
                    do { _ = try sealed.open(with: key(subject), path: path, event: event) } catch let error as LedgerError where error.code == .tampered {
                        throw LedgerError(.invalidInput, "field \(path) holds a sealed value that does not open under \(subject)'s key for this event", cause: error)
                    }
                    return value
                }
                return try SealedValue.seal(value, subject: subject, key: key(subject), path: path, event: event).json
            }
        }
        return result
    }

    /// Replaces every sealed value in `payload`: with its plaintext (`.decrypt`; `"[erased]"`
    /// when `keys` returns nil), or with `"[redacted]"` (`.redact`, which calls no keys).
    ///
    /// Throws `.tampered` when a sealed value is malformed or fails authentication: the stored
    /// event was altered, or the keystore holds another key for that subject (a keystore
    /// restored from the wrong backup).
    public static func open(
        payload: JSONValue, eventId: UUID? = nil, mode: OpenMode, keys: (String) throws -> SymmetricKey?
    ) throws -> JSONValue {
        var keyCache: [String: SymmetricKey?] = [:]
        let event = eventId?.uuidString.lowercased() ?? "(a copied value)"
        func walk(_ value: JSONValue, path: String) throws -> JSONValue {
            switch value {
            case .object(let members):
                if members[marker] != nil {
                    guard let sealed = try SealedValue(value, path: path, event: event) else { preconditionFailure("BUG DETECTED: unreachable") }
                    if mode == .redact { return redacted }
                    let key: SymmetricKey?
                    if let cached = keyCache[sealed.subject] {
                        key = cached
                    } else {
                        key = try keys(sealed.subject)
                        keyCache[sealed.subject] = .some(key)
                    }
                    guard let key else { return erased }
                    return try sealed.open(with: key, path: path, event: event)
                }
                var out: JSONObject = [:]
                out.reserveCapacity(members.count)
                for (name, member) in members { out[name] = try walk(member, path: join(path, name.string)) }
                return .object(out)
            case .array(let items):
                return .array(try items.enumerated().map { try walk($1, path: "\(path)[\($0)]") })
            default:
                return value
            }
        }
        return try walk(payload, path: "")
    }

    /// The subject ids of every sealed value in `payload`.
    public static func sealedSubjects(in payload: JSONValue) -> Set<String> {
        var subjects: Set<String> = []
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let members):
                if let subject = members[marker]?["key"]?.stringValue {
                    subjects.insert(subject)
                } else {
                    members.values.forEach(walk)
                }
            case .array(let items): items.forEach(walk)
            default: break
            }
        }
        walk(payload)
        return subjects
    }

    /// Whether `value` is a sealed value (an object with the `$sealed` member).
    public static func isSealed(_ value: JSONValue) -> Bool { value[marker] != nil }

    // MARK: Paths

    private static func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : path + "." + name }

    /// Checks the requested fields and returns them as path → subject.
    private static func validated(_ fields: [(path: String, subject: String)]) throws -> [String: String] {
        var requested: [String: String] = [:]
        for (path, subject) in fields {
            guard !path.isEmpty, !path.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) else {
                throw LedgerError(.invalidInput, "\(path.debugDescription) is not a field path (member names joined by dots, e.g. reportingOfficer.name)")
            }
            guard !subject.isEmpty else { throw LedgerError(.invalidInput, "field \(path) is to be sealed under an empty subject id") }
            if let other = requested.updateValue(subject, forKey: path), other != subject {
                throw LedgerError(.invalidInput, "field \(path) is to be sealed under two subjects, \(other) and \(subject)")
            }
        }
        for a in requested.keys {
            for b in requested.keys where b.hasPrefix(a + ".") {
                throw LedgerError(.invalidInput, "fields \(a) and \(b) overlap; seal one or the other")
            }
        }
        return requested
    }

    /// Applies `body` to the value at `components`; leaves the payload unchanged when the path
    /// is absent or passes through null.
    private static func transform(
        _ value: JSONValue, at components: ArraySlice<String>, path: String, _ body: (JSONValue) throws -> JSONValue
    ) throws -> JSONValue {
        guard let name = components.first else { return try body(value) }
        switch value {
        case .null:
            return value
        case .object(var members):
            guard let member = members[name] else { return value }
            members[name] = try transform(member, at: components.dropFirst(), path: path, body)
            return .object(members)
        default:
            throw LedgerError(.invalidInput, "cannot seal \(path): the payload has \(value.typeName) where an object with \(name) was expected")
        }
    }

    private static func rejectForeignSeals(in value: JSONValue, path: String, allowed: [String: String]) throws {
        switch value {
        case .object(let members):
            if members[marker] != nil {
                guard allowed[path] != nil else {
                    throw LedgerError(.invalidInput, "the payload holds a \(marker) object at \(path.isEmpty ? "its top level" : path), which is not a field to seal; \(marker) is reserved for sealed personal data")
                }
                return
            }
            for (name, member) in members { try rejectForeignSeals(in: member, path: join(path, name.string), allowed: allowed) }
        case .array(let items):
            for (i, item) in items.enumerated() { try rejectForeignSeals(in: item, path: "\(path)[\(i)]", allowed: allowed) }
        default:
            break
        }
    }
}

// MARK: - One sealed value

/// The parts of a sealed value.
struct SealedValue {
    var subject: String
    /// nonce ‖ ciphertext ‖ tag.
    var combined: Data

    static let nonceInfo = Data("casebook field sealing v1: nonce".utf8)

    var json: JSONValue {
        .object([JSONKey(FieldSealing.marker): .object([
            "alg": .string(FieldSealing.algorithm), "key": .string(subject), "ct": .string(combined.base64EncodedString()),
        ])])
    }

    /// Reads a sealed value; nil when `value` is not sealed, `.tampered` when it is malformed.
    init?(_ value: JSONValue, path: String, event: String) throws(LedgerError) {
        guard case .object(let outer) = value, let inner = outer[FieldSealing.marker] else { return nil }
        func malformed(_ why: String) -> LedgerError {
            LedgerError(.tampered, "event \(event), field \(path.isEmpty ? "(top level)" : path): malformed sealed value (\(why)); the stored event was altered")
        }
        guard outer.count == 1, case .object(let parts) = inner, parts.count == 3 else { throw malformed("unexpected members") }
        guard parts["alg"]?.stringValue == FieldSealing.algorithm else { throw malformed("algorithm is not \(FieldSealing.algorithm)") }
        guard let subject = parts["key"]?.stringValue, !subject.isEmpty else { throw malformed("no subject") }
        guard let text = parts["ct"]?.stringValue, let combined = Data(base64Encoded: text), combined.count >= 28 else {
            throw malformed("ciphertext is not base64 of at least 28 bytes")
        }
        self.subject = subject
        self.combined = combined
    }

    private init(subject: String, combined: Data) {
        self.subject = subject
        self.combined = combined
    }

    static func additionalData(subject: String) -> Data { Data(("casebook sealed value v1\n" + subject).utf8) }

    static func seal(_ value: JSONValue, subject: String, key: SymmetricKey, path: String, event: String) throws -> SealedValue {
        let plaintext = value.canonicalBytes()
        let nonceKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: nonceInfo, outputByteCount: 32)
        var mac = HMAC<SHA256>(key: nonceKey)
        mac.update(data: Data("nonce\n\(event)\n\(path)\n".utf8))
        mac.update(data: plaintext)
        let nonce = try AES.GCM.Nonce(data: Data(mac.finalize()).prefix(12))
        let box = try AES.GCM.seal(plaintext, using: key, nonce: nonce, authenticating: additionalData(subject: subject))
        guard let combined = box.combined else { preconditionFailure("BUG DETECTED: a 12-byte nonce always has a combined form") }
        return SealedValue(subject: subject, combined: combined)
    }

    func open(with key: SymmetricKey, path: String, event: String) throws(LedgerError) -> JSONValue {
        let plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(combined: combined)
            plaintext = try AES.GCM.open(box, using: key, authenticating: SealedValue.additionalData(subject: subject))
        } catch {
            throw LedgerError(.tampered, "event \(event), field \(path): the sealed value does not authenticate under \(subject)'s key; the stored event was altered, or the keystore holds another key for \(subject) (restored from the wrong backup?)", cause: error)
        }
        do {
            return try JSONValue.parse(plaintext)
        } catch {
            throw LedgerError(.tampered, "event \(event), field \(path): the sealed value decrypts to something that is not JSON", cause: error)
        }
    }
}
