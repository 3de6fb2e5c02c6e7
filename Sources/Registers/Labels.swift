/// Words for people in place of the machine values the registers and events store
/// (`grantedInPart` → "Granted in part"). Pages, terminal tables, CSV headers and the public
/// disclosure log show these; JSON keeps the machine values.
public enum Labels {
    /// The label of a stored value: the catalogue's words where it has them, otherwise the value
    /// split at its capitals (`neitherConfirmNorDeny` → "Neither confirm nor deny").
    public static func value(_ raw: String) -> String {
        if let known = values[raw] { return known }
        return words(raw)
    }

    /// The label of a field or column name (`receivedOn` → "Received on").
    public static func field(_ name: String) -> String {
        if let known = fields[name] { return known }
        return words(name)
    }

    /// Values whose split words would read wrongly (abbreviations, statute names).
    static let values: [String: String] = [
        // Regimes and regulators.
        "foia": "FOIA", "foisa": "FOISA", "eir": "EIR", "ico": "ICO", "sar": "SAR", "sic": "Scottish Information Commissioner",
        // Statuses.
        "open": "Open", "channelledToSAR": "Channelled to a SAR", "regulatorComplaint": "Complaint to the regulator",
        "furtherResponseDue": "Further response due", "awaitingIdentity": "Awaiting proof of identity",
        // Outcomes and decisions.
        "notHeld": "Information not held", "neitherConfirmNorDeny": "Neither confirm nor deny", "noDataHeld": "No data held",
        "notify": "Notify the ICO", "doNotNotify": "Do not notify the ICO", "costLimit": "Cost limit (s12)",
        "vexatious": "Vexatious (s14)", "systemAndProcess": "System and process",
        // Steps on the due list and in "overdue".
        "icoNotification": "ICO notification", "internalReview": "Internal review", "reportingForm": "Reporting form",
        "reportToBusinessManager": "Report to the business manager", "directorNotification": "Telling the director",
        "headOfLegalNotification": "Telling the Head of Legal", "updatedReportingForm": "Updated reporting form",
        "pressOffice": "Telling the press office", "legal": "Telling Legal Services", "affectedPartyContact": "Contacting the affected parties",
        "outcomeLetter": "Outcome letter", "reviewRights": "Review rights", "appealRights": "Appeal rights",
        "costLimitAdvice": "Cost-limit advice", "section21Location": "Where s21 information is available",
        "reviewAppealRights": "Appeal rights after review",
        // The event `casebook import` records last on each case it brings in.
        "CaseImported": "Imported from a spreadsheet register",
    ]

    /// Field names whose split words would read wrongly.
    static let fields: [String: String] = [
        "icoNotifiedAt": "ICO notified at", "icoDecision": "ICO decision", "icoDecisionReasons": "ICO decision reasons",
        "icoDue": "ICO notification due", "icoNotified": "ICO notified", "within72h": "Within 72 hours",
        "ackDue": "Acknowledgement due", "ackOnTime": "Acknowledged on time", "acknowledged": "Acknowledged",
        "channelledToSAR": "Channelled to a SAR", "officer": "Case officer", "workingDays": "Working days taken",
        "missingSteps": "Steps not recorded", "reference": "Reference", "onTime": "On time", "due": "Due",
        "dataSubjects": "Data subjects", "regulatorComplaint": "Complaint to the regulator",
        // CaseImported (`casebook import`).
        "fileSHA256": "File SHA-256", "mappingSHA256": "Mapping SHA-256",
        "rowSHA256": "Row SHA-256", "sheetReference": "Reference in the sheet", "timesNotInSheet": "Times not in the sheet (set to midday)",
        "sheetDueOn": "Due date in the sheet",
    ]

    /// `camelCase` or `kebab-case` as a sentence-case phrase; abbreviations in capitals stay.
    public static func words(_ raw: String) -> String {
        var words: [String] = []
        var current = ""
        let scalars = Array(raw.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            if s == "-" || s == "_" || s == " " {
                if !current.isEmpty { words.append(current); current = "" }
                continue
            }
            let upper = s.properties.isUppercase
            let nextLower = i + 1 < scalars.count && scalars[i + 1].properties.isLowercase
            let prevLower = i > 0 && (scalars[i - 1].properties.isLowercase || scalars[i - 1].properties.numericType != nil)
            if upper && !current.isEmpty && (prevLower || nextLower) { words.append(current); current = "" }
            current.unicodeScalars.append(s)
        }
        if !current.isEmpty { words.append(current) }
        return words.enumerated().map { i, w in
            let allCaps = w.count > 1 && w.unicodeScalars.allSatisfy { !$0.properties.isLowercase }
            if allCaps { return w }
            return i == 0 ? w.prefix(1).uppercased() + w.dropFirst() : w.lowercased()
        }.joined(separator: " ")
    }
}
