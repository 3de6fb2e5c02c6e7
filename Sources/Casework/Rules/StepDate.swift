/// A day or moment a payload carries, and what it says about the step, so that the rules can
/// judge every date of every event the same way.
struct StepDate {
    enum Value: CustomStringConvertible {
        case day(LocalDate)
        case instant(Timestamp)

        var description: String {
            switch self {
            case .day(let day): day.iso
            case .instant(let instant): instant.rfc3339
            }
        }
    }

    enum Kind { case day, instant }

    enum Role {
        /// The case's opening: an FOI/EIR request's or SAR's receipt, a breach's discovery, a near
        /// miss's report. Not in the future.
        case opening
        /// When the step happened: not before the case opened, not in the future.
        case happened
        /// A date the step sets for later (a due date, a disposal date): not before the case
        /// opened, and it may lie ahead.
        case scheduled
        /// On an opening event, when the breach or near miss itself occurred: before the opening,
        /// and not in the future.
        case precedesOpening
    }

    var field: String
    var value: Value
    var role: Role
    /// Compared with the opening by day, not by moment (the envelope's `occurredAt`).
    var judgedByDay: Bool

    init(_ field: String, _ value: Value, _ role: Role, judgedByDay: Bool = false) {
        self.field = field
        self.value = value
        self.role = role
        self.judgedByDay = judgedByDay
    }

    var kind: Kind {
        switch value {
        case .day: .day
        case .instant: .instant
        }
    }

