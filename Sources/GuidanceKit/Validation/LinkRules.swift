/// Link rules that need no network: targets that lead nowhere or somewhere
/// dangerous, and link text that means nothing on paper or to a screen reader.
struct LinkRule: Rule {
    init() {}

    /// Link text that says nothing about where it goes, compared after folding
    /// case, punctuation and spacing ("Ctrl + Click Here" -> "ctrl click here").
    static let vagueTexts: Set<String> = [
        "click here", "ctrl click here", "ctrl click", "click", "here", "link", "this", "this link",
        "click this link", "read more", "more", "more info", "more information", "find out more",
        "learn more", "go", "this page", "this website", "website", "page", "url", "download",
    ]

    func check(_ context: ValidationContext) -> [Finding] {
        var findings: [Finding] = []
        let sheets = Dictionary(context.project.sheets.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        for sheet in context.project.sheets {
            // The sheet's parts are taken once: read inside the closure, the
            // whole Sheet value was copied for every node.
            let path = sheet.path
            let registryReadable = context.project.registry.isReadable
            sheet.document.forEachNode { node in
                switch node.kind {
                case .link(let destination, _):
                    let location = node.start ?? SourceLocation(file: path, line: 1, column: 1)
                    // An unread registry leaves placeholders as written; its finding covers them.
                    if !registryReadable, destination.hasPrefix("{{"), destination.hasSuffix("}}") { break }
                    let target = LinkChecks.target(destination, at: location)
                    findings += target.isEmpty ? Self.relative(destination, at: location, sheets: sheets) : target
                    let text = Self.fold(node.plainText)
                    if text.isEmpty {
                        findings.append(.error(.vagueLinkText, at: location,
                            "this link has no text; write what it leads to"))
                    } else if Self.vagueTexts.contains(text) {
                        findings.append(.warning(.vagueLinkText, at: location,
                            "the link text '\(node.plainText)' says nothing on paper or to a screen reader; name where it leads, e.g. 'NSPCC Learning'"))
                    }
                case .image(let source, _):
                    findings += LinkChecks.target(source, at: node.start ?? SourceLocation(file: path, line: 1, column: 1))
                default:
                    break
                }
            }
        }
        findings += Self.audiencesOfSheetLinks(context, sheets: sheets)
        return findings
    }

    /// A link without a scheme: another sheet's file name, which must exist;
    /// anything else leads nowhere from paper or an e-mail.
    static func relative(_ destination: String, at location: SourceLocation, sheets: [String: Sheet]) -> [Finding] {
        let trimmed = LinkDestination.trimmed(destination)
        guard LinkScheme.scheme(of: trimmed) == nil else { return [] }
        if let slug = SheetLink.slug(of: trimmed) {
            guard sheets[slug] == nil else { return [] }
            let nearest = Suggest.closest(to: slug, among: Array(sheets.keys))
            return [.error(.brokenLink, at: location,
                "there is no sheet Guidance/\(slug).md to link to"
                    + (nearest.map { "; did you mean \($0).md?" } ?? "; link another sheet by its file name"),
                suggestion: nearest.map { $0 + ".md" })]
        }
        var suggestion: String?
        let name = trimmed.hasPrefix("./") ? String(trimmed.dropFirst(2)) : trimmed
        if name.hasPrefix("//"), name.count > 2 {
            suggestion = "https:" + name
        } else if name.hasSuffix(".html"), sheets[String(name.dropLast(5))] != nil {
            suggestion = String(name.dropLast(5)) + ".md"
        } else if let host = name.split(separator: "/").first, host.contains("."), !host.hasPrefix("."),
                  host.split(separator: ".").count >= 2, !name.hasSuffix(".md"), !name.hasSuffix(".html") {
            suggestion = "https://" + name
        }
        return [.error(.unsafeLink, at: location,
            "'\(trimmed)' is not an address a reader can follow from a printed sheet or an e-mail; "
                + "write the full address (https://...), or link another sheet by its file name, e.g. (indecent-images.md)",
            suggestion: suggestion)]
    }

    /// Each version's links to other sheets must reach a version for the same
    /// audience: a schools page cannot link to a sheet that has no schools version.
    static func audiencesOfSheetLinks(_ context: ValidationContext, sheets: [String: Sheet]) -> [Finding] {
        var findings: [Finding] = []
        for version in context.versions {
            let audience = version.audience.id
            version.document.forEachNode { node in
                guard case .link(let destination, _) = node.kind, let slug = SheetLink.slug(of: destination),
                      let target = sheets[slug], !target.frontMatter.audiences.contains(audience) else { return }
                findings.append(.error(.brokenLink,
                    at: node.start ?? SourceLocation(file: version.sheet.path, line: 1, column: 1),
                    "the \(audience) version links to \(slug).md, which has no \(audience) version; "
                        + "add \(audience) to its audiences, or mark this line for the audiences it has"))
            }
        }
        return findings
    }

    static func fold(_ text: String) -> String {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }
}

enum LinkChecks {

    /// The placeholder and scheme checks for one link target.
    static func target(_ destination: String, at location: SourceLocation) -> [Finding] {
        let trimmed = LinkDestination.trimmed(destination)
        let lower = trimmed.lowercased()
        let placeholders = ["#", "todo", "tbc", "tbd", "xxx", "url", "link", "http://", "https://", "about:blank"]
        if trimmed.isEmpty || placeholders.contains(lower) || lower.contains("{{") || lower.contains("example.com") {
            return [.error(.placeholderLink, at: location,
                "this link has \(trimmed.isEmpty ? "an empty" : "a placeholder") target ('\(trimmed)'); write the real address, or take it from the registry with {{contact.url}}")]
        }
        // `tel:` or `mailto:` with nothing after it rings or writes to no one.
        if ContactLink.isEmpty(trimmed) {
            let phone = LinkScheme.scheme(of: trimmed) == "tel"
            return [.error(.placeholderLink, at: location,
                "this link has an empty target ('\(trimmed)'); write the \(phone ? "number" : "address") after it, "
                    + "or take it from the registry with {{contact.\(phone ? "phone" : "email")}}")]
        }
        return scheme(of: trimmed, at: location)
    }

    /// `private-link`: the message names the host, never the path or query.
    static func privateLink(_ reason: String, at location: SourceLocation) -> Finding {
        .error(.privateLink, at: location,
               "this link leads to \(reason), which a school's reader cannot follow, so it is never checked; "
                   + "link to the public address of the page")
    }

    /// `unsafe-link` for any scheme but http, https, mailto and tel, however
    /// disguised (case, control characters, white space inside the scheme);
    /// `insecure-link` for http.
    static func scheme(of url: String, at location: SourceLocation) -> [Finding] {
        guard let scheme = LinkScheme.scheme(of: url) else { return [] }
        if !LinkScheme.allowed.contains(scheme) {
            return [.error(.unsafeLink, at: location,
                "links may use only http, https, mailto and tel, not '\(scheme):'; remove this link")]
        }
        // A private address is the one thing to say about such a link (an
        // insecure-link suggestion would repeat it, query and all).
        if scheme == "http" || scheme == "https", let reason = PrivateHosts.reason(forURL: url) {
            return [privateLink(reason, at: location)]
        }
        if scheme == "http" {
            let cleaned = String(String.UnicodeScalarView(url.unicodeScalars.filter { !LinkScheme.isHidden($0) }))
            let secure = "https" + cleaned.dropFirst(4)
            return [.warning(.insecureLink, at: location,
                "this link uses http://; use https:// if the site offers it", suggestion: secure)]
        }
        return []
    }
}
