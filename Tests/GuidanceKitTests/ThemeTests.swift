import Foundation
import Testing
@testable import GuidanceKit

/// `theme:` in guidance.yaml (issue 27): an accent colour checked for contrast
/// against white, and a logo embedded in every page with its alt text; and no
/// template may name a file the build does not publish.
@Suite struct ThemeTests {
    static let asOf = ["--as-of", "2026-12-01"]
    /// A 16 by 16 PNG in the default accent's blue.
    static let png = Data(base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGOQLdhBEmIY1TCqYfhqAAAtL0UQk8Sc/AAAAABJRU5ErkJggg==")!
    static let svg = Data("""
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script><rect width="10" height="10" fill="#1d70b8"/></svg>
        """.utf8)

    /// A small project whose guidance.yaml ends with `theme` (lines 5 on).
    static func project(theme: String, files: [String: Data] = [:]) throws -> URL {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ring {{mash.phone}}.")], config: """
            partnership: Test Partnership
            audiences:
              schools: Schools and colleges
              agencies: Other agencies
            \(theme)
            """)
        for (name, data) in files { try data.write(to: root.appendingPathComponent("Guidance/\(name)")) }
        return root
    }

    static func check(_ root: URL) throws -> Support.Run {
        try Support.guidance(["check", "--offline", "--no-print-check"] + asOf, in: root)
    }

    static func build(_ root: URL) throws -> Support.Run {
        try Support.guidance(["build", "--offline", "--no-print-check"] + asOf, in: root)
    }

    static func errors(_ run: Support.Run) -> [Substring] {
        run.stdout.split(separator: "\n").filter { $0.contains(": error: ") }
    }

    // MARK: accent

    @Test func contrastIsWCAGs() throws {
        func ratio(_ hex: String) throws -> Double { Theme.contrastWithWhite(try #require(Theme.Colour(hex: hex))) }
        #expect(abs(try ratio("#000000") - 21) < 0.001)
        #expect(abs(try ratio("#fff") - 1) < 0.001)
        // WebAIM's checker: #767676 on white is 4.54:1, the lightest grey that passes.
        #expect(abs(try ratio("#767676") - 4.54) < 0.01)
        #expect(Theme.Colour(hex: "#1D70B8")?.css == "#1d70b8")
        #expect(Theme.Colour(hex: "#abc")?.css == "#aabbcc")
        #expect(Theme.Colour(hex: "1d70b8") == nil && Theme.Colour(hex: "#12345") == nil && Theme.Colour(hex: "#ggg") == nil)
        #expect(Theme.Colour(hex: "#\u{FF11}23") == nil, "a fullwidth digit is no hex digit here")
    }

    @Test func aPaleAccentIsAnErrorGivingItsRatioAndADarkerShadeThatPasses() throws {
        let root = try Self.project(theme: "theme:\n  accent: \"#ffcc00\"")
        let run = try Self.check(root)
        #expect(run.status == 1, "\(run.stdout)")
        let error = try #require(Self.errors(run).first, "\(run.stdout)")
        #expect(error.hasPrefix("Guidance/guidance.yaml:6:11: error: "), "\(error)")
        #expect(error.contains("1.51:1") && error.contains("4.5:1"), "the ratio found and the one needed: \(error)")
        let match = try #require(error.firstMatch(of: #/(#[0-9a-f]{6}) passes/#), "a darker shade: \(error)")
        let suggestion = String(match.output.1)
        #expect(Theme.contrastWithWhite(try #require(Theme.Colour(hex: suggestion))) >= 4.5)

        let fixed = try Self.project(theme: "theme:\n  accent: \"\(suggestion)\"")
        let again = try Self.check(fixed)
        #expect(again.status == 0 && Self.errors(again).isEmpty, "the suggestion itself passes: \(again.stdout)")
    }

    @Test func anAccentThatIsNoColourSaysWhatIsAccepted() throws {
        let named = try Self.check(try Self.project(theme: "theme:\n  accent: blue"))
        #expect(Self.errors(named).first?.hasPrefix("Guidance/guidance.yaml:6:11: error: theme accent 'blue' is not a colour") == true,
                "\(named.stdout)")
        #expect(named.stdout.contains("#1d70b8") && named.stdout.contains("#17a"), "names both forms: \(named.stdout)")
        // Unquoted, YAML reads '#' as the start of a comment: the value is empty.
        let unquoted = try Self.check(try Self.project(theme: "theme:\n  accent: #1d70b8"))
        #expect(Self.errors(unquoted).first?.contains("in quotes") == true, "\(unquoted.stdout)")
    }

    @Test func aGoodAccentColoursEveryPage() throws {
        let root = try Self.project(theme: "theme:\n  accent: \"#1D70B8\"")
        let run = try Self.build(root)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        for page in ["Output/schools/a.html", "Output/agencies/a.html", "Output/index.html", "Output/subscribe.html"] {
            let html = try Support.read(page, in: root)
            #expect(html.contains(":root { --accent: #1d70b8; }\n</style>"), "\(page): after sheet.css, so it wins")
        }
    }

    /// No theme (or an empty one) changes nothing: every page's style is
    /// sheet.css itself and every file the same bytes.
    @Test func withoutAThemeThePagesAreTheSameBytes() throws {
        let plain = try Self.project(theme: "")
        let empty = try Self.project(theme: "theme:\n")
        #expect(try Self.build(plain).status == 0)
        let run = try Self.build(empty)
        #expect(run.status == 0, "an empty theme is allowed: \(run.stdout)")
        let (a, b) = (Support.snapshot(plain.appendingPathComponent("Output")),
                      Support.snapshot(empty.appendingPathComponent("Output")))
        #expect(Set(a.keys) == Set(b.keys))
        for (path, data) in a { #expect(b[path] == data, "\(path) differs") }
        let css = try Support.read("Guidance/templates/sheet.css", in: plain)
        let html = try Support.read("Output/schools/a.html", in: plain)
        #expect(html.contains("<style>\n\(css)\n</style>\n</head>\n<body>\n<header class=\"masthead\">\n<p class=\"audience\">"))
    }

    // MARK: logo

    @Test func aLogoIsEmbeddedInEveryPageWithItsAltText() throws {
        let root = try Self.project(theme: "theme:\n  logo: logo.png\n  logo-alt: Test Partnership", files: ["logo.png": Self.png])
        let checked = try Self.check(root)
        #expect(!checked.stdout.contains("unknown-file"), "the logo is read: \(checked.stdout)")
        #expect(try Self.build(root).status == 0)
        let img = "<img class=\"logo\" src=\"data:image/png;base64,\(Self.png.base64EncodedString())\" alt=\"Test Partnership\""
        for page in ["Output/schools/a.html", "Output/agencies/a.html", "Output/index.html"] {
            let html = try Support.read(page, in: root)
            #expect(html.contains(img), "\(page)")
            #expect(html.contains("img-src data:"), "\(page): its policy lets the image show")
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Output/logo.png").path),
                "embedded, not copied")
    }

    @Test func aLogoBesideAnotherErrorIsNotCalledStray() throws {
        let root = try Self.project(theme: "theme:\n  logo: logo.png\n  logo-alt: Test Partnership\n  accent: \"#ffcc00\"",
                                    files: ["logo.png": Self.png])
        let run = try Self.check(root)
        #expect(run.status == 1 && run.stdout.contains("1.51:1"), "\(run.stdout)")
        #expect(!run.stdout.contains("unknown-file"), "\(run.stdout)")
    }

    @Test func anSVGLogoIsAnImageNeverInlineMarkup() throws {
        let root = try Self.project(theme: "theme:\n  logo: crest.svg\n  logo-alt: Test Partnership", files: ["crest.svg": Self.svg])
        #expect(try Self.build(root).status == 0)
        let html = try Support.read("Output/schools/a.html", in: root)
        #expect(html.contains("<img class=\"logo\" src=\"data:image/svg+xml;base64,\(Self.svg.base64EncodedString())\""))
        #expect(!html.contains("<script>alert"), "its script is never part of the page")
    }

    @Test func aLogoWithoutAltTextIsAnErrorAtTheLogo() throws {
        let root = try Self.project(theme: "theme:\n  logo: logo.png", files: ["logo.png": Self.png])
        let run = try Self.check(root)
        #expect(run.status == 1)
        let error = try #require(Self.errors(run).first, "\(run.stdout)")
        #expect(error.hasPrefix("Guidance/guidance.yaml:6:9: error: "), "\(error)")
        #expect(error.contains("logo-alt:") && error.contains("alt text"), "\(error)")
    }

    @Test func aLogoThatCannotBeEmbeddedIsAnErrorNamingTheFile() throws {
        let theme = "theme:\n  logo: logo.png\n  logo-alt: Test Partnership"
        let missing = try Self.check(try Self.project(theme: theme))
        #expect(Self.errors(missing).first?.hasPrefix("Guidance/guidance.yaml:6:9: error: the logo Guidance/logo.png is missing") == true,
                "\(missing.stdout)")
        let text = try Self.check(try Self.project(theme: theme, files: ["logo.png": Data("not a picture".utf8)]))
        #expect(Self.errors(text).first?.contains("Guidance/logo.png is not a PNG, JPEG or SVG image") == true, "\(text.stdout)")
        let large = try Self.check(try Self.project(theme: theme,
                                                    files: ["logo.png": Self.png + Data(count: 210 * 1024)]))
        #expect(Self.errors(large).first?.contains("Guidance/logo.png is 215 KB") == true, "\(large.stdout)")
        let outside = try Self.check(try Self.project(theme: "theme:\n  logo: ../logo.png\n  logo-alt: Test Partnership"))
        #expect(Self.errors(outside).first?.contains("inside Guidance/") == true, "\(outside.stdout)")
    }

    // MARK: unpublished assets

    @Test func aTemplateNamingAnUnpublishedFileIsAnErrorAtTheReference() throws {
        let root = try Self.project(theme: "")
        var sheet = try Support.read("Guidance/templates/sheet.mustache", in: root)
        sheet = sheet.replacingOccurrences(of: "<header class=\"masthead\">\n",
                                           with: "<header class=\"masthead\">\n<img alt=\"\" src=\"logo.png\">\n")
        try Support.write(sheet, to: "Guidance/templates/sheet.mustache", in: root)
        let line = try #require(sheet.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("logo.png") }) + 1
        try Support.write(try Support.read("Guidance/templates/sheet.css", in: root)
                          + ".masthead { background: url('images/band.png'); }\n", to: "Guidance/templates/sheet.css", in: root)
        let cssLine = try Support.read("Guidance/templates/sheet.css", in: root).split(separator: "\n").count
        let run = try Self.check(root)
        #expect(run.status == 1)
        let errors = Self.errors(run)
        #expect(errors.contains { $0.hasPrefix("Guidance/templates/sheet.mustache:\(line):18: error: logo.png is not published") },
                "\(run.stdout)")
        #expect(errors.contains { $0.contains("theme: logo:") && $0.hasSuffix("[unpublished-asset]") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("Guidance/templates/sheet.css:\(cssLine):30: error: images/band.png is not published") },
                "\(run.stdout)")
        #expect(try Self.build(root).status == 1, "nothing is built with a broken image")
    }

    @Test func referencesToPublishedFilesAndVariablesPass() {
        let template = """
            <link rel="alternate" href="../index.html"><a href="{{html}}">x</a><img src="data:image/png;base64,AA==" alt="">
            <a href="https://example.org/x.png">x</a><a href="#top">top</a><a href="a.pdf">a</a><link href="feed.xml">
            <img src="missing.png" srcset="{{x}} 1x, other.png 2x" alt="">
            """
        let found = UnpublishedAssets.references(in: template, file: "Guidance/templates/sheet.mustache", css: false)
        #expect(found.map(\.target) == ["../index.html", "{{html}}", "data:image/png;base64,AA==", "https://example.org/x.png",
                                        "#top", "a.pdf", "feed.xml", "missing.png", "{{x}}", "other.png"])
        let published: Set<String> = ["index.html", "schools/a.pdf", "schools/feed.xml", "schools/a.html"]
        let unpublished = UnpublishedAssets.check(template, file: "Guidance/templates/sheet.mustache", css: false,
                                                  pages: ["schools/a.html"], published: published)
        #expect(unpublished.map(\.message.first) == ["m", "o"], "\(unpublished.map(\.message))")
        #expect(unpublished.map(\.location.line) == [3, 3] && unpublished.map(\.location.column) == [11, 42])
    }
}

extension OneAtATime {
/// The logo reaches the PDF too: printed from the page that embeds it.
@Suite(.tags(.browser)) struct ThemePrintTests {
    @Test func theLogoIsAnImageInThePDF() async throws {
        let printer = try #require(Printer.locate(), "Chromium is needed: make test installs the chromium package")
        func images(theme: String, files: [String: Data] = [:]) async throws -> Int {
            let root = try ThemeTests.project(theme: theme, files: files)
            let output = root.appendingPathComponent("Output")
            let result = try await Build.run(root: root, output: output, options: .init(asOf: Day(iso: "2026-12-01")!),
                                       print: .init(check: true, printer: printer))
            #expect(result.report != nil, "\(result.pipeline.findings)")
            let list = try Support.capture("/usr/bin/pdfimages", ["-list", output.appendingPathComponent("schools/a.pdf").path])
            #expect(list.status == 0)
            return list.stdout.split(separator: "\n").count - 2  // two lines of headings
        }
        let without = try await images(theme: "")
        let with = try await images(theme: "theme:\n  logo: logo.png\n  logo-alt: Test Partnership", files: ["logo.png": ThemeTests.png])
        #expect(with == without + 1, "\(without) images without the logo, \(with) with it")
    }
}
}
