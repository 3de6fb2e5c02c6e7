import Casework
import Foundation

// Subject access requests (the data protection policy App. 3), breaches (the breach procedure; the wrongful-release protocol for wrongful releases) and near misses
// (the data protection policy App. 6 §3).

extension CaseScript {
    static let sarOfficers = (1...4).map { "sar.officer\($0)" }
    static let legalOfficers = ["legal.officer1", "legal.officer2"]

    // MARK: Subject access

    /// A subject access request; `channelledFrom` when it is an FOI request channelled to subject
    /// access under s40(1) (the FOI policy Appendix 2): it takes that request's requester, summary and
    /// receipt, and opens with `channelledFrom` set.
    mutating func subjectAccess(arrival: Int64, state: inout DemoState,
                                channelledFrom: (reference: CaseReference, request: ChannelledRequest)? = nil) {
        let home = generator.home
        var officer = DemoActor.officer(rng.pick(Self.sarOfficers))
        let year = LocalDate(dayNumber: DemoTime.day(arrival)).year
        // Data subjects: a separate population from FOI requesters, with some repeats.
        let person = 100_000 + (rng.chance(0.1) ? rng.int(0...29) : rng.int(0...(max(300, generator.cases / 10))))
        let channel = channelledFrom?.request.channel ?? rng.weighted([(RequestChannel.email, 55), (.webForm, 20), (.post, 20), (.inPerson, 5)])
        let requester = channelledFrom?.request.requester ?? DemoPeople.requester(person, type: .individual, channel: channel)
        let (pickedService, template) = rng.pick(DemoVocabulary.sarSummaries)
        let service = channelledFrom?.request.service ?? pickedService
        let summary = channelledFrom?.request.summary ?? fill(template, year: year, place: rng.pick(DemoVocabulary.places))
        let pickedRepresentative: Representative? = rng.chance(0.1) && channelledFrom == nil
            ? Representative(name: "\(DemoPeople.name(person + 7).first) \(DemoPeople.name(person + 7).last)",
                             relationship: rng.pick(["solicitor", "parent", "attorney"]),
                             contact: "casework@solicitors.example")
            : nil
        // Half the representatives are a parent asking for a child of 12 to 17, who is presumed to
        // have capacity and whose consent is recorded (the data protection policy §2.2.4).
        var representative = pickedRepresentative
        if var rep = representative, caseIndex % 2 == 0 {
            rep.relationship = "parent"
            representative = rep
        }
        let childAge: Int? = representative?.relationship == "parent" ? 12 + caseIndex % 6 : nil
        let receivedAt = channelledFrom?.request.receivedAt
        guard add(arrival, officer, { t in
            SARReceived(channel: channel, receivedAt: DemoTime.timestamp(receivedAt ?? t), requester: requester,
                        representative: representative, summary: summary, service: service,
                        channelledFrom: channelledFrom?.reference, dataSubjectAge: childAge)
        }) != nil else { return }


        // The clock starts at the latest of receipt, identity, fee and clarification (the data protection policy §2.3.1).
        // Proof of identity and any fee are asked for promptly, within the policy's working days of
        // receipt (§2.3.4: never later merely to extend the time): the fee right after the identity request.
        var startDay = DemoTime.day(receivedAt ?? arrival)
        var fee: (basis: FeeRequested.Basis, amount: Int)?
        if channelledFrom == nil && rng.chance(0.08) {
            let basis: FeeRequested.Basis = rng.chance(0.7) ? .furtherCopies : .manifestlyUnfoundedOrExcessive
            fee = (basis, basis == .furtherCopies ? rng.int(5...30) * 100 : rng.int(20...80) * 100)
        }
        func requestFee(_ script: inout CaseScript) {
            guard let (basis, amount) = fee else { return }
            script.add(script.workingDays(script.rng.int(0...2), after: script.cursor, home), officer) { t in
                FeeRequested(amountPence: amount, requestedOn: DemoTime.localDay(t), basis: basis)
            }
        }
        // A channelled request's requester is known from the FOI correspondence: no ID request,
        // which could not be prompt (§2.3.4) days after the request arrived.
        let idRoll = channelledFrom == nil ? rng.int(0...99) : 60
        if idRoll < 55 {
            let evidence = representative != nil ? ["photo ID", "proof of address", "signed mandate"]
                : rng.sample(["photo ID", "proof of address", "utility bill"], 2)
            add(workingDays(rng.int(0...2), after: cursor, home), officer) { t in
                IdentityRequested(requestedOn: DemoTime.localDay(t), evidenceRequested: evidence)
            }
            requestFee(&self)
            if rng.chance(0.07) {
                add(calendarDays(rng.int(90...100), after: cursor, home), officer) { t in
                    Withdrawn(withdrawnOn: DemoTime.localDay(t), reason: "Proof of identity not provided; request closed.")
                }
                return
            }
            let method: IdentityVerified.Method = rng.weighted([(.documentSighted, 70), (.electronicCheck, 25), (.other, 5)])
            let authority: Bool? = representative != nil ? true : nil
            guard add(calendarDays(rng.int(2...15), after: cursor, home), officer, { t in
                IdentityVerified(verifiedOn: DemoTime.localDay(t), method: method, representativeAuthorityVerified: authority)
            }) != nil else { return }
            startDay = DemoTime.day(cursor)
        } else if idRoll < 80 {
            add(workingDays(rng.int(0...1), after: cursor, home), officer) { t in
                IdentityVerified(verifiedOn: DemoTime.localDay(t), method: .knownToService)
            }
            startDay = max(startDay, DemoTime.day(cursor))
            requestFee(&self)
        } else {
            requestFee(&self)
        }
        if let (_, amount) = fee {
            if rng.chance(0.15) {
                add(calendarDays(rng.int(90...100), after: cursor, home), officer) { t in
                    Withdrawn(withdrawnOn: DemoTime.localDay(t), reason: "Fee not paid; request closed.")
                }
                return
            }
            guard add(calendarDays(rng.int(2...20), after: cursor, home), officer, { t in
                FeePaid(paidOn: DemoTime.localDay(t), amountPence: amount)
            }) != nil else { return }
            startDay = max(startDay, DemoTime.day(cursor))
        }
        if rng.chance(0.1) {
            add(workingDays(rng.int(1...4), after: cursor, home), officer) { t in
                ClarificationRequested(requestedOn: DemoTime.localDay(t),
                                       question: "Which years, and which services' records, do you want us to search?")
            }
            guard add(calendarDays(rng.int(2...20), after: cursor, home), officer, { t in
                ClarificationReceived(receivedOn: DemoTime.localDay(t), clarification: "Everything since I moved to the area.")
            }) != nil else { return }
            startDay = max(startDay, DemoTime.day(cursor))
        }

        var due = sarDue(start: startDay, months: 1)
        if generator.policy.sarRule == .currentLaw && rng.chance(0.1) {
            let months = rng.chance(0.7) ? 2 : 1
            let newDue = sarDue(start: startDay, months: 1 + months)
            let reason: SARExtended.Reason = rng.chance(0.75) ? .complex : .numerousRequests
            add(onDay(startDay + rng.int(10...25), notBefore: cursor, home), officer) { t in
                SARExtended(reason: reason, months: months, newDueDate: CaseScript.day(newDue),
                            requesterInformedOn: DemoTime.localDay(t))
            }
            due = newDue
        }
        for _ in 0..<(rng.chance(0.4) ? rng.int(1...2) : 0) {
            let decision: ThirdPartyInformationDecided.Decision = rng.weighted([
                (.redacted, 55), (.withheld, 20), (.disclosedWithConsent, 10), (.disclosedWithoutConsent, 15)])
            let consentSought = decision == .disclosedWithConsent || (decision == .withheld && rng.chance(0.5))
            let rationale = DemoVocabulary.thirdPartyRationales[decision]!
            add(workingDays(rng.int(2...8), after: cursor, home), officer) { _ in
                ThirdPartyInformationDecided(decision: decision, consentSought: consentSought, rationale: rationale)
            }
        }

        // The child's capacity and consent, once identity and any fee are settled (§2.2.4, §2.3.4).
        if childAge != nil {
            add(workingDays(2, after: cursor, home), officer) { t in
                ChildConsentRecorded(recordedOn: DemoTime.localDay(t), childHasCapacity: true, childConsents: true,
                                     notes: "Met the young person with their social worker; content for their parent to act.")
            }
        }
        // Social work information from the Children's Reporter needs SCRA's consent first (§2.7.3.1).
        var scraReleased: Bool?
        if service == "Children's Social Work" && caseIndex % 2 == 0 {
            add(workingDays(3, after: cursor, home), officer) { t in
                SCRAConsentRequested(requestedOn: DemoTime.localDay(t), information: "Children's Reporter reports on the social work file")
            }
            let given = caseIndex % 4 == 0
            add(workingDays(10, after: cursor, home), officer) { t in
                SCRAConsentRecorded(outcome: given ? .given : .noResponse, recordedOn: DemoTime.localDay(t))
            }
            scraReleased = given
        }
        let respondDay: Int
        if rng.chance(0.13) {
            let lateBy = rng.weighted([(1...10, 70), (11...40, 25), (41...120, 5)])
            respondDay = home.nextWorkingDay(onOrAfter: due + rng.int(lateBy))
        } else {
            respondDay = home.nextWorkingDay(onOrAfter: max(startDay + 3, due - rng.int(0...20)))
        }
        let respondAt = onDay(respondDay, notBefore: cursor, home)
        if rng.chance(0.03) {
            let to = rng.pick(Self.sarOfficers.filter { $0 != officer.id })
            let from = officer.id
            add(between(cursor, respondAt, home), .officer("ig.lead")) { _ in
                Reassigned(to: to, from: from, reason: "Case officer on leave")
            }
            officer = .officer(to)
        }
        if rng.chance(0.85) {
            add(between(cursor, cursor + (respondAt - cursor) / 3, home), officer) { _ in
                NoteAdded(text: "Records requested from \(service) and from the archive store.")
            }
        }
        if rng.chance(0.6) {
            add(between(cursor, respondAt, home), officer) { _ in
                NoteAdded(text: "Bundle checked and third-party information redacted by a second officer.")
            }
        }
        let outcome: SARResponded.Outcome = rng.weighted([(.providedInFull, 45), (.providedInPart, 38), (.noDataHeld, 12), (.refused, 5)])
        let exemptions = outcome == .providedInPart || outcome == .refused
            ? rng.sample(DemoVocabulary.sarExemptions, rng.int(1...2)) : []
        let documents = outcome == .providedInFull || outcome == .providedInPart
            ? (1...rng.int(1...4)).map { document("SAR bundle part \($0) (redacted).pdf", $0) } : []
        let method: SARResponded.DeliveryMethod = rng.weighted([(.secureEmail, 60), (.recordedDelivery, 20), (.collection, 10),
                                                                 (.inPerson, 5), (.other, 5)])
        let signer = rng.pick(["ig.lead", "dpo"])
        // A late response: the requester is kept updated of the estimated timescale (the data
        // protection policy §2.3.2), on the day it fell due.
        if respondDay > due {
            let estimate = CaseScript.day(respondDay)
            add(onDay(due, notBefore: cursor, home), officer) { t in
                RequesterUpdated(updatedOn: DemoTime.localDay(t), estimatedResponseOn: estimate,
                                 reason: "Records are still being retrieved from the archive store.")
            }
        }
        // Each exemption relied on is applied with its reasons first (the data protection policy §2.6).
        for paragraph in exemptions {
            let reasons = DemoVocabulary.sarExemptionReasons[paragraph] ?? "The exemption applies to part of the information."
            add(max(cursor, respondAt - 7_200), officer) { _ in
                SARExemptionApplied(paragraph: paragraph, reasons: reasons, appliesTo: "Part of the bundle")
            }
        }
        // The response tells the requester what the data protection policy §2.8.1 lists, and a note
        // of what was supplied is kept (§2.8.5); now and then a letter leaves the last two out.
        let supplies = outcome == .providedInFull || outcome == .providedInPart
        let contents: [SARResponseContent]? = supplies
            ? (caseIndex % 19 == 0 ? [.controllerIdentity, .descriptionOfData, .purposes, .recipients] : SARResponseContent.allCases) : nil
        let note: String? = supplies ? "Copy of the bundle in \(documents.count) part(s), marked as a copy; redacted copy kept on file." : nil
        guard add(respondAt, officer, { t in
            SARResponded(outcome: outcome, exemptions: exemptions, documents: documents, method: method,
                         signedOffBy: signer, respondedAt: DemoTime.timestamp(t), contentsSupplied: contents, suppliedNote: note,
                         scraInformationReleased: scraReleased)
        }) != nil else { return }

        if rng.chance(0.06) {
            add(calendarDays(rng.int(5...30), after: cursor, home), officer) { t in
                InternalReviewRequested(requestedOn: DemoTime.localDay(t), grounds: "I believe more records are held about me.")
            }
            let reviewer = rng.pick(Self.reviewers)
            let review: ReviewOutcome = rng.weighted([(.upheld, 75), (.partlyOverturned, 15), (.overturned, 10)])
            guard add(workingDays(rng.int(8...20), after: cursor, home), .reviewer(reviewer), { t in
                InternalReviewDecided(outcome: review, reviewer: reviewer, decidedOn: DemoTime.localDay(t),
                                      reasoning: review == .upheld ? "Searches were adequate." : "Further records found in the archive.")
            }) != nil else { return }
            if review != .upheld {
                let extra = [document("SAR supplementary bundle (redacted).pdf", 9)]
                add(workingDays(rng.int(3...12), after: cursor, home), officer) { t in
                    // SCRA's information stays withheld without its consent, in the supplementary bundle too.
                    SARResponded(outcome: .providedInPart, exemptions: [], documents: extra, method: method,
                                 signedOffBy: signer, respondedAt: DemoTime.timestamp(t), scraInformationReleased: scraReleased)
                }
            }
        }
        if rng.chance(0.03) {
            let complaintRef = "IC-\(DemoPeople.pad(rng.int(100_000...999_999), 6))-\(Self.code(&rng))"
            guard add(calendarDays(rng.int(20...80), after: cursor, home), .legal("dpo"), { t in
                ICOComplaintReceived(regulator: .ico, receivedOn: DemoTime.localDay(t), regulatorReference: complaintRef)
            }) != nil else { return }
            if rng.chance(0.4) {
                let finding: DecisionNoticeOutcome = rng.weighted([(.notUpheld, 60), (.partlyUpheld, 25), (.upheld, 15)])
                guard add(calendarDays(rng.int(40...150), after: cursor, home), .legal("dpo"), { t in
                    ICODecisionNoticeReceived(receivedOn: DemoTime.localDay(t), noticeReference: complaintRef, outcome: finding,
                                              stepsRequired: finding == .notUpheld ? nil : "Provide the remaining personal data.",
                                              stepsDueOn: finding == .notUpheld ? nil : CaseScript.day(DemoTime.day(t) + 28))
                }) != nil else { return }
                if finding != .notUpheld {
                    let extra = [document("SAR further disclosure.pdf", 10)]
                    add(workingDays(rng.int(5...15), after: cursor, home), officer) { t in
                        SARResponded(outcome: .providedInFull, exemptions: [], documents: extra, method: .secureEmail,
                                     signedOffBy: signer, respondedAt: DemoTime.timestamp(t), scraInformationReleased: scraReleased)
                    }
                }
            }
        }
    }

