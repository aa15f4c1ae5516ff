import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// Withdrawing a sheet is deliberate and visible (issue 25, item 3): a
/// deleted source is an error that says how to withdraw; a `withdrawn:`
/// block leaves a page at each old address (where printed copies' QR codes
/// lead) saying when, why and what instead, and the download page and the
/// feed say so too.
@Suite(.tags(.slow)) struct WithdrawalTests {
    static let asOf = ["--as-of", "2026-12-08", "--no-print-check"]

    /// A small project with two sheets, built once.
    static func published() throws -> URL {
        let root = try Support.smallProject(sheets: [
            "old-advice.md": Support.sheet("Ring {{mash.phone}}.", title: "Old advice"),
            "new-advice.md": Support.sheet("Ring {{mash.phone}} at once.", title: "New advice"),
        ])
        let first = try Support.guidance(["build"] + asOf, in: root)
        #expect(first.status == 0, "\(first.stderr)")
        return root
    }

    static let withdrawal = """
        withdrawn:
          date: 2026-12-08
          reason: its advice is now part of New advice
          instead: new-advice
        """

    /// Adds `withdrawal` to a sheet's front matter, as the office would.
    static func withdraw(_ path: String, in root: URL) throws {
        try Support.write(try Support.read(path, in: root).replacingOccurrences(of: "reviewed:", with: withdrawal + "\nreviewed:"),
                          to: path, in: root)
    }

    @Test func deletingAPublishedSheetIsAnErrorThatSaysHowToWithdrawIt() throws {
        let root = try Self.published()
        let before = Support.snapshot(root.appendingPathComponent("Output"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("Guidance/old-advice.md"))
        let run = try Support.guidance(["build"] + Self.asOf, in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Guidance/old-advice.md:1:1: error: Guidance/old-advice.md was published "
            + "(Output/agencies/old-advice.html and Output/schools/old-advice.html) but its source is gone"), "\(run.stderr)")
        #expect(run.stderr.contains("git checkout HEAD -- Guidance/old-advice.md") && run.stderr.contains("withdrawn:"))
        #expect(run.stderr.contains("[deleted-sheet]"))
        #expect(Support.snapshot(root.appendingPathComponent("Output")) == before, "nothing was written")
        let check = try Support.guidance(["check", "--offline", "--as-of", "2026-12-08", "--no-print-check"], in: root)
        #expect(check.status == 1 && check.stdout.contains("[deleted-sheet]"), "CI catches it too: \(check.stdout)")
    }

    @Test func droppingOneAudienceOfAPublishedSheetIsAnErrorToo() throws {
        let root = try Self.published()
        try Support.write(Support.sheet("Ring {{mash.phone}}.", audiences: "[agencies]", title: "Old advice"),
                          to: "Guidance/old-advice.md", in: root)
        let run = try Support.guidance(["build"] + Self.asOf, in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Guidance/old-advice.md:3:12: error: this sheet's Output/schools/old-advice.html was "
            + "published, and printed copies' QR codes lead there, but 'schools' is no longer in its audiences"), "\(run.stderr)")
    }

    @Test func aWithdrawnSheetLeavesAPageAtItsAddressAndSaysSoOnTheDownloadPageAndFeed() throws {
        let root = try Self.published()
        let path = "Guidance/old-advice.md"
        try Self.withdraw(path, in: root)
        let run = try Support.guidance(["build"] + Self.asOf, in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Withdrawn: agencies/old-advice, schools/old-advice"), "\(run.stdout)")

        let page = try Support.read("Output/schools/old-advice.html", in: root)
        #expect(page.contains("<h1>Old advice</h1>") && page.contains("This sheet has been withdrawn"))
        #expect(page.contains("It was withdrawn on 8 December 2026. Its advice is now part of New advice."))
        #expect(page.contains("Use instead: <a href=\"new-advice.html\">New advice</a>."), "\(page)")
        #expect(page.contains("<a href=\"../index.html\">"))
        let text = try Support.read("Output/agencies/old-advice.txt", in: root)
        #expect(text.contains("It was withdrawn on 8 December 2026") && text.contains("Use instead: New advice, new-advice.html"), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Output/schools/old-advice.pdf").path))

        let index = try Support.read("Output/index.html", in: root)
        #expect(index.contains("<a href=\"schools/old-advice.html\">Old advice</a>: withdrawn on 8 December 2026. "
            + "Its advice is now part of New advice. Use <a href=\"schools/new-advice.html\">New advice</a> instead."), "\(index)")
        let feed = try Support.read("Output/feed.xml", in: root)
        #expect(feed.contains("<title>Old advice (Schools and colleges): withdrawn</title>"))
        #expect(feed.contains("<summary>Withdrawn on 8 December 2026. Its advice is now part of New advice. Use instead: New advice.</summary>"))
        #expect(feed.contains("<title>Old advice (Schools and colleges): edition 1</title>"), "its history stays in the feed")
        // Each audience's own feed says so too, and only for its own version.
        let schoolsFeed = try Support.read("Output/schools/feed.xml", in: root)
        #expect(schoolsFeed.contains("<title>Old advice (Schools and colleges): withdrawn</title>"), "\(schoolsFeed)")
        #expect(!schoolsFeed.contains("(Other agencies)"))
        let agenciesFeed = try Support.read("Output/agencies/feed.xml", in: root)
        #expect(agenciesFeed.contains("<title>Old advice (Other agencies): withdrawn</title>"), "\(agenciesFeed)")
        #expect(!agenciesFeed.contains("(Schools and colleges)"))
        #expect(!schoolsFeed.contains("old-advice.pdf"), "a withdrawn sheet's PDF is gone, so no entry links it")

        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(try Support.read("Output/manifest.json", in: root).utf8))
        #expect(manifest.versions["schools/old-advice"]?.withdrawn?.reason == "its advice is now part of New advice")

        // Once published, the source may go: the page stays, byte for byte.
        let withdrawn = Support.snapshot(root.appendingPathComponent("Output"))
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
        let again = try Support.guidance(["build"] + Self.asOf, in: root)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(Support.snapshot(root.appendingPathComponent("Output")) == withdrawn)
    }

    /// The withdrawn page, a download page listing it and the subscribe page
    /// it links (here without a base URL), as built, are
    /// kept in Fixtures/site, which `make audit` checks with axe-core and
    /// the Nu HTML Checker (the shipped sheets have no withdrawn one today).
    /// After an intended change: `GUIDANCE_UPDATE_GOLDEN=1 swift test --filter WithdrawalTests`.
    @Test func theAuditedFixturesAreWhatTheBuildMakes() throws {
        let root = try Self.published()
        let path = "Guidance/old-advice.md"
        try Self.withdraw(path, in: root)
        #expect(try Support.guidance(["build"] + Self.asOf, in: root).status == 0)
        let site = Support.fixtures.appendingPathComponent("site")
        for file in ["index.html", "subscribe.html", "schools/old-advice.html"] {
            let built = try Support.read("Output/" + file, in: root)
            let fixture = site.appendingPathComponent(file)
            if ProcessInfo.processInfo.environment["GUIDANCE_UPDATE_GOLDEN"] != nil {
                try FileManager.default.createDirectory(at: fixture.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(built.utf8).write(to: fixture)
            }
            #expect(built == (try String(contentsOf: fixture, encoding: .utf8)), "\(file) differs from Fixtures/site/\(file)")
        }
    }

    @Test func aWithdrawnSheetIsNotCheckedOrReviewedAndNeedsOnlyItsTitle() throws {
        let root = try Self.published()
        // Past its review date, with a number that is not a number: neither matters any more.
        try Support.write("""
            ---
            title: Old advice
            \(Self.withdrawal)
            ---

            Ring 020 7946 01.
            """, to: "Guidance/old-advice.md", in: root)
        let run = try Support.guidance(["build", "--as-of", "2027-06-01", "--no-print-check"], in: root)
        #expect(!run.stderr.contains("old-advice.md"), "\(run.stderr)")
    }

    @Test func aWithdrawalNeedsADateAReasonAndARealSheetInstead() throws {
        let root = try Self.published()
        try Support.write("""
            ---
            title: Old advice
            withdrawn:
              instead: new-advise
            ---
            """, to: "Guidance/old-advice.md", in: root)
        let run = try Support.guidance(["build"] + Self.asOf, in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Guidance/old-advice.md:4:3: error: withdrawn: needs the day the sheet was withdrawn"), "\(run.stderr)")
        #expect(run.stderr.contains("withdrawn: needs a reason"))
        try Support.write("""
            ---
            title: Old advice
            withdrawn:
              date: 2026-12-08
              reason: replaced
              instead: new-advise
            ---
            """, to: "Guidance/old-advice.md", in: root)
        let misspelt = try Support.guidance(["build"] + Self.asOf, in: root)
        #expect(misspelt.status == 1)
        #expect(misspelt.stderr.contains("withdrawn: instead names 'new-advise', which is not a sheet that is published"), "\(misspelt.stderr)")
        #expect(misspelt.stderr.contains("suggestion: new-advice"))
    }

    /// A withdrawal published stays, even when its name is used again for
    /// other audiences; it is not taken for a version dropped by mistake.
    @Test func aWithdrawnVersionStaysWhenItsNameIsUsedAgainForOtherAudiences() throws {
        let root = try Self.published()
        let path = "Guidance/old-advice.md"
        try Self.withdraw(path, in: root)
        #expect(try Support.guidance(["build"] + Self.asOf, in: root).status == 0)
        try Support.write(Support.sheet("Ring {{mash.phone}} today.", audiences: "[schools]", title: "Old advice, again"), to: path, in: root)
        let run = try Support.guidance(["build"] + Self.asOf, in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Support.read("Output/agencies/old-advice.html", in: root).contains("This sheet has been withdrawn"))
        #expect(try Support.read("Output/schools/old-advice.html", in: root).contains("Old advice, again"))
    }

    /// A build of some audiences cannot withdraw: it writes neither the
    /// download page nor the feed, which would still offer the sheet.
    @Test func withdrawingNeedsABuildOfEveryAudience() throws {
        let root = try Self.published()
        let path = "Guidance/old-advice.md"
        try Self.withdraw(path, in: root)
        let before = Support.snapshot(root.appendingPathComponent("Output"))
        let run = try Support.guidance(["build", "--audience", "schools"] + Self.asOf, in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("withdrawing a sheet needs a build of every audience"), "\(run.stderr)")
        #expect(Support.snapshot(root.appendingPathComponent("Output")) == before)
    }

    /// The sheet to use instead is kept as written: withdrawn in turn, its
    /// link leaves the page (no dead link), and the record still names it.
    @Test func theSheetToUseInsteadIsKeptAsWrittenWhenItIsWithdrawnToo() throws {
        let root = try Self.published()
        let path = "Guidance/old-advice.md"
        try Self.withdraw(path, in: root)
        #expect(try Support.guidance(["build"] + Self.asOf, in: root).status == 0)
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
        let other = "Guidance/new-advice.md"
        try Support.write(try Support.read(other, in: root).replacingOccurrences(of: "reviewed:",
            with: "withdrawn:\n  date: 2026-12-08\n  reason: no longer needed\nreviewed:"), to: other, in: root)
        let run = try Support.guidance(["build"] + Self.asOf, in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!(try Support.read("Output/schools/old-advice.html", in: root)).contains("Use instead"))
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(try Support.read("Output/manifest.json", in: root).utf8))
        #expect(manifest.versions["schools/old-advice"]?.withdrawn?.instead == "new-advice")
    }

    @Test func aSheetBroughtBackContinuesItsEditions() throws {
        let root = try Self.published()
        let path = "Guidance/old-advice.md"
        let original = try Support.read(path, in: root)
        try Self.withdraw(path, in: root)
        #expect(try Support.guidance(["build"] + Self.asOf, in: root).status == 0)
        try Support.write(original, to: path, in: root)
        let back = try Support.guidance(["build"] + Self.asOf, in: root)
        #expect(back.status == 0, "\(back.stderr)")
        let page = try Support.read("Output/schools/old-advice.html", in: root)
        #expect(!page.contains("withdrawn") && page.contains("Edition 1"))
        #expect(!(try Support.read("Output/index.html", in: root)).contains("withdrawn on"))
    }
}
}
