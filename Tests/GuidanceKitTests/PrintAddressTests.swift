import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// Nothing that reaches the printer comes out of a PDF as a local path
/// (issue 23, item 3): each page is printed as if it stood at its published
/// address, so a relative link resolves to the published site, never to
/// `file://` in the temporary folder it was printed from, and a PDF's bytes
/// do not depend on that folder.
@Suite(.tags(.browser), .serialized, .timeLimit(.minutes(5))) struct PrintAddressTests {
    static let registry = "contacts:\n  mash:\n    name: MASH\n    phone: 020 7946 0123\n    verified: 2026-11-01\n"
    static let config = "partnership: P\nbase-url: https://guidance.example.org/sheets\naudiences:\n  schools: Schools\n"

    /// A sheet that links another sheet (published as a relative address,
    /// `b.html`) and an absolute address. Other relative addresses are refused
    /// before printing (`unsafe-link`, SheetLinkTests); the printer is tested
    /// on them directly below, as a second line of defence.
    static let sheet = Support.sheet("""
        Read [the other sheet](b.md) and [the absolute one](https://example.org/a).

        ## Who

        Tell {{mash.name}}.
        """, audiences: "[schools]")
    static let other = Support.sheet("The other sheet.", audiences: "[schools]")
    static var sheets: [String: String] { ["a.md": sheet, "b.md": other] }

    /// Every `file:` in the bytes of a PDF (links are written as plain `/URI (...)` strings).
    static func fileAddresses(in pdf: Data) -> [String] {
        let text = String(decoding: pdf, as: UTF8.self)
        return text.matches(of: #/file:[^)\s>]*/#.ignoresCase()).map { String($0.output) }
    }

    static func uris(in pdf: Data) -> Set<String> {
        Set(String(decoding: pdf, as: UTF8.self).matches(of: #//URI\s*\(([^)]*)\)/#).map { String($0.output.1) })
    }

    func build(_ root: URL, into name: String) async throws -> [String: Data] {
        let printer = try #require(Printer.locate(), "Chromium is needed: make test installs the chromium package")
        let output = root.appendingPathComponent(name)
        let result = try await Build.run(root: root, output: output, options: .init(asOf: Day(iso: "2026-11-15")!),
                                   print: .init(check: true, printer: printer))
        #expect(result.report != nil, "\(result.pipeline.findings)")
        return Support.snapshot(output).filter { $0.key.hasSuffix(".pdf") }
    }

    /// The page a sheet is printed from, holding every kind of relative
    /// address, printed directly (the build refuses such links first).
    @Test func relativeAddressesThatReachThePrinterResolveOnThePublishedSite() async throws {
        let printer = try #require(Printer.locate(), "Chromium is needed: make test installs the chromium package")
        let page = Data("""
            <!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>links</title>
            <style>@page { size: A4; }</style></head><body><p>
            <a href="../../etc/passwd">the law</a> <a href="//evil.example/x?token=1">the other site</a>
            <a href="indecent-images.html">the images sheet</a> <a href="#who">below</a> <a href="?q=1">the query</a>
            <a href="https://example.org/a">the absolute one</a></p><h2 id="who">Who</h2></body></html>
            """.utf8)
        let session = PrintSession(printer: printer, pageTimeout: 20)
        let pdf = try await session.pdf(html: page, address: "https://guidance.example.org/sheets/schools/a.html")
        #expect(Self.fileAddresses(in: pdf).isEmpty, "\(Self.fileAddresses(in: pdf))")
        let uris = Self.uris(in: pdf)
        for expected in ["https://guidance.example.org/etc/passwd", "https://evil.example/x?token=1",
                         "https://guidance.example.org/sheets/schools/indecent-images.html",
                         "https://guidance.example.org/sheets/schools/a.html?q=1", "https://example.org/a"] {
            #expect(uris.contains(expected), "\(expected) in \(uris.sorted())")
        }
    }

    @Test func noPublishedPDFHoldsAFileAddress() throws {
        let pdfs = Support.snapshot(Support.packageRoot.appendingPathComponent("Output")).filter { $0.key.hasSuffix(".pdf") }
        #expect(!pdfs.isEmpty, "Output/ holds the PDFs")
        for (path, pdf) in pdfs { #expect(Self.fileAddresses(in: pdf).isEmpty, "\(path): \(Self.fileAddresses(in: pdf))") }
    }

    @Test func aLinkToAnotherSheetIsPrintedAsItsPublishedAddress() async throws {
        let root = try Support.smallProject(sheets: Self.sheets, registry: Self.registry, config: Self.config)
        let pdfs = try await build(root, into: "Output")
        #expect(pdfs.keys.sorted() == ["schools/a.pdf", "schools/all-sheets.pdf", "schools/b.pdf"])
        for (path, pdf) in pdfs { #expect(Self.fileAddresses(in: pdf).isEmpty, "\(path): \(Self.fileAddresses(in: pdf))") }
        let uris = Self.uris(in: try #require(pdfs["schools/a.pdf"]))
        for expected in ["https://guidance.example.org/sheets/schools/b.html", "https://example.org/a"] {
            #expect(uris.contains(expected), "\(expected) in \(uris.sorted())")
        }
    }

    /// Printed twice, from two temporary folders: the same bytes.
    @Test func aPDFDoesNotDependOnTheFolderItWasPrintedIn() async throws {
        let root = try Support.smallProject(sheets: Self.sheets, registry: Self.registry, config: Self.config)
        let first = try await build(root, into: "one"), second = try await build(root, into: "two")
        #expect(!first.isEmpty && first.keys.sorted() == second.keys.sorted())
        for (path, pdf) in first { #expect(second[path] == pdf, "\(path) differs between two builds") }
    }

    /// A page that asks for anything besides itself (an image from a server
    /// on this machine, a frame) is printed at once, and the server is never
    /// reached: printing fetches nothing.
    @Test func printingFetchesNothing() async throws {
        let printer = try #require(Printer.locate(), "Chromium is needed: make test installs the chromium package")
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { Glibc.close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        try #require(bound == 0 && listen(listener, 16) == 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = UInt16(bigEndian: address.sin_port)
        let page = Data("""
            <!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>asks</title>
            <style>@page { size: A4; } body { background: url(http://127.0.0.1:\(port)/b.png); }</style></head>
            <body><p>Printed alone</p><img src="http://127.0.0.1:\(port)/i.png" alt="">
            <iframe src="http://127.0.0.1:\(port)/f.html"></iframe><img src="https://www.example.org/x.png" alt=""></body></html>
            """.utf8)
        let session = PrintSession(printer: printer, pageTimeout: 10)
        let pdf = try await session.pdf(html: page, address: "https://guidance.example.org/sheets/schools/a.html")
        #expect(Printer.text(of: pdf)?.contains("Printed alone") == true)
        // No connection ever came: nothing waits to be accepted.
        var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        #expect(poll(&ready, 1, 200) == 0, "the printer connected to the server on 127.0.0.1")
    }

    /// Without `base-url` there is no published address: relative links
    /// still never become local paths.
    @Test func withoutABaseURLNoLinkIsALocalPath() async throws {
        let root = try Support.smallProject(sheets: Self.sheets, registry: Self.registry,
                                            config: "partnership: P\naudiences:\n  schools: Schools\n")
        let pdfs = try await build(root, into: "Output")
        #expect(!pdfs.isEmpty)
        for (path, pdf) in pdfs {
            #expect(Self.fileAddresses(in: pdf).isEmpty, "\(path): \(Self.fileAddresses(in: pdf))")
        }
        #expect(Self.uris(in: try #require(pdfs["schools/a.pdf"])).contains("https://example.org/a"))
    }
}
}
