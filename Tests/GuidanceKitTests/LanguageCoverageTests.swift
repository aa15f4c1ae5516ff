import Foundation
import Testing
@testable import GuidanceKit

/// Every pattern of the shipped rules earns its place: it matches at least one
/// sentence of the labelled sets (not the held-out half, not the sealed sets),
/// so no pattern ships that nothing shows to work, and a pattern broken by an
/// edit (a typo, a word list changed under it) shows here.
///
/// The patterns that matched nothing when this test was written are listed in
/// Fixtures/language/unproven-patterns.txt: the list may only shrink. For each,
/// add a labelled sentence written from a published source's wording, or
/// remove the pattern; then take it off the list (the test says when).
@Suite struct LanguageCoverageTests {
    static let unprovenList = Support.fixtures.appendingPathComponent("language/unproven-patterns.txt")

    /// Each rule's patterns that matched, as "rule: pattern".
    static func matched() throws -> Set<String> {
        let matcher = LanguageEvaluationTests.shippedLinter.matcher
        var matched: Set<String> = []
        for name in LanguageVerdictTests.sets {
            let url = LanguageEvaluationTests.folder.appendingPathComponent(name)
            for sentence in try LanguageEvaluation.read(String(contentsOf: url, encoding: .utf8), file: name) {
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
        let listed = Set(try String(contentsOf: Self.unprovenList, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }.map(String.init))
        let new = never.filter { !listed.contains($0) }
        #expect(new.isEmpty, "\(new.count) patterns match no labelled sentence; add a sentence written from a published source's wording, or remove the pattern:\n\(new.joined(separator: "\n"))")
        let proven = listed.filter { !never.contains($0) }.sorted()
        #expect(proven.isEmpty, "these now match, or are gone: take them off unproven-patterns.txt:\n\(proven.joined(separator: "\n"))")
    }

    /// Every rule has a pattern that matches a labelled sentence: none is unproven as a whole.
    @Test func everyRuleMatchesALabelledSentence() throws {
        let matched = try Self.matched()
        let rules = LanguageRuleSet.shipped.filter { rule in !rule.patterns.contains { matched.contains("\(rule.id): \($0)") } }
        #expect(rules.isEmpty, "rules that match no labelled sentence: \(rules.map(\.id))")
    }
}
