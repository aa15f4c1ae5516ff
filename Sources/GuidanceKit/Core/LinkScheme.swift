/// The one policy for what a link on a sheet may point at, used by the link
/// rules (`unsafe-link`), the HTML writer (which drops any other address) and
/// the fuzz harness's page check alike: http, https, mailto and tel, or an
/// address without a scheme. The scheme is read as a browser reads it: case
/// ignored, and the control characters and white space browsers skip removed
/// ("java\tscript:" is javascript:).
package enum LinkScheme {
    package static let allowed: Set<String> = ["http", "https", "mailto", "tel"]

    /// Characters a browser skips inside an address: C0 controls, space, DEL
    /// and any other white space.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value <= 0x20 || scalar.value == 0x7F || (scalar.value > 0x7F && scalar.properties.isWhitespace)
    }

    /// The address's scheme, lower-cased; nil when it has none (a relative
    /// address, or a colon later in a path).
    package static func scheme(of url: String) -> String? {
        var scheme = ""
        for scalar in url.unicodeScalars where !isHidden(scalar) {
            if scalar == ":" { break }
            // A scheme is a letter, then letters, digits, + . or - (RFC 3986).
            let lower = Unicode.Scalar(scalar.value | (("A"..."Z").contains(scalar) ? 0x20 : 0))!
            let isLetter = ("a"..."z").contains(lower)
            guard isLetter || (!scheme.isEmpty && (("0"..."9").contains(lower) || "+.-".unicodeScalars.contains(lower))) else {
                return nil
            }
            scheme.unicodeScalars.append(lower)
        }
        // No colon at all: the loop ran to the end.
        guard url.unicodeScalars.contains(":"), !scheme.isEmpty else { return nil }
        return scheme
    }

    /// Whether a page may link to the address.
    static func isAllowed(_ url: String) -> Bool {
        scheme(of: url).map(allowed.contains) ?? true
    }
}
