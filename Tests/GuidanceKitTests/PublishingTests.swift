import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// What `guidance build` publishes, as the office and a school see it: the
/// download page links only files that exist, PDFs follow their pages with or
/// without a browser, and nothing in Guidance/ disappears silently.
@Suite(.tags(.browser), .serialized, .timeLimit(.minutes(6))) struct PublishingTests {
    static let asOf = CommandLineTests.asOf

    /// Every `href` and `src` of the download page that names a file.
    static func unresolvedLinks(in output: URL) throws -> [String] {
        let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        var missing: [String] = []
        for match in index.matches(of: #/(?:href|src)="([^"]*)"/#) {
            let target = String(match.output.1)
            if target.hasPrefix("data:image/png;base64,") { continue }
            if target.isEmpty || !FileManager.default.fileExists(atPath: output.appendingPathComponent(target).path) {
                missing.append(target)
            }
        }
        return missing
    }

    /// The sheets' own PDFs (not the print packs).
    static func pdfs(_ output: URL) -> [String: Data] {
        Support.snapshot(output).filter { $0.key.hasSuffix(".pdf") && !$0.key.hasSuffix("/\(PrintPack.slug).pdf") }
    }

    static func packs(_ output: URL) -> [String] {
        Support.snapshot(output).keys.filter { $0.hasSuffix("/\(PrintPack.slug).pdf") }.sorted()
    }

    @Test func theDocumentedBuildPublishesACompleteDownloadPage() throws {
        let root = try Support.copyOfProject()
        let output = root.appendingPathComponent("Output")
        try FileManager.default.removeItem(at: output)
        let run = try Support.guidance(["build"] + Self.asOf, in: root, timeout: 180)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.pdfs(output).count == 8, "every version has its PDF")
        let unresolved = try Self.unresolvedLinks(in: output)
        #expect(unresolved.isEmpty, "\(unresolved)")
        let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.components(separatedBy: "data:image/png;base64,").count == 9, "a preview of each printed page")
        #expect(run.stdout.contains("Added: agencies/allegations-against-staff, "), "\(run.stdout)")
    }

    @Test func withoutABrowserUnchangedPDFsStayAndTheDownloadPageLinksOnlyWhatExists() throws {
        let root = try Support.copyOfProject()
        let output = root.appendingPathComponent("Output")
        let before = Self.pdfs(output)
        #expect(before.count == 8)
        let path = "Guidance/right-language.md"
        let text = try Support.read(path, in: root)
        try Support.write(text.replacingOccurrences(of: "Name the abuse:", with: "Name the harm:"), to: path, in: root)
        let run = try Support.guidance(["build"] + Self.asOf, in: root, environment: ["GUIDANCE_CHROMIUM": "/nonexistent/chromium"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("2 sheet versions were not printed"), "\(run.stderr)")
        let after = Self.pdfs(output)
        #expect(after.keys.sorted() == before.keys.filter { !$0.hasSuffix("right-language.pdf") }.sorted())
        for (pdf, data) in after { #expect(before[pdf] == data, "\(pdf) is kept as it was") }
        let unresolved = try Self.unresolvedLinks(in: output)
        #expect(unresolved.isEmpty, "\(unresolved)")
        let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!index.contains("href=\"\""), "no empty link")
        #expect(index.contains("schools/right-language.txt") && !index.contains("schools/right-language.pdf"))
        #expect(Self.packs(output).isEmpty, "no print pack that lacks a sheet")

        // With the browser back, the next build prints them again.
        let again = try Support.guidance(["build"] + Self.asOf, in: root, timeout: 120)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Self.pdfs(output).count == 8)
        #expect(Self.packs(output) == ["agencies/all-sheets.pdf", "schools/all-sheets.pdf"])
        let unresolvedAgain = try Self.unresolvedLinks(in: output)
        #expect(unresolvedAgain.isEmpty, "\(unresolvedAgain)")
    }

    @Test func aRenamedSheetIsNamedNotDroppedSilently() throws {
        let root = try Support.copyOfProject()
        let output = Support.snapshot(root.appendingPathComponent("Output"))
        try FileManager.default.moveItem(at: root.appendingPathComponent("Guidance/right-language.md"),
                                        to: root.appendingPathComponent("Guidance/right-language.md.txt"))
        let run = try Support.guidance(["build"] + Self.asOf, in: root)
        #expect(run.status == 1, "its published versions are not dropped: \(run.stdout)")
        #expect(run.stderr.contains("Guidance/right-language.md.txt:1:1: warning: Guidance/right-language.md.txt is not a sheet"),
                "\(run.stderr)")
        #expect(run.stderr.contains("did you mean right-language.md?"))
        #expect(run.stderr.contains("Guidance/right-language.md:1:1: error: Guidance/right-language.md was published"))
        #expect(Support.snapshot(root.appendingPathComponent("Output")) == output)

        // Put back, as JSON: nothing to add or remove, the editions it had.
        try FileManager.default.moveItem(at: root.appendingPathComponent("Guidance/right-language.md.txt"),
                                        to: root.appendingPathComponent("Guidance/right-language.md"))
        let json = try Support.guidance(["build", "--format", "json"] + Self.asOf, in: root, timeout: 120)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let build = try #require(object["build"] as? [String: Any])
        #expect(build["added"] as? [String] == [] && build["removed"] as? [String] == [])
        #expect(build["newEditions"] as? [String] == [], "put back unchanged: the editions it had")
        #expect(Support.snapshot(root.appendingPathComponent("Output")) == output)
    }

    @Test func anUndeclaredAudienceIsAUsageError() throws {
        let root = try Support.copyOfProject()
        let run = try Support.guidance(["build", "--audience", "school"] + Self.asOf, in: root)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.contains("declared: schools, agencies"), "\(run.stderr)")
    }

    @Test func thePlainTextSaysWhereTheLatestVersionIs() throws {
        let text = try Support.read("Output/schools/indecent-images.txt", in: Support.packageRoot)
        #expect(text.contains("Is this the latest version? See\nhttps://www.harrowscb.co.uk/guidance/schools/indecent-images.html")
                || text.contains("Is this the latest version? See https://www.harrowscb.co.uk/guidance/schools/indecent-images.html"),
                "\(text.suffix(300))")
    }

    /// Printed with background graphics off (what `--print-to-pdf` does, and
    /// Chrome's default), the section headings still carry dark ink.
    @Test func headingsStayLegibleWithoutBackgroundGraphics() throws {
        let pdf = try #require(FileManager.default.contents(
            atPath: Support.packageRoot.appendingPathComponent("Output/schools/indecent-images.pdf").path))
        let folder = try Support.temporaryFolder()
        let input = folder.appendingPathComponent("in.pdf")
        try pdf.write(to: input)
        // Where the word "Who" of "Who to tell" is printed (points, from poppler's bounding boxes).
        let bbox = folder.appendingPathComponent("bbox.html")
        #expect(try Support.run("/usr/bin/pdftotext", ["-bbox", "-f", "1", "-l", "1", input.path, bbox.path]) == 0)
        let boxes = try String(contentsOf: bbox, encoding: .utf8)
        let word = try #require(boxes.firstMatch(of: #/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">Who</word>/#))
        let (x0, y0, x1, y1) = (Double(word.output.1)!, Double(word.output.2)!, Double(word.output.3)!, Double(word.output.4)!)
        // The page at 72 dpi (1 pixel a point), in grey, cropped to that word.
        let prefix = folder.appendingPathComponent("crop").path
        #expect(try Support.run("/usr/bin/pdftoppm", ["-gray", "-r", "72", "-f", "1", "-l", "1", "-singlefile",
                                                     "-x", "\(Int(x0))", "-y", "\(Int(y0))",
                                                     "-W", "\(max(1, Int(x1 - x0)))", "-H", "\(max(1, Int(y1 - y0)))",
                                                     input.path, prefix]) == 0)
        let pgm = try #require(FileManager.default.contents(atPath: prefix + ".pgm"))
        // P5 <width> <height> <maxval>, then one byte a pixel.
        let header = String(decoding: pgm.prefix(40), as: UTF8.self).split(whereSeparator: \.isWhitespace)
        let pixels = (Int(header[1]) ?? 0) * (Int(header[2]) ?? 0)
        #expect(pixels > 20, "\(header)")
        let darkest = pgm.suffix(pixels).min() ?? 255
        #expect(darkest < 110, "the heading prints as dark ink on white (darkest grey \(darkest) of 255)")
    }
}
}
