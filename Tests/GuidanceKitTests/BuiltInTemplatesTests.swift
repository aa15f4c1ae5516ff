import Foundation
import Testing
@testable import GuidanceKit

/// Issue 27: the page templates ship inside the tool. A project needs no
/// `Guidance/templates/` folder; a file there overrides only that template.
@Suite(.serialized, .timeLimit(.minutes(5))) struct BuiltInTemplatesTests {
    static let build = ["build", "--offline", "--no-print-check", "--as-of", "2026-11-15"]
    static let sheet = Support.sheet("Ring {{mash.phone}} or e-mail {{mash.email}}.\n\n## Do\n\n- Tell the lead.")

    /// Builds a small project, shaped by `prepare`, and returns Output/'s files.
    func built(_ prepare: (URL) throws -> Void) throws -> [String: Data] {
        let root = try Support.smallProject(sheets: ["a.md": Self.sheet])
        try FileManager.default.removeItem(at: root.appendingPathComponent("Guidance/templates"))
        try prepare(root)
        let run = try Support.guidance(Self.build, in: root, timeout: 120)
        try #require(run.status == 0, "\(run.stdout)\(run.stderr)")
        return Support.snapshot(root.appendingPathComponent("Output"))
    }

    @Test func aProjectWithoutTemplatesBuildsTheSameBytesAsOneWithTheShippedOnes() throws {
        let withDefaults = try built { _ in }
        let withCopies = try built { try Support.copyShippedTemplates(into: $0) }
        #expect(withDefaults.keys.contains("schools/a.html") && withDefaults.keys.contains("index.html"), "\(withDefaults.keys.sorted())")
        #expect(withDefaults == withCopies)
    }

    @Test func anOverrideOfTheStylesheetAloneChangesOnlyTheStyle() throws {
        let marker = "\n.office-own-rule { color: #000; }\n"
        let plain = try built { _ in }
        let styled = try built { root in
            try Support.write(try Support.shippedTemplate("sheet.css") + marker, to: "Guidance/templates/sheet.css", in: root)
        }
        #expect(plain.keys == styled.keys)
        let pages = plain.keys.filter { $0.hasSuffix(".html") }
        #expect(pages.contains("schools/a.html") && pages.contains("index.html"))
        for path in pages {
            let mine = String(decoding: try #require(styled[path]), as: UTF8.self)
            #expect(mine.contains(".office-own-rule"), "\(path) carries the office's rule")
            // Without the rule the page is the default one (the manifest's hashes and
            // the hash in the page's Content-Security-Policy aside, which follow it).
            let original = String(decoding: try #require(plain[path]), as: UTF8.self)
            #expect(Self.withoutHashes(mine.replacingOccurrences(of: marker, with: "")) == Self.withoutHashes(original), "\(path)")
        }
        for path in plain.keys where path.hasSuffix(".txt") {
            #expect(plain[path] == styled[path], "\(path): the text versions have no style")
        }
    }

    @Test func anOverrideWithAMustacheErrorIsNamedByFileLineAndColumn() throws {
        let root = try Support.smallProject(sheets: ["a.md": Self.sheet])
        try FileManager.default.removeItem(at: root.appendingPathComponent("Guidance/templates"))
        let broken = "<!doctype html>\n<title>{{title}}</title>\n<p>{{title}}{{/sheets}}</p>\n"
        try Support.write(broken, to: "Guidance/templates/index.mustache", in: root)
        let run = try Support.guidance(["check", "--offline", "--no-print-check", "--as-of", "2026-11-15"], in: root)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let said = run.stdout + run.stderr
        #expect(said.contains("Guidance/templates/index.mustache:3:") && said.contains("error: the template cannot be read"), "\(said)")
        #expect(!said.contains("sheet.mustache") && !said.contains("sheet.css") && !said.contains("missing"),
                "the templates not overridden come from the tool: \(said)")
    }

    /// A misspelt override would otherwise be ignored without a word, the
    /// tool's own template used, and the office's edit lost.
    @Test func aMisspeltOverrideIsNamedNeverSilentlyIgnored() throws {
        let root = try Support.smallProject(sheets: ["a.md": Self.sheet])
        try FileManager.default.removeItem(at: root.appendingPathComponent("Guidance/templates"))
        try Support.write("p { color: #000; }\n", to: "Guidance/templates/sheet.ccs", in: root)
        try Support.write("p { color: #000; }\n", to: "Guidance/templates/sheet.css.txt", in: root)
        try Support.write("not an override\n", to: "Guidance/templates/notes-for-the-office.txt", in: root)
        let run = try Support.guidance(["check", "--offline", "--no-print-check", "--as-of", "2026-11-15"], in: root)
        #expect(run.status == 0, "warnings only: \(run.stdout)\(run.stderr)")
        for name in ["sheet.ccs", "sheet.css.txt"] {
            #expect(run.stdout.contains("Guidance/templates/\(name):1:1: warning:") && run.stdout.contains("did you mean sheet.css?"),
                    "\(name): \(run.stdout)")
        }
        #expect(!run.stdout.contains("notes-for-the-office"), "a file named like no template is left alone: \(run.stdout)")
    }

    @Test func theDefaultsAreTheShippedFilesAndParse() throws {
        for name in Support.templateNames {
            #expect(Templates.defaultText(name) == (try Support.shippedTemplate(name)), "\(name)")
        }
        let texts = try Support.templateNames.map { name in (name, try #require(Templates.defaultText(name), "\(name)")) }
        let (templates, findings) = Templates.parse(Dictionary(uniqueKeysWithValues: texts))
        #expect(templates != nil && findings.isEmpty, "\(findings)")
    }

    /// A page with its hashes (sha256-... in the CSP, hex digests) blanked.
    static func withoutHashes(_ page: String) -> String {
        page.replacingOccurrences(of: #"sha256-[A-Za-z0-9+/=]+"#, with: "sha256-", options: .regularExpression)
    }
}
