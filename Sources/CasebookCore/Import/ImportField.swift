import Casework

/// One fact an imported register may hold, as the import reads it: the name a mapping file uses,
/// what it holds, whether every row needs it, the headings councils give it (for
/// `ImportMapping.suggested`) and its help text.
public struct ImportField: Sendable, Hashable {
    /// How a cell of the field is read.
    public enum Kind: String, Sendable, Hashable {
        /// The case's reference as the sheet writes it.
        case reference
        /// Free text.
        case text
        /// A day (`DayFormat`s of the mapping).
        case day
        /// A day, maybe with a time of day (`12/03/2021 14:05`); without one, midday Europe/London.
        case moment
        /// One of `choices`, through the mapping's `values` and the usual spellings.
        case choice
        /// Statute provisions ("s.40(2); s.43(2)", "Reg 12(4)(b)").
        case provisions
        /// Yes or no ("Y", "Yes", "TRUE", "1"; "N", "No", "FALSE", "0").
        case yesNo
        /// A whole number of at least 0.
        case count
    }

    /// The field's name in a mapping file (`columns`, `values`, `defaults`).
    public var name: String
    public var kind: Kind
    /// What the field holds, in a few words.
    public var holds: String
    /// Whether every row needs it (from its column or the mapping's `defaults`).
    public var required: Bool
    /// The machine values a choice field takes.
    public var choices: [String]
    /// Headings that councils' registers give the field, matched ignoring case, spaces and punctuation.
    public var synonyms: [String]
    /// Usual spellings of each machine value ("part granted" → grantedInPart), matched the same way.
    public var spellings: [String: [String]]

    init(_ name: String, _ kind: Kind, _ holds: String, required: Bool = false, choices: [String] = [],
         synonyms: [String], spellings: [String: [String]] = [:]) {
        self.name = name
        self.kind = kind
        self.holds = holds
        self.required = required
        self.choices = choices
        self.synonyms = synonyms
        self.spellings = spellings
    }

    /// One line for `--help` and the README: the name, what it holds, its values, whether required.
    public var help: String {
        var line = "\(name) (\(required ? "required" : "optional"), \(kindWords)): \(holds)"
        if !choices.isEmpty { line += "; one of " + choices.joined(separator: ", ") }
        return line
    }

    var kindWords: String {
        switch kind {
        case .reference: "a reference"
        case .text: "text"
        case .day: "a day"
        case .moment: "a day, maybe with a time"
        case .choice: "a choice"
        case .provisions: "provisions"
        case .yesNo: "yes/no"
        case .count: "a number"
        }
    }
}

extension ImportKind {
    /// The fields of this kind's register, in the order the help lists them.
    public var fields: [ImportField] {
        switch self {
        case .foi: ImportField.foi
        case .sar: ImportField.sar
        case .breach: ImportField.breach
        case .nearMiss: ImportField.nearMiss
        }
    }

    /// The field `name` of this kind, or nil.
    public func field(named name: String) -> ImportField? { fields.first { $0.name == name } }
}

extension ImportField {
    static let reference = ImportField(
        "reference", .reference,
        "the case's reference as the register writes it; a Casebook reference (FOI-2021-0042) is kept, any other gives PREFIX-YEAR-NNNN from its 4-digit year and its last run of digits (FOI/2021/42 → FOI-2021-0042)",
        required: true,
        synonyms: ["reference", "ref", "case reference", "case ref", "request reference", "request ref", "foi reference", "foi ref",
                   "sar reference", "sar ref", "breach reference", "incident reference", "reference number", "ref no", "case number",
                   "request number", "request id", "case id", "id", "log number", "incident number"])
    static let service = ImportField("service", .text, "the service or department that holds the information",
                                     synonyms: ["service", "department", "directorate", "service area", "team", "business area", "dept"])
    static let officer = ImportField("officer", .text,
                                     "the officer who handled it (a Casebook user name); the case is reassigned to them",
                                     synonyms: ["officer", "case officer", "handling officer", "assigned to", "owner", "lead officer", "handler"])

    static let channels = ["email", "post", "webForm", "social", "inPerson", "other"]
    static let channelSpellings: [String: [String]] = [
        "email": ["e-mail", "email", "mail", "electronic"], "post": ["post", "letter", "postal", "paper"],
        "webForm": ["web form", "webform", "online", "online form", "website", "portal", "whatdotheyknow"],
        "social": ["social media", "twitter", "facebook", "x"], "inPerson": ["in person", "face to face", "phone", "telephone", "verbal"],
    ]

