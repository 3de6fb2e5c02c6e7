import Casework
// The words the demo generator writes: obviously fictional people, a fictional council's
// services, and the topics, reasons and incidents that fill realistic registers.
// People use reserved example domains (RFC 2606) and Ofcom's drama telephone ranges.

enum DemoVocabulary {
    // MARK: People

    static let firstNames = [
        "Ada", "Basil", "Cora", "Dev", "Edith", "Farid", "Greta", "Hamish", "Iris", "Jonah", "Kiran", "Lena",
        "Moss", "Nadia", "Otto", "Priya", "Quentin", "Rosa", "Sol", "Tamsin", "Umar", "Vera", "Wilf", "Xena",
        "Yusuf", "Zara", "Alfie", "Bea", "Cyrus", "Delia", "Ezra", "Fern", "Gideon", "Hana", "Ivo", "Juno",
        "Kit", "Lorna", "Milo", "Nell", "Orla", "Piers", "Rhea", "Silas", "Tilda", "Ulla", "Vince", "Wren",
    ]

    static let surnames = [
        "Fictional", "Madeup", "Placeholder", "Sampleton", "Exampleson", "Notreal", "Pretendley", "Imaginary",
        "Invented", "Dummyworth", "Specimen", "Mockridge", "Hypothetical", "Illustrative", "Testperson",
        "Nonesuch", "Fabricant", "Figment", "Makebelieve", "Storybook", "Phantomby", "Demoford", "Synthetic",
        "Unreal", "Fakington", "Simulacrum", "Lorem", "Ipsum", "Dolorsit", "Quux",
    ]

    static let emailDomains = ["example.org", "example.com", "example.net"]

    static let streets = ["Example Road", "Sample Street", "Placeholder Lane", "Fiction Avenue", "Testing Way",
                          "Imaginary Crescent", "Notional Terrace", "Draft Close"]
    static let towns = ["Sampletown", "Exampleford", "Fictionbury", "Mockham", "Dummington"]

    static let mediaOutlets = ["The Sampletown Gazette", "Exampleford Evening Echo", "Fictionbury FM newsroom",
                               "The Demo Herald", "Mockham Weekly"]
    static let campaigns = ["Friends of Sampletown Parks", "Exampleford Cycle Campaign", "Clean Air for Mockham",
                            "Fictionbury Tenants' Association", "Save Dummington Library"]
    static let businesses = ["Placeholder Consulting Ltd", "Example Data Services Ltd", "Sample Procurement Insights",
                             "Notional Estates plc", "Mockridge & Partners LLP"]

    // MARK: Services (a fictional council's)

    static let services = [
        "Transport", "Housing", "Education", "Adult Social Care", "Children's Social Work", "Finance",
        "Human Resources", "ICT", "Planning", "Waste and Recycling", "Environmental Health",
        "Legal and Democratic Services", "Customer Services", "Revenues and Benefits", "Libraries and Culture",
        "Parks and Open Spaces",
    ]

    static let places = ["Millbrook Road", "Harbour Street", "the former Riverside depot", "the Station Quarter",
                         "Northgate retail park", "Elm Grove", "Castle Hill", "the Old Mill site", "Victoria Park",
                         "the Westfield estate"]

    // MARK: FOI / EIR topics

    struct Topic: Sendable {
        var service: String
        /// The summary; `{period}` and `{place}` are filled in.
        var summary: String
        var documents: [String]
    }

