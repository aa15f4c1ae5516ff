import Foundation
import Testing
@testable import GuidanceKit

/// Raw HTML in a sheet (a `<p>` pasted from a web page) is never published,
/// so it is never dropped without a word (issue 23, item 10): each block or
/// inline tag is a `raw-html` error at its line, saying to write it as
/// Markdown. Comments (audience and language markers, notes for editors) are
/// not content and stay silent; a comment never closed hides the rest of the
/// sheet, and says so.
@Suite struct RawHTMLTests {
    static let body = """
        Intro paragraph.

        <!-- audience: schools -->
        For schools only.
        <!-- /audience -->

        <p>If a child is in immediate danger, ring 999.</p>

        <div>
        Call the police.
        </div>

        A note <!-- source: KCSIE 2024 --> and <del>0181 496 0000</del> words. <!-- language: allow -->

        <!-- a note for editors
        over two lines -->

        <!-- a note --> <b>Ring 101.</b>

        Last paragraph.

        <!-- never closed

        Hidden paragraph.
        """

    func findings() throws -> [Finding] {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet(Self.body)])
        return try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!)).findings
            .filter { $0.rule.rawValue == "raw-html" }
    }

    @Test func everyHTMLBlockAndTagIsAnErrorAtItsLine() throws {
        let found = try findings()
        // The body starts on line 8.
        let places = found.map { "\($0.location.line):\($0.location.column)" }
        #expect(places == ["14:1", "16:1", "20:40", "25:17", "29:1"], "\(found)")
        #expect(found.allSatisfy { $0.severity == .error && $0.location.file == "Guidance/a.md" })
        let paragraph = try #require(found.first)
        #expect(paragraph.message.contains("<p>If a child is in immediate danger") && paragraph.message.contains("Markdown"),
                "\(paragraph.message)")
        #expect(paragraph.suggestion == "If a child is in immediate danger, ring 999.")
        #expect(found[1].suggestion == "Call the police.")
        #expect(found[2].message.contains("<del>"), "\(found[2].message)")
        #expect(try #require(found.last).message.contains("never closed"), "\(found)")
    }

    @Test func commentsAloneAreSilent() throws {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("""
            <!-- a note for editors -->

            Tell the lead. <!-- source: KCSIE --> Then write it down.

            <!-- audience: schools -->
            For schools only.
            <!-- /audience -->
            """)])
        let pipeline = try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!))
        #expect(pipeline.findings.isEmpty, "\(pipeline.findings)")
    }

    @Test func theShippedSheetsHaveNoRawHTML() throws {
        let pipeline = try Pipeline.run(root: Support.packageRoot, options: .init(asOf: Day(iso: "2026-12-08")!))
        #expect(!pipeline.findings.contains { $0.rule.rawValue == "raw-html" }, "\(pipeline.findings)")
    }
}
