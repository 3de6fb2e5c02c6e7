import Casework
import Foundation
import LedgerStore

/// A reporting period: a calendar year (`2025`), a financial year April–March (`fy2025` = April
/// 2025 to March 2026), a calendar quarter (`2025-Q3` = July–September) or a month (`2025-07`).
public struct ReportPeriod: Sendable, Hashable, CustomStringConvertible {
    public var label: String
    public var from: LocalDate
    public var to: LocalDate

    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        func year(_ s: Substring) -> Int? { s.count == 4 ? Int(s) : nil }
        if let y = year(Substring(t)), let from = LocalDate(year: y, month: 1, day: 1), let to = LocalDate(year: y, month: 12, day: 31) {
            self.init(label: t, from: from, to: to)
        } else if t.lowercased().hasPrefix("fy"), let y = year(t.dropFirst(2)),
                  let from = LocalDate(year: y, month: 4, day: 1), let to = LocalDate(year: y + 1, month: 3, day: 31) {
            self.init(label: "fy\(y)", from: from, to: to)
        } else if t.count == 7, let y = year(t.prefix(4)), t.dropFirst(4).first == "-" {
            let rest = t.dropFirst(5)
            if rest.uppercased().hasPrefix("Q"), let q = Int(rest.dropFirst()), (1...4).contains(q),
               let from = LocalDate(year: y, month: q * 3 - 2, day: 1) {
                self.init(label: "\(y)-Q\(q)", from: from, to: from.adding(months: 3).adding(days: -1))
            } else if let m = Int(rest), let from = LocalDate(year: y, month: m, day: 1) {
                self.init(label: t, from: from, to: from.adding(months: 1).adding(days: -1))
            } else {
                return nil
            }
        } else {
            return nil
        }
    }

    init(label: String, from: LocalDate, to: LocalDate) {
        self.label = label
        self.from = from
        self.to = to
    }

    public var description: String { label }

    public func contains(_ day: LocalDate?) -> Bool { day.map { from <= $0 && $0 <= to } ?? false }

    /// The first day of each month in the period.
    public var months: [LocalDate] {
        var out: [LocalDate] = []
        var m = LocalDate(year: from.year, month: from.month, day: 1)!
        while m <= to {
            out.append(m)
            m = m.adding(months: 1)
        }
        return out
    }
}

/// Answered-on-time figures against a deadline.
public struct Timeliness: Codable, Sendable, Hashable {
    /// Cases in scope (received in the period).
    public var cases: Int = 0
    /// Cases whose timeliness is known: answered, or unanswered past their due day.
    public var counted: Int = 0
    public var onTime: Int = 0
    public var late: Int = 0
    /// onTime / counted as a percentage with one decimal (e.g. "92.3"); absent when nothing is counted.
    public var percent: String?
    /// Whether `percent` meets the ICO's 90% benchmark.
    public var meetsBenchmark: Bool?

    public init() {}

    mutating func add(counted isCounted: Bool, onTime isOnTime: Bool) {
        cases += 1
        guard isCounted else { return }
        counted += 1
        if isOnTime { onTime += 1 } else { late += 1 }
        percent = Self.percent(onTime, of: counted)
        meetsBenchmark = onTime * 100 >= ComplianceReport.benchmarkPercent * counted
    }

    /// Where a case stands against its deadline on a day: answered (on time or late), or
    /// unanswered and past its due day, or not (not yet due, or paused with no due day).
    enum Standing: Equatable {
        case answered(onTime: Bool)
        case overdue
        case notYetDue

        /// An answer with no `onTime` judgement (no deadline ran) counts as on time.
        init(respondedOn: LocalDate?, onTime: Bool?, dueOn: LocalDate?, today: LocalDate) {
            if respondedOn != nil {
                self = .answered(onTime: onTime ?? true)
            } else if let dueOn, today > dueOn {
                self = .overdue
            } else {
                self = .notYetDue
            }
        }
    }

    /// Adds a case: answered ones and overdue ones count towards timeliness, the others only as cases.
    mutating func add(_ standing: Standing) {
        switch standing {
        case .answered(let onTime): add(counted: true, onTime: onTime)
        case .overdue: add(counted: true, onTime: false)
        case .notYetDue: add(counted: false, onTime: false)
        }
    }

    /// `part / whole` as a percentage rounded half up to one decimal, in integer arithmetic.
    static func percent(_ part: Int, of whole: Int) -> String? {
        guard whole > 0 else { return nil }
        let tenths = (part * 1000 * 2 + whole) / (whole * 2)
        return "\(tenths / 10).\(tenths % 10)"
    }
}

