extension Templates {
    /// The deepest a template may nest its sections. swift-mustache parses
    /// and renders a section by calling itself, so a few thousand nested
    /// sections overflow the stack and kill the process (signal 11), with
    /// `serve` and its pages; a real page nests two or three.
    static let maximumNesting = 100

    /// Where a template first nests sections deeper than `maximumNesting`
    /// (1-based line and column of the opening tag), reading its tags as
    /// swift-mustache does: `{{#`, `{{^`, `{{$` and `{{<` open a level, `{{/`
    /// closes one, and `{{=<% %>=}}` changes the delimiters. Counted in one
    /// pass without recursion, before the template reaches the parser.
    static func tooDeep(_ text: String) -> (line: Int, column: Int)? {
        let characters = Array(text)
        var open: [Character] = ["{", "{"], close: [Character] = ["}", "}"]
        func starts(_ delimiter: [Character], at index: Int) -> Bool {
            guard !delimiter.isEmpty, index + delimiter.count <= characters.count else { return false }
            for offset in delimiter.indices where characters[index + offset] != delimiter[offset] { return false }
            return true
        }
        var depth = 0, line = 1, lineStart = 0, index = 0
        while index < characters.count {
            if characters[index] == "\n" {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard starts(open, at: index) else { index += 1; continue }
            let tag = index, inside = index + open.count
            var end = inside
            while end < characters.count, !starts(close, at: end) { end += 1 }
            guard end < characters.count else { return nil }  // an unclosed tag: the parser says so
            let after = end + close.count
            switch inside < end ? characters[inside] : " " {
            case "#", "^", "$", "<":
                depth += 1
                if depth > maximumNesting { return (line, tag - lineStart + 1) }
            case "/":
                depth = max(0, depth - 1)
            case "=":
                var body = String(characters[(inside + 1)..<end])
                while body.hasSuffix("=") { body.removeLast() }
                let parts = body.split(whereSeparator: \.isWhitespace)
                if parts.count == 2 { (open, close) = (Array(parts[0]), Array(parts[1])) }
            default:
                break
            }
            for position in tag..<after where characters[position] == "\n" {
                line += 1
                lineStart = position + 1
            }
            index = after
        }
        return nil
    }
}
