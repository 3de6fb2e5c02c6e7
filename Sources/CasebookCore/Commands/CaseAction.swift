import Registers
import Casework
import LedgerStore

/// The groups of case actions, named as the CLI names them (`casebook foi …`, `casebook case …`).
public enum ActionGroup: String, CaseIterable, Sendable, Hashable {
    case foi
    case sar
    case breach
    case nearMiss = "near-miss"
    /// Third-party disclosure requests (the data protection policy Appendix 4).
    case thirdParty = "third-party"
    case agreement
    case complaint
    /// Actions on a case of any kind (notes, corrections, reassignment).
    case anyCase = "case"

    /// The case kinds the group's actions apply to.
    public var kinds: Set<CaseKind> {
        switch self {
        case .foi: [.request]
        case .sar: [.subjectAccess]
        case .breach: [.breach]
        case .nearMiss: [.nearMiss]
        case .thirdParty: [.thirdPartyDisclosure]
        case .agreement: [.agreement]
        case .complaint: [.complaint]
        case .anyCase: Set(CaseKind.allCases)
        }
    }

    /// The group whose actions open and carry cases of `kind`.
    public static func of(_ kind: CaseKind) -> ActionGroup {
        switch kind {
        case .request: .foi
        case .subjectAccess: .sar
        case .breach: .breach
        case .nearMiss: .nearMiss
        case .thirdPartyDisclosure: .thirdParty
        case .agreement: .agreement
        case .complaint: .complaint
        }
    }

    /// The group's case noun with its article ("an FOI/EIR request", "a breach").
    public var caseNounWithArticle: String {
        (self == .foi || self == .agreement ? "an " : "a ") + caseNoun
    }

    /// How the group's cases are called in messages.
    public var caseNoun: String {
        switch self {
        case .foi: "FOI/EIR request"
        case .sar: "subject access request"
        case .breach: "breach"
        case .nearMiss: "near miss"
        case .thirdParty: "third-party disclosure request"
        case .agreement: "data-sharing or data-processing agreement"
        case .complaint: "data handling complaint"
        case .anyCase: "case"
        }
    }
}

/// One case action of the command vocabulary: the imperative a person gives ("respond",
/// "decide-ico"), the event it records, and how its fields are filled in when left out.
///
/// The same name is the CLI subcommand (`casebook foi respond`), the API path
/// (`POST /api/v1/cases/FOI-2026-0001/actions/respond`) and the web form. An action's fields are
/// its event's payload fields (`Schemas/events/<Event>.schema.json`), plus the few named in
/// `DefaultRule` (e.g. `sections` for `exempt`).
public struct CaseAction: Sendable, Hashable, CustomStringConvertible {
    public let group: ActionGroup
    public let name: String
    public let event: EventType
    /// One line saying what the action records, for help texts and forms.
    public let summary: String
    /// Payload fields that default to the day the action happened (`YYYY-MM-DD`, Europe/London).
    public let dayFields: [String]
    /// Payload fields that default to the moment the action happened.
    public let instantFields: [String]
    /// Payload fields that default to the acting person's id (who signed off, who reviewed).
    public let actorFields: [String]
    /// Payload fields with a fixed default (an empty list, `false`, a usual choice).
    public let fixedDefaults: JSONObject
    let rule: DefaultRule

    init(_ group: ActionGroup, _ name: String, _ event: EventType, _ summary: String,
         day: [String] = [], instant: [String] = [], actor: [String] = [], fixed: JSONObject = [:], rule: DefaultRule = .none) {
        self.group = group
        self.name = name
        self.event = event
        self.summary = summary
        self.dayFields = day
        self.instantFields = instant
        self.actorFields = actor
        self.fixedDefaults = fixed
        self.rule = rule
    }

    /// Whether the action opens a new case.
    public var opens: Bool { event.isOpening }

    public var description: String { "\(group.rawValue) \(name)" }

    public static func == (a: CaseAction, b: CaseAction) -> Bool { a.group == b.group && a.name == b.name }
    public func hash(into h: inout Hasher) {
        h.combine(group)
        h.combine(name)
    }
}

