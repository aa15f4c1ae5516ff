import Foundation
import Testing
@testable import GuidanceKit

/// `guidance new`: a sheet whose only findings are its placeholder lines
/// (`skeleton-text`, so a forgotten skeleton is never published), and
/// refusals with the rule's message and the contract's exit codes.
@Suite(.serialized, .timeLimit(.minutes(3))) struct NewSheetTests {
    @Test func aNewSheetChecksCleanOnceItsPlaceholdersAreWritten() throws {
        let root = try Support.copyOfProject()
        let run = try Support.guidance(["new", "online-safety", "--title", "Online safety: \"sharing\" images",
                                        "--as-of", "2026-12-08"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Guidance/online-safety.md"))
        let text = try Support.read("Guidance/online-safety.md", in: root)
        #expect(text.hasPrefix("---\ntitle: \"Online safety: \\\"sharing\\\" images\"\naudiences: [schools, agencies]\n"))
        #expect(text.contains("reviewed: 2026-12-08\nnext-review: 2027-06-08\n"))
        #expect(text.contains("## Do\n") && text.contains("## Don't\n"))
        #expect(text.contains("<!-- audience: schools -->") && text.contains("<!-- /audience -->"))
        // Another partnership's new sheet names none of this one's contacts.
        let ids = ["mash", "lado", "out-of-hours", "adult-safeguarding", "Harrow"]
        #expect(ids.allSatisfy { !text.contains($0) }, "\(text)")
        let check = try Support.guidance(["check", "--offline", "--as-of", "2026-12-08", "--format", "json"], in: root,
                                         timeout: 120)
        // Each line written in place of the guidance is an error at its line, and nothing else is wrong.
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any]
        let findings = (report?["findings"] as? [[String: Any]] ?? []).filter { ($0["file"] as? String) == "Guidance/online-safety.md" }
        let placeholderLines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { line in
                let trimmed = line.element.trimmingCharacters(in: .whitespaces)
                return Skeleton.isPlaceholder(trimmed.hasPrefix("- ") ? String(trimmed.dropFirst(2)) : trimmed)
            }
            .map { $0.offset + 1 }
        #expect(placeholderLines.count == 7, "\(text)")
        #expect(findings.map { $0["rule"] as? String } == Array(repeating: "skeleton-text", count: 7), "\(findings)")
        #expect(findings.compactMap { $0["line"] as? Int } == placeholderLines)
        #expect(findings.first?["severity"] as? String == "error")
        // Written: the same sheet with its own words checks clean.
        let written = text.replacing("The first thing to do.", with: "Listen to the child.")
            .replacing("The next thing to do.", with: "Write down what was said.")
            .replacing("The first thing to avoid.", with: "Do not promise secrecy.")
            .replacing("The next thing to avoid.", with: "Do not look at images.")
            .replacing("One or two sentences: what this sheet is for, and when to use it.", with: "What to do when a child tells you.")
            .replacing("Everyone reading this sheet sees this paragraph.", with: "Tell the safeguarding lead today.")
            .replacing(/Only the schools version \(.*\) shows this paragraph\./, with: "In a school, that is the DSL.")
        try Data(written.utf8).write(to: root.appendingPathComponent("Guidance/online-safety.md"))
        let again = try Support.guidance(["check", "--offline", "--as-of", "2026-12-08", "--format", "json"], in: root,
                                         timeout: 120)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(!again.stdout.contains("online-safety.md\",\"line\""), "no findings in the written sheet: \(again.stdout)")
    }

    @Test func oneAudienceGivesOneVersion() throws {
        let root = try Support.copyOfProject()
        let run = try Support.guidance(["new", "x-1", "--title", "X", "--audiences", "agencies", "--as-of", "2026-08-31"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try Support.read("Guidance/x-1.md", in: root)
        #expect(text.contains("audiences: [agencies]\nreviewed: 2026-08-31\nnext-review: 2027-02-28\n"))
        #expect(text.contains("<!-- audience: agencies -->"))
    }

    @Test func anExistingSheetIsRefusedAndKept() throws {
        let root = try Support.copyOfProject()
        let before = try Support.read("Guidance/right-language.md", in: root)
        let run = try Support.guidance(["new", "right-language", "--title", "Again"], in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Guidance/right-language.md already exists"))
        #expect(try Support.read("Guidance/right-language.md", in: root) == before)
    }

    @Test func aBadNameOrAudienceIsBadUsage() throws {
        let root = try Support.copyOfProject()
        let slug = try Support.guidance(["new", "Online_Safety", "--title", "X"], in: root)
        #expect(slug.status == 64)
        #expect(slug.stderr.contains("'Online_Safety' is not a valid sheet name; use lower-case letters, digits and hyphens"))
        let audience = try Support.guidance(["new", "ok", "--title", "X", "--audiences", "schools,parents"], in: root)
        #expect(audience.status == 64)
        #expect(audience.stderr.contains("unknown audience 'parents'"))
        let title = try Support.guidance(["new", "ok", "--title", "  "], in: root)
        #expect(title.status == 64)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Guidance/ok.md").path))
        let noProject = try Support.guidance(["new", "ok", "--title", "X"], in: try Support.temporaryFolder())
        #expect(noProject.status == 2)
    }

    @Test func monthsAreCalendarMonths() {
        #expect(Day(iso: "2026-11-30")!.adding(months: 6) == Day(iso: "2027-05-30"))
        #expect(Day(iso: "2026-08-31")!.adding(months: 6) == Day(iso: "2027-02-28"))
        #expect(Day(iso: "2027-08-31")!.adding(months: 6) == Day(iso: "2028-02-29"))
        #expect(Day(iso: "2026-12-15")!.adding(months: 12) == Day(iso: "2027-12-15"))
    }
}
