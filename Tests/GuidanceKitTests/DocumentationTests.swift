import Foundation
import Testing
@testable import GuidanceKit

/// The project's documents are read by the office, by maintainers and by CI
/// (`.ci/run` runs the test command README names). These tests hold them to
/// what they promise: README is a short front door that leads to every file
/// in docs/, every relative link and section anchor leads somewhere, the
/// licence covers the three kinds of text in the repository, the changelog
/// starts at the version the tool reports, and a target the documents name
/// does what they say.
@Suite struct DocumentationTests {
    static let root = Support.packageRoot

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every Markdown file of the project's own documents (not Guidance/, whose sheets link by slug).
    static func documents() throws -> [String] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/\($0)" }
        return ["README.md", "CONTRIBUTING.md", "CHANGELOG.md"] + docs
    }

    /// The lines of a Markdown file, those in fenced code blocks blank and inline code removed.
    static func prose(_ text: String) -> [String] {
        var inFence = false
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { inFence.toggle(); lines.append(""); continue }
            lines.append(inFence ? "" : String(line.replacing(#/`[^`]*`/#, with: "")))
        }
        return lines
    }

    /// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().compactMap { character -> Character? in
            if character == " " { return "-" }
            return character.isLetter || character.isNumber || character == "-" || character == "_" ? character : nil
        })
    }

    static func anchors(_ text: String) -> Set<String> {
        var inFence = false
        var result = Set<String>()
        for line in text.split(separator: "\n") {
            if line.hasPrefix("```") { inFence.toggle(); continue }
            guard !inFence, let match = line.wholeMatch(of: #/[#]{1,6}[ ](.+)/#) else { continue }
            result.insert(anchor(String(match.output.1).replacing("`", with: "")))
        }
        return result
    }

    @Test func theREADMEIsAFrontDoorToEveryDocument() throws {
        let readme = try Self.read("README.md")
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines < 250, "README.md has \(lines) lines; the detail belongs in docs/")
        let docs = try Self.documents().filter { $0.hasPrefix("docs/") }
        for needed in ["authoring-guide", "language", "language-history", "command-reference", "ci",
                       "architecture", "benchmarks", "testing"] {
            #expect(docs.contains("docs/\(needed).md"), "docs/\(needed).md is missing")
        }
        for doc in docs { #expect(readme.contains("](\(doc))"), "README does not link \(doc)") }
        for file in ["LICENSE", "CHANGELOG.md", "CONTRIBUTING.md"] {
            #expect(readme.contains("](\(file))"), "README does not link \(file)")
        }
    }

    @Test func everyRelativeLinkAndAnchorLeadsSomewhere() throws {
        for document in try Self.documents() {
            let text = try Self.read(document)
            let folder = (document as NSString).deletingLastPathComponent
            for (number, line) in Self.prose(text).enumerated() {
                for match in line.matches(of: #/\]\(([^)\s]+)\)/#) {
                    let target = String(match.output.1)
                    if target.contains(":") { continue }   // https:, mailto:
                    let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                    let relative = parts[0].isEmpty ? document : folder.isEmpty ? String(parts[0]) : "\(folder)/\(parts[0])"
                    let url = URL(fileURLWithPath: relative, relativeTo: Self.root).standardized
                    let path = String(url.path.dropFirst(Self.root.standardized.path.count + 1))
                    let where_ = "\(document):\(number + 1): \(target)"
                    #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path),
                            "\(where_) leads to no file")
                    if parts.count == 2, path.hasSuffix(".md"),
                       let linked = try? Self.read(path) {
                        #expect(Self.anchors(linked).contains(String(parts[1])), "\(where_): no such section in \(path)")
                    }
                }
            }
        }
    }

    /// "see X" in the documents names a section that exists somewhere in them.
    @Test func everySeeReferenceNamesASection() throws {
        var headings = Set<String>()
        var references: [(String, String)] = []
        for document in try Self.documents() {
            let text = try Self.read(document)
            headings.formUnion(Self.anchors(text))
            for line in Self.prose(text) {
                for match in line.matches(of: #/[Ss]ee[ ]"([^"]+)"/#) { references.append((document, String(match.output.1))) }
            }
        }
        for (document, name) in references {
            #expect(headings.contains(Self.anchor(name)), "\(document): see \"\(name)\" names no section")
        }
    }

    @Test func theLicenceCoversTheToolTheSheetsAndTheSpecExamples() throws {
        let licence = try Self.read("LICENSE")
        for needed in ["MIT License", "the guidance contributors", "Guidance/", "CC BY 4.0",
                       "Harrow Safeguarding Partnership", "CC BY-SA 4.0"] {
            #expect(licence.contains(needed), "LICENSE does not say \(needed)")
        }
        let spec = try #require(licence.firstMatch(of: #/Tests/[A-Za-z/]+/commonmark-spec-[0-9.]+\.json/#))
        #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(String(spec.output)).path),
                "LICENSE names \(spec.output), which is not in the repository")
    }

    @Test func theChangelogStartsWithUnreleasedThenTheCurrentVersion() throws {
        let changelog = try Self.read("CHANGELOG.md")
        let versions = changelog.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(versions.first == "## Unreleased", "\(versions.prefix(2))")
        #expect(versions.dropFirst().first?.hasPrefix("## \(GuidanceVersion.current)") == true,
                "the newest release is \(GuidanceVersion.current), the version the tool reports: \(versions.prefix(2))")
    }

    @Test func theTestCommandIsMakeTestAndCIRunsIt() throws {
        let readme = try Self.read("README.md")
        #expect(readme.contains("make test   # "), "README names make test as the test command")
        let run = try Self.read(".ci/run")
        #expect(run.split(separator: "\n").last == "make test")
    }

    /// What the documents say creates the tests' Python venv really does.
    @Test func theDocumentedTargetCreatesTheVenv() throws {
        let testing = try Self.read("docs/testing.md")
        let match = try #require(testing.firstMatch(of: #/`\.venv`,[ ]which[ ]`make[ ]([a-z-]+)`\s+creates/#),
                                 "docs/testing.md says which target creates .venv")
        let dryRun = try MakefileTests.make(["-n", "-B", String(match.output.1)])
        #expect(dryRun.output.contains("python3 -m venv .venv"), "make \(match.output.1) does not create .venv")
    }
}
