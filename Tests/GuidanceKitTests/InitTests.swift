import Foundation
import Testing
@testable import GuidanceKit

/// Issue 27: `guidance init` starts any partnership's project: it checks clean
/// and builds at once, carries the national contacts and marks the local ones
/// to fill in, and says nothing of Harrow.
@Suite(.serialized, .timeLimit(.minutes(6))) struct InitTests {
    static let brent = ["--partnership", "Brent Safeguarding Children Partnership", "--base-url", "https://example.org/guidance/"]
    static let asOf = ["--as-of", "2026-12-08"]

    /// `guidance init brent ...` in a fresh folder; returns the new project's root.
    static func started(_ extra: [String] = []) throws -> URL {
        let parent = try Support.temporaryFolder()
        let run = try Support.guidance(["init", "brent"] + brent + asOf + extra, in: parent)
        try #require(run.status == 0, "\(run.stdout)\(run.stderr)")
        return parent.appendingPathComponent("brent")
    }

    @Test func aNewProjectChecksCleanBuildsOnePagePerVersionAndSaysNothingOfHarrow() throws {
        let root = try Self.started()
        let check = try Support.guidance(["check", "--offline", "--format", "json"] + Self.asOf, in: root, timeout: 180)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(!findings.contains { $0["severity"] as? String == "error" }, "\(check.stdout)")

        let build = try Support.guidance(["build", "--offline"] + Self.asOf, in: root, timeout: 240)
        try #require(build.status == 0, "\(build.stdout)\(build.stderr)")
        let output = root.appendingPathComponent("Output")
        let files = Support.snapshot(output).keys.sorted()
        for audience in ["schools", "agencies"] {
            let pdfs = files.filter { $0.hasPrefix("\(audience)/") && $0.hasSuffix(".pdf") }
            // The sample sheet's PDF, and the audience's print pack of it.
            #expect(Set(pdfs) == ["\(audience)/\(StartProject.sampleSlug).pdf", "\(audience)/all-sheets.pdf"], "\(files)")
            for pdf in pdfs {
                let info = try Support.capture("/usr/bin/pdfinfo", [output.appendingPathComponent(pdf).path]).stdout
                #expect(info.contains("Pages:           1\n"), "\(pdf): \(info)")
            }
        }

        // No word of Harrow anywhere: sources, pages, text, and the PDFs' text.
        var texts: [(String, String)] = []
        for folder in ["Guidance", "Output"] {
            for (path, data) in Support.snapshot(root.appendingPathComponent(folder)) {
                texts.append(("\(folder)/\(path)", String(decoding: data, as: UTF8.self)))
                if path.hasSuffix(".pdf") {
                    let text = try Support.capture("/usr/bin/pdftotext", [root.appendingPathComponent("\(folder)/\(path)").path, "-"])
                    texts.append(("\(folder)/\(path) (text)", text.stdout))
                }
            }
        }
        #expect(texts.contains { $0.0 == "Guidance/contacts.yaml" } && texts.contains { $0.0.hasSuffix(".pdf (text)") })
        for (path, text) in texts {
            #expect(!text.lowercased().contains("harrow"), "\(path) names Harrow")
        }
        let config = try Support.read("Guidance/guidance.yaml", in: root)
        #expect(config.contains("partnership: Brent Safeguarding Children Partnership\n"))
        #expect(config.contains("short-name: brent-safeguarding-children-partnership\n"))
        #expect(config.contains("base-url: https://example.org/guidance/\n"))
    }

    @Test func theLocalContactsAreMarkedToFillInAndCheckSaysWhere() throws {
        let root = try Self.started()
        let registry = try Support.read("Guidance/contacts.yaml", in: root)
        let check = try Support.guidance(["check", "--offline", "--no-print-check"] + Self.asOf, in: root, timeout: 120)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let lines = registry.components(separatedBy: "\n")
        for id in ["mash", "out-of-hours", "lado", "adult-safeguarding"] {
            let line = try #require(lines.firstIndex(of: "  \(id):"), "\(id) in contacts.yaml") + 1
            let fillIn = try #require(lines[line...].firstIndex { $0.hasPrefix("    fill-in:") }) + 1
            #expect(check.stdout.contains("Guidance/contacts.yaml:\(fillIn):") && check.stdout.contains("[fill-in-contact]"),
                    "\(id) reported at line \(fillIn): \(check.stdout)")
        }
        // A sheet that prints a contact still to be filled in is refused, at its placeholder.
        try Support.write(Support.sheet("Ring {{mash.phone}}."), to: "Guidance/early.md", in: root)
        let early = try Support.guidance(["check", "--offline", "--no-print-check"] + Self.asOf, in: root, timeout: 120)
        #expect(early.status == 1)
        #expect(early.stdout.contains("Guidance/early.md:") && early.stdout.contains("'mash' is still to be filled in"),
                "\(early.stdout)")
    }

    @Test func theNationalContactsAreThoseTheShippedRegistryHas() throws {
        let root = try Self.started()
        let written = ContactRegistry.read(try Support.read("Guidance/contacts.yaml", in: root)).0
        let shipped = ContactRegistry.read(try Support.read("Guidance/contacts.yaml", in: Support.packageRoot)).0
        let national = ["police-emergency", "police", "nspcc", "childline", "posh", "ceop", "iwf"]
        #expect(written.contacts.map(\.id).sorted() == national.sorted(), "only the national contacts are filled in")
        for id in national {
            let mine = try #require(written.contact(id)), theirs = try #require(shipped.contact(id))
            #expect(mine.phone?.written == theirs.phone?.written && mine.url == theirs.url && mine.email == theirs.email, "\(id)")
            #expect(mine.retired.map(\.written) == theirs.retired.map(\.written), "\(id)")
        }
    }

    @Test func anyPartnershipNameAndAddressReadBackAsWritten() throws {
        for name in ["Brent Safeguarding Children Partnership", "Children & Families: #1 Partnership", "& Co", "St Helen's \"Board\""] {
            let text = StartProject.configuration(partnership: name, baseURL: "https://example.org/guidance")
            let configuration = try #require(Configuration.read(text).0, "\(name): \(Configuration.read(text).1)")
            #expect(configuration.partnership == name)
            #expect(configuration.baseURL == "https://example.org/guidance/")
            #expect(Identifier.isValid(configuration.shortName), "\(configuration.shortName)")
        }
    }

    @Test func templatesAreWrittenOnlyWhenAskedFor() throws {
        let plain = try Self.started()
        #expect(!FileManager.default.fileExists(atPath: plain.appendingPathComponent("Guidance/templates").path))
        let copies = try Self.started(["--templates"])
        for name in Support.templateNames {
            #expect(try Support.read("Guidance/templates/\(name)", in: copies) == (try Support.shippedTemplate(name)), "\(name)")
        }
    }

    @Test func anExistingGuidanceFolderIsRefusedAndNothingWritten() throws {
        let root = try Support.temporaryFolder()
        try Support.write("keep me\n", to: "Guidance/notes.txt", in: root)
        let run = try Support.guidance(["init"] + Self.brent, in: root)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("Guidance/ already exists"), "\(run.stderr)")
        #expect(Support.snapshot(root.appendingPathComponent("Guidance")).keys.sorted() == ["notes.txt"])
    }

    @Test func aMissingPartnershipOrBaseURLIsBadUsageNamingTheFlag() throws {
        let root = try Support.temporaryFolder()
        let noName = try Support.guidance(["init", "--base-url", "https://example.org/"], in: root)
        #expect(noName.status == 64 && noName.stderr.contains("--partnership"), "\(noName.stderr)")
        let noURL = try Support.guidance(["init", "--partnership", "Brent Safeguarding Children Partnership"], in: root)
        #expect(noURL.status == 64 && noURL.stderr.contains("--base-url"), "\(noURL.stderr)")
        let badURL = try Support.guidance(["init", "--partnership", "Brent", "--base-url", "example.org"], in: root)
        #expect(badURL.status == 64 && badURL.stderr.contains("--base-url"), "\(badURL.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Guidance").path))
    }
}
