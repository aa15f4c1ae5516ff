/// The lines `guidance new` writes in place of the guidance, one place for
/// both the writer and the `skeleton-text` rule, which names any left in a
/// sheet: a forgotten skeleton would otherwise print "The first thing to
/// do." on a sheet schools keep.
enum Skeleton {
    static let purpose = "One or two sentences: what this sheet is for, and when to use it."
    static let firstDo = "The first thing to do."
    static let nextDo = "The next thing to do."
    static let firstDont = "The first thing to avoid."
    static let nextDont = "The next thing to avoid."
    static let everyone = "Everyone reading this sheet sees this paragraph."

    static func onlyVersion(_ audience: String, label: String) -> String {
        "Only the \(audience) version (\(label)) shows this paragraph."
    }

    /// Whether a line of a sheet (its list marker and spaces taken off) is
    /// one `guidance new` wrote.
    static func isPlaceholder(_ text: String) -> Bool {
        [purpose, firstDo, nextDo, firstDont, nextDont, everyone].contains(text)
            || text.hasPrefix("Only the ") && text.contains(" version (") && text.hasSuffix(") shows this paragraph.")
    }
}
