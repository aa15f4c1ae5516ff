import Foundation
import Testing
@testable import GuidanceKit

/// Links between sheets are written as the other sheet's file name and
/// published as its page; any other address without a scheme is refused,
/// because it leads nowhere from paper or an e-mail.
@Suite struct SheetLinkTests {
    static let config = """
        partnership: P
        base-url: https://guidance.example.org/sheets/
        audiences:
          schools: Schools
          agencies: Agencies
        """

    func run(_ sheets: [String: String]) throws -> Pipeline {
        let root = try Support.smallProject(sheets: sheets, config: Self.config)
        return try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!))
    }

    @Test func aLinkToAnotherSheetIsPublishedAsItsPageInTheSameAudience() throws {
        let pipeline = try run([
            "a.md": Support.sheet("See [the other sheet](b.md) and [this one](./a.md)."),
            "b.md": Support.sheet("The other sheet."),
        ])
        #expect(!pipeline.findings.hasErrors, "\(pipeline.findings)")
        let project = try #require(pipeline.project)
        let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates)
        let agencies = try #require(pipeline.versions.first { $0.sheet.slug == "a" && $0.audience.id == "agencies" })
        let html = renderer.html(agencies)
        #expect(html.contains("<a href=\"b.html\">the other sheet</a>"))
        #expect(html.contains("<a href=\"a.html\">this one</a>"))
        #expect(!html.contains(".md\""), "no source file name is published")
        let text = renderer.text(agencies)
        #expect(text.contains("[1] https://guidance.example.org/sheets/agencies/b.html"))
        #expect(text.contains("[2] https://guidance.example.org/sheets/agencies/a.html"))
    }

    @Test func aLinkToAMissingSheetOrAMissingVersionIsAnError() throws {
        let pipeline = try run([
            "a.md": Support.sheet("""
                See [the other sheet](bb.md).

                And [schools only](b.md).
                """),
            "b.md": Support.sheet("Only for schools.", audiences: "[schools]"),
        ])
        let missing = try #require(pipeline.findings.first { $0.rule == .brokenLink && $0.message.contains("bb.md") })
        #expect(missing.severity == .error && missing.location.file == "Guidance/a.md" && missing.location.line == 8)
        #expect(missing.message.contains("there is no sheet Guidance/bb.md") && missing.suggestion == "b.md")
        let audience = pipeline.findings.filter { $0.rule == .brokenLink && $0.message.contains("no agencies version") }
        #expect(audience.count == 1, "only the agencies version links to a sheet it cannot reach: \(pipeline.findings)")
        #expect(audience.first?.location.line == 10)
    }

    @Test func addressesWithoutASchemeAreRefusedWithTheLikelyFix() throws {
        let pipeline = try run([
            "allegations.md": Support.sheet("Staff."),
            "a.md": Support.sheet("""
                [Childline](www.childline.org.uk), [staff](allegations.html), [up](../../etc/passwd).
                """),
        ])
        let unsafe = pipeline.findings.filter { $0.rule == .unsafeLink && $0.location.file == "Guidance/a.md" }
        #expect(unsafe.count == 3, "\(pipeline.findings)")
        #expect(unsafe.allSatisfy { $0.severity == .error && $0.message.contains("not an address a reader can follow") })
        #expect(unsafe.contains { $0.suggestion == "https://www.childline.org.uk" })
        #expect(unsafe.contains { $0.suggestion == "allegations.md" })
    }
}
