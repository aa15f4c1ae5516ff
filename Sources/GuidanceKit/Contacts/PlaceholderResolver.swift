/// The resolve step: `{{contact.field}}` placeholders in text and link
/// addresses become typed contact nodes, taken from the one registry.
/// Code spans and code blocks are left alone: they show text as written.
struct PlaceholderResolver {
    let registry: ContactRegistry
    let source: SourceText
    private(set) var findings: [Finding] = []
    /// The ids of the contacts that placeholders became, in order of first use.
    private(set) var named: [String] = []
    /// Where the links whose address holds a placeholder start.
    private(set) var linksFilledIn: Set<SourceLocation> = []

    init(registry: ContactRegistry, source: SourceText) {
        self.registry = registry
        self.source = source
    }

    /// A placeholder found in text: `{{ id }}` or `{{ id.field }}`, spaces
    /// inside the braces allowed.
    struct Occurrence {
        var range: Range<String.Index>
        /// What stands between the braces, without the spaces.
        var reference: Substring
    }

    /// The first placeholder in `text`. A hand-written scan rather than a
    /// regular expression: linear even in thousands of unmatched `{{`.
    static func firstPlaceholder(in text: Substring) -> Occurrence? {
        var index = text.startIndex
        while let open = text[index...].firstRange(of: "{{") {
            var cursor = open.upperBound
            // `{{{` : the placeholder, if any, starts at the last brace.
            while cursor < text.endIndex, text[cursor] == "{" { cursor = text.index(after: cursor) }
            let start = text.index(cursor, offsetBy: -2)
            while cursor < text.endIndex, text[cursor].isWhitespace { cursor = text.index(after: cursor) }
            let nameStart = cursor
            while cursor < text.endIndex, !text[cursor].isWhitespace, text[cursor] != "{", text[cursor] != "}" {
                cursor = text.index(after: cursor)
            }
            let name = text[nameStart..<cursor]
            while cursor < text.endIndex, text[cursor].isWhitespace { cursor = text.index(after: cursor) }
            if text[cursor...].hasPrefix("}}") {
                return Occurrence(range: start..<text.index(cursor, offsetBy: 2), reference: name)
            }
            index = cursor > open.upperBound ? cursor : open.upperBound
        }
        return nil
    }

    mutating func resolve(_ document: Markup) -> Markup {
        resolved(document, block: document.range)?.first ?? document
    }

    /// What `node` becomes, or nil when it and everything under it stay as
    /// they are: a sheet is mostly text without placeholders, and rebuilding
    /// every node of it (new arrays, every string retained again) was most of
    /// what this step cost on a large sheet.
    private mutating func resolved(_ node: Markup, block: SourceRange?) -> [Markup]? {
        let block = node.isBlock ? node.range : block
        var kind: Markup.Kind?
        switch node.kind {
        case .codeBlock, .code, .htmlBlock, .htmlInline:
            return nil
        case .text(let text):
            return text.utf8.contains(UInt8(ascii: "{")) && text.contains("{{") ? split(text, node: node, block: block) : nil
        case .link(let destination, let title) where destination.contains("{{"):
            kind = .link(destination: substitute(destination, at: node.start, block: block), title: title)
            if let start = node.start { linksFilledIn.insert(start) }
        case .image(let source, let title) where source.contains("{{"):
            kind = .image(source: substitute(source, at: node.start, block: block), title: title)
        default:
            break
        }
        // Children are rebuilt from the first one that changes; before it they are shared.
        var children: [Markup]?
        for index in node.children.indices {
            let replacement = resolved(node.children[index], block: block)
            if children == nil, replacement != nil { children = Array(node.children[..<index]) }
            if children != nil { children! += replacement ?? [node.children[index]] }
        }
        guard kind != nil || children != nil else { return nil }
        var node = node
        if let kind { node.kind = kind }
        if let children { node.children = children }
        return [node]
    }

