import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// The built `guidance` binary, run as the office and CI run it.
@Suite(.tags(.slow), .serialized) struct CommandLineTests {
    /// Builds and checks judge contacts as of a fixed day, so the tests do not
    /// start failing when the shipped contacts fall due for re-checking.
    static let asOf = ["--as-of", "2026-12-08"]

    @Test func shippedOutputEqualsAFreshBuild() throws {
        let fresh = try Support.temporaryFolder().appendingPathComponent("Output")
        let run = try Support.guidance(["build", "--pdf", "--output", fresh.path] + Self.asOf, in: Support.packageRoot,
                                       timeout: 180)
        #expect(run.status == 0, "\(run.stderr)")
        let committed = Support.snapshot(Support.packageRoot.appendingPathComponent("Output"))
        let built = Support.snapshot(fresh)
        #expect(committed.keys.sorted() == built.keys.sorted())
        for (path, data) in built {
            if path.hasSuffix(".pdf") {
                // Chromium stamps each PDF with the time it was made: compare what a reader sees.
                let old = committed[path] ?? Data()
                #expect(Printer.pageCount(of: old) == Printer.pageCount(of: data), "Output/\(path): page count")
                #expect(Printer.text(of: old) == Printer.text(of: data), "Output/\(path) reads differently from a fresh build")
            } else {
                #expect(committed[path] == data, "Output/\(path) is not what the sources build; run make and commit Output/")
            }
        }
    }

    @Test func buildIsDeterministicAndANoOpRebuildWritesNothing() throws {
        let root = try Support.copyOfProject()
        try FileManager.default.removeItem(at: root.appendingPathComponent("Output"))
        let first = try Support.guidance(["build"] + Self.asOf, in: root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("36 files written"),
                "HTML, text and PDF of 8 versions, 2 print packs, the schools' own-copy page, the index, contacts.json, manifest.json, their schemas, feed.xml, each audience's feed and subscribe.html: \(first.stdout)")
        let output = root.appendingPathComponent("Output")
        let before = Support.snapshot(output)
        let index = output.appendingPathComponent("index.html").path
        let modified = try FileManager.default.attributesOfItem(atPath: index)[.modificationDate] as? Date
        let second = try Support.guidance(["build"] + Self.asOf, in: root)
        #expect(second.status == 0)
        #expect(second.stdout.contains("nothing written"))
        #expect(Support.snapshot(output) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: index)[.modificationDate] as? Date == modified)
        #expect(before.count == 36)
    }

    @Test func aFailedBuildLeavesOutputExactlyAsItWas() throws {
        let breakages: [(String, String, String)] = [
            ("Guidance/indecent-images.md", "{{mash.phone}}", "{{mahs.phone}}"),
            ("Guidance/guidance.yaml", "audiences:", "audiences: [unclosed"),
            ("Guidance/contacts.yaml", "verified: 2026-11-29", "verified: someday"),
            ("Guidance/right-language.md", "## Do\n", "## Do\n\n<!-- audience: schools -->\n"),
        ]
        for (path, original, broken) in breakages {
            let root = try Support.copyOfProject()
            let before = Support.snapshot(root.appendingPathComponent("Output"))
            let text = try Support.read(path, in: root)
            try Support.write(text.replacingOccurrences(of: original, with: broken), to: path, in: root)
            let run = try Support.guidance(["build"] + Self.asOf, in: root)
            #expect(run.status == 1, "\(path): \(run.stderr)")
            #expect(run.stderr.contains(path + ":"), "the error names the file: \(run.stderr)")
            #expect(run.stderr.contains("nothing was written"))
            #expect(Support.snapshot(root.appendingPathComponent("Output")) == before)
        }
    }

    @Test func checkReportsInTextJSONAndGitHubFormats() throws {
        let root = try Support.copyOfProject()
        let path = "Guidance/indecent-images.md"
        let text = try Support.read(path, in: root)
        // The text changes, so the edit says what changed (no missing-change-note).
        let edited = text.replacingOccurrences(of: "{{mash.phone}}", with: "{{mash.phnoe}}")
            .replacing(#/\nchanges: [^\n]*/#, with: "\nchanges: A test edit.")
        try Support.write(edited, to: path, in: root)

        // Where the first {{mash.phnoe}} stands in the sheet (1-based), however the text moves.
        let lines = edited.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("{{mash.phnoe}}") }) + 1
        let column = try #require(lines[line - 1].range(of: "{{mash.phnoe}}")).lowerBound.utf16Offset(in: lines[line - 1]) + 1

        let plain = try Support.guidance(["check", "--offline"] + Self.asOf, in: root)
        #expect(plain.status == 1)
        #expect(plain.stdout.contains("Guidance/indecent-images.md:\(line):\(column): error: unknown field 'phnoe' in '{{mash.phnoe}}'; did you mean 'phone'? [unknown-contact]"),
                "\(plain.stdout)")
        #expect(plain.stdout.contains("1 error, 7 notes in 6 files"), "the office's to-do notes stay: \(plain.stdout)")

        let json = try Support.guidance(["check", "--offline", "--format", "json"] + Self.asOf, in: root)
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.filter { $0["severity"] as? String != "note" }.count == 1)
        let unknown = try #require(findings.first { $0["rule"] as? String == "unknown-contact" })
        #expect(unknown["file"] as? String == "Guidance/indecent-images.md")
        #expect(unknown["severity"] as? String == "error")
        #expect(unknown["line"] as? Int == line)
        #expect(unknown["column"] as? Int == column)
        #expect(unknown["suggestion"] as? String == "{{mash.phone}}")
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["errors": 1, "warnings": 0, "notes": 7, "files": 6])

        let github = try Support.guidance(["check", "--offline", "--format", "github"] + Self.asOf, in: root)
        #expect(github.stdout.contains("::error file=Guidance/indecent-images.md,line=\(line),col=\(column),title=unknown-contact::unknown field"))
        #expect(github.stdout.contains("(suggestion: {{mash.phone}})"))
    }

    @Test func exitCodesFollowTheContract() throws {
        let clean = try Support.guidance(["check", "--offline", "--as-of", "2026-12-08"], in: Support.packageRoot)
        #expect(clean.status == 0, "\(clean.stdout)")
        // The shipped registry's numbers were compared with documents, not rung:
        // the office's to-do list, as notes, which fail nothing (not even --strict).
        #expect(clean.stdout.contains("7 notes in 6 files"), "\(clean.stdout)")
        #expect(clean.stdout.components(separatedBy: "[contact-not-rung]").count == 8)
        let strictClean = try Support.guidance(["check", "--offline", "--strict", "--as-of", "2026-12-08"], in: Support.packageRoot)
        #expect(strictClean.status == 0, "\(strictClean.stdout)")
        // A number typed in the standard form but not through the registry: a warning.
        let warned = try Support.copyOfProject()
        let sheet = "Guidance/right-language.md"
        try Support.write(try Support.read(sheet, in: warned) + "\nOr ring 020 7946 0999.\n", to: sheet, in: warned)
        let lenient = try Support.guidance(["check", "--offline", "--no-print-check"] + Self.asOf, in: warned)
        #expect(lenient.status == 0, "\(lenient.stdout)")
        let strict = try Support.guidance(["check", "--offline", "--no-print-check", "--strict"] + Self.asOf, in: warned)
        #expect(strict.status == 1, "--strict fails on the unregistered-phone warning")
        let overdue = try Support.guidance(["check", "--offline", "--as-of", "2027-06-01"], in: Support.packageRoot)
        #expect(overdue.status == 1)
        #expect(overdue.stdout.contains("[stale-contact]") && overdue.stdout.contains("set verified to the day you did"))

        let empty = try Support.temporaryFolder()
        let cannotRun = try Support.guidance(["check", "--offline"], in: empty)
        #expect(cannotRun.status == 2)
        #expect(cannotRun.stderr.contains("no Guidance/ folder"))

        let badUsage = try Support.guidance(["check", "--format", "xml"], in: Support.packageRoot)
        #expect(badUsage.status == 64)
        let badDate = try Support.guidance(["build", "--as-of", "tomorrow"], in: Support.packageRoot)
        #expect(badDate.status == 64)
    }

    @Test func oneAudienceBuildLeavesTheOthersAlone() throws {
        let root = try Support.copyOfProject()
        let output = root.appendingPathComponent("Output")
        try FileManager.default.removeItem(at: output.appendingPathComponent("schools/indecent-images.html"))
        try Data("old".utf8).write(to: output.appendingPathComponent("agencies/indecent-images.txt"))
        let run = try Support.guidance(["build", "--audience", "schools"] + Self.asOf, in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("schools/indecent-images.html").path))
        #expect(try Support.read("Output/agencies/indecent-images.txt", in: root) == "old")
        let unknown = try Support.guidance(["build", "--audience", "parents"], in: root)
        #expect(unknown.status == 64, "an undeclared audience is bad usage")
    }

    /// Deleting a sheet no longer withdraws it silently: the build stops,
    /// names the addresses printed copies lead to, and says how to withdraw.
    @Test func aDeletedSheetIsRefusedNotSilentlyRemoved() throws {
        let root = try Support.copyOfProject()
        let before = Support.snapshot(root.appendingPathComponent("Output"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("Guidance/right-language.md"))
        let run = try Support.guidance(["build"] + Self.asOf, in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Guidance/right-language.md:1:1: error: Guidance/right-language.md was published"), "\(run.stderr)")
        #expect(Support.snapshot(root.appendingPathComponent("Output")) == before)
    }
}
}

