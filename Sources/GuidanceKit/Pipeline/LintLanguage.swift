import Foundation

/// `guidance lint-language`: the language rules on any text, outside a
/// project (a case record exported as text or Markdown), with a project's
/// overrides when there is one.
package enum LintLanguage {
    /// The linter with the overrides of `root/Guidance/guidance.yaml` when it
    /// exists, and the findings of reading them.
    /// With `judgement` other than `.rules`, the learned judge reads the
    /// sentences too (model alone: whatever the rules say), when its model is
    /// installed; when it is not, one note says so and the rules run alone.
    package static func linter(root: URL, judgement: LanguageJudgement = .both,
                               model: Result<LanguageJudge, LanguageModelNote> = LanguageModelLocation.shared)
        -> (LanguageLinter, [Finding]) {
        var settings = LanguageSettings()
        var findings: [Finding] = []
        let url = root.appendingPathComponent(Configuration.path)
        // Looked at with stat first, and read as any source is: a FIFO in its place is named, never waited on.
        if FileManager.default.fileExists(atPath: url.path) {
            switch SourceFile.read(url, path: Configuration.path, within: root.appendingPathComponent("Guidance")) {
            case .success(let text):
                let (config, configFindings) = Configuration.read(text)
                findings += configFindings
                if let config { settings = config.language }
            case .failure(let finding):
                findings.append(finding)
            }
        }
        let (rules, ruleFindings) = LanguageRuleSet.effective(settings)
        guard judgement != .rules else { return (LanguageLinter(rules: rules, judgement: .rules), findings + ruleFindings) }
        switch model {
        case .success(let judge):
            return (LanguageLinter(rules: rules, judge: judge, judgement: judgement), findings + ruleFindings)
        case .failure(let note):
            return (LanguageLinter(rules: rules, judgement: .rules), findings + ruleFindings + [note.finding(file: LanguageModelNote.file)])
        }
    }

    /// One input's findings: read as Markdown when its name ends in `.md` or
    /// `.markdown`, as plain text otherwise; bytes that are not UTF-8 text give
    /// their own finding.
    package static func lint(_ data: Data, name: String, with linter: LanguageLinter) -> [Finding] {
        switch SourceFile.decode(data, path: name) {
        case .failure(let finding):
            return [finding]
        case .success(let text):
            let lower = name.lowercased()
            return lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
                ? linter.lint(markdown: text, file: name) : linter.lint(text: text, file: name)
        }
    }
}
