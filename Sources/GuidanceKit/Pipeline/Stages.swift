import Foundation

// The pipeline, one stage a type; each takes the previous stage's result and
// hands its own to the next, never reaching back:
//
//     Read -> Resolve -> Select -> Number -> Validate -> Render -> Print -> Publish
//
// `Build.run` and `Check.run` are short lists of these stages.

/// Read: everything under `Guidance/`, parsed (front matter, Markdown, YAML),
/// and the last publication the stages after compare with.
struct Read {
    var root: URL
    /// Sheets parsed by an earlier build (`guidance serve`): an unchanged text is not parsed again.
    var cache: SheetCache? = nil
    /// The output folder holding the last publication; nil reads none (the
    /// fuzz harness, which runs sheets alone; `guidance due`).
    var publication: URL? = nil

    struct Result: Sendable {
        var project: Project?
        var findings: [Finding]
        var fileCount: Int
        /// The last publication, when there is a project to compare with it.
        var publication: Publication? = nil
    }

    func run() throws(ToolError) -> Result {
        let (project, findings, fileCount) = try Project.read(root: root, cache: cache)
        return Result(project: project, findings: findings, fileCount: fileCount,
                      publication: project == nil ? nil : publication.map { Publication.read(output: $0, root: root) })
    }
}

/// The last publication, as Read finds it: the registry as published
/// (`changed-contact`), and the manifest that editions are numbered against
/// and withdrawals are told from.
struct Publication: Sendable {
    var registry: PublishedRegistry?
    var manifest: Manifest?
    /// The folder that manifest is in (whose files it records).
    var manifestFolder: URL?
    /// A manifest that is there but cannot be read (`output-changed`).
    var unreadable: Finding?

    static func read(output: URL, root: URL) -> Publication {
        let located = Manifest.locate(output: output, root: root)
        return Publication(registry: PublishedRegistry.load(from: output), manifest: located?.manifest,
                           manifestFolder: located?.folder, unreadable: ManifestRule.unreadable(output: output, root: root))
    }
}

/// Resolve: `{{contact.field}}` placeholders become contact nodes from the
/// registry, each sheet on its own core. Without a readable registry the
/// placeholders stay as written (its own finding says why).
struct Resolve {
    func run(_ read: Read.Result) -> Read.Result {
        guard var project = read.project, project.registry.isReadable else { return read }
        let registry = project.registry
        let resolved = project.sheets.concurrentMap { sheet -> (Sheet, [Finding]) in
            var resolver = PlaceholderResolver(registry: registry, source: sheet.source)
            var sheet = sheet
            sheet.document = resolver.resolve(sheet.document)
            sheet.contactsNamed = resolver.named
            sheet.linksFromRegistry = resolver.linksFilledIn
            return (sheet, resolver.findings)
        }
        project.sheets = resolved.map(\.0)
        return Read.Result(project: project, findings: read.findings + resolved.flatMap(\.1), fileCount: read.fileCount,
                           publication: read.publication)
    }
}

/// Select: audience markers read once per sheet, then one tree per audience.
struct Select {
    /// Only these audiences (`--audience`); nil for all.
    var audiences: [String]?

    func run(_ resolved: Read.Result) throws(ToolError) -> Pipeline {
        guard let project = resolved.project else {
            return Pipeline(project: nil, findings: resolved.findings.sortedForReport(), versions: [], fileCount: resolved.fileCount)
        }
        let config = project.configuration
        if let wanted = audiences {
            for id in wanted where config.audience(id) == nil {
                throw ToolError("unknown audience '\(id)' for --audience; declared: \(config.audiences.map(\.id).joined(separator: ", "))",
                                isUsage: true)
            }
        }
        let audiences = self.audiences
        let perSheet = project.sheets.concurrentMap { sheet in Self.select(sheet, project: project, audiences: audiences) }
        var selected = project
        selected.sheets = perSheet.map(\.sheet)
        let publication = resolved.publication
        let manifest = publication?.manifest
        let versions = perSheet.flatMap(\.versions)
        // Versions no longer built: withdrawn on purpose, or an error.
        let withdrawals = Withdrawals.resolve(project: selected, manifest: manifest, versions: versions,
                                              audiences: audiences)
        let findings = resolved.findings + perSheet.flatMap(\.findings) + withdrawals.findings + (publication?.unreadable.map { [$0] } ?? [])
        return Pipeline(project: selected, findings: findings.sortedForReport(),
                        versions: versions, fileCount: resolved.fileCount,
                        published: publication?.registry, manifest: manifest,
                        withdrawn: withdrawals.withdrawn, manifestFolder: publication?.manifestFolder)
    }

