import Foundation

/// Finds wording that a language rule catches, in plain text: whole words,
/// case and punctuation ignored, phrases across line breaks, with `unless` and
/// `requires` phrases judged within the same sentence, and the sentence's
/// context (a mention of the term, adults only, peers: `SentenceFacts`)
/// worked out once per sentence in which a rule matches.
///
/// Patterns are indexed by their first word, so the work per word of text is
/// a dictionary look-up, not a pass over every rule, and what is known of a
/// sentence is worked out in one pass, so judging each match costs a look-up
/// or a binary search, not a pass over the sentence: a 10 MB export, or 2 MB
/// without a full stop, stays linear (`make bench-language`).
struct LanguageMatcher: Sendable {
    struct Match: Sendable, Hashable {
        var rule: LanguageRule
        /// Offsets in Unicode scalars into the text that was searched.
        var range: Range<Int>
        /// The words as written.
        var text: String
        /// Which of the rule's patterns matched (an index into `rule.patterns`).
        var pattern = 0
        /// The fact about the sentence that decided: why the match is a finding, or why not.
        var fact = LanguageFact.anySubject
        /// A near-miss: the rule matched but a fact about the sentence excused it.
        var excused: Bool { !fact.flags }
    }

    /// One word of a pattern: alternatives, each exact or a prefix (`word*`).
    struct WordSpec: Sendable, Hashable {
        var exact: Set<String>
        var prefixes: [String]
        var optional: Bool
        /// `_`: any one word (`[_]`: at most one word), for gaps in a phrase.
        var any = false
        /// `!a|b` after the first word: the next word is not one of these
        /// ("dealing !with"); it takes no word of the text.
        var negated = false

        mutating func add(_ word: String) {
            if word.hasSuffix("*") { prefixes.append(String(word.dropLast())) } else { exact.insert(word) }
        }

        func matches(_ word: String) -> Bool {
            if any || exact.contains(word) || prefixes.contains(where: { word.hasPrefix($0) }) { return true }
            // A possessive stands for its word ("the line's runners", "the gang's").
            return word.hasSuffix("'s") && exact.contains(String(word.dropLast(2)))
        }
    }

    struct Phrase: Sendable, Hashable {
        var words: [WordSpec]
        /// `!a|b` as the first word: neither of the two words before the
        /// phrase is one of these ("!mum's|mother's boyfriend").
        var notAfter: WordSpec?

        /// A pattern as the phrases it stands for. Text is split into words at
        /// hyphens and slashes, so a word written with one ("low-level",
        /// "self-generated", "y/o") is matched as the words it is made of:
        /// each such alternative makes a phrase of its own ("treated as
        /// low-level|minor" is "treated as low level" and "treated as minor").
        static func compile(_ pattern: String) -> [Phrase] {
            var variants: [[WordSpec]] = [[]]
            var notAfter: WordSpec?
            for (position, raw) in pattern.lowercased().split(whereSeparator: \.isWhitespace).enumerated() {
                var text = Substring(raw)
                if text.hasPrefix("!"), text.count > 1 {
                    var spec = WordSpec(exact: [], prefixes: [], optional: false, negated: position > 0)
                    for alternative in text.dropFirst().split(separator: "|") {
                        // A negated word is one word of the text: "ex-partner" is looked for as the
                        // word next to the phrase ("partner" before it, "ex" after it).
                        let parts = Self.words(of: alternative.replacingOccurrences(of: "’", with: "'"))
                        if let part = position == 0 ? parts.last : parts.first { spec.add(part) }
                    }
                    if position == 0 { notAfter = spec } else { variants = variants.map { $0 + [spec] } }
                    continue
                }
                let optional = text.hasPrefix("[") && text.hasSuffix("]")
                if optional { text = text.dropFirst().dropLast() }
                if text == "_" {
                    let gap = WordSpec(exact: [], prefixes: [], optional: optional, any: true)
                    variants = variants.map { $0 + [gap] }
                    continue
                }
                var single = WordSpec(exact: [], prefixes: [], optional: optional)
                var joined: [[WordSpec]] = []
                for alternative in text.split(separator: "|") {
                    let parts = Self.words(of: alternative.replacingOccurrences(of: "’", with: "'"))
                    if parts.count == 1 {
                        single.add(parts[0])
                    } else if parts.count > 1 {
                        joined.append(parts.map { part in
                            var spec = WordSpec(exact: [], prefixes: [], optional: false)
                            spec.add(part)
                            return spec
                        })
                    }
                }
                var choices: [[WordSpec]] = []
                if !single.exact.isEmpty || !single.prefixes.isEmpty { choices.append([single]) } else if optional { choices.append([]) }
                choices += joined
                variants = variants.flatMap { variant in choices.map { variant + $0 } }
            }
            return variants.map { Phrase(words: $0, notAfter: notAfter) }
        }

        /// The words of one alternative as the text would be split: at
        /// anything but letters, digits and apostrophes (write a possessive as
        /// "girl's"; the text drops a final apostrophe, as in "girls'"); a final
        /// `*` (a prefix) stays with the last word.
        private static func words(of alternative: String) -> [String] {
            alternative.unicodeScalars.split { scalar in
                !(LanguageMatcher.isWordScalar(scalar) || scalar == "'" || scalar == "*")
            }.map { String(String.UnicodeScalarView($0)) }
        }

