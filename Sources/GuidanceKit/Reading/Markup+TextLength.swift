extension Markup {
    /// The characters of text a version shows (code and contacts included),
    /// counted up to `limit`: one walk that stops early, no string built.
    func textLength(upTo limit: Int) -> Int {
        var count = 0
        // Depth-first, stopping as soon as the limit is passed: a paragraph of
        // a million nodes is not copied onto a stack to count its first few
        // thousand characters.
        func visit(_ node: Markup) {
            switch node.kind {
            case .text(let s), .code(let s): count += s.unicodeScalars.count
            case .codeBlock(_, let literal): count += literal.unicodeScalars.count
            case .contact(let value): count += value.displayText.unicodeScalars.count
            case .softBreak, .lineBreak: count += 1
            default:
                for child in node.children {
                    visit(child)
                    if count >= limit { return }
                }
            }
        }
        visit(self)
        return count
    }
}
