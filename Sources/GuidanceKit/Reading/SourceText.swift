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
    /// With `wordStart`, only where no letter or digit is just before it (the
    /// language judge places a sentence at its first word, often one letter).
    func find(_ needle: String, from start: SourceLocation, within range: SourceRange?, wordStart: Bool = false) -> SourceLocation? {
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
                if matches(first, at: index), rest(words.dropFirst(), after: index + first.count),
                   !wordStart || index == lineStart || !(lowered[index - 1].properties.isAlphabetic || lowered[index - 1].properties.numericType != nil) {
                    return SourceLocation(file: file, line: line, column: index - lineStart + 1)
                }
                index += 1
            }
            line += 1
            if line <= loweredStarts.count { index = loweredStarts[line - 1] }
        }
        return nil
    }

    /// Where a phone number written as `needle` (a number found in a text
    /// node) first stands at or after `start` on the same line, found by its
    /// digits: between two of them the source may hold anything but a digit
    /// (at most 16 characters), so `\(020\)`, `020&nbsp;7946` and `020-7946`
    /// are found as written. The position is that of its first character
    /// (a `+` or `(` before the digits, and a backslash escaping it); `end`
    /// is just after its last digit. Nil when it is not on the line. The
    /// cost is the distance searched.
    func findNumber(_ needle: String, from start: SourceLocation) -> (start: SourceLocation, end: SourceLocation)? {
        let digits = Array(needle.unicodeScalars.filter { $0.value >= 0x30 && $0.value <= 0x39 })
        guard let firstDigit = digits.first, start.line >= 1, start.line <= loweredStarts.count else { return nil }
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }
        let lineStart = loweredStarts[start.line - 1]
        var lineEnd = start.line < loweredStarts.count ? loweredStarts[start.line] - 1 : lowered.count
        if lineEnd > lineStart, lowered[lineEnd - 1] == "\r" { lineEnd -= 1 }
        var index = lineStart + max(0, start.column - 1)
        while index < lineEnd {
            defer { index += 1 }
            guard lowered[index] == firstDigit, index == lineStart || !isDigit(lowered[index - 1]) else { continue }
            // The other digits, in order, with no other digit between.
            var at = index + 1, matched = 1
            while matched < digits.count, at < lineEnd {
                var gap = 0
                while at < lineEnd, !isDigit(lowered[at]), gap <= 16 { at += 1; gap += 1 }
                guard at < lineEnd, gap <= 16, lowered[at] == digits[matched] else { break }
                at += 1
                matched += 1
            }
            guard matched == digits.count, at >= lineEnd || !isDigit(lowered[at]) else { continue }
            // Back over what the needle has before its first digit ("+", "(").
            var first = index
            for scalar in needle.lowercased().unicodeScalars.prefix(while: { !isDigit($0) }).reversed() {
                guard first > lineStart, lowered[first - 1] == scalar else { break }
                first -= 1
                if first > lineStart, lowered[first - 1] == "\\" { first -= 1 }
            }
            return (SourceLocation(file: file, line: start.line, column: first - lineStart + 1),
                    SourceLocation(file: file, line: start.line, column: at - lineStart + 1))
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
    /// Set when a number was not found: later ones are not looked for.
    private var lost = false

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

    /// Where the phone number `written` stands next, found by its digits
    /// (`SourceText.findNumber`), so a number spelt with escapes or entities
    /// is found too; where the search stands when it is not. After a number
    /// that cannot be found, no other is looked for in this text: each search
    /// that fails reads to the end of the line, and a paragraph of thousands
    /// of such numbers would read it thousands of times.
    mutating func locateNumber(_ written: String) -> SourceLocation {
        guard !lost, let found = source.findNumber(written, from: from) else {
            lost = true
            return from
        }
        from = found.end
        return found.start
    }
}
