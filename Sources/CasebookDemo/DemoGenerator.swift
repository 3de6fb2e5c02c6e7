import Casework
import Foundation

/// A deterministic, realistic history of information-rights casework: FOI/EIR requests, subject
/// access requests, personal-data breaches and near misses, every event passing the lifecycle
/// rules, generated in the order the ledger should record them.
///
/// - Deterministic: the same `cases`, `seed`, `end` (and options) give the same events — ids,
///   payloads, times and order — on every run and platform. All randomness comes from
///   `DemoRandom` (xoshiro256**); each case draws from its own stream seeded by (seed, case number).
/// - Streaming: cases are generated in order of arrival and their events merged through a heap,
///   so memory holds only the cases still in progress, never the whole history.
/// - Time: arrivals are spread over the working hours (Europe/London, weekdays that are not bank
///   holidays in the policy's home division) of a window ending on `end`, with volume growing
///   gently over the years. Nothing is generated after `asOf` (default 18:00 London on `end`),
///   so recent cases are still open and the due lists are populated.
/// - Recording: most events are recorded within the hour; `lateEntryRate` of them days later
///   (the officer catching up, which also delays that case's later events). `recordedAt` is
///   rounded up to a multiple of `recordingTickSeconds`, so events recorded in the same tick share
///   one append and one ledger timestamp. The sequence is in non-decreasing `recordedAt` order.
///
/// Usage: iterate `events()` one by one, or `batches(maxEvents:)` for appendable groups.
public struct DemoGenerator: Sendable {
    /// The proportions of case kinds and request regimes.
    public struct Mix: Sendable, Hashable {
        /// Relative weights of FOI/EIR requests, SARs, breaches, near misses and third-party
        /// disclosure requests (default 100 : 5 : 2 : 3 : 2, the benchmark's ratio with a council's
        /// occasional police, court, parent and school requests for personal data).
        public var requests: Int
        public var subjectAccess: Int
        public var breaches: Int
        public var nearMisses: Int
        public var thirdPartyRequests: Int
        /// Percentage of requests handled under the EIR.
        public var eirPercent: Int
        /// Percentage of requests under FOISA; nil means 5 when the policy's home division is
        /// Scotland and 0 otherwise.
        public var foisaPercent: Int?
        /// One data-sharing agreement and one data handling complaint in every this many case
        /// slots (0: none). Default 50.
        public var informationGovernanceEvery: Int

        public init(requests: Int = 100, subjectAccess: Int = 5, breaches: Int = 2, nearMisses: Int = 3,
                    eirPercent: Int = 8, foisaPercent: Int? = nil, thirdPartyRequests: Int = 2, informationGovernanceEvery: Int = 50) {
            self.informationGovernanceEvery = informationGovernanceEvery
            self.requests = requests
            self.subjectAccess = subjectAccess
            self.breaches = breaches
            self.nearMisses = nearMisses
            self.thirdPartyRequests = thirdPartyRequests
            self.eirPercent = eirPercent
            self.foisaPercent = foisaPercent
        }
    }

    public let cases: Int
    public let seed: UInt64
    /// The last day of the window.
    public let end: LocalDate
    /// The first day of the window.
    public let start: LocalDate
    /// Nothing occurs or is recorded after this instant.
    public let asOf: Date
    public let policy: Policy
    public var mix = Mix()
    /// Probability that an event is recorded days after it occurred (default 0.02; the case's
    /// later events that occurred meanwhile are recorded in the same catch-up, so about 4–5% of
    /// events end up late entries).
    public var lateEntryRate = 0.02
    /// `recordedAt` is rounded up to a multiple of this many seconds (default 1800).
    public var recordingTickSeconds = 1800

    let asOfSeconds: Int64
    /// FOIA/EIR statutory working days (every UK division's bank holidays).
    let statutory: DemoCalendar
    /// FOISA working days (Scotland's bank holidays).
    let scottish: DemoCalendar
    /// The organisation's own working days (home division): SARs, internal steps, office hours.
    let home: DemoCalendar
    /// Home working days in the window, in order: where arrivals are placed.
    let officeDays: [Int]
    /// See `arrivalSeconds(officeDays:asOf:)`.
    let arrivalSeconds: Double

    /// The default window length: 2 years for up to 2,500 cases, growing to 10 years from 9,500.
    public static func defaultYears(forCases cases: Int) -> Int {
        min(10, max(2, (cases + 500) / 1000))
    }

