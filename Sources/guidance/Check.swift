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

        @Flag(help: "Fail on warnings too.")
        var strict = false

        func run() async throws {
            if !project.offline {
                // Said plainly rather than implied: until the network link checker
                // lands, `check` runs the offline rules only.
                printError("guidance: note: links are not yet checked over the network; ran the offline checks only")
            }
            let options = Pipeline.Options(asOf: project.asOf ?? .today())
            let pipeline: Pipeline
            do {
                pipeline = try Pipeline.run(root: project.root, options: options)
            } catch {
                printError("guidance: error: \(error.description)")
                throw Exit.cannotRun
            }
            let findings = pipeline.findings
            print(Reporter.render(findings, files: pipeline.fileCount, format: format,
                                  color: format == .text && useColor(STDOUT_FILENO)), terminator: "")
            if findings.hasErrors || (strict && findings.contains { $0.severity == .warning }) {
                throw Exit.findings
            }
        }
    }
}
