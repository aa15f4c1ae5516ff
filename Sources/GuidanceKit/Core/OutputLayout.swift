/// Where each published file lives under `Output/`: one home for the layout
/// `<audience>/<slug>.html|txt|pdf` beside `index.html` and the site's own
/// files. (A version's paths are in `Audiences/SheetVersion.swift`.)
package enum OutputLayout {
    static let index = "index.html"
    /// The registry as published (`changed-contact` compares with it).
    static let registry = "contacts.json"
    /// Every version's edition and every file's SHA-256, as last published.
    static let manifest = "manifest.json"
    static let feed = "feed.xml"
    /// The files a full build writes at the top of the output folder.
    static let topLevelFiles: Set<String> = [index, registry, manifest, feed]
    static let sheetExtensions = [".html", ".txt", ".pdf"]

    /// `schools/x`: a version's files without their extension.
    static func base(audience: String, slug: String) -> String { "\(audience)/\(slug)" }

    /// The print pack's name, reserved: no sheet may be called this.
    static let packSlug = "all-sheets"
    /// `schools/all-sheets.pdf`: every sheet of an audience in one PDF.
    static func pack(audience: String) -> String { "\(audience)/\(packSlug).pdf" }

    /// The page where a setting fills in its own contacts and prints a sheet
    /// with them (audiences with `own-contacts:`), reserved like the pack.
    static let ownCopySlug = "own-copy"
    static let ownCopyFileName = ownCopySlug + ".html"
    /// `schools/own-copy.html`.
    static func ownCopy(audience: String) -> String { "\(audience)/\(ownCopyFileName)" }
    /// Names no sheet may take, with what they are kept for.
    static let reservedSlugs = [packSlug: "the print pack of every sheet (Output/<audience>/\(packSlug).pdf)",
                                ownCopySlug: "the page where a setting prints a sheet with its own contacts "
                                    + "(Output/<audience>/\(ownCopyFileName))"]

    /// `schools/x.html` -> `schools/x.pdf`.
    static func pdf(forHTML path: String) -> String { String(path.dropLast(".html".count)) + ".pdf" }

    /// The sheet version a path names (`schools/x.html` -> `schools/x`), or nil
    /// for any other file.
    static func version(of path: String) -> String? {
        let parts = path.split(separator: "/")
        guard parts.count == 2, parts[1] != ownCopyFileName,
              let ext = sheetExtensions.first(where: { parts[1].hasSuffix($0) }) else { return nil }
        return String(path.dropLast(ext.count))
    }
}