/// The compliance report for one period (the FOI policy; the data protection policy §4.9.1, §7.3).
///
/// Scope rules: requests and SARs count in the period they were received; a case counts towards
/// timeliness once it is answered or unanswered after its due day as of `today` (answered after the
/// due day = late; paused cases with no due day and withdrawn or transferred cases are left out).
/// Acknowledgements: received in the period, counted once acknowledged, answered, or past the 48
/// hours. Breaches count by the day the organisation became aware; ICO notification timeliness
/// counts breaches notified, and breaches not notified past their 72 hours unless the decision was
/// not to notify. Near misses count by the day they occurred. Internal reviews count by decision
/// day; exemptions by the day of the first response.
public struct ComplianceReport: Codable, Sendable, Hashable {
    public static let benchmarkPercent = 90

    public struct Breaches: Codable, Sendable, Hashable {
        public var total = 0
        public var decidedNotify = 0
        public var decidedNotToNotify = 0
        public var undecided = 0
        public var notified = 0
        public var notifiedWithin72h = 0
        public var notifiedLate = 0
        public var lateWithoutReasons = 0
        /// Notified within 72 hours over those notified or past the 72 hours unnotified.
        public var within72h = Timeliness()
        public var byCategory: [String: Int] = [:]
        public var byService: [String: Int] = [:]
    }

    public struct NearMisses: Codable, Sendable, Hashable {
        public var total = 0
        public var reportedOnTime = 0
        public var byCategory: [String: Int] = [:]
        public var byService: [String: Int] = [:]
    }

    public struct Reviews: Codable, Sendable, Hashable {
        public var decided = 0
        public var onTime = 0
        public var byOutcome: [String: Int] = [:]
        /// Of those decided, how many had been extended (the FOI policy "Complaints": 20 working
        /// days, exceptionally 40; on time is judged against the extended date) and how many were
        /// decided by the officer who signed off the response (the review should be impartial).
        /// Nil when none was decided in the period.
        public var extended: Int?
        public var reviewerSignedOffResponse: Int?
    }

    public struct Month: Codable, Sendable, Hashable {
        /// `YYYY-MM`.
        public var month: String
        public var requests: Timeliness
    }

    public var period: String
    public var from: LocalDate
    public var to: LocalDate
    public var today: LocalDate
    public var benchmarkPercent = ComplianceReport.benchmarkPercent
    /// FOI, EIR and FOISA requests together.
    public var requests = Timeliness()
    public var requestsByRegime: [String: Timeliness] = [:]
    public var acknowledgements = Timeliness()
    public var subjectAccess = Timeliness()
    public var breaches = Breaches()
    public var nearMisses = NearMisses()
    public var internalReviews = Reviews()
    /// Section → number of requests whose response relied on it.
    public var exemptions: [String: Int] = [:]
    public var monthly: [Month] = []

