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
}
