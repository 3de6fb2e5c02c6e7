import CasebookCore
import Casework
import Foundation
import Hummingbird
import LedgerStore
import Registers

/// The forms for every action of the command vocabulary: `GET /cases/REF/actions/NAME` (and
/// `/new/GROUP/NAME` for the opening actions) renders the action's form; `POST` to the same path
/// checks the answers without recording (`intent=preview`, the "Check your answers" page: the case
/// as it would be, from `Casebook.preview`), goes back to the form (`intent=change`) or records
/// (`intent=record`) through `EventsController.record`, the API's path, then redirects (303) to the
/// case page with a success banner. Bad values and rule violations come back as the form with
/// the values kept and every problem listed, status 422; nothing is appended.
extension PagesController {
    /// Where a form posts and what it records.
    struct FormTarget {
        var action: CaseAction
        var reference: CaseReference?
        var path: String
        var kind: CaseKind { reference?.kind ?? action.group.kinds.first! }
    }

    func caseFormTarget(_ context: Context) throws -> FormTarget {
        let reference = try CaseReference(try context.parameters.require("reference"))
        let action = try EventsController.action(named: try context.parameters.require("action"), on: reference)
        if action.opens {
            throw APIError.notFound("\(action) opens a new case; use /new/\(action.group.rawValue)/\(action.name)")
        }
        return FormTarget(action: action, reference: reference, path: "/cases/\(reference)/actions/\(action.name)")
    }

    func openingFormTarget(_ context: Context) throws -> FormTarget {
        let action = try EventsController.openingAction(group: try context.parameters.require("group"), named: try context.parameters.require("action"))
        return FormTarget(action: action, reference: nil, path: "/new/\(action.group.rawValue)/\(action.name)")
    }

    /// The identity, if it may record the target's event; 403 (a page) otherwise; 404 for a case
    /// that is not in the ledger.
    func authoriseForm(_ target: FormTarget, context: Context) throws -> Identity {
        let identity = try context.requireIdentity()
        try EventsController.authorise(CaseCommand(target.action, reference: target.reference, occurredAt: Timestamp(configuration.now())), identity: identity)
        if let reference = target.reference {
            guard AccessPolicy.mayReadCase(of: reference.kind, by: identity) else {
                throw APIError.forbidden("your role (\(identity.role)) does not work \(ActionGroup.of(reference.kind).caseNoun) cases")
            }
            guard try reader.casebook.ledger.read({ try $0.head(of: reference.rawValue) }) != nil else {
                throw APIError.notFound("no case \(reference) in the ledger; check the reference, or find it from a register")
            }
        }
        return identity
    }

    // MARK: Routes

    @Sendable func caseActionForm(_ request: Request, context: Context) async throws -> Response {
        let target = try caseFormTarget(context)
        let identity = try authoriseForm(target, context: context)
        return formPage(target, identity: identity, context: context, values: nil, problems: [])
    }

    @Sendable func openingActionForm(_ request: Request, context: Context) async throws -> Response {
        let target = try openingFormTarget(context)
        let identity = try authoriseForm(target, context: context)
        return formPage(target, identity: identity, context: context, values: nil, problems: [])
    }

    @Sendable func caseActionPost(_ request: Request, context: Context) async throws -> Response {
        let values = try await postedForm(request, context: context)
        return try await submit(try caseFormTarget(context), values: values, request: request, context: context)
    }

    @Sendable func openingActionPost(_ request: Request, context: Context) async throws -> Response {
        let values = try await postedForm(request, context: context)
        return try await submit(try openingFormTarget(context), values: values, request: request, context: context)
    }

    /// The posted values, once the CSRF token is checked (before anything else is looked at).
    func postedForm(_ request: Request, context: Context) async throws -> FormValues {
        let bytes = try await request.bodyBytes(limit: configuration.maxBodyBytes)
        let values = FormValues(body: String(decoding: bytes, as: UTF8.self))
        try forms.verify(values.dictionary, context: context)
        return values
    }

