import Casework
import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerStore
import Testing
@testable import CasebookCore
@testable import CasebookServer

/// Every action of the command vocabulary, given the same input through the `CasebookCore`
/// command API, the HTTP API and the `casebook` CLI, records byte-identical events.
///
/// Each row first records the action through the core with a fixed event id and moment; the API
/// and then the CLI are given the same action with the same id and moment, and the ledger must
/// answer "already recorded": the store treats an event id it holds as a duplicate only when the
/// stored bytes (payload, personal fields sealed, type, actor, occurredAt) are identical.
@Suite("One command vocabulary: core, API and CLI record the same bytes", .serialized)
struct VocabularyParityTests {
    struct Row: CustomStringConvertible, Sendable {
        var group: ActionGroup
        var name: String
        /// The case the action is taken on.
        var reference: String
        /// Actions (group, name, fields) that bring the case to where the action applies.
        var setup: [(ActionGroup, String, JSONObject)]
        /// The action's fields, for the core and the API.
        var fields: JSONObject
        /// The same input as CLI options (after `casebook GROUP NAME`).
        var cli: [String]
        var description: String { "\(group.rawValue) \(name)" }
    }

    static let at = "2026-03-10T10:00:00Z"
    static let sha = String(repeating: "ab", count: 32)

    static func s(_ v: String) -> JSONValue { .string(v) }
    static func i(_ v: Int) -> JSONValue { .int(Int64(v)) }
    static func a(_ v: [String]) -> JSONValue { .array(v.map(JSONValue.string)) }

    // Openings used as set-up.
    static func foi(_ ref: String) -> (ActionGroup, String, JSONObject) {
        (.foi, "receive", ["receivedAt": s("2026-03-02T09:00:00Z"), "requester": .object(["name": s("Ann Example"), "email": s("ann@example.org")]),
                           "summary": s("Grit bin locations"), "regime": s(ref.hasPrefix("EIR") ? "eir" : "foia")])
    }
    /// Received on Wednesday 4 March, so that identity and a fee asked for at `at` (10 March) are
    /// within the policy's 5 working days of receipt.
    static func sar(_ ref: String) -> (ActionGroup, String, JSONObject) {
        (.sar, "receive", ["receivedAt": s("2026-03-04T09:00:00Z"), "requester": .object(["name": s("Bob Example")]), "summary": s("My housing file")])
    }
    static func breachFields() throws -> JSONObject {
        var f = try Fixture.example(.breachReported)
        f["discoveredAt"] = s("2026-03-02T09:00:00Z")
        f["occurredOn"] = s("2026-03-01")
        f["investigationDueOn"] = s("2026-03-16")  // the example's is due before this discovery
        f.removeValue(forKey: "reportedToBusinessManagerAt")
        f.removeValue(forKey: "reportedToDirectorAt")
        return f
    }
    static func breach() throws -> (ActionGroup, String, JSONObject) { (.breach, "report", try breachFields()) }
    static func nearMiss() -> (ActionGroup, String, JSONObject) {
        (.nearMiss, "report", ["occurredOn": s("2026-03-02"), "reportedOn": s("2026-03-03"), "service": s("Housing"),
                               "description": s("Letter nearly posted to a former tenant"), "potentialCategory": s("unauthorisedDisclosure")])
    }
    static let respond: (ActionGroup, String, JSONObject) = (.foi, "respond", ["outcome": s("grantedInFull"),
        "documents": .array([.object(["title": s("Bin map"), "sha256": s(sha)])])])
    static let sarRespond: (ActionGroup, String, JSONObject) = (.sar, "respond", ["outcome": s("providedInFull")])

