import Foundation

/// An organisation's own choices where the law leaves room: its home division, internal time
/// limits, the SAR rule, cost-limit figures and retention periods.
///
/// It ships as `Resources/default-policy.json` (`Policy.default`); an organisation supplies its own
/// file through `Policy.load(from:)`, which refuses unknown fields, wrong types and out-of-range
/// values with an error naming the field. The JSON shape is `Schemas/policy.schema.json`.
/// Every field of the first release is required, so a policy file states every rule it applies;
/// the settings added since (`Policy.defaultedKeys`) take their defaults when a file written
/// before them leaves them out, so every existing ledger's policy file still loads. A ledger
/// created now writes them all.
public struct Policy: Sendable, Hashable, Codable {
    /// Which statutory rule sets the SAR time limit.
    public enum SARRule: String, Sendable, Hashable, Codable, CaseIterable {
        /// UK GDPR Art 12(3): one calendar month from the start, to the corresponding day (the
        /// month's last day where there is none), moved to the next working day when that day is
        /// not one; extendable to three months in all.
        case currentLaw
        /// The seed procedure's DPA 1998 s7(8),(10) rule: 40 days *beginning with* the start day,
        /// so day 40 is start + 39; no roll-forward and no extension existed.
        case fortyCalendarDays
    }

    /// FOIA s12 appropriate limit figures (Fees Regulations 2004 regs 3–4).
    public struct CostLimit: Sendable, Hashable, Codable {
        /// Staff time is costed at this rate (reg 4(4): £25 an hour).
        public var hourlyRatePence: Int
        /// The appropriate limit for authorities outside central government (reg 3(3): £450).
        public var limitPence: Int
        /// The appropriate limit for central government and Parliament (reg 3(2), Sch 1: £600).
        public var centralGovernmentLimitPence: Int
        /// True when the organisation is listed in Schedule 1 (central government).
        public var centralGovernment: Bool

        public init(hourlyRatePence: Int, limitPence: Int, centralGovernmentLimitPence: Int,
                    centralGovernment: Bool) {
            self.hourlyRatePence = hourlyRatePence
            self.limitPence = limitPence
            self.centralGovernmentLimitPence = centralGovernmentLimitPence
            self.centralGovernment = centralGovernment
        }

        /// The limit that applies to this organisation, in pence.
        public var appropriateLimitPence: Int { centralGovernment ? centralGovernmentLimitPence : limitPence }

        /// The limit expressed as whole hours of staff time (18 at £450/£25, 24 at £600/£25).
        public var appropriateLimitHours: Int { appropriateLimitPence / hourlyRatePence }
    }

    /// How long personal data is kept, in whole years after the case is closed; after that the
    /// per-person key is erased (crypto-shredding) and the anonymous register row remains.
    ///
    /// Defaults (the statute sets none; "no longer than necessary", UK GDPR Art 5(1)(e)):
    /// - FOI requester identity 3 years: the common UK public-sector schedule for FOI case files
    ///   (closure + 3 years, e.g. the NHS Records Management Code of Practice and local-government
    ///   retention guidelines), which outlasts the 2-month ICO complaint window and the
    ///   usual tribunal timetable; organisations extend it for cases under appeal.
    /// - SAR case 3 years: the same schedules treat SAR files like FOI files (closure + 3 years).
    /// - Breach 6 years: a data subject's claim for compensation (UK GDPR Art 82, DPA 2018 s168)
    ///   may be brought for 6 years (Limitation Act 1980 ss2, 5), and the Art 33(5) record must
    ///   let the ICO verify compliance for that long.
    /// - Near miss 3 years: long enough for the trend analysis of the data protection policy App. 6 §3.2.3 across several
    ///   annual reports; near misses involve no disclosure, so no claim period applies.
    public struct Retention: Sendable, Hashable, Codable {
        public var foiRequesterYears: Int
        public var sarYears: Int
        public var breachYears: Int
        public var nearMissYears: Int

        public init(foiRequesterYears: Int, sarYears: Int, breachYears: Int, nearMissYears: Int) {
            self.foiRequesterYears = foiRequesterYears
            self.sarYears = sarYears
            self.breachYears = breachYears
            self.nearMissYears = nearMissYears
        }

        /// The longest of the periods, in years.
        public var longestYears: Int { max(foiRequesterYears, sarYears, breachYears, nearMissYears) }
    }