    static let foiTopics: [Topic] = [
        Topic(service: "Transport", summary: "Contracts and spend with parking enforcement contractors, {period}",
              documents: ["Parking enforcement contract (redacted).pdf", "Spend with enforcement contractors.xlsx"]),
        Topic(service: "Transport", summary: "Number of penalty charge notices issued on {place}, {period}",
              documents: ["PCNs issued by location.xlsx"]),
        Topic(service: "Transport", summary: "Pothole compensation claims received and paid, {period}",
              documents: ["Highways claims summary.xlsx"]),
        Topic(service: "Housing", summary: "Households in temporary accommodation and its cost, {period}",
              documents: ["Temporary accommodation figures.xlsx"]),
        Topic(service: "Housing", summary: "Damp and mould complaints in council homes and repair times, {period}",
              documents: ["Damp and mould complaints.xlsx", "Repairs policy.pdf"]),
        Topic(service: "Housing", summary: "Empty council homes and average re-let times, {period}",
              documents: ["Void properties report.pdf"]),
        Topic(service: "Education", summary: "Exclusions from council-maintained schools by reason, {period}",
              documents: ["Exclusions data.xlsx"]),
        Topic(service: "Education", summary: "Home-to-school transport spend and contracts, {period}",
              documents: ["School transport spend.xlsx"]),
        Topic(service: "Adult Social Care", summary: "Weekly care home fees paid by the council, {period}",
              documents: ["Care home fee rates.pdf"]),
        Topic(service: "Adult Social Care", summary: "Waiting times for care needs assessments, {period}",
              documents: ["Assessment waiting times.xlsx"]),
        Topic(service: "Children's Social Work", summary: "Children in care placed outside the council's area, {period}",
              documents: ["Out-of-area placements.xlsx"]),
        Topic(service: "Children's Social Work", summary: "Spend on agency social workers, {period}",
              documents: ["Agency staff spend.xlsx"]),
        Topic(service: "Finance", summary: "Spend with management consultants, {period}",
              documents: ["Consultancy spend.xlsx", "Procurement register extract.csv"]),
        Topic(service: "Finance", summary: "Purchase card transactions over £500, {period}",
              documents: ["Purchase card transactions.csv"]),
        Topic(service: "Revenues and Benefits", summary: "Council tax arrears and referrals to enforcement agents, {period}",
              documents: ["Council tax arrears.xlsx"]),
        Topic(service: "Revenues and Benefits", summary: "Discretionary housing payments awarded, {period}",
              documents: ["DHP awards.xlsx"]),
        Topic(service: "Human Resources", summary: "Staff sickness absence due to stress, {period}",
              documents: ["Sickness absence by reason.xlsx"]),
        Topic(service: "Human Resources", summary: "Senior officer pay, severance and settlement agreements, {period}",
              documents: ["Senior pay statement.pdf"]),
        Topic(service: "ICT", summary: "Cyber security incidents and ransomware attempts, {period}",
              documents: ["Cyber incident statistics.pdf"]),
        Topic(service: "ICT", summary: "ICT contracts, suppliers and renewal dates",
              documents: ["ICT contracts register.xlsx"]),
        Topic(service: "Legal and Democratic Services", summary: "Councillors' allowances and expenses, {period}",
              documents: ["Members' allowances.pdf"]),
        Topic(service: "Legal and Democratic Services", summary: "Legal costs of employment tribunal claims, {period}",
              documents: ["Tribunal costs.xlsx"]),
        Topic(service: "Customer Services", summary: "Contact centre waiting times and abandoned calls, {period}",
              documents: ["Contact centre performance.xlsx"]),
        Topic(service: "Libraries and Culture", summary: "Library visitor numbers and opening hours by branch, {period}",
              documents: ["Library statistics.xlsx"]),
        Topic(service: "Environmental Health", summary: "Overdue food hygiene inspections, {period}",
              documents: ["Food inspections backlog.xlsx"]),
    ]

    static let eirTopics: [Topic] = [
        Topic(service: "Planning", summary: "Correspondence with the developer about the planning application for {place}",
              documents: ["Pre-application correspondence (redacted).pdf"]),
        Topic(service: "Planning", summary: "Section 106 contributions received and spent, {period}",
              documents: ["S106 contributions.xlsx"]),
        Topic(service: "Waste and Recycling", summary: "Household waste tonnages and recycling rates, {period}",
              documents: ["Waste data.xlsx"]),
        Topic(service: "Waste and Recycling", summary: "Fly-tipping incidents and clearance costs on {place}, {period}",
              documents: ["Fly-tipping incidents.xlsx"]),
        Topic(service: "Environmental Health", summary: "Air quality monitoring results for {place}, {period}",
              documents: ["Diffusion tube results.xlsx", "Air quality annual status report.pdf"]),
        Topic(service: "Environmental Health", summary: "Noise complaints about {place} and action taken, {period}",
              documents: ["Noise complaints log (redacted).xlsx"]),
        Topic(service: "Parks and Open Spaces", summary: "Use of glyphosate in parks and on verges, {period}",
              documents: ["Herbicide use records.xlsx"]),
        Topic(service: "Parks and Open Spaces", summary: "Trees felled on council land near {place}, {period}",
              documents: ["Tree works schedule.pdf"]),
        Topic(service: "Transport", summary: "Traffic modelling for the low traffic neighbourhood around {place}",
              documents: ["Traffic model report.pdf"]),
    ]

