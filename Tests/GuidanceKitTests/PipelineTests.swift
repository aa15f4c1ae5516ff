import Foundation
import Testing
@testable import GuidanceKit

/// Read, resolve and select on small projects: what an author sees when a
/// sheet is right, and the exact place and fix when it is not.
@Suite struct PipelineTests {
    func run(_ sheets: [String: String], registry: String = Support.registry, config: String? = nil) throws -> Pipeline {
        let root = try Support.smallProject(sheets: sheets, registry: registry, config: config)
        return try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!))
    }

    func only(_ pipeline: Pipeline, _ rule: RuleID) -> [Finding] { pipeline.findings.filter { $0.rule == rule } }

    @Test func positionsCountFrontMatterLinesAndCharactersNotBytes() throws {
        let text = Support.sheet("Intro paragraph.\n\n£ café {{nosuch.phone}}")
        let pipeline = try run(["a.md": text])
        let finding = try #require(only(pipeline, .unknownContact).first)
        // Front matter is lines 1-6, a blank line 7, the body starts at line 8.
        #expect(finding.location == SourceLocation(file: "Guidance/a.md", line: 10, column: 8))
    }

    @Test func unknownContactSuggestsTheClosestOne() throws {
        let pipeline = try run(["a.md": Support.sheet("Ring {{mahs.phone}} today.")])
        let finding = try #require(only(pipeline, .unknownContact).first)
        #expect(finding.message.contains("did you mean 'mash'?"))
        #expect(finding.suggestion == "{{mash.phone}}")
        #expect(finding.location.line == 8 && finding.location.column == 6)
    }

    @Test func unknownFieldAndMissingFieldAreErrors() throws {
        let pipeline = try run(["a.md": Support.sheet("{{mash.phnoe}} and {{lado.email}}")])
        let messages = only(pipeline, .unknownContact).map(\.message)
        #expect(messages.count == 2)
        #expect(messages.contains { $0.contains("unknown field 'phnoe'") && $0.contains("did you mean 'phone'?") })
        #expect(messages.contains { $0.contains("contact 'lado' has no email") })
    }

    @Test func placeholdersBecomeTypedNodesButNotInsideCode() throws {
        let pipeline = try run(["a.md": Support.sheet("Call {{mash.phone}} or [write]({{mash.url}}). `{{mash.phone}}`\n\n    {{mash.email}}\n")])
        #expect(pipeline.findings.isEmpty)
        let document = try #require(pipeline.versions.first).document
        var contacts: [ContactValue] = [], links: [String] = [], code: [String] = []
        document.forEach { node, _ in
            switch node.kind {
            case .contact(let value): contacts.append(value)
            case .link(let destination, _): links.append(destination)
            case .code(let text), .codeBlock(_, let text): code.append(text)
            default: break
            }
        }
        #expect(contacts.map(\.field) == [.phone])
        #expect(contacts.first?.displayText == "020 7946 0123")
        #expect(contacts.first?.linkTarget == "tel:+44-20-7946-0123")
        #expect(links == ["https://example.org/mash"])
        #expect(code == ["{{mash.phone}}", "{{mash.email}}\n"])
    }

    @Test func bareContactIsNameThenPhone() throws {
        let pipeline = try run(["a.md": Support.sheet("Ring {{lado}}.")])
        let text = try #require(pipeline.versions.first).document.plainText
        #expect(text == "Ring LADO 020 7946 0456.")
    }

    @Test func regionsAndSingleBlockMarkersSelectPerAudience() throws {
        let body = """
            For everyone.

            <!-- audience: schools -->
            Only schools.

            Schools again.
            <!-- /audience -->

            Only agencies. <!-- audience: agencies -->

            - shared item
            - school item <!-- audience: schools -->
            - agency item
              <!-- audience: agencies -->
            """
        let pipeline = try run(["a.md": Support.sheet(body)])
        #expect(pipeline.findings.isEmpty)
        let texts = Dictionary(uniqueKeysWithValues: pipeline.versions.map { ($0.audience.id, $0.document.plainText) })
        #expect(texts["schools"] == "For everyone.Only schools.Schools again.shared itemschool item")
        #expect(texts["agencies"] == "For everyone.Only agencies.shared itemagency item")
    }

    @Test func unbalancedRegionsAreReportedAtTheMarker() throws {
        let unclosed = Support.sheet("<!-- audience: schools -->\nText.\n")
        let stray = Support.sheet("Text.\n\n<!-- /audience -->\n")
        let nested = Support.sheet("<!-- audience: schools -->\n\n<!-- audience: agencies -->\n\n<!-- /audience -->\n")
        let misspelt = Support.sheet("<!-- audiense: schools -->\n")
        for (text, expected) in [(unclosed, "never closed"), (stray, "closes no region"), (nested, "do not nest"),
                                 (misspelt, "cannot read the audience marker")] {
            let pipeline = try run(["a.md": text])
            let finding = try #require(only(pipeline, .unbalancedAudience).first, "\(expected)")
            #expect(finding.message.contains(expected))
            #expect(finding.location.column == 1)
            #expect(finding.location.line == (text == stray ? 10 : text == nested ? 10 : 8))
        }
    }

    @Test func audiencesMustBeDeclaredAndListed() throws {
        let undeclared = try run(["a.md": Support.sheet("Text. <!-- audience: school -->")])
        let finding = try #require(only(undeclared, .unknownAudience).first)
        #expect(finding.message.contains("did you mean 'schools'?"))
        #expect(finding.location == SourceLocation(file: "Guidance/a.md", line: 8, column: 7))

        let unlisted = try run(["a.md": Support.sheet("Text.\n\nMore. <!-- audience: agencies -->", audiences: "[schools]")])
        #expect(only(unlisted, .unknownAudience).first?.message.contains("not listed in this sheet's front matter") == true)

        let frontMatter = try run(["a.md": Support.sheet("Text.", audiences: "[schools, parents]")])
        let bad = try #require(only(frontMatter, .unknownAudience).first)
        #expect(bad.location.line == 3)
    }

    @Test func aVersionWithNoContentIsAnError() throws {
        let pipeline = try run(["a.md": Support.sheet("Only schools. <!-- audience: schools -->")])
        let finding = try #require(only(pipeline, .frontMatter).first)
        #expect(finding.message.contains("agencies version of this sheet has no content"))
    }

    @Test func frontMatterProblemsNameTheLine() throws {
        let cases: [(String, String, Int)] = [
            ("---\ntitle: X\naudiences: [schools]\nreviewed: 2026-13-01\nnext-review: 2027-01-01\n---\nText", "is not a date", 4),
            ("---\ntitle: X\naudiences: [schools]\nreviewed: 2026-01-01\nnext-review: 2027-01-01\ncolour: red\n---\nText", "unknown key 'colour'", 6),
            ("---\ntitle: X\naudiences: [schools]\nreviewed: 2026-01-01\n---\nText", "no 'next-review'", 2),
            ("---\ntitle: [unclosed\n---\nText", "invalid YAML", 3),
            ("No front matter here.", "must start with front matter", 1),
            ("---\ntitle: X\n", "never closed", 1),
            ("---\ntitle: X\naudiences: [schools]\nreviewed: 2026-05-01\nnext-review: 2026-01-01\n---\nText", "must come after", 5),
        ]
        for (text, expected, line) in cases {
            let pipeline = try run(["a.md": text])
            let finding = try #require(only(pipeline, .frontMatter).first, "\(expected)")
            #expect(finding.message.contains(expected), "\(finding.message)")
            #expect(finding.location.line == line, "\(expected): \(finding.location)")
        }
    }

    @Test func badSlugIsAnError() throws {
        let pipeline = try run(["Bad Name.md": Support.sheet("Text.")])
        #expect(only(pipeline, .frontMatter).contains { $0.message.contains("not a valid sheet name") })
    }

    @Test func registryAndConfigErrorsNameTheYAMLLine() throws {
        let registry = "contacts:\n  mash:\n    name: MASH\n    phone: 020 7946 0123\n    verified: 2026-02-30\n"
        let bad = try run(["a.md": Support.sheet("Text.")], registry: registry)
        let finding = try #require(only(bad, .config).first)
        #expect(finding.location == SourceLocation(file: "Guidance/contacts.yaml", line: 5, column: 15))

        let config = "partnership: X\naudiences:\n  schools: Schools\nlinks:\n  timeout: soon\n"
        let badConfig = try run(["a.md": Support.sheet("Text.", audiences: "[schools]")], config: config)
        let configFinding = try #require(only(badConfig, .config).first)
        #expect(configFinding.location.file == "Guidance/guidance.yaml" && configFinding.location.line == 5)
    }

    /// Issue 25, item 6: a line indented too little is the line reported,
    /// at its first character, with how far to indent it.
    @Test func anUnderIndentedLineIsTheLineReported() throws {
        let registry = "contacts:\n  mash:\n    name: MASH\n   phone: 020 7946 0123\n    verified: 2026-11-01\n"
        let bad = try run(["a.md": Support.sheet("Text.")], registry: registry)
        let finding = try #require(only(bad, .config).first)
        #expect(finding.location == SourceLocation(file: "Guidance/contacts.yaml", line: 4, column: 4), "\(finding)")
        #expect(finding.message.contains("indent it like the lines above, 4 spaces"), "\(finding.message)")

        // The first key under a contact one space short: YAML stumbles on the
        // line after it, but the wrong one is this.
        let first = "contacts:\n  mash:\n   name: MASH\n    phone: 020 7946 0123\n    verified: 2026-11-01\n"
        let firstFinding = try #require(only(try run(["a.md": Support.sheet("Text.")], registry: first), .config).first)
        #expect(firstFinding.location == SourceLocation(file: "Guidance/contacts.yaml", line: 3, column: 4), "\(firstFinding)")
        #expect(firstFinding.message.contains("indent it like the lines below, 4 spaces"), "\(firstFinding.message)")

        let sheet = Support.sheet("Text.").replacingOccurrences(of: "audiences: [schools, agencies]",
                                                                with: "audiences:\n  - schools\n - agencies")
        let badSheet = try run(["a.md": sheet])
        let front = try #require(only(badSheet, .frontMatter).first)
        #expect(front.location == SourceLocation(file: "Guidance/a.md", line: 5, column: 2), "\(front)")
        #expect(front.message.contains("indent it like the lines above, 2 spaces"), "\(front.message)")
    }

    @Test func aliasBombsAreRefusedWithoutExpansion() throws {
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (index, name) in "bcdefghi".enumerated() {
            let previous = Array("abcdefghi")[index]
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let pipeline = try run(["a.md": Support.sheet("Text.")], registry: bomb + "contacts: {}\n")
        let finding = try #require(only(pipeline, .config).first)
        #expect(finding.message.contains("anchors and aliases"))
        #expect(finding.location.line == 1)
    }

    @Test func invalidUTF8AndNULBytesAreReportedWithTheirPosition() throws {
        let root = try Support.smallProject(sheets: [:])
        var bytes = Array(Support.sheet("Good line.\nBad \u{00E9}").utf8)
        bytes[bytes.count - 2] = 0xFF  // break the é
        try Data(bytes).write(to: root.appendingPathComponent("Guidance/a.md"))
        try Data(Support.sheet("Nul\u{0}here").utf8).write(to: root.appendingPathComponent("Guidance/b.md"))
        let pipeline = try Pipeline.run(root: root, options: .init())
        let findings = pipeline.findings.filter { $0.rule == .unreadableFile }
        #expect(findings.map(\.location) == [SourceLocation(file: "Guidance/a.md", line: 9, column: 5),
                                             SourceLocation(file: "Guidance/b.md", line: 8, column: 4)])
    }

    @Test func aSymlinkOutOfGuidanceIsRefused() throws {
        let root = try Support.smallProject(sheets: [:])
        let outside = try Support.temporaryFolder().appendingPathComponent("secret.md")
        try Data(Support.sheet("Secret outside text.").utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("Guidance/link.md"), withDestinationURL: outside)
        let pipeline = try Pipeline.run(root: root, options: .init())
        #expect(pipeline.findings.contains { $0.rule == .unreadableFile && $0.message.contains("outside Guidance/") })
        #expect(pipeline.versions.isEmpty)
    }

    @Test func noGuidanceFolderCannotRun() throws {
        let empty = try Support.temporaryFolder()
        #expect(throws: ToolError.self) { try Pipeline.run(root: empty, options: .init()) }
    }
}