    /// The organisation's name, as shown on registers and exports.
    public var organisationName: String
    /// The division whose bank holidays apply to SARs and internal steps.
    public var homeDivision: Division
    /// The regime a new request is logged under unless the officer chooses another.
    public var defaultRegime: Regime
    public var sarRule: SARRule
    public var costLimit: CostLimit
    /// FOI acknowledgement limit in clock hours from receipt (the FOI policy: 48 hours).
    public var acknowledgementHours: Int
    /// Breach reporting form, working days from discovery (the breach procedure §3: 2).
    public var breachReportWorkingDays: Int
    /// Updated breach reporting form, calendar days from discovery (the breach procedure §5.5 "two weeks": 14).
    public var breachUpdateCalendarDays: Int
    /// Near-miss report, working days from occurrence (the data protection policy App. 6 §3.2.1: 5).
    public var nearMissReportWorkingDays: Int
    /// Internal review, working days from the request for review (the FOI policy "Complaints": 20).
    public var internalReviewWorkingDays: Int
    /// Internal review in exceptional (complex) cases (the FOI policy: 40; at most 40).
    public var internalReviewMaxWorkingDays: Int
    /// ICO breach notification limit in clock hours from awareness (UK GDPR Art 33(1): 72; may be
    /// set lower as an internal target, never higher).
    public var icoNotificationHours: Int
    public var retention: Retention
    /// An event recorded this many hours or more after it occurred is flagged as a late entry.
    public var lateEntryThresholdHours: Int
    /// How far (in minutes) a step may be dated after the moment the ledger records it: a time
    /// typed to the nearest quarter hour, or a client clock a few minutes fast, still passes;
    /// anything later is a step that has not happened yet (default 15).
    public var futureToleranceMinutes: Int
    /// The earliest day any event may be dated (default 1990-01-01, before every regime the
    /// registers keep: EIR 1992, DPA 1998, FOIA 2000). Earlier dates are keying errors.
    public var earliestEventDate: LocalDate
    /// How many years after its recording an event's dates may lie: due dates and disposal dates
    /// are in the future by nature, but not by decades (default 10; at least the longest retention
    /// period, so a disposal date can always be recorded).
    public var latestEventYearsAhead: Int
    /// A SAR's fee or proof of identity must be asked for within this many working days of receipt
    /// for the clock to wait for it (the data protection policy §2.3.4: a fee cannot be charged
    /// later merely to extend the timescale; ID is requested promptly). Default 5.
    public var sarIdentityOrFeeRequestWorkingDays: Int
    /// The age from which a child data subject is presumed to have capacity to make their own
    /// subject access request, so that a parent or guardian acts only with the child's consent
    /// (the data protection policy §2.2.4: 12, the law in Scotland). Default 12.
    public var sarChildCapacityAge: Int
    /// A parent's request for an educational record and a school's request for a transferring
    /// pupil's record: "15 school days" (the data protection policy Appendix 4 §§2.5.3.2, 2.8.2).
    /// Casebook does not know school terms, so it counts working days of the home division
    /// (weekends and bank holidays skipped): in term time that is the statutory count, and in a
    /// school holiday the deadline comes earlier than the statutory one, never later. Default 15.
    public var thirdPartyEducationalRecordWorkingDays: Int
    /// Every other third-party request that is not a court order (which carries its own day): the
    /// council's own service standard, in working days from receipt, or from the day the missing
    /// details arrived. The policy sets no time; the default 20 is the council's usual standard for
    /// answering information requests (as for FOI), so a request is never left without a clock.
    public var thirdPartyDefaultWorkingDays: Int
    /// The most a parent may be charged for a copy of their child's educational record, in pence
    /// (the data protection policy Appendix 4 §2.5.3.2: "up to a maximum of £50.00"). Default 5000.
    public var parentEducationalRecordMaxFeePence: Int
    /// "Immediately" for a breach of sensitive information or one putting someone at risk (the
    /// breach procedure §3.1), and "upon hearing" / "the same day" for the escalations to the Director and the
    /// Head of Legal (§3.2), as working days after the working day it starts on: 0 (the default)
    /// is the same working day; a day that is not a working day counts from the next one.
    public var breachImmediateReportWorkingDays: Int
    /// A complaint about data handling or sharing is answered within this many working days of
    /// receipt (the data-sharing guidance §6 'Complaints Procedures' leaves the period to the
    /// organisation's published procedure; default 20, the period councils' corporate complaints
    /// procedures commonly give for a stage-one response).
    public var complaintResponseWorkingDays: Int
    /// The marking an export carries unless the officer gives another (the data-sharing guidance
    /// §5 'Security'); an export with unredacted personal data is at least OFFICIAL-SENSITIVE,
    /// PERSONAL AND CONFIDENTIAL. Default OFFICIAL.
    public var defaultMarking: SecurityMarking

