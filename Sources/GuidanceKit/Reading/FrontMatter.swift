import Yams

/// The YAML block at the top of a sheet, between two `---` lines.
public struct FrontMatter: Sendable, Hashable {
    public var title: String
    /// The audiences this sheet has a version for, as written.
    public var audiences: [String]
    public var reviewed: Day
    public var nextReview: Day
    public var owner: String?
    /// Where each field was written, for findings.
    public var locations: [String: SourceLocation]

    static let keys = ["title", "audiences", "reviewed", "next-review", "owner"]

    /// Splits a sheet's text into its front matter and its body. The body keeps
    /// the file's line numbers: the front matter lines are blanked, not removed.
    static func split(_ text: String) -> (yaml: String, body: String, closed: Bool)? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func trimmed(_ line: Substring) -> Substring {
            var line = line
            while let last = line.last, last == "\r" || last == " " || last == "\t" { line = line.dropLast() }
            return line
        }
        guard let first = lines.first, trimmed(first) == "---" else { return nil }
        guard let end = lines.indices.dropFirst().first(where: { trimmed(lines[$0]) == "---" || trimmed(lines[$0]) == "..." })
        else { return ("", text, false) }
        let yaml = lines[1..<end].joined(separator: "\n")
        for index in 0...end { lines[index] = "" }
        return (yaml, lines.joined(separator: "\n"), true)
    }

    /// Reads the fields; nil (with findings) when a required one is missing or bad.
    static func read(_ yamlText: String, file: String, partnershipDefault: String?) -> (FrontMatter?, [Finding]) {
        var yaml = YAMLReader(file: file, lineOffset: 1, rule: .frontMatter)
        guard let root = yaml.compose(yamlText) else {
            if yaml.findings.isEmpty {
                yaml.error("the front matter is empty; it needs title, audiences, reviewed and next-review", at: nil)
            }
            return (nil, yaml.findings)
        }
        guard let entries = yaml.mapping(root, what: "the front matter") else { return (nil, yaml.findings) }
        var title: String?, audiences: [String]?, reviewed: Day?, nextReview: Day?, owner: String?
        var locations: [String: SourceLocation] = [:]
        for (key, keyNode, value) in entries {
            locations[key] = yaml.location(value)
            switch key {
            case "title": title = yaml.string(value, what: "title")
            case "owner": owner = yaml.string(value, what: "owner")
            case "reviewed": reviewed = yaml.day(value, what: "reviewed")
            case "next-review": nextReview = yaml.day(value, what: "next-review")
            case "audiences":
                let list = yaml.strings(value, what: "audiences") ?? []
                audiences = list.map(\.0)
                for (id, node) in list { locations["audience:\(id)"] = yaml.location(node) }
                if list.isEmpty { yaml.error("audiences is empty; name at least one, e.g. [schools, agencies]", at: value) }
            default:
                yaml.unknownKey(key, at: keyNode, known: keys, in: "the front matter")
            }
        }
        for key in ["title", "audiences", "reviewed", "next-review"] where locations[key] == nil {
            let example = ["title": "title: Responding to indecent images of children",
                           "audiences": "audiences: [schools, agencies]",
                           "reviewed": "reviewed: 2026-11-01",
                           "next-review": "next-review: 2027-05-01"][key] ?? key
            yaml.error("the front matter has no '\(key)'; add a line such as '\(example)'", at: root)
        }
        if let reviewed, let nextReview, nextReview <= reviewed {
            yaml.error("next-review (\(nextReview)) must come after reviewed (\(reviewed))",
                       at: locations["next-review"] ?? yaml.location(root))
        }
        guard let title, let audiences, !audiences.isEmpty, let reviewed, let nextReview,
              !yaml.findings.hasErrors else { return (nil, yaml.findings) }
        return (FrontMatter(title: title, audiences: audiences, reviewed: reviewed, nextReview: nextReview,
                            owner: owner ?? partnershipDefault, locations: locations), yaml.findings)
    }
}
