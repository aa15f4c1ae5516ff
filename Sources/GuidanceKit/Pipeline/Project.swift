import Foundation

/// A failure that stops the tool from running at all (exit 2): no project
/// at the root, an output folder that cannot be written.
public struct ToolError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The read step: everything under `Guidance/`, read and parsed.
public struct Project: Sendable {
    public var root: URL
    public var configuration: Configuration
    public var registry: ContactRegistry
    public var sheets: [Sheet]
    public var templates: Templates

    /// Reads the project. Findings describe every problem with the sources;
    /// the project is nil when they leave nothing to build from.
    public static func read(root: URL) throws(ToolError) -> (Project?, [Finding], sourceCount: Int) {
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

        var configuration: Configuration?
        if names.contains("guidance.yaml") {
            if let source = text("guidance.yaml") {
                let (config, found) = Configuration.read(source)
                configuration = config
                findings += found
            }
        } else {
            findings.append(.error(.config, at: SourceLocation(file: Configuration.path, line: 1, column: 1),
                "\(Configuration.path) is missing; it names the partnership and its audiences"))
        }

        var registry = ContactRegistry(contacts: [])
        if names.contains("contacts.yaml") {
            if let source = text("contacts.yaml") {
                let (read, found) = ContactRegistry.read(source)
                registry = read
                findings += found
            }
        } else {
            findings.append(.error(.config, at: SourceLocation(file: ContactRegistry.path, line: 1, column: 1),
                "\(ContactRegistry.path) is missing; it holds every contact the sheets use"))
        }

        let (templates, templateFindings) = Templates.read(root: root)
        findings += templateFindings

        var sheets: [Sheet] = []
        let markdown = names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
        for name in markdown {
            let path = "Guidance/\(name)"
            guard let source = text(name) else { continue }
            let (sheet, found) = Sheet.read(text: source, slug: String(name.dropLast(3)), path: path,
                                            partnership: configuration?.partnership)
            findings += found
            if let sheet { sheets.append(sheet) }
        }
        if markdown.isEmpty {
            findings.append(.error(.frontMatter, at: SourceLocation(file: "Guidance", line: 1, column: 1),
                "there are no sheets (Guidance/*.md) to build"))
        }
        let count = markdown.count + 2
        guard let configuration, let templates else { return (nil, findings, count) }
        return (Project(root: root, configuration: configuration, registry: registry, sheets: sheets,
                        templates: templates), findings, count)
    }
}
