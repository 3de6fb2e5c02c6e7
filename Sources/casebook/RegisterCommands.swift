import ArgumentParser
import Casework
import Foundation
import LedgerStore
import CasebookCore
import Registers


/// A `YYYY-MM-DD` option value.
func parseDayOption(_ text: String, _ option: String) throws -> LocalDate {
    guard let day = LocalDate(iso: text) else { throw CLIFailure("\(option) \(text) is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31") }
    return day
}

/// A day option checked in `validate()`: `YYYY-MM-DD`.
func dayArgument(_ text: String, _ option: String) throws -> LocalDate {
    guard let day = LocalDate(iso: text) else { throw ValidationError("\(option) \(text) is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31") }
    return day
}

/// `--today`, or the wall-clock day in Europe/London.
func todayOption(_ text: String?) throws -> LocalDate {
    try text.map { try parseDayOption($0, "--today") } ?? LocalDate(Date())
}

struct RegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Show a register: foi, sar, breach, near-miss, third-party, disclosure, agreements or complaints (sorted by reference).")
    @OptionGroup var options: LedgerOptionGroup
    @Argument(help: "foi, sar, breach, near-miss, third-party, disclosure, agreements or complaints") var name: String
    @Option(help: "Only rows with this status (e.g. open, responded, awaitingFee, closed).") var status: String?
    @Flag(help: "Only rows with something overdue on --today.") var overdue = false
    @Option(help: "foia, foisa or eir.") var regime: String?
    @Option(help: "Response outcome (FOI/SAR/disclosure), ICO decision (breach) or weakness (near miss).") var outcome: String?
    @Option(help: "Exemption section; 40 matches 40(2).") var exemption: String?
    @Option(help: "Breach category, near-miss potential category or third-party requester category, e.g. loss, police.") var category: String?
    @Option(help: "Service name.") var service: String?
    @Option(name: .customLong("from"), help: "Received/discovered/occurred on or after YYYY-MM-DD.") var fromDate: String?
    @Option(name: .customLong("to"), help: "Received/discovered/occurred on or before YYYY-MM-DD.") var toDate: String?
    @Option(name: .customLong("due-within"), help: "Rows with a step due within N working days (overdue included).") var dueWithin: Int?
    @Option(help: "table, csv or json") var format: OutputFormat = .table
    @Option(name: .customLong("as-of-position"), help: "Show the register as it stood after the event at this position.") var asOfPosition: UInt64?
    @Option(name: .customLong("as-of"), help: "Show the register from events recorded up to the end of this day (Europe/London).") var asOf: String?
    @Option(help: ArgumentHelp("The day overdue is judged against (default: today).",
                               discussion: "Alone, --today judges the register as it stands now (every event recorded so far) against that day: a case answered since then is not overdue. For the cases as they stood on a past day, use --on.")) var today: String?
    @Option(help: ArgumentHelp("Judge the register as it stood at the end of this day (YYYY-MM-DD): the events recorded by then, overdue judged on that day.",
                               discussion: "--on 2026-06-30 is --as-of 2026-06-30 --today 2026-06-30: \"overdue on 30 June\" gives the cases that were overdue then.")) var on: String?
    @Option(help: "Show this page (1 is the first) of --page-size rows.") var page: Int?
    @Option(name: .customLong("page-size"), help: "Rows on a page (default 50 when --page is given; at most 1000).") var pageSize: Int?
    @Option(help: "Sort by this column (a CSV header, e.g. due or received); COL:desc for the other way round.") var sort: String?
    @Option(help: "Only rows whose reference or (non-personal) summary contains this text, ignoring case.") var search: String?
    @Option(help: "Only the cases of this officer (who opened the case, or it was last reassigned to).") var officer: String?
    @Flag(help: "Show personal values decrypted (default: redacted).") var personalData = false
    @OptionGroup var csv: CSVOptions

    func validate() throws {
        try csv.check(format)
        if let on {
            _ = try dayArgument(on, "--on")
            if asOf != nil || asOfPosition != nil || today != nil {
                throw ValidationError("--on \(on) already says both the day the register stood and the day overdue is judged; give --on alone, or --as-of/--as-of-position with --today")
            }
        }
        if let page, page < 1 { throw ValidationError("--page must be 1 or more (the first page is 1)") }
        if let pageSize, !(1...RegisterPageRequest.maxPageSize).contains(pageSize) {
            throw ValidationError("--page-size must be 1 to \(RegisterPageRequest.maxPageSize)")
        }
        if let sort, sort.split(separator: ":").count > 2 || (sort.contains(":") && !sort.hasSuffix(":desc") && !sort.hasSuffix(":asc")) {
            throw ValidationError("--sort \(sort): write a column name, or COLUMN:desc (COLUMN:asc) for a direction, e.g. --sort due:desc")
        }
        if RegisterName(rawValue: name) == nil {
            throw ValidationError("no register '\(name)'; choose one of \(RegisterName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if asOfPosition != nil && asOf != nil { throw ValidationError("give --as-of-position or --as-of, not both") }
        for (option, value) in [("--as-of", asOf), ("--from", fromDate), ("--to", toDate), ("--today", today)] {
            if let value { _ = try dayArgument(value, option) }
        }
        if let dueWithin, dueWithin < 0 { throw ValidationError("--due-within must be 0 or more working days") }
    }

    func run() async throws {
        let register = RegisterName(rawValue: name)!
        let onDay = try on.map { try parseDayOption($0, "--on") }
        let moment: AsOf = try asOfPosition.map(AsOf.position) ?? asOf.map { .endOfDay(try parseDayOption($0, "--as-of")) }
            ?? onDay.map(AsOf.endOfDay) ?? .latest
        let filter = RegisterFilter(
            status: status, overdue: overdue ? true : nil, regime: regime, outcome: outcome, exemption: exemption, category: category,
            service: service, from: try fromDate.map { try parseDayOption($0, "--from") }, to: try toDate.map { try parseDayOption($0, "--to") },
            dueWithinWorkingDays: dueWithin)
        let day = try onDay ?? todayOption(today)
        let paged = page != nil || pageSize != nil
        var request = paged ? RegisterPageRequest(page: page ?? 1, pageSize: pageSize ?? RegisterPageRequest.defaultPageSize)
                            : RegisterPageRequest.everything
        if let sort {
            let parts = sort.split(separator: ":")
            request.sort = parts.first.map(String.init)
            request.descending = parts.count == 2 && parts[1] == "desc"
        }
        request.search = search
        request.officer = officer
        // A whole-register read follows every page of the register's tables: check them with plain
        // reads first, so damage LMDB would follow out of its map is refused by name, not by signal.
        try Ledger.checkStoredPages(at: options.path)
        let casebook = try Casebook.open(at: options.path)
        defer { casebook.close() }
        let reader = casebook.registerReader
        let reveal = casebook.reveal(personalData ? .reveal : .redact)
        let result = try casebook.ledger.read { log in
            try reader.page(register, in: log, filter: filter, request: request, today: day, asOf: moment, reveal: reveal)
        }
        let output = result.output
        switch format {
        case .json: print(output.jsonText)
        case .csv: csv.write(output.csv)
        case .table, .text:
            print(output.labelledTable)
            if paged { print(result.rowsLine) }
        }
    }
}

struct DueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due", abstract: "What is due or overdue across all registers, soonest first.")
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "Include steps due within N working days of --today (overdue steps always shown).") var within = 5
    @Option(help: "The day to judge against (default: today).") var today: String?
    @Option(help: "table, csv or json") var format: OutputFormat = .table
    @OptionGroup var csv: CSVOptions
    @Flag(help: "Only the cases you are case officer of (you: your login name, a user of the ledger).") var mine = false
    @Option(help: "Only the cases this user is case officer of (the case's first actor, or whom it was last reassigned to).") var officer: String?

    func validate() throws {
        try csv.check(format)
        if let today { _ = try dayArgument(today, "--today") }
        if within < 0 { throw ValidationError("--within must be 0 or more working days") }
        if mine && officer != nil { throw ValidationError("give --mine or --officer NAME, not both") }
        if let officer { try validateUserName(officer) }
    }

    func run() async throws {
        let day = try todayOption(today)
        let casebook = try Casebook.open(at: options.path)
        defer { casebook.close() }
        let reader = casebook.registerReader
        var items = try casebook.ledger.read { log in try reader.dueList(in: log, within: within, today: day) }
        if let holder = try officerFilter(casebook) {
            items = DueCalendar.items(items, heldBy: holder)
        }
        switch format {
        case .json: printJSON(try DueItem.json(items))
        case .csv: csv.write(DueItem.csv(items))
        case .table, .text: print(DueItem.table(items))
        }
    }
}

