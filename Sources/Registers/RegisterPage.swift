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
        func prepared<Row: RegisterRow>(_ rows: [Row]) -> PreparedRegister<Row> {
            PreparedRegister(register, rows: rows.compactMap { PreparedRegister<Row>.listedAndEvaluated($0, register, today, calculator) }
                .sorted { $0.reference < $1.reference })
        }
        switch register {
        case .foi: return try prepared(foi).page(filter, request, today, calculator, reveal)
        case .sar: return try prepared(sar).page(filter, request, today, calculator, reveal)
        case .breach: return try prepared(breach).page(filter, request, today, calculator, reveal)
        case .nearMiss: return try prepared(nearMiss).page(filter, request, today, calculator, reveal)
        case .disclosure: return try prepared(disclosure).page(filter, request, today, calculator, reveal)
        case .thirdParty: return try prepared(thirdParty).page(filter, request, today, calculator, reveal)
        case .agreements: return try prepared(agreements).page(filter, request, today, calculator, reveal)
        case .complaints: return try prepared(complaints).page(filter, request, today, calculator, reveal)
        }
    }
}

/// A register's listed rows evaluated for one day, in reference order, with what every page of it
/// needs worked out once: the filter facts, the filters' choices, the officers, and (on first use)
/// the text search looks in and the order of each sort column. A page is then a pass over the
/// facts and a slice: no row is decoded, evaluated or sorted again for it.
///
/// `@unchecked Sendable`: everything is immutable after `init` except the lazily built search
/// texts and sort orders, which are only read or written while `lock` is held.
final class PreparedRegister<Row: RegisterRow>: @unchecked Sendable {
    let register: RegisterName
    let rows: [Row]
    let facts: [FilterFacts]
    let choices: [RegisterVocabulary.Dimension: [String]]
    let officers: [String]
    private let lock = NSLock()
    private var searchTexts: [[UInt8]]?
    /// Per sort column and direction: each row's key, and the rows' indices in that order.
    private var orders: [String: (keys: [SortKey], order: [Int])] = [:]

    init(_ register: RegisterName, rows: [Row]) {
        self.register = register
        self.rows = rows
        let facts = rows.map(\.filterFacts)
        self.facts = facts
        var choices: [RegisterVocabulary.Dimension: [String]] = [:]
        for d in RegisterVocabulary.dimensions(of: register) { choices[d] = RegisterVocabulary.values(d, of: register, facts: facts) }
        self.choices = choices
        self.officers = Array(Set(rows.compactMap(\.caseOfficer))).sorted()
    }

