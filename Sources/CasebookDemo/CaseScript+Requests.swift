import Casework
import Foundation

// FOI / EIR / FOISA request lifecycles (the FOI policy).

extension CaseScript {
    enum RequestPath: CaseIterable {
        case full, part, refused, notHeld, ncnd, costLimit, vexatious, transferred, withdrawn
    }

    static let foiOfficers = (1...6).map { "foi.officer\($0)" }
    static let signers = ["foi.manager", "ig.lead"]
    static let reviewers = ["review.officer1", "review.officer2", "legal.reviewer"]

    mutating func request(regime: Regime, arrival: Int64, state: inout DemoState) {
        let cal = regime == .foisa ? generator.scottish : generator.statutory
        let home = generator.home
        var officer = DemoActor.officer(rng.pick(Self.foiOfficers))
        let year = LocalDate(dayNumber: DemoTime.day(arrival)).year

        // The requester: 30% from a small pool of frequent requesters (skewed to the busiest).
        let person: Int
        let requesterType: RequesterType
        if rng.chance(0.3) {
            person = min(rng.int(0...(DemoPeople.frequentCount - 1)), rng.int(0...(DemoPeople.frequentCount - 1)))
            requesterType = DemoPeople.frequentType(person)
        } else {
            person = DemoPeople.frequentCount + rng.int(0...(max(500, generator.cases) - 1))
            requesterType = rng.weighted([(RequesterType.individual, 75), (.business, 8), (.other, 5),
                                          (.campaign, 5), (.media, 5), (.mpOrElected, 2)])
        }
        let channel = rng.weighted([(RequestChannel.email, 68), (.webForm, 22), (.post, 6), (.social, 2),
                                    (.inPerson, 1), (.other, 1)])
        let requester = DemoPeople.requester(person, type: requesterType, channel: channel)
        let topic = rng.pick(regime == .eir ? DemoVocabulary.eirTopics : DemoVocabulary.foiTopics)
        let summary = fill(topic.summary, year: year, place: rng.pick(DemoVocabulary.places))
        var written = summary
        if rng.chance(0.03), let (right, wrong) = DemoVocabulary.typos.first(where: { summary.contains($0.0) }) {
            if let range = summary.range(of: right) { written = summary.replacingCharacters(in: range, with: wrong) }
        }
        let service = topic.service
        let typoSummary = written
        guard let openingId = add(arrival, officer, { t in
            RequestReceived(channel: channel, receivedAt: DemoTime.timestamp(t), regime: regime, requester: requester,
                            requesterType: requesterType, summary: typoSummary, service: service)
        }) else { return }

        // Acknowledgement: policy 48 hours; most the same or next working day, some late, a few never.
        let ackRoll = rng.int(0...99)
        if ackRoll < 97 {
            let t = ackRoll < 62 ? minutes(rng.int(5...240), after: arrival, home)
                : ackRoll < 90 ? workingDays(1, after: arrival, home)
                : workingDays(rng.int(3...6), after: arrival, home)
            let ackChannel: RequestChannel = requester.email == nil ? .post : .email
            add(t, officer) { t in RequestAcknowledged(acknowledgedAt: DemoTime.timestamp(t), channel: ackChannel) }
        }

        // The audit trail of the work (the wrongful-release protocol Step 3): who was asked, when, and who signed off.
        if rng.chance(0.85) {
            let text = channel == .post
                ? "Letter scanned to the case file; request passed to \(service) to locate the information."
                : "Request passed to \(service) to locate the information."
            let note = add(workingDays(rng.int(0...1), after: cursor, home), officer) { _ in NoteAdded(text: text) }
            // Now and then the note was typed on the wrong case and is withdrawn.
            if let note, rng.chance(0.03) {
                let target = note.uuidString.lowercased()
                add(workingDays(rng.int(0...2), after: cursor, home), officer) { _ in
                    Voided(voidsEventId: target, reason: "Note recorded on the wrong case.", authorisedBy: "ig.lead")
                }
            }
        }

        var path: RequestPath = switch regime {
        case .foia: rng.weighted([(.full, 44), (.part, 20), (.refused, 7), (.notHeld, 12), (.ncnd, 2),
                                  (.costLimit, 6), (.vexatious, 1), (.transferred, 2), (.withdrawn, 2)])
        case .foisa: rng.weighted([(.full, 45), (.part, 21), (.refused, 8), (.notHeld, 12),
                                   (.costLimit, 6), (.vexatious, 1), (.transferred, 2), (.withdrawn, 2)])
        case .eir: rng.weighted([(.full, 44), (.part, 22), (.refused, 10), (.notHeld, 12),
                                 (.transferred, 2), (.withdrawn, 2)])
        }

        // Clarification: the clock restarts from the day it arrives (s1(3)).
        var startDay = DemoTime.day(arrival)
        if path != .transferred && rng.chance(0.08) {
            let q = rng.int(0...(DemoVocabulary.clarificationQuestions.count - 1))
            add(workingDays(rng.int(1...3), after: cursor, cal), officer) { t in
                ClarificationRequested(requestedOn: DemoTime.localDay(t), question: DemoVocabulary.clarificationQuestions[q])
            }
            if rng.chance(0.12) {
                add(workingDays(60, after: cursor, cal), officer) { t in
                    Withdrawn(withdrawnOn: DemoTime.localDay(t),
                              reason: "No clarification received within 60 working days; the request is treated as withdrawn.")
                }
                return
            }
            let revised: String? = rng.chance(0.4) ? summary + " (narrowed after clarification)" : nil
            guard add(workingDays(rng.int(2...15), after: cursor, cal), officer, { t in
                ClarificationReceived(receivedOn: DemoTime.localDay(t), clarification: DemoVocabulary.clarifications[q],
                                      revisedSummary: revised)
            }) != nil else { return }
            startDay = DemoTime.day(cursor)
        }

        // Fees notice: the days until payment are not counted (s10(2)); unpaid, the request lapses.
        var pausedDays = 0
        if (path == .full || path == .part) && rng.chance(0.03) {
            let pages = rng.int(150...900)
            let amount = pages * 10 + 250
            add(workingDays(rng.int(3...8), after: cursor, cal), officer) { t in
                FeeNoticeIssued(amountPence: amount, issuedOn: DemoTime.localDay(t),
                                basis: "Photocopying \(pages) pages at 10p a page, and postage")
            }
            let noticeDay = DemoTime.day(cursor)
            if rng.chance(0.3) {
                let lapse = LocalDate(dayNumber: noticeDay).adding(months: 3).dayNumber + 1
                add(onDay(lapse, notBefore: cursor, cal), officer) { t in
                    Withdrawn(withdrawnOn: DemoTime.localDay(t),
                              reason: "Fees notice not paid within three months (s9(2)); the request lapsed.")
                }
                return
            }
            guard add(calendarDays(rng.int(1...20), after: cursor, cal), officer, { t in
                FeePaid(paidOn: DemoTime.localDay(t), amountPence: amount)
            }) != nil else { return }
            pausedDays = cal.workingDays(after: noticeDay - 1, through: DemoTime.day(cursor))
        }
        var allowed = 20 + pausedDays
        var due = cal.adding(allowed, after: startDay)

        switch path {
        case .transferred:
            let body = rng.pick(DemoVocabulary.transferBodies)
            let consented: Bool? = rng.chance(0.8) ? true : nil
            add(workingDays(rng.int(1...4), after: cursor, cal), officer) { t in
                Transferred(to: body, transferredOn: DemoTime.localDay(t), requesterConsented: consented)
            }
            return
        case .notHeld where regime == .foia && requesterType == .individual && caseIndex % 16 == 1:
            // The FOI policy Appendix 2: a request for the requester's own personal data (s40(1)) is
            // channelled to subject access; the generator opens the SAR (sarCase is set there).
            let placeholder = try! CaseReference("SAR-\(year)-0000")
            if add(workingDays(2, after: cursor, cal), officer, { t in
                ChannelledToSubjectAccess(sarCase: placeholder, channelledOn: DemoTime.localDay(t),
                                          reason: "The information asked for is the requester's own \(service) records: exempt under s40(1) and handled as a subject access request.")
            }) != nil {
                channelled = ChannelledRequest(eventIndex: events.count - 1, at: cursor, receivedAt: arrival, requester: requester,
                                               summary: summary, service: service, channel: channel)
            }
            return
        case .withdrawn:
            let reason = rng.pick(DemoVocabulary.withdrawalReasons)
            add(workingDays(rng.int(2...15), after: cursor, cal), officer) { t in
                Withdrawn(withdrawnOn: DemoTime.localDay(t), reason: reason)
            }
            return
        default:
            break
        }

        // EIR reg 7: complex and voluminous, 20 working days to 40.
        if regime == .eir && rng.chance(0.1) {
            let newDue = cal.adding(allowed + 20, after: startDay)
            add(onDay(cal.adding(rng.int(8...16), after: startDay), notBefore: cursor, cal), officer) { _ in
                DeadlineExtended(reason: .complexAndVoluminous, workingDays: 20, newDueDate: CaseScript.day(newDue),
                                 explanation: "The volume and complexity of the information make it impracticable to respond within 20 working days (reg 7(1)).")
            }
            allowed += 20
            due = newDue
        }

        // The work: exemptions with their public interest tests, or a procedural refusal.
        var relied: [String] = []
        switch path {
        case .part, .refused, .ncnd:
            var pool: [DemoVocabulary.Exemption] = switch regime {
            case .foia: path == .ncnd ? DemoVocabulary.foiaNCND : DemoVocabulary.foiaExemptions
            case .foisa: DemoVocabulary.foisaExemptions
            case .eir: DemoVocabulary.eirExceptions
            }
            if regime == .eir && path == .refused && rng.chance(0.3) {
                let hours = rng.int(30...120)
                pool = [DemoVocabulary.Exemption(
                    section: "12(4)(b)", exemptionClass: .qualified,
                    reason: "Manifestly unreasonable: compliance would take an estimated \(hours) hours of staff time.",
                    appliesTo: "The whole request")]
            }
            let chosen = rng.sample(pool, path == .ncnd || pool.count == 1 ? 1 : rng.int(1...2))
            var at = workingDays(rng.int(4...10), after: cursor, cal)
            for exemption in chosen {
                // s21 (FOISA s25): the refusal says where the information is (the FOI policy Appendix 1).
                let availableAt: String? = ExemptionCatalogue.isOtherwiseAccessible(exemption.section, regime: regime)
                    ? "https://www.council.example/open-data (published datasets and annual reports)" : nil
                add(at, officer) { _ in
                    ExemptionApplied(section: exemption.section, exemptionClass: exemption.exemptionClass,
                                     reason: exemption.reason, appliesTo: exemption.appliesTo, availableAt: availableAt)
                }
                at = cursor + Int64(rng.int(2...20) * 60)
            }
            relied = chosen.map(\.section)
            let qualified = chosen.filter { $0.exemptionClass == .qualified }.map(\.section)
            if !qualified.isEmpty {
                // FOIA s10(3): time to consider the public interest, told before the deadline.
                if regime == .foia && rng.chance(0.3) {
                    let extra = rng.chance(0.7) ? 20 : 10
                    let newDue = cal.adding(allowed + extra, after: startDay)
                    let sections = qualified.joined(separator: ", ")
                    add(onDay(cal.adding(rng.int(14...18), after: startDay), notBefore: cursor, cal), officer) { _ in
                        DeadlineExtended(reason: .publicInterestTest, workingDays: extra, newDueDate: CaseScript.day(newDue),
                                         explanation: "Time to consider the public interest in maintaining \(sections).")
                    }
                    allowed += extra
                    due = newDue
                }
                let outcome: PublicInterestTestRecorded.Outcome = rng.chance(0.88) ? .maintained : .disclose
                let forDisclosure = rng.sample(DemoVocabulary.factorsForDisclosure, 2)
                let forMaintaining = qualified.map(DemoVocabulary.factorForMaintaining)
                add(workingDays(rng.int(1...5), after: cursor, cal), .legal("legal.counsel\(rng.int(1...2))")) { _ in
                    PublicInterestTestRecorded(
                        sections: qualified, factorsForDisclosure: forDisclosure, factorsForMaintaining: forMaintaining,
                        reasoning: outcome == .maintained
                            ? "The public interest in maintaining the exemption outweighs that in disclosure at this time."
                            : "The public interest favours disclosure; the exemption is not relied on.",
                        outcome: outcome)
                }
                if outcome == .disclose { relied.removeAll { qualified.contains($0) } }
            }
        case .costLimit:
            // FOISA: £600 with staff time at no more than £15 an hour (Fees for Required Disclosure
            // (Scotland) Regulations 2004); FOIA: the policy's figures.
            let limit = regime == .foisa ? 60_000 : generator.policy.costLimit.appropriateLimitPence
            let rate = regime == .foisa ? 1_500 : generator.policy.costLimit.hourlyRatePence
            let hours = limit / max(1, rate) + rng.int(3...40)
            add(workingDays(rng.int(4...12), after: cursor, cal), officer) { _ in
                CostLimitApplied(estimatedHours: hours, limitPence: limit, hourlyRatePence: rate,
                                 adviceAndAssistance: "Narrowing the request to one financial year would bring it within the limit.")
            }
        case .vexatious:
            let earlier = state.latest { $0.requester == person && $0.sentAt < arrival }
            let basis: VexatiousApplied.Basis = earlier != nil && rng.chance(0.6) ? .repeated : .vexatious
            let previous = basis == .repeated ? earlier?.reference : nil
            add(workingDays(rng.int(3...10), after: cursor, cal), officer) { _ in
                VexatiousApplied(basis: basis,
                                 reason: basis == .repeated
                                     ? "Substantially the same as a request already answered."
                                     : "Part of a pattern of requests causing a disproportionate burden on the service.",
                                 previousCase: previous)
            }
        default:
            break
        }
        // With every exemption outweighed by the public interest nothing is withheld: a refusal,
        // part-refusal or NCND needs an exemption to rest on (s17(1)), so the information goes out.
        if (path == .part || path == .refused || path == .ncnd) && relied.isEmpty { path = .full }

        // When the response goes: mostly in time, skewed towards the deadline; about one in ten late.
        let respondDay: Int
        if rng.chance(0.1) {
            let lateBy = rng.weighted([(1...10, 80), (11...30, 15), (31...90, 5)])
            respondDay = cal.adding(rng.int(lateBy), after: due)
        } else {
            let span = max(3, allowed)
            let n = max(rng.int(3...span), rng.int(3...span))
            respondDay = cal.adding(n, after: startDay)
        }
        let respondAt = onDay(respondDay, notBefore: cursor, cal)

        // Housekeeping on the way: reassignment, notes, the summary typo corrected.
        if rng.chance(0.04) {
            let to = rng.pick(Self.foiOfficers.filter { $0 != officer.id })
            let from = officer.id
            let reason = rng.pick(DemoVocabulary.reassignReasons)
            add(between(cursor, respondAt, home), .officer("foi.manager")) { _ in Reassigned(to: to, from: from, reason: reason) }
            officer = .officer(to)
        }
        if rng.chance(0.2) {
            add(between(cursor, respondAt, home), officer) { _ in
                NoteAdded(text: "Reminder sent to \(service): information needed within five working days.")
            }
        }
        if path != .costLimit && path != .vexatious && rng.chance(0.7) {
            let what = path == .notHeld ? "Searches completed by \(service); no information held."
                : "Information received from \(service)."
            add(between(cursor, respondAt, home), officer) { _ in NoteAdded(text: what) }
        }
        if rng.chance(0.15) {
            let text = rng.pick(DemoVocabulary.notes)
            add(between(cursor, respondAt, home), officer) { _ in NoteAdded(text: text) }
        }
        if path == .part && rng.chance(0.7) {
            add(between(cursor, respondAt, home), officer) { _ in
                NoteAdded(text: "Redactions checked by a second officer.")
            }
        }
        if written != summary {
            let target = openingId.uuidString.lowercased()
            add(between(cursor, respondAt, home), officer) { _ in
                Corrected(correctsEventId: target, reason: "Typing error in the summary corrected before publication.",
                          corrections: ["summary": .string(summary)])
            }
        }

        // The response.
        let outcome: ResponseSent.Outcome = switch path {
        case .full: .grantedInFull
        case .part: .grantedInPart
        case .notHeld: .notHeld
        case .ncnd: .neitherConfirmNorDeny
        default: .refused
        }
        var documents: [ReleasedDocument] = []
        if outcome == .grantedInFull || outcome == .grantedInPart {
            let titles = Array(topic.documents.prefix(rng.int(1...topic.documents.count)))
            documents = titles.enumerated().map { document($0.element, $0.offset + 1) }
        }
        let signer = rng.pick(Self.signers)
        if rng.chance(0.6) {
            add(between(max(cursor, respondAt - 2 * 86_400), respondAt, home), officer) { _ in
                NoteAdded(text: "Draft response sent to \(signer) for sign-off.")
            }
        }
        let exemptions = relied
        let docs = documents
        // The letter tells the requester of the internal review and its timescale and of the right
        // of appeal (the FOI policy "Complaints"); now and then a letter leaves the appeal out.
        let appealRights = caseIndex % 23 != 0
        guard add(respondAt, officer, { t in
            ResponseSent(outcome: outcome, exemptions: exemptions, documents: docs, signedOffBy: signer,
                         sentAt: DemoTime.timestamp(t), reviewRightsGiven: true, appealRightsGiven: appealRights)
        }) != nil else { return }
        state.remember(DemoState.Response(reference: reference, sentAt: cursor, requester: person, documents: documents))

        if rng.chance(path == .vexatious || path == .ncnd ? 0.3 : 0.8) {
            publish(documents, officer: officer)
        }

        // Internal review, and perhaps a complaint to the regulator.
        let reviewChance: Double = switch path {
        case .full: 0.02
        case .notHeld: 0.08
        default: 0.2
        }
        guard rng.chance(reviewChance) else { return }
        let grounds = rng.pick(DemoVocabulary.reviewGrounds)
        add(workingDays(rng.int(3...40), after: cursor, cal), officer) { t in
            InternalReviewRequested(requestedOn: DemoTime.localDay(t), grounds: grounds)
        }
        let reviewRequestedAt = cursor
        let exceptional = regime != .foisa && rng.chance(0.15)
        let reviewer = rng.pick(Self.reviewers)
        let review: ReviewOutcome = rng.weighted([(.upheld, 70), (.partlyOverturned, 20), (.overturned, 10)])
        let reasoning = rng.pick(DemoVocabulary.reviewReasoning[review]!)
        let policy = generator.policy
        let reviewDays = exceptional
            ? rng.int((policy.internalReviewWorkingDays + 1)...max(policy.internalReviewWorkingDays + 1, policy.internalReviewMaxWorkingDays))
            : rng.int(min(8, policy.internalReviewWorkingDays)...policy.internalReviewWorkingDays)
        if exceptional && regime == .foia && policy.internalReviewMaxWorkingDays > policy.internalReviewWorkingDays {
            // The FOI policy "Complaints": a complex review is extended, with reasons, before it falls due.
            let extra = policy.internalReviewMaxWorkingDays - policy.internalReviewWorkingDays
            let extendedAt = workingDays(min(10, max(1, policy.internalReviewWorkingDays - 1)), after: reviewRequestedAt, cal)
            let newDue = cal.adding(policy.internalReviewMaxWorkingDays, after: DemoTime.day(reviewRequestedAt))
            add(extendedAt, officer) { t in
                InternalReviewExtended(extendedOn: DemoTime.localDay(t), workingDays: extra,
                                       reasons: "The review needs the views of \(service) and Legal Services on each withheld document.",
                                       newDueDate: CaseScript.day(newDue), requesterInformedOn: DemoTime.localDay(t))
            }
        }
        guard add(workingDays(reviewDays, after: reviewRequestedAt, cal), .reviewer(reviewer), { t in
            InternalReviewDecided(outcome: review, reviewer: reviewer, decidedOn: DemoTime.localDay(t), reasoning: reasoning,
                                  appealRightsGiven: review == .overturned ? nil : true)
        }) != nil else { return }
        if review != .upheld {
            relied = review == .overturned ? [] : Array(relied.dropLast())
            furtherResponse(relied: relied, topic: topic, officer: officer, calendar: cal, publishChance: 0.5)
        }

        guard rng.chance(review == .upheld ? 0.3 : 0.12) else { return }
        // FOISA, and the EIRs for a Scottish authority, appeal to the Scottish Information Commissioner.
        let regulator: Regulator = regime == .foisa || (regime == .eir && generator.policy.homeDivision == .scotland)
            ? .scottishInformationCommissioner : .ico
        let complaintRef = regulator == .ico
            ? "IC-\(DemoPeople.pad(rng.int(100_000...999_999), 6))-\(Self.code(&rng))"
            : "SIC-\(year)-\(DemoPeople.pad(rng.int(1...99_999), 5))"
        guard add(workingDays(rng.int(10...60), after: cursor, cal), .legal("legal.counsel1"), { t in
            ICOComplaintReceived(regulator: regulator, receivedOn: DemoTime.localDay(t), regulatorReference: complaintRef)
        }) != nil else { return }
        guard rng.chance(0.6) else {
            add(calendarDays(rng.int(30...120), after: cursor, home), .legal("legal.counsel1")) { _ in
                NoteAdded(text: "The regulator closed the complaint informally after the council's explanation.")
            }
            return
        }
        let noticeOutcome: DecisionNoticeOutcome = rng.weighted([(.notUpheld, 55), (.partlyUpheld, 25), (.upheld, 20)])
        let noticeRef = regulator == .ico ? complaintRef : "Decision \(rng.int(1...250))/\(year + 1)"
        let noticeAt = calendarDays(rng.int(60...250), after: cursor, home)
        let stepsDue = DemoTime.day(noticeAt) + 35
        guard add(noticeAt, .legal("legal.counsel1"), { t in
            ICODecisionNoticeReceived(
                receivedOn: DemoTime.localDay(t), noticeReference: noticeRef, outcome: noticeOutcome,
                stepsRequired: noticeOutcome == .notUpheld ? nil : "Disclose the withheld information or issue a fresh response.",
                stepsDueOn: noticeOutcome == .notUpheld ? nil : CaseScript.day(stepsDue))
        }) != nil else { return }
        if noticeOutcome != .notUpheld {
            relied = noticeOutcome == .upheld ? [] : Array(relied.dropLast())
            furtherResponse(relied: relied, topic: topic, officer: officer, calendar: cal, publishChance: 0.7)
        }
    }

