import Foundation

/// One PDF per audience holding every sheet, in title order, for printing
/// the set at once: the sheets' pages put into one HTML document, each sheet
/// starting a new page, printed in the browser the sheets were printed in,
/// so the pack is tagged like them, with one bookmark per sheet (its
/// title, a top-level heading) and its own title. (Joining the sheets' PDFs,
/// as poppler's `pdfunite` did, dropped the tags, the title and the
/// language.) No sheet may be called `all-sheets` (a `front-matter`
/// error), so the pack cannot clash with a sheet's PDF.
enum PrintPack {
    static let slug = OutputLayout.packSlug

    /// `schools/all-sheets.pdf`.
    static func path(audience: String) -> String { OutputLayout.pack(audience: audience) }

    /// "Safeguarding guidance sheets for schools and colleges".
    static func title(audienceLabel: String) -> String {
        "Safeguarding guidance sheets for \(SheetRenderer.lowercasedFirst(audienceLabel))"
    }

    struct Result: Sendable {
        /// Output path -> the pack's bytes.
        var packs: [String: Data] = [:]
        /// A pack that could not be printed, or printed on the wrong number of pages.
        var findings: [Finding] = []
    }

    /// Each built audience's pack. An audience gets a pack only when every
    /// one of its sheets has a PDF (never a pack that silently lacks a
    /// sheet); it is printed again only when one of those PDFs changed,
    /// otherwise the published pack stays. A pack among `distrusted` (not
    /// as the last build recorded it), or not made this way (when there is
    /// a browser to print it), is printed again.
    /// - Parameters:
    ///   - pages: output path -> the sheets' pages (HTML) as this build renders them.
    ///   - pdfs: output path -> the sheets' PDFs this build publishes.
    ///   - kept: the current output's files by path, as read by the caller.
    ///   - session: the run's browser; without one no pack is printed.
    static func packs(for versions: [SheetVersion], pages: [String: Data], pdfs: [String: Data], kept: [String: Data],
                      distrusted: Set<String> = [], session: PrintSession?, baseURL: String?) async -> Result {
        var result = Result()
        var audiences: [Configuration.Audience] = []
        for version in versions where !audiences.contains(where: { $0.id == version.audience.id }) { audiences.append(version.audience) }
        for audience in audiences {
            let sheets = SheetRenderer.byTitle(versions.filter { $0.audience.id == audience.id })
            let parts = sheets.compactMap { pdfs[OutputLayout.pdf($0)] }
            let htmls = sheets.compactMap { pages[OutputLayout.html($0)] }
            guard parts.count == sheets.count, htmls.count == sheets.count, !parts.isEmpty else { continue }
            let path = path(audience: audience.id)
            let unchanged = sheets.allSatisfy {
                kept[OutputLayout.pdf($0)] == pdfs[OutputLayout.pdf($0)]
            }
            if unchanged, !distrusted.contains(path), let old = kept[path],
               Printer.pageCount(of: old) == parts.count, AccessiblePDF.isFinished(old) || session == nil {
                result.packs[path] = old
                continue
            }
            guard let session, let day = sheets.map(Editions.date(of:)).max() else { continue }
            let html = document(title: title(audienceLabel: audience.label), sheets: htmls)
            // Beside the sheets' pages, so a link from one sheet to another resolves as on theirs.
            let address = PrintCheck.address(of: "\(audience.id)/\(slug).html", baseURL: baseURL)
            do {
                // Dated by its latest sheet.
                let pdf = try AccessiblePDF.finish(try await session.pdf(html: html, address: address), html: html, address: address, day: day)
                guard let count = Printer.pageCount(of: pdf), count == sheets.count else {
                    result.findings.append(.error(.pageOverflow, at: .noFile,
                        "the \(audience.id) print pack printed on \(Printer.pageCount(of: pdf) ?? 0) pages for \(sheets.count) sheets; "
                            + "each sheet must start a new page and fit on it (see \(Templates.folder)/sheet.css)"))
                    continue
                }
                result.packs[path] = pdf
            } catch {
                result.findings.append(.error(.pageOverflow, at: .noFile, "the \(audience.id) print pack could not be printed: \(error)"))
            }
        }
        return result
    }

    /// One HTML document of the sheets' pages, in order: the first page's
    /// head (the sheet's CSS) with the pack's title, then each page's body
    /// in a block that starts a new page.
    static func document(title: String, sheets: [Data]) -> Data {
        let pages = sheets.map { String(decoding: $0, as: UTF8.self) }
        guard let first = pages.first, let bodyTag = first.firstRange(of: #/<body\b[^>]*>/#) else { return sheets.first ?? Data() }
        var head = String(first[..<bodyTag.lowerBound])
        if let titleRange = head.firstRange(of: #/<title>.*?</title>/#.dotMatchesNewlines()) {
            head.replaceSubrange(titleRange, with: "<title>\(HTMLEscaping.text(title))</title>")
        }
        if let headEnd = head.range(of: "</head>") {
            head.insert(contentsOf: "<style>.pack-sheet + .pack-sheet { break-before: page; }</style>\n", at: headEnd.lowerBound)
        }
        var html = head + first[bodyTag] + "\n"
        for page in pages {
            guard let open = page.firstRange(of: #/<body\b[^>]*>/#),
                  let close = page.range(of: "</body>", options: .backwards), open.upperBound <= close.lowerBound else { continue }
            html += "<div class=\"pack-sheet\">" + page[open.upperBound..<close.lowerBound] + "</div>\n"
        }
        return Data((html + "</body>\n</html>\n").utf8)
    }
}
