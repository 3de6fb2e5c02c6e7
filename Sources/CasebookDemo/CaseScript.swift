import Casework
import Crypto
import Foundation

/// Who records an event: an officer id and a free-text role.
struct DemoActor: Sendable {
    var id: String
    var role: String

    static func officer(_ id: String) -> DemoActor { DemoActor(id: id, role: "officer") }
    static func legal(_ id: String) -> DemoActor { DemoActor(id: id, role: "legal") }
    static func reviewer(_ id: String) -> DemoActor { DemoActor(id: id, role: "reviewer") }
}

/// One case being written: its events so far, the random stream it draws from, and helpers for
/// realistic times. Times are whole seconds since 1970 (UTC); days are day numbers (London).
struct CaseScript {
    let reference: CaseReference
    let caseIndex: Int
    var rng: DemoRandom
    let generator: DemoGenerator
    private(set) var events: [DemoEvent] = []
    /// The latest occurredAt so far; later events never occur before it.
    private(set) var cursor: Int64 = .min
    private var lastRecorded: Int64 = .min
    /// Set once an event would be recorded after `asOf`: the case stops there (still open).
    private(set) var stopped = false
    /// A request channelled to subject access (s40(1)): the generator opens the SAR it names.
    var channelled: ChannelledRequest?

    /// What the SAR opened by a channelled request takes from it.
    struct ChannelledRequest {
        /// The index in `events` of the `ChannelledToSubjectAccess`, whose `sarCase` the generator sets.
        var eventIndex: Int
        var at: Int64
        var receivedAt: Int64
        var requester: Requester
        var summary: String
        var service: String
        var channel: RequestChannel
    }

    /// Points the channel event at the SAR the generator allocated.
    mutating func retargetChannel(to sar: CaseReference) {
        guard let c = channelled, c.eventIndex < events.count, var p = events[c.eventIndex].payload as? ChannelledToSubjectAccess else { return }
        p.sarCase = sar
        events[c.eventIndex].payload = p
    }

    init(reference: CaseReference, caseIndex: Int, rng: DemoRandom, generator: DemoGenerator) {
        self.reference = reference
        self.caseIndex = caseIndex
        self.rng = rng
        self.generator = generator
    }

    // MARK: Recording

    /// Adds an event occurring at `time` (moved forward to the cursor if earlier); `make` builds
    /// the payload from the final occurrence time. Returns the event id, or nil once the case has
    /// stopped at the cut-off.
    @discardableResult
    mutating func add(_ time: Int64, _ actor: DemoActor, _ make: (Int64) -> any EventPayload) -> UUID? {
        let random = rng.uuid()
        guard !stopped else { return nil }
        let occurred = max(time, cursor)
        var recorded = occurred + Int64(rng.int(1...40) * 60)
        if rng.chance(generator.lateEntryRate) {
            // Recorded days later, in office hours: a late entry — unless that would be after the
            // cut-off, when it is recorded promptly instead (so every case that arrived is opened).
            let late = office(generator.home.adding(rng.int(2...9), after: DemoTime.day(occurred)))
            if late <= generator.asOfSeconds { recorded = max(recorded, late) }
        }
        let tick = Int64(max(1, generator.recordingTickSeconds))
        recorded = ((recorded + tick - 1) / tick) * tick
        recorded = max(recorded, lastRecorded)
        guard occurred <= generator.asOfSeconds else {
            stopped = true
            return nil
        }
        // Something that happened just before the cut-off is recorded by then.
        recorded = min(recorded, generator.asOfSeconds)
        let payload = make(occurred)
        // Time-ordered like the ids Casebook makes (UUIDv7 at the recording moment), from the
        // same generated bits, so the history stays deterministic.
        let id = DemoRandom.timeOrdered(random, recordedAt: recorded)
        events.append(DemoEvent(
            caseReference: reference, payload: payload, occurredAt: DemoTime.date(occurred),
            recordedAt: DemoTime.date(recorded), actorId: actor.id, actorRole: actor.role, eventId: id,
            opensCase: events.isEmpty))
        cursor = occurred
        lastRecorded = recorded
        return id
    }

    // MARK: Time helpers

    /// A time in office hours (09:00–17:00 London) on `day`.
    mutating func office(_ day: Int) -> Int64 {
        DemoTime.instant(day: day, minute: 9 * 60 + rng.int(0...479), second: rng.int(0...59))
    }

    /// A time in office hours `n` working days (of `calendar`) after the day of `time`; when
    /// `n` is 0, later the same day if the office is still open, else the next working day.
    mutating func workingDays(_ n: Int, after time: Int64, _ calendar: DemoCalendar) -> Int64 {
        let day = DemoTime.day(time)
        if n <= 0 { return minutes(rng.int(15...150), after: time, calendar) }
        return max(office(calendar.adding(n, after: day)), time + 60)
    }

