import Testing
@testable import Casework

@Suite struct ExemptionCatalogueTests {
    @Test func foiaClassesFollowTheDomainTable() {
        let catalogue = ExemptionCatalogue.foia
        #expect(catalogue.entry(for: "21")?.classification == .absolute)
        #expect(catalogue.entry(for: "22A")?.classification == .qualified)
        #expect(catalogue.entry(for: "43(2)")?.provision == "43")
        #expect(catalogue.entry(for: "43(2)")?.classification == .qualified)
        #expect(catalogue.entry(for: "37(1)(a)")?.classification == .absolute)
        #expect(catalogue.entry(for: "37(1)(ab)")?.classification == .absolute)
        #expect(catalogue.entry(for: "37(1)(b)")?.classification == .qualified)
        #expect(catalogue.entry(for: "40(1)")?.classification == .absolute)
        #expect(catalogue.entry(for: "40(2)")?.classification == .either)
        #expect(catalogue.entry(for: "36(2)(b)(i)")?.classification == .either)
        #expect(catalogue.entry(for: "44(1)(a)")?.classification == .absolute)
        for missing in ["12", "14", "25", "45", "", "s43", "43()", "43(2", "(2)", "43 (2)"] {
            #expect(catalogue.entry(for: missing) == nil, "\(missing)")
        }
    }

    @Test func foisaAndEIRAreSeparateCatalogues() {
        #expect(ExemptionCatalogue.for(.foisa).entry(for: "25")?.classification == .absolute)
        #expect(ExemptionCatalogue.for(.foisa).entry(for: "36(2)")?.classification == .absolute)
        #expect(ExemptionCatalogue.for(.foisa).entry(for: "36(1)")?.classification == .qualified)
        #expect(ExemptionCatalogue.for(.foisa).entry(for: "38(1)(a)")?.classification == .absolute)
        #expect(ExemptionCatalogue.for(.foisa).entry(for: "42") == nil)
        #expect(ExemptionCatalogue.for(.eir).entry(for: "12(5)(e)")?.classification == .qualified)
        #expect(ExemptionCatalogue.for(.eir).entry(for: "13(1)")?.classification == .either)
        #expect(ExemptionCatalogue.for(.eir).entry(for: "12(4)") == nil)
        #expect(ExemptionCatalogue.for(.eir).entry(for: "43") == nil)
        #expect(ExemptionCatalogue.for(.eir).entries.allSatisfy { $0.classification != .absolute })
    }

    @Test func coverage() {
        #expect(ExemptionCatalogue.provision("43", covers: "43(2)"))
        #expect(ExemptionCatalogue.provision("43(2)", covers: "43(2)"))
        #expect(!ExemptionCatalogue.provision("43(2)", covers: "43"))
        #expect(!ExemptionCatalogue.provision("4", covers: "43(2)"))
    }
}
