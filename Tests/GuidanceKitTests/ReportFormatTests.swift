import Foundation
import Testing
@testable import GuidanceKit

/// `--format json` is what other tools read (CI's job summary among them):
/// it carries a format version, is described by docs/report.schema.json,
/// and every report the tool really prints validates against that schema.
@Suite struct ReportFormatTests {
    static let schema = Support.packageRoot.appendingPathComponent("docs/report.schema.json")

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    /// A rule id the schema does not list would make every validating
    /// consumer reject the report that first carries it.
    @Test func theSchemaListsEveryRuleId() throws {
        let schema = try Self.json(String(contentsOf: Self.schema, encoding: .utf8))
        let defs = try #require(schema["$defs"] as? [String: Any])
        let finding = try #require(defs["finding"] as? [String: Any])
        let properties = try #require(finding["properties"] as? [String: Any])
        let rule = try #require(properties["rule"] as? [String: Any])
        let listed = try #require(rule["enum"] as? [String])
        #expect(Set(listed) == Set(RuleID.allCases.map(\.rawValue)))
        #expect(listed.count == RuleID.allCases.count, "a rule id listed twice")
    }

    /// check, build (with a new edition and a changed number) and
    /// lint-language, as printed by the binary, each valid against the
    /// published schema (check-jsonschema from the test venv), and the
    /// members a tool needs are there as values, not inside sentences.
    @Test func whatTheToolPrintsMatchesThePublishedSchema() throws {
        let validator = Support.packageRoot.appendingPathComponent(".venv/bin/check-jsonschema")
        try #require(FileManager.default.isExecutableFile(atPath: validator.path),
                     "needs the project's .venv with check-jsonschema: `make test` (or `make test-fast`) creates it")
        let root = try Support.smallProject(sheets: [
            "a.md": Support.sheet("Ring {{mash.phone}} quickly."),
        ])
        var reports: [String: String] = [:]
        let first = try Support.guidance(["build", "--no-print-check", "--as-of", "2026-12-01", "--format", "json"], in: root)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        // A changed number, re-verified, the old one retired: a complete change.
        try Support.write(Support.registry.replacingOccurrences(of: "phone: 020 7946 0123", with: "phone: 020 7946 0999\n    retired: [020 7946 0123]")
            .replacingOccurrences(of: "verified: 2026-11-01\n  lado", with: "verified: 2026-11-20\n  lado"),
                          to: "Guidance/contacts.yaml", in: root)
        let second = try Support.guidance(["build", "--no-print-check", "--as-of", "2026-12-01", "--format", "json"], in: root)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        reports["build"] = second.stdout
        // A language error, for check to report (a build would refuse it).
        try Support.write(Support.sheet("Ring {{mash.phone}} quickly.\n\nThe records said she consented."), to: "Guidance/a.md", in: root)
        let check = try Support.guidance(["check", "--offline", "--no-print-check", "--as-of", "2026-12-01", "--format", "json"], in: root)
        reports["check"] = check.stdout
        let lint = try Support.guidance(["lint-language", "--format", "json", "-"], in: root,
                                        stdin: "She consented to sending the images.\n")
        #expect(lint.status == 1)
        reports["lint-language"] = lint.stdout

        let folder = try Support.temporaryFolder()
        var files: [String] = []
        for (name, text) in reports {
            let file = folder.appendingPathComponent("\(name).json")
            try Data(text.utf8).write(to: file)
            files.append(file.path)
        }
        let validated = try Support.capture(validator.path, ["--schemafile", Self.schema.path] + files.sorted())
        #expect(validated.status == 0, "\(validated.stdout)\(validated.stderr)")

        let build = try Self.json(try #require(reports["build"]))
        #expect(build["version"] as? Int == 1)
        let outcome = try #require(build["build"] as? [String: Any])
        let editions = try #require(outcome["newEditions"] as? [[String: Any]])
        #expect(editions.count == 2, "both versions show the changed number: \(editions)")
        #expect(editions.first?["audience"] as? String == "agencies" && editions.first?["sheet"] as? String == "a"
                && editions.first?["edition"] as? Int == 2, "\(editions)")
        let changes = try #require(outcome["contactChanges"] as? [[String: Any]])
        #expect(changes.count == 1 && changes.first?["contact"] as? String == "mash" && changes.first?["field"] as? String == "phone"
                && changes.first?["from"] as? String == "020 7946 0123" && changes.first?["to"] as? String == "020 7946 0999",
                "\(changes)")
        for name in ["check", "lint-language"] {
            let report = try Self.json(try #require(reports[name]))
            let findings = try #require(report["findings"] as? [[String: Any]])
            let language = findings.filter { $0["rule"] as? String == "language" }
            #expect(!language.isEmpty && language.allSatisfy { $0["languageRule"] as? String == "language.consented" },
                    "\(name): \(language)")
            // The fact that decided, as data.
            #expect(language.allSatisfy { $0["languageFact"] as? String == "child-not-among-peers" }, "\(name): \(language)")
        }
    }

    /// GitHub's annotation title is the rule a person looks up: for a
    /// language finding, the language rule.
    @Test func githubAnnotationsNameTheLanguageRule() throws {
        let run = try Support.guidance(["lint-language", "--format", "github", "-"], in: try Support.temporaryFolder(),
                                       stdin: "She consented to sending the images.\n")
        #expect(run.stdout.contains("title=language.consented::"), "\(run.stdout)")
    }
}
