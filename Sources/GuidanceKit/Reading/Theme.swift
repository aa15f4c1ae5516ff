import Foundation
import Yams

/// `theme:` in guidance.yaml: the partnership's accent colour and logo, so an
/// office brands its sheets without editing sheet.css. Every key is optional;
/// with none, every page is exactly what sheet.css makes it, byte for byte.
package struct Theme: Sendable, Hashable {
    /// A colour written `#rgb` or `#rrggbb`.
    struct Colour: Sendable, Hashable {
        var red: Int, green: Int, blue: Int

        init(red: Int, green: Int, blue: Int) {
            (self.red, self.green, self.blue) = (red, green, blue)
        }

        init?(hex: String) {
            guard hex.hasPrefix("#") else { return nil }
            var digits = Array(hex.dropFirst())
            // ASCII only: isHexDigit also accepts fullwidth digits, which Int(radix:) does not read.
            guard digits.count == 3 || digits.count == 6, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
            if digits.count == 3 { digits = digits.flatMap { [$0, $0] } }
            guard let value = Int(String(digits), radix: 16) else { return nil }
            self.init(red: value >> 16, green: (value >> 8) & 0xFF, blue: value & 0xFF)
        }

        /// `#rrggbb` in lower case, as the pages carry it.
        var css: String {
            "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }

    /// The logo as every page embeds it: a `data:` URI, never a file beside
    /// the pages (each page stays one self-contained file) and never inline
    /// SVG markup (an SVG's scripts cannot run from an `<img>`).
    struct Logo: Sendable, Hashable {
        let mediaType: String
        let data: Data
        let alt: String
        /// Encoded once, when the file is read: every page and PDF embeds it.
        let dataURI: String

        init(mediaType: String, data: Data, alt: String) {
            self.mediaType = mediaType
            self.data = data
            self.alt = alt
            dataURI = "data:\(mediaType);base64,\(data.base64EncodedString())"
        }
    }

    /// The colour of headings, rules and links (`--accent` in sheet.css).
    var accent: Colour?
    /// The logo's file in Guidance/ as written (`logo:`), and where.
    var logoFile: String?
    var logoLocation: SourceLocation?
    var logoAlt: String?
    /// The logo, once its file is read (`loadLogo`).
    var logo: Logo?

    /// WCAG AA's least contrast for normal-size text.
    static let minimumContrast = 4.5
    /// The largest logo file: every page and PDF carries a copy.
    static let maximumLogoBytes = 200_000

    /// The contrast ratio of a colour against white, by WCAG 2.x's relative
    /// luminance: (1.05) / (L + 0.05).
    static func contrastWithWhite(_ colour: Colour) -> Double {
        func linear(_ channel: Int) -> Double {
            let c = Double(channel) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * linear(colour.red) + 0.7152 * linear(colour.green) + 0.0722 * linear(colour.blue)
        return 1.05 / (luminance + 0.05)
    }

    /// The lightest shade of the colour (the same hue, each channel scaled down
    /// in steps of 2%) that passes against white.
    static func darkerShadeThatPasses(_ colour: Colour) -> Colour {
        var factor = 1.0
        while factor > 0 {
            let shade = Colour(red: Int((Double(colour.red) * factor).rounded(.down)),
                               green: Int((Double(colour.green) * factor).rounded(.down)),
                               blue: Int((Double(colour.blue) * factor).rounded(.down)))
            if contrastWithWhite(shade) >= minimumContrast { return shade }
            factor -= 0.02
        }
        return Colour(red: 0, green: 0, blue: 0)
    }

    /// The rules the theme adds after sheet.css (so they win); empty with no
    /// theme, so the pages are then exactly what they were without one.
    var css: String {
        var rules: [String] = []
        if logo != nil {
            // Beside the title, and small: at 12 mm a long title wrapped once
            // more and the shipped indecent-images sheet no longer fitted; at
            // 10 mm (at most 30 mm wide, a wider logo scaled down, never
            // squeezed) every shipped sheet still prints on one page. The
            // masthead holds the float, so its rule stays below the logo.
            rules.append(".masthead { display: flow-root; }")
            rules.append(".masthead .logo { float: right; height: 10mm; width: auto; max-width: 30mm; object-fit: contain; "
                + "object-position: right top; margin: 0 0 1mm 3mm; }")
        }
        if let accent { rules.append(":root { --accent: \(accent.css); }") }
        return rules.isEmpty ? "" : "/* theme: in Guidance/guidance.yaml */\n" + rules.joined(separator: "\n")
    }

    /// A page's stylesheet: sheet.css, then the theme's rules.
    func css(after sheetCSS: String) -> String {
        let own = css
        return own.isEmpty ? sheetCSS : sheetCSS + "\n" + own
    }

    /// The logo's `<img>` and its line end, or nothing: what a masthead starts with.
    var logoTag: String {
        guard let logo else { return "" }
        return "<img class=\"logo\" src=\"\(logo.dataURI)\" alt=\"\(HTMLEscaping.text(logo.alt))\">\n"
    }

    /// What a template's `{{#logo}}` section sees: `src` and `alt`.
    var logoContext: [String: Any]? {
        logo.map { ["src": $0.dataURI, "alt": $0.alt] }
    }
}

extension Theme {
    static let keys = ["accent", "logo", "logo-alt"]
    static let accentForms = "a hex colour in quotes, of 6 digits (accent: \"#1d70b8\") or 3 (accent: \"#17a\")"

    /// Reads `theme:`; an empty one is no theme.
    static func read(_ node: Node, partnership: String?, into yaml: inout YAMLReader) -> Theme {
        var theme = Theme()
        if case .scalar(let scalar) = node, scalar.string.isEmpty { return theme }
        guard let entries = yaml.mapping(node, what: "theme") else { return theme }
        var logoNode: Node?
        for (key, keyNode, value) in entries {
            switch key {
            case "accent":
                theme.accent = readAccent(value, into: &yaml)
            case "logo":
                logoNode = value
                guard let name = yaml.string(value, what: "theme logo") else { continue }
                // A file beside guidance.yaml: a path could lead out of Guidance/.
                guard !name.contains("/"), !name.hasPrefix("."), !name.isEmpty else {
                    yaml.error("the logo must be a file inside Guidance/, beside guidance.yaml (e.g. logo: logo.png), "
                        + "not '\(name)'; copy the image into Guidance/ and write its name", at: value)
                    continue
                }
                theme.logoFile = name
                theme.logoLocation = yaml.location(value)
            case "logo-alt":
                theme.logoAlt = yaml.string(value, what: "theme logo-alt")
            default:
                yaml.unknownKey(key, at: keyNode, known: keys, in: "theme")
            }
        }
        // An empty logo-alt: is already an error at its own line.
        if let logoNode, theme.logoAlt == nil, !entries.contains(where: { $0.key == "logo-alt" }) {
            let example = partnership ?? "the partnership's name"
            yaml.error("the logo has no alt text, and a screen reader would say nothing (or its file name) for it; "
                + "add logo-alt: with what the logo says, usually the partnership's name (logo-alt: \(example))", at: logoNode)
        }
        return theme
    }

    private static func readAccent(_ node: Node, into yaml: inout YAMLReader) -> Colour? {
        guard case .scalar(let scalar) = node else {
            yaml.error("theme accent must be \(accentForms)", at: node)
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            yaml.error("theme accent is empty: in YAML a # starts a comment, so write the colour in quotes "
                + "(accent: \"#1d70b8\")", at: node, suggestion: "\"#1d70b8\"")
            return nil
        }
        guard let colour = Colour(hex: text) else {
            yaml.error("theme accent '\(text)' is not a colour; write \(accentForms)", at: node)
            return nil
        }
        let ratio = contrastWithWhite(colour)
        guard ratio >= minimumContrast else {
            let shade = darkerShadeThatPasses(colour)
            let shown = (ratio * 100).rounded(.down) / 100
            yaml.error("theme accent \(colour.css) has a contrast ratio of \(String(format: "%.2f", shown)):1 against white; "
                + "headings and links in it need at least 4.5:1 (WCAG AA). The darker shade \(shade.css) passes "
                + "(\(String(format: "%.2f", (contrastWithWhite(shade) * 100).rounded(.down) / 100)):1): accent: \"\(shade.css)\"",
                at: node, suggestion: "\"\(shade.css)\"")
            return nil
        }
        return colour
    }

    /// Reads the logo's file from `guidance` (Guidance/): a regular file
    /// inside it, at most `maximumLogoBytes`, PNG, JPEG or SVG by its bytes.
    /// Errors are at `logo:` in guidance.yaml and name the file.
    mutating func loadLogo(from guidance: URL) -> [Finding] {
        guard let name = logoFile, let location = logoLocation, let alt = logoAlt else { return [] }
        let path = "Guidance/\(name)"
        func error(_ message: String) -> [Finding] { [.error(.config, at: location, "the logo \(path) \(message)")] }
        let url = guidance.appendingPathComponent(name)
        let resolved = url.resolvingSymlinksInPath().standardizedFileURL.path
        guard resolved.hasPrefix(guidance.resolvingSymlinksInPath().standardizedFileURL.path + "/") else {
            return error("is a link to \(resolved), outside Guidance/; copy the image into Guidance/ instead")
        }
        switch RegularFile.read(resolved, limit: Self.maximumLogoBytes) {
        case .success(let data):
            guard let mediaType = Self.mediaType(of: data) else {
                return error("is not a PNG, JPEG or SVG image (judged by what it holds, not its name); "
                    + "save the logo as one of those and name it here")
            }
            logo = Logo(mediaType: mediaType, data: data, alt: alt)
            return []
        case .failure(.missing):
            return error("is missing; put the image in Guidance/, beside guidance.yaml, or correct the name")
        case .failure(.notRegular(let kind)):
            return error("is \(kind), not an image file; name the image file itself")
        case .failure(.tooLarge(let size)):
            return error("is \((size + 500) / 1000) KB, more than the \(Self.maximumLogoBytes / 1000) KB a logo may be "
                + "(every page and PDF carries a copy); save a smaller version: 600 pixels wide is plenty at its printed size")
        case .failure(.unreadable(let reason)):
            return error("cannot be read (\(reason)); check its permissions")
        }
    }

    /// PNG, JPEG or SVG, by the file's first bytes; nil for anything else.
    static func mediaType(of data: Data) -> String? {
        let bytes = [UInt8](data.prefix(8))
        if bytes == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return "image/png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        guard var text = String(data: data, encoding: .utf8) else { return nil }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // An SVG's root element, after any XML declaration, comments or doctype.
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace }
            let end: String
            if rest.hasPrefix("<?") { end = "?>" } else if rest.hasPrefix("<!--") { end = "-->" } else if rest.hasPrefix("<!") { end = ">" } else { break }
            guard let close = rest.range(of: end) else { return nil }
            rest = rest[close.upperBound...]
        }
        guard rest.hasPrefix("<svg"), let next = rest.dropFirst(4).first, next.isWhitespace || next == ">" || next == "/" else {
            return nil
        }
        return "image/svg+xml"
    }
}
