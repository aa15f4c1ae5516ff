import Foundation

/// `guidance check`: read -> resolve -> select -> validate -> render -> print,
/// with the link check started as soon as the sheets are resolved, so that it
/// waits on the network while the rules and the printer use the processors.
/// Writes nothing (but the link cache). The output folder is verified
/// against its manifest (`output-changed`).
public enum Check {
    public struct Options: Sendable {
        public var pipeline: Pipeline.Options
        /// Check every web address (nil: `--offline`).
        public var links: LinkOptions?
        /// Print each version to check it fits one A4 page.
        public var printCheck: Bool
        public var printer: Printer?

        public init(pipeline: Pipeline.Options, links: LinkOptions?, printCheck: Bool, printer: Printer? = Printer.locate()) {
            self.pipeline = pipeline
            self.links = links
            self.printCheck = printCheck
            self.printer = printer
        }
    }

    public struct LinkOptions: Sendable {
        /// Whether recent successes in `.guidance-cache/` are trusted.
        public var useCache: Bool
        public var progress: @Sendable (Int, Int, Int) -> Void
        /// Where host names lead: the system's resolver, except in tests.
        var resolver: any HostResolver = SystemResolver()
        public init(useCache: Bool = true, progress: @escaping @Sendable (Int, Int, Int) -> Void = { _, _, _ in }) {
            self.useCache = useCache
            self.progress = progress
        }
    }

    public struct Result: Sendable {
        public var findings: [Finding]
        public var fileCount: Int
    }

    public static func run(root: URL, options: Options) async throws(ToolError) -> Result {
        let selected = try Pipeline.prepare(root: root, options: options.pipeline)
        // A child task: cancelled with the check, and awaited before it returns.
        async let links = linkFindings(selected.project, root: root, options: options.links)
        var pipeline = Validate(asOf: options.pipeline.asOf).run(selected)
        let output = options.pipeline.output ?? root.appendingPathComponent("Output")
        if options.printCheck, pipeline.project != nil, !pipeline.findings.hasErrors {
            pipeline = Print(printer: options.printer, output: output).run(Render().run(pipeline)).pipeline
        } else if options.printCheck, pipeline.project != nil {
            pipeline.findings = (pipeline.findings + Print.pageFit(despite: pipeline, printer: options.printer, output: output))
                .sortedForReport()
        }
        // What CI runs: the committed output must be what the last build wrote.
        var findings = (pipeline.findings + OutputVerification.findings(output: output, root: root)).sortedForReport()
        if let links = await links { findings = (findings + links).sortedForReport() }
        return Result(findings: findings, fileCount: pipeline.fileCount)
    }

    /// The link check's findings; nil when it is not run (`--offline`, or no project).
    private static func linkFindings(_ project: Project?, root: URL, options: LinkOptions?) async -> [Finding]? {
        guard let project, let options else { return nil }
        let settings = project.configuration.links
        let cache = options.useCache ? LinkCache(root: root, maximumAge: settings.cacheHours * 3600) : nil
        var check = LinkCheck(settings: settings, cache: cache, resolver: options.resolver)
        return await check.run(project, progress: options.progress).findings
    }
}
