import Yams

/// One appropriate-language rule: wording that implies a child consented to,
/// chose, or shares blame for their abuse, and what to say instead.
struct LanguageRule: Sendable, Hashable {
    var id: String
    /// Phrases to catch. Each is a sequence of words; a word may end in `*` to
    /// take any ending (`prostitut*`), and `|` separates spellings of one word
    /// (`porn|pornography`). Matching ignores case, punctuation and line breaks.
    var patterns: [String]
    /// Why the wording harms.
    var message: String
    /// What to say instead; the first is the suggestion.
    var alternatives: [String]
    /// Words that, in the same sentence, make the wording correct usage
    /// ("cannot consent", "parent consented to the referral").
    var unless: [String]
    /// Words at least one of which must stand in the same sentence for the
    /// rule to apply (e.g. a sexual or exploitative context for "consented").
    var requires: [String]
    var severity: Severity
    var source: String
    /// Whose wording the rule judges: see `LanguageSubject`.
    var subject: LanguageSubject
    /// The group of rules it belongs to (transactional, relationship, choice, ...), for reports.
    var group: String
    /// Whether the term and concern were seen in the cited source text:
    /// `verified`, `partial` (a mirror or secondary copy) or `unverified`.
    var status: String

    init(id: String, patterns: [String], message: String, alternatives: [String] = [],
                unless: [String] = [], requires: [String] = [], severity: Severity = .error, source: String = "",
                subject: LanguageSubject = .any, group: String = "", status: String = "") {
        self.id = id
        self.patterns = patterns
        self.message = message
        self.alternatives = alternatives
        self.unless = unless
        self.requires = requires
        self.severity = severity
        self.source = source
        self.subject = subject
        self.group = group
        self.status = status
    }

    static let keys = ["id", "patterns", "message", "alternatives", "unless", "requires", "level", "source",
                       "subject", "group", "status"]

    /// Reads one rule from YAML (the shipped rule file or a partnership's `add:`).
    static func read(_ node: Node, into yaml: inout YAMLReader) -> LanguageRule? {
        guard let entries = yaml.mapping(node, what: "a language rule") else { return nil }
        var rule = LanguageRule(id: "", patterns: [], message: "")
        for (key, keyNode, value) in entries {
            switch key {
            case "id":
                guard let id = yaml.string(value, what: "id") else { continue }
                if !Identifier.isValid(id) {
                    yaml.error("a rule id may use only lower-case letters, digits and hyphens, not '\(id)'", at: value)
                }
                rule.id = id
            case "patterns": rule.patterns = (yaml.strings(value, what: "patterns") ?? []).map(\.0)
            case "message": rule.message = yaml.string(value, what: "message") ?? ""
            case "alternatives": rule.alternatives = (yaml.strings(value, what: "alternatives") ?? []).map(\.0)
            case "unless": rule.unless = (yaml.strings(value, what: "unless") ?? []).map(\.0)
            case "requires": rule.requires = (yaml.strings(value, what: "requires") ?? []).map(\.0)
            case "source": rule.source = yaml.string(value, what: "source") ?? ""
            case "group": rule.group = yaml.string(value, what: "group") ?? ""
            case "status": rule.status = yaml.string(value, what: "status") ?? ""
            case "subject":
                guard let text = yaml.string(value, what: "subject") else { continue }
                if let subject = LanguageSubject(rawValue: text) { rule.subject = subject } else {
                    yaml.error("subject must be any, not-peer, child, child-not-peer or child-with-adult, not '\(text)'", at: value)
                }
            case "level":
                guard let text = yaml.string(value, what: "level") else { continue }
                if let severity = Severity(rawValue: text) { rule.severity = severity } else {
                    yaml.error("level must be error, warning or note, not '\(text)'", at: value)
                }
            default:
                yaml.unknownKey(key, at: keyNode, known: keys, in: "a language rule")
            }
        }
        if rule.id.isEmpty { yaml.error("a language rule needs an id", at: node); return nil }
        if rule.patterns.isEmpty { yaml.error("language rule '\(rule.id)' needs at least one pattern", at: node); return nil }
        if rule.message.isEmpty { yaml.error("language rule '\(rule.id)' needs a message saying why the wording harms", at: node); return nil }
        // An optional word is one word in brackets: "[much|far a lot]" would
        // silently never match, so it is refused.
        for phrase in rule.patterns + rule.unless + rule.requires {
            for word in phrase.split(separator: " ") where word.hasPrefix("[") != word.hasSuffix("]") {
                yaml.error("language rule '\(rule.id)': '\(phrase)' has an unclosed optional word '\(word)'; write each optional word in its own brackets, e.g. [a] [lot]", at: node)
                return nil
            }
        }
        return rule
    }
}

/// Whose wording a rule judges. Much of the vocabulary is right about adults
/// ("the mother said she chose to leave", "two adults in a consensual
/// relationship") or about children of the same age ("a 16-year-old sexually
/// active with a 16-year-old"); only a child's abuse is the rule's business.
enum LanguageSubject: String, Sendable, Hashable {
    /// Wrong whoever it describes ("child prostitute", "historic abuse").
    case any
    /// Wrong about a child: not reported when the sentence is about adults only.
    case child
    /// Wrong about a child harmed by someone older: also not reported when the
    /// sentence shows the people in it to be children of about the same age.
    case childNotPeer = "child-not-peer"
    /// Wrong whoever does it, except between children of about the same age
    /// ("only kissing" of a man and a 13-year-old, not of two 14-year-olds).
    case notPeer = "not-peer"
    /// Wrong only where someone older or an adult is named (an age of 18 or
    /// more, or an `older` word of the context): "her boyfriend" is no
    /// finding, "her 22-year-old boyfriend" is. Not reported for adults only,
    /// nor when the ages given are of peers ("Ibrahim (15) and his girlfriend (14)").
    case childWithAdult = "child-with-adult"
}

/// Partnership overrides of the shipped language rules (`language:` in guidance.yaml).
struct LanguageSettings: Sendable, Hashable {
    /// Rule ids switched off.
    var off: [String] = []
    /// Rule id to severity.
    var severity: [String: Severity] = [:]
    /// The partnership's own rules, added to the shipped ones.
    var add: [LanguageRule] = []
    /// Where each id in `off` and `severity` was written, to report unknown ones.
    var locations: [String: SourceLocation] = [:]

    init() {}

    mutating func read(_ node: Node, into yaml: inout YAMLReader) {
        guard let entries = yaml.mapping(node, what: "language") else { return }
        for (key, keyNode, value) in entries {
            switch key {
            case "off":
                for (id, node) in yaml.strings(value, what: "language.off") ?? [] {
                    off.append(id)
                    locations[id] = yaml.location(node)
                }
            case "severity":
                guard let list = yaml.mapping(value, what: "language.severity") else { continue }
                for (id, idNode, levelNode) in list {
                    locations[id] = yaml.location(idNode)
                    guard let text = yaml.string(levelNode, what: "the level of '\(id)'") else { continue }
                    if let level = Severity(rawValue: text) { severity[id] = level } else {
                        yaml.error("level must be error, warning or note, not '\(text)'", at: levelNode)
                    }
                }
            case "add":
                guard case .sequence(let items) = value else {
                    yaml.error("language.add must be a list of rules, each starting with '- id:'", at: value)
                    continue
                }
                add = items.compactMap { LanguageRule.read($0, into: &yaml) }
            default:
                yaml.unknownKey(key, at: keyNode, known: ["off", "severity", "add"], in: "language")
            }
        }
    }
}
