import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// Every PDF a reader keeps is accessible (issue 26): sheets and print packs
/// tagged, titled, in en-GB, declaring PDF/UA in their XMP, every link
/// annotation described, made by this tool (not "HeadlessChrome"), passing
/// `pdfua check`; a pack is one tagged document with a bookmark per sheet;
/// a printed address breaks only after a slash or a dot.
@Suite(.tags(.browser), .serialized, .timeLimit(.minutes(5))) struct AccessiblePDFTests {
    static let longAddress = "https://www.csepoliceandprevention.org.uk/sites/default/files/Guidance%20App%20Language%20Toolkit.pdf"
    static let hyphenatedAddress = "https://www.childrenssociety.org.uk/information/professionals/resources/child-exploitation-language-guide"

    static func sheet(_ title: String) -> String {
        Support.sheet("""
            Read this first.

            ## Do

            - Read [the language toolkit](\(longAddress)) before you write anything down.
            - Use [the language guide](\(hyphenatedAddress)) too.
            - Call {{mash}} or e-mail {{mash.email}}.

            ## Don't

            - Don't wait.
            """, audiences: "[schools]", title: title)
    }

    /// Two sheets for schools, built and printed once for the suite: the output folder.
    static func built() async throws -> URL { try await shared.value }
    static let shared = Task { try await build() }

    static func build() async throws -> URL {
        let printer = try #require(Printer.locate(), "Chromium is needed: make test installs the chromium package")
        let root = try Support.smallProject(sheets: ["b.md": sheet("Beta sheet"), "a.md": sheet("Alpha sheet")],
            config: "partnership: P\nbase-url: https://guidance.example.org/sheets\naudiences:\n  schools: Schools and colleges\n")
        let output = root.appendingPathComponent("Output")
        let result = try await Build.run(root: root, output: output, options: .init(asOf: Day(iso: "2026-11-15")!),
                                   print: .init(check: true, printer: printer))
        #expect(result.report != nil, "\(result.pipeline.findings)")
        return output
    }

    static func objects(_ pdf: URL) throws -> [String: Any] { try Support.pdfObjects(pdf) }

    static func dictionary(_ reference: Any?, in objects: [String: Any]) -> [String: Any]? {
        Support.pdfDictionary(reference, in: objects)
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        Data(try Support.capture(executable, arguments).stdout.utf8)
    }

    static func catalog(_ objects: [String: Any]) throws -> [String: Any] {
        let trailer = try #require(objects["trailer"] as? [String: Any])
        return try #require(dictionary(trailer["/Root"], in: objects))
    }

    static func info(_ objects: [String: Any]) throws -> [String: Any] {
        let trailer = try #require(objects["trailer"] as? [String: Any])
        return try #require(dictionary(trailer["/Info"], in: objects))
    }

    /// The top-level bookmarks' titles, in order.
    static func bookmarks(_ objects: [String: Any]) throws -> [String] {
        let outlines = try #require(dictionary(try catalog(objects)["/Outlines"], in: objects), "no /Outlines")
        var titles: [String] = []
        var item = dictionary(outlines["/First"], in: objects)
        while let current = item, titles.count < 100 {
            titles.append(String(describing: current["/Title"] ?? "").replacingOccurrences(of: "u:", with: "", options: .anchored))
            item = dictionary(current["/Next"], in: objects)
        }
        return titles
    }

    @Test func aPackIsOneTaggedDocumentWithItsTitleLanguageAndABookmarkPerSheet() async throws {
        let output = try await Self.built()
        let pack = output.appendingPathComponent("schools/all-sheets.pdf")
        let objects = try Self.objects(pack)
        let catalog = try Self.catalog(objects)
        #expect(catalog["/StructTreeRoot"] != nil, "the pack is tagged")
        #expect((catalog["/MarkInfo"] as? [String: Any])?["/Marked"] as? Bool == true)
        #expect(catalog["/Lang"] as? String == "u:en-GB")
        #expect((Self.dictionary(catalog["/ViewerPreferences"], in: objects))?["/DisplayDocTitle"] as? Bool == true)
        #expect(try Self.info(objects)["/Title"] as? String == "u:Safeguarding guidance sheets for schools and colleges")
        #expect(try Self.bookmarks(objects) == ["Alpha sheet", "Beta sheet"])
        #expect(Printer.pageCount(of: try Data(contentsOf: pack)) == 2, "one A4 page per sheet")
    }

    @Test func everyLinkIsDescribedAndEveryPDFDeclaresPDFUAAndThisTool() async throws {
        let output = try await Self.built()
        for path in ["schools/a.pdf", "schools/b.pdf", "schools/all-sheets.pdf"] {
            let url = output.appendingPathComponent(path)
            let objects = try Self.objects(url)
            let links = objects.values.compactMap { $0 as? [String: Any] }.filter { $0["/Subtype"] as? String == "/Link" }
            #expect(links.count >= 4, "\(path): \(links.count) links")
            for link in links {
                let uri = ((link["/A"] as? [String: Any])?["/URI"] as? String ?? "").replacingOccurrences(of: "u:", with: "")
                let contents = link["/Contents"] as? String ?? ""
                #expect(contents.count > 4 && contents.contains(uri), "\(path): the link to \(uri) says \(contents)")
            }
            let toolkit = links.first { String(describing: ($0["/A"] as? [String: Any])?["/URI"] ?? "").contains("Toolkit") }
            #expect((toolkit?["/Contents"] as? String)?.contains("the language toolkit") == true, "\(path): \(toolkit ?? [:])")
            let catalog = try Self.catalog(objects)
            let metadata = try #require(catalog["/Metadata"] as? String, "\(path) has XMP metadata")
            let xmp = String(decoding: try Self.run("/usr/bin/qpdf", ["--show-object=\(metadata.split(separator: " ")[0])",
                                                                      "--filtered-stream-data", url.path]), as: UTF8.self)
            #expect(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "\(path): \(xmp)")
            #expect(xmp.contains("<rdf:li xml:lang=\"x-default\">") && xmp.contains("<rdf:li>en-GB</rdf:li>"), "\(path): \(xmp)")
            let info = try Self.info(objects)
            for key in ["/Creator", "/Producer"] {
                #expect(info[key] as? String == "u:guidance \(GuidanceVersion.current)", "\(path) \(key): \(info[key] ?? "none")")
            }
        }
    }

    /// `pdfua check` (PyPI, in the project's `.venv`) on every PDF a build writes.
    @Test func pdfuaFindsNoErrorOrWarningInAnyPDF() async throws {
        let python = Support.packageRoot.appendingPathComponent(".venv/bin/python").path
        try #require(FileManager.default.isExecutableFile(atPath: python) && (try? Support.run(python, ["-c", "import pdfua"])) == 0,
                     "the PDF check needs the project's .venv with pdfua: run 'make audit' once (it creates .venv; 'make test' does too)")
        let output = try await Self.built()
        let pdfs = Support.snapshot(output).keys.filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(pdfs == ["schools/a.pdf", "schools/all-sheets.pdf", "schools/b.pdf"])
        for pdf in pdfs {
            let report = try Self.run(python, ["-m", "pdfua", "check", "--format", "json", output.appendingPathComponent(pdf).path])
            let file = try #require(try JSONSerialization.jsonObject(with: report) as? [String: Any],
                                    "\(pdf): \(String(decoding: report, as: UTF8.self).prefix(500))")
            let findings = (file["findings"] as? [[String: Any]]) ?? []
            let serious = findings.filter { ["error", "warning"].contains($0["severity"] as? String) }
            #expect(serious.isEmpty, "\(pdf): \(serious.map { "\($0["rule_id"] ?? "?"): \($0["message"] ?? "")" })")
        }
    }

    /// The address printed after a link breaks only where an address may
    /// break (after a slash or a dot), never mid-word, and is all there.
    @Test func aLongPrintedAddressBreaksOnlyAfterASlashOrADot() async throws {
        let output = try await Self.built()
        let pdf = try Data(contentsOf: output.appendingPathComponent("schools/a.pdf"))
        let folder = try Support.temporaryFolder()
        let input = folder.appendingPathComponent("a.pdf")
        try pdf.write(to: input)
        let text = String(decoding: try Self.run("/usr/bin/pdftotext", ["-raw", input.path, "-"]), as: UTF8.self)
        for address in [Self.longAddress, Self.hyphenatedAddress] {
            // Each "(" ... ")" in the text, the one that is the address once its lines are joined.
            let printed = try #require(text.matches(of: #/\([^()]*\)/#).map { String($0.output) }
                .first { $0.replacingOccurrences(of: "\n", with: "") == "(\(address))" }, "\(address) is printed whole: \(text)")
            let lines = printed.split(separator: "\n")
            #expect(lines.count > 1, "the address is long enough to break in a column: \(printed)")
            for line in lines.dropLast() {
                #expect(line.hasSuffix("/") || line.hasSuffix("."), "a break after \"\(line.suffix(12))\" in \(printed)")
            }
        }
    }
}
}