    /// Computes the report from a snapshot of the registers.
    public init(period: ReportPeriod, snapshot s: RegisterSnapshot, today: LocalDate) {
        self.period = period.label
        self.from = period.from
        self.to = period.to
        self.today = today
        func month(_ d: LocalDate) -> String { String(d.iso.prefix(7)) }
        var months: [String: Timeliness] = [:]
        for r in s.foi where period.contains(r.receivedOn) {
            if let ack = DeadlineMoment.parseRFC3339(r.acknowledgementDueAt) {
                acknowledgements.add(counted: r.acknowledgedOnTime != nil || today > LocalDate(ack), onTime: r.acknowledgedOnTime == true)
            }
            guard !(r.respondedOn == nil && r.isClosedWithoutResponse) else { continue }
            let standing = Timeliness.Standing(respondedOn: r.respondedOn, onTime: r.onTime, dueOn: r.dueOn, today: today)
            requests.add(standing)
            requestsByRegime[r.regime, default: Timeliness()].add(standing)
            months[month(r.receivedOn), default: Timeliness()].add(standing)
        }
        for r in s.foi where period.contains(r.respondedOn) {
            for section in Set(r.exemptions) { exemptions[section, default: 0] += 1 }
        }
        for r in s.sar where period.contains(r.receivedOn) && !(r.respondedOn == nil && r.closedOn != nil) {
            subjectAccess.add(Timeliness.Standing(respondedOn: r.respondedOn, onTime: r.onTime, dueOn: r.dueOn, today: today))
        }
        let decidedReviews = (s.foi.compactMap(\.internalReview) + s.sar.compactMap(\.internalReview))
            .filter { period.contains($0.decidedOn) }
        for review in decidedReviews {
            internalReviews.decided += 1
            if review.onTime == true { internalReviews.onTime += 1 }
            internalReviews.byOutcome[review.outcome ?? "unknown", default: 0] += 1
        }
        if !decidedReviews.isEmpty {
            internalReviews.extended = decidedReviews.count(where: { ($0.extensionWorkingDays ?? 0) > 0 })
            internalReviews.reviewerSignedOffResponse = decidedReviews.count(where: { $0.reviewerSignedOffResponse == true })
        }
        for r in s.breach where period.contains(r.discoveredOn) {
            breaches.total += 1
            for c in Set(r.categories) { breaches.byCategory[c, default: 0] += 1 }
            breaches.byService[r.service, default: 0] += 1
            switch r.icoDecision {
            case "notify": breaches.decidedNotify += 1
            case "doNotNotify": breaches.decidedNotToNotify += 1
            default: breaches.undecided += 1
            }
            if r.icoNotifiedAt != nil {
                breaches.notified += 1
                if r.notifiedWithin72h == true { breaches.notifiedWithin72h += 1 } else { breaches.notifiedLate += 1 }
                if r.lateWithoutReasons { breaches.lateWithoutReasons += 1 }
                breaches.within72h.add(counted: true, onTime: r.notifiedWithin72h == true)
            } else if r.icoDecision != "doNotNotify" {
                let past = DeadlineMoment.parseRFC3339(r.icoDueAt).map { today > LocalDate($0) } ?? false
                breaches.within72h.add(counted: past, onTime: false)
            }
        }
        for r in s.nearMiss where period.contains(r.occurredOn) {
            nearMisses.total += 1
            if r.reportedOnTime == true { nearMisses.reportedOnTime += 1 }
            nearMisses.byCategory[r.potentialCategory, default: 0] += 1
            nearMisses.byService[r.service, default: 0] += 1
        }
        monthly = period.months.map { Month(month: month($0), requests: months[month($0)] ?? Timeliness()) }
    }

    /// The report as JSON.
    public func json() throws -> JSONValue { try JSONBridge.encode(self) }

    /// The report as plain text with tables.
    public var text: String {
        func pct(_ t: Timeliness) -> String {
            guard let p = t.percent else { return "n/a (nothing due yet)" }
            return "\(p)% (\(t.onTime) of \(t.counted))" + (t.meetsBenchmark == true ? "" : " — below the \(benchmarkPercent)% benchmark")
        }
        func counts(_ d: [String: Int]) -> String {
            d.isEmpty ? "none" : d.keys.sorted().map { "\($0) \(d[$0]!)" }.joined(separator: ", ")
        }
        var lines = [
            "Compliance report \(period) (\(from) to \(to)), as of \(today)",
            "",
            "FOI/EIR requests answered on time: \(pct(requests)); \(requests.cases) received",
        ]
        for regime in requestsByRegime.keys.sorted() { lines.append("  \(regime.uppercased()): \(pct(requestsByRegime[regime]!))") }
        lines += [
            "Acknowledged within 48 hours: \(pct(acknowledgements))",
            "SARs answered on time: \(pct(subjectAccess)); \(subjectAccess.cases) received",
            "Breaches: \(breaches.total) (notify \(breaches.decidedNotify), not notified \(breaches.decidedNotToNotify), undecided \(breaches.undecided))",
            "  ICO notified within 72 hours: \(pct(breaches.within72h))",
            "  by category: \(counts(breaches.byCategory))",
            "  by service: \(counts(breaches.byService))",
            "Near misses: \(nearMisses.total) (\(nearMisses.reportedOnTime) reported on time)",
            "  by category: \(counts(nearMisses.byCategory))",
            "  by service: \(counts(nearMisses.byService))",
            "Internal reviews decided: \(internalReviews.decided) (\(internalReviews.onTime) on time): \(counts(internalReviews.byOutcome))",
        ]
        if let extended = internalReviews.extended, let sameOfficer = internalReviews.reviewerSignedOffResponse {
            lines.append("  extended (the FOI policy \"Complaints\"): \(extended); decided by the officer who signed off the response: \(sameOfficer)")
        }
        lines += [
            "Exemptions relied on: \(counts(exemptions))",
            "",
        ]
        var grid = [["month", "counted", "onTime", "percent"]]
        for m in monthly { grid.append([m.month, String(m.requests.counted), String(m.requests.onTime), m.requests.percent ?? ""]) }
        lines.append(TextGrid.render(grid))
        return lines.joined(separator: "\n")
    }

