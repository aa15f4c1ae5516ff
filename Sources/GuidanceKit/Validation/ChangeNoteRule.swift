/// `missing-change-note`: a version's published text differs from its last
/// edition, so the next build raises its edition, but nothing says what
/// changed: no new `changes:` entry in the front matter and no changed
/// contact detail to name.
struct ChangeNoteRule: Rule {
    init() {}

    func check(_ context: ValidationContext) -> [Finding] {
        // The editions as Number worked them out against the last manifest.
        guard context.manifest != nil, let editions = context.editions else { return [] }
        // Outcomes by version, never by position: the versions judged here may
        // be fewer than those the editions were worked out for (a sheet with an
        // error is left out), and a zip would then put one sheet's finding on
        // the next (issue 25, item 5).
        let outcomes = Dictionary(editions.outcomes.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var findings: [Finding] = []
        for version in context.versions {
            guard let outcome = outcomes[OutputLayout.base(version)], outcome.missingNote else { continue }
            let meta = version.sheet.frontMatter
            let location = meta.locations["changes"] ?? meta.locations["title"]
                ?? SourceLocation(file: version.sheet.path, line: 1, column: 1)
            let previous = outcome.entry.edition - 1
            let why = meta.changes == nil ? "there is no 'changes:' entry" : "its 'changes:' entry is the one edition \(previous) already has"
            findings.append(Finding(.warning, .missingChangeNote, at: location,
                "the \(version.audience.id) version's text changed since edition \(previous), so it becomes edition "
                    + "\(outcome.entry.edition), but \(why); say what changed in the front matter, e.g. "
                    + "'changes: The out-of-hours number is now on the sheet.'"))
        }
        return findings
    }
}
