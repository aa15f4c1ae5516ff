import Foundation
import Testing
@testable import GuidanceKit

/// The stages each do their own part once (docs/architecture.md): Read reads
/// the last publication, Number numbers the editions against it, and the
/// stages after take what they are handed.
@Suite struct StageListTests {
    static let asOf = Day(iso: "2026-12-08")!

    @Test func validatingNumbersNoEditions() throws {
        let root = try Support.copyOfProject()
        let selected = try Pipeline.prepare(root: root, options: .init(asOf: Self.asOf))
        #expect(selected.manifest != nil, "the last publication was not read before validating")
        let validated = Validate(asOf: Self.asOf).run(selected)
        #expect(validated.editions == nil, "Validate numbered the editions itself")
    }

    @Test func readHandsOnTheLastPublicationAndNumberTheEditions() throws {
        let root = try Support.copyOfProject()
        let read = try Read(root: root, publication: root.appendingPathComponent("Output")).run()
        let publication = try #require(read.publication)
        #expect(publication.manifest != nil && publication.registry != nil && publication.unreadable == nil)
        let selected = try Select(audiences: nil).run(Resolve().run(read))
        let numbered = Number().run(selected)
        let editions = try #require(numbered.editions)
        // The shipped output is a fresh build: no edition is raised, and Validate keeps them as numbered.
        #expect(editions.raised == [])
        #expect(Validate(asOf: Self.asOf).run(numbered).editions?.byVersion == editions.byVersion)
        // Without a publication to read (guidance due, the fuzz harness), there is none to compare with.
        #expect(try Read(root: root).run().publication == nil)
    }

    @Test func everyCommandIsTheOneListOfNamedSteps() {
        #expect(StageList.steps.map(\.rawValue) == ["read", "resolve", "select", "number", "validate", "render", "print", "publish"])
        #expect(StageList.build.steps == StageList.steps)
        // check and serve print but never publish; the fuzz harness stops at validate and reads no publication.
        #expect(StageList.check.steps.last == .print && StageList.serve.steps.last == .print)
        #expect(StageList.fuzz.steps.last == .validate && !StageList.fuzz.policy.readsPublication)
    }

    /// A sheet with an error: build and check stop before rendering, serve
    /// renders it anyway so the office sees what it is fixing.
    @Test func errorsStopBuildAndCheckBeforeRenderingButNotServe() async throws {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ring {{nosuch.phone}} today.")])
        let paper = Print(printer: nil, withoutPrinter: "not printed in this test", output: root.appendingPathComponent("Output"))
        var published = false
        for stages in [StageList.build, StageList.check] {
            let outcome = try await stages.run(root: root, options: .init(asOf: Self.asOf), print: paper,
                                         publish: { _ in published = true; return nil })
            #expect(outcome.stoppedBefore == .render && outcome.rendered == nil && outcome.printed == nil)
            #expect(outcome.pipeline.findings.contains { $0.rule == .unknownContact })
        }
        #expect(!published)
        let served = try await StageList.serve.run(root: root, options: .init(asOf: Self.asOf), print: paper)
        #expect(served.stoppedBefore == nil && served.rendered?.files["schools/a.html"] != nil)
    }

    /// Serve keeps the last good pages when the registry cannot be read:
    /// the run stops before rendering and says why.
    @Test func anUnreadableRegistryWithholdsServedPages() async throws {
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet("Ring {{mash.phone}} today.")], registry: "contacts: [")
        let outcome = try await StageList.serve.run(root: root, options: .init(asOf: Self.asOf))
        #expect(outcome.stoppedBefore == .render && outcome.rendered == nil)
        #expect(outcome.withheld?.contains("cannot be read") == true)
    }

    /// The fuzz harness runs one sheet alone: the last publication is not read.
    @Test func theFuzzListReadsNoPublication() throws {
        let root = try Support.copyOfProject()
        let read = try Read(root: root).run()
        let pipeline = try Pipeline.run(project: read.project, findings: read.findings, fileCount: read.fileCount,
                                        options: .init(asOf: Self.asOf))
        #expect(pipeline.manifest == nil && pipeline.published == nil)
        #expect(try Pipeline.run(root: root, options: .init(asOf: Self.asOf)).manifest != nil)
    }

    /// Print reads no file: an unchanged page keeps the PDF the stage list
    /// read and handed in, and with none handed in it keeps none, even when
    /// the output folder holds them.
    @Test func printKeepsOnlyThePDFsHandedIn() async throws {
        let root = try Support.copyOfProject()
        let output = root.appendingPathComponent("Output")
        let validated = try Pipeline.run(root: root, options: .init(asOf: Self.asOf))
        let rendered = Render().run(validated)
        let kept = KeptOutput.read(output, versions: validated.versions)
        let elsewhere = await Print(printer: nil, withoutPrinter: "not printed in this test", output: root.appendingPathComponent("none"))
            .run(rendered, kept: kept)
        #expect(elsewhere.pdfs.count == validated.versions.count)
        #expect(elsewhere.pdfs.allSatisfy { kept.files[$0.key] == $0.value })
        let nothingHandedIn = await Print(printer: nil, withoutPrinter: "not printed in this test", output: output)
            .run(rendered, kept: KeptOutput(files: [:]))
        #expect(nothingHandedIn.pdfs.isEmpty)
    }
}