extension OneAtATime.CommandLineTests {
    @Test func changingOneSheetRewritesOnlyItsOwnFiles() throws {
        let root = try Support.copyOfProject()
        let output = root.appendingPathComponent("Output")
        func inode(_ path: String) throws -> Int {
            try FileManager.default.attributesOfItem(atPath: output.appendingPathComponent(path).path)[.systemFileNumber] as? Int ?? -1
        }
        let before = try Dictionary(uniqueKeysWithValues: Support.snapshot(output).keys.map { ($0, try inode($0)) })
        let path = "Guidance/right-language.md"
        try Support.write(try Support.read(path, in: root).replacingOccurrences(of: "Describe what was done to the child", with: "Describe what was done to a child"),
                          to: path, in: root)
        let run = try Support.guidance(["build", "--pdf"] + Self.asOf, in: root, timeout: 180)
        #expect(run.status == 0, "\(run.stderr)")
        // Its HTML, text and PDF for both audiences; the index (whose preview
        // and editions changed), the manifest and the feeds (its new editions:
        // the one for every audience and each audience's own), both
        // audiences' print packs (which hold its PDF), and the schools'
        // own-copy page (which holds its schools version).
        #expect(run.stdout.contains("14 files written, 0 removed, 22 unchanged"), "\(run.stdout)")
        #expect(run.stdout.contains("New editions: agencies/right-language (edition 3), schools/right-language (edition 3)"), "\(run.stdout)")
        let followers: Set<String> = ["index.html", "manifest.json", "feed.xml", "schools/feed.xml", "agencies/feed.xml",
                                      "schools/all-sheets.pdf", "agencies/all-sheets.pdf", "schools/own-copy.html"]
        for (file, number) in before where !file.contains("right-language") && !followers.contains(file) {
            #expect(try inode(file) == number, "\(file) was rewritten though nothing in it changed")
        }
    }

