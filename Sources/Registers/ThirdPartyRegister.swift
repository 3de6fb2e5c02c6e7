import Casework
import Foundation
import LedgerStore

/// One third-party disclosure request on the third-party register (the data protection policy
/// Appendix 4: "a note of the request … and of what information was released should be made",
/// §2.1.2.1; "details of the information disclosed, the date and the method of disclosure should
/// be noted", §2.6.7.2). What was asked for and who it is about are personal (case scope): kept as
/// recorded (sealed) and shown only through `reveal`.
public struct ThirdPartyRow: CaseRow {
    public var reference: String
    public var receivedOn: LocalDate
    /// police, court, solicitor, electedMember, governmentAgency, otherService, parent, school, other.
    public var requesterCategory: String
    public var requesterOrganisation: String
    public var purpose: String
    public var inWriting: Bool
    public var informationRequested: PersonalValue?
    public var dataSubject: PersonalValue?
    /// The police request form's fields given so far (the request's and those received since), sorted.
    public var policeDetailsGiven: [String]?
    /// The police request form's details still missing (Appendix 4 §2.6.7.1), in catalogue order.
    public var missingDetails: [String] = []
    /// The latest day the requester was contacted for missing details.
    public var requesterContactedOn: LocalDate?
    /// The latest day missing details arrived (the working-day clock runs from it).
    public var detailsReceivedOn: LocalDate?
    public var courtOrderDueOn: LocalDate?
    /// courtOrder, educationalRecord (15 school days as working days) or policyDefault.
    public var clock: String?
    public var dueOn: LocalDate?
    public var disclosedOn: LocalDate?
    public var method: String?
    /// Whether the copies were marked "COPY" (Appendix 4 §2.6.7.2).
    public var markedCopy: Bool?
    public var legalBasis: String?
    public var feePence: Int?
    public var refusedOn: LocalDate?
    /// disclosed or refused.
    public var outcome: String?
    /// Disclosed or refused by the due day.
    public var onTime: Bool?
    /// incomplete (details missing, requester not yet contacted), awaitingDetails, received, disclosed, refused.
    public var status: String = "received"
    public var lateEntries: [LateEntry] = []
    public var correctedFields: [String] = []
    /// The case officer: who opened the case (the opening event's actor), then the latest
    /// `Reassigned.to`. Nil in rows stored before the column existed (`casebook rebuild` fills it).
    public var officer: String?
    public var overdue: Bool?
    public var overdueSteps: [String]?

    public init(reference: String, receivedOn: LocalDate, requesterCategory: String, requesterOrganisation: String, purpose: String,
                inWriting: Bool) {
        self.reference = reference
        self.receivedOn = receivedOn
        self.requesterCategory = requesterCategory
        self.requesterOrganisation = requesterOrganisation
        self.purpose = purpose
        self.inWriting = inWriting
    }

    /// Whether the request carries everything the policy requires before disclosure.
    public var isComplete: Bool { missingDetails.isEmpty }

    /// The day the request was answered (disclosed or refused).
    public var closedOn: LocalDate? { disclosedOn ?? refusedOn }

    mutating func recompute(_ context: ReducerContext) {
        let category = ThirdPartyRequesterCategory(rawValue: requesterCategory) ?? .other
        clock = category == .court && courtOrderDueOn != nil ? "courtOrder" : category.isEducationalRecord ? "educationalRecord" : "policyDefault"
        dueOn = context.calculator.thirdPartyResponseDueDate(category: category, receivedOn: receivedOn, detailsReceivedOn: detailsReceivedOn,
                                                            courtOrderDueOn: courtOrderDueOn)
        outcome = disclosedOn != nil ? "disclosed" : refusedOn != nil ? "refused" : nil
        onTime = closedOn.flatMap { closed in dueOn.map { closed <= $0 } }
        status = if disclosedOn != nil { "disclosed" } else if refusedOn != nil { "refused" }
            else if !missingDetails.isEmpty { requesterContactedOn == nil ? "incomplete" : "awaitingDetails" } else { "received" }
    }

    public func evaluated(today: LocalDate, calculator: DeadlineCalculator) -> ThirdPartyRow {
        var row = self
        row.overdueSteps = overdueSteps(on: today)
        row.overdue = !(row.overdueSteps ?? []).isEmpty
        return row
    }

    public func revealing(_ reveal: (JSONValue) -> JSONValue) -> ThirdPartyRow {
        var row = self
        row.informationRequested = informationRequested.map { PersonalValue(reveal($0.value)) }
        row.dataSubject = dataSubject.map { PersonalValue(reveal($0.value)) }
        return row
    }

    public var filterFacts: FilterFacts {
        FilterFacts(status: status, regime: nil, outcome: outcome, exemptions: [], categories: [requesterCategory], service: nil,
                    date: receivedOn, nextDueOn: closedOn == nil ? dueOn : nil, overdue: overdue ?? false)
    }