    /// Splits a text node around its placeholders.
    private mutating func split(_ text: String, node: Markup, block: SourceRange?) -> [Markup] {
        var result: [Markup] = []
        var rest = text[...]
        // Each placeholder is looked for from where the last one stood, so a
        // line of thousands costs its length once; one that is not in the
        // source as written (spelt with entities) is not looked for again.
        var searchFrom = node.start ?? SourceLocation(file: source.file, line: 1, column: 1)
        var notFound: Set<String> = []
        while let match = Self.firstPlaceholder(in: rest) {
            if match.range.lowerBound > rest.startIndex {
                result.append(Markup(.text(String(rest[rest.startIndex..<match.range.lowerBound])), range: node.range))
            }
            let written = String(rest[match.range])
            var location = searchFrom
            if !notFound.contains(written) {
                if let found = source.find(written, from: searchFrom, within: block) {
                    location = found
                } else {
                    notFound.insert(written)
                }
            }
            searchFrom = SourceLocation(file: location.file, line: location.line, column: location.column + 1)
            let kinds = values(for: String(match.reference), written: written, at: location) ?? [.text(written)]
            result += kinds.map { Markup($0, range: location...location) }
            rest = rest[match.range.upperBound...]
        }
        if !rest.isEmpty { result.append(Markup(.text(String(rest)), range: node.range)) }
        return result
    }

    /// A link address with its placeholders replaced by their plain values.
    private mutating func substitute(_ address: String, at start: SourceLocation?, block: SourceRange?) -> String {
        let from = start ?? SourceLocation(file: source.file, line: 1, column: 1)
        var result = ""
        var rest = address[...]
        while let match = Self.firstPlaceholder(in: rest) {
            result += rest[rest.startIndex..<match.range.lowerBound]
            let written = String(rest[match.range])
            let location = source.locate(written, from: from, within: block)
            if let values = values(for: String(match.reference), written: written, at: location) {
                result += values.compactMap { value -> String? in
                    guard case .contact(let contact) = value else { return nil }
                    if contact.field == .phone { return contact.phone?.e164 ?? contact.phone?.written }
                    return contact.displayText
                }.joined()
            } else {
                result += written
            }
            rest = rest[match.range.upperBound...]
        }
        return result + rest
    }

    /// The nodes a placeholder stands for, or nil (with a finding) when it names
    /// no known contact or field.
    private mutating func values(for reference: String, written: String, at location: SourceLocation) -> [Markup.Kind]? {
        let parts = reference.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let ids = registry.contacts.map(\.id)
        guard parts.count <= 2, let id = parts.first, !id.isEmpty else {
            findings.append(.error(.unknownContact, at: location,
                "'\(written)' is not a placeholder; write {{contact}} or {{contact.field}}, e.g. {{mash.phone}}"))
            return nil
        }
        if let pending = registry.toFillIn(id) {
            findings.append(.error(.fillInContact, at: location,
                "'\(id)' is still to be filled in (\(ContactRegistry.path):\(pending.location.line)); "
                    + "write its details there and delete its fill-in: line, or use another contact here"))
            return nil
        }
        guard let contact = registry.contact(id) else {
            let suggestion = Suggest.closest(to: id, among: ids)
            let hint = suggestion.map { "did you mean '\($0)'?" }
                ?? (ids.isEmpty ? "add it to \(ContactRegistry.path)"
                    : "add it to \(ContactRegistry.path) or use one of: \(ids.joined(separator: ", "))")
            findings.append(.error(.unknownContact, at: location, "unknown contact '\(id)' in '\(written)'; \(hint)",
                                   suggestion: suggestion.map { written.replacingOccurrences(of: id, with: $0) }))
            return nil
        }
        if !named.contains(id) { named.append(id) }
        func value(_ field: ContactField) -> Markup.Kind? {
            guard let text = contact.text(of: field) else { return nil }
            return .contact(ContactValue(contact: id, field: field, displayText: text,
                                         phone: field == .phone ? contact.phone : nil))
        }
        guard parts.count == 2 else {
            // `{{mash}}` alone: the name, then the phone number.
            let name = value(.name).map { [$0] } ?? []
            return name + (value(.phone).map { [.text(" "), $0] } ?? [])
        }
        let fieldName = parts[1]
        guard let field = ContactField(rawValue: fieldName) else {
            let fields = ContactField.allCases.map(\.rawValue)
            let suggestion = Suggest.closest(to: fieldName, among: fields)
            let hint = suggestion.map { "did you mean '\($0)'?" } ?? "fields are \(fields.joined(separator: ", "))"
            findings.append(.error(.unknownContact, at: location, "unknown field '\(fieldName)' in '\(written)'; \(hint)",
                                   suggestion: suggestion.map { "{{\(id).\($0)}}" }))
            return nil
        }
        guard let resolved = value(field) else {
            findings.append(.error(.unknownContact, at: location,
                "contact '\(id)' has no \(fieldName) in \(ContactRegistry.path); add one there or remove '\(written)'"))
            return nil
        }
        return [resolved]
    }
}