    static func rows() throws -> [Row] {
        var n = 0
        func ref(_ prefix: String) -> String { n += 1; return "\(prefix)-2026-\(String(format: "%04d", 100 + n))" }
        var rows: [Row] = []
        func foiRow(_ name: String, before: [(ActionGroup, String, JSONObject)] = [], _ fields: JSONObject, _ cli: [String], prefix: String = "FOI") {
            let r = ref(prefix)
            rows.append(Row(group: .foi, name: name, reference: r, setup: [foi(r)] + before, fields: fields, cli: [r] + cli))
        }
        func sarRow(_ name: String, before: [(ActionGroup, String, JSONObject)] = [], _ fields: JSONObject, _ cli: [String]) {
            let r = ref("SAR")
            rows.append(Row(group: .sar, name: name, reference: r, setup: [sar(r)] + before, fields: fields, cli: [r] + cli))
        }
        func breachRow(_ name: String, before: [(ActionGroup, String, JSONObject)] = [], _ fields: JSONObject, _ cli: [String]) throws {
            let r = ref("BR")
            rows.append(Row(group: .breach, name: name, reference: r, setup: [try breach()] + before, fields: fields, cli: [r] + cli))
        }

        // FOI / EIR
        let opened = ref("FOI")
        rows.append(Row(group: .foi, name: "receive", reference: opened, setup: [],
                        fields: ["requester": .object(["name": s("Cat Example"), "email": s("cat@example.org"), "phone": s("01632 960000")]),
                                 "summary": s("Road gritting routes"), "requesterType": s("media"), "service": s("Highways"), "channel": s("webForm")],
                        cli: ["--reference", opened, "--requester-name", "Cat Example", "--requester-email", "cat@example.org",
                              "--requester-phone", "01632 960000", "--summary", "Road gritting routes", "--requester-type", "media",
                              "--service", "Highways", "--channel", "web-form"]))
        foiRow("acknowledge", [:], [])
        foiRow("clarify", ["question": s("Which years?")], ["--question", "Which years?"])
        foiRow("clarified", before: [(.foi, "clarify", [:])], ["clarification": s("2024 and 2025"), "receivedOn": s("2026-03-09")],
               ["--clarification", "2024 and 2025", "--on", "2026-03-09"])
        foiRow("fee-notice", ["amountPence": i(1250), "basis": s("Copying")], ["--amount", "12.50", "--basis", "Copying"])
        foiRow("fee-paid", before: [(.foi, "fee-notice", ["amountPence": i(1250)])], ["amountPence": i(1250)], ["--amount", "£12.50"])
        foiRow("exempt", ["sections": a(["43(2)", "41(1)"]), "reason": s("Commercially sensitive"), "appliesTo": s("Contract annex")],
               ["--section", "43(2)", "--section", "41(1)", "--reason", "Commercially sensitive", "--applies-to", "Contract annex"])
        foiRow("pit", before: [(.foi, "exempt", ["section": s("43(2)"), "reason": s("Commercial")])],
               ["reasoning": s("Re-tender is imminent"), "outcome": s("maintained"), "factorsForDisclosure": a(["Transparency"])],
               ["--reasoning", "Re-tender is imminent", "--outcome", "maintained", "--factor-for-disclosure", "Transparency"])
        foiRow("extend", before: [(.foi, "exempt", ["section": s("43(2)"), "reason": s("Commercial")])],
               ["explanation": s("More time for the public interest test")], ["--explanation", "More time for the public interest test"])
        foiRow("extend", ["explanation": s("Complex and voluminous"), "workingDays": i(20)],
               ["--explanation", "Complex and voluminous", "--working-days", "20"], prefix: "EIR")
        foiRow("cost-limit", ["estimatedHours": i(40), "adviceAndAssistance": s("Narrow to one year")], ["--hours", "40", "--advice", "Narrow to one year"])
        foiRow("vexatious", ["reason": s("Fourth identical request this month")], ["--reason", "Fourth identical request this month"])
        foiRow("transfer", ["to": s("County council"), "requesterConsented": .bool(true)], ["--to", "County council", "--requester-consented"])
        foiRow("withdraw", ["reason": s("No longer needed")], ["--reason", "No longer needed"])
        foiRow("respond", ["outcome": s("grantedInFull"), "documents": .array([.object(["title": s("Bin map"), "sha256": s(sha)])]),
                           "reviewRightsGiven": .bool(true), "appealRightsGiven": .bool(false)],
               ["--outcome", "granted-in-full", "--document", "Bin map=\(sha)", "--review-rights-given", "--no-appeal-rights-given"])
        foiRow("review-request", before: [respond], ["grounds": s("Incomplete")], ["--grounds", "Incomplete"])
        foiRow("review-decide", before: [respond, (.foi, "review-request", [:])], ["outcome": s("upheld"), "reasoning": s("Complete")],
               ["--outcome", "upheld", "--reasoning", "Complete"])
        foiRow("ico-complaint", before: [respond], ["regulatorReference": s("IC-1234")], ["--regulator-reference", "IC-1234"])
        foiRow("decision-notice", before: [respond, (.foi, "ico-complaint", [:])], ["noticeReference": s("IC-1234-DN"), "outcome": s("notUpheld")],
               ["--notice-reference", "IC-1234-DN", "--outcome", "not-upheld"])
        foiRow("publish", before: [respond], ["url": s("https://example.org/disclosure")], ["--url", "https://example.org/disclosure"])
        foiRow("review-extend", before: [respond, (.foi, "review-request", [:])], ["reasons": s("Needs the contractor's views"), "workingDays": i(15)],
               ["--reasons", "Needs the contractor's views", "--working-days", "15"])
        foiRow("channel-to-sar", ["reason": s("The requester's own housing file"), "dataSubjectAge": i(15)],
               ["--reason", "The requester's own housing file", "--data-subject-age", "15"])
        foiRow("withdraw-publication", before: [respond, (.foi, "publish", [:])], ["reason": s("Annex named a resident")],
               ["--reason", "Annex named a resident"])

        // SAR
        let sarOpened = ref("SAR")
        rows.append(Row(group: .sar, name: "receive", reference: sarOpened, setup: [],
                        fields: ["requester": .object(["name": s("Dee Example"), "address": s("1 High Street")]), "summary": s("Social care file"),
                                 "representative": .object(["name": s("E Solicitor"), "relationship": s("solicitor")])],
                        cli: ["--reference", sarOpened, "--requester-name", "Dee Example", "--requester-address", "1 High Street",
                              "--summary", "Social care file", "--representative-name", "E Solicitor", "--representative-relationship", "solicitor"]))
        sarRow("request-id", ["evidenceRequested": a(["photo ID", "proof of address"])], ["--evidence", "photo ID", "--evidence", "proof of address"])
        sarRow("verify-id", before: [(.sar, "request-id", ["evidenceRequested": a(["photo ID"])])], ["method": s("knownToService")], ["--method", "known-to-service"])
        sarRow("fee", ["amountPence": i(1000), "basis": s("furtherCopies")], ["--amount", "10", "--basis", "furtherCopies"])
        sarRow("fee-paid", before: [(.sar, "fee", ["amountPence": i(1000), "basis": s("furtherCopies")])], [:], [])
        sarRow("clarify", [:], [])
        sarRow("clarified", before: [(.sar, "clarify", [:])], ["clarification": s("Only 2025")], ["--clarification", "Only 2025"])
        sarRow("third-party", ["decision": s("redacted"), "rationale": s("Neighbour named in notes")], ["--decision", "redacted", "--rationale", "Neighbour named in notes"])
        sarRow("extend", ["reason": s("complex"), "months": i(2)], ["--reason", "complex"])
        sarRow("respond", ["outcome": s("providedInPart"), "exemptions": a(["Sch2 Para5"]), "contentsSupplied": a(["controllerIdentity", "purposes"]),
                           "suppliedNote": s("Copy of the file"), "scraInformationReleased": .bool(false)],
               ["--outcome", "provided-in-part", "--exemption", "Sch2 Para5", "--content", "controller-identity", "--content", "purposes",
                "--supplied-note", "Copy of the file", "--no-scra-information-released"])
        sarRow("withdraw", [:], [])
        sarRow("review-request", before: [sarRespond], [:], [])
        sarRow("review-decide", before: [sarRespond, (.sar, "review-request", [:])], ["outcome": s("partlyOverturned")], ["--outcome", "partly-overturned"])
        sarRow("ico-complaint", before: [sarRespond], [:], [])
        sarRow("decision-notice", before: [sarRespond, (.sar, "ico-complaint", [:])], ["noticeReference": s("IC-9"), "outcome": s("upheld")],
               ["--notice-reference", "IC-9", "--outcome", "upheld"])
        sarRow("exempt", ["paragraph": s("Sch2 Para24"), "reasons": s("A confidential reference"), "appliesTo": s("The 2019 reference")],
               ["--paragraph", "Sch2 Para24", "--reasons", "A confidential reference", "--applies-to", "The 2019 reference"])
        sarRow("scra-request", ["information": s("Reporter's reports")], ["--information", "Reporter's reports"])
        sarRow("scra-consent", before: [(.sar, "scra-request", [:])], ["outcome": s("noResponse")], ["--outcome", "no-response"])
        sarRow("child-consent", ["childHasCapacity": .bool(true), "childConsents": .bool(true), "notes": s("Met the child")],
               ["--child-has-capacity", "--child-consents", "--notes", "Met the child"])
        sarRow("update", ["estimatedResponseOn": s("2026-04-10"), "reason": s("Archive retrieval")],
               ["--estimated-response-on", "2026-04-10", "--reason", "Archive retrieval"])

        // Breaches
        let report = try breachFields()
        let brOpened = ref("BR")
        var reportCLI = ["--reference", brOpened]
        func opt(_ name: String, _ v: JSONValue?) {
            switch v {
            case .string(let t)?: reportCLI += [name, t]
            case .int(let n)?: reportCLI += [name, String(n)]
            case .bool(let b)?: reportCLI += [b ? name : name.replacingOccurrences(of: "--", with: "--no-")]
            case .array(let items)?: for item in items { if let t = item.stringValue { reportCLI += [name, t] } }
            default: break
            }
        }
        for (who, prefix) in [("reportingOfficer", "--reporting-officer-"), ("businessManager", "--business-manager-")] {
            for (k, o) in [("name", "name"), ("jobTitle", "job-title"), ("service", "service"), ("contact", "contact")] { opt(prefix + o, report[who]?[k]) }
        }
        for (k, o) in [("discoveredAt", "--discovered-at"), ("occurredOn", "--occurred-on"), ("howDiscovered", "--how-discovered"),
                       ("categories", "--category"), ("informationInvolved", "--information-involved"),
                       ("dataSubjectsDescription", "--data-subjects-description"), ("dataSubjectCount", "--data-subject-count"),
                       ("dataSubjectCategories", "--data-subject-category"), ("approximateRecordCount", "--approximate-record-count"),
                       ("sensitive", "--sensitive"), ("howHeld", "--how-held"), ("howHeldDetail", "--how-held-detail"),
                       ("consequences", "--consequences"), ("immediateMeasures", "--immediate-measures"),
                       ("proposedMeasures", "--proposed-measures"), ("service", "--service"), ("investigationOrdered", "--investigation-ordered"),
                       ("investigationLead", "--investigation-lead"), ("investigationDueOn", "--investigation-due-on"), ("dpoContact", "--dpo-contact"),
                       ("categoryDescription", "--category-description"), ("riskToPeople", "--risk-to-people")] {
            opt(o, report[k])
        }
        rows.append(Row(group: .breach, name: "report", reference: brOpened, setup: [], fields: report, cli: reportCLI))
        try breachRow("escalate", ["to": s("director"), "method": s("telephone"), "reportingFormSent": .bool(true)],
                      ["--to", "director", "--method", "telephone", "--reporting-form-sent"])
        try breachRow("assess", try Fixture.example(.riskAssessed), ["--form", "@riskAssessed"])
        try breachRow("investigate", ["lead": s("p.shah"), "involving": a(["IT"])], ["--lead", "p.shah", "--involving", "IT"])
        try breachRow("conclude", before: [(.breach, "investigate", ["lead": s("p.shah")])],
                      ["howItHappened": s("Autocomplete"), "whyItHappened": s("No second check"), "preventiveMeasures": s("Second check")],
                      ["--how", "Autocomplete", "--why", "No second check", "--prevention", "Second check"])
        try breachRow("decide-ico", ["decision": s("notify"), "reasons": s("Special category data")], ["notify", "--reasons", "Special category data"])
        try breachRow("notify-ico", before: [(.breach, "decide-ico", ["decision": s("notify"), "reasons": s("Risk")])],
                      ["method": s("onlineForm"), "icoReference": s("DPB-1")], ["--method", "online-form", "--ico-reference", "DPB-1"])
        try breachRow("notify-subjects", ["methods": a(["letter"]), "numberNotified": i(2), "adviceGiven": s("Change passwords"),
                                          "howAndWhenOccurred": s("Emailed in error on 1 March"), "informationInvolved": s("Minutes"),
                                          "howToComplain": s("To the DPO or the ICO")],
                      ["--method", "letter", "--number", "2", "--advice", "Change passwords", "--how-and-when", "Emailed in error on 1 March",
                       "--information-involved", "Minutes", "--how-to-complain", "To the DPO or the ICO"])
        try breachRow("decide-subjects", ["decision": s("notify"), "reasons": s("They can protect themselves")],
                      ["notify", "--reasons", "They can protect themselves"])
        try breachRow("update-form", ["investigationOutcome": s("Autocomplete picked the wrong address"), "sentTo": a(["director"])],
                      ["--outcome", "Autocomplete picked the wrong address", "--sent-to", "director"])
        try breachRow("police", ["force": s("Police Scotland")], ["--force", "Police Scotland"])
        try breachRow("close", before: [(.breach, "decide-ico", ["decision": s("doNotNotify"), "reasons": s("Unlikely to result in a risk")])],
                      ["summary": s("Contained")], ["--summary", "Contained"])
        let released = ref("FOI")
        var link = try Fixture.example(.wrongfulReleaseLinked)
        link["foiCase"] = s(released)
        let linkRef = ref("BR")
        rows.append(Row(group: .breach, name: "link-release", reference: linkRef, setup: [foi(released), try breach()], fields: link,
                        cli: [linkRef, "--form", "@wrongfulReleaseLinked"]))
        // The wrongful-release protocol Steps 2, 4 and 5 follow the link.
        func releaseRow(_ name: String, before: [(ActionGroup, String, JSONObject)] = [], _ fields: JSONObject, _ cli: [String]) throws {
            let foiRef = ref("FOI"), r = ref("BR")
            var linked = link
            linked["foiCase"] = s(foiRef)
            rows.append(Row(group: .breach, name: name, reference: r, setup: [foi(foiRef), try breach(), (.breach, "link-release", linked)] + before,
                            fields: fields, cli: [r] + cli))
        }
        try releaseRow("inform-party", ["party": s("pressOffice"), "about": s("Media enquiry")], ["press-office", "--about", "Media enquiry"])
        try releaseRow("contact-affected", ["party": s("Acme Ltd"), "contactedBySeniority": s("director"), "informationAttached": .bool(true),
                                            "apologyOffered": .bool(true), "formalLetterPromised": .bool(true), "damageLimitationPlan": s("Lines agreed")],
                       ["--party", "Acme Ltd", "--seniority", "director", "--information-attached", "--apology", "--formal-letter-promised",
                        "--plan", "Lines agreed"])
        try releaseRow("review-release", ["whatWentWrong": s("Wrong file attached"), "protocolsNeedStrengthening": .bool(true)],
                       ["--what-went-wrong", "Wrong file attached", "--protocols-need-strengthening"])
        try releaseRow("outcome-letter", before: [(.breach, "review-release", ["whatWentWrong": s("Wrong file"), "protocolsNeedStrengthening": .bool(false)])],
                       ["party": s("Acme Ltd"), "actionTaken": s("Second check at sign-off")],
                       ["--party", "Acme Ltd", "--action-taken", "Second check at sign-off"])

        // Near misses
        let nmOpened = ref("NM")
        rows.append(Row(group: .nearMiss, name: "report", reference: nmOpened, setup: [], fields: nearMiss().2,
                        cli: ["--reference", nmOpened, "--occurred-on", "2026-03-02", "--reported-on", "2026-03-03", "--service", "Housing",
                              "--description", "Letter nearly posted to a former tenant", "--category", "unauthorised-disclosure"]))
        let nm = ref("NM")
        rows.append(Row(group: .nearMiss, name: "review", reference: nm, setup: [nearMiss()],
                        fields: ["weakness": s("process"), "action": s("Check the address")], cli: [nm, "--weakness", "process", "--action", "Check the address"]))

        // Third-party disclosure requests (the data protection policy Appendix 4)
        let tpdOpened = ref("TPD")
        let policeForm: JSONObject = ["officerRank": s("Detective Constable"), "officerNumber": s("1234"), "officerName": s("A. Constable"),
                                      "station": s("Queen Street"), "telephone": s("01224 000000"), "extensionNumber": s("4321"),
                                      "consent": s("notReliedOn")]
        rows.append(Row(group: .thirdParty, name: "receive", reference: tpdOpened, setup: [],
                        fields: ["requesterCategory": s("police"), "requesterOrganisation": s("Police Scotland"), "purpose": s("preventionOrDetectionOfCrime"),
                                 "informationRequested": s("Tenancy start date"), "dataSubject": s("The tenant of 12 Example Road"),
                                 "police": .object(policeForm)],
                        cli: ["--reference", tpdOpened, "--category", "police", "--organisation", "Police Scotland", "--purpose", "prevention-or-detection-of-crime",
                              "--information", "Tenancy start date", "--data-subject", "The tenant of 12 Example Road", "--officer-rank", "Detective Constable",
                              "--officer-number", "1234", "--officer-name", "A. Constable", "--station", "Queen Street", "--telephone", "01224 000000",
                              "--extension-number", "4321", "--consent", "not-relied-on"]))
        func tpd(_ category: String, police: JSONObject?) -> (ActionGroup, String, JSONObject) {
            var f: JSONObject = ["receivedAt": s("2026-03-02T09:00:00Z"), "requesterCategory": s(category), "requesterOrganisation": s("Requester"),
                                 "purpose": s("legalProceedings"), "informationRequested": s("A record"), "dataSubject": s("A person")]
            if let police { f["police"] = .object(police) }
            return (.thirdParty, "receive", f)
        }
        var withoutNumber = policeForm
        withoutNumber.removeValue(forKey: "officerNumber")
        let contact: (ActionGroup, String, JSONObject) = (.thirdParty, "contact-requester", [:])
        for (name, setup, fields, cli) in [
            ("contact-requester", [tpd("police", police: withoutNumber)], ["missing": a(["officerNumber"]), "note": s("Phoned the station")] as JSONObject,
             ["--missing", "officer-number", "--note", "Phoned the station"]),
            ("details-received", [tpd("police", police: withoutNumber), contact], ["police": .object(["officerNumber": s("1234")])],
             ["--officer-number", "1234"]),
            ("disclose", [tpd("police", police: policeForm)], ["informationDisclosed": s("Tenancy start date"), "legalBasis": s("dpa2018Sch2Para2"),
                                                              "feePence": i(0)],
             ["--information", "Tenancy start date", "--legal-basis", "dpa2018-sch2-para2", "--fee", "0"]),
            ("refuse", [tpd("solicitor", police: nil)], ["reasons": s("Release is not justified"), "awaitCourtOrder": .bool(true)],
             ["--reasons", "Release is not justified", "--await-court-order"]),
        ] {
            let r = ref("TPD")
            rows.append(Row(group: .thirdParty, name: name, reference: r, setup: setup, fields: fields, cli: [r] + cli))
        }

        // Data-sharing and data-processing agreements (the data protection policy Appendix 5)
        let agreementFields: JSONObject = ["type": s("processing"), "partner": s("Northgate Print Services Ltd"), "purpose": s("Council tax bills"),
                                           "service": s("Revenues"), "securityProcedures": s("SFTP only; encrypted at rest"),
                                           "accuracyStandards": s("Matched before each run"), "reviewDueOn": s("2027-03-01")]
        let dsaOpened = ref("DSA")
        rows.append(Row(group: .agreement, name: "propose", reference: dsaOpened, setup: [], fields: agreementFields,
                        cli: ["--reference", dsaOpened, "--type", "processing", "--partner", "Northgate Print Services Ltd", "--purpose", "Council tax bills",
                              "--service", "Revenues", "--security-procedures", "SFTP only; encrypted at rest",
                              "--accuracy-standards", "Matched before each run", "--review-due", "2027-03-01"]))
        var proposedEarlier = agreementFields
        proposedEarlier["proposedOn"] = s("2026-03-02")
        let propose: (ActionGroup, String, JSONObject) = (.agreement, "propose", proposedEarlier)
        let informLegal: (ActionGroup, String, JSONObject) = (.agreement, "inform-legal", ["informedOn": s("2026-03-03")])
        let sign: (ActionGroup, String, JSONObject) = (.agreement, "sign", ["signedOn": s("2026-03-04"), "form": s("separateAgreement")])
        for (name, setup, fields, cli) in [
            ("inform-legal", [propose], [:] as JSONObject, [String]()),
            ("sign", [propose, informLegal], ["form": s("separateAgreement")], ["--form", "separateAgreement"]),
            ("review", [propose, informLegal, sign], ["nextReviewDueOn": s("2027-03-01"), "findings": s("Accuracy checks met")],
             ["--next-review-due", "2027-03-01", "--findings", "Accuracy checks met"]),
            ("end", [propose], ["reason": s("neverSigned")], ["--reason", "neverSigned"]),
        ] {
            let r = ref("DSA")
            rows.append(Row(group: .agreement, name: name, reference: r, setup: setup, fields: fields, cli: [r] + cli))
        }

        // Complaints about data handling or sharing (the data-sharing guidance §6)
        let cmpOpened = ref("CMP")
        let complaintFields: JSONObject = ["about": s("sharing"), "complainant": .object(["name": s("Sam Patel")]),
                                           "summary": s("Address shared without consent"), "service": s("Housing")]
        rows.append(Row(group: .complaint, name: "receive", reference: cmpOpened, setup: [], fields: complaintFields,
                        cli: ["--reference", cmpOpened, "--about", "sharing", "--complainant-name", "Sam Patel",
                              "--summary", "Address shared without consent", "--service", "Housing"]))
        var receivedEarlier = complaintFields
        receivedEarlier["receivedOn"] = s("2026-03-02")
        let receiveComplaint: (ActionGroup, String, JSONObject) = (.complaint, "receive", receivedEarlier)
        let resolve: (ActionGroup, String, JSONObject) = (.complaint, "resolve", ["respondedOn": s("2026-03-05"), "outcome": s("notUpheld")])
        for (name, setup, fields, cli) in [
            ("acknowledge", [receiveComplaint], [:] as JSONObject, [String]()),
            ("resolve", [receiveComplaint], ["outcome": s("partlyUpheld"), "actionTaken": s("Sharing paused")],
             ["--outcome", "partlyUpheld", "--action-taken", "Sharing paused"]),
            ("escalate-ico", [receiveComplaint, resolve], ["icoReference": s("IC-123456")], ["--ico-reference", "IC-123456"]),
        ] {
            let r = ref("CMP")
            rows.append(Row(group: .complaint, name: name, reference: r, setup: setup, fields: fields, cli: [r] + cli))
        }

        // Any case
        for (name, fields, cli) in [
            ("note", ["text": s("Rang the requester")] as JSONObject, ["Rang the requester"]),
            ("correct", ["event": i(1), "reason": s("Typo"), "set": .object(["summary": s("Grit bin sites"), "requester.email": s("ann@example.com")])],
             ["--event", "1", "--reason", "Typo", "--set", "summary=Grit bin sites", "--set", "requester.email=ann@example.com"]),
            ("reassign", ["to": s("j.smith"), "reason": s("Leave")], ["--to", "j.smith", "--reason", "Leave"]),
            ("void", ["event": i(2), "reason": s("Logged on the wrong case"), "authorisedBy": s("ig.lead")],
             ["--event", "2", "--reason", "Logged on the wrong case", "--authorised-by", "ig.lead"]),
        ] {
            let r = ref("FOI")
            let setup = name == "void" ? [foi(r), (ActionGroup.anyCase, "note", ["text": s("Meant for another case")] as JSONObject)] : [foi(r)]
            rows.append(Row(group: .anyCase, name: name, reference: r, setup: setup, fields: fields, cli: [r] + cli))
        }
        return rows
    }

