import Foundation

extension Publish {
    /// Every file a full build publishes, in memory: the printed pages, text
    /// and PDFs, and the site's own pages made from them (the download page
    /// links the PDFs that will exist, with page 1 of each; the registry as
    /// published, with its schema; editions, with the manifest's schema; the
    /// feed). `guidance serve` serves exactly these.
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
        files[OutputLayout.index] = Data(renderer.index(pipeline.versions, pdfs: Set(printed.pdfs.keys),
                                                        previews: previews, packs: Self.pageCounts(of: printed.packs),
                                                        withdrawn: pipeline.withdrawn).utf8)
        // Editions go with contacts.json: both are what the next full build compares with.
        // The manifest last, as it records the hash of every other file.
        if let editions = printed.editions {
            files[Feed.fileName] = Data(Feed(configuration: project.configuration, editions: editions.manifest.versions)
                .xml(pipeline.versions, withdrawn: pipeline.withdrawn).utf8)
            files[Manifest.fileName] = editions.manifest
                .published(versions: pipeline.versions, withdrawn: pipeline.withdrawn, pdfs: Set(printed.pdfs.keys),
                           configuration: configuration)
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