    static let typos: [(String, String)] = [
        ("Contracts", "Contarcts"), ("council", "coucnil"), ("spend", "sepnd"), ("and", "adn"),
        ("Number", "Nubmer"), ("waiting", "wiating"), ("care", "crae"), ("staff", "satff"),
    ]

    static let clarificationQuestions = [
        "Which financial years do you want the figures for?",
        "Do you mean the council's own staff only, or contractors as well?",
        "Could you say which site or area you are interested in?",
        "Do you want the total figure or a breakdown by month?",
        "Could you confirm whether you want copies of the documents or a summary of the figures?",
    ]

    static let clarifications = [
        "The last three financial years, please.",
        "Council staff only.",
        "Only the sites within the town centre.",
        "A monthly breakdown would be ideal.",
        "Copies of the documents, please.",
    ]

    static let notes = [
        "Searched the contracts database and the shared drive; relevant documents located.",
        "Service asked for the information on receipt; reminder sent.",
        "Legal Services consulted on the exemptions.",
        "Third party consulted about commercially sensitive content.",
        "Draft response sent to the head of service for approval.",
        "Requester telephoned to ask about progress; told the response is on track.",
        "Information partly held by a contractor; contractor asked to supply it.",
        "Similar request received from another requester; responses aligned.",
    ]

    static let withdrawalReasons = [
        "Requester found the information in the published annual accounts.",
        "Requester no longer needs the information.",
        "Requester submitted a narrower request instead.",
    ]

    static let transferBodies = ["Sampleshire County Council", "Exampleford NHS Foundation Trust",
                                 "Fictionshire Police", "the Department for Example Affairs", "Mockham Clinical Commissioning Group"]

    static let reviewGrounds = [
        "I do not accept that the exemption applies to the whole of the information.",
        "The public interest in disclosure has not been given enough weight.",
        "I believe more information is held than was found.",
        "The response was late and did not answer part of my request.",
        "The cost estimate is too high; the records are held electronically.",
    ]

    static let reviewReasoning: [ReviewOutcome: [String]] = [
        .upheld: ["The exemption was correctly applied and the public interest balance was properly struck.",
                  "Searches were adequate; no further information is held."],
        .partlyOverturned: ["Some of the withheld information is no longer sensitive and is released.",
                            "Older figures can be released; recent figures remain withheld."],
        .overturned: ["The exemption is not engaged; the information is released in full.",
                      "The cost estimate overstated the time needed; the request is answered."],
    ]

    static let reassignReasons = ["Case officer on leave", "Workload balancing", "Case officer left the team",
                                  "Specialist knowledge of the service needed"]

    // MARK: Exemptions

    struct Exemption: Sendable {
        var section: String
        var exemptionClass: ExemptionClass
        var reason: String
        var appliesTo: String
    }

