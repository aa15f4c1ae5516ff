import Foundation
import Yams

/// The shipped rules (`Resources/language-rules.yaml`) with a partnership's
/// overrides applied.
public enum LanguageRuleSet {
    public static let resourceName = "language-rules"

    /// Where the shipped rules are read from.
    static var shippedURL: URL? { Bundle.module.url(forResource: resourceName, withExtension: "yaml") }

    /// The rules shipped inside the tool. A broken rule file is a bug in the
    /// tool, found by the tests, so it stops here loudly.
    public static let shipped: [LanguageRule] = {
        guard let url = shippedURL,
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            preconditionFailure("the shipped language rules (\(resourceName).yaml) are missing from the build")
        }
        let (rules, findings) = read(text, file: "\(resourceName).yaml")
        precondition(!findings.hasErrors, "the shipped language rules are invalid: \(findings)")
        return rules
    }()

    /// Reads a rule file: `rules:` followed by a list of rules.
    static func read(_ text: String, file: String) -> ([LanguageRule], [Finding]) {
        var yaml = YAMLReader(file: file, rule: .config)
        guard let root = yaml.compose(text), let entries = yaml.mapping(root, what: file) else { return ([], yaml.findings) }
        var rules: [LanguageRule] = []
        for (key, keyNode, value) in entries {
            guard key == "rules", case .sequence(let items) = value else {
                yaml.unknownKey(key, at: keyNode, known: ["rules"], in: file)
                continue
            }
            rules = items.compactMap { LanguageRule.read($0, into: &yaml) }
        }
        return (rules, yaml.findings)
    }

    /// The shipped rules with `off`, `severity` and `add` applied, and a
    /// finding for each override that names no rule.
    public static func effective(_ settings: LanguageSettings, base: [LanguageRule] = shipped) -> ([LanguageRule], [Finding]) {
        var findings: [Finding] = []
        let all = base + settings.add
        let ids = all.map(\.id)
        for id in settings.off + Array(settings.severity.keys).sorted() where !ids.contains(id) {
            let suggestion = Suggest.closest(to: id, among: ids)
            findings.append(.error(.config, at: settings.locations[id] ?? SourceLocation(file: Configuration.path, line: 1, column: 1),
                "there is no language rule '\(id)'; " + (suggestion.map { "did you mean '\($0)'?" } ?? "see the rule ids in README"),
                suggestion: suggestion))
        }
        let rules = all.filter { !settings.off.contains($0.id) }.map { rule -> LanguageRule in
            var rule = rule
            if let level = settings.severity[rule.id] { rule.severity = level }
            return rule
        }
        return (rules, findings)
    }
}