    /// The SAR due day under the policy's rule.
    func sarDue(start: Int, months: Int) -> Int {
        switch generator.policy.sarRule {
        case .fortyCalendarDays:
            return start + 39
        case .currentLaw:
            return generator.home.nextWorkingDay(onOrAfter: LocalDate(dayNumber: start).adding(months: months).dayNumber)
        }
    }

    // MARK: Breaches

    mutating func breach(arrival: Int64, state: inout DemoState) {
        let home = generator.home
        let reported = arrival
        state.breaches += 1
        // About one breach in twenty is an FOI release that should not have been made (the wrongful-release protocol).
        var linked: DemoState.Response?
        if state.breaches % 20 == 10 {
            linked = state.latest { !$0.documents.isEmpty && $0.sentAt < reported - 2 * 86_400 }
        }
        let scenario = linked != nil ? DemoVocabulary.wrongfulReleaseScenario : rng.pick(DemoVocabulary.breachScenarios)
        let sensitive = rng.chance(scenario.sensitiveChance)
        // Discovery: sensitive breaches reported within hours; others within 2 working days, some late.
        let discovered: Int64
        if sensitive || rng.chance(0.35) {
            discovered = reported - Int64(rng.int(20...300) * 60)
        } else {
            let limit = max(1, generator.policy.breachReportWorkingDays)
            let before = rng.chance(0.8) ? rng.int(1...limit) : rng.int((limit + 1)...(limit + 4))
            var day = DemoTime.day(reported)
            for _ in 0..<before { day -= 1; while !home.isWorkingDay(day) { day -= 1 } }
            discovered = office(day)
        }
        let occurredDay = DemoTime.day(discovered) - (rng.chance(0.6) ? 0 : rng.int(1...10))
        let service = linked != nil ? "Legal and Democratic Services" : rng.pick(DemoVocabulary.services)
        let count = rng.int(scenario.countRange)
        let staffIndex = rng.int(0...400)
        let reporter = DemoPeople.staff(staffIndex, jobTitle: rng.pick(["Team Leader", "Social Worker", "Senior Officer",
                                                                        "Housing Officer", "Administrator"]), service: service)
        var manager = DemoPeople.staff(staffIndex + 401, jobTitle: "Business Manager", service: service)
        manager.contact = "01632 960" + DemoPeople.pad(rng.int(0...999), 3)
        let toManager = discovered + (reported - discovered) / 3
        let toDirector: Int64? = sensitive ? discovered + 2 * (reported - discovered) / 3 : nil
        let ordered = sensitive || rng.chance(0.6)
        let lead = "svc.manager\(rng.int(1...9))"
        let records = count * rng.int(1...4)
        // The breach procedure §3.1: now and then an ordinary breach still puts someone at risk, so it is reported immediately.
        let riskToPeople: Bool? = sensitive ? nil : state.breaches % 4 == 1 ? true : nil
        guard add(reported, .legal(rng.pick(Self.legalOfficers)), { t in
            BreachReported(
                reportingOfficer: reporter, businessManager: manager, discoveredAt: DemoTime.timestamp(discovered),
                occurredOn: CaseScript.day(occurredDay), howDiscovered: scenario.howDiscovered,
                categories: scenario.categories, informationInvolved: scenario.information,
                dataSubjectsDescription: scenario.subjects, dataSubjectCount: count,
                dataSubjectCategories: scenario.subjectCategories, approximateRecordCount: records, sensitive: sensitive,
                howHeld: scenario.howHeld, howHeldDetail: scenario.howHeldDetail, consequences: scenario.consequences,
                immediateMeasures: scenario.immediate, proposedMeasures: scenario.proposed, service: service,
                reportedToBusinessManagerAt: DemoTime.timestamp(toManager),
                reportedToDirectorAt: toDirector.map(DemoTime.timestamp), investigationOrdered: ordered,
                investigationLead: ordered ? "Service manager, \(service)" : nil,
                investigationDueOn: ordered ? CaseScript.day(DemoTime.day(t) + 14) : nil,
                dpoContact: "dpo@council.example", riskToPeople: riskToPeople)
        }) != nil else { return }
        let legal = DemoActor.legal(rng.pick(Self.legalOfficers))
        let dpo = DemoActor.legal("dpo")

        // Escalation (the breach procedure §3): the director, then Head of Legal the same day; the DPO.
        if sensitive || rng.chance(0.5) {
            let method: BreachEscalated.Method = rng.weighted([(.telephone, 50), (.email, 45), (.inPerson, 5)])
            add(reported + Int64(rng.int(10...90) * 60), legal) { t in
                BreachEscalated(to: .director, escalatedAt: DemoTime.timestamp(t), method: method, reportingFormSent: true)
            }
            add(cursor + Int64(rng.int(20...180) * 60), legal) { t in
                BreachEscalated(to: .headOfLegal, escalatedAt: DemoTime.timestamp(t), method: .email, reportingFormSent: true)
            }
        }
        if rng.chance(0.6) {
            add(minutes(rng.int(30...240), after: cursor, home), legal) { t in
                BreachEscalated(to: .dataProtectionOfficer, escalatedAt: DemoTime.timestamp(t), method: .email)
            }
        }
        if linked != nil, let link = linked {
            let personal = rng.chance(0.8)
            let parties = rng.sample([WrongfulReleaseLinked.Party.directorAndDirectorGeneral, .foiTeam, .pressOffice, .legal,
                                      .affectedParties], rng.int(2...4))
            let media: Likelihood = rng.weighted([(.low, 50), (.medium, 35), (.high, 15)])
            add(minutes(rng.int(30...300), after: cursor, home), legal) { _ in
                WrongfulReleaseLinked(
                    foiCase: link.reference, releasedInError: "Unredacted annex attached to the response.",
                    ministerialReputationalDamage: .none, departmentalReputationalDamage: media == .high ? .medium : .low,
                    stakeholderDamage: .low, personalDataReleased: personal,
                    individualImpact: personal ? "Names of junior staff and complainants disclosed; possible distress." : nil,
                    otherDepartmentsInvolved: false, mediaStoryLikelihood: media, legalChallengePossible: personal,
                    partiesInformed: parties)
            }
            // The wrongful-release protocol Step 2, with times: the Director and DG at once; the Press Office when a story is
            // likely; Legal when a challenge is.
            if !parties.contains(.directorAndDirectorGeneral) {
                add(minutes(20, after: cursor, home), legal) { t in
                    WrongfulReleasePartyInformed(party: .directorAndDirectorGeneral, informedAt: DemoTime.timestamp(t), informedBy: legal.id,
                                                 about: "Annex released in error.")
                }
            }
            if media != .low && !parties.contains(.pressOffice) {
                add(minutes(45, after: cursor, home), legal) { t in
                    WrongfulReleasePartyInformed(party: .pressOffice, informedAt: DemoTime.timestamp(t), informedBy: legal.id,
                                                 about: "Annex released in error; a media enquiry is possible.")
                }
            }
            if personal && !parties.contains(.legal) {
                add(minutes(60, after: cursor, home), legal) { t in
                    WrongfulReleasePartyInformed(party: .legal, informedAt: DemoTime.timestamp(t), informedBy: legal.id)
                }
            }
            // Step 4: each affected party contacted, by a senior officer, with an apology and the promise of a letter.
            let affected = personal ? "The staff and complainants named in the annex" : "The contractor whose prices were in the annex"
            add(minutes(120, after: cursor, home), legal) { t in
                AffectedPartyContacted(party: affected, contactedAt: DemoTime.timestamp(t),
                                       contactedBySeniority: media == .high ? .director : .headOfFOI, informationAttached: true,
                                       apologyOffered: true, formalLetterPromised: true,
                                       damageLimitationPlan: "Disclosure-log entry withdrawn; the requester asked to delete the annex.")
            }
        }

        // Risk assessment (the breach procedure §4.2).
        let risk: RiskLevel = sensitive ? rng.weighted([(.high, 55), (.medium, 45)])
            : rng.weighted([(.low, 55), (.medium, 35), (.high, 10)])
        let theft = scenario.categories.contains(.theft)
        let police: RiskAssessed.PoliceInvolvement = theft ? .alreadyReported
            : scenario.categories.contains(.unauthorisedUse) || scenario.categories == [.unauthorisedAccess]
                ? (rng.chance(0.4) ? .shouldBeReported : .notRequired) : .notRequired
        let harms = rng.sample(RiskAssessed.Harm.allCases, rng.int(1...3))
        add(minutes(rng.int(60...360), after: cursor, home), legal) { _ in
            RiskAssessed(
                dataTypes: sensitive ? ["contact details", "health information"] : ["contact details"],
                sensitivity: sensitive ? "Special category data involved." : "Ordinary personal data.",
                sensitive: sensitive, howHeld: scenario.howHeldDetail, whoHadAccess: "An unintended recipient or unknown third party.",
                accessAuthorised: false, encrypted: scenario.encrypted, itHelpdeskCallLogged: scenario.howHeld == .electronic ? true : nil,
                whatCouldItReveal: sensitive ? "Health and support needs of the individuals." : "Names and contact details.",
                numberOfIndividuals: count, whoAreThey: scenario.subjectCategories.joined(separator: ", "),
                possibleHarm: harms, possibleHarmDetail: "Distress and loss of trust in the council.",
                widerConsequences: risk == .high ? "Possible press interest and loss of public confidence." : "Limited.",
                policeInvolvement: police, riskLevel: risk)
        }

        // The ICO decision (Art 33): notify within 72 hours of awareness, or record why not.
        let notify = risk == .high || (risk == .medium && rng.chance(0.45))
        let deadline = discovered + Int64(generator.policy.icoNotificationHours) * 3600
        let decidedAt = max(cursor + 1800, min(discovered + Int64(rng.int(20...60) * 3600), deadline - 3 * 3600))
        let decidedTime = minutes(0, after: decidedAt, home)
        let noReason = scenario.noNotifyReason
        guard add(decidedTime, dpo, { t in
            ICONotificationDecided(decision: notify ? .notify : .doNotNotify,
                                   reasons: notify ? "Likely to result in a risk to the individuals' rights and freedoms." : noReason,
                                   decidedAt: DemoTime.timestamp(t))
        }) != nil else { return }
        if notify {
            let onTime = rng.chance(0.85) && cursor < deadline - 600
            let at = onTime ? cursor + Int64(rng.int(10...max(11, Int((deadline - cursor) / 60) - 5)) * 60)
                : max(deadline, cursor) + Int64(rng.int(2...96) * 3600)
            let method: ICONotified.Method = rng.chance(0.8) ? .onlineForm : .telephone
            let icoRef = "IC-\(DemoPeople.pad(rng.int(100_000...999_999), 6))-\(Self.code(&rng))"
            let delay = rng.pick(DemoVocabulary.delayReasons)
            let phased: Bool? = rng.chance(0.1) ? true : nil
            add(at, dpo) { t in
                ICONotified(notifiedAt: DemoTime.timestamp(t), method: method, icoReference: icoRef,
                            reasonsForDelay: t > deadline ? delay : nil, phased: phased)
            }
        }
        if risk == .high || (risk == .medium && rng.chance(0.2)) {
            // The breach procedure §6.2–6.3: the decision to tell them, with reasons, before the notification.
            add(minutes(30, after: cursor, home), dpo) { t in
                DataSubjectNotificationDecided(decision: .notify,
                                               reasons: "Telling them lets them protect themselves; the consequences may be serious.",
                                               decidedAt: DemoTime.timestamp(t))
            }
            let methods: [DataSubjectsNotified.Method] = count > 20 ? [.letter, .email] : rng.sample([.telephone, .letter, .personalVisit], rng.int(1...2))
            let number = max(1, count - (rng.chance(0.2) ? rng.int(0...min(3, count - 1)) : 0))
            add(workingDays(rng.int(1...5), after: cursor, home), legal) { t in
                DataSubjectsNotified(notifiedOn: DemoTime.localDay(t), methods: methods, numberNotified: number,
                                     adviceGiven: "Be alert to unexpected contact; change passwords where relevant.",
                                     howAndWhenOccurred: scenario.howDiscovered, informationInvolved: scenario.information,
                                     contactForQuestions: "The Data Protection Officer, dpo@council.example, 01632 960000",
                                     howToComplain: "To the Council's Data Protection Officer, or in writing to the ICO, Wycliffe House, Water Lane, Wilmslow SK9 5AF")
            }
        }
        if theft || police == .shouldBeReported {
            let crime = "SP/\(DemoPeople.pad(rng.int(1...99_999), 5))/\(DemoPeople.pad(LocalDate(dayNumber: DemoTime.day(reported)).year % 100, 2))"
            add(workingDays(rng.int(0...2), after: cursor, home), legal) { t in
                PoliceInformed(informedOn: DemoTime.localDay(t), force: "Sampleshire Police", crimeReference: crime)
            }
        }
        if rng.chance(0.05) {
            // The count on the form was revised once the records were checked.
            let revised = count + rng.int(1...10)
            let target = events[0].eventId.uuidString.lowercased()
            add(workingDays(rng.int(1...5), after: cursor, home), legal) { _ in
                Corrected(correctsEventId: target, reason: "Number of people affected revised after the records were checked.",
                          corrections: ["dataSubjectCount": .int(Int64(revised))])
            }
        }
        if rng.chance(0.2) {
            add(workingDays(rng.int(1...5), after: cursor, home), legal) { _ in
                NoteAdded(text: "Updated reporting form received from the service (the breach procedure §5.5).")
            }
        }
        if ordered {
            let involving = rng.sample(["HR", "IT", "Legal Services", "Police"], rng.int(1...2))
            add(workingDays(rng.int(1...3), after: cursor, home), legal) { t in
                InvestigationOpened(lead: lead, openedOn: DemoTime.localDay(t), dueOn: CaseScript.day(DemoTime.day(t) + 14),
                                    involving: involving)
            }
            add(workingDays(rng.int(8...35), after: cursor, home), legal) { t in
                InvestigationConcluded(concludedOn: DemoTime.localDay(t), howItHappened: scenario.howItHappened,
                                       whyItHappened: scenario.whyItHappened, preventiveMeasures: scenario.proposed,
                                       recoveryActions: scenario.immediate)
            }
            // The breach procedure §5.5: the updated form to the Director and the Head of Legal (now and then only the Director).
            let sentTo: [BreachEscalated.Recipient] = state.breaches % 5 == 2 ? [.director] : [.director, .headOfLegal]
            add(minutes(90, after: cursor, home), legal) { t in
                BreachReportUpdated(updatedAt: DemoTime.timestamp(t), sentTo: sentTo, investigationOutcome: scenario.whyItHappened,
                                    furtherMeasures: scenario.proposed)
            }
        }
        if linked != nil {
            // The wrongful-release protocol Step 5: what went wrong, whether the protocols need strengthening, the outcome letter.
            add(workingDays(3, after: cursor, home), legal) { t in
                WrongfulReleaseReviewed(reviewedOn: DemoTime.localDay(t), whatWentWrong: "The unredacted annex was attached at sign-off.",
                                        protocolsNeedStrengthening: true,
                                        strengthening: "A second officer compares the attachment with the approved redaction.",
                                        discussedWithFOITeam: true)
            }
            // Step 5: interested parties kept informed; the FOI team told of the strengthening.
            add(minutes(60, after: cursor, home), legal) { t in
                WrongfulReleasePartyInformed(party: .foiTeam, informedAt: DemoTime.timestamp(t), informedBy: legal.id,
                                             about: "Outcome of the review; the sign-off check to be added to the FOI protocols.")
            }
            add(workingDays(2, after: cursor, home), legal) { t in
                WrongfulReleaseOutcomeLetterSent(party: "Each party contacted about the annex", sentOn: DemoTime.localDay(t),
                                                 actionTaken: "Sign-off now compares the attachment with the approved redaction.")
            }
        }
        add(workingDays(rng.int(5...25), after: cursor, home), legal) { t in
            BreachClosed(closedOn: DemoTime.localDay(t), summary: "Breach contained and actions complete.",
                         lessonsLearned: scenario.proposed)
        }
    }

