import Yams

/// The YAML block at the top of a sheet, between two `---` lines.
struct FrontMatter: Sendable, Hashable {
    var title: String
    /// The audiences this sheet has a version for, as written.
    var audiences: [String]
    var reviewed: Day
    var nextReview: Day
    var owner: String?
    /// The author's words for the new edition (`changes:`): what changed since
    /// the last one. Kept until the next change replaces it.
    var changes: String? = nil
    /// Who signed the sheet off (`approved-by:`), printed beside the review date.
    var approvedBy: String? = nil
    /// Set when the sheet is withdrawn (`withdrawn:`): it is no longer
    /// published, and its old addresses say when, why and where to go instead.
    var withdrawn: Withdrawal? = nil
    /// Where each field was written, for findings.
    var locations: [String: SourceLocation]
    /// Fields that are missing or could not be read (each has its finding).
    /// The sheet's body is still checked; only what depends on these is skipped.
    var broken: Set<String> = []

    /// Whether the sheet carries a `withdrawn:` block (read or not).
    var isWithdrawn: Bool { locations["withdrawn"] != nil }

    /// Whether every field could be read, so the sheet can be built.
    var isComplete: Bool { broken.isEmpty }

    static let keys = ["title", "audiences", "reviewed", "next-review", "owner", "changes", "approved-by", "withdrawn"]

    /// A sheet taken out of use on purpose:
    ///
    ///     withdrawn:
    ///       date: 2026-12-07
    ///       reason: Its advice is now part of "When a child tells you".
    ///       instead: when-a-child-tells-you   # optional: another sheet
    struct Withdrawal: Sendable, Hashable {
        var date: Day
        var reason: String
        /// The sheet (its file name without `.md`) readers should use instead.
        var instead: String?

        static let keys = ["date", "reason", "instead"]
        static let example = "withdrawn:\n  date: 2026-12-07\n  reason: Replaced by the sheet on ...\n  instead: other-sheet"
    }

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

    /// Reads the fields. A field that is missing or bad has its finding and is
    /// listed in `broken`, with a stand-in value, so that the body can still
    /// be checked in the same run.
    static func read(_ yamlText: String, file: String, partnershipDefault: String?, slug: String) -> (FrontMatter, [Finding]) {
        var yaml = YAMLReader(file: file, lineOffset: 1, rule: .frontMatter)
        let standIn = Day(iso: "2000-01-01")!
        let unreadable = FrontMatter(title: slug, audiences: [], reviewed: standIn, nextReview: standIn,
                                     owner: partnershipDefault, locations: [:], broken: Set(["title", "audiences", "reviewed", "next-review"]))
        guard let root = yaml.compose(yamlText) else {
            if yaml.findings.isEmpty {
                yaml.error("the front matter is empty; it needs title, audiences, reviewed and next-review", at: nil)
            }
            return (unreadable, yaml.findings)
        }
        guard let entries = yaml.mapping(root, what: "the front matter") else { return (unreadable, yaml.findings) }
        var title: String?, audiences: [String]?, reviewed: Day?, nextReview: Day?, owner: String?
        var changes: String?, approvedBy: String?, withdrawn: Withdrawal?
        var locations: [String: SourceLocation] = [:]
        var broken = Set<String>()
        for (key, keyNode, value) in entries {
            locations[key] = yaml.location(value)
            let before = yaml.findings.count
            switch key {
            case "title": title = yaml.string(value, what: "title")
            case "owner": owner = yaml.string(value, what: "owner")
            case "changes": changes = yaml.string(value, what: "changes")
            case "approved-by": approvedBy = yaml.string(value, what: "approved-by")
            case "withdrawn": withdrawn = Self.withdrawal(value, yaml: &yaml)
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
            if yaml.findings[before...].contains(where: { $0.severity == .error }), keys.contains(key) { broken.insert(key) }
        }
        // A withdrawn sheet is not published again: it needs only its title
        // (for the page left at its old address) and the withdrawal itself.
        let required = locations["withdrawn"] != nil ? ["title"] : ["title", "audiences", "reviewed", "next-review"]
        for key in required where locations[key] == nil {
            let example = ["title": "title: Responding to indecent images of children",
                           "audiences": "audiences: [schools, agencies]",
                           "reviewed": "reviewed: 2026-11-01",
                           "next-review": "next-review: 2027-05-01"][key] ?? key
            yaml.error("the front matter has no '\(key)'; add a line such as '\(example)'", at: root)
            broken.insert(key)
        }
        if title == nil { broken.insert("title") }
        if locations["withdrawn"] != nil {
            if withdrawn == nil { broken.insert("withdrawn") }
        } else {
            if audiences?.isEmpty ?? true { broken.insert("audiences") }
            if reviewed == nil { broken.insert("reviewed") }
            if nextReview == nil { broken.insert("next-review") }
        }
        if let reviewed, let nextReview, nextReview <= reviewed {
            yaml.error("next-review (\(nextReview)) must come after reviewed (\(reviewed))",
                       at: locations["next-review"] ?? yaml.location(root))
            broken.insert("next-review")
        }
        if yaml.findings.hasErrors && broken.isEmpty { broken.insert("front matter") }
        return (FrontMatter(title: title ?? slug, audiences: broken.contains("audiences") ? [] : audiences ?? [],
                            reviewed: reviewed ?? standIn, nextReview: nextReview ?? standIn,
                            owner: owner ?? partnershipDefault, changes: changes.flatMap(Self.nonBlank),
                            approvedBy: approvedBy.flatMap(Self.nonBlank), withdrawn: withdrawn, locations: locations,
                            broken: broken), yaml.findings)
    }

    /// The `withdrawn:` block: a date and a reason, and optionally the sheet
    /// to use instead; nil (with its finding) when either is missing or bad.
    private static func withdrawal(_ node: Node, yaml: inout YAMLReader) -> Withdrawal? {
        guard let entries = yaml.mapping(node, what: "withdrawn") else { return nil }
        var date: Day?, reason: String?, instead: String?
        for (key, keyNode, value) in entries {
            switch key {
            case "date": date = yaml.day(value, what: "withdrawn: date")
            case "reason": reason = yaml.string(value, what: "withdrawn: reason").flatMap(nonBlank)
            case "instead": instead = yaml.string(value, what: "withdrawn: instead").flatMap(nonBlank)
            default: yaml.unknownKey(key, at: keyNode, known: Withdrawal.keys, in: "withdrawn")
            }
        }
        if entries.first(where: { $0.key == "date" }) == nil {
            yaml.error("withdrawn: needs the day the sheet was withdrawn, e.g. 'date: 2026-12-07'", at: node)
        }
        if entries.first(where: { $0.key == "reason" }) == nil {
            yaml.error("withdrawn: needs a reason, in words a reader of the old sheet understands, e.g. "
                + "'reason: Its advice is now part of \"When a child tells you\".' (it is shown at the sheet's old address)", at: node)
        }
        guard let date, let reason else { return nil }
        return Withdrawal(date: date, reason: reason, instead: instead)
    }

    /// Text with its spaces and line breaks tidied; nil when nothing is left.
    static func nonBlank(_ text: String) -> String? {
        let words = text.split(whereSeparator: \.isWhitespace)
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