    /// The no-op shortcut (.guidance-cache/build.json) never hides a change:
    /// a touched or deleted output file, an edited source, another --as-of.
    @Test func theNoOpShortcutNeverHidesAChange() throws {
        let root = try Support.copyOfProject()
        let output = root.appendingPathComponent("Output")
        try FileManager.default.removeItem(at: output)
        let built = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root)
        #expect(built.status == 0, "\(built.stderr)")
        let fresh = Support.snapshot(output)

        // Same inputs: the same warnings are reported, and nothing is written.
        let again = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root)
        #expect(again.stdout.contains("nothing written"), "\(again.stdout)")
        #expect(again.stderr == built.stderr)
        #expect(again.stderr.contains("8 sheet versions were not printed"))

        // Someone edits a published file, or deletes one: the next build puts it right.
        let page = output.appendingPathComponent("schools/indecent-images.html")
        try Data("edited by hand".utf8).write(to: page)
        try FileManager.default.removeItem(at: output.appendingPathComponent("agencies/right-language.txt"))
        let repair = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root)
        #expect(repair.stdout.contains("2 files written"), "\(repair.stdout)")
        #expect(Support.snapshot(output) == fresh)

        // A source edited, even to the same length and with its old timestamp
        // (a schools-only line: that version's HTML and text change).
        let sheet = root.appendingPathComponent("Guidance/indecent-images.md")
        let stamp = try FileManager.default.attributesOfItem(atPath: sheet.path)[.modificationDate]
        try Support.write(try Support.read("Guidance/indecent-images.md", in: root)
            .replacingOccurrences(of: "lead (DSL) at once.", with: "lead (DSL) AT ONCE."), to: "Guidance/indecent-images.md", in: root)
        try FileManager.default.setAttributes([.modificationDate: stamp as Any], ofItemAtPath: sheet.path)
        let edited = try Support.guidance(["build", "--no-print-check"] + Self.asOf, in: root)
        // Its HTML and text, what lists its new edition (index, manifest, the
        // feed for every audience and the schools' feed), and the schools'
        // own-copy page, which holds its page.
        #expect(edited.stdout.contains("7 files written"), "\(edited.stdout)")
        #expect(String(decoding: Support.snapshot(output)["schools/indecent-images.html"] ?? Data(), as: UTF8.self)
            .contains("AT ONCE"))

        // Another day: the contacts are judged again (the registry is due for
        // re-checking in 2027), so the build refuses instead of replaying.
        let later = try Support.guidance(["build", "--no-print-check", "--as-of", "2028-01-01"], in: root)
        #expect(later.status == 1)
        #expect(later.stderr.contains("stale-contact"), "\(later.stderr)")
    }
}
