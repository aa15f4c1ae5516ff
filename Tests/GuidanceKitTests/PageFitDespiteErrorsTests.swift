import Foundation
import Testing
@testable import GuidanceKit

extension OneAtATime {
/// One error does not hide page fit elsewhere (issue 25, item 6): with a
/// misspelt placeholder in one sheet and another sheet too long, one run of
/// `check` (and of `build`) reports both, so CI needs no second round.
@Suite(.tags(.browser), .serialized) struct PageFitDespiteErrorsTests {
    func project() throws -> URL {
        let root = try Support.copyOfProject()
        let long = "Guidance/right-language.md"
        let filler = (1...40).map { "- A further point about wording, number \($0), to make this sheet too long." }.joined(separator: "\n")
        try Support.write(try Support.read(long, in: root) + "\n## More\n\n" + filler + "\n", to: long, in: root)
        let misspelt = "Guidance/allegations-against-staff.md"
        try Support.write(try Support.read(misspelt, in: root).replacingOccurrences(of: "{{lado.phone}}", with: "{{lado.phnoe}}"),
                          to: misspelt, in: root)
        return root
    }

    @Test func checkReportsTheMisspeltPlaceholderAndTheLongSheetTogether() throws {
        _ = try #require(Printer.locate(), "Chromium is needed: make test installs the chromium package")
        let root = try project()
        let run = try Support.guidance(["check", "--offline", "--as-of", "2026-12-08"], in: root, timeout: 180)
        #expect(run.status == 1)
        #expect(run.stdout.contains("Guidance/allegations-against-staff.md") && run.stdout.contains("[unknown-contact]"), "\(run.stdout)")
        let overflow = run.stdout.split(separator: "\n").filter { $0.contains("[page-overflow]") }
        #expect(overflow.count == 2, "both versions of right-language: \(run.stdout)")
        #expect(overflow.allSatisfy { $0.hasPrefix("Guidance/right-language.md:") })
        #expect(!run.stdout.contains("allegations-against-staff.md:") || !overflow.contains { $0.contains("allegations") },
                "the sheet with the error is not printed")
    }

    @Test func buildReportsBothAndWritesNothing() async throws {
        let printer = try #require(Printer.locate(), "Chromium is needed: make test installs the chromium package")
        let root = try project()
        let output = root.appendingPathComponent("Output")
        let before = Support.snapshot(output)
        let result = try await Build.run(root: root, output: output, options: .init(asOf: Day(iso: "2026-12-08")!),
                                   print: .init(check: true, printer: printer))
        #expect(result.report == nil)
        #expect(result.pipeline.findings.contains { $0.rule == .unknownContact })
        #expect(result.pipeline.findings.filter { $0.rule == .pageOverflow && $0.location.file == "Guidance/right-language.md" }.count == 2)
        #expect(Support.snapshot(output) == before, "a failed build leaves Output/ as it was")
    }
}
}
