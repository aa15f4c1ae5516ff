import Foundation
import Testing
@testable import GuidanceKit

/// A sheet's review falls due as a contact's check does (issue 25, item 1):
/// a warning from 30 days before `next-review`, an error once it has passed,
/// so an overdue sheet is not published; `guidance due` is the planning view.
@Suite struct ReviewDueTests {
    static func findings(asOf: String) throws -> [Finding] {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ask {{mash.phone}}.")])
        return try Pipeline.run(root: root, options: .init(asOf: Day(iso: asOf)!)).findings
            .filter { $0.rule == .reviewDue }
    }

    @Test func aSheetIsWarnedOfItsReviewThenRefusedOnceItIsOverdue() throws {
        // Support.sheet: next-review 2027-05-01.
        #expect(try Self.findings(asOf: "2027-03-31").isEmpty, "31 days before: nothing yet")
        let soon = try #require(try Self.findings(asOf: "2027-04-01").first)
        #expect(soon.severity == .warning && soon.message.contains("due for review on 2027-05-01 (in 30 days)"))
        #expect(soon.location.file == "Guidance/a.md" && soon.location.line == 5, "at next-review:")
        let overdue = try #require(try Self.findings(asOf: "2027-05-02").first)
        #expect(overdue.severity == .error)
        #expect(overdue.message.contains("was due for review on 2027-05-01 (1 day ago)"))
        #expect(overdue.message.contains("set reviewed:") && overdue.message.contains("even urgently"))
    }

    @Test func anOverdueSheetIsNotPublished() throws {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ask {{mash.phone}}.")])
        let run = try Support.guidance(["build", "--no-print-check", "--as-of", "2027-05-02"], in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Guidance/a.md:5:14: error: this sheet was due for review on 2027-05-01"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Output").path))
    }

    @Test func dueListsSheetsAndContactsSoonestFirstInTextAndJSON() throws {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ask {{mash.phone}}.")])
        // Contacts verified 2026-11-01 every 180 days: due 2027-04-30; the sheet 2027-05-01.
        let text = try Support.guidance(["due", "--as-of", "2027-04-01", "--days", "30"], in: root)
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(text.stdout)")
        #expect(lines[0].hasPrefix("Guidance/contacts.yaml:") && lines[0].contains("contact lado (LADO): due 2027-04-30 (in 29 days)"))
        #expect(lines[2] == "Guidance/a.md:5: sheet a (Test sheet): due 2027-05-01 (in 30 days): review the sheet; then set reviewed: and next-review:")
        #expect(lines[3] == "3 due in the next 30 days (as of 2027-04-01).")
        let nothing = try Support.guidance(["due", "--as-of", "2026-11-15", "--days", "30"], in: root)
        #expect(nothing.stdout == "Nothing falls due in the next 30 days (as of 2026-11-15).\n")

        let json = try Support.guidance(["due", "--as-of", "2027-05-02", "--format", "json"], in: root)
        #expect(json.status == 1, "something is overdue")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? Int == 1 && object["asOf"] as? String == "2027-05-02")
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.map { $0["kind"] as? String } == ["contact", "contact", "sheet"])
        #expect(items.last?["days"] as? Int == -1 && items.last?["due"] as? String == "2027-05-01")
        #expect(items.last?["file"] as? String == "Guidance/a.md" && items.last?["line"] as? Int == 5)
    }

    @Test func theToolHasAVersion() throws {
        let run = try Support.guidance(["--version"], in: Support.packageRoot)
        #expect(run.status == 0)
        #expect(run.stdout == GuidanceVersion.current + "\n")
    }
}
