import Casework
import Foundation
import LedgerStore

/// A step of a case still outstanding, with its deadline: what the due list shows, what makes a
/// row overdue, and what the due index (`reg.due`) holds. One definition for all three.
public struct DueStep: Sendable, Hashable {
    /// response, acknowledgement, internalReview, icoNotification, reportingForm, investigation, review;
    /// for breaches also reportToBusinessManager, directorNotification, headOfLegalNotification,
    /// updatedReportingForm, pressOffice, legal, affectedPartyContact, outcomeLetter.
    public var step: String
    /// The deadline's day in Europe/London; the step is overdue on any later day.
    public var dueOn: LocalDate
    /// The deadline's instant, for hour clocks (acknowledgement, ICO notification).
    public var instant: Date?

    public init(_ step: String, dueOn: LocalDate, instant: Date? = nil) {
        self.step = step
        self.dueOn = dueOn
        self.instant = instant
    }

    init?(_ step: String, day: LocalDate?) {
        guard let day else { return nil }
        self.init(step, dueOn: day)
    }

    init?(_ step: String, instant text: String) {
        guard let at = DeadlineMoment.parseRFC3339(text) else { return nil }
        self.init(step, dueOn: LocalDate(at), instant: at)
    }
}

extension RegisterRow {
    /// The names of the steps overdue on `today` (due before it), in `dueSteps` order.
    func overdueSteps(on today: LocalDate) -> [String] {
        dueSteps.filter { today > $0.dueOn }.map(\.step)
    }
}

extension FOIRow {
    public var dueSteps: [DueStep] {
        var steps: [DueStep?] = []
        if respondedOn == nil && !isClosedWithoutResponse {
            steps.append(DueStep("response", day: dueOn))
            if acknowledgedAt == nil { steps.append(DueStep("acknowledgement", instant: acknowledgementDueAt)) }
        }
        if let review = internalReview, review.decidedOn == nil { steps.append(DueStep("internalReview", day: review.dueOn)) }
        return steps.compactMap { $0 }
    }
}

extension SARRow {
    public var dueSteps: [DueStep] {
        var steps: [DueStep?] = []
        if respondedOn == nil && closedOn == nil { steps.append(DueStep("response", day: dueOn)) }
        if let review = internalReview, review.decidedOn == nil { steps.append(DueStep("internalReview", day: review.dueOn)) }
        return steps.compactMap { $0 }
    }
}

extension BreachRow {
    public var dueSteps: [DueStep] {
        guard closedOn == nil else { return [] }
        var steps: [DueStep?] = []
        if icoNotificationPending { steps.append(DueStep("icoNotification", instant: icoDueAt)) }
        if reportingFormSentAt == nil { steps.append(DueStep("reportingForm", day: reportingFormDueOn)) }
        if investigationConcludedOn == nil { steps.append(DueStep("investigation", day: investigationDueOn)) }
        return steps.compactMap { $0 } + escalationDueSteps
    }
}

extension NearMissRow {
    public var dueSteps: [DueStep] {
        reviewedOn == nil ? [DueStep("review", day: reviewDueOn)].compactMap { $0 } : []
    }
}

extension DisclosureRow {
    public var dueSteps: [DueStep] { [] }
}

extension ThirdPartyRow {
    /// The answer (disclosure or refusal) by the due day: the court order's, 15 school days for
    /// educational records, else the policy default (the data protection policy Appendix 4).
    public var dueSteps: [DueStep] {
        closedOn == nil ? [DueStep("response", day: dueOn)].compactMap { $0 } : []
    }
}

extension AgreementRow {
    /// The next review, until the agreement ends (the data protection policy Appendix 5).
    public var dueSteps: [DueStep] {
        endedOn == nil ? [DueStep("review", dueOn: reviewDueOn)] : []
    }
}

