import Casework
import Foundation

// Third-party disclosure requests (the data protection policy Appendix 4), as a council sees them:
// mostly police requests (some arriving without the officer's number or extension, so the police
// are asked for them before anything is disclosed, §2.6.7.1), court orders with their own day,
// parents asking for an educational record (15 school days, a copy for up to £50), schools asking
// for a transferring pupil's record, and a solicitor acting for someone else, refused (§2.7.1.3).

extension CaseScript {
    static let thirdPartyOfficers = ["imlo.housing", "imlo.revenues", "imlo.education", "imlo.socialwork"]

    mutating func thirdPartyDisclosure(arrival: Int64) {
        let home = generator.home
        let officer = DemoActor.officer(rng.pick(Self.thirdPartyOfficers))
        let category = rng.weighted([(ThirdPartyRequesterCategory.police, 45), (.court, 12), (.parent, 14), (.school, 10),
                                     (.solicitor, 12), (.governmentAgency, 7)])
        let scenario = rng.pick(DemoVocabulary.thirdPartyScenarios.filter { $0.category == category })
        let subject = DemoPeople.fullName(200_000 + caseIndex)
        // About a third of police requests arrive without the officer's number or extension.
        let incomplete = category == .police && rng.chance(0.35)
        let police: PoliceRequestDetails? = category == .police
            ? PoliceRequestDetails(officerRank: rng.pick(["Police Constable", "Detective Constable", "Sergeant"]),
                                   officerNumber: incomplete ? nil : String(rng.int(1000...9999)),
                                   officerName: DemoPeople.fullName(300_000 + caseIndex),
                                   station: rng.pick(["Queen Street", "Kittybrewster", "Bucksburn"]),
                                   telephone: "01224 000000", extensionNumber: incomplete && rng.chance(0.5) ? nil : String(rng.int(1000...9999)),
                                   consent: .notReliedOn)
            : nil
        let courtDay = category == .court ? home.adding(rng.int(10...25), after: DemoTime.day(arrival)) : nil
        guard add(arrival, officer, { t in
            ThirdPartyRequestReceived(receivedAt: DemoTime.timestamp(t), requesterCategory: category,
                                      requesterOrganisation: scenario.organisation, inWriting: true, purpose: scenario.purpose,
                                      informationRequested: scenario.information, dataSubject: subject, police: police,
                                      courtOrderDueOn: courtDay.map(CaseScript.day))
        }) != nil else { return }
        if let police, !police.missing.isEmpty {
            let missing = police.missing
            add(workingDays(rng.int(0...1), after: cursor, home), officer) { t in
                ThirdPartyRequesterContacted(contactedOn: DemoTime.localDay(t), missing: missing,
                                             note: "Asked the officer by telephone to resend the request form complete.")
            }
            let supplied = PoliceRequestDetails(officerNumber: police.officerNumber == nil ? String(rng.int(1000...9999)) : nil,
                                                extensionNumber: police.extensionNumber == nil ? String(rng.int(1000...9999)) : nil)
            add(workingDays(rng.int(1...4), after: cursor, home), officer) { t in
                ThirdPartyDetailsReceived(receivedOn: DemoTime.localDay(t), police: supplied)
            }
        }
        if category == .solicitor {
            add(workingDays(rng.int(3...12), after: cursor, home), .legal(rng.pick(Self.legalOfficers))) { t in
                ThirdPartyRequestRefused(refusedOn: DemoTime.localDay(t),
                                         reasons: "The solicitor acts for a third party and release is not justified without the data subject's consent.",
                                         awaitCourtOrder: true)
            }
            return
        }
        let (method, basis): (DisclosureMethod, DisclosureLegalBasis) = switch category {
        case .police: (.secureEmail, .dpa2018Sch2Para2)
        case .court: (.recordedPost, .courtOrder)
        case .parent: (rng.chance(0.3) ? .inspection : .recordedPost, .statutoryDuty)
        case .school: (.recordedPost, .statutoryDuty)
        default: (.secureEmail, .statutoryDuty)
        }
        let fee = category == .parent && method != .inspection ? rng.pick([0, 1000, 2500, 5000]) : nil
        let days = category == .court ? rng.int(3...9) : category.isEducationalRecord ? rng.int(3...16) : rng.int(2...22)
        add(workingDays(days, after: cursor, home), .legal(rng.pick(Self.legalOfficers))) { t in
            ThirdPartyInformationDisclosed(disclosedOn: DemoTime.localDay(t), informationDisclosed: scenario.disclosed, method: method,
                                           markedCopy: category != .parent || method != .inspection, legalBasis: basis,
                                           legalBasisDetail: scenario.basisDetail, feePence: fee, authorisedBy: "legal.officer1")
        }
    }
}
