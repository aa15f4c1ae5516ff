/// What every rule can look at.
public struct ValidationContext: Sendable {
    public var project: Project
    /// The resolved, selected versions (one per sheet and audience).
    public var versions: [SheetVersion]
    public var asOf: Day
    /// The registry as last published (`Output/contacts.json`), if any.
    public var published: PublishedRegistry? = nil
    /// The editions as last published (`Output/manifest.json`), if any.
    public var manifest: Manifest? = nil
}

/// A rule looks at the project and returns findings; it never prints.
public protocol Rule: Sendable {
    func check(_ context: ValidationContext) -> [Finding]
}

/// The validate step: runs rules and gathers their findings.
public struct Validator: Sendable {
    public var rules: [any Rule]

    public init(rules: [any Rule]) { self.rules = rules }

    /// The rules `guidance check --offline` and `guidance build` run.
    public static let standard = Validator(rules: [RegistryRule(), ChangedContactRule(), SheetTextRule(), LinkRule(), LanguageSheetRule(),
                                                         ChangeNoteRule()])

    public func validate(_ context: ValidationContext) -> [Finding] {
        rules.concurrentMap { $0.check(context) }.flatMap { $0 }
    }
}