    @Test("every action of the vocabulary gives byte-identical events through the core, the API and the CLI")
    func parity() async throws {
        let rows = try Self.rows()
        // Every action of the vocabulary is covered.
        let covered = Set(rows.map { "\($0.group.rawValue) \($0.name)" })
        let all = Set(CaseAction.all.map { "\($0.group.rawValue) \($0.name)" })
        #expect(all.subtracting(covered).isEmpty, "not covered: \(all.subtracting(covered).sorted())")

        let directory = NSTemporaryDirectory() + "casebook-parity-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let casebook = try Casebook.create(at: directory, origin: "parity.casebook.local/log")
        defer { casebook.close() }
        let store = TokenStore(path: TokenStore.path(inLedger: directory))
        // The CLI acts as the login running it; the API's tokens and the core's actor are that person too.
        let actorName = OSUser.name
        try casebook.addUser(actorName, roles: [.admin, .officer, .legal], by: actorName)
        var issued: [Role: String] = [:]
        for role in [Role.officer, .legal] { issued[role] = try store.create(name: actorName, role: role, personalData: false).token }
        let tokens = issued
        var configuration = CasebookServerConfiguration()
        configuration.temporaryDirectory = directory + "-tmp"
        try FileManager.default.createDirectory(atPath: configuration.temporaryDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: configuration.temporaryDirectory) }
        let forms = directory + "-forms"
        try FileManager.default.createDirectory(atPath: forms, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: forms) }
        let at = try #require(Timestamp(rfc3339: Self.at))
        let app = try buildApplication(casebook: casebook, configuration: configuration)

        try await app.test(.router) { client in
            for row in rows {
                let reference = try CaseReference(row.reference)
                let action = try #require(CaseAction.named(row.name, in: row.group))
                // The role the user list gives for this action (officer where an officer may, else legal).
                let actor = try casebook.actor(for: actorName, recording: action.event, on: reference.kind)
                let role = try #require(Role(rawValue: actor.role))
                for (g, name, fields) in row.setup {
                    // The FOI case a wrongful release links to is opened first, at its own reference.
                    let setupReference: CaseReference
                    let linkedFOI = row.fields["foiCase"] ?? row.setup.lazy.compactMap { $0.2["foiCase"] }.first
                    if g == .foi && row.group == .breach, case .string(let released)? = linkedFOI {
                        setupReference = try CaseReference(released)
                    } else {
                        setupReference = reference
                    }
                    let step = try #require(CaseAction.named(name, in: g))
                    try await casebook.perform(CaseCommand(step, reference: setupReference, fields: fields, occurredAt: Timestamp(milliseconds: at.milliseconds - 3_600_000)),
                                               by: try casebook.actor(for: actorName, recording: step.event, on: setupReference.kind))
                }
                let eventId = UUID()
                let core = try await casebook.perform(CaseCommand(action, reference: reference, fields: row.fields, occurredAt: at, eventId: eventId), by: actor)
                #expect(core.results.allSatisfy { !$0.duplicate }, "\(row)")

                // The API, with the same fields, moment and id.
                let path = "/api/v1/cases/\(row.reference)/actions/\(row.name)?occurredAt=\(Self.at)&eventId=\(eventId.uuidString.lowercased())"
                var headers = HTTPFields()
                headers[.authorization] = "Bearer " + tokens[role]!
                headers[.contentType] = "application/json"
                let api = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: JSONValue.object(row.fields).canonicalString)) { r in
                    (Int(r.status.code), String(decoding: r.body.readableBytesView, as: UTF8.self))
                }
                #expect(api.0 == 200, "\(row): the API did not record the same bytes: \(api.0) \(api.1)")

                // The CLI, with the same input as options.
                var args = [row.group.rawValue, row.name] + row.cli.map { arg -> String in
                    guard arg.hasPrefix("@") else { return arg }
                    return forms + "/" + String(arg.dropFirst()) + ".json"
                }
                for arg in row.cli where arg.hasPrefix("@") {
                    let path = forms + "/" + String(arg.dropFirst()) + ".json"
                    try Data(JSONValue.object(row.fields).canonicalString.utf8).write(to: URL(fileURLWithPath: path))
                }
                args += ["--ledger", directory, "--at", Self.at, "--event-id", eventId.uuidString.lowercased(), "--format", "json"]
                let cli = try ParityCLI.run(args)
                #expect(cli.status == 0, "\(row): \(cli.stderr)")
                let recorded = (try? JSONValue.parse(cli.stdout))?["recorded"]?.arrayValue ?? []
                #expect(!recorded.isEmpty && recorded.allSatisfy { $0["duplicate"] == .bool(true) },
                        "\(row): the CLI did not record the same bytes: \(cli.stdout) \(cli.stderr)")
            }
        }
        #expect(try casebook.ledger.read { try $0.size() } > UInt64(rows.count))
    }
}

/// Runs the built `casebook` binary (`$CASEBOOK_BIN`, else the one built beside this test
/// executable, whatever the scratch path, else `.build/debug`), found as the CLI tests find it.
enum ParityCLI {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        if let b = ProcessInfo.processInfo.environment["CASEBOOK_BIN"] { return b }
        if let test = Bundle.main.executableURL {
            let beside = test.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("casebook").path
            if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        }
        for config in ["debug", "release"] {
            let p = repoRoot.appendingPathComponent(".build/\(config)/casebook").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return repoRoot.appendingPathComponent(".build/debug/casebook").path
    }

    static func run(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "CASEBOOK_LEDGER")
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
