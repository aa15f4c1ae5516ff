/// Where each published file lives under `Output/`: one home for the layout
/// `<audience>/<slug>.html|txt|pdf` beside `index.html`.
package enum OutputLayout {
    static let index = "index.html"
    static let sheetExtensions = [".html", ".txt", ".pdf"]

    static func base(_ version: SheetVersion) -> String { "\(version.audience.id)/\(version.sheet.slug)" }
    static func html(_ version: SheetVersion) -> String { base(version) + ".html" }
    static func text(_ version: SheetVersion) -> String { base(version) + ".txt" }
    package static func pdf(_ version: SheetVersion) -> String { base(version) + ".pdf" }

    /// The print pack's name, reserved: no sheet may be called this.
    static let packSlug = "all-sheets"
    /// `schools/all-sheets.pdf`: every sheet of an audience in one PDF.
    static func pack(audience: String) -> String { "\(audience)/\(packSlug).pdf" }
    /// A version's text file as linked from its own page (same folder).
    static func textFileName(_ version: SheetVersion) -> String { "\(version.sheet.slug).txt" }

    /// `schools/x.html` -> `schools/x.pdf`.
    static func pdf(forHTML path: String) -> String { String(path.dropLast(".html".count)) + ".pdf" }

    /// The sheet version a path names (`schools/x.html` -> `schools/x`), or nil
    /// for any other file.
    static func version(of path: String) -> String? {
        let parts = path.split(separator: "/")
        guard parts.count == 2, let ext = sheetExtensions.first(where: { parts[1].hasSuffix($0) }) else { return nil }
        return String(path.dropLast(ext.count))
    }
}
