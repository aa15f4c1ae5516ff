import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// Every sheet on one A4 page, proven in the browser people print from:
/// headless Chromium (installed by `make test`), PDFs read back with poppler.
@Suite(.tags(.browser), .serialized, .timeLimit(.minutes(5))) struct PrintTests {
    static let registry = "contacts:\n  mash:\n    name: MASH\n    phone: 020 7946 0123\n    verified: 2026-11-01\n"

    static func sheet(lines: Int) -> String {
        Support.sheet("## Who to tell\n\n" + (0..<lines).map {
            "- Line \($0): tell the designated safeguarding lead and record what you saw.\n"
        }.joined(), audiences: "[schools]")
    }

    func check(_ sheet: String, css: ((String) -> String)? = nil) async throws -> [Finding] {
        let printer = try #require(Printer.locate(), "Chromium is needed: make test installs the chromium package")
        let root = try Support.smallProject(sheets: ["a.md": sheet], registry: Self.registry,
                                            config: "partnership: P\naudiences:\n  schools: Schools\n")
        if let css {
            let path = "Guidance/templates/sheet.css"
            try Support.write(css(try Support.read(path, in: root)), to: path, in: root)
        }
        let output = root.appendingPathComponent("Output")
        let result = try await Build.run(root: root, output: output, options: .init(asOf: Day(iso: "2026-11-15")!),
                                   print: .init(check: true, printer: printer))
        return result.pipeline.findings.filter { $0.rule == .pageOverflow }
    }

    @Test func aSheetThatFitsPrintsOnOneA4Page() async throws {
        #expect(try await check(Self.sheet(lines: 30)).isEmpty)
    }

    @Test func aSheetAFewLinesTooLongIsRefusedWithHowMuch() async throws {
        let finding = try #require(try await check(Self.sheet(lines: 44)).first)
        #expect(finding.severity == .error && finding.location.file == "Guidance/a.md")
        // It points at the first block that spills onto page 2: one of the last items.
        let source = Self.sheet(lines: 44).split(separator: "\n", omittingEmptySubsequences: false)
        let line = source[finding.location.line - 1]
        #expect(line.hasPrefix("- Line "), "\(finding.location): \(line)")
        #expect((30...43).contains(Int(line.dropFirst(7).prefix { $0.isNumber }) ?? 0), "\(line)")
        let lines = try #require(finding.message.firstMatch(of: #/about (\d+) lines? too long/#)).output.1
        #expect(finding.message.contains("schools version prints on 2 A4 pages"))
        #expect((1...10).contains(Int(lines) ?? 0), "\(finding.message)")
    }

    @Test func aSheetFarTooLongSaysHowManyPages() async throws {
        let finding = try #require(try await check(Self.sheet(lines: 150)).first)
        let pages = try #require(finding.message.firstMatch(of: #/prints on (\d+) A4 pages/#)).output.1
        #expect((Int(pages) ?? 0) >= 4, "\(finding.message)")
    }

    @Test func letterPaperIsCaught() async throws {
        let findings = try await check(Self.sheet(lines: 5)) { $0.replacingOccurrences(of: "size: A4;", with: "size: letter;") }
        #expect(findings.contains { $0.message.contains("does not print on A4") })
    }

    @Test func everyShippedSheetPrintsOnExactlyOneA4Page() throws {
        let output = Support.packageRoot.appendingPathComponent("Output")
        let pdfs = PublishingTests.pdfs(output)
        #expect(pdfs.count == 8)
        for (path, pdf) in pdfs {
            #expect(Printer.pageCount(of: pdf) == 1, "\(path)")
            #expect(Printer.isA4(pdf), "\(path)")
            #expect(Printer.text(of: pdf)?.contains("Reviewed") == true, "\(path) has its footer")
        }
    }

    /// Chromium stamps the print time into a PDF and pdfunite a random /ID
    /// into a pack: both are set from the sources, so two builds a second
    /// apart give the same bytes, and the PDFs still read as one A4 page each.
    @Test func printedPDFsAndPacksAreTheSameBytesEveryBuild() async throws {
        let printer = try #require(Printer.locate(), "Chromium is needed: make test installs the chromium package")
        let root = try Support.smallProject(sheets: ["a.md": Self.sheet(lines: 5), "b.md": Self.sheet(lines: 6)],
                                            registry: Self.registry, config: "partnership: P\naudiences:\n  schools: Schools\n")
        func build(_ name: String) async throws -> [String: Data] {
            let output = root.appendingPathComponent(name)
            _ = try await Build.run(root: root, output: output, options: .init(asOf: Day(iso: "2026-11-15")!),
                              print: .init(check: true, printer: printer))
            return Support.snapshot(output)
        }
        let first = try await build("one")
        try await Task.sleep(for: .seconds(1.1))
        let second = try await build("two")
        #expect(first.keys.contains("schools/a.pdf") && first.keys.contains("schools/all-sheets.pdf"))
        for (path, data) in first { #expect(second[path] == data, "\(path) differs between two builds") }
        let pdf = try #require(first["schools/a.pdf"])
        #expect(Printer.pageCount(of: pdf) == 1 && Printer.isA4(pdf))
        // Dated by the edition (the sheets' reviewed date), not the clock.
        #expect(String(decoding: pdf, as: UTF8.self).contains("/CreationDate (D:20261101000000"))
        #expect(Printer.pageCount(of: try #require(first["schools/all-sheets.pdf"])) == 2)
    }

    @Test func aMissingChromiumIsSaidOnceAndDoesNotFail() async throws {
        let root = try Support.smallProject(sheets: ["a.md": Self.sheet(lines: 5), "b.md": Self.sheet(lines: 6)],
                                            registry: Self.registry, config: "partnership: P\naudiences:\n  schools: Schools\n")
        let result = try await Build.run(root: root, output: root.appendingPathComponent("Output"),
                                   options: .init(asOf: Day(iso: "2026-11-15")!), print: .init(check: true, printer: nil))
        let notes = result.pipeline.findings.filter { $0.rule == .pageOverflow }
        #expect(notes.count == 1 && notes.first?.severity == .note, "\(notes)")
        #expect(notes.first?.message.contains("2 sheet versions were not printed") == true)
        #expect(result.report != nil, "the build still publishes")
        #expect(Printer.locate(environment: ["PATH": "/nonexistent"]) == nil)
    }
}
}

