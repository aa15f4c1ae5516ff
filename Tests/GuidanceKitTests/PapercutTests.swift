import Foundation
import Testing
@testable import GuidanceKit

/// Small things an office user trips over (issue 25, item 9).
@Suite struct PapercutTests {
    @Test func aCommandRunFromInsideTheProjectFindsIt() throws {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ask {{mash.phone}}.")])
        let inside = root.appendingPathComponent("Guidance/templates")
        let run = try Support.guidance(["check", "--offline", "--no-print-check", "--as-of", "2026-11-15"], in: inside)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("no problems in"), "\(run.stdout)")
        #expect(ProjectRoot.discover(from: inside).standardizedFileURL.path == root.standardizedFileURL.path)
        let nowhere = try Support.temporaryFolder()
        #expect(ProjectRoot.discover(from: nowhere) == nowhere, "no Guidance/ above: the folder itself, reported as missing")
    }

    @Test func anAudienceLabelThatStartsWithAnAcronymKeepsIt() {
        #expect(SheetRenderer.lowercasedFirst("Schools and colleges") == "schools and colleges")
        #expect(SheetRenderer.lowercasedFirst("NHS, Brent Council and voluntary sector staff") == "NHS, Brent Council and voluntary sector staff")
        #expect(SheetRenderer.lowercasedFirst("A") == "a")
    }

    @Test func aNumberWithANonBreakingSpaceSaysWhatTheInvisibleDifferenceIs() throws {
        let findings = PhoneChecks.validity(PhoneNumber("0344\u{00A0}381 4772"), at: SourceLocation(file: "x", line: 1, column: 1),
                                            what: "posh.phone")
        let finding = try #require(findings.first)
        #expect(finding.rule == .phoneFormat && finding.suggestion == "0344 381 4772")
        #expect(finding.message.contains("it holds a non-breaking space (U+00A0)"), "\(finding.message)")
        let plain = PhoneChecks.validity(PhoneNumber("0208 901 2690"), at: SourceLocation(file: "x", line: 1, column: 1), what: "mash.phone")
        #expect(plain.first.map { !$0.message.contains("it holds") } == true, "a visible difference needs no explanation")
    }

    @Test func aStrayFileIsGivenAValidSheetNameToRenameTo() throws {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ask {{mash.phone}}.")])
        try Support.write("text", to: "Guidance/Online Safety.md.txt", in: root)
        try Support.write("text", to: "Guidance/Staff_Handbook.docx", in: root)
        let findings = try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!)).findings
            .filter { $0.rule == .unknownFile }
        #expect(findings.map(\.suggestion).sorted { ($0 ?? "") < ($1 ?? "") } == ["online-safety.md", "staff-handbook.md"])
        #expect(findings.allSatisfy { Identifier.isValid(($0.suggestion ?? "").dropLast(3)) })
    }

    @Test func buildHelpOffersOnlyTheFormatsBuildTakes() throws {
        let help = try Support.guidance(["build", "--help"], in: Support.packageRoot)
        #expect(help.stdout.contains("values: text, json;"), "\(help.stdout)")
        #expect(!help.stdout.contains("github"), "\(help.stdout)")
        let refused = try Support.guidance(["build", "--format", "github"], in: Support.packageRoot)
        #expect(refused.status == 64)
    }

    /// A finding about no one file (no sheets at all) reads like a compiler's
    /// general error, not as if the folder were a file (issue 25, item 9).
    @Test func aFindingWithoutAFileNamesNoFile() throws {
        let root = try Support.smallProject(sheets: [:])
        let arguments = ["check", "--offline", "--no-print-check", "--as-of", "2026-11-15"]
        let text = try Support.guidance(arguments, in: root)
        #expect(text.status == 1)
        #expect(text.stdout.contains("guidance: error: there are no sheets (Guidance/*.md) to build [front-matter]\n"), "\(text.stdout)")
        #expect(!text.stdout.contains("Guidance:1:1"), "\(text.stdout)")
        let github = try Support.guidance(arguments + ["--format", "github"], in: root)
        #expect(github.stdout.contains("::error title=front-matter::there are no sheets (Guidance/*.md) to build\n"), "\(github.stdout)")
        let json = try Support.guidance(arguments + ["--format", "json"], in: root)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let finding = try #require((document["findings"] as? [[String: Any]])?.first { ($0["rule"] as? String) == "front-matter" })
        #expect(finding["file"] as? String == "", "no file: an empty path, with line and column 0")
        #expect(finding["line"] as? Int == 0 && finding["column"] as? Int == 0)
    }
}