    /// A hand-written, accessible SVG bar chart of the monthly FOI/EIR on-time percentage against
    /// the 90% benchmark line: `<title>`, `<desc>` (the figures in words), labelled axes.
    public var svgChart: String {
        // The right margin holds the benchmark's label beside its line, where no bar can reach it
        // (inside the plot it sat on top of any month at or above the benchmark).
        let width = 780, height = 360, left = 70, right = 130, top = 50, bottom = 70
        let plotW = width - left - right, plotH = height - top - bottom
        let n = max(1, monthly.count)
        let slot = Double(plotW) / Double(n)
        func y(_ tenths: Int) -> Int { top + plotH - (plotH * tenths) / 1000 }
        let esc = svgEscaped
        let title = "FOI/EIR requests answered on time, \(period)"
        let described = monthly.map { m in
            m.requests.percent.map { "\(m.month): \($0)% (\(m.requests.onTime) of \(m.requests.counted))" } ?? "\(m.month): no requests due"
        }.joined(separator: "; ")
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" role="img" aria-labelledby="chart-title chart-desc">
        <title id="chart-title">\(esc(title))</title>
        <desc id="chart-desc">\(esc("Bar chart of the percentage of FOI/EIR requests answered within the statutory deadline each month, by month of receipt, against the ICO benchmark of \(benchmarkPercent)%. \(described)."))</desc>
        <rect x="0" y="0" width="\(width)" height="\(height)" fill="#ffffff"/>
        <text x="\(width / 2)" y="28" text-anchor="middle" font-family="sans-serif" font-size="16" fill="#0b0c0c">\(esc(title))</text>

        """
        for t in stride(from: 0, through: 100, by: 20) {
            let yy = y(t * 10)
            svg += "<line x1=\"\(left)\" y1=\"\(yy)\" x2=\"\(left + plotW)\" y2=\"\(yy)\" stroke=\"#dddddd\" stroke-width=\"1\"/>\n"
            svg += "<text x=\"\(left - 8)\" y=\"\(yy + 4)\" text-anchor=\"end\" font-family=\"sans-serif\" font-size=\"12\" fill=\"#0b0c0c\">\(t)%</text>\n"
        }
        for (i, m) in monthly.enumerated() {
            let cx = left + Int(slot * (Double(i) + 0.5))
            let barW = max(4, Int(slot * 0.6))
            if let p = m.requests.percent, let tenths = Int(p.replacingOccurrences(of: ".", with: "")) {
                let top = y(tenths)
                let colour = m.requests.meetsBenchmark == true ? "#00703c" : "#d4351c"
                svg += "<rect x=\"\(cx - barW / 2)\" y=\"\(top)\" width=\"\(barW)\" height=\"\(y(0) - top)\" fill=\"\(colour)\"><title>\(m.month): \(p)% (\(m.requests.onTime) of \(m.requests.counted))</title></rect>\n"
                svg += "<text x=\"\(cx)\" y=\"\(top - 4)\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#0b0c0c\">\(p)%</text>\n"
            } else {
                svg += "<text x=\"\(cx)\" y=\"\(y(0) - 4)\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#505a5f\">n/a</text>\n"
            }
            svg += "<text x=\"\(cx)\" y=\"\(top + plotH + 18)\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#0b0c0c\">\(m.month)</text>\n"
        }
        let by = y(benchmarkPercent * 10)
        svg += """
        <line x1="\(left)" y1="\(by)" x2="\(left + plotW)" y2="\(by)" stroke="#1d70b8" stroke-width="2" stroke-dasharray="6 4"/>
        <text x="\(left + plotW + 6)" y="\(by + 4)" text-anchor="start" font-family="sans-serif" font-size="12" fill="#1d70b8">ICO benchmark \(benchmarkPercent)%</text>
        <line x1="\(left)" y1="\(top)" x2="\(left)" y2="\(top + plotH)" stroke="#0b0c0c" stroke-width="1"/>
        <line x1="\(left)" y1="\(top + plotH)" x2="\(left + plotW)" y2="\(top + plotH)" stroke="#0b0c0c" stroke-width="1"/>
        <text x="\(left + plotW / 2)" y="\(height - 20)" text-anchor="middle" font-family="sans-serif" font-size="13" fill="#0b0c0c">Month of receipt</text>
        <text x="18" y="\(top + plotH / 2)" text-anchor="middle" font-family="sans-serif" font-size="13" fill="#0b0c0c" transform="rotate(-90 18 \(top + plotH / 2))">Answered on time (%)</text>
        </svg>

        """
        return svg
    }
}

/// `s` escaped for the text and attribute values of the hand-written SVG charts.
func svgEscaped(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