    static let foi: [ImportField] = [
        reference,
        ImportField("regime", .choice, "the law the request was handled under; default: EIR when the sheet's reference starts EIR, else FOIA",
                    choices: ["foia", "eir", "foisa"], synonyms: ["regime", "legislation", "act", "foi/eir", "type", "request type"],
                    spellings: ["foia": ["foi", "foia", "freedom of information", "foi act", "foia 2000"],
                                "eir": ["eir", "environmental", "environmental information", "eir 2004", "environmental information regulations"],
                                "foisa": ["foisa", "foi scotland", "foi(s)a"]]),
        ImportField("received", .moment, "when the request arrived", required: true,
                    synonyms: ["received", "date received", "received date", "date of request", "request date", "date logged",
                               "logged", "received on", "date request received", "opened", "date opened"]),
        ImportField("channel", .choice, "how the request arrived", required: true, choices: channels,
                    synonyms: ["channel", "method received", "how received", "received via", "received by", "method", "source"],
                    spellings: channelSpellings),
        ImportField("requesterType", .choice, "who asked", required: true,
                    choices: ["individual", "media", "business", "mpOrElected", "campaign", "other"],
                    synonyms: ["requester type", "type of requester", "applicant type", "requester category", "category of requester",
                               "requestor type", "requester group", "applicant category"],
                    spellings: ["individual": ["individual", "member of public", "member of the public", "public", "private individual", "mop"],
                                "media": ["media", "press", "journalist", "newspaper"], "business": ["business", "company", "commercial", "commercial organisation"],
                                "mpOrElected": ["mp", "councillor", "elected member", "politician", "msp", "elected representative"],
                                "campaign": ["campaign", "campaign group", "pressure group", "charity", "voluntary sector", "interest group"],
                                "other": ["other"]]),
        ImportField("requesterName", .text, "the requester's name (personal data: sealed in the ledger); when absent the case says it was not recorded",
                    synonyms: ["requester", "requester name", "requestor", "requestor name", "applicant", "applicant name", "name", "requester's name"]),
        ImportField("summary", .text, "what was asked for, without identities (published on the disclosure log)", required: true,
                    synonyms: ["summary", "subject", "request summary", "description", "request", "details", "title", "request details",
                               "subject of request", "information requested", "request subject"]),
        service, officer,
        ImportField("acknowledged", .moment, "when the acknowledgement was sent",
                    synonyms: ["acknowledged", "date acknowledged", "acknowledgement date", "ack date", "acknowledgement sent", "acknowledged on",
                               "date of acknowledgement"]),
        ImportField("due", .day, "the due date the register shows; kept in the import record, Casebook works out its own",
                    synonyms: ["due", "due date", "date due", "deadline", "response due", "20 day deadline", "target date", "response deadline"]),
        ImportField("responded", .moment, "when the response went to the requester",
                    synonyms: ["responded", "date responded", "response date", "date of response", "response sent", "date response sent",
                               "date closed", "closed", "completed", "date completed", "responded on"]),
        ImportField("outcome", .choice, "the response's outcome; needed when responded is given",
                    choices: ["grantedInFull", "grantedInPart", "refused", "notHeld", "neitherConfirmNorDeny"],
                    synonyms: ["outcome", "decision", "result", "response outcome", "disclosure decision", "response", "outcome of request"],
                    spellings: ["grantedInFull": ["granted", "granted in full", "full disclosure", "disclosed", "released in full", "information provided",
                                                  "full", "disclosed in full", "provided", "all information provided", "released"],
                                "grantedInPart": ["part granted", "partially granted", "granted in part", "part disclosed", "partial disclosure",
                                                  "partly granted", "part released", "partial", "disclosed in part", "part refused", "partially refused"],
                                "refused": ["refused", "withheld", "exempt", "refused in full", "refusal", "not disclosed", "fully refused"],
                                "notHeld": ["not held", "information not held", "nil return", "no information held", "no information", "nil"],
                                "neitherConfirmNorDeny": ["ncnd", "neither confirm nor deny", "neither confirmed nor denied"]]),
        ImportField("exemptions", .provisions, "the exemptions or EIR exceptions relied on (s12 and s14 become the cost-limit and vexatious refusals)",
                    synonyms: ["exemptions", "exemption", "exemptions applied", "exemptions used", "sections", "section", "exceptions",
                               "exemption/exception", "exemptions/exceptions", "exemptions or exceptions", "exemption(s)", "exemptions cited"]),
        ImportField("exemptionClass", .choice,
                    "for provisions the statute applies as absolute or qualified (s40(2), s40(5)): how this response applied them; needed when the sheet names one",
                    choices: ["absolute", "qualified"], synonyms: ["exemption class", "absolute or qualified", "class of exemption"],
                    spellings: ["absolute": ["absolute", "abs"], "qualified": ["qualified", "qual"]]),
        ImportField("costLimitHours", .count, "for a s12 refusal: the hours compliance was estimated to take",
                    synonyms: ["estimated hours", "hours", "cost limit hours", "estimated time", "time estimate"]),
        ImportField("reviewRequested", .day, "when an internal review was asked for",
                    synonyms: ["review requested", "internal review requested", "ir requested", "date review requested", "internal review",
                               "date of internal review request", "review request date"]),
        ImportField("reviewDecided", .day, "when the internal review was decided",
                    synonyms: ["review decided", "internal review decided", "review completed", "ir completed", "review decision date",
                               "date review completed", "internal review completed", "review date"]),
        ImportField("reviewOutcome", .choice, "the internal review's outcome; needed when reviewDecided is given",
                    choices: ["upheld", "overturned", "partlyOverturned"],
                    synonyms: ["review outcome", "internal review outcome", "ir outcome", "review result", "outcome of review"],
                    spellings: ["upheld": ["upheld", "original decision upheld", "decision upheld", "maintained"],
                                "overturned": ["overturned", "not upheld", "reversed", "original decision overturned"],
                                "partlyOverturned": ["partly overturned", "partially upheld", "partly upheld", "part upheld", "partially overturned",
                                                     "in part"]]),
        ImportField("icoComplaint", .day, "when the ICO told us of a complaint",
                    synonyms: ["ico complaint", "ico complaint received", "complaint to ico", "ico appeal", "date of ico complaint",
                               "ico complaint date", "referred to ico", "appeal to ico"]),
        ImportField("icoReference", .text, "the ICO's case reference",
                    synonyms: ["ico reference", "ico case reference", "ico ref", "ico case number", "ico case ref"]),
        ImportField("icoDecision", .day, "when the ICO's decision notice arrived",
                    synonyms: ["ico decision", "decision notice", "ico decision date", "decision notice date", "date of decision notice",
                               "ico decision notice", "decision notice received"]),
        ImportField("icoDecisionReference", .text, "the decision notice's reference (e.g. IC-123456-A1B2)",
                    synonyms: ["decision notice reference", "ico decision reference", "dn reference", "decision notice ref", "notice reference"]),
        ImportField("icoOutcome", .choice, "the decision notice's outcome; needed when icoDecision is given",
                    choices: ["upheld", "partlyUpheld", "notUpheld"],
                    synonyms: ["ico outcome", "decision notice outcome", "ico decision outcome", "ico result"],
                    spellings: ["upheld": ["upheld", "complaint upheld"], "partlyUpheld": ["partly upheld", "partially upheld", "part upheld"],
                                "notUpheld": ["not upheld", "complaint not upheld", "dismissed", "council's decision upheld"]]),
        ImportField("published", .day, "when the response went on the disclosure log",
                    synonyms: ["published", "date published", "disclosure log", "published on disclosure log", "publication date",
                               "disclosure log date", "added to disclosure log"]),
    ]

