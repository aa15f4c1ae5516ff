import Foundation

/// What `guidance serve` shows: the site `guidance build` would publish, built
/// in memory by the same stage list (`StageList.serve`: read -> resolve ->
/// select -> number -> validate -> render -> print), with every finding and
/// each sheet's page fit. Unlike a build it renders and prints even when there
/// are errors, so the office sees the sheet it is fixing; it never writes `Output/`.
struct PreviewSite: Sendable {
    /// Output-relative path -> bytes, as `guidance build` would publish them.
    var files: [String: Data]
    var findings: [Finding]
    var fileCount: Int
    /// Output-relative HTML path -> the sheet version it shows.
    var pages: [String: Page]
    /// Counts up with every build; open pages reload when it moves.
    var generation: Int
    /// Seconds the build took.
    var seconds: Double
    /// Why this build's pages are not shown, when they would mislead (a
    /// registry that cannot be read leaves placeholders as written); then
    /// `files` is empty and the server keeps the last good pages.
    var withheld: String? = nil
    /// Set by the server when the pages are an earlier build's, kept because
    /// this one had nothing to show: the panel then vouches for nothing.
    var isLastGood = false

    struct Page: Sendable {
        /// The source file, e.g. `Guidance/x.md`.
        var source: String
        var audience: String
        /// Pages the print check counted (nil: not printed).
        var printedPages: Int?
        /// Lines of text past page 1 (0 when it fits).
        var linesOver: Int?
        /// The @page margins (top, right, bottom, left) in millimetres, for the page-end line.
        var margins: PageMargins
    }

    var errors: [Finding] { findings.filter { $0.severity == .error } }

    /// Findings about one source file, in report order.
    func findings(for source: String) -> [Finding] { findings.filter { $0.location.file == source } }

    /// Builds the site. `reuse` is a folder whose `<audience>/<slug>.html` and
    /// `.pdf` the print check may reuse when the page is unchanged (Output/ at
    /// first, then the server's own cache); it is only read.
    /// Without a project (configuration or templates broken), `files` is
    /// empty and the findings say why.
    /// `session` is the browser kept between builds, and `preview` makes (or
    /// recalls) the download page's picture of a PDF.
    static func build(root: URL, printer: Printer?, reuse: URL, asOf: Day, generation: Int, session: PrintSession? = nil,
                      sheets cache: SheetCache? = nil,
                      preview: @escaping @Sendable (Data) -> Data? = { Printer.preview(of: $0) }) async throws(ToolError) -> PreviewSite {
        let started = Date()
        let outcome = try await StageList.serve.run(root: root, options: Pipeline.Options(asOf: asOf), cache: cache,
                                              print: Print(printer: printer, session: session, output: reuse))
        let validated = outcome.pipeline
        guard let project = validated.project, let printed = outcome.printed else {
            return PreviewSite(files: [:], findings: validated.findings, fileCount: validated.fileCount, pages: [:],
                               generation: generation, seconds: Date().timeIntervalSince(started), withheld: outcome.withheld)
        }
        let files = Publish.site(printed, project: project, preview: preview)
        let margins = PageMargins(css: project.templates.css)
        var pages: [String: Page] = [:]
        for version in printed.pipeline.versions {
            let html = OutputLayout.html(version)
            let pdf = printed.pdfs[OutputLayout.pdf(version)]
            let count = pdf.flatMap(Printer.pageCount(of:))
            let over = count.map { $0 > 1 ? (pdf.flatMap(Printer.overflowLines(of:)) ?? 0) : 0 }
            pages[html] = Page(source: version.sheet.path, audience: version.audience.id, printedPages: count,
                               linesOver: over, margins: margins)
        }
        return PreviewSite(files: files, findings: printed.pipeline.findings, fileCount: printed.pipeline.fileCount,
                           pages: pages, generation: generation, seconds: Date().timeIntervalSince(started))
    }
}

/// The margins of `@page` in the sheet's stylesheet, in millimetres, so the
/// served page can draw where the printed A4 page ends (297 mm less the top
/// and bottom margins of content).
struct PageMargins: Sendable, Equatable {
    var top = 12.0, right = 13.0, bottom = 12.0, left = 13.0
    static let a4Width = 210.0, a4Height = 297.0

    var contentHeight: Double { Self.a4Height - top - bottom }
    var contentWidth: Double { Self.a4Width - left - right }

    init() {}

    /// Reads `margin:` from the first `@page { ... }` block (1 to 4 lengths in mm, cm, in, pt or px);
    /// anything it cannot read keeps the shipped 12mm 13mm.
    init(css: String) {
        guard let block = css.firstMatch(of: #/@page\s*\{([^}]*)\}/#)?.output.1,
              let margin = block.firstMatch(of: #/(?:^|[;\s{])margin\s*:\s*([^;]+)/#)?.output.1 else { return }
        let values = margin.split(whereSeparator: \.isWhitespace).map { Self.millimetres(String($0)) }
        guard !values.isEmpty, values.count <= 4, values.allSatisfy({ $0 != nil }) else { return }
        let v = values.compactMap { $0 }
        switch v.count {
        case 1: (top, right, bottom, left) = (v[0], v[0], v[0], v[0])
        case 2: (top, right, bottom, left) = (v[0], v[1], v[0], v[1])
        case 3: (top, right, bottom, left) = (v[0], v[1], v[2], v[1])
        default: (top, right, bottom, left) = (v[0], v[1], v[2], v[3])
        }
    }

    static func millimetres(_ length: String) -> Double? {
        let units: [(String, Double)] = [("mm", 1), ("cm", 10), ("in", 25.4), ("pt", 25.4 / 72), ("px", 25.4 / 96)]
        if length == "0" { return 0 }
        for (unit, factor) in units where length.hasSuffix(unit) {
            return Double(length.dropLast(unit.count)).map { $0 * factor }
        }
        return nil
    }
}
