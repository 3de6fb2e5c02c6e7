import Casework
import Foundation
import LedgerStore
import Testing
@testable import CasebookCore
@testable import Registers

/// Registers at the size of a real council: pages, sorting, search, the officer, and filter
/// values refused with the allowed list.
@Suite("Register pages, sorting, search and filter values")
struct RegisterPageTests {
    static func references(_ page: RegisterPage) -> [String] { page.output.json.compactMap { $0["reference"]?.stringValue } }

    @Test("paging and sorting give the same rows as the unpaged register: every register, several columns, both directions, with filters and search")
    func pagesAgreeWithTheUnpagedRegister() throws {
        try withTemporaryDirectory { dir in
            let b = try Scenario.build(in: dir)
            let s = try b.ledger.snapshot()
            let today = Scenario.today
            var compared = 0
            for name in RegisterName.allCases {
                let plain = try s.rows(name, today: today)
                let everything = try s.page(name, request: .everything, today: today)
                // Unpaged, unsorted: exactly the register as it always was.
                #expect(everything.output.json == plain.json, "\(name)")
                #expect(everything.output.cells == plain.cells, "\(name)")
                #expect(everything.total == plain.json.count)
                let columns = plain.header
                let sorts: [String?] = [nil, "reference", "status", columns.first { $0.contains("receiv") || $0.contains("discover") || $0 == "responseDate" },
                                        "officer", "overdue"].filter { $0 == nil || columns.contains($0!) }
                let firstStatus = try s.page(name, request: .everything, today: today).output.json.first?["status"]?.stringValue
                var filters = [RegisterFilter()]
                if let firstStatus, RegisterVocabulary.dimensions(of: name).contains(.status) { filters.append(RegisterFilter(status: firstStatus)) }
                for filter in filters {
                    for search in [nil, "2025-000"] as [String?] {
                        for sort in sorts {
                            for descending in [false, true] {
                                var all = RegisterPageRequest.everything
                                all.sort = sort
                                all.descending = descending
                                all.search = search
                                let whole = try s.page(name, filter: filter, request: all, today: today)
                                // Sorted as asked: the cells of the sort column never go the wrong way.
                                if let sort, let i = whole.output.header.firstIndex(of: sort) {
                                    let keys = whole.output.cells.map { SortKey($0[i]) }
                                    for (a, b) in zip(keys, keys.dropFirst()) { #expect(descending ? !(a < b) : !(b < a), "\(name) \(sort)") }
                                }
                                var pieces: [String] = []
                                var page = 1
                                while true {
                                    var r = all
                                    r.page = page
                                    r.pageSize = 2
                                    let p = try s.page(name, filter: filter, request: r, today: today)
                                    #expect(p.total == whole.total)
                                    #expect(p.output.json.count <= 2)
                                    pieces += Self.references(p)
                                    if page >= p.pageCount { break }
                                    page += 1
                                }
                                #expect(pieces == Self.references(whole), "\(name) sort \(sort ?? "-") \(descending ? "desc" : "asc") search \(search ?? "-")")
                                compared += 1
                            }
                        }
                    }
                }
            }
            #expect(compared > 100)
        }
    }

    /// Every register's pages (three orders, both directions, a filter and a search) and the whole
    /// snapshot through `cache`, compared with the same reads without it.
    static func compareCached(_ b: Scenario.Built, _ cache: RegisterRowCache, today: LocalDate) throws -> Int {
        let reader = RegisterReader()
        var compared = 0
        try b.ledger.ledger.read { log in
            for name in RegisterName.allCases {
                let firstStatus = try reader.page(name, in: log, request: .everything, today: today).output.json.first?["status"]?.stringValue
                let filters = [RegisterFilter()] + (RegisterVocabulary.dimensions(of: name).contains(.status) ? firstStatus.map { [RegisterFilter(status: $0)] } ?? [] : [])
                for filter in filters {
                    for sort in [nil, "reference", "status"] as [String?] where sort != "status" || name != .disclosure {
                        for descending in [false, true] {
                            for search in [nil, "2025-000"] as [String?] {
                                var r = RegisterPageRequest(pageSize: 3, sort: sort, descending: descending, search: search)
                                r.page = 1
                                let plain = try reader.page(name, in: log, filter: filter, request: r, today: today)
                                let cached = try reader.page(name, in: log, filter: filter, request: r, today: today, cache: cache)
                                #expect(cached.output.json == plain.output.json, "\(name) \(sort ?? "-") \(descending)")
                                #expect(cached.pageCells == plain.pageCells)
                                #expect(cached.total == plain.total)
                                #expect(cached.overdue == plain.overdue)
                                #expect(cached.choices == plain.choices)
                                #expect(cached.officers == plain.officers)
                                compared += 1
                            }
                        }
                    }
                }
            }
            #expect(try reader.snapshot(in: log, cache: cache) == reader.snapshot(in: log))
        }
        return compared
    }

    @Test("the row cache gives exactly the pages read without it, and follows every write and the day")
    func cachedPagesFollowWritesAndTheDay() throws {
        try withTemporaryDirectory { dir in
            let b = try Scenario.build(in: dir)
            let cache = RegisterRowCache()
            #expect(try Self.compareCached(b, cache, today: Scenario.today) > 50)
            let before = try b.ledger.ledger.read { log in
                try RegisterReader().page(.foi, in: log, request: .everything, today: Scenario.today, cache: cache).total
            }
            // Writes: a new request, and a response to it; each committed state is read through the cache.
            b.ledger.clock.now = ts("2025-09-29T10:00:00Z")
            try b.ledger.append("FOI-2025-0099", RequestReceived(channel: .email, receivedAt: "2025-09-29T10:00:00Z", regime: .foia,
                                                                requester: Scenario.requester("FOI-2025-0099"), requesterType: .media,
                                                                summary: "Cache test: street lighting", service: "Highways"),
                                 occurred: ts("2025-09-29T10:00:00Z"), recorded: ts("2025-09-29T10:05:00Z"))
            _ = try Self.compareCached(b, cache, today: Scenario.today)
            let after = try b.ledger.ledger.read { log in
                try RegisterReader().page(.foi, in: log, request: .everything, today: Scenario.today, cache: cache)
            }
            #expect(after.total == before + 1)
            #expect(Self.references(after).contains("FOI-2025-0099"))
            try b.ledger.append("FOI-2025-0099", ResponseSent(outcome: .notHeld, documents: [], signedOffBy: "h.foi", sentAt: "2025-09-30T12:00:00Z"),
                                 occurred: ts("2025-09-30T12:00:00Z"), recorded: ts("2025-09-30T12:05:00Z"))
            _ = try Self.compareCached(b, cache, today: Scenario.today)
            let answered = try b.ledger.ledger.read { log in
                try RegisterReader().page(.foi, in: log, filter: RegisterFilter(outcome: "notHeld"), request: .everything, today: Scenario.today, cache: cache)
            }
            #expect(Self.references(answered).contains("FOI-2025-0099"))
            // Another day: the same stored rows judged again (overdue and working days left move).
            _ = try Self.compareCached(b, cache, today: Scenario.today.adding(days: 40))
            _ = try Self.compareCached(b, cache, today: Scenario.today)
        }
    }

    @Test("search looks in the reference and the non-personal summary, ignoring case")
    func searchFindsReferencesAndSummaries() throws {
        try withTemporaryDirectory { dir in
            let b = try Scenario.build(in: dir)
            let s = try b.ledger.snapshot()
            var r = RegisterPageRequest.everything
            r.search = "planning APPLICATIONS"
            #expect(Self.references(try s.page(.foi, request: r, today: Scenario.today)) == ["FOI-2025-0001"])
            r.search = "foi-2025-0001"
            #expect(Self.references(try s.page(.foi, request: r, today: Scenario.today)) == ["FOI-2025-0001"])
            // A SAR's summary is personal: never searched.
            r.search = "CANARY"
            #expect(try s.page(.sar, request: r, today: Scenario.today).total == 0)
        }
    }

    @Test("a bad filter value, a filter the register lacks, from after to, an unknown sort or a page past the last is refused, naming what is allowed")
    func badValuesAreRefused() throws {
        try withTemporaryDirectory { dir in
            let b = try Scenario.build(in: dir)
            let s = try b.ledger.snapshot()
            func message(_ name: RegisterName, _ filter: RegisterFilter, _ request: RegisterPageRequest = RegisterPageRequest()) -> String {
                do {
                    _ = try s.page(name, filter: filter, request: request, today: Scenario.today)
                    return ""
                } catch let e as LedgerError {
                    #expect(e.code == .invalidInput)
                    return e.message
                } catch { return "\(error)" }
            }
            let status = message(.foi, RegisterFilter(status: "bogus"))
            #expect(status.hasPrefix("status must be one of: open, awaitingClarification, awaitingFee, responded"), "\(status)")
            #expect(status.contains("(not \"bogus\")"))
            #expect(message(.foi, RegisterFilter(status: "RESPONDED")) == "", "values match ignoring case")
            #expect(message(.sar, RegisterFilter(regime: "foia")).contains("the sar register has no regime filter"))
            #expect(message(.breach, RegisterFilter(outcome: "granted")).contains(", here the ICO decision"))
            #expect(message(.foi, RegisterFilter(service: "Nowhere")).contains("service must be one of: "))
            #expect(message(.foi, RegisterFilter(service: "planning")) == "", "a service the register holds")
            let dates = message(.foi, RegisterFilter(from: day("2025-06-01"), to: day("2025-05-01")))
            #expect(dates == "from 2025-06-01 is after to 2025-05-01: give a from day on or before the to day")
            #expect(message(.foi, RegisterFilter(), RegisterPageRequest(sort: "bogus")).hasPrefix("sort must be one of: reference, received"))
            #expect(message(.foi, RegisterFilter(), RegisterPageRequest(page: 99)).contains("past the last page"))
            // Every problem at once.
            #expect(message(.foi, RegisterFilter(status: "x", regime: "y")).components(separatedBy: "; ").count == 2)
        }
    }

    @Test("the case officer: who opened the case, then the latest Reassigned.to; the due list carries it; as-of replay agrees")
    func officerIsTheOpenerThenTheLatestReassignment() throws {
        try withTemporaryDirectory { dir in
            let tl = try TestLedger(directory: dir)
            func at(_ t: String) -> Timestamp { ts(t) }
            try tl.append("FOI-2026-0001", RequestReceived(channel: .email, receivedAt: "2026-02-02T10:00:00Z", regime: .foia,
                                                          requester: Scenario.requester("FOI-2026-0001"), requesterType: .individual,
                                                          summary: "Grit bins", service: "Highways"),
                          occurred: at("2026-02-02T10:00:00Z"), recorded: at("2026-02-02T10:05:00Z"), actor: "a.officer")
            try tl.append("FOI-2026-0002", RequestReceived(channel: .email, receivedAt: "2026-02-03T10:00:00Z", regime: .foia,
                                                          requester: Scenario.requester("FOI-2026-0002"), requesterType: .individual,
                                                          summary: "Potholes", service: "Highways"),
                          occurred: at("2026-02-03T10:00:00Z"), recorded: at("2026-02-03T10:05:00Z"), actor: "a.officer")
            // A later event by someone else does not make them the officer.
            try tl.append("FOI-2026-0002", RequestAcknowledged(acknowledgedAt: "2026-02-03T11:00:00Z"),
                          occurred: at("2026-02-03T11:00:00Z"), recorded: at("2026-02-03T11:05:00Z"), actor: "c.clerk")
            let before = try tl.snapshot()
            #expect(before.foi.map(\.officer) == ["a.officer", "a.officer"])
            try tl.append("FOI-2026-0001", Reassigned(to: "b.officer", from: "a.officer", reason: "Leave"),
                          occurred: at("2026-02-04T10:00:00Z"), recorded: at("2026-02-04T10:05:00Z"), actor: "a.officer")
            let after = try tl.snapshot()
            #expect(after.foi.map(\.officer) == ["b.officer", "a.officer"])
            #expect(try tl.snapshot(.position(3)).foi.map(\.officer) == ["b.officer", "a.officer"], "replay equals the stored rows")
            let csv = try after.rows(.foi, today: day("2026-02-05"))
            #expect(csv.header.last == "officer")
            #expect(csv.cells.map { $0.last } == ["b.officer", "a.officer"])

            var mine = RegisterPageRequest.everything
            mine.officer = "B.OFFICER"
            let page = try after.page(.foi, request: mine, today: day("2026-02-05"))
            #expect(Self.references(page) == ["FOI-2026-0001"])
            #expect(page.officers == ["a.officer", "b.officer"])

            let stored = try tl.ledger.read { try RegisterReader().dueList(in: $0, within: 30, today: day("2026-02-05")) }
            #expect(!stored.isEmpty)
            for item in stored { #expect(item.officer == (item.reference == "FOI-2026-0001" ? "b.officer" : "a.officer"), "\(item)") }
            let replayed = after.dueList(within: 30, today: day("2026-02-05"))
            #expect(replayed == stored)
        }
    }

    @Test("an overdue step is named with the working days it is late")
    func overdueStepsAreNamed() throws {
        try withTemporaryDirectory { dir in
            let b = try Scenario.build(in: dir)
            let s = try b.ledger.snapshot(.endOfDay(day("2025-06-30")))
            let page = try s.page(.breach, filter: RegisterFilter(overdue: true), request: .everything, today: day("2025-06-30"))
            #expect(Self.references(page) == ["BR-2025-0003"])
            let labels = page.overdue[0].map(\.label)
            #expect(labels.contains("Overdue: updated reporting form, 17 working days late"), "\(labels)")
            #expect(labels.allSatisfy { $0.hasPrefix("Overdue: ") && $0.hasSuffix(" late") })
        }
    }

    @Test("labels: every value a filter offers reads as words, never camelCase")
    func labelsHaveNoCamelCase() {
        for name in RegisterName.allCases {
            for d in RegisterVocabulary.dimensions(of: name) {
                for v in RegisterVocabulary.values(d, of: name, facts: []) {
                    let label = Labels.value(v)
                    #expect(label.range(of: "[a-z][A-Z]", options: .regularExpression) == nil, "\(v) → \(label)")
                    #expect(label.first?.isUppercase == true, "\(v) → \(label)")
                }
            }
        }
        #expect(Labels.value("grantedInPart") == "Granted in part")
        #expect(Labels.value("icoNotification") == "ICO notification")
        #expect(Labels.field("ackOnTime") == "Acknowledged on time")
        #expect(Labels.count(1924) == "1,924")
        #expect(OverdueStep(step: "icoNotification", dueOn: day("2026-01-01"), workingDaysLate: 1).label == "Overdue: ICO notification, 1 working day late")
        #expect(OverdueStep(step: "internalReview", dueOn: day("2026-01-01"), workingDaysLate: 3).label == "Overdue: internal review, 3 working days late")
        #expect(Labels.count(100000) == "100,000")
        #expect(Labels.display("grantedInPart", column: "outcome") == "Granted in part")
        #expect(Labels.display("loss; humanError", column: "categories") == "Loss; Human error")
        #expect(Labels.display("Pothole repairs", column: "summary") == "Pothole repairs")
    }
}
