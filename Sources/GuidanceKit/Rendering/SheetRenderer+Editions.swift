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
}