    // MARK: Near misses

    mutating func nearMiss(arrival: Int64) {
        let home = generator.home
        let service = rng.pick(DemoVocabulary.services)
        let scenario = rng.pick(DemoVocabulary.nearMissScenarios)
        // Policy: report within 5 working days; about one in seven is reported late.
        let limit = generator.policy.nearMissReportWorkingDays
        let before = rng.chance(0.85) ? rng.int(0...limit) : rng.int((limit + 1)...(limit + 15))
        var day = DemoTime.day(arrival)
        for _ in 0..<before { day -= 1; while !home.isWorkingDay(day) { day -= 1 } }
        let occurred = day
        let slug = service.lowercased().filter { $0.isLetter }
        guard add(arrival, .officer("imlo.\(slug)"), { t in
            NearMissReported(occurredOn: CaseScript.day(occurred), reportedOn: DemoTime.localDay(t), service: service,
                             description: scenario.description, potentialCategory: scenario.category)
        }) != nil else { return }
        if rng.chance(0.05) {
            add(workingDays(rng.int(1...3), after: cursor, home), .legal("legal.officer1")) { _ in
                NoteAdded(text: "Service manager asked to confirm the steps taken.")
            }
        }
        let reviewer = rng.pick(Self.legalOfficers)
        add(workingDays(rng.int(3...20), after: cursor, home), .legal(reviewer)) { t in
            NearMissReviewed(weakness: scenario.weakness, action: scenario.action, reviewedOn: DemoTime.localDay(t),
                             reviewer: reviewer)
        }
    }
}
