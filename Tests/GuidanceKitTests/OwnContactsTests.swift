import Foundation
import Testing
@testable import GuidanceKit

/// A school's own sheet (issue 26): the schools versions carry a box for the
/// school's own designated safeguarding lead, deputy and where to find them,
/// switched on per audience in guidance.yaml (`own-contacts:`); the schools'
/// page `schools/own-copy.html` fills it in the browser, with its one script
/// allowed by hash. (OwnCopyBrowserTests prints it in Chromium.)
@Suite struct OwnContactsTests {
    static let asOf = Day(iso: "2026-12-08")!
    static let labels = ["Our designated safeguarding lead", "Deputy", "Where to find them"]

    /// The shipped project rendered as a full build publishes it, without a browser.
    static func shippedSite() async throws -> [String: String] {
        let root = try Support.copyOfProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let (_, files) = try await Support.renderedDespiteErrors(root: root, asOf: asOf)
        return files.compactMapValues { String(data: $0, encoding: .utf8) }
    }

    static func isSheetPage(_ path: String) -> Bool {
        path.hasSuffix(".html") && path.split(separator: "/").count == 2 && !path.hasSuffix("/own-copy.html")
    }

    @Test func everySchoolsSheetHasTheBoxAndNoAgenciesSheetDoes() async throws {
        let site = try await Self.shippedSite()
        let schools = site.keys.filter { $0.hasPrefix("schools/") && Self.isSheetPage($0) }.sorted()
        let agencies = site.keys.filter { $0.hasPrefix("agencies/") && Self.isSheetPage($0) }.sorted()
        #expect(schools.count == 4 && agencies.count == 4, "\(schools) \(agencies)")
        for path in schools {
            let page = try #require(site[path])
            #expect(page.contains("class=\"own-contacts\""), "\(path) has no box for the school's own contacts")
            for label in Self.labels {
                #expect(page.contains("\(label):</span> <span class=\"fill\""), "\(path) has no ruled line for '\(label)'")
            }
        }
        for path in agencies {
            #expect(site[path]?.contains("class=\"own-contacts") == false, "\(path) has the schools' box")
        }
        // The sheet pages stay free of scripts, and their policy still forbids them.
        for path in schools + agencies {
            let page = try #require(site[path])
            #expect(!page.contains("<script"), "\(path)")
            #expect(page.contains("script-src 'none'"), "\(path)")
        }
    }

    @Test func theSchoolsPageAllowsItsOneScriptByHashAndNothingElse() async throws {
        let site = try await Self.shippedSite()
        let page = try #require(site["schools/own-copy.html"], "no page for schools to fill in their own sheet")
        #expect(site["agencies/own-copy.html"] == nil, "agencies have no box, so no page to fill one")

        // One script, allowed by the SHA-256 of its exact bytes.
        let scripts = page.components(separatedBy: "<script>")
        try #require(scripts.count == 2, "one inline script expected")
        let script = try #require(scripts[1].components(separatedBy: "</script>").first)
        var sha = SHA256()
        sha.update(script)
        let hex = Array(sha.finish().utf8)
        let bytes = stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
        let hash = "'sha256-\(Data(bytes).base64EncodedString())'"
        let policy = try #require(page.firstMatch(of: /http-equiv="Content-Security-Policy" content="([^"]*)"/)?.1)
        #expect(policy.contains("default-src 'none'"), "\(policy)")
        let directives = policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(directives.filter { $0.hasPrefix("script-src") } == ["script-src \(hash)"], "\(policy) against \(hash)")
        #expect(!policy.contains("connect-src") && !policy.contains("unsafe-eval"), "\(policy)")
        #expect(policy.contains("form-action 'none'"), "\(policy)")
        // No inline event handlers (the policy would block them anyway).
        #expect(page.firstMatch(of: /<[^>]*\son[a-z]+=/) == nil)

        // Every schools sheet, to pick from, and a labelled field for each line of the box.
        for slug in ["allegations-against-staff", "indecent-images", "right-language", "when-a-child-tells-you"] {
            #expect(page.contains("<template id=\"sheet-\(slug)\" "), "\(slug) is not on the page")
            #expect(page.contains("<option value=\"\(slug)\""), "\(slug) cannot be picked")
        }
        for label in Self.labels {
            #expect(page.contains(">\(label)</label>"), "no field labelled '\(label)'")
        }
        #expect(page.contains("nothing you type is sent"), "the page must say nothing is sent anywhere")

        // The download page links it, under the schools.
        let index = try #require(site["index.html"])
        #expect(index.contains("href=\"schools/own-copy.html\""), "the download page does not link the schools' page")
    }

    @Test func theBoxIsSwitchedOnPerAudienceWithItsLabels() {
        let config = """
            partnership: P
            audiences:
              schools:
                label: Schools and colleges
                own-contacts: true
              nurseries:
                label: Early years settings
                own-contacts: [Our safeguarding lead, Where to find them]
              agencies: Other agencies
            """
        let (parsed, findings) = Configuration.read(config)
        #expect(findings.isEmpty, "\(findings)")
        #expect(parsed?.audiences.map(\.label) == ["Schools and colleges", "Early years settings", "Other agencies"])
        #expect(parsed?.audience("schools")?.ownContacts == Self.labels)
        #expect(parsed?.audience("nurseries")?.ownContacts == ["Our safeguarding lead", "Where to find them"])
        #expect(parsed?.audience("agencies")?.ownContacts == [])

        let broken = """
            partnership: P
            audiences:
              schools:
                own-contacts: yes please
            """
        let (_, brokenFindings) = Configuration.read(broken)
        #expect(brokenFindings.contains { $0.severity == .error && $0.location.line == 4 && $0.message.contains("own-contacts") },
                "\(brokenFindings)")
        #expect(brokenFindings.contains { $0.severity == .error && $0.location.line == 3 && $0.message.contains("label") },
                "\(brokenFindings)")
    }

    /// `guidance serve` adds its reload script by nonce and keeps the page's
    /// own script allowed by its hash, so the page works in the preview too.
    @Test func thePreviewKeepsThePagesOwnScriptAllowed() {
        let page = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-abc='; form-action 'none'\">"
        let served = PreviewPage.allowingScript(page, nonce: "n1")
        #expect(served.contains("script-src 'nonce-n1' 'sha256-abc='"), "\(served)")
        #expect(PreviewPage.allowingScript(page.replacingOccurrences(of: "'sha256-abc='", with: "'none'"), nonce: "n1")
            .contains("script-src 'nonce-n1';"))
    }

    /// No sheet may take the page's name, as none may take the pack's.
    @Test func ownCopyIsAReservedSheetName() {
        #expect(NewSheet.problem(withSlug: "own-copy")?.contains("reserved") == true)
        let (_, findings) = Sheet.read(text: Support.sheet("Text."), slug: "own-copy", path: "Guidance/own-copy.md", partnership: "P")
        #expect(findings.contains { $0.severity == .error && $0.message.contains("reserved") }, "\(findings)")
    }
}
