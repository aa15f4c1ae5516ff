import Foundation
import Testing
@testable import GuidanceKit

/// A reviewed snapshot of every verdict the language rules give on the labelled
/// sets (Fixtures/language/verdicts.tsv), so that any change to the rules, the
/// word lists or the way a sentence is read shows as a diff of verdicts, not only
/// as figures that still pass: a set could lose ten of its seventy positives and
/// stay above the targets. The held-out half and the sealed sets are left out
/// (they are measured, never looked at sentence by sentence).
///
/// After an intended change, review the printed differences, then:
/// `GUIDANCE_UPDATE_GOLDEN=1 swift test --filter LanguageVerdictTests`.
@Suite struct LanguageVerdictTests {
    static let snapshot = Support.fixtures.appendingPathComponent("language/verdicts.tsv")

    /// The sets the snapshot covers: every labelled set at the top of the
    /// evaluation folder but the held-out half (sealed sets live in a folder of their own),
    /// then the sets written to train the learned judge only (`training/` + their name):
    /// the rules' targets are not held to those, but their verdicts there are reviewed too.
    static var sets: [String] {
        // In the order they were written, as `make eval-language` reads them: tune, fresh, fresh-2 ...,
        // then any other set (proof-1 ...) by name.
        LanguageEvaluationTests.sets.filter { $0 != "holdout.tsv" }.sorted { (order($0), $0) < (order($1), $1) }
            + trainingSets.map { trainingPrefix + $0 }
    }

    static let trainingPrefix = "training/"
    static let trainingFolder = Support.packageRoot.appendingPathComponent("Training/language-model/data")
    static let trainingSets: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: trainingFolder.path)) ?? [])
        .filter { $0.hasSuffix(".tsv") }.sorted()

    /// Where a set of the snapshot is read from.
    static func url(of name: String) -> URL {
        name.hasPrefix(trainingPrefix) ? trainingFolder.appendingPathComponent(String(name.dropFirst(trainingPrefix.count)))
            : LanguageEvaluationTests.folder.appendingPathComponent(name)
    }

    static func order(_ name: String) -> Int {
        if name == "tune.tsv" { return 0 }
        if name == "fresh.tsv" { return 1 }
        // Only a fresh set's number counts: "proof-1.tsv" is not fresh set -1.
        guard name.hasPrefix("fresh-") else { return 1000 }
        return Int(name.dropFirst("fresh-".count).dropLast(".tsv".count)) ?? 1000
    }

    /// One row of the snapshot.
    struct Verdict: Hashable {
        var set: String, line: Int, label: Int, rules: String, sentence: String
        var row: String { "\(set)\t\(line)\t\(label)\t\(rules)\t\(sentence)" }
        var key: String { "\(set)\t\(sentence)" }
    }

    static let header = """
        # Every verdict of the language rules on the labelled sets (not holdout.tsv, not sealed/),
        # and on the training-only sets (training/: Training/language-model/data).
        # Columns: set, line, label (1 = flag), the rules that flagged it (- for none), sentence.
        # Rewritten by GUIDANCE_UPDATE_GOLDEN=1 swift test --filter LanguageVerdictTests; review the diff.

        """

    /// The verdicts the shipped rules give now.
    static func current() throws -> [Verdict] {
        try sets.flatMap { name -> [Verdict] in
            let url = Self.url(of: name)
            let sentences = try LanguageEvaluation.read(String(contentsOf: url, encoding: .utf8), file: name)
            let evaluation = LanguageEvaluation(file: name, sentences: sentences, linter: LanguageEvaluationTests.shippedLinter)
            return zip(sentences, evaluation.verdicts).map { sentence, rules in
                let names = Set(rules).sorted().joined(separator: ",")
                return Verdict(set: name, line: sentence.line, label: sentence.flag ? 1 : 0,
                               rules: names.isEmpty ? "-" : names, sentence: sentence.text)
            }
        }
    }

    static func parse(_ text: String) -> [Verdict] {
        text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let parts = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 5, let number = Int(parts[1]), let label = Int(parts[2]) else { return nil }
            return Verdict(set: parts[0], line: number, label: label, rules: parts[3], sentence: parts[4])
        }
    }

    /// What differs between two snapshots, one line per sentence: a verdict
    /// that changed (was/now), a sentence added or gone.
    static func differences(was: [Verdict], now: [Verdict]) -> [String] {
        let before = Dictionary(was.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(now.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var lines: [String] = []
        for verdict in now {
            guard let old = before[verdict.key] else {
                lines.append("new    \(verdict.set):\(verdict.line) [\(verdict.label)] \(verdict.rules)  \(verdict.sentence)")
                continue
            }
            if old.rules != verdict.rules || old.label != verdict.label {
                lines.append("changed \(verdict.set):\(verdict.line) label \(verdict.label): was \(old.rules) [\(old.label)], "
                             + "now \(verdict.rules)  \(verdict.sentence)")
            }
        }
        for verdict in was where after[verdict.key] == nil {
            lines.append("gone   \(verdict.set):\(verdict.line) [\(verdict.label)] \(verdict.rules)  \(verdict.sentence)")
        }
        return lines
    }

    @Test func everyVerdictIsTheReviewedOne() throws {
        let now = try Self.current()
        let text = Self.header + now.map(\.row).joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["GUIDANCE_UPDATE_GOLDEN"] != nil {
            try Data(text.utf8).write(to: Self.snapshot)
        }
        let stored = try String(contentsOf: Self.snapshot, encoding: .utf8)
        let changes = Self.differences(was: Self.parse(stored), now: now)
        let shown = changes.joined(separator: "\n")
        #expect(changes.isEmpty, "\(changes.count) verdicts differ from Fixtures/language/verdicts.tsv:\n\(shown)")
        if changes.isEmpty {
            #expect(stored == text, "no verdict changed but sentences moved: rewrite the snapshot (GUIDANCE_UPDATE_GOLDEN=1)")
        }
    }

    @Test func theSnapshotCoversEverySetButTheHeldOutHalf() throws {
        let stored = Self.parse(try String(contentsOf: Self.snapshot, encoding: .utf8))
        let covered = Set(stored.map(\.set))
        #expect(covered == Set(Self.sets), "\(Set(Self.sets).symmetricDifference(covered).sorted())")
        #expect(!covered.contains("holdout.tsv") && !covered.contains { $0.hasPrefix("sealed/") })
        #expect(covered.contains { $0.hasPrefix(Self.trainingPrefix) }, "the training-only sets are reviewed too")
        #expect(stored.count > 6000, "\(stored.count) verdicts")
    }

    @Test func aChangedVerdictIsShownWithWhatItWasAndIs() {
        let was = [Verdict(set: "a.tsv", line: 3, label: 1, rules: "consented", sentence: "She consented.")]
        var now = was
        now[0].rules = "-"
        let shown = Self.differences(was: was, now: now)
        #expect(shown == ["changed a.tsv:3 label 1: was consented [1], now -  She consented."])
    }
}
