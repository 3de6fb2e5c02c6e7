import Foundation

/// The exemptions from the right of subject access (UK GDPR Art 15) in the Data Protection Act 2018
/// Schedules 2–4, by paragraph as enacted, with short names. The data protection policy §2.6.2
/// lists the common ones (confidential references: Sch2 Para24; crime and taxation: Sch2 Para2;
/// management forecasts: Sch2 Para22; negotiations: Sch2 Para23; regulatory functions: Sch2 Para7;
/// legal advice and proceedings: Sch2 Para19 and Para5; journalism, literature and art: Sch2 Para26;
/// research, history and statistics: Sch2 Para27–28) and §2.7 the social work and education ones
/// (serious harm: Sch3 Para11 and Para19; the Principal Reporter, SCRA: Sch3 Para12 and Para20).
///
/// Paragraphs are written `"Sch2 Para24"`; a sub-paragraph may follow (`"Sch2 Para5(3)"`) and
/// falls back to its paragraph. Definition paragraphs (Sch2 Para1, Sch3 Para1, …) are not
/// exemptions and are not catalogued.
public enum SARExemptionCatalogue {
    public struct Entry: Sendable, Hashable {
        public var paragraph: String
        public var title: String

        public init(_ paragraph: String, _ title: String) {
            self.paragraph = paragraph
            self.title = title
        }
    }

    public static let entries: [Entry] = [
        // Schedule 2 Part 1: crime, taxation, immigration, disclosure required by law
        Entry("Sch2 Para2", "Crime and taxation: general"),
        Entry("Sch2 Para3", "Crime and taxation: risk assessment systems"),
        Entry("Sch2 Para4", "Immigration"),
        Entry("Sch2 Para5", "Information required to be disclosed by law or in connection with legal proceedings"),
        // Schedule 2 Part 2: functions designed to protect the public, and others
        Entry("Sch2 Para7", "Functions designed to protect the public (regulatory functions)"),
        Entry("Sch2 Para8", "Audit functions"),
        Entry("Sch2 Para9", "Functions of the Bank of England"),
        Entry("Sch2 Para10", "Regulatory functions relating to legal services, the health service and children's services"),
        Entry("Sch2 Para11", "Regulatory functions of certain other persons"),
        Entry("Sch2 Para12", "Parliamentary privilege"),
        Entry("Sch2 Para13", "Judicial appointments, judicial independence and judicial proceedings"),
        Entry("Sch2 Para14", "Crown honours, dignities and appointments"),
        // Schedule 2 Part 3: the rights of others
        Entry("Sch2 Para16", "Protection of the rights of others (third-party information)"),
        Entry("Sch2 Para17", "Assumption of reasonableness for health workers, social workers and education workers"),
        // Schedule 2 Part 4
        Entry("Sch2 Para19", "Legal professional privilege"),
        Entry("Sch2 Para20", "Self incrimination"),
        Entry("Sch2 Para21", "Corporate finance"),
        Entry("Sch2 Para22", "Management forecasts"),
        Entry("Sch2 Para23", "Negotiations with the data subject"),
        Entry("Sch2 Para24", "Confidential references"),
        Entry("Sch2 Para25", "Exam scripts and exam marks"),
        // Schedule 2 Parts 5 and 6
        Entry("Sch2 Para26", "Journalistic, academic, artistic and literary purposes"),
        Entry("Sch2 Para27", "Research and statistics"),
        Entry("Sch2 Para28", "Archiving in the public interest"),
        // Schedule 3: health, social work, education and child abuse data
        Entry("Sch3 Para3", "Health data processed by a court"),
        Entry("Sch3 Para4", "Health data: the data subject's expectations and wishes"),
        Entry("Sch3 Para5", "Health data: serious harm"),
        Entry("Sch3 Para6", "Health data: prior opinion of the appropriate health professional"),
        Entry("Sch3 Para9", "Social work data processed by a court"),
        Entry("Sch3 Para10", "Social work data: the data subject's expectations and wishes"),
        Entry("Sch3 Para11", "Social work data: serious harm"),
        Entry("Sch3 Para12", "Social work data: prior opinion of the Principal Reporter (SCRA)"),
        Entry("Sch3 Para18", "Education data processed by a court"),
        Entry("Sch3 Para19", "Education data: serious harm"),
        Entry("Sch3 Para20", "Education data: prior opinion of the Principal Reporter (SCRA)"),
        Entry("Sch3 Para21", "Child abuse data"),
        // Schedule 4: disclosure prohibited or restricted by an enactment
        Entry("Sch4 Para2", "Human fertilisation and embryology information"),
        Entry("Sch4 Para3", "Adoption records and reports"),
        Entry("Sch4 Para4", "Statements and records of special educational needs"),
        Entry("Sch4 Para5", "Parental order records and reports"),
        Entry("Sch4 Para6", "Information provided by the Principal Reporter for a children's hearing"),
    ]

    private static let index: [String: Entry] = Dictionary(uniqueKeysWithValues: entries.map { ($0.paragraph, $0) })

    /// The entry for `paragraph` (`"Sch2 Para24"`, or a sub-paragraph such as `"Sch2 Para5(3)"`),
    /// or nil when it is not an exemption from subject access.
    public static func entry(for paragraph: String) -> Entry? {
        let trimmed = Substring(paragraph.trimmingCharacters(in: .whitespaces))
        // Sub-paragraphs are digits or letters in brackets, "(3)", "(1)(a)", as in ExemptionCatalogue.
        guard ExemptionCatalogue.isSubdivisions(trimmed[(trimmed.firstIndex(of: "(") ?? trimmed.endIndex)...]) else { return nil }
        return ExemptionCatalogue.mostSpecific(trimmed, in: index)
    }

    /// The paragraphs that make a social work record's information subject to the Principal
    /// Reporter (SCRA) step (the data protection policy §2.7.3.1).
    public static let principalReporterParagraphs: Set<String> = ["Sch3 Para12", "Sch3 Para20", "Sch4 Para6"]
}
