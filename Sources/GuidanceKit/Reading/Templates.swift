import Foundation
import Mustache

/// The page templates: `sheet.mustache` (one sheet), `index.mustache` (the
/// download page), and `sheet.css` (inlined into both, so every page is one
/// self-contained file). The tool carries its own (GuidanceKit's resources,
/// `Resources/templates/`), so a project needs none; a file of the same name
/// in `Guidance/templates/` overrides that one template, and only that one.
package struct Templates: Sendable {
    static let folder = "Guidance/templates"
    package static let files = ["sheet.mustache", "index.mustache", "sheet.css"]

    let sheet: MustacheTemplate
    let index: MustacheTemplate
    let css: String
    /// The texts as read, by file name (`unpublished-asset` reads them).
    var sources: [String: String] = [:]

    /// The tool's own template named `name`, or nil when the installation
    /// lost it (a bug in the build or the package, never the office's doing).
    package static func defaultText(_ name: String) -> String? { defaults[name] }

    private static let defaults: [String: String] = {
        guard let folder = Bundle.module.url(forResource: "templates", withExtension: nil) else { return [:] }
        var texts: [String: String] = [:]
        for name in files {
            if let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) { texts[name] = text }
        }
        return texts
    }()

    package static func read(root: URL) -> (Templates?, [Finding]) {
        var findings: [Finding] = []
        var texts: [String: String] = [:]
        let folder = root.appendingPathComponent(folder)
        for name in files {
            let path = "\(Self.folder)/\(name)"
            let url = folder.appendingPathComponent(name)
            // Anything by that name overrides, even a dangling link or a
            // folder (attributes do not follow links): SourceFile names what
            // is wrong with it, rather than the default taking its place unseen.
            guard (try? FileManager.default.attributesOfItem(atPath: url.path)) != nil else {
                if let text = defaultText(name) {
                    texts[name] = text
                } else {
                    findings.append(.error(.config, at: SourceLocation(file: path, line: 1, column: 1),
                        "the tool's own \(name) is missing from its installation, and \(path) does not replace it; "
                            + "reinstall guidance, or write \(path) (guidance init --templates writes copies to edit)"))
                }
                continue
            }
            // Within Guidance/, not within wherever templates/ leads: a
            // templates folder linked from outside is refused like a sheet.
            switch SourceFile.read(url, path: path, within: root.appendingPathComponent("Guidance")) {
            case .success(let text): texts[name] = text
            case .failure(let finding): findings.append(finding)
            }
        }
        let (templates, parseFindings) = parse(texts)
        return (templates, findings + misspelt(in: folder) + parseFindings)
    }

    /// A warning for each file in `Guidance/templates/` named like a template
    /// but not one (`sheet.ccs`, Notepad's `sheet.css.txt`): the tool would
    /// use its own instead and the office's edit would be lost unseen. Files
    /// named like no template (notes, pictures) are left alone.
    static func misspelt(in folder: URL) -> [Finding] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var findings: [Finding] = []
        for name in names.sorted() where !name.hasPrefix(".") && !files.contains(name) {
            guard let meant = files.first(where: { name.hasPrefix($0 + ".") }) ?? Suggest.closest(to: name, among: files) else { continue }
            let path = "\(Self.folder)/\(name)"
            findings.append(.warning(.unknownFile, at: SourceLocation(file: path, line: 1, column: 1),
                "\(path) is not a template the tool reads, so its own \(meant) is used; did you mean \(meant)? "
                    + "Rename it to \(meant) to use it, or move it out of \(Self.folder)/",
                suggestion: meant))
        }
        return findings
    }

    /// Parses the templates from their texts, by file name.
    static func parse(_ texts: [String: String]) -> (Templates?, [Finding]) {
        var findings: [Finding] = []
        func template(_ name: String) -> MustacheTemplate? {
            guard let text = texts[name] else { return nil }
            if let deep = tooDeep(text) {
                findings.append(.error(.config, at: SourceLocation(file: "\(Self.folder)/\(name)", line: deep.line, column: deep.column),
                    "sections are nested more than \(maximumNesting) deep here, far more than any page needs (and more than "
                        + "the template reader can follow); close the sections you opened with {{/section}}, or nest fewer"))
                return nil
            }
            do {
                return try MustacheTemplate(string: text)
            } catch let error as MustacheTemplate.ParserError {
                findings.append(.error(.config, at: SourceLocation(file: "\(Self.folder)/\(name)",
                    line: error.context.lineNumber, column: error.context.columnNumber + 1),
                    "the template cannot be read (\(error.error)); check that every {{#section}} has a matching {{/section}}"))
            } catch {
                findings.append(.error(.config, at: SourceLocation(file: "\(Self.folder)/\(name)", line: 1, column: 1),
                    "the template cannot be read: \(error)"))
            }
            return nil
        }
        let sheet = template("sheet.mustache"), index = template("index.mustache")
        guard let sheet, let index, let css = texts["sheet.css"] else { return (nil, findings) }
        return (Templates(sheet: sheet, index: index, css: css, sources: texts), findings)
    }
}
