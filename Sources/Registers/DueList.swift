import Casework
import Foundation
import LedgerStore

/// One thing due (or overdue) on the officer's morning list.
public struct DueItem: Codable, Sendable, Hashable {
    public var reference: String
    /// The register's name (`RegisterName`): foi, sar, breach, near-miss, third-party, agreements, complaints.
    public var register: String
    /// The step (`DueStep.step`): response, acknowledgement, internalReview, icoNotification, reportingForm, …
    public var step: String
    /// The deadline: a day, or an instant (RFC 3339 UTC) for hour clocks.
    public var due: String
    /// The deadline's day in Europe/London.
    public var dueOn: LocalDate
    public var overdue: Bool
    /// Working days (home division) from today to the due day; negative when overdue.
    public var workingDaysLeft: Int
    /// The case officer (the register row's `officer`): who opened the case, or it was last
    /// reassigned to. Nil for rows stored before the column existed, until `casebook rebuild`.
    public var officer: String?

    public init(reference: String, register: String, step: String, due: String, dueOn: LocalDate, overdue: Bool, workingDaysLeft: Int,
                officer: String? = nil) {
        self.reference = reference
        self.register = register
        self.step = step
        self.due = due
        self.dueOn = dueOn
        self.overdue = overdue
        self.workingDaysLeft = workingDaysLeft
        self.officer = officer
    }
}

extension RegisterSnapshot {
    /// What is due or overdue across every register, soonest first: every outstanding step due on
    /// or before the `within`th working day after `today` (overdue steps always included).
    ///
    /// Order: due day, then instant deadlines before day deadlines on the same day (an instant is
    /// earlier than the day's end), then reference, then step.
    public func dueList(within: Int, today: LocalDate, calculator: DeadlineCalculator = DeadlineCalculator()) -> [DueItem] {
        var entries: [DueIndex.Entry] = []
        func add<Row: RegisterRow>(_ name: RegisterName, _ rows: [Row]) {
            for r in rows { entries += r.dueSteps.map { DueIndex.Entry(register: name, reference: r.reference, step: $0) } }
        }
        add(.foi, foi)
        add(.sar, sar)
        add(.breach, breach)
        add(.nearMiss, nearMiss)
        add(.thirdParty, thirdParty)
        add(.agreements, agreements)
        add(.complaints, complaints)
        var officers: [String: String] = [:]
        func note<Row: RegisterRow>(_ rows: [Row]) { for r in rows { if let o = r.caseOfficer { officers[r.reference] = o } } }
        note(foi); note(sar); note(breach); note(nearMiss); note(thirdParty); note(agreements); note(complaints)
        return DueItem.list(entries, within: within, today: today, calculator: calculator).map { item in
            var item = item
            item.officer = officers[item.reference]
            return item
        }
    }
}

extension DueItem {
    /// The due list from outstanding steps: those due on or before the `within`th working day after
    /// `today` (overdue ones always included), soonest first.
    ///
    /// Order: due day, then instant deadlines before day deadlines on the same day (an instant is
    /// earlier than the day's end), then reference, then step.
    static func list(_ entries: [DueIndex.Entry], within: Int, today: LocalDate, calculator: DeadlineCalculator) -> [DueItem] {
        let calendar = calculator.calendar(for: nil as Division?)
        let limit = calendar.workingDay(max(0, within), after: today)
        var items: [(DueItem, Date?)] = []
        for e in entries where e.step.dueOn <= limit {
            let dueOn = e.step.dueOn
            let left = dueOn >= today ? calendar.workingDays(after: today, through: dueOn) : -calendar.workingDays(after: dueOn, through: today)
            items.append((DueItem(reference: e.reference, register: e.register.rawValue, step: e.step.step,
                                  due: e.step.instant.map(utc) ?? dueOn.iso, dueOn: dueOn, overdue: today > dueOn, workingDaysLeft: left),
                          e.step.instant))
        }
        return items.sorted { a, b in
            if a.0.dueOn != b.0.dueOn { return a.0.dueOn < b.0.dueOn }
            switch (a.1, b.1) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: break
            }
            if a.0.reference != b.0.reference { return a.0.reference < b.0.reference }
            return a.0.step < b.0.step
        }.map(\.0)
    }
}

extension DueItem {
    static let header = ["due", "reference", "register", "step", "overdue", "workingDaysLeft"]
    var cells: [String] { [due, reference, register, step, overdue ? "yes" : "no", String(workingDaysLeft)] }

    /// The list as a terminal table, for people: deadlines on the London clock (`dueForPeople`).
    public static func table(_ items: [DueItem]) -> String {
        TextGrid.render([header] + items.map { item in [item.dueForPeople] + item.cells.dropFirst() })
    }

    /// The list as RFC 4180 CSV.
    public static func csv(_ items: [DueItem]) -> String { CSV.render([header.map(Labels.field)] + items.map(\.cells)) }

    /// The list as a JSON array.
    public static func json(_ items: [DueItem]) throws -> JSONValue { try JSONBridge.encode(items) }
}
