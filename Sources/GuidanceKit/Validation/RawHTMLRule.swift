/// `raw-html`: HTML in a sheet is never published (the pages forbid it), so
/// each piece is named instead of vanishing: a `<p>` pasted from a web page
/// may be the sentence that says to ring 999, and the office cannot see that
/// it went missing. An error, because the printed sheet would lack it.
///
/// Comments are not content (audience and language markers, notes for
/// editors) and stay silent, unless one is never closed: CommonMark then
/// takes the rest of the sheet into the comment, and hides it.
struct RawHTMLRule: Rule {
    init() {}

    static let advice = "write it as Markdown: plain text for a paragraph, **bold**, *italic*, [text](https://...), - for a list"

    func check(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        for sheet in context.project.sheets {
            // Inline tags: one finding for each block that has any, at the first.
            var inline: [(start: SourceLocation, tags: [String])] = []
            var lastBlock: SourceRange?
            sheet.document.forEachInBlock { node, block in
                switch node.kind {
                case .htmlBlock(let html):
                    if let finding = Self.block(html, at: node.start ?? SourceLocation(file: sheet.path, line: 1, column: 1)) {
                        findings.append(finding)
                    }
                case .htmlInline(let html) where !Self.isComment(html):
                    let start = node.start ?? block?.lowerBound ?? SourceLocation(file: sheet.path, line: 1, column: 1)
                    if let block, block == lastBlock, !inline.isEmpty {
                        inline[inline.count - 1].tags.append(html)
                    } else {
                        inline.append((start, [html]))
                        lastBlock = block
                    }
                default:
                    break
                }
            }
            for (start, tags) in inline {
                let shown = tags.prefix(4).map { Self.quoted($0, limit: 40) }.joined(separator: ", ") + (tags.count > 4 ? ", ..." : "")
                findings.append(.error(.rawHTML, at: start,
                    "HTML is not published: \(shown) \(tags.count == 1 ? "is" : "are") left out of every version "
                        + "(the words around stay, without what the HTML did); \(Self.advice)"))
            }
        }
        return findings
    }

    static func isComment(_ html: String) -> Bool {
        let trimmed = html.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.hasPrefix("<!--") && trimmed.hasSuffix("-->")
    }

    /// The finding for an HTML block, or nil when it holds only comments.
    static func block(_ html: String, at start: SourceLocation) -> Finding? {
        let scalars = Array(html.unicodeScalars)
        // Where the first thing that is neither a comment nor white space
        // stands, and whether a comment is left open.
        var index = 0
        var contentAt: Int?
        var unclosedAt: Int?
        func has(_ text: String, at i: Int) -> Bool {
            let pattern = Array(text.unicodeScalars)
            return i + pattern.count <= scalars.count && scalars[i..<(i + pattern.count)].elementsEqual(pattern)
        }
        while index < scalars.count {
            if has("<!--", at: index) {
                var end = index + 4
                while end < scalars.count, !has("-->", at: end) { end += 1 }
                if end >= scalars.count { unclosedAt = index; break }
                index = end + 3
            } else if scalars[index].properties.isWhitespace {
                index += 1
            } else {
                contentAt = index
                break
            }
        }
        if let offset = contentAt {
            let content = String(String.UnicodeScalarView(scalars[offset...]))
            let text = Self.textOf(content)
            return .error(.rawHTML, at: location(of: offset, in: scalars, from: start),
                "HTML is not published: \(quoted(content, limit: 60)) is left out of every version of the sheet; \(advice)",
                suggestion: text.isEmpty ? nil : text)
        }
        if let offset = unclosedAt {
            return .error(.rawHTML, at: location(of: offset, in: scalars, from: start),
                "this comment is never closed, so everything after it is hidden from every version; end it with -->")
        }
        return nil
    }

    /// The source position of `offset` in a block's literal that starts at `start`.
    private static func location(of offset: Int, in scalars: [Unicode.Scalar], from start: SourceLocation) -> SourceLocation {
        var line = start.line, column = start.column
        for scalar in scalars[..<offset] {
            if scalar == "\n" { line += 1; column = start.column } else { column += 1 }
        }
        return SourceLocation(file: start.file, line: line, column: column)
    }

    /// `'<p>If a child is in...'`: the first line, shortened.
    static func quoted(_ html: String, limit: Int) -> String {
        let line = html.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let shown = line.count > limit ? String(line.prefix(limit)) + "..." : line
        return "'\(shown)'"
    }

    /// The words of some HTML, tags and comments taken out, white space tidied:
    /// what the office most likely meant to publish.
    static func textOf(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if inTag {
                if character == ">" { inTag = false; text += " " }
            } else if character == "<" {
                inTag = true
            } else {
                text.append(character)
            }
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
