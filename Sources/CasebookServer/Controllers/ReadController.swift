import Casework
import Foundation
import Hummingbird
import LedgerStore
import CasebookCore
import Registers

/// Reading: case timelines, registers, the due list, the compliance report and the deadline
/// calculator. The page controller calls the same functions, so pages and API agree.
struct ReadController {
    typealias Context = CasebookRequestContext
    let casebook: Casebook
    let configuration: CasebookServerConfiguration
    /// The register check: registers that failed it are not served.
    let integrity: RegisterIntegrity
    /// The stored registers' rows, decoded once per committed state for the pages and the API.
    let rowCache = RegisterRowCache()
    /// The compliance report last worked out, for the dashboard and the API to share while the
    /// log and the day stay the same.
    let complianceMemo = ReportMemo<ComplianceReport>()

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("cases/:reference/timeline", use: timeline)
        routes.get("registers/:name", use: register)
        routes.get("due", use: due)
        routes.get("reports/compliance", use: compliance)
        routes.get("reports/monitoring", use: monitoring)
        routes.get("reports/management", use: management)
        routes.get("reports/trends", use: trends)
        routes.get("reports/statistics", use: statistics)
        routes.post("deadline", use: deadline)
        routes.get("integrity", use: integrityStatus)
        routes.post("integrity/check", use: integrityCheck)
        return routes
    }

    // MARK: Timeline

    @Sendable func timeline(_ request: Request, context: Context) async throws -> Response {
        let reference = try context.parameters.require("reference")
        let entries = try timelineEntries(reference, query: Query(request), context: context)
        return JSONResponse.ok(.object([
            "case": .string(reference),
            "entries": .array(entries.map(Self.entryJSON)),
        ]))
    }

    static func entryJSON(_ e: TimelineEntry) -> JSONValue {
        guard case .object(var o) = e.json else { return e.json }
        o["inclusionProof"] = .string("/api/v1/proofs/inclusion?position=\(e.position)")
        return .object(o)
    }

    /// The case's entries for this reader: 400 bad reference, 401/403 by role, 404 unknown case.
    func timelineEntries(_ reference: String, query: Query, context: Context) throws -> [TimelineEntry] {
        let ref = try CaseReference(reference)
        let identity = try context.require("read \(ref.kind) cases") { AccessPolicy.mayReadCase(of: ref.kind, by: $0) }
        let through = try query.position("asOfPosition")
        let recordedBy = try query.day("asOf").map { day in
            Timestamp(milliseconds: Timestamp(day.adding(days: 1).startOfDay(in: LocalDate.londonTimeZone)).milliseconds - 1)
        }
        let entries = try casebook.timeline(ref.rawValue, throughPosition: through, recordedBy: recordedBy,
                                            access: AccessPolicy.personalData(for: identity))
        guard !entries.isEmpty else {
            throw APIError.notFound("no case \(ref) in the ledger" + (through == nil && recordedBy == nil ? "" : " at that point"))
        }
        return entries
    }

    // MARK: Registers

    /// A register query as the CLI's `casebook register` takes it.
    struct RegisterQuery: Sendable {
        var name: RegisterName
        var filter: RegisterFilter
        var asOf: AsOf
        var today: LocalDate
    }

    func registerQuery(_ name: String, _ query: Query) throws -> RegisterQuery {
        guard let register = RegisterName(rawValue: name) else {
            throw APIError.notFound("no register \"\(name)\"; the registers are \(RegisterName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let filter = RegisterFilter(
            status: try query.string("status"), overdue: try query.bool("overdue"), regime: try query.string("regime"),
            outcome: try query.string("outcome"), exemption: try query.string("exemption"), category: try query.string("category"),
            service: try query.string("service"), from: try query.day("from"), to: try query.day("to"),
            dueWithinWorkingDays: try query.int("dueWithin", in: 0...366))
        let position = try query.position("asOfPosition")
        let day = try query.day("asOf")
        if position != nil && day != nil { throw APIError.badRequest("give asOfPosition or asOf, not both", code: "invalidParameter") }
        let asOf: AsOf = position.map(AsOf.position) ?? day.map(AsOf.endOfDay) ?? .latest
        return RegisterQuery(name: register, filter: filter, asOf: asOf, today: try query.day("today") ?? configuration.today())
    }

    /// 401 for the public asking for a non-public register, 403 for a role without it.
    func authoriseRegister(_ register: RegisterName, context: Context) throws {
        guard AccessPolicy.mayRead(register, by: context.identity) else {
            if context.identity == nil { _ = try context.requireIdentity() }
            throw APIError.forbidden("a token with role \(context.identity.map { $0.role.rawValue } ?? "none") may not read the \(register) register")
        }
    }

    /// A register for a reader: personal values (kept sealed in the rows) are opened only for
    /// roles that may see them (`AccessPolicy.personalData`), `[redacted]` otherwise.
    func registerOutput(_ q: RegisterQuery, access: PersonalDataAccess) async throws -> RegisterOutput {
        let casebook = self.casebook
        return try await blocking {
            let reader = RegisterReader(calculator: casebook.deadlines)
            let reveal = casebook.reveal(access)
            return try casebook.ledger.read { log in
                try reader.rows(q.name, in: log, filter: q.filter, today: q.today, asOf: q.asOf, reveal: reveal)
            }
        }
    }

    @Sendable func register(_ request: Request, context: Context) async throws -> Response {
        let query = Query(request)
        let q = try registerQuery(try context.parameters.require("name"), query)
        try authoriseRegister(q.name, context: context)
        let format = try query.string("format") ?? "json"
        guard format == "json" || format == "csv" else {
            throw APIError.badRequest("format=\(format): choose json or csv", code: "invalidParameter")
        }
        _ = try Self.csvBody("", format: format, query)
        let request = try registerPageRequest(query, paged: false)
        try await integrity.require([q.name])
        if format == "csv", q.asOf == .latest, request.pageSize == .max,
           let selection = try await registerSelection(q, request: request) {
            return csvStream(selection, excel: try query.bool("excel") ?? false, access: AccessPolicy.personalData(for: context.identity),
                             fileName: "\(q.name.rawValue)-register-\(q.today.iso).csv")
        }
        let result = try await registerPage(q, request: request, access: AccessPolicy.personalData(for: context.identity))
        let output = result.output
        if format == "csv" {
            return JSONResponse.text(try Self.csvBody(output.csv, format: format, query), contentType: "text/csv; charset=utf-8", headers: [
                .contentDisposition: "attachment; filename=\"\(q.name.rawValue)-register-\(q.today.iso).csv\"",
            ])
        }
        return JSONResponse.ok(.object([
            "register": .string(q.name.rawValue), "today": .string(q.today.iso), "count": .int(Int64(output.json.count)),
            "rows": .array(output.json),
            "page": .int(Int64(result.page)), "pageSize": .int(Int64(result.pageSize)), "total": .int(Int64(result.total)),
        ]))
    }

    /// The rows a whole-register query selects, from the row cache; nil when the tables are
    /// behind the log (the page path replays it).
    func registerSelection(_ q: RegisterQuery, request: RegisterPageRequest) async throws -> RegisterSelection? {
        let casebook = self.casebook
        let cache = self.rowCache
        do {
            return try await blocking {
                let reader = RegisterReader(calculator: casebook.deadlines)
                return try casebook.ledger.read { log in
                    try reader.selection(q.name, in: log, filter: q.filter, request: request, today: q.today, cache: cache)
                }
            }
        } catch let e as LedgerError where e.code == .invalidInput {
            throw APIError.badRequest(e.message, code: "invalidParameter")
        }
    }

    /// A register as CSV written to the client 2,000 rows at a time (the header line in words,
    /// `RegisterOutput.csvHeader`), so a register of 100,000 rows is never held as one string.
    /// `excel`: the byte order mark first (`CSV.excel`; the records already end in CRLF).
    func csvStream(_ selection: RegisterSelection, excel: Bool, access: PersonalDataAccess, fileName: String) -> Response {
        let casebook = self.casebook
        let body = ResponseBody { writer in
            let reveal = casebook.reveal(access)
            var head = excel ? CSV.byteOrderMark : ""
            head += CSV.render([RegisterOutput.csvHeader(selection.header)])
            try await writer.write(ByteBuffer(string: head))
            var start = 0
            while start < selection.count {
                let end = min(selection.count, start + 2000)
                try await writer.write(ByteBuffer(string: CSV.render(selection.cells(start..<end, reveal: reveal))))
                start = end
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(fileName)\"",
        ], body: body)
    }

    // MARK: Due list

    func dueItems(within: Int, today: LocalDate, identity: Identity?) async throws -> [DueItem] {
        let casebook = self.casebook
        let items = try await blocking {
            let reader = RegisterReader(calculator: casebook.deadlines)
            return try casebook.ledger.read { log in try reader.dueList(in: log, within: within, today: today) }
        }
        return items.filter { item in
            guard let register = RegisterName(rawValue: item.register) else { return false }
            return AccessPolicy.mayRead(register, by: identity)
        }
    }

    @Sendable func due(_ request: Request, context: Context) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = Query(request)
        let within = try query.int("within", in: 0...366) ?? 5
        let today = try query.day("today") ?? configuration.today()
        try await integrity.require(RegisterName.allCases)
        let items = try await dueItems(within: within, today: today, identity: identity)
        return JSONResponse.ok(.object([
            "today": .string(today.iso), "within": .int(Int64(within)), "items": try DueItem.json(items),
        ]))
    }

    // MARK: Compliance report

    func complianceReport(period: ReportPeriod, today: LocalDate) async throws -> ComplianceReport {
        let position = try await blocking { [casebook] in try casebook.ledger.read { try $0.size() } }
        let key = ReportMemo<ComplianceReport>.Key(logSize: position, today: today, period: period)
        if let hit = complianceMemo.value(for: key) { return hit }
        let snapshot = try await snapshotForReports()
        let report = ComplianceReport(period: period, snapshot: snapshot, today: today)
        // Keyed by the size of the log the snapshot reflects, not the one read above: an append in between is not mistaken for it.
        complianceMemo.store(report, for: .init(logSize: snapshot.position.map { $0 + 1 } ?? 0, today: today, period: period))
        return report
    }

    @Sendable func compliance(_ request: Request, context: Context) async throws -> Response {
        _ = try context.requireIdentity()
        let query = Query(request)
        let today = try query.day("today") ?? configuration.today()
        let text = try query.string("period") ?? String(today.year)
        guard let period = ReportPeriod(text), (1900...2200).contains(period.from.year) else {
            throw APIError.badRequest("period=\(text) is not a period; write 2026 (calendar year), fy2025 (April 2025–March 2026), 2026-Q1 or 2026-03", code: "invalidParameter")
        }
        let format = try query.string("format") ?? "json"
        let report = try await complianceReport(period: period, today: today)
        switch format {
        case "json": return JSONResponse.ok(try report.json())
        case "svg": return JSONResponse.text(report.svgChart, contentType: "image/svg+xml; charset=utf-8")
        default: throw APIError.badRequest("format=\(format): choose json or svg", code: "invalidParameter")
        }
    }

    // MARK: Register integrity

    /// The register check's state: checking, ok, or failed with the first difference.
    @Sendable func integrityStatus(_ request: Request, context: Context) async throws -> Response {
        _ = try context.requireIdentity()
        return JSONResponse.ok(integrity.json)
    }

    /// Runs the register check again (after a rebuild or a restore), in the background: 202.
    @Sendable func integrityCheck(_ request: Request, context: Context) async throws -> Response {
        _ = try context.requireIdentity()
        integrity.start()
        return JSONResponse.ok(.object(["status": .string("checking")]), status: .accepted)
    }

    // MARK: Deadline calculator

    @Sendable func deadline(_ request: Request, context: Context) async throws -> Response {
        _ = try context.requireIdentity()
        let bytes = try await request.bodyBytes(limit: 64 * 1024)
        // `extended` defaults to false here (the library type requires it).
        var body: JSONValue
        do { body = try JSONValue.parse(bytes) } catch {
            throw APIError.badRequest("the body is not valid JSON: \(error)", code: "invalidJSON")
        }
        guard case .object(var members) = body else {
            throw APIError.badRequest("the body must be a JSON object such as {\"clock\": \"foia\", \"received\": \"2026-01-05\"}, not \(body.typeName)", code: "invalidInput")
        }
        if members["extended"] == nil { members["extended"] = .bool(false) }
        body = .object(members)
        let question: DeadlineRequest
        do { question = try JSONDecoder().decode(DeadlineRequest.self, from: Data(body.canonicalBytes())) } catch let e as DecodingError {
            throw APIError.from(e, request: request, context: context)
        } catch {
            throw APIError.badRequest("the body is not valid JSON: \(error)", code: "invalidJSON")
        }
        for (name, value) in [("received", question.received), ("clarified", question.clarified), ("feeNotice", question.feeNotice), ("feePaid", question.feePaid)] {
            guard let value else { continue }
            let year = LocalDate(iso: value)?.year ?? DeadlineMoment.parseRFC3339(value).map { LocalDate($0).year }
            guard let year else { throw APIError.badRequest("\(name) \"\(value)\" is not a date (YYYY-MM-DD) or a date-time (2026-01-05T09:30:00Z)", code: "invalidDeadlineRequest") }
            guard (1990...2150).contains(year) else { throw APIError.badRequest("\(name) \(value) is outside the years the calendar covers (1990–2150)", code: "invalidDeadlineRequest") }
        }
        let result = try question.evaluate(with: casebook.deadlines)
        return try JSONResponse.encodable(result)
    }
}

/// One report kept for the log's size, the day and the period it was worked out for: the
/// registers are a function of the log, so a report of the same log on the same day is the same.
///
/// `@unchecked Sendable`: `entry` is only read or written while `lock` is held.
final class ReportMemo<Report: Sendable>: @unchecked Sendable {
    struct Key: Hashable, Sendable {
        var logSize: UInt64
        var today: LocalDate
        var period: ReportPeriod
    }
    private let lock = NSLock()
    private var entry: (key: Key, report: Report)?

    func value(for key: Key) -> Report? {
        lock.lock(); defer { lock.unlock() }
        return entry?.key == key ? entry?.report : nil
    }

    func store(_ report: Report, for key: Key) {
        lock.lock(); defer { lock.unlock() }
        entry = (key, report)
    }
}
