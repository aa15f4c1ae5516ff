import Foundation

/// What a `tel:` or `mailto:` link written by hand leads to: a number or
/// addresses, judged as the same text in a sentence is and printed in the
/// text version (issue 25, item 7).
enum ContactLink: Equatable {
    /// The number as written after `tel:` (without `;ext=` and other parameters).
    case phone(String)
    /// The addresses after `mailto:` (without `?subject=` and the like).
    case email([String])

    /// nil for any other link, and for a `tel:` or `mailto:` that names
    /// nothing (`placeholder-link` says so).
    init?(_ destination: String) {
        let trimmed = LinkDestination.trimmed(destination)
        guard let scheme = LinkScheme.scheme(of: trimmed), scheme == "tel" || scheme == "mailto",
              let colon = trimmed.firstIndex(of: ":") else { return nil }
        let rest = trimmed[trimmed.index(after: colon)...]
        func decoded(_ text: Substring) -> String {
            let text = String(text)
            return LinkDestination.trimmed(text.removingPercentEncoding ?? text)
        }
        if scheme == "tel" {
            let number = decoded(rest.prefix { $0 != ";" })
            guard !number.isEmpty else { return nil }
            self = .phone(number)
        } else {
            let addresses = rest.prefix { $0 != "?" }.split(separator: ",").map(decoded).filter { !$0.isEmpty }
            guard !addresses.isEmpty else { return nil }
            self = .email(addresses)
        }
    }

    /// Whether a link's target names nothing: `tel:` or `mailto:` alone.
    static func isEmpty(_ destination: String) -> Bool {
        let trimmed = LinkDestination.trimmed(destination)
        guard let scheme = LinkScheme.scheme(of: trimmed), scheme == "tel" || scheme == "mailto" else { return false }
        return ContactLink(trimmed) == nil
    }

    /// What the text version prints after the link text: the number in its
    /// standard form (as written when it has none), or the addresses.
    var printed: String {
        switch self {
        case .phone(let written): PhoneNumber(written).national ?? written
        case .email(let addresses): addresses.joined(separator: ", ")
        }
    }

    /// Whether the link's own text already shows what it leads to
    /// ("[020 8424 0998](tel:02084240998)"): then the text is what is judged
    /// and printed, once.
    func isShown(in text: String) -> Bool {
        switch self {
        case .phone(let written):
            guard let key = PhoneNumber(written).key else { return false }
            return PhoneNumber.find(in: text).contains { $0.number.key == key }
        case .email(let addresses):
            let shown = Set(SheetTextRule.emailLike(in: text).map { $0.lowercased() })
            return addresses.allSatisfy { shown.contains($0.lowercased()) }
        }
    }
}