    public init(organisationName: String, homeDivision: Division, defaultRegime: Regime,
                sarRule: SARRule, costLimit: CostLimit, acknowledgementHours: Int,
                breachReportWorkingDays: Int, breachUpdateCalendarDays: Int,
                nearMissReportWorkingDays: Int, internalReviewWorkingDays: Int,
                internalReviewMaxWorkingDays: Int, icoNotificationHours: Int, retention: Retention,
                lateEntryThresholdHours: Int, futureToleranceMinutes: Int = Policy.defaultFutureToleranceMinutes,
                earliestEventDate: LocalDate = Policy.defaultEarliestEventDate,
                latestEventYearsAhead: Int? = nil,
                sarIdentityOrFeeRequestWorkingDays: Int = Policy.defaultSARIdentityOrFeeRequestWorkingDays,
                sarChildCapacityAge: Int = Policy.defaultSARChildCapacityAge,
                thirdPartyEducationalRecordWorkingDays: Int = Policy.defaultThirdPartyEducationalRecordWorkingDays,
                thirdPartyDefaultWorkingDays: Int = Policy.defaultThirdPartyDefaultWorkingDays,
                parentEducationalRecordMaxFeePence: Int = Policy.defaultParentEducationalRecordMaxFeePence,
                breachImmediateReportWorkingDays: Int = Policy.defaultBreachImmediateReportWorkingDays,
                complaintResponseWorkingDays: Int = Policy.defaultComplaintResponseWorkingDays,
                defaultMarking: SecurityMarking = .official) {
        self.organisationName = organisationName
        self.homeDivision = homeDivision
        self.defaultRegime = defaultRegime
        self.sarRule = sarRule
        self.costLimit = costLimit
        self.acknowledgementHours = acknowledgementHours
        self.breachReportWorkingDays = breachReportWorkingDays
        self.breachUpdateCalendarDays = breachUpdateCalendarDays
        self.nearMissReportWorkingDays = nearMissReportWorkingDays
        self.internalReviewWorkingDays = internalReviewWorkingDays
        self.internalReviewMaxWorkingDays = internalReviewMaxWorkingDays
        self.icoNotificationHours = icoNotificationHours
        self.retention = retention
        self.lateEntryThresholdHours = lateEntryThresholdHours
        self.futureToleranceMinutes = futureToleranceMinutes
        self.earliestEventDate = earliestEventDate
        self.latestEventYearsAhead = latestEventYearsAhead ?? Policy.defaultLatestEventYearsAhead(for: retention)
        self.sarIdentityOrFeeRequestWorkingDays = sarIdentityOrFeeRequestWorkingDays
        self.sarChildCapacityAge = sarChildCapacityAge
        self.thirdPartyEducationalRecordWorkingDays = thirdPartyEducationalRecordWorkingDays
        self.thirdPartyDefaultWorkingDays = thirdPartyDefaultWorkingDays
        self.parentEducationalRecordMaxFeePence = parentEducationalRecordMaxFeePence
        self.breachImmediateReportWorkingDays = breachImmediateReportWorkingDays
        self.complaintResponseWorkingDays = complaintResponseWorkingDays
        self.defaultMarking = defaultMarking
    }

    // Defaults of the settings a policy file written before them may leave out.
    public static let defaultFutureToleranceMinutes = 15
    public static let defaultEarliestEventDate: LocalDate = "1990-01-01"
    public static let defaultLatestEventYearsAhead = 10
    /// Ten years, or the longest retention period when that is longer (so a policy file written
    /// before the setting, with a long retention period, still loads).
    public static func defaultLatestEventYearsAhead(for retention: Retention) -> Int {
        max(defaultLatestEventYearsAhead, retention.longestYears)
    }
    public static let defaultSARIdentityOrFeeRequestWorkingDays = 5
    public static let defaultSARChildCapacityAge = 12
    public static let defaultThirdPartyEducationalRecordWorkingDays = 15
    public static let defaultThirdPartyDefaultWorkingDays = 20
    public static let defaultParentEducationalRecordMaxFeePence = 5000
    public static let defaultBreachImmediateReportWorkingDays = 0
    public static let defaultComplaintResponseWorkingDays = 20

