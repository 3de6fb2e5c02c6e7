/// The access-to-information regime a request is handled under.
///
/// - `foia`: Freedom of Information Act 2000 (UK public authorities outside Scotland's devolved bodies).
/// - `foisa`: Freedom of Information (Scotland) Act 2002 (Scottish public authorities).
/// - `eir`: Environmental Information Regulations 2004 (England, Wales, Northern Ireland; "working
///   day" has the FOIA s10(6) meaning, reg 2(1)).
public enum Regime: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case foia
    case foisa
    case eir

    /// The divisions whose bank holidays are not working days for this regime's statutory clock:
    /// all of the UK for FOIA and EIR (FOIA s10(6)); Scotland only for FOISA (s73).
    public var workingDayDivisions: Set<Division> {
        switch self {
        case .foia, .eir: Set(Division.allCases)
        case .foisa: [.scotland]
        }
    }

    /// A short display name ("FOIA", "FOISA", "EIR").
    public var displayName: String { rawValue.uppercased() }

    public var description: String { rawValue }
}
