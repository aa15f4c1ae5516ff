import Foundation

/// `unpublished-asset`: a template that names a file the build does not
/// publish (`<img src="logo.png">` in sheet.mustache, `url(band.png)` in
/// sheet.css) passes every other check and then prints as a broken image on
/// every page and PDF. Every relative reference in a template must lead to a
/// file the build writes into Output/ (a sheet's own PDF or text, the index,
/// a feed, another sheet), from every page the template makes.
struct UnpublishedAssetRule: Rule {
    func check(_ context: ValidationContext) -> [Finding] {
        let project = context.project
        let published = UnpublishedAssets.published(project)
        let sheetPages = UnpublishedAssets.sheetPages(project)
        var findings: [Finding] = []
        for (name, text) in project.templates.sources.sorted(by: { $0.key < $1.key }) {
            let pages: [String]
            switch name {
            case "index.mustache": pages = [OutputLayout.index]
            case "sheet.css": pages = [OutputLayout.index] + sheetPages  // inlined into both
            default: pages = sheetPages
            }
            findings += UnpublishedAssets.check(text, file: "\(Templates.folder)/\(name)", css: name.hasSuffix(".css"),
                                                pages: pages, published: published)
        }
        return findings
    }
}

enum UnpublishedAssets {
    /// A reference to a file as written in a template, where its target starts.
    struct Reference: Sendable, Hashable {
        var target: String
        var line: Int
        var column: Int
    }

    /// The files a build of `project` publishes, by path under Output/
    /// (PDFs included: a build that can print writes them).
    static func published(_ project: Project) -> Set<String> {
        var files = OutputLayout.topLevelFiles
        for audience in project.configuration.audiences {
            files.insert(OutputLayout.feed(audience: audience.id))
            files.insert(OutputLayout.pack(audience: audience.id))
            if !audience.ownContacts.isEmpty { files.insert(OutputLayout.ownCopy(audience: audience.id)) }
        }
        for sheet in project.sheets {
            for id in sheet.frontMatter.audiences where project.configuration.audience(id) != nil {
                for ext in OutputLayout.sheetExtensions { files.insert(OutputLayout.base(audience: id, slug: sheet.slug) + ext) }
            }
        }
        // A withdrawn sheet's old address keeps a page pointing onwards.
        for sheet in project.withdrawn {
            for id in sheet.frontMatter.audiences where project.configuration.audience(id) != nil {
                files.insert(OutputLayout.base(audience: id, slug: sheet.slug) + ".html")
            }
        }
        return files
    }

    /// The pages sheet.mustache makes: one per sheet and audience.
    static func sheetPages(_ project: Project) -> [String] {
        project.sheets.flatMap { sheet in
            sheet.frontMatter.audiences.filter { project.configuration.audience($0) != nil }
                .map { OutputLayout.base(audience: $0, slug: sheet.slug) + ".html" }
        }
    }

    /// An error for each relative reference in `text` that is not a published
    /// file from every one of `pages` (paths under Output/).
    static func check(_ text: String, file: String, css: Bool, pages: [String], published: Set<String>) -> [Finding] {
        references(in: text, file: file, css: css).compactMap { reference in
            guard isFile(reference.target) else { return nil }
            let missing = pages.contains { page in resolve(reference.target, from: page).map { !published.contains($0) } ?? true }
            guard missing else { return nil }
            return .error(.unpublishedAsset, at: SourceLocation(file: file, line: reference.line, column: reference.column),
                "\(reference.target) is not published: the build writes no such file into Output/, so every page (and PDF) "
                    + "would show it broken. For a logo, name it under theme: logo: in \(Configuration.path) (it is then "
                    + "embedded in every page); otherwise remove the reference")
        }
    }

    /// Every address a template names: `src`, `href`, `srcset` and `poster`
    /// attributes, and `url(...)` and `@import` in CSS (in sheet.css, or in a
    /// `<style>` or `style=""` of a page template).
    static func references(in text: String, file: String, css: Bool) -> [Reference] {
        var found: [(index: String.Index, target: Substring)] = []
        if !css {
            for match in text.matches(of: #/(?i)\b(src|href|srcset|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/#) {
                guard let value = match.output.2 ?? match.output.3 ?? match.output.4 else { continue }
                if match.output.1.lowercased() == "srcset" {
                    // Candidates split by commas; each one's address comes first.
                    for candidate in value.split(separator: ",") {
                        let address = candidate.drop { $0.isWhitespace }.prefix { !$0.isWhitespace }
                        if !address.isEmpty { found.append((address.startIndex, address)) }
                    }
                } else {
                    found.append((value.startIndex, value))
                }
            }
        }
        for match in text.matches(of: #/(?i)\burl\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/#) {
            if let value = match.output.1 ?? match.output.2 ?? match.output.3 { found.append((value.startIndex, value)) }
        }
        for match in text.matches(of: #/(?i)@import\s+(?:"([^"]*)"|'([^']*)')/#) {
            if let value = match.output.1 ?? match.output.2 { found.append((value.startIndex, value)) }
        }
        found.sort { $0.index < $1.index }
        var line = 1, lineStart = text.startIndex, scanned = text.startIndex
        return found.map { index, target in
            for position in text[scanned..<index].indices where text[position] == "\n" {
                line += 1
                lineStart = text.index(after: position)
            }
            scanned = index
            return Reference(target: String(target), line: line, column: text.distance(from: lineStart, to: index) + 1)
        }
    }

    /// Whether an address names a file beside the pages: not a template
    /// variable (those name published files), a fragment, or an address
    /// with a scheme (`https:`, `data:`, `mailto:`) or a host (`//`).
    static func isFile(_ target: String) -> Bool {
        let target = target.trimmingCharacters(in: .whitespaces)
        if target.isEmpty || target.contains("{{") || target.hasPrefix("#") || target.hasPrefix("//") { return false }
        return target.firstMatch(of: #/^[A-Za-z][A-Za-z0-9+.\-]*:/#) == nil
    }

    /// The path under Output/ a relative address leads to from `page`, or
    /// nil when it leaves Output/ (`/x` too: the site may not be at the root
    /// of its host).
    static func resolve(_ target: String, from page: String) -> String? {
        var path = target.trimmingCharacters(in: .whitespaces)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = String(path[..<cut]) }
        path = path.removingPercentEncoding ?? path
        guard !path.hasPrefix("/") else { return nil }
        var parts = page.split(separator: "/").dropLast().map(String.init)
        let pieces = path.split(separator: "/", omittingEmptySubsequences: false)
        for piece in pieces {
            switch piece {
            case "", ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(piece))
            }
        }
        // A folder's address is its index page.
        if path.isEmpty || path.hasSuffix("/") || pieces.last == "." || pieces.last == ".." { parts.append(OutputLayout.index) }
        return parts.joined(separator: "/")
    }
}
