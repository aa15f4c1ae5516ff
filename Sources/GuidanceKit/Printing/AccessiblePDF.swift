import Foundation

/// What Chromium leaves out of a tagged PDF, added with Debian's `qpdf`
/// (its JSON, version 2: read the objects, write back the ones changed):
/// XMP metadata declaring PDF/UA-1 (`pdfuaid:part` 1) with the title and
/// language, `/DisplayDocTitle`, `/Lang` en-GB, a `/Contents` description on
/// every link annotation (the link's text and where it goes), and this tool
/// as Creator and Producer instead of HeadlessChrome and Skia.
///
/// The same bytes for the same print: the dates are the edition's day (not
/// the print time Chromium writes), qpdf writes dictionaries in key order,
/// and `--deterministic-id` makes the `/ID` from the content.
enum AccessiblePDF {
    static let language = "en-GB"
    static var tool: String { "guidance \(GuidanceVersion.current)" }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether `pdf` was finished here (a PDF kept from an older build may
    /// not have been, and is printed again).
    static func isFinished(_ pdf: Data) -> Bool {
        pdf.range(of: Data("<pdfuaid:part>1</pdfuaid:part>".utf8)) != nil
    }

    /// `pdf`, printed from `html` as if it stood at `address`, finished:
    /// titled with the page's `<title>`, dated `day` (midnight UTC).
    static func finish(_ pdf: Data, html: Data, address: String, day: Day) throws(Failure) -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-qpdf-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else {
            throw Failure(description: "cannot create a temporary folder for qpdf")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.pdf"), json = folder.appendingPathComponent("in.json")
        let patch = folder.appendingPathComponent("patch.json"), output = folder.appendingPathComponent("out.pdf")
        guard (try? pdf.write(to: input)) != nil else { throw Failure(description: "cannot write a temporary file for qpdf") }
        try qpdf(["--json-output=2", "--json-stream-data=none", input.path, json.path], in: folder)
        guard let data = FileManager.default.contents(atPath: json.path),
              let objects = QPDFObjects(json: data) else {
            throw Failure(description: "qpdf gave no readable JSON for the printed PDF")
        }
        let page = String(decoding: html, as: UTF8.self)
        let changes = try changes(objects, title: PageLinks.title(in: page) ?? "", links: PageLinks(html: page, address: address),
                                  day: day)
        // Slashes as they are: qpdf reads "\/" in base64 stream data as two characters.
        guard let bytes = try? JSONSerialization.data(withJSONObject: changes, options: [.sortedKeys, .withoutEscapingSlashes]),
              (try? bytes.write(to: patch)) != nil else { throw Failure(description: "cannot write qpdf's update") }
        try qpdf([input.path, "--update-from-json=\(patch.path)", "--deterministic-id", output.path], in: folder)
        guard let finished = FileManager.default.contents(atPath: output.path), !finished.isEmpty else {
            throw Failure(description: "qpdf wrote no PDF")
        }
        return finished
    }

    /// qpdf exits 0, or 3 when it warns and still writes the file.
    private static func qpdf(_ arguments: [String], in folder: URL) throws(Failure) {
        let status: Int32
        let errors = folder.appendingPathComponent("qpdf-errors.txt")
        do {
            status = try Printer.run(URL(fileURLWithPath: "/usr/bin/env"), ["qpdf"] + arguments, timeout: 60, errors: errors)
        } catch {
            throw Failure(description: "qpdf: \(error)")
        }
        // env exits 127 when there is no qpdf on the PATH.
        if status == 127 { throw Failure(description: "qpdf is not installed (apt-get install qpdf)") }
        guard status == 0 || status == 3 else {
            let said = (try? String(contentsOf: errors, encoding: .utf8))?.split(separator: "\n").first.map { ": \($0)" } ?? ""
            throw Failure(description: "qpdf could not finish the PDF (exit \(status))\(said)")
        }
    }

    /// qpdf's JSON update: the catalog, the document information, every
    /// link annotation, and a new XMP metadata stream.
    private static func changes(_ pdf: QPDFObjects, title: String, links: PageLinks, day: Day) throws(Failure) -> [String: Any] {
        guard let rootReference = pdf.trailer["/Root"] as? String, var catalog = pdf.dictionary(rootReference) else {
            throw Failure(description: "the printed PDF has no catalog")
        }
        var objects: [String: Any] = [:]
        var next = pdf.maxObjectID
        func newReference() -> String { next += 1; return "\(next) 0 R" }

        let metadata = newReference()
        objects["obj:\(metadata)"] = ["stream": ["dict": ["/Type": "/Metadata", "/Subtype": "/XML"],
                                                 "data": Data(xmp(title: title, day: day).utf8).base64EncodedString()]]
        catalog["/Metadata"] = metadata
        catalog["/Lang"] = "u:" + language
        var preferences = pdf.dictionary(catalog["/ViewerPreferences"]) ?? [:]
        preferences["/DisplayDocTitle"] = true
        catalog["/ViewerPreferences"] = preferences
        objects["obj:\(rootReference)"] = ["value": catalog]

        let date = "u:D:" + day.description.replacingOccurrences(of: "-", with: "") + "000000Z"
        let info: [String: Any] = ["/Title": "u:" + title, "/Creator": "u:" + tool, "/Producer": "u:" + tool,
                                   "/CreationDate": date, "/ModDate": date]
        if let infoReference = pdf.trailer["/Info"] as? String, pdf.dictionary(infoReference) != nil {
            objects["obj:\(infoReference)"] = ["value": info]
        } else {
            let infoReference = newReference()
            objects["obj:\(infoReference)"] = ["value": info]
            var trailer = pdf.trailer
            trailer["/Info"] = infoReference
            objects["trailer"] = ["value": trailer]
        }

        let linked = pdf.linkElements()
        for (reference, annotation) in pdf.linkAnnotations() {
            var annotation = annotation
            let uri = QPDFObjects.text((annotation["/A"] as? [String: Any])?["/URI"]) ?? ""
            let text = links.text(for: uri, element: linked[reference])
            annotation["/Contents"] = "u:" + PageLinks.description(text: text, destination: uri)
            objects["obj:\(reference)"] = ["value": annotation]
        }
        return ["qpdf": [["jsonversion": 2, "pushedinheritedpageresources": false, "calledgetallpages": false,
                          "maxobjectid": next], objects]]
    }

    /// The XMP packet: PDF/UA-1, title, language, this tool, the day.
    static func xmp(title: String, day: Day) -> String {
        let when = "\(day.description)T00:00:00Z"
        return """
            <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
             <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
              <rdf:Description rdf:about=""
                xmlns:dc="http://purl.org/dc/elements/1.1/"
                xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
                xmlns:xmp="http://ns.adobe.com/xap/1.0/"
                xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
               <dc:format>application/pdf</dc:format>
               <dc:title><rdf:Alt><rdf:li xml:lang="x-default">\(HTMLEscaping.text(title))</rdf:li></rdf:Alt></dc:title>
               <dc:language><rdf:Bag><rdf:li>\(language)</rdf:li></rdf:Bag></dc:language>
               <pdf:Producer>\(tool)</pdf:Producer>
               <xmp:CreatorTool>\(tool)</xmp:CreatorTool>
               <xmp:CreateDate>\(when)</xmp:CreateDate>
               <xmp:ModifyDate>\(when)</xmp:ModifyDate>
               <xmp:MetadataDate>\(when)</xmp:MetadataDate>
               <pdfuaid:part>1</pdfuaid:part>
              </rdf:Description>
             </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """
    }
}

/// A PDF's objects as qpdf's JSON (version 2) gives them: `"obj:7 0 R"` ->
/// `{"value": ...}` or `{"stream": {"dict": ...}}`; strings as `"u:text"`,
/// names as `"/Name"`, references as `"7 0 R"`.
struct QPDFObjects {
    var objects: [String: [String: Any]]
    var trailer: [String: Any]
    var maxObjectID: Int

