import Casework
import Foundation
import LedgerStore

/// FOI and EIR request statistics in the form the section 45 Code of Practice asks public
/// authorities to publish (FOIA s45; the FOI policy 'Information Commissioners Office': the ICO's
/// 90% benchmark and an annual FOI report of the compliance rate for the financial year), for a
/// quarter or a year.
///
/// Scope rules: requests count in the period they were received, withdrawn and transferred ones
/// included. Outcomes, refusals and exemptions are as each request stands on `today` (a further
/// response after an internal review replaces the outcome; the exemptions relied on accumulate).
/// "Answered in time" is the compliance report's timeliness: answered, or unanswered past the due
/// day, over those; withdrawn and transferred requests are left out. Internal reviews and ICO
/// complaints count in the period they were requested or received, with the outcomes decided by
/// `today`.
public struct RequestStatistics: Codable, Sendable, Hashable {
    public struct Refusals: Codable, Sendable, Hashable {
        /// Responses refusing the request in full (outcome `refused`), procedural refusals included.
        public var inFull = 0
        /// Responses granting in part and withholding the rest (outcome `grantedInPart`).
        public var inPart = 0
        /// Section or regulation → requests refused in full relying on it.
        public var inFullByExemption: [String: Int] = [:]
        /// Section or regulation → requests refused in part relying on it.
        public var inPartByExemption: [String: Int] = [:]
        /// Refused because answering would exceed the appropriate limit (FOIA s12).
        public var costLimit = 0
        /// Refused as vexatious or repeated (FOIA s14).
        public var vexatious = 0
        /// Neither confirmed nor denied.
        public var neitherConfirmNorDeny = 0
    }

    public struct Reviews: Codable, Sendable, Hashable {
        public var requested = 0
        public var decided = 0
        public var decidedOnTime = 0
        public var byOutcome: [String: Int] = [:]
        public var pending = 0
    }

    public struct Complaints: Codable, Sendable, Hashable {
        public var received = 0
        public var decisionNotices = 0
        public var byOutcome: [String: Int] = [:]
        public var pending = 0
    }

    public var period: String
    public var from: LocalDate
    public var to: LocalDate
    public var today: LocalDate
    public var benchmarkPercent = ComplianceReport.benchmarkPercent
    /// Every request received in the period, withdrawn and transferred ones included.
    public var received = 0
    public var receivedByRegime: [String: Int] = [:]
    public var withdrawn = 0
    public var transferred = 0
    public var answered = 0
    public var answeredInTime = 0
    public var answeredLate = 0
    /// Unanswered and not yet due, or with the clock stopped (clarification, fee).
    public var open = 0
    /// Unanswered and past the due day.
    public var overdue = 0
    /// Answered in time over answered plus overdue, against the benchmark.
    public var inTime = Timeliness()
    /// Requests whose deadline was extended (PIT, FOIA s10(3); EIR reg 7).
    public var extended = 0
    /// Outcome of the response → requests.
    public var outcomes: [String: Int] = [:]
    public var refusals = Refusals()
    public var internalReviews = Reviews()
    public var icoComplaints = Complaints()

    /// Computes the statistics for `period` from a snapshot of the registers, judged on `today`.
    public init(period: ReportPeriod, snapshot s: RegisterSnapshot, today: LocalDate) {
        self.period = period.label
        self.from = period.from
        self.to = period.to
        self.today = today
        for r in s.foi where period.contains(r.receivedOn) {
            received += 1
            receivedByRegime[r.regime, default: 0] += 1
            if r.extensionWorkingDays > 0 { extended += 1 }
            if r.respondedOn == nil && r.isClosedWithoutResponse {
                if r.status == "transferred" { transferred += 1 } else { withdrawn += 1 }
                continue
            }
            let standing = Timeliness.Standing(respondedOn: r.respondedOn, onTime: r.onTime, dueOn: r.dueOn, today: today)
            inTime.add(standing)
            switch standing {
            case .answered(let onTime):
                answered += 1
                if onTime { answeredInTime += 1 } else { answeredLate += 1 }
            case .overdue: overdue += 1
            case .notYetDue: open += 1
            }
            guard r.respondedOn != nil, let outcome = r.outcome else { continue }
            outcomes[outcome, default: 0] += 1
            switch outcome {
            case "refused":
                refusals.inFull += 1
                for e in Set(r.exemptions) { refusals.inFullByExemption[e, default: 0] += 1 }
            case "grantedInPart":
                refusals.inPart += 1
                for e in Set(r.exemptions) { refusals.inPartByExemption[e, default: 0] += 1 }
            case "neitherConfirmNorDeny":
                refusals.neitherConfirmNorDeny += 1
            default: break
            }
            switch r.proceduralRefusal {
            case "costLimit"?: refusals.costLimit += 1
            case "vexatious"?: refusals.vexatious += 1
            default: break
            }
        }
        for r in s.foi {
            if let review = r.internalReview, period.contains(review.requestedOn) {
                internalReviews.requested += 1
                if review.decidedOn != nil {
                    internalReviews.decided += 1
                    if review.onTime == true { internalReviews.decidedOnTime += 1 }
                    internalReviews.byOutcome[review.outcome ?? "unknown", default: 0] += 1
                } else {
                    internalReviews.pending += 1
                }
            }
            if let c = r.regulatorComplaint, period.contains(c.receivedOn) {
                icoComplaints.received += 1
                if c.decisionReceivedOn != nil {
                    icoComplaints.decisionNotices += 1
                    icoComplaints.byOutcome[c.decisionOutcome ?? "unknown", default: 0] += 1
                } else {
                    icoComplaints.pending += 1
                }
            }
        }
    }

