/// Audience markers are HTML comments, so a sheet still previews cleanly:
///
///     <!-- audience: schools -->      opens a region (own line)
///     <!-- /audience -->              closes it
///     A paragraph. <!-- audience: schools -->   tags one paragraph or list item
///
/// This step reads them once per sheet, checks them, and wraps the blocks they
/// tag in `audience` nodes; `Markup.selected(for:)` then cuts one tree per audience.
enum AudienceMarker: Equatable {
    case open([String])
    case close

    /// The marker an HTML comment is; nil when it is no marker; `.failure` when
    /// it mentions an audience but cannot be read.
    static func parse(_ html: String) -> Result<AudienceMarker, MarkerError>? {
        let text = html.trimmingCharacters(in: .whitespacesAndNewlines)
        switch CommentMarker.parse(text) {
        case .close(let name) where name == "audience":
            return .success(.close)
        case .open(let name, let value) where name == "audience":
            let ids = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !ids.isEmpty, ids.allSatisfy({ !$0.isEmpty }) else { return .failure(MarkerError(text: text)) }
            return .success(.open(ids))
        default:
            // A comment whose first word is close to "audience" is a marker gone wrong.
            if let word = CommentMarker.firstWord(text), Suggest.editDistance(word, "audience") <= 2 {
                return .failure(MarkerError(text: text))
            }
            return nil
        }
    }

    /// A comment that mentions an audience but cannot be read as a marker.
    struct MarkerError: Error, Equatable {
        var text: String
    }
}

struct AudienceTagger {
    let declared: [String]
    let listed: [String]
    let file: String
    private(set) var findings: [Finding] = []

    init(declared: [String], listed: [String], file: String) {
        self.declared = declared
        self.listed = listed
        self.file = file
    }

    /// The document with every tagged block wrapped in an `.audience` node and
    /// every marker removed.
    mutating func tag(_ document: Markup) -> Markup {
        var document = document
        document.children = tagChildren(document.children, insideRegion: false)
        return document
    }

    private func start(_ node: Markup) -> SourceLocation {
        node.start ?? SourceLocation(file: file, line: 1, column: 1)
    }

    /// `unknown-audience` for an id that guidance.yaml does not declare.
    static func undeclared(_ id: String, at location: SourceLocation, declared: [String]) -> Finding {
        let suggestion = Suggest.closest(to: id, among: declared)
        return .error(.unknownAudience, at: location,
            "audience '\(id)' is not declared in \(Configuration.path); "
                + (suggestion.map { "did you mean '\($0)'?" } ?? "declared: \(declared.joined(separator: ", "))"),
            suggestion: suggestion)
    }

    private mutating func check(_ ids: [String], at location: SourceLocation) -> [String] {
        var valid: [String] = []
        for id in ids {
            if !declared.contains(id) {
                findings.append(Self.undeclared(id, at: location, declared: declared))
            } else if !listed.contains(id) {
                findings.append(.error(.unknownAudience, at: location,
                    "audience '\(id)' is not listed in this sheet's front matter; add it to 'audiences:' or remove the marker"))
            } else {
                valid.append(id)
            }
        }
        return valid
    }

    private mutating func tagChildren(_ children: [Markup], insideRegion: Bool) -> [Markup] {
        var output: [Markup] = []
        var region: (ids: [String], opener: Markup, blocks: [Markup])?
        func emit(_ node: Markup) {
            if region != nil { region?.blocks.append(node) } else { output.append(node) }
        }
        for child in children {
            if case .htmlBlock(let html) = child.kind, let parsed = AudienceMarker.parse(html) {
                switch parsed {
                case .failure(let error):
                    findings.append(.error(.unbalancedAudience, at: start(child),
                        "cannot read the audience marker '\(error.text)'; write <!-- audience: schools --> to open a region and <!-- /audience --> to close it"))
                case .success(.open(let ids)):
                    if let open = region {
                        findings.append(.error(.unbalancedAudience, at: start(child),
                            "audience regions do not nest: the region opened at line \(start(open.opener).line) is still open; close it with <!-- /audience --> first"))
                    } else if insideRegion {
                        findings.append(.error(.unbalancedAudience, at: start(child),
                            "audience regions do not nest: this marker stands inside a block that already belongs to a region"))
                    } else {
                        region = (check(ids, at: start(child)), child, [])
                    }
                case .success(.close):
                    if let open = region {
                        output.append(wrap(open.blocks, for: open.ids, opener: open.opener, closer: child))
                        region = nil
                    } else {
                        findings.append(.error(.unbalancedAudience, at: start(child),
                            "<!-- /audience --> closes no region; remove it or add <!-- audience: ... --> before the blocks it ends"))
                    }
                }
                continue
            }
            emit(tagBlock(child, insideRegion: insideRegion || region != nil))
        }
        if let open = region {
            findings.append(.error(.unbalancedAudience, at: start(open.opener),
                "this audience region is never closed; add a line <!-- /audience --> after its last block"))
            output.append(contentsOf: open.blocks)
        }
        return output
    }