    /// Every date `payload` carries, in field order. `Corrected` carries none of its own: its
    /// replacement dates are judged against the corrected event's fields.
    static func of(_ payload: any EventPayload) -> [StepDate] {
        func day(_ field: String, _ value: LocalDate?, _ role: Role = .happened) -> StepDate? {
            value.map { StepDate(field, .day($0), role) }
        }
        func instant(_ field: String, _ value: Timestamp?, _ role: Role = .happened) -> StepDate? {
            value.map { StepDate(field, .instant($0), role) }
        }
        let dates: [StepDate?] = switch payload {
        case let p as RequestReceived: [instant("receivedAt", p.receivedAt, .opening)]
        case let p as RequestAcknowledged: [instant("acknowledgedAt", p.acknowledgedAt)]
        case let p as ClarificationRequested: [day("requestedOn", p.requestedOn)]
        case let p as ClarificationReceived: [day("receivedOn", p.receivedOn)]
        case let p as FeeNoticeIssued: [day("issuedOn", p.issuedOn)]
        case let p as FeePaid: [day("paidOn", p.paidOn)]
        case let p as DeadlineExtended: [day("newDueDate", p.newDueDate, .scheduled)]
        case let p as Transferred: [day("transferredOn", p.transferredOn)]
        case let p as Withdrawn: [day("withdrawnOn", p.withdrawnOn)]
        case let p as ResponseSent: [instant("sentAt", p.sentAt)]
        case let p as InternalReviewRequested: [day("requestedOn", p.requestedOn)]
        case let p as InternalReviewDecided: [day("decidedOn", p.decidedOn)]
        case let p as ICOComplaintReceived: [day("receivedOn", p.receivedOn)]
        case let p as ICODecisionNoticeReceived:
            [day("receivedOn", p.receivedOn), day("stepsDueOn", p.stepsDueOn, .scheduled)]
        case let p as PublishedToDisclosureLog: [day("publishedOn", p.publishedOn)]
        // The due date the imported sheet gave: kept as the sheet said it, but never before the case opened.
        case let p as CaseImported: [day("sheetDueOn", p.sheetDueOn, .scheduled)]
        case let p as PublicationWithdrawn: [day("withdrawnOn", p.withdrawnOn)]
        case let p as SARReceived: [instant("receivedAt", p.receivedAt, .opening)]
        case let p as IdentityRequested: [day("requestedOn", p.requestedOn)]
        case let p as IdentityVerified: [day("verifiedOn", p.verifiedOn)]
        case let p as FeeRequested: [day("requestedOn", p.requestedOn)]
        case let p as SARExtended:
            [day("newDueDate", p.newDueDate, .scheduled), day("requesterInformedOn", p.requesterInformedOn)]
        case let p as SARResponded: [instant("respondedAt", p.respondedAt)]
        case let p as InternalReviewExtended:
            [day("extendedOn", p.extendedOn), day("newDueDate", p.newDueDate, .scheduled),
             day("requesterInformedOn", p.requesterInformedOn)]
        case let p as ChannelledToSubjectAccess: [day("channelledOn", p.channelledOn)]
        case let p as SCRAConsentRequested: [day("requestedOn", p.requestedOn)]
        case let p as SCRAConsentRecorded: [day("recordedOn", p.recordedOn)]
        case let p as ChildConsentRecorded: [day("recordedOn", p.recordedOn)]
        case let p as RequesterUpdated: [day("updatedOn", p.updatedOn), day("estimatedResponseOn", p.estimatedResponseOn, .scheduled)]
        case let p as BreachReported:
            [instant("discoveredAt", p.discoveredAt, .opening), day("occurredOn", p.occurredOn, .precedesOpening),
             instant("reportedToBusinessManagerAt", p.reportedToBusinessManagerAt),
             instant("reportedToDirectorAt", p.reportedToDirectorAt),
             day("investigationDueOn", p.investigationDueOn, .scheduled)]
        case let p as BreachEscalated: [instant("escalatedAt", p.escalatedAt)]
        case let p as InvestigationOpened: [day("openedOn", p.openedOn), day("dueOn", p.dueOn, .scheduled)]
        case let p as InvestigationConcluded: [day("concludedOn", p.concludedOn)]
        case let p as ICONotificationDecided: [instant("decidedAt", p.decidedAt)]
        case let p as ICONotified: [instant("notifiedAt", p.notifiedAt)]
        case let p as DataSubjectsNotified: [day("notifiedOn", p.notifiedOn)]
        case let p as PoliceInformed: [day("informedOn", p.informedOn)]
        case let p as BreachClosed: [day("closedOn", p.closedOn)]
        case let p as BreachReportUpdated: [instant("updatedAt", p.updatedAt)]
        case let p as DataSubjectNotificationDecided: [instant("decidedAt", p.decidedAt)]
        case let p as WrongfulReleasePartyInformed: [instant("informedAt", p.informedAt)]
        case let p as AffectedPartyContacted: [instant("contactedAt", p.contactedAt)]
        case let p as WrongfulReleaseReviewed: [day("reviewedOn", p.reviewedOn)]
        case let p as WrongfulReleaseOutcomeLetterSent: [day("sentOn", p.sentOn)]
        case let p as NearMissReported:
            [day("reportedOn", p.reportedOn, .opening), day("occurredOn", p.occurredOn, .precedesOpening)]
        case let p as NearMissReviewed: [day("reviewedOn", p.reviewedOn)]
        case let p as ThirdPartyRequestReceived:
            [instant("receivedAt", p.receivedAt, .opening), day("courtOrderDueOn", p.courtOrderDueOn, .scheduled)]
        case let p as ThirdPartyRequesterContacted: [day("contactedOn", p.contactedOn)]
        case let p as ThirdPartyDetailsReceived: [day("receivedOn", p.receivedOn)]
        case let p as ThirdPartyInformationDisclosed: [day("disclosedOn", p.disclosedOn)]
        case let p as ThirdPartyRequestRefused: [day("refusedOn", p.refusedOn)]
        case let p as AgreementProposed:
            [day("proposedOn", p.proposedOn, .opening), day("reviewDueOn", p.reviewDueOn, .scheduled)]
        case let p as HeadOfLegalInformed: [day("informedOn", p.informedOn)]
        case let p as AgreementSigned: [day("signedOn", p.signedOn)]
        case let p as AgreementReviewed:
            [day("reviewedOn", p.reviewedOn), day("nextReviewDueOn", p.nextReviewDueOn, .scheduled)]
        case let p as AgreementEnded: [day("endedOn", p.endedOn)]
        case let p as ComplaintReceived: [day("receivedOn", p.receivedOn, .opening)]
        case let p as ComplaintAcknowledged: [day("acknowledgedOn", p.acknowledgedOn)]
        case let p as ComplaintResolved: [day("respondedOn", p.respondedOn)]
        case let p as ComplaintEscalatedToICO: [day("escalatedOn", p.escalatedOn)]
        case let p as RetentionApplied:
            [day("appliedOn", p.appliedOn), day("disposalDueOn", p.disposalDueOn, .scheduled)]
        case let p as PersonalDataErased: [day("erasedOn", p.erasedOn)]
        default: []  // ExemptionApplied, PublicInterestTestRecorded, CostLimitApplied, … carry no date
        }
        return dates.compactMap { $0 }
    }

    /// The date fields of an event type (top-level payload keys), with their kind and role, read
    /// from the catalogue's example, which fills in every optional field.
    static func fields(of type: EventType) -> [(field: String, kind: Kind, role: Role)] {
        guard let example = EventCatalogue.examples.first(where: { $0.eventType == type }) else { return [] }
        return of(example).map { ($0.field, $0.kind, $0.role) }
    }
}