    static let sar: [ImportField] = [
        reference,
        ImportField("received", .moment, "when the request arrived", required: true,
                    synonyms: ["received", "date received", "received date", "date of request", "request date", "date logged", "logged"]),
        ImportField("channel", .choice, "how the request arrived", required: true, choices: channels,
                    synonyms: ["channel", "method received", "how received", "received via", "received by", "method"], spellings: channelSpellings),
        ImportField("requesterName", .text, "the requester's name (personal data: sealed); when absent the case says it was not recorded",
                    synonyms: ["requester", "requester name", "requestor", "applicant", "data subject", "name", "data subject name"]),
        ImportField("summary", .text, "what information was sought (personal data: sealed); when absent the case says it was not recorded",
                    synonyms: ["summary", "subject", "description", "request", "details", "information requested", "request details"]),
        service, officer,
        ImportField("identityVerified", .day, "when the requester's identity was verified",
                    synonyms: ["identity verified", "id verified", "date id verified", "id received", "proof of id received", "identity confirmed"]),
        ImportField("identityMethod", .choice, "how identity was verified; needed when identityVerified is given",
                    choices: ["documentSighted", "knownToService", "electronicCheck", "other"],
                    synonyms: ["id method", "identity method", "verification method", "how verified"],
                    spellings: ["documentSighted": ["document", "documents", "passport", "driving licence", "id document", "document sighted"],
                                "knownToService": ["known", "known to service", "known to the service"],
                                "electronicCheck": ["electronic", "electronic check", "online check"]]),
        ImportField("extended", .day, "when the requester was told the deadline was extended (UK GDPR Art 12(3))",
                    synonyms: ["extended", "extension", "date extended", "extension date", "deadline extended"]),
        ImportField("extensionReason", .choice, "why it was extended; needed when extended is given",
                    choices: ["complex", "numerousRequests"], synonyms: ["extension reason", "reason for extension"],
                    spellings: ["complex": ["complex", "complexity"], "numerousRequests": ["numerous", "numerous requests", "several requests"]]),
        ImportField("due", .day, "the due date the register shows; kept in the import record",
                    synonyms: ["due", "due date", "date due", "deadline", "response due", "target date"]),
        ImportField("responded", .moment, "when the response was supplied",
                    synonyms: ["responded", "date responded", "response date", "date of response", "date closed", "closed", "completed",
                               "date completed", "date supplied"]),
        ImportField("outcome", .choice, "the response's outcome; needed when responded is given",
                    choices: ["providedInFull", "providedInPart", "noDataHeld", "refused"],
                    synonyms: ["outcome", "decision", "result", "response outcome"],
                    spellings: ["providedInFull": ["provided", "provided in full", "full", "disclosed", "released in full", "granted"],
                                "providedInPart": ["provided in part", "part provided", "partial", "part disclosed", "redacted", "partially provided"],
                                "noDataHeld": ["no data held", "no data", "not held", "nil", "no information held"],
                                "refused": ["refused", "withheld", "manifestly unfounded", "excessive"]]),
        ImportField("responseMethod", .choice, "how the response was supplied; needed when responded is given",
                    choices: ["secureEmail", "recordedDelivery", "collection", "inPerson", "other"],
                    synonyms: ["response method", "method of response", "how supplied", "delivery method", "sent by"],
                    spellings: ["secureEmail": ["secure email", "email", "e-mail", "egress"], "recordedDelivery": ["recorded delivery", "post", "special delivery"],
                                "collection": ["collection", "collected"], "inPerson": ["in person", "hand delivered"]]),
        ImportField("exemptions", .text, "the DPA 2018 exemptions relied on, as written (e.g. Sch2 Para24), separated by ; or ,",
                    synonyms: ["exemptions", "exemption", "exemptions applied", "exemptions used"]),
    ]

