import Foundation

/// How far a command runs the steps, and where errors stop it.
package struct StopPolicy: Sendable {
    /// The last step the command runs.
    var last: StageList.Step
    /// Errors found by then stop the run before each of these steps.
    var stopsOnErrorsBefore: Set<StageList.Step>
    /// Stopped before rendering by errors, the versions without errors are
    /// still printed, so every page too long for A4 is reported in one run
    /// (`Print.pageFit(despite:)`).
    var pageFitDespiteErrors = false
    /// Errors after which the pages would show what is not so (serve: the
    /// registry unread or refused): the run stops before rendering, says
    /// why, and the caller keeps the last good pages.
    var keepsLastGoodPages = false
    /// Whether Read reads the last publication (`contacts.json`,
    /// `manifest.json`) for the stages to compare with.
    var readsPublication = true
}

/// The stages, assembled once: read -> resolve -> select -> number ->
/// validate -> render -> print -> publish, each handing its result to the
/// next. `guidance build`, `guidance check`, `guidance serve` and the fuzz
/// harness are this list with their own stop policy.
package struct StageList: Sendable {
    package static let steps = Step.allCases
    package var policy: StopPolicy

    /// Stops before rendering on errors, yet checks the page fit of the
    /// versions without; stops before publishing when printing found errors.
    package static let build = StageList(policy: StopPolicy(last: .publish, stopsOnErrorsBefore: [.render, .publish],
                                                            pageFitDespiteErrors: true))
    /// As build, but never publishes.
    package static let check = StageList(policy: StopPolicy(last: .print, stopsOnErrorsBefore: [.render],
                                                            pageFitDespiteErrors: true))
    /// Renders and prints despite errors, so the office sees the sheet it is
    /// fixing, but keeps the last good pages when the registry breaks them;
    /// publishes nothing (the server serves `Publish.site` from memory).
    package static let serve = StageList(policy: StopPolicy(last: .print, stopsOnErrorsBefore: [], keepsLastGoodPages: true))
    /// Sheets alone, up to validating: no publication read or written.
    package static let fuzz = StageList(policy: StopPolicy(last: .validate, stopsOnErrorsBefore: [], readsPublication: false))
    /// Read to validate, the findings every command starts from (`Pipeline.run`).
    package static let validate = StageList(policy: StopPolicy(last: .validate, stopsOnErrorsBefore: []))

    /// The steps this command runs, by name.
    package var steps: [Step] { Self.steps.filter { $0 <= policy.last } }

    /// What a run made, as far as it went.
    package struct Outcome: Sendable {
        /// The findings and versions after the last step run.
        package var pipeline: Pipeline
        var rendered: Render.Result?
        var printed: Print.Result?
        var published: Publish.Result?
        /// The step errors stopped the run before, if any.
        package var stoppedBefore: Step?
        /// Why the pages are not shown (`keepsLastGoodPages`), when they would mislead.
        var withheld: String?
    }

    /// Read, resolve and select: where the link check starts (`guidance check`).
    func select(root: URL, options: Pipeline.Options, cache: SheetCache? = nil) throws(ToolError) -> Pipeline {
        let read = try Read(root: root, cache: cache,
                            publication: policy.readsPublication ? options.publication(root: root) : nil).run()
        return try select(read, options: options)
    }

    /// Resolve and select a project already read (the fuzz harness reads one sheet itself).
    func select(_ read: Read.Result, options: Pipeline.Options) throws(ToolError) -> Pipeline {
        try Select(audiences: options.audiences).run(Resolve().run(read))
    }

    /// The whole list, from reading on.
    /// - Parameters:
    ///   - print: the print stage, or nil to print nothing (`--no-print-check`).
    ///   - distrusted: files of the output not to be kept, asked for only when printing is reached.
    ///   - publish: the publish stage, reached only when the policy goes that far.
    /// Async from printing on: the print session is an actor (`PrintSession`).
    func run(root: URL, options: Pipeline.Options, cache: SheetCache? = nil, print: Print? = nil,
             distrusted: () -> Set<String> = { [] },
             publish: (Print.Result) throws(ToolError) -> Publish.Result? = { _ in nil }) async throws(ToolError) -> Outcome {
        try await run(from: select(root: root, options: options, cache: cache), asOf: options.asOf, print: print,
                      distrusted: distrusted, publish: publish)
    }

    /// Numbering and validating, the steps every command runs, synchronous
    /// so that a run that goes no further (`Pipeline.run`, the fuzz harness)
    /// needs no task.
    func validate(_ selected: Pipeline, asOf: Day) -> Pipeline {
        Validate(asOf: asOf).run(Number().run(selected))
    }

    /// The list from numbering on, over what `select` handed on.
    func run(from selected: Pipeline, asOf: Day, print: Print? = nil, distrusted: () -> Set<String> = { [] },
             publish: (Print.Result) throws(ToolError) -> Publish.Result? = { _ in nil }) async throws(ToolError) -> Outcome {
        var pipeline = validate(selected, asOf: asOf)
        guard policy.last > .validate, let project = pipeline.project else { return Outcome(pipeline: pipeline) }
        if policy.keepsLastGoodPages, let why = Self.pagesWouldMislead(pipeline.findings, registry: project.registry) {
            return Outcome(pipeline: pipeline, stoppedBefore: .render, withheld: why)
        }
        if policy.stopsOnErrorsBefore.contains(.render), pipeline.findings.hasErrors {
            if policy.pageFitDespiteErrors, let print {
                let kept = print.printer == nil ? KeptOutput(files: [:]) : KeptOutput.read(print.output, versions: pipeline.versions)
                let overflows = await Print.pageFit(despite: pipeline, printer: print.printer, output: print.output, kept: kept)
                pipeline.findings = (pipeline.findings + overflows).sortedForReport()
            }
            return Outcome(pipeline: pipeline, stoppedBefore: .render)
        }
        let rendered = Render().run(pipeline)
        // Without a print stage (a test's render), the run ends with the pages.
        guard policy.last > .render, var print else { return Outcome(pipeline: pipeline, rendered: rendered) }
        print.distrusted = distrusted()
        let printed = await print.run(rendered, kept: KeptOutput.read(print.output, versions: rendered.pipeline.versions))
        guard policy.last > .print else { return Outcome(pipeline: printed.pipeline, rendered: rendered, printed: printed) }
        if policy.stopsOnErrorsBefore.contains(.publish), printed.pipeline.findings.hasErrors {
            return Outcome(pipeline: printed.pipeline, rendered: rendered, printed: printed, stoppedBefore: .publish)
        }
        return Outcome(pipeline: printed.pipeline, rendered: rendered, printed: printed, published: try publish(printed))
    }

    /// Registry errors after which the pages would print what is not so:
    /// placeholders as written (the registry unread), or a number, address
    /// or link the registry itself refuses.
    static let registryErrorsThatBreakPages: Set<RuleID> = [.config, .invalidPhone, .invalidEmail, .unsafeLink, .retiredNumber]

    /// Why the pages of a run cannot be shown because of the registry
    /// (issue 25, item 8), or nil. A contact merely due for a check still
    /// prints rightly, so it withholds nothing.
    static func pagesWouldMislead(_ findings: [Finding], registry: ContactRegistry) -> String? {
        let broken = findings.contains {
            $0.severity == .error && $0.location.file == ContactRegistry.path && registryErrorsThatBreakPages.contains($0.rule)
        }
        if !registry.isReadable {
            return "\(ContactRegistry.path) cannot be read, so the sheets' placeholders cannot be filled in"
        }
        guard broken else { return nil }
        return "\(ContactRegistry.path) has errors in what the sheets print from it, so they cannot be shown as they would be published"
    }
}

extension StageList {
    /// The pipeline's steps, in order, named once. Each command is this list run
    /// as far as its `StopPolicy` lets it (see `StageList`).
    package enum Step: String, CaseIterable, Sendable, Comparable {
        case read, resolve, select, number, validate, render, print, publish

        package static func < (a: Step, b: Step) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }
}
