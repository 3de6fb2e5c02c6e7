import CasebookCore
import Casework
import Foundation
import Hummingbird
import LedgerStore
import Registers

/// The case page (`GET /cases/REF`): the register's summary of the case, its status, every clock
/// with its due date and working days left (overdue said in words), the next steps as links to
/// their forms, then the timeline in plain words with the raw payload and the inclusion proof one
/// click away.
extension PagesController {
    /// The action that completes each outstanding step, by the step's name (`DueStep.step`) and
    /// the case's action group: the case page offers it first.
    static let actionsForStep: [String: [String]] = [
        "acknowledgement": ["acknowledge"], "response": ["respond", "extend", "clarify"], "internalReview": ["review-decide", "review-extend"],
        "icoNotification": ["decide-ico", "notify-ico"], "investigation": ["investigate", "conclude"], "reportingForm": ["escalate"],
        "updatedReportingForm": ["update-form"], "review": ["review"], "reportToBusinessManager": ["escalate"],
        "directorNotification": ["escalate"], "headOfLegalNotification": ["escalate"], "pressOffice": ["inform-party"], "legal": ["inform-party"],
        "affectedPartyContact": ["contact-affected"], "outcomeLetter": ["outcome-letter"],
    ]

    /// What the case page reads in one snapshot.
    struct CaseView: Sendable {
        var cells: [(name: String, value: String)]
        var status: String?
        var dueSteps: [DueStep]
        var overdueSteps: [String]
        var closed: Bool
    }

    func caseView(_ reference: CaseReference, access: PersonalDataAccess, today: LocalDate) async throws -> CaseView {
        let casebook = reader.casebook
        return try await blocking {
            try casebook.ledger.read { log -> CaseView in
                let state = try CaseStateStore.state(of: reference.rawValue, in: log)
                guard let name = RegisterName.allCases.first(where: { $0.caseKind == reference.kind }),
                      let bytes = try log.transaction.get(log.transaction.database(name.rowsTable), Array(reference.rawValue.utf8))
                else {
                    return CaseView(cells: [], status: nil, dueSteps: [], overdueSteps: [], closed: state?.closedBy != nil)
                }
                let stored = try RegisterKind.named(name).row(from: Array(bytes))
                let row = stored.evaluatedAny(today: today, calculator: casebook.deadlines).revealingAny(casebook.reveal(access))
                return CaseView(cells: Self.cells(of: row), status: row.filterFacts.status,
                                dueSteps: row.dueSteps.sorted { ($0.dueOn, $0.step) < ($1.dueOn, $1.step) },
                                overdueSteps: row.overdueSteps ?? [], closed: state?.closedBy != nil)
            }
        }
    }

    static func cells<R: RegisterRow>(of row: R) -> [(name: String, value: String)] {
        R.columns.map { ($0.name, $0.value(row)) }
    }

    @Sendable func casePage(_ request: Request, context: Context) async throws -> Response {
        let text = try context.parameters.require("reference")
        let reference = try CaseReference(text)
        let query = Query(request)
        let entries = try reader.timelineEntries(reference.rawValue, query: query, context: context)
        let identity = try context.requireIdentity()
        let access = AccessPolicy.personalData(for: identity)
        let today = configuration.today()
        let view = try await caseView(reference, access: access, today: today)
        let facts = try await caseFacts(reference)
        let calendar = reader.casebook.deadlines.calendar(for: nil as Division?)

        let summary: [[String: Any]] = view.cells.filter { !$0.value.isEmpty && $0.name != "reference" && $0.name != "status" }.map {
            ["label": Labels.field($0.name), "value": Self.words($0.value)]
        }
        let clocks: [[String: Any]] = view.dueSteps.map { step in
            let overdue = today > step.dueOn || view.overdueSteps.contains(step.step)
            let left = step.dueOn >= today ? calendar.workingDays(after: today, through: step.dueOn) : -calendar.workingDays(after: step.dueOn, through: today)
            return ["step": Labels.value(step.step), "due": step.instant.map { DueItem.londonText($0) } ?? step.dueOn.iso,
                    "left": Self.daysLeftInWords(left, overdue: overdue), "overdue": overdue]
        }
        // Next steps: the actions that complete an outstanding step first, then every other action the role may record.
        let group = ActionGroup.of(reference.kind)
        let permitted = (CaseAction.actions(in: group) + CaseAction.actions(in: .anyCase)).filter {
            !$0.opens && AccessPolicy.mayRecord($0.event, on: reference.kind, by: identity)
        }
        let wanted = view.dueSteps.flatMap { Self.actionsForStep[$0.step] ?? [] }
        var firstNames: [String] = []
        for name in wanted where !firstNames.contains(name) && permitted.contains(where: { $0.name == name }) { firstNames.append(name) }
        if view.closed && reference.kind == .request {
            for name in ["publish", "review-request"] where !firstNames.contains(name) && permitted.contains(where: { $0.name == name }) { firstNames.append(name) }
        }
        func link(_ a: CaseAction) -> [String: Any] {
            ["href": "/cases/\(reference)/actions/\(a.name)", "text": Labels.value(a.event.rawValue), "hint": a.summary]
        }
        let next = firstNames.compactMap { n in permitted.first { $0.name == n } }.map(link)
        let others = permitted.filter { !firstNames.contains($0.name) }.map(link)

        let rows: [[String: Any]] = entries.map { e in Self.timelineRow(e, reference: reference) }
        var page: [String: Any] = [
            "reference": reference.rawValue, "noun": group.caseNoun, "status": view.status.map(Labels.value) ?? (view.closed ? "Closed" : "Open"),
            "summary": summary, "hasSummary": !summary.isEmpty, "clocks": clocks, "hasClocks": !clocks.isEmpty,
            "next": next, "hasNext": !next.isEmpty, "others": others, "hasOthers": !others.isEmpty,
            "count": entries.count, "entries": rows, "facts": facts, "hasFacts": !facts.isEmpty,
            "personalData": access == .reveal ? "shown because your role may see it" : "redacted for your role",
        ]
        if let recorded = try query.string("recorded", maxLength: 400), !recorded.isEmpty { page["recorded"] = recorded }
        return pages.page("case", title: "Case \(reference)", context: page, identity: identity,
                          marking: marking(showingPersonalData: access == .reveal))
    }

