/// Renders `Markup` as plain text for email and screen readers: wrapped at a
/// width (72 by default), headings underlined, list markers kept, link
/// addresses collected as numbered references, phone numbers never split.
///
/// Like pandoc's plain writer, it lays out words first and wraps once per block.
struct TextWriter {
    let width: Int
    /// Link addresses in order of first use; `[n]` in the text points here.
    private(set) var references: [String] = []
    /// Each address's number, so a sheet of many links looks each up at once.
    private var referenceNumbers: [String: Int] = [:]

    /// The audience's published folder (`https://.../guidance/schools/`): a
    /// link to another sheet is listed at that sheet's address there.
    var folder: String?

    init(width: Int = 72, folder: String? = nil) {
        self.width = max(width, 20)
        self.folder = folder
    }

    /// A run of text that must not be broken across lines.
    private struct Token { var text: String }

    /// One line of plain text, wrapped: for the title block and footer of a sheet.
    static func wrapped(_ text: String, width: Int = 72) -> String {
        var writer = TextWriter(width: width)
        return writer.wrap(writer.tokens([Markup(.text(text))]), width: writer.width)
    }

    mutating func render(_ document: Markup) -> String {
        renderBlocks(document.children, tight: false).joined(separator: "\n")
    }

    /// The "Links" block that closes the text, or "" when there are none.
    func referenceList() -> String {
        guard !references.isEmpty else { return "" }
        var lines = ["Links", "-----"]
        for (index, url) in references.enumerated() { lines.append("[\(index + 1)] \(url)") }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Blocks

    /// Each block's lines, ending in "\n"; loose blocks are separated by a blank line.
    private mutating func renderBlocks(_ blocks: [Markup], tight: Bool) -> [String] {
        var rendered: [String] = []
        for block in blocks {
            let text = renderBlock(block)
            if text.isEmpty { continue }
            rendered.append(text)
        }
        return tight ? [rendered.joined()] : rendered
    }

    private mutating func renderBlock(_ block: Markup) -> String {
        switch block.kind {
        case .paragraph:
            return wrap(tokens(block.children), width: width)
        case .heading(let level):
            let text = wrap(tokens(block.children), width: width)
            let longest = text.split(separator: "\n").map { $0.unicodeScalars.count }.max() ?? 0
            return text + String(repeating: level == 1 ? "=" : "-", count: min(longest, width)) + "\n"
        case .list(let style):
            var lines = ""
            var number = style.start
            for (index, item) in block.children.enumerated() {
                let marker = style.ordered ? "\(number). " : "- "
                number += 1
                let body = indented(renderItem(item, tight: style.tight), first: marker,
                                    rest: String(repeating: " ", count: marker.count))
                if index > 0, !style.tight { lines += "\n" }
                lines += body
            }
            return lines
        case .blockQuote:
            let inner = TextWriter.withWidth(width - 2, sharing: &self) { $0.renderBlocks(block.children, tight: false) }
            return indented(inner.joined(separator: "\n"), first: "> ", rest: "> ")
        case .codeBlock(_, let literal):
            return literal.split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast(literal.hasSuffix("\n") ? 1 : 0).map { "    " + $0 }.joined(separator: "\n") + "\n"
        case .thematicBreak:
            return String(repeating: "-", count: min(width, 72)) + "\n"
        case .audience, .document:
            return renderBlocks(block.children, tight: false).joined(separator: "\n")
        case .htmlBlock:
            return ""
        default:
            return wrap(tokens([block]), width: width)
        }
    }

    private mutating func renderItem(_ item: Markup, tight: Bool) -> String {
        let children = item.kind == .item ? item.children : [item]
        return TextWriter.withWidth(width - 3, sharing: &self) {
            $0.renderBlocks(children, tight: tight).joined(separator: "\n")
        }
    }

    /// Renders with a narrower width, keeping one shared list of references.
    private static func withWidth<T>(_ width: Int, sharing writer: inout TextWriter, _ body: (inout TextWriter) -> T) -> T {
        // The references move to the inner writer and back, never copied:
        // a copy per list item would cost the list's length times its links.
        var inner = TextWriter(width: width, folder: writer.folder)
        swap(&inner.references, &writer.references)
        swap(&inner.referenceNumbers, &writer.referenceNumbers)
        let result = body(&inner)
        swap(&inner.references, &writer.references)
        swap(&inner.referenceNumbers, &writer.referenceNumbers)
        return result
    }

    private func indented(_ text: String, first: String, rest: String) -> String {
        var out = ""
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let prefix = index == 0 ? first : rest
            out += (line.isEmpty ? String(prefix.reversed().drop { $0 == " " }.reversed()) : prefix + line) + "\n"
        }
        return out
    }