    /// The register after a write: `rows` (reference order) where only the rows named in
    /// `changed` differ from `previous`'s (or are new); the rest keep their facts, search text,
    /// sort keys and place in every sort order, and the changed ones are placed by binary search,
    /// so a write costs a pass over the rows, not a sort.
    init(_ register: RegisterName, rows: [Row], after previous: PreparedRegister<Row>, changed: Set<String>) {
        self.register = register
        self.rows = rows
        // Both arrays are in reference order: walk them together.
        var newToOld = [Int](repeating: -1, count: rows.count)
        var oldToNew = [Int](repeating: -1, count: previous.rows.count)
        var j = 0
        for (i, row) in rows.enumerated() {
            while j < previous.rows.count && previous.rows[j].reference < row.reference { j += 1 }
            if j < previous.rows.count, previous.rows[j].reference == row.reference {
                if !changed.contains(row.reference) { newToOld[i] = j; oldToNew[j] = i }
                j += 1
            }
        }
        let facts = rows.indices.map { newToOld[$0] >= 0 ? previous.facts[newToOld[$0]] : rows[$0].filterFacts }
        self.facts = facts
        var choices: [RegisterVocabulary.Dimension: [String]] = [:]
        for d in RegisterVocabulary.dimensions(of: register) { choices[d] = RegisterVocabulary.values(d, of: register, facts: facts) }
        self.choices = choices
        self.officers = Array(Set(rows.compactMap(\.caseOfficer))).sorted()
        previous.lock.lock()
        let oldTexts = previous.searchTexts
        let oldOrders = previous.orders
        previous.lock.unlock()
        if let oldTexts {
            searchTexts = rows.indices.map { newToOld[$0] >= 0 ? oldTexts[newToOld[$0]] : Self.searchText(rows[$0], register) }
        }
        for (name, old) in oldOrders {
            let parts = name.split(separator: ":")
            guard parts.count == 2, let column = Row.columns.first(where: { $0.name == parts[0] }) else { continue }
            let descending = parts[1] == "desc"
            let keys = rows.indices.map { newToOld[$0] >= 0 ? old.keys[newToOld[$0]] : SortKey(column.value(rows[$0])) }
            var order = old.order.compactMap { oldToNew[$0] >= 0 ? oldToNew[$0] : nil }
            func before(_ a: Int, _ b: Int) -> Bool {
                let (x, y) = descending ? (keys[b], keys[a]) : (keys[a], keys[b])
                if x < y { return true }
                if y < x { return false }
                return a < b
            }
            for i in rows.indices where newToOld[i] < 0 {
                var lo = 0, hi = order.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if before(order[mid], i) { lo = mid + 1 } else { hi = mid }
                }
                order.insert(i, at: lo)
            }
            orders[name] = (keys, order)
        }
    }

    /// The lower-cased UTF-8 `search` looks in: the reference and the register's summary columns.
    static func searchText(_ row: Row, _ register: RegisterName) -> [UInt8] {
        let searched = RegisterPageRequest.searchColumns(register).compactMap { name in Row.columns.first { $0.name == name } }
        return Array(([row.reference] + searched.map { $0.value(row) }).joined(separator: "\u{1F}").lowercased().utf8)
    }

    /// Whether `needle` occurs in `haystack`, bytes compared (both lower-cased UTF-8).
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        let first = needle[0], last = haystack.count - needle.count
        var i = 0
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// `row` as a page shows it on `today` (the disclosure log's public form), or nil when the
    /// register does not list it.
    static func listedAndEvaluated(_ row: Row, _ register: RegisterName, _ today: LocalDate, _ calculator: DeadlineCalculator) -> Row? {
        guard row.isListed else { return nil }
        var shown = row
        if register == .disclosure, let published = row as? DisclosureRow, let open = published.publicRow() as? Row { shown = open }
        guard shown.isListed else { return nil }
        return shown.evaluated(today: today, calculator: calculator)
    }

    /// The lower-cased text `search` looks in, per row: the reference and the register's summary columns.
    private func texts() -> [[UInt8]] {
        lock.lock(); defer { lock.unlock() }
        if let searchTexts { return searchTexts }
        let made = rows.map { Self.searchText($0, register) }
        searchTexts = made
        return made
    }

    /// The rows' indices ordered by `column` (ties in reference order), ascending or descending.
    private func order(_ column: RegisterColumn<Row>, descending: Bool) -> [Int] {
        let key = column.name + (descending ? ":desc" : ":asc")
        lock.lock()
        if let cached = orders[key] { lock.unlock(); return cached.order }
        lock.unlock()
        let keys = rows.map { SortKey(column.value($0)) }
        // The rows are in reference order, so a stable sort by the key alone breaks ties by reference.
        let order = Array(rows.indices).stableSorted { a, b in descending ? keys[b] < keys[a] : keys[a] < keys[b] }
        lock.lock()
        orders[key] = (keys, order)
        lock.unlock()
        return order
    }

    /// The indices of the rows `filter` and `request` select (search, officer), in the order
    /// asked for, every page together; a bad filter value or sort column throws.
    func selection(_ filter: RegisterFilter, _ request: RegisterPageRequest, _ today: LocalDate,
                   _ calculator: DeadlineCalculator) throws -> [Int] {
        let columns = Row.columns
        var problems = RegisterVocabulary.problems(in: filter, for: register, choices: choices)
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

        var keep = [Bool](repeating: true, count: rows.count)
        if !filter.isEmpty {
            let matches = filter.matcher(today: today, calculator: calculator)
            for i in rows.indices where !matches(facts[i]) { keep[i] = false }
        }
        if let officer = request.officer?.trimmingCharacters(in: .whitespaces), !officer.isEmpty {
            for i in rows.indices where keep[i] && !RegisterFilter.same(rows[i].caseOfficer, officer) { keep[i] = false }
        }
        if let needle = request.search?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased(), !needle.isEmpty {
            let texts = texts()
            let bytes = Array(needle.utf8)
            for i in rows.indices where keep[i] && !Self.contains(texts[i], bytes) { keep[i] = false }
        }
        if let sortColumn {
            return order(sortColumn, descending: request.descending).filter { keep[$0] }
        }
        let inOrder = rows.indices.filter { keep[$0] }
        return request.descending ? inOrder.reversed() : inOrder
    }

    func page(_ filter: RegisterFilter, _ request: RegisterPageRequest, _ today: LocalDate, _ calculator: DeadlineCalculator,
              _ reveal: (JSONValue) -> JSONValue) throws -> RegisterPage {
        let columns = Row.columns
        let selected = try selection(filter, request, today, calculator)
        let total = selected.count
        let pageSize = request.pageSize
        let pageCount = total == 0 ? 1 : (total - 1) / pageSize + 1
        if request.page > pageCount {
            throw LedgerError(.invalidInput, "page \(request.page) is past the last page (\(pageCount), \(total) row\(total == 1 ? "" : "s") of \(pageSize) a page): ask for page 1 to \(pageCount)")
        }
        let start = (request.page - 1) * pageSize
        let shown = selected[start..<min(total, start + pageSize)].map { rows[$0].revealing(reveal) }
        let table = columns.filter(\.inTable)
        let home = calculator.calendar(for: nil as Division?)
        var pageColumnNames = ["reference"] + RegisterPageRequest.searchColumns(register)
        if columns.contains(where: { $0.name == "service" }) { pageColumnNames.append("service") }
        for c in table where !pageColumnNames.contains(c.name) { pageColumnNames.append(c.name) }
        let pageColumns = pageColumnNames.compactMap { name in columns.first { $0.name == name } }
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
            officers: officers)
    }
}

