/// A sheet's `next-review` is watched as a contact's `verified` is: a warning
/// in the 30 days before it falls due, an error once it has passed (so an
/// overdue sheet is not published again until someone has reviewed it).
struct ReviewRule: Rule {
    /// Days before a sheet falls due in which a warning is given.
    static let warningDays = RegistryRule.warningDays

    init() {}

    func check(_ context: ValidationContext) -> [Finding] {
        context.project.sheets.compactMap { sheet in
            let meta = sheet.frontMatter
            guard !meta.broken.contains("next-review") else { return nil }
            let location = meta.locations["next-review"] ?? SourceLocation(file: sheet.path, line: 1, column: 1)
            return Self.finding(due: meta.nextReview, asOf: context.asOf, at: location)
        }
    }

    /// "1 day", "3 days".
    static func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }

    static func finding(due: Day, asOf: Day, at location: SourceLocation) -> Finding? {
        let days = asOf.days(until: due)
        if days < 0 {
            return .error(.reviewDue, at: location,
                "this sheet was due for review on \(due) (\(Self.days(-days)) ago) and cannot be published until it is reviewed; "
                    + "read it against current guidance with your safeguarding lead, correct what changed, then set reviewed: "
                    + "to the day you did and next-review: to the next date. Whoever changes an overdue sheet, even urgently, "
                    + "reviews the whole sheet first")
        }
        if days <= warningDays {
            return .warning(.reviewDue, at: location,
                "this sheet is due for review on \(due) (in \(Self.days(days))); plan its review (guidance due lists what falls due)")
        }
        return nil
    }
}
