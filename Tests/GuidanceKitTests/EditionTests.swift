import Foundation
import Testing
@testable import GuidanceKit

/// Editions, change notes, the feed and the print packs, as a reader of the
/// paper, the download page and the feed sees them.
@Suite(.serialized, .timeLimit(.minutes(6))) struct EditionTests {
    static let asOf = Day(iso: "2026-12-08")!

    /// Two sheets; `a` has an agencies-only and a schools-only line.
    static func project(approvedBy: String? = nil) throws -> URL {
        let approved = approvedBy.map { "approved-by: \($0)\n" } ?? ""
        return try Support.smallProject(sheets: [
            "a.md": """
                ---
                title: Zulu sheet
                audiences: [schools, agencies]
                reviewed: 2026-11-01
                next-review: 2027-05-01
                \(approved)---

                Ring {{mash.phone}} quickly. <!-- audience: schools -->

                Ring {{mash.phone}} at once. <!-- audience: agencies -->
                """,
            "b.md": Support.sheet("Tell the LADO: {{lado.phone}}.", title: "Alpha sheet"),
        ])
    }

    @discardableResult
    static func build(_ root: URL) async throws -> Build.Result {
        let result = try await Build.run(root: root, output: root.appendingPathComponent("Output"),
                                   options: Pipeline.Options(asOf: asOf), print: .none)
        #expect(result.report != nil, "\(result.pipeline.findings)")
        return result
    }

    static func manifest(_ root: URL) throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: root.appendingPathComponent("Output/manifest.json")))
    }

    static func edit(_ root: URL, _ path: String, _ change: (String) -> String) throws {
        try Support.write(change(try Support.read(path, in: root)), to: path, in: root)
    }

    @Test func aFirstBuildPrintsEditionOneInTheFooterTheTextAndTheDownloadPage() async throws {
        let root = try Self.project()
        try await Self.build(root)
        let manifest = try Self.manifest(root)
        #expect(manifest.versions.keys.sorted() == ["agencies/a", "agencies/b", "schools/a", "schools/b"])
        #expect(manifest.versions.values.allSatisfy { $0.edition == 1 && $0.date == "2026-11-01" && $0.hash.count == 64 })
        let html = try Support.read("Output/schools/a.html", in: root)
        #expect(html.contains("<strong>Edition 1, 1 November 2026.</strong> Reviewed 1 November 2026."))
        let text = try Support.read("Output/schools/a.txt", in: root)
        #expect(text.split(separator: "\n").prefix(5).contains("Edition 1, 1 November 2026"), "\(text)")
        let index = try Support.read("Output/index.html", in: root)
        #expect(index.contains("Edition 1, 1 November 2026: First edition."))
        #expect(index.contains("1 November 2026: <a href=\"schools/a.html\">Zulu sheet</a> (Schools and colleges), edition 1. New sheet.</li>"))
    }

    @Test func theDownloadPageListsSheetsByTitleNotFileName() async throws {
        let root = try Self.project()
        try await Self.build(root)
        let index = try Support.read("Output/index.html", in: root)
        let alpha = try #require(index.range(of: ">Alpha sheet</a>")), zulu = try #require(index.range(of: ">Zulu sheet</a>"))
        #expect(alpha.lowerBound < zulu.lowerBound, "b.md (Alpha) comes before a.md (Zulu)")
    }

    @Test func aOneWordChangeRaisesExactlyThatVersionAndItsNoteReachesPageFeedAndManifest() async throws {
        let root = try Self.project()
        try await Self.build(root)
        let before = Support.snapshot(root.appendingPathComponent("Output"))
        try Self.edit(root, "Guidance/a.md") {
            $0.replacingOccurrences(of: "quickly.", with: "promptly.")
                .replacingOccurrences(of: "reviewed: 2026-11-01", with: "reviewed: 2026-11-20\nchanges: Ring promptly, not quickly.")
        }
        let result = try await Self.build(root)
        #expect(result.editionsRaised.map(\.description) == ["schools/a (edition 2)"])
        #expect(!result.pipeline.findings.contains { $0.rule == .missingChangeNote })

        let manifest = try Self.manifest(root)
        #expect(manifest.versions.mapValues(\.edition) == ["schools/a": 2, "agencies/a": 1, "schools/b": 1, "agencies/b": 1])
        let entry = try #require(manifest.versions["schools/a"])
        #expect(entry.date == "2026-11-20", "the edition's date is the new reviewed date")
        #expect(entry.history.map(\.edition) == [1, 2])
        #expect(entry.history.last?.notes == ["Ring promptly, not quickly."])

        let after = Support.snapshot(root.appendingPathComponent("Output"))
        #expect(after["schools/b.html"] == before["schools/b.html"] && after["agencies/b.txt"] == before["agencies/b.txt"])
        #expect(try Support.read("Output/schools/a.html", in: root).contains("Edition 2, 20 November 2026."))
        #expect(try Support.read("Output/agencies/a.html", in: root).contains("Edition 1, 1 November 2026."))
        let index = try Support.read("Output/index.html", in: root)
        #expect(index.contains("20 November 2026: <a href=\"schools/a.html\">Zulu sheet</a> (Schools and colleges), edition 2. Ring promptly, not quickly.</li>"))
        #expect(index.contains("Edition 2, 20 November 2026: Ring promptly, not quickly."))
        #expect(!index.contains("No sheet has changed"))
        let feed = try Support.read("Output/feed.xml", in: root)
        #expect(feed.contains("<title>Zulu sheet (Schools and colleges): edition 2</title>"))
        #expect(feed.contains("<summary>Ring promptly, not quickly.</summary>"))
        #expect(feed.contains("<updated>2026-11-20T00:00:00Z</updated>"))
    }

    @Test func anUnchangedRebuildChangesNoByteAndRaisesNoEdition() async throws {
        let root = try Self.project()
        try await Self.build(root)
        let output = root.appendingPathComponent("Output")
        let first = Support.snapshot(output)
        // No shortcut: the stamp of the last build is gone, so everything is rendered again.
        try? FileManager.default.removeItem(at: root.appendingPathComponent(".guidance-cache"))
        let second = try await Self.build(root)
        #expect(second.editionsRaised.isEmpty)
        #expect(second.report?.written == [])
        #expect(Support.snapshot(output) == first)
    }

    @Test func aChangedTextWithoutANewChangesEntryIsWarnedByCheckAndBuild() async throws {
        let root = try Self.project()
        try Self.edit(root, "Guidance/a.md") { $0.replacingOccurrences(of: "next-review: 2027-05-01", with: "next-review: 2027-05-01\nchanges: First words.") }
        try await Self.build(root)
        try Self.edit(root, "Guidance/a.md") { $0.replacingOccurrences(of: "quickly.", with: "promptly.") }
        let checked = try Pipeline.run(root: root, options: Pipeline.Options(asOf: Self.asOf))
        let warnings = checked.findings.filter { $0.rule == .missingChangeNote }
        #expect(warnings.count == 1)
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first?.location.file == "Guidance/a.md" && warnings.first?.location.line == 6, "at the changes: line")
        #expect(warnings.first?.message.contains("the schools version's text changed since edition 1") == true)

        let built = try await Self.build(root)
        #expect(built.pipeline.findings.contains { $0.rule == .missingChangeNote }, "build warns too")
        #expect(built.editionsRaised.map(\.description) == ["schools/a (edition 2)"], "the edition still rises")
        #expect(try Support.read("Output/index.html", in: root).contains("Edition 2, 1 November 2026: Text revised."))
        // Once published, the same text is no longer a change.
        let again = try Pipeline.run(root: root, options: Pipeline.Options(asOf: Self.asOf))
        #expect(!again.findings.contains { $0.rule == .missingChangeNote })
    }

    /// Issue 25, item 5: the build after the one that raised the edition has
    /// nothing to do, and says only what is true now: the publication records
    /// the change, so there is no missing note to warn about.
    @Test func aNoOpBuildAfterAnUnnotedChangeDoesNotRepeatTheWarning() throws {
        let root = try Self.project()
        let arguments = ["build", "--no-print-check", "--as-of", "2026-12-08"]
        let first = try Support.guidance(arguments, in: root)
        #expect(first.status == 0, "\(first.stderr)")
        try Self.edit(root, "Guidance/a.md") { $0.replacingOccurrences(of: "quickly.", with: "promptly.") }
        let changed = try Support.guidance(arguments, in: root)
        #expect(changed.status == 0 && changed.stdout.contains("New editions: schools/a (edition 2)"), "\(changed.stdout)")
        #expect(changed.stderr.contains("[missing-change-note]"), "\(changed.stderr)")
        let again = try Support.guidance(arguments, in: root)
        #expect(again.stdout.contains("Output is up to date"), "\(again.stdout)")
        #expect(!again.stderr.contains("[missing-change-note]"), "\(again.stderr)")
    }

    /// Issue 25, item 4: a new sheet is news on the download page.
    @Test func aNewSheetIsListedInRecentChangesByItsEditionDate() async throws {
        let root = try Self.project()
        try await Self.build(root)
        let middle = Support.sheet("Tell the LADO: {{lado.phone}}.", audiences: "[schools]", title: "Middle sheet")
            .replacingOccurrences(of: "reviewed: 2026-11-01", with: "reviewed: 2026-11-25")
        try Support.write(middle, to: "Guidance/c.md", in: root)
        try await Self.build(root)
        let index = try Support.read("Output/index.html", in: root)
        let recent = index.components(separatedBy: "id=\"recent-changes\"")[1].components(separatedBy: "</section>")[0]
        let items = recent.components(separatedBy: "<li>").dropFirst().map { $0.components(separatedBy: "</li>")[0] }
        #expect(items.first == "25 November 2026: <a href=\"schools/c.html\">Middle sheet</a> (Schools and colleges), edition 1. New sheet.",
                "newest first: \(items)")
        #expect(items.contains("1 November 2026: <a href=\"schools/a.html\">Zulu sheet</a> (Schools and colleges), edition 1. New sheet."))
        #expect(!recent.contains("No sheet has changed"))
    }

    @Test func aContactChangeIsNotedByTheBuildItselfInEveryVersionThatShowsIt() async throws {
        let root = try Self.project()
        try await Self.build(root)
        try Self.edit(root, "Guidance/contacts.yaml") {
            $0.replacingOccurrences(of: "phone: 020 7946 0123", with: "phone: 020 7946 0999")
                .replacingOccurrences(of: "    verified: 2026-11-01\n  lado", with: "    verified: 2026-11-25\n    retired: [020 7946 0123]\n  lado")
        }
        let result = try await Self.build(root)
        #expect(result.editionsRaised.map(\.description) == ["agencies/a (edition 2)", "schools/a (edition 2)"], "\(result.pipeline.findings)")
        #expect(!result.pipeline.findings.contains { $0.rule == .missingChangeNote })
        let entry = try #require(try Self.manifest(root).versions["schools/a"])
        #expect(entry.history.last?.notes == ["Children's Access Team (MASH): phone number changed to 020 7946 0999."])
        #expect(entry.date == "2026-11-25", "the day the new number was verified")
        #expect(try Support.read("Output/schools/a.txt", in: root).contains("Edition 2, 25 November 2026"))
    }

    @Test func theSignOffIsPrintedBesideTheReviewDate() async throws {
        let root = try Self.project(approvedBy: "Jo Bloggs, Head of Safeguarding")
        try await Self.build(root)
        #expect(try Support.read("Output/schools/a.html", in: root)
            .contains("Reviewed 1 November 2026, approved by Jo Bloggs, Head of Safeguarding. Next review due 1 May 2027."))
        #expect(try Support.read("Output/schools/a.txt", in: root).contains("Approved by Jo Bloggs, Head of Safeguarding."))
        #expect(try !Support.read("Output/schools/b.html", in: root).contains("approved by"))
    }

    /// "Subscribe to new editions" leads to a page a person can read (a feed
    /// opened in a browser is raw XML), which says how to subscribe and links
    /// the feed for everyone and one per audience.
    @Test func theDownloadPageLinksASubscribePageThatLinksEveryFeed() async throws {
        let root = try Self.project()
        try await Self.build(root)
        let index = try Support.read("Output/index.html", in: root)
        #expect(index.contains("<link rel=\"alternate\" type=\"application/atom+xml\""))
        #expect(index.contains("<a href=\"subscribe.html\">Subscribe to new editions</a>"), "\(index)")
        let page = try Support.read("Output/subscribe.html", in: root)
        for feed in ["feed.xml", "schools/feed.xml", "agencies/feed.xml"] {
            #expect(page.contains("href=\"\(feed)\""), "the subscribe page links \(feed)")
            #expect(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
                && page.contains("href=\"\(feed)\">"), "and offers \(feed) to a browser or reader that looks for feeds")
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Output/\(feed)").path), "\(feed) is published")
        }
        #expect(page.contains(">Feed for schools and colleges</a>") && page.contains(">Feed for other agencies</a>")
            && page.contains(">Feed for every audience</a>"), "each feed is named by whom it is for")
        // Plain words on what a feed is and the three ways to follow one.
        for words in ["feed reader", "e-mail", "Outlook"] { #expect(page.contains(words), "the page explains \(words)") }
        #expect(page.contains("<a href=\"index.html\">"), "and leads back to the download page")
        // Same rules as every other page: no scripts, nothing fetched.
        #expect(page.contains("script-src 'none'") && !page.contains("<script") && !page.contains("xml-stylesheet"))
        #expect(page.contains("<html lang=\"en-GB\">"))
    }

    /// A school subscribes to the schools feed and gets none of the other
    /// agencies' entries; each entry links the sheet's PDF as well as its page.
    @Test func eachAudienceHasItsOwnFeedAndEntriesLinkThePDF() async throws {
        let root = try Support.copyOfProject()
        let output = root.appendingPathComponent("Output")
        let result = try await Build.run(root: root, output: output, options: Pipeline.Options(asOf: Self.asOf), print: .none)
        #expect(result.report != nil, "\(result.pipeline.findings)")
        let python = try #require(Self.feedParser(), "install feedparser: make .venv/.installed")
        let script = """
            import sys, feedparser
            base = 'https://www.harrowscb.co.uk/guidance/'
            def entries(path, audience):
                d = feedparser.parse(path)
                assert not d.bozo, (path, d.get('bozo_exception'))
                assert d.version == 'atom10', d.version
                selves = [l.href for l in d.feed.links if l.rel == 'self']
                assert selves == [base + (audience + '/' if audience else '') + 'feed.xml'], selves
                assert d.entries, path
                for e in d.entries:
                    page = [l.href for l in e.links if l.rel == 'alternate' and l.type == 'text/html']
                    pdf = [l.href for l in e.links if l.type == 'application/pdf']
                    assert len(page) == 1 and len(pdf) == 1, (e.id, e.links)
                    assert pdf[0] == page[0][:-len('.html')] + '.pdf', (page, pdf)
                    if audience:
                        assert page[0].startswith(base + audience + '/'), (path, e.id, page)
                return {e.id for e in d.entries}
            everyone = entries(sys.argv[1] + '/feed.xml', None)
            schools = entries(sys.argv[1] + '/schools/feed.xml', 'schools')
            agencies = entries(sys.argv[1] + '/agencies/feed.xml', 'agencies')
            assert not schools & agencies
            assert schools | agencies == everyone, everyone ^ (schools | agencies)
            print(len(schools), len(agencies), len(everyone))
            """
        try Support.write(script, to: "parse.py", in: root)
        let run = try Support.capture(python, [root.appendingPathComponent("parse.py").path, output.path])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    /// A Python with feedparser: the Makefile's test venv, or one under .build.
    static func feedParser() -> String? {
        [".venv/bin/python", ".build/feed-venv/bin/python"]
            .map { Support.packageRoot.appendingPathComponent($0).path }
            .first { (try? Support.run($0, ["-c", "import feedparser"])) == 0 }
    }

    @Test func theFeedIsValidAtomToARealFeedParser() async throws {
        let root = try Self.project()
        try await Self.build(root)
        try Self.edit(root, "Guidance/b.md") {
            $0.replacingOccurrences(of: "Tell the LADO", with: "Tell the LADO & the DSL")
                .replacingOccurrences(of: "next-review: 2027-05-01", with: "next-review: 2027-05-01\nchanges: \"Says 'at once' & 'clearly'.\"")
        }
        try await Self.build(root)
        let feed = root.appendingPathComponent("Output/feed.xml")
        let python = try #require(Self.feedParser(), "install feedparser: make test creates .venv with it, or python3 -m venv .build/feed-venv && .build/feed-venv/bin/pip install feedparser")
        let script = """
            import sys, feedparser
            d = feedparser.parse(sys.argv[1])
            assert not d.bozo, d.get('bozo_exception')
            assert d.version == 'atom10', d.version
            assert d.feed.title and d.feed.id and d.feed.updated_parsed and d.feed.author
            assert [l.rel for l in d.feed.links] == ['self', 'alternate']
            assert len(d.entries) == 6, len(d.entries)
            for e in d.entries:
                assert e.id and e.title and e.link and e.updated_parsed and e.summary is not None, e
            assert len({e.id for e in d.entries}) == 6
            first = d.entries[0]
            assert first.title == 'Alpha sheet (Other agencies): edition 2', first.title
            assert first.summary == "Says 'at once' & 'clearly'.", first.summary
            assert first.id == 'urn:guidance:agencies/b.html#edition-2', first.id
            """
        try Support.write(script, to: "parse.py", in: root)
        #expect(try Support.run(python, [root.appendingPathComponent("parse.py").path, feed.path]) == 0)
    }

    @Test func printPacksHoldEverySheetOfAnAudienceAndAreLinkedWithTheirPageCount() async throws {
        let root = try Support.copyOfProject()
        let output = root.appendingPathComponent("Output")
        let result = try await Build.run(root: root, output: output, options: Pipeline.Options(asOf: Self.asOf), print: .none)
        #expect(result.report != nil)
        // No sheet's PDF changed, so the committed packs are kept, not joined again.
        #expect(result.report?.written.contains { $0.hasSuffix("all-sheets.pdf") } == false, "\(result.report?.written ?? [])")
        // The committed PDFs stay (their pages did not change), so each audience has its pack.
        for audience in ["schools", "agencies"] {
            let pack = try Data(contentsOf: output.appendingPathComponent("\(audience)/all-sheets.pdf"))
            #expect(Printer.pageCount(of: pack) == 4)
            let text = Printer.text(of: pack) ?? ""
            for title in ["Allegations against staff", "Responding to indecent images", "Using the right language", "When a child tells you"] {
                #expect(text.contains(title), "\(audience) pack holds \(title)")
            }
        }
        let index = try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains(#/<a href="schools/all-sheets.pdf" download="harrow-schools-all-sheets-\d{4}-\d\d-\d\d.pdf">All sheets for schools and colleges \(PDF, 4 pages, \d+ KB\)</a>/#))
        #expect(try OneAtATime.PublishingTests.unresolvedLinks(in: output).isEmpty)
    }

    @Test func withoutEveryPDFThereIsNoPackAndThePageDoesNotLinkOne() async throws {
        let root = try Self.project()
        try await Self.build(root)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Output/schools/all-sheets.pdf").path))
        #expect(try !Support.read("Output/index.html", in: root).contains("all-sheets.pdf"))
    }

    @Test func aSheetCannotTakeThePrintPacksName() throws {
        let root = try Support.smallProject(sheets: ["all-sheets.md": Support.sheet("Text.")])
        let pipeline = try Pipeline.run(root: root, options: Pipeline.Options(asOf: Self.asOf))
        #expect(pipeline.findings.contains { $0.rule == .frontMatter && $0.message.contains("reserved for the print pack") })
    }
}