extension Array {
    /// The elements sorted by `areInIncreasingOrder`, equal elements kept in their order (a merge sort).
    func stableSorted(by areInIncreasingOrder: (Element, Element) -> Bool) -> [Element] {
        guard count > 1 else { return self }
        var a = self
        var b = self
        var width = 1
        while width < count {
            var i = 0
            while i < count {
                let mid = Swift.min(i + width, count), end = Swift.min(i + 2 * width, count)
                var l = i, r = mid, k = i
                while l < mid && r < end {
                    if areInIncreasingOrder(a[r], a[l]) { b[k] = a[r]; r += 1 } else { b[k] = a[l]; l += 1 }
                    k += 1
                }
                while l < mid { b[k] = a[l]; l += 1; k += 1 }
                while r < end { b[k] = a[r]; r += 1; k += 1 }
                i += 2 * width
            }
            swap(&a, &b)
            width *= 2
        }
        return a
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

extension RegisterFilter {
    /// Whether the filter lets every row through.
    var isEmpty: Bool { self == RegisterFilter() }
}

/// The stored registers' rows, decoded and evaluated, kept between reads so that a page of a
/// large register costs a pass over its facts, not a decode of every row.
///
/// Exact, never stale: a read at a committed state the cache has not seen scans the register's
/// table once and compares every stored row's bytes with those it holds; only rows whose bytes
/// changed are decoded (and evaluated) again. Evaluations are kept for one day (`today`) at a
/// time. One cache serves one ledger and one deadline calculator.
///
/// `@unchecked Sendable`: `entries` is only read or written while `lock` is held; each entry
/// locks itself.
public final class RegisterRowCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [RegisterName: any CachedRegisterEntry] = [:]

    public init() {}

    private func entry(_ name: RegisterName) -> any CachedRegisterEntry {
        lock.lock(); defer { lock.unlock() }
        if let e = entries[name] { return e }
        let e = RegisterKind.named(name).makeCache()
        entries[name] = e
        return e
    }

    /// One page of a stored register as of `log`'s committed state (the caller has checked the
    /// tables are current).
    func page(_ name: RegisterName, in log: LogView, filter: RegisterFilter, request: RegisterPageRequest, today: LocalDate,
              calculator: DeadlineCalculator, reveal: (JSONValue) -> JSONValue) throws -> RegisterPage {
        try entry(name).page(in: log, filter: filter, request: request, today: today, calculator: calculator, reveal: reveal)
    }

    /// The rows of a stored register `filter` and `request` select (every page), as of `log`'s
    /// committed state (the caller has checked the tables are current).
    func selection(_ name: RegisterName, in log: LogView, filter: RegisterFilter, request: RegisterPageRequest, today: LocalDate,
                   calculator: DeadlineCalculator) throws -> RegisterSelection {
        try entry(name).selection(in: log, filter: filter, request: request, today: today, calculator: calculator)
    }

    /// Every stored register's rows as of `log`'s committed state, as `RegisterReader.snapshot`
    /// reads them (the caller has checked the tables are current).
    func snapshot(in log: LogView) throws -> RegisterSnapshot {
        var s = RegisterSnapshot()
        for name in RegisterName.allCases { try entry(name).store(into: &s, from: log) }
        let size = try log.size()
        s.position = size == 0 ? nil : size - 1
        return s
    }
}

/// The rows of one register that a query selects, in order, every page together, held so that
/// they can be written out a piece at a time (a CSV streamed to the client) without building the
/// whole answer in memory. The rows are those of one committed state, evaluated for one day.
public struct RegisterSelection: Sendable {
    public let register: RegisterName
    /// Rows selected.
    public let count: Int
    /// The CSV columns' machine names (`RegisterOutput.header`).
    public let header: [String]
    private let cellsOf: @Sendable (Range<Int>, (JSONValue) -> JSONValue) -> [[String]]