        init(words: [WordSpec], notAfter: WordSpec? = nil) {
            self.words = words
            self.notAfter = notAfter
        }

        /// The number of tokens matched from `start` (not past `end`), or nil.
        func match(_ tokens: [Token], at start: Int, end: Int? = nil) -> Int? {
            if let notAfter {
                for before in max(0, start - 2)..<start where tokens[before].sentence == tokens[start].sentence {
                    if notAfter.matches(tokens[before].word) { return nil }
                }
            }
            return match(tokens, at: start, end: end ?? tokens.count, spec: 0)
        }

        private func match(_ tokens: [Token], at index: Int, end: Int, spec: Int) -> Int? {
            guard spec < words.count else { return 0 }
            let word = words[spec]
            if word.negated {
                // The next word of the same sentence only.
                if index < end, index > 0, tokens[index].sentence == tokens[index - 1].sentence, word.matches(tokens[index].word) { return nil }
                return match(tokens, at: index, end: end, spec: spec + 1)
            }
            if index < end, word.matches(tokens[index].word),
               let rest = match(tokens, at: index + 1, end: end, spec: spec + 1) {
                return rest + 1
            }
            return word.optional ? match(tokens, at: index, end: end, spec: spec + 1) : nil
        }
    }

    struct Token: Sendable, Hashable {
        var word: String
        var range: Range<Int>
        /// Index of the sentence the word belongs to.
        var sentence: Int
        /// Whether the word stands inside quotation marks.
        var quoted = false
    }

    struct CompiledRule: Sendable {
        var rule: LanguageRule
        var patterns: [Phrase]
        /// For each phrase, the pattern of the rule it was compiled from.
        var sources: [Int]
        var unless: PhraseIndex
        var requires: PhraseIndex
        var hasRequires: Bool
    }

    let rules: [CompiledRule]
    let context: CompiledContext
    /// First word -> (rule index, pattern index); prefix first words apart.
    private let byFirstWord: [String: [(Int, Int)]]
    /// Prefix first words, by their first letter, so a word is compared only with those that could match.
    private let byFirstPrefix: [Unicode.Scalar: [(String, Int, Int)]]
    private let optionalFirst: [(Int, Int)]

    init(rules: [LanguageRule], context: LanguageContext = .shipped) {
        self.context = CompiledContext(context)
        let compiled = rules.map { rule in
            let phrases = rule.patterns.enumerated().flatMap { source, pattern in Phrase.compile(pattern).map { (source, $0) } }
            return CompiledRule(rule: rule, patterns: phrases.map(\.1), sources: phrases.map(\.0),
                         unless: PhraseIndex(rule.unless), requires: PhraseIndex(rule.requires),
                         hasRequires: !rule.requires.isEmpty)
        }
        var byFirstWord: [String: [(Int, Int)]] = [:], optionalFirst: [(Int, Int)] = []
        var byFirstPrefix: [Unicode.Scalar: [(String, Int, Int)]] = [:]
        for (r, rule) in compiled.enumerated() {
            for (p, phrase) in rule.patterns.enumerated() {
                guard let first = phrase.words.first else { continue }
                if first.optional || first.any { optionalFirst.append((r, p)); continue }
                for word in first.exact { byFirstWord[word, default: []].append((r, p)) }
                for prefix in first.prefixes {
                    guard let letter = prefix.unicodeScalars.first else { optionalFirst.append((r, p)); continue }
                    byFirstPrefix[letter, default: []].append((prefix, r, p))
                }
            }
        }
        self.rules = compiled
        self.byFirstWord = byFirstWord
        self.byFirstPrefix = byFirstPrefix
        self.optionalFirst = optionalFirst
    }

