import ArgumentParser
import Foundation
import GuidanceKit

extension Guidance {
    struct CheckCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
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
            let showProgress = format == .text && isatty(STDERR_FILENO) == 1
            let links = offline ? nil : Check.LinkOptions(useCache: !noCache) { done, total, failures in
                guard showProgress else { return }
                printError("\u{1B}[2K\rChecking links: \(done)/\(total), \(failures) failing", newline: done == total, verbatim: true)
            }
            let options = Check.Options(pipeline: Pipeline.Options(asOf: project.asOf ?? .today()),
                                        links: links, printCheck: !project.noPrintCheck)
            let result: Check.Result
            do {
                result = try await Check.run(root: project.root, options: options)
            } catch {
                printError("guidance: error: \(error.description)")
                throw Exit.cannotRun
            }
            print(Reporter.render(result.findings, files: result.fileCount, format: format,
                                  color: format == .text && useColor(STDOUT_FILENO)), terminator: "")
            if result.findings.hasErrors || (strict && result.findings.contains { $0.severity == .warning }) {
                throw Exit.findings
            }
        }
    }
}
