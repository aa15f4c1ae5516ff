import Foundation

/// The parts of a build that number editions and make what readers follow:
/// the manifest, the feed and the print packs.
extension Build {
    /// The files a full build writes at the top of the output folder.
    static let topLevelFiles: Set<String> = [OutputLayout.index, PublishedRegistry.fileName, Manifest.fileName, Feed.fileName]

    /// Each version's edition, numbered against the last published manifest.
    static func editions(of pipeline: Pipeline, project: Project) -> Editions {
        Editions(versions: pipeline.versions, previous: pipeline.manifest,
                 renderer: SheetRenderer(configuration: project.configuration, templates: project.templates),
                 published: pipeline.published, registry: project.registry, withdrawn: pipeline.withdrawn)
    }

    /// `schools/all-sheets.pdf` -> 3 becomes `schools` -> 3, for the download page.
    static func pageCounts(of packs: [String: Data]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for (path, pdf) in packs {
            guard let audience = path.split(separator: "/").first, let pages = Printer.pageCount(of: pdf) else { continue }
            counts[String(audience)] = pages
        }
        return counts
    }
}
