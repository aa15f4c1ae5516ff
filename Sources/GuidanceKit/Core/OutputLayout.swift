import Foundation

/// Where each published file lives under `Output/`: one home for the layout
/// `<audience>/<slug>.html|txt|pdf` beside `index.html` and the site's own
/// files. (A version's paths are in `Audiences/SheetVersion.swift`.)
package enum OutputLayout {
    static let index = "index.html"
    /// The registry as published (`changed-contact` compares with it).
    static let registry = "contacts.json"
    /// Every version's edition and every file's SHA-256, as last published.
    static let manifest = "manifest.json"
    /// The Atom feed of every audience's editions; each audience's folder
    /// has its own (`feed(audience:)`).
    static let feed = "feed.xml"
    /// The page that explains the feeds and links them (a feed opened in a
    /// browser is raw XML).
    static let subscribe = "subscribe.html"
    /// JSON Schemas (draft 2020-12) of `manifest.json` and `contacts.json`,
    /// for the sites that read them.
    static let manifestSchema = "manifest.schema.json"
    static let registrySchema = "contacts.schema.json"
    /// The files a full build writes at the top of the output folder.
    static let topLevelFiles: Set<String> = [index, registry, manifest, feed, subscribe, manifestSchema, registrySchema]
    static let sheetExtensions = [".html", ".txt", ".pdf"]

    /// `schools/feed.xml`: the entries of one audience's versions only.
    static func feed(audience: String) -> String { "\(audience)/\(feed)" }

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

    /// How a file in the output folder is named in findings and summaries:
    /// `Output/schools/x.pdf` under the root, else its full path.
    static func display(_ path: String, output: URL, root: URL) -> String {
        let folder = output.standardizedFileURL.path, project = root.standardizedFileURL.path
        let prefix = folder.hasPrefix(project + "/") ? String(folder.dropFirst(project.count + 1)) : folder
        return path.isEmpty ? prefix : prefix + "/" + path
    }
}
