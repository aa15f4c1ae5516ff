import Foundation

/// What stays at a withdrawn version's old addresses: a short page (and its
/// text) saying when and why the sheet was withdrawn and where to go
/// instead, so that a QR code on a printed copy never leads to nothing.
extension SheetRenderer {
    func withdrawnHTML(_ version: WithdrawnVersion) -> String {
        func escape(_ text: String) -> String { HTMLEscaping.text(text) }
        var main = "<h2>This sheet has been withdrawn</h2>\n"
        main += "<p>It was withdrawn on \(escape(version.date.longForm)). \(escape(Self.sentence(version.reason)))</p>\n"
        if let instead = version.instead {
            main += "<p>Use instead: <a href=\"\(escape(instead.slug)).html\">\(escape(instead.title))</a>.</p>\n"
        }
        main += "<p>If a printed copy of this sheet is on display, take it down.</p>\n"
        main += "<p>Every current sheet: <a href=\"../\(OutputLayout.index)\">the safeguarding guidance sheets</a>.</p>\n"
        return pageHead(title: "Withdrawn: \(escape(version.title)) (\(escape(version.audience.label)))") + """
            <body class="index withdrawn">
            <header class="masthead">
            \(configuration.theme.logoTag)<p class="audience">For: <strong>\(escape(version.audience.label))</strong></p>
            <h1>\(escape(version.title))</h1>
            <p class="owner">\(escape(configuration.partnership))</p>
            </header>
            <main>
            \(main)</main>
            </body>
            </html>

            """
    }

    func withdrawnText(_ version: WithdrawnVersion) -> String {
        var out = TextWriter.wrapped(version.title)
            + String(repeating: "=", count: min(72, version.title.unicodeScalars.count)) + "\n"
        out += TextWriter.wrapped("For: \(version.audience.label)")
        out += TextWriter.wrapped("From: \(configuration.partnership)") + "\n"
        out += TextWriter.wrapped("This sheet has been withdrawn. It was withdrawn on \(version.date.longForm). "
            + Self.sentence(version.reason))
        let folder = configuration.baseURL.map { $0 + version.audience.id + "/" } ?? ""
        if let instead = version.instead {
            out += "\n" + TextWriter.wrapped("Use instead: \(instead.title), \(folder)\(instead.slug).html")
        }
        out += "\n" + TextWriter.wrapped("If a printed copy of this sheet is on display, take it down.")
        out += "\n" + TextWriter.wrapped("Every current sheet: \(configuration.baseURL.map { $0 + OutputLayout.index } ?? "../" + OutputLayout.index)")
        return out
    }

    /// The reason as a sentence: capitalised, with a full stop.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let capitalised = first.uppercased() + text.dropFirst()
        return capitalised.last.map { ".!?".contains($0) } == true ? capitalised : capitalised + "."
    }

    /// "Withdrawn on 7 December 2026. Its advice is now ... Use instead: X."
    static func withdrawalSummary(_ version: WithdrawnVersion) -> String {
        "Withdrawn on \(version.date.longForm). \(sentence(version.reason))"
            + (version.instead.map { " Use instead: \($0.title)." } ?? "")
    }
}
