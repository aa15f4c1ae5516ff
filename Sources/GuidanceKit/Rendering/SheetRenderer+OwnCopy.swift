import Foundation

/// A setting's own copy of a sheet (issue 26): an audience whose entry in
/// guidance.yaml has `own-contacts:` gets a box on every sheet, ruled lines
/// on paper for the setting's own designated safeguarding lead, deputy and
/// where to find them, and one page (`<audience>/own-copy.html`) where the
/// office picks a sheet, types the names and prints it with the box filled.
/// The sheet pages stay free of scripts; this page has one, allowed by the
/// SHA-256 of its bytes, and nothing else: no address it may send to.
extension SheetRenderer {
    /// The sheet template's keys for the box: its lines (`ownContacts`), and
    /// the note on screen that leads to the page filling them in. Flat, not
    /// nested in one section: the template's sections stay one level deep.
    static func ownContactsContext(_ audience: Configuration.Audience) -> [String: Any] {
        guard !audience.ownContacts.isEmpty else { return [:] }
        return [
            "hasOwnContacts": true,
            "ownContacts": audience.ownContacts.map { ["label": $0] },
            "ownContactsWhat": ownContactsPhrase(audience),
            "ownCopyPage": OutputLayout.ownCopyFileName,
        ]
    }

    /// "your own designated safeguarding lead, deputy and where to find them",
    /// or without "your own" for a list in brackets.
    static func ownContactsPhrase(_ audience: Configuration.Audience, own: Bool = true) -> String {
        let parts = audience.ownContacts.map { label -> String in
            let lowered = lowercasedFirst(label)
            return lowered.hasPrefix("our ") ? String(lowered.dropFirst(4)) : lowered
        }
        let list = parts.count < 2 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        return own ? "your own " + list : list
    }

    /// The own-copy page's heading, and the download page's link to it.
    static let ownCopyHeading = "Print a sheet with your own contacts filled in"
    static let printButton = "Print this sheet"

    /// The download page's link to an audience's own-copy page.
    static func ownCopyLink(_ audience: Configuration.Audience) -> [String: Any]? {
        guard !audience.ownContacts.isEmpty else { return nil }
        return ["href": OutputLayout.ownCopy(audience: audience.id),
                "label": "\(ownCopyHeading) (\(ownContactsPhrase(audience, own: false)))"]
    }

    /// The script of the own-copy page, whose exact bytes the page's policy
    /// allows by hash. It shows the sheet picked (from its `<template>`),
    /// writes what is typed into the box's lines as text (never as HTML),
    /// and prints. It sends nothing, stores nothing, and loads nothing.
    static let ownCopyScript = """

        "use strict";
        (() => {
          const form = document.getElementById("own-copy-form");
          const choice = document.getElementById("own-copy-sheet");
          const preview = document.getElementById("own-copy-preview");
          const fields = [...form.querySelectorAll("input[type=text]")];
          const fill = () => {
            const lines = preview.querySelectorAll(".own-contacts .fill");
            fields.forEach((field, i) => { if (lines[i]) lines[i].textContent = field.value.trim(); });
          };
          const show = () => {
            const template = document.getElementById("sheet-" + choice.value);
            if (!template) return;
            preview.replaceChildren(template.content.cloneNode(true));
            document.title = template.dataset.title;
            fill();
          };
          choice.addEventListener("change", show);
          fields.forEach((field) => field.addEventListener("input", fill));
          form.addEventListener("submit", (event) => event.preventDefault());
          document.getElementById("own-copy-print").addEventListener("click", () => window.print());
          show();
        })();

        """