    static let foiaExemptions: [Exemption] = [
        Exemption(section: "43(2)", exemptionClass: .qualified,
                  reason: "Disclosure of unit rates would prejudice the contractor's and the council's commercial interests.",
                  appliesTo: "Pricing schedules"),
        Exemption(section: "40(2)", exemptionClass: .absolute,
                  reason: "Names of junior staff and third parties; disclosure would breach the data protection principles.",
                  appliesTo: "Names and contact details"),
        Exemption(section: "31(1)(a)", exemptionClass: .qualified,
                  reason: "Disclosure would be likely to prejudice the prevention or detection of crime.",
                  appliesTo: "Security arrangements"),
        Exemption(section: "42(1)", exemptionClass: .qualified,
                  reason: "Legal advice subject to legal professional privilege.", appliesTo: "Counsel's advice"),
        Exemption(section: "21", exemptionClass: .absolute,
                  reason: "The information is already published on the council's website.", appliesTo: "Published reports"),
        Exemption(section: "22(1)", exemptionClass: .qualified,
                  reason: "The information will be published in the annual report next quarter.", appliesTo: "Annual figures"),
        Exemption(section: "41(1)", exemptionClass: .absolute,
                  reason: "Provided in confidence by a third party; disclosure would be an actionable breach of confidence.",
                  appliesTo: "Correspondence from a partner organisation"),
        Exemption(section: "36(2)(b)(ii)", exemptionClass: .qualified,
                  reason: "The qualified person's opinion is that disclosure would inhibit the free and frank exchange of views.",
                  appliesTo: "Internal deliberations"),
        Exemption(section: "38(1)(b)", exemptionClass: .qualified,
                  reason: "Disclosure would be likely to endanger the safety of staff at the named sites.",
                  appliesTo: "Site locations"),
        Exemption(section: "44(1)(a)", exemptionClass: .absolute,
                  reason: "Disclosure is prohibited by statute.", appliesTo: "Statutory returns"),
    ]

    static let foisaExemptions: [Exemption] = [
        Exemption(section: "33(1)(b)", exemptionClass: .qualified,
                  reason: "Disclosure would prejudice substantially the commercial interests of the contractor.",
                  appliesTo: "Pricing schedules"),
        Exemption(section: "38(1)(b)", exemptionClass: .absolute,
                  reason: "Third-party personal data; disclosure would breach the data protection principles.",
                  appliesTo: "Names and contact details"),
        Exemption(section: "30(b)(i)", exemptionClass: .qualified,
                  reason: "Disclosure would inhibit substantially the free and frank provision of advice.",
                  appliesTo: "Officers' advice"),
        Exemption(section: "25(1)", exemptionClass: .absolute,
                  reason: "The information is reasonably obtainable from the council's website.", appliesTo: "Published reports"),
        Exemption(section: "36(2)", exemptionClass: .absolute,
                  reason: "Obtained from a third party in confidence.", appliesTo: "Partner correspondence"),
    ]

    static let eirExceptions: [Exemption] = [
        Exemption(section: "12(5)(e)", exemptionClass: .qualified,
                  reason: "Confidentiality of commercial information provided by law to protect a legitimate economic interest.",
                  appliesTo: "Viability assessment"),
        Exemption(section: "12(4)(e)", exemptionClass: .qualified,
                  reason: "Internal communications between officers while the decision was live.", appliesTo: "Internal e-mails"),
        Exemption(section: "13", exemptionClass: .absolute,
                  reason: "Personal data of third parties; disclosure would breach the data protection principles.",
                  appliesTo: "Names and addresses of complainants"),
        Exemption(section: "12(5)(b)", exemptionClass: .qualified,
                  reason: "Disclosure would adversely affect the course of justice in a pending appeal.", appliesTo: "Appeal file"),
        Exemption(section: "12(4)(d)", exemptionClass: .qualified,
                  reason: "Material still in the course of completion.", appliesTo: "Draft report"),
    ]

    /// Neither-confirm-nor-deny provisions.
    static let foiaNCND: [Exemption] = [
        Exemption(section: "40(5)", exemptionClass: .absolute,
                  reason: "Confirming whether information is held would itself disclose personal data.", appliesTo: "Whether information is held"),
        Exemption(section: "31(3)", exemptionClass: .qualified,
                  reason: "Confirming or denying would be likely to prejudice law enforcement.", appliesTo: "Whether information is held"),
    ]

