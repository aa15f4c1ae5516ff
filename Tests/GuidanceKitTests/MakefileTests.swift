import Foundation
import Testing

/// The Makefile is how the office and CI run everything; these tests run
/// make itself (dry runs only, `-n`), so they check what make would do.
@Suite struct MakefileTests {
    static let root = Support.packageRoot

    /// Runs make in the package root; standard output and error together.
    static func make(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let run = try Support.capture("/usr/bin/make", ["--no-print-directory", "-C", root.path] + arguments)
        return (run.status, run.stdout + run.stderr)
    }

    /// `make help` names every target of the Makefile with what it does.
    @Test func makeHelpListsEveryTargetWithWhatItDoes() throws {
        let makefile = try String(contentsOf: Self.root.appendingPathComponent("Makefile"), encoding: .utf8)
        let targets = makefile.split(separator: "\n").compactMap { line -> String? in
            guard let match = line.prefixMatch(of: #/([a-z][a-z-]*):([^=]|$)/#) else { return nil }
            return String(match.output.1)
        }
        #expect(targets.count >= 15 && targets.contains("test") && targets.contains("help"), "\(targets)")
        let help = try Self.make(["-s", "help"])
        #expect(help.status == 0, "\(help.output)")
        let listed = help.output.split(separator: "\n").filter { !$0.hasPrefix("   ") }
        for target in targets {
            let line = listed.first { $0.split(separator: " ").first == Substring(target) }
            #expect(line != nil, "make help does not list \(target):\n\(help.output)")
            if let line { #expect(line.split(separator: " ").count > 2 && !line.contains("(no description)"), "\(line)") }
        }
    }

    /// `make eval-language` evaluates every labelled set in the folder the
    /// tests read, in the order they were written: tune, holdout, fresh, fresh-2, ..., then proof-1 ...
    @Test func evalLanguageEvaluatesEverySetInTheFolder() throws {
        let folder = "Tests/GuidanceKitTests/Fixtures/language/evaluation"
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent(folder).path)
            .filter { $0.hasSuffix(".tsv") }
        let dryRun = try Self.make(["-n", "-B", "eval-language"])
        let line = try #require(dryRun.output.split(separator: "\n").first { $0.contains("lint-language --evaluate") },
                                "\(dryRun.output)")
        // The targets are the rules': lint-language's default judge would add the learned one's false alarms.
        #expect(line.contains(" --judge rules "), "\(line.prefix(120))")
        let evaluated = line.split(separator: " ").filter { $0.hasSuffix(".tsv") }.map { String($0) }
        #expect(Set(evaluated.filter { !$0.contains("/sealed/") }) == Set(names.map { "\(folder)/\($0)" }),
                "missing: \(Set(names.map { "\(folder)/\($0)" }).subtracting(evaluated).sorted())")
        let fresh = names.filter { $0.hasPrefix("fresh") }.map { name -> Int in
            name == "fresh.tsv" ? 1 : Int(name.dropFirst("fresh-".count).dropLast(".tsv".count)) ?? 0
        }.sorted()
        // Then the sets that are neither halves nor fresh (proof-1.tsv ...), by name, as sort -V puts them.
        let others = names.filter { !$0.hasPrefix("fresh") && $0 != "tune.tsv" && $0 != "holdout.tsv" }.sorted()
        let expected = ["tune.tsv", "holdout.tsv"] + fresh.map { $0 == 1 ? "fresh.tsv" : "fresh-\($0).tsv" } + others
        // The sealed sets follow (evalLanguageEvaluatesTheSealedSetsLast).
        #expect(evaluated.filter { !$0.contains("/sealed/") } == expected.map { "\(folder)/\($0)" }, "the order changed")
    }

    /// The sealed sets (`evaluation/sealed/`) are evaluated too, last, as figures only.
    @Test func evalLanguageEvaluatesTheSealedSetsLast() throws {
        let folder = try Support.temporaryFolder()
        for name in ["tune.tsv", "holdout.tsv", "fresh.tsv", "fresh-2.tsv", "sealed/b.tsv", "sealed/a.tsv"] {
            try Support.write("1\tx\n", to: name, in: folder)
        }
        let dryRun = try Self.make(["-n", "-B", "eval-language", "EVALUATION=\(folder.path)"])
        let line = try #require(dryRun.output.split(separator: "\n").first { $0.contains("lint-language --evaluate") },
                                "\(dryRun.output)")
        let evaluated = line.split(separator: " ").filter { $0.hasSuffix(".tsv") }.map { String($0.dropFirst(folder.path.count + 1)) }
        #expect(evaluated == ["tune.tsv", "holdout.tsv", "fresh.tsv", "fresh-2.tsv", "sealed/a.tsv", "sealed/b.tsv"], "\(evaluated)")
    }

    /// Every suite that runs one at a time (nested in `OneAtATime`) has a budget
    /// in seconds in the comment above `make test`, under the tag it carries, so a
    /// new slow suite cannot lengthen `make test` unseen; and `make test` runs
    /// the unit suites in parallel, then the slow ones alone and one at a time
    /// (see the Makefile for why), each test in exactly one of the two runs,
    /// while `make test-fast` is the first run alone.
    @Test func everySlowSuiteHasABudgetAndTheFastTargetSkipsThem() throws {
        let makefile = try String(contentsOf: Self.root.appendingPathComponent("Makefile"), encoding: .utf8)
        var budgets: [String: (tag: String, seconds: Int)] = [:], tag = ""
        for line in makefile.split(separator: "\n") where line.hasPrefix("#   ") || line.hasPrefix("#        ") {
            if let match = line.firstMatch(of: #/^#\s+(browser|crash|slow):/#) { tag = String(match.output.1) }
            for match in line.matches(of: #/([A-Z][A-Za-z]+Tests) ([0-9]+)/#) {
                budgets[String(match.output.1)] = (tag, Int(match.output.2) ?? 0)
            }
        }
        let folder = Self.root.appendingPathComponent("Tests/GuidanceKitTests")
        var slow: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for match in source.matches(of: #/extension OneAtATime \{\n(?:///.*\n)*@Suite\(\.tags\(\.([a-z]+)\).*struct ([A-Za-z]+) /#) {
                slow[String(match.output.2)] = String(match.output.1)
            }
        }
        #expect(slow.count >= 10, "\(slow)")
        for (suite, suiteTag) in slow.sorted(by: { $0.key < $1.key }) {
            #expect(budgets[suite]?.tag == suiteTag, "\(suite) (\(suiteTag)) has no budget under \(suiteTag) in the Makefile")
        }
        #expect(Set(budgets.keys) == Set(slow.keys), "budgets for suites that are not slow: \(Set(budgets.keys).subtracting(slow.keys))")
        let test = try Self.make(["-n", "-B", "test"]).output, fast = try Self.make(["-n", "-B", "test-fast"]).output
        let runs = test.split(separator: "\n").filter { $0.contains(" test --skip-build") }.map {
            String($0.split(separator: " test ", maxSplits: 1)[1])
        }
        // The same pattern skipped, then filtered: every test runs once.
        #expect(runs == ["--skip-build --skip OneAtATime", "--skip-build --filter OneAtATime --no-parallel"], "\(test)")
        #expect(fast.split(separator: "\n").contains { $0.hasSuffix(" test --skip-build --skip OneAtATime") }, "\(fast)")
    }
}
