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
    static let standard = Validator(rules: [PageLengthRule(), RegistryRule(), ChangedContactRule(), SheetTextRule(), LinkRule(), LanguageSheetRule(),
                                                         ChangeNoteRule()])

    func validate(_ context: ValidationContext) -> [Finding] {
        rules.concurrentMap { $0.check(context) }.flatMap { $0 }
    }
}
