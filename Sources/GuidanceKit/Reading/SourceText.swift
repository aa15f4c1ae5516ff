/// The text of a source file, kept to point findings at the exact place of a
/// word inside a paragraph (cmark's inline positions are close, not exact,
/// around escapes and entities).
public struct SourceText: Sendable {
    public let file: String
    let lines: LineIndex

    init(file: String, text: String) {
        self.file = file
        self.lines = LineIndex(text)
    }

    /// Where `needle` (case-insensitively, any run of white space matching any
    /// other) first stands at or after `start`, within `range`; `start` itself
    /// when it cannot be found.
    public func locate(_ needle: String, from start: SourceLocation, within range: SourceRange?) -> SourceLocation {
        let words = needle.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
        guard !words.isEmpty else { return start }
        let lastLine = min(range?.upperBound.line ?? start.line, lines.lineCount)
        var line = max(start.line, 1)
        var fromColumn = start.column
        while line <= lastLine {
            let text = lines.lineText(line).lowercased()
            if let column = find(words, in: text, line: line, fromColumn: fromColumn) {
                return SourceLocation(file: file, line: line, column: column)
            }
            line += 1
            fromColumn = 1
        }
        return start
    }

    /// Searches one line; a phrase may continue on the following lines.
    private func find(_ words: [String], in text: String, line: Int, fromColumn: Int) -> Int? {
        let scalars = Array(text.unicodeScalars)
        let first = Array(words[0].unicodeScalars)
        var index = max(0, fromColumn - 1)
        while index + first.count <= scalars.count {
            if Array(scalars[index..<(index + first.count)]) == first,
               rest(words.dropFirst(), after: index + first.count, in: scalars, line: line) {
                return index + 1
            }
            index += 1
        }
        return nil
    }

    private func rest(_ words: ArraySlice<String>, after index: Int, in scalars: [Unicode.Scalar], line: Int) -> Bool {
        guard let word = words.first else { return true }
        var scalars = scalars, index = index, line = line
        // Skip white space, continuing onto the next line if needed.
        while true {
            while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
            if index < scalars.count { break }
            line += 1
            guard line <= lines.lineCount else { return false }
            scalars = Array(lines.lineText(line).lowercased().unicodeScalars)
            index = 0
        }
        let target = Array(word.unicodeScalars)
        guard index + target.count <= scalars.count,
              Array(scalars[index..<(index + target.count)]) == target else { return false }
        return rest(words.dropFirst(), after: index + target.count, in: scalars, line: line)
    }
}
