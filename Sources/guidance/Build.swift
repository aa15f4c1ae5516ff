import ArgumentParser
import Foundation
import GuidanceKit

extension Guidance {
    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the sources and write the sheets into Output/.",
            discussion: "Writes nothing, and exits 1, when any error is found; the previous Output/ stays exactly as it was.")

        @OptionGroup var project: ProjectOptions

        @Option(help: "Where to write the sheets (default: Output/ under the root).",
                transform: { URL(fileURLWithPath: $0) })
        var output: URL?

        @Flag(help: "Also write a PDF of every sheet (printed by Chromium) beside its HTML.")
        var pdf = false

        @Option(name: .customLong("audience"), help: "Build only this audience (repeatable). The index is written only by a full build.")
        var audiences: [String] = []

        func run() async throws {
            let options = Pipeline.Options(asOf: project.asOf ?? .today(), audiences: audiences.isEmpty ? nil : audiences)
            let output = self.output ?? project.root.appendingPathComponent("Output")
            let result: GuidanceKit.Build.Result
            do {
                let print = GuidanceKit.Build.PrintOptions(check: !project.noPrintCheck, writePDF: pdf)
                if pdf, print.printer == nil {
                    printError("guidance: error: --pdf needs Chromium; install the chromium package or set GUIDANCE_CHROMIUM")
                    throw Exit.cannotRun
                }
                result = try GuidanceKit.Build.run(root: project.root, output: output, options: options, print: print)
            } catch let error as ToolError {
                printError("guidance: error: \(error.description)")
                throw Exit.cannotRun
            }
            let findings = result.pipeline.findings
            if !findings.isEmpty || result.report == nil {
                printError(Reporter.text(findings, files: result.pipeline.fileCount, color: useColor(STDERR_FILENO)))
            }
            guard let report = result.report else {
                printError("guidance: nothing was written; fix the errors above and run again")
                throw Exit.findings
            }
            let sheets = result.sheetVersions
            if report.written.isEmpty && report.removed.isEmpty {
                print("Output is up to date: \(sheets) sheet versions, nothing written.")
            } else {
                func files(_ n: Int) -> String { n == 1 ? "1 file" : "\(n) files" }
                print("Built \(sheets) sheet versions into \(output.path): \(files(report.written.count)) written, "
                      + "\(report.removed.count) removed, \(report.unchanged) unchanged.")
            }
        }
    }
}
