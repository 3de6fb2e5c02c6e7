import Foundation

/// A question for the deadline calculator as an officer asks it (the `casebook deadline`
/// command and the HTTP API's calculator): which clock, when the request arrived, and the
/// pauses and extensions so far.
public struct DeadlineRequest: Sendable, Hashable, Codable {
    public enum Clock: String, Sendable, Hashable, Codable, CaseIterable {
        case foia, eir, foisa, sar
        case internalReview = "internal-review"
        case breach, ack
        case breachReport = "breach-report"
        case nearMiss = "near-miss"
        /// A third-party disclosure request other than a court order (the data protection policy
        /// Appendix 4; `clarified`: the day the missing details arrived).
        case thirdParty = "third-party"
        /// A parent's educational-record request or a school's pupil transfer (Appendix 4 §§2.5.3.2, 2.8.2).
        case educationalRecord = "educational-record"
    }

    public var clock: Clock
    /// A date (`2026-01-05`) or, for hour-based clocks, a date-time with offset.
    public var received: String
    public var clarified: String?
    public var feeNotice: String?
    public var feePaid: String?
    public var extended: Bool
    public var division: Division?
    /// For an internal review: the regime of the request under review (default FOIA).
    public var regime: Regime?

    public init(clock: Clock, received: String, clarified: String? = nil, feeNotice: String? = nil, feePaid: String? = nil,
                extended: Bool = false, division: Division? = nil, regime: Regime? = nil) {
        self.clock = clock
        self.received = received
        self.clarified = clarified
        self.feeNotice = feeNotice
        self.feePaid = feePaid
        self.extended = extended
        self.division = division
        self.regime = regime
    }

    /// Why a request could not be answered, in words an officer can act on.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The latest day a deadline may start from: far enough from the calendar's end (year 9999)
    /// that no clock's arithmetic can run off it.
    static let latestStartDay: LocalDate = "9899-12-31"

    private func day(_ text: String, _ name: String, earliest: LocalDate) throws(Invalid) -> LocalDate {
        guard let d = MomentInput.day(text) else {
            throw Invalid(description: "\(name) \"\(text)\" is not a date; write \(MomentInput.formats)")
        }
        guard d >= earliest, d <= Self.latestStartDay else {
            throw Invalid(description: "\(name) \(d.iso) is outside the dates the calculator takes (\(earliest.iso) to \(Self.latestStartDay.iso)); check the year")
        }
        return d
    }

    private func instant(_ text: String, _ name: String, earliest: LocalDate) throws(Invalid) -> Date {
        guard let i = MomentInput.instant(text) else {
            throw Invalid(description: "\(name) \"\(text)\" is not a moment; write \(MomentInput.formats)")
        }
        _ = try day(LocalDate(i.date).iso, name, earliest: earliest)
        return i.date
    }

    /// Works out the deadline.
    public func evaluate(with calculator: DeadlineCalculator) throws -> DeadlineResult {
        let earliest = calculator.policy.earliestEventDate
        func day(_ text: String, _ name: String) throws(Invalid) -> LocalDate { try self.day(text, name, earliest: earliest) }
        func instant(_ text: String, _ name: String) throws(Invalid) -> Date { try self.instant(text, name, earliest: earliest) }
        let receivedDay = try day(received, "--received")
        let clarifiedDay = try clarified.map { text throws(Invalid) in try day(text, "--clarified") }
        var fees: [FeeWindow] = []
        let paidOn = try feePaid.map { t throws(Invalid) in try day(t, "--fee-paid") }
        if let notice = feeNotice {
            fees.append(FeeWindow(noticeOn: try day(notice, "--fee-notice"), paidOn: paidOn))
        } else if feePaid != nil && clock != .sar {
            // FOIA s10(2): the days between the fees notice and payment are not counted, so both are needed.
            throw Invalid(description: "--fee-paid needs the --fee-notice date it answers")
        }
        switch clock {
        case .foia, .eir, .foisa:
            let regime: Regime = clock == .foia ? .foia : clock == .eir ? .eir : .foisa
            return try calculator.foi(regime: regime, receivedOn: receivedDay, clarifiedOn: clarifiedDay, feeWindows: fees, extended: extended)
        case .internalReview:
            return try calculator.internalReview(requestedOn: receivedDay, regime: regime ?? .foia, extended: extended)
        case .sar:
            // A SAR's clock starts when the fee is paid (the organisation's data protection policy §2.3.1); no notice date is needed.
            let start = DeadlineCalculator.sarStart(receivedOn: receivedDay, identityVerifiedOn: nil, feePaidOn: paidOn, clarifiedOn: clarifiedDay)
            return try calculator.sar(startOn: start, extended: extended, division: division)
        case .breach:
            return calculator.breachICODeadline(awareAt: try instant(received, "--received"))
        case .ack:
            return calculator.acknowledgement(receivedAt: try instant(received, "--received"))
        case .breachReport:
            return calculator.breachReportForm(discoveredOn: receivedDay, division: division)
        case .nearMiss:
            return calculator.nearMissReport(occurredOn: receivedDay, division: division)
        case .thirdParty, .educationalRecord:
            return calculator.thirdPartyResponse(category: clock == .thirdParty ? .other : .parent, receivedOn: receivedDay,
                                                 detailsReceivedOn: clarifiedDay, division: division)
        }
    }
}
