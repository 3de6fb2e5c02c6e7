import Casework
import CasebookCore
import Foundation
import Registers

extension PagesController {
    /// What the FOI or SAR register holds about the case's review and refusal integrity and its
    /// completeness, for the case page: the link between a request channelled under s40(1) and its
    /// SAR, an extended review and its due date, a reviewer who also signed off the response, the
    /// SAR exemptions, consents and updates, and the missing steps. Empty for other kinds.
    func caseFacts(_ reference: CaseReference) async throws -> [[String: Any]] {
        let casebook = reader.casebook
        let today = configuration.today()
        let calculator = casebook.deadlines
        let facts: [(String, String, String?)] = try await blocking {
            try casebook.ledger.read { log -> [(String, String, String?)] in
                func link(_ text: String?) -> String? { text.map { "/cases/\($0)" } }
                switch reference.kind {
                case .request:
                    guard let row = try RegisterHook<FOIRegister>.row(reference.rawValue, in: log)?.evaluated(today: today, calculator: calculator) else { return [] }
                    var out: [(String, String, String?)] = [("Status", row.status, nil)]
                    if let sar = row.channelledToSAR { out.append(("Channelled to subject access (s40(1))", sar, link(sar))) }
                    if let review = row.internalReview {
                        out.append(("Internal review due", review.dueOn?.iso ?? "", nil))
                        if let days = review.extensionWorkingDays {
                            out.append(("Review extended (the FOI policy \"Complaints\")", "by \(days) working days on \(review.extendedOn?.iso ?? "?")", nil))
                        }
                        if review.reviewerSignedOffResponse == true {
                            out.append(("Review not impartial", "the reviewer \(review.reviewer ?? "") also signed off the response", nil))
                        }
                    }
                    out.append(("Missing steps", row.missingSteps?.joined(separator: ", ") ?? "none", nil))
                    return out
                case .subjectAccess:
                    guard let row = try RegisterHook<SARRegister>.row(reference.rawValue, in: log)?.evaluated(today: today, calculator: calculator) else { return [] }
                    var out: [(String, String, String?)] = [("Status", row.status, nil)]
                    if let from = row.channelledFrom { out.append(("Channelled from the FOI request (s40(1))", from, link(from))) }
                    if let applied = row.exemptionsApplied {
                        let titles = applied.map { p in SARExemptionCatalogue.entry(for: p).map { "\(p) (\($0.title))" } ?? p }
                        out.append(("Exemptions applied (DPA 2018 Schedules 2–4)", titles.joined(separator: "; "), nil))
                    }
                    if let update = row.lastUpdateOn {
                        out.append(("Requester last updated", update.iso + (row.estimatedResponseOn.map { ", told to expect the response by \($0.iso)" } ?? ""), nil))
                    }
                    if let scra = row.scraConsent { out.append(("SCRA consent", scra, nil)) }
                    if let child = row.childConsent { out.append(("Child's capacity and consent", child, nil)) }
                    if row.internalReview?.reviewerSignedOffResponse == true {
                        out.append(("Review not impartial", "the reviewer also signed off the response", nil))
                    }
                    out.append(("Missing steps", row.missingSteps?.joined(separator: ", ") ?? "none", nil))
                    return out
                default:
                    return []
                }
            }
        }
        return facts.map { label, value, href in
            var fact: [String: Any] = ["label": label, "value": value]
            if let href { fact["href"] = href }
            return fact
        }
    }
}
