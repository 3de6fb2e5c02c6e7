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
    /// How the token arrived: a bearer header or the sign-in cookie.
    public var viaCookie: Bool

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
/// `Schemas/openapi.yaml` describe the same thing.
///
/// | capability                     | public | officer          | legal                      | auditor |
/// |--------------------------------|--------|------------------|----------------------------|---------|
/// | record events                  | –      | FOI/EIR/SAR cases | breach and near-miss cases, ICO complaint / decision-notice events on FOI/EIR/SAR | – |
/// | read timelines                 | –      | FOI/EIR/SAR      | all                        | all     |
/// | registers                      | disclosure | foi, sar, disclosure | all              | all     |
/// | due list                       | –      | FOI/SAR items    | all                        | all     |
/// | compliance report, deadline calculator, proofs | – | yes | yes                    | yes     |
/// | ICO export                     | –      | –                | yes                        | yes     |
/// | checkpoint, public key, disclosure log | yes | yes        | yes                        | yes     |
///
/// Personal data: officers and legal see it decrypted in what they may read (officers need the
/// requester's contact details to answer); auditors see `[redacted]` unless their token was created
/// with `--personal-data`; the public never sees any.
public enum AccessPolicy {
    /// ICO events Legal Services record on FOI/EIR/SAR cases.
    static let legalEventsOnRequests: Set<EventType> = [.iCOComplaintReceived, .iCODecisionNoticeReceived]

    /// Events nobody records over HTTP: erasure and retention destroy keys, so they go through
    /// `casebook erase` / `casebook retention apply`, which record and destroy together.
    static let notRecordableOverHTTP: Set<EventType> = [.personalDataErased, .retentionApplied]

    public static func mayRecord(_ type: EventType, on kind: CaseKind, by identity: Identity?) -> Bool {
        switch identity?.role {
        case .officer?: kind == .request || kind == .subjectAccess
        case .legal?: kind == .breach || kind == .nearMiss || legalEventsOnRequests.contains(type)
        case .auditor?, nil: false
        }
    }

    /// Whether the role records any events at all (officers and legal do).
    public static func recordsEvents(_ identity: Identity?) -> Bool {
        identity?.role == .officer || identity?.role == .legal
    }

    public static func mayReadCase(of kind: CaseKind, by identity: Identity?) -> Bool {
        switch identity?.role {
        case .officer?: kind == .request || kind == .subjectAccess
        case .legal?, .auditor?: true
        case nil: false
        }
    }

    public static func mayRead(_ register: RegisterName, by identity: Identity?) -> Bool {
        switch identity?.role {
        case nil: register == .disclosure
        case .officer?: register == .foi || register == .sar || register == .disclosure
        case .legal?, .auditor?: true
        }
    }

    public static func mayExport(_ identity: Identity?) -> Bool {
        identity?.role == .legal || identity?.role == .auditor
    }

    /// How personal fields are opened for this reader.
    public static func personalData(for identity: Identity?) -> PersonalDataAccess {
        switch identity?.role {
        case .officer?, .legal?: .reveal
        case .auditor?: identity?.personalData == true ? .reveal : .redact
        case nil: .redact
        }
    }

    /// Whether the reader may ask for an export with personal data decrypted.
    public static func mayExportPersonalData(_ identity: Identity?) -> Bool {
        identity?.role == .legal || (identity?.role == .auditor && identity?.personalData == true)
    }

    /// The register a due-list item belongs to.
    static func register(ofDueItem name: String) -> RegisterName? { RegisterName(rawValue: name) }
}
