/// What a sheet says about its edition, in its footer, its text version and
/// on the download page.
extension SheetRenderer {
    /// "Edition 3, 29 November 2026".
    static func editionLine(_ entry: Manifest.Entry) -> String {
        "Edition \(entry.edition), \(Day(iso: entry.date)?.longForm ?? entry.date)"
    }

    /// An edition's change notes as one line: "First edition." for edition 1.
    static func summary(of edition: Manifest.Edition) -> String {
        if edition.edition == 1 { return "First edition." }
        if edition.notes.isEmpty { return "Text revised." }
        return edition.notes.map { $0.hasSuffix(".") ? $0 : $0 + "." }.joined(separator: " ")
    }

    /// "Schools and colleges" -> "schools and colleges", for "All sheets for ...";
    /// a label that starts with an acronym ("NHS, Brent Council and ...") is
    /// left as it is.
    static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        let firstWord = text.prefix { $0.isLetter }
        if firstWord.count > 1, firstWord.dropFirst().first?.isUppercase == true { return text }
        return first.lowercased() + text.dropFirst()
    }

    /// The published text an edition stands for: the title, the audience and
    /// the body with its contact details and link references, as the text
    /// version prints them. Left out: the edition line itself (an edition must
    /// not feed its own hash), and the review, sign-off and contacts-checked
    /// dates, which change with a review but are not a change of what the
    /// sheet tells its reader.
    func editionText(_ version: SheetVersion) -> String {
        var writer = TextWriter(width: 72, folder: publishedFolder(version))
        var out = version.sheet.frontMatter.title + "\n" + version.audience.label + "\n\n"
        out += writer.render(version.document)
        out += writer.referenceList()
        return out
    }

    /// The name a version's PDF is saved under (the `download` attribute):
    /// whose it is and which edition, as every audience's PDF has the same
    /// file name in its own folder (`harrow-schools-indecent-images-edition-3.pdf`).
    /// The address stays `schools/indecent-images.pdf`.
    func downloadName(_ version: SheetVersion) -> String {
        let edition = editions[OutputLayout.base(version)].map { "-edition-\($0.edition)" } ?? ""
        return "\(configuration.shortName)-\(version.audience.id)-\(version.sheet.slug)\(edition).pdf"
    }

    /// A print pack's download name, dated by the newest edition it holds
    /// (`harrow-schools-all-sheets-2026-12-07.pdf`): a pack saved before
    /// any of its sheets changed keeps its own name.
    func packDownloadName(audience: String, sheets: [SheetVersion]) -> String {
        let newest = sheets.compactMap { editions[OutputLayout.base($0)]?.date }.max().map { "-\($0)" } ?? ""
        return "\(configuration.shortName)-\(audience)-\(OutputLayout.packSlug)\(newest).pdf"
    }

    /// A file's size as a download page shows it: "96 KB", "1.3 MB"
    /// (1 KB = 1,000 bytes, rounded; never "0 KB").
    static func fileSize(_ bytes: Int) -> String {
        if bytes >= 1_000_000 {
            let tenths = Int((Double(bytes) / 100_000).rounded())
            return "\(tenths / 10).\(tenths % 10) MB"
        }
        return "\(max(1, Int((Double(bytes) / 1000).rounded()))) KB"
    }
}
