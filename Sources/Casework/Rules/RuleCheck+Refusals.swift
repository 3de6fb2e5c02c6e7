// A refusal states its grounds.

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
}