    init<Row: RegisterRow>(_ prepared: PreparedRegister<Row>, indices: [Int]) {
        register = prepared.register
        count = indices.count
        header = Row.columns.map(\.name)
        cellsOf = { range, reveal in
            indices[range].map { i in
                let row = prepared.rows[i].revealing(reveal)
                return Row.columns.map { $0.value(row) }
            }
        }
    }

    /// The CSV cells (all columns) of the selected rows in `range`, personal values through `reveal`.
    public func cells(_ range: Range<Int>, reveal: (JSONValue) -> JSONValue) -> [[String]] {
        cellsOf(range.clamped(to: 0..<count), reveal)
    }
}

protocol CachedRegisterEntry: AnyObject, Sendable {
    func selection(in log: LogView, filter: RegisterFilter, request: RegisterPageRequest, today: LocalDate,
                   calculator: DeadlineCalculator) throws -> RegisterSelection
    func page(in log: LogView, filter: RegisterFilter, request: RegisterPageRequest, today: LocalDate,
              calculator: DeadlineCalculator, reveal: (JSONValue) -> JSONValue) throws -> RegisterPage
    func store(into snapshot: inout RegisterSnapshot, from log: LogView) throws
}

/// One register's cached rows. `@unchecked Sendable`: every field is only read or written while
/// `lock` is held; a `PreparedRegister` handed out is never changed afterwards (but for its own
/// locked lazy parts).
final class CachedRegister<Row: RegisterRow>: CachedRegisterEntry, @unchecked Sendable {
    let name: RegisterName
    /// Where a snapshot holds this register's rows.
    private let into: WritableKeyPath<RegisterSnapshot, [Row]>
    private let lock = NSLock()
    private var snapshot: LedgerSnapshot?
    /// The stored rows in key order: key, stored bytes, decoded row.
    private var keys: [[UInt8]] = []
    private var bytes: [[UInt8]] = []
    private var rows: [Row] = []
    /// Each stored row as a page shows it on `day` (nil: not listed), when `day` is set.
    private var day: LocalDate?
    private var shown: [Row?] = []
    private var changedSinceShown = true
    /// The references whose stored row changed since `prepared` was made (nil: start again).
    private var changedReferences: Set<String>? = []
    private var prepared: PreparedRegister<Row>?

    init(_ name: RegisterName, into: WritableKeyPath<RegisterSnapshot, [Row]>) {
        self.name = name
        self.into = into
    }

    /// Brings the decoded rows to `log`'s committed state. Called with `lock` held.
    private func refresh(_ log: LogView) throws {
        let now = log.transaction.snapshot
        if now == snapshot { return }
        let kind = RegisterKind.named(name)
        var newKeys: [[UInt8]] = [], newBytes: [[UInt8]] = [], newRows: [Row] = [], newShown: [Row?] = []
        newKeys.reserveCapacity(keys.count); newBytes.reserveCapacity(keys.count); newRows.reserveCapacity(keys.count)
        let keepShown = day != nil
        var j = 0
        var changed = false
        try log.transaction.scan(log.transaction.database(name.rowsTable)) { key, value in
            while j < keys.count && Self.order(keys[j], key) < 0 { j += 1; changed = true; changedReferences = nil }  // a row deleted
            if j < keys.count, Self.order(keys[j], key) == 0, Self.order(bytes[j], value) == 0 {
                newKeys.append(keys[j]); newBytes.append(bytes[j]); newRows.append(rows[j])
                if keepShown { newShown.append(shown[j]) }
                j += 1
            } else {
                let k = Array(key)
                if j < keys.count, keys[j] == k { j += 1 }
                changed = true
                changedReferences?.insert(String(decoding: k, as: UTF8.self))
                guard let row = try kind.decode(value) as? Row else {
                    throw LedgerError(.corrupted, "a row of the \(name) register is not a \(Row.self); run `casebook rebuild`")
                }
                newKeys.append(k); newBytes.append(Array(value)); newRows.append(row)
                if keepShown, let day { newShown.append(PreparedRegister<Row>.listedAndEvaluated(row, name, day, calculatorInUse!)) }
            }
            return true
        }
        if j < keys.count { changed = true; changedReferences = nil }
        keys = newKeys; bytes = newBytes; rows = newRows
        if keepShown { shown = newShown }
        snapshot = now
        if changed { changedSinceShown = true }
    }

