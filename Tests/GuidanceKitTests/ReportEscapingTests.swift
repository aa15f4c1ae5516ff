import Foundation
import Testing
@testable import GuidanceKit

/// What a report prints never drives the terminal or the CI log (issue 23,
/// item 12): a control character in a file name, a message or a suggestion
/// (an escape sequence that sets the window title, a bell, a line break that
/// forges a second finding) is shown as `\u{1B}`, never sent as it is.
@Suite struct ReportEscapingTests {
    /// The control characters in `text` other than the line ends the format itself writes.
    static func controls(in text: String) -> [String] {
        text.unicodeScalars.filter { $0 != "\n" && $0.properties.generalCategory == .control }
            .map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    static let hostile = [
        Finding.error(.invalidEmail, at: SourceLocation(file: "Guidance/a\nb\u{1B}[2J.md", line: 3, column: 1),
                      "'\u{1B}]0;all is well\u{07}x@y' is not a well-formed e-mail address\r\u{1B}[1A\u{9B}2K",
                      suggestion: "write\u{08}\u{08}one\nper line"),
    ]

    @Test func theTextReportShowsEveryControlCharacterVisibly() {
        let report = Reporter.text(Self.hostile, files: 1, color: false)
        #expect(Self.controls(in: report).isEmpty, "\(Self.controls(in: report))")
        #expect(report.contains("Guidance/a\\u{A}b\\u{1B}[2J.md:3:1: error: '\\u{1B}]0;all is well\\u{7}x@y'"), "\(report)")
        #expect(report.contains("\\u{D}\\u{1B}[1A\\u{9B}2K [invalid-email]"), "\(report)")
        // The suggestion keeps its own layout: a line of its own, indented.
        #expect(report.contains("    suggestion: write\\u{8}\\u{8}one\n      per line\n"), "\(report)")
        // Colour is the reporter's own escape, and the only one.
        let coloured = Reporter.text(Self.hostile, files: 1, color: true)
        #expect(!coloured.contains("\u{07}") && !coloured.contains("\u{1B}]") && !coloured.contains("\u{1B}[2J"))
    }

    @Test func theGitHubReportShowsEveryControlCharacterVisibly() {
        let report = Reporter.github(Self.hostile)
        #expect(Self.controls(in: report).isEmpty, "\(Self.controls(in: report))")
        #expect(report.split(separator: "\n").count == 1, "one annotation, one line: \(report)")
        // GitHub's own escapes where it has them, \u{..} for the rest.
        #expect(report.hasPrefix("::error file=Guidance/a%0Ab\\u{1B}[2J.md,line=3,col=1,title=invalid-email::'\\u{1B}]0;all is well\\u{7}x@y'"),
                "\(report)")
        #expect(report.contains("%0D\\u{1B}[1A\\u{9B}2K (suggestion: write\\u{8}\\u{8}one%0Aper line)"), "\(report)")
    }

    /// The tool's own error lines (a file it cannot read) show them too.
    @Test func anErrorNamingAFileShowsItsControlCharactersVisibly() throws {
        let root = try Support.temporaryFolder()
        let run = try Support.guidance(["lint-language", "no-such\n\u{1B}]0;all is well\u{07}file.txt"], in: root)
        #expect(run.status == 2)
        #expect(Self.controls(in: run.stderr).isEmpty, "\(Self.controls(in: run.stderr)) in \(run.stderr)")
        #expect(run.stderr.contains("cannot read no-such\\u{A}\\u{1B}]0;all is well\\u{7}file.txt"), "\(run.stderr)")
    }

    /// End to end: a file name with a line break and an escape sequence, and
    /// an e-mail address carrying one, as `guidance check` prints them.
    @Test func checkPrintsNoControlCharacterFromASource() throws {
        let registry = Support.registry.replacingOccurrences(of: "email: mash@example.org",
                                                             with: "email: \"mash\\e]0;all is well\\a@example.org\"")
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Tell {{mash.name}}."),
                                                     "b\n\u{1B}]0;x\u{07}c.md": Support.sheet("Tell someone.")],
                                            registry: registry)
        for format in ["text", "github"] {
            let run = try Support.guidance(["check", "--offline", "--no-print-check", "--as-of", "2026-11-15", "--format", format],
                                           in: root)
            #expect(run.status == 1, "\(format): \(run.stdout)")
            #expect(Self.controls(in: run.stdout).isEmpty, "\(format): \(Self.controls(in: run.stdout)) in \(run.stdout)")
            #expect(run.stdout.contains("b\\u{A}\\u{1B}]0;x\\u{7}c.md") || run.stdout.contains("b%0A\\u{1B}]0;x\\u{7}c.md"),
                    "\(format): \(run.stdout)")
            #expect(run.stdout.contains("Guidance/contacts.yaml"), "\(format): \(run.stdout)")
        }
    }
}
