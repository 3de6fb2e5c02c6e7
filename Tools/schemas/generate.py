#!/usr/bin/env python3
"""Writes Schemas/events/<EventType>.schema.json and Schemas/envelope.schema.json.

The Swift payload types in Sources/Casework/Events are the source of truth; this script is the
compact, reviewable description of the same shapes in JSON Schema (draft 2020-12). The test
suite (CaseworkTests/SchemaDriftTests) fails whenever the two drift apart: every Swift example
must validate, property and required sets must match, and x-personal paths must equal the Swift
personalFields.

Usage: python3 Tools/schemas/generate.py   (from anywhere; writes into the repository)
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
BASE = "https://casebook.example/schemas"

# ---- building blocks -------------------------------------------------------------------------

# Every text value: never empty, at most this many characters (PayloadLimits.maxTextLength).
MAX_TEXT = 20000


def text(description=None, **extra):
    s = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT}
    if description:
        s["description"] = description
    s.update(extra)
    return s

DATE = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
DATETIME = {"type": "string", "format": "date-time",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$"}
UUID = {"type": "string", "format": "uuid",
        "pattern": r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"}
CASE_REF = {"type": "string", "pattern": r"^(FOI|EIR|SAR|BR|NM|TPD|DSA|CMP)-[0-9]{4}-[0-9]{3,6}$"}
DSA_CASE_REF = {"type": "string", "pattern": r"^DSA-[0-9]{4}-[0-9]{3,6}$"}
FOI_CASE_REF = {"type": "string", "pattern": r"^(FOI|EIR)-[0-9]{4}-[0-9]{3,6}$"}
PROVISION = {"type": "string", "pattern": r"^[0-9]+[A-Z]?(\([0-9A-Za-z]+\))*$",
             "description": "A statutory provision as written, e.g. 43(2), 37(1)(a), 12(5)(e), 13"}
OFFICER_ID = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "description": "An officer id, as in the envelope's actor.id"}
PENCE = {"type": "integer", "minimum": 0}
BOOL = {"type": "boolean"}


def date(description=None):
    return dict(DATE, description=description) if description else dict(DATE)


def datetime(description=None):
    return dict(DATETIME, description=description) if description else dict(DATETIME)


def integer(minimum=0, maximum=None, description=None):
    s = {"type": "integer", "minimum": minimum}
    if maximum is not None:
        s["maximum"] = maximum
    if description:
        s["description"] = description
    return s


def enum(*values, description=None):
    s = {"type": "string", "enum": list(values)}
    if description:
        s["description"] = description
    return s


def array(items, min_items=0, unique=False, description=None):
    s = {"type": "array", "items": items}
    if min_items:
        s["minItems"] = min_items
    if unique:
        s["uniqueItems"] = True
    if description:
        s["description"] = description
    return s


def obj(properties, required, description=None):
    s = {"type": "object", "additionalProperties": False, "required": list(required),
         "properties": properties}
    if description:
        s["description"] = description
    return s


def personal(schema, scope):
    assert scope in ("requester", "case")
    return dict(schema, **{"x-personal": True, "x-personal-scope": scope})


def json_object(description):
    return {"type": "object", "description": description}


CHANNEL = enum("email", "post", "webForm", "social", "inPerson", "other")
REGIME = enum("foia", "foisa", "eir", description="FOIA 2000, FOISA 2002 (Scotland) or EIR 2004")
REQUESTER = obj({
    "name": text(),
    "email": text(),
    "address": text(),
    "phone": text(),
}, ["name"], "The requester and their contact details")
REPRESENTATIVE = obj({
    "name": text(),
    "relationship": text(description="e.g. solicitor, parent, attorney"),
    "contact": text(),
}, ["name", "relationship"])
DOCUMENT = obj({
    "title": text(),
    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
}, ["title", "sha256"], "A document identified by the SHA-256 of its content")


def officer_contact(description):
    return obj({
        "name": personal(text(), "case"),
        "jobTitle": text(),
        "service": text(),
        "contact": personal(text(description="Telephone or e-mail"), "case"),
    }, ["name", "jobTitle", "service", "contact"], description)


LIKELIHOOD = enum("none", "low", "medium", "high")
CATEGORY = enum("loss", "theft", "unauthorisedDisclosure", "unauthorisedAccess", "humanError", "unauthorisedUse",
                "failureToDestroyOrRetain", "incompatiblePurpose", "other",
                description="The reporting form's six categories (the breach procedure Appendix 1), and the breach procedure "
                            "§2.1's failure to destroy or retain records, use for an incompatible purpose, and other "
                            "(described in categoryDescription)")
RECIPIENT = enum("businessManager", "director", "headOfLegal", "dataProtectionOfficer")
PARTY = enum("directorAndDirectorGeneral", "foiTeam", "pressOffice", "privateOffice", "permanentSecretaryOffice", "legal",
             "affectedParties", "other")
REGULATOR = enum("ico", "scottishInformationCommissioner")
CORRECTIONS = {"type": "object", "description": "Top-level field name of the corrected payload -> replacement value"}

TPD_CATEGORY = enum("police", "court", "solicitor", "electedMember", "governmentAgency", "otherService", "parent", "school", "other")
TPD_PURPOSE = enum("preventionOrDetectionOfCrime", "apprehensionOrProsecutionOfOffenders", "taxAssessmentOrCollection",
                   "nationalSecurity", "vitalInterests", "legalProceedings", "fraudPrevention", "officialDuties",
                   "constituencyWork", "educationalRecord", "pupilTransfer", "other")
POLICE_DETAIL = enum("writtenRequest", "officerRank", "officerNumber", "officerName", "station", "telephone",
                     "extensionNumber", "consent")
POLICE_DETAILS = obj({
    "officerRank": text(),
    "officerNumber": text(),
    "officerName": personal(text(), "case"),
    "station": text(),
    "telephone": text("The main office telephone number"),
    "extensionNumber": text(),
    "headOfficeContact": text("The force's head office address and contact details, instead of telephone and extension"),
    "consent": enum("copyAttached", "explicitConsentConfirmed", "notReliedOn"),
    "consentRestrictions": text("Any concerns, wishes or restrictions of the consent"),
}, [], "The police request form's details (the data protection policy Appendix 4 §2.6.7.1); all are needed before disclosure")

# ---- events: name -> (description, properties, required) ------------------------------------

EVENTS = {
    # FOI / EIR
    "RequestReceived": ("An FOI/EIR request arrived; opens a request case.", {
        "channel": CHANNEL,
        "receivedAt": datetime(),
        "regime": REGIME,
        "requester": personal(REQUESTER, "requester"),
        "requesterType": enum("individual", "media", "business", "mpOrElected", "campaign", "other"),
        "summary": text("What is asked for, without identities (published on the disclosure log)"),
        "service": text(),
    }, ["channel", "receivedAt", "regime", "requester", "requesterType", "summary"]),
    "RequestAcknowledged": ("The requester was sent an acknowledgement (policy: 48 hours).", {
        "acknowledgedAt": datetime(),
        "channel": CHANNEL,
    }, ["acknowledgedAt"]),
    "ClarificationRequested": ("The requester was asked to clarify; the clock stops.", {
        "requestedOn": date(),
        "question": personal(text(), "case"),
    }, ["requestedOn"]),
    "ClarificationReceived": ("The clarification arrived; the clock starts again.", {
        "receivedOn": date(),
        "clarification": personal(text(), "case"),
        "revisedSummary": text("A revised identity-free summary"),
    }, ["receivedOn"]),
    "FeeNoticeIssued": ("A fees notice was issued (FOIA s9, s10(2)).", {
        "amountPence": integer(1),
        "issuedOn": date(),
        "basis": text(),
    }, ["amountPence", "issuedOn"]),
    "FeePaid": ("A fee was paid.", {
        "paidOn": date(),
        "amountPence": PENCE,
    }, ["paidOn"]),
    "ExemptionApplied": ("An exemption or exception was applied.", {
        "section": PROVISION,
        "class": enum("absolute", "qualified"),
        "reason": text(),
        "appliesTo": text(),
        "availableAt": text("s21 (FOISA s25): where the information is reasonably accessible"),
    }, ["section", "class", "reason"]),
    "PublicInterestTestRecorded": ("The public interest test was recorded.", {
        "sections": array(PROVISION, min_items=1, unique=True),
        "factorsForDisclosure": array(text()),
        "factorsForMaintaining": array(text()),
        "reasoning": text(),
        "outcome": enum("maintained", "disclose"),
    }, ["sections", "reasoning", "outcome"]),
    "DeadlineExtended": ("The deadline was extended (FOIA s10(3) PIT; EIR reg 7).", {
        "reason": enum("publicInterestTest", "complexAndVoluminous"),
        "workingDays": integer(1, 20),
        "newDueDate": date(),
        "explanation": text(),
    }, ["reason", "workingDays"]),
    "CostLimitApplied": ("The appropriate limit would be exceeded (s12).", {
        "estimatedHours": integer(0),
        "limitPence": integer(1),
        "hourlyRatePence": integer(1),
        "adviceAndAssistance": text(),
    }, ["estimatedHours", "limitPence"]),
    "VexatiousApplied": ("The request is vexatious or repeated (s14).", {
        "basis": enum("vexatious", "repeated"),
        "reason": text(),
        "previousCase": CASE_REF,
    }, ["basis", "reason"]),
    "Transferred": ("The request was transferred to the body holding the information.", {
        "to": text(),
        "transferredOn": date(),
        "requesterConsented": BOOL,
    }, ["to", "transferredOn"]),
    "Withdrawn": ("The request was withdrawn.", {
        "withdrawnOn": date(),
        "reason": text(),
    }, ["withdrawnOn"]),
    "ResponseSent": ("The response went to the requester.", {
        "outcome": enum("grantedInFull", "grantedInPart", "refused", "notHeld", "neitherConfirmNorDeny"),
        "exemptions": array(PROVISION, unique=True),
        "documents": array(DOCUMENT),
        "signedOffBy": OFFICER_ID,
        "sentAt": datetime(),
        "reviewRightsGiven": dict(BOOL, description="The requester was told how to ask for an internal review and its timescale (the FOI policy 'Complaints')"),
        "appealRightsGiven": dict(BOOL, description="The requester was told of the right of appeal to the ICO (the Scottish Information Commissioner under FOISA)"),
    }, ["outcome", "exemptions", "documents", "signedOffBy", "sentAt"]),
    "InternalReviewRequested": ("An internal review was requested.", {
        "requestedOn": date(),
        "grounds": personal(text(), "case"),
    }, ["requestedOn"]),
    "InternalReviewDecided": ("The internal review was decided.", {
        "outcome": enum("upheld", "overturned", "partlyOverturned"),
        "reviewer": OFFICER_ID,
        "decidedOn": date(),
        "reasoning": text(),
        "appealRightsGiven": dict(BOOL, description="The requester was told of the right of appeal to the regulator with the outcome (the FOI policy 'Complaints')"),
    }, ["outcome", "reviewer", "decidedOn"]),
    "ICOComplaintReceived": ("The regulator told us of a complaint.", {
        "regulator": REGULATOR,
        "receivedOn": date(),
        "regulatorReference": text(),
    }, ["regulator", "receivedOn"]),
    "ICODecisionNoticeReceived": ("The regulator's decision notice arrived.", {
        "receivedOn": date(),
        "noticeReference": text(),
        "outcome": enum("upheld", "partlyUpheld", "notUpheld"),
        "stepsRequired": text(),
        "stepsDueOn": date(),
    }, ["receivedOn", "noticeReference", "outcome"]),
    "PublishedToDisclosureLog": ("The response was published on the disclosure log.", {
        "publishedOn": date(),
        "url": text(),
        "documents": array(DOCUMENT),
    }, ["publishedOn", "documents"]),
    "PublicationWithdrawn": ("Material published on the disclosure log in error was withdrawn from it; the public log shows "
                             "only the reference and the day withdrawn.", {
        "withdrawnOn": date(),
        "reason": text("Why it was withdrawn (FOI register only, never the public log)"),
        "withdrawnBy": OFFICER_ID,
    }, ["withdrawnOn", "reason", "withdrawnBy"]),
    "InternalReviewExtended": ("An FOIA internal review was extended because it is complex (the FOI policy 'Complaints': 20 working days, exceptionally 40).", {
        "extendedOn": date(),
        "workingDays": integer(1, 20, "Further working days; at most the policy's internalReviewMaxWorkingDays in all"),
        "reasons": text("Why the review is complex"),
        "newDueDate": date(),
        "requesterInformedOn": date(),
    }, ["extendedOn", "workingDays", "reasons"]),
    "ChannelledToSubjectAccess": ("The request is for the requester's own personal data (s40(1)) and was channelled to a subject access request; closes the request.", {
        "sarCase": {"type": "string", "pattern": r"^SAR-[0-9]{4}-[0-9]{3,6}$"},
        "channelledOn": date(),
        "reason": text(),
    }, ["sarCase", "channelledOn"]),
    # SAR
    "SARReceived": ("A subject access request arrived; opens a SAR case.", {
        "channel": CHANNEL,
        "receivedAt": datetime(),
        "requester": personal(REQUESTER, "requester"),
        "representative": personal(REPRESENTATIVE, "case"),
        "summary": personal(text("What information is sought"), "case"),
        "service": text(),
        "channelledFrom": FOI_CASE_REF,
        "dataSubjectAge": integer(0, 17, "The data subject's age when a child (the data protection policy §2.2.4)"),
    }, ["channel", "receivedAt", "requester", "summary"]),
    "IdentityRequested": ("Proof of identity was requested.", {
        "requestedOn": date(),
        "evidenceRequested": array(text(), min_items=1),
    }, ["requestedOn", "evidenceRequested"]),
    "IdentityVerified": ("The requester's identity was verified.", {
        "verifiedOn": date(),
        "method": enum("documentSighted", "knownToService", "electronicCheck", "other"),
        "representativeAuthorityVerified": BOOL,
    }, ["verifiedOn", "method"]),
    "FeeRequested": ("A fee was requested on a SAR.", {
        "amountPence": integer(1),
        "requestedOn": date(),
        "basis": enum("manifestlyUnfoundedOrExcessive", "furtherCopies", "statutoryFee"),
    }, ["amountPence", "requestedOn", "basis"]),
    "ThirdPartyInformationDecided": ("A decision on third-party information (the data protection policy §2.5).", {
        "decision": enum("redacted", "disclosedWithConsent", "disclosedWithoutConsent", "withheld"),
        "consentSought": BOOL,
        "rationale": personal(text(), "case"),
    }, ["decision", "consentSought", "rationale"]),
    "SARExtended": ("The SAR deadline was extended (Art 12(3)).", {
        "reason": enum("complex", "numerousRequests"),
        "months": integer(1, 2),
        "newDueDate": date(),
        "requesterInformedOn": date(),
    }, ["reason", "months", "requesterInformedOn"]),
    "SARResponded": ("The SAR response was supplied.", {
        "outcome": enum("providedInFull", "providedInPart", "noDataHeld", "refused"),
        "exemptions": array(text(), unique=True),
        "documents": array(DOCUMENT),
        "method": enum("secureEmail", "recordedDelivery", "collection", "inPerson", "other"),
        "signedOffBy": OFFICER_ID,
        "respondedAt": datetime(),
        "contentsSupplied": array(enum("controllerIdentity", "descriptionOfData", "purposes", "recipients",
                                       "automatedDecisionMaking", "source"), unique=True,
                                  description="What the response told the requester of the data protection policy §2.8.1 list"),
        "suppliedNote": personal(text("The note of the information supplied (the data protection policy §2.8.5)"), "case"),
        "scraInformationReleased": dict(BOOL, description="Information originating from SCRA was released (only with its consent, §2.7.3.1)"),
    }, ["outcome", "exemptions", "documents", "method", "signedOffBy", "respondedAt"]),
    "SARExemptionApplied": ("A DPA 2018 Schedule 2-4 exemption from subject access was applied (the data protection policy §2.6).", {
        "paragraph": {"type": "string", "pattern": r"^Sch[234] Para[0-9]+(\([0-9A-Za-z]+\))*$",
                      "description": "e.g. Sch2 Para24, Sch3 Para11"},
        "reasons": personal(text(), "case"),
        "appliesTo": text(),
    }, ["paragraph", "reasons"]),
    "SCRAConsentRequested": ("SCRA's consent to release information originating from it was sought (the data protection policy §2.7.3.1).", {
        "requestedOn": date(),
        "information": text(),
    }, ["requestedOn"]),
    "SCRAConsentRecorded": ("SCRA's answer, or that none came (the data protection policy §2.7.3.1).", {
        "outcome": enum("given", "refused", "noResponse"),
        "recordedOn": date(),
    }, ["outcome", "recordedOn"]),
    "ChildConsentRecorded": ("A child data subject's capacity and consent to the representative (the data protection policy §2.2.4).", {
        "recordedOn": date(),
        "childHasCapacity": BOOL,
        "childConsents": BOOL,
        "notes": personal(text(), "case"),
    }, ["recordedOn", "childHasCapacity"]),
    "RequesterUpdated": ("The requester was updated on progress and the estimated timescale (the data protection policy §2.3.2).", {
        "updatedOn": date(),
        "estimatedResponseOn": date(),
        "reason": text(),
    }, ["updatedOn"]),
    # Breach
    "BreachReported": ("A breach was reported on the reporting form (the breach procedure App. 1); opens a breach case.", {
        "reportingOfficer": officer_contact("The reporting officer"),
        "businessManager": officer_contact("The Business Manager or Directorate Support Manager"),
        "discoveredAt": datetime("When the organisation became aware (the ICO's 72 hours run from here)"),
        "occurredOn": date("The date of the breach"),
        "howDiscovered": personal(text(), "case"),
        "categories": array(CATEGORY, min_items=1, unique=True),
        "categoryDescription": text("The breach type in words; required with the category other"),
        "informationInvolved": personal(text(), "case"),
        "dataSubjectsDescription": personal(text(), "case"),
        "dataSubjectCount": integer(0),
        "dataSubjectCategories": array(text()),
        "approximateRecordCount": integer(0),
        "sensitive": BOOL,
        "riskToPeople": dict(BOOL, description="Likely to cause a risk to service users or others: report immediately "
                                               "(the breach procedure §3.1)"),
        "howHeld": enum("paper", "electronic", "both", "verbal", "other"),
        "howHeldDetail": text(),
        "consequences": personal(text(), "case"),
        "immediateMeasures": text(),
        "proposedMeasures": text(),
        "service": text(),
        "reportedToBusinessManagerAt": datetime(),
        "reportedToDirectorAt": datetime(),
        "investigationOrdered": BOOL,
        "investigationLead": personal(text(), "case"),
        "investigationDueOn": date(),
        "dpoContact": personal(text(), "case"),
    }, ["reportingOfficer", "businessManager", "discoveredAt", "occurredOn", "howDiscovered", "categories",
        "informationInvolved", "dataSubjectsDescription", "dataSubjectCount", "dataSubjectCategories",
        "sensitive", "howHeld", "consequences", "immediateMeasures", "proposedMeasures", "service",
        "investigationOrdered"]),
    "BreachEscalated": ("The breach was escalated (the breach procedure §3).", {
        "to": enum("businessManager", "director", "headOfLegal", "dataProtectionOfficer"),
        "escalatedAt": datetime(),
        "method": enum("telephone", "email", "inPerson", "other"),
        "reportingFormSent": BOOL,
    }, ["to", "escalatedAt"]),
    "RiskAssessed": ("The risks were assessed (the breach procedure §4.2).", {
        "dataTypes": array(text(), min_items=1),
        "sensitivity": text(),
        "sensitive": BOOL,
        "howHeld": text(),
        "whoHadAccess": personal(text(), "case"),
        "accessAuthorised": BOOL,
        "encrypted": BOOL,
        "itHelpdeskCallLogged": BOOL,
        "whatCouldItReveal": personal(text(), "case"),
        "numberOfIndividuals": integer(0),
        "whoAreThey": personal(text(), "case"),
        "possibleHarm": array(enum("physicalSafety", "distress", "reputation", "financialLoss", "other"), unique=True),
        "possibleHarmDetail": personal(text(), "case"),
        "widerConsequences": text(),
        "policeInvolvement": enum("notRequired", "shouldBeReported", "alreadyReported"),
        "riskLevel": enum("low", "medium", "high"),
        "dataSubjectsNotTold": obj({
            "condition": enum("dataUnintelligible", "riskNoLongerLikely", "disproportionateEffort",
                              description="Art 34(3)(a) data unintelligible (e.g. encrypted); (b) measures since make the "
                                          "high risk no longer likely; (c) disproportionate effort, with a public "
                                          "communication instead."),
            "reasons": text("Why the condition is met; for disproportionate effort, the public communication used instead."),
        }, ["condition", "reasons"], "For a high risk: why the data subjects are not told (UK GDPR Art 34(3)). A high-risk "
                                     "breach closes only after DataSubjectsNotified or this decision."),
    }, ["dataTypes", "sensitivity", "sensitive", "howHeld", "whoHadAccess", "encrypted", "numberOfIndividuals",
        "whoAreThey", "possibleHarm", "widerConsequences", "policeInvolvement", "riskLevel"]),
    "InvestigationOpened": ("An investigation lead was appointed (the breach procedure §5.1).", {
        "lead": OFFICER_ID,
        "openedOn": date(),
        "dueOn": date(),
        "involving": array(text()),
    }, ["lead", "openedOn"]),
    "InvestigationConcluded": ("The investigation concluded (the breach procedure §5.3).", {
        "concludedOn": date(),
        "howItHappened": personal(text(), "case"),
        "whyItHappened": personal(text(), "case"),
        "preventiveMeasures": text(),
        "recoveryActions": text(),
    }, ["concludedOn", "howItHappened", "whyItHappened", "preventiveMeasures"]),
    "ICONotificationDecided": ("Whether to notify the ICO was decided (Art 33).", {
        "decision": enum("notify", "doNotNotify"),
        "reasons": text("Required when the decision is doNotNotify"),
        "decidedAt": datetime(),
    }, ["decision", "decidedAt"]),
    "ICONotified": ("The ICO was notified (Art 33).", {
        "notifiedAt": datetime(),
        "method": enum("onlineForm", "telephone", "email", "other"),
        "icoReference": text(),
        "reasonsForDelay": text("Why notification came after 72 hours"),
        "phased": BOOL,
    }, ["notifiedAt"]),
    "DataSubjectsNotified": ("The data subjects were told (Art 34; the breach procedure §6).", {
        "notifiedOn": date(),
        "methods": array(enum("letter", "email", "telephone", "personalVisit", "other"), min_items=1, unique=True),
        "numberNotified": integer(0),
        "adviceGiven": text("Advice on the steps they can take to protect themselves (the breach procedure §6.4.5)"),
        "howAndWhenOccurred": personal(text("How and when the breach occurred (the breach procedure §6.4.3); required on new "
                                            "notifications"), "case"),
        "informationInvolved": personal(text("The personal information involved (the breach procedure §6.4.3); required on new "
                                             "notifications"), "case"),
        "contactForQuestions": text("How to contact the organisation with questions (the breach procedure §6.4.6)"),
        "howToComplain": text("How to complain to the organisation or the ICO (the breach procedure §6.4.6); required on "
                              "new notifications"),
    }, ["notifiedOn", "methods", "numberNotified"]),
    "PoliceInformed": ("The police were told.", {
        "informedOn": date(),
        "force": text(),
        "crimeReference": text(),
    }, ["informedOn"]),
    "BreachClosed": ("The breach was closed.", {
        "closedOn": date(),
        "summary": text(),
        "lessonsLearned": text(),
    }, ["closedOn"]),
    "WrongfulReleaseLinked": ("The breach is a wrongful FOI release (the wrongful-release protocol).", {
        "foiCase": FOI_CASE_REF,
        "releasedInError": personal(text(), "case"),
        "ministerialReputationalDamage": LIKELIHOOD,
        "departmentalReputationalDamage": LIKELIHOOD,
        "stakeholderDamage": LIKELIHOOD,
        "personalDataReleased": BOOL,
        "individualImpact": personal(text(), "case"),
        "otherDepartmentsInvolved": BOOL,
        "otherDepartmentsViews": text(),
        "mediaStoryLikelihood": LIKELIHOOD,
        "legalChallengePossible": BOOL,
        "partiesInformed": array(enum("directorAndDirectorGeneral", "foiTeam", "pressOffice", "privateOffice",
                                      "permanentSecretaryOffice", "legal", "affectedParties", "other"), unique=True),
    }, ["foiCase", "releasedInError", "ministerialReputationalDamage", "departmentalReputationalDamage",
        "stakeholderDamage", "personalDataReleased", "otherDepartmentsInvolved", "mediaStoryLikelihood",
        "legalChallengePossible", "partiesInformed"]),
    "BreachReportUpdated": ("The reporting form was updated with the investigation's outcome and sent on (the breach "
                            "procedure §5.4–5.5: within two weeks, to the Director and the Head of Legal).", {
        "updatedAt": datetime("When the updated form went to the Business Manager"),
        "sentTo": array(RECIPIENT, unique=True),
        "investigationOutcome": personal(text(), "case"),
        "furtherMeasures": text(),
    }, ["updatedAt", "sentTo", "investigationOutcome"]),
    "DataSubjectNotificationDecided": ("Whether to tell the data subjects was decided, with reasons either way (the breach "
                                       "procedure §6.2–6.3; UK GDPR Art 34).", {
        "decision": enum("notify", "doNotNotify"),
        "reasons": text(),
        "decidedAt": datetime(),
        "condition": enum("dataUnintelligible", "riskNoLongerLikely", "disproportionateEffort",
                          description="For not telling the data subjects of a high-risk breach: the UK GDPR Art 34(3) condition"),
    }, ["decision", "reasons", "decidedAt"]),
    "WrongfulReleasePartyInformed": ("A party of the wrongful-release protocol was informed (Steps 2 and 5).", {
        "party": PARTY,
        "informedAt": datetime(),
        "informedBy": OFFICER_ID,
        "about": text(),
    }, ["party", "informedAt"]),
    "AffectedPartyContacted": ("An affected party was contacted about the release (the wrongful-release protocol Step 4).", {
        "party": personal(text("The individual or organisation contacted"), "case"),
        "contactedAt": datetime(),
        "contactedBySeniority": enum("directorGeneral", "director", "deputyDirector", "headOfFOI", "seniorOfficer", "officer"),
        "informationAttached": BOOL,
        "apologyOffered": BOOL,
        "formalLetterPromised": BOOL,
        "damageLimitationPlan": text(),
        "supportOffered": text(),
    }, ["party", "contactedAt", "contactedBySeniority", "informationAttached", "apologyOffered", "formalLetterPromised"]),
    "WrongfulReleaseReviewed": ("What went wrong was established and the FOI protocols considered (the wrongful-release "
                                "protocol Step 5).", {
        "reviewedOn": date(),
        "whatWentWrong": personal(text(), "case"),
        "protocolsNeedStrengthening": BOOL,
        "strengthening": text(),
        "discussedWithFOITeam": BOOL,
    }, ["reviewedOn", "whatWentWrong", "protocolsNeedStrengthening"]),
    "WrongfulReleaseOutcomeLetterSent": ("An affected party was written to with the outcome of the review (the "
                                         "wrongful-release protocol Step 5).", {
        "party": personal(text(), "case"),
        "sentOn": date(),
        "actionTaken": text(),
    }, ["party", "sentOn", "actionTaken"]),
    # Near miss
    "NearMissReported": ("A near miss was reported; opens a near-miss case.", {
        "occurredOn": date(),
        "reportedOn": date(),
        "service": text(),
        "description": personal(text(), "case"),
        "potentialCategory": CATEGORY,
    }, ["occurredOn", "reportedOn", "service", "description", "potentialCategory"]),
    "NearMissReviewed": ("The near miss was reviewed for weaknesses.", {
        "weakness": enum("system", "process", "systemAndProcess", "none"),
        "action": text(),
        "reviewedOn": date(),
        "reviewer": OFFICER_ID,
    }, ["weakness", "action", "reviewedOn"]),
    # Third-party disclosure requests (the data protection policy Appendix 4)
    "ThirdPartyRequestReceived": ("A third party (police, court, solicitor, elected member, agency, another service, parent, school) asked for someone's personal data; opens a third-party disclosure case.", {
        "receivedAt": datetime(),
        "requesterCategory": TPD_CATEGORY,
        "requesterOrganisation": text("The organisation asking; never the data subject"),
        "inWriting": BOOL,
        "purpose": TPD_PURPOSE,
        "purposeExplanation": personal(text("Why the requester believes the information is required"), "case"),
        "informationRequested": personal(text("A description of the information asked for"), "case"),
        "dataSubject": personal(text("Who the information is about"), "case"),
        "police": POLICE_DETAILS,
        "courtOrderDueOn": date("The day the court order says the information must be supplied by"),
    }, ["receivedAt", "requesterCategory", "requesterOrganisation", "inWriting", "purpose", "informationRequested", "dataSubject"]),
    "ThirdPartyRequesterContacted": ("The requester was asked for the details the request lacks (the data protection policy Appendix 4 §2.6.7.1).", {
        "contactedOn": date(),
        "missing": array(POLICE_DETAIL, min_items=1, unique=True),
        "note": text(),
    }, ["contactedOn", "missing"]),
    "ThirdPartyDetailsReceived": ("The missing details arrived; each given field replaces the request's.", {
        "receivedOn": date(),
        "inWriting": BOOL,
        "police": POLICE_DETAILS,
    }, ["receivedOn"]),
    "ThirdPartyInformationDisclosed": ("The information was disclosed to the third party; closes the case.", {
        "disclosedOn": date(),
        "informationDisclosed": personal(text("What was disclosed"), "case"),
        "method": enum("secureEmail", "passwordProtectedEmail", "recordedPost", "handDelivered", "inspection", "fax",
                       description="fax is always refused (the data protection policy Appendix 4 §2.6.7.3)"),
        "markedCopy": dict(BOOL, description='The copies were marked "COPY"'),
        "legalBasis": enum("dpa2018Sch2Para2", "dpa2018Sch2Para5", "nationalSecurity", "vitalInterests", "courtOrder",
                           "consent", "statutoryDuty", "other"),
        "legalBasisDetail": text("The provision or reasoning in words; required for other"),
        "feePence": integer(0, description="Fee for a copy, in pence (a parent's educational record: at most the policy's limit, £50)"),
        "authorisedBy": OFFICER_ID,
    }, ["disclosedOn", "informationDisclosed", "method", "markedCopy", "legalBasis"]),
    "ThirdPartyRequestRefused": ("The third party's request was refused, with reasons; closes the case.", {
        "refusedOn": date(),
        "reasons": text("Why, naming no one"),
        "awaitCourtOrder": BOOL,
    }, ["refusedOn", "reasons"]),
    # Data-sharing and data-processing agreements (the data protection policy Appendix 5)
    "AgreementProposed": ("An agreement was drafted and proposed to a partner; opens an agreement case.", {
        "type": enum("sharing", "processing", description="sharing: the partner's own use; processing: on the council's behalf (Appendix 5 §1)"),
        "partner": text("The partner organisation"),
        "purpose": text(),
        "service": text(),
        "securityProcedures": text("The security procedures agreed with the partner (the data-sharing guidance §5)"),
        "accuracyStandards": text("The standards of accuracy agreed with the partner (the data-sharing guidance §4)"),
        "proposedOn": date(),
        "reviewDueOn": date("When the agreement is first to be reviewed"),
    }, ["type", "partner", "purpose", "service", "securityProcedures", "accuracyStandards", "proposedOn", "reviewDueOn"]),
    "HeadOfLegalInformed": ("The Head of Legal and Democratic Services was informed (Appendix 5 §4.1).", {
        "informedOn": date(),
        "informedBy": OFFICER_ID,
    }, ["informedOn"]),
    "AgreementSigned": ("The council signed the agreement; a processing agreement only after the Head of Legal was informed (Appendix 5 §4.1).", {
        "signedOn": date(),
        "signedBy": OFFICER_ID,
        "form": enum("separateAgreement", "contractSection", description="Appendix 5 §4.2"),
    }, ["signedOn", "signedBy"]),
    "AgreementReviewed": ("The agreement was reviewed with the partner; sets the next review.", {
        "reviewedOn": date(),
        "nextReviewDueOn": date(),
        "findings": text(),
        "reviewer": OFFICER_ID,
    }, ["reviewedOn", "nextReviewDueOn", "findings"]),
    "AgreementEnded": ("The agreement ended; closes the case.", {
        "endedOn": date(),
        "reason": enum("expired", "terminated", "replaced", "neverSigned"),
        "dataDisposal": text(),
    }, ["endedOn", "reason"]),
    # Complaints about data handling or sharing (the data-sharing guidance §6)
    "ComplaintReceived": ("A complaint about data handling or sharing was received; opens a complaint case.", {
        "receivedOn": date(),
        "source": enum("publicMember", "partner"),
        "about": enum("handling", "sharing"),
        "complainant": personal(dict(REQUESTER, description="The complainant and their contact details"), "case"),
        "summary": personal(text(), "case"),
        "partner": text("The partner organisation concerned"),
        "agreement": DSA_CASE_REF,
        "service": text(),
    }, ["receivedOn", "source", "about", "complainant", "summary", "service"]),
    "ComplaintAcknowledged": ("The complainant was sent an acknowledgement.", {
        "acknowledgedOn": date(),
    }, ["acknowledgedOn"]),
    "ComplaintResolved": ("The complaint was answered with its outcome; closes the case.", {
        "respondedOn": date(),
        "outcome": enum("upheld", "partlyUpheld", "notUpheld", "withdrawn"),
        "actionTaken": text(),
        "respondedBy": OFFICER_ID,
    }, ["respondedOn", "outcome"]),
    "ComplaintEscalatedToICO": ("The complainant took the complaint to the ICO.", {
        "escalatedOn": date(),
        "icoReference": text(),
    }, ["escalatedOn"]),
    # Every kind
    "NoteAdded": ("A note was added.", {
        "text": personal(text(), "case"),
    }, ["text"]),
    "Corrected": ("An earlier event of the same case is amended by reference.", {
        "correctsEventId": UUID,
        "reason": text(),
        "corrections": CORRECTIONS,
        "personalCorrections": personal(CORRECTIONS, "case"),
        "requesterCorrections": personal(CORRECTIONS, "requester"),
    }, ["correctsEventId", "reason", "corrections"]),
    "Voided": ("An earlier event of the same case is withdrawn as a mistake; registers and clocks behave as if it had not happened, the timeline shows it voided.", {
        "voidsEventId": UUID,
        "reason": text("Why it is withdrawn, naming no one"),
        "authorisedBy": OFFICER_ID,
    }, ["voidsEventId", "reason", "authorisedBy"]),
    "Reassigned": ("The case was given to another officer.", {
        "to": OFFICER_ID,
        "from": OFFICER_ID,
        "reason": text(),
    }, ["to"]),
    "CaseImported": ("The case was brought in from a register kept before Casebook (a spreadsheet); recorded last on "
                     "each imported case by casebook import, never by hand. The registers ignore it.", {
        "fileName": text("The imported file's name as given"),
        "fileSHA256": {"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "SHA-256 of the file's bytes"},
        "format": enum("csv", "xlsx"),
        "sheet": text("The .xlsx sheet read"),
        "rowCount": integer(0, description="The number of data rows the sheet had"),
        "mappingSHA256": {"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "SHA-256 of the mapping's canonical JSON"},
        "row": integer(0, description="The row's number as a spreadsheet program shows it (the heading row is 1)"),
        "rowSHA256": {"type": "string", "pattern": "^[0-9a-f]{64}$",
                      "description": "SHA-256 of the row's cells as canonical JSON, heading -> cell"},
        "sheetReference": text("The case's reference as the sheet wrote it"),
        "timesNotInSheet": array(text(), unique=True,
                                 description="The moments the sheet gave only as a day, as Event.field; the import put them "
                                             "at midday Europe/London"),
        "sheetDueOn": date("The due date the sheet gave, as written there; Casebook works out its own"),
    }, ["fileName", "fileSHA256", "format", "rowCount", "mappingSHA256", "row", "rowSHA256", "sheetReference",
        "timesNotInSheet"]),
    "RetentionApplied": ("A retention rule was applied.", {
        "policyRule": text(),
        "appliedOn": date(),
        "disposalDueOn": date(),
    }, ["policyRule", "appliedOn"]),
    "PersonalDataErased": ("A personal-data key was destroyed; holds no personal data.", {
        "subjectId": text(),
        "scope": enum("requester", "case"),
        "reason": text(),
        "erasedOn": date(),
    }, ["subjectId", "scope", "reason", "erasedOn"]),
}


def event_schema(name, description, properties, required):
    missing = set(required) - set(properties)
    assert not missing, f"{name}: required but not defined: {missing}"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE}/events/{name}.schema.json",
        "title": name,
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": properties,
    }


ENVELOPE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"{BASE}/envelope.schema.json",
    "title": "Envelope",
    "description": "One stored event: its place in the log and in its case, when and by whom, and the payload "
                   "(validated against events/<type>.schema.json).",
    "type": "object",
    "additionalProperties": False,
    "required": ["formatVersion", "position", "eventId", "case", "version", "type", "schemaVersion",
                 "occurredAt", "recordedAt", "actor", "payload"],
    "properties": {
        "formatVersion": {"const": 1},
        "position": integer(0, description="Global position in the log, gapless from 0"),
        "eventId": dict(UUID, description="Makes appends idempotent"),
        "case": CASE_REF,
        "version": integer(1, description="Position within the case, from 1"),
        "type": {"type": "string", "enum": list(EVENTS)},
        "schemaVersion": integer(1),
        "occurredAt": datetime("When it happened in the world"),
        "recordedAt": datetime("When the ledger stored it"),
        "actor": obj({
            "id": text(),
            "role": text(description="e.g. officer, legal, auditor, system"),
        }, ["id", "role"]),
        "causationId": UUID,
        "correlationId": UUID,
        "payload": {"type": "object"},
    },
}


def write(path, schema):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main():
    out = ROOT / "Schemas" / "events"
    for name, (description, properties, required) in EVENTS.items():
        write(out / f"{name}.schema.json", event_schema(name, description, properties, required))
    write(ROOT / "Schemas" / "envelope.schema.json", ENVELOPE)
    print(f"wrote {len(EVENTS)} event schemas and the envelope schema under {ROOT / 'Schemas'}")


if __name__ == "__main__":
    main()