    static let categories = ["loss", "theft", "unauthorisedDisclosure", "unauthorisedAccess", "humanError", "unauthorisedUse",
                             "failureToDestroyOrRetain", "incompatiblePurpose", "other"]

    static let breach: [ImportField] = [
        reference,
        ImportField("discovered", .moment, "when the organisation became aware of the breach (the ICO's 72 hours run from here)", required: true,
                    synonyms: ["discovered", "date discovered", "date identified", "identified", "date reported", "reported", "date aware",
                               "became aware", "date of discovery", "date logged"]),
        ImportField("occurred", .day, "the day of the breach; default: the day it was discovered",
                    synonyms: ["occurred", "date occurred", "date of breach", "breach date", "date of incident", "incident date"]),
        ImportField("summary", .text, "what happened and the information involved (personal data: sealed)",
                    synonyms: ["summary", "description", "details", "what happened", "incident description", "breach description", "information involved"]),
        ImportField("service", .text, "the service where it happened", required: true, synonyms: service.synonyms),
        officer,
        ImportField("categories", .choice, "the kind of breach (several separated by ; or ,)", required: true, choices: categories,
                    synonyms: ["category", "categories", "type", "breach type", "type of breach", "incident type", "breach category"],
                    spellings: ["loss": ["loss", "lost", "lost data", "lost device", "lost paperwork"], "theft": ["theft", "stolen"],
                                "unauthorisedDisclosure": ["unauthorised disclosure", "disclosed in error", "email sent to wrong recipient",
                                                           "wrong recipient", "misdirected email", "misdirected post", "sent to wrong address",
                                                           "disclosure in error"],
                                "unauthorisedAccess": ["unauthorised access", "inappropriate access"], "humanError": ["human error", "error"],
                                "unauthorisedUse": ["unauthorised use", "misuse"],
                                "failureToDestroyOrRetain": ["failure to destroy", "failure to retain", "retention"],
                                "incompatiblePurpose": ["incompatible purpose"], "other": ["other"]]),
        ImportField("dataSubjects", .count, "how many people's data were involved", required: true,
                    synonyms: ["data subjects", "number of data subjects", "no of data subjects", "individuals affected", "number affected",
                               "people affected", "number of individuals"]),
        ImportField("sensitive", .yesNo, "whether special category or criminal offence data was involved", required: true,
                    synonyms: ["sensitive", "special category", "special category data", "sensitive data", "special categories"]),
        ImportField("howHeld", .choice, "how the information was held", required: true,
                    choices: ["paper", "electronic", "both", "verbal", "other"],
                    synonyms: ["how held", "format", "medium", "paper or electronic"],
                    spellings: ["paper": ["paper", "hard copy", "manual"], "electronic": ["electronic", "email", "digital", "system"],
                                "both": ["both", "paper and electronic"], "verbal": ["verbal", "oral"]]),
        ImportField("icoDecision", .choice, "whether the ICO was to be notified (UK GDPR Art 33)", choices: ["notify", "doNotNotify"],
                    synonyms: ["ico decision", "reportable", "report to ico", "notifiable", "ico reportable", "reported to ico?", "notify ico"],
                    spellings: ["notify": ["yes", "y", "notify", "reportable", "reported", "notifiable"],
                                "doNotNotify": ["no", "n", "not reportable", "do not notify", "not notifiable", "not reported"]]),
        ImportField("icoDecided", .moment, "when that decision was made; default: when the ICO was notified, if it was",
                    synonyms: ["ico decision date", "date of ico decision", "decision date"]),
        ImportField("icoNotified", .moment, "when the ICO was notified",
                    synonyms: ["ico notified", "date ico notified", "date reported to ico", "reported to ico", "ico notification date"]),
        ImportField("icoReference", .text, "the ICO's reference", synonyms: ["ico reference", "ico ref", "ico case reference"]),
        ImportField("subjectsNotified", .day, "when the data subjects were told (UK GDPR Art 34)",
                    synonyms: ["subjects notified", "data subjects notified", "date subjects notified", "individuals notified", "date data subjects informed"]),
        ImportField("subjectsNotifiedBy", .choice, "how the data subjects were told; needed when subjectsNotified is given",
                    choices: ["letter", "email", "telephone", "personalVisit", "other"],
                    synonyms: ["notified by", "notification method", "how notified"],
                    spellings: ["letter": ["letter", "post"], "email": ["email", "e-mail"], "telephone": ["telephone", "phone", "call"],
                                "personalVisit": ["visit", "personal visit", "in person"]]),
        ImportField("closed", .day, "when the breach was closed",
                    synonyms: ["closed", "date closed", "closed on", "date completed", "completed", "closure date"]),
    ]

