/// What a person may do in Casebook: which events they record (`RecordingPolicy`), what the
/// HTTP API lets a token read, and who changes the ledger's user list.
///
/// A user of a ledger (`LedgerUser`) holds one or more roles; an API token carries one.
public enum Role: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// FOI / information-governance officers: record FOI, EIR and SAR events, and report
    /// breaches and near misses (any employee reports; the organisation's breach procedure §3).
    case officer
    /// Legal Services: record breach, near-miss and ICO events; decide and make the ICO
    /// notification of a breach (UK GDPR Art 33; the organisation's breach procedure §3.4).
    case legal
    /// The data protection officer (UK GDPR Arts 37–39): record breach and near-miss events other
    /// than the ICO notification decision and the notification itself.
    case dpo
    /// Auditors: read only.
    case auditor
    /// Administrators: add and remove the ledger's users; record nothing.
    case admin

    public var description: String { rawValue }
}
