// The only file that touches libcmark. It parses Markdown, copies the C tree
// into `Markup` values with their source positions, and frees the C tree at
// once, so nothing outside this file ever holds a pointer.
import CCmark
import Foundation

enum CommonMark {
    /// Parses `text` (the whole file, front matter already blanked out so that
    /// cmark's line numbers are the file's) into a `Markup` document.
    static func parse(_ text: String, file: String) -> Markup {
        parseReportingDepth(text, file: file).document
    }

    /// The deepest nesting the Swift tree keeps. Every later step walks the
    /// tree recursively; a bound here keeps a hostile 5,000-deep quote from
    /// exhausting a thread's stack anywhere. No one-page sheet comes close.
    static let maximumDepth = 32

    /// Parses, and says where nesting first went past `maximumDepth`
    /// (deeper quotes, lists and emphasis are flattened into the level above).
    static func parseReportingDepth(_ text: String, file: String) -> (document: Markup, flattenedAt: SourceLocation?) {
        let lines = LineIndex(text)
        var result: (Markup, SourceLocation?)?
        text.utf8CString.withUnsafeBufferPointer { buffer in
            let length = buffer.count - 1  // without the terminating NUL
            guard let root = cmark_parse_document(buffer.baseAddress, length, CMARK_OPT_SOURCEPOS)
            else { return }
            defer { cmark_node_free(root) }
            result = Converter(file: file, lines: lines).convert(root)
        }
        return result ?? (Markup(.document), nil)
    }

    /// libcmark's own HTML for `text`, with its default (safe) options: the
    /// reference that `HTMLWriter` is tested against.
    static func referenceHTML(_ text: String) -> String {
        text.utf8CString.withUnsafeBufferPointer { buffer in
            guard let root = cmark_parse_document(buffer.baseAddress, buffer.count - 1, CMARK_OPT_DEFAULT)
            else { return "" }
            defer { cmark_node_free(root) }
            guard let html = cmark_render_html(root, CMARK_OPT_DEFAULT) else { return "" }
            defer { free(html) }
            return String(cString: html)
        }
    }

    /// The version of the linked libcmark, e.g. "0.30.2".
    static var version: String { String(cString: cmark_version_string()) }
}

private struct Converter {
    let file: String
    let lines: LineIndex

    /// cmark's node types, kept behind this enum so no other code sees them.
    private enum NodeType {
        case document, blockQuote, list, item, codeBlock, htmlBlock, paragraph, heading,
             thematicBreak, text, softBreak, lineBreak, code, htmlInline, emphasis, strong,
             link, image, other

        init(_ type: cmark_node_type) {
            switch type {
            case CMARK_NODE_DOCUMENT: self = .document
            case CMARK_NODE_BLOCK_QUOTE: self = .blockQuote
            case CMARK_NODE_LIST: self = .list
            case CMARK_NODE_ITEM: self = .item
            case CMARK_NODE_CODE_BLOCK: self = .codeBlock
            case CMARK_NODE_HTML_BLOCK: self = .htmlBlock
            case CMARK_NODE_PARAGRAPH: self = .paragraph
            case CMARK_NODE_HEADING: self = .heading
            case CMARK_NODE_THEMATIC_BREAK: self = .thematicBreak
            case CMARK_NODE_TEXT: self = .text
            case CMARK_NODE_SOFTBREAK: self = .softBreak
            case CMARK_NODE_LINEBREAK: self = .lineBreak
            case CMARK_NODE_CODE: self = .code
            case CMARK_NODE_HTML_INLINE: self = .htmlInline
            case CMARK_NODE_EMPH: self = .emphasis
            case CMARK_NODE_STRONG: self = .strong
            case CMARK_NODE_LINK: self = .link
            case CMARK_NODE_IMAGE: self = .image
            default: self = .other
            }
        }
    }