    static let factorsForDisclosure = ["Transparency in the spending of public money", "Accountability for decisions",
                                       "Public understanding of an issue of local concern"]
    /// The main argument for maintaining an exemption or exception, by provision.
    static func factorForMaintaining(_ section: String) -> String {
        switch section {
        case "43(2)", "33(1)(b)", "12(5)(e)": "Fair competition and value for money in a live procurement"
        case "31(1)(a)", "31(3)", "12(5)(b)": "Protection of the prevention and detection of crime and of the course of justice"
        case "42(1)": "The strong public interest in the confidentiality of legal advice"
        case "22(1)": "Orderly publication of the full, checked figures as planned"
        case "38(1)(b)": "The safety of staff and the public"
        case "12(4)(b)": "Protecting the service from a disproportionate burden"
        case "12(4)(d)": "Avoiding misleading the public with unfinished material"
        default: "A safe space for officials to deliberate and give free and frank advice"
        }
    }

    // MARK: Subject access

    static let sarSummaries = [
        ("Adult Social Care", "All records Adult Social Care holds about me since {year}"),
        ("Children's Social Work", "My social work file from when I was in care"),
        ("Housing", "My housing file, including repair requests and correspondence"),
        ("Customer Services", "Recordings of my calls to the contact centre in {year}"),
        ("Human Resources", "My personnel file and the notes of my grievance hearing"),
        ("Transport", "CCTV footage of my car at the {place} car park"),
        ("Revenues and Benefits", "My council tax and benefits records since {year}"),
        ("Education", "My son's school records and SEN assessments"),
    ]

    static let thirdPartyRationales: [ThirdPartyInformationDecided.Decision: String] = [
        .redacted: "Names and details of other family members redacted; no consent and not reasonable to disclose.",
        .withheld: "Reports from a neighbour withheld; disclosure would identify them and they refused consent.",
        .disclosedWithConsent: "The social worker consented to her notes being disclosed.",
        .disclosedWithoutConsent: "Professional opinions of council staff acting in their official capacity; reasonable to disclose without consent (the data protection policy §2.5.5).",
    ]

    static let sarExemptions = ["Sch2 Para5", "Sch3 Para11", "Sch2 Para2", "Sch2 Para19"]
    /// Why each is applied (the data protection policy §2.6, §2.7.3.2: the reasons are recorded).
    static let sarExemptionReasons: [String: String] = [
        "Sch2 Para5": "Information about ongoing court proceedings to which the council is a party.",
        "Sch3 Para11": "Release would be likely to cause serious harm to the mental health of the data subject, as the social worker has assessed.",
        "Sch2 Para2": "Information shared with the police for an ongoing investigation; release would be likely to prejudice it.",
        "Sch2 Para19": "Legal advice given to the service by Legal Services, subject to legal professional privilege.",
    ]

    // MARK: Breaches

    struct BreachScenario: Sendable {
        var categories: [BreachCategory]
        var howDiscovered: String
        var information: String
        var subjects: String
        var subjectCategories: [String]
        var countRange: ClosedRange<Int>
        var sensitiveChance: Double
        var howHeld: HoldingMedium
        var howHeldDetail: String
        var consequences: String
        var immediate: String
        var proposed: String
        var encrypted: Bool
        var howItHappened: String
        var whyItHappened: String
        /// Why the ICO need not be told, when the risk is assessed as unlikely (Art 33(1)).
        var noNotifyReason: String
    }

