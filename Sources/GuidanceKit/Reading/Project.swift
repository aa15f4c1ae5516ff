import Foundation

/// The read step: everything under `Guidance/`, read and parsed.
package struct Project: Sendable {
    package var root: URL
    package var configuration: Configuration
    package var registry: ContactRegistry
    package var sheets: [Sheet]
    /// Sheets with a `withdrawn:` block: never checked or published again;
    /// their old addresses get a page saying when, why and where to go.
    package var withdrawn: [Sheet]
    package var templates: Templates

    package init(root: URL, configuration: Configuration, registry: ContactRegistry, sheets: [Sheet], withdrawn: [Sheet] = [],
                 templates: Templates) {
        self.root = root
        self.configuration = configuration
        self.registry = registry
        self.sheets = sheets
        self.withdrawn = withdrawn
        self.templates = templates
    }

    /// Reads the project. Findings describe every problem with the sources;
    /// the project is nil when they leave nothing to build from.
    static func read(root: URL, cache: SheetCache? = nil) throws(ToolError) -> (Project?, [Finding], sourceCount: Int) {
        let guidance = root.appendingPathComponent("Guidance")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: guidance.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ToolError("no Guidance/ folder in \(root.path); run guidance from the project root or pass --root DIR")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: guidance.path).sorted()
        } catch {
            throw ToolError("cannot list \(guidance.path): \(error.localizedDescription)")
        }
        var findings: [Finding] = []

        func text(_ name: String) -> String? {
            switch SourceFile.read(guidance.appendingPathComponent(name), path: "Guidance/\(name)", within: guidance) {
            case .success(let text): return text
            case .failure(let finding): findings.append(finding); return nil
            }
        }

        var configurationText: String?
        if names.contains("guidance.yaml") {
            configurationText = text("guidance.yaml")
        } else {
            findings.append(.error(.config, at: SourceLocation(file: Configuration.path, line: 1, column: 1),
                "\(Configuration.path) is missing; it names the partnership and its audiences"))
        }
        var registryText: String?
        if names.contains("contacts.yaml") {
            registryText = text("contacts.yaml")
        } else {
            findings.append(.error(.config, at: SourceLocation(file: ContactRegistry.path, line: 1, column: 1),
                "\(ContactRegistry.path) is missing; it holds every contact the sheets use"))
        }
        let (templates, templateFindings) = Templates.read(root: root)
        findings += templateFindings

        let markdown = names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
        var sheetTexts: [(name: String, text: String)] = []
        for name in markdown {
            if let source = text(name) { sheetTexts.append((name, source)) }
        }
        if markdown.isEmpty {
            findings.append(.error(.frontMatter, at: .noFile,
                "there are no sheets (Guidance/*.md) to build"))
        }
        let (project, parseFindings) = parse(root: root, cache: cache, configuration: configurationText, registry: registryText,
                                             sheets: sheetTexts, templates: templates)
        // The logo (theme: logo:) is read, so it is no stray file. Without a
        // project its name is not known: an image is then not called stray
        // beside the error that stopped the reading (likely the theme's own).
        let logo = project?.configuration.theme.logoFile
        let images = [".png", ".jpg", ".jpeg", ".svg"]
        findings += strayFiles(names.filter { name in
            project == nil ? !images.contains { name.lowercased().hasSuffix($0) } : name != logo
        }, in: guidance)
        return (project, findings + parseFindings, markdown.count + 2)
    }

    /// A name made a valid sheet name, so a suggestion is never itself refused.
    static func slug(_ name: String) -> String { Identifier.slug(name, otherwise: "new-sheet") }

    /// A warning for each file in `Guidance/` that nothing reads, so a sheet
    /// renamed by mistake (`x.md.txt`) is never dropped silently.
    static func strayFiles(_ names: [String], in guidance: URL) -> [Finding] {
        let known = Set([Configuration.path, ContactRegistry.path, Templates.folder].map { String($0.dropFirst("Guidance/".count)) })
        var findings: [Finding] = []
        for name in names where !name.hasPrefix(".") && !name.hasSuffix(".md") && !known.contains(name) {
            let guess: String
            if let markdown = name.range(of: ".md", options: .caseInsensitive) {
                guess = slug(String(name[..<markdown.lowerBound])) + ".md"
            } else if let yaml = Suggest.closest(to: name, among: known.sorted()) {
                guess = yaml
            } else {
                guess = slug(String(name.prefix { $0 != "." })) + ".md"
            }
            findings.append(.warning(.unknownFile, at: SourceLocation(file: "Guidance/\(name)", line: 1, column: 1),
                "Guidance/\(name) is not a sheet, the registry, the configuration or a template, so nothing reads it; "
                    + "did you mean \(guess)? Rename it, or move it out of Guidance/",
                suggestion: guess))
        }
        return findings
    }

    /// Parses sources already in memory: `guidance.yaml`, `contacts.yaml` and
    /// the sheets by file name. A nil text is one that could not be read (its
    /// finding is the caller's); the project is nil without a configuration
    /// or templates.
    package static func parse(root: URL, cache: SheetCache? = nil, configuration configurationText: String?,
                      registry registryText: String?, sheets sheetTexts: [(name: String, text: String)],
                      templates: Templates?) -> (Project?, [Finding]) {
        var findings: [Finding] = []
        var configuration: Configuration?
        if let configurationText {
            let (config, found) = Configuration.read(configurationText)
            configuration = config
            findings += found
            findings += configuration?.theme.loadLogo(from: root.appendingPathComponent("Guidance")) ?? []
        }
        var registry = ContactRegistry(contacts: [])
        registry.isReadable = false
        if let registryText {
            let (read, found) = ContactRegistry.read(registryText)
            registry = read
            findings += found
        }
        if !registry.isReadable {
            findings.append(Finding(.note, .unknownContact, at: SourceLocation(file: ContactRegistry.path, line: 1, column: 1),
                "placeholders ({{contact.field}}) were not checked, because \(ContactRegistry.path) could not be read; fix it first"))
        }
        var sheets: [Sheet] = [], withdrawn: [Sheet] = []
        let partnership = configuration?.partnership
        let read = sheetTexts.map { SheetSource(name: $0.name, text: $0.text) }.concurrentMap { source in
            let parse = {
                Sheet.read(text: source.text, slug: String(source.name.dropLast(3)), path: "Guidance/\(source.name)",
                           partnership: partnership)
            }
            return cache?.sheet(name: source.name, text: source.text, partnership: partnership, parse: parse) ?? parse()
        }
        cache?.forgetUnused()
        for (sheet, found) in read {
            findings += found
            guard let sheet else { continue }
            if sheet.frontMatter.isWithdrawn { withdrawn.append(sheet) } else { sheets.append(sheet) }
        }
        guard let configuration, let templates else { return (nil, findings) }
        return (Project(root: root, configuration: configuration, registry: registry, sheets: sheets, withdrawn: withdrawn,
                        templates: templates), findings)
    }
}

private struct SheetSource: Sendable {
    var name: String
    var text: String
}