    /// `m` minutes after `time`, moved to the next working morning when that falls after 17:30
    /// or on a non-working day.
    mutating func minutes(_ m: Int, after time: Int64, _ calendar: DemoCalendar) -> Int64 {
        let t = time + Int64(m * 60)
        let day = DemoTime.day(t)
        if calendar.isWorkingDay(day) && DemoTime.minuteOfDay(t) <= 17 * 60 + 30 && DemoTime.minuteOfDay(t) >= 8 * 60 {
            return t
        }
        let next = DemoTime.minuteOfDay(t) < 8 * 60 && calendar.isWorkingDay(day) ? day : calendar.adding(1, after: day)
        return max(DemoTime.instant(day: next, minute: 9 * 60 + rng.int(0...90)), time + 60)
    }

    /// Calendar days later, at an office time on the next working day on or after that day.
    mutating func calendarDays(_ n: Int, after time: Int64, _ calendar: DemoCalendar) -> Int64 {
        let day = calendar.nextWorkingDay(onOrAfter: DemoTime.day(time) + n)
        return max(office(day), time + 60)
    }

    /// The office time on `day` but never before `time` (then the next working day).
    mutating func onDay(_ day: Int, notBefore time: Int64, _ calendar: DemoCalendar) -> Int64 {
        let t = office(calendar.nextWorkingDay(onOrAfter: day))
        return t > time ? t : workingDays(0, after: time, calendar)
    }

    // MARK: Text helpers

    /// A day number as a payload's day.
    static func day(_ dayNumber: Int) -> LocalDate { LocalDate(dayNumber: dayNumber) }

    /// The template with `{period}`, `{place}` and `{year}` filled in.
    func fill(_ template: String, year: Int, place: String) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            switch rest[rest.index(after: open)..<close] {
            case "period": out += "\(year - 3) to \(year - 1)"
            case "place": out += place
            case "year": out += String(year - 2)
            default: out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// A released document: its title and the SHA-256 of a deterministic text naming the case.
    func document(_ title: String, _ n: Int = 1) -> ReleasedDocument {
        ReleasedDocument(title: title, sha256: hexString(SHA256.hash(data: Data("casebook-demo|\(reference.rawValue)|\(n)|\(title)".utf8))))
    }
}

// MARK: - People

/// Obviously fictional people, by index: the same index is the same person (same e-mail) in
/// every case, which is how repeat requesters arise.
enum DemoPeople {
    /// Frequent requesters (journalists, campaigners, councillors, businesses, regulars): indices 0..<40.
    static let frequentCount = 40

    static func name(_ index: Int) -> (first: String, last: String, variant: Int) {
        let f = DemoVocabulary.firstNames, l = DemoVocabulary.surnames
        let first = f[index % f.count]
        let last = l[(index / f.count + index) % l.count]
        return (first, last, index / (f.count * l.count))
    }

    /// A person's "First Last".
    static func fullName(_ index: Int) -> String {
        let (first, last, _) = name(index)
        return "\(first) \(last)"
    }

    /// The requester type of a person (frequent ones have a fixed type; others are individuals
    /// or chosen per request).
    static func frequentType(_ index: Int) -> RequesterType {
        switch index % 8 {
        case 0, 1: .media
        case 2: .campaign
        case 3: .mpOrElected
        case 4: .business
        default: .individual
        }
    }

    static func requester(_ index: Int, type: RequesterType, channel: RequestChannel) -> Requester {
        let (first, last, variant) = name(index)
        let local = "\(first).\(last)\(variant > 0 ? String(variant) : "")".lowercased()
        var displayName = "\(first) \(last)"
        let domain: String
        switch type {
        case .media:
            domain = "newsroom.example"
            displayName += ", " + DemoVocabulary.mediaOutlets[index % DemoVocabulary.mediaOutlets.count]
        case .campaign:
            domain = "campaign.example"
            displayName += " (" + DemoVocabulary.campaigns[index % DemoVocabulary.campaigns.count] + ")"
        case .business:
            domain = "business.example"
            displayName += " (" + DemoVocabulary.businesses[index % DemoVocabulary.businesses.count] + ")"
        case .mpOrElected:
            displayName = "Cllr " + displayName
            domain = "councillors.example"
        default:
            domain = DemoVocabulary.emailDomains[index % DemoVocabulary.emailDomains.count]
        }
        let street = DemoVocabulary.streets[index % DemoVocabulary.streets.count]
        let town = DemoVocabulary.towns[(index / 7) % DemoVocabulary.towns.count]
        let address = channel == .post || channel == .inPerson
            ? "\(index % 97 + 1) \(street), \(town) ZZ\(index % 9 + 1) \(index % 10)XX" : nil
        let phone = index % 5 == 0 ? "07700 900" + pad(index % 1000, 3) : nil
        return Requester(name: displayName, email: channel == .post ? nil : "\(local)@\(domain)",
                         address: address, phone: phone)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// A council officer's contact for a reporting form (fictional).
    static func staff(_ index: Int, jobTitle: String, service: String) -> OfficerContact {
        let (first, last, _) = name(index + 1000)
        return OfficerContact(name: "\(first) \(last)", jobTitle: jobTitle, service: service,
                              contact: "\(first).\(last)@council.example".lowercased())
    }
}

private func hexString(_ digest: some Sequence<UInt8>) -> String {
    digest.map { String(format: "%02x", $0) }.joined()
}