    static let nearMiss: [ImportField] = [
        reference,
        ImportField("occurred", .day, "the day it happened", required: true,
                    synonyms: ["occurred", "date occurred", "date of incident", "incident date", "date", "date of near miss"]),
        ImportField("reported", .day, "the day it was reported", required: true,
                    synonyms: ["reported", "date reported", "reported on", "date logged", "logged"]),
        ImportField("service", .text, "the service where it happened", required: true, synonyms: service.synonyms),
        officer,
        ImportField("description", .text, "what nearly happened (personal data: sealed); when absent the case says it was not recorded",
                    synonyms: ["description", "summary", "details", "what happened", "near miss description"]),
        ImportField("category", .choice, "the kind of breach it nearly was", required: true, choices: categories,
                    synonyms: ["category", "type", "potential category", "near miss type", "type of near miss"],
                    spellings: breach.first { $0.name == "categories" }!.spellings),
        ImportField("reviewed", .day, "the day it was reviewed for weaknesses",
                    synonyms: ["reviewed", "date reviewed", "review date", "reviewed on"]),
        ImportField("weakness", .choice, "the weakness the review found; needed when reviewed is given",
                    choices: ["system", "process", "systemAndProcess", "none"],
                    synonyms: ["weakness", "weakness found", "system or process weakness", "root cause"],
                    spellings: ["system": ["system"], "process": ["process", "procedure"], "systemAndProcess": ["both", "system and process"],
                                "none": ["none", "no weakness", "n/a"]]),
        ImportField("action", .text, "what was done about it; when reviewed but absent, the case says it was not recorded",
                    synonyms: ["action", "action taken", "actions", "outcome", "lessons learned", "remedial action"]),
    ]
}
