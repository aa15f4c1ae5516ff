import ArgumentParser
import Foundation
import GuidanceKit

extension Guidance {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a new sheet: Guidance/SLUG.md with front matter and a Do / Don't skeleton.",
            discussion: """
                The sheet is reviewed today (or --as-of) and due for review \(NewSheet.reviewMonths) months later; \
                it has a Do / Don't skeleton and one audience region to copy. Refuses (exit 1) when the file \
                exists; a bad name or an undeclared audience is bad usage (exit 64).
                """)

        @Argument(help: "The sheet's file name without .md: lower-case letters, digits and hyphens (e.g. online-safety).")
        var slug: String

        @Option(help: "The sheet's title, as printed at the top.")
        var title: String

        @Option(help: "Comma-separated audience ids (default: every audience in Guidance/guidance.yaml).",
                transform: { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } })
        var audiences: [String]?

        @Option(name: .long, help: "The project root (the folder that holds Guidance/).",
                transform: { URL(fileURLWithPath: $0) })
        var root: URL = ProjectRoot.discover()

        @Option(name: .customLong("as-of"), help: "The review date to write (YYYY-MM-DD); default today.")
        var asOf: Day?

        func validate() throws {
            if let problem = NewSheet.problem(withSlug: slug) { throw ValidationError(problem) }
        }

        func run() throws {
            do {
                let path = try NewSheet.write(root: root, slug: slug, title: title, audiences: audiences,
                                              reviewed: asOf ?? .today())
                print("Wrote \(path). Preview it with: guidance serve")
            } catch {
                throw Exit.reporting(error)
            }
        }
    }
}