extension DueCommand {
    /// Whose cases to list: `--officer NAME`, or for `--mine` the login name, which must be a user
    /// of the ledger (as when recording); nil for everyone's.
    func officerFilter(_ casebook: Casebook) throws -> String? {
        if let officer { return officer }
        guard mine else { return nil }
        let me = OSUser.name
        guard try casebook.user(named: me) != nil else {
            throw CLIFailure("you (\(me)) are not a user of this ledger, so no cases are yours; an admin adds you with `casebook user add \(me) --role officer`, or use --officer NAME")
        }
        return me
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports built from the registers.",
        subcommands: [ComplianceReportCommand.self, MonitoringReportCommand.self, ManagementReportCommand.self, TrendsReportCommand.self, StatisticsReportCommand.self])
}

struct ComplianceReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compliance",
        abstract: "FOI/EIR and SAR timeliness, acknowledgements, ICO notification, breaches and near misses for a period.")
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "2025 (calendar year), fy2025 (April 2025–March 2026), 2025-Q3 (July–September) or 2025-07.") var period: String
    @Option(help: "table or json") var format: OutputFormat = .table
    @Option(help: "Also write an SVG chart of monthly on-time % against the 90% benchmark to this file.") var chart: String?
    @Option(help: "The day to judge unanswered cases against (default: today).") var today: String?

    func validate() throws {
        if ReportPeriod(period) == nil { throw ValidationError("--period \(period) is not a period; write 2025, fy2025, 2025-Q3 or 2025-07") }
        if let today { _ = try dayArgument(today, "--today") }
    }

    func run() async throws {
        let p = ReportPeriod(period)!
        let day = try todayOption(today)
        let report = ComplianceReport(period: p, snapshot: try registerSnapshot(options), today: day)
        switch format {
        case .json: printJSON(try report.json())
        default: print(report.text)
        }
        if let chart { try writeChart(report.svgChart, to: chart) }
    }
}

