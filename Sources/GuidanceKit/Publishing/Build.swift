import Foundation

/// `guidance build`: validate, render every version, publish atomically.
public struct Build {
    public struct Result: Sendable {
        public var pipeline: Pipeline
        /// nil when nothing was published (errors found).
        public var report: Publisher.Report?
    }

    public static func run(root: URL, output: URL, options: Pipeline.Options) throws(ToolError) -> Result {
        let pipeline = try Pipeline.run(root: root, options: options)
        guard let project = pipeline.project, !pipeline.findings.hasErrors else {
            return Result(pipeline: pipeline, report: nil)
        }
        let files = render(project: project, versions: pipeline.versions, fullBuild: options.audiences == nil)
        let builtAudiences = Set(pipeline.versions.map(\.audience.id))
            .union(options.audiences ?? project.configuration.audiences.map(\.id))
        let report = try Publisher(output: output).publish(files) { path in
            Build.isManaged(path, audiences: builtAudiences, fullBuild: options.audiences == nil)
        }
        return Result(pipeline: pipeline, report: report)
    }

    /// Every output file's bytes, by path relative to the output folder.
    public static func render(project: Project, versions: [SheetVersion], fullBuild: Bool) -> [String: Data] {
        let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates)
        var files: [String: Data] = [:]
        for version in versions {
            let base = "\(version.audience.id)/\(version.sheet.slug)"
            files[base + ".html"] = Data(renderer.html(version).utf8)
            files[base + ".txt"] = Data(renderer.text(version).utf8)
        }
        if fullBuild { files["index.html"] = Data(renderer.index(versions).utf8) }
        return files
    }

    /// The files a build owns, and so removes when no source produces them:
    /// sheets in the audiences built, and (for a full build) the index and any
    /// audience folder no longer declared.
    static func isManaged(_ path: String, audiences: Set<String>, fullBuild: Bool) -> Bool {
        let parts = path.split(separator: "/")
        if parts.count == 1 { return fullBuild && path == "index.html" }
        guard parts.count == 2 else { return false }
        let isSheet = [".html", ".txt", ".pdf"].contains { parts[1].hasSuffix($0) }
        return isSheet && (audiences.contains(String(parts[0])) || fullBuild)
    }
}
