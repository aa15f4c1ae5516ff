import Foundation

/// BERT's uncased WordPiece tokenizer, as the encoder's `tokenizer.json` sets
/// it up (BertNormalizer, BertPreTokenizer, WordPiece with `##`): the same ids
/// as Hugging Face's `tokenizers`, so the Swift encoder sees what the head was
/// trained on (checked against the trainer's reference.json).
struct WordPieceTokenizer: Sendable {
    let vocabulary: [String: Int32]
    let unknown: Int32
    let classify: Int32
    let separator: Int32
    let prefix: String
    let maxCharactersPerWord: Int

    init(contentsOf url: URL) throws(LanguageModelError) {
        let file = url.path
        func fail(_ message: String) -> LanguageModelError {
            LanguageModelError(file: file, message: message + "; run `make language-model` to download the encoder again")
        }
        guard let data = try? Data(contentsOf: url) else { throw fail("cannot be read") }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let model = root["model"] as? [String: Any], model["type"] as? String == "WordPiece",
              let vocab = model["vocab"] as? [String: Int] else {
            throw fail("is not a WordPiece tokenizer.json (no model.vocab)")
        }
        let unknownToken = model["unk_token"] as? String ?? "[UNK]"
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(vocab.count)
        for (token, id) in vocab { vocabulary[token] = Int32(id) }
        guard let unknown = vocabulary[unknownToken], let classify = vocabulary["[CLS]"], let separator = vocabulary["[SEP]"] else {
            throw fail("has no \(unknownToken), [CLS] or [SEP] in its vocabulary")
        }
        self.vocabulary = vocabulary
        self.unknown = unknown
        self.classify = classify
        self.separator = separator
        prefix = model["continuing_subword_prefix"] as? String ?? "##"
        maxCharactersPerWord = model["max_input_chars_per_word"] as? Int ?? 100
    }

    /// [CLS], the sentence's word pieces, [SEP]: at most `maxTokens` in all.
    func ids(_ text: String, maxTokens: Int) -> [Int32] {
        var ids: [Int32] = [classify]
        let limit = max(2, maxTokens) - 1
        for word in Self.words(Self.normalize(text)) {
            for id in pieces(word) {
                guard ids.count < limit else { ids.append(separator); return ids }
                ids.append(id)
            }
        }
        ids.append(separator)
        return ids
    }

    /// Greedy longest-match-first pieces of one word; a word with any part
    /// not in the vocabulary, or over the length limit, is one [UNK].
    func pieces(_ word: [Unicode.Scalar]) -> [Int32] {
        if word.count > maxCharactersPerWord { return [unknown] }
        var result: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                var piece = String(String.UnicodeScalarView(word[start..<end]))
                if start > 0 { piece = prefix + piece }
                if let id = vocabulary[piece] { found = id; break }
                end -= 1
            }
            guard let id = found else { return [unknown] }
            result.append(id)
            start = end
        }
        return result
    }

    // MARK: BertNormalizer (clean text, CJK spacing, strip accents, lowercase)

    static func normalize(_ text: String) -> [Unicode.Scalar] {
        var cleaned: [Unicode.Scalar] = []
        cleaned.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) { cleaned.append(" "); continue }
            if isChinese(scalar) { cleaned.append(" "); cleaned.append(scalar); cleaned.append(" "); continue }
            cleaned.append(scalar)
        }
        // Strip accents: decompose (NFD) and drop nonspacing marks; then lowercase.
        let decomposed = String(String.UnicodeScalarView(cleaned)).decomposedStringWithCanonicalMapping
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(cleaned.count)
        for scalar in decomposed.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
            result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
        return result
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.isWhitespace
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .privateUse, .surrogate, .unassigned: return true
        default: return false
        }
    }

    static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F: return true
        default: return false
        }
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v)
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    // MARK: BertPreTokenizer (split at whitespace; each punctuation mark a word)

    static func words(_ scalars: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in scalars {
            if scalar.properties.isWhitespace {
                if !current.isEmpty { words.append(current); current = [] }
            } else if isPunctuation(scalar) {
                if !current.isEmpty { words.append(current); current = [] }
                words.append([scalar])
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