extension ComplaintRow {
    /// The answer, `complaintResponseWorkingDays` after receipt (the data-sharing guidance §6).
    public var dueSteps: [DueStep] {
        respondedOn == nil ? [DueStep("response", day: responseDueOn)].compactMap { $0 } : []
    }
}

/// The due index: one key per outstanding step, ordered by due day, so "overdue on X" and the due
/// list read only the steps due by then.
///
/// Key: due day (`LocalDate.dayNumber` + 2^31, u32 big-endian) ‖ register (1 byte, its index in
/// `RegisterName.allCases`) ‖ case reference ‖ 0 ‖ step. Value: the instant in Unix milliseconds
/// (i64 big-endian) for hour clocks, else empty.
public enum DueIndex {
    public static let table = "reg.due"

    public struct Entry: Sendable, Hashable {
        public var register: RegisterName
        public var reference: String
        public var step: DueStep
    }

    static func dayKey(_ day: LocalDate) -> [UInt8] {
        let biased = UInt32(truncatingIfNeeded: Int64(day.dayNumber) + Int64(1 << 31))
        return withUnsafeBytes(of: biased.bigEndian) { Array($0) }
    }

    static func registerByte(_ name: RegisterName) -> UInt8 { UInt8(RegisterName.allCases.firstIndex(of: name)!) }

    static func key(_ name: RegisterName, _ reference: String, _ step: DueStep) -> [UInt8] {
        dayKey(step.dueOn) + [registerByte(name)] + Array(reference.utf8) + [0] + Array(step.step.utf8)
    }

    static func value(_ step: DueStep) -> [UInt8] {
        guard let at = step.instant else { return [] }
        let ms = Int64((at.timeIntervalSince1970 * 1000).rounded())
        return withUnsafeBytes(of: ms.bigEndian) { Array($0) }
    }

    /// A stored key and value read back (nil for a key that is not one: damaged, never trapped on).
    public static func entry(key k: UnsafeRawBufferPointer, value v: UnsafeRawBufferPointer) -> Entry? {
        guard k.count >= 6 else { return nil }
        let biased = k.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let dayNumber = Int(Int64(biased) - Int64(1 << 31))
        // Years 1...9999 only: a damaged key is skipped, never trapped on.
        guard (-719_162...2_932_896).contains(dayNumber), Int(k[4]) < RegisterName.allCases.count else { return nil }
        let day = LocalDate(dayNumber: dayNumber)
        let rest = k.dropFirst(5)
        guard let zero = rest.firstIndex(of: 0) else { return nil }
        let reference = String(decoding: rest[rest.startIndex..<zero], as: UTF8.self)
        let step = String(decoding: rest[(zero + 1)...], as: UTF8.self)
        var instant: Date?
        if v.count == 8 {
            let ms = Int64(bitPattern: v.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
            instant = Date(timeIntervalSince1970: Double(ms) / 1000)
        }
        return Entry(register: RegisterName.allCases[Int(k[4])], reference: reference, step: DueStep(step, dueOn: day, instant: instant))
    }

    /// Replaces a row's keys: those of `old` removed, those of `new` added.
    static func update(_ name: RegisterName, _ reference: String, old: [DueStep], new: [DueStep], in txn: Transaction) throws {
        guard old != new else { return }
        let db = txn.database(table)
        for s in old { _ = try txn.delete(db, key(name, reference, s)) }
        for s in new { try txn.put(db, key(name, reference, s), value(s)) }
    }

    /// Every step due on or before `last` (all of them when nil), in key order.
    static func entries(in log: LogView, through last: LocalDate?, registers: Set<RegisterName>? = nil) throws -> [Entry] {
        var out: [Entry] = []
        let end = last.map { dayKey($0) }
        try log.transaction.scan(log.transaction.database(table)) { k, v in
            if let end, end.lexicographicallyPrecedes(k.prefix(4)) { return false }  // due after `last`
            guard let e = entry(key: k, value: v) else { return true }
            if registers?.contains(e.register) ?? true { out.append(e) }
            return true
        }
        return out
    }
}