    /// Every match in `text`, earliest first; one per rule and place. With
    /// `nearMisses`, also the matches a fact about the sentence excused
    /// (`excused`), one per rule and word, for `lint-language --explain`.
    func matches(in text: String, nearMisses: Bool = false) -> [Match] {
        let scalars = Array(text.unicodeScalars)
        let tokens = Self.tokenize(scalars)
        guard !tokens.isEmpty else { return [] }
        var sentenceStarts: [Int: Int] = [:], sentenceEnds: [Int: Int] = [:]
        for (index, token) in tokens.enumerated() {
            if sentenceStarts[token.sentence] == nil { sentenceStarts[token.sentence] = index }
            sentenceEnds[token.sentence] = index + 1
        }
        var found: [Match] = []
        var reportedUntil: [Int: Int] = [:]  // rule index -> end of its last match (token index)
        // What is known of each sentence, worked out once, when a rule first matches in it.
        var facts: [Int: SentenceFacts] = [:]
        // Why a rule does not apply in a sentence (its `unless`, its `requires`); nil: it applies.
        var ruleExcuses: [RuleInSentence: LanguageFact?] = [:]
        var nearMissAt: Set<RuleInSentence> = []  // rule and first word of each near-miss
        for index in tokens.indices {
            var candidates = byFirstWord[tokens[index].word] ?? []
            // A possessive stands for its word here too ("her partner's flat").
            if tokens[index].word.hasSuffix("'s") { candidates += byFirstWord[String(tokens[index].word.dropLast(2))] ?? [] }
            if let letter = tokens[index].word.unicodeScalars.first {
                for (prefix, r, p) in byFirstPrefix[letter] ?? [] where tokens[index].word.hasPrefix(prefix) {
                    candidates.append((r, p))
                }
            }
            candidates += optionalFirst
            for (r, p) in candidates {
                guard let length = rules[r].patterns[p].match(tokens, at: index), length > 0 else { continue }
                // One finding per rule for overlapping wording ("older boyfriend, aged 24").
                guard index >= reportedUntil[r, default: 0] else { continue }
                let sentence = tokens[index].sentence
                let words = (sentenceStarts[sentence] ?? 0)..<(sentenceEnds[sentence] ?? tokens.count)
                let rule = rules[r]
                let key = RuleInSentence(rule: r, sentence: sentence)
                let excuse: LanguageFact?
                if let known = ruleExcuses[key] {
                    excuse = known
                } else {
                    excuse = rule.unless.occurs(in: tokens, words) ? .excusingPhrase
                        : rule.hasRequires && !rule.requires.occurs(in: tokens, words) ? .requiredPhraseMissing : nil
                    ruleExcuses[key] = excuse
                }
                let fact: LanguageFact
                if let excuse {
                    fact = excuse
                } else {
                    let known: SentenceFacts
                    if let cached = facts[sentence] {
                        known = cached
                    } else {
                        known = SentenceFacts(tokens, words, scalars: scalars, context: context)
                        facts[sentence] = known
                    }
                    fact = known.judge(rule.rule.subject, at: index, end: index + length,
                                       quoted: tokens[index..<min(index + length, tokens.count)].contains(where: \.quoted))
                }
                guard fact.flags || nearMisses && nearMissAt.insert(RuleInSentence(rule: r, sentence: index)).inserted
                else { continue }
                if fact.flags { reportedUntil[r] = index + length }
                let range = tokens[index].range.lowerBound..<tokens[index + length - 1].range.upperBound
                var matched = String.UnicodeScalarView()
                matched.append(contentsOf: scalars[range])
                found.append(Match(rule: rule.rule, range: range, text: String(matched), pattern: rule.sources[p], fact: fact))
            }
        }
        return found.sorted { ($0.range.lowerBound, $0.rule.id) < ($1.range.lowerBound, $1.rule.id) }
    }

    /// Words (letters, digits, apostrophes inside a word), lower-cased, with
    /// the sentence each belongs to. Sentences end at `.`, `!` or `?`
    /// followed by white space, and at a blank line. (Not at `;`: records join
    /// clauses about the same people with it, "she is 15; he is 24".)
    static func tokenize(_ scalars: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 5)
        var sentence = 0
        var index = 0
        var lineIsBlank = true  // nothing but white space since the last line break
        var inQuote = false  // inside quotation marks; never past the end of a sentence
        var word = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if isWordScalar(scalar) {
                let start = index
                word.removeAll(keepingCapacity: true)
                while index < scalars.count {
                    let s = scalars[index]
                    if isWordScalar(s) {
                        appendLowercased(s, to: &word)
                    } else if s == "'" || s == "’", index + 1 < scalars.count, isWordScalar(scalars[index + 1]) {
                        word.append("'")
                    } else {
                        break
                    }
                    index += 1
                }
                tokens.append(Token(word: String(word), range: start..<index, sentence: sentence, quoted: inQuote))
                lineIsBlank = false
                continue
            }
            switch scalar {
            case "\n":
                if lineIsBlank { sentence += 1; inQuote = false }  // a blank line ends a sentence
                lineIsBlank = true
            case ".", "!", "?":
                if index + 1 >= scalars.count || scalars[index + 1].properties.isWhitespace { sentence += 1; inQuote = false }
                lineIsBlank = false
            case "\"":
                inQuote.toggle()
                lineIsBlank = false
            case "“", "‘", "«":
                inQuote = true
                lineIsBlank = false
            case "”", "»":
                inQuote = false
                lineIsBlank = false
            case "'", "’":
                // Not inside a word (the word loop takes those): opening before a
                // word, closing after one; a closing mark with no quotation open is
                // a plural possessive ("the girls' phones").
                let before = index > 0 && isWordScalar(scalars[index - 1])
                let after = index + 1 < scalars.count && isWordScalar(scalars[index + 1])
                if !before && after { inQuote = true } else if before && !after { inQuote = false }
                lineIsBlank = false
            case " ", "\t", "\r":
                break
            default:
                lineIsBlank = false
            }
            index += 1
        }
        return tokens
    }

    /// Letters and digits; ASCII is decided without a Unicode property look-up.
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
        }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    @inline(__always)
    static func appendLowercased(_ scalar: Unicode.Scalar, to word: inout String.UnicodeScalarView) {
        let value = scalar.value
        if value < 0x80 {
            word.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : scalar)
        } else {
            word.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
    }
}
