import Foundation

/// What the stages up to validation hand on (see `Stages.swift`): the
/// project with its sheets resolved, one version per sheet and audience, and
/// every finding so far.
package struct Pipeline: Sendable {
    package struct Options: Sendable {
        /// The day staleness is judged on (`--as-of`).
        var asOf: Day
        /// Only these audiences (`--audience`); nil for all.
        var audiences: [String]?
        /// The output folder whose `contacts.json` is the last publication
        /// (`changed-contact`); nil for `Output/` under the root.
        var output: URL?
        package init(asOf: Day = .today(), audiences: [String]? = nil, output: URL? = nil) {
            self.asOf = asOf
            self.audiences = audiences
            self.output = output
        }

        /// The folder Read finds the last publication in.
        func publication(root: URL) -> URL {
            output ?? root.appendingPathComponent("Output")
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

    /// Read, resolve, select, number and validate (`StageList.validate`):
    /// the findings every command starts from.
    static func run(root: URL, options: Options, cache: SheetCache? = nil) throws(ToolError) -> Pipeline {
        let stages = StageList.validate
        return stages.validate(try stages.select(root: root, options: options, cache: cache), asOf: options.asOf)
    }

    /// Read, resolve and select, without the steps after.
    static func prepare(root: URL, options: Options, cache: SheetCache? = nil) throws(ToolError) -> Pipeline {
        try StageList.validate.select(root: root, options: options, cache: cache)
    }

    /// Resolve, select, number and validate a project already read, with no
    /// publication to compare with (`StageList.fuzz`, the fuzz harness).
    package static func run(project: Project?, findings: [Finding], fileCount: Int, options: Options) throws(ToolError) -> Pipeline {
        let read = Read.Result(project: project, findings: findings, fileCount: fileCount)
        let fuzz = StageList.fuzz
        return fuzz.validate(try fuzz.select(read, options: options), asOf: options.asOf)
    }
}
