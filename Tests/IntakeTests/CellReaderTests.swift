import Chronology
import Testing
@testable import Intake

@Suite("Reading typed dates")
struct CellDateTests {
    private func iso(_ text: String, _ formats: [DayFormat]) -> String? {
        CellDate.day(text, formats: formats)?.day.iso
    }

    @Test func isoDates() {
        #expect(iso("2021-03-12", [.iso]) == "2021-03-12")
        #expect(iso("2021/3/2", [.iso]) == "2021-03-02")
        #expect(iso("2021-03-12T14:05", [.iso]) == "2021-03-12")
        #expect(CellDate.day("2021-03-12T14:05", formats: [.iso])?.minutes == 14 * 60 + 5)
        #expect(CellDate.day("2021-03-12", formats: [.iso])?.minutes == nil)
        #expect(iso("12/03/2021", [.iso]) == nil)
    }

    @Test func dayMonthYearWithSlashesDotsAndDashes() {
        #expect(iso("12/03/2021", [.dayMonthYear]) == "2021-03-12")
        #expect(iso("1/4/2023", [.dayMonthYear]) == "2023-04-01")
        #expect(iso("01.04.2023", [.dayMonthYear]) == "2023-04-01")
        #expect(iso("01-04-2023", [.dayMonthYear]) == "2023-04-01")
        #expect(iso("01/04-2023", [.dayMonthYear]) == nil)
        #expect(iso("01/04/23", [.dayMonthYear]) == nil)
        let stamped = CellDate.day("12/03/2021 14:05", formats: [.dayMonthYear])
        #expect(stamped?.day.iso == "2021-03-12" && stamped?.minutes == 845)
        #expect(CellDate.day("12/03/2021 2:05 pm", formats: [.dayMonthYear])?.minutes == 845)
        #expect(CellDate.day("12/03/2021 12:30AM", formats: [.dayMonthYear])?.minutes == 30)
        #expect(CellDate.day("12/03/2021 09:15:30", formats: [.dayMonthYear])?.minutes == 555)
        #expect(CellDate.day("12/03/2021 25:00", formats: [.dayMonthYear]) == nil)
    }

    @Test func twoDigitYearsPivotAtSeventy() {
        #expect(iso("3/4/21", [.dayMonthShortYear]) == "2021-04-03")
        #expect(iso("31/12/69", [.dayMonthShortYear]) == "2069-12-31")
        #expect(iso("1/1/70", [.dayMonthShortYear]) == "1970-01-01")
        #expect(iso("1/1/99", [.dayMonthShortYear]) == "1999-01-01")
        #expect(iso("1/1/00", [.dayMonthShortYear]) == "2000-01-01")
        #expect(iso("1/1/2000", [.dayMonthShortYear]) == nil)
    }

    @Test func monthNamesFullShortAnyCaseWithOrdinals() {
        #expect(iso("3 Mar 2021", [.dayMonthNameYear]) == "2021-03-03")
        #expect(iso("03 March 2021", [.dayMonthNameYear]) == "2021-03-03")
        #expect(iso("3-Mar-21", [.dayMonthNameYear]) == "2021-03-03")
        #expect(iso("3rd March 2021", [.dayMonthNameYear]) == "2021-03-03")
        #expect(iso("21st SEPT 2022", [.dayMonthNameYear]) == "2022-09-21")
        #expect(iso("2nd february 2024", [.dayMonthNameYear]) == "2024-02-02")
        #expect(iso("Wednesday 3 March 2021", [.dayMonthNameYear]) == "2021-03-03")
        #expect(iso("1 dec. 1999", [.dayMonthNameYear]) == "1999-12-01")
        #expect(iso("3 Marchish 2021", [.dayMonthNameYear]) == nil)
        #expect(iso("3 2021", [.dayMonthNameYear]) == nil)
        #expect(CellDate.day("3 Mar 2021 09:30", formats: [.dayMonthNameYear])?.minutes == 570)
    }

    @Test func monthDayYearAndTheOrderFormatsAreTried() {
        #expect(iso("03/12/2021", [.monthDayYear]) == "2021-03-12")
        #expect(iso("03/12/2021", [.dayMonthYear, .monthDayYear]) == "2021-12-03")
        #expect(iso("03/13/2021", [.dayMonthYear, .monthDayYear]) == "2021-03-13")
        #expect(iso("2021-03-13", [.dayMonthYear, .iso]) == "2021-03-13")
        #expect(iso("13/03/2021", []) == nil)
    }

