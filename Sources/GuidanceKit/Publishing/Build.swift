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
        /// Sheet versions (`audience/slug`) this build added to the output, and removed from it.
        public var added: [String] = []
        public var removed: [String] = []
        /// Phone numbers, e-mail and web addresses changed since the last publication.
        public var contactChanges: [PublishedRegistry.Change] = []
        /// Sheet versions whose edition this build raised, e.g. "schools/x (edition 2)".
        public var editionsRaised: [String] = []
    }

    /// What to do about paper. Every build that can print keeps the PDFs and
    /// the download page's previews current: a version whose HTML changed is
    /// printed, checked to fit one A4 page, and its PDF published. Without a
    /// browser (or with `check` off), each PDF whose HTML is unchanged stays and
    /// the others go, so no PDF is ever older than its page.
    public struct PrintOptions: Sendable {
        /// Print every changed version in Chromium and refuse one that overflows A4.
        public var check: Bool
        public var printer: Printer?
        public init(check: Bool = true, printer: Printer? = Printer.locate()) {
            self.check = check
            self.printer = printer
        }
        public static let none = PrintOptions(check: false, printer: nil)
    }

    public static func run(root: URL, output: URL, options: Pipeline.Options,
                           print: PrintOptions = PrintOptions()) throws(ToolError) -> Result {
        var options = options
        options.output = output
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
        let editions = Build.editions(of: pipeline, project: project)
        var files = render(project: project, versions: pipeline.versions, fullBuild: false, editions: editions.byVersion)

        // Print: changed versions printed and checked; unchanged ones keep their PDF.
        var paper = PrintCheck(printer: print.check ? print.printer : nil)
        if !print.check { paper.withoutPrinter = "printing was switched off (--no-print-check)" }
        let checked = paper.run(pages(of: pipeline.versions, in: files), output: output)
        pipeline.findings = (pipeline.findings + checked.findings).sortedForReport()
        files.merge(checked.pdfs) { new, _ in new }
        guard !pipeline.findings.hasErrors else { return Result(pipeline: pipeline, report: nil, sheetVersions: 0) }
        let packs = PrintPack.packs(for: pipeline.versions, pdfs: checked.pdfs, output: output)
        files.merge(packs) { new, _ in new }

        if fullBuild {
            // The registry as published: what the next build compares with.
            files[PublishedRegistry.fileName] = PublishedRegistry(partnership: project.configuration.partnership,
                                                                  registry: project.registry).json
            // The download page links the PDFs that will exist, with page 1 of each.
            let previews = checked.pdfs.compactMapValues { Printer.preview(of: $0) }
            let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates,
                                         editions: editions.byVersion)
            files[OutputLayout.index] = Data(renderer.index(pipeline.versions, pdfs: Set(checked.pdfs.keys),
                                                            previews: previews, packs: Build.pageCounts(of: packs)).utf8)
            // Editions go with contacts.json: both are what the next full build compares with.
            files[Manifest.fileName] = editions.manifest.json
            files[Feed.fileName] = Data(Feed(configuration: project.configuration, editions: editions.byVersion)
                .xml(pipeline.versions).utf8)
        }

        let builtAudiences = Set(pipeline.versions.map(\.audience.id))
            .union(options.audiences ?? project.configuration.audiences.map(\.id))
        let managed = { (path: String) in Build.isManaged(path, audiences: builtAudiences, fullBuild: fullBuild) }
        let before = versions(in: Publisher.listFiles(output).filter(managed))
        // The stamp goes first: a build killed while publishing leaves none,
        // so the next build is a real one.
        BuildStamp.remove(root: root)
        let report = try Publisher(output: output).publish(files, managed: managed)
        BuildStamp(key: key, findings: pipeline.findings, fileCount: pipeline.fileCount,
                   sheetVersions: pipeline.versions.count, outputs: BuildStamp.outputs(of: output)).save(root: root)
        let after = versions(in: Array(files.keys))
        return Result(pipeline: pipeline, report: report, sheetVersions: pipeline.versions.count,
                      added: after.subtracting(before).sorted(), removed: before.subtracting(after).sorted(),
                      contactChanges: fullBuild ? pipeline.published?.changes(to: project.registry) ?? [] : [],
                      editionsRaised: editions.raised)
    }

    /// The sheet versions (`audience/slug`) a list of output paths holds.
    private static func versions(in paths: [String]) -> Set<String> {
        Set(paths.filter { $0.hasSuffix(".html") }.compactMap(OutputLayout.version(of:)))
    }

    /// The one-page check over rendered files.
    public static func printCheck(_ versions: [SheetVersion], files: [String: Data], output: URL,
                                  printer: Printer?) -> PrintCheck.Result {
        PrintCheck(printer: printer).run(pages(of: versions, in: files), output: output)
    }

    /// Each version's rendered HTML page, by its output path.
    static func pages(of versions: [SheetVersion], in files: [String: Data]) -> [(path: String, version: SheetVersion, html: Data)] {
        versions.compactMap { version in
            let path = OutputLayout.html(version)
            return files[path].map { (path, version, $0) }
        }
    }

    /// With `fullBuild`, the download page too, linking no PDF (a build
    /// renders it again once it knows which PDFs exist).
    public static func render(project: Project, versions: [SheetVersion], fullBuild: Bool,
                              editions: [String: Manifest.Entry] = [:]) -> [String: Data] {
        let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates, editions: editions)
        var files: [String: Data] = [:]
        let rendered = versions.concurrentMap { version in
            (Data(renderer.html(version).utf8), Data(renderer.text(version).utf8))
        }
        for (version, (html, text)) in zip(versions, rendered) {
            files[OutputLayout.html(version)] = html
            files[OutputLayout.text(version)] = text
        }
        if fullBuild { files[OutputLayout.index] = Data(renderer.index(versions, pdfs: []).utf8) }
        return files
    }

    /// The files a build owns, and so removes when no source produces them:
    /// sheets in the audiences built, and (for a full build) the index and any
    /// audience folder no longer declared.
    static func isManaged(_ path: String, audiences: Set<String>, fullBuild: Bool) -> Bool {
        let parts = path.split(separator: "/")
        if parts.count == 1 { return fullBuild && Build.topLevelFiles.contains(path) }
        guard parts.count == 2 else { return false }
        let isSheet = OutputLayout.sheetExtensions.contains { parts[1].hasSuffix($0) }
        return isSheet && (audiences.contains(String(parts[0])) || fullBuild)
    }
}
