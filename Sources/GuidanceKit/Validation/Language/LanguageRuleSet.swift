import Foundation
import Yams

/// The shipped rules (`Resources/language-rules.yaml`) with a partnership's
/// overrides applied.
enum LanguageRuleSet {
    static let resourceName = "language-rules"

    /// Where the shipped rules are read from.
    static var shippedURL: URL? { Bundle.module.url(forResource: resourceName, withExtension: "yaml") }

    /// The rules shipped inside the tool. A broken rule file is a bug in the
    /// tool, found by the tests, so it stops here loudly.
    static var shipped: [LanguageRule] { shippedFile.rules }

    /// The shipped rule file: its rules and the sentence context they are judged in
    /// (the lexicon's: the shipped file has no `context:` of its own).
    static let shippedFile: (rules: [LanguageRule], context: LanguageContext) = {
        guard let url = shippedURL,
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            preconditionFailure("the shipped language rules (\(resourceName).yaml) are missing from the build")
        }
        let (rules, context, findings) = readFile(text, file: "\(resourceName).yaml")
        precondition(!findings.hasErrors, "the shipped language rules are invalid: \(findings)")
        return (rules, context)
    }()

    /// Reads a rule file: `rules:`, and optionally `sets:` (named lists of
    /// phrases, used in any phrase list as `$name`) and `context:` (see
    /// `LanguageContext`), which add to and replace the lexicon's (`LanguageLexicon`).
    static func readFile(_ text: String, file: String) -> ([LanguageRule], LanguageContext, [Finding]) {
        var yaml = YAMLReader(file: file, rule: .config)
        var context = LanguageLexicon.shipped.context
        guard let root = yaml.compose(text), let entries = yaml.mapping(root, what: file) else { return ([], context, yaml.findings) }
        var sets = LanguageLexicon.shipped.sets
        // Sets first, wherever they stand, so rules and context can use them.
        for (key, _, value) in entries where key == "sets" {
            for (name, _, list) in yaml.mapping(value, what: "sets") ?? [] {
                sets[name] = (yaml.strings(list, what: "sets.\(name)") ?? []).map(\.0)
            }
        }
        var rules: [LanguageRule] = []
        for (key, keyNode, value) in entries {
            switch (key, value) {
            case ("sets", _):
                continue
            case ("context", _):
                context.read(value, sets: sets, into: &yaml)
            case ("rules", .sequence(let items)):
                rules = items.compactMap { item -> LanguageRule? in
                    guard var rule = LanguageRule.read(item, into: &yaml) else { return nil }
                    rule.unless = expand(rule.unless, sets: sets, at: item, into: &yaml)
                    rule.requires = expand(rule.requires, sets: sets, at: item, into: &yaml)
                    return rule
                }
            default:
                yaml.unknownKey(key, at: keyNode, known: ["sets", "context", "rules"], in: file)
            }
        }
        return (rules, context, yaml.findings)
    }

    /// A phrase list with each `$name` replaced by the set of that name.
    static func expand(_ phrases: [String], sets: [String: [String]], at node: Node,
                       into yaml: inout YAMLReader) -> [String] {
        expand(phrases, sets: sets) { name in yaml.error("there is no phrase set '\(name)' under sets:", at: node) }
    }

    /// A phrase list with each `$name` replaced by the set of that name;
    /// `missing` hears each name no set has.
    static func expand(_ phrases: [String], sets: [String: [String]], missing: (String) -> Void) -> [String] {
        // `$name` may stand for a whole phrase or for one word of a longer
        // one ("willingly [_] [_] $services"): each entry of the set takes its place.
        phrases.flatMap { phrase -> [String] in
            let words = phrase.split(separator: " ")
            guard let slot = words.firstIndex(where: { $0.hasPrefix("$") }) else { return [phrase] }
            let name = String(words[slot].dropFirst())
            guard let set = sets[name] else {
                missing(name)
                return []
            }
            let before = words[..<slot].joined(separator: " "), after = words[(slot + 1)...].joined(separator: " ")
            let filled = set.map { [before, $0, after].filter { !$0.isEmpty }.joined(separator: " ") }
            return expand(filled, sets: sets, missing: missing)
        }
    }

    /// The shipped rules with `off`, `severity` and `add` applied, and a
    /// finding for each override that names no rule.
    static func effective(_ settings: LanguageSettings, base: [LanguageRule] = shipped) -> ([LanguageRule], [Finding]) {
        var findings: [Finding] = []
        let all = base + settings.add
        let ids = all.map(\.id)
        for id in settings.off + Array(settings.severity.keys).sorted() where !ids.contains(id) {
            let suggestion = Suggest.closest(to: id, among: ids)
            findings.append(.error(.config, at: settings.locations[id] ?? SourceLocation(file: Configuration.path, line: 1, column: 1),
                "there is no language rule '\(id)'; " + (suggestion.map { "did you mean '\($0)'?" } ?? "see the rule groups in docs/language.md"),
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
