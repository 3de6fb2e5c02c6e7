import Casework
import Foundation
import LedgerStore

/// How to cut a register into pages: which page, how many rows, the order, a search and the
/// case officer. The order is the register's reference order unless `sort` names a column.
public struct RegisterPageRequest: Sendable, Hashable {
    public static let defaultPageSize = 50
    public static let maxPageSize = 1000

    /// 1 for the first page.
    public var page: Int
    public var pageSize: Int
    /// A column name (`RegisterOutput.header`); nil: by reference.
    public var sort: String?
    public var descending: Bool
    /// Text to find, ignoring case, in the reference or the register's non-personal summary
    /// columns (the request's summary, an agreement's partner and purpose).
    public var search: String?
    /// Only the cases of this officer (the `officer` column), ignoring case.
    public var officer: String?

    public init(page: Int = 1, pageSize: Int = RegisterPageRequest.defaultPageSize, sort: String? = nil, descending: Bool = false,
                search: String? = nil, officer: String? = nil) {
        self.page = page
        self.pageSize = pageSize
        self.sort = sort
        self.descending = descending
        self.search = search
        self.officer = officer
    }

    /// Every row on one page, in reference order.
    public static let everything = RegisterPageRequest(pageSize: Int.max)
}

/// A step overdue on the day a register was judged, and by how much.
public struct OverdueStep: Sendable, Hashable {
    public var step: String
    public var dueOn: LocalDate
    /// Working days (home division) after the due day, through the day judged.
    public var workingDaysLate: Int

    /// "Overdue: response, 3 working days late".
    public var label: String {
        "Overdue: \(Labels.inSentence(Labels.value(step))), \(workingDaysLate) working day\(workingDaysLate == 1 ? "" : "s") late"
    }
}

/// One page of a register: the rows on it (`output`), how many matched in all, and what a page
/// needs to offer the next query (the filters' choices, the columns to sort by).
public struct RegisterPage: Sendable {
    public var register: RegisterName
    /// The page's rows only.
    public var output: RegisterOutput
    /// Rows matching the filters and the search, on every page.
    public var total: Int
    public var page: Int
    public var pageSize: Int
    /// For each row of `output`, the steps overdue on the day judged, soonest first.
    public var overdue: [[OverdueStep]]
    /// For each row of `output`, its cells for the columns `columns` names (the page's table).
    public var pageCells: [[String]]
    /// The columns a page shows: reference, the summary columns, service, the terminal table's
    /// columns and the officer.
    public var columns: [String]
    /// The values each filter of the register accepts.
    public var choices: [RegisterVocabulary.Dimension: [String]]
    /// The officers of the register's cases, sorted.
    public var officers: [String]

    public var pageCount: Int { total == 0 ? 1 : (total - 1) / max(1, pageSize) + 1 }
    /// The 1-based number of the first row shown (0 when none).
    public var firstRow: Int { total == 0 ? 0 : (page - 1) * pageSize + 1 }
    public var lastRow: Int { min(total, page * pageSize) }
}

extension RegisterPageRequest {
    /// The non-personal columns `search` looks in besides the reference.
    public static func searchColumns(_ register: RegisterName) -> [String] {
        switch register {
        case .foi, .disclosure: ["summary"]
        case .agreements: ["partner", "purpose"]
        case .thirdParty: ["purpose"]
        case .sar, .breach, .nearMiss, .complaints: []
        }
    }
}

extension RegisterRow {
    /// The case officer, for registers that keep one.
    var caseOfficer: String? { (self as? any CaseRow)?.officer }
}