    func convert(_ node: OpaquePointer) -> (Markup, SourceLocation?) {
        // An explicit stack instead of recursion, for the same reason.
        // A flattened frame builds no node of its own: its children go straight
        // to `target`, the nearest frame that does. (Gathering them in the
        // flattened frame and moving them up on close copied the whole inner
        // content once per level: quadratic in a deep run of emphasis.)
        struct Frame { var node: OpaquePointer; var markup: Markup; var flattened: Bool; var target: Int }
        var stack: [Frame] = [Frame(node: node, markup: shallowCopy(node), flattened: false, target: 0)]
        var depth = 1  // frames that will become nodes of their own
        var flattenedAt: SourceLocation?
        var iterator = cmark_node_first_child(node)
        var finished: Markup?
        while finished == nil {
            if let child = iterator {
                let copy = shallowCopy(child)
                let flatten = depth >= CommonMark.maximumDepth && Self.isFlattenable(copy.kind)
                if flatten, flattenedAt == nil { flattenedAt = copy.start }
                if !flatten { depth += 1 }
                let target = flatten ? stack[stack.count - 1].target : stack.count
                stack.append(Frame(node: child, markup: flatten ? Markup(.document) : copy, flattened: flatten, target: target))
                iterator = cmark_node_first_child(child)
                continue
            }
            // The top frame has no more children to add: close it.
            let done = stack.removeLast()
            if !done.flattened { depth -= 1 }
            iterator = cmark_node_next(done.node)
            if stack.isEmpty {
                finished = done.markup
            } else if !done.flattened {
                Self.append(done.markup, to: &stack[stack[stack.count - 1].target].markup)
            }
        }
        return (finished ?? Markup(.document), flattenedAt)
    }

    /// Containers whose content still reads sensibly one level up.
    private static func isFlattenable(_ kind: Markup.Kind) -> Bool {
        switch kind {
        case .blockQuote, .list, .item, .emphasis, .strong: true
        default: false
        }
    }

    /// Adjacent text nodes are merged: cmark splits text at characters that
    /// might have started markup, which would hide `{{placeholders}}` and
    /// phrases from later steps. The rendered HTML is the same either way.
    private static func append(_ child: Markup, to parent: inout Markup) {
        if case .text(let next) = child.kind, let lastIndex = parent.children.indices.last,
           case .text(var merged) = parent.children[lastIndex].kind {
            // The node gives up its text first, so `merged` is the only
            // reference and grows in place: a run of thousands of pieces
            // (`a**a**a**...`) costs its length, not its length squared.
            parent.children[lastIndex].kind = .text("")
            merged += next
            parent.children[lastIndex].kind = .text(merged)
            if let a = parent.children[lastIndex].range, let b = child.range {
                parent.children[lastIndex].range = a.lowerBound...max(a.upperBound, b.upperBound)
            }
        } else {
            parent.children.append(child)
        }
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    private func shallowCopy(_ node: OpaquePointer) -> Markup {
        let kind: Markup.Kind
        switch NodeType(cmark_node_get_type(node)) {
        case .document: kind = .document
        case .blockQuote: kind = .blockQuote
        case .list:
            kind = .list(Markup.ListStyle(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)),
                tight: cmark_node_get_list_tight(node) != 0))
        case .item: kind = .item
        case .codeBlock:
            kind = .codeBlock(info: string(cmark_node_get_fence_info(node)), literal: string(cmark_node_get_literal(node)))
        case .htmlBlock: kind = .htmlBlock(string(cmark_node_get_literal(node)))
        case .paragraph: kind = .paragraph
        case .heading: kind = .heading(level: Int(cmark_node_get_heading_level(node)))
        case .thematicBreak: kind = .thematicBreak
        case .text: kind = .text(string(cmark_node_get_literal(node)))
        case .softBreak: kind = .softBreak
        case .lineBreak: kind = .lineBreak
        case .code: kind = .code(string(cmark_node_get_literal(node)))
        case .htmlInline: kind = .htmlInline(string(cmark_node_get_literal(node)))
        case .emphasis: kind = .emphasis
        case .strong: kind = .strong
        case .link:
            kind = .link(destination: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case .image:
            kind = .image(source: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case .other: kind = .text("")
        }
        return Markup(kind, range: range(of: node))
    }

    private func range(of node: OpaquePointer) -> SourceRange? {
        let startLine = Int(cmark_node_get_start_line(node))
        guard startLine > 0 else { return nil }
        let start = lines.location(file: file, line: startLine, byteColumn: Int(cmark_node_get_start_column(node)))
        var endLine = Int(cmark_node_get_end_line(node))
        var endColumn = Int(cmark_node_get_end_column(node))
        if endLine < startLine { endLine = startLine; endColumn = Int(cmark_node_get_start_column(node)) }
        let end = lines.location(file: file, line: endLine, byteColumn: max(endColumn, 1))
        return start...max(start, end)
    }
}
