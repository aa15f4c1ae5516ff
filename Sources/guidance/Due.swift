import ArgumentParser
import Foundation
import GuidanceKit

extension Guidance {
    struct DueCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "due",
            abstract: "List what falls due for review: sheets (next-review) and contacts (verified + review period).",
            discussion: """
                The office's planning view: everything due in the next --days days, and everything already \
                overdue, soonest first, each with the file and line to edit. Exit 0 when nothing is overdue, \
                1 when something is (an overdue sheet or contact also fails `guidance check`).
                """)

        @Option(name: .long, help: "The project root (the folder that holds Guidance/).",
                transform: { URL(fileURLWithPath: $0) })
        var root: URL = ProjectRoot.discover()

        @Option(name: .customLong("as-of"), help: "Count from this day (YYYY-MM-DD); default today.")
        var asOf: Day?

        @Option(help: "How many days ahead to look.")
        var days: Int = 60

        @Option(help: "Output format: text or json.")
        var format: DueFormat = .text

        enum DueFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

        func validate() throws {
            guard (0...3650).contains(days) else { throw ValidationError("--days takes a number of days from 0 to 3650") }
        }

        func run() throws {
            let result: Due.Result
            do {
                result = try Due.run(root: root, asOf: asOf ?? .today(), days: days)
            } catch {
                printError("guidance: error: \(error.description)")
                throw Exit.cannotRun
            }
            print(format == .json ? Due.json(result) : Due.text(result), terminator: "")
            if result.items.contains(where: { $0.days < 0 }) { throw Exit.findings }
        }
    }
}
