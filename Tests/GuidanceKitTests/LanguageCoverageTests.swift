import Foundation
import Testing
@testable import GuidanceKit

/// Every pattern of the shipped rules earns its place: it flags at least one
/// sentence labelled to flag in the labelled sets (not the held-out half, not
/// the sealed sets), so no pattern ships that nothing shows to work, and a
/// pattern broken by an edit (a typo, a word list changed under it) shows here.
///
/// A pattern counts only where it is the one that matched: a pattern another of
/// the same rule always matches first (a duplicate) never proves itself, and a
/// false alarm (a match in a sentence labelled 0) proves nothing. A new pattern
/// needs such a sentence (evaluation/proof-1.tsv holds one for each pattern no
/// other set exercised); there is no list of exceptions.
@Suite struct LanguageCoverageTests {
    /// Each rule's patterns that flagged a sentence labelled to flag, as "rule: pattern".
    static func matched() throws -> Set<String> {
        let matcher = LanguageEvaluationTests.shippedLinter.matcher
        var matched: Set<String> = []
        // The evaluation sets only: the training-only sets in the verdict snapshot prove no pattern.
        for name in LanguageVerdictTests.sets where !name.hasPrefix(LanguageVerdictTests.trainingPrefix) {
            let url = LanguageEvaluationTests.folder.appendingPathComponent(name)
            for sentence in try LanguageEvaluation.read(String(contentsOf: url, encoding: .utf8), file: name) where sentence.flag {
                for match in matcher.matches(in: sentence.text) {
                    matched.insert("\(match.rule.id): \(match.rule.patterns[match.pattern])")
                }
            }
        }
        return matched
    }

    static func all() -> [String] {
        LanguageRuleSet.shipped.flatMap { rule in rule.patterns.map { "\(rule.id): \($0)" } }
    }

    @Test func everyPatternMatchesALabelledSentence() throws {
        let matched = try Self.matched()
        let never = Self.all().filter { !matched.contains($0) }
        let advice = "add a sentence it flags to a labelled set (written from a published source's wording), or remove the pattern"
        #expect(never.isEmpty, "\(never.count) patterns flag no sentence labelled to flag; \(advice):\n\(never.joined(separator: "\n"))")
    }

    /// Every rule has a pattern that matches a labelled sentence: none is unproven as a whole.
    @Test func everyRuleMatchesALabelledSentence() throws {
        let matched = try Self.matched()
        let rules = LanguageRuleSet.shipped.filter { rule in !rule.patterns.contains { matched.contains("\(rule.id): \($0)") } }
        #expect(rules.isEmpty, "rules that match no labelled sentence: \(rules.map(\.id))")
    }
}
