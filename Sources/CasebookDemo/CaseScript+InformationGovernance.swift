import Casework
import Foundation

// Data-sharing agreements (the data protection policy Appendix 5) and complaints about data
// handling or sharing (the data-sharing guidance §6), as a council's information governance
// team records them.
extension CaseScript {
    static let partners = [
        ("Northgate Print Services Ltd", "Printing and posting council tax bills", "Revenues"),
        ("Riverside Housing Association", "Nominations to social housing", "Housing"),
        ("City Police Division", "Community safety partnership data sharing", "Community Safety"),
        ("CareLine Telecare Ltd", "Telecare alarm monitoring", "Adult Social Care"),
        ("NHS Grampian Integration Team", "Joint hospital discharge planning", "Adult Social Care"),
        ("Secure Shred UK", "Confidential waste destruction", "Corporate Services"),
    ]

    mutating func agreement(arrival: Int64) {
        let home = generator.home
        let (partner, purpose, service) = rng.pick(Self.partners)
        let processing = rng.chance(0.5)
        let proposedDay = DemoTime.day(arrival)
        let slug = service.lowercased().filter { $0.isLetter }
        guard add(arrival, .officer("imlo.\(slug)"), { t in
            AgreementProposed(type: processing ? .processing : .sharing, partner: partner, purpose: purpose, service: service,
                              securityProcedures: "Transfers by SFTP or encrypted e-mail only; data held in the UK and encrypted at rest; access limited to named staff.",
                              accuracyStandards: "Records matched against the council's system before each transfer; errors corrected within 5 working days.",
                              proposedOn: DemoTime.localDay(t), reviewDueOn: CaseScript.day(proposedDay + 365))
        }) != nil else { return }
        // Appendix 5 §4.1: the Head of Legal is informed before a processing agreement is signed;
        // now and then a service forgets, and the agreement waits unsigned.
        guard !processing || rng.chance(0.9) else { return }
        add(workingDays(rng.int(1...5), after: cursor, home), .officer("imlo.\(slug)")) { t in
            HeadOfLegalInformed(informedOn: DemoTime.localDay(t), informedBy: "imlo.\(slug)")
        }
        guard add(workingDays(rng.int(5...20), after: cursor, home), .legal("legal.head"), { t in
            AgreementSigned(signedOn: DemoTime.localDay(t), signedBy: "legal.head", form: processing ? .separateAgreement : nil)
        }) != nil else { return }
        // The yearly review: most are on time, some slip (they show overdue on the register).
        var due = proposedDay + 365
        while rng.chance(0.8) {
            let late = rng.chance(0.2) ? rng.int(10...60) : 0
            let reviewedDay = due - rng.int(0...20) + late
            let next = reviewedDay + 365
            guard add(onDay(reviewedDay, notBefore: cursor, home), .officer("imlo.\(slug)"), { t in
                AgreementReviewed(reviewedOn: DemoTime.localDay(t), nextReviewDueOn: CaseScript.day(next),
                                  findings: "Accuracy checks met; security procedures unchanged.", reviewer: "imlo.\(slug)")
            }) != nil else { return }
            due = next
        }
        if rng.chance(0.3) {
            add(workingDays(rng.int(20...120), after: cursor, home), .officer("imlo.\(slug)")) { t in
                AgreementEnded(endedOn: DemoTime.localDay(t), reason: .expired, dataDisposal: "Partner certified the data returned and destroyed.")
            }
        }
    }

    mutating func complaint(arrival: Int64) {
        let home = generator.home
        let (partner, _, service) = rng.pick(Self.partners)
        let fromPartner = rng.chance(0.2)
        let sharing = rng.chance(0.6)
        let person = rng.int(1...9999)
        guard add(arrival, .officer("ig.officer"), { t in
            ComplaintReceived(receivedOn: DemoTime.localDay(t), source: fromPartner ? .partner : .publicMember,
                              about: sharing ? .sharing : .handling,
                              complainant: Requester(name: fromPartner ? "Data Protection Lead, \(partner)" : "Complainant \(person)",
                                                     email: "complainant\(person)@example.org"),
                              summary: sharing ? "My details were passed to \(partner) without my knowledge."
                                               : "A letter with my details was sent to the wrong address.",
                              partner: sharing || fromPartner ? partner : nil, agreement: nil, service: service)
        }) != nil else { return }
        add(workingDays(rng.int(0...3), after: cursor, home), .officer("ig.officer")) { t in
            ComplaintAcknowledged(acknowledgedOn: DemoTime.localDay(t))
        }
        // Policy: answered within 20 working days; about one in eight is late.
        let limit = generator.policy.complaintResponseWorkingDays
        let days = rng.chance(0.87) ? rng.int(5...limit) : rng.int((limit + 1)...(limit + 15))
        let outcome = rng.weighted([(ComplaintResolved.Outcome.upheld, 3), (.partlyUpheld, 3), (.notUpheld, 5), (.withdrawn, 1)])
        guard add(workingDays(days, after: arrival, home), .legal("legal.officer1"), { t in
            ComplaintResolved(respondedOn: DemoTime.localDay(t), outcome: outcome,
                              actionTaken: outcome == .notUpheld ? nil : "Staff reminded of the sharing procedure; the record corrected.",
                              respondedBy: "legal.officer1")
        }) != nil else { return }
        if rng.chance(0.1) {
            add(workingDays(rng.int(10...40), after: cursor, home), .legal("legal.officer1")) { t in
                ComplaintEscalatedToICO(escalatedOn: DemoTime.localDay(t), icoReference: "IC-\(100000 + person)-DEMO")
            }
        }
    }
}
