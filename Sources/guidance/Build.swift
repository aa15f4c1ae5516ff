import ArgumentParser
import Foundation
import GuidanceKit

extension Guidance {
    struct BuildCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Validate the sources and write the sheets into Output/.",
            discussion: """
                Every changed sheet is printed in Chromium to check that it fits on one A4 page, \
                and its PDF and the download page's preview are published with it. Without \
                Chromium, unchanged PDFs stay and the download page links only the PDFs that exist. \
                Writes nothing, and exits 1, when any error is found; the previous Output/ stays \
                exactly as it was.
                """)

        @OptionGroup var project: ProjectOptions

        @Option(help: "Where to write the sheets (default: Output/ under the root): a new or empty folder, or one a previous build made and nothing else wrote to.",
                transform: { URL(fileURLWithPath: $0) })
        var output: URL?

        @Flag(help: "Accepted so that scripts written for check also run build; build never uses the network.")
        var offline = false

        @Flag(help: "Accepted for older scripts; does nothing (every build that can print writes the PDFs).")
        var pdf = false

        @Option(name: .customLong("audience"), help: "Build only this audience (repeatable). The index is written only by a full build.")
        var audiences: [String] = []

        /// Only what `build` prints: GitHub annotations come from `guidance check`.
        enum BuildFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

        @Option(help: "Report format: text or json (json adds what was published: versions added and removed, files written).")
        var format: BuildFormat = .text

        func run() async throws {
            let options = Pipeline.Options(asOf: project.asOf ?? .today(), audiences: audiences.isEmpty ? nil : audiences)
            let output = self.output ?? project.root.appendingPathComponent("Output")
            let paper = Build.PrintOptions(check: !project.noPrintCheck)
            let result: Build.Result
            do {
                result = try await Build.run(root: project.root, output: output, options: options, print: paper)
            } catch {
                printError("guidance: error: \(error.description)")
                if error.isUsage { throw Exit.usage }
                throw Exit.cannotRun
            }
            let findings = result.findings
            if format == .json {
                let outcome = Reporter.BuildOutcome(result)
                print(Reporter.json(findings, files: result.fileCount, build: outcome), terminator: "")
                if result.report == nil { throw Exit.findings }
                return
            }
            if !findings.isEmpty || result.report == nil {
                printError(Reporter.text(findings, files: result.fileCount, color: useColor(STDERR_FILENO)), verbatim: true)
            }
            guard let report = result.report else {
                printError("guidance: nothing was written; fix the errors above and run again")
                throw Exit.findings
            }
            let sheets = result.sheetVersions
            let folder = output.standardizedFileURL.path == project.root.appendingPathComponent("Output").standardizedFileURL.path
                ? "Output" : output.path
            for replaced in result.replaced { print("Replaced \(folder)/\(replaced.file): \(replaced.reason).") }
            for left in result.left {
                print("Left \(folder)/\(left.file) as it is: \(left.reason); a build of every audience rewrites it.")
            }
            if report.written.isEmpty && report.removed.isEmpty {
                print("Output is up to date: \(sheets) sheet versions, nothing written.")
            } else {
                func files(_ n: Int) -> String { n == 1 ? "1 file" : "\(n) files" }
                print("Built \(sheets) sheet versions into \(output.path): \(files(report.written.count)) written, "
                      + "\(report.removed.count) removed, \(report.unchanged) unchanged.")
                if !result.added.isEmpty { print("Added: \(result.added.joined(separator: ", "))") }
                if !result.removed.isEmpty { print("Removed: \(result.removed.joined(separator: ", "))") }
                if !result.withdrawn.isEmpty {
                    print("Withdrawn: \(result.withdrawn.joined(separator: ", ")) (each address now says when, why and what instead)")
                }
                for change in result.contactChanges { print("Contact changed: \(change)") }
                if !result.editionsRaised.isEmpty { print("New editions: \(result.editionsRaised.map(\.description).joined(separator: ", "))") }
            }
        }
    }
}