    /// Creates a generator.
    /// - Parameters:
    ///   - cases: How many cases to open (≥ 0).
    ///   - seed: Fixes every random choice.
    ///   - end: The last day of the window (e.g. today).
    ///   - policy: The organisation's policy (home division, SAR rule, cost limit, time limits).
    ///   - years: The window length; default `defaultYears(forCases:)`.
    ///   - asOf: The cut-off instant (e.g. now, when `end` is today); default 18:00 Europe/London
    ///     on `end`. Nothing occurs after it, and when it falls in `end`'s office hours the arrivals
    ///     are spread only up to it. It should not be before `end`.
    ///   - holidays: The bank holiday calendar.
    public init(cases: Int, seed: UInt64, end: LocalDate, policy: Policy = .default, years: Int? = nil,
                asOf: Date? = nil, holidays: BankHolidayCalendar = .bundled) {
        precondition(cases >= 0, "the number of cases must not be negative")
        self.cases = cases
        self.seed = seed
        self.end = end
        self.policy = policy
        let span = max(1, years ?? Self.defaultYears(forCases: cases))
        let first = LocalDate(year: max(1, end.year - span), month: end.month,
                              day: min(end.day, LocalDate.daysInMonth(year: max(1, end.year - span), month: end.month)))!
            .adding(days: 1)
        self.start = first
        let cut = asOf.map { Int64($0.timeIntervalSince1970.rounded(.down)) }
            ?? DemoTime.instant(day: end.dayNumber, minute: 18 * 60)
        self.asOfSeconds = cut
        self.asOf = DemoTime.date(cut)
        let from = first.adding(days: -40)
        let through = end.adding(days: 800)
        statutory = DemoCalendar(WorkingDayCalendar(regime: .foia, holidays: holidays), from: from, through: through)
        scottish = DemoCalendar(WorkingDayCalendar(regime: .foisa, holidays: holidays), from: from, through: through)
        let homeCalendar = DemoCalendar(WorkingDayCalendar(holidays: holidays, divisions: [policy.homeDivision]),
                                        from: from, through: through)
        home = homeCalendar
        var days: [Int] = []
        for d in first.dayNumber...end.dayNumber where homeCalendar.isWorkingDay(d) { days.append(d) }
        if days.isEmpty { days = [end.dayNumber] }
        officeDays = days
        arrivalSeconds = Self.arrivalSeconds(officeDays: days, asOf: cut)
    }

    /// Every event, in recording order.
    public func events() -> DemoEvents { DemoEvents(generator: self) }

    /// The events grouped into appendable batches: each holds events with one `recordedAt`, at
    /// most `maxEvents` of them, in order. Record them one batch at a time with the ledger's clock
    /// set to the batch's `recordedAt`.
    public func batches(maxEvents: Int = 1000) -> DemoBatches {
        DemoBatches(generator: self, maxEvents: max(1, maxEvents))
    }

    /// Generates everything and counts it (no storage).
    public func summary() -> DemoSummary {
        var summary = DemoSummary()
        for batch in batches() { summary.add(batch, policy: policy) }
        return summary
    }

    // MARK: Arrivals

    /// Office minutes per day over which arrivals are spread (08:30 to 17:00).
    static let officeOpen = 8 * 60 + 30
    static let officeMinutes = 8 * 60 + 30

    /// The instant case `index` arrives: stratified over the window (case k lands in the k-th
    /// of `cases` equal slices of working time, jittered within it), so arrivals increase with k.
    /// A growth factor makes the last year about 40% busier than the first.
    func arrival(of index: Int) -> Int64 {
        var rng = DemoRandom(seed: SplitMix64.mix(seed ^ 0x5EED_A771_7A15_0000, UInt64(index)))
        let p = (Double(index) + rng.unit()) / Double(max(1, cases))
        let g = 0.4
        let warped = (-1 + (1 + 2 * g * p * (1 + g / 2)).squareRoot()) / g
        let totalSeconds = arrivalSeconds
        let position = min(max(0, warped * totalSeconds), totalSeconds - 1)
        let dayIndex = Int(position / Double(Self.officeMinutes * 60))
        let second = Int(position) - dayIndex * Self.officeMinutes * 60
        return DemoTime.instant(day: officeDays[dayIndex], minute: Self.officeOpen + second / 60, second: second % 60)
    }

    /// The office seconds over which arrivals are spread: every office day of the window, the
    /// last one only up to `asOf` when the cut-off falls in its office hours, so that every case
    /// arrives by the cut-off.
    static func arrivalSeconds(officeDays: [Int], asOf: Int64) -> Double {
        let full = officeMinutes * 60
        var last = full
        if let day = officeDays.last, DemoTime.day(asOf) == day {
            let open = DemoTime.instant(day: day, minute: officeOpen)
            last = Int(min(Int64(full), max(1, asOf - open)))
        }
        return Double(officeDays.count - 1) * Double(full) + Double(last)
    }

