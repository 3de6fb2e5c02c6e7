import Casework
import Foundation
import LedgerStore

/// One data-sharing or data-processing agreement on the agreements register (the data protection
/// policy Appendix 5; the data-sharing guidance §4 'Accuracy' and §5 'Security'). No personal data.
public struct AgreementRow: CaseRow {
    public var reference: String
    /// sharing or processing.
    public var type: String
    public var partner: String
    public var purpose: String
    public var service: String
    public var securityProcedures: String
    public var accuracyStandards: String
    public var proposedOn: LocalDate
    /// The latest day the Head of Legal and Democratic Services was informed (Appendix 5 §4.1).
    public var headOfLegalInformedOn: LocalDate?
    public var signedOn: LocalDate?
    public var signedBy: String?
    /// separateAgreement or contractSection (Appendix 5 §4.2).
    public var form: String?
    /// For a processing agreement: whether the Head of Legal was informed on or before the day it
    /// was signed (Appendix 5 §4.1); nil for sharing agreements and before signing.
    public var headOfLegalInformedBeforeSigning: Bool?
    public var lastReviewedOn: LocalDate?
    /// The next review: the proposal's review date, then each review's next review date.
    public var reviewDueOn: LocalDate
    public var endedOn: LocalDate?
    public var endReason: String?
    /// proposed, signed, ended.
    public var status: String = "proposed"
    public var lateEntries: [LateEntry] = []
    public var correctedFields: [String] = []
    /// The case officer: who opened the case (the opening event's actor), then the latest
    /// `Reassigned.to`. Nil in rows stored before the column existed (`casebook rebuild` fills it).
    public var officer: String?
    public var overdue: Bool?
    public var overdueSteps: [String]?

    public init(reference: String, type: String, partner: String, purpose: String, service: String, securityProcedures: String,
                accuracyStandards: String, proposedOn: LocalDate, reviewDueOn: LocalDate) {
        self.reference = reference
        self.type = type
        self.partner = partner
        self.purpose = purpose
        self.service = service
        self.securityProcedures = securityProcedures
        self.accuracyStandards = accuracyStandards
        self.proposedOn = proposedOn
        self.reviewDueOn = reviewDueOn
    }

    mutating func recompute(_ context: ReducerContext) {
        if type == AgreementType.processing.rawValue, let signedOn {
            headOfLegalInformedBeforeSigning = headOfLegalInformedOn.map { $0 <= signedOn } ?? false
        } else {
            headOfLegalInformedBeforeSigning = nil
        }
        status = endedOn != nil ? "ended" : signedOn != nil ? "signed" : "proposed"
    }

    public func evaluated(today: LocalDate, calculator: DeadlineCalculator) -> AgreementRow {
        var row = self
        row.overdueSteps = overdueSteps(on: today)
        row.overdue = !(row.overdueSteps ?? []).isEmpty
        return row
    }

    public var filterFacts: FilterFacts {
        FilterFacts(status: status, regime: nil, outcome: endReason, exemptions: [], categories: [type], service: service,
                    date: proposedOn, nextDueOn: endedOn == nil ? reviewDueOn : nil, overdue: overdue ?? false)
    }

    public static let columns: [RegisterColumn<AgreementRow>] = [
        .init("reference") { $0.reference },
        .init("type") { $0.type },
        .init("partner") { $0.partner },
        .init("purpose", inTable: false) { $0.purpose },
        .init("service") { $0.service },
        .init("securityProcedures", inTable: false) { $0.securityProcedures },
        .init("accuracyStandards", inTable: false) { $0.accuracyStandards },
        .init("proposed", inTable: false) { $0.proposedOn.iso },
        .init("headOfLegalInformed", inTable: false) { Cell.date($0.headOfLegalInformedOn) },
        .init("signed") { Cell.date($0.signedOn) },
        .init("headOfLegalInformedBeforeSigning", inTable: false) { Cell.bool($0.headOfLegalInformedBeforeSigning) },
        .init("lastReviewed", inTable: false) { Cell.date($0.lastReviewedOn) },
        .init("reviewDue") { $0.reviewDueOn.iso },
        .init("ended", inTable: false) { Cell.date($0.endedOn) },
        .init("status") { $0.status },
        .init("overdue") { Cell.bool($0.overdue) },
        .init("lateEntries", inTable: false) { Cell.int($0.lateEntries.count) },
        .init("officer") { $0.officer ?? "" },
    ]
}

/// The register of data-sharing and data-processing agreements (the data protection policy
/// Appendix 5 §4), with each agreement's next review as a due step.
public enum AgreementRegister: RegisterReducer {
    public typealias Row = AgreementRow
    public static let register = RegisterName.agreements

    public static func keys(for event: CaseEvent, context: ReducerContext) throws -> [String] {
        event.kind == .agreement ? [event.reference] : []
    }

    public static func apply(_ event: CaseEvent, to row: inout AgreementRow?, key: String, context: ReducerContext) throws {
        try CaseFold.apply(event, to: &row, context: context, step: step)
    }

    static func step(_ e: CaseEvent, _ row: inout AgreementRow?) {
        guard let type = EventType(rawValue: e.type) else { return }
        switch type {
        case .agreementProposed:
            let proposed = e.date("proposedOn") ?? e.occurredOn
            row = AgreementRow(reference: e.reference, type: e.string("type") ?? "", partner: e.string("partner") ?? "",
                               purpose: e.string("purpose") ?? "", service: e.string("service") ?? "",
                               securityProcedures: e.string("securityProcedures") ?? "",
                               accuracyStandards: e.string("accuracyStandards") ?? "", proposedOn: proposed,
                               reviewDueOn: e.date("reviewDueOn") ?? proposed)
        case .headOfLegalInformed:
            row?.headOfLegalInformedOn = e.date("informedOn")
        case .agreementSigned:
            row?.signedOn = e.date("signedOn")
            row?.signedBy = e.string("signedBy")
            row?.form = e.string("form")
        case .agreementReviewed:
            row?.lastReviewedOn = e.date("reviewedOn")
            if let next = e.date("nextReviewDueOn") { row?.reviewDueOn = next }
        case .agreementEnded:
            row?.endedOn = e.date("endedOn")
            row?.endReason = e.string("reason")
        default: break
        }
    }
}
