import Foundation
import Testing
@testable import GuidanceKit

/// The checks against what office staff really type: every problem in one
/// run, no knock-on errors, numbers typed the ways people type them, and a
/// changed number that nobody rang.
@Suite(.serialized) struct OfficeChecksTests {
    static let asOf = Day(iso: "2026-11-15")!

    static func findings(sheet: String, registry: String = Support.registry) throws -> [Finding] {
        let root = try Support.smallProject(sheets: ["sheet.md": sheet], registry: registry)
        return try Pipeline.run(root: root, options: .init(asOf: asOf)).findings
    }

    @Test func aFrontMatterErrorDoesNotHideTheBodysProblems() throws {
        let sheet = """
            ---
            title: Test sheet
            audiences: [schools]
            reviewed: 2026-13-45
            next-review: 2027-05-01
            ---

            Ring {{mahs.phone}} now.
            """
        let findings = try Self.findings(sheet: sheet)
        #expect(findings.contains { $0.rule == .frontMatter && $0.location.line == 4 }, "\(findings)")
        let placeholder = try #require(findings.first { $0.rule == .unknownContact }, "the placeholder is checked in the same run")
        #expect(placeholder.location.line == 8 && placeholder.suggestion == "{{mash.phone}}")
    }

    @Test func anUnreadableRegistryGivesItsErrorAndOneNoteNotACascade() throws {
        var registry = Data(Support.registry.utf8)
        registry.append(contentsOf: [0x20, 0x23, 0x20, 0x93, 0x71, 0x94, 0x0A])  // Windows-1252 quotes in a comment
        let root = try Support.smallProject(sheets: ["sheet.md": Support.sheet("""
            Ring {{mash.phone}} or {{lado.phone}}; see [our page]({{mash.url}}).
            """)])
        try registry.write(to: root.appendingPathComponent("Guidance/contacts.yaml"))
        let findings = try Pipeline.run(root: root, options: .init(asOf: Self.asOf)).findings
        #expect(findings.filter { $0.severity == .error }.count == 1, "\(findings)")
        #expect(findings.first { $0.severity == .error }?.location.file == "Guidance/contacts.yaml")
        let notes = findings.filter { $0.message.contains("placeholders") && $0.message.contains("were not checked") }
        #expect(notes.count == 1)
        #expect(!findings.contains { $0.rule == .placeholderLink || $0.message.contains("use one of") }, "\(findings)")
    }

    /// The shipped project (with its editions manifest): a broken registry or a
    /// broken placeholder gives its own error, not "missing change note" warnings
    /// for text that only looks changed because a placeholder was not resolved.
    @Test func noKnockOnWarningsOnTheShippedProject() throws {
        let root = try Support.copyOfProject()
        var registry = try Data(contentsOf: root.appendingPathComponent("Guidance/contacts.yaml"))
        registry.append(contentsOf: [0x23, 0x20, 0x93, 0x71, 0x94, 0x0A])
        try registry.write(to: root.appendingPathComponent("Guidance/contacts.yaml"))
        let broken = try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-12-08")!)).findings
        #expect(broken.filter { $0.severity == .error }.count == 1 && broken.filter { $0.severity == .warning }.isEmpty,
                "\(broken.map(\.message))")
        #expect(broken.filter { $0.severity == .note && $0.rule != .contactNotRung }.count == 1)

