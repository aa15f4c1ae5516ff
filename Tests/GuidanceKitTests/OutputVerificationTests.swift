import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// Output/ is verified against what the last build recorded (issue 25, item 4):
/// a file changed by hand is rewritten and named, `check` reports it, and a
/// manifest that contradicts itself, the feed or the sources stops the build.
@Suite(.tags(.slow), .serialized, .timeLimit(.minutes(8))) struct OutputVerificationTests {
    static let asOf = ["--as-of", "2026-12-08"]

    static func project() throws -> URL { try EditionTests.project() }

    static func sha256(_ data: Data) -> String {
        var sha = SHA256()
        sha.update(data)
        return sha.finish()
    }

    static func json(_ run: Support.Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)\n\(run.stderr)")
    }

    /// `guidance check --offline` (no print check: these tests are about Output/), as JSON findings.
    static func check(_ root: URL) throws -> (status: Int32, findings: [[String: Any]]) {
        let run = try Support.guidance(["check", "--offline", "--no-print-check", "--format", "json"] + asOf, in: root)
        let object = try json(run)
        return (run.status, object["findings"] as? [[String: Any]] ?? [])
    }

    static func rules(_ findings: [[String: Any]], _ rule: String) -> [[String: Any]] {
        findings.filter { $0["rule"] as? String == rule }
    }

    static func manifestObject(_ root: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent("Output/manifest.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func writeManifest(_ object: [String: Any], in root: URL) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try data.write(to: root.appendingPathComponent("Output/manifest.json"))
    }

    /// Replaces `path` with `bytes` as `cp -p` would: same size, same
    /// modification time, same inode, so only the content says it changed.
    static func overwriteKeepingTimes(_ path: URL, with bytes: Data) throws {
        let copy = path.deletingLastPathComponent().appendingPathComponent(".replacement")
        try bytes.write(to: copy)
        #expect(try Support.run("/usr/bin/touch", ["-r", path.path, copy.path]) == 0)
        #expect(try Support.run("/bin/cp", ["-p", copy.path, path.path]) == 0)
        try FileManager.default.removeItem(at: copy)
    }

    // (a) A PDF copied over another is reprinted, named, and reported by check.
    @Test func aPDFCopiedOverAnotherIsReprintedAndNamed() throws {
        _ = try #require(Printer.locate(), "Chromium is needed: make test installs the chromium package")
        let root = try Self.project()
        let output = root.appendingPathComponent("Output")
        let first = try Support.guidance(["build"] + Self.asOf, in: root, timeout: 180)
        #expect(first.status == 0, "\(first.stderr)")
        let before = Support.snapshot(output)
        let a = try #require(before["schools/a.pdf"]), b = try #require(before["schools/b.pdf"])
        #expect(a != b)
        try a.write(to: output.appendingPathComponent("schools/b.pdf"))

        let checked = try Self.check(root)
        #expect(checked.status == 1, "check fails on a changed output file")
        let changed = Self.rules(checked.findings, "output-changed")
        #expect(changed.map { $0["file"] as? String } == ["Output/schools/b.pdf"], "\(checked.findings)")
        #expect((changed.first?["message"] as? String ?? "").contains("guidance build"))

        let run = try Support.guidance(["build", "--format", "json"] + Self.asOf, in: root, timeout: 180)
        #expect(run.status == 0, "\(run.stderr)")
        let after = Support.snapshot(output)
        #expect(after["schools/b.pdf"] == b, "the PDF is printed again from its own page")
        #expect(after["index.html"] == before["index.html"], "the preview is made from the right PDF")
        #expect(after["schools/all-sheets.pdf"] == before["schools/all-sheets.pdf"])
        let build = try #require(try Self.json(run)["build"] as? [String: Any])
        let replaced = build["replaced"] as? [[String: Any]] ?? []
        #expect(replaced.map { $0["file"] as? String } == ["schools/b.pdf"], "\(build)")
        #expect((replaced.first?["reason"] as? String ?? "").contains("did not match what the last build recorded"))
        #expect(Self.rules(try Self.check(root).findings, "output-changed").isEmpty)
    }

    // (b) A page edited by hand, even keeping its size and time, is rewritten and named.
    @Test func aPageEditedByHandIsRewrittenAndNamedEvenWithTheSameSizeAndTime() throws {
        let root = try Self.project()
        let output = root.appendingPathComponent("Output")
        let first = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root)
        #expect(first.status == 0, "\(first.stderr)")
        let page = output.appendingPathComponent("schools/a.html")
        let original = try Data(contentsOf: page)
        let edited = Data(String(decoding: original, as: UTF8.self).replacingOccurrences(of: "quickly", with: "quietly").utf8)
        #expect(edited.count == original.count && edited != original)
        try Self.overwriteKeepingTimes(page, with: edited)

        let checked = try Self.check(root)
        #expect(Self.rules(checked.findings, "output-changed").map { $0["file"] as? String } == ["Output/schools/a.html"],
                "\(checked.findings)")

        let run = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Data(contentsOf: page) == original, "the build rewrites the page it made")
        #expect(run.stdout.contains("Replaced Output/schools/a.html: it did not match what the last build recorded (changed by hand or damaged)."),
                "\(run.stdout)")
        // Then nothing is left to do.
        let again = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root)
        #expect(again.stdout.contains("nothing written") && !again.stdout.contains("Replaced"), "\(again.stdout)")
    }

    /// A page edited by hand is written back as it was; its PDF, printed
    /// from the page as it was and untouched, stays (even without a printer).
    @Test func aPageEditedByHandKeepsThePDFPrintedFromIt() throws {
        _ = try #require(Printer.locate(), "Chromium is needed: make test installs the chromium package")
        let root = try Self.project()
        let output = root.appendingPathComponent("Output")
        #expect(try Support.guidance(["build"] + Self.asOf, in: root, timeout: 180).status == 0)
        let before = Support.snapshot(output)
        #expect(before["schools/a.pdf"] != nil)
        let page = output.appendingPathComponent("schools/a.html")
        try Data((String(decoding: try Data(contentsOf: page), as: UTF8.self) + "<!-- edited -->").utf8).write(to: page)
        let run = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 file written, 0 removed"), "only the page: \(run.stdout)")
        #expect(Support.snapshot(output) == before)
    }

    /// A build of some audiences does not forget another audience's missing
    /// file: it names it, and `check` goes on reporting it until a full build.
    @Test func aPartialBuildKeepsReportingAnotherAudiencesMissingFile() throws {
        let root = try Self.project()
        let output = root.appendingPathComponent("Output")
        #expect(try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root).status == 0)
        let gone = try #require(Support.snapshot(output).keys.sorted().first { $0.hasPrefix("agencies/") && $0.hasSuffix(".txt") })
        try FileManager.default.removeItem(at: output.appendingPathComponent(gone))
        let partial = try Support.guidance(["build", "--no-print-check", "--audience", "schools"] + Self.asOf, in: root)
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(partial.stdout.contains("Left Output/\(gone) as it is: it was missing"), "\(partial.stdout)")
        let checked = try Self.check(root)
        #expect(Self.rules(checked.findings, "output-changed").map { $0["file"] as? String } == ["Output/\(gone)"], "\(checked.findings)")
        #expect(try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root).status == 0)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(gone).path), "a full build restores it")
    }

    // (c) An edition number changed by hand in the manifest stops build and check.
    @Test func anEditionChangedByHandInTheManifestIsAConflict() throws {
        let root = try Self.project()
        let output = root.appendingPathComponent("Output")
        #expect(try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root).status == 0)
        var manifest = try Self.manifestObject(root)
        var versions = try #require(manifest["versions"] as? [String: Any])
        var entry = try #require(versions["schools/a"] as? [String: Any])
        entry["edition"] = 5
        versions["schools/a"] = entry
        manifest["versions"] = versions
        try Self.writeManifest(manifest, in: root)
        let before = Support.snapshot(output)

        let checked = try Self.check(root)
        #expect(checked.status == 1)
        let conflicts = Self.rules(checked.findings, "manifest-conflict")
        #expect(conflicts.map { $0["file"] as? String } == ["Output/manifest.json"], "\(checked.findings)")
        let message = conflicts.first?["message"] as? String ?? ""
        #expect(message.contains("schools/a") && message.contains("edition 5") && message.contains("git checkout -- Output/manifest.json"),
                "\(message)")

        let run = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root)
        #expect(run.status == 1, "\(run.stdout)")
        #expect(run.stderr.contains("[manifest-conflict]"), "\(run.stderr)")
        #expect(Support.snapshot(output) == before, "nothing is written")
        #expect(!(try Support.read("Output/schools/a.html", in: root)).contains("Edition 5"))
    }

    // A history cut back by hand: the feed and the page still show the edition it dropped.
    @Test func aHistoryCutBackByHandDisagreesWithTheFeedAndThePage() throws {
        let root = try Self.project()
        #expect(try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root).status == 0)
        try EditionTests.edit(root, "Guidance/a.md") {
            $0.replacingOccurrences(of: "quickly.", with: "promptly.")
                .replacingOccurrences(of: "reviewed: 2026-11-01", with: "reviewed: 2026-11-20\nchanges: Ring promptly.")
        }
        #expect(try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root).status == 0)
        var manifest = try Self.manifestObject(root)
        var versions = try #require(manifest["versions"] as? [String: Any])
        var entry = try #require(versions["schools/a"] as? [String: Any])
        var history = try #require(entry["history"] as? [[String: Any]])
        #expect(history.count == 2)
        history.removeLast()
        entry["history"] = history
        entry["edition"] = 1
        entry["date"] = history[0]["date"]
        versions["schools/a"] = entry
        manifest["versions"] = versions
        try Self.writeManifest(manifest, in: root)

        let conflicts = Self.rules(try Self.check(root).findings, "manifest-conflict")
        let messages = conflicts.compactMap { $0["message"] as? String }
        #expect(messages.contains { $0.contains("feed.xml") && $0.contains("schools/a") }, "\(messages)")
        #expect(messages.contains { $0.contains("schools/a.txt") && $0.contains("edition 2") }, "\(messages)")
    }

    // A manifest broken by a hand edit is not read as no manifest (editions from 1 again).
    @Test func aManifestThatIsNoLongerJSONIsAConflictNotAFreshStart() throws {
        let root = try Self.project()
        #expect(try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root).status == 0)
        let path = root.appendingPathComponent("Output/manifest.json")
        let text = try String(contentsOf: path, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"edition\" : 1,", with: "\"edition\" : 1,,").utf8).write(to: path)
        let checked = try Self.check(root)
        #expect(checked.status == 1)
        let conflicts = Self.rules(checked.findings, "manifest-conflict")
        #expect(conflicts.map { $0["message"] as? String ?? "" }.contains { $0.contains("is not valid JSON") }, "\(checked.findings)")
        let before = Support.snapshot(root.appendingPathComponent("Output"))
        let run = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root)
        #expect(run.status != 0 && run.stderr.contains("manifest-conflict"), "\(run.stderr)")
        #expect(Support.snapshot(root.appendingPathComponent("Output")) == before)
    }

    // The no-op shortcut reads no file, but one changed within the clock step
    // of the build (its times cannot tell) is checked against its hash.
    @Test func aFileChangedTooSoonAfterTheBuildToTellByItsTimesIsStillCaught() async throws {
        let root = try Self.project()
        let output = root.appendingPathComponent("Output")
        let options = Pipeline.Options(asOf: Day(iso: "2026-12-08")!)
        #expect(try await Build.run(root: root, output: output, options: options, print: .none).report != nil)
        let page = output.appendingPathComponent("schools/a.html")
        let original = try Data(contentsOf: page)
        try Self.overwriteKeepingTimes(page, with: Data(String(decoding: original, as: UTF8.self)
            .replacingOccurrences(of: "quickly", with: "quietly").utf8))
        // As if the build had seen the file as it is now, and saved its
        // stamp within the same step of the clock as the change.
        var stamp = try #require(BuildStamp.load(root: root))
        stamp.outputs = BuildStamp.outputs(of: output)
        stamp.save(root: root)
        let changed = try #require(stamp.outputs["schools/a.html"]).changed / 1_000_000_000
        #expect(try Support.run("/usr/bin/touch", ["-m", "-d", "@\(changed)", root.appendingPathComponent(BuildStamp.path).path]) == 0)

        let result = try await Build.run(root: root, output: output, options: options, print: .none)
        #expect(result.report?.written == ["schools/a.html"], "\(String(describing: result.report))")
        #expect(result.replaced.map(\.file) == ["schools/a.html"])
        #expect(try Data(contentsOf: page) == original)
    }

    // Never a false alarm: the real project's Output/, built and checked, and after a partial build.
    @Test func theRealProjectsHistoryIsNoConflict() throws {
        let root = try Support.copyOfProject()
        let first = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root, timeout: 180)
        #expect(first.status == 0, "\(first.stderr)")
        let checked = try Self.check(root)
        #expect(Self.rules(checked.findings, "manifest-conflict").isEmpty, "\(checked.findings)")
        #expect(Self.rules(checked.findings, "output-changed").isEmpty, "\(checked.findings)")

        // A partial build raises an edition the feed (written by full builds only) does not show yet.
        let path = "Guidance/right-language.md"
        try Support.write(try Support.read(path, in: root).replacingOccurrences(of: "Name the abuse:", with: "Name the harm:"),
                          to: path, in: root)
        let partial = try Support.guidance(["build", "--no-print-check", "--audience", "schools"] + Self.asOf, in: root, timeout: 180)
        #expect(partial.status == 0, "\(partial.stderr)")
        let again = try Self.check(root)
        #expect(Self.rules(again.findings, "manifest-conflict").isEmpty, "\(again.findings)")
        #expect(Self.rules(again.findings, "output-changed").isEmpty, "\(again.findings)")
    }

    @Test func aManifestWithoutFileHashesStillBuilds() throws {
        let root = try Self.project()
        #expect(try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root).status == 0)
        var manifest = try Self.manifestObject(root)
        manifest["files"] = nil
        try Self.writeManifest(manifest, in: root)
        let checked = try Self.check(root)
        #expect(checked.status == 0, "\(checked.findings)")
        try EditionTests.edit(root, "Guidance/b.md") { $0.replacingOccurrences(of: "Tell the LADO", with: "Tell the LADO at once") }
        let run = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root)
        #expect(run.status == 0, "\(run.stderr)")
        let files = try #require(try Self.manifestObject(root)["files"] as? [String: String])
        let page = try Data(contentsOf: root.appendingPathComponent("Output/schools/b.html"))
        #expect(files["schools/b.html"] == Self.sha256(page))
    }

    @Test func aPartialBuildKeepsTheOtherAudiencesRecordedHashes() throws {
        let root = try Self.project()
        let output = root.appendingPathComponent("Output")
        #expect(try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root).status == 0)
        let before = try #require(try Self.manifestObject(root)["files"] as? [String: String])
        try EditionTests.edit(root, "Guidance/b.md") {
            $0.replacingOccurrences(of: "Tell the LADO", with: "Tell the LADO at once")
                .replacingOccurrences(of: "reviewed: 2026-11-01", with: "reviewed: 2026-11-01\nchanges: At once.")
        }
        let run = try Support.guidance(["build", "--no-print-check", "--audience", "schools"] + Self.asOf, in: root)
        #expect(run.status == 0, "\(run.stderr)")
        let files = try #require(try Self.manifestObject(root)["files"] as? [String: String])
        for (path, hash) in files {
            let bytes = try Data(contentsOf: output.appendingPathComponent(path))
            #expect(Self.sha256(bytes) == hash, "\(path) is recorded as it is")
        }
        #expect(files["agencies/b.html"] == before["agencies/b.html"], "the other audience's page was kept")
        #expect(files["schools/b.html"] != before["schools/b.html"], "the audience built is recorded anew")
        #expect(Set(files.keys) == Set(Support.snapshot(output).keys).subtracting(["manifest.json"]))
        #expect(Self.rules(try Self.check(root).findings, "output-changed").isEmpty)
    }

    @Test func aPartialBuildNamesAChangedFileOfAnotherAudienceItLeaves() throws {
        let root = try Self.project()
        #expect(try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root).status == 0)
        try Data("changed".utf8).write(to: root.appendingPathComponent("Output/agencies/b.txt"))
        try Data("changed".utf8).write(to: root.appendingPathComponent("Output/schools/b.txt"))
        let run = try Support.guidance(["build", "--no-print-check", "--audience", "schools"] + Self.asOf, in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Replaced Output/schools/b.txt: it did not match"), "\(run.stdout)")
        #expect(run.stdout.contains("Left Output/agencies/b.txt as it is: it did not match what the last build recorded "
            + "(changed by hand or damaged); a build of every audience rewrites it."), "\(run.stdout)")
        #expect(Self.rules(try Self.check(root).findings, "output-changed").map { $0["file"] as? String } == ["Output/agencies/b.txt"])
    }

    @Test func twoBuildsOfTheSameSourcesGiveTheSameBytes() throws {
        let one = try Self.project(), two = try Self.project()
        for root in [one, two] {
            #expect(try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root).status == 0)
        }
        let first = Support.snapshot(one.appendingPathComponent("Output"))
        #expect(first == Support.snapshot(two.appendingPathComponent("Output")))
        let files = try #require(try Self.manifestObject(one)["files"] as? [String: String], "the manifest records every file")
        #expect(Set(files.keys) == Set(first.keys).subtracting(["manifest.json"]))
        for (path, hash) in files { #expect(Self.sha256(first[path] ?? Data()) == hash, "\(path)") }
    }
}
}
