import Foundation

/// `guidance check`: the stage list with the check's policy (`StageList.check`:
/// read -> resolve -> select -> number -> validate -> render -> print, never
/// publish), with the link check started as soon as the sheets are resolved, so that it
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
        // Without the print check, nothing after validating is needed.
        var stages = StageList.check
        if !options.printCheck { stages.policy.last = .validate }
        let selected = try stages.select(root: root, options: options.pipeline)
        let links: Task<[Finding], Never>? = options.links.flatMap { linkOptions in
            selected.project.map { project in
                Task {
                    let settings = project.configuration.links
                    let cache = linkOptions.useCache ? LinkCache(root: root, maximumAge: settings.cacheHours * 3600) : nil
                    var check = LinkCheck(settings: settings, cache: cache, resolver: linkOptions.resolver)
                    return await check.run(project, progress: linkOptions.progress).findings
                }
            }
        }
        let output = options.pipeline.output ?? root.appendingPathComponent("Output")
        let pipeline = try stages.run(from: selected, asOf: options.pipeline.asOf,
                                      print: Print(printer: options.printer, output: output)).pipeline
        // What CI runs: the committed output must be what the last build wrote.
        var findings = (pipeline.findings + OutputVerification.findings(output: output, root: root)).sortedForReport()
        if let links { findings = (findings + (await links.value)).sortedForReport() }
        return Result(findings: findings, fileCount: pipeline.fileCount)
    }
}