    public static let columns: [RegisterColumn<ThirdPartyRow>] = [
        .init("reference") { $0.reference },
        .init("received") { $0.receivedOn.iso },
        .init("requesterCategory") { $0.requesterCategory },
        .init("requesterOrganisation", inTable: false) { $0.requesterOrganisation },
        .init("purpose") { $0.purpose },
        .init("inWriting", inTable: false) { Cell.bool($0.inWriting) },
        .init("informationRequested", inTable: false) { Cell.json($0.informationRequested?.value) },
        .init("dataSubject", inTable: false) { Cell.json($0.dataSubject?.value) },
        .init("complete") { Cell.bool($0.isComplete) },
        .init("missingDetails", inTable: false) { Cell.list($0.missingDetails) },
        .init("requesterContacted") { Cell.date($0.requesterContactedOn) },
        .init("detailsReceived", inTable: false) { Cell.date($0.detailsReceivedOn) },
        .init("courtOrderDue", inTable: false) { Cell.date($0.courtOrderDueOn) },
        .init("clock", inTable: false) { $0.clock ?? "" },
        .init("due") { Cell.date($0.dueOn) },
        .init("disclosed") { Cell.date($0.disclosedOn) },
        .init("method") { $0.method ?? "" },
        .init("markedCopy") { Cell.bool($0.markedCopy) },
        .init("legalBasis") { $0.legalBasis ?? "" },
        .init("feePence", inTable: false) { Cell.int($0.feePence) },
        .init("refused", inTable: false) { Cell.date($0.refusedOn) },
        .init("outcome") { $0.outcome ?? "" },
        .init("onTime") { Cell.bool($0.onTime) },
        .init("status") { $0.status },
        .init("overdue") { Cell.bool($0.overdue) },
        .init("lateEntries", inTable: false) { Cell.int($0.lateEntries.count) },
        .init("officer") { $0.officer ?? "" },
    ]
}

/// The third-party register (the data protection policy Appendix 4).
public enum ThirdPartyRegister: RegisterReducer {
    public typealias Row = ThirdPartyRow
    public static let register = RegisterName.thirdParty

    public static func keys(for event: CaseEvent, context: ReducerContext) throws -> [String] {
        event.kind == .thirdPartyDisclosure ? [event.reference] : []
    }

    public static func apply(_ event: CaseEvent, to row: inout ThirdPartyRow?, key: String, context: ReducerContext) throws {
        try CaseFold.apply(event, to: &row, context: context, step: step)
    }

    /// The police form's details present in a payload's `police` object, by key (a sealed officer
    /// name is present as its sealed value).
    static func policeKeys(_ value: JSON?) -> Set<String> {
        Set((value?.objectValue ?? [:]).keys.map(\.string))
    }

    /// What a police request lacks, from the keys given so far (as the rules judge it).
    static func missing(keys: Set<String>, inWriting: Bool) -> [String] {
        PoliceRequestDetail.missing(given: PoliceRequestDetail.given(byFields: keys), inWriting: inWriting).map(\.rawValue)
    }

    static func step(_ e: CaseEvent, _ row: inout ThirdPartyRow?) {
        guard let type = EventType(rawValue: e.type) else { return }
        switch type {
        case .thirdPartyRequestReceived:
            let received = e.date("receivedAt") ?? e.occurredOn
            var r = ThirdPartyRow(reference: e.reference, receivedOn: received, requesterCategory: e.string("requesterCategory") ?? "other",
                                  requesterOrganisation: e.string("requesterOrganisation") ?? "", purpose: e.string("purpose") ?? "other",
                                  inWriting: e.bool("inWriting") ?? false)
            r.informationRequested = e.payload["informationRequested"].map(PersonalValue.init)
            r.dataSubject = e.payload["dataSubject"].map(PersonalValue.init)
            r.courtOrderDueOn = e.date("courtOrderDueOn")
            let given = policeKeys(e.payload["police"])
            r.policeDetailsGiven = given.isEmpty ? nil : given.sorted()
            r.missingDetails = r.requesterCategory == "police" ? missing(keys: given, inWriting: r.inWriting) : []
            row = r
        case .thirdPartyRequesterContacted:
            row?.requesterContactedOn = e.date("contactedOn")
        case .thirdPartyDetailsReceived:
            guard var r = row else { return }
            r.detailsReceivedOn = e.date("receivedOn")
            if let writing = e.bool("inWriting") { r.inWriting = writing }
            let given = Set(r.policeDetailsGiven ?? []).union(policeKeys(e.payload["police"]))
            r.policeDetailsGiven = given.isEmpty ? nil : given.sorted()
            if r.requesterCategory == "police" { r.missingDetails = missing(keys: given, inWriting: r.inWriting) }
            row = r
        case .thirdPartyInformationDisclosed:
            row?.disclosedOn = e.date("disclosedOn")
            row?.method = e.string("method")
            row?.markedCopy = e.bool("markedCopy")
            row?.legalBasis = e.string("legalBasis")
            row?.feePence = e.int("feePence")
        case .thirdPartyRequestRefused:
            row?.refusedOn = e.date("refusedOn")
        default: break
        }
    }
}
