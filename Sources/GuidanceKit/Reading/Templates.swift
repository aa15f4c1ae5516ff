import Foundation
import Mustache

/// The page templates the office may edit, in `Guidance/templates/`:
/// `sheet.mustache` (one sheet), `index.mustache` (the download page), and
/// `sheet.css` (inlined into both, so every page is one self-contained file).
package struct Templates: Sendable {
    static let folder = "Guidance/templates"
    static let files = ["sheet.mustache", "index.mustache", "sheet.css"]

    let sheet: MustacheTemplate
    let index: MustacheTemplate
    let css: String
    /// The texts as read, by file name (`unpublished-asset` reads them).
    var sources: [String: String] = [:]

    package static func read(root: URL) -> (Templates?, [Finding]) {
        var findings: [Finding] = []
        var texts: [String: String] = [:]
        let folder = root.appendingPathComponent(folder)
        for name in files {
            let path = "\(Self.folder)/\(name)"
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                findings.append(.error(.config, at: SourceLocation(file: path, line: 1, column: 1),
                    "the page template \(path) is missing; restore it from the repository (git checkout -- \(path))"))
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
        return (templates, findings + parseFindings)
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
