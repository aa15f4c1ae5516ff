/// A link from one sheet to another. In the source it is written as the other
/// sheet's file name, `[Allegations against staff](allegations-against-staff.md)`,
/// so the Markdown also links correctly where it is previewed (GitHub, an
/// editor). It is published as that sheet's page in the same audience's
/// folder: `allegations-against-staff.html` in HTML, the full published
/// address in the plain text (where a relative address means nothing).
/// Any other address without a scheme is refused (`unsafe-link`): on paper
/// or in an e-mail, `allegations.html` or `www.childline.org.uk` leads nowhere.
enum SheetLink {
    /// The slug a link names, when it is a link to another sheet.
    static func slug(of destination: String) -> String? {
        var target = Substring(LinkDestination.trimmed(destination))
        if target.hasPrefix("./") { target = target.dropFirst(2) }
        guard target.hasSuffix(".md") else { return nil }
        let slug = target.dropLast(3)
        return Identifier.isValid(slug) ? String(slug) : nil
    }

    /// The page a sheet link becomes, relative to the linking page's folder.
    static func page(_ slug: String) -> String { slug + ".html" }

    /// What a link's target is published as: a sheet link becomes that sheet's
    /// page, beside `folder` (the audience's published folder) when given;
    /// every other target is unchanged.
    static func published(_ destination: String, folder: String?) -> String {
        guard let slug = slug(of: destination) else { return destination }
        return (folder ?? "") + page(slug)
    }
}
