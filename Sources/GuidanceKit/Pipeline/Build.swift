import Foundation

/// `guidance build`: validate, render every version, check it prints on one
/// page, publish atomically.
package struct Build {
    package struct Result: Sendable {
        var pipeline: Pipeline
        /// Every finding of the run (for a no-op build, those of the build it repeats).
        package var findings: [Finding] { pipeline.findings }
        /// How many source files were read, for the summary line.
        package var fileCount: Int { pipeline.fileCount }
        /// nil when nothing was published (errors found).
        package var report: Publisher.Report?
        /// How many sheet versions the output holds.
        package var sheetVersions: Int
        /// Sheet versions (`audience/slug`) this build added to the output, and removed from it.
        package var added: [String] = []
        package var removed: [String] = []
        /// Sheet versions this build withdrew (their addresses now say so).
        package var withdrawn: [String] = []
        /// Phone numbers, e-mail and web addresses changed since the last publication.
        package var contactChanges: [PublishedRegistry.Change] = []
        /// Sheet versions whose edition this build raised ("schools/x (edition 2)").
        package var editionsRaised: [RaisedEdition] = []
        /// Files this build rewrote because they were not as the last build
        /// recorded them (see `OutputVerification`), by path in the output folder.
        package var replaced: [Replacement] = []
        /// Files not as the last build recorded them that this build left as
        /// they are: another audience's, or the site's own, in a build of some
        /// audiences (a full build rewrites them).
        package var left: [Replacement] = []
    }

    /// A file the build replaced, and why.
    package struct Replacement: Sendable, Equatable, Encodable {
        /// Relative to the output folder.
        package var file: String
        package var reason: String
    }

    /// What to do about paper. Every build that can print keeps the PDFs and
    /// the download page's previews current: a version whose HTML changed is
    /// printed, checked to fit one A4 page, and its PDF published. Without a
    /// browser (or with `check` off), each PDF whose HTML is unchanged stays and
    /// the others go, so no PDF is ever older than its page.
    package struct PrintOptions: Sendable {
        /// Print every changed version in Chromium and refuse one that overflows A4.
        package var check: Bool
        package var printer: Printer?
        package init(check: Bool = true, printer: Printer? = Printer.locate()) {
            self.check = check
            self.printer = printer
        }
        package static let none = PrintOptions(check: false, printer: nil)
    }

    /// The stage list with the build's policy (`StageList.build`): read ->
    /// resolve -> select -> number -> validate -> render -> print -> publish,
    /// stopping before render (page fit still checked) and before publish
    /// when anything is an error.
    package static func run(root: URL, output: URL, options: Pipeline.Options,
                           print: PrintOptions = PrintOptions()) async throws(ToolError) -> Result {
        var options = options
        options.output = output
        // The output folder first, before anything is read from it: a build
        // touches only what it published, and stops here otherwise.
        let folder = try OutputFolder.open(output, root: root)
        // Nothing changed since the last build: nothing to do.
        let key = BuildStamp.key(root: root, output: output, options: options, print: print)
        if let stamp = BuildStamp.load(root: root), stamp.key == key, stamp.outputsAreIntact(output, root: root, recorded: folder.recorded) {
            let pipeline = Pipeline(project: nil, findings: stamp.findings, versions: [], fileCount: stamp.fileCount)
            return Result(pipeline: pipeline, report: Publisher.Report(written: [], removed: [], unchanged: stamp.outputs.count),
                          sheetVersions: stamp.sheetVersions)
        }
        // What the build keeps must be what the last build recorded: a file
        // changed since (a PDF copied over another, a page edited by hand) is
        // printed or written again, and named. Looked at only when the build
        // gets as far as printing.
        var verified: OutputVerification.Verified? = nil
        let paper = Print(printer: print.check ? print.printer : nil,
                          withoutPrinter: print.check ? nil : "printing was switched off (--no-print-check)", output: output,
                          recorded: folder.recorded)
        let outcome = try await StageList.build.run(root: root, options: options, print: paper, distrusted: {
            let found = OutputVerification.verify(folder.url, recorded: folder.recorded)
            verified = found
            return Set(found.mismatches.map(\.path))
        }, publish: { (printed: Print.Result) throws(ToolError) -> Publish.Result? in
            let pipeline = printed.pipeline
            return try Publish(root: root, folder: folder, audiences: options.audiences, digests: verified?.digests ?? [:]).run(printed) { _ in
                BuildStamp(key: key, findings: BuildStamp.findingsAfterPublishing(pipeline.findings), fileCount: pipeline.fileCount,
                           sheetVersions: pipeline.versions.count, outputs: BuildStamp.outputs(of: output),
                           manifest: RegularFile.contents(atPath: output.appendingPathComponent(Manifest.fileName).path)
                               .map(SHA256.hex(of:))).save(root: root)
            }
        })
        let pipeline = outcome.pipeline
        guard let published = outcome.published else { return Result(pipeline: pipeline, report: nil, sheetVersions: 0) }
        let mismatches = verified?.mismatches ?? []
        return Result(pipeline: pipeline, report: published.report, sheetVersions: pipeline.versions.count,
                      added: published.added, removed: published.removed, withdrawn: published.withdrawn,
                      contactChanges: published.contactChanges,
                      editionsRaised: published.editionsRaised,
                      replaced: Self.replaced(mismatches, written: published.report.written),
                      left: Self.left(mismatches, written: published.report.written, output: folder.url,
                                      partial: options.audiences != nil))
    }

    /// The files that did not match their record and that this build did not
    /// write anew: changed ones still there, and (in a build of some
    /// audiences) missing ones of the other audiences, which a full build restores.
    static func left(_ mismatches: [OutputVerification.Mismatch], written: [String], output: URL,
                     partial: Bool = false) -> [Replacement] {
        let written = Set(written)
        return mismatches.filter { mismatch in
            !written.contains(mismatch.path) && (mismatch.missing ? partial
                : FileManager.default.fileExists(atPath: output.appendingPathComponent(mismatch.path).path))
        }.map { Replacement(file: $0.path, reason: $0.reason) }
    }

    /// The files that did not match their record and that this build wrote anew.
    static func replaced(_ mismatches: [OutputVerification.Mismatch], written: [String]) -> [Replacement] {
        let written = Set(written)
        return mismatches.filter { written.contains($0.path) }.map { Replacement(file: $0.path, reason: $0.reason) }
    }
}
