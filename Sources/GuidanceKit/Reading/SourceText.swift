/// The text of a source file, kept to point findings at the exact place of a
/// word inside a paragraph (cmark's inline positions are close, not exact,
/// around escapes and entities).
struct SourceText: Sendable {
    let file: String
    let lines: LineIndex
    /// The whole text lower-cased scalar by scalar (as `String.lowercased()`
    /// does it), with `loweredStarts[i]` where line i+1 begins in it: built
    /// once, so a search never lower-cases or copies a line again.
    private let lowered: [Unicode.Scalar]
    private let loweredStarts: [Int]

    init(file: String, text: String) {
        self.file = file
        self.lines = LineIndex(text)
        var lowered: [Unicode.Scalar] = []
        lowered.reserveCapacity(text.utf8.count)
        var starts = [0]
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                lowered.append(value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : scalar)
                if value == 0x0A { starts.append(lowered.count) }
            } else {
                lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        self.lowered = lowered
        self.loweredStarts = starts
    }

    /// Where `needle` (case-insensitively, any run of white space matching any
    /// other) first stands at or after `start`, within `range`; `start` itself
    /// when it cannot be found.
    ///
    /// The cost is the distance searched, never the length of the lines before
    /// `start`: a caller that finds many words in one long paragraph searches
    /// each from where the last was found.
    func locate(_ needle: String, from start: SourceLocation, within range: SourceRange?) -> SourceLocation {
        find(needle, from: start, within: range) ?? start
    }

    /// Where `needle` first stands at or after `start` within `range`, or nil.
    func find(_ needle: String, from start: SourceLocation, within range: SourceRange?) -> SourceLocation? {
        let words = needle.split(whereSeparator: \.isWhitespace).map { Array($0.lowercased().unicodeScalars) }
        guard let first = words.first else { return start }  // an empty needle stands anywhere
        let lastLine = min(range?.upperBound.line ?? start.line, loweredStarts.count)
        var line = max(start.line, 1)
        guard line <= lastLine else { return nil }
        var index = loweredStarts[line - 1] + max(0, start.column - 1)
        while line <= lastLine {
            let lineStart = loweredStarts[line - 1]
            var lineEnd = line < loweredStarts.count ? loweredStarts[line] - 1 : lowered.count
            if lineEnd > lineStart, lowered[lineEnd - 1] == "\r" { lineEnd -= 1 }
            while index + first.count <= lineEnd {
                if matches(first, at: index), rest(words.dropFirst(), after: index + first.count) {
                    return SourceLocation(file: file, line: line, column: index - lineStart + 1)
                }
                index += 1
            }
            line += 1
            if line <= loweredStarts.count { index = loweredStarts[line - 1] }
        }
        return nil
    }

    private func matches(_ word: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + word.count <= lowered.count else { return false }
        for offset in word.indices where lowered[index + offset] != word[offset] { return false }
        return true
    }

    /// The following words, each after white space (line breaks included).
    private func rest(_ words: ArraySlice<[Unicode.Scalar]>, after index: Int) -> Bool {
        var index = index
        for word in words {
            while index < lowered.count, lowered[index].properties.isWhitespace { index += 1 }
            guard index < lowered.count, matches(word, at: index) else { return false }
            index += word.count
        }
        return true
    }
}

/// Finds, one after another, the pieces of one text node in the source: each
/// is looked for from just after the one before it, and a piece that is not
/// in the source as written (spelt with entities or escapes) is not looked
/// for again. The work is the length of the text, however many pieces.
struct SourceSearch {
    let source: SourceText
    let block: SourceRange?
    private var from: SourceLocation
    private var notFound: Set<String> = []

    init(source: SourceText, start: SourceLocation, block: SourceRange?) {
        self.source = source
        self.block = block
        self.from = start
    }

    /// Where `needle` stands next; where the search stands when it is not
    /// found. The next search starts after it, so "999" is not found inside
    /// an earlier "020 8424 0999".
    mutating func locate(_ needle: String) -> SourceLocation {
        guard !notFound.contains(needle) else { return from }
        guard let found = source.find(needle, from: from, within: block) else {
            notFound.insert(needle)
            return from
        }
        from = SourceLocation(file: found.file, line: found.line, column: found.column + max(1, needle.unicodeScalars.count))
        return found
    }
}
