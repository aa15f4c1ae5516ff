import ArgumentParser
import Foundation
import GuidanceKit

/// The root command holds configuration only; each subcommand lives in its own file.
/// A subcommand whose name is also a library entry point (`Build`, `Check`,
/// `Due`, `LintLanguage`) is called `...Command` here, so the library's name
/// needs no module name before it.
struct Guidance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guidance",
        abstract: "Build and check the partnership's one-page safeguarding guidance sheets.",
        discussion: """
            Sources are Markdown files in Guidance/, with one contacts registry \
            (Guidance/contacts.yaml) and one configuration (Guidance/guidance.yaml). \
            Exit codes: 0 no errors, 1 errors found, 2 the tool could not run, 64 bad usage.
            """,
        version: GuidanceVersion.current,
        subcommands: [BuildCommand.self, CheckCommand.self, DueCommand.self, Init.self, LintLanguageCommand.self, New.self, Serve.self])
}

/// Options every command that reads the project shares.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: "The project root (the folder that holds Guidance/).",
            transform: { URL(fileURLWithPath: $0) })
    var root: URL = ProjectRoot.discover()

    @Option(name: .customLong("as-of"), help: "Judge review dates as of this day (YYYY-MM-DD); default today.",
            transform: { text in
                guard let day = Day(iso: text) else { throw ValidationError("--as-of takes a date as YYYY-MM-DD, not '\(text)'") }
                return day
            })
    var asOf: Day?

    @Flag(name: .customLong("no-print-check"),
          help: "Do not print the sheets in Chromium to check each fits on one A4 page.")
    var noPrintCheck = false
}

/// Exit codes of the contract, named once.
enum Exit {
    static let findings = ExitCode(1)
    static let cannotRun = ExitCode(2)
    static let usage = ExitCode(64)

    /// What `new` and `init` do when they cannot write: say why, and give
    /// the contract's exit code for its kind.
    static func reporting(_ error: NewSheet.Failure) -> ExitCode {
        printError("guidance: error: \(error.description)")
        switch error {
        case .usage: return usage
        case .refused: return findings
        case .cannotRun: return cannotRun
        }
    }
}

extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}

extension ReportFormat: ExpressibleByArgument {}

/// Writes to standard error, ending the line unless told not to (for a progress line).
/// A message is one line: its control characters, line breaks included
/// (from a file name, a path or a source), are shown as `\u{1B}`, never sent
/// to the terminal; `verbatim` is for text whose escapes and lines are the
/// tool's own (a report in colour, the progress line).
func printError(_ text: String, newline: Bool = true, verbatim: Bool = false) {
    let text = verbatim ? text : Reporter.visible(text)
    let end = newline && !text.hasSuffix("\n") ? "\n" : ""
    FileHandle.standardError.write(Data((text + end).utf8))
}

/// Colour only on a terminal, and never when NO_COLOR is set.
func useColor(_ handle: Int32) -> Bool {
    isatty(handle) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
}