    private func wrap(_ blocks: [Markup], for ids: [String], opener: Markup, closer: Markup?) -> Markup {
        let end = closer?.range?.upperBound ?? blocks.last?.range?.upperBound ?? start(opener)
        return Markup(.audience(ids), children: blocks, range: start(opener)...max(start(opener), end))
    }

    /// Looks inside one block: a trailing single-block marker, markers in nested containers.
    private mutating func tagBlock(_ node: Markup, insideRegion: Bool) -> Markup {
        var node = node
        switch node.kind {
        case .paragraph, .heading:
            if let (ids, stripped) = trailingMarker(node) {
                return Markup(.audience(ids), children: [stripped], range: node.range)
            }
            reportInlineMarkers(in: node)
            return node
        case .item:
            // An item whose last paragraph ends with a marker belongs to that audience as a whole.
            if let last = node.children.last, case .paragraph = last.kind, let (ids, stripped) = trailingMarker(last) {
                node.children[node.children.count - 1] = stripped
                node.children = tagChildren(node.children, insideRegion: true)
                return Markup(.audience(ids), children: [node], range: node.range)
            }
            // So does an item whose last line is a marker of its own (the marker
            // line then interrupts the paragraph and stands as a block).
            if let last = node.children.last, case .htmlBlock(let html) = last.kind,
               case .success(.open(let ids)) = AudienceMarker.parse(html), node.children.count > 1 {
                node.children.removeLast()
                node.children = tagChildren(node.children, insideRegion: true)
                return Markup(.audience(check(ids, at: start(last))), children: [node], range: node.range)
            }
            node.children = tagChildren(node.children, insideRegion: insideRegion)
            return node
        case .blockQuote, .list, .document:
            node.children = tagChildren(node.children, insideRegion: insideRegion)
            return node
        default:
            return node
        }
    }

    /// `(ids, node without the marker)` when a paragraph or heading ends with one.
    private mutating func trailingMarker(_ node: Markup) -> ([String], Markup)? {
        guard let last = node.children.last, case .htmlInline(let html) = last.kind,
              let parsed = AudienceMarker.parse(html) else { return nil }
        guard case .success(.open(let ids)) = parsed else {
            findings.append(.error(.unbalancedAudience, at: start(last),
                "a paragraph can only end with an opening marker such as <!-- audience: schools -->"))
            return nil
        }
        var stripped = node
        stripped.children.removeLast()
        // Drop the white space and line break before the marker.
        while let tail = stripped.children.last {
            if case .softBreak = tail.kind { stripped.children.removeLast(); continue }
            guard case .text(let value) = tail.kind else { break }
            let trimmed = String(value.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
            if trimmed.isEmpty { stripped.children.removeLast(); continue }
            stripped.children[stripped.children.count - 1].kind = .text(trimmed)
            break
        }
        return (check(ids, at: start(last)), stripped)
    }

    private mutating func reportInlineMarkers(in node: Markup) {
        node.forEach { child, _ in
            if case .htmlInline(let html) = child.kind, AudienceMarker.parse(html) != nil {
                findings.append(.error(.unbalancedAudience, at: start(child),
                    "an audience marker inside a paragraph must come at its very end; put region markers on lines of their own"))
            }
        }
    }
}

extension Markup {
    /// The tree one audience sees: blocks for other audiences removed, the
    /// audience wrappers unwrapped.
    func selected(for audience: String) -> Markup {
        // Audience wrappers stand only among blocks of a container; a
        // paragraph, heading or inline is shared as it is, not copied.
        switch kind {
        case .document, .blockQuote, .list, .item, .audience: break
        default: return self
        }
        var copy = self
        copy.children = children.flatMap { child -> [Markup] in
            if case .audience(let ids) = child.kind {
                return ids.contains(audience) ? child.children.map { $0.selected(for: audience) } : []
            }
            return [child.selected(for: audience)]
        }
        return copy
    }

    /// Whether a reader would see anything: a block other than a raw HTML comment.
    var hasVisibleContent: Bool {
        children.contains { child in
            switch child.kind {
            case .htmlBlock: false
            case .audience: child.hasVisibleContent
            default: true
            }
        }
    }
}