    /// The statistics as JSON.
    public func json() throws -> JSONValue { try JSONBridge.encode(self) }

    /// The figures as tables.
    public var tables: [ReportTable] {
        func byExemption(_ full: [String: Int], _ part: [String: Int]) -> [[String]] {
            Set(full.keys).union(part.keys).sorted().map { [$0, String(full[$0] ?? 0), String(part[$0] ?? 0)] }
        }
        var requests: [[String]] = [["received (withdrawn included)", String(received)]]
        for regime in receivedByRegime.keys.sorted() { requests.append(["received under \(regime.uppercased())", String(receivedByRegime[regime]!)]) }
        requests += [
            ["withdrawn", String(withdrawn)], ["transferred", String(transferred)],
            ["answered", String(answered)], ["answered in time", String(answeredInTime)], ["answered late", String(answeredLate)],
            ["unanswered, overdue", String(overdue)], ["unanswered, not yet due", String(open)],
            ["in time % (benchmark \(benchmarkPercent)%)", inTime.percent ?? "n/a"],
            ["deadline extended", String(extended)],
        ]
        var reviews: [[String]] = [
            ["requested", String(internalReviews.requested)], ["decided", String(internalReviews.decided)],
            ["decided on time", String(internalReviews.decidedOnTime)], ["pending", String(internalReviews.pending)],
        ]
        for o in internalReviews.byOutcome.keys.sorted() { reviews.append(["outcome: \(o)", String(internalReviews.byOutcome[o]!)]) }
        var complaints: [[String]] = [
            ["received", String(icoComplaints.received)], ["decision notices", String(icoComplaints.decisionNotices)],
            ["pending", String(icoComplaints.pending)],
        ]
        for o in icoComplaints.byOutcome.keys.sorted() { complaints.append(["decision: \(o)", String(icoComplaints.byOutcome[o]!)]) }
        return [
            ReportTable(id: "requests", caption: "FOI and EIR requests received in \(period) (\(from.iso) to \(to.iso))", header: ["figure", "count"], rows: requests),
            .counts(id: "outcomes", caption: "Outcomes of the responses", key: "outcome", outcomes),
            ReportTable(id: "refusals", caption: "Refusals", header: ["figure", "count"], rows: [
                ["refused in full", String(refusals.inFull)], ["refused in part", String(refusals.inPart)],
                ["cost limit (s12)", String(refusals.costLimit)], ["vexatious or repeated (s14)", String(refusals.vexatious)],
                ["neither confirm nor deny", String(refusals.neitherConfirmNorDeny)],
            ]),
            ReportTable(id: "exemptions", caption: "Exemptions and exceptions relied on", header: ["exemption", "refused in full", "refused in part"],
                        rows: byExemption(refusals.inFullByExemption, refusals.inPartByExemption)),
            ReportTable(id: "internalReviews", caption: "Internal reviews requested in \(period)", header: ["figure", "count"], rows: reviews),
            ReportTable(id: "icoComplaints", caption: "Complaints to the ICO received in \(period)", header: ["figure", "count"], rows: complaints),
        ]
    }

    /// The statistics as plain text.
    public var text: String {
        "FOI and EIR request statistics \(period) (\(from.iso) to \(to.iso)), as of \(today.iso)\n"
            + "In the form of the section 45 Code of Practice; requests count in the period received.\n\n" + ReportTable.text(tables)
    }

    /// The statistics as CSV (`table,key,measure,value`).
    public var csv: String { ReportTable.csv(tables) }
}