struct RebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild", abstract: "Drop the registers' tables and replay them from position 0.")
    @OptionGroup var options: LedgerOptionGroup
    @Option(help: "Rebuild only this register (foi, sar, breach, near-miss, third-party, disclosure, agreements, complaints); default: every register and the case states, subject index and links.") var register: String?

    func validate() throws {
        if let register, RegisterName(rawValue: register) == nil {
            throw ValidationError("no register '\(register)'; choose one of \(RegisterName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let names: [RegisterName]? = register.map { [RegisterName(rawValue: $0)!] }
        let casebook = try Casebook.open(at: options.path)
        defer { casebook.close() }
        let started = Date()
        try casebook.rebuild(registers: names) { done, total in
            FileHandle.standardError.write(Data(ProgressBar.line(done: done, total: total).utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        let size = try casebook.ledger.size()
        let what = names.map { $0.map(\.rawValue).joined(separator: ", ") } ?? "every register, case state, subject index and link table"
        print("rebuilt \(what) from \(size) event\(size == 1 ? "" : "s") in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}

/// A one-line progress bar redrawn in place with a carriage return.
enum ProgressBar {
    static func line(done: UInt64, total: UInt64, width: Int = 30, unit: String = "events") -> String {
        let filled = total == 0 ? width : Int((Double(done) / Double(total) * Double(width)).rounded(.down))
        let percent = total == 0 ? 100 : Int(done * 100 / total)
        return "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(percent)% \(done)/\(total) \(unit)"
    }
}
