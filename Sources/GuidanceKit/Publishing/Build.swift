import Foundation

/// `guidance build`: validate, render every version, check it prints on one
/// page, publish atomically.
public struct Build {
    public struct Result: Sendable {
        public var pipeline: Pipeline
        /// nil when nothing was published (errors found).
        public var report: Publisher.Report?
        /// How many sheet versions the output holds.
        public var sheetVersions: Int
    }

    /// What to do about paper.
    public struct PrintOptions: Sendable {
        /// Print every changed version in Chromium and refuse one that overflows A4.
        public var check: Bool
        /// Write `<slug>.pdf` beside each sheet.
        public var writePDF: Bool
        public var printer: Printer?
        public init(check: Bool = true, writePDF: Bool = false, printer: Printer? = Printer.locate()) {
            self.check = check
            self.writePDF = writePDF
            self.printer = printer
        }
        public static let none = PrintOptions(check: false, writePDF: false, printer: nil)
    }

    public static func run(root: URL, output: URL, options: Pipeline.Options,
                           print: PrintOptions = PrintOptions()) throws(ToolError) -> Result {
        // Nothing changed since the last build: nothing to do.
        let key = BuildStamp.key(root: root, output: output, options: options, print: print)
        if let stamp = BuildStamp.load(root: root), stamp.key == key, stamp.outputsAreIntact(output) {
            let pipeline = Pipeline(project: nil, findings: stamp.findings, versions: [], fileCount: stamp.fileCount)
            return Result(pipeline: pipeline, report: Publisher.Report(written: [], removed: [], unchanged: stamp.outputs.count),
                          sheetVersions: stamp.sheetVersions)
        }
        var pipeline = try Pipeline.run(root: root, options: options)
        guard let project = pipeline.project, !pipeline.findings.hasErrors else {
            return Result(pipeline: pipeline, report: nil, sheetVersions: 0)
        }
        let fullBuild = options.audiences == nil
        var files = render(project: project, versions: pipeline.versions, fullBuild: fullBuild, printed: print.writePDF)
        var stalePDFs = Set<String>()
        if print.check || print.writePDF {
            let checked = printCheck(pipeline.versions, files: files, output: output, printer: print.printer)
            pipeline.findings = (pipeline.findings + checked.findings).sortedForReport()
            if print.writePDF {
                files.merge(checked.pdfs) { new, _ in new }
                if fullBuild {
                    // The download page shows page 1 of each PDF.
                    let previews = checked.pdfs.compactMapValues { Printer.preview(of: $0) }
                    let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates)
                    files["index.html"] = Data(renderer.index(pipeline.versions, withPDF: true, previews: previews).utf8)
                }
            }
        }
        if !print.writePDF {
            // A PDF beside a sheet whose HTML changed would be stale: it goes.
            for (path, data) in files where path.hasSuffix(".html") {
                if FileManager.default.contents(atPath: output.appendingPathComponent(path).path) != data {
                    stalePDFs.insert(String(path.dropLast(5)) + ".pdf")
                }
            }
        }
        guard !pipeline.findings.hasErrors else { return Result(pipeline: pipeline, report: nil, sheetVersions: 0) }
        let builtAudiences = Set(pipeline.versions.map(\.audience.id))
            .union(options.audiences ?? project.configuration.audiences.map(\.id))
        // The stamp goes first: a build killed while publishing leaves none,
        // so the next build is a real one.
        BuildStamp.remove(root: root)
        let report = try Publisher(output: output).publish(files) { path in
            guard Build.isManaged(path, audiences: builtAudiences, fullBuild: fullBuild) else { return false }
            // A PDF is the build's to remove when PDFs are built, when its HTML
            // changed, or when its sheet is gone.
            return !path.hasSuffix(".pdf") || print.writePDF || stalePDFs.contains(path)
                || files[String(path.dropLast(4)) + ".html"] == nil
        }
        BuildStamp(key: key, findings: pipeline.findings, fileCount: pipeline.fileCount,
                   sheetVersions: pipeline.versions.count, outputs: BuildStamp.outputs(of: output)).save(root: root)
        return Result(pipeline: pipeline, report: report, sheetVersions: pipeline.versions.count)
    }

    /// The one-page check over rendered files.
    public static func printCheck(_ versions: [SheetVersion], files: [String: Data], output: URL,
                                  printer: Printer?) -> PrintCheck.Result {
        let pages = versions.compactMap { version -> (path: String, version: SheetVersion, html: Data)? in
            let path = "\(version.audience.id)/\(version.sheet.slug).html"
            return files[path].map { (path, version, $0) }
        }
        return PrintCheck(printer: printer).run(pages, output: output)
    }

    /// Every output file's bytes, by path relative to the output folder.
    public static func render(project: Project, versions: [SheetVersion], fullBuild: Bool, printed: Bool = false) -> [String: Data] {
        let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates)
        var files: [String: Data] = [:]
        let rendered = versions.concurrentMap { version in
            (Data(renderer.html(version).utf8), Data(renderer.text(version).utf8))
        }
        for (version, (html, text)) in zip(versions, rendered) {
            let base = "\(version.audience.id)/\(version.sheet.slug)"
            files[base + ".html"] = html
            files[base + ".txt"] = text
        }
        if fullBuild { files["index.html"] = Data(renderer.index(versions, withPDF: printed).utf8) }
        return files
    }

    /// The files a build owns, and so removes when no source produces them:
    /// sheets in the audiences built, and (for a full build) the index and any
    /// audience folder no longer declared.
    static func isManaged(_ path: String, audiences: Set<String>, fullBuild: Bool) -> Bool {
        let parts = path.split(separator: "/")
        if parts.count == 1 { return fullBuild && path == "index.html" }
        guard parts.count == 2 else { return false }
        let isSheet = [".html", ".txt", ".pdf"].contains { parts[1].hasSuffix($0) }
        return isSheet && (audiences.contains(String(parts[0])) || fullBuild)
    }
}
