import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// `guidance serve` with the real parts: the built binary on a free port in a
/// copy of the project, Chromium for page fit, requests over loopback.
@Suite(.tags(.slow), .serialized, .timeLimit(.minutes(5))) struct ServeTests {
    static let sheet = "Guidance/right-language.md"
    static let page = "/schools/right-language.html"

    static func edit(_ path: String, in root: URL, _ change: (String) -> String) throws {
        let text = try Support.read(path, in: root)
        let changed = change(text)
        precondition(changed != text, "the edit changed nothing")
        try Support.write(changed, to: path, in: root)
    }

    @Test func servesTheSiteWithTheReloadScriptAndNeverWritesOutput() throws {
        let root = try Support.copyOfProject()
        let output = Support.snapshot(root.appendingPathComponent("Output"))
        let server = try ServeProcess(root: root)
        defer { server.stop() }
        try server.waitUntilBuilt()

        let index = try server.get("/")
        #expect(index.status == 200)
        #expect(index.header("Content-Type") == "text/html; charset=utf-8")
        #expect(index.body.contains("Using the right language"))

        let sheet = try server.get(Self.page)
        #expect(sheet.status == 200)
        let nonce = try #require(sheet.body.firstMatch(of: #/<script nonce="([^"]+)">/#)?.output.1, "the reload script")
        #expect(sheet.body.contains("script-src 'nonce-\(nonce)'"), "the page's CSP allows that script only")
        #expect(sheet.body.contains("connect-src 'self'"))
        #expect(!sheet.body.contains("script-src 'none'"))
        #expect(sheet.body.contains("EventSource(\"/_guidance/events\")"))
        #expect(sheet.body.contains("id=\"guidance-panel\""))
        #expect(sheet.body.contains("Fits on one A4 page."))
        #expect(sheet.body.contains("class=\"guidance-page-end\""))
        #expect(sheet.body.contains("top: 277.00mm"), "the A4 content height from @page margins 10mm 11mm")
        #expect(!sheet.body.contains("guidance-overlay\" id"), "no overlay without errors")
        let again = try server.get(Self.page)
        #expect(again.body.firstMatch(of: #/<script nonce="([^"]+)">/#)?.output.1 != nonce, "a fresh nonce per response")

        // Every version as build publishes it: the page itself (less serve's
        // additions) is byte for byte the published one.
        let published = try Support.read("Output/schools/right-language.html", in: root)
        let head = published.components(separatedBy: "<meta http-equiv=\"Content-Security-Policy\"")[0]
        #expect(sheet.body.hasPrefix(head))
        #expect(sheet.body.contains(published.components(separatedBy: "<main>")[1].components(separatedBy: "</main>")[0]))
        let text = try server.get("/schools/right-language.txt")
        #expect(text.status == 200 && text.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(text.body == (try Support.read("Output/schools/right-language.txt", in: root)))
        let pdf = try server.get("/schools/right-language.pdf")
        #expect(pdf.status == 200 && pdf.header("Content-Type") == "application/pdf")
        #expect(pdf.bodyBytes.starts(with: Data("%PDF".utf8)))
        let head200 = try server.get(Self.page, method: "HEAD")
        #expect(head200.status == 200 && head200.body.isEmpty && head200.header("Content-Length") != "0")
        #expect(try server.get("/contacts.json").status == 200)
        #expect(try server.get("/feed.xml").status == 200)

        // An edit shows within a few seconds, and open pages are told to reload.
        let events = try RawHTTP.connect(port: server.port)
        defer { close(events) }
        RawHTTP.send("GET /_guidance/events HTTP/1.1\r\nHost: localhost:\(server.port)\r\n\r\n", to: events)
        let first = Self.readEvents(events, until: try Regex("data: [0-9]+\n\n"))
        let generation = try #require(first?.firstMatch(of: #/data: (\d+)\n\n/#).flatMap { Int($0.output.1) })
        try Self.edit(Self.sheet, in: root) {
            $0.replacingOccurrences(of: "Describe what happened and who did it.",
                                    with: "Describe what happened and who did it. Edited while serving.")
        }
        try server.waitFor(timeout: 30, "the edited text") { try server.get(Self.page).body.contains("Edited while serving.") }
        let next = Self.readEvents(events, until: try Regex("data: (\(generation + 1)|\(generation + 2))\n\n"))
        #expect(next != nil, "the event stream announced the new build")
        #expect(Support.snapshot(root.appendingPathComponent("Output")) == output, "serve never writes Output/")

        // Ctrl-C (here SIGTERM, and SIGINT alike) stops it cleanly.
        kill(server.process.processIdentifier, SIGINT)
        try waitFor(timeout: 10, "serve to stop") { !server.process.isRunning }
        #expect(server.process.terminationStatus == 0)
        #expect(server.stderr.contains("stopped"))
    }

    /// Reads an event stream until `pattern` matches; what was read, or nil after 15 seconds.
    static func readEvents(_ fd: Int32, until pattern: Regex<AnyRegexOutput>) -> String? {
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if text.contains(pattern) { return text }
            let n = Foundation.read(fd, &buffer, buffer.count)
            if n <= 0 { continue }
            text += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        return nil
    }

    @Test func errorsShowAnOverlayThatGoesWhenFixed() throws {
        let root = try Support.copyOfProject()
        let server = try ServeProcess(root: root, arguments: ["--no-print-check"])
        defer { server.stop() }
        try server.waitUntilBuilt()
        let path = "Guidance/allegations-against-staff.md"
        let page = "/agencies/allegations-against-staff.html"
        #expect(try !server.get(page).body.contains("id=\"guidance-overlay\""))
        try Self.edit(path, in: root) { $0.replacingOccurrences(of: "{{lado.phone}}", with: "{{lado.phnoe}}") }
        try server.waitFor(timeout: 30, "the overlay") { try server.get(page).body.contains("id=\"guidance-overlay\"") }
        let broken = try server.get(page).body
        let overlay = broken.components(separatedBy: "id=\"guidance-overlay\"")[1]
        #expect(overlay.contains("lado.phnoe"))
        #expect(overlay.contains("\(path):"))
        #expect(overlay.contains("[unknown-contact]"))
        // The same finding in the sheet's own panel, and on other pages the overlay too.
        #expect(broken.components(separatedBy: "id=\"guidance-panel\"")[1].contains("lado.phnoe"))
        #expect(try server.get("/").body.contains("id=\"guidance-overlay\""))
        try Self.edit(path, in: root) { $0.replacingOccurrences(of: "{{lado.phnoe}}", with: "{{lado.phone}}") }
        try server.waitFor(timeout: 30, "the overlay to go") { try !server.get(page).body.contains("id=\"guidance-overlay\"") }
    }

    /// Issue 25, item 8: a registry that breaks after a good build leaves the
    /// last good pages up, with the overlay naming the registry's error; one
    /// broken from the start gives a page that says so, never a sheet of raw
    /// placeholders.
    @Test func aBrokenRegistryKeepsTheLastGoodPagesAndSaysWhy() throws {
        let root = try Support.copyOfProject()
        let server = try ServeProcess(root: root, arguments: ["--no-print-check"])
        defer { server.stop() }
        try server.waitUntilBuilt()
        let page = "/agencies/allegations-against-staff.html"
        func main(_ html: String) -> String { html.components(separatedBy: "<main>").dropFirst().first?.components(separatedBy: "</main>")[0] ?? "" }
        func edition(_ html: String) -> String? { html.firstMatch(of: #/Edition \d+, [^<.]+/#).map { String($0.output) } }
        let goodPage = try server.get(page).body
        let good = main(goodPage)
        #expect(!good.isEmpty && !good.contains("{{"))
        #expect(edition(goodPage) != nil)
        let registry = "Guidance/contacts.yaml"
        let original = try Support.read(registry, in: root)
        // A number that is no number: the last good pages, and the overlay says where.
        let phoneLine = try #require(original.components(separatedBy: "\n").firstIndex(of: "    phone: 020 8901 2690")) + 1
        try Self.edit(registry, in: root) { $0.replacingOccurrences(of: "    phone: 020 8901 2690", with: "    phone: 020 8901 269") }
        try server.waitFor(timeout: 30, "the overlay") { try server.get(page).body.contains("id=\"guidance-overlay\"") }
        var served = try server.get(page).body
        #expect(main(served) == good, "the last good page, not one built from the broken registry")
        var overlay = served.components(separatedBy: "id=\"guidance-overlay\"")[1]
        #expect(overlay.contains("<code>\(registry):\(phoneLine):12</code>") && overlay.contains("[invalid-phone]"), "\(overlay)")
        #expect(!served.contains("No findings in this sheet"), "the panel does not vouch for a page it did not check")
        // YAML that cannot be read: the same.
        try Support.write(original.replacingOccurrences(of: "    phone: 020 8901 2690", with: "    phone: [020 8901 2690"), to: registry, in: root)
        try server.waitFor(timeout: 30, "the YAML error") { try server.get(page).body.contains("[config]") }
        served = try server.get(page).body
        #expect(main(served) == good)
        overlay = served.components(separatedBy: "id=\"guidance-overlay\"")[1]
        #expect(overlay.contains("<code>\(registry):"), "\(overlay)")
        #expect(edition(served) == edition(goodPage), "no edition raised by placeholders left as written")
        server.stop()

        // Broken before the first build: a page that says the registry cannot be read.
        let fresh = try ServeProcess(root: root, arguments: ["--no-print-check"])
        defer { fresh.stop() }
        try fresh.waitUntilBuilt()
        let first = try fresh.get(page)
        #expect(!first.body.contains("{{"), "\(first.body)")
        #expect(first.body.contains("\(registry) cannot be read"), "\(first.body)")
        #expect(first.body.contains("<code>\(registry):") && first.body.contains("[config]"), "\(first.body)")
        #expect(try fresh.get("/").body.contains("\(registry) cannot be read"))
    }

    /// Issue 16: a hostile sheet makes a build slow, but never the server: the
    /// last build's pages are served, and the status says a build is running.
    @Test func aSlowBuildDoesNotStopTheServerAnswering() throws {
        let root = try Support.copyOfProject()
        let server = try ServeProcess(root: root, arguments: ["--no-print-check"])
        defer { server.stop() }
        try server.waitUntilBuilt()
        let page = "/agencies/allegations-against-staff.html"
        let title = try #require(try server.get(page).body.firstMatch(of: #/<title>[^<]+</title>/#)).output
        // About 1 MiB of `a**` on one line: seconds to read and check in a debug build.
        try Support.write("---\ntitle: A hostile sheet\naudiences: [schools, agencies]\nreviewed: 2026-11-29\nnext-review: 2027-05-29\n---\n\n"
                          + String(repeating: "a**", count: 350_000) + "\n", to: "Guidance/hostile.md", in: root)
        var answeredDuringTheBuild = 0
        try server.waitFor(timeout: 180, "the build with the hostile sheet") {
            let status = try server.get("/_guidance/status").body
            let served = try server.get(page)
            if status.contains("\"building\":true") {
                #expect(served.status == 200 && served.body.contains(title) && served.body.contains("</html>"),
                        "the last build's page, whole, while the next one runs")
                answeredDuringTheBuild += 1
            }
            return status.contains("\"building\":false") && served.body.contains("hostile")
        }
        #expect(answeredDuringTheBuild >= 1, "the server answered while the slow build ran")
    }

    @Test func aTooLongSheetShowsItsOverflowAndThePageEnd() throws {
        _ = try #require(Printer.locate(), "Chromium is needed for the page-fit check")
        let root = try Support.copyOfProject()
        let server = try ServeProcess(root: root)
        defer { server.stop() }
        try server.waitUntilBuilt()
        let points = (1...25).map { "- Added point \($0): describe what was done to the child and who did it, in plain words." }
        try Self.edit(Self.sheet, in: root) {
            $0.replacingOccurrences(of: "## Don't\n", with: points.joined(separator: "\n") + "\n\n## Don't\n")
        }
        try server.waitFor(timeout: 30, "the overflow") { try server.get(Self.page).body.contains("Prints on 2 A4 pages") }
        let page = try server.get(Self.page).body
        let fit = try #require(page.firstMatch(of: #/<p class="guidance-fit fit-over" id="guidance-fit">Prints on 2 A4 pages, about (\d+) lines? over\.</p>/#))
        #expect((Int(fit.output.1) ?? 0) > 0)
        #expect(page.contains("class=\"guidance-page-end\""))
        #expect(page.contains("[page-overflow]"))
        #expect(page.components(separatedBy: "id=\"guidance-overlay\"").count == 2, "an overflow is an error: the overlay names it")
    }

    @Test func refusesWhatIsNotAPreviewRequest() throws {
        let root = try Support.copyOfProject()
        let server = try ServeProcess(root: root, arguments: ["--no-print-check"])
        defer { server.stop() }
        try server.waitUntilBuilt()
        #expect(try server.get("/../../etc/passwd").status == 404)
        #expect(try server.get("/%2e%2e/%2e%2e/etc/passwd").status == 404)
        #expect(try server.get("/schools/../../Guidance/contacts.yaml").status == 404)
        #expect(try server.get("/nothing-here.html").status == 404)
        let foreign = try server.get("/", host: "evil.example:\(server.port)")
        #expect(foreign.status == 403)
        #expect(try server.get("/", host: "127.0.0.1:1").status == 403, "another port is another origin")
        #expect(try server.get("/", host: "localhost:\(server.port)").status == 200)
        let post = try server.get("/", method: "POST")
        #expect(post.status == 405)
        #expect(post.header("Allow") == "GET, HEAD")
        #expect(try server.get("/", method: "DELETE").status == 405)

        // A second server on the same port: a clear error, exit 2.
        let second = try Support.guidance(["serve", "--port", "\(server.port)", "--no-print-check"], in: root, timeout: 30)
        #expect(second.status == 2)
        #expect(second.stderr.contains("port \(server.port) on 127.0.0.1 is in use"))
    }
}
}

