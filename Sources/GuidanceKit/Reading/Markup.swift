/// The document tree every later step works on: a Swift copy of libcmark's
/// tree in which every node keeps where it came from in the source file.
///
/// One value type for every kind of node keeps walking and rewriting simple:
/// a rule looks at `kind`, a rewriter returns a new node (or none to delete it).
package struct Markup: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        // Blocks
        case document
        case blockQuote
        case list(ListStyle)
        case item
        case codeBlock(info: String, literal: String)
        case htmlBlock(String)
        case paragraph
        case heading(level: Int)
        case thematicBreak
        /// Blocks that belong only to these audiences (from audience markers).
        case audience([String])
        // Inlines
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(String)
        case emphasis
        case strong
        case link(destination: String, title: String)
        case image(source: String, title: String)
        /// A `{{contact.field}}` placeholder after the resolve step.
        /// (Indirect: a contact is large and rare; boxing it halves every node.)
        indirect case contact(ContactValue)
    }

    struct ListStyle: Hashable, Sendable {
        var ordered: Bool
        var start: Int
        var tight: Bool
        init(ordered: Bool, start: Int, tight: Bool) {
            self.ordered = ordered
            self.start = start
            self.tight = tight
        }
    }

    var kind: Kind
    var children: [Markup]
    /// Where the node stands in the original file (front matter lines counted).
    var range: SourceRange?

    init(_ kind: Kind, children: [Markup] = [], range: SourceRange? = nil) {
        self.kind = kind
        self.children = children
        self.range = range
    }

    var isBlock: Bool {
        switch kind {
        case .document, .blockQuote, .list, .item, .codeBlock, .htmlBlock, .paragraph,
             .heading, .thematicBreak, .audience:
            true
        default:
            false
        }
    }

    /// The text a reader sees, without markup (used for link text, headings, rules).
    var plainText: String {
        switch kind {
        case .text(let s), .code(let s): return s
        case .softBreak, .lineBreak: return " "
        case .contact(let value): return value.displayText
        case .htmlInline, .htmlBlock: return ""
        case .codeBlock(_, let literal): return literal
        default: return children.map(\.plainText).joined()
        }
    }

    var start: SourceLocation? { range?.lowerBound }
}

extension Markup {
    /// Visits every node depth-first, parents before children.
    func forEach(_ body: (Markup, _ ancestors: [Markup]) throws -> Void) rethrows {
        var stack: [Markup] = []
        try walk(self, &stack, body)
    }

    private func walk(_ node: Markup, _ ancestors: inout [Markup],
                      _ body: (Markup, [Markup]) throws -> Void) rethrows {
        try body(node, ancestors)
        ancestors.append(node)
        try node.children.withUnsafeBufferPointer { children in
            for index in children.indices { try walk(children[index], &ancestors, body) }
        }
        ancestors.removeLast()
    }

    /// Visits every node depth-first, parents before children, keeping no
    /// list of ancestors: for the rules that need none (copying each node onto
    /// a list of ancestors was most of the cost of a walk over a large sheet).
    func forEachNode(_ body: (Markup) throws -> Void) rethrows {
        try body(self)
        // Children are borrowed from the array's storage, not copied out of it:
        // a copy retains and releases each of a node's strings and arrays, and
        // on a large sheet that was most of the time a walk took.
        try children.withUnsafeBufferPointer { children in
            for index in children.indices { try children[index].forEachNode(body) }
        }
    }

    /// Visits every node with the source range of the innermost block that
    /// holds it (not counting the node itself): where a word in a paragraph
    /// may be looked for.
    func forEachInBlock(_ body: (Markup, _ block: SourceRange?) throws -> Void) rethrows {
        try walkInBlock(nil, body)
    }

    private func walkInBlock(_ block: SourceRange?, _ body: (Markup, SourceRange?) throws -> Void) rethrows {
        try body(self, block)
        let inner = isBlock ? range : block
        try children.withUnsafeBufferPointer { children in
            for index in children.indices { try children[index].walkInBlock(inner, body) }
        }
    }

    /// Rebuilds the tree bottom-up: `transform` receives a node whose children
    /// are already rewritten and returns its replacements (none deletes it,
    /// several splice them in).
    func rewritten(_ transform: (Markup) throws -> [Markup]) rethrows -> [Markup] {
        var copy = self
        copy.children = try children.flatMap { try $0.rewritten(transform) }
        return try transform(copy)
    }
}
