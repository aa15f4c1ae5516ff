import Foundation

/// What the stages up to validation hand on (see `Stages.swift`): the
/// project with its sheets resolved, one version per sheet and audience, and
/// every finding so far.
public struct Pipeline: Sendable {
    public struct Options: Sendable {
        /// The day staleness is judged on (`--as-of`).
        var asOf: Day
        /// Only these audiences (`--audience`); nil for all.
        var audiences: [String]?
        /// The output folder whose `contacts.json` is the last publication
        /// (`changed-contact`); nil for `Output/` under the root.
        var output: URL?
        /// Whether the last publication (`contacts.json`, `manifest.json`)
        /// is read and compared with; off for the fuzz harness, which runs one
        /// sheet alone, not a publication.
        package var comparesWithPublication = true
        public init(asOf: Day = .today(), audiences: [String]? = nil, output: URL? = nil) {
            self.asOf = asOf
            self.audiences = audiences
            self.output = output
        }

        /// The folder Read finds the last publication in, or nil for none.
        func publication(root: URL) -> URL? {
            comparesWithPublication ? output ?? root.appendingPathComponent("Output") : nil
        }
    }

    package var project: Project?
    package var findings: [Finding]
    package var versions: [SheetVersion]
    /// How many source files were read, for the summary line.
    package var fileCount: Int
    /// The registry as last published, when there is a publication.
    var published: PublishedRegistry? = nil
    /// The editions as last published, when there is a publication.
    var manifest: Manifest? = nil
    /// Versions the last publication had that are now withdrawn (their old
    /// addresses get a page saying so).
    var withdrawn: [WithdrawnVersion] = []
    /// The folder that manifest is in (whose files it records).
    var manifestFolder: URL? = nil
    /// Each version's edition against that publication, worked out once by
    /// Number, for the change-note rule and then the renderers.
    var editions: Editions? = nil

    /// Read, resolve, select, number and validate: what every command needs.
    static func run(root: URL, options: Options, cache: SheetCache? = nil) throws(ToolError) -> Pipeline {
        Validate(asOf: options.asOf).run(Number().run(try prepare(root: root, options: options, cache: cache)))
    }

    /// Read, resolve and select, without the validate step: what the link
    /// check needs to start while the rules run.
    static func prepare(root: URL, options: Options, cache: SheetCache? = nil) throws(ToolError) -> Pipeline {
        let read = try Read(root: root, cache: cache, publication: options.publication(root: root)).run()
        return try Select(audiences: options.audiences).run(Resolve().run(read))
    }

    /// Resolve, select and validate a project already read (the fuzz harness).
    package static func run(project: Project?, findings: [Finding], fileCount: Int, options: Options) throws(ToolError) -> Pipeline {
        let publication = project.flatMap { project in
            options.publication(root: project.root).map { Publication.read(output: $0, root: project.root) }
        }
        let read = Read.Result(project: project, findings: findings, fileCount: fileCount, publication: publication)
        return Validate(asOf: options.asOf).run(Number().run(try Select(audiences: options.audiences).run(Resolve().run(read))))
    }
}