extension OneAtATime.PrintTests {
    @Test func thePrintedQRCodeDecodesToThePublishedAddress() async throws {
        let printer = try #require(Printer.locate(), "Chromium is needed: make test installs the chromium package")
        let root = try Support.smallProject(sheets: ["a.md": Self.sheet(lines: 5)], registry: Self.registry,
            config: "partnership: P\nbase-url: https://guidance.example.org/sheets\naudiences:\n  schools: Schools\n")
        let output = root.appendingPathComponent("Output")
        let result = try await Build.run(root: root, output: output, options: .init(asOf: Day(iso: "2026-11-15")!),
                                   print: .init(check: true, printer: printer))
        #expect(result.report != nil, "\(result.pipeline.findings)")
        let html = try Support.read("Output/schools/a.html", in: root)
        #expect(html.contains("<div class=\"print-only latest\"><a href=\"https://guidance.example.org/sheets/schools/a.html\"><svg class=\"qr\""),
                "on paper only, and a link for whoever reads the PDF on a screen")
        #expect(html.contains("visit <a class=\"url\" href=\"https://guidance.example.org/sheets/schools/a.html\">"))
        // Print, rasterise (poppler) and decode (zbar), as a phone would read the paper.
        let png = root.appendingPathComponent("page")
        #expect(try Printer.run(URL(fileURLWithPath: "/usr/bin/env"),
                                ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1",
                                 output.appendingPathComponent("schools/a.pdf").path, png.path], timeout: 60) == 0)
        let decoded = Pipe()
        let zbar = Process()
        zbar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zbar.arguments = ["zbarimg", "-q", "--raw", png.path + "-1.png"]
        zbar.standardOutput = decoded
        zbar.standardError = FileHandle.nullDevice
        try zbar.run()
        zbar.waitUntilExit()
        let text = String(decoding: decoded.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "https://guidance.example.org/sheets/schools/a.html")
    }

    @Test func qrCodesAreDeterministicAndLabelled() throws {
        let first = try #require(QRCode.svg(for: "https://example.org/a.html", label: "QR code <for> a"))
        #expect(first == QRCode.svg(for: "https://example.org/a.html", label: "QR code <for> a"))
        #expect(first.contains("role=\"img\" aria-label=\"QR code &lt;for&gt; a\""))
        #expect(first != QRCode.svg(for: "https://example.org/b.html", label: "QR code <for> a"))
    }
}
