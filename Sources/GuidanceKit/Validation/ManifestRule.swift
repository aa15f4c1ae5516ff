import Foundation

/// `manifest-conflict`: the manifest the build continues from contradicts
/// itself, the feed or the published text, so editions numbered from it
/// would be wrong ("Edition 5 ... First edition"). It is an error in `check`
/// and stops `build` before anything is written. Only what is sure is
/// judged: the manifest's own entries always; the feed and a version's text
/// file only when they are byte for byte what the manifest records of them
/// (a file changed by hand is `output-changed`, not evidence).
struct ManifestRule: Rule {
    func check(_ context: ValidationContext) -> [Finding] {
        guard let manifest = context.manifest, let folder = context.manifestFolder else { return [] }
        let recorded = manifest.files ?? [:]
        var problems = Self.inconsistencies(of: manifest)
        if let feed = Self.verified(OutputLayout.feed, in: folder, recorded: recorded) {
            problems += Self.disagreements(ofFeed: String(decoding: feed, as: UTF8.self), with: manifest)
        }
        problems += Self.disagreements(ofTexts: folder, with: manifest, recorded: recorded, editions: context.editions)
        guard !problems.isEmpty else { return [] }
        let file = OutputLayout.display(Manifest.fileName, output: folder, root: context.project.root)
        let fix = "it was changed by hand or damaged, and editions numbered from it would be wrong. Restore it with "
            + "`git checkout -- \(file)` (or find the last good one with `git log \(file)`), then build again"
        return problems.map { .error(.manifestConflict, at: SourceLocation(file: file, line: 1, column: 1), "\(file) \($0); \(fix)") }
    }

    /// The finding for an output folder whose manifest.json is not a
    /// manifest at all (see `Manifest.unreadable`).
    /// The folders are looked at in the order `Manifest.locate` reads them.
    static func unreadable(output: URL, root: URL) -> Finding? {
        var broken: (folder: URL, why: String)?
        for folder in [output, root.appendingPathComponent("Output")] {
            if Manifest.read(in: folder) != nil { return nil }
            if let why = Manifest.unreadable(in: folder) {
                broken = (folder, why)
                break
            }
        }
        guard let (folder, why) = broken else { return nil }
        let file = OutputLayout.display(Manifest.fileName, output: folder, root: root)
        return .error(.manifestConflict, at: SourceLocation(file: file, line: 1, column: 1),
            "\(file) \(why), so the editions it records cannot be continued; restore it with `git checkout -- \(file)` "
                + "(or find the last good one with `git log \(file)`), then build again")
    }

    /// The file's bytes when they are what the manifest records; else nil.
    static func verified(_ path: String, in folder: URL, recorded: [String: String]) -> Data? {
        guard let hash = recorded[path], let data = RegularFile.contents(atPath: folder.appendingPathComponent(path).path),
              SHA256.hex(of: data) == hash else { return nil }
        return data
    }

    /// Each version's entry against its own history: the current edition is
    /// the last one, editions run 1, 2, ..., n, and no date goes back.
    static func inconsistencies(of manifest: Manifest) -> [String] {
        var problems: [String] = []
        for key in manifest.versions.keys.sorted() {
            guard let entry = manifest.versions[key] else { continue }
            guard let last = entry.history.last else {
                problems.append("has no history of editions for \(key)")
                continue
            }
            if entry.edition != last.edition {
                problems.append("says \(key) is at edition \(entry.edition), but its history ends with edition \(last.edition)")
            } else if entry.date != last.date {
                problems.append("dates edition \(entry.edition) of \(key) \(entry.date), but its history dates it \(last.date)")
            }
            let numbers = entry.history.map(\.edition)
            if numbers != Array(1...numbers.count) {
                problems.append("lists the editions of \(key) as \(numbers.map(String.init).joined(separator: ", ")); "
                    + "they run 1, 2, 3, ... with none missing or repeated")
            }
            for (earlier, later) in zip(entry.history, entry.history.dropFirst()) where later.date < earlier.date {
                problems.append("dates edition \(later.edition) of \(key) \(later.date), earlier than edition \(earlier.edition) (\(earlier.date))")
            }
        }
        return problems
    }

    /// The feed against the manifest: every edition it lists is in the
    /// manifest's history. (It may list fewer: a build of some audiences
    /// raises editions but writes the feed only in a full build.)
    static func disagreements(ofFeed xml: String, with manifest: Manifest) -> [String] {
        var listed: [String: Set<Int>] = [:]
        for (key, edition) in feedEditions(xml) { listed[key, default: []].insert(edition) }
        var problems: [String] = []
        for key in listed.keys.sorted() {
            let feed = listed[key] ?? []
            guard let entry = manifest.versions[key] else {
                problems.append("has no entry for \(key), but feed.xml lists its editions \(numbers(feed))")
                continue
            }
            let history = Set(entry.history.map(\.edition))
            let extra = feed.subtracting(history)
            if !extra.isEmpty {
                problems.append("lists editions \(numbers(history)) of \(key), but feed.xml, as the last build wrote it, "
                    + "also lists \(extra.count == 1 ? "edition" : "editions") \(numbers(extra))")
            }
        }
        return problems
    }

    static func numbers(_ set: Set<Int>) -> String { set.sorted().map(String.init).joined(separator: ", ") }

    /// (`audience/slug`, edition) of every feed entry, from its id
    /// (`.../schools/x.html#edition-2`, see `Feed.id`).
    static func feedEditions(_ xml: String) -> [(String, Int)] {
        var found: [(String, Int)] = []
        for piece in xml.components(separatedBy: "<id>").dropFirst() {
            guard let end = piece.range(of: "</id>") else { continue }
            let id = piece[..<end.lowerBound]
            guard let mark = id.range(of: ".html#edition-", options: .backwards),
                  let edition = Int(id[mark.upperBound...]) else { continue }
            let path = id[..<mark.lowerBound].split(separator: "/").suffix(2)
            guard path.count == 2, let audience = path.first?.split(separator: ":").last, let slug = path.last else { continue }
            found.append(("\(audience)/\(slug)", edition))
        }
        return found
    }

    /// A version whose text has not changed since the manifest's edition
    /// (same `hash`) still shows that edition in its text file, as the
    /// last build wrote it.
    static func disagreements(ofTexts folder: URL, with manifest: Manifest, recorded: [String: String],
                              editions: Editions?) -> [String] {
        var problems: [String] = []
        for outcome in (editions?.outcomes ?? []).sorted(by: { $0.key < $1.key }) {
            // An entry at odds with its own history is named once, above.
            guard let entry = manifest.versions[outcome.key], entry.edition == entry.history.last?.edition,
                  !outcome.raised, outcome.entry.hash == entry.hash else { continue }
            let path = outcome.key + ".txt"
            guard let text = verified(path, in: folder, recorded: recorded),
                  let shown = publishedEdition(inText: String(decoding: text, as: UTF8.self)), shown != entry.edition else { continue }
            problems.append("says \(outcome.key) is at edition \(entry.edition) and its text has not changed since, "
                + "but \(path), as the last build wrote it, shows edition \(shown)")
        }
        return problems
    }

    /// The edition a text version states in its heading lines ("Edition 3, 7 December 2026").
    static func publishedEdition(inText text: String) -> Int? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { return nil }
            guard line.hasPrefix("Edition "), let comma = line.firstIndex(of: ",") else { continue }
            if let number = Int(line[line.index(line.startIndex, offsetBy: 8)..<comma]) { return number }
        }
        return nil
    }
}
