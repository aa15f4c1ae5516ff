import Foundation

/// The one-page check (`page-overflow`): every version printed to PDF in
/// Chromium, its pages counted. A PDF is printed again only when its HTML
/// changed; otherwise the one already in Output/ (checked when it was made)
/// is kept, so a no-op rebuild prints nothing and rewrites nothing.
public struct PrintCheck: Sendable {
    public let printer: Printer?

    public init(printer: Printer?) { self.printer = printer }

    /// More characters than an A4 page holds even in small type (about 120
    /// a line, 110 lines): a version with more is not printed to be measured.
    static let mostCharactersOnAPage = 20_000

    public struct Result: Sendable {
        public var findings: [Finding]
        /// Output-relative path -> PDF bytes, for every version checked.
        public var pdfs: [String: Data]
    }

    /// - Parameters:
    ///   - pages: Output-relative HTML path -> (the version, its HTML bytes).
    ///   - output: the current Output/ folder, whose PDFs may be reused.
    public func run(_ pages: [(path: String, version: SheetVersion, html: Data)], output: URL) -> Result {
        guard let printer else {
            let note = Finding(.note, .pageOverflow, at: SourceLocation(file: "Guidance", line: 1, column: 1),
                "print checks were skipped: Chromium was not found (install the chromium package, or set GUIDANCE_CHROMIUM)")
            return Result(findings: [note], pdfs: [:])
        }
        var findings: [Finding] = []
        var pdfs: [String: Data] = [:]
        for page in pages {
            let pdfPath = String(page.path.dropLast(".html".count)) + ".pdf"
            let oldHTML = FileManager.default.contents(atPath: output.appendingPathComponent(page.path).path)
            if oldHTML == page.html, let oldPDF = FileManager.default.contents(atPath: output.appendingPathComponent(pdfPath).path),
               Printer.pageCount(of: oldPDF) == 1 {
                pdfs[pdfPath] = oldPDF
                continue
            }
            let location = SourceLocation(file: page.version.sheet.path, line: 1, column: 1)
            // Far more text than any A4 page holds cannot fit: said at once,
            // without handing Chromium hundreds of pages to lay out.
            let characters = Self.textLength(of: page.version.document, upTo: Self.mostCharactersOnAPage + 1)
            if characters > Self.mostCharactersOnAPage {
                findings.append(.error(.pageOverflow, at: location,
                    "the \(page.version.audience.id) version has more than \(Self.mostCharactersOnAPage) characters of text, far more than one A4 page holds; shorten it to fit on one page"))
                continue
            }
            do {
                let pdf = try printer.pdf(html: page.html)
                pdfs[pdfPath] = pdf
                findings += Self.check(pdf, version: page.version, at: location)
            } catch {
                findings.append(.error(.pageOverflow, at: location, "the \(page.version.audience.id) version could not be printed: \(error)"))
            }
        }
        return Result(findings: findings, pdfs: pdfs)
    }

    /// The characters of text a version shows (code and contacts included),
    /// counted up to `limit`: one walk that stops early, no string built.
    static func textLength(of document: Markup, upTo limit: Int) -> Int {
        var count = 0
        var stack = [document]
        while let node = stack.popLast(), count < limit {
            switch node.kind {
            case .text(let s), .code(let s): count += s.unicodeScalars.count
            case .codeBlock(_, let literal): count += literal.unicodeScalars.count
            case .contact(let value): count += value.displayText.unicodeScalars.count
            case .softBreak, .lineBreak: count += 1
            default: stack.append(contentsOf: node.children)
            }
        }
        return count
    }

    static func check(_ pdf: Data, version: SheetVersion, at location: SourceLocation) -> [Finding] {
        let audience = version.audience.id
        guard let pages = Printer.pageCount(of: pdf) else {
            return [.error(.pageOverflow, at: location, "the \(audience) version printed to a PDF whose pages cannot be counted")]
        }
        var findings: [Finding] = []
        if pages > 1 {
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
