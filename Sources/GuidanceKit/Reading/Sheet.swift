/// One guidance source, `Guidance/<slug>.md`, read and parsed.
package struct Sheet: Sendable {
    var slug: String
    /// Relative to the project root, e.g. `Guidance/indecent-images.md`.
    var path: String
    var frontMatter: FrontMatter
    var document: Markup
    var source: SourceText
    /// The contacts its placeholders name, once resolved (nil before): the
    /// rules that need them are spared a walk over the whole tree.
    var contactsNamed: [String]? = nil
    /// Where the links whose address a placeholder filled in start
    /// (`tel:{{mash.phone}}`): the registry's values, judged there, not again
    /// as if typed into the sheet.
    var linksFromRegistry: Set<SourceLocation> = []


    /// Reads a sheet's text. Returns nil (with findings) when it cannot be used.
    package static func read(text: String, slug: String, path: String, partnership: String?) -> (Sheet?, [Finding]) {
        let start = SourceLocation(file: path, line: 1, column: 1)
        var findings: [Finding] = []
        if !Identifier.isValid(slug) {
            findings.append(.error(.frontMatter, at: start,
                "the file name '\(slug).md' is not a valid sheet name; use lower-case letters, digits and hyphens, e.g. indecent-images.md"))
        }
        if let reserved = OutputLayout.reservedSlugs[slug] {
            findings.append(.error(.frontMatter, at: start,
                "the file name '\(slug).md' is reserved for \(reserved); choose another name"))
        }
        guard let parts = FrontMatter.split(text) else {
            findings.append(.error(.frontMatter, at: start,
                "a sheet must start with front matter: a line '---', then title, audiences, reviewed and next-review, then a line '---'"))
            return (nil, findings)
        }
        guard parts.closed else {
            findings.append(.error(.frontMatter, at: start,
                "the front matter opened here is never closed; add a line '---' after its last field"))
            return (nil, findings)
        }
        // A front-matter error does not stop the body's checks: the sheet is
        // read with the broken fields marked, and only what needs them is skipped.
        let (meta, metaFindings) = FrontMatter.read(parts.yaml, file: path, partnershipDefault: partnership, slug: slug)
        findings += metaFindings
        let (document, flattenedAt) = CommonMark.parseReportingDepth(parts.body, file: path)
        if let flattenedAt {
            findings.append(.error(.unreadableFile, at: flattenedAt,
                "quotes, lists or emphasis are nested more than \(CommonMark.maximumDepth) levels deep here; no one-page sheet needs that, so check this is the right file"))
            return (nil, findings)
        }
        return (Sheet(slug: slug, path: path, frontMatter: meta, document: document,
                      source: SourceText(file: path, text: parts.body)), findings)
    }
}