    // MARK: Inlines

    private mutating func tokens(_ nodes: [Markup]) -> [Token?] {
        var result: [Token?] = []
        var pendingSpace = false
        // Words are split at white space; text that follows a token with no
        // space between ("(020 8901 2690)", "word,") is glued to it.
        func add(words text: String) {
            var current = ""
            var glue = !pendingSpace
            func flush() {
                guard !current.isEmpty else { return }
                if glue, let last = result.last, last != nil {
                    result[result.count - 1]?.text += current
                } else {
                    result.append(Token(text: current))
                }
                current = ""
                pendingSpace = false
                glue = false
            }
            for character in text {
                if character == " " || character == "\t" || character == "\n" {
                    flush()
                    pendingSpace = true
                    glue = false
                } else {
                    current.append(character)
                }
            }
            flush()
        }
        func addUnbreakable(_ text: String) {
            if !pendingSpace, let last = result.last, last != nil {
                result[result.count - 1]?.text += text
            } else {
                result.append(Token(text: text))
            }
            pendingSpace = false
        }
        func walk(_ node: Markup) {
            switch node.kind {
            case .text(let s): add(words: s)
            case .code(let s): add(words: s)
            case .softBreak: pendingSpace = true
            case .lineBreak: result.append(nil); pendingSpace = false
            case .htmlInline: break
            case .contact(let value):
                // A phone number, e-mail or address is one unbreakable token.
                if value.field == .phone || value.field == .email || value.field == .url {
                    addUnbreakable(value.displayText)
                } else {
                    add(words: value.displayText)
                }
            case .link(let written, _) where ContactLink(written) != nil:
                // A number or address is printed where it is used, in its
                // standard form ("Ring the desk (020 8424 0998)"): on paper a
                // reference at the foot of the page is one more step to ring it.
                let contact = ContactLink(written)!
                let before = result.count
                for child in node.children { walk(child) }
                if result.count == before {
                    addUnbreakable(contact.printed)
                } else if !contact.isShown(in: node.plainText) {
                    pendingSpace = true
                    addUnbreakable("(\(contact.printed))")
                }
            case .link(let written, _), .image(let written, _):
                let destination = SheetLink.published(written, folder: folder)
                let before = result.count
                for child in node.children { walk(child) }
                let shown = node.plainText.trimmingCharacters(in: .whitespaces)
                let target = destination.hasPrefix("mailto:") ? String(destination.dropFirst(7)) : destination
                if result.count == before { add(words: target) }
                if !destination.isEmpty, shown != target, !destination.hasPrefix("tel:") {
                    pendingSpace = true
                    addUnbreakable("[\(referenceNumber(destination))]")
                }
            default:
                for child in node.children { walk(child) }
            }
        }
        for node in nodes { walk(node) }
        return result
    }

    private mutating func referenceNumber(_ url: String) -> Int {
        if let number = referenceNumbers[url] { return number }
        references.append(url)
        referenceNumbers[url] = references.count
        return references.count
    }

    /// Greedy wrapping; a token longer than the width stands alone on its line.
    /// A nil token is a hard line break.
    private func wrap(_ tokens: [Token?], width: Int) -> String {
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for token in tokens {
            guard let token else { lines.append(line); line = ""; lineWidth = 0; continue }
            let tokenWidth = token.text.unicodeScalars.count
            if lineWidth == 0 {
                line = token.text; lineWidth = tokenWidth
            } else if lineWidth + 1 + tokenWidth <= width {
                line += " " + token.text
                lineWidth += 1 + tokenWidth
            } else {
                lines.append(line); line = token.text; lineWidth = tokenWidth
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        let text = lines.joined(separator: "\n")
        return text.isEmpty ? "" : text + "\n"
    }
}