    /// Reference serial width: 4 digits while a prefix is unlikely to pass 9,999 a year, else 6.
    var serialWidth: Int {
        let years = max(1, Double(officeDays.count) / 252)
        return Double(cases) / years < 8000 ? 4 : 6
    }
}

// MARK: - Sequences

/// Every generated event in recording order (non-decreasing `recordedAt`).
public struct DemoEvents: Sequence, Sendable {
    let generator: DemoGenerator

    public func makeIterator() -> DemoEventIterator { DemoEventIterator(generator) }
}

/// Generated events grouped into appendable batches.
public struct DemoBatches: Sequence, Sendable {
    let generator: DemoGenerator
    let maxEvents: Int

    public struct Iterator: IteratorProtocol {
        var events: DemoEventIterator
        let maxEvents: Int
        var pending: DemoEvent?

        public mutating func next() -> DemoBatch? {
            guard let first = pending ?? events.next() else { return nil }
            pending = nil
            var batch = [first]
            while batch.count < maxEvents, let event = events.next() {
                if event.recordedAt != first.recordedAt {
                    pending = event
                    break
                }
                batch.append(event)
            }
            return DemoBatch(recordedAt: first.recordedAt, events: batch)
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(events: DemoEventIterator(generator), maxEvents: maxEvents)
    }
}

/// Generates cases in arrival order and releases their events in recording order.
public struct DemoEventIterator: IteratorProtocol {
    let generator: DemoGenerator
    var nextCase = 0
    var nextArrival: Int64?
    var heap = DemoHeap()
    /// The last serial used per "PREFIX-YEAR".
    var serials: [String: Int] = [:]
    var state = DemoState()

    init(_ generator: DemoGenerator) { self.generator = generator }

    public mutating func next() -> DemoEvent? {
        while nextCase < generator.cases {
            let arrival = nextArrival ?? generator.arrival(of: nextCase)
            // Every event of a later case is recorded at or after its arrival: release what precedes it.
            if let top = heap.peekRecorded, top <= arrival {
                nextArrival = arrival
                return heap.pop()
            }
            generateCase(nextCase, arrival: arrival)
            nextCase += 1
            nextArrival = nil
        }
        return heap.pop()
    }

    /// The next `PREFIX-YEAR-NNNN` of the year of `arrival`, or nil past 999,999 cases of a
    /// prefix in a year (the reference format's limit; such a case is skipped: benchmark scale
    /// is about 10,000 a year).
    mutating func nextReference(_ prefix: CaseReference.Prefix, arrival: Int64) -> CaseReference? {
        let key = "\(prefix.rawValue)-\(LocalDate(dayNumber: DemoTime.day(arrival)).year)"
        let serial = (serials[key] ?? 0) + 1
        serials[key] = serial
        let digits = String(serial)
        let width = max(generator.serialWidth, min(6, digits.count))
        return try? CaseReference(key + "-" + String(repeating: "0", count: max(0, width - digits.count)) + digits)
    }

