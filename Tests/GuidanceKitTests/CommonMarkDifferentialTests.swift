import Foundation
import Testing
@testable import GuidanceKit

/// Our HTML writer against libcmark's own renderer, on every example of the
/// CommonMark 0.30 spec (CC-BY-SA 4.0, John MacFarlane).
@Suite struct CommonMarkDifferentialTests {
    struct Example: Decodable {
        var markdown: String
        var example: Int
        var section: String
    }

    static func examples() throws -> [Example] {
        let data = try Data(contentsOf: Support.fixtures.appendingPathComponent("commonmark-spec-0.30.json"))
        return try JSONDecoder().decode([Example].self, from: data)
    }

    @Test func allSpecExamplesAgreeWithLibcmark() throws {
        let examples = try Self.examples()
        #expect(examples.count == 652)
        var mismatches: [String] = []
        for example in examples {
            let ours = HTMLWriter.render(CommonMark.parse(example.markdown, file: "spec.md"), mode: .reference)
            let reference = CommonMark.referenceHTML(example.markdown)
            if ours != reference {
                mismatches.append("example \(example.example) (\(example.section)):\n ours: \(ours.debugDescription)\n cmark: \(reference.debugDescription)")
            }
        }
        #expect(mismatches.count == 0, "\(mismatches.count) of \(examples.count) differ:\n\(mismatches.prefix(5).joined(separator: "\n"))")
    }

    @Test func pageModeNeverPassesRawHTMLThrough() throws {
        for example in try Self.examples() {
            let html = HTMLWriter.render(CommonMark.parse(example.markdown, file: "spec.md"), mode: .page)
            #expect(!html.lowercased().contains("<script"), "example \(example.example)")
            #expect(!html.lowercased().contains("href=\"javascript:"), "example \(example.example)")
            #expect(!html.contains("<!--"), "example \(example.example)")
        }
    }
}