    private static func select(_ sheet: Sheet, project: Project, audiences wanted: [String]?)
        -> (sheet: Sheet, versions: [SheetVersion], findings: [Finding]) {
        let config = project.configuration
        var findings: [Finding] = []
        var versions: [SheetVersion] = []
        // With its audiences unreadable, a sheet's markers are checked against
        // the declared audiences only, and it has no versions.
        let declared = config.audiences.map(\.id)
        let audiencesBroken = sheet.frontMatter.broken.contains("audiences")
        var tagger = AudienceTagger(declared: declared, listed: audiencesBroken ? declared : sheet.frontMatter.audiences,
                                    file: sheet.path)
        var tagged = sheet
        tagged.document = tagger.tag(sheet.document)
        findings += tagger.findings
        for id in sheet.frontMatter.audiences where !declared.contains(id) {
            let location = sheet.frontMatter.locations["audience:\(id)"] ?? sheet.frontMatter.locations["audiences"]
                ?? SourceLocation(file: sheet.path, line: 2, column: 1)
            findings.append(AudienceTagger.undeclared(id, at: location, declared: declared))
        }
        for audience in config.audiences where !audiencesBroken && sheet.frontMatter.audiences.contains(audience.id) {
            let document = tagged.document.selected(for: audience.id)
            if !document.hasVisibleContent {
                findings.append(.error(.frontMatter,
                    at: sheet.frontMatter.locations["audience:\(audience.id)"] ?? SourceLocation(file: sheet.path, line: 1, column: 1),
                    "the \(audience.id) version of this sheet has no content; add text for it or remove '\(audience.id)' from audiences"))
                continue
            }
            if let wanted, !wanted.contains(audience.id) { continue }
            versions.append(SheetVersion(sheet: tagged, audience: audience, document: document,
                                         contacts: sheet.contactsNamed == [] ? []
                                             : contactsUsed(in: document, registry: project.registry)))
        }
        return (tagged, versions, findings)
    }

    private static func contactsUsed(in document: Markup, registry: ContactRegistry) -> [Contact] {
        var ids: [String] = []
        document.forEachNode { node in
            if case .contact(let value) = node.kind, !ids.contains(value.contact) { ids.append(value.contact) }
        }
        return ids.compactMap(registry.contact)
    }
}

/// Validate: every rule over the resolved sheets and their versions (and
/// their editions, as Number worked them out).
struct Validate {
    var asOf: Day
    var validator = Validator.standard

    func run(_ selected: Pipeline) -> Pipeline {
        guard let project = selected.project else { return selected }
        var validated = selected
        let context = ValidationContext(project: project, versions: selected.versions, asOf: asOf, published: selected.published,
                                        manifest: selected.manifest, editions: selected.editions,
                                        manifestFolder: selected.manifestFolder)
        let found = selected.findings + validator.validate(context)
        validated.findings = (found + Validator.changeNotes(context, after: found)).sortedForReport()
        return validated
    }
}

/// Number: each version's edition against the last publication, raised
/// when its published text changed; worked out once, before validating, as
/// the change-note and manifest rules judge them and the renderers print them.
struct Number {
    func run(_ selected: Pipeline) -> Pipeline {
        guard let project = selected.project else { return selected }
        var numbered = selected
        numbered.editions = Self.editions(of: selected, project: project)
        return numbered
    }

