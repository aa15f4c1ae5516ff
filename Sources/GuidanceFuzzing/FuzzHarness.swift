import Foundation
import GuidanceKit

/// One input through the whole pipeline in memory (read, resolve, select,
/// validate, render) with the promises the tool makes checked on the way.
/// The libFuzzer target (`make fuzz`) calls it for every input it invents; the
/// tests replay the inputs it found and the seed corpus through it.
///
/// An input is a sheet (`Guidance/fuzz.md`) read with the project's own
/// configuration, registry and templates. An input that starts with
/// `#!contacts.yaml` or `#!guidance.yaml` and a line break replaces that file
/// instead, and is read with the project's first sheet.
package struct FuzzHarness: Sendable {
    let root: URL
    let configuration: String
    let registry: String
    let firstSheet: (name: String, text: String)
    let templates: Templates
    /// The shipped configuration and registry, parsed once for sheet inputs.
    let parsedConfiguration: Configuration
    let parsedRegistry: ContactRegistry

    /// Loads the project at `root` once; every input is then run against it.
    package init(root: URL) throws(ToolError) {
        let guidance = root.appendingPathComponent("Guidance")
        func text(_ name: String) throws(ToolError) -> String {
            guard let data = FileManager.default.contents(atPath: guidance.appendingPathComponent(name).path) else {
                throw ToolError("cannot read Guidance/\(name) under \(root.path)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        self.root = root
        configuration = try text("guidance.yaml")
        registry = try text("contacts.yaml")
        let sheets = ((try? FileManager.default.contentsOfDirectory(atPath: guidance.path)) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted()
        guard let first = sheets.first else { throw ToolError("no sheets under \(guidance.path)") }
        firstSheet = (first, try text(first))
        let (templates, findings) = Templates.read(root: root)
        guard let templates else { throw ToolError("the templates do not load: \(findings.map(\.message))") }
        self.templates = templates
        guard let parsed = Configuration.read(configuration).0 else { throw ToolError("Guidance/guidance.yaml does not parse") }
        parsedConfiguration = parsed
        parsedRegistry = ContactRegistry.read(registry).0
    }

    /// What became of one input.
    enum Outcome {
        /// The file could not be read as text (not UTF-8, a NUL byte).
        case unreadable(Finding, file: String, bytes: [UInt8])
        case ran(Pipeline, file: String, text: String)
        case threw(ToolError)
    }

    func run(_ bytes: [UInt8]) -> Outcome {
        var configuration = self.configuration, registry = self.registry
        var sheet = (name: "fuzz.md", text: "")
        var file = "Guidance/fuzz.md"
        var body = bytes[...]
        for (prefix, path) in [("#!contacts.yaml\n", "Guidance/contacts.yaml"), ("#!guidance.yaml\n", "Guidance/guidance.yaml")]
        where bytes.starts(with: Array(prefix.utf8)) {
            body = bytes.dropFirst(prefix.utf8.count)
            file = path
            sheet = firstSheet
        }
        // Read: exactly what a file on disk goes through.
        let text: String
        switch SourceFile.decode(Data(body), path: file) {
        case .success(let decoded): text = decoded
        case .failure(let finding): return .unreadable(finding, file: file, bytes: Array(body))
        }
        switch file {
        case "Guidance/contacts.yaml": registry = text
        case "Guidance/guidance.yaml": configuration = text
        default: sheet.text = text
        }
        let project: Project?, readFindings: [Finding]
        if file == "Guidance/fuzz.md" {
            // Only the sheet is new: the shipped configuration and registry
            // are parsed once, not for every input.
            let (read, found) = Sheet.read(text: text, slug: "fuzz", path: file, partnership: parsedConfiguration.partnership)
            project = Project(root: root, configuration: parsedConfiguration, registry: parsedRegistry,
                              sheets: read.map { [$0] } ?? [], templates: templates)
            readFindings = found
        } else {
            (project, readFindings) = Project.parse(root: root, configuration: configuration, registry: registry,
                                                    sheets: [sheet], templates: templates)
        }
        // Resolve, select, validate.
        do {
            let options = Pipeline.Options(asOf: Day(year: 2026, month: 12, day: 8)!)
            let pipeline = try Pipeline.run(project: project, findings: readFindings, fileCount: 3, options: options)
            return .ran(pipeline, file: file, text: text)
        } catch {
            return .threw(error)
        }
    }

    /// The versions an input gives and the findings on the way, for tests.
    func versions(_ bytes: [UInt8]) -> ([SheetVersion], [Finding]) {
        switch run(bytes) {
        case .unreadable(let finding, _, _): ([], [finding])
        case .ran(let pipeline, _, _): (pipeline.versions, pipeline.findings)
        case .threw: ([], [])
        }
    }

    /// Runs one input; returns the broken promises, none when all is well.
    /// A crash or a hang is, of course, also a failure.
    package func exercise(_ bytes: [UInt8]) -> [String] {
        let pipeline: Pipeline, file: String, text: String
        switch run(bytes) {
        case .unreadable(let finding, let file, let bytes):
            return Self.outsideFile([finding], file: file, lines: Self.lineCount(bytes))
        case .threw(let error):
            return ["the pipeline threw: \(error)"]
        case .ran(let ran, let ranFile, let ranText):
            (pipeline, file, text) = (ran, ranFile, ranText)
        }
        var problems = Self.outsideFile(pipeline.findings, file: file, lines: Self.lineCount(text.utf8))
        // Render: both writers, every version, and the download page.
        if let project = pipeline.project {
            let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates)
            for version in pipeline.versions {
                problems += Self.problems(inPage: renderer.html(version))
                problems += Self.problems(inPage: HTMLWriter.render(version.document, mode: .page))
                _ = HTMLWriter.render(version.document, mode: .reference)
                _ = renderer.text(version)
            }
            problems += Self.problems(inPage: renderer.index(pipeline.versions, pdfs: Set(pipeline.versions.map(OutputLayout.pdf))))
        }
        return problems
    }

    static func lineCount<Bytes: Sequence>(_ bytes: Bytes) -> Int where Bytes.Element == UInt8 {
        bytes.count(where: { $0 == UInt8(ascii: "\n") }) + 1
    }

    /// Findings about `file` whose position is not in it.
    static func outsideFile(_ findings: [Finding], file: String, lines: Int) -> [String] {
        findings.filter { $0.location.file == file }
            .filter { !(1...lines).contains($0.location.line) || $0.location.column < 1 }
            .map { "finding outside the file (\(lines) lines): \($0.location) \($0.message)" }
    }

    /// What must never be in a published page whatever the source said: a
    /// script, an event attribute, an embedded object or frame, or an address
    /// with a scheme that runs code or reads the reader's own files.
    ///
    /// A small tag scanner rather than regular expressions: it reads each tag
    /// and its attributes (quoted or not) as a browser would, and it is fast
    /// enough to run on every page of every fuzz input.
    package static func problems(inPage html: String) -> [String] {
        var problems: [String] = []
        let bytes = Array(html.utf8)
        let forbidden: Set<String> = ["script", "iframe", "object", "embed", "form", "input", "math", "base", "frame",
                                      "frameset", "applet"]
        let addressAttributes: Set<String> = ["href", "src", "action", "formaction", "xlink:href", "data", "poster"]
        func lower(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte + 32 : byte }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else { i += 1; continue }
            // Comments are skipped whole.
            if bytes[i...].starts(with: Array("<!--".utf8)) {
                var j = i + 4
                while j < bytes.count, !bytes[j...].starts(with: Array("-->".utf8)) { j += 1 }
                i = j + 3
                continue
            }
            var j = i + 1
            let closing = j < bytes.count && bytes[j] == UInt8(ascii: "/")
            if closing { j += 1 }
            let nameStart = j
            while j < bytes.count, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "/") { j += 1 }
            let name = String(decoding: bytes[nameStart..<j].map(lower), as: UTF8.self)
            guard let first = name.utf8.first, (97...122).contains(first) else { i += 1; continue }
            if !closing, forbidden.contains(name) { problems.append("a <\(name)> element") }
            // Attributes, up to the end of the tag.
            var attributes: [(String, String)] = []
            while j < bytes.count, bytes[j] != UInt8(ascii: ">") {
                if isSpace(bytes[j]) || bytes[j] == UInt8(ascii: "/") { j += 1; continue }
                let start = j
                while j < bytes.count, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: "="), bytes[j] != UInt8(ascii: ">") { j += 1 }
                let attribute = String(decoding: bytes[start..<j].map(lower), as: UTF8.self)
                while j < bytes.count, isSpace(bytes[j]) { j += 1 }
                var value = ""
                if j < bytes.count, bytes[j] == UInt8(ascii: "=") {
                    j += 1
                    while j < bytes.count, isSpace(bytes[j]) { j += 1 }
                    if j < bytes.count, bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") {
                        let quote = bytes[j]
                        let valueStart = j + 1
                        j = valueStart
                        while j < bytes.count, bytes[j] != quote { j += 1 }
                        value = String(decoding: bytes[valueStart..<min(j, bytes.count)], as: UTF8.self)
                        j += 1
                    } else {
                        let valueStart = j
                        while j < bytes.count, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">") { j += 1 }
                        value = String(decoding: bytes[valueStart..<j], as: UTF8.self)
                    }
                }
                if attribute.isEmpty { j += 1; continue }
                attributes.append((attribute, value))
            }
            for (attribute, value) in attributes {
                if attribute.hasPrefix("on") { problems.append("an event attribute: <\(name) \(attribute)=...>") }
                if addressAttributes.contains(attribute) {
                    // What a browser would follow, entities decoded, judged by
                    // the one link policy (`LinkScheme`).
                    let address = decodeEntities(value)
                    if let scheme = LinkScheme.scheme(of: address), !LinkScheme.allowed.contains(scheme) {
                        problems.append("an address with \(scheme): in <\(name) \(attribute)>")
                    }
                }
                if name == "meta", attribute == "http-equiv", value.lowercased() == "refresh" {
                    problems.append("a <meta http-equiv=\"refresh\"> redirect")
                }
            }
            i = j + 1
        }
        return problems
    }

    /// Character references as a browser reads them in an attribute: numeric
    /// ones (with or without the semicolon) and the named ones that can hide
    /// a scheme.
    static func decodeEntities(_ value: String) -> String {
        guard value.contains("&") else { return value }
        let named = ["amp": "&", "colon": ":", "tab": "\t", "newline": "\n", "lt": "<", "gt": ">", "quot": "\"",
                     "apos": "'", "sol": "/", "lpar": "(", "rpar": ")"]
        var result = ""
        var rest = Substring(value)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            rest = rest[rest.index(after: amp)...]
            if rest.first == "#" {
                var digits = rest.dropFirst()
                let hex = digits.first == "x" || digits.first == "X"
                if hex { digits = digits.dropFirst() }
                let number = digits.prefix { hex ? $0.isHexDigit : $0.isASCII && $0.isNumber }
                if !number.isEmpty, let code = UInt32(number.prefix(8), radix: hex ? 16 : 10),
                   let scalar = Unicode.Scalar(code) {
                    result.unicodeScalars.append(scalar)
                    rest = digits[number.endIndex...]
                    if rest.first == ";" { rest = rest.dropFirst() }
                    continue
                }
            } else {
                let name = rest.prefix { $0.isLetter }
                if let character = named[name.lowercased()] {
                    result += character
                    rest = rest[name.endIndex...]
                    if rest.first == ";" { rest = rest.dropFirst() }
                    continue
                }
            }
            result += "&"
        }
        return result + rest
    }
}
