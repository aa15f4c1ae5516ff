import Foundation
import FoundationXML
import Testing
@testable import GuidanceKit

/// A control character written as a YAML escape (`"\e"`, `"\x01"`,
/// `"\uFFFE"`) is refused like a raw one, in every field of every YAML file,
/// at the field's line (issue 23, item 11): it prints as nothing on paper,
/// and in `feed.xml` it made the feed stop being XML.
@Suite struct FieldControlCharacterTests {
    @Test func escapedControlCharactersAreRefusedAtTheirField() async throws {
        let sheet = """
            ---
            title: "Responding \\e]0;x\\a to concerns"
            audiences: [schools]
            reviewed: 2026-11-01
            next-review: 2027-05-01
            changes: "Numbers updated.\\x01"
            owner: "The \\uFFFE board"
            ---

            Tell the designated safeguarding lead.
            """
        let registry = Support.registry.replacingOccurrences(of: "hours: Monday to Friday", with: "hours: \"Monday\\x85\\x9b to Friday\"")
        let config = "partnership: \"Test \\x7f Partnership\"\naudiences:\n  schools: \"Schools\\0\"\n"
        let root = try Support.smallProject(sheets: ["a.md": sheet], registry: registry, config: config)
        let result = try await Build.run(root: root, output: root.appendingPathComponent("Output"),
                                   options: .init(asOf: Day(iso: "2026-11-15")!), print: .init(check: false))
        #expect(result.report == nil, "nothing is published")
        let refused = result.pipeline.findings.filter { $0.message.contains("control character") }
        let places = Set(refused.map { "\($0.rule.rawValue) \($0.location.file):\($0.location.line)" })
        #expect(places == [
            "front-matter Guidance/a.md:2", "front-matter Guidance/a.md:6", "front-matter Guidance/a.md:7",
            "config Guidance/contacts.yaml:6",
            "config Guidance/guidance.yaml:1", "config Guidance/guidance.yaml:3",
        ], "\(refused)")
        #expect(refused.allSatisfy { $0.severity == .error })
        let title = try #require(refused.first { $0.location.line == 2 && $0.location.file == "Guidance/a.md" })
        #expect(title.message.contains("U+001B") && title.message.contains("title"), "\(title.message)")
        // U+0085 (next line) is printable YAML and XML, and allowed; U+009B is not.
        #expect(refused.contains { $0.message.contains("U+009B") } && !refused.contains { $0.message.contains("U+0085") })
    }

    /// Whatever a past build recorded in the manifest, the feed is XML.
    @Test func theFeedIsXMLEvenWithAControlCharacterInAChangeNote() throws {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Tell the lead.", audiences: "[schools]")])
        let pipeline = try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!))
        let project = try #require(pipeline.project)
        let edition = Manifest.Edition(edition: 2, date: "2026-11-01", notes: ["Numbers \u{1}\u{1B}\u{FFFE} updated."])
        let entry = Manifest.Entry(edition: 2, date: "2026-11-01", hash: "", history: [edition])
        let xml = Feed(configuration: project.configuration, editions: ["schools/a": entry]).xml(pipeline.versions)
        let parser = XMLParser(data: Data(xml.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? ""): \(xml)")
        #expect(xml.contains("Numbers") && xml.contains("updated."))
    }
}