/// The parts of serve that need no server: paths, margins, the page's CSP.
@Suite struct ServePartsTests {
    @Test func requestPathsStayInTheSite() {
        #expect(PreviewServer.sitePath("/") == "index.html")
        #expect(PreviewServer.sitePath("/schools/x.html?v=2") == "schools/x.html")
        #expect(PreviewServer.sitePath("/../../etc/passwd") == nil)
        #expect(PreviewServer.sitePath("/schools/%2E%2E/x") == nil)
        #expect(PreviewServer.sitePath("/a\\..\\b") == nil)
        #expect(PreviewServer.sitePath("http://evil/x") == nil)
        #expect(PreviewServer.sitePath("/x%00.html") == nil)
    }

    @Test func theA4ContentHeightComesFromThePageMargins() {
        #expect(PageMargins(css: "@page { size: A4; margin: 12mm 13mm; }").contentHeight == 273)
        #expect(PageMargins(css: "@page{margin:1cm}").contentHeight == 277)
        #expect(PageMargins(css: "@page { size: A4; margin: 10mm 5mm 20mm; }") == {
            var m = PageMargins(); (m.top, m.right, m.bottom, m.left) = (10, 5, 20, 5); return m }())
        #expect(PageMargins(css: "@page { size: A4; margin: auto; }") == PageMargins(), "unreadable: the shipped margins")
        #expect(PageMargins(css: "body { margin: 0 }") == PageMargins())
    }

    @Test func theReloadScriptIsAllowedByItsNonceOnly() {
        let page = #"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'none'; base-uri 'none'">"#
        let allowed = PreviewPage.allowingScript(page, nonce: "abc")
        #expect(allowed == #"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; script-src 'nonce-abc'; connect-src 'self'">"#)
    }
}