    /// The new cases a role may open, one link per opening action.
    @Sendable func newCaseIndex(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let links: [[String: Any]] = CaseAction.all.filter(\.opens).compactMap { action in
            let kind = action.group.kinds.first!
            guard AccessPolicy.mayRecord(action.event, on: kind, by: identity) else { return nil }
            return ["href": "/new/\(action.group.rawValue)/\(action.name)", "text": Labels.value(action.event.rawValue),
                    "hint": action.summary, "noun": ActionGroup.of(kind).caseNoun]
        }
        return pages.page("new-case", title: "Open a new case", context: ["links": links, "none": links.isEmpty], identity: identity, current: "/new")
    }

    // MARK: Submitting

    func submit(_ target: FormTarget, values: FormValues, request: Request, context: Context) async throws -> Response {
        let identity = try authoriseForm(target, context: context)
        let intent = values.value("intent")
        if intent == "change" {
            return formPage(target, identity: identity, context: context, values: values, problems: [])
        }
        let form = ActionForm(target.action)
        let read = form.read(values)
        if !read.problems.isEmpty {
            return formPage(target, identity: identity, context: context, values: values, problems: read.problems, status: .unprocessableContent)
        }
        var occurredAt = Timestamp(configuration.now())
        if let text = read.occurredAt {
            guard let t = MomentInput.instant(text) else {
                return formPage(target, identity: identity, context: context, values: values,
                                problems: [(ActionForm.occurredAt.name, "When it happened: \(text) is not a moment; write \(MomentInput.formats)")],
                                status: .unprocessableContent)
            }
            occurredAt = t
        }
        let command = CaseCommand(target.action, reference: target.reference, fields: read.fields, occurredAt: occurredAt)
        if intent == "record" {
            do {
                let outcome = try await EventsController.record(command, identity: identity, casebook: reader.casebook)
                let labels = outcome.eventTypes.map { Labels.value($0.rawValue) }
                var response = Response.redirect(to: "/cases/\(outcome.reference)?recorded=" + PageRenderer.percentEncode(labels.joined(separator: "; ")), type: .normal)
                response.status = .seeOther
                return response
            } catch {
                return try refusal(error, target: target, values: values, identity: identity, request: request, context: context)
            }
        }
        // Check your answers: the rules and the fold, without appending.
        let casebook = reader.casebook
        let actor = identity.actor
        let today = configuration.today()
        do {
            let preview = try await blocking { try casebook.preview(command, by: actor, today: today) }
            return checkAnswersPage(target, form: form, values: values, preview: preview, identity: identity, context: context)
        } catch {
            return try refusal(error, target: target, values: values, identity: identity, request: request, context: context)
        }
    }

    /// A refused command as the form again with every problem (422); 403 and 404 stay pages of their own.
    func refusal(_ error: any Error, target: FormTarget, values: FormValues, identity: Identity, request: Request, context: Context) throws -> Response {
        let apiError = (error as? CasebookError).map(EventsController.apiError) ?? APIError.from(error, request: request, context: context)
        guard apiError.status.code >= 400 && apiError.status.code < 500, apiError.status != .forbidden, apiError.status != .notFound else {
            throw apiError
        }
        var problems: [(field: String, message: String)] = []
        for p in apiError.details["problems"]?.arrayValue ?? [] {
            problems.append((p["field"]?.stringValue ?? "", p["message"]?.stringValue ?? apiError.message))
        }
        if problems.isEmpty { problems = [("", apiError.message)] }
        return formPage(target, identity: identity, context: context, values: values, problems: problems, status: .unprocessableContent)
    }

    // MARK: Rendering

    /// The form's heading: the action in words, then the case ("Acknowledge the request —
    /// FOI-2026-0001"); a form that opens a case is the action alone ("Log a new subject access
    /// request", "Report a breach").
    func formTitle(_ target: FormTarget) -> String {
        target.reference.map { "\(target.action.title) — \($0)" } ?? target.action.title
    }