/// Defaults that need the case's folded state, the policy or the ledger.
enum DefaultRule: Sendable, Hashable {
    case none
    /// `RequestReceived`: the reference prefix follows the regime (EIR- for EIR).
    case openRequest
    /// `exempt`: one event per provision in `sections`; the class from the regime's catalogue.
    case exemptions
    /// `pit`: the provisions default to every qualified exemption applied on the case.
    case publicInterestTest
    /// FOI `extend`: the reason follows the regime (EIR reg 7, else FOIA s10(3)).
    case requestExtension
    /// `ico-complaint`: the Scottish Information Commissioner for FOISA, else the ICO.
    case regulator
    /// `publish`: the documents default to those the latest response released.
    case publish
    /// `cost-limit`: the appropriate limit and hourly rate from the policy.
    case costLimit
    /// `breach report`: the breach day defaults to the day it was discovered.
    case breachReport
    /// `link-release`: the FOI/EIR case named must exist.
    case wrongfulRelease
    /// `correct`: `event` (an event id or a version) and `set` (field → value), split into the
    /// plain and sealed parts by the corrected event's personal fields.
    case correction
    /// `void`: `event` (an event id or a version) names the event withdrawn.
    case void
    /// FOI `review-extend`: the further working days default to what takes the review to the
    /// policy's `internalReviewMaxWorkingDays` (the FOI policy "Complaints": 20, exceptionally 40).
    case reviewExtension
    /// FOI `channel-to-sar`: closes the request and opens the linked SAR in one append (the FOI
    /// policy Appendix 2, s40(1)); the SAR takes the request's requester, receipt and summary.
    case channelToSAR
    /// third-party `contact-requester`: the details asked for default to those the request lacks.
    case thirdPartyMissing
}

extension CaseAction {
    private static let empty: JSONValue = .array([])

