import Foundation
import Testing
@testable import GuidanceKit

/// Typed numbers in one long paragraph (issue 23, item 6): every one is
/// checked, however many, and each is placed where it is written, however
/// it is spelt in the source. The time it takes is ScalingTests' business
/// (the shapes escaped-phones, entity-phones, dashed-phones).
@Suite struct ManyNumbersTests {
    static let registry = Support.registry.replacingOccurrences(
        of: "    url: https://example.org/mash\n", with: "    url: https://example.org/mash\n    retired: [020 7946 0999]\n")

    @Test func everyNumberInALongParagraphIsChecked() throws {
        // 600 numbers in one paragraph, then a retired one: the matcher was
        // once asked for the first 256 and the rest went unchecked.
        let numbers = (0..<600).map { n -> String in
            let digits = String(1000 + n)
            return "020-7946-" + digits
        }
        let body = numbers.joined(separator: " ") + " 020-7946-0999\n"
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet(body)], registry: Self.registry)
        let findings = try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!)).findings
        #expect(findings.filter { $0.rule == .unregisteredPhone }.count == 600, "one for each number typed in")
        let retired = try #require(findings.first { $0.rule == .retiredNumber }, "the 601st number is checked too")
        #expect(retired.location == SourceLocation(file: "Guidance/a.md", line: 8, column: 600 * 14 + 1))
        // And each one at its own place.
        let columns = findings.filter { $0.rule == .unregisteredPhone }.map(\.location.column)
        #expect(columns == (0..<600).map { $0 * 14 + 1 })
    }

    @Test func aNumberSpeltWithEscapesOrEntitiesIsFoundWhereItIsWritten() throws {
        let body = "Intro.\n\nRing \\(020\\) 7946 0123 or 020&nbsp;7946&nbsp;0456, then +44 20 7946 0123.\n"
        let root = try Support.smallProject(sheets: ["a.md": Support.sheet(body)], registry: Self.registry)
        let findings = try Pipeline.run(root: root, options: .init(asOf: Day(iso: "2026-11-15")!)).findings
        let placed = findings.filter { $0.rule == .unregisteredPhone }.map { "\($0.location.line):\($0.location.column) \($0.suggestion ?? "")" }
        #expect(placed == ["10:6 {{mash.phone}}", "10:27 {{lado.phone}}", "10:57 {{mash.phone}}"], "\(findings)")
    }
}