extension RegisterSnapshot {
    /// One page of a register: its rows filtered, searched, sorted and cut to `request`'s page,
    /// evaluated against `today`, with personal values passed through `reveal`.
    ///
    /// - Throws: `LedgerError` `.invalidInput` naming every bad filter value with the values
    ///   allowed, a `from` after `to`, an unknown sort column, or a page past the last.
    public func page(_ register: RegisterName, filter: RegisterFilter = RegisterFilter(), request: RegisterPageRequest = RegisterPageRequest(),
                     today: LocalDate, calculator: DeadlineCalculator = DeadlineCalculator(),
                     reveal: (JSONValue) -> JSONValue = Reveal.redacted) throws -> RegisterPage {
        switch register {
        case .foi: try Self.paged(register, foi, filter, request, today, calculator, reveal)
        case .sar: try Self.paged(register, sar, filter, request, today, calculator, reveal)
        case .breach: try Self.paged(register, breach, filter, request, today, calculator, reveal)
        case .nearMiss: try Self.paged(register, nearMiss, filter, request, today, calculator, reveal)
        case .disclosure: try Self.paged(register, disclosure.filter(\.isListed).map { $0.publicRow() }, filter, request, today, calculator, reveal)
        case .thirdParty: try Self.paged(register, thirdParty, filter, request, today, calculator, reveal)
        case .agreements: try Self.paged(register, agreements, filter, request, today, calculator, reveal)
        case .complaints: try Self.paged(register, complaints, filter, request, today, calculator, reveal)
        }
    }

    private static func paged<Row: RegisterRow>(_ register: RegisterName, _ rows: [Row], _ filter: RegisterFilter, _ request: RegisterPageRequest,
                                                _ today: LocalDate, _ calculator: DeadlineCalculator,
                                                _ reveal: (JSONValue) -> JSONValue) throws -> RegisterPage {
        let listed = rows.filter(\.isListed)
        let facts = listed.map(\.filterFacts)
        let columns = Row.columns
        var problems = RegisterVocabulary.problems(in: filter, for: register, facts: facts)
        // A column by its name (`received`) or by its CSV header (`Received`), ignoring case.
        let sortColumn = request.sort.flatMap { name in
            columns.first { $0.name.caseInsensitiveCompare(name) == .orderedSame || Labels.field($0.name).caseInsensitiveCompare(name) == .orderedSame }
        }
        if let sort = request.sort, sortColumn == nil {
            problems.append("sort must be one of: \(columns.map(\.name).joined(separator: ", ")) (or its CSV header; not \"\(sort)\")")
        }
        if request.page < 1 { problems.append("page must be 1 or more (not \(request.page))") }
        if request.pageSize < 1 || (request.pageSize > RegisterPageRequest.maxPageSize && request.pageSize != Int.max) {
            problems.append("pageSize must be 1 to \(RegisterPageRequest.maxPageSize) (not \(request.pageSize))")
        }
        guard problems.isEmpty else { throw LedgerError(.invalidInput, problems.joined(separator: "; ")) }

        var selected = RegisterSnapshot().evaluated(listed, filter: filter, today: today, calculator: calculator)
        if let officer = request.officer?.trimmingCharacters(in: .whitespaces), !officer.isEmpty {
            selected = selected.filter { $0.caseOfficer?.caseInsensitiveCompare(officer) == .orderedSame }
        }
        if let needle = request.search?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased(), !needle.isEmpty {
            let searched = RegisterPageRequest.searchColumns(register).compactMap { name in columns.first { $0.name == name } }
            selected = selected.filter { row in
                row.reference.lowercased().contains(needle) || searched.contains { $0.value(row).lowercased().contains(needle) }
            }
        }
        if let sortColumn {
            let keys = selected.map { SortKey(sortColumn.value($0)) }
            let descending = request.descending
            let order = selected.indices.sorted { a, b in
                if keys[a] != keys[b] { return descending ? keys[b] < keys[a] : keys[a] < keys[b] }
                return selected[a].reference < selected[b].reference
            }
            selected = order.map { selected[$0] }
        } else if request.descending {
            selected.reverse()
        }
        let total = selected.count
        let pageSize = request.pageSize
        let pageCount = total == 0 ? 1 : (total - 1) / pageSize + 1
        if request.page > pageCount {
            throw LedgerError(.invalidInput, "page \(request.page) is past the last page (\(pageCount), \(total) row\(total == 1 ? "" : "s") of \(pageSize) a page): ask for page 1 to \(pageCount)")
        }
        let start = (request.page - 1) * pageSize
        let shown = Array(selected[start..<min(total, start + pageSize)]).map { $0.revealing(reveal) }
        let table = columns.filter(\.inTable)
        let home = calculator.calendar(for: nil as Division?)
        var pageColumnNames = ["reference"] + RegisterPageRequest.searchColumns(register)
        if columns.contains(where: { $0.name == "service" }) { pageColumnNames.append("service") }
        for c in table where !pageColumnNames.contains(c.name) { pageColumnNames.append(c.name) }
        let pageColumns = pageColumnNames.compactMap { name in columns.first { $0.name == name } }
        var choices: [RegisterVocabulary.Dimension: [String]] = [:]
        for d in RegisterVocabulary.dimensions(of: register) { choices[d] = RegisterVocabulary.values(d, of: register, facts: facts) }
        return RegisterPage(
            register: register,
            output: RegisterOutput(
                register: register,
                json: try shown.map { try JSONBridge.encode($0) },
                header: columns.map(\.name),
                cells: shown.map { row in columns.map { $0.value(row) } },
                tableHeader: table.map(\.name),
                tableCells: shown.map { row in table.map { $0.value(row) } }),
            total: total, page: request.page, pageSize: pageSize == Int.max ? max(total, 1) : pageSize,
            overdue: shown.map { row in
                row.dueSteps.filter { today > $0.dueOn }.sorted { $0.dueOn < $1.dueOn }.map {
                    OverdueStep(step: $0.step, dueOn: $0.dueOn, workingDaysLate: home.workingDays(after: $0.dueOn, through: today))
                }
            },
            pageCells: shown.map { row in pageColumns.map { $0.value(row) } },
            columns: pageColumns.map(\.name),
            choices: choices,
            officers: Array(Set(listed.compactMap(\.caseOfficer))).sorted())
    }
}

