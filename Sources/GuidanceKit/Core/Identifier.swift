/// The one spelling rule for every name the office gives: sheet file names
/// (slugs), contact ids, audience ids and language rule ids. Lower-case
/// letters, digits and hyphens, starting with a letter or digit: safe in a
/// file name, a web address and a placeholder alike.
enum Identifier {
    static func isValid<S: StringProtocol>(_ text: S) -> Bool {
        guard let first = text.unicodeScalars.first, isLetterOrDigit(first) else { return false }
        return text.unicodeScalars.allSatisfy { isLetterOrDigit($0) || $0 == "-" }
    }

    /// A name made a valid identifier: "Online Safety" -> "online-safety",
    /// "Harrow Safeguarding Partnership" -> "harrow-safeguarding-partnership";
    /// `otherwise` when nothing of it is left.
    static func slug(_ name: String, otherwise fallback: String) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if isLetterOrDigit(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? fallback : slug
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