    /// A further response after a review or decision notice required one.
    private mutating func furtherResponse(relied: [String], topic: DemoVocabulary.Topic, officer: DemoActor,
                                          calendar: DemoCalendar, publishChance: Double) {
        let documents = [document(topic.documents[0], 1), document("Previously withheld information.pdf", 9)]
        let outcome: ResponseSent.Outcome = relied.isEmpty ? .grantedInFull : .grantedInPart
        let signer = rng.pick(Self.signers)
        guard add(workingDays(rng.int(2...10), after: cursor, calendar), officer, { t in
            ResponseSent(outcome: outcome, exemptions: relied, documents: documents, signedOffBy: signer,
                         sentAt: DemoTime.timestamp(t), reviewRightsGiven: true, appealRightsGiven: true)
        }) != nil else { return }
        if rng.chance(publishChance) { publish(documents, officer: officer) }
    }

    private mutating func publish(_ documents: [ReleasedDocument], officer: DemoActor) {
        let url = "https://foi.council.example/disclosure-log/\(reference.rawValue)"
        add(workingDays(rng.int(1...10), after: cursor, generator.home), officer) { t in
            PublishedToDisclosureLog(publishedOn: DemoTime.localDay(t), url: url, documents: documents)
        }
        // Now and then an entry turns out to have been published in error and is withdrawn from the log.
        if Int(reference.serial) == 13 {
            add(workingDays(2, after: cursor, generator.home), officer) { t in
                PublicationWithdrawn(withdrawnOn: DemoTime.localDay(t),
                                     reason: "A released annex named a member of the public; withdrawn pending re-redaction.",
                                     withdrawnBy: officer.id)
            }
        }
    }

    /// An office time on a working day between `a` and `b` (never before `a`, nor after `b`).
    mutating func between(_ a: Int64, _ b: Int64, _ calendar: DemoCalendar) -> Int64 {
        guard b > a + 3600 else { return a }
        let first = DemoTime.day(a), last = DemoTime.day(b)
        let day = calendar.nextWorkingDay(onOrAfter: rng.int(first...last))
        let t = office(day)
        if t >= b { return max(a, b - Int64(rng.int(5...90) * 60)) }
        return max(t, a)
    }

    /// A four-character alphanumeric code, as in regulator references.
    static func code(_ rng: inout DemoRandom) -> String {
        let chars = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<4).map { _ in chars[rng.int(0...(chars.count - 1))] })
    }
}