    static func editions(of pipeline: Pipeline, project: Project) -> Editions {
        Editions(versions: pipeline.versions, previous: pipeline.manifest,
                 renderer: SheetRenderer(configuration: project.configuration, templates: project.templates),
                 published: pipeline.published, registry: project.registry, withdrawn: pipeline.withdrawn)
    }
}

/// Render: each version's HTML page and plain text, by output path, with
/// the edition Number gave it.
struct Render {
    struct Result: Sendable {
        var pipeline: Pipeline
        var files: [String: Data]
        var editions: Editions?
    }

    func run(_ validated: Pipeline) -> Result {
        guard let project = validated.project else { return Result(pipeline: validated, files: [:], editions: nil) }
        let editions = validated.editions
        let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates,
                                     editions: editions?.byVersion ?? [:])
        let rendered = validated.versions.concurrentMap { version in
            (Data(renderer.html(version).utf8), Data(renderer.text(version).utf8))
        }
        var files: [String: Data] = [:]
        for (version, (html, text)) in zip(validated.versions, rendered) {
            files[OutputLayout.html(version)] = html
            files[OutputLayout.text(version)] = text
        }
        // An audience with a box for its own contacts gets the page that fills it in.
        for audience in project.configuration.audiences {
            if let page = renderer.ownCopyHTML(audience, versions: validated.versions, pages: files) {
                files[OutputLayout.ownCopy(audience: audience.id)] = Data(page.utf8)
            }
        }
        // A withdrawn version keeps its addresses, saying so; its PDF goes.
        for version in validated.withdrawn {
            files[version.html] = Data(renderer.withdrawnHTML(version).utf8)
            files[version.text] = Data(renderer.withdrawnText(version).utf8)
        }
        return Result(pipeline: validated, files: files, editions: editions)
    }
}

/// Print: every version whose page changed, printed in one Chromium and
/// checked to fit one A4 page; the others keep the PDF they have.
struct Print {
    var printer: Printer?
    /// Why there is no printer, when there is none.
    var withoutPrinter: String?
    /// A browser kept open between runs (serve); nil starts one for this run.
    var session: PrintSession? = nil
    /// The current output, whose PDFs are kept for unchanged pages: the
    /// stage list reads them (`KeptOutput`) and hands them to `run`.
    var output: URL
    /// Files in the output that do not match what the last build recorded
    /// of them: never kept (see `OutputVerification`).
    var distrusted: Set<String> = []
    /// The SHA-256 of each file as the last build wrote it (`manifest.json`):
    /// a page edited by hand since, that this build writes back as it was,
    /// keeps the PDF printed from it.
    var recorded: [String: String] = [:]

    struct Result: Sendable {
        var pipeline: Pipeline
        /// Pages and text with the PDFs (and print packs) that will be published.
        var files: [String: Data]
        var pdfs: [String: Data]
        /// One PDF per audience holding every sheet, by output path.
        var packs: [String: Data]
        var editions: Editions?
    }

