import Foundation

/// The render step: a sheet version becomes its printable HTML page and its
/// plain text; all versions together become the download page.
package struct SheetRenderer: Sendable {
    let configuration: Configuration
    let templates: Templates
    /// Each version's edition (`audience/slug` -> manifest entry); a version
    /// without one is rendered with no edition line.
    var editions: [String: Manifest.Entry]

    package init(configuration: Configuration, templates: Templates, editions: [String: Manifest.Entry] = [:]) {
        self.configuration = configuration
        self.templates = templates
        self.editions = editions
    }

    /// Every page's stylesheet: sheet.css, then the theme's rules.
    var css: String { configuration.theme.css(after: templates.css) }

    /// The oldest `verified` date among the contacts a version shows: every
    /// number on the sheet was checked on or after it.
    static func contactsChecked(_ version: SheetVersion) -> Day? {
        version.contacts.map(\.verified).min()
    }

    /// The footer's sentence on the contacts a version prints: when they were
    /// checked and, from `verified-by`, how; never more than the registry
    /// records, and nothing uncertain beside a number. "Rung" is said only of
    /// numbers recorded as rung (short codes such as 999 are nobody's to ring).
    static func contactsVerified(_ version: SheetVersion) -> String? {
        let days = version.contacts.map(\.verified)
        guard let first = days.min(), let last = days.max() else { return nil }
        let when = first == last ? "on \(first.longForm)" : "between \(first.longForm) and \(last.longForm)"
        let phones = version.contacts.filter { ($0.phone.map { $0.kind != .shortCode }) ?? false }
        let notRung = phones.filter { $0.verifiedBy != .call }
        if !phones.isEmpty, notRung.isEmpty {
            return "Contact details checked \(when); every phone number rung."
        }
        if notRung.count < phones.count {
            let names = notRung.map(\.name).joined(separator: ", ")
            return "Contact details checked \(when); phone numbers rung, except \(names)."
        }
        if !phones.isEmpty, phones.allSatisfy({ $0.verifiedBy != nil }) {
            return "Contact details checked \(when) against their published sources."
        }
        return "Contact details checked \(when)."
    }

    /// - Parameter linkingPDF: whether the page links its PDF (screen only,
    ///   and as an alternate); off for a version left without one, so no page
    ///   links a file that is not there.
    package func html(_ version: SheetVersion, linkingPDF: Bool = true) -> String {
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
            "contactsVerified": Self.contactsVerified(version) ?? "",
            "hasContacts": !version.contacts.isEmpty,
            "textVersion": OutputLayout.textFileName(version),
            // The site's pages, from the sheet's folder.
            "downloadPage": "../" + OutputLayout.index,
            // The audience's own feed, beside the page; people are sent to
            // the page that explains feeds, not to raw XML.
            "feed": OutputLayout.feed,
            "subscribe": "../" + OutputLayout.subscribe,
            "body": bodyHTML(version.document),
            "css": css,
        ]
        if let entry = editions[OutputLayout.base(version)] { context["edition"] = Self.editionLine(entry) }
        if let logo = configuration.theme.logoContext { context["logo"] = logo }
        if let approvedBy = meta.approvedBy { context["approvedBy"] = approvedBy }
        if linkingPDF {
            context["pdf"] = ["href": OutputLayout.pdfFileName(version), "download": downloadName(version)]
        }
        context.merge(Self.ownContactsContext(version.audience)) { _, box in box }
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

    /// The published folder of this version's audience, where the sheets it
    /// links to stand too.
    func publishedFolder(_ version: SheetVersion) -> String? {
        configuration.baseURL.map { $0 + version.audience.id + "/" }
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

    package func text(_ version: SheetVersion) -> String {
        let meta = version.sheet.frontMatter
        var writer = TextWriter(width: 72, folder: publishedFolder(version))
        var out = ""
        out += TextWriter.wrapped(meta.title) + String(repeating: "=", count: min(72, meta.title.unicodeScalars.count)) + "\n"
        out += TextWriter.wrapped("For: \(version.audience.label)")
        out += TextWriter.wrapped("From: \(meta.owner ?? configuration.partnership)")
        if let entry = editions[OutputLayout.base(version)] { out += TextWriter.wrapped(Self.editionLine(entry)) }
        out += "\n" + writer.render(version.document)
        let references = writer.referenceList()
        if !references.isEmpty { out += "\n" + references }
        let approved = meta.approvedBy.map { " Approved by \($0)." } ?? ""
        out += "\n" + TextWriter.wrapped("Reviewed \(meta.reviewed.longForm).\(approved) Next review due \(meta.nextReview.longForm).")
        if let checked = Self.contactsVerified(version) {
            out += TextWriter.wrapped(checked)
        }
        if let address = publishedAddress(version) {
            out += TextWriter.wrapped("Is this the latest version? See \(address)")
        }
        return out
    }

    /// - Parameters:
    ///   - pdfs: the PDFs (output-relative paths) the output will hold; only these are linked.
    ///   - previews: PDF path -> PNG of its first page, shown beside each sheet.
    ///   - packs: audience id -> pages of its print pack, for the packs the output will hold.
    ///   - withdrawn: versions withdrawn, listed under their audience with when, why and what instead.
    ///   - sizes: output path -> bytes, shown beside each PDF and pack ("PDF, 96 KB").
    package func index(_ versions: [SheetVersion], pdfs: Set<String>, previews: [String: Data] = [:],
                      packs: [String: Int] = [:], withdrawn: [WithdrawnVersion] = [],
                      sizes: [String: Int] = [:]) -> String {
        var audiences: [[String: Any]] = []
        for audience in configuration.audiences {
            let sheets = Self.byTitle(versions.filter { $0.audience.id == audience.id })
            let gone = withdrawn.filter { $0.audience.id == audience.id }
                .sorted { ($0.title.lowercased(), $0.slug) < ($1.title.lowercased(), $1.slug) }
            guard !sheets.isEmpty || !gone.isEmpty else { continue }
            var section: [String: Any] = [
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
                    if let entry = editions[OutputLayout.base(version)] {
                        sheet["edition"] = Self.editionLine(entry)
                        sheet["latestChange"] = Self.summary(of: entry.current)
                    }
                    if pdfs.contains(pdf) {
                        sheet["pdf"] = pdf
                        sheet["download"] = downloadName(version)
                        if let size = sizes[pdf] { sheet["size"] = Self.fileSize(size) }
                    }
                    if pdfs.contains(pdf), let preview = previews[pdf] {
                        sheet["preview"] = "data:image/png;base64," + preview.base64EncodedString()
                    }
                    return sheet
                },
            ]
            if !gone.isEmpty {
                section["hasWithdrawn"] = true
                section["withdrawn"] = gone.map { version -> [String: Any] in
                    var item: [String: Any] = [
                        "title": version.title,
                        "html": version.html,
                        "date": version.date.longForm,
                        "reason": Self.sentence(version.reason),
                    ]
                    if let instead = version.instead {
                        item["instead"] = ["title": instead.title, "html": "\(audience.id)/\(instead.slug).html"]
                    }
                    return item
                }
            }
            if !sheets.isEmpty, let link = Self.ownCopyLink(audience) { section["ownCopy"] = link }
            if let pages = packs[audience.id] {
                let href = OutputLayout.pack(audience: audience.id)
                var pack: [String: Any] = [
                    "href": href,
                    "download": packDownloadName(audience: audience.id, sheets: sheets),
                    "label": "All sheets for \(Self.lowercasedFirst(audience.label))",
                    "pages": pages == 1 ? "1 page" : "\(pages) pages",
                ]
                if let size = sizes[href] { pack["size"] = Self.fileSize(size) }
                section["pack"] = pack
            }
            audiences.append(section)
        }
        var context: [String: Any] = [
            "partnership": configuration.partnership,
            "audiences": audiences,
            "css": css,
            "feed": OutputLayout.feed,
            "subscribe": OutputLayout.subscribe,
        ]
        if let logo = configuration.theme.logoContext { context["logo"] = logo }
        let recent = recentChanges(versions)
        if !recent.isEmpty {
            context["recentChanges"] = recent
            context["hasRecentChanges"] = true
        }
        return templates.index.render(context)
    }

    /// The head of a page the tool writes itself (a withdrawn sheet's, the
    /// subscribe page, the schools' own-copy page), up to `</head>`: the
    /// same policy as the sheets (inline style and data: images only; no
    /// script unless `script` names one by hash), the stylesheet, then
    /// `links` before it and `after` it.
    func pageHead(title: String, script: String = "'none'", links: String = "", css: String? = nil,
                  after: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src \(script); base-uri 'none'; form-action 'none'">
        <title>\(title)</title>
        \(links)<style>
        \(css ?? self.css)
        </style>
        \(after)</head>

        """
    }

    /// Sheets in title order (then by file name), as a reader looks them up.
    static func byTitle(_ versions: [SheetVersion]) -> [SheetVersion] {
        versions.sorted {
            let (a, b) = ($0.sheet.frontMatter.title.lowercased(), $1.sheet.frontMatter.title.lowercased())
            return a != b ? a < b : $0.sheet.slug < $1.sheet.slug
        }
    }

    /// The newest editions, newest first: what a reader who printed sheets
    /// before should know. A first edition is a new sheet, news too (issue 25,
    /// item 4), listed by its edition date like any other.
    func recentChanges(_ versions: [SheetVersion], limit: Int = 10) -> [[String: Any]] {
        var items: [(date: String, title: String, key: String, edition: Manifest.Edition, version: SheetVersion)] = []
        for version in versions {
            let key = OutputLayout.base(version)
            for edition in editions[key]?.history ?? [] {
                items.append((edition.date, version.sheet.frontMatter.title, key, edition, version))
            }
        }
        items.sort { ($0.date, $0.edition.edition, $1.title, $1.key) > ($1.date, $1.edition.edition, $0.title, $0.key) }
        return items.prefix(limit).map { item in
            [
                "date": Day(iso: item.date)?.longForm ?? item.date,
                "title": item.title,
                "audience": item.version.audience.label,
                "html": OutputLayout.html(item.version),
                "edition": "\(item.edition.edition)",
                "summary": item.edition.edition == 1 ? "New sheet." : Self.summary(of: item.edition),
            ]
        }
    }
}
