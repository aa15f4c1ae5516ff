import ArgumentParser
import Foundation
import GuidanceKit

extension Guidance {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a project for any partnership: a working Guidance/ that checks clean and builds at once.",
            discussion: """
                Writes DIR/Guidance/ (DIR is made when missing): guidance.yaml (the partnership, its short name, \
                the audiences schools and agencies, the base URL), contacts.yaml (the national contacts, and the \
                partnership's own marked fill-in: for guidance check to list until they are written), and one \
                sample sheet (\(StartProject.sampleSlug).md). The page templates stay inside the tool unless \
                --templates asks for copies to edit in Guidance/templates/. An existing Guidance/ is refused \
                (exit 1, nothing written); a missing or bad --partnership or --base-url is bad usage (exit 64).
                """)

        @Argument(help: "The folder to start the project in (default: the current folder).",
                  transform: { URL(fileURLWithPath: $0) })
        var directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)

        @Option(help: "The partnership's name, as printed on every sheet (e.g. \"Brent Safeguarding Children Partnership\").")
        var partnership: String

        @Option(name: .customLong("base-url"),
                help: "The web address where Output/ will be published (e.g. https://example.org/guidance/).")
        var baseURL: String

        @Flag(help: "Also write copies of the default page templates into Guidance/templates/, to edit.")
        var templates = false

        @Option(name: .customLong("as-of"), help: "The sample sheet's review date (YYYY-MM-DD); default today.")
        var asOf: Day?

        func validate() throws {
            if let problem = StartProject.problem(withPartnership: partnership) { throw ValidationError(problem) }
            if let problem = StartProject.problem(withBaseURL: baseURL) { throw ValidationError(problem) }
        }

        func run() throws {
            do {
                let paths = try StartProject.write(root: directory, partnership: partnership, baseURL: baseURL,
                                                   templates: templates, today: asOf ?? .today())
                print("Wrote \(paths.joined(separator: ", ")) in \(directory.path).")
                print("Next: fill in your own contacts in Guidance/contacts.yaml (guidance check lists them), "
                      + "then run guidance check and guidance build there.")
            } catch {
                throw Exit.reporting(error)
            }
        }
    }
}
