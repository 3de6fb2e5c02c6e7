import Casework
import Foundation
import Intake
import LedgerStore

/// The commands one row implies, in the order they happened, before any is checked.
struct ImportRowPlan {
    /// A command and the sheet column it came from (for a refusal).
    struct Step {
        var command: CaseCommand
        var field: String?
        /// The column the step's date came from, when it is not `field` (a refusal's grounds are
        /// dated by the response): a refusal for its date names this column.
        var dateField: String?
    }

    var reference: CaseReference
    var sheetReference: String
    var steps: [Step]
    var timesNotInSheet: [String]
    var sheetDueOn: LocalDate?
}

extension ImportRowPlan {
    static let notRecorded = JSONValue.string(ImportRowReader.notRecorded)

    /// The row's plan, or the problems that stop it (every one, each with its column).
    static func plan(_ reader: inout ImportRowReader, importer: String) -> ImportRowPlan? {
        guard let sheetReference = reader.require(reader.text("reference"), "reference") else { return nil }
        var regime: Regime?
        if reader.kind == .foi { regime = reader.choice("regime").flatMap(Regime.init(rawValue:)) }
        let reference: CaseReference
        switch ImportReference.derive(sheetReference, kind: reader.kind, regime: regime) {
        case .success(let r): reference = r
        case .failure(let e):
            reader.problem("reference", e.message)
            return nil
        }
        var steps: [Step] = []
        func add(_ action: String, _ fields: JSONObject, at: Timestamp?, field: String?, dateField: String? = nil) {
            guard let at, let a = CaseAction.named(action, in: reader.kind.group) ?? CaseAction.named(action, in: .anyCase) else { return }
            steps.append(Step(command: CaseCommand(a, reference: reference, fields: fields, occurredAt: at), field: field, dateField: dateField))
        }
        func midday(_ day: LocalDate?) -> Timestamp? {
            day.flatMap { MomentInput.londonDateTime("\($0.iso) 12:00") }
        }
        func officerStep(at: Timestamp?) {
            if let officer = reader.text("officer"), officer != importer {
                add("reassign", ["to": .string(officer), "from": .string(importer), "reason": .string("the officer named in the imported register")],
                    at: at, field: "officer")
            }
        }
        var due: LocalDate?
        switch reader.kind {
        case .foi:
            due = reader.day("due")
            let received = reader.require(reader.moment("received", as: "RequestReceived.receivedAt"), "received")
            let channel = reader.require(reader.choice("channel"), "channel")
            let requesterType = reader.require(reader.choice("requesterType"), "requesterType")
            let summary = reader.require(reader.text("summary"), "summary")
            let resolvedRegime = regime ?? (reference.prefix == .eir ? .eir : .foia)
            var open: JSONObject = [
                "regime": .string(resolvedRegime.rawValue), "requester": .object(["name": reader.text("requesterName").map(JSONValue.string) ?? notRecorded]),
            ]
            if let received { open["receivedAt"] = .string(received.rfc3339) }
            if let channel { open["channel"] = .string(channel) }
            if let requesterType { open["requesterType"] = .string(requesterType) }
            if let summary { open["summary"] = .string(summary) }
            if let service = reader.text("service") { open["service"] = .string(service) }
            add("receive", open, at: received, field: "received")
            officerStep(at: received)
            if let ack = reader.moment("acknowledged", as: "RequestAcknowledged.acknowledgedAt", opened: received) {
                add("acknowledge", ["acknowledgedAt": .string(ack.rfc3339)], at: ack, field: "acknowledged")
            }
            let provisions = reader.provisions("exemptions") ?? []
            if let responded = reader.moment("responded", as: "ResponseSent.sentAt", opened: received) {
                let outcome = reader.require(reader.choice("outcome"), "outcome", because: "when responded is given")
                var relied: [String] = []
                for p in provisions {
                    switch p {
                    case "12", "12(1)", "12(2)":
                        if let hours = reader.require(reader.count("costLimitHours"), "costLimitHours", because: "for a s12 (cost limit) refusal") {
                            add("cost-limit", ["estimatedHours": .int(Int64(hours))], at: responded, field: "exemptions", dateField: "responded")
                        }
                    case "14", "14(1)":
                        add("vexatious", ["basis": .string("vexatious"), "reason": notRecorded], at: responded, field: "exemptions", dateField: "responded")
                    case "14(2)":
                        add("vexatious", ["basis": .string("repeated"), "reason": notRecorded], at: responded, field: "exemptions", dateField: "responded")
                    default:
                        relied.append(p)
                    }
                }
                if !relied.isEmpty {
                    // A provision that can be absolute or qualified (s40(2)) takes the class the sheet or the officer states.
                    let catalogue = ExemptionCatalogue.for(resolvedRegime)
                    let either = relied.filter { catalogue.entry(for: $0)?.classification == .either }
                    let plain = relied.filter { !either.contains($0) }
                    if !plain.isEmpty {
                        add("exempt", ["sections": .array(plain.map(JSONValue.string)), "reason": notRecorded], at: responded, field: "exemptions", dateField: "responded")
                    }
                    var eitherClass: String?
                    if !either.isEmpty {
                        eitherClass = reader.require(reader.choice("exemptionClass"), "exemptionClass",
                                                     because: "for \(either.joined(separator: ", ")), which \(resolvedRegime.displayName) applies as absolute or qualified")
                        if let eitherClass {
                            add("exempt", ["sections": .array(either.map(JSONValue.string)), "class": .string(eitherClass), "reason": notRecorded],
                                at: responded, field: "exemptions", dateField: "responded")
                        }
                    }
                    // A response relying on a qualified exemption had its public interest test come out for maintaining it.
                    let qualified = relied.filter { catalogue.entry(for: $0)?.classification == .qualified || (either.contains($0) && eitherClass == "qualified") }
                    if !qualified.isEmpty {
                        add("pit", ["sections": .array(qualified.map(JSONValue.string)), "reasoning": notRecorded, "outcome": .string("maintained")],
                            at: responded, field: "exemptions", dateField: "responded")
                    }
                }
                if let outcome {
                    add("respond", ["outcome": .string(outcome), "exemptions": .array(relied.map(JSONValue.string)), "documents": .array([]),
                                    "signedOffBy": notRecorded, "sentAt": .string(responded.rfc3339)], at: responded, field: "responded")
                }
            } else if !provisions.isEmpty {
                reader.problem("exemptions", "exemptions are given but no response date; fill in responded, or leave exemptions empty")
            }
            if let requested = reader.day("reviewRequested") {
                add("review-request", ["requestedOn": .string(requested.iso)], at: midday(requested), field: "reviewRequested")
            }
            if let decided = reader.day("reviewDecided"),
               let outcome = reader.require(reader.choice("reviewOutcome"), "reviewOutcome", because: "when reviewDecided is given") {
                add("review-decide", ["decidedOn": .string(decided.iso), "outcome": .string(outcome), "reviewer": notRecorded],
                    at: midday(decided), field: "reviewDecided")
            }
            if let complaint = reader.day("icoComplaint") {
                var f: JSONObject = ["receivedOn": .string(complaint.iso)]
                if let r = reader.text("icoReference") { f["regulatorReference"] = .string(r) }
                add("ico-complaint", f, at: midday(complaint), field: "icoComplaint")
            }
            if let notice = reader.day("icoDecision"),
               let outcome = reader.require(reader.choice("icoOutcome"), "icoOutcome", because: "when icoDecision is given") {
                add("decision-notice", ["receivedOn": .string(notice.iso), "outcome": .string(outcome),
                                        "noticeReference": reader.text("icoDecisionReference").map(JSONValue.string) ?? notRecorded],
                    at: midday(notice), field: "icoDecision")
            }
            if let published = reader.day("published") {
                add("publish", ["publishedOn": .string(published.iso), "documents": .array([])], at: midday(published), field: "published")
            }
        case .sar:
            due = reader.day("due")
            let received = reader.require(reader.moment("received", as: "SARReceived.receivedAt"), "received")
            let channel = reader.require(reader.choice("channel"), "channel")
            var open: JSONObject = [
                "requester": .object(["name": reader.text("requesterName").map(JSONValue.string) ?? notRecorded]),
                "summary": reader.text("summary").map(JSONValue.string) ?? notRecorded,
            ]
            if let received { open["receivedAt"] = .string(received.rfc3339) }
            if let channel { open["channel"] = .string(channel) }
            if let service = reader.text("service") { open["service"] = .string(service) }
            add("receive", open, at: received, field: "received")
            officerStep(at: received)
            if let verified = reader.day("identityVerified"),
               let method = reader.require(reader.choice("identityMethod"), "identityMethod", because: "when identityVerified is given") {
                add("verify-id", ["verifiedOn": .string(verified.iso), "method": .string(method)], at: midday(verified), field: "identityVerified")
            }
            if let extended = reader.day("extended"),
               let reason = reader.require(reader.choice("extensionReason"), "extensionReason", because: "when extended is given") {
                add("extend", ["requesterInformedOn": .string(extended.iso), "reason": .string(reason)], at: midday(extended), field: "extended")
            }
            if let responded = reader.moment("responded", as: "SARResponded.respondedAt", opened: received) {
                let outcome = reader.require(reader.choice("outcome"), "outcome", because: "when responded is given")
                let method = reader.require(reader.choice("responseMethod"), "responseMethod", because: "when responded is given")
                let exemptions = reader.text("exemptions").map(ImportText.list) ?? []
                if let outcome, let method {
                    add("respond", ["outcome": .string(outcome), "method": .string(method), "exemptions": .array(exemptions.map(JSONValue.string)),
                                    "documents": .array([]), "signedOffBy": notRecorded, "respondedAt": .string(responded.rfc3339)],
                        at: responded, field: "responded")
                }
            }
        case .breach:
            let discovered = reader.require(reader.moment("discovered", as: "BreachReported.discoveredAt"), "discovered")
            let service = reader.require(reader.text("service"), "service")
            let categories = reader.require(reader.choices("categories"), "categories")
            let subjects = reader.require(reader.count("dataSubjects"), "dataSubjects")
            let sensitive = reader.require(reader.yesNo("sensitive"), "sensitive")
            let howHeld = reader.require(reader.choice("howHeld"), "howHeld")
            let contact: JSONValue = .object(["name": notRecorded, "jobTitle": notRecorded, "service": service.map(JSONValue.string) ?? notRecorded,
                                              "contact": notRecorded])
            var open: JSONObject = [
                "reportingOfficer": contact, "businessManager": contact, "howDiscovered": notRecorded,
                "informationInvolved": reader.text("summary").map(JSONValue.string) ?? notRecorded, "dataSubjectsDescription": notRecorded,
                "consequences": notRecorded, "immediateMeasures": notRecorded, "proposedMeasures": notRecorded,
            ]
            if let discovered { open["discoveredAt"] = .string(discovered.rfc3339) }
            if let occurred = reader.day("occurred") { open["occurredOn"] = .string(occurred.iso) }
            if let service { open["service"] = .string(service) }
            if let categories {
                open["categories"] = .array(categories.map(JSONValue.string))
                if categories.contains("other") { open["categoryDescription"] = notRecorded }
            }
            if let subjects { open["dataSubjectCount"] = .int(Int64(subjects)) }
            if let sensitive { open["sensitive"] = .bool(sensitive) }
            if let howHeld { open["howHeld"] = .string(howHeld) }
            add("report", open, at: discovered, field: "discovered")
            officerStep(at: discovered)
            let notified = reader.moment("icoNotified", as: "ICONotified.notifiedAt", opened: discovered)
            // The notification itself shows the decision was to notify.
            let decision = reader.choice("icoDecision") ?? (notified != nil ? "notify" : nil)
            if let decision {
                let decided = reader.moment("icoDecided", as: "ICONotificationDecided.decidedAt", opened: discovered) ?? (decision == "notify" ? notified : nil)
                if let decided {
                    var f: JSONObject = ["decision": .string(decision), "decidedAt": .string(decided.rfc3339)]
                    if decision == "doNotNotify" { f["reasons"] = notRecorded }
                    add("decide-ico", f, at: decided, field: "icoDecision")
                } else {
                    reader.problem("icoDecided", "the ICO decision is given but not when it was made; fill in icoDecided (or icoNotified for a notification)")
                }
            }
            if let notified {
                var f: JSONObject = ["notifiedAt": .string(notified.rfc3339)]
                if let r = reader.text("icoReference") { f["icoReference"] = .string(r) }
                if let discovered, notified.date.timeIntervalSince(discovered.date) > 72 * 3600 { f["reasonsForDelay"] = notRecorded }
                add("notify-ico", f, at: notified, field: "icoNotified")
            }
            if let told = reader.day("subjectsNotified"),
               let method = reader.require(reader.choice("subjectsNotifiedBy"), "subjectsNotifiedBy", because: "when subjectsNotified is given") {
                add("notify-subjects", ["notifiedOn": .string(told.iso), "methods": .array([.string(method)]),
                                        "numberNotified": .int(Int64(subjects ?? 0)), "howAndWhenOccurred": notRecorded,
                                        "informationInvolved": notRecorded, "adviceGiven": notRecorded, "howToComplain": notRecorded],
                    at: midday(told), field: "subjectsNotified")
            }
            if let closed = reader.day("closed") {
                add("close", ["closedOn": .string(closed.iso)], at: midday(closed), field: "closed")
            }
        case .nearMiss:
            let occurred = reader.require(reader.day("occurred"), "occurred")
            let reported = reader.require(reader.day("reported"), "reported")
            let service = reader.require(reader.text("service"), "service")
            let category = reader.require(reader.choice("category"), "category")
            var open: JSONObject = ["description": reader.text("description").map(JSONValue.string) ?? notRecorded]
            if let occurred { open["occurredOn"] = .string(occurred.iso) }
            if let reported { open["reportedOn"] = .string(reported.iso) }
            if let service { open["service"] = .string(service) }
            if let category { open["potentialCategory"] = .string(category) }
            add("report", open, at: midday(reported), field: "reported")
            officerStep(at: midday(reported))
            if let reviewed = reader.day("reviewed"),
               let weakness = reader.require(reader.choice("weakness"), "weakness", because: "when reviewed is given") {
                add("review", ["reviewedOn": .string(reviewed.iso), "weakness": .string(weakness),
                               "action": reader.text("action").map(JSONValue.string) ?? notRecorded,
                               "reviewer": reader.text("officer").map(JSONValue.string) ?? notRecorded],
                    at: midday(reviewed), field: "reviewed")
            }
        }
        guard reader.problems.isEmpty else { return nil }
        return ImportRowPlan(reference: reference, sheetReference: sheetReference, steps: steps, timesNotInSheet: reader.timesNotInSheet,
                             sheetDueOn: due)
    }
}