    init?(json: Data) {
        guard let top = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
              let parts = top["qpdf"] as? [Any], parts.count == 2,
              let header = parts[0] as? [String: Any], let objects = parts[1] as? [String: [String: Any]],
              let trailer = objects["trailer"]?["value"] as? [String: Any] else { return nil }
        self.objects = objects
        self.trailer = trailer
        maxObjectID = (header["maxobjectid"] as? Int) ?? objects.count
    }

    /// A dictionary, direct or by reference.
    func dictionary(_ value: Any?) -> [String: Any]? {
        if let direct = value as? [String: Any] { return direct }
        guard let reference = value as? String, reference.hasSuffix(" R") else { return nil }
        return objects["obj:\(reference)"]?["value"] as? [String: Any]
    }

    /// A text string's text (`"u:..."`), nil for anything else.
    static func text(_ value: Any?) -> String? {
        guard let string = value as? String, string.hasPrefix("u:") else { return nil }
        return String(string.dropFirst(2))
    }

    /// Every link annotation that is an object of its own, by reference
    /// ("7 0 R"), in object order.
    func linkAnnotations() -> [(reference: String, value: [String: Any])] {
        objects.compactMap { key, object -> (String, [String: Any], Int)? in
            guard key.hasPrefix("obj:"), let value = object["value"] as? [String: Any],
                  value["/Subtype"] as? String == "/Link" else { return nil }
            let reference = String(key.dropFirst(4))
            return (reference, value, Int(reference.split(separator: " ")[0]) ?? 0)
        }.sorted { $0.2 < $1.2 }.map { ($0.0, $0.1) }
    }

