import Foundation
import Testing
@testable import GuidanceKit

/// `guidance new`: a sheet that passes the check as written, and refusals
/// with the rule's message and the contract's exit codes.
@Suite(.serialized, .timeLimit(.minutes(3))) struct NewSheetTests {
    @Test func aNewSheetPassesTheCheckAsWritten() throws {
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
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(!check.stdout.contains("online-safety.md\",\"line\""), "no findings in the new sheet: \(check.stdout)")
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
