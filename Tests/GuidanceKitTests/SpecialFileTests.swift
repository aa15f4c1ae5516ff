import Foundation
import Testing
@testable import GuidanceKit

/// Issue 23, items 7 and 8: what is not a text file, or is a template no
/// parser should recurse through, ends in a finding naming the file (and the
/// line), never in a hang or a crash; `serve` goes on answering with its last
/// good pages and stops when told to.
@Suite(.serialized, .timeLimit(.minutes(5))) struct SpecialFileTests {
    static let asOf = ["--as-of", "2026-12-08"]

    /// The shipped sheet template with 3,000 nested sections on line 3.
    static func deeplyNestedTemplate() throws -> String {
        let shipped = try Support.shippedTemplate("sheet.mustache")
        var lines = shipped.components(separatedBy: "\n")
        lines.insert(String(repeating: "{{#title}}", count: 3000) + "x" + String(repeating: "{{/title}}", count: 3000), at: 2)
        return lines.joined(separator: "\n")
    }

    @Test func aFIFONamedAsASourceIsRefusedByNameNeverOpenedToWait() throws {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ring {{mash.phone}}.")])
        let guidance = root.appendingPathComponent("Guidance")
        #expect(mkfifo(guidance.path + "/pipe.md", 0o644) == 0)
        try FileManager.default.removeItem(at: guidance.appendingPathComponent("templates/sheet.css"))
        #expect(mkfifo(guidance.path + "/templates/sheet.css", 0o644) == 0)
        // A link inside Guidance/ to the FIFO: allowed as a link, refused as a FIFO.
        try FileManager.default.createSymbolicLink(atPath: guidance.path + "/alias.md", withDestinationPath: "pipe.md")

        let check = try Support.guidance(["check", "--offline"] + Self.asOf, in: root, timeout: 30)
        let said = check.stdout + check.stderr
        print("check with FIFOs in Guidance/:\n\(said)")
        #expect(check.status == 1, "\(said)")
        for name in ["Guidance/pipe.md", "Guidance/alias.md", "Guidance/templates/sheet.css"] {
            #expect(said.contains("\(name):1:1: error: this is a named pipe, not a regular file"), "\(name): \(said)")
        }
        let build = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root, timeout: 30)
        try #require(build.status == 1, "\(build.stdout)\(build.stderr)")
        #expect(build.stderr.contains("Guidance/pipe.md:1:1: error:"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Output").path), "nothing was written")

        // A link to a character device is refused unread (it leads outside Guidance/, and is no regular file).
        try FileManager.default.createSymbolicLink(atPath: guidance.path + "/zero.md", withDestinationPath: "/dev/zero")
        let zero = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root, timeout: 30)
        #expect(zero.status == 1)
        #expect(zero.stderr.contains("Guidance/zero.md:1:1: error:"), "\(zero.stderr)")

        // guidance.yaml as a FIFO: named by check, lint-language and new alike.
        try FileManager.default.removeItem(at: guidance.appendingPathComponent("guidance.yaml"))
        #expect(mkfifo(guidance.path + "/guidance.yaml", 0o644) == 0)
        let named = "Guidance/guidance.yaml:1:1: error: this is a named pipe"
        let config = try Support.guidance(["check", "--offline"] + Self.asOf, in: root, timeout: 30)
        #expect(config.status == 1 && (config.stdout + config.stderr).contains(named), "\(config.stdout)\(config.stderr)")
        let lint = try Support.guidance(["lint-language", "-"], in: root, stdin: "She was abused.\n", timeout: 30)
        #expect((lint.stdout + lint.stderr).contains(named), "\(lint.stdout)\(lint.stderr)")
        let new = try Support.guidance(["new", "b", "--title", "B"], in: root, timeout: 30)
        #expect(new.status == 2 && new.stderr.contains("Guidance/guidance.yaml: this is a named pipe"), "\(new.stderr)")
    }

    @Test func aTemplateWithThousandsOfNestedSectionsIsAConfigErrorNotACrash() throws {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ring {{mash.phone}}.")])
        try Support.write(try Self.deeplyNestedTemplate(), to: "Guidance/templates/sheet.mustache", in: root)
        for command in [["check", "--offline"], ["build", "--no-print-check"]] {
            let run = try Support.guidance(command + Self.asOf, in: root, timeout: 60)
            let said = run.stdout + run.stderr
            print("\(command[0]) with 3,000 nested sections: status \(run.status)\n\(said.prefix(600))")
            #expect(run.status == 1, "\(command[0]) ended with \(run.status): \(said.prefix(2000))")
            #expect(said.contains("Guidance/templates/sheet.mustache:3:1001: error: sections are nested more than 100 deep"),
                    "\(said.prefix(2000))")
            #expect(said.contains("[config]"))
        }
        // As deep as allowed (the page's own sections are one level more),
        // around the whole page: read, rendered and published.
        let shipped = try Support.shippedTemplate("sheet.mustache")
        let wrap = Templates.maximumNesting - 1
        try Support.write(String(repeating: "{{#title}}", count: wrap) + shipped + String(repeating: "{{/title}}", count: wrap),
                          to: "Guidance/templates/sheet.mustache", in: root)
        let deepest = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root, timeout: 60)
        #expect(deepest.status == 0, "\(deepest.stdout)\(deepest.stderr.suffix(2000))")
        #expect(try Support.read("Output/schools/a.html", in: root).contains("href=\"tel:+44-20-7946-0123\""))
    }

    @Test func sectionsUpToTheLimitRenderAndOneMoreIsNamedWhateverTheDelimiters() throws {
        func nested(_ depth: Int, open: String = "{{#a}}", close: String = "{{/a}}") -> String {
            String(repeating: open, count: depth) + "x" + String(repeating: close, count: depth)
        }
        let limit = Templates.maximumNesting
        #expect(Templates.tooDeep(nested(limit)) == nil)
        #expect(Templates.tooDeep(String(repeating: "{{#a}}x{{/a}}", count: 5000)) == nil, "sections side by side are not nested")
        let over = try #require(Templates.tooDeep("<p>\n  " + nested(limit + 1)))
        #expect(over.line == 2 && over.column == 3 + 6 * limit)
        let inverted = try #require(Templates.tooDeep(nested(limit + 1, open: "{{^a}}")))
        #expect(inverted.line == 1 && inverted.column == 1 + 6 * limit)
        // Other delimiters are followed, and a set-delimiter tag opens nothing.
        let custom = try #require(Templates.tooDeep("{{=<% %>=}}\n" + nested(limit + 1, open: "<%#a%>", close: "<%/a%>")))
        #expect(custom.line == 2 && custom.column == 1 + 6 * limit)
        #expect(Templates.tooDeep("{{=<% %>=}}\n" + nested(limit + 1)) == nil, "{{#a}} is text once the delimiters are <% %>")
    }

    @Test func serveNamesAFIFOAndADeepTemplateKeepsItsPagesAndStops() throws {
        let root = try Support.copyOfProject()
        let server = try ServeProcess(root: root, arguments: ["--no-print-check"])
        // A wedged server ignores SIGTERM: never let it outlive the test.
        defer {
            if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL); server.process.waitUntilExit() }
        }
        try server.waitUntilBuilt()
        let page = "/agencies/allegations-against-staff.html"
        let good = try server.get(page).body
        #expect(good.contains("</html>"))
        func overlay() throws -> String {
            let body = try server.get("/").body
            return body.components(separatedBy: "id=\"guidance-overlay\"").dropFirst().first ?? ""
        }

        let fifo = root.appendingPathComponent("Guidance/pipe.md").path
        #expect(mkfifo(fifo, 0o644) == 0)
        try server.waitFor(timeout: 30, "the FIFO named in the overlay") { try overlay().contains("Guidance/pipe.md") }
        #expect(try overlay().contains("named pipe"))
        try FileManager.default.removeItem(atPath: fifo)
        try server.waitFor(timeout: 30, "the overlay to go") { try overlay().isEmpty }

        let template = "Guidance/templates/sheet.mustache"
        let shipped = try Support.shippedTemplate("sheet.mustache")
        try Support.write(try Self.deeplyNestedTemplate(), to: template, in: root)
        try server.waitFor(timeout: 60, "the deep template named in the overlay") { try overlay().contains("\(template):3:") }
        #expect(server.process.isRunning, "serve is still running")
        let kept = try server.get(page)
        #expect(kept.status == 200 && kept.body.contains("<title>") && kept.body.contains("</html>"), "the last good page is served")
        try Support.write(shipped, to: template, in: root)
        try server.waitFor(timeout: 60, "the overlay to go") { try overlay().isEmpty }

        kill(server.process.processIdentifier, SIGTERM)
        try waitFor(timeout: 15, "serve to stop on SIGTERM") { !server.process.isRunning }
        #expect(server.process.terminationStatus == 0)
    }
}
