import Yams

/// Reads YAML into Yams nodes and pulls typed values out of them, turning
/// every problem into a `Finding` that names the file, line and column.
///
/// Anchors and aliases are refused outright: none of our files needs them, and
/// refusing them closes the door on alias bombs ("billion laughs").
struct YAMLReader {
    let file: String
    /// Lines of the file before the YAML text starts (front matter: 1, for the `---`).
    let lineOffset: Int
    let rule: RuleID
    private(set) var findings: [Finding] = []
    /// The YAML text's lines, so that an error libyaml places past the end
    /// of the text (it does at end of input) is reported on the last line.
    private var lines: [Substring] = [""]

    init(file: String, lineOffset: Int = 0, rule: RuleID) {
        self.file = file
        self.lineOffset = lineOffset
        self.rule = rule
    }

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file, line: lineOffset + 1, column: 1) }
        return SourceLocation(file: file, line: mark.line + lineOffset, column: mark.column)
    }

    mutating func error(_ message: String, at node: Node?, suggestion: String? = nil) {
        findings.append(.error(rule, at: location(node), message, suggestion: suggestion))
    }

    mutating func error(_ message: String, at location: SourceLocation) {
        findings.append(.error(rule, at: location, message))
    }

    mutating func error(_ message: String, line: Int, column: Int) {
        var (line, column) = (max(line, 1), max(column, 1))
        if line > lines.count {
            line = lines.count
            column = (lines.last?.count ?? 0) + 1
        }
        findings.append(.error(rule, at: SourceLocation(file: file, line: line + lineOffset, column: column), message))
    }

    /// The root node, or nil with a finding when the text is not YAML we accept.
    mutating func compose(_ text: String) -> Node? {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Front matter: the line after the YAML is the closing `---`, where
        // an unfinished value is fairly reported.
        if lineOffset > 0 { lines.append("---") }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            report(error)
            return nil
        } catch {
            self.error("cannot read this YAML: \(error)", at: nil)
            return nil
        }
        guard let node else { return nil }
        if let anchored = firstAnchor(in: node) {
            self.error("anchors and aliases (& and *) are not allowed here; write each value out in full",
                       at: anchored)
            return nil
        }
        return node
    }

    /// The first node reached twice: Yams gives an alias (`*name`) the very
    /// node its anchor (`&name`) named, mark and all, and keeps no anchor name,
    /// so a repeated mark is how an alias shows. The walk is iterative and
    /// stops at the first repeat, so a bomb is never expanded.
    private func firstAnchor(in root: Node) -> Node? {
        var stack = [root]
        var seen = Set<String>()
        while let node = stack.popLast() {
            if case .alias = node { return node }
            // A mapping starts where its first key does, so the kind is part of the key.
            let kind: String
            switch node {
            case .mapping: kind = "m"
            case .sequence: kind = "s"
            default: kind = "v"
            }
            if let mark = node.mark, !seen.insert("\(kind)\(mark.line):\(mark.column)").inserted { return node }
            if seen.count > 100_000 { return node }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping { stack.append(key); stack.append(value) }
            case .sequence(let sequence):
                stack.append(contentsOf: sequence)
            case .scalar, .alias:
                break
            }
        }
        return nil
    }

    private mutating func report(_ error: YamlError) {
        let hint = "check the indentation and put quotes around text that contains a colon"
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            // libyaml stumbles on the line after a first key indented too
            // little; the line to fix is named, with how far to indent it.
            if let wrong = Self.misindented(lines, at: mark.line) {
                self.error("invalid YAML: \(wrong.message)", line: wrong.line, column: wrong.column)
            } else {
                self.error("invalid YAML: \(problem); \(hint)", line: mark.line, column: mark.column)
            }
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.error("a key appears twice: \(duplicates.joined(separator: ", ")); keep one",
                       line: context.mark.line, column: context.mark.column)
        case .reader(let problem, _, _, _):
            self.error("cannot read this YAML: \(problem); save the file as UTF-8 text", line: 1, column: 1)
        default:
            self.error("invalid YAML: \(error)", line: 1, column: 1)
        }
    }

    /// A line indented unlike its siblings, found where libyaml gave up
    /// (`line`, 1-based): one indented less than the lines above it at its
    /// level (reported there), or the first line of a block indented less
    /// than the lines below it (libyaml reports the next line; this one is
    /// wrong), or a line indented more than the lines above it. nil when the
    /// indentation there is consistent: libyaml's own words are kept.
    static func misindented(_ lines: [Substring], at line: Int) -> (line: Int, column: Int, message: String)? {
        guard line >= 1, line <= lines.count else { return nil }
        func spaces(_ n: Int) -> String { n == 1 ? "1 space" : "\(n) spaces" }
        /// A content line: its indentation and text without a trailing comment; nil when blank or a comment.
        func content(_ index: Int) -> (indent: Int, body: Substring)? {
            let text = lines[index]
            let indent = text.prefix { $0 == " " }.count
            var body = text.dropFirst(indent)
            if let comment = body.range(of: " #") { body = body[..<comment.lowerBound] }
            while body.last == " " || body.last == "\r" { body.removeLast() }
            return body.isEmpty || body.hasPrefix("#") ? nil : (indent, body)
        }
        // The open levels, innermost last: the indentation of each and its first line.
        var levels: [(indent: Int, line: Int)] = []
        var opens = true
        var textDeeperThan: Int?  // inside a `|` or `>` value, or a flow list over several lines
        var textIndent: Int?  // the indentation of that value's first line
        for index in 0..<line {
            guard let (indent, body) = content(index) else { continue }
            let number = index + 1
            if let scalar = textDeeperThan, indent > scalar {
                guard number == line else {
                    if textIndent == nil { textIndent = indent }
                    continue
                }
                // A line of the text indented less than its first line.
                guard let first = textIndent, indent < first else { return nil }
                return (number, indent + 1, "this line of text is indented \(spaces(indent)), less than the lines above it "
                        + "(\(first)); indent it like the lines above, \(spaces(first))")
            }
            textDeeperThan = nil
            textIndent = nil
            if opens, indent > (levels.last?.indent ?? -1) {
                levels.append((indent, number))
            } else {
                var popped: (indent: Int, line: Int)?
                while let top = levels.last, top.indent > indent { popped = levels.removeLast() }
                let level = levels.last?.indent ?? -1
                if number == line, level != indent {
                    if let popped, level < indent {
                        return (number, indent + 1, "this line is indented \(spaces(indent)), less than the lines above it "
                                + "(\(popped.indent)); indent it like the lines above, \(spaces(popped.indent))")
                    }
                    if let top = levels.last, top.indent < indent, popped == nil {
                        // The lines at this level so far, or this line, are the odd ones out:
                        // the line after this one says which.
                        let next = (index + 1..<lines.count).lazy.compactMap(content).first
                        if next?.indent == indent {
                            return (top.line, top.indent + 1, "this line is indented \(spaces(top.indent)), less than the lines "
                                    + "below it (\(indent)); indent it like the lines below, \(spaces(indent))")
                        }
                        return (number, indent + 1, "this line is indented \(spaces(indent)), more than the line above it "
                                + "(\(top.indent)); indent it like the lines above, \(spaces(top.indent))")
                    }
                }
                // A deeper line after one that opens nothing, before libyaml's
                // line: the rest of a value over several lines.
                if let top = levels.last, top.indent < indent, number < line { continue }
            }
            let item = body.hasPrefix("- ") || body == "-"
            let rest = item ? body.dropFirst(1).drop { $0 == " " } : body
            opens = rest.isEmpty || rest.hasSuffix(":") || (item && rest.contains(": ")) || rest.hasSuffix("[")
            if rest.contains(": |") || rest.contains(": >") || rest.hasPrefix("|") || rest.hasPrefix(">")
                || (rest.contains("[") && !rest.contains("]")) {
                textDeeperThan = indent
                opens = false
            }
        }
        return nil
    }

    // MARK: Typed access

    /// The entries of a mapping in file order, or nil with a finding.
    mutating func mapping(_ node: Node, what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error("\(what) must be a list of `key: value` lines", at: node)
            return nil
        }
        var entries: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                error("keys in \(what) must be plain words", at: key)
                continue
            }
            guard refuseControlCharacters(in: scalar.string, what: "a key in \(what)", at: key) else { continue }
            entries.append((scalar.string, key, value))
        }
        return entries
    }

    mutating func string(_ node: Node, what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error("\(what) must be a single value, not a list or a mapping", at: node)
            return nil
        }
        guard refuseControlCharacters(in: scalar.string, what: what, at: node) else { return nil }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || scalar.tag.description == "tag:yaml.org,2002:null" && scalar.string == "~" {
            error("\(what) is empty", at: node)
            return nil
        }
        return text
    }

    /// Whether `text` is free of characters YAML does not allow in a file
    /// (control characters other than tab and line breaks, U+FFFE, U+FFFF):
    /// libyaml refuses them written raw, but lets them in as escapes
    /// (`"\e"`, `"\x01"`, `"\uFFFE"`). They print as nothing on paper, and
    /// in `feed.xml` they made the feed stop being XML. False, with a finding
    /// at the value, when there is one.
    mutating func refuseControlCharacters(in text: String, what: String, at node: Node) -> Bool {
        guard let bad = text.unicodeScalars.first(where: { !Self.isPrintable($0) }) else { return true }
        let code = String(bad.value, radix: 16, uppercase: true)
        error("\(what) holds a control character (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)), "
              + "written as an escape such as \"\\e\" or \"\\x01\"; it prints as nothing and breaks the feed, so remove it",
              at: node)
        return false
    }

    /// YAML 1.1's printable characters (tab, line breaks, U+0020-U+007E,
    /// U+0085, U+00A0-U+D7FF, U+E000-U+FFFD, U+10000 on): what libyaml accepts raw.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    mutating func day(_ node: Node, what: String) -> Day? {
        guard let text = string(node, what: what) else { return nil }
        guard let day = Day(iso: text) else {
            error("\(what) '\(text)' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01", at: node)
            return nil
        }
        return day
    }

    mutating func integer(_ node: Node, what: String, range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            error("\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'", at: node)
            return nil
        }
        return value
    }

    mutating func double(_ node: Node, what: String, range: ClosedRange<Double>) -> Double? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Double(text), range.contains(value) else {
            error("\(what) must be a number from \(range.lowerBound) to \(range.upperBound), not '\(text)'", at: node)
            return nil
        }
        return value
    }

    /// A list of single values; a single value alone is taken as a list of one.
    mutating func strings(_ node: Node, what: String) -> [(String, Node)]? {
        switch node {
        case .sequence(let sequence):
            var values: [(String, Node)] = []
            for item in sequence {
                if let value = string(item, what: "each entry of \(what)") { values.append((value, item)) }
            }
            return values
        case .scalar:
            return string(node, what: what).map { [($0, node)] }
        default:
            error("\(what) must be a list, e.g. [a, b]", at: node)
            return nil
        }
    }

    mutating func unknownKey(_ key: String, at node: Node, known: [String], in what: String) {
        let suggestion = Suggest.closest(to: key, among: known)
        let hint = suggestion.map { "did you mean '\($0)'?" } ?? "known keys: \(known.joined(separator: ", "))"
        error("unknown key '\(key)' in \(what); \(hint)", at: node, suggestion: suggestion)
    }
}
