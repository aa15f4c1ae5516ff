import Testing
@testable import GuidanceKit

/// How links are written for paper and described in a PDF (issue 26),
/// without a browser: the printed address's break points, and the
/// description each link annotation gets from the page's HTML.
@Suite struct PrintedLinkTests {
    @Test func aPrintedAddressBreaksOnlyAfterASlashOrADotAndNeverInsideTheScheme() {
        let html = HTMLWriter.printedAddress("https://www.example.org/a-long-name/file.pdf?x=1&y=2")
        #expect(html == "<span class=\"print-address\"> (<span>https://</span><wbr><span>www.</span><wbr><span>example.</span><wbr>"
            + "<span>org/</span><wbr><span>a-long-name/</span><wbr><span>file.</span><wbr><span>pdf?x=1&amp;y=2</span>)</span>")
        #expect(HTMLWriter.printedAddress("tel:+44-20-7946-0123").isEmpty)
        #expect(HTMLWriter.printedAddress("mailto:a@example.org").isEmpty)
    }

    @Test func aLinkThatShowsItsAddressIsNotFollowedByItAgain() throws {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("See <https://example.org/x> and [the page](https://example.org/y).")])
        let pipeline = try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!))
        let project = try #require(pipeline.project)
        let body = SheetRenderer(configuration: project.configuration, templates: project.templates)
            .bodyHTML(try #require(pipeline.versions.first).document)
        #expect(!body.contains("<span>x</span>"), "\(body)")
        #expect(body.contains("the page</a><span class=\"print-address\">"), "\(body)")
    }

    @Test func eachLinkIsDescribedByItsOwnTextAndAddress() {
        let page = """
            <title>Alpha &amp; beta (Schools)</title>
            <a href="https://site.example/s/a.html"><svg role="img" aria-label="QR code for https://site.example/s/a.html"></svg></a>
            <p><a href="b.html">The <em>other</em> sheet</a> <a class="tel" href="tel:999">999</a>
            <a href="mailto:x@example.org">x@example.org</a> <a href="https://host.example">Host &amp; co</a></p>
            <p><a class="url" href="https://site.example/s/a.html">https://site.example/s/a.html</a></p>
            """
        let links = PageLinks(html: page, address: "https://site.example/s/a.html")
        #expect(PageLinks.title(in: page) == "Alpha & beta (Schools)")
        #expect(links.text(for: "https://site.example/s/b.html", element: (0, 1)) == "The other sheet")
        #expect(links.text(for: "https://host.example/", element: (0, 1)) == "Host & co")
        // Two links to one address: the n-th annotation's element gets the n-th text.
        #expect(links.text(for: "https://site.example/s/a.html", element: (1, 2)) == "https://site.example/s/a.html")
        #expect(links.text(for: "https://site.example/s/a.html", element: (0, 2)) == "QR code for https://site.example/s/a.html")
        #expect(PageLinks.description(text: "999", destination: "tel:999") == "999 (tel:999)")
        #expect(PageLinks.description(text: "x@example.org", destination: "mailto:x@example.org") == "mailto:x@example.org")
        #expect(PageLinks.description(text: "", destination: "https://a.example/") == "Link to https://a.example/")
        #expect(PageLinks.description(text: "QR code for https://a.example/", destination: "https://a.example/")
                == "QR code for https://a.example/")
    }
}
