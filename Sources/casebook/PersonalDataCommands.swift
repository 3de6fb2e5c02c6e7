import ArgumentParser
import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers

/// The person running an erasure command, as its actor: the login, with the first of `roles`
/// the ledger's user list gives them (data protection work is the DPO's and Legal Services').
func erasingActor(_ casebook: Casebook, roles: [Role], doing what: String) throws -> Actor {
    let name = OSUser.name
    guard let user = try casebook.user(named: name) else {
        throw CLIFailure("\(name) is not a user of this ledger; an admin adds them with `casebook user add \(name) --role dpo`")
    }
    guard let role = roles.first(where: user.roles.contains) else {
        throw CLIFailure("\(name) (roles: \(user.roles.map(\.rawValue).joined(separator: ", "))) may not \(what); that needs role \(roles.map(\.rawValue).joined(separator: " or ")); an admin grants it with `casebook user add \(name) --role dpo`")
    }
    return Actor(id: user.name, role: role.rawValue)
}

func printErasure(_ outcome: ErasureOutcome) {
    let verb = outcome.dryRun ? "would erase" : "erased"
    if outcome.erased.isEmpty && outcome.reapplied.isEmpty { print("Nothing to erase.") }
    for item in outcome.erased {
        print("\(verb) \(item.subject) (\(item.cases.count) case\(item.cases.count == 1 ? "" : "s"): \(item.cases.joined(separator: ", ")))")
    }
    for subject in outcome.reapplied {
        print("\(outcome.dryRun ? "would re-apply" : "re-applied") the recorded erasure of \(subject) (its key had come back with a restored backup)")
    }
}

struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a data subject's personal data by destroying their key (crypto-shredding); the log and its proofs stay valid.")
    @OptionGroup var options: LedgerOptionGroup
    @Argument(help: "The subject id (see `casebook subjects`), e.g. subj-0123… or case-FOI-2026-0001.") var subject: String
    @Option(help: "Why (recorded in the PersonalDataErased event; no personal data).") var reason: String

    func run() async throws {
        let casebook = try Casebook.open(at: options.path)
        defer { casebook.close() }
        let actor = try erasingActor(casebook, roles: [.dpo, .legal], doing: "erase personal data")
        printErasure(try await casebook.erase(subject: subject, reason: reason, actor: actor))
    }
}

struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retention", abstract: "Retention of personal data.", subcommands: [Apply.self])

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply",
            abstract: "Erase personal data past the policy's retention periods, and re-apply recorded erasures after a restore.")
        @OptionGroup var options: LedgerOptionGroup
        @Option(help: "The day to judge against (default: today).") var today: String?
        @Flag(help: "Show what would be erased; change nothing.") var dryRun = false

        func run() async throws {
            let casebook = try Casebook.open(at: options.path)
            defer { casebook.close() }
            let actor = try erasingActor(casebook, roles: [.dpo, .legal, .admin], doing: "apply retention")
            printErasure(try await casebook.applyRetention(today: try todayOption(today), dryRun: dryRun, actor: actor))
        }
    }
}

struct SubjectsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "subjects", abstract: "List data subjects (ids only) with their cases and whether they are erased.")
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "Only the subject of this case's requester.") var caseReference: String?

    func run() async throws {
        let casebook = try Casebook.open(at: options.path)
        defer { casebook.close() }
        try casebook.ledger.read { log in
            let subjects = try caseReference.map { ref in try SubjectIndexHook.requesterSubject(of: ref, in: log).map { [$0] } ?? [] } ?? SubjectIndexHook.allSubjects(in: log)
            var rows = [["subject", "erased", "cases"]]
            for s in subjects {
                let erased = try casebook.keystore.isErased(s).map { "yes (\($0.erasedAt.rfc3339))" } ?? "no"
                rows.append([s, erased, try SubjectIndexHook.cases(of: s, in: log).joined(separator: " ")])
            }
            print(TextTable.render(rows))
        }
    }
}

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "A hot, consistent backup of the ledger and its keystore into a new directory.")
    @OptionGroup var options: LedgerOptionGroup
    @Argument(help: "A directory that does not exist yet.") var directory: String

    func run() async throws {
        let casebook = try Casebook.open(at: options.path)
        defer { casebook.close() }
        try casebook.backup(to: directory)
        print("Backed up \(options.path) to \(directory). Keep the keystore backup as safe as the personal data it protects; after restoring, run `casebook retention apply` so recorded erasures are re-applied.")
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "Restore a backup into a new ledger directory, re-applying recorded erasures.")
    @Argument(help: "The backup directory.") var backup: String
    @Argument(help: "A ledger directory that does not exist yet.") var directory: String

    func run() async throws {
        let reerased = try await Casebook.restore(from: backup, to: directory)
        print("Restored \(backup) to \(directory).")
        for s in reerased { print("re-applied the recorded erasure of \(s)") }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Re-key a ledger made before personal fields were sealed into a new ledger, with a verifiable old→new mapping.")
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "The new ledger directory (must not exist).") var to: String

    func run() async throws {
        let report = try await Casebook.migrate(from: options.path, to: to) { done, total in
            FileHandle.standardError.write(Data(ProgressBar.line(done: done, total: total).utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        print("Migrated \(report.events) events into \(to); old root \(report.oldRoot.hex) (size \(report.oldSize)), new root \(report.newRoot.hex).")
        print("Mapping: \(report.mappingFile). The old ledger at \(options.path) still holds personal data in plain text: verify the new one, then destroy the old one and its backups.")
    }
}
