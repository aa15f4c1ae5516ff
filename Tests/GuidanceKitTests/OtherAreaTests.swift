import Foundation
import Testing
@testable import GuidanceKit

/// `other-area`: another partnership's place names left in a copied sheet
/// are warned about; the partnership's own (its name, `places:`) are not.
@Suite struct OtherAreaTests {
    @Test func theShippedListHoldsEnglandsUpperTierAreasOnce() {
        #expect(OtherAreaRule.areas.count == 153)
        #expect(Set(OtherAreaRule.areas).count == 153)
        #expect(OtherAreaRule.areas.contains("Harrow") && OtherAreaRule.areas.contains("Westmorland and Furness"))
    }

    @Test func namesAreMatchedAsCapitalisedWholeWordsLongestFirst() {
        let matcher = OtherAreaRule.matcher
        func areas(_ line: String) -> [String] { matcher.matches(in: line).map(\.area) }
        #expect(areas("Ring Kingston upon Thames or Kingston upon Hull") == ["Kingston upon Thames", "Kingston upon Hull"])
        #expect(areas("the Bournemouth, Christchurch and Poole team") == ["Bournemouth, Christchurch and Poole"])
        #expect(areas("St. Helens and St Helens") == ["St Helens", "St Helens"])
        #expect(areas("Harrowing and harrow") == [], "a longer word, a lower-case word")
        #expect(areas("Reading the record again") == [], "a sentence-initial English word")
        #expect(areas("- Reading the record") == [], "after a list marker too")
        #expect(areas("schools in Reading and Slough") == ["Reading", "Slough"])
        #expect(areas("Tell Harrow's DSL") == [], "the possessive is part of the word")
        let hit = matcher.matches(in: "Café in Brent")
        #expect(hit == [AreaMatcher.Match(area: "Brent", byteOffset: 9)], "offsets in UTF-8 bytes")
    }

    @Test func notesForEditorsInCommentsAreNotRead() {
        var inComment = false
        let lines = ["Ring Barnet <!-- source: Tower Hamlets", "guidance, Camden --> or Harrow", "<!-- Brent --> Ealing"]
        let seen = lines.map { OtherAreaRule.matcher.matches(in: OtherAreaRule.outsideComments($0, inComment: &inComment)).map(\.area) }
        #expect(seen == [["Barnet"], ["Harrow"], ["Ealing"]])
        #expect(!inComment)
        var open = false
        #expect(OtherAreaRule.outsideComments("Café <!-- Hackney", inComment: &open).utf8.count == "Café <!-- Hackney".utf8.count)
    }

    static func project(partnership: String, places: String = "", body: String) throws -> URL {
        try Support.smallProject(sheets: ["a.md": Support.sheet(body)], config: """
            partnership: \(partnership)
            audiences:
              schools: Schools and colleges
              agencies: Other agencies
            \(places)
            """)
    }

    @Test func anotherPartnershipsPlaceIsWarnedAtItsWordWithWhatToDo() throws {
        let root = try Self.project(partnership: "Brent Safeguarding Children Partnership",
                                    body: "Tell the DSL at Harrow High School.\n\nRing Brent's front door, or Harrow MASH.")
        let run = try Support.guidance(["check", "--offline", "--no-print-check", "--as-of", "2026-12-01"], in: root)
        #expect(run.status == 0, "a warning only: \(run.stdout)")
        let lines = run.stdout.split(separator: "\n").filter { $0.contains("[other-area]") }
        #expect(lines.count == 2, "\(run.stdout)")
        #expect(lines.first?.hasPrefix("Guidance/a.md:8:17: warning: 'Harrow' is a local authority area that is not Brent Safeguarding Children Partnership's") == true,
                "\(lines)")
        #expect(lines.allSatisfy { $0.contains("add it to places: in Guidance/guidance.yaml") })
        #expect(!run.stdout.contains("'Brent'"), "the partnership's own area")
    }

    @Test func placesListedAsOwnAreSilent() throws {
        let root = try Self.project(partnership: "Brent Safeguarding Children Partnership", places: "places: [Harrow]",
                                    body: "Tell the DSL at Harrow High School.")
        let run = try Support.guidance(["check", "--offline", "--no-print-check", "--as-of", "2026-12-01"], in: root)
        #expect(run.stdout.hasSuffix(" files\n") && !run.stdout.contains("other-area"), "the summary, and no other-area: \(run.stdout)")
    }

    @Test func theShippedSheetsNameNoOtherArea() throws {
        let root = try Support.copyOfProject()
        let run = try Support.guidance(["check", "--offline", "--no-print-check", "--as-of", "2026-12-01"], in: root)
        #expect(run.stdout.hasSuffix(" files\n") && !run.stdout.contains("other-area"), "the summary, and no other-area: \(run.stdout)")
    }
}
