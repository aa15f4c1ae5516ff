/// The number stage's work: each version's edition against the last
/// manifest, raised exactly when its published text changed. It comes after
/// Rendering/ because it hashes each version's text as the text version
/// prints it (`SheetRenderer.editionText`); the record it fills in
/// (`Manifest`, `Editions`) is in `Audiences/Editions.swift`, where the rules
/// and the renderers read it.
extension Editions {
    init(versions: [SheetVersion], previous: Manifest?, renderer: SheetRenderer,
                published: PublishedRegistry?, registry: ContactRegistry, withdrawn: [WithdrawnVersion] = []) {
        var manifest = previous ?? Manifest()
        let contactChanges = published?.changes(to: registry) ?? []
        let hashes = versions.concurrentMap { Self.hash(renderer.editionText($0)) }
        var outcomes: [Outcome] = []
        for (version, hash) in zip(versions, hashes) {
            let key = OutputLayout.base(version)
            let date = Self.date(of: version)
            guard let before = previous?.versions[key] else {
                let first = Manifest.Edition(edition: 1, date: date.description, notes: [],
                                             changesEntry: version.sheet.frontMatter.changes)
                let entry = Manifest.Entry(edition: 1, date: first.date, hash: hash, history: [first])
                outcomes.append(Outcome(key: key, entry: entry, raised: false, missingNote: false))
                manifest.versions[key] = entry
                continue
            }
            guard before.hash != hash else {
                // A withdrawn sheet brought back as it was continues its edition.
                var entry = before
                entry.withdrawn = nil
                outcomes.append(Outcome(key: key, entry: entry, raised: false, missingNote: false))
                manifest.versions[key] = entry
                continue
            }
            var notes: [String] = []
            let words = version.sheet.frontMatter.changes
            if let words, words != before.current.changesEntry { notes.append(words) }
            let shown = Set(version.contacts.map(\.id))
            let contactNotes = contactChanges.filter { shown.contains($0.contact) }.map { change in
                Self.note(for: change, name: registry.contact(change.contact)?.name ?? change.contact)
            }
            let missingNote = notes.isEmpty && contactNotes.isEmpty
            notes += contactNotes
            // Never earlier than the edition it follows.
            let newDate = max(date.description, before.date)
            let edition = Manifest.Edition(edition: before.edition + 1, date: newDate, notes: notes, changesEntry: words)
            let entry = Manifest.Entry(edition: edition.edition, date: newDate, hash: hash, history: before.history + [edition])
            outcomes.append(Outcome(key: key, entry: entry, raised: true, missingNote: missingNote))
            manifest.versions[key] = entry
        }
        for version in withdrawn { manifest.versions[version.key]?.withdrawn = version.record }
        self.outcomes = outcomes
        self.manifest = manifest
    }

    /// "Harrow Children's Access Team (MASH): phone number changed to 020 8901 2609."
    static func note(for change: PublishedRegistry.Change, name: String) -> String {
        let field = ["phone": "phone number", "email": "e-mail address", "url": "web address"][change.field] ?? change.field
        guard let new = change.new else { return "\(name): \(field) removed." }
        return "\(name): \(field) changed to \(new)."
    }
}
