import Foundation
import Testing
@testable import GuidanceKit

/// Both writers against small reviewed golden files. To update after an
/// intended change: `GUIDANCE_UPDATE_GOLDEN=1 swift test --filter WriterGolden`,
/// then read the diff like code.
@Suite struct WriterGoldenTests {
    static let folder = Support.fixtures.appendingPathComponent("golden")

    func versions() throws -> (Project, [SheetVersion]) {
        let sheet = try String(contentsOf: Self.folder.appendingPathComponent("sheet.md"), encoding: .utf8)
        let root = try Support.smallProject(sheets: ["golden.md": sheet])
        let pipeline = try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!))
        // The sheet's <script> line shows that raw HTML never reaches a page;
        // it is reported (raw-html), and is the only error.
        let errors = pipeline.findings.filter { $0.severity == .error }
        #expect(errors.map { "\($0.rule.rawValue) \($0.location.line)" } == ["raw-html 25"], "\(pipeline.findings)")
        return (try #require(pipeline.project), pipeline.versions)
    }

    func compare(_ actual: String, golden name: String) throws {
        let url = Self.folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["GUIDANCE_UPDATE_GOLDEN"] != nil {
            try Data(actual.utf8).write(to: url)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(name) differs from the golden file")
    }

    @Test func textWriter() throws {
        let (project, versions) = try versions()
        let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates)
        for version in versions { try compare(renderer.text(version), golden: "\(version.audience.id).txt") }
    }

    @Test func sheetBodyHTML() throws {
        let (project, versions) = try versions()
        let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates)
        for version in versions { try compare(renderer.bodyHTML(version.document), golden: "\(version.audience.id).body.html") }
    }

    @Test func textIsWrappedAt72AndNeverSplitsAPhoneNumber() throws {
        let (project, versions) = try versions()
        let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates)
        for version in versions {
            let text = renderer.text(version)
            for line in text.split(separator: "\n") where line.unicodeScalars.count > 72 {
                #expect(!line.contains(" "), "only an unbreakable token may pass the width: \(line)")
            }
            #expect(text.contains("020 7946 0456"))
            #expect(text.contains("020 7946 0123"))
        }
    }

    @Test func pageHasTheContractProperties() throws {
        let (project, versions) = try versions()
        let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates)
        let html = renderer.html(try #require(versions.first { $0.audience.id == "schools" }))
        #expect(html.contains("<html lang=\"en-GB\">"))
        #expect(html.contains("Content-Security-Policy") && html.contains("script-src 'none'"))
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("<a class=\"tel\" href=\"tel:+44-20-7946-0123\">020 7946 0123</a>"))
        #expect(html.contains("<a class=\"email\" href=\"mailto:mash@example.org\">mash@example.org</a>"))
        #expect(html.contains("For: <strong>Schools and colleges</strong>"))
        #expect(html.contains("Reviewed 1 November 2026. Next review due 1 May 2027."))
        #expect(html.contains("Contact details checked on or after 1 November 2026."))
        #expect(!html.contains("<script"))
        #expect(!html.contains("Agencies only"))
        #expect(!html.contains("http://") && !html.contains("src=\"http"), "no external requests")
    }
}

extension WriterGoldenTests {
    @Test func unverifiedContactsAreShownAsUnconfirmedOnBothOutputs() throws {
        let registry = Support.registry + "\n    unverified: sources disagree\n"
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ask {{lado.name}} on {{lado.phone}}.")],
                                            registry: registry)
        let pipeline = try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!))
        let project = try #require(pipeline.project)
        let version = try #require(pipeline.versions.first)
        let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates)
        #expect(renderer.bodyHTML(version.document).contains(
            "Ask LADO on <a class=\"tel\" href=\"tel:+44-20-7946-0456\">020 7946 0456</a> <span class=\"unconfirmed\">(unconfirmed)</span>."))
        #expect(renderer.text(version).contains("Ask LADO on 020 7946 0456 (unconfirmed)."))
        #expect(pipeline.findings.contains { $0.rule == .staleContact && $0.message.contains("marked unverified") })
    }
}
