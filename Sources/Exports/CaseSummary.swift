import Foundation
import LedgerStore
import CasebookCore
import Registers

/// The the wrongful-release protocol Step 3 account of one case, in plain text: what the request was for, a timeline
/// with everyone who processed and signed it off, what was released and withheld under which
/// exemption, and — for a wrongful-release breach — what was issued in error and the risks.
/// The requester's identity is never included (the wrongful-release protocol NB).
enum CaseSummary {
    static func text(reference: String, events: [StoredEvent], casebook: Casebook, access: PersonalDataAccess) throws -> String {
        var lines = ["CASE \(reference)", String(repeating: "=", count: 5 + reference.count), ""]
        var people: [String: Set<String>] = [:]
        var timeline: [String] = []
        var released: [String] = []
        var withheld: [String] = []
        var requested: [String] = []
        var inError: [String] = []
        var risks: [String] = []
        for e in events {
            let env = e.envelope
            let payload = try casebook.open(env.payload, eventId: env.eventId, access: access)
            people[env.actor.id, default: []].insert(env.actor.role)
            var line = "\(env.occurredAt.rfc3339)  \(env.type)  by \(env.actor.id) (\(env.actor.role))"
            if env.recordedAt.milliseconds - env.occurredAt.milliseconds > 24 * 3_600_000 { line += "  [recorded \(env.recordedAt.rfc3339)]" }
            switch env.type {
            case "RequestReceived", "SARReceived":
                if let s = payload["summary"]?.stringValue { requested.append(s) }
                if let regime = payload["regime"]?.stringValue { requested.append("Regime: \(regime.uppercased())") }
            case "ExemptionApplied":
                let section = payload["section"]?.stringValue ?? "?"
                withheld.append("s\(section) (\(payload["exemptionClass"]?.stringValue ?? "?")): \(payload["reason"]?.stringValue ?? "")")
            case "ResponseSent", "SARResponded":
                if let by = payload["signedOffBy"]?.stringValue {
                    people[by, default: []].insert("signed off")
                    line += "; signed off by \(by)"
                }
                if let outcome = payload["outcome"]?.stringValue { released.append("Outcome: \(outcome)") }
                for d in payload["documents"]?.arrayValue ?? [] {
                    released.append("\(d["title"]?.stringValue ?? "document") (sha256 \(d["sha256"]?.stringValue ?? "?"))")
                }
                let exemptions = (payload["exemptions"]?.arrayValue ?? []).compactMap(\.stringValue)
                if !exemptions.isEmpty { released.append("Exemptions relied on: \(exemptions.joined(separator: ", "))") }
            case "InternalReviewDecided":
                if let r = payload["reviewer"]?.stringValue { people[r, default: []].insert("internal reviewer") }
            case "WrongfulReleaseLinked":
                if let foi = payload["foiCase"]?.stringValue { line += "; released under \(foi)" }
                if let s = payload["releasedInError"] { inError.append(s.stringValue ?? s.canonicalString) }
                for k in ["ministerialReputationalDamage", "departmentalReputationalDamage", "stakeholderDamage", "mediaStoryLikelihood"] {
                    if let v = payload[k]?.stringValue { risks.append("\(k): \(v)") }
                }
                if let v = payload["legalChallengePossible"]?.boolValue { risks.append("legalChallengePossible: \(v)") }
                if let v = payload["personalDataReleased"]?.boolValue { risks.append("personalDataReleased: \(v)") }
                let parties = (payload["partiesInformed"]?.arrayValue ?? []).compactMap(\.stringValue)
                if !parties.isEmpty { risks.append("parties informed: \(parties.joined(separator: ", "))") }
            default: break
            }
            timeline.append(line)
        }
        func section(_ title: String, _ body: [String]) {
            lines.append(title)
            lines += body.isEmpty ? ["  (none recorded)"] : body.map { "  " + $0 }
            lines.append("")
        }
        section("What the request was for", requested)
        section("Timeline (occurred; late entries show when they were recorded)", timeline)
        section("People who processed and signed off the case", people.keys.sorted().map { "\($0): \(people[$0]!.sorted().joined(separator: ", "))" })
        section("Released", released)
        section("Withheld, and under what exemption", withheld)
        if !inError.isEmpty || !risks.isEmpty {
            section("Issued in error", inError)
            section("Risks (the wrongful-release protocol Step 1) and parties informed (Step 2)", risks)
        }
        lines.append("The requester's identity is not included (it may not be shared, the wrongful-release protocol NB).")
        return lines.joined(separator: "\n") + "\n"
    }
}
