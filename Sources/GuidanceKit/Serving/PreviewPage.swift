import Foundation

/// What serve mode adds to a served page, and only there: the reload script
/// (allowed by a nonce in the page's own Content-Security-Policy), the panel
/// of the sheet's findings and page fit, the line where the A4 page ends, and
/// the overlay naming every error while the build has any. Published pages
/// never carry any of it.
enum PreviewPage {
    /// The path open pages listen on for a new build (Server-Sent Events).
    static let eventsPath = "/_guidance/events"

    static func decorate(_ html: Data, path: String, site: PreviewSite, nonce: String) -> Data {
        var text = String(decoding: html, as: UTF8.self)
        text = allowingScript(text, nonce: nonce)
        var added = "\n<style>\(style(for: site.pages[path]))</style>\n"
        if let page = site.pages[path] {
            added += pageEnd(page)
            let lastGood = site.isLastGood ? (site.withheld ?? "the sources have errors that stop a new one") : nil
            added += panel(page, findings: site.findings(for: page.source), lastGood: lastGood)
        }
        if !site.errors.isEmpty { added += overlay(site.errors) }
        added += script(generation: site.generation, nonce: nonce)
        if let end = text.range(of: "</body>", options: .backwards) {
            text.replaceSubrange(end.lowerBound..<end.lowerBound, with: added)
        } else {
            text += added
        }
        return Data(text.utf8)
    }

    /// A page to show while there is nothing built yet, which reloads when there is.
    static func building(generation: Int, nonce: String, message: String) -> Data {
        let page = """
            <!DOCTYPE html>
            <html lang="en-GB"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-\(nonce)'; connect-src 'self'">
            <title>guidance serve</title></head>
            <body><main><h1>guidance serve</h1><p>\(HTMLEscaping.text(message))</p></main>
            \(script(generation: generation, nonce: nonce))</body></html>
            """
        return Data(page.utf8)
    }

    /// The page's CSP with its script and connection rules replaced: scripts
    /// carrying this nonce may run and may open the event stream, and the
    /// scripts the page itself allows by hash (the own-copy page's), nothing else.
    static func allowingScript(_ html: String, nonce: String) -> String {
        let meta = #/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/#.ignoresCase()
        guard let match = html.firstMatch(of: meta) else { return html }
        var directives = match.output.1.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let hashes = directives.filter { $0.hasPrefix("script-src") }
            .flatMap { $0.split(separator: " ").filter { $0.hasPrefix("'sha256-") } }
        directives.removeAll { $0.isEmpty || $0.hasPrefix("script-src") || $0.hasPrefix("connect-src") }
        directives += [(["script-src", "'nonce-\(nonce)'"] + hashes.map(String.init)).joined(separator: " "), "connect-src 'self'"]
        var result = html
        result.replaceSubrange(match.range,
                               with: "<meta http-equiv=\"Content-Security-Policy\" content=\"\(directives.joined(separator: "; "))\"")
        return result
    }

    static func script(generation: Int, nonce: String) -> String {
        """
        <script nonce="\(nonce)">
        (function () {
          var built = "\(generation)";
          var events = window.guidanceEvents = new EventSource("\(eventsPath)");
          events.onmessage = function (event) {
            if (event.data !== built) { events.close(); location.reload(); }
          };
        })();
        </script>

        """
    }

    /// On a sheet the screen takes the printed page's measure (the content
    /// width of A4 within the @page margins, print's type size), so that the
    /// dashed line at the content height of one A4 page falls about where
    /// the paper ends. The page count in the panel is the real print's.
    static func style(for page: PreviewSite.Page?) -> String {
        var css = """
            .guidance-panel { position: fixed; top: 0.5rem; right: 0.5rem; width: 24rem; max-width: 45vw; max-height: 90vh;
              overflow: auto; z-index: 1000; font: 10pt/1.35 Arial, "Liberation Sans", sans-serif; color: #1b1b1b;
              background: #fff; border: 2px solid #00507a; border-radius: 4px; padding: 0.5rem 0.7rem; box-shadow: 0 2px 8px #0004; }
            .guidance-panel h2 { font-size: 11pt; margin: 0 0 0.3rem; color: #00507a; background: none; padding: 0; }
            .guidance-panel ul { margin: 0.3rem 0; padding-left: 1rem; }
            .guidance-panel li { margin: 0.25rem 0; }
            .guidance-panel .fit-ok { color: #1d6b2f; font-weight: bold; }
            .guidance-panel .fit-over, .guidance-panel .severity-error { color: #a4161a; font-weight: bold; }
            .guidance-panel .severity-warning { color: #7a4b00; font-weight: bold; }
            .guidance-panel code { font-size: 9pt; }
            .guidance-overlay { position: fixed; left: 0; right: 0; bottom: 0; max-height: 45vh; z-index: 2000; overflow: auto;
              background: #1b1b1bf2; color: #fff; font: 12pt/1.4 Arial, "Liberation Sans", sans-serif; padding: 0 1.5rem 0.8rem;
              border-top: 4px solid #a4161a; }
            .guidance-overlay summary { cursor: pointer; color: #fff; background: #a4161a; margin: 0 -1.5rem; padding: 0.4rem 1.5rem;
              font-size: 14pt; font-weight: bold; }
            .guidance-overlay li { margin: 0.5rem 0; }
            .guidance-overlay code { color: #ffd479; }
            @media print { .guidance-panel, .guidance-overlay, .guidance-page-end { display: none; } }

            """
        if let page {
            let m = page.margins
            css += """
                @media screen {
                  body { position: relative; max-width: none; width: \(mm(m.contentWidth)); padding: 0; font-size: 11.5pt;
                         margin: \(mm(m.top)) auto \(mm(m.bottom)); }
                  .guidance-page-end { position: absolute; left: -\(mm(m.left)); right: -\(mm(m.right)); top: \(mm(m.contentHeight));
                    border-top: 2px dashed #a4161a; pointer-events: none; }
                  .guidance-page-end span { position: absolute; right: 0; top: 0; font: 9pt Arial, sans-serif; color: #a4161a;
                    background: #fff; padding: 0 0.3rem; }
                }

                """
        }
        return css
    }

