import Foundation

/// `guidance due`: the office's planning view. What falls due in the next N
/// days, and what is already overdue: every sheet's `next-review`, and every
/// contact's next check (`verified` plus its review period). Reads the
/// sources only; writes nothing.
package enum Due {
    package struct Item: Sendable, Hashable, Codable {
        package enum Kind: String, Sendable, Codable { case sheet, contact }
        package var kind: Kind
        /// The sheet's slug or the contact's id.
        package var id: String
        /// The sheet's title or the contact's name.
        package var name: String
        /// The day it falls due (YYYY-MM-DD).
        package var due: String
        /// Days from the as-of day until then; negative when overdue.
        package var days: Int
        /// What to do.
        package var action: String
        /// Where the date is written: the file and line to edit.
        package var file: String
        package var line: Int
    }

    package struct Result: Sendable {
        package var asOf: Day
        package var days: Int
        /// Soonest first (the overdue before them).
        package var items: [Item]
        /// Problems that stopped a sheet or contact being read (its dates unknown).
        package var findings: [Finding]
    }

    package static func run(root: URL, asOf: Day, days: Int) throws(ToolError) -> Result {
        let read = try Read(root: root).run()
        var items: [Item] = []
        if let project = read.project {
            for sheet in project.sheets where !sheet.frontMatter.broken.contains("next-review") {
                let meta = sheet.frontMatter
                let location = meta.locations["next-review"] ?? SourceLocation(file: sheet.path, line: 1, column: 1)
                items.append(Item(kind: .sheet, id: sheet.slug, name: meta.title, due: meta.nextReview.description,
                                  days: asOf.days(until: meta.nextReview),
                                  action: "review the sheet; then set reviewed: and next-review:",
                                  file: location.file, line: location.line))
            }
            for contact in project.registry.contacts {
                let location = contact.locations["verified"] ?? contact.location
                let how = contact.phone != nil ? "ring it" : "check its details"
                items.append(Item(kind: .contact, id: contact.id, name: contact.name, due: contact.dueForReview.description,
                                  days: asOf.days(until: contact.dueForReview),
                                  action: "\(how) (last verified \(contact.verified), every \(contact.reviewEvery) days); then set verified:",
                                  file: location.file, line: location.line))
            }
        }
        items = items.filter { $0.days <= days }.sorted { ($0.days, $0.kind.rawValue, $0.id) < ($1.days, $1.kind.rawValue, $1.id) }
        let unreadable = read.findings.filter { $0.severity == .error }
        return Result(asOf: asOf, days: days, items: items, findings: unreadable)
    }

    /// The plan as text: one line an item, overdue first, then a summary.
    package static func text(_ result: Result) -> String {
        var out = ""
        for item in result.items {
            let when = item.days < 0 ? "OVERDUE since \(item.due) (\(ReviewRule.days(-item.days)))"
                : item.days == 0 ? "due today, \(item.due)" : "due \(item.due) (in \(ReviewRule.days(item.days)))"
            out += "\(item.file):\(item.line): \(item.kind.rawValue) \(item.id) (\(item.name)): \(when): \(item.action)\n"
        }
        let overdue = result.items.filter { $0.days < 0 }.count
        if result.items.isEmpty {
            out += "Nothing falls due in the next \(result.days) days (as of \(result.asOf)).\n"
        } else {
            out += "\(result.items.count) due in the next \(result.days) days (as of \(result.asOf))"
                + (overdue > 0 ? ", \(overdue) already overdue" : "") + ".\n"
        }
        if !result.findings.isEmpty {
            out += "Some dates could not be read; `guidance check` says why (\(result.findings.count) errors).\n"
        }
        return out
    }

    /// The plan as one JSON object: `version`, `asOf`, `days`, `items`.
    package static func json(_ result: Result) -> String {
        struct Document: Encodable {
            var version = 1
            var asOf: String
            var days: Int
            var items: [Item]
            var unreadable: Int
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let document = Document(asOf: result.asOf.description, days: result.days, items: result.items,
                                unreadable: result.findings.count)
        return String(decoding: (try? encoder.encode(document)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
