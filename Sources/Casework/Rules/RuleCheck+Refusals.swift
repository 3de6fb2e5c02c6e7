// A refusal states its grounds, and the cost limit applies only when it would be exceeded.

extension RuleCheck {
    /// A response that withholds anything names why: FOIA s17(1), FOISA s16(1) and EIR reg 14(3)
    /// require the refusal notice to state the exemption relied on; a whole refusal may instead
    /// rest on the cost limit (s12) or a vexatious or repeated request (s14), recorded before it.
    func checkGrounds(of response: ResponseSent, state: CaseLifecycle) throws(RuleViolation) {
        guard response.exemptions.isEmpty else { return }
        switch response.outcome {
        case .refused where state.proceduralRefusal == nil:
            throw refuse(.refusalWithoutGrounds,
                         "A refusal must state its grounds (FOIA s17(1); FOISA s16(1); EIR reg 14(3)): list the exemptions relied on, each recorded with ExemptionApplied, or record CostLimitApplied (s12) or VexatiousApplied (s14) before the refusal notice.")
        case .grantedInPart:
            throw refuse(.refusalWithoutGrounds,
                         "Withholding part of the information needs the exemptions relied on (FOIA s17(1); FOISA s16(1); EIR reg 14(3)); list them in exemptions, each recorded with ExemptionApplied, or record the response as granted in full.")
        case .neitherConfirmNorDeny:
            throw refuse(.refusalWithoutGrounds,
                         "Neither confirming nor denying needs the provision that removes the duty to confirm or deny (e.g. FOIA s40(5), s31(3), s23(5); FOISA s18; EIR reg 12(6)); list it in exemptions, recorded with ExemptionApplied.")
        default:
            return
        }
    }

    /// The statutory figures for FOISA s12: projected costs over £600, with staff time at no more
    /// than £15 an hour (the Freedom of Information (Fees for Required Disclosure) (Scotland)
    /// Regulations 2004, regs 3 and 5). The policy's `costLimit` holds the FOIA figures.
    static let scottishLimitPence = 60_000
    static let scottishMaximumHourlyRatePence = 1_500

    /// FOIA s12 (and FOISA s12) apply only when the cost of compliance would exceed the
    /// appropriate limit: at £450 and £25 an hour, 19 hours is over the limit and 18 is not.
    /// The EIR have no appropriate limit.
    func checkCostLimit(_ applied: CostLimitApplied, state: CaseLifecycle) throws(RuleViolation) {
        let limit: Int
        let rate: Int
        switch state.regime ?? .foia {
        case .eir:
            throw refuse(.costLimitUnderEIR,
                         "The EIR have no appropriate limit: FOIA s12 does not apply to environmental information (FOIA s39). Where the cost of compliance is disproportionate, apply the exception for manifestly unreasonable requests, reg 12(4)(b), with its public interest test.")
        case .foia:
            let figures = context.policy.costLimit
            limit = figures.appropriateLimitPence
            rate = figures.hourlyRatePence
            if applied.limitPence != limit || (applied.hourlyRatePence.map { $0 != rate } ?? false) {
                throw refuse(.costLimitFiguresDiffer,
                             "The event states a limit of \(pounds(applied.limitPence))\(applied.hourlyRatePence.map { " at \(pounds($0)) an hour" } ?? ""), but the organisation's policy sets \(pounds(limit)) at \(pounds(rate)) an hour (Fees Regulations 2004 regs 3 and 4); record the figures that apply to the organisation, or change the policy (costLimit.centralGovernment for a body in Schedule 1).")
            }
        case .foisa:
            limit = Self.scottishLimitPence
            rate = applied.hourlyRatePence ?? Self.scottishMaximumHourlyRatePence
            if applied.limitPence != limit || rate > Self.scottishMaximumHourlyRatePence || rate <= 0 {
                throw refuse(.costLimitFiguresDiffer,
                             "Under FOISA the limit is \(pounds(limit)) with staff time at no more than \(pounds(Self.scottishMaximumHourlyRatePence)) an hour (Fees for Required Disclosure (Scotland) Regulations 2004 regs 3 and 5); the event states \(pounds(applied.limitPence))\(applied.hourlyRatePence.map { " at \(pounds($0)) an hour" } ?? ""). Record the Scottish figures.")
            }
        }
        let (cost, overflow) = applied.estimatedHours.multipliedReportingOverflow(by: rate)
        guard applied.estimatedHours <= 0 || (!overflow && cost <= limit) else { return }
        let hours = limit / rate
        throw refuse(.costLimitNotExceeded,
                     "\(applied.estimatedHours) hours at \(pounds(rate)) an hour is \(applied.estimatedHours > 0 ? pounds(cost) : "nothing"), which does not exceed the appropriate limit of \(pounds(limit)) (\(hours) hours); s12 applies only when the cost of compliance would exceed the limit. Answer the request, or re-estimate the time to determine whether the information is held, locate, retrieve and extract it (Fees Regulations 2004 reg 4(3)).")
    }

    /// An amount of pence as pounds: "£450", "£12.50".
    func pounds(_ pence: Int) -> String {
        let sign = pence < 0 ? "-" : ""
        let magnitude = pence.magnitude
        let whole = magnitude / 100, part = magnitude % 100
        return part == 0 ? "\(sign)£\(whole)" : "\(sign)£\(whole).\(part < 10 ? "0" : "")\(part)"
    }
}