    /// - Parameter kept: the output's files as they are, read before
    ///   printing, so Print reads and writes no file itself.
    func run(_ rendered: Render.Result, kept: KeptOutput) async -> Result {
        var paper = PrintCheck(printer: printer)
        paper.baseURL = rendered.pipeline.project?.configuration.baseURL
        if let withoutPrinter { paper.withoutPrinter = withoutPrinter }
        let pages = rendered.pipeline.versions.compactMap { version -> (path: String, version: SheetVersion, html: Data)? in
            let path = OutputLayout.html(version)
            return rendered.files[path].map { (path, version, $0) }
        }
        // One browser for the sheets and the packs: the one kept by the
        // caller (serve), or one started when first needed and closed here.
        let browser = session ?? printer.map { PrintSession(printer: $0) }
        let checked = await paper.run(pages, previous: kept.files, session: browser, distrusted: distrusted, recorded: recorded)
        // A version left without a PDF (no browser, or not printable) has its
        // page rendered again without the link to it: no page links a file
        // that is not there. The next build that prints it sees its page
        // changed, prints it, and the link comes back.
        var files = rendered.files
        if let project = rendered.pipeline.project {
            let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates,
                                         editions: rendered.editions?.byVersion ?? [:])
            for page in pages where checked.pdfs[OutputLayout.pdf(forHTML: page.path)] == nil {
                files[page.path] = Data(renderer.html(page.version, linkingPDF: false).utf8)
            }
        }
        var pipeline = rendered.pipeline
        pipeline.findings = (pipeline.findings + checked.findings).sortedForReport()
        // The print packs: every sheet of an audience in one PDF, printed again only when one changed.
        var packed = PrintPack.Result()
        if !pipeline.findings.hasErrors {
            packed = await PrintPack.packs(for: pipeline.versions, pages: files, pdfs: checked.pdfs, kept: kept.files,
                                           distrusted: distrusted, session: browser, baseURL: paper.baseURL)
        }
        // A browser started for this run goes with it; one kept by the caller stays.
        if session == nil { await browser?.close() }
        pipeline.findings = (pipeline.findings + packed.findings).sortedForReport()
        let packs = packed.packs
        return Result(pipeline: pipeline, files: files.merging(checked.pdfs) { _, new in new }.merging(packs) { _, new in new },
                      pdfs: checked.pdfs, packs: packs, editions: rendered.editions)
    }
}

/// The files of the current output that printing may keep: each version's
/// page and PDF and each audience's print pack, as they are before this run.
struct KeptOutput: Sendable {
    /// Output-relative path -> bytes; a file that is not there is absent.
    var files: [String: Data]

    static func read(_ output: URL, versions: [SheetVersion]) -> KeptOutput {
        var paths = versions.flatMap { [OutputLayout.html($0), OutputLayout.pdf($0)] }
        var audiences: [String] = []
        for version in versions where !audiences.contains(version.audience.id) { audiences.append(version.audience.id) }
        paths += audiences.map { OutputLayout.pack(audience: $0) }
        var files: [String: Data] = [:]
        for path in paths {
            files[path] = RegularFile.contents(atPath: output.appendingPathComponent(path).path)
        }
        return KeptOutput(files: files)
    }
}

/// Publish: the site's own pages from what will be published (the download
/// page links the PDFs that will exist, with page 1 of each; the registry as
/// published), then every file written atomically by the `Publisher`.
struct Publish {
    var root: URL
    /// The output folder, as `OutputFolder.open` found it: only the build's own files.
    var folder: OutputFolder
    /// Only these audiences were built (`--audience`); nil for a full build.
    var audiences: [String]?
    /// The digests of the files found as the manifest records them, by bytes.
    var digests: [Data: String] = [:]

    struct Result: Sendable {
        var report: Publisher.Report
        var added: [String]
        var removed: [String]
        /// Versions (`audience/slug`) this build withdrew.
        var withdrawn: [String] = []
        var contactChanges: [PublishedRegistry.Change]
        var editionsRaised: [RaisedEdition]
    }

