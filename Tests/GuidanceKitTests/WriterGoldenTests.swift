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
        #expect(html.contains("Contact details checked on 1 November 2026."))
        #expect(!html.contains("<script"))
        #expect(!html.contains("Agencies only"))
        #expect(!html.contains("http://") && !html.contains("src=\"http"), "no external requests")
    }
}

extension WriterGoldenTests {
    /// Builds one sheet that prints both test contacts, with `lines` added to the
    /// registry entry of `mash` (first) and `lado` (second).
    private func footer(mash: String = "", lado: String = "") throws -> (html: String, text: String, findings: [Finding]) {
        let registry = Support.registry
            .replacingOccurrences(of: "url: https://example.org/mash\n    verified: 2026-11-01",
                                  with: "url: https://example.org/mash\n    verified: 2026-11-01" + mash)
            .replacingOccurrences(of: "phone: 020 7946 0456\n    verified: 2026-11-01",
                                  with: "phone: 020 7946 0456\n    verified: 2026-11-01" + lado)
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ask {{mash.phone}} or {{lado.name}} on {{lado.phone}}.")],
                                            registry: registry)
        let pipeline = try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!))
        let project = try #require(pipeline.project)
        let version = try #require(pipeline.versions.first)
        let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates)
        return (renderer.html(version), renderer.text(version), pipeline.findings)
    }

    @Test func theFooterSaysHowContactsWereCheckedAndNoMore() throws {
        let unstated = try footer()
        #expect(unstated.html.contains("Contact details checked on 1 November 2026.</p>"))
        #expect(!unstated.findings.contains { $0.rule == .contactNotRung })

        let rung = try footer(mash: "\n    verified-by: call", lado: "\n    verified-by: rang")
        #expect(rung.text.contains("Contact details checked on 1 November 2026; every phone number rung."))

        let mixed = try footer(mash: "\n    verified-by: call", lado: "\n    verified-by: the partnership's learning note")
        #expect(mixed.html.contains("Contact details checked on 1 November 2026; phone numbers rung, except LADO."))
        let note = try #require(mixed.findings.first { $0.rule == .contactNotRung })
        #expect(note.severity == .note)
        #expect(note.location.line == 14, "at lado's verified-by line")
        #expect(note.message.contains("'lado' (020 7946 0456) was checked against the partnership's learning note, not by ringing it"))

        let documents = try footer(mash: "\n    verified-by: MASH's contact page",
                                   lado: "\n    verified-by: the partnership's learning note")
        #expect(documents.html.contains("Contact details checked on 1 November 2026 against their published sources."))
        #expect(documents.findings.filter { $0.rule == .contactNotRung }.count == 2)
        // Nothing uncertain is printed beside a number, on paper or in text.
        #expect(documents.html.contains("<a class=\"tel\" href=\"tel:+44-20-7946-0456\">020 7946 0456</a>."))
        #expect(documents.text.contains("LADO on 020 7946 0456."))
        #expect(!documents.findings.hasErrors)
    }

    @Test func theRetiredUnverifiedFieldIsAnErrorThatSaysWhatToWriteInstead() throws {
        let registry = Support.registry + "\n    unverified: sources disagree\n"
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ask {{lado.name}} on {{lado.phone}}.")],
                                            registry: registry)
        let pipeline = try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!))
        let error = try #require(pipeline.findings.first { $0.rule == .config })
        let line = try #require(registry.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("unverified:") }) + 1
        #expect(error.severity == .error)
        #expect(error.location.file == "Guidance/contacts.yaml" && error.location.line == line)
        #expect(error.message.contains("'unverified' is no longer used") && error.message.contains("verified-by:"))
    }
}
