import Casework
import Foundation
import LedgerStore

/// One entry of the public disclosure log. Built only from fields that are public by design
/// (summary, outcome, exemptions, documents): never the requester's identity or contact details.
///
/// A row exists for every answered request, but is listed only once `PublishedToDisclosureLog`
/// is recorded: publication is an officer's decision (what to publish, after redaction), so a
/// response alone never puts anything on the public log.
public struct DisclosureRow: CaseRow {
    public var reference: String
    public var regime: String
    public var summary: String
    public var respondedOn: LocalDate?
    public var outcome: String?
    public var exemptions: [String] = []
    /// The published documents (the response's released documents when the publication names none).
    public var documents: [DocumentRecord] = []
    public var publishedOn: LocalDate?
    public var url: String?
    /// The day the entry was withdrawn from the log (`PublicationWithdrawn`) and not published
    /// again since: the public log then shows only the reference, the dates and this day.
    public var withdrawnOn: LocalDate?
    var responseDocuments: [DocumentRecord]?
    var publishedDocuments: [DocumentRecord]?
    var lateEntries: [LateEntry] = []
    var correctedFields: [String] = []
    /// The public log names no officer.
    var officer: String? { get { nil } set {} }

    enum CodingKeys: String, CodingKey {
        case reference, regime, summary, respondedOn, outcome, exemptions, documents, publishedOn, url, withdrawnOn
        case responseDocuments, publishedDocuments
    }

    public init(reference: String, regime: String, summary: String) {
        self.reference = reference
        self.regime = regime
        self.summary = summary
    }

    public var isListed: Bool { publishedOn != nil }

    mutating func recompute(_ context: ReducerContext) {
        documents = (publishedDocuments ?? []).isEmpty ? (responseDocuments ?? []) : (publishedDocuments ?? [])
        lateEntries = []  // the public log shows no audit columns
        correctedFields = []
    }

    public func evaluated(today: LocalDate, calculator: DeadlineCalculator) -> DisclosureRow { self }

    public var filterFacts: FilterFacts {
        FilterFacts(status: publishedOn == nil ? "unpublished" : withdrawnOn != nil ? "withdrawn" : "published", regime: regime, outcome: outcome, exemptions: exemptions,
                    categories: [], service: nil, date: respondedOn, nextDueOn: nil, overdue: false)
    }

    /// The public JSON form: internal working columns removed.
    func publicRow() -> DisclosureRow {
        var row = self
        row.responseDocuments = nil
        row.publishedDocuments = nil
        if let withdrawn = row.withdrawnOn {
            // Withdrawn material is never shown again: no summary, outcome, exemptions, documents or link.
            row.summary = Self.withdrawnSummary(withdrawn)
            row.outcome = nil
            row.exemptions = []
            row.documents = []
            row.url = nil
        }
        return row
    }

    /// What the public log says in place of a withdrawn entry's summary.
    public static func withdrawnSummary(_ day: LocalDate) -> String { "Withdrawn from the disclosure log on \(day.iso)." }

    public static let columns: [RegisterColumn<DisclosureRow>] = [
        .init("reference") { $0.reference },
        .init("regime", inTable: false) { $0.regime },
        .init("responseDate") { Cell.date($0.respondedOn) },
        .init("summary") { $0.summary },
        .init("outcome") { $0.outcome ?? "" },
        .init("exemptions") { Cell.list($0.exemptions) },
        .init("documents") { Cell.list($0.documents.map { "\($0.title) (sha256:\($0.sha256))" }) },
        .init("published") { Cell.date($0.publishedOn) },
        .init("url", inTable: false) { $0.url ?? "" },
        .init("withdrawn") { Cell.date($0.withdrawnOn) },
    ]
}

/// The public disclosure log (the FOI policy "Create and publish a Disclosure Log").
public enum DisclosureLog: RegisterReducer {
    public typealias Row = DisclosureRow
    public static let register = RegisterName.disclosure

    public static func keys(for event: CaseEvent, context: ReducerContext) throws -> [String] {
        event.kind == .request ? [event.reference] : []
    }

    public static func apply(_ event: CaseEvent, to row: inout DisclosureRow?, key: String, context: ReducerContext) throws {
        try CaseFold.apply(event, to: &row, context: context, step: step)
    }

    static func step(_ e: CaseEvent, _ row: inout DisclosureRow?) {
        guard let type = EventType(rawValue: e.type) else { return }
        switch type {
        case .requestReceived:
            var r = row ?? DisclosureRow(reference: e.reference, regime: "foia", summary: "")
            r.regime = e.string("regime") ?? r.regime
            r.summary = e.string("summary") ?? r.summary
            row = r
        case .clarificationReceived:
            if let revised = e.string("revisedSummary") { row?.summary = revised }
        case .responseSent:
            if row?.respondedOn == nil { row?.respondedOn = e.date("sentAt") }
            row?.outcome = e.string("outcome")
            row?.exemptions = e.strings("exemptions")
            row?.responseDocuments = DocumentRecord.list(e.payload["documents"])
        case .publishedToDisclosureLog:
            row?.publishedOn = e.date("publishedOn")
            row?.url = e.string("url")
            row?.publishedDocuments = DocumentRecord.list(e.payload["documents"])
            row?.withdrawnOn = nil
        case .publicationWithdrawn:
            if row?.publishedOn != nil { row?.withdrawnOn = e.date("withdrawnOn") }
        default: break
        }
    }
}