    func run(_ printed: Print.Result, stamp: (Publisher.Report) -> Void = { _ in }) throws(ToolError) -> Result {
        let pipeline = printed.pipeline
        guard let project = pipeline.project else {
            return Result(report: Publisher.Report(written: [], removed: [], unchanged: 0), added: [], removed: [],
                          withdrawn: [], contactChanges: [], editionsRaised: [])
        }
        let fullBuild = audiences == nil
        var files = fullBuild ? Self.site(printed, project: project, digests: digests) : printed.files
        let built = Set(pipeline.versions.map(\.audience.id)).union(audiences ?? project.configuration.audiences.map(\.id))
        let managed = { (path: String) in Self.isManaged(path, audiences: built, fullBuild: fullBuild) }
        // A build of some audiences records its versions in the manifest too,
        // as the manifest is what says which files in the folder are the build's;
        // and the hashes of the files it writes, with those recorded of the
        // files it keeps as they are (the other audiences', the site's own).
        if !fullBuild, let editions = printed.editions {
            // A recorded file of another audience that is missing keeps its
            // record, so `check` goes on reporting it until a full build.
            let kept = folder.recorded.filter { !managed($0.key) && files[$0.key] == nil }
            files[Manifest.fileName] = editions.manifest
                .published(versions: pipeline.versions, withdrawn: pipeline.withdrawn, pdfs: Set(printed.pdfs.keys),
                           configuration: project.configuration)
                .json(recording: files, keeping: kept, digests: digests)
        }
        let before = Self.versions(in: folder.ownFiles().filter(managed))
        // The stamp goes first: a build killed while publishing leaves none,
        // so the next build is a real one.
        BuildStamp.remove(root: root)
        let report = try Publisher(output: folder.url).publish(files, into: folder, managed: managed)
        stamp(report)
        let after = Self.versions(in: Array(files.keys))
        // Newly withdrawn: the pages at their addresses now say so.
        let withdrawn = pipeline.withdrawn.filter { pipeline.manifest?.versions[$0.key]?.withdrawn == nil }.map(\.key)
        let live = after.subtracting(pipeline.withdrawn.map(\.key))
        return Result(report: report, added: live.subtracting(before).sorted(),
                      removed: before.subtracting(after).sorted(), withdrawn: withdrawn.sorted(),
                      contactChanges: fullBuild ? pipeline.published?.changes(to: project.registry) ?? [] : [],
                      editionsRaised: printed.editions?.raised ?? [])
    }

    /// The sheet versions (`audience/slug`) a list of output paths holds.
    static func versions(in paths: [String]) -> Set<String> {
        Set(paths.filter { $0.hasSuffix(".html") }.compactMap(OutputLayout.version(of:)))
    }

    /// Of the build's own files (see `OutputFolder.owns`), those this build
    /// removes when no source produces them: sheets in the audiences built,
    /// and (for a full build) the site's own files, the audiences' feeds and
    /// any audience folder no longer declared.
    static func isManaged(_ path: String, audiences: Set<String>, fullBuild: Bool) -> Bool {
        let parts = path.split(separator: "/")
        if parts.count == 1 { return fullBuild && OutputLayout.topLevelFiles.contains(path) }
        guard parts.count == 2 else { return false }
        if parts[1] == OutputLayout.feed { return fullBuild }
        let isSheet = OutputLayout.sheetExtensions.contains { parts[1].hasSuffix($0) }
        return isSheet && (audiences.contains(String(parts[0])) || fullBuild)
    }
}

extension Print {
    /// Page fit despite errors elsewhere: when some sheets have errors, the
    /// others are still printed, so one run reports every version that is too
    /// long (a misspelt placeholder in one sheet no longer hides that another
    /// spills onto a second page). Nothing is printed while the configuration,
    /// the registry or a template has an error (no page would be what it will
    /// be). Returns only the findings the printing adds.
    static func pageFit(despite validated: Pipeline, printer: Printer?, output: URL, kept: KeptOutput) async -> [Finding] {
        guard validated.project?.registry.isReadable == true, let printer else { return [] }
        let failing = Set(validated.findings.filter { $0.severity == .error }.map(\.location.file))
        let shared = [Configuration.path, ContactRegistry.path]
        guard !failing.contains(where: { shared.contains($0) || $0.hasPrefix(Templates.folder + "/") }) else { return [] }
        var printable = validated
        printable.versions = validated.versions.filter { !failing.contains($0.sheet.path) }
        guard !printable.versions.isEmpty else { return [] }
        let printed = await Print(printer: printer, output: output).run(Render().run(printable), kept: kept).pipeline
        let before = Set(validated.findings)
        return printed.findings.filter { !before.contains($0) && $0.rule == .pageOverflow }
    }
}