    @Test func excelSerialsWithTheLeapYearBug() {
        #expect(iso("1", [.excelSerial]) == "1900-01-01")
        #expect(iso("59", [.excelSerial]) == "1900-02-28")
        #expect(iso("60", [.excelSerial]) == nil)  // Excel's 29 February 1900: no such day
        #expect(iso("61", [.excelSerial]) == "1900-03-01")
        #expect(iso("44197", [.excelSerial]) == "2021-01-01")
        #expect(CellDate.day("44197.75", formats: [.excelSerial])?.minutes == 18 * 60)
        #expect(iso("0", [.excelSerial]) == nil)
        #expect(iso("-3", [.excelSerial]) == nil)
        #expect(iso("99999999", [.excelSerial]) == nil)
        #expect(iso("2958465", [.excelSerial]) == "9999-12-31")
        #expect(iso("2958466", [.excelSerial]) == nil)
    }

    @Test func impossibleAndEmptyDatesAreNil() {
        let all = DayFormat.allCases
        #expect(iso("31/02/2021", all) == nil)
        #expect(iso("29/02/2023", all) == nil)
        #expect(iso("29/02/2024", all) == "2024-02-29")
        #expect(iso("2021-13-01", all) == nil)
        #expect(iso("31 Apr 2021", all) == nil)
        #expect(iso("0/1/2021", all) == nil)
        #expect(iso("", all) == nil)
        #expect(iso("TBC", all) == nil)
        #expect(iso("  12/03/2021  ", [.dayMonthYear]) == "2021-03-12")
    }

    @Test func rawValuesAreWhatMappingFilesName() {
        #expect(DayFormat(rawValue: "dd/mm/yyyy") == .dayMonthYear)
        #expect(DayFormat.allCases.map(\.rawValue) == ["yyyy-mm-dd", "dd/mm/yyyy", "dd/mm/yy", "d MMM yyyy", "mm/dd/yyyy", "excel"])
    }
}

@Suite("Reading exemption spellings")
struct ProvisionSpellingTests {
    @Test(arguments: [
        ("s.40(2)", ["40(2)"]),
        ("s.40(2); s.43(2)", ["40(2)", "43(2)"]),
        ("Section 40", ["40"]),
        ("Section 40 and 43", ["40", "43"]),
        ("40(2) Personal information", ["40(2)"]),
        ("Reg 12(4)(b)", ["12(4)(b)"]),
        ("Reg 12(4)(b), 13", ["12(4)(b)", "13"]),
        ("S40(2)/S41", ["40(2)", "41"]),
        ("FOIA s.40(2)", ["40(2)"]),
        ("s40", ["40"]),
        ("Section 43(2) - Commercial interests", ["43(2)"]),
        ("EIR 12(5)(e)", ["12(5)(e)"]),
        ("Regulation 13", ["13"]),
        ("s22A", ["22A"]),
        ("Section 22A Research", ["22A"]),
        ("s.40(2), s40(2), S.40 (2)", ["40(2)"]),
        ("s. 37(1)(a)", ["37(1)(a)"]),
        ("Reg 12(4)(B)", ["12(4)(b)"]),
        ("Section 21 of the Freedom of Information Act 2000", ["21"]),
        ("Sch2 Para5(3)", ["Sch2 Para5(3)"]),
        ("DPA 2018 Schedule 2 paragraph 16", ["Sch2 Para16"]),
        ("Sch 3 Para 5; s.40(2)", ["Sch3 Para5", "40(2)"]),
    ])
    func spellings(text: String, codes: [String]) {
        #expect(ProvisionSpelling.provisions(in: text) == codes)
    }

    @Test func textNamingNoProvisionIsNilButEmptyTextIsNone() {
        #expect(ProvisionSpelling.provisions(in: "n/a") == nil)
        #expect(ProvisionSpelling.provisions(in: "Personal information") == nil)
        #expect(ProvisionSpelling.provisions(in: "FOIA 2000") == nil)
        #expect(ProvisionSpelling.provisions(in: "") == [])
        #expect(ProvisionSpelling.provisions(in: "   ") == [])
    }
}