    /// The whole vocabulary, in the order the CLI lists it.
    public static let all: [CaseAction] = [
        // FOI / EIR / FOISA requests (FOIA 2000; EIR 2004; FOISA 2002)
        CaseAction(.foi, "receive", .requestReceived, "Log a new request; opens the case.", instant: ["receivedAt"],
                   fixed: ["channel": .string("email"), "regime": .string("foia"), "requesterType": .string("individual")], rule: .openRequest),
        CaseAction(.foi, "acknowledge", .requestAcknowledged, "The requester was sent an acknowledgement.", instant: ["acknowledgedAt"]),
        CaseAction(.foi, "clarify", .clarificationRequested, "Ask the requester to clarify; the statutory clock stops (FOIA s1(3)).", day: ["requestedOn"]),
        CaseAction(.foi, "clarified", .clarificationReceived, "The clarification arrived; the clock starts again from this day.", day: ["receivedOn"]),
        CaseAction(.foi, "fee-notice", .feeNoticeIssued, "A fees notice was issued; the clock stops until payment (FOIA s10(2)).", day: ["issuedOn"]),
        CaseAction(.foi, "fee-paid", .feePaid, "The fee asked for was paid; the clock runs again.", day: ["paidOn"]),
        CaseAction(.foi, "exempt", .exemptionApplied, "Apply an exemption or EIR exception; one event per provision.", rule: .exemptions),
        CaseAction(.foi, "pit", .publicInterestTestRecorded, "Record the public interest test and its reasoning.", rule: .publicInterestTest),
        CaseAction(.foi, "extend", .deadlineExtended, "Extend the deadline: FOIA s10(3) public interest test or EIR reg 7.",
                   fixed: ["workingDays": .int(20)], rule: .requestExtension),
        CaseAction(.foi, "cost-limit", .costLimitApplied, "Compliance would exceed the appropriate limit (FOIA s12).", rule: .costLimit),
        CaseAction(.foi, "vexatious", .vexatiousApplied, "The request is vexatious or repeated (FOIA s14).", fixed: ["basis": .string("vexatious")]),
        CaseAction(.foi, "transfer", .transferred, "Transfer the request to the body that holds the information; closes the case.", day: ["transferredOn"]),
        CaseAction(.foi, "withdraw", .withdrawn, "The requester withdrew the request; closes the case.", day: ["withdrawnOn"]),
        CaseAction(.foi, "respond", .responseSent, "The response went to the requester; closes the case.", instant: ["sentAt"], actor: ["signedOffBy"],
                   fixed: ["exemptions": empty, "documents": empty]),
        CaseAction(.foi, "review-request", .internalReviewRequested, "The requester asked for an internal review.", day: ["requestedOn"]),
        CaseAction(.foi, "review-decide", .internalReviewDecided, "The internal review was decided.", day: ["decidedOn"], actor: ["reviewer"]),
        CaseAction(.foi, "ico-complaint", .iCOComplaintReceived, "The regulator told us of a complaint about the case.", day: ["receivedOn"], rule: .regulator),
        CaseAction(.foi, "decision-notice", .iCODecisionNoticeReceived, "The regulator's decision notice arrived.", day: ["receivedOn"]),
        CaseAction(.foi, "publish", .publishedToDisclosureLog, "Publish the released response on the disclosure log, without the requester's identity.",
                   day: ["publishedOn"], rule: .publish),
        CaseAction(.foi, "withdraw-publication", .publicationWithdrawn,
                   "Withdraw material published on the disclosure log in error; the public log then shows only the reference and the day withdrawn.",
                   day: ["withdrawnOn"], actor: ["withdrawnBy"]),
        CaseAction(.foi, "review-extend", .internalReviewExtended,
                   "Extend an open FOIA internal review because it is complex, once, to at most 40 working days in all (the FOI policy \"Complaints\").",
                   day: ["extendedOn"], rule: .reviewExtension),
        CaseAction(.foi, "channel-to-sar", .channelledToSubjectAccess,
                   "The request is for the requester's own personal data (s40(1)): close it and open the linked subject access request in one step.",
                   day: ["channelledOn"], rule: .channelToSAR),
        // Subject access requests (UK GDPR Art 15; DPA 2018)
        CaseAction(.sar, "receive", .sARReceived, "Log a new subject access request; opens the case.", instant: ["receivedAt"],
                   fixed: ["channel": .string("email")]),
        CaseAction(.sar, "request-id", .identityRequested, "Ask for proof of identity; the clock waits.", day: ["requestedOn"]),
        CaseAction(.sar, "verify-id", .identityVerified, "The requester's identity was verified (the kind of evidence, never document numbers).",
                   day: ["verifiedOn"], fixed: ["method": .string("documentSighted")]),
        CaseAction(.sar, "fee", .feeRequested, "Ask for a fee; the clock waits for payment.", day: ["requestedOn"]),
        CaseAction(.sar, "fee-paid", .feePaid, "The fee asked for was paid; the clock runs again.", day: ["paidOn"]),
        CaseAction(.sar, "clarify", .clarificationRequested, "Ask the requester to clarify; the clock waits.", day: ["requestedOn"]),
        CaseAction(.sar, "clarified", .clarificationReceived, "The clarification arrived; the clock starts again from this day.", day: ["receivedOn"]),
        CaseAction(.sar, "third-party", .thirdPartyInformationDecided, "Decide about third-party information in the response.",
                   fixed: ["consentSought": .bool(false)]),
        CaseAction(.sar, "extend", .sARExtended, "Extend the deadline by up to two further months (UK GDPR Art 12(3)).", day: ["requesterInformedOn"],
                   fixed: ["months": .int(2)]),
        CaseAction(.sar, "respond", .sARResponded, "The response was supplied; closes the case.", instant: ["respondedAt"], actor: ["signedOffBy"],
                   fixed: ["exemptions": empty, "documents": empty, "method": .string("secureEmail")]),
        CaseAction(.sar, "withdraw", .withdrawn, "The requester withdrew the request; closes the case.", day: ["withdrawnOn"]),
        CaseAction(.sar, "review-request", .internalReviewRequested, "The requester asked for an internal review.", day: ["requestedOn"]),
        CaseAction(.sar, "review-decide", .internalReviewDecided, "The internal review was decided.", day: ["decidedOn"], actor: ["reviewer"]),
        CaseAction(.sar, "ico-complaint", .iCOComplaintReceived, "The ICO told us of a complaint about the case.", day: ["receivedOn"], rule: .regulator),
        CaseAction(.sar, "decision-notice", .iCODecisionNoticeReceived, "The ICO's decision notice arrived.", day: ["receivedOn"]),
        CaseAction(.sar, "exempt", .sARExemptionApplied,
                   "Apply an exemption from subject access (DPA 2018 Schedules 2–4), with the reasons (the data protection policy §2.6)."),
        CaseAction(.sar, "scra-request", .sCRAConsentRequested,
                   "SCRA's consent was sought to release social work information originating from it (the data protection policy §2.7.3.1).",
                   day: ["requestedOn"]),
        CaseAction(.sar, "scra-consent", .sCRAConsentRecorded,
                   "SCRA's answer, or that none came; without consent its information is not released (the data protection policy §2.7.3.1).",
                   day: ["recordedOn"]),
        CaseAction(.sar, "child-consent", .childConsentRecorded,
                   "A child data subject's capacity and consent to the representative (the data protection policy §2.2.4).",
                   day: ["recordedOn"]),
        CaseAction(.sar, "update", .requesterUpdated,
                   "The requester was updated on progress and the estimated timescale (the data protection policy §2.3.2).",
                   day: ["updatedOn"]),
        // Personal-data breaches (UK GDPR Arts 33–34; the organisation's breach procedure)
        CaseAction(.breach, "report", .breachReported, "File the breach reporting form; opens the case.", instant: ["discoveredAt"],
                   fixed: ["dataSubjectCategories": empty, "investigationOrdered": .bool(false)], rule: .breachReport),
        CaseAction(.breach, "escalate", .breachEscalated, "Escalate up the reporting chain: business manager, director, head of legal, DPO.",
                   instant: ["escalatedAt"]),
        CaseAction(.breach, "assess", .riskAssessed, "Record the risk assessment.", fixed: ["possibleHarm": empty]),
        CaseAction(.breach, "investigate", .investigationOpened, "Appoint an investigation lead.", day: ["openedOn"]),
        CaseAction(.breach, "conclude", .investigationConcluded, "Conclude the investigation.", day: ["concludedOn"]),
        CaseAction(.breach, "decide-ico", .iCONotificationDecided, "Decide whether to notify the ICO (UK GDPR Art 33), with reasons.",
                   instant: ["decidedAt"]),
        CaseAction(.breach, "notify-ico", .iCONotified, "The ICO was notified (within 72 hours of becoming aware, or with reasons for the delay).",
                   instant: ["notifiedAt"]),
        CaseAction(.breach, "notify-subjects", .dataSubjectsNotified, "The data subjects were told (UK GDPR Art 34).", day: ["notifiedOn"]),
        CaseAction(.breach, "police", .policeInformed, "The police were told.", day: ["informedOn"]),
        CaseAction(.breach, "close", .breachClosed, "Close the breach; needs the ICO decision, any notification and no open investigation.",
                   day: ["closedOn"]),
        CaseAction(.breach, "link-release", .wrongfulReleaseLinked, "Link the breach to the FOI/EIR response that wrongly released information.",
                   fixed: ["partiesInformed": empty], rule: .wrongfulRelease),
        CaseAction(.breach, "update-form", .breachReportUpdated,
                   "The reporting form, updated with the investigation's outcome, went on to the Director and the Head of Legal (the breach procedure §5.5: within two weeks).",
                   instant: ["updatedAt"], fixed: ["sentTo": .array([.string("director"), .string("headOfLegal")])]),
        CaseAction(.breach, "decide-subjects", .dataSubjectNotificationDecided,
                   "Decide whether to tell the data subjects, with the reasons either way (the breach procedure §6.2–6.3; UK GDPR Art 34).",
                   instant: ["decidedAt"]),
        CaseAction(.breach, "inform-party", .wrongfulReleasePartyInformed,
                   "A party of the wrongful-release protocol (Press Office, Legal, Director…) was informed, at a time (Steps 2 and 5).",
                   instant: ["informedAt"], actor: ["informedBy"]),
        CaseAction(.breach, "contact-affected", .affectedPartyContacted,
                   "An affected party was contacted about the wrongful release: seniority, apology, formal letter promised, damage-limitation plan (the wrongful-release protocol Step 4).",
                   instant: ["contactedAt"]),
        CaseAction(.breach, "review-release", .wrongfulReleaseReviewed,
                   "What went wrong in the wrongful release, and whether the FOI protocols need strengthening (the wrongful-release protocol Step 5).",
                   day: ["reviewedOn"]),
        CaseAction(.breach, "outcome-letter", .wrongfulReleaseOutcomeLetterSent,
                   "An affected party was written to with the outcome of the review (the wrongful-release protocol Step 5).",
                   day: ["sentOn"]),
        // Near misses (the organisation's data protection policy)
        CaseAction(.nearMiss, "report", .nearMissReported, "Report a near miss; opens the case.", day: ["reportedOn"]),
        CaseAction(.nearMiss, "review", .nearMissReviewed, "Review the near miss for system or process weakness; closes the case.",
                   day: ["reviewedOn"], actor: ["reviewer"]),
        // Third-party disclosure requests (the data protection policy Appendix 4)
        CaseAction(.thirdParty, "receive", .thirdPartyRequestReceived,
                   "Log a third party's request for someone's personal data (police, court, parent, school, …); opens the case.",
                   instant: ["receivedAt"], fixed: ["inWriting": .bool(true)]),
        CaseAction(.thirdParty, "contact-requester", .thirdPartyRequesterContacted,
                   "The requester was asked for the details the request lacks (the data protection policy Appendix 4 §2.6.7.1).",
                   day: ["contactedOn"], rule: .thirdPartyMissing),
        CaseAction(.thirdParty, "details-received", .thirdPartyDetailsReceived,
                   "The missing details arrived; the request can now be answered (Appendix 4 §2.6.7.2).", day: ["receivedOn"]),
        CaseAction(.thirdParty, "disclose", .thirdPartyInformationDisclosed,
                   "The information was disclosed: what, when, how, marked COPY, on which legal basis; closes the case (Appendix 4 §2.6.7.2).",
                   day: ["disclosedOn"], actor: ["authorisedBy"], fixed: ["markedCopy": .bool(true), "method": .string("secureEmail")]),
        CaseAction(.thirdParty, "refuse", .thirdPartyRequestRefused, "The request was refused, with reasons; closes the case.",
                   day: ["refusedOn"]),
        // Data-sharing and data-processing agreements (the data protection policy Appendix 5)
        CaseAction(.agreement, "propose", .agreementProposed, "Record an agreement drafted and proposed to a partner; opens the case.",
                   day: ["proposedOn"]),
        CaseAction(.agreement, "inform-legal", .headOfLegalInformed,
                   "The Head of Legal and Democratic Services was informed (before a processing agreement is signed: Appendix 5 §4.1).",
                   day: ["informedOn"], actor: ["informedBy"]),
        CaseAction(.agreement, "sign", .agreementSigned, "The council signed the agreement.", day: ["signedOn"], actor: ["signedBy"]),
        CaseAction(.agreement, "review", .agreementReviewed, "The agreement was reviewed with the partner; sets the next review.",
                   day: ["reviewedOn"], actor: ["reviewer"]),
        CaseAction(.agreement, "end", .agreementEnded, "The agreement ended; closes the case.", day: ["endedOn"]),
        // Complaints about data handling or sharing (the data-sharing guidance §6)
        CaseAction(.complaint, "receive", .complaintReceived, "Log a complaint about data handling or sharing; opens the case.",
                   day: ["receivedOn"], fixed: ["source": .string("publicMember")]),
        CaseAction(.complaint, "acknowledge", .complaintAcknowledged, "The complainant was sent an acknowledgement.", day: ["acknowledgedOn"]),
        CaseAction(.complaint, "resolve", .complaintResolved, "The complaint was answered with its outcome; closes the case.",
                   day: ["respondedOn"], actor: ["respondedBy"]),
        CaseAction(.complaint, "escalate-ico", .complaintEscalatedToICO, "The complainant took the complaint to the ICO.", day: ["escalatedOn"]),
        // Every kind of case
        CaseAction(.anyCase, "note", .noteAdded, "Add a free-text note to the case (stored encrypted)."),
        CaseAction(.anyCase, "correct", .corrected, "Amend an earlier event by reference; nothing is edited in place.",
                   fixed: ["corrections": .object([:])], rule: .correction),
        CaseAction(.anyCase, "void", .voided, "Withdraw an earlier event recorded in error; registers and clocks then leave it out, the timeline shows it voided.",
                   actor: ["authorisedBy"], rule: .void),
        CaseAction(.anyCase, "reassign", .reassigned, "Give the case to another officer."),
    ]

    private static let byKey: [String: CaseAction] = Dictionary(uniqueKeysWithValues: all.map { ("\($0.group.rawValue) \($0.name)", $0) })

    /// The action `name` of `group`, or nil.
    public static func named(_ name: String, in group: ActionGroup) -> CaseAction? {
        byKey["\(group.rawValue) \(name)"]
    }

    /// The action `name` on a case of `kind`: its group's action, else the any-case action.
    public static func named(_ name: String, on kind: CaseKind) -> CaseAction? {
        named(name, in: .of(kind)) ?? named(name, in: .anyCase)
    }

    /// The actions of a group, in vocabulary order.
    public static func actions(in group: ActionGroup) -> [CaseAction] { all.filter { $0.group == group } }

    /// The action names available on a case of `kind`.
    public static func names(on kind: CaseKind) -> [String] {
        (actions(in: .of(kind)) + actions(in: .anyCase)).filter { !$0.opens }.map(\.name)
    }
}