        let other = try Support.copyOfProject()
        let path = "Guidance/right-language.md"
        try Support.write(try Support.read(path, in: other).replacingOccurrences(of: "{{mash.phone}}",
                                                                               with: "{{mahs.phone}}"), to: path, in: other)
        let misspelt = try Pipeline.run(root: other, options: .init(asOf: Day(iso: "2026-12-08")!)).findings
        #expect(misspelt.map(\.rule).filter { $0 != .contactNotRung } == [.unknownContact], "\(misspelt.map(\.message))")
    }

    @Test func anUnknownContactWithAnEmptyRegistryNeverPrintsAnEmptyList() throws {
        let findings = try Self.findings(sheet: Support.sheet("Ring {{nobody.phone}}."), registry: "contacts: {}\n")
        let unknown = try #require(findings.first { $0.rule == .unknownContact }, "\(findings)")
        #expect(!unknown.message.contains("use one of"), "\(unknown.message)")
    }

    @Test(arguments: [
        ("0208 424 0999", "020 8424 0999"), ("02089012690", "020 8901 2690"), ("(020) 8901 2690", "020 8901 2690"),
        ("020-8901-2690", "020 8901 2690"), ("0044 20 8901 2690", "020 8901 2690"),
    ])
    func aNumberTypedTheWrongWayGetsItsStandardForm(typed: String, national: String) throws {
        let findings = try Self.findings(sheet: Support.sheet("Ring \(typed) today."))
        let format = try #require(findings.first { $0.rule == .phoneFormat }, "\(typed): \(findings)")
        #expect(format.suggestion == national)
        let unregistered = try #require(findings.first { $0.rule == .unregisteredPhone })
        // Not in the registry: the suggestion is an entry ready to paste, in the standard form.
        #expect(unregistered.suggestion?.contains("phone: \(national)") == true, "\(unregistered.suggestion ?? "")")
        #expect(unregistered.suggestion?.contains("verified: YYYY-MM-DD") == true)
    }

    @Test func aRegisteredNumberTypedInPointsAtItsPlaceholder() throws {
        let findings = try Self.findings(sheet: Support.sheet("Ring 020 7946 0123 today."))
        #expect(findings.first { $0.rule == .unregisteredPhone }?.suggestion == "{{mash.phone}}")
    }

    @Test func anExtraDigitAfterAValidNumberIsCaught() throws {
        let findings = try Self.findings(sheet: Support.sheet("Ring 020 8901 26900 today."))
        let invalid = try #require(findings.first { $0.rule == .invalidPhone }, "\(findings)")
        #expect(invalid.message.contains("020 8901 26900"))
    }

    @Test func shortNumbersInProseAreMatchedToTheRegistry() throws {
        let registry = Support.registry + """

              police-emergency:
                name: Police (emergency)
                phone: "999"
                verified: 2026-11-01
              police:
                name: Police (non-emergency)
                phone: "101"
                verified: 2026-11-01
            """
        let findings = try Self.findings(sheet: Support.sheet("Ring 999 in an emergency, otherwise 101. The Children Act 1989 applies."),
                                         registry: registry)
        let suggestions = findings.filter { $0.rule == .unregisteredPhone }.compactMap(\.suggestion)
        #expect(suggestions == ["{{police-emergency.phone}}", "{{police.phone}}"], "\(findings)")
        #expect(findings.first { $0.suggestion == "{{police-emergency.phone}}" }?.location.column == 6)

        // After a longer number that ends in the same digits, each points at its own place.
        let both = try Self.findings(sheet: Support.sheet("Ring 020 8424 0999 or 999."), registry: registry)
        let columns = both.filter { $0.rule == .unregisteredPhone }.map(\.location.column)
        #expect(columns == [6, 23], "\(both)")
    }

    @Test func aStaleContactNoSheetUsesIsAWarningAndNothingPrefillsToday() throws {
        let registry = """
            contacts:
              mash:
                name: MASH
                phone: 020 7946 0123
                verified: 2025-01-01
              unused:
                name: Unused
                phone: 020 7946 0456
                verified: 2025-01-01
            """
        let findings = try Self.findings(sheet: Support.sheet("Ring {{mash.phone}}."), registry: registry)
        let stale = findings.filter { $0.rule == .staleContact }
        #expect(stale.first { $0.message.contains("'mash'") }?.severity == .error)
        #expect(stale.first { $0.message.contains("'unused'") }?.severity == .warning)
        #expect(stale.allSatisfy { $0.suggestion == nil && !$0.message.contains("2026-11-15") }, "\(stale)")
        #expect(stale.allSatisfy { $0.message.contains("the day you did") })
    }

    @Test func aChangedNumberMustBeRungAgain() throws {
        let root = try Support.copyOfProject()
        let path = "Guidance/contacts.yaml"
        let registry = try Support.read(path, in: root)
        try Support.write(registry.replacingOccurrences(of: "phone: 020 8901 2690", with: "phone: 020 8901 2609"), to: path, in: root)
        let refused = try Support.guidance(["build", "--no-print-check"] + OneAtATime.CommandLineTests.asOf, in: root)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("error: mash.phone changed from 020 8901 2690 to 020 8901 2609 but verified is still 2026-11-29; "
                                        + "ring the new number and set verified to the day you did [changed-contact]"), "\(refused.stderr)")

        // Rung on 30 November: the build goes ahead and says what changed.
        let rung = try Support.read(path, in: root).replacingOccurrences(
            of: "phone: 020 8901 2609\n    hours: Monday to Friday, 9am to 5pm\n    email: duty.assess@harrow.gov.uk\n    url: https://www.harrowscb.co.uk/\n    verified: 2026-11-29",
            with: "phone: 020 8901 2609\n    hours: Monday to Friday, 9am to 5pm\n    email: duty.assess@harrow.gov.uk\n    url: https://www.harrowscb.co.uk/\n    verified: 2026-11-30")
        #expect(rung != registry)
        try Support.write(rung, to: path, in: root)
        // Rung, but the old number is not yet retired: refused, with the line to paste.
        let unretired = try Support.guidance(["build", "--no-print-check"] + OneAtATime.CommandLineTests.asOf, in: root)
        #expect(unretired.status == 1)
        #expect(unretired.stderr.contains("error: mash.phone changed from 020 8901 2690 to 020 8901 2609; the change is complete only when "
                                          + "020 8901 2690 is in mash's retired: list"), "\(unretired.stderr)")
        #expect(unretired.stderr.contains("suggestion: retired: [0181 901 2690, 020 8901 2690]"), "\(unretired.stderr)")
        // A sheet that still types the old number is then an error naming the placeholder.
        try Support.write(rung.replacingOccurrences(of: "retired: [0181 901 2690]", with: "retired: [0181 901 2690, 020 8901 2690]"),
                          to: path, in: root)
        let sheet = "Guidance/right-language.md"
        let text = try Support.read(sheet, in: root)
        try Support.write(text + "\nOr ring 020 8901 2690.\n", to: sheet, in: root)
        let typed = try Support.guidance(["check", "--offline", "--no-print-check"] + OneAtATime.CommandLineTests.asOf, in: root)
        #expect(typed.status == 1)
        #expect(typed.stdout.contains("[retired-number]") && typed.stdout.contains("{{mash.phone}}"), "\(typed.stdout)")
        try Support.write(text, to: sheet, in: root)
        let built = try Support.guidance(["build", "--no-print-check"] + OneAtATime.CommandLineTests.asOf, in: root)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("Contact changed: mash.phone 020 8901 2690 -> 020 8901 2609"), "\(built.stdout)")
        let published = try #require(PublishedRegistry.load(from: root.appendingPathComponent("Output")))
        #expect(published.contacts["mash"]?.phone == "020 8901 2609" && published.contacts["mash"]?.verified == "2026-11-30")
    }

    @Test func errorsAreListedBeforeWarnings() throws {
        let sheet = Support.sheet("Ring 0208 424 0999 or 0208 424 0998 or 0208 424 0997.\n\nThen ring {{mahs.phone}}.")
        let root = try Support.smallProject(sheets: ["sheet.md": sheet])
        let run = try Support.guidance(["check", "--offline", "--no-print-check", "--as-of", "2026-11-15"], in: root)
        let severities = run.stdout.split(separator: "\n").compactMap { line -> String? in
            line.contains(": error: ") ? "error" : line.contains(": warning: ") ? "warning" : nil
        }
        #expect(severities.first == "error" && severities.filter { $0 == "error" }.count == 1, "\(run.stdout)")
        #expect(severities.count > 2)
    }

    @Test func buildHelpDoesNotPromiseNetworkChecks() throws {
        func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let help = words(try Support.guidance(["build", "--help"], in: Support.packageRoot).stdout)
        #expect(!help.contains("Skip the checks that need the network"), "\(help)")
        #expect(help.contains("build never uses the network"))
        let check = words(try Support.guidance(["check", "--help"], in: Support.packageRoot).stdout)
        #expect(check.contains("Skip the checks that need the network"))
    }
}
