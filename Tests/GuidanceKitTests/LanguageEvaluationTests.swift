import Foundation
import Testing
@testable import GuidanceKit

/// The language rules against the evaluation set in Fixtures/language/evaluation:
/// sentences written from the published guides before the rules were grown,
/// in a tuning half and a held-out half, and the fresh sets (fresh to fresh-53)
/// written later, each first run untuned (its first line and docs/language.md give those
/// first figures). All must meet the targets.
@Suite struct LanguageEvaluationTests {
    static let folder = Support.fixtures.appendingPathComponent("language/evaluation")
    /// Compiled once for the whole suite: each test and each argument gets a
    /// fresh suite value, and compiling every rule's patterns again for each
    /// was most of this suite's time.
    static let shippedLinter = LanguageLinter(rules: LanguageRuleSet.shipped)
    var linter: LanguageLinter { Self.shippedLinter }

    func evaluate(_ name: String) throws -> LanguageEvaluation {
        let url = Self.folder.appendingPathComponent(name)
        let sentences = try LanguageEvaluation.read(String(contentsOf: url, encoding: .utf8), file: name)
        return LanguageEvaluation(file: name, sentences: sentences, linter: linter)
    }

    /// Every labelled set in the folder, so a new set is judged without being listed here
    /// (the Makefile's eval-language reads the folder the same way).
    static let sets: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".tsv") }.sorted()

    /// The sealed sets (`evaluation/sealed/`): measured, never read sentence by sentence.
    static let sealedFolder = folder.appendingPathComponent("sealed")
    static let sealedSets: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: sealedFolder.path)) ?? [])
        .filter { $0.hasSuffix(".tsv") }.sorted().map { "sealed/" + $0 }

    /// A sealed set is reported as figures only, whatever they are: no target is
    /// asserted on it (a target would invite tuning to it) and no sentence of it is shown.
    @Test func theSealedSetsAreFiguresOnly() throws {
        let readme = try String(contentsOf: Self.sealedFolder.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("never tuned on") && readme.contains("figure"), "the folder says its rule")
        for name in Self.sealedSets {
            let evaluation = try evaluate(name)
            print(evaluation.report, terminator: "")
            #expect(evaluation.isSealed && evaluation.report.split(separator: "\n").count == 1, "\(name)")
            #expect(!evaluation.sentences.contains { evaluation.report.contains($0.text) }, "\(name): a sentence is shown")
        }
    }

    @Test func aSealedSetShowsNoMissOrFalseAlarm() {
        let sentences = [LanguageEvaluation.Sentence(flag: true, kind: "", text: "She consented to sending the images."),
                         LanguageEvaluation.Sentence(flag: true, kind: "", text: "Her account kept changing, so she is not credible."),
                         LanguageEvaluation.Sentence(flag: false, kind: "", text: "She was groomed by an older man.")]
        let sealed = LanguageEvaluation(file: "evaluation/sealed/a.tsv", sentences: sentences, linter: linter)
        #expect(sealed.report == "evaluation/sealed/a.tsv: sealed: 3 sentences, recall 0.500, false alarms 0.0%\n")
        let open = LanguageEvaluation(file: "evaluation/a.tsv", sentences: sentences, linter: linter)
        #expect(open.report.contains("missed [] Her account kept changing"), "an open set lists its misses")
    }

    /// `--evaluate` prints a sealed set's figures only, and they do not decide its exit status.
    @Test func evaluateShowsASealedSetsFiguresOnly() throws {
        let root = try Support.temporaryFolder()
        let sentences = "1\tShe consented to sending the images.\n1\tHer account kept changing, so she is not credible.\n"
            + "0\tShe was groomed by an older man.\n"
        try Support.write(sentences, to: "sealed/a.tsv", in: root)
        try Support.write(sentences, to: "open/a.tsv", in: root)
        // The rules alone: what is tested is how a sealed set is shown, not who judges.
        let sealed = try Support.guidance(["lint-language", "--judge", "rules", "--evaluate", "sealed/a.tsv"], in: root)
        #expect(sealed.status == 0 && sealed.stdout == "sealed/a.tsv: sealed: 3 sentences, recall 0.500, false alarms 0.0%\n",
                "\(sealed.status) \(sealed.stdout)")
        let open = try Support.guidance(["lint-language", "--judge", "rules", "--evaluate", "open/a.tsv"], in: root)
        #expect(open.status == 1 && open.stdout.contains("not credible"), "\(open.status) \(open.stdout)")
    }

    @Test func theFolderHoldsTheHalvesAndTheFreshSets() {
        #expect(Self.sets.contains("tune.tsv") && Self.sets.contains("holdout.tsv"), "\(Self.sets)")
        #expect(Self.sets.filter { $0.hasPrefix("fresh") }.count >= 53, "\(Self.sets)")
    }

    @Test(arguments: sets)
    func recallAndFalsePositivesMeetTheTargets(_ name: String) throws {
        let evaluation = try evaluate(name)
        print(evaluation.report, terminator: "")
        #expect(evaluation.positives >= 15 && evaluation.negatives >= 15)
        #expect(evaluation.recall >= LanguageEvaluation.recallTarget, "\(evaluation.report)")
        #expect(evaluation.falsePositiveRate <= LanguageEvaluation.falsePositiveTarget, "\(evaluation.report)")
    }

    @Test func theWholeSetHasAHundredOfEachKind() throws {
        let both = try evaluate("tune.tsv").sentences + evaluate("holdout.tsv").sentences
        #expect(both.filter(\.flag).count >= 100 && both.filter { !$0.flag }.count >= 100)
        #expect(Set(both.map(\.text)).count == both.count, "no sentence twice")
    }

    @Test func everyRuleSaysWhereItComesFromWhyItHarmsAndWhatToWriteInstead() {
        for rule in LanguageRuleSet.shipped {
            #expect(!rule.source.isEmpty && !rule.message.isEmpty && !rule.alternatives.isEmpty, "\(rule.id)")
            #expect(["verified", "partial", "unverified"].contains(rule.status), "\(rule.id): status")
            #expect(!rule.group.isEmpty, "\(rule.id): group")
            if rule.status == "unverified" { #expect(rule.severity != .error, "\(rule.id): unverified rules are warnings at most") }
        }
    }

    @Test func quotedMentionsThatForbidOrCorrectAreNotFindings() {
        for text in ["The term 'child prostitute' must not be used.", "Staff should not call children drug runners.",
                     "'Sexting' has been replaced by 'sharing nudes and semi-nudes'."] {
            #expect(linter.lint(text: text, file: "s").isEmpty, "\(text)")
        }
        #expect(!linter.lint(text: "Police called her a 'child prostitute'.", file: "s").isEmpty, "quoting is not forbidding")
    }

    @Test func adultsAndPeersAreJudgedAsSuch() {
        for text in ["The mother said she chose to leave the house where he abused her.",
                     "A 16-year-old is sexually active with a 16-year-old.",
                     "A 15-year-old's boyfriend in her class."] {
            #expect(linter.lint(text: text, file: "s").isEmpty, "\(text)")
        }
        for text in ["She said she chose to go back to the house where he abused her.",
                     "A 14-year-old is sexually active with a 19-year-old.",
                     "A 15-year-old's 23-year-old boyfriend."] {
            #expect(!linter.lint(text: text, file: "s").isEmpty, "\(text)")
        }
    }

    @Test func wordFormsAndWordOrder() {
        for text in ["She sold sex.", "He is selling himself.", "She exchanged sex for a phone.",
                     "She had sex with them in exchange for a place to stay.", "He was trading sexual favours."] {
            #expect(!linter.lint(text: text, file: "s").isEmpty, "\(text)")
        }
    }
}
