import Foundation
import PropertyBased
import Testing
@testable import GuidanceKit

/// Generated input for every parser and writer: whatever the office pastes in,
/// the tool gives a tree or findings, never a crash and never a script.
@Suite struct PropertyTests {
    /// Pieces of Markdown, markup that has gone wrong, and hostile text.
    static let fragments = [
        "a", "word", "Ring", " ", " ", "\n", "\n\n", "*", "_", "**", "`", "[", "]", "(", ")", "<", ">", "!", "#",
        "## ", "- ", "1. ", "> ", "{{", "}}", "{{mash.phone}}", "{{mash}}", "{{nosuch.x}}", "\\", "&", "&#106;",
        "<!-- audience: schools -->", "<!-- /audience -->", "<!-- audience: nobody -->", "<!-- language: allow -->",
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
        "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](java&#x09;script:alert(1))", "<javascript:alert(1)>",
        "![i](data:text/html,x)", "[f](file:///etc/passwd)", "[v](vbscript:x)", "http://a.example/c", "<https://x.example>",
        "\t", "    ", "```", "~~~", "é", "£", "’", "\u{0}", "\r\n", "020 8901 2690", "child porn", "---",
        String(repeating: "x", count: 90),
    ]
    static let document = Gen<String?>.element(of: fragments).array(of: 0...60).map { $0.compactMap { $0 }.joined() }

    @Test func readerGivesATreeWithEveryPositionInsideTheFile() async {
        await propertyCheck(count: 300, input: Self.document) { text in
            let tree = CommonMark.parse(text, file: "x.md")
            let lines = Self.lineCount(text)
            tree.forEach { node, _ in
                guard let range = node.range else { return }
                #expect((1...lines).contains(range.lowerBound.line) && (1...lines).contains(range.upperBound.line),
                        "\(node.kind) at \(range) in \(text.debugDescription)")
                #expect(range.lowerBound.column >= 1)
            }
        }
    }

    @Test func htmlWriterNeverWritesAnythingExecutable() async {
        await propertyCheck(count: 300, input: Self.document) { text in
            let html = HTMLWriter.render(CommonMark.parse(text, file: "x.md"), mode: .page).lowercased()
            // Text that merely reads like HTML is escaped (&lt;img ...) and harmless;
            // what must never appear is a real tag that runs code.
            #expect(!html.contains("<script"), "\(text.debugDescription)")
            #expect(html.firstMatch(of: #/<[a-z][^>]*\son[a-z]+\s*=/#) == nil, "event attribute in \(text.debugDescription)")
            #expect(html.firstMatch(of: #/<(iframe|object|embed|style|form|input|svg|math)\b/#) == nil, "\(text.debugDescription)")
            // Every address the page links to or loads uses a harmless scheme,
            // however it was disguised in the source.
            for match in html.matches(of: #/(href|src)="([^"]*)"/#) {
                let value = String(match.output.2).unicodeScalars.filter { $0.value > 0x20 }.map(String.init).joined()
                for scheme in ["javascript:", "vbscript:", "data:", "file:"] {
                    #expect(!value.hasPrefix(scheme), "\(value) in \(text.debugDescription)")
                }
            }
        }
    }

    @Test func textWriterKeepsEveryWordAndTheWidth() async {
        await propertyCheck(count: 300, input: Self.document) { text in
            let tree = CommonMark.parse(text, file: "x.md")
            var writer = TextWriter(width: 40)
            let output = writer.render(tree)
            // Every visible character of the prose comes out, in order.
            let expected = Self.visibleCharacters(of: tree)
            let actual = Array(output.unicodeScalars.filter { !$0.properties.isWhitespace })
            #expect(Self.isSubsequence(expected, of: actual), "\(text.debugDescription)\n->\n\(output)")
            var hasCode = false
            tree.forEach { node, _ in if case .codeBlock = node.kind { hasCode = true } }
            guard !hasCode else { return }
            for line in output.split(separator: "\n") where line.unicodeScalars.count > 40 {
                let body = line.drop { "-> 0123456789.".contains($0) }
                #expect(!body.contains(" "), "only one unbreakable token may pass the width: \(line.debugDescription)")
            }
        }
    }

    @Test func placeholdersAndAudienceMarkersNeverThrowOrCrash() async {
        let registry = ContactRegistry.read(Support.registry).0
        await propertyCheck(count: 300, input: Self.document) { text in
            let tree = CommonMark.parse(text, file: "x.md")
            var resolver = PlaceholderResolver(registry: registry, source: SourceText(file: "x.md", text: text))
            let resolved = resolver.resolve(tree)
            var tagger = AudienceTagger(declared: ["schools", "agencies"], listed: ["schools", "agencies"], file: "x.md")
            let tagged = tagger.tag(resolved)
            for audience in ["schools", "agencies"] {
                _ = HTMLWriter.render(tagged.selected(for: audience))
            }
            #expect((resolver.findings + tagger.findings).allSatisfy { $0.location.line >= 1 && $0.location.column >= 1 })
        }
    }

    static func visibleCharacters(of tree: Markup) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        tree.forEach { node, ancestors in
            switch node.kind {
            case .text(let s), .code(let s):
                // Link and image text is checked too; image alt text is dropped by the text writer only if empty.
                result += s.unicodeScalars.filter { !$0.properties.isWhitespace }
            case .contact(let value):
                result += value.displayText.unicodeScalars.filter { !$0.properties.isWhitespace }
            default:
                break
            }
            _ = ancestors
        }
        return result
    }

    /// Lines as cmark counts them: LF, CR LF and a lone CR each end one.
    static func lineCount(_ text: String) -> Int {
        var count = 1
        var previousCR = false
        for byte in text.utf8 {
            if byte == 13 { count += 1 } else if byte == 10, !previousCR { count += 1 }
            previousCR = byte == 13
        }
        return count
    }

    static func isSubsequence(_ needle: [Unicode.Scalar], of haystack: [Unicode.Scalar]) -> Bool {
        var index = haystack.startIndex
        for scalar in needle {
            guard let found = haystack[index...].firstIndex(of: scalar) else { return false }
            index = found + 1
        }
        return true
    }
}
