import Foundation

/// `guidance check`: the stage list with the check's policy (`StageList.check`:
/// read -> resolve -> select -> number -> validate -> render -> print, never
/// publish), with the link check started as soon as the sheets are resolved, so that it
/// waits on the network while the rules and the printer use the processors.
/// Writes nothing (but the link cache). The output folder is verified
/// against its manifest (`output-changed`).
package enum Check {
    package struct Options: Sendable {
        package var pipeline: Pipeline.Options
        /// Check every web address (nil: `--offline`).
        package var links: LinkOptions?
        /// Print each version to check it fits one A4 page.
        package var printCheck: Bool
        package var printer: Printer?

        package init(pipeline: Pipeline.Options, links: LinkOptions?, printCheck: Bool, printer: Printer? = Printer.locate()) {
            self.pipeline = pipeline
            self.links = links
            self.printCheck = printCheck
            self.printer = printer
        }
    }

    package struct LinkOptions: Sendable {
        /// Whether recent successes in `.guidance-cache/` are trusted.
        package var useCache: Bool
        package var progress: @Sendable (Int, Int, Int) -> Void
        /// Where host names lead: the system's resolver, except in tests.
        var resolver: any HostResolver = SystemResolver()
        package init(useCache: Bool = true, progress: @escaping @Sendable (Int, Int, Int) -> Void = { _, _, _ in }) {
            self.useCache = useCache
            self.progress = progress
        }
    }

    package struct Result: Sendable {
        package var findings: [Finding]
        package var fileCount: Int
    }

    package static func run(root: URL, options: Options) async throws(ToolError) -> Result {
        // Without the print check, nothing after validating is needed.
        var stages = StageList.check
        if !options.printCheck { stages.policy.last = .validate }
        let selected = try stages.select(root: root, options: options.pipeline)
        // A child task: cancelled with the check, and awaited before it returns.
        async let links = linkFindings(selected.project, root: root, options: options.links)
        let output = options.pipeline.output ?? root.appendingPathComponent("Output")
        let pipeline = try await stages.run(from: selected, asOf: options.pipeline.asOf,
                                      print: Print(printer: options.printer, output: output)).pipeline
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