    enum CodingKeys: String, CodingKey, CaseIterable {
        case organisationName, homeDivision, defaultRegime, sarRule, costLimit, acknowledgementHours,
             breachReportWorkingDays, breachUpdateCalendarDays, nearMissReportWorkingDays,
             internalReviewWorkingDays, internalReviewMaxWorkingDays, icoNotificationHours, retention,
             lateEntryThresholdHours, futureToleranceMinutes, earliestEventDate, latestEventYearsAhead,
             sarIdentityOrFeeRequestWorkingDays, sarChildCapacityAge, thirdPartyEducationalRecordWorkingDays, thirdPartyDefaultWorkingDays,
             parentEducationalRecordMaxFeePence, breachImmediateReportWorkingDays, complaintResponseWorkingDays, defaultMarking
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        organisationName = try c.decode(String.self, forKey: .organisationName)
        homeDivision = try c.decode(Division.self, forKey: .homeDivision)
        defaultRegime = try c.decode(Regime.self, forKey: .defaultRegime)
        sarRule = try c.decode(SARRule.self, forKey: .sarRule)
        costLimit = try c.decode(CostLimit.self, forKey: .costLimit)
        acknowledgementHours = try c.decode(Int.self, forKey: .acknowledgementHours)
        breachReportWorkingDays = try c.decode(Int.self, forKey: .breachReportWorkingDays)
        breachUpdateCalendarDays = try c.decode(Int.self, forKey: .breachUpdateCalendarDays)
        nearMissReportWorkingDays = try c.decode(Int.self, forKey: .nearMissReportWorkingDays)
        internalReviewWorkingDays = try c.decode(Int.self, forKey: .internalReviewWorkingDays)
        internalReviewMaxWorkingDays = try c.decode(Int.self, forKey: .internalReviewMaxWorkingDays)
        icoNotificationHours = try c.decode(Int.self, forKey: .icoNotificationHours)
        retention = try c.decode(Retention.self, forKey: .retention)
        lateEntryThresholdHours = try c.decode(Int.self, forKey: .lateEntryThresholdHours)
        futureToleranceMinutes = try c.decodeIfPresent(Int.self, forKey: .futureToleranceMinutes)
            ?? Policy.defaultFutureToleranceMinutes
        earliestEventDate = try c.decodeIfPresent(LocalDate.self, forKey: .earliestEventDate)
            ?? Policy.defaultEarliestEventDate
        latestEventYearsAhead = try c.decodeIfPresent(Int.self, forKey: .latestEventYearsAhead)
            ?? Policy.defaultLatestEventYearsAhead(for: retention)
        sarIdentityOrFeeRequestWorkingDays = try c.decodeIfPresent(Int.self, forKey: .sarIdentityOrFeeRequestWorkingDays)
            ?? Policy.defaultSARIdentityOrFeeRequestWorkingDays
        sarChildCapacityAge = try c.decodeIfPresent(Int.self, forKey: .sarChildCapacityAge)
            ?? Policy.defaultSARChildCapacityAge
        thirdPartyEducationalRecordWorkingDays = try c.decodeIfPresent(Int.self, forKey: .thirdPartyEducationalRecordWorkingDays)
            ?? Policy.defaultThirdPartyEducationalRecordWorkingDays
        thirdPartyDefaultWorkingDays = try c.decodeIfPresent(Int.self, forKey: .thirdPartyDefaultWorkingDays)
            ?? Policy.defaultThirdPartyDefaultWorkingDays
        parentEducationalRecordMaxFeePence = try c.decodeIfPresent(Int.self, forKey: .parentEducationalRecordMaxFeePence)
            ?? Policy.defaultParentEducationalRecordMaxFeePence
        breachImmediateReportWorkingDays = try c.decodeIfPresent(Int.self, forKey: .breachImmediateReportWorkingDays)
            ?? Policy.defaultBreachImmediateReportWorkingDays
        complaintResponseWorkingDays = try c.decodeIfPresent(Int.self, forKey: .complaintResponseWorkingDays)
            ?? Policy.defaultComplaintResponseWorkingDays
        defaultMarking = try c.decodeIfPresent(SecurityMarking.self, forKey: .defaultMarking) ?? .official
    }

    /// True when an event recorded at `recordedAt` is a late entry for one that occurred at
    /// `occurredAt` (recorded `lateEntryThresholdHours` or more afterwards).
    public func isLateEntry(occurredAt: Date, recordedAt: Date) -> Bool {
        recordedAt.timeIntervalSince(occurredAt) >= Double(lateEntryThresholdHours) * 3600
    }
}