    /// A timeline line in words: the event's label ("Exemption applied: s40(2)"), the fields that
    /// matter (plain values, personal ones as the reader may see them), who and when.
    static func timelineRow(_ e: TimelineEntry, reference: CaseReference) -> [String: Any] {
        var label = Labels.value(e.type)
        if e.type == EventType.exemptionApplied.rawValue || e.type == EventType.sARExemptionApplied.rawValue,
           let section = e.payload["section"]?.stringValue ?? e.payload["provision"]?.stringValue {
            label += ": " + (e.type == EventType.sARExemptionApplied.rawValue ? section : (reference.prefix == .eir ? "reg " : "s") + section)
        }
        var facts: [[String: Any]] = []
        for (key, value) in (e.payload.objectValue ?? [:]).sorted(by: { $0.key.string < $1.key.string }) {
            let shown: String?
            switch value {
            case .string(let s): shown = words(s)
            case .int(let n): shown = key.string.hasSuffix("Pence") ? String(format: "£%.2f", Double(n) / 100) : String(n)
            case .bool(let b): shown = b ? "Yes" : "No"
            case .array(let items):
                let parts = items.compactMap { item -> String? in
                    if let s = item.stringValue { return words(s) }
                    return item["title"]?.stringValue ?? item["name"]?.stringValue
                }
                shown = parts.isEmpty ? nil : parts.joined(separator: ", ")
            case .object(let members):
                let parts = members.sorted { $0.key.string < $1.key.string }.compactMap { k, v -> String? in
                    v.stringValue.map { "\(Labels.field(k.string)): \(words($0))" }
                }
                shown = parts.isEmpty ? nil : parts.joined(separator: "; ")
            default: shown = nil
            }
            if let shown, !shown.isEmpty { facts.append(["label": Labels.field(key.string), "value": shown]) }
        }
        var row: [String: Any] = [
            "version": Int(e.version), "position": Int(e.position), "label": label, "type": e.type, "facts": facts, "eventHasFacts": !facts.isEmpty,
            "occurredAt": e.occurredAt.rfc3339, "recordedAt": e.recordedAt.rfc3339,
            "occurredForPeople": LondonTime.text(e.occurredAt.date), "recordedForPeople": LondonTime.text(e.recordedAt.date), "actor": e.actor.id, "role": e.actor.role,
            "lateEntry": e.lateEntry, "payload": pretty(e.payload),
        ]
        if let v = e.voided { row["voided"] = ["reason": v.reason, "authorisedBy": v.authorisedBy, "position": Int(v.position)] as [String: Any] }
        return row
    }

    /// A machine value (`grantedInPart`, `2026-03-01`) in words; text people wrote stays as written.
    static func words(_ value: String) -> String {
        let identifier = value.first?.isLowercase == true && value.allSatisfy { $0.isLetter || $0.isNumber } && value.contains { $0.isUppercase }
        return identifier || ["foia", "eir", "foisa", "ico", "email", "post", "individual", "media", "refused"].contains(value) ? Labels.value(value) : value
    }

    /// "3 working days left", "due today", "overdue by 2 working days": words, not colour alone.
    static func daysLeftInWords(_ left: Int, overdue: Bool) -> String {
        if overdue { return left < 0 ? "Overdue by \(-left) working day\(left == -1 ? "" : "s")" : "Overdue" }
        switch left {
        case 0: return "Due today"
        case 1: return "1 working day left"
        default: return "\(left) working days left"
        }
    }
}

extension RegisterRow {
    /// `revealing(_:)` through the existential.
    func revealingAny(_ reveal: (JSONValue) -> JSONValue) -> any RegisterRow { revealing(reveal) }
}