extension PipelineTests {
    @Test func aSheetThatIsNotAFileIsReported() throws {
        let root = try Support.smallProject(sheets: ["good.md": Support.sheet("Text.")])
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Guidance/folder.md"),
                                                withIntermediateDirectories: true)
        let pipeline = try Pipeline.run(root: root, options: .init())
        let finding = try #require(pipeline.findings.first { $0.rule == .unreadableFile })
        #expect(finding.location.file == "Guidance/folder.md")
        #expect(finding.message.contains("not a regular file"))
    }

    @Test func crlfAndAByteOrderMarkReadLikeAnyOtherSheet() throws {
        let text = "\u{FEFF}" + Support.sheet("Ring {{mash.phone}}.\n\nMore.").replacingOccurrences(of: "\n", with: "\r\n")
        let pipeline = try run(["a.md": text])
        #expect(pipeline.findings.isEmpty, "\(pipeline.findings)")
        #expect(pipeline.versions.first?.document.plainText == "Ring 020 7946 0123.More.")
    }

    /// The no-op shortcut trusts SHA-256 to tell changed inputs apart (FIPS 180-4 test vectors).
    @Test func sha256MatchesTheStandardVectors() {
        func digest(_ bytes: [UInt8]) -> String { var sha = SHA256(); sha.update(bytes); return sha.finish() }
        #expect(digest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(digest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

/// `guidance serve` rebuilds on every save: with its cache, only the sheets
/// whose text changed are parsed again, and the result is what a fresh run gives.
@Suite struct SheetCacheTests {
    @Test func aRebuildParsesOnlyTheChangedSheet() throws {
        let sheets = Dictionary(uniqueKeysWithValues: (1...3).map { ("s\($0).md", Support.sheet("Sheet \($0): ring {{mash.phone}}.")) })
        let root = try Support.smallProject(sheets: sheets)
        let cache = SheetCache()
        let options = Pipeline.Options(asOf: Day(iso: "2026-11-15")!)
        _ = try Pipeline.run(root: root, options: options, cache: cache)
        #expect(cache.parses == 3)
        _ = try Pipeline.run(root: root, options: options, cache: cache)
        #expect(cache.parses == 3, "nothing changed, nothing parsed")
        try Support.write(Support.sheet("Sheet 2, changed: ring {{mahs.phone}}."), to: "Guidance/s2.md", in: root)
        let cached = try Pipeline.run(root: root, options: options, cache: cache)
        #expect(cache.parses == 4, "only the edited sheet")
        let fresh = try Pipeline.run(root: root, options: options)
        #expect(cached.findings == fresh.findings)
        #expect(cached.findings.contains { $0.rule == .unknownContact && $0.location.file == "Guidance/s2.md" })
        #expect(cached.versions.map { $0.document.plainText } == fresh.versions.map { $0.document.plainText })
    }
}
