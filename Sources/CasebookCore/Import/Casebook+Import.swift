import CanonicalJSON
import Casework
import Crypto
import Foundation
import Intake
import LedgerStore
import Registers

extension Casebook {
    /// Imports a register kept before Casebook (`casebook import`): each row becomes the case its
    /// cells describe, through the same command vocabulary, defaults, field checks and lifecycle
    /// rules as live work, ending with `CaseImported`; all the rows that pass are recorded in one
    /// transaction.
    ///
    /// Each event happened when the sheet says (a day without a time at midday Europe/London, noted
    /// in `CaseImported.timesNotInSheet`) and is recorded now, so each is a late entry. A row that
    /// breaks a rule or a field check is refused with its column and the reason, and the other rows
    /// go on. Event ids come from the file's SHA-256, the row and the event's place in it, so the
    /// same file again appends nothing; in a changed file a row whose case exists is unchanged (the
    /// same cells as its `CaseImported`) or a conflict, and is not touched.
    ///
    /// `actor` is the importing user; each event is recorded with the role of theirs
    /// `RecordingPolicy` allows for it (a row needing a role they lack is refused).
    ///
    /// - Throws: `CasebookError(.invalidInput)` when the file cannot be read (the reader's
    ///   message), when the mapping names a column the sheet lacks or gives a required field neither a column
    ///   nor a default; what the append throws.
    public func importSheet(_ request: ImportRequest, by actor: Actor,
                            progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async throws -> ImportReport {
        let table = try ImportSheet.read(request.bytes, fileName: request.fileName, sheet: request.sheet ?? request.mapping?.sheet)
        return try await importTable(table, request: request, by: actor, progress: progress)
    }

    /// `importSheet` on a sheet already read.
    func importTable(_ table: SheetTable, request: ImportRequest, by actor: Actor,
                     progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async throws -> ImportReport {
        var mapping = request.mapping ?? ImportMapping.suggested(for: table, kind: request.kind)
        if let sheet = request.sheet ?? table.source.sheet { mapping.sheet = sheet }
        guard mapping.kind == request.kind else {
            throw CasebookError(.invalidInput, "the mapping is for a \(mapping.kind.registerNoun), not a \(request.kind.registerNoun); import with `casebook import \(mapping.kind.rawValue) …` or give a mapping of kind \(request.kind.rawValue)")
        }
        let columnIndex = try Self.columnIndex(of: mapping, in: table)
        let fileSHA256 = hexString(SHA256.hash(data: request.bytes))
        let mappingSHA256 = mapping.sha256
        let fileName = (request.fileName as NSString).lastPathComponent
        let recordedAt = ledger.recordingTime()
        let total = table.rows.count
        let roles = try ImportRoles(casebook: self, actor: actor, kind: request.kind.caseKind)

        var refused: [ImportRowProblem] = []
        var conflicts: [ImportRowProblem] = []
        var unchanged: [Int] = []
        var notes: [ImportRowProblem] = []
        var planned: [(row: SheetRow, plan: ImportRowPlan)] = []

        // 1. Each row's plan, or its problems.
        for row in table.rows {
            var reader = ImportRowReader(kind: request.kind, mapping: mapping, columnIndex: columnIndex, row: row)
            if let plan = ImportRowPlan.plan(&reader, importer: actor.id) { planned.append((row, plan)) } else { refused += reader.problems }
        }
        // Two rows giving one reference: both refused, each naming the other.
        let byReference = Dictionary(grouping: planned, by: { $0.plan.reference })
        var duplicated = Set<Int>()
        for (reference, rows) in byReference where rows.count > 1 {
            let numbers = rows.map(\.row.number)
            for r in rows {
                duplicated.insert(r.row.number)
                let others = numbers.filter { $0 != r.row.number }.map(String.init).joined(separator: ", ")
                refused.append(ImportRowProblem(row: r.row.number, column: mapping.columns["reference"],
                                                reason: "rows \(r.row.number) and \(others) both give \(reference); give each case its own reference"))
            }
        }
        planned.removeAll { duplicated.contains($0.row.number) }

        // 2. Cases already in the ledger: imported before from the same cells (unchanged), or not (conflict).
        let existing: [CaseReference: String?] = try ledger.read { log in
            var out: [CaseReference: String?] = [:]
            for (_, plan) in planned {
                guard try log.head(of: plan.reference.rawValue) != nil else { continue }
                let imported = try log.events(of: plan.reference.rawValue).last { $0.envelope.type == EventType.caseImported.rawValue }
                out[plan.reference] = .some(imported.flatMap { $0.envelope.payload["rowSHA256"]?.stringValue })
            }
            return out
        }

        // 3. Each new row's events, checked by the lifecycle rules on the state folded in memory.
        var inputs: [CaseEventInput] = []
        var imported: [ImportedRow] = []
        for (done, (row, plan)) in planned.enumerated() {
            progress?(done, total)
            let rowSHA256 = Self.rowSHA256(row, headings: table.headings)
            if let found = existing[plan.reference] {
                if found == rowSHA256 {
                    unchanged.append(row.number)
                } else {
                    conflicts.append(ImportRowProblem(row: row.number, column: mapping.columns["reference"], reason: found == nil
                        ? "\(plan.reference) is already in the ledger, recorded there and not imported; it was left as it is. Give this row another reference, or leave it out"
                        : "\(plan.reference) was imported before from a row with other cells; it was left as it is. Record what changed on the case itself (casebook case correct), or leave the row out"))
                }
                continue
            }
            let record = CaseImported(fileName: fileName, fileSHA256: fileSHA256, format: table.source.format.rawValue, sheet: table.source.sheet,
                                      rowCount: total, mappingSHA256: mappingSHA256, row: row.number, rowSHA256: rowSHA256,
                                      sheetReference: plan.sheetReference, timesNotInSheet: plan.timesNotInSheet, sheetDueOn: plan.sheetDueOn)
            switch prepareRow(plan, record: record, fileSHA256: fileSHA256, row: row, mapping: mapping, roles: roles, recordedAt: recordedAt) {
            case .success(let (rowInputs, state)):
                inputs += rowInputs
                imported.append(ImportedRow(row: row.number, reference: plan.reference, events: rowInputs.count))
                if let note = dueNote(plan, state: state, row: row, mapping: mapping) { notes.append(note) }
            case .failure(let problem):
                refused.append(problem)
            }
        }
        progress?(total, total)

        let heldBack = request.allOrNothing && (!refused.isEmpty || !conflicts.isEmpty)
        var appended = 0
        if !request.dryRun && !heldBack && !inputs.isEmpty {
            do {
                appended = try await record(inputs).count
            } catch let error as LedgerError where error.code == .mapFull {
                throw LedgerError(.mapFull, "the \(imported.count) cases (\(inputs.count) events) do not fit in the ledger's map in one transaction, so nothing was imported; \(error.message)", cause: error)
            }
        }
        refused.sort { ($0.row, $0.column ?? "") < ($1.row, $1.column ?? "") }
        return ImportReport(fileSHA256: fileSHA256, mappingSHA256: mappingSHA256, mapping: mapping, rowCount: total, imported: imported,
                            unchanged: unchanged, conflicts: conflicts, refused: refused, notes: notes, dryRun: request.dryRun,
                            heldBack: heldBack, appended: appended, table: table)
    }

    /// A row's events through `prepareCommand` and the lifecycle rules, the state folded between
    /// them, ending with `record`; or the first refusal, with the column it came from.
    func prepareRow(_ plan: ImportRowPlan, record: CaseImported, fileSHA256: String, row: SheetRow, mapping: ImportMapping,
                    roles: ImportRoles, recordedAt: Timestamp) -> Result<([CaseEventInput], CaseLifecycle?), ImportRowProblem> {
        let base = Self.importEventId(fileSHA256: fileSHA256, row: row.number)
        var state: CaseLifecycle?
        var inputs: [CaseEventInput] = []
        let deadlines = self.deadlines
        func refuse(_ field: String?, _ reason: String) -> Result<([CaseEventInput], CaseLifecycle?), ImportRowProblem> {
            .failure(ImportRowProblem(row: row.number, column: field.flatMap { mapping.columns[$0] } ?? field.map { "(\($0))" }, reason: reason))
        }
        func evaluate(_ input: CaseEventInput) throws {
            let context = RuleContext(caseOfEvent: { _ in nil }, occurredAt: input.occurredAt, recordedAt: recordedAt, deadlines: deadlines)
            state = try LifecycleRules.evaluate(case: input.caseReference, type: input.payload.eventType, payload: input.payload,
                                                state: state, context: context)
        }
        var openingActor: Actor?
        for step in plan.steps {
            let actor: Actor
            switch roles.actor(for: step.command.action.event) {
            case .success(let a): actor = a
            case .failure(let e): return refuse(step.field, e.message)
            }
            do {
                let reads = CaseReads(head: inputs.isEmpty ? nil : UInt64(inputs.count), state: state, retried: false)
                let (_, prepared) = try prepareCommand(step.command, by: actor, reads: reads)
                for var input in prepared {
                    input.eventId = Self.derivedEventId(base, index: inputs.count)
                    input.expectedVersion = inputs.isEmpty ? .noStream : .any
                    try evaluate(input)
                    inputs.append(input)
                }
                if openingActor == nil { openingActor = actor }
            } catch let error as CasebookError {
                return refuse(step.field, "\(step.command.action.name): " + (error.problems.isEmpty ? error.message : error.problems.map(\.message).joined(separator: " ")))
            } catch let violation as RuleViolation {
                // A date the rules refuse is blamed on the column the date came from.
                let dateRules: Set<RuleViolation.Rule> = [.stepBeforeOpening, .stepInFuture, .eventBeforeOpening, .dateOutOfRange]
                let column = dateRules.contains(violation.rule) ? (step.dateField ?? step.field) : step.field
                return refuse(column, "\(violation.rule.rawValue): \(violation.message)")
            } catch {
                return refuse(step.field, "\(error)")
            }
        }
        guard let openingActor, let at = inputs.last?.occurredAt else { return refuse(nil, "the row gives nothing to record") }
        let last = CaseEventInput(caseReference: plan.reference, payload: record, occurredAt: max(at, inputs.map(\.occurredAt).max() ?? at),
                                  actor: openingActor, eventId: Self.derivedEventId(base, index: inputs.count), expectedVersion: .any)
        do { try evaluate(last) } catch { return refuse(nil, "\(error)") }
        inputs.append(last)
        return .success((inputs, state))
    }

    /// A note when the sheet's due date differs from the one Casebook works out for the case.
    func dueNote(_ plan: ImportRowPlan, state: CaseLifecycle?, row: SheetRow, mapping: ImportMapping) -> ImportRowProblem? {
        guard let sheetDue = plan.sheetDueOn, let received = plan.steps.first?.command.occurredAt else { return nil }
        let regime = state?.regime ?? .foia
        guard plan.reference.kind == .request,
              let due = try? deadlines.foiDueDate(regime: regime, receivedOn: LocalDate(received.date)) else { return nil }
        guard due != sheetDue else { return nil }
        return ImportRowProblem(row: row.number, column: mapping.columns["due"],
                                reason: "the sheet's due date \(sheetDue.iso) differs from Casebook's \(due.iso) (worked out from the day received); the row was imported and Casebook's date stands, the sheet's is kept in CaseImported.sheetDueOn")
    }

    /// The first event id of a row's events: SHA-256 of the file's hash and the row number, shaped as a version-4 UUID.
    static func importEventId(fileSHA256: String, row: Int) -> UUID {
        var bytes = Array(SHA256.hash(data: Array("casebook-import:\(fileSHA256):\(row)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// SHA-256 of the row's cells as canonical JSON, heading → cell.
    static func rowSHA256(_ row: SheetRow, headings: [String]) -> String {
        var object: JSONObject = [:]
        for (i, heading) in headings.enumerated() { object[JSONKey(heading)] = .string(i < row.cells.count ? row.cells[i] : "") }
        return hexString(SHA256.hash(data: JSONValue.object(object).canonicalBytes()))
    }

    /// Field → column index, or why the mapping does not fit the sheet: a column it names that
    /// the sheet lacks, or a required field with neither a column nor a default.
    static func columnIndex(of mapping: ImportMapping, in table: SheetTable) throws -> [String: Int] {
        var index: [String: Int] = [:]
        var problems: [CasebookError.Problem] = []
        let headingList = table.headings.map { "\"\($0)\"" }.joined(separator: ", ")
        for (field, heading) in mapping.columns.sorted(by: { $0.key < $1.key }) {
            if let i = table.headings.firstIndex(of: heading) ?? table.headings.firstIndex(where: { ImportText.key($0) == ImportText.key(heading) }) {
                index[field] = i
            } else {
                problems.append(.init(field: "columns.\(field)", message: "the mapping reads \(field) from the column \"\(heading)\", which the sheet does not have; its headings are \(headingList)"))
            }
        }
        for field in mapping.kind.fields where field.required && index[field.name] == nil && mapping.columns[field.name] == nil && mapping.defaults[field.name] == nil {
            let values = field.choices.isEmpty ? "" : " (one of \(field.choices.joined(separator: ", ")))"
            problems.append(.init(field: "columns.\(field.name)", message: "every row needs \(field.name) (\(field.holds)) and the mapping gives no column for it; add \"\(field.name)\": \"HEADING\" to columns, or state it for every row in defaults\(values)"))
        }
        guard problems.isEmpty else {
            throw CasebookError(.invalidInput, "the mapping does not fit the sheet; nothing was imported:\n" + problems.map { "  - " + $0.message }.joined(separator: "\n"),
                                problems: problems)
        }
        return index
    }
}

/// The importing user's role for each event: the given actor's role when `RecordingPolicy`
/// allows it, else another role of theirs that it allows.
struct ImportRoles {
    let actor: Actor
    let kind: CaseKind
    let userRoles: [Role]

    init(casebook: Casebook, actor: Actor, kind: CaseKind) throws {
        self.actor = actor
        self.kind = kind
        self.userRoles = (try casebook.user(named: actor.id))?.roles ?? []
    }

    func actor(for type: EventType) -> Result<Actor, CasebookError> {
        if let role = Role(rawValue: actor.role), RecordingPolicy.mayRecord(type, on: kind, as: role) { return .success(actor) }
        if let role = userRoles.first(where: { RecordingPolicy.mayRecord(type, on: kind, as: $0) }) {
            return .success(Actor(id: actor.id, role: role.rawValue))
        }
        let needs = RecordingPolicy.roles(thatMayRecord: type, on: kind).map(\.rawValue).joined(separator: " or ")
        return .failure(CasebookError(.forbidden, "\(actor.id) (role \(actor.role)) may not record \(type) on \(kind.casePhrase); that needs role \(needs). Import as a user with that role, or leave the column out of the mapping"))
    }
}
