import Foundation

/// The one-page check (`page-overflow`): every version printed to PDF in
/// Chromium, its pages counted. A PDF is printed again only when its HTML
/// changed; otherwise the one already in Output/ (checked when it was made)
/// is kept, so a no-op rebuild prints nothing and rewrites nothing.
struct PrintCheck: Sendable {
    let printer: Printer?
    /// Where Output/ is published (`base-url`): each page is printed as if it
    /// stood at its address there, so its relative links resolve to the site.
    var baseURL: String?

    /// Why there is no printer, for the note that says what was not printed.
    var withoutPrinter = "Chromium was not found (install the chromium package, or set GUIDANCE_CHROMIUM)"

    init(printer: Printer?) { self.printer = printer }

    struct Result: Sendable {
        var findings: [Finding]
        /// Output-relative path -> PDF bytes, for every version checked.
        var pdfs: [String: Data]
    }

    /// - Parameters:
    ///   - pages: Output-relative HTML path -> (the version, its HTML bytes).
    ///   - previous: the current output's files by path (read by the caller),
    ///     whose PDFs may be reused.
    /// Without a printer, the PDF of every page whose HTML is unchanged is
    /// still kept; the others are not printed, and one note says so.
    /// - Parameter kept: a browser kept open by the caller (`guidance serve`,
    ///   between builds); without one, a browser is started for this run only.
    /// - Parameter distrusted: files in `previous` that do not match what the
    ///   last build recorded of them (`OutputVerification`): a PDF among
    ///   them is printed again, never kept; so is one whose page is among
    ///   them, unless the page now built is the page as recorded (`recorded`:
    ///   its SHA-256 in the manifest), from which the PDF was printed.
    func run(_ pages: [(path: String, version: SheetVersion, html: Data)], previous files: [String: Data],
                    session kept: PrintSession? = nil, distrusted: Set<String> = [], recorded: [String: String] = [:]) async -> Result {
        var findings: [Finding] = []
        var pdfs: [String: Data] = [:]
        var toPrint: [(path: String, version: SheetVersion, html: Data)] = []
        for page in pages {
            let pdfPath = OutputLayout.pdf(forHTML: page.path)
            let printedFromThisPage = distrusted.contains(page.path)
                ? recorded[page.path] == SHA256.hex(of: page.html)
                : files[page.path] == page.html
            // A PDF from before its accessibility was finished here is printed
            // again (kept only when there is no printer to do better).
            if printedFromThisPage, !distrusted.contains(pdfPath), let oldPDF = files[pdfPath],
               Printer.pageCount(of: oldPDF) == 1, AccessiblePDF.isFinished(oldPDF) || printer == nil {
                pdfs[pdfPath] = oldPDF
            } else {
                toPrint.append(page)
            }
        }
        // Far more text than any A4 page holds cannot fit: `PageLengthRule`
        // says so while validating; Chromium is not handed hundreds of pages.
        toPrint.removeAll { $0.version.document.textLength(upTo: PageLimit.mostCharacters + 1) > PageLimit.mostCharacters }
        guard !toPrint.isEmpty else { return Result(findings: findings, pdfs: pdfs) }
        guard let printer else {
            let count = toPrint.count == 1 ? "1 sheet version was not printed, so its page fit is unchecked and it has"
                : "\(toPrint.count) sheet versions were not printed, so their page fit is unchecked and they have"
            let note = Finding(.note, .pageOverflow, at: .noFile, "\(count) no PDF: \(withoutPrinter)")
            return Result(findings: findings + [note], pdfs: pdfs)
        }
        // One browser for every page of the run.
        let session = kept ?? PrintSession(printer: printer)
        await session.beginRun()
        let addresses = toPrint.map { Self.address(of: $0.path, baseURL: baseURL) }
        let printed = await session.pdfs(zip(toPrint, addresses).map { (html: $0.html, address: $1) })
        if kept == nil { await session.close() }
        for ((page, address), printed) in zip(zip(toPrint, addresses), printed) {
            let pdfPath = OutputLayout.pdf(forHTML: page.path)
            let location = SourceLocation(file: page.version.sheet.path, line: 1, column: 1)
            var finished = printed
            if case .success(let pdf) = printed {
                // Dated from the sources, not the clock: the same sheet gives the same bytes.
                do {
                    finished = .success(try AccessiblePDF.finish(pdf, html: page.html, address: address,
                                                                 day: Editions.date(of: page.version)))
                } catch {
                    finished = .failure(error)
                }
            }
            switch finished {
            case .success(let pdf):
                pdfs[pdfPath] = pdf
                findings += Self.check(pdf, version: page.version, at: location)
            case .failure(let error):
                findings.append(.error(.pageOverflow, at: location, "the \(page.version.audience.id) version could not be printed: \(error)"))
            }
        }
        return Result(findings: findings, pdfs: pdfs)
    }

    /// The address a page is printed at: its published address, or without
    /// `base-url` the same path under a name that is no one's (never a local path).
    static func address(of path: String, baseURL: String?) -> String {
        (baseURL ?? "https://guidance.invalid/") + path
    }

    /// Where the first block that spills onto page 2 starts in the source:
    /// the block whose text holds the first words printed on page 2 (the
    /// last block when page 2 starts with the footer).
    static func firstSpill(_ pdf: Data, version: SheetVersion) -> SourceLocation? {
        guard let page2 = Printer.text(of: pdf, firstPage: 2) else { return nil }
        return firstSpill(pageTwoText: page2, document: version.document)
    }

    static func firstSpill(pageTwoText: String, document: Markup) -> SourceLocation? {
        func letters(_ text: String) -> String {
            String(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
        }
        // Leaf blocks in reading order, with their text reduced to letters and digits.
        var leaves: [(start: SourceLocation, text: String)] = []
        document.forEachNode { node in
            switch node.kind {
            case .paragraph, .heading, .codeBlock:
                if let start = node.start { leaves.append((start, letters(node.plainText))) }
            default: break
            }
        }
        guard let firstLine = pageTwoText.split(separator: "\n").first(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            return leaves.last?.start
        }
        let probe = String(letters(String(firstLine)).prefix(24))
        guard !probe.isEmpty else { return leaves.last?.start }
        return leaves.first(where: { $0.text.contains(probe) })?.start ?? leaves.last?.start
    }

    static func check(_ pdf: Data, version: SheetVersion, at location: SourceLocation) -> [Finding] {
        let audience = version.audience.id
        guard let pages = Printer.pageCount(of: pdf) else {
            return [.error(.pageOverflow, at: location, "the \(audience) version printed to a PDF whose pages cannot be counted")]
        }
        var findings: [Finding] = []
        if pages > 1 {
            let location = firstSpill(pdf, version: version) ?? location
            let lines = Printer.overflowLines(of: pdf).map { " (about \($0) line\($0 == 1 ? "" : "s") too long)" } ?? ""
            findings.append(.error(.pageOverflow, at: location,
                "the \(audience) version prints on \(pages) A4 pages\(lines); shorten it to fit on one page"))
        }
        if !Printer.isA4(pdf) {
            findings.append(.error(.pageOverflow, at: location,
                "the \(audience) version does not print on A4; keep '@page { size: A4 }' in \(Templates.folder)/sheet.css"))
        }
        return findings
    }
}
