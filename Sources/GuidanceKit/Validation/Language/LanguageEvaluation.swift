import Foundation

/// Recall and false-positive rate of the language rules on a labelled set of
/// sentences: a TSV file, one sentence a line, `label<TAB>sentence` or
/// `label<TAB>kind<TAB>sentence`, where label 1 means a practitioner would
/// flag the sentence and 0 that they would not; `#` starts a comment line.
/// A sentence counts as flagged when it gets an error or a warning.
package struct LanguageEvaluation: Sendable {
    package struct Sentence: Sendable, Hashable {
        package var flag: Bool
        package var kind: String
        package var text: String
        /// The line of the set it stands on (1-based).
        package var line: Int = 0
    }

    package var file: String
    package var sentences: [Sentence]
    /// Sentences to flag that were not flagged.
    package var missed: [Sentence] = []
    /// Sentences not to flag that were flagged, with the rules that did it.
    package var falseAlarms: [(sentence: Sentence, rules: [String])] = []
    /// For each sentence, in order, the rules that flagged it (none: not flagged).
    package var verdicts: [[String]] = []

    package static let recallTarget = 0.85
    package static let falsePositiveTarget = 0.05

    /// Reads a labelled set; a line that is neither comment nor labelled sentence is an error.
    package static func read(_ text: String, file: String) throws -> [Sentence] {
        var sentences: [Sentence] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 || parts.count == 3, parts[0] == "0" || parts[0] == "1" else {
                throw EvaluationError(message: "\(file):\(number + 1): expected 'label<TAB>sentence' or "
                                      + "'label<TAB>kind<TAB>sentence' with label 0 or 1")
            }
            sentences.append(Sentence(flag: parts[0] == "1", kind: parts.count == 3 ? parts[1] : "",
                                      text: parts[parts.count - 1], line: number + 1))
        }
        return sentences
    }

    package struct EvaluationError: Error, CustomStringConvertible {
        package var message: String
        package var description: String { message }
    }

    /// Runs the linter on every sentence.
    package init(file: String, sentences: [Sentence], linter: LanguageLinter) {
        self.file = file
        self.sentences = sentences
        for sentence in sentences {
            let rules = linter.lint(text: sentence.text, file: file)
                .filter { $0.severity != .note }
                .compactMap { $0.message.firstMatch(of: #/\(language rule ([a-z0-9-]+)\)$/#).map { String($0.1) } }
            verdicts.append(rules)
            if sentence.flag && rules.isEmpty { missed.append(sentence) }
            if !sentence.flag && !rules.isEmpty { falseAlarms.append((sentence, rules)) }
        }
    }

    /// A sealed set, one in a folder named `sealed`: never tuned on, never used to
    /// choose between rules or models, and reported only as figures, so that its
    /// sentences are never read off a report and worked into the rules.
    package var isSealed: Bool { Self.isSealed(file) }

    package static func isSealed(_ path: String) -> Bool {
        path.split(separator: "/").dropLast().contains("sealed")
    }

    package var positives: Int { sentences.filter(\.flag).count }
    package var negatives: Int { sentences.count - positives }
    package var recall: Double { positives == 0 ? 1 : Double(positives - missed.count) / Double(positives) }
    package var falsePositiveRate: Double { negatives == 0 ? 0 : Double(falseAlarms.count) / Double(negatives) }
    package var meetsTargets: Bool { recall >= Self.recallTarget && falsePositiveRate <= Self.falsePositiveTarget }

    /// A short report: the figures, then every miss and false alarm; for a
    /// sealed set the figures only.
    package var report: String {
        if isSealed {
            return String(format: "%@: sealed: %d sentences, recall %.3f, false alarms %.1f%%\n",
                          file, sentences.count, recall, falsePositiveRate * 100)
        }
        var lines = [String(format: "%@: recall %.3f (%d/%d), false positives %.1f%% (%d/%d)%@",
                            file, recall, positives - missed.count, positives,
                            falsePositiveRate * 100, falseAlarms.count, negatives,
                            meetsTargets ? "" : "  BELOW TARGET (recall >= 0.85, false positives <= 5%)")]
        for sentence in missed { lines.append("  missed [\(sentence.kind)] \(sentence.text)") }
        for (sentence, rules) in falseAlarms {
            lines.append("  false alarm [\(sentence.kind)] \(sentence.text)  <- \(rules.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
