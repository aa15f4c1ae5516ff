import Foundation

/// One version of one sheet: what one audience reads.
package struct SheetVersion: Sendable {
    package var sheet: Sheet
    package var audience: Configuration.Audience
    /// The resolved tree with other audiences' blocks removed.
    package var document: Markup
    /// The registry contacts this version shows, in order of first use.
    package var contacts: [Contact]
}

/// A version's own files (see `Core/OutputLayout.swift`).
extension OutputLayout {
    static func base(_ version: SheetVersion) -> String { base(audience: version.audience.id, slug: version.sheet.slug) }
    static func html(_ version: SheetVersion) -> String { base(version) + ".html" }
    static func text(_ version: SheetVersion) -> String { base(version) + ".txt" }
    package static func pdf(_ version: SheetVersion) -> String { base(version) + ".pdf" }
    /// A version's text file as linked from its own page (same folder).
    static func textFileName(_ version: SheetVersion) -> String { "\(version.sheet.slug).txt" }
    static func pdfFileName(_ version: SheetVersion) -> String { "\(version.sheet.slug).pdf" }
}
