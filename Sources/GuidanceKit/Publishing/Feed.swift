/// `Output/feed.xml`: an Atom 1.0 feed of every edition of every sheet
/// version, newest first, so readers can subscribe instead of checking; and
/// `Output/<audience>/feed.xml`, the same for one audience's versions only
/// (a school need not hear of the agencies' editions). Each entry links the
/// sheet's page and, where the output holds it, its PDF. Ids and dates come
/// from the manifest, so the same editions give the same bytes, and an entry
/// has the same id in every feed that holds it.
struct Feed: Sendable {
    static let fileName = OutputLayout.feed

    let configuration: Configuration
    let editions: [String: Manifest.Entry]
    /// The PDFs (output-relative paths) the output will hold; an entry links
    /// its sheet's PDF only when it is one of them.
    var pdfs: Set<String>
    /// Only this audience's versions (`<audience>/feed.xml`); nil for every audience's.
    var audience: Configuration.Audience?

    init(configuration: Configuration, editions: [String: Manifest.Entry], pdfs: Set<String> = [],
         audience: Configuration.Audience? = nil) {
        self.configuration = configuration
        self.editions = editions
        self.pdfs = pdfs
        self.audience = audience
    }

    /// Where this feed is published in `Output/`.
    var path: String { audience.map { OutputLayout.feed(audience: $0.id) } ?? Self.fileName }

    /// An address in `Output/`: absolute under `base-url`, else relative to the feed.
    func address(_ path: String) -> String {
        if let base = configuration.baseURL { return base + path }
        return audience == nil ? path : "../" + path
    }

    /// A permanent id: the page's address with the edition as fragment, or,
    /// without `base-url`, a URN naming the same.
    func id(_ path: String, edition: Int? = nil) -> String {
        let fragment = edition.map { "#edition-\($0)" } ?? ""
        if let base = configuration.baseURL { return base + path + fragment }
        return "urn:guidance:" + path + fragment
    }

    /// Text with every character XML 1.0 does not allow taken out, so that
    /// the feed stays XML whatever an older manifest recorded (the readers
    /// now refuse such characters in every field).
    static func xmlCharacters(_ text: String) -> String {
        func allowed(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
            default: false
            }
        }
        guard !text.unicodeScalars.allSatisfy(allowed) else { return text }
        var out = ""
        out.unicodeScalars.append(contentsOf: text.unicodeScalars.filter(allowed))
        return out
    }

    static func timestamp(_ date: String) -> String { date + "T00:00:00Z" }

    /// Every edition of every version (of `audience`, when set), and for a
    /// withdrawn version its editions and then the withdrawal, newest first.
    func xml(_ versions: [SheetVersion], withdrawn: [WithdrawnVersion] = []) -> String {
        struct Item {
            var date: String, order: Int, title: String, key: String, html: String, pdf: String?, id: String, summary: String
        }
        let versions = versions.filter { audience == nil || $0.audience.id == audience?.id }
        let withdrawn = withdrawn.filter { audience == nil || $0.audience.id == audience?.id }
        var entries: [Item] = []
        func add(key: String, title: String, label: String, pdf: String?) {
            let html = key + ".html"
            for edition in editions[key]?.history ?? [] {
                entries.append(Item(date: edition.date, order: edition.edition, title: "\(title) (\(label)): edition \(edition.edition)",
                                    key: key, html: html, pdf: pdf, id: id(html, edition: edition.edition),
                                    summary: SheetRenderer.summary(of: edition)))
            }
        }
        for version in versions {
            let pdf = OutputLayout.pdf(version)
            add(key: OutputLayout.base(version), title: version.sheet.frontMatter.title, label: version.audience.label,
                pdf: pdfs.contains(pdf) ? pdf : nil)
        }
        for version in withdrawn {
            // Its PDF is gone; its page stays, saying so.
            add(key: version.key, title: version.title, label: version.audience.label, pdf: nil)
            entries.append(Item(date: version.date.description, order: Int.max, title: "\(version.title) (\(version.audience.label)): withdrawn",
                                key: version.key, html: version.html, pdf: nil, id: id(version.html) + "#withdrawn-" + version.date.description,
                                summary: SheetRenderer.withdrawalSummary(version)))
        }
        entries.sort { ($0.date, $0.order, $1.title, $1.key) > ($1.date, $1.order, $0.title, $0.key) }
        let updated = entries.map(\.date).max() ?? "2000-01-01"
        func escape(_ text: String) -> String { HTMLEscaping.text(Self.xmlCharacters(text)) }
        let whose = audience.map { " for " + SheetRenderer.lowercasedFirst($0.label) } ?? ""
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
            <title>\(escape("Safeguarding guidance sheets\(whose): \(configuration.partnership)"))</title>
            <subtitle>New editions of each sheet, with what changed.</subtitle>
            <id>\(escape(id(path)))</id>
            <link rel="self" type="application/atom+xml" href="\(escape(address(path)))"/>
            <link rel="alternate" type="text/html" href="\(escape(address(OutputLayout.index)))"/>
            <updated>\(Self.timestamp(updated))</updated>
            <author><name>\(escape(configuration.partnership))</name></author>

            """
        for entry in entries {
            // The PDF as a second alternate (Atom allows one per media type):
            // what a reader prints or forwards.
            let pdf = entry.pdf.map {
                "<link rel=\"alternate\" type=\"application/pdf\" href=\"\(escape(address($0)))\"/>\n"
            } ?? ""
            xml += """
                <entry>
                <title>\(escape(entry.title))</title>
                <id>\(escape(entry.id))</id>
                <link rel="alternate" type="text/html" href="\(escape(address(entry.html)))"/>
                \(pdf)<updated>\(Self.timestamp(entry.date))</updated>
                <summary>\(escape(entry.summary))</summary>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }
}