    static func mm(_ value: Double) -> String { String(format: "%.2fmm", value) }

    static func pageEnd(_ page: PreviewSite.Page) -> String {
        "<div class=\"guidance-page-end\" aria-hidden=\"true\"><span>End of A4 page 1 (\(mm(page.margins.contentHeight)) of content)</span></div>\n"
    }

    static func fitText(_ page: PreviewSite.Page) -> (String, String) {
        guard let pages = page.printedPages else { return ("", "Page fit: not printed (see the notes).") }
        if pages <= 1 { return ("fit-ok", "Fits on one A4 page.") }
        let lines = page.linesOver.map { ", about \($0) line\($0 == 1 ? "" : "s") over" } ?? ""
        return ("fit-over", "Prints on \(pages) A4 pages\(lines).")
    }

    /// `lastGood`: why the page is an earlier build's (nil when it is this one's).
    static func panel(_ page: PreviewSite.Page, findings: [Finding], lastGood: String? = nil) -> String {
        let (fitClass, fit) = fitText(page)
        var html = "<aside class=\"guidance-panel\" id=\"guidance-panel\" aria-label=\"Preview: page fit and findings\">\n"
        html += "<h2>Preview of \(HTMLEscaping.text(page.source)) (\(HTMLEscaping.text(page.audience)))</h2>\n"
        html += "<p class=\"guidance-fit \(fitClass)\" id=\"guidance-fit\">\(HTMLEscaping.text(fit))</p>\n"
        if let lastGood {
            html += "<p class=\"severity-error\">This is the last good build: "
                + HTMLEscaping.text(lastGood)
                + ". The errors below say what to fix; the page is rebuilt when they are fixed and saved.</p>\n"
        }
        if findings.isEmpty {
            html += lastGood == nil ? "<p>No findings in this sheet.</p>\n" : ""
        } else {
            html += "<ul class=\"guidance-findings\">\n" + findings.map(item).joined() + "</ul>\n"
        }
        return html + "</aside>\n"
    }

    /// What every page shows while there is no build to show: why (the
    /// registry or the configuration cannot be read), and every error.
    static func unbuilt(_ site: PreviewSite, nonce: String) -> Data {
        let why = site.withheld ?? "the configuration or the templates cannot be read, so there is no site to show"
        let page = """
            <!DOCTYPE html>
            <html lang="en-GB"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-\(nonce)'; connect-src 'self'">
            <title>guidance serve: nothing to show yet</title></head>
            <body><main><h1>Nothing to show yet</h1>
            <p>\(HTMLEscaping.text(why)). Fix the errors below and save; this page reloads when the site builds.</p>
            <ul>
            \(site.errors.map(item).joined())</ul></main>
            \(script(generation: site.generation, nonce: nonce))</body></html>
            """
        return Data(page.utf8)
    }

    static func item(_ finding: Finding) -> String {
        let l = finding.location
        var html = "<li><span class=\"severity-\(finding.severity.rawValue)\">\(finding.severity.rawValue)</span> "
        if l.hasFile { html += "<code>\(HTMLEscaping.text("\(l.file):\(l.line):\(l.column)"))</code>: " }
        html += HTMLEscaping.text(finding.message) + " [\(finding.rule.rawValue)]"
        if let suggestion = finding.suggestion { html += " Suggestion: <code>\(HTMLEscaping.text(suggestion))</code>" }
        return html + "</li>\n"
    }

    static func overlay(_ errors: [Finding]) -> String {
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
        // Over the foot of the page, and folded away with a click on its
        // title, so that the sheet being trimmed stays in view.
        var html = "<div class=\"guidance-overlay\" id=\"guidance-overlay\" role=\"alert\"><details open>\n"
        html += "<summary>The build has \(count); guidance build would publish nothing</summary>\n<ul>\n"
        html += errors.map(item).joined()
        return html + "</ul>\n<p>This goes as soon as the sources are fixed and saved. Click the title to fold it away.</p>\n</details></div>\n"
    }
}
