import Casework
import Foundation
import LedgerStore

/// The data protection monitoring report: the quarterly report to Elected Members (the data
/// protection policy §4.9.1, §7.3) and the biannual report to the Corporate Management Team (the
/// breach procedure §3.6) are the same projection over a quarter or a financial half-year.
///
/// Scope rules (the compliance report's): breaches count by the day the organisation became aware,
/// near misses by the day they occurred, SARs and third-party requests by the day received. ICO
/// notification and subjects told count what is recorded by `today` for the breaches in scope.
/// The open actions are those still open on `today` for any case that began on or before the
/// period's last day: open breach investigations, breaches not closed whose proposed measures are
/// still to be carried out, near misses not yet reviewed, and every other step overdue on the
/// SAR, breach and near-miss registers.
public struct MonitoringReport: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable {
        /// The quarterly data protection monitoring report (the data protection policy §4.9.1, §7.3).
        case quarterly
        /// The biannual report to the management team (the breach procedure §3.6).
        case biannual

        /// The report's title, as the text output and the report page head it.
        public var title: String { self == .quarterly ? "Data protection monitoring report" : "Report to the management team" }
    }

    public struct Breaches: Codable, Sendable, Hashable {
        public var total = 0
        /// Breaches involving sensitive personal information (the breach procedure §3.1).
        public var sensitive = 0
        public var byCategory: [String: Int] = [:]
        public var byService: [String: Int] = [:]
        public var decidedNotToNotify = 0
        public var notificationUndecided = 0
        public var notifiedToICO = 0
        public var notifiedWithin72h = 0
        public var notifiedLate = 0
        /// Breaches whose data subjects were told (UK GDPR Art 34), and how many people.
        public var subjectsTold = 0
        public var peopleTold = 0
        public var investigationsOpened = 0
        public var closed = 0
    }

    public struct NearMisses: Codable, Sendable, Hashable {
        public var total = 0
        public var byCategory: [String: Int] = [:]
        public var byService: [String: Int] = [:]
        /// Reported within 5 working days (the data protection policy Appendix 6 §3.2.1).
        public var reportedOnTime = 0
        public var reviewed = 0
    }

    public struct SubjectAccess: Codable, Sendable, Hashable {
        public var received = 0
        public var answered = 0
        public var answeredOnTime = 0
        public var answeredLate = 0
        /// Unanswered and past the due day on `today`.
        public var overdue = 0
        public var withdrawn = 0
        /// answeredOnTime over answered plus overdue.
        public var onTime = Timeliness()
    }

    public struct ThirdPartyDisclosures: Codable, Sendable, Hashable {
        public var received = 0
        public var decided = 0
        public var byDecision: [String: Int] = [:]
    }

    /// One action still open.
    public struct OpenAction: Codable, Sendable, Hashable {
        public var reference: String
        /// sar, breach, near-miss or third-party (the register holding the case).
        public var register: String
        /// investigation, proposedMeasures, nearMissReview, or an overdue step's name (icoNotification,
        /// reportingForm, response, internalReview, …).
        public var action: String
        /// What is to be done, in words.
        public var detail: String
        public var dueOn: LocalDate?
        public var overdue: Bool
    }

    public var kind: Kind
    /// The clause the report answers to, in words.
    public var basis: String
    public var period: String
    public var from: LocalDate
    public var to: LocalDate
    public var today: LocalDate
    public var breaches = Breaches()
    public var nearMisses = NearMisses()
    public var subjectAccess = SubjectAccess()
    public var thirdPartyDisclosures = ThirdPartyDisclosures()
    public var openActions: [OpenAction] = []

    /// Computes the report for `period` from a snapshot of the registers, judged on `today`.
    public init(_ kind: Kind, period: ReportPeriod, snapshot s: RegisterSnapshot, today: LocalDate) {
        self.kind = kind
        self.basis = kind == .quarterly
            ? "Quarterly data protection monitoring report to Elected Members (the data protection policy §4.9.1, §7.3)"
            : "Biannual report to the Corporate Management Team on areas requiring further action (the breach procedure §3.6)"
        self.period = period.label
        self.from = period.from
        self.to = period.to
        self.today = today
        for r in s.breach where period.contains(r.discoveredOn) {
            breaches.total += 1
            if r.sensitive { breaches.sensitive += 1 }
            for c in Set(r.categories) { breaches.byCategory[c, default: 0] += 1 }
            breaches.byService[r.service, default: 0] += 1
            if r.icoNotifiedAt != nil {
                breaches.notifiedToICO += 1
                if r.notifiedWithin72h == true { breaches.notifiedWithin72h += 1 } else { breaches.notifiedLate += 1 }
            } else if r.icoDecision == "doNotNotify" {
                breaches.decidedNotToNotify += 1
            } else if r.icoDecision == nil {
                breaches.notificationUndecided += 1
            }
            if r.subjectsNotifiedOn != nil {
                breaches.subjectsTold += 1
                breaches.peopleTold += r.subjectsNotifiedCount ?? 0
            }
            if r.investigationOpenedOn != nil { breaches.investigationsOpened += 1 }
            if r.closedOn != nil { breaches.closed += 1 }
        }
        for r in s.nearMiss where period.contains(r.occurredOn) {
            nearMisses.total += 1
            nearMisses.byCategory[r.potentialCategory, default: 0] += 1
            nearMisses.byService[r.service, default: 0] += 1
            if r.reportedOnTime == true { nearMisses.reportedOnTime += 1 }
            if r.reviewedOn != nil { nearMisses.reviewed += 1 }
        }
        for r in s.sar where period.contains(r.receivedOn) {
            subjectAccess.received += 1
            if r.respondedOn == nil && r.closedOn != nil {
                subjectAccess.withdrawn += 1
                continue
            }
            let standing = Timeliness.Standing(respondedOn: r.respondedOn, onTime: r.onTime, dueOn: r.dueOn, today: today)
            subjectAccess.onTime.add(standing)
            switch standing {
            case .answered(let onTime):
                subjectAccess.answered += 1
                if onTime { subjectAccess.answeredOnTime += 1 } else { subjectAccess.answeredLate += 1 }
            case .overdue: subjectAccess.overdue += 1
            case .notYetDue: break
            }
        }
        for r in s.thirdParty where period.contains(r.receivedOn) {
            thirdPartyDisclosures.received += 1
            if let d = r.outcome {
                thirdPartyDisclosures.decided += 1
                thirdPartyDisclosures.byDecision[d, default: 0] += 1
            }
        }
        openActions = Self.openActions(snapshot: s, begunBy: period.to, today: today)
    }

    /// The actions still open on `today` for cases begun on or before `last`, overdue first, then
    /// by due day and reference.
    static func openActions(snapshot s: RegisterSnapshot, begunBy last: LocalDate, today: LocalDate) -> [OpenAction] {
        var out: [OpenAction] = []
        func overdue(_ d: LocalDate?) -> Bool { d.map { today > $0 } ?? false }
        func overdueSteps(_ reference: String, _ register: RegisterName, _ steps: [DueStep], except covered: Set<String> = []) {
            for step in steps where today > step.dueOn && !covered.contains(step.step) {
                out.append(OpenAction(reference: reference, register: register.rawValue, action: step.step,
                                      detail: "Overdue: \(Self.stepWords(step.step)), due \(step.dueOn.iso)", dueOn: step.dueOn, overdue: true))
            }
        }
        for r in s.breach where r.discoveredOn <= last && r.closedOn == nil {
            var covered: Set<String> = []
            if r.investigationOpenedOn != nil && r.investigationConcludedOn == nil {
                out.append(OpenAction(reference: r.reference, register: RegisterName.breach.rawValue, action: "investigation",
                                      detail: "Investigation open" + (r.investigationDueOn.map { ", due to conclude by \($0.iso)" } ?? ""),
                                      dueOn: r.investigationDueOn, overdue: overdue(r.investigationDueOn)))
                covered.insert("investigation")
            }
            let measures = (r.proposedMeasures ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if !measures.isEmpty {
                out.append(OpenAction(reference: r.reference, register: RegisterName.breach.rawValue, action: "proposedMeasures",
                                      detail: "Proposed measures still to be carried out and the breach closed: \(measures)",
                                      dueOn: nil, overdue: false))
            }
            overdueSteps(r.reference, .breach, r.dueSteps, except: covered)
        }
        for r in s.nearMiss where r.occurredOn <= last && r.reviewedOn == nil {
            out.append(OpenAction(reference: r.reference, register: RegisterName.nearMiss.rawValue, action: "nearMissReview",
                                  detail: "Near miss not yet reviewed for a system or process weakness and an action (the data protection policy Appendix 6 §3.2.3)",
                                  dueOn: r.reviewDueOn, overdue: overdue(r.reviewDueOn)))
        }
        for r in s.sar where r.receivedOn <= last { overdueSteps(r.reference, .sar, r.dueSteps) }
        for r in s.thirdParty where r.receivedOn <= last { overdueSteps(r.reference, .thirdParty, r.dueSteps) }
        return out.sorted { a, b in
            if a.overdue != b.overdue { return a.overdue }
            switch (a.dueOn, b.dueOn) {
            case let (x?, y?) where x != y: return x < y
            case (_?, nil): return true
            case (nil, _?): return false
            default: break
            }
            return (a.reference, a.action) < (b.reference, b.action)
        }
    }

    static func stepWords(_ step: String) -> String {
        switch step {
        case "icoNotification": return "notify the ICO (72 hours, UK GDPR Art 33(1))"
        case "reportingForm": return "send the reporting form (the breach procedure §3.3)"
        case "investigation": return "conclude the investigation"
        case "response": return "answer the request"
        case "internalReview": return "decide the internal review"
        case "review": return "review the near miss"
        case "reportToBusinessManager": return "report to the Business Manager immediately (the breach procedure §3.1)"
        case "directorNotification": return "tell the Director upon hearing (the breach procedure §3.2)"
        case "headOfLegalNotification": return "tell the Head of Legal the same day (the breach procedure §3.2)"
        case "updatedReportingForm": return "send the updated reporting form within two weeks (the breach procedure §5.5)"
        case "pressOffice": return "inform the Press Office (the wrongful-release protocol)"
        case "legal": return "inform Legal (the wrongful-release protocol)"
        case "affectedPartyContact": return "contact the affected parties (the wrongful-release protocol Step 4)"
        case "outcomeLetter": return "send the outcome letter (the wrongful-release protocol Step 5)"
        default: return step
        }
    }

    /// The report as JSON.
    public func json() throws -> JSONValue { try JSONBridge.encode(self) }

    /// The figures as tables (text, CSV and the report page show these).
    public var tables: [ReportTable] {
        let b = breaches, n = nearMisses, a = subjectAccess
        var out: [ReportTable] = [
            ReportTable(id: "breaches", caption: "Breaches aware of in \(period) (\(from.iso) to \(to.iso))", header: ["figure", "count"], rows: [
                ["breaches", String(b.total)], ["sensitive", String(b.sensitive)],
                ["notified to the ICO", String(b.notifiedToICO)], ["notified within 72 hours", String(b.notifiedWithin72h)],
                ["notified after 72 hours", String(b.notifiedLate)], ["decided not to notify", String(b.decidedNotToNotify)],
                ["notification undecided", String(b.notificationUndecided)], ["data subjects told", String(b.subjectsTold)],
                ["people told", String(b.peopleTold)], ["investigations opened", String(b.investigationsOpened)], ["closed", String(b.closed)],
            ]),
            .counts(id: "breachesByCategory", caption: "Breaches by category", key: "category", b.byCategory),
            .counts(id: "breachesByService", caption: "Breaches by service", key: "service", b.byService),
            ReportTable(id: "nearMisses", caption: "Near misses occurring in \(period)", header: ["figure", "count"], rows: [
                ["near misses", String(n.total)], ["reported within 5 working days", String(n.reportedOnTime)], ["reviewed", String(n.reviewed)],
            ]),
            .counts(id: "nearMissesByCategory", caption: "Near misses by potential category", key: "category", n.byCategory),
            .counts(id: "nearMissesByService", caption: "Near misses by service", key: "service", n.byService),
            ReportTable(id: "subjectAccess", caption: "Subject access requests received in \(period)", header: ["figure", "count"], rows: [
                ["received", String(a.received)], ["answered", String(a.answered)], ["answered on time", String(a.answeredOnTime)],
                ["answered late", String(a.answeredLate)], ["unanswered and overdue", String(a.overdue)], ["withdrawn", String(a.withdrawn)],
                ["on time %", a.onTime.percent ?? "n/a"],
            ]),
        ]
        let t = thirdPartyDisclosures
        out.append(ReportTable(id: "thirdPartyDisclosures", caption: "Third-party disclosure requests received in \(period)", header: ["figure", "count"],
                               rows: [["received", String(t.received)], ["decided", String(t.decided)]]
                                   + t.byDecision.keys.sorted().map { ["decision: \($0)", String(t.byDecision[$0]!)] }))
        out.append(ReportTable(id: "openActions", caption: "Actions still open on \(today.iso)", header: ["reference", "register", "action", "due", "overdue", "detail"],
                               rows: openActions.map { [$0.reference, $0.register, $0.action, $0.dueOn?.iso ?? "", $0.overdue ? "yes" : "no", $0.detail] }))
        return out
    }

    /// The report as plain text with tables.
    public var text: String {
        "\(kind.title) \(period) (\(from.iso) to \(to.iso)), as of \(today.iso)\n\(basis)\n\n" + ReportTable.text(tables)
    }

    /// The report as CSV (`table,key,measure,value`).
    public var csv: String { ReportTable.csv(tables) }

    /// The report with the open actions on registers `mayRead` refuses left out (the figures are
    /// counts and stay).
    public func restricted(_ mayRead: (String) -> Bool) -> MonitoringReport {
        var r = self
        r.openActions = openActions.filter { mayRead($0.register) }
        return r
    }
}
