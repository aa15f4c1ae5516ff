import Foundation

/// The render step: a sheet version becomes its printable HTML page and its
/// plain text; all versions together become the download page.
public struct SheetRenderer: Sendable {
    public let configuration: Configuration
    public let templates: Templates

    public init(configuration: Configuration, templates: Templates) {
        self.configuration = configuration
        self.templates = templates
    }

    /// The oldest `verified` date among the contacts a version shows: every
    /// number on the sheet was checked on or after it.
    static func contactsChecked(_ version: SheetVersion) -> Day? {
        version.contacts.map(\.verified).min()
    }

    public func html(_ version: SheetVersion) -> String {
        let meta = version.sheet.frontMatter
        var context: [String: Any] = [
            "title": meta.title,
            "audience": version.audience.label,
            "audienceID": version.audience.id,
            "partnership": configuration.partnership,
            "owner": meta.owner ?? configuration.partnership,
            "reviewed": meta.reviewed.longForm,
            "nextReview": meta.nextReview.longForm,
            "contactsChecked": Self.contactsChecked(version)?.longForm ?? "",
            "hasContacts": !version.contacts.isEmpty,
            "textVersion": "\(version.sheet.slug).txt",
            "body": bodyHTML(version.document),
            "css": templates.css,
        ]
        // Keys with nothing to show are left out: Mustache treats "" as true in a section.
        if let address = publishedAddress(version) {
            context["publishedAt"] = address
            context["qrCode"] = QRCode.svg(for: address, label: "QR code for the latest version of this sheet, at \(address)") ?? ""
        }
        return templates.sheet.render(context)
    }

    /// Where this version is published, from `base-url` in guidance.yaml.
    func publishedAddress(_ version: SheetVersion) -> String? {
        configuration.baseURL.map { $0 + OutputLayout.html(version) }
    }

    /// The body as sections: each level-2 heading opens a `<section>` whose
    /// class names it (`section-do`, `section-dont`), so the stylesheet can lay
    /// out do's and don'ts side by side.
    func bodyHTML(_ document: Markup) -> String {
        var sections: [(heading: Markup?, blocks: [Markup])] = [(nil, [])]
        for block in document.children {
            if case .heading(2) = block.kind {
                sections.append((block, []))
            } else {
                sections[sections.count - 1].blocks.append(block)
            }
        }
        var html = ""
        for (heading, blocks) in sections {
            guard let heading else {
                if !blocks.isEmpty { html += "<div class=\"intro\">\n" + HTMLWriter.render(blocks: blocks, in: document) + "</div>\n" }
                continue
            }
            let name = Self.className(heading.plainText)
            html += "<section class=\"section-\(name)\">\n"
            html += HTMLWriter.render(blocks: [heading] + blocks, in: document)
            html += "</section>\n"
        }
        return html
    }

    /// "Don't" -> "dont", "Who to tell" -> "who-to-tell".
    static func className(_ text: String) -> String {
        var name = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                name.unicodeScalars.append(scalar)
            } else if scalar == " " || scalar == "-", !name.isEmpty, name.last != "-" {
                name += "-"
            }
        }
        while name.hasSuffix("-") { name.removeLast() }
        return name.isEmpty ? "section" : name
    }

    public func text(_ version: SheetVersion) -> String {
        let meta = version.sheet.frontMatter
        var writer = TextWriter(width: 72)
        var out = ""
        out += TextWriter.wrapped(meta.title) + String(repeating: "=", count: min(72, meta.title.unicodeScalars.count)) + "\n"
        out += TextWriter.wrapped("For: \(version.audience.label)")
        out += TextWriter.wrapped("From: \(meta.owner ?? configuration.partnership)")
        out += "\n" + writer.render(version.document)
        let references = writer.referenceList()
        if !references.isEmpty { out += "\n" + references }
        out += "\n" + TextWriter.wrapped("Reviewed \(meta.reviewed.longForm). Next review due \(meta.nextReview.longForm).")
        if let checked = Self.contactsChecked(version) {
            out += TextWriter.wrapped("Contact details checked on or after \(checked.longForm).")
        }
        if let address = publishedAddress(version) {
            out += TextWriter.wrapped("Is this the latest version? See \(address)")
        }
        return out
    }

    /// - Parameters:
    ///   - pdfs: the PDFs (output-relative paths) the output will hold; only these are linked.
    ///   - previews: PDF path -> PNG of its first page, shown beside each sheet.
    public func index(_ versions: [SheetVersion], pdfs: Set<String>, previews: [String: Data] = [:]) -> String {
        var audiences: [[String: Any]] = []
        for audience in configuration.audiences {
            let sheets = versions.filter { $0.audience.id == audience.id }
            guard !sheets.isEmpty else { continue }
            audiences.append([
                "id": audience.id,
                "label": audience.label,
                "sheets": sheets.map { version -> [String: Any] in
                    let meta = version.sheet.frontMatter
                    let pdf = OutputLayout.pdf(version)
                    // A key is left out, not set to "", when there is nothing to
                    // show: Mustache treats "" as true in {{#pdf}}.
                    var sheet: [String: Any] = [
                        "title": meta.title,
                        "html": OutputLayout.html(version),
                        "text": OutputLayout.text(version),
                        "reviewed": meta.reviewed.longForm,
                        "nextReview": meta.nextReview.longForm,
                    ]
                    if pdfs.contains(pdf) { sheet["pdf"] = pdf }
                    if pdfs.contains(pdf), let preview = previews[pdf] {
                        sheet["preview"] = "data:image/png;base64," + preview.base64EncodedString()
                    }
                    return sheet
                },
            ])
        }
        let context: [String: Any] = [
            "partnership": configuration.partnership,
            "audiences": audiences,
            "css": templates.css,
        ]
        return templates.index.render(context)
    }
}
