import Foundation
import Testing
@testable import GuidanceKit

/// Input pasted from Word, e-mail or worse: each ends in a clear finding or a
/// safe page, in bounded time and memory, with nothing executable and nothing
/// from outside Guidance/ reaching Output/.
@Suite(.timeLimit(.minutes(2))) struct HostileInputTests {
    func run(_ body: String, registry: String = Support.registry) throws -> Pipeline {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet(body)], registry: registry)
        return try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!))
    }

    @Test func deepNestingIsAFindingNotACrash() throws {
        for body in [String(repeating: ">", count: 5000) + " deep",
                     (0..<400).map { String(repeating: "  ", count: $0) + "- item" }.joined(separator: "\n"),
                     String(repeating: "*", count: 3000) + "x" + String(repeating: "*", count: 3000)] {
            let pipeline = try run(body)
            let finding = try #require(pipeline.findings.first { $0.rule == .unreadableFile })
            #expect(finding.message.contains("nested more than 32 levels"))
            #expect(finding.location.line >= 8)
        }
    }

    @Test func rawHTMLAndScriptLinksNeverReachAPage() async throws {
        let body = """
            <script>alert(1)</script>

            <div onclick="alert(1)">Click</div> and <img src=x onerror=alert(1)> inline.

            [a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](java&#x73;cript:alert(1))
            [d](&#106;avascript:alert(1)) [e](vbscript:msgbox) [f](data:text/html;base64,PHNjcmlwdD4=)
            [g](file:///etc/passwd) <javascript:alert(1)> ![h](javascript:alert(1)) [i](java&#x09;script:alert(1))
            """
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet(body)])
        let (pipeline, files) = try await Support.renderedDespiteErrors(root: root, asOf: Day(iso: "2026-11-15")!)
        // Each disguised link is reported...
        #expect(pipeline.findings.filter { $0.rule == .unsafeLink }.count >= 9)
        // ...and even where the page is rendered (guidance serve), none of it would run.
        #expect(files.keys.contains("index.html"))
        for (path, data) in files where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self).lowercased()
            #expect(!html.contains("<script") && !html.contains("onclick") && !html.contains("onerror"), "\(path)")
            for match in html.matches(of: #/(href|src)="([^"]*)"/#) {
                let value = String(match.output.2).filter { !$0.isWhitespace }
                #expect(!["javascript:", "vbscript:", "data:", "file:"].contains { value.hasPrefix($0) }, "\(value) in \(path)")
            }
        }
    }

    @Test func aFiftyMegabyteSheetIsRefusedQuickly() throws {
        let root = try Support.smallProject(sheets: [:])
        let url = root.appendingPathComponent("Guidance/huge.md")
        let line = Data((String(repeating: "All staff must know the law. ", count: 34) + "\n").utf8)
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        for _ in 0..<(50 * 1024 * 1024 / line.count) { handle.write(line) }
        try handle.close()
        let pipeline = try Pipeline.run(root: root, options: .init())
        let finding = try #require(pipeline.findings.first { $0.rule == .unreadableFile })
        #expect(finding.message.contains("too large"))
    }

    @Test func thousandsOfUnmatchedBracesAndPlaceholders() throws {
        // Unmatched braces are text; a scan that went quadratic here once took 22 s.
        let body = String(repeating: "{{", count: 5000) + " text, and } and }} later" + String(repeating: "{", count: 3000)
            + "\n\n" + String(repeating: "{{mash.phone}} ", count: 2000)
        let pipeline = try run(body)
        // Far longer than a page (its own error), and nothing else wrong.
        #expect(pipeline.findings.filter { $0.severity == .error && $0.rule != .pageOverflow }.isEmpty, "\(pipeline.findings.prefix(3))")
        #expect(pipeline.findings.contains { $0.rule == .pageOverflow && $0.message.contains("far more than one A4 page holds") })
        let text = try #require(pipeline.versions.first).document.plainText
        #expect(text.components(separatedBy: "020 7946 0123").count == 2001)
    }

    @Test func yamlBombsAndTagsInEveryYAMLFile() throws {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        // Front matter.
        let root = try Support.smallProject(sheets: ["a.md": "---\n" + bomb + "title: x\n---\nText\n"])
        let inFrontMatter = try Pipeline.run(root: root, options: .init())
        #expect(inFrontMatter.findings.contains { $0.rule == .frontMatter && $0.message.contains("anchors and aliases") })
        // Configuration.
        let (config, configFindings) = Configuration.read(bomb + "partnership: P\naudiences:\n  s: S\n")
        #expect(config == nil && configFindings.contains { $0.message.contains("anchors and aliases") })
        // Tags are read as plain text or refused, never acted on.
        let tagged = try run("Text.", registry: Support.registry + "\n  evil:\n    name: !!python/object:os.system echo\n    verified: 2026-11-01\n")
        #expect(tagged.project?.registry.contact("evil")?.name == "echo" || tagged.findings.contains { $0.rule == .config })
    }

    @Test func aSymlinkedTemplateOrSheetFromOutsideNeverReachesOutput() throws {
        let root = try Support.copyOfProject()
        let secret = try Support.temporaryFolder().appendingPathComponent("secret.md")
        try Data("---\ntitle: Secret\naudiences: [schools]\nreviewed: 2026-11-01\nnext-review: 2027-01-01\n---\n\nSECRET-CONTENT\n".utf8).write(to: secret)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("Guidance/secret.md"), withDestinationURL: secret)
        let before = Support.snapshot(root.appendingPathComponent("Output"))
        let run = try Support.guidance(["build", "--as-of", "2026-12-08"], in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Guidance/secret.md:1:1: error:") && run.stderr.contains("outside Guidance/"))
        #expect(Support.snapshot(root.appendingPathComponent("Output")) == before)
    }
}
