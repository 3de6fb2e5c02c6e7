// The record of a case brought in from a register kept before Casebook.

/// The case was brought in from a register kept before Casebook (a council's spreadsheet):
/// recorded last on each imported case by `casebook import`, never by hand. It says where every
/// earlier event of the case came from (the file, its row, the mapping that read it) and which
/// times of day the sheet did not hold, so the import can be checked against the file and run
/// again without recording anything twice. The registers ignore it.
public struct CaseImported: EventPayload {
    public static let eventType = EventType.caseImported
    public static let personalFields: [PersonalField] = []

    /// The imported file's name as given (no directory).
    public var fileName: String
    /// The SHA-256 of the file's bytes, lowercase hex.
    public var fileSHA256: String
    /// `csv` or `xlsx`.
    public var format: String
    /// The .xlsx sheet read (nil for CSV).
    public var sheet: String?
    /// The number of data rows the sheet had.
    public var rowCount: Int
    /// The SHA-256 of the mapping's canonical JSON, lowercase hex.
    public var mappingSHA256: String
    /// The row's number as a spreadsheet program shows it (the heading row is 1).
    public var row: Int
    /// The SHA-256 of the row's cells as canonical JSON (heading → cell), lowercase hex.
    public var rowSHA256: String
    /// The case's reference as the sheet wrote it.
    public var sheetReference: String
    /// The moments the sheet gave only as a day, as `Event.field` (e.g. `RequestReceived.receivedAt`):
    /// the import put them at midday Europe/London, which never moves the day.
    public var timesNotInSheet: [String]
    /// The due date the sheet gave, kept as written there (Casebook works out its own).
    public var sheetDueOn: LocalDate?

    public init(fileName: String, fileSHA256: String, format: String, sheet: String? = nil, rowCount: Int, mappingSHA256: String,
                row: Int, rowSHA256: String, sheetReference: String, timesNotInSheet: [String] = [], sheetDueOn: LocalDate? = nil) {
        self.fileName = fileName
        self.fileSHA256 = fileSHA256
        self.format = format
        self.sheet = sheet
        self.rowCount = rowCount
        self.mappingSHA256 = mappingSHA256
        self.row = row
        self.rowSHA256 = rowSHA256
        self.sheetReference = sheetReference
        self.timesNotInSheet = timesNotInSheet
        self.sheetDueOn = sheetDueOn
    }
}
