/// Renders `Markup` as HTML. With `.reference` it writes exactly what
/// libcmark's `cmark_render_html` writes with its default (safe) options; with
/// `.page` it writes sheet HTML: contacts linked, raw HTML dropped entirely.
/// Either way no raw HTML from a source and no script address reaches a page.
package struct HTMLWriter {
    package enum Mode: Sendable { case reference, page }

    let mode: Mode
    private var out = ""
    /// Inside a link, contacts are written as text: links do not nest.
    private var linkDepth = 0

    init(mode: Mode) { self.mode = mode }

    package static func render(_ node: Markup, mode: Mode = .page) -> String {
        var writer = HTMLWriter(mode: mode)
        writer.write(node, parent: nil, grandparent: nil)
        return writer.out
    }

    /// Renders several sibling blocks (a section of a page).
    static func render(blocks: [Markup], in document: Markup, mode: Mode = .page) -> String {
        var writer = HTMLWriter(mode: mode)
        for block in blocks { writer.write(block, parent: document, grandparent: nil) }
        return writer.out
    }

    private mutating func cr() {
        if let last = out.utf8.last, last != UInt8(ascii: "\n") { out += "\n" }
    }

    // Recursion depth is bounded by the reader, which flattens absurdly deep nesting.
    private mutating func write(_ node: Markup, parent: Markup?, grandparent: Markup?) {
        func children() { for child in node.children { write(child, parent: node, grandparent: parent) } }
        switch node.kind {
        case .document:
            children()
        case .audience:
            // Selection unwraps these; if one is left, its blocks stand as they are.
            for child in node.children { write(child, parent: parent, grandparent: grandparent) }
        case .blockQuote:
            cr(); out += "<blockquote>\n"; children(); cr(); out += "</blockquote>\n"
        case .list(let style):
            cr()
            if !style.ordered { out += "<ul>\n" } else if style.start == 1 { out += "<ol>\n" } else {
                out += "<ol start=\"\(style.start)\">\n"
            }
            children()
            out += style.ordered ? "</ol>\n" : "</ul>\n"
        case .item:
            cr(); out += "<li>"; children(); out += "</li>\n"
        case .heading(let level):
            cr(); out += "<h\(level)>"; children(); out += "</h\(level)>\n"
        case .codeBlock(let info, let literal):
            cr()
            let language = info.prefix { !($0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}") }
            if language.isEmpty { out += "<pre><code>" } else {
                out += "<pre><code class=\"language-" + HTMLEscaping.text(String(language)) + "\">"
            }
            out += HTMLEscaping.text(literal) + "</code></pre>\n"
        case .htmlBlock:
            if mode == .reference { cr(); out += "<!-- raw HTML omitted -->"; cr() }
        case .thematicBreak:
            cr(); out += "<hr />\n"
        case .paragraph:
            var tight = false
            if let grandparent, case .list(let style) = grandparent.kind { tight = style.tight }
            if tight { children() } else { cr(); out += "<p>"; children(); out += "</p>\n" }
        case .text(let text):
            out += HTMLEscaping.text(text)
        case .lineBreak:
            out += "<br />\n"
        case .softBreak:
            out += "\n"
        case .code(let code):
            out += "<code>" + HTMLEscaping.text(code) + "</code>"
        case .htmlInline:
            if mode == .reference { out += "<!-- raw HTML omitted -->" }
        case .emphasis:
            out += "<em>"; children(); out += "</em>"
        case .strong:
            out += "<strong>"; children(); out += "</strong>"
        case .link(let destination, let title):
            let target = mode == .page ? SheetLink.published(destination, folder: nil) : destination
            out += "<a href=\"" + safeHref(target) + "\""
            if !title.isEmpty { out += " title=\"" + HTMLEscaping.text(title) + "\"" }
            out += ">"
            linkDepth += 1; children(); linkDepth -= 1
            out += "</a>"
            // A link that shows its address already is not followed by it again.
            let shown = node.plainText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if mode == .page, shown != target, shown != destination { out += Self.printedAddress(target) }
        case .image(let source, let title):
            out += "<img src=\"" + safeHref(source) + "\" alt=\""
            for child in node.children { writePlain(child) }
            if !title.isEmpty { out += "\" title=\"" + HTMLEscaping.text(title) }
            out += "\" />"
        case .contact(let value):
            writeContact(value)
        }
    }

    /// On paper a link must show where it goes: after a web link, its
    /// address as print-only text (hidden on screen by the sheet's CSS), so
    /// it is tagged in the PDF like the rest of the sentence. The address may
    /// break only after a slash or a dot: each piece up to one is kept whole
    /// (`white-space: nowrap` in the CSS) with a `<wbr>` between pieces.
    static func printedAddress(_ target: String) -> String {
        let lower = target.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), LinkScheme.isAllowed(target) else { return "" }
        var pieces: [String] = []
        var piece = ""
        var previous: Character?
        for character in target {
            // A break after "/" or ".", never between two slashes ("https://").
            if let previous, previous == "/" || previous == ".", character != "/" {
                pieces.append(piece)
                piece = ""
            }
            piece.append(character)
            previous = character
        }
        pieces.append(piece)
        return "<span class=\"print-address\"> (" + pieces.map { "<span>" + HTMLEscaping.text($0) + "</span>" }.joined(separator: "<wbr>")
            + ")</span>"
    }

    private func safeHref(_ url: String) -> String {
        switch mode {
        case .reference: HTMLEscaping.isDangerous(url) ? "" : HTMLEscaping.href(url)
        case .page: LinkScheme.isAllowed(url) ? HTMLEscaping.href(url) : ""
        }
    }

    /// Image descriptions are text only, as in libcmark.
    private mutating func writePlain(_ node: Markup) {
        switch node.kind {
        case .text(let s), .code(let s), .htmlInline(let s): out += HTMLEscaping.text(s)
        case .softBreak, .lineBreak: out += " "
        case .contact(let value): out += HTMLEscaping.text(value.displayText)
        default: for child in node.children { writePlain(child) }
        }
    }

    private mutating func writeContact(_ value: ContactValue) {
        let text = HTMLEscaping.text(value.displayText)
        if linkDepth > 0 || mode == .reference {
            out += text
        } else if let target = value.linkTarget, LinkScheme.isAllowed(target) {
            let kind = value.field == .phone ? "tel" : value.field.rawValue
            out += "<a class=\"\(kind)\" href=\"" + HTMLEscaping.href(target) + "\">" + text + "</a>"
        } else {
            out += text
        }
    }
}
