import Casework

/// The registers `casebook import` brings in: an FOI/EIR request log, a subject access log, a
/// breach log or a near-miss log.
public enum ImportKind: String, Sendable, CaseIterable, Codable {
    case foi
    case sar
    case breach
    case nearMiss = "near-miss"

    /// The kind of case each row becomes.
    public var caseKind: CaseKind {
        switch self {
        case .foi: .request
        case .sar: .subjectAccess
        case .breach: .breach
        case .nearMiss: .nearMiss
        }
    }

    /// The action group whose vocabulary a row's commands use.
    var group: ActionGroup { .of(caseKind) }

    /// The register's name in messages ("an FOI/EIR log").
    public var registerNoun: String {
        switch self {
        case .foi: "FOI/EIR request log"
        case .sar: "subject access request log"
        case .breach: "breach log"
        case .nearMiss: "near-miss log"
        }
    }
}
