import Foundation

extension Publish {
    /// Every file a full build publishes, in memory: the printed pages, text
    /// and PDFs, and the site's own pages made from them (the download page
    /// links the PDFs that will exist, with page 1 of each; the registry as
    /// published, with its schema; editions, with the manifest's schema; the
    /// feeds and the page that explains them). `guidance serve` serves exactly these.
    /// - Parameter preview: page 1 of a PDF as a small PNG (serve keeps them between builds).
    /// - Parameter digests: hashes already known, by bytes, for the manifest.
    static func site(_ printed: Print.Result, project: Project, digests: [Data: String] = [:],
                     preview: @escaping @Sendable (Data) -> Data? = { Printer.preview(of: $0) }) -> [String: Data] {
        let pipeline = printed.pipeline
        var files = printed.files
        let configuration = project.configuration
        files[PublishedRegistry.fileName] = PublishedRegistry(partnership: configuration.partnership,
                                                              registry: project.registry, baseURL: configuration.baseURL).json
        files[OutputLayout.registrySchema] = PublishedSchemas.registry(baseURL: configuration.baseURL)
        files[OutputLayout.manifestSchema] = PublishedSchemas.manifest(baseURL: configuration.baseURL)
        let pdfs = printed.pdfs.sorted { $0.key < $1.key }
        let pngs = pdfs.map(\.value).concurrentMap(preview)
        var previews: [String: Data] = [:]
        for (pdf, png) in zip(pdfs, pngs) { previews[pdf.key] = png }
        let byVersion = printed.editions?.byVersion ?? [:]
        let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates, editions: byVersion)
        let sizes = printed.pdfs.merging(printed.packs) { _, pack in pack }.mapValues(\.count)
        files[OutputLayout.index] = Data(renderer.index(pipeline.versions, pdfs: Set(printed.pdfs.keys),
                                                        previews: previews, packs: Self.pageCounts(of: printed.packs),
                                                        withdrawn: pipeline.withdrawn, sizes: sizes).utf8)
        // A feed for every audience, and one for each audience the output has
        // a folder for (as the download page lists them).
        let shown = Set(pipeline.versions.map(\.audience.id) + pipeline.withdrawn.map(\.audience.id))
        let audiences = configuration.audiences.filter { shown.contains($0.id) }
        files[OutputLayout.subscribe] = Data(renderer.subscribeHTML(audiences: audiences).utf8)
        // Editions go with contacts.json: both are what the next full build compares with.
        // The manifest last, as it records the hash of every other file.
        if let editions = printed.editions {
            let published = Set(printed.pdfs.keys)
            for audience in [nil] + audiences.map(Optional.some) {
                let feed = Feed(configuration: configuration, editions: editions.manifest.versions, pdfs: published, audience: audience)
                files[feed.path] = Data(feed.xml(pipeline.versions, withdrawn: pipeline.withdrawn).utf8)
            }
            files[Manifest.fileName] = editions.manifest
                .published(versions: pipeline.versions, withdrawn: pipeline.withdrawn, pdfs: published, configuration: configuration)
                .json(recording: files, digests: digests)
        }
        return files
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
