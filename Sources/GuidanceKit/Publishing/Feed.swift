/// `Output/feed.xml`: an Atom 1.0 feed of every edition of every sheet
/// version, newest first, so readers can subscribe instead of checking.
/// Ids and dates come from the manifest, so the same editions give the
/// same bytes.
struct Feed: Sendable {
    static let fileName = OutputLayout.feed

    let configuration: Configuration
    let editions: [String: Manifest.Entry]

    init(configuration: Configuration, editions: [String: Manifest.Entry]) {
        self.configuration = configuration
        self.editions = editions
    }

    /// An address in `Output/`: absolute under `base-url`, else relative to the feed.
    func address(_ path: String) -> String { (configuration.baseURL ?? "") + path }

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

    /// Every edition of every version, and for a withdrawn version its
    /// editions and then the withdrawal, newest first.
    func xml(_ versions: [SheetVersion], withdrawn: [WithdrawnVersion] = []) -> String {
        struct Item {
            var date: String, order: Int, title: String, key: String, html: String, id: String, summary: String
        }
        var entries: [Item] = []
        func add(key: String, title: String, label: String) {
            let html = key + ".html"
            for edition in editions[key]?.history ?? [] {
                entries.append(Item(date: edition.date, order: edition.edition, title: "\(title) (\(label)): edition \(edition.edition)",
                                    key: key, html: html, id: id(html, edition: edition.edition),
                                    summary: SheetRenderer.summary(of: edition)))
            }
        }
        for version in versions {
            add(key: OutputLayout.base(version), title: version.sheet.frontMatter.title, label: version.audience.label)
        }
        for version in withdrawn {
            add(key: version.key, title: version.title, label: version.audience.label)
            entries.append(Item(date: version.date.description, order: Int.max, title: "\(version.title) (\(version.audience.label)): withdrawn",
                                key: version.key, html: version.html, id: id(version.html) + "#withdrawn-" + version.date.description,
                                summary: SheetRenderer.withdrawalSummary(version)))
        }
        entries.sort { ($0.date, $0.order, $1.title, $1.key) > ($1.date, $1.order, $0.title, $0.key) }
        let updated = entries.map(\.date).max() ?? "2000-01-01"
        func escape(_ text: String) -> String { HTMLEscaping.text(Self.xmlCharacters(text)) }
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
            <title>\(escape("Safeguarding guidance sheets: \(configuration.partnership)"))</title>
            <subtitle>New editions of each sheet, with what changed.</subtitle>
            <id>\(escape(id(Self.fileName)))</id>
            <link rel="self" type="application/atom+xml" href="\(escape(address(Self.fileName)))"/>
            <link rel="alternate" type="text/html" href="\(escape(address(OutputLayout.index)))"/>
            <updated>\(Self.timestamp(updated))</updated>
            <author><name>\(escape(configuration.partnership))</name></author>

            """
        for entry in entries {
            xml += """
                <entry>
                <title>\(escape(entry.title))</title>
                <id>\(escape(entry.id))</id>
                <link rel="alternate" type="text/html" href="\(escape(address(entry.html)))"/>
                <updated>\(Self.timestamp(entry.date))</updated>
                <summary>\(escape(entry.summary))</summary>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }
}