    mutating func generateCase(_ index: Int, arrival: Int64) {
        var rng = DemoRandom(seed: SplitMix64.mix(generator.seed, UInt64(index)))
        let m = generator.mix
        var kind = rng.weighted([(CaseKind.request, m.requests), (.subjectAccess, m.subjectAccess),
                                 (.breach, m.breaches), (.nearMiss, m.nearMisses),
                                 (.thirdPartyDisclosure, m.thirdPartyRequests)])
        // Every `informationGovernanceEvery`th case slot (two in each run of that many) is a
        // data-sharing agreement or a data handling complaint; every other case draws as before.
        if m.informationGovernanceEvery > 0 {
            switch index % m.informationGovernanceEvery {
            case m.informationGovernanceEvery / 3: kind = .agreement
            case (2 * m.informationGovernanceEvery) / 3: kind = .complaint
            default: break
            }
        }
        var prefix: CaseReference.Prefix
        var regime: Regime = .foia
        switch kind {
        case .request:
            let foisa = m.foisaPercent ?? (generator.policy.homeDivision == .scotland ? 5 : 0)
            regime = rng.weighted([(Regime.eir, m.eirPercent), (.foisa, foisa), (.foia, max(0, 100 - m.eirPercent - foisa))])
            prefix = regime == .eir ? .eir : .foi
        case .subjectAccess: prefix = .sar
        case .breach: prefix = .breach
        case .nearMiss: prefix = .nearMiss
        case .thirdPartyDisclosure: prefix = .thirdPartyDisclosure
        case .agreement: prefix = .agreement
        case .complaint: prefix = .complaint
        }
        guard let reference = nextReference(prefix, arrival: arrival) else { return }
        var script = CaseScript(reference: reference, caseIndex: index, rng: rng, generator: generator)
        switch kind {
        case .request: script.request(regime: regime, arrival: arrival, state: &state)
        case .subjectAccess: script.subjectAccess(arrival: arrival, state: &state)
        case .breach: script.breach(arrival: arrival, state: &state)
        case .nearMiss: script.nearMiss(arrival: arrival)
        case .thirdPartyDisclosure: script.thirdPartyDisclosure(arrival: arrival)
        case .agreement: script.agreement(arrival: arrival)
        case .complaint: script.complaint(arrival: arrival)
        }
        var events = script.events
        if let channel = script.channelled {
            // s40(1): the request was for the requester's own data; the SAR it became opens with it.
            if let sar = nextReference(.sar, arrival: channel.at) {
                script.retargetChannel(to: sar)
                var sarScript = CaseScript(reference: sar, caseIndex: index,
                                           rng: DemoRandom(seed: SplitMix64.mix(generator.seed ^ 0x5334_3031, UInt64(index))), generator: generator)
                sarScript.subjectAccess(arrival: channel.at + 60, state: &state, channelledFrom: (reference, channel))
                events = script.events + sarScript.events
            }
        }
        for (order, event) in events.enumerated() {
            heap.push(DemoHeap.Entry(recorded: Int64(event.recordedAt.timeIntervalSince1970),
                                     occurred: Int64(event.occurredAt.timeIntervalSince1970),
                                     caseIndex: index, order: order, event: event))
        }
    }
}

/// Cross-case memory: what later cases may refer to (earlier responses, breach quotas).
struct DemoState {
    struct Response {
        var reference: CaseReference
        var sentAt: Int64
        var requester: Int
        var documents: [ReleasedDocument]
    }

    /// Recent FOI/EIR responses, oldest first, at most `capacity`.
    var responses: [Response] = []
    var responsesStart = 0
    static let capacity = 4096
    var breaches = 0

    mutating func remember(_ response: Response) {
        if responses.count < Self.capacity {
            responses.append(response)
        } else {
            responses[responsesStart] = response
            responsesStart = (responsesStart + 1) % Self.capacity
        }
    }

    /// The most recently remembered response matching `accept`.
    func latest(where accept: (Response) -> Bool) -> Response? {
        let n = responses.count
        for i in 0..<n {
            let r = responses[(responsesStart + n - 1 - i) % n]
            if accept(r) { return r }
        }
        return nil
    }
}

/// A binary min-heap of pending events keyed by (recordedAt, occurredAt, case, order in case).
///
/// The heap moves only small keys; the events wait in a slab, so sifting copies no strings.
struct DemoHeap {
    struct Entry {
        var recorded: Int64
        var occurred: Int64
        var caseIndex: Int
        var order: Int
        var event: DemoEvent
    }

    private struct Key {
        var recorded: Int64
        var occurred: Int64
        var caseIndex: Int
        var order: Int
        var slot: Int

        @inline(__always)
        func precedes(_ other: Key) -> Bool {
            if recorded != other.recorded { return recorded < other.recorded }
            if occurred != other.occurred { return occurred < other.occurred }
            if caseIndex != other.caseIndex { return caseIndex < other.caseIndex }
            return order < other.order
        }
    }

    private var keys: [Key] = []
    private var slab: [DemoEvent?] = []
    private var free: [Int] = []

    /// The recordedAt of the next event, if any.
    var peekRecorded: Int64? { keys.first?.recorded }
    var count: Int { keys.count }

    mutating func push(_ entry: Entry) {
        let slot: Int
        if let reused = free.popLast() {
            slab[reused] = entry.event
            slot = reused
        } else {
            slab.append(entry.event)
            slot = slab.count - 1
        }
        keys.append(Key(recorded: entry.recorded, occurred: entry.occurred, caseIndex: entry.caseIndex,
                        order: entry.order, slot: slot))
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard keys[i].precedes(keys[parent]) else { break }
            keys.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> DemoEvent? {
        guard !keys.isEmpty else { return nil }
        let slot = keys[0].slot
        let last = keys.removeLast()
        if !keys.isEmpty {
            keys[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var best = i
                if l < keys.count && keys[l].precedes(keys[best]) { best = l }
                if r < keys.count && keys[r].precedes(keys[best]) { best = r }
                if best == i { break }
                keys.swapAt(i, best)
                i = best
            }
        }
        let event = slab[slot]
        slab[slot] = nil
        free.append(slot)
        return event
    }
}