    static let breachScenarios: [BreachScenario] = [
        BreachScenario(categories: [.unauthorisedDisclosure, .humanError],
                       howDiscovered: "The recipient replied to say the e-mail was not meant for them.",
                       information: "A case summary including address and support needs.",
                       subjects: "One service user and a family member.", subjectCategories: ["service users"],
                       countRange: 1...3, sensitiveChance: 0.5, howHeld: .electronic, howHeldDetail: "contained within an email",
                       consequences: "Details seen by an unintended recipient outside the council; possible distress.",
                       immediate: "Recipient asked to delete the e-mail and confirm in writing.",
                       proposed: "Switch off address autocomplete for external addresses.", encrypted: false,
                       howItHappened: "E-mail address autocompleted to a similarly named external contact.",
                       whyItHappened: "Autocomplete enabled and no second check on external recipients.",
                       noNotifyReason: "Recipient is a trusted professional who confirmed deletion; unlikely to result in a risk to the individuals."),
        BreachScenario(categories: [.loss],
                       howDiscovered: "Officer realised the file was missing after leaving the bus.",
                       information: "Paper case file with assessment notes.",
                       subjects: "One service user.", subjectCategories: ["service users"],
                       countRange: 1...1, sensitiveChance: 0.7, howHeld: .paper, howHeldDetail: "a paper file in a bag",
                       consequences: "File not recovered; contents could reveal health information.",
                       immediate: "Lost property and the bus operator contacted.",
                       proposed: "Reminder that paper files leave the office only in locked cases.", encrypted: false,
                       howItHappened: "File left on public transport.", whyItHappened: "Paper file taken home against guidance.",
                       noNotifyReason: "Limited information about one person, unlikely to be understood by a finder; risk assessed as unlikely."),
        BreachScenario(categories: [.theft],
                       howDiscovered: "Officer reported the car broken into overnight.",
                       information: "Council laptop with access to the case management system.",
                       subjects: "Service users on the officer's caseload.", subjectCategories: ["service users"],
                       countRange: 20...60, sensitiveChance: 0.4, howHeld: .electronic, howHeldDetail: "on a laptop",
                       consequences: "Laptop encrypted; risk of access low.",
                       immediate: "Laptop remotely wiped and account password reset.",
                       proposed: "Reminder not to leave equipment in vehicles.", encrypted: true,
                       howItHappened: "Laptop stolen from a parked car.", whyItHappened: "Equipment left visible in a vehicle overnight.",
                       noNotifyReason: "Device encrypted and remotely wiped; no realistic risk of access."),
        BreachScenario(categories: [.unauthorisedDisclosure, .humanError],
                       howDiscovered: "A resident telephoned to say their letter included another person's details.",
                       information: "A letter with another tenant's rent arrears.",
                       subjects: "One tenant.", subjectCategories: ["tenants"],
                       countRange: 1...2, sensitiveChance: 0.05, howHeld: .paper, howHeldDetail: "a posted letter",
                       consequences: "Financial details disclosed to a neighbour.",
                       immediate: "Letter collected from the recipient.",
                       proposed: "Second check on mail merge output before posting.", encrypted: false,
                       howItHappened: "Two letters folded into one envelope.", whyItHappened: "Mail merge output not checked.",
                       noNotifyReason: "Limited financial information seen by one neighbour who returned the letter; risk assessed as unlikely."),
        BreachScenario(categories: [.unauthorisedAccess, .unauthorisedUse],
                       howDiscovered: "Audit of system access logs.",
                       information: "Records of a neighbour looked up without a business need.",
                       subjects: "Residents whose records were viewed.", subjectCategories: ["residents"],
                       countRange: 1...8, sensitiveChance: 0.3, howHeld: .electronic, howHeldDetail: "in the case management system",
                       consequences: "Possible misuse of personal information for private purposes.",
                       immediate: "User's access suspended; HR informed.",
                       proposed: "Quarterly access log reviews.", encrypted: true,
                       howItHappened: "Employee searched records for personal reasons.", whyItHappened: "Access not restricted to caseload.",
                       noNotifyReason: "Access was by an employee bound by confidentiality, now disciplined; no onward disclosure found."),
        BreachScenario(categories: [.unauthorisedDisclosure],
                       howDiscovered: "A member of the public noticed a hidden tab in a published spreadsheet.",
                       information: "Spreadsheet with a hidden worksheet listing names and addresses.",
                       subjects: "Applicants for a grant scheme.", subjectCategories: ["residents"],
                       countRange: 50...400, sensitiveChance: 0.1, howHeld: .electronic, howHeldDetail: "published on the website",
                       consequences: "Names and addresses publicly available for several days.",
                       immediate: "File removed from the website; search engine cache removal requested.",
                       proposed: "Publication checklist including hidden content.", encrypted: false,
                       howItHappened: "Source spreadsheet published instead of the summary.", whyItHappened: "No check for hidden worksheets.",
                       noNotifyReason: "File online for a short time with no evidence of download; names and addresses only."),
        BreachScenario(categories: [.unauthorisedDisclosure, .humanError],
                       howDiscovered: "Recipients replied-all pointing out the visible addresses.",
                       information: "E-mail addresses of members of a support group.",
                       subjects: "Members of a carers' support group.", subjectCategories: ["service users", "carers"],
                       countRange: 30...250, sensitiveChance: 0.6, howHeld: .electronic, howHeldDetail: "contained within an email",
                       consequences: "Membership of a support group revealed to other members.",
                       immediate: "Recall attempted; recipients asked to delete.",
                       proposed: "Bulk messages sent only from the mailing system.", encrypted: false,
                       howItHappened: "Addresses placed in CC instead of BCC.", whyItHappened: "Bulk e-mail sent from a personal mailbox.",
                       noNotifyReason: "Recipients are members of the same group and were asked to delete; risk assessed as unlikely."),
        BreachScenario(categories: [.unauthorisedAccess],
                       howDiscovered: "ICT security alert on unusual mailbox rules.",
                       information: "Contents of a compromised mailbox.",
                       subjects: "Correspondents of the mailbox owner.", subjectCategories: ["residents", "staff"],
                       countRange: 10...150, sensitiveChance: 0.3, howHeld: .electronic, howHeldDetail: "in an e-mail account",
                       consequences: "Attacker may have read or forwarded messages.",
                       immediate: "Password reset, sessions revoked, forwarding rule removed.",
                       proposed: "Enforce phishing-resistant multi-factor authentication.", encrypted: false,
                       howItHappened: "Credentials entered on a phishing page.", whyItHappened: "Legacy authentication left enabled.",
                       noNotifyReason: "Audit found no messages read or forwarded by the attacker; risk assessed as unlikely."),
        BreachScenario(categories: [.loss, .humanError],
                       howDiscovered: "Caretaker found papers in a general waste bin.",
                       information: "Printed timesheets with staff payroll numbers.",
                       subjects: "Staff in one team.", subjectCategories: ["staff"],
                       countRange: 5...25, sensitiveChance: 0.0, howHeld: .paper, howHeldDetail: "printed documents",
                       consequences: "Low risk; papers recovered on site.",
                       immediate: "Papers recovered and shredded.",
                       proposed: "Confidential waste bins on every floor.", encrypted: false,
                       howItHappened: "Confidential waste put in general waste.", whyItHappened: "No confidential waste bin nearby.",
                       noNotifyReason: "Papers recovered on site before leaving council premises."),
    ]

