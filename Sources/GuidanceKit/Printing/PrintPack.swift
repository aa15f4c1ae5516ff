import Foundation

/// One PDF per audience holding every sheet, in title order, for printing
/// the set at once: the sheets' own PDFs joined as they are by poppler's
/// `pdfunite`. No sheet may be called `all-sheets` (a `front-matter`
/// error), so the pack cannot clash with a sheet's PDF.
enum PrintPack {
    static let slug = OutputLayout.packSlug

    /// `schools/all-sheets.pdf`.
    static func path(audience: String) -> String { OutputLayout.pack(audience: audience) }

    /// Each built audience's pack, from the sheet PDFs the output will hold.
    /// An audience gets a pack only when every one of its sheets has a PDF
    /// (never a pack that silently lacks a sheet); it is joined again only
    /// when one of those PDFs changed, otherwise the published pack stays.
    /// A pack among `distrusted` (not as the last build recorded it) is joined again.
    /// `kept` is the current output's files by path, as read by the caller.
    static func packs(for versions: [SheetVersion], pdfs: [String: Data], kept: [String: Data],
                      distrusted: Set<String> = []) -> [String: Data] {
        var packs: [String: Data] = [:]
        let audiences = versions.reduce(into: [String]()) { if !$0.contains($1.audience.id) { $0.append($1.audience.id) } }
        for audience in audiences {
            let sheets = SheetRenderer.byTitle(versions.filter { $0.audience.id == audience })
            let parts = sheets.compactMap { pdfs[OutputLayout.pdf($0)] }
            guard parts.count == sheets.count, !parts.isEmpty else { continue }
            let path = path(audience: audience)
            let unchanged = sheets.allSatisfy {
                kept[OutputLayout.pdf($0)] == pdfs[OutputLayout.pdf($0)]
            }
            if unchanged, !distrusted.contains(path), let old = kept[path],
               Printer.pageCount(of: old) == parts.count {
                packs[path] = old
            } else if let joined = join(parts), let day = sheets.map(Editions.date(of:)).max() {
                // Dated by its latest sheet, with pdfunite's random /ID made from the content.
                packs[path] = PDFStamp.stamped(joined, day: day)
            }
        }
        return packs
    }

    /// The PDFs as one, in order; nil when pdfunite is missing or fails.
    static func join(_ pdfs: [Data]) -> Data? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-pack-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else { return nil }
        defer { try? FileManager.default.removeItem(at: folder) }
        var inputs: [String] = []
        for (number, pdf) in pdfs.enumerated() {
            let input = folder.appendingPathComponent("\(number).pdf")
            guard (try? pdf.write(to: input)) != nil else { return nil }
            inputs.append(input.path)
        }
        let joined = folder.appendingPathComponent("pack.pdf")
        guard let status = try? Printer.run(URL(fileURLWithPath: "/usr/bin/env"), ["pdfunite"] + inputs + [joined.path], timeout: 60),
              status == 0 else { return nil }
        return FileManager.default.contents(atPath: joined.path)
    }
}