    func formPage(_ target: FormTarget, identity: Identity, context: Context, values: FormValues?, problems: [(field: String, message: String)],
                  status: HTTPResponse.Status = .ok) -> Response {
        let form = ActionForm(target.action)
        let all = form.fields + [ActionForm.occurredAt]
        // Each problem against the field it names (`requester.name`, `documents[0].sha256` → `documents`).
        func owner(_ name: String) -> ActionForm.FormField? {
            if let f = all.first(where: { $0.name == name }) { return f }
            let stem = String(name.prefix { $0 != "[" })
            if let f = all.first(where: { $0.name == stem }) { return f }
            let top = String(stem.split(separator: ".").first ?? "")
            return all.first { $0.name == top }
        }
        var errors: [String: String] = [:]
        var summary: [[String: Any]] = []
        for p in problems {
            var field = owner(p.field)
            // A group (a nested object) left out: the problem belongs to its first required member.
            if let group = field, group.kind == .group {
                let members = form.fields.filter { $0.parent == group.name }
                field = members.first(where: \.required) ?? members.first
            }
            // The decoder's words for a field left empty, as a form says it.
            var message = p.message
            if let f = field, message.contains("is required but missing") {
                switch f.kind {
                case .choice, .choices, .boolean: message = "Select \(Self.fieldLabel(f, in: form).lowercased())"
                default: message = "Enter \(Self.fieldLabel(f, in: form).lowercased())"
                }
            }
            let linked = field ?? form.fields.first(where: { $0.kind != .group }) ?? ActionForm.occurredAt
            summary.append(["href": "#" + linked.anchor, "text": message])
            if let field { errors[field.name] = errors[field.name].map { $0 + " " + message } ?? message }
        }
        var items: [[String: Any]] = []
        for field in form.fields where field.parent == nil {
            var item = Self.control(field, values: values, error: errors[field.name])
            if field.kind == .group {
                item["children"] = form.fields.filter { $0.parent == field.name }.map { Self.control($0, values: values, error: errors[$0.name]) }
            }
            items.append(item)
        }
        items.append(Self.control(ActionForm.occurredAt, values: values, error: errors[ActionForm.occurredAt.name]))
        let page: [String: Any] = [
            "heading": formTitle(target), "summary": target.action.summary, "path": target.path,
            "caseReference": target.reference?.rawValue ?? "", "hasCase": target.reference != nil,
            "fields": items, "errors": summary, "hasErrors": !summary.isEmpty,
            "csrfField": FormGuard.field, "csrf": context.csrfToken ?? "",
            "command": "\(target.action.group.rawValue) \(target.action.name)",
        ]
        return pages.page("action-form", title: (summary.isEmpty ? "" : "Error: ") + formTitle(target), context: page, identity: identity,
                          status: status, marking: marking(showingPersonalData: true))
    }

    /// A member's label with its group's ("Requester name").
    static func fieldLabel(_ field: ActionForm.FormField, in form: ActionForm) -> String {
        guard let parent = field.parent else { return field.label }
        return Labels.field(parent) + " " + field.label.lowercased()
    }

    /// One field's template context: its kind as a flag, the entered values kept.
    static func control(_ field: ActionForm.FormField, values: FormValues?, error: String?) -> [String: Any] {
        var c: [String: Any] = [
            "id": field.id, "name": field.name, "label": field.label, "optional": !field.required, "value": values?.value(field.name) ?? "",
            // Every flag set, so that a group's member never reads its group's values through the context stack.
            "hint": false, "error": false, "numeric": false, "withTime": false, "isText": false, "isTextarea": false, "isRadios": false,
            "isSelect": false, "isCheckboxes": false, "isDate": false, "isGroup": false, "options": [[String: Any]](),
        ]
        var describedBy: [String] = []
        if let hint = field.hint { c["hint"] = hint; describedBy.append(field.id + "-hint") }
        if let error { c["error"] = error; describedBy.append(field.id + "-error") }
        c["describedBy"] = describedBy.isEmpty ? false as Any : describedBy.joined(separator: " ")
        func options(_ choices: [(String, String)], multiple: Bool) -> [[String: Any]] {
            let chosen = Set(multiple ? values?.values(field.name) ?? [] : [values?.value(field.name) ?? ""])
            return choices.enumerated().map { i, pair in
                ["id": "\(field.id)-\(i)", "value": pair.0, "text": pair.1, "checked": chosen.contains(pair.0), "name": field.name]
            }
        }
        switch field.kind {
        case .text: c["isText"] = true
        case .integer: c["isText"] = true; c["numeric"] = true
        case .textarea, .lines, .objectLines, .assignments: c["isTextarea"] = true
        case .boolean:
            c["isRadios"] = true
            c["options"] = options([("true", "Yes"), ("false", "No")], multiple: false)
        case .choice(let list) where list.count <= 6:
            c["isRadios"] = true
            c["options"] = options(list.map { ($0, Labels.value($0)) }, multiple: false)
        case .choice(let list):
            c["isSelect"] = true
            c["options"] = options(list.map { ($0, Labels.value($0)) }, multiple: false)
        case .choices(let list):
            c["isCheckboxes"] = true
            c["options"] = options(list.map { ($0, Labels.value($0)) }, multiple: true)
        case .date, .dateTime:
            c["isDate"] = true
            c["withTime"] = field.kind == .dateTime
            for part in ["day", "month", "year", "time"] { c[part] = values?.value("\(field.name)-\(part)") ?? "" }
        case .group:
            c["isGroup"] = true
        }
        return c
    }