    static let wrongfulReleaseScenario = BreachScenario(
        categories: [.unauthorisedDisclosure, .humanError],
        howDiscovered: "The FOI team noticed an unredacted annex in the response on the disclosure log.",
        information: "An annex to an FOI response listing names and contact details of staff and complainants.",
        subjects: "Junior staff and complainants named in the annex.", subjectCategories: ["staff", "residents"],
        countRange: 5...40, sensitiveChance: 0.1, howHeld: .electronic, howHeldDetail: "attached to an FOI response",
        consequences: "Names released to the requester and published for a short time.",
        immediate: "Disclosure log entry withdrawn; requester asked to delete the annex.",
        proposed: "Two-person check of redactions before any FOI release.", encrypted: false,
        howItHappened: "The unredacted version of the annex was attached.",
        whyItHappened: "Redacted and unredacted files had similar names in the same folder.",
        noNotifyReason: "Annex withdrawn within hours and the requester confirmed deletion; risk assessed as unlikely.")

    static let delayReasons = [
        "The extent of the breach was only established after the mailbox audit completed.",
        "The breach was reported to Legal Services late by the service.",
        "Awaiting confirmation from the contractor of the records involved.",
    ]

    // MARK: Near misses

    struct NearMissScenario: Sendable {
        var description: String
        var category: BreachCategory
        var weakness: NearMissReviewed.Weakness
        var action: String
    }

