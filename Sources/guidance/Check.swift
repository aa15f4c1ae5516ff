import ArgumentParser
import Foundation
import GuidanceKit

extension Guidance {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate sources, contacts and links, and report what is wrong.",
            discussion: "Exit 0 when there are no errors (warnings allowed unless --strict), 1 when there are.")

        @OptionGroup var project: ProjectOptions

        @Option(help: "Report format: text, json or github.")
        var format: ReportFormat = .text

        @Flag(help: "Skip the checks that need the network (links).")
        var offline = false

        @Flag(help: "Fail on warnings too.")
        var strict = false

        @Flag(name: .customLong("no-cache"), help: "Check every link afresh, ignoring recent successes in .guidance-cache/.")
        var noCache = false

        func run() async throws {
            let options = Pipeline.Options(asOf: project.asOf ?? .today())
            var pipeline: Pipeline
            do {
                pipeline = try Pipeline.prepare(root: project.root, options: options)
            } catch {
                printError("guidance: error: \(error.description)")
                throw Exit.cannotRun
            }
            // The link check waits on the network; it starts now and runs
            // while the rules and the print check use the processors.
            let links: Task<[Finding], Never>? = offline ? nil : pipeline.project.map { resolved in
                Task { await checkLinks(resolved) }
            }
            pipeline.validate(asOf: options.asOf)
            var findings = pipeline.findings
            if !project.noPrintCheck, let checked = pipeline.project, !findings.hasErrors {
                let editions = GuidanceKit.Build.editions(of: pipeline, project: checked)
                let files = GuidanceKit.Build.render(project: checked, versions: pipeline.versions, fullBuild: false,
                                                     editions: editions.byVersion)
                let printed = GuidanceKit.Build.printCheck(pipeline.versions, files: files,
                    output: project.root.appendingPathComponent("Output"), printer: Printer.locate())
                findings = (findings + printed.findings).sortedForReport()
            }
            if let links {
                findings = (findings + (await links.value)).sortedForReport()
            }
            print(Reporter.render(findings, files: pipeline.fileCount, format: format,
                                  color: format == .text && useColor(STDOUT_FILENO)), terminator: "")
            if findings.hasErrors || (strict && findings.contains { $0.severity == .warning }) {
                throw Exit.findings
            }
        }

        /// The network link check, with a progress line on a terminal.
        private func checkLinks(_ checked: Project) async -> [Finding] {
            let settings = checked.configuration.links
            let cache = noCache ? nil : LinkCache(root: project.root, maximumAge: settings.cacheHours * 3600)
            var linkCheck = LinkCheck(settings: settings, cache: cache)
            let showProgress = format == .text && isatty(STDERR_FILENO) == 1
            let (findings, _) = await linkCheck.run(checked) { done, total, failures in
                guard showProgress else { return }
                printError("\u{1B}[2K\rChecking links: \(done)/\(total), \(failures) failing", newline: done == total)
            }
            return findings
        }
    }
}
