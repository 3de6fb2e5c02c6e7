import Registers
import Casework
import Foundation
import LedgerStore

/// What an erasure or a retention run did (or, dry, would do).
public struct ErasureOutcome: Sendable {
    public struct Item: Sendable, Hashable {
        public var subject: String
        public var cases: [String]
        public var reason: String
    }
    /// Keys destroyed now, with the cases whose personal fields now read `[erased]`.
    public var erased: [Item] = []
    /// Keys destroyed again because the ledger records their erasure (a restored backup).
    public var reapplied: [String] = []
    public var dryRun = false
}

extension Casebook {
    /// Erases a data subject: appends a `PersonalDataErased` event to each of their cases
    /// (naming the subject id and reason, holding no personal data), then destroys the keys and
    /// compacts the keystore so the key bytes are gone from disk.
    ///
    /// Erasing a requester also erases the case-scope data of the requests they made (their
    /// clarifications, grounds for review, notes about them), so one command covers all their
    /// cases. The log, its hashes and every proof are unchanged: only keys are destroyed.
    public func erase(subject: String, reason: String, actor: Actor, at now: Timestamp = .now()) async throws -> ErasureOutcome {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw LedgerError(.invalidInput, "an erasure needs a reason (e.g. \"retention period ended\" or \"erasure request of 2026-03-01\")")
        }
        let plan = try ledger.read { log -> [(String, [String])] in
            let cases = try SubjectIndexHook.cases(of: subject, in: log)
            guard !cases.isEmpty else { return [] }
            var plan = [(subject, cases)]
            if subject.hasPrefix("subj-") {
                for c in cases where try SubjectIndexHook.requesterSubject(of: c, in: log) == subject {
                    let caseSubject = SubjectIDs.caseSubject(c)
                    let own = try SubjectIndexHook.cases(of: caseSubject, in: log)
                    if !own.isEmpty { plan.append((caseSubject, own)) }
                }
            }
            return plan
        }
        guard !plan.isEmpty else {
            throw LedgerError(.notFound, "no personal data in the ledger is held under subject \(subject); list subjects with `casebook subjects`")
        }
        return try await erase(plan: plan, reason: reason, actor: actor, at: now)
    }

    func erase(plan: [(String, [String])], reason: String, actor: Actor, at now: Timestamp) async throws -> ErasureOutcome {
        var outcome = ErasureOutcome()
        let day = LocalDate(now.date)
        var inputs: [CaseEventInput] = []
        for (subject, cases) in plan {
            if try keystore.isErased(subject) != nil && (try keystore.key(for: subject, create: false)) == nil { continue }
            let scope: PersonalScope = subject.hasPrefix("subj-") ? .requester : .case
            for c in cases {
                inputs.append(CaseEventInput(
                    caseReference: try CaseReference(c), payload: PersonalDataErased(subjectId: subject, scope: scope, reason: reason, erasedOn: day),
                    occurredAt: now, actor: actor))
            }
            outcome.erased.append(.init(subject: subject, cases: cases, reason: reason))
        }
        guard !outcome.erased.isEmpty else { return outcome }
        // The record first: a crash between the two leaves a recorded erasure whose key still
        // exists, which `retention apply` finishes; never destroyed data with no record.
        try await record(inputs)
        try keystore.erase(subjects: outcome.erased.map(\.subject), reason: reason, at: now)
        return outcome
    }

    /// Applies the policy's retention periods on `today`: destroys the case-scope keys of cases
    /// closed longer ago than their period, and a requester's key once all their cases have
    /// passed it. First re-applies every erasure the ledger records whose key still exists
    /// (after restoring a backup taken before that erasure).
    public func applyRetention(today: LocalDate, dryRun: Bool, actor: Actor, at now: Timestamp = .now(), reapplyOnly: Bool = false) async throws -> ErasureOutcome {
        var outcome = ErasureOutcome()
        outcome.dryRun = dryRun
        let (recorded, expired) = try ledger.read { log -> ([String], [(String, [String])]) in
            let recorded = try SubjectIndexHook.erasedSubjects(in: log)
            var expired: [(String, [String])] = []
            for subject in try SubjectIndexHook.allSubjects(in: log) where !recorded.contains(subject) {
                let cases = try SubjectIndexHook.cases(of: subject, in: log)
                let allPast = try cases.allSatisfy { c in
                    guard let closed = try SubjectIndexHook.closedOn(c, in: log), let ref = try? CaseReference(c) else { return false }
                    return closed.adding(months: 12 * retentionYears(for: ref.kind)) < today
                }
                if allPast && !cases.isEmpty { expired.append((subject, cases)) }
            }
            return (recorded, expired)
        }
        let stillKeyed = try recorded.filter { try keystore.key(for: $0, create: false) != nil }
        outcome.reapplied = stillKeyed
        if dryRun {
            if !reapplyOnly { outcome.erased = expired.map { .init(subject: $0.0, cases: $0.1, reason: "retention period ended") } }
            return outcome
        }
        if !stillKeyed.isEmpty {
            try keystore.erase(subjects: stillKeyed, reason: "re-applied from the ledger's PersonalDataErased events", at: now)
        }
        if !expired.isEmpty && !reapplyOnly {
            let done = try await erase(plan: expired, reason: "retention period ended (policy)", actor: actor, at: now)
            outcome.erased = done.erased
        }
        return outcome
    }

    func retentionYears(for kind: CaseKind) -> Int {
        switch kind {
        case .request: policy.retention.foiRequesterYears
        case .subjectAccess: policy.retention.sarYears
        case .breach: policy.retention.breachYears
        case .nearMiss: policy.retention.nearMissYears
        // A third-party disclosure is a disclosure of someone's personal data, kept as long as a SAR.
        case .thirdPartyDisclosure: policy.retention.sarYears
        // An agreement holds no personal data; a complaint's complainant and summary are kept as
        // long as a subject access request's (the same person's dealings with the council).
        case .agreement: policy.retention.breachYears
        case .complaint: policy.retention.sarYears
        }
    }

    /// A hot, consistent backup of the ledger and its keystore (and the signing key and
    /// policy) into `directory`, which must not exist yet.
    public func backup(to directory: String) throws {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: directory) else { throw LedgerError(.invalidInput, "\(directory) already exists; back up into a new directory") }
        try fm.createDirectory(atPath: directory + "/log", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // The checkpoints before the log: the log only grows, so every checkpoint copied is
        // covered by the copy of the log taken after it (a restored backup is never refused).
        let checkpoints = ledger.checkpointDirectory
        let copied = CheckpointDirectory(ledger: directory)
        for size in try checkpoints.sizes() {
            if let note = try checkpoints.note(size: size) { try copied.store(note, size: size) }
        }
        try ledger.environment.copy(to: directory + "/log", compact: false)
        try keystore.backup(to: directory + "/keystore")
        for file in ["signing.key", "policy.json"] where fm.fileExists(atPath: self.directory + "/" + file) {
            try fm.copyItem(atPath: self.directory + "/" + file, toPath: directory + "/" + file)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: directory + "/signing.key")
    }

    /// Restores a backup made by `backup(to:)` into `directory` (which must not exist), then
    /// re-applies the erasures the ledger records. Returns the subjects re-erased.
    public static func restore(from backup: String, to directory: String) async throws -> [String] {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: directory) else { throw LedgerError(.invalidInput, "\(directory) already exists; restore into a new directory") }
        guard Ledger.exists(at: backup) else { throw LedgerError(.notFound, "\(backup) is not a Casebook backup (no log/data.mdb)") }
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try fm.copyItem(atPath: backup + "/log", toPath: directory + "/log")
        try Keystore.restore(from: backup + "/keystore", to: keystorePath(directory))
        for file in ["signing.key", "policy.json"] where fm.fileExists(atPath: backup + "/" + file) {
            try fm.copyItem(atPath: backup + "/" + file, toPath: directory + "/" + file)
        }
        let checkpoints = CheckpointDirectory(ledger: backup)
        let restored = CheckpointDirectory(ledger: directory)
        for size in try checkpoints.sizes() {
            if let note = try checkpoints.note(size: size) { try restored.store(note, size: size) }
        }
        let casebook = try open(at: directory)
        defer { casebook.close() }
        let outcome = try await casebook.applyRetention(today: LocalDate(Date()), dryRun: false, actor: Actor(id: "casebook", role: "system"), reapplyOnly: true)
        return outcome.reapplied
    }
}