    static let nearMissScenarios: [NearMissScenario] = [
        NearMissScenario(description: "Letter addressed to the wrong client spotted at the second check before posting.",
                         category: .unauthorisedDisclosure, weakness: .process, action: "Second-check step reinforced at team meeting."),
        NearMissScenario(description: "E-mail with an assessment nearly sent to an external address with a similar name; stopped by the external recipient warning.",
                         category: .humanError, weakness: .system, action: "External recipient warning extended to all mailboxes."),
        NearMissScenario(description: "Filing cabinet with tenancy files found unlocked after hours; nothing missing.",
                         category: .unauthorisedAccess, weakness: .process, action: "End-of-day lock check added to the closing routine."),
        NearMissScenario(description: "Laptop left unattended in a public meeting room; retrieved by a colleague.",
                         category: .theft, weakness: .process, action: "Clear-desk and device reminder issued."),
        NearMissScenario(description: "Shared folder of HR records found with all-staff permissions before anyone opened it.",
                         category: .unauthorisedAccess, weakness: .system, action: "Permissions corrected and folder audit scheduled."),
        NearMissScenario(description: "Spreadsheet prepared for publication found to contain a hidden tab with names; removed before publication.",
                         category: .unauthorisedDisclosure, weakness: .systemAndProcess, action: "Publication checklist updated."),
        NearMissScenario(description: "Visitor at reception nearly handed another person's documents with the same surname.",
                         category: .unauthorisedDisclosure, weakness: .process, action: "Two-point identity check at reception."),
        NearMissScenario(description: "Box of archived case files found in an unlocked corridor during an office move.",
                         category: .loss, weakness: .process, action: "Office move plan includes a records custodian."),
        NearMissScenario(description: "Printout with a client's details left on the shared printer and collected by the right person.",
                         category: .humanError, weakness: .none, action: "Reminder about secure print release."),
    ]

    struct ThirdPartyScenario: Sendable {
        var category: ThirdPartyRequesterCategory
        var organisation: String
        var purpose: ThirdPartyPurpose
        var information: String
        var disclosed: String
        var basisDetail: String
    }

    static let thirdPartyScenarios: [ThirdPartyScenario] = [
        ThirdPartyScenario(category: .police, organisation: "Police Scotland, North East Division", purpose: .preventionOrDetectionOfCrime,
                           information: "Current address and tenancy start date of a council tenant", disclosed: "Tenancy start date and current address",
                           basisDetail: "Prevention or detection of crime (DPA 2018 Sch 2 para 2)"),
        ThirdPartyScenario(category: .police, organisation: "Police Scotland, North East Division", purpose: .apprehensionOrProsecutionOfOffenders,
                           information: "Council tax account holder for a named address over the last two years",
                           disclosed: "Account holder's name and liability dates", basisDetail: "Apprehension or prosecution of offenders (DPA 2018 Sch 2 para 2)"),
        ThirdPartyScenario(category: .court, organisation: "Sheriff Court", purpose: .legalProceedings,
                           information: "Housing file entries about a tenancy dispute named in the order", disclosed: "The file entries the order names, redacted of other tenants",
                           basisDetail: "Court order (DPA 2018 Sch 2 para 5)"),
        ThirdPartyScenario(category: .parent, organisation: "Parent of a pupil", purpose: .educationalRecord,
                           information: "Their child's educational record", disclosed: "A copy of the educational record, marked COPY",
                           basisDetail: "Pupils' Educational Records (Scotland) Regulations 2003"),
        ThirdPartyScenario(category: .school, organisation: "A secondary school outside the council area", purpose: .pupilTransfer,
                           information: "A transferring pupil's educational record", disclosed: "A copy of the pupil's record, third parties redacted, marked COPY",
                           basisDetail: "Pupils' Educational Records (Scotland) Regulations 2003"),
        ThirdPartyScenario(category: .solicitor, organisation: "A firm of solicitors acting for a neighbour", purpose: .legalProceedings,
                           information: "Complaints file about a neighbour dispute", disclosed: "Nothing",
                           basisDetail: "None"),
        ThirdPartyScenario(category: .governmentAgency, organisation: "Audit Scotland (National Fraud Initiative)", purpose: .fraudPrevention,
                           information: "Housing benefit and council tax reduction records for the annual data match",
                           disclosed: "The data match extract in the specified format", basisDetail: "Local Government (Scotland) Act 1973"),
    ]
}
