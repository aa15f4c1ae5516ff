/// The one syntax of the markers the office writes as HTML comments, so a
/// source still previews cleanly on GitHub or in any Markdown viewer:
///
///     <!-- NAME: VALUE -->   opens (`audience: schools, agencies`, `language: allow`)
///     <!-- /NAME -->         closes
///
/// White space may stand around each part. Read by a small scanner, shared by
/// the audience markers and the language allow markers.
enum CommentMarker: Equatable {
    case open(name: String, value: String)
    case close(name: String)

    /// The marker a whole comment is (white space around it allowed); nil for
    /// any other text.
    static func parse<S: StringProtocol>(_ text: S) -> CommentMarker? {
        let comment = trimmed(Substring(text))
        guard comment.hasPrefix("<!--"), comment.hasSuffix("-->"), comment.count >= 7 else { return nil }
        let inner = trimmed(comment.dropFirst(4).dropLast(3))
        guard !inner.contains(">") else { return nil }
        if inner.first == "/" {
            let name = trimmed(inner.dropFirst())
            return isName(name) ? .close(name: String(name)) : nil
        }
        guard let colon = inner.firstIndex(of: ":") else { return nil }
        let name = trimmed(inner[..<colon])
        guard isName(name) else { return nil }
        return .open(name: String(name), value: String(trimmed(inner[inner.index(after: colon)...])))
    }

    /// The marker that ends a text ("A sentence. <!-- language: allow -->"), if any.
    static func trailing<S: StringProtocol>(_ text: S) -> CommentMarker? {
        let text = trimmed(Substring(text))
        guard text.hasSuffix("-->"), let start = text.range(of: "<!--", options: .backwards) else { return nil }
        return parse(text[start.lowerBound...])
    }

    /// The first word of a comment's text, to recognise a marker gone wrong
    /// ("<!-- audeince: schools -->").
    static func firstWord<S: StringProtocol>(_ text: S) -> String? {
        let comment = trimmed(Substring(text))
        guard comment.hasPrefix("<!--") else { return nil }
        return comment.dropFirst(4).drop { $0 == " " || $0 == "/" || $0 == "\t" }.prefix { $0.isLetter }.lowercased()
    }

    private static func isName(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0 == "-" }
    }

    private static func trimmed(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return text[first...last]
    }
}