    /// `'sha256-...'`: the policy's source for the script's exact bytes.
    static var ownCopyScriptSource: String {
        var sha = SHA256()
        sha.update(ownCopyScript)
        let hex = Array(sha.finish().utf8)
        let bytes = stride(from: 0, to: hex.count, by: 2).compactMap { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16) }
        return "'sha256-\(Data(bytes).base64EncodedString())'"
    }

    /// Hints beside the fields whose labels are the default ones.
    static let ownContactsHints = [
        "Our designated safeguarding lead": "Their name, and their role if staff know them by it; for example Ms P. Raman, Deputy Head.",
        "Deputy": "One or more names; for example Mr T. Nowak and Mrs J. Okafor.",
        "Where to find them": "A room, an office or a phone extension; for example Room 14, or extension 2231.",
    ]

    /// What goes between a rendered sheet page's `<body>` and `</body>`: the
    /// printable sheet the own-copy page shows. Nil when the page template
    /// has no body element to take it from.
    static func bodyContent(of page: String) -> Substring? {
        guard let open = page.range(of: "<body"), let end = page[open.upperBound...].firstIndex(of: ">"),
              let close = page.range(of: "</body>", options: .backwards), close.lowerBound > end else { return nil }
        return page[page.index(after: end)..<close.lowerBound]
    }

    /// The own-copy page of an audience with `own-contacts:`, from its sheets'
    /// rendered pages (`pages`: output path -> HTML); nil when the audience has
    /// no box or no sheet.
    func ownCopyHTML(_ audience: Configuration.Audience, versions: [SheetVersion], pages: [String: Data]) -> String? {
        guard !audience.ownContacts.isEmpty else { return nil }
        func escape(_ text: String) -> String { HTMLEscaping.text(text) }
        var sheets: [(slug: String, title: String, content: Substring)] = []
        for version in Self.byTitle(versions) where version.audience.id == audience.id {
            guard let page = pages[OutputLayout.html(version)].map({ String(decoding: $0, as: UTF8.self) }),
                  let content = Self.bodyContent(of: page) else { continue }
            sheets.append((version.sheet.slug, version.sheet.frontMatter.title, content))
        }
        guard let first = sheets.first else { return nil }
        let label = Self.lowercasedFirst(audience.label)
        var options = "", sheetTemplates = ""
        for sheet in sheets {
            options += "<option value=\"\(escape(sheet.slug))\">\(escape(sheet.title))</option>\n"
            let title = "\(sheet.title) (\(audience.label)), with \(Self.ownContactsPhrase(audience))"
            sheetTemplates += "<template id=\"sheet-\(escape(sheet.slug))\" data-title=\"\(escape(title))\">\(sheet.content)</template>\n"
        }
        var fields = ""
        for (number, line) in audience.ownContacts.enumerated() {
            let id = "own-copy-\(number + 1)"
            let hint = Self.ownContactsHints[line]
            fields += "<p class=\"field\"><label for=\"\(id)\">\(escape(line))</label>"
            if let hint { fields += "<span class=\"hint\" id=\"\(id)-hint\">\(escape(hint))</span>" }
            fields += "<input type=\"text\" id=\"\(id)\" name=\"\(id)\" maxlength=\"60\" autocomplete=\"off\""
                + (hint == nil ? "" : " aria-describedby=\"\(id)-hint\"") + "></p>\n"
        }
        return pageHead(title: "\(Self.ownCopyHeading) (\(escape(audience.label)))", script: Self.ownCopyScriptSource,
                        css: css + "\n" + Self.ownCopyCSS) + """
            <body class="own-copy">
            <div class="own-copy-chooser" role="region" aria-labelledby="own-copy-title">
            <p class="audience">For: <strong>\(escape(audience.label))</strong></p>
            <h1 id="own-copy-title">\(Self.ownCopyHeading)</h1>
            <p>Every sheet for \(escape(label)) has a box for \(escape(Self.ownContactsPhrase(audience))). You can write in it by hand once printed, or type the names here and print the sheet with them filled in.</p>
            <p class="private"><strong>Everything happens in this page, on this computer: nothing you type is sent anywhere or saved.</strong> When you close the page, what you typed is gone.</p>
            <form id="own-copy-form">
            <p class="field"><label for="own-copy-sheet">Sheet to print</label>
            <select id="own-copy-sheet" name="sheet">
            \(options)</select></p>
            \(fields)<p><button type="button" id="own-copy-print">\(Self.printButton)</button></p>
            </form>
            <p>The sheet below is how it will print: on one A4 page, without this form. In the print window, choose your printer, or Save as PDF to keep a copy or e-mail it to staff.</p>
            <p>Back to <a href="../\(OutputLayout.index)">all the safeguarding guidance sheets</a>.</p>
            </div>
            <div id="own-copy-preview" class="own-copy-preview">\(first.content)</div>
            \(sheetTemplates)<script>\(Self.ownCopyScript)</script>
            </body>
            </html>

            """
    }

    /// The own-copy page's own look, after sheet.css: the form on screen
    /// only, and the sheet as on paper below it.
    static let ownCopyCSS = """
        body.own-copy { max-width: 50rem; }
        .own-copy-chooser { border-bottom: 3px solid var(--accent); margin-bottom: 1rem; padding-bottom: 0.5rem; }
        .own-copy-chooser h1 { font-size: 18pt; margin: 0.1rem 0 0.4rem; color: var(--accent); }
        .own-copy-chooser .field { display: flex; flex-direction: column; max-width: 32rem; margin: 0.6rem 0; }
        .own-copy-chooser label { font-weight: bold; }
        .own-copy-chooser .hint { color: var(--muted); font-size: 10pt; }
        .own-copy-chooser input, .own-copy-chooser select, .own-copy-chooser button { font: inherit; padding: 0.3rem 0.4rem; margin-top: 0.2rem; border: 2px solid var(--ink); border-radius: 3px; background: #fff; color: var(--ink); }
        .own-copy-chooser button { background: var(--accent); color: #fff; border-color: var(--accent); padding: 0.4rem 1rem; cursor: pointer; }
        .own-copy-chooser :focus-visible { outline: 3px solid #ffbf47; outline-offset: 1px; }
        .own-copy-preview { border: 1px solid #999; padding: 1rem; }
        body.own-copy .own-contacts { display: flex; }
        body.own-copy .own-contacts-note { display: none; }
        @media print {
          .own-copy-chooser { display: none; }
          .own-copy-preview { border: 0; padding: 0; }
        }
        """
}
