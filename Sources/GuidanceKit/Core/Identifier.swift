/// The one spelling rule for every name the office gives: sheet file names
/// (slugs), contact ids, audience ids and language rule ids. Lower-case
/// letters, digits and hyphens, starting with a letter or digit: safe in a
/// file name, a web address and a placeholder alike.
enum Identifier {
    static func isValid<S: StringProtocol>(_ text: S) -> Bool {
        guard let first = text.unicodeScalars.first, isLetterOrDigit(first) else { return false }
        return text.unicodeScalars.allSatisfy { isLetterOrDigit($0) || $0 == "-" }
    }

    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
