import Foundation

/// One version of one sheet: what one audience reads.
public struct SheetVersion: Sendable {
    public var sheet: Sheet
    public var audience: Configuration.Audience
    /// The resolved tree with other audiences' blocks removed.
    public var document: Markup
    /// The registry contacts this version shows, in order of first use.
    public var contacts: [Contact]
}

/// The whole pipeline up to rendering:
/// read -> resolve contacts -> select audience -> validate.
public struct Pipeline: Sendable {
    public struct Options: Sendable {
        /// The day staleness is judged on (`--as-of`).
        public var asOf: Day
        /// Only these audiences (`--audience`); nil for all.
        public var audiences: [String]?
        /// The output folder whose `contacts.json` is the last publication
        /// (`changed-contact`); nil for `Output/` under the root.
        public var output: URL?
        public init(asOf: Day = .today(), audiences: [String]? = nil, output: URL? = nil) {
            self.asOf = asOf
            self.audiences = audiences
            self.output = output
        }
    }

    public var project: Project?
    public var findings: [Finding]
    public var versions: [SheetVersion]
    /// How many source files were read, for the summary line.
    public var fileCount: Int
    /// The registry as last published, when there is a publication.
    public var published: PublishedRegistry? = nil
    /// The editions as last published, when there is a publication.
    public var manifest: Manifest? = nil

    public static func run(root: URL, options: Options) throws(ToolError) -> Pipeline {
        var pipeline = try prepare(root: root, options: options)
        pipeline.validate(asOf: options.asOf)
        return pipeline
    }

    /// Read, resolve and select, without the validate step: what the link
    /// check needs to start while the rules run.
    public static func prepare(root: URL, options: Options) throws(ToolError) -> Pipeline {
        let (project, readFindings, fileCount) = try Project.read(root: root)
        return try prepare(project: project, findings: readFindings, fileCount: fileCount, options: options)
    }

    /// Resolve, select and validate a project already read.
    static func run(project: Project?, findings readFindings: [Finding], fileCount: Int,
                    options: Options) throws(ToolError) -> Pipeline {
        var pipeline = try prepare(project: project, findings: readFindings, fileCount: fileCount, options: options)
        pipeline.validate(asOf: options.asOf)
        return pipeline
    }

    /// The validate step: every rule over the resolved sheets (every
    /// audience's blocks still in place) and their versions.
    public mutating func validate(asOf: Day) {
        guard let project else { return }
        let context = ValidationContext(project: project, versions: versions, asOf: asOf, published: published,
                                        manifest: manifest)
        findings = (findings + Validator.standard.validate(context)).sortedForReport()
    }

    static func prepare(project: Project?, findings readFindings: [Finding], fileCount: Int,
                        options: Options) throws(ToolError) -> Pipeline {
        var findings = readFindings
        guard let project else { return Pipeline(project: nil, findings: findings, versions: [], fileCount: fileCount) }
        let config = project.configuration
        if let wanted = options.audiences {
            for id in wanted where config.audience(id) == nil {
                throw ToolError("unknown audience '\(id)' for --audience; declared: \(config.audiences.map(\.id).joined(separator: ", "))",
                                isUsage: true)
            }
        }

        // Resolve and select, each sheet on its own (and so on every core).
        let perSheet = project.sheets.concurrentMap { sheet in
            resolveAndSelect(sheet, project: project, options: options)
        }
        var versions: [SheetVersion] = []
        var resolvedSheets: [Sheet] = []
        for result in perSheet {
            findings += result.findings
            resolvedSheets.append(result.sheet)
            versions += result.versions
        }

        var resolvedProject = project
        resolvedProject.sheets = resolvedSheets
        let output = options.output ?? project.root.appendingPathComponent("Output")
        let published = PublishedRegistry.load(from: output)
        return Pipeline(project: resolvedProject, findings: findings.sortedForReport(), versions: versions, fileCount: fileCount,
                        published: published, manifest: Manifest.load(output: output, root: project.root))
    }

    private struct SheetResult: Sendable {
        var sheet: Sheet
        var versions: [SheetVersion]
        var findings: [Finding]
    }

    /// One sheet: contacts resolved from the registry, audience markers read
    /// once, then one tree per audience.
    private static func resolveAndSelect(_ sheet: Sheet, project: Project, options: Options) -> SheetResult {
        let config = project.configuration
        var findings: [Finding] = []
        var versions: [SheetVersion] = []
        // Resolve: contacts from the registry.
        // Without a readable registry placeholders stay as written and are not
        // judged: one finding says so, not one per placeholder.
        var resolved = sheet.document
        if project.registry.isReadable {
            var resolver = PlaceholderResolver(registry: project.registry, source: sheet.source)
            resolved = resolver.resolve(sheet.document)
            findings += resolver.findings
        }

        // Select: audience markers read once, then one tree per audience.
        let declared = config.audiences.map(\.id)
        // With its audiences unreadable, a sheet's markers are checked against
        // the declared audiences only, and it has no versions.
        let audiencesBroken = sheet.frontMatter.broken.contains("audiences")
        var tagger = AudienceTagger(declared: declared, listed: audiencesBroken ? declared : sheet.frontMatter.audiences,
                                    file: sheet.path)
        let tagged = tagger.tag(resolved)
        findings += tagger.findings
        for id in sheet.frontMatter.audiences where !declared.contains(id) {
            let location = sheet.frontMatter.locations["audience:\(id)"] ?? sheet.frontMatter.locations["audiences"]
                ?? SourceLocation(file: sheet.path, line: 2, column: 1)
            findings.append(AudienceTagger.undeclared(id, at: location, declared: declared))
        }
        var sheetWithTree = sheet
        sheetWithTree.document = tagged
        for audience in config.audiences where !audiencesBroken && sheet.frontMatter.audiences.contains(audience.id) {
            let document = tagged.selected(for: audience.id)
            if !document.hasVisibleContent {
                findings.append(.error(.frontMatter,
                    at: sheet.frontMatter.locations["audience:\(audience.id)"] ?? SourceLocation(file: sheet.path, line: 1, column: 1),
                    "the \(audience.id) version of this sheet has no content; add text for it or remove '\(audience.id)' from audiences"))
                continue
            }
            if let wanted = options.audiences, !wanted.contains(audience.id) { continue }
            versions.append(SheetVersion(sheet: sheetWithTree, audience: audience, document: document,
                                         contacts: contactsUsed(in: document, registry: project.registry)))
        }
        return SheetResult(sheet: sheetWithTree, versions: versions, findings: findings)
    }

    private static func contactsUsed(in document: Markup, registry: ContactRegistry) -> [Contact] {
        var ids: [String] = []
        document.forEach { node, _ in
            if case .contact(let value) = node.kind, !ids.contains(value.contact) { ids.append(value.contact) }
        }
        return ids.compactMap(registry.contact)
    }
}