    func checkAnswersPage(_ target: FormTarget, form: ActionForm, values: FormValues, preview: CommandPreview, identity: Identity,
                          context: Context) -> Response {
        var answers: [[String: Any]] = []
        for field in form.fields + [ActionForm.occurredAt] where field.kind != .group {
            let shown: String
            switch field.kind {
            case .date, .dateTime:
                let d = ["day", "month", "year"].map { values.value("\(field.name)-\($0)") }
                let t = values.value("\(field.name)-time")
                shown = d.allSatisfy(\.isEmpty) ? "" : d.joined(separator: "/") + (t.isEmpty ? "" : " " + t)
            case .choice, .boolean:
                let v = values.value(field.name)
                shown = v == "true" ? "Yes" : v == "false" ? "No" : v.isEmpty ? "" : Labels.value(v)
            case .choices:
                shown = values.values(field.name).filter { !$0.isEmpty }.map(Labels.value).joined(separator: ", ")
            default:
                shown = values.value(field.name).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let label = field.parent.map { "\(Labels.field($0)): \(field.label)" } ?? field.label
            answers.append(["label": label, "value": shown.isEmpty ? "Not given (\(field.hint?.range(of: "Leave empty for").map { _ in "the default" } ?? "left out"))" : shown,
                            "anchor": field.anchor])
        }
        let today = configuration.today()
        let calendar = reader.casebook.deadlines.calendar(for: nil as Division?)
        let steps: [[String: Any]] = preview.dueSteps.map { step in
            let left = step.dueOn >= today ? calendar.workingDays(after: today, through: step.dueOn) : -calendar.workingDays(after: step.dueOn, through: today)
            return ["step": Labels.value(step.step), "due": step.dueOn.iso, "left": Self.daysLeftInWords(left, overdue: today > step.dueOn)]
        }
        let row = RegisterName.allCases.first { $0.caseKind == preview.reference.kind }.flatMap { preview.rows[$0] }
        let hidden = values.pairs.filter { $0.0 != FormGuard.field && $0.0 != "intent" }.map { ["name": $0.0, "value": $0.1] }
        let page: [String: Any] = [
            "heading": formTitle(target), "path": target.path, "answers": answers,
            "reference": preview.reference.rawValue, "opens": target.action.opens,
            "events": preview.eventTypes.map { Labels.value($0.rawValue) },
            "status": row.map { Labels.value($0.filterFacts.status) } ?? (preview.state.closedBy != nil ? "Closed" : "Open"),
            "closes": preview.state.closedBy != nil && target.action.event == preview.state.closedBy,
            "steps": steps, "hasSteps": !steps.isEmpty, "next": steps.first ?? [:],
            "hidden": hidden, "csrfField": FormGuard.field, "csrf": context.csrfToken ?? "",
        ]
        return pages.page("check-answers", title: "Check your answers: " + formTitle(target), context: page, identity: identity,
                          marking: marking(showingPersonalData: true))
    }
}
