import Foundation

/// One input through the whole pipeline in memory (read, resolve, select,
/// validate, render) with the promises the tool makes checked on the way.
/// The libFuzzer target (`make fuzz`) calls it for every input it invents; the
/// tests replay the inputs it found and the seed corpus through it.
///
/// An input is a sheet (`Guidance/fuzz.md`) read with the project's own
/// configuration, registry and templates. An input that starts with
/// `#!contacts.yaml` or `#!guidance.yaml` and a line break replaces that file
/// instead, and is read with the project's first sheet.
public struct FuzzHarness: Sendable {
    let root: URL
    let configuration: String
    let registry: String
    let firstSheet: (name: String, text: String)
    let templates: Templates

    /// Loads the project at `root` once; every input is then run against it.
    public init(root: URL) throws(ToolError) {
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
        let (project, readFindings) = Project.parse(root: root, configuration: configuration, registry: registry,
                                                    sheets: [sheet], templates: templates)
        // Resolve, select, validate.
        do {
            let pipeline = try Pipeline.run(project: project, findings: readFindings, fileCount: 3,
                                            options: Pipeline.Options(asOf: Day(year: 2026, month: 12, day: 1)!))
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
    public func exercise(_ bytes: [UInt8]) -> [String] {
        let pipeline: Pipeline, file: String, text: String
        switch run(bytes) {
        case .unreadable(let finding, let file, let bytes):
            return Self.checkLocation(finding.location, in: bytes, file: file)
        case .threw(let error):
            return ["the pipeline threw: \(error)"]
        case .ran(let ran, let ranFile, let ranText):
            (pipeline, file, text) = (ran, ranFile, ranText)
        }
        var problems: [String] = []
        let lines = text.utf8.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        for finding in pipeline.findings where finding.location.file == file {
            let location = finding.location
            if !(1...lines).contains(location.line) || location.column < 1 {
                problems.append("finding outside the file (\(lines) lines): \(location) \(finding.message)")
            }
        }
        // Render: both writers, every version, and the download page.
        if let project = pipeline.project {
            let renderer = SheetRenderer(configuration: project.configuration, templates: project.templates)
            for version in pipeline.versions {
                problems += Self.problems(inPage: renderer.html(version))
                problems += Self.problems(inPage: HTMLWriter.render(version.document, mode: .page))
                _ = HTMLWriter.render(version.document, mode: .reference)
                _ = renderer.text(version)
            }
            problems += Self.problems(inPage: renderer.index(pipeline.versions))
        }
        return problems
    }

    static func checkLocation(_ location: SourceLocation, in bytes: [UInt8], file: String) -> [String] {
        let lines = bytes.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        guard location.file == file, (1...lines).contains(location.line), location.column >= 1 else {
            return ["finding outside the file (\(lines) lines): \(location)"]
        }
        return []
    }

    /// What must never be in a published page whatever the source said: a
    /// script, an event attribute, an embedded object or frame, or an address
    /// with a scheme that runs code or reads the reader's own files.
    public static func problems(inPage html: String) -> [String] {
        var problems: [String] = []
        let lower = html.lowercased()
        if lower.contains("<script") { problems.append("a <script> element") }
        if let match = lower.firstMatch(of: #/<[a-z][^>]*\son[a-z]+\s*=/#) {
            problems.append("an event attribute: \(match.output)")
        }
        if let match = lower.firstMatch(of: #/<(iframe|object|embed|form|input|math|base|meta\s+http-equiv="refresh")\b/#) {
            problems.append("an embedding element: \(match.output.0)")
        }
        for match in lower.matches(of: #/(href|src|action|xlink:href)\s*=\s*"([^"]*)"/#) {
            let value = String(match.output.2).unicodeScalars.filter { $0.value > 0x20 }.map(String.init).joined()
            for scheme in ["javascript:", "vbscript:", "data:", "file:"] where value.hasPrefix(scheme) {
                problems.append("an address with \(scheme): \(match.output.0)")
            }
        }
        return problems
    }
}
