import Registers
import Casework
import Foundation
import LedgerStore

extension Casebook {
    /// Reads registers with this ledger's policy.
    public var registerReader: RegisterReader { RegisterReader(policy: policy) }

    /// How register output shows personal values for a reader: decrypted (`[erased]` where the
    /// key was destroyed) or `[redacted]`.
    public func reveal(_ access: PersonalDataAccess) -> (JSONValue) -> JSONValue {
        switch access {
        case .redact:
            return Reveal.redacted
        case .reveal:
            let keystore = self.keystore
            return { value in
                guard Reveal.isSealed(value) else { return Reveal.redacted(value) }
                return (try? FieldSealing.open(payload: value, mode: .decrypt) { try keystore.key(for: $0, create: false) }) ?? .string("[unreadable]")
            }
        }
    }

    /// Clears and replays derived tables from position 0: the named registers, or (nil) every
    /// register plus the case states, the subject index and the case links.
    public func rebuild(registers names: [RegisterName]?, progress: (UInt64, UInt64) -> Void = { _, _ in }) throws {
        var hooks = RegisterSet.hooks(for: names ?? RegisterName.allCases, policy: policy)
        if names == nil { hooks = [CaseRulesHook(lenient: true, deadlines: deadlines), SubjectIndexHook(), CaseLinkHook()] + hooks }
        try ledger.rebuild(hooks: hooks, progress: progress)
    }
}

extension RegisterSnapshot {
    /// Only the rows of these cases.
    public func restricted(to references: Set<String>) -> RegisterSnapshot {
        var s = self
        s.foi = foi.filter { references.contains($0.reference) }
        s.sar = sar.filter { references.contains($0.reference) }
        s.breach = breach.filter { references.contains($0.reference) }
        s.nearMiss = nearMiss.filter { references.contains($0.reference) }
        s.disclosure = disclosure.filter { references.contains($0.reference) }
        return s
    }
}
