import Casework
import LedgerStore
import CasebookCore
import Registers

/// Who is making a request: the token's record, or nobody (the public).
public struct Identity: Sendable, Hashable {
    public var tokenId: String
    public var name: String
    public var role: Role
    public var personalData: Bool
    /// How the identity arrived: a bearer header, or the browser's session cookie.
    public var viaCookie: Bool
    /// The CSRF token of the browser session (as `context.csrfToken`), so the layout's own forms
    /// (sign-out) carry it; nil for a bearer token.
    public var csrfToken: String?

    public init(record: TokenRecord, viaCookie: Bool) {
        self.tokenId = record.id
        self.name = record.name
        self.role = record.role
        self.personalData = record.personalData
        self.viaCookie = viaCookie
    }

    /// The actor recorded on events this identity appends: the token's name and role.
    public var actor: Actor { Actor(id: name, role: role.rawValue) }
}

/// Which role may do what. One table, used by every controller and page, so the matrix test and
/// `Schemas/openapi.yaml` describe the same thing. Who records which event is
/// `RecordingPolicy`'s table (CasebookCore), shared with the CLI.
///
/// | capability                     | public | officer          | legal                      | dpo                       | auditor |
/// |--------------------------------|--------|------------------|----------------------------|---------------------------|---------|
/// | record events                  | –      | FOI/EIR/SAR, third-party, agreement and complaint cases; report a breach or near miss | breach, near-miss, third-party, agreement and complaint cases, ICO complaint / decision-notice events on FOI/EIR/SAR | breach, near-miss and third-party cases except the ICO notification decision and notification; agreement and complaint cases | – |
/// | read timelines                 | –      | FOI/EIR/SAR, third-party, agreements, complaints | all | breach, near-miss, third-party, agreements, complaints | all |
/// | registers                      | disclosure | foi, sar, third-party, disclosure, agreements, complaints | all | breach, near-miss, third-party, disclosure, agreements, complaints | all |
/// | due list                       | –      | FOI/SAR/third-party items | all               | breach, near-miss and third-party items | all |
/// | compliance and monitoring reports, deadline calculator, proofs | – | yes | yes                    | yes                       | yes     |
/// | ICO export                     | –      | –                | yes                        | –                         | yes     |
/// | checkpoint, public key, disclosure log | yes | yes        | yes                        | yes                       | yes     |
///
/// Personal data: officers, legal and the DPO see it decrypted in what they may read (officers
/// need the requester's contact details to answer; the DPO advises on breaches, UK GDPR Art 39);
/// auditors see `[redacted]` unless their token was created with `--personal-data`; the public
/// never sees any. An officer who reports a breach does not then read it: the breach register is
/// for those who handle breaches. Admin is not a token role (`TokenStore.roles`); were one
/// presented it could do nothing.
public enum AccessPolicy {
    /// Events nobody records over HTTP: erasure and retention destroy keys, so they go through
    /// `casebook erase` / `casebook retention apply`, which record and destroy together.
    static let notRecordableOverHTTP: Set<EventType> = RecordingPolicy.recordedByNobody

    /// Whether the identity may record an event of `type` on a case of `kind` (`RecordingPolicy`).
    public static func mayRecord(_ type: EventType, on kind: CaseKind, by identity: Identity?) -> Bool {
        guard let identity else { return false }
        return RecordingPolicy.mayRecord(type, on: kind, as: identity.role)
    }

    /// Whether the role records any events at all (officers, legal and the DPO do).
    public static func recordsEvents(_ identity: Identity?) -> Bool {
        guard let identity else { return false }
        return RecordingPolicy.recordsEvents(as: identity.role)
    }

    /// The case kinds a role reads (timelines and registers); nil for every kind. Officers work
    /// requests and SARs, the DPO breaches and near misses; both work third-party requests,
    /// agreements and complaints.
    static func caseKinds(readBy role: Role?) -> Set<CaseKind>? {
        let shared: Set<CaseKind> = [.thirdPartyDisclosure, .agreement, .complaint]
        switch role {
        case .officer?: return shared.union([.request, .subjectAccess])
        case .dpo?: return shared.union([.breach, .nearMiss])
        case .legal?, .auditor?: return nil
        case .admin?, nil: return []
        }
    }

    public static func mayReadCase(of kind: CaseKind, by identity: Identity?) -> Bool {
        caseKinds(readBy: identity?.role).map { $0.contains(kind) } ?? true
    }

    /// The disclosure log is public; every other register is read by those who read its cases.
    public static func mayRead(_ register: RegisterName, by identity: Identity?) -> Bool {
        guard let kind = register.caseKind else { return true }
        return mayReadCase(of: kind, by: identity)
    }

    public static func mayExport(_ identity: Identity?) -> Bool {
        identity?.role == .legal || identity?.role == .auditor
    }

    /// How personal fields are opened for this reader.
    public static func personalData(for identity: Identity?) -> PersonalDataAccess {
        switch identity?.role {
        case .officer?, .legal?, .dpo?: .reveal
        case .auditor?: identity?.personalData == true ? .reveal : .redact
        case .admin?, nil: .redact
        }
    }

    /// Whether the reader may ask for an export with personal data decrypted.
    public static func mayExportPersonalData(_ identity: Identity?) -> Bool {
        identity?.role == .legal || (identity?.role == .auditor && identity?.personalData == true)
    }

    /// The register a due-list item belongs to.
    static func register(ofDueItem name: String) -> RegisterName? { RegisterName(rawValue: name) }
}
