/// Turns language matches into findings, for sheets and for any text.
///
/// An intentional mention is allowed with a marker, visible in the source and
/// never in the output:
///
///     <!-- language: allow -->        on a line of its own, opens a passage
///     <!-- /language -->              closes it
///     A sentence. <!-- language: allow -->   allows that paragraph, item or line
package struct LanguageLinter: Sendable {
    let matcher: LanguageMatcher
    /// Findings come with notes saying why (`lint-language --explain`): for each
    /// finding and each near-miss (a match a fact about the sentence excused),
    /// the rule, the pattern that matched and the fact that decided.
    package var explaining = false

    init(rules: [LanguageRule]) { matcher = LanguageMatcher(rules: rules) }

    enum Marker { case open, close, inline }

    /// The allow marker a piece of HTML or a line is, if any.
    static func marker(in text: String) -> Marker? {
        // Most lines hold no comment at all: skip the marker reading for them.
        guard containsCommentOpener(text) else { return nil }
        switch CommentMarker.parse(text) {
        case .open(let name, let value) where name == "language" && value == "allow": return .open
        case .close(let name) where name == "language": return .close
        default: break
        }
        if case .open(let name, let value) = CommentMarker.trailing(text), name == "language", value == "allow" { return .inline }
        return nil
    }

    private static func containsCommentOpener(_ text: String) -> Bool {
        var previous: (UInt8, UInt8, UInt8) = (0, 0, 0)
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-"), previous == (UInt8(ascii: "<"), UInt8(ascii: "!"), UInt8(ascii: "-")) { return true }
            previous = (previous.1, previous.2, byte)
        }
        return false
    }


    func finding(_ match: LanguageMatcher.Match, at location: SourceLocation) -> Finding {
        let rule = match.rule
        var message = "'\(match.text)': \(rule.message)"
        if !rule.alternatives.isEmpty {
            message += "; instead: " + rule.alternatives.map { "\"\($0)\"" }.joined(separator: " or ")
        }
        message += " (language rule \(rule.id))"
        return Finding(rule.severity, .language, at: location, message, suggestion: rule.alternatives.first,
                       languageRule: "language.\(rule.id)", languageFact: match.fact.rawValue)
    }

    /// The finding of a match, and when explaining a note saying why; a near-miss's note alone.
    func findings(_ match: LanguageMatcher.Match, at location: SourceLocation) -> [Finding] {
        guard explaining else { return match.excused ? [] : [finding(match, at: location)] }
        let rule = match.rule
        let why = (match.excused ? "not flagged: " : "flagged: ")
            + "language rule \(rule.id) matched '\(match.text)' with the pattern \"\(rule.patterns[match.pattern])\"; "
            + "\(match.fact.explanation) [\(match.fact.rawValue)]"
        let note = Finding(.note, .language, at: location, why, languageRule: "language.\(rule.id)", languageFact: match.fact.rawValue)
        return match.excused ? [note] : [finding(match, at: location), note]
    }

    // MARK: Plain text (case records)

    /// Lints text as written (a record exported as plain text): positions are exact.
    func lint(text: String, file: String) -> [Finding] {
        var findings: [Finding] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var allowed = false
        // Paragraphs (runs of non-blank lines) are searched whole, so a phrase
        // broken across lines is still found; offsets map back to line and column.
        var paragraph = String.UnicodeScalarView()
        var paragraphLength = 0  // counted as we go: the view's count is not O(1)
        var origins: [(offset: Int, line: Int)] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            for match in matcher.matches(in: String(paragraph), nearMisses: explaining) {
                // The last line that starts at or before the match (origins are in order).
                var low = 0, high = origins.count - 1
                while low < high {
                    let middle = (low + high + 1) / 2
                    if origins[middle].offset <= match.range.lowerBound { low = middle } else { high = middle - 1 }
                }
                let origin = origins.isEmpty ? (offset: 0, line: 1) : origins[low]
                let column = match.range.lowerBound - origin.offset + 1
                findings += self.findings(match, at: SourceLocation(file: file, line: origin.line, column: column))
            }
            paragraph = String.UnicodeScalarView()
            paragraphLength = 0
            origins = []
        }
        for (index, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            switch Self.marker(in: String(line)) {
            case .open: flush(); allowed = true; continue
            case .close: flush(); allowed = false; continue
            case .inline: continue
            case nil: break
            }
            if allowed { continue }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { flush(); continue }
            if paragraphLength > 0 { paragraph.append("\n"); paragraphLength += 1 }
            origins.append((paragraphLength, index + 1))
            for scalar in line.unicodeScalars { paragraph.append(scalar); paragraphLength += 1 }
        }
        flush()
        return findings
    }

    // MARK: Sheets

    /// Lints the resolved tree of a sheet: every paragraph, heading, list item,
    /// link text and contact name, outside allowed passages.
    func lint(sheet: Sheet) -> [Finding] {
        lint(document: sheet.document, source: sheet.source)
    }

    /// Lints a Markdown record (front matter, if any, is skipped).
    func lint(markdown: String, file: String) -> [Finding] {
        let body = FrontMatter.split(markdown).map { $0.closed ? $0.body : markdown } ?? markdown
        return lint(document: CommonMark.parse(body, file: file), source: SourceText(file: file, text: body))
    }

    func lint(document: Markup, source: SourceText) -> [Finding] {
        var findings: [Finding] = []
        lintBlocks(document.children, source: source, into: &findings)
        return findings
    }

    private func lintBlocks(_ blocks: [Markup], source: SourceText, into findings: inout [Finding]) {
        var allowed = false
        for block in blocks {
            if case .htmlBlock(let html) = block.kind {
                switch Self.marker(in: html) {
                case .open: allowed = true
                case .close: allowed = false
                default: break
                }
                continue
            }
            if allowed || endsWithAllowMarker(block) { continue }
            switch block.kind {
            case .paragraph, .heading:
                lintText(block, source: source, into: &findings)
            case .codeBlock, .thematicBreak, .htmlBlock:
                continue
            default:
                lintBlocks(block.children, source: source, into: &findings)
            }
        }
    }

    private func endsWithAllowMarker(_ block: Markup) -> Bool {
        var node = block
        while let last = node.children.last {
            if case .htmlInline(let html) = last.kind { return Self.marker(in: html) == .open }
            if case .htmlBlock(let html) = last.kind { return Self.marker(in: html) == .open }
            guard last.isBlock else { return false }
            node = last
        }
        return false
    }

    /// A piece of a block's prose: where it starts in the block's text and in the file.
    private struct Segment {
        var offset: Int
        var start: SourceLocation?
        /// A contact's text is not in the source as written: point at its placeholder.
        var isContact: Bool
    }

    private func lintText(_ block: Markup, source: SourceText, into findings: inout [Finding]) {
        var text = String.UnicodeScalarView()
        var length = 0  // counted as we go: the view's count is not O(1)
        var segments: [Segment] = []
        func collect(_ node: Markup) {
            switch node.kind {
            case .text(let value):
                segments.append(Segment(offset: length, start: node.start, isContact: false))
                for scalar in value.unicodeScalars { text.append(scalar); length += 1 }
            case .contact(let value):
                segments.append(Segment(offset: length, start: node.start, isContact: true))
                for scalar in value.displayText.unicodeScalars { text.append(scalar); length += 1 }
            case .softBreak, .lineBreak:
                text.append(" "); length += 1
            case .code:
                text.append(" "); length += 1  // code shows text as written; it is not prose
            case .htmlInline:
                break
            default:
                node.children.forEach(collect)
            }
        }
        block.children.forEach(collect)
        let blockStart = block.start ?? SourceLocation(file: source.file, line: 1, column: 1)
        // Matches come earliest first, so the segment of each is found by
        // walking forward, and each is looked for in the source from where the
        // one before it in the same segment was found, not from the segment's start.
        var next = 0  // the first segment that starts after the match
        var searchFrom: SourceLocation?
        var notFound: Set<String> = []  // not in the source after `searchFrom`
        for match in matcher.matches(in: String(text), nearMisses: explaining) {
            let before = next
            while next < segments.count, segments[next].offset <= match.range.lowerBound { next += 1 }
            let segment = next > 0 ? segments[next - 1] : nil
            if next != before || searchFrom == nil {
                searchFrom = segment?.start ?? blockStart
                notFound = []
            }
            let from = searchFrom ?? blockStart
            let location: SourceLocation
            let key = match.text.lowercased()
            if segment?.isContact == true {
                location = segment?.start ?? blockStart
            } else if !notFound.contains(key),
                      let found = source.find(match.text, from: from, within: block.range) {
                location = found
                searchFrom = found
            } else {
                location = from
                notFound.insert(key)
            }
            findings += self.findings(match, at: location)
        }
    }
}

/// The `language` rule over every sheet, with the partnership's overrides.
struct LanguageSheetRule: Rule {
    init() {}

    /// The matcher for the shipped rules, built once (building one compiles
    /// every pattern).
    static let shippedLinter = LanguageLinter(rules: LanguageRuleSet.shipped)

    func check(_ context: ValidationContext) -> [Finding] {
        let (rules, findings) = LanguageRuleSet.effective(context.project.configuration.language)
        let linter = rules == LanguageRuleSet.shipped ? Self.shippedLinter : LanguageLinter(rules: rules)
        return findings + context.project.sheets.concurrentMap { linter.lint(sheet: $0) }.flatMap { $0 }
    }
}