    /// For each link annotation (by reference), which `/Link` structure
    /// element holds it: the element's place among the `/Link` elements
    /// for the same address, in reading order (the structure tree walked
    /// depth first), so the n-th link to an address on the page gets the
    /// n-th link text for it. Chromium splits a link that wraps over two
    /// lines into two annotations of one element.
    func linkElements() -> [String: (index: Int, of: Int)] {
        guard let root = dictionary(dictionary(trailer["/Root"])?["/StructTreeRoot"]) else { return [:] }
        var result: [String: (index: Int, key: String)] = [:]
        var seen: [String: Int] = [:]
        var visited = Set<String>()
        var stack: [Any] = [root["/K"] as Any]
        // Depth first, in order: children pushed in reverse.
        while let node = stack.popLast(), visited.count < 100_000 {
            if let array = node as? [Any] { stack.append(contentsOf: array.reversed()); continue }
            if let reference = node as? String, reference.hasSuffix(" R") {
                guard visited.insert(reference).inserted, let element = dictionary(reference) else { continue }
                stack.append(element)
                continue
            }
            guard let element = node as? [String: Any] else { continue }
            if element["/S"] as? String == "/Link" {
                let kids = (element["/K"] as? [Any]) ?? [element["/K"] as Any]
                let annotations = kids.compactMap { ($0 as? [String: Any]).flatMap { $0["/Type"] as? String == "/OBJR" ? $0["/Obj"] as? String : nil } }
                guard let first = annotations.first,
                      let uri = QPDFObjects.text((dictionary(first)?["/A"] as? [String: Any])?["/URI"]) else { continue }
                let key = PageLinks.key(uri)
                let index = seen[key, default: 0]
                seen[key] = index + 1
                for annotation in annotations { result[annotation] = (index, key) }
            } else if let kids = element["/K"] {
                stack.append(kids)
            }
        }
        return result.mapValues { ($0.index, seen[$0.key] ?? 0) }
    }
}

/// The links of a page as its HTML has them, for describing the PDF's link
/// annotations: each address (resolved as the printer resolved it) with
/// the text of every link to it, in document order.
struct PageLinks {
    private var texts: [String: [String]] = [:]

    init(html: String, address: String) {
        let base = URL(string: address)
        for match in html.matches(of: #/<a\b([^>]*)>(.*?)</a>/#.dotMatchesNewlines()) {
            guard let href = match.output.1.firstMatch(of: #/\bhref="([^"]*)"/#)?.output.1 else { continue }
            let target = Self.unescape(String(href))
            let resolved = URL(string: target, relativeTo: base)?.absoluteString ?? target
            texts[Self.key(resolved), default: []].append(Self.text(ofLink: String(match.output.2)))
        }
    }

    /// Addresses compared as Chromium writes them: a bare host gains a slash.
    static func key(_ uri: String) -> String {
        uri.hasSuffix("/") ? String(uri.dropLast()) : uri
    }

    /// The text of the `element.index`-th of the `element.of` links to
    /// `uri` in the PDF; when the page and the PDF do not agree on how many
    /// there are (a link hidden on paper), every text for it.
    func text(for uri: String, element: (index: Int, of: Int)?) -> String {
        let all = texts[Self.key(uri)] ?? []
        if let element, all.count == element.of, all.indices.contains(element.index) {
            return all[element.index]
        }
        var distinct: [String] = []
        for text in all where !distinct.contains(text) { distinct.append(text) }
        return distinct.joined(separator: "; ")
    }

    /// "Childline (https://www.childline.org.uk/)"; the address alone when
    /// the link's text is the address, the text alone when it holds it.
    static func description(text: String, destination: String) -> String {
        if text.isEmpty { return "Link to \(destination)" }
        if key(text) == key(destination) || key("mailto:" + text) == key(destination) { return destination }
        if text.contains(destination) { return text }
        return "\(text) (\(destination))"
    }

    /// What a link says: its text, or an image's description (`alt`,
    /// `aria-label`) when it holds an image.
    static func text(ofLink inner: String) -> String {
        var words = inner.replacing(#/<[^>]*>/#, with: " ")
        if words.allSatisfy(\.isWhitespace),
           let label = inner.firstMatch(of: #/\b(?:aria-label|alt)="([^"]*)"/#)?.output.1 {
            words = String(label)
        }
        return unescape(words).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The page's `<title>`.
    static func title(in html: String) -> String? {
        html.firstMatch(of: #/<title>(.*?)</title>/#.dotMatchesNewlines()).map {
            unescape(String($0.output.1)).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }

    /// The character references the page writer uses.
    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacing(#/&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);/#) { match -> String in
            switch match.output.1 {
            case "amp": return "&"
            case "lt": return "<"
            case "gt": return ">"
            case "quot": return "\""
            case "apos": return "'"
            case "nbsp": return "\u{A0}"
            case let code:
                let number = code.hasPrefix("#x") ? Int(code.dropFirst(2), radix: 16) : Int(code.dropFirst())
                return number.flatMap { UInt32(exactly: $0) }.flatMap { Unicode.Scalar($0) }.map { String(Character($0)) }
                    ?? String(match.output.0)
            }
        }
    }
}