/// A cell as a sort key: numbers by value (before any text), everything else as text; empty
/// cells first.
struct SortKey: Comparable {
    let number: Double?
    let text: String

    init(_ cell: String) {
        text = cell
        number = cell.isEmpty ? nil : Double(cell)
    }

    static func < (a: SortKey, b: SortKey) -> Bool {
        switch (a.number, b.number) {
        case let (x?, y?): return x < y
        case (_?, nil): return !b.text.isEmpty
        case (nil, _?): return a.text.isEmpty
        default: return a.text < b.text
        }
    }
}

/// The decoded rows of the stored registers, kept between reads of the same committed state, so
/// that a page of a large register does not decode every row again. Rows are kept with personal
/// values sealed, as stored.
///
/// `@unchecked Sendable`: `entries` is only read or written while `lock` is held (a lock, not
/// `Mutex`, because the package supports macOS 14).
public final class RegisterRowCache: @unchecked Sendable {
    private struct Entry {
        var snapshot: LedgerSnapshot
        var rows: [any RegisterRow]
    }
    private let lock = NSLock()
    private var entries: [RegisterName: Entry] = [:]

    public init() {}

    func rows(_ name: RegisterName, at snapshot: LedgerSnapshot, load: () throws -> [any RegisterRow]) rethrows -> [any RegisterRow] {
        lock.lock()
        let hit = entries[name]
        lock.unlock()
        if let hit, hit.snapshot == snapshot { return hit.rows }
        let rows = try load()
        lock.lock()
        entries[name] = Entry(snapshot: snapshot, rows: rows)
        lock.unlock()
        return rows
    }
}

extension RegisterReader {
    /// One page of a register read at `asOf` (see `RegisterSnapshot.page`). The stored rows are
    /// decoded once per committed state when `cache` is given.
    public func page(_ name: RegisterName, in log: LogView, filter: RegisterFilter = RegisterFilter(),
                     request: RegisterPageRequest = RegisterPageRequest(), today: LocalDate, asOf: AsOf = .latest,
                     cache: RegisterRowCache? = nil, reveal: (JSONValue) -> JSONValue = Reveal.redacted) throws -> RegisterPage {
        guard asOf == .latest, try isCurrent(in: log) else {
            return try snapshot(in: log, asOf: asOf).page(name, filter: filter, request: request, today: today, calculator: calculator, reveal: reveal)
        }
        let kind = RegisterKind.named(name)
        let table = log.transaction.database(name.rowsTable)
        let load = { () throws -> [any RegisterRow] in
            var rows: [any RegisterRow] = []
            try log.transaction.scan(table) { _, value in
                rows.append(try kind.decode(value))
                return true
            }
            return rows
        }
        let rows = try cache.map { try $0.rows(name, at: log.transaction.snapshot, load: load) } ?? load()
        var s = RegisterSnapshot()
        s.set(name, rows)
        return try s.page(name, filter: filter, request: request, today: today, calculator: calculator, reveal: reveal)
    }
}
