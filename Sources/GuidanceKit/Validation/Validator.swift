import Foundation

/// What every rule can look at.
struct ValidationContext: Sendable {
    var project: Project
    /// The resolved, selected versions (one per sheet and audience).
    var versions: [SheetVersion]
    var asOf: Day
    /// The registry as last published (`Output/contacts.json`), if any.
    var published: PublishedRegistry? = nil
    /// The editions as last published (`Output/manifest.json`), if any.
    var manifest: Manifest? = nil
    /// Each version's edition against it, when already worked out.
    var editions: Editions? = nil
    /// The folder that manifest is in, with the feed and pages it records.
    var manifestFolder: URL? = nil
}

/// A rule looks at the project and returns findings; it never prints.
protocol Rule: Sendable {
    func check(_ context: ValidationContext) -> [Finding]
}

/// The validate step: runs rules and gathers their findings.
struct Validator: Sendable {
    var rules: [any Rule]

    init(rules: [any Rule]) { self.rules = rules }

    /// The rules `guidance check --offline` and `guidance build` run.
    static let standard = Validator(rules: [PageLengthRule(), RegistryRule(), ReviewRule(), ChangedContactRule(), SheetTextRule(), LinkRule(),
                                            LanguageSheetRule(), RawHTMLRule(), ManifestRule(), OtherAreaRule(),
                                            UnpublishedAssetRule(), SkeletonTextRule()])

    func validate(_ context: ValidationContext) -> [Finding] {
        rules.concurrentMap { $0.check(context) }.flatMap { $0 }
    }

    /// `missing-change-note` is judged last, and only where it means something:
    /// a sheet with an error cannot be published (and an unresolved placeholder
    /// would look like changed text), and without a readable registry no text
    /// is what it will be. So it never cascades from another problem.
    static func changeNotes(_ context: ValidationContext, after findings: [Finding]) -> [Finding] {
        guard context.project.registry.isReadable else { return [] }
        let failing = Set(findings.filter { $0.severity == .error }.map(\.location.file))
        guard !failing.contains(ContactRegistry.path), !failing.contains(Configuration.path) else { return [] }
        var clean = context
        clean.versions = context.versions.filter { !failing.contains($0.sheet.path) }
        return ChangeNoteRule().check(clean)
    }
}
