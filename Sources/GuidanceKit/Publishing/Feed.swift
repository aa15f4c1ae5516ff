/// `Output/feed.xml`: an Atom 1.0 feed of every edition of every sheet
/// version, newest first, so readers can subscribe instead of checking.
/// Ids and dates come from the manifest, so the same editions give the
/// same bytes.
struct Feed: Sendable {
    static let fileName = "feed.xml"

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

    func xml(_ versions: [SheetVersion]) -> String {
        var entries: [(date: String, title: String, key: String, edition: Manifest.Edition, version: SheetVersion)] = []
        for version in versions {
            let key = OutputLayout.base(version)
            for edition in editions[key]?.history ?? [] {
                entries.append((edition.date, version.sheet.frontMatter.title, key, edition, version))
            }
        }
        entries.sort { ($0.date, $0.edition.edition, $1.title, $1.key) > ($1.date, $1.edition.edition, $0.title, $0.key) }
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
            let html = OutputLayout.html(entry.version)
            xml += """
                <entry>
                <title>\(escape("\(entry.title) (\(entry.version.audience.label)): edition \(entry.edition.edition)"))</title>
                <id>\(escape(id(html, edition: entry.edition.edition)))</id>
                <link rel="alternate" type="text/html" href="\(escape(address(html)))"/>
                <updated>\(Self.timestamp(entry.date))</updated>
                <summary>\(escape(SheetRenderer.summary(of: entry.edition)))</summary>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }
}