    /// Negative, zero or positive as `a` sorts before, with or after `b`, bytes compared as LMDB
    /// orders keys (memcmp, then the shorter first).
    static func order(_ a: [UInt8], _ b: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, b.count)
        if n > 0 {
            let c = a.withUnsafeBytes { memcmp($0.baseAddress!, b.baseAddress!, n) }
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }

    /// The calculator the evaluations in `shown` were made with.
    private var calculatorInUse: DeadlineCalculator?

    /// The register prepared for `today` at `log`'s committed state.
    private func prepared(in log: LogView, today: LocalDate, calculator: DeadlineCalculator) throws -> PreparedRegister<Row> {
        lock.lock()
        defer { lock.unlock() }
        if day != today { day = nil; shown = []; prepared = nil; changedReferences = []; calculatorInUse = calculator }
        try refresh(log)
        if day == nil {
            shown = rows.map { PreparedRegister<Row>.listedAndEvaluated($0, name, today, calculator) }
            day = today
            changedSinceShown = true
        }
        if changedSinceShown || prepared == nil {
            if let previous = prepared, let changed = changedReferences {
                prepared = PreparedRegister(name, rows: shown.compactMap { $0 }, after: previous, changed: changed)
            } else {
                prepared = PreparedRegister(name, rows: shown.compactMap { $0 })
            }
            changedSinceShown = false
            changedReferences = []
        }
        return prepared!
    }

    func page(in log: LogView, filter: RegisterFilter, request: RegisterPageRequest, today: LocalDate,
              calculator: DeadlineCalculator, reveal: (JSONValue) -> JSONValue) throws -> RegisterPage {
        try prepared(in: log, today: today, calculator: calculator).page(filter, request, today, calculator, reveal)
    }

    func selection(in log: LogView, filter: RegisterFilter, request: RegisterPageRequest, today: LocalDate,
                   calculator: DeadlineCalculator) throws -> RegisterSelection {
        let ready = try prepared(in: log, today: today, calculator: calculator)
        return RegisterSelection(ready, indices: try ready.selection(filter, request, today, calculator))
    }

    func store(into snapshot: inout RegisterSnapshot, from log: LogView) throws {
        lock.lock(); defer { lock.unlock() }
        try refresh(log)
        snapshot[keyPath: into] = rows
    }
}

extension RegisterReader {
    /// One page of a register read at `asOf` (see `RegisterSnapshot.page`). With `cache`, the
    /// stored rows are decoded and evaluated once and kept (`RegisterRowCache`).
    public func page(_ name: RegisterName, in log: LogView, filter: RegisterFilter = RegisterFilter(),
                     request: RegisterPageRequest = RegisterPageRequest(), today: LocalDate, asOf: AsOf = .latest,
                     cache: RegisterRowCache? = nil, reveal: (JSONValue) -> JSONValue = Reveal.redacted) throws -> RegisterPage {
        guard asOf == .latest, try isCurrent(in: log) else {
            return try snapshot(in: log, asOf: asOf).page(name, filter: filter, request: request, today: today, calculator: calculator, reveal: reveal)
        }
        if let cache {
            return try cache.page(name, in: log, filter: filter, request: request, today: today, calculator: calculator, reveal: reveal)
        }
        let kind = RegisterKind.named(name)
        var rows: [any RegisterRow] = []
        try log.transaction.scan(log.transaction.database(name.rowsTable)) { _, value in
            rows.append(try kind.decode(value))
            return true
        }
        var s = RegisterSnapshot()
        s.set(name, rows)
        return try s.page(name, filter: filter, request: request, today: today, calculator: calculator, reveal: reveal)
    }

    /// The rows of a register that `filter` and `request` select, every page together, from
    /// `cache`, to be written out a piece at a time; nil when the tables are behind the log (read
    /// `rows` or `page` instead, which replay it).
    public func selection(_ name: RegisterName, in log: LogView, filter: RegisterFilter = RegisterFilter(),
                          request: RegisterPageRequest = .everything, today: LocalDate, cache: RegisterRowCache) throws -> RegisterSelection? {
        guard try isCurrent(in: log) else { return nil }
        return try cache.selection(name, in: log, filter: filter, request: request, today: today, calculator: calculator)
    }

    /// Every register at the latest committed state, the stored rows decoded once and kept in
    /// `cache` (see `snapshot(in:asOf:)`: a log the tables are behind is replayed instead).
    public func snapshot(in log: LogView, cache: RegisterRowCache) throws -> RegisterSnapshot {
        guard try isCurrent(in: log) else { return try snapshot(in: log) }
        return try cache.snapshot(in: log)
    }
}
