import Foundation
import Testing
@testable import GuidanceKit

/// `tel:` and `mailto:` links typed by hand are judged as the same number or
/// address in the text would be, and the text version prints what they lead
/// to (issue 25, item 7).
@Suite struct ContactLinkTests {
    static let asOf = Day(iso: "2026-11-15")!

    @Test func aNumberOrAddressInALinkTargetIsJudgedAtTheLink() throws {
        // Body lines start at line 8 (front matter and a blank line above).
        let body = """
            [Ring the desk](tel:02084240998) for advice.
            Write to [the office](mailto:not-an-address) today.
            Or ring [MASH](tel:{{mash.phone}}) or [e-mail MASH](mailto:{{mash.email}}).
            Not [nobody](mailto:) and not [no one](tel:).
            Or [the duty desk](mailto:mash@example.org?subject=Referral).
            Ring [the old line](tel:020-7946-0999).
            """
        let registry = Support.registry.replacingOccurrences(of: "    verified: 2026-11-01\n  lado:",
                                                             with: "    verified: 2026-11-01\n    retired: [020 7946 0999]\n  lado:")
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet(body)], registry: registry)
        let findings = try Pipeline.run(root: root, options: .init(asOf: Self.asOf)).findings
            .filter { $0.location.file == "Guidance/a.md" }
        func at(_ line: Int) -> [String] {
            findings.filter { $0.location.line == line }
                .sorted { ($0.location.column, $0.rule.rawValue) < ($1.location.column, $1.rule.rawValue) }
                .map { "\($0.location.column) \($0.rule.rawValue) \($0.suggestion ?? "-")" }
        }
        #expect(at(8) == ["1 phone-format 020 8424 0998",
                          "1 unregistered-phone " + SheetTextRule.registryEntry(for: PhoneNumber("02084240998"))], "\(findings)")
        #expect(at(9) == ["10 invalid-email -"])
        #expect(at(10) == [], "placeholders are judged in the registry, not again at the link")
        #expect(at(11) == ["5 placeholder-link -", "31 placeholder-link -"])
        #expect(at(12) == ["4 unregistered-email {{mash.email}}"])
        #expect(at(13) == ["6 retired-number {{mash.phone}}"])
    }

    @Test func theTextVersionPrintsTheNumberAndAddressOfALink() async throws {
        let body = """
            [Ring the desk](tel:02084240998) or [e-mail the desk](mailto:desk@harrow.example).
            Ring [MASH](tel:{{mash.phone}}), or ring [020 7946 0456](tel:02079460456).
            """
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet(body, audiences: "[schools]")],
                                            config: "partnership: P\naudiences:\n  schools: Schools\n")
        let result = try await Build.run(root: root, output: root.appendingPathComponent("Output"),
                                   options: Pipeline.Options(asOf: Self.asOf), print: .none)
        #expect(result.report != nil, "\(result.findings)")
        let text = try Support.read("Output/schools/a.txt", in: root)
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        #expect(flat.contains("Ring the desk (020 8424 0998) or e-mail the desk (desk@harrow.example)."), "\(text)")
        #expect(flat.contains("Ring MASH (020 7946 0123), or ring 020 7946 0456."), "\(text)")
        #expect(!text.contains("mailto:"), "the address is printed, not listed as a reference: \(text)")
    }
}
