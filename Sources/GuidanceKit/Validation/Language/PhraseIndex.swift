extension LanguageMatcher {
    /// A rule judged in one sentence (its `unless` and `requires` are decided once per sentence).
    struct RuleInSentence: Hashable {
        var rule: Int
        var sentence: Int
    }

    /// Phrases indexed by their first word, so that trying all of them at a
    /// word costs a dictionary look-up, not a pass over the list.
    struct PhraseIndex: Sendable {
        private var byFirstWord: [String: [Phrase]] = [:]
        /// Phrases whose first word has a prefix form, by the prefixes' first letters.
        private var byFirstLetter: [Unicode.Scalar: [Phrase]] = [:]
        private var others: [Phrase] = []  // first word a wildcard or optional

        init(_ patterns: [String]) {
            for phrase in patterns.flatMap(Phrase.compile) {
                guard let first = phrase.words.first else { continue }
                if first.optional || first.any || first.prefixes.contains(where: \.isEmpty) {
                    others.append(phrase)
                    continue
                }
                for word in first.exact { byFirstWord[word, default: []].append(phrase) }
                let letters = Set(first.prefixes.compactMap(\.unicodeScalars.first))
                for letter in letters { byFirstLetter[letter, default: []].append(phrase) }
            }
        }

        /// Whether one of the phrases stands anywhere in `tokens[range]`.
        func occurs(in tokens: [Token], _ range: Range<Int>) -> Bool {
            range.contains { matches(tokens, at: $0, end: range.upperBound) }
        }

        /// The number of words of the longest phrase that starts at `index`
        /// (and ends before `end`), or nil if none does.
        func longestMatch(_ tokens: [Token], at index: Int, end: Int) -> Int? {
            let word = tokens[index].word
            var longest = 0
            func consider(_ phrases: [Phrase]?) {
                for phrase in phrases ?? [] { longest = max(longest, phrase.match(tokens, at: index, end: end) ?? 0) }
            }
            consider(byFirstWord[word])
            if word.hasSuffix("'s") { consider(byFirstWord[String(word.dropLast(2))]) }
            if let letter = word.unicodeScalars.first { consider(byFirstLetter[letter]) }
            consider(others)
            return longest > 0 ? longest : nil
        }

        /// Whether one of the phrases starts at `index` (and ends before `end`).
        func matches(_ tokens: [Token], at index: Int, end: Int) -> Bool {
            let word = tokens[index].word
            if let phrases = byFirstWord[word],
               phrases.contains(where: { $0.match(tokens, at: index, end: end) ?? 0 > 0 }) { return true }
            // A possessive stands for its word, as in `WordSpec.matches`.
            if word.hasSuffix("'s"), let phrases = byFirstWord[String(word.dropLast(2))],
               phrases.contains(where: { $0.match(tokens, at: index, end: end) ?? 0 > 0 }) { return true }
            if let letter = word.unicodeScalars.first, let phrases = byFirstLetter[letter],
               phrases.contains(where: { $0.match(tokens, at: index, end: end) ?? 0 > 0 }) { return true }
            return others.contains { $0.match(tokens, at: index, end: end) ?? 0 > 0 }
        }
    }

    /// The shipped (or given) context, compiled.
    struct CompiledContext: Sendable {
        var mentions: PhraseIndex
        var quotedMentions: PhraseIndex
        var corrections: PhraseIndex
        var reporters: PhraseIndex
        var adults: PhraseIndex
        var children: PhraseIndex
        var peers: PhraseIndex
        var older: PhraseIndex
        var rejections: PhraseIndex
        var dismissals: PhraseIndex

        init(_ context: LanguageContext) {
            mentions = PhraseIndex(context.mentions)
            quotedMentions = PhraseIndex(context.quotedMentions)
            corrections = PhraseIndex(context.corrections)
            reporters = PhraseIndex(context.reporters)
            adults = PhraseIndex(context.adults)
            children = PhraseIndex(context.children)
            peers = PhraseIndex(context.peers)
            older = PhraseIndex(context.older)
            rejections = PhraseIndex(context.rejections)
            dismissals = PhraseIndex(context.dismissals)
        }
    }
}
