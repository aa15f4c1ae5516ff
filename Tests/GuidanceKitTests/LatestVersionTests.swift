import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// The latest version one tap away (issue 26): a sheet printed or e-mailed
/// as a PDF links its published page from the QR code and from the address
/// printed whole; the sheet's page links its PDF, the download page and the
/// feed; each download is named for whose it is and which edition, with its
/// size; and the Do and Don't columns read in order when text is copied.
@Suite(.tags(.browser), .serialized, .timeLimit(.minutes(5))) struct LatestVersionTests {
    static let registry = "contacts:\n  mash:\n    name: MASH\n    phone: 020 7946 0123\n    verified: 2026-11-01\n"
    /// A base URL longer than Harrow's: the address must still print on one line.
    static let base = "https://safeguarding-guidance.example.org/partnership/published-sheets/"
    static let config = """
        partnership: Harrow Safeguarding Partnership
        base-url: \(base)
        audiences:
          schools: Schools and colleges
          agencies: Other agencies
        """
    static let asOf = Day(iso: "2026-11-15")!

    /// Two columns of unequal length whose items wrap over several lines.
    static func sheet(_ topic: String) -> String {
        Support.sheet("""
            What to do about \(topic), in short.

            ## Do

            - Tell the designated safeguarding lead about \(topic) at once, the same day, in person if you can.
            - Write down what you saw and heard, in the words used, with the date and the time.
            - Ring {{mash.phone}} yourself when nobody senior can be reached or the concern is about them.
            - Keep your notes somewhere safe and pass them on to the lead, not to anyone else.

            ## Don't

            - Don't investigate \(topic) yourself or question anyone in detail about what happened.
            - Don't promise to keep a secret: you cannot, and saying so early is kinder.
            - Don't wait for proof before you tell someone.
            """, title: "Responding to \(topic)")
    }

    static var sheets: [String: String] { ["alpha.md": sheet("first concerns"), "beta.md": sheet("second concerns")] }

    struct Built {
        var root: URL
        var files: [String: Data]
    }

    struct NoChromium: Error, CustomStringConvertible {
        var description: String { "Chromium is needed: make test installs the chromium package" }
    }
    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    static func build(printing: Bool = true, config: String = Self.config) async throws -> Built {
        let root = try Support.smallProject(sheets: Self.sheets, registry: Self.registry, config: config)
        var printer: Printer? = nil
        if printing {
            guard let found = Printer.locate() else { throw NoChromium() }
            printer = found
        }
        let result = try await Build.run(root: root, output: root.appendingPathComponent("Output"), options: .init(asOf: Self.asOf),
                                   print: printing ? .init(check: true, printer: printer) : .none)
        guard result.report != nil else { throw Refused(description: "the build refused: \(result.pipeline.findings)") }
        return Built(root: root, files: Support.snapshot(root.appendingPathComponent("Output")))
    }

    /// One printed build of the default project, shared by the tests that
    /// only read it (each build prints four sheets).
    static let printed = Task { try await build() }

    func build(printing: Bool = true, config: String = Self.config) async throws -> Built {
        if printing, config == Self.config { return try await Self.printed.value }
        return try await Self.build(printing: printing, config: config)
    }

    static func sheetPDFs(_ files: [String: Data]) -> [(path: String, pdf: Data)] {
        files.filter { $0.key.hasSuffix(".pdf") && !$0.key.hasSuffix("/\(OutputLayout.packSlug).pdf") }
            .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    // MARK: 1. The QR code and the address: links to the published page

    /// A link annotation: where it is on the page (PDF points, from the
    /// bottom left) and where it goes.
    struct Annotation: Equatable {
        var rect: [Double]
        var uri: String
        var height: Double { rect[3] - rect[1] }
        var width: Double { rect[2] - rect[0] }
    }

    /// Every URI link annotation in a PDF, read from its objects as qpdf's
    /// JSON gives them (the PDFs are finished by qpdf, which may keep
    /// objects in compressed streams; a text scan would miss them).
    static func annotations(in pdf: Data) throws -> [Annotation] {
        let input = try Support.temporaryFolder().appendingPathComponent("in.pdf")
        try pdf.write(to: input)
        let objects = try Support.pdfObjects(input)
        return objects.values.compactMap { object -> Annotation? in
            guard let annotation = object as? [String: Any], annotation["/Subtype"] as? String == "/Link",
                  let rect = (annotation["/Rect"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.doubleValue }),
                  let uri = Support.pdfDictionary(annotation["/A"], in: objects)?["/URI"] as? String,
                  uri.hasPrefix("u:") else { return nil }
            return Annotation(rect: rect, uri: String(uri.dropFirst(2)))
        }
    }

    /// Runs pdftotext (`-layout`, plain or `-raw`) on a PDF.
    static func pdftotext(_ pdf: Data, _ mode: String?) throws -> String {
        let folder = try Support.temporaryFolder()
        let input = folder.appendingPathComponent("in.pdf"), output = folder.appendingPathComponent("out.txt")
        try pdf.write(to: input)
        let status = try Support.run("/usr/bin/pdftotext", (mode.map { [$0] } ?? []) + [input.path, output.path])
        #expect(status == 0)
        return try String(contentsOf: output, encoding: .utf8)
    }

    /// The QR code (a square link at the top of the page) and the printed
    /// address (a link as wide as the address on one line) each go to the
    /// sheet's published page; the address reads whole on one line in both
    /// of pdftotext's orders.
    static func expectLatestVersionLinks(_ pdf: Data, path: String, address: String) throws {
        let links = try annotations(in: pdf).filter { $0.uri == address }
        let qr = links.filter { $0.rect.count == 4 && abs($0.width - $0.height) < 2 && $0.rect[1] > 600 }
        #expect(!qr.isEmpty, "\(path): no square link at the top of the page (the QR code) to \(address): \(links)")
        let printed = links.filter { $0.rect.count == 4 && $0.width > 4 * $0.height }
        #expect(!printed.isEmpty, "\(path): the printed address is no link to \(address): \(links)")
        // One line high, at a readable size: 8 pt type gives a box about 9 pt high.
        for link in printed {
            #expect(link.height > 8.5 && link.height < 20, "\(path): the address link is \(link.height) pt high")
        }
        for mode in [nil, "-raw"] {
            let lines = try pdftotext(pdf, mode).split(separator: "\n")
            #expect(lines.contains { $0.contains(address) }, "\(path): pdftotext \(mode ?? "") has no line with all of \(address)")
        }
    }

    @Test func everySheetPDFLinksItsPublishedPageFromTheQRCodeAndThePrintedAddress() async throws {
        let built = try await build()
        let pdfs = Self.sheetPDFs(built.files)
        #expect(pdfs.map(\.path) == ["agencies/alpha.pdf", "agencies/beta.pdf", "schools/alpha.pdf", "schools/beta.pdf"])
        for (path, pdf) in pdfs {
            try Self.expectLatestVersionLinks(pdf, path: path, address: Self.base + path.dropLast(4) + ".html")
        }
    }

    @Test func everyShippedSheetPDFLinksItsPublishedPage() throws {
        let output = Support.packageRoot.appendingPathComponent("Output")
        let pdfs = Self.sheetPDFs(Support.snapshot(output))
        #expect(pdfs.count == 8)
        for (path, pdf) in pdfs {
            try Self.expectLatestVersionLinks(pdf, path: path,
                                              address: "https://www.harrowscb.co.uk/guidance/" + path.dropLast(4) + ".html")
        }
    }

    // MARK: 2. The sheet's page: its PDF, the download page, the feed

    /// The relative addresses a page links (`href`), fragments and schemes left out.
    static func relativeLinks(in html: String) -> [String] {
        html.matches(of: #/href="([^"#:]+)"/#).map { String($0.output.1) }
    }

    @Test func theSheetPageLinksItsPDFTheDownloadPageAndTheFeed() async throws {
        let built = try await build()
        let page = try #require(built.files["schools/alpha.html"].map { String(decoding: $0, as: UTF8.self) })
        #expect(page.contains(#"<link rel="alternate" type="application/pdf" href="alpha.pdf""#), "the PDF declared as an alternate")
        let screenOnly = try #require(page.firstMatch(of: #/<[a-z]+ class="screen-only"[^>]*>(.*?)</(p|nav)>/#.dotMatchesNewlines()),
                                      "a screen-only part of the footer").output.1
        // The feed link goes to the page that explains feeds (raw XML means
        // nothing to most readers); the audience's own feed is declared for
        // feed readers in the head.
        for href in ["alpha.pdf", "alpha.txt", "../index.html", "../subscribe.html"] {
            #expect(screenOnly.contains("href=\"\(href)\""), "the screen-only links hold \(href): \(screenOnly)")
        }
        #expect(page.contains(#"<link rel="alternate" type="application/atom+xml" href="feed.xml""#), "the audience's feed declared")
        #expect(!page.contains("<script"), "sheet pages stay free of scripts")
        // On paper the links to other files are not printed.
        let pdf = try #require(built.files["schools/alpha.pdf"])
        let text = try Self.pdftotext(pdf, nil)
        #expect(!text.contains("download page") && !text.contains("Atom"), "\(text)")
    }

    /// Without a browser nothing is printed: no page links a PDF that is not there.
    @Test func noPageLinksAFileTheOutputLacksWithOrWithoutABrowser() async throws {
        for printing in [true, false] {
            let built = try await build(printing: printing)
            #expect(built.files.keys.contains("schools/alpha.pdf") == printing)
            for (path, data) in built.files where path.hasSuffix(".html") {
                let folder = path.contains("/") ? String(path.split(separator: "/")[0]) + "/" : ""
                for href in Self.relativeLinks(in: String(decoding: data, as: UTF8.self)) {
                    let target = href.hasPrefix("../") ? String(href.dropFirst(3)) : folder + href
                    #expect(built.files[target] != nil, "printing \(printing): \(path) links \(href), not in the output")
                }
            }
        }
    }

    // MARK: 3. Downloads named for whose and which edition, with sizes

    @Test func everyDownloadIsNamedForItsAudienceAndEditionWithItsSize() async throws {
        // `short-name` (optional; the partnership's name as a slug otherwise) starts every download's name.
        let built = try await build(config: Self.config.replacingOccurrences(of: "base-url:", with: "short-name: harrow\nbase-url:"))
        let index = try #require(built.files["index.html"].map { String(decoding: $0, as: UTF8.self) })
        let downloads = index.matches(of: #/<a href="([^"]+\.pdf)" download="([^"]+)"/#).map { (String($0.output.1), String($0.output.2)) }
        let names = Dictionary(downloads, uniquingKeysWith: { first, _ in first })
        #expect(names == [
            "schools/alpha.pdf": "harrow-schools-alpha-edition-1.pdf",
            "schools/beta.pdf": "harrow-schools-beta-edition-1.pdf",
            "agencies/alpha.pdf": "harrow-agencies-alpha-edition-1.pdf",
            "agencies/beta.pdf": "harrow-agencies-beta-edition-1.pdf",
            "schools/all-sheets.pdf": "harrow-schools-all-sheets-2026-11-01.pdf",
            "agencies/all-sheets.pdf": "harrow-agencies-all-sheets-2026-11-01.pdf",
        ])
        #expect(Set(downloads.map(\.1)).count == downloads.count, "no two downloads share a name")
        for (path, _) in downloads {
            let size = try #require(built.files[path]).count
            // Sizes as people write them: whole kilobytes of 1,000 bytes, rounded.
            let shown = "\(Int((Double(size) / 1000).rounded())) KB"
            let link = try #require(index.firstMatch(of: try Regex("<a href=\"\(path)\" download=\"[^\"]+\">(.*?)</a>")))
            let text = String(link.output[1].substring ?? "").replacing(#/<[^>]*>/#, with: "")
            #expect(text.contains("PDF") && text.contains(", \(shown)"), "\(path) shows its size, \(shown): \(text)")
        }
        // The output paths stay as they are (a contract).
        #expect(downloads.map(\.0).allSatisfy { OutputLayout.version(of: $0) != nil || $0.hasSuffix("/all-sheets.pdf") })
    }

    @Test func aShortNameThatIsNoFileNameIsAConfigErrorAtItsLine() throws {
        let (refused, findings) = Configuration.read("partnership: P\nshort-name: Harrow SCB\naudiences:\n  schools: S\n")
        #expect(refused == nil)
        let finding = try #require(findings.first)
        #expect(finding.rule == .config && finding.location.line == 2 && finding.location.column == 13, "\(finding)")
        #expect(finding.message.contains("short-name 'Harrow SCB' may use only lower-case letters, digits and hyphens"))
        // Without one, the partnership's name in that form.
        let config = try #require(Configuration.read("partnership: Harrow Safeguarding Partnership\naudiences:\n  schools: S\n").0)
        #expect(config.shortName == "harrow-safeguarding-partnership")
    }

    // MARK: 4. Reading order: every Do item before the first Don't item

    /// Letters and digits only: pdftotext's line breaks, spacing and list
    /// marks differ from the page's, the words do not.
    static func letters(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// The items of a section's lists (`section-do`, `section-dont`) in a sheet page.
    static func items(of section: String, in html: String) -> [String] {
        guard let open = html.range(of: "<section class=\"section-\(section)\">"),
              let close = html.range(of: "</section>", range: open.upperBound..<html.endIndex) else { return [] }
        return String(html[open.upperBound..<close.lowerBound]).matches(of: #/<li>(.*?)</li>/#.dotMatchesNewlines()).map { item in
            let text = String(item.output.1).replacing(#/<[^>]*>/#, with: "")
            return text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">")
        }
    }

    /// Each item's words run unbroken in the extracted text, and the last
    /// Do item starts before the first Don't item.
    static func expectDoBeforeDont(_ pdf: Data, page: String, path: String) throws {
        let dos = items(of: "do", in: page), donts = items(of: "dont", in: page)
        #expect(!dos.isEmpty && !donts.isEmpty, "\(path) has Do and Don't lists")
        for mode in [nil, "-raw"] {
            let text = letters(try pdftotext(pdf, mode))
            func start(_ item: String) -> String.Index? { text.range(of: letters(item))?.lowerBound }
            let broken = (dos + donts).filter { start($0) == nil }
            #expect(broken.isEmpty, "\(path), pdftotext \(mode ?? ""): items broken up by the other column: \(broken.map { $0.prefix(50) })")
            let lastDo = dos.compactMap(start).max(), firstDont = donts.compactMap(start).min()
            if let lastDo, let firstDont {
                #expect(lastDo < firstDont, "\(path), pdftotext \(mode ?? ""): a Don't item comes before a Do item")
            }
        }
    }

    @Test func everyShippedSheetPDFReadsEveryDoBeforeTheFirstDont() throws {
        let files = Support.snapshot(Support.packageRoot.appendingPathComponent("Output"))
        var checked = 0
        for (path, pdf) in Self.sheetPDFs(files) {
            let page = try #require(files[String(path.dropLast(4)) + ".html"].map { String(decoding: $0, as: UTF8.self) })
            guard page.contains("class=\"section-do\""), page.contains("class=\"section-dont\"") else { continue }
            try Self.expectDoBeforeDont(pdf, page: page, path: path)
            checked += 1
        }
        #expect(checked == 8, "every shipped sheet has Do and Don't lists")
    }

    @Test func aBuiltSheetPDFReadsEveryDoBeforeTheFirstDont() async throws {
        let built = try await build()
        for (path, pdf) in Self.sheetPDFs(built.files) {
            let page = String(decoding: try #require(built.files[String(path.dropLast(4)) + ".html"]), as: UTF8.self)
            try Self.expectDoBeforeDont(pdf, page: page, path: path)
        }
    }
}
}
